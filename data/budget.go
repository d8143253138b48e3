package data

import (
	"fmt"
	"sort"
	"strings"
)

// Budget categories, exactly as partnerdesk/1 names them.
const (
	BudgetManagement    = "project_management"
	BudgetOutputs       = "intellectual_outputs"
	BudgetMeetings      = "transnational_meetings"
	BudgetMultiplier    = "multiplier_events"
	BudgetLearning      = "learning_activities"
	BudgetWorkPackage   = "work_package"
	BudgetSpecialNeeds  = "special_needs_support"
	BudgetExceptional   = "exceptional_costs"
	BudgetTotal         = "total"
	currencyEUR         = "EUR"
	maxManagementMonths = 36 // every started month counts, at most this many
)

// BudgetLine is one line of the budget report (FORMAT.md); which fields are set depends on the category.
type BudgetLine struct {
	Category      string `json:"category"`
	Partner       string `json:"partner"`
	Output        string `json:"output,omitempty"`
	Event         string `json:"event,omitempty"`
	Months        int    `json:"months,omitempty"`
	StaffCategory string `json:"staff_category,omitempty"`
	Days          *Days  `json:"days,omitempty"`
	Rate          *Cents `json:"rate,omitempty"`
	// RateSource says where Rate comes from: unit_cost, own, or estimate (RateFor).
	RateSource string `json:"rate_source,omitempty"`
	// OwnRate is the organisation's own rate, shown beside a unit cost it does not replace.
	OwnRate *Cents `json:"own_rate,omitempty"`
	// RealCost is a real-cost line's cost before the grant's percentage.
	RealCost     *Cents `json:"real_cost,omitempty"`
	Participants int    `json:"participants,omitempty"`
	Amount       *Cents `json:"amount,omitempty"`
	CappedFrom   *Cents `json:"capped_from,omitempty"`
	Allocated    *Cents `json:"allocated,omitempty"`
	StaffCost    *Cents `json:"staff_cost,omitempty"`
	// PlannedDays is the output's planned effort for the line's partner and category, when planned.
	PlannedDays *Days `json:"planned_days,omitempty"`
	// Staff breaks a work package line down by staff category: its days and staff cost are their sums.
	Staff []StaffPart `json:"staff,omitempty"`
	// Note says what the line's reader must know (an estimated rate, a cap).
	Note string `json:"note,omitempty"`
}

// StaffPart is one staff category's share of a work package line: printed days × rate = amount.
type StaffPart struct {
	StaffCategory string `json:"staff_category"`
	Days          Days   `json:"days"`
	Rate          Cents  `json:"rate"`
	RateSource    string `json:"rate_source,omitempty"`
	Amount        Cents  `json:"amount"`
	PlannedDays   *Days  `json:"planned_days,omitempty"`
}

// PartnerBudget is one organisation's reported amounts per category, beside the grant agreement's.
type PartnerBudget struct {
	Partner   string           `json:"partner"`
	Reported  map[string]Cents `json:"reported"`
	Granted   map[string]Cents `json:"granted,omitempty"`
	Remaining map[string]Cents `json:"remaining,omitempty"`
}

// Value is the line's money: its amount under unit costs, its staff cost under lump sums.
func (l BudgetLine) Value() Cents {
	if l.Amount != nil {
		return *l.Amount
	}
	if l.StaffCost != nil {
		return *l.StaffCost
	}
	return 0
}

// BudgetTotals are sums of the rounded lines.
type BudgetTotals struct {
	ProjectManagement     *Cents `json:"project_management,omitempty"`
	IntellectualOutputs   *Cents `json:"intellectual_outputs,omitempty"`
	TransnationalMeetings *Cents `json:"transnational_meetings,omitempty"`
	MultiplierEvents      *Cents `json:"multiplier_events,omitempty"`
	LearningActivities    *Cents `json:"learning_activities,omitempty"`
	SpecialNeeds          *Cents `json:"special_needs_support,omitempty"`
	Exceptional           *Cents `json:"exceptional_costs,omitempty"`
	Total                 *Cents `json:"total,omitempty"`
	Allocated             *Cents `json:"allocated,omitempty"`
	StaffCost             *Cents `json:"staff_cost,omitempty"`
	LumpSum               *Cents `json:"lump_sum,omitempty"`
}

// Budget is the project's budget computed the way the grant agreement does.
type Budget struct {
	Project  string `json:"project"`
	Rules    string `json:"rules"`
	Currency string `json:"currency"`
	// AsOf is the date of an interim budget ("" for the whole project).
	AsOf   string       `json:"as_of,omitempty"`
	Lines  []BudgetLine `json:"lines"`
	Totals BudgetTotals `json:"totals"`
	// Granted is the grant agreement's amount per category (and "total"), summed over the organisations
	// that entered theirs; Remaining is what those organisations have left of it (granted minus reported).
	Granted   map[string]Cents `json:"granted,omitempty"`
	Remaining map[string]Cents `json:"remaining,omitempty"`
	// Partners holds each organisation's reported amounts beside its granted ones.
	Partners []PartnerBudget `json:"partners"`
	// Warnings are things the coordinator must look at: missing rates, caps, allocations over the lump sum.
	Warnings []string `json:"warnings,omitempty"`
	// Problems are the warnings as message keys and values, for the window's language.
	Problems []Problem `json:"-"`
}

func centsPtr(c Cents) *Cents { return &c }
func daysPtr(d Days) *Days    { return &d }

// Budget computes the project's budget from the store (entries summed through the index).
func (s *Store) Budget(projectID string) (*Budget, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	work, err := s.WorkTotals(projectID)
	if err != nil {
		return nil, err
	}
	return ComputeBudget(doc, work)
}

// ComputeBudget computes the budget of a project's records and the work summed from its entries.
func ComputeBudget(doc *Document, work []Work) (*Budget, error) {
	return computeBudget(doc, work, Date{})
}

// computeBudget is ComputeBudget as of a date: management counts the months elapsed by then.
func computeBudget(doc *Document, work []Work, asOf Date) (*Budget, error) {
	if doc.Project == nil {
		return nil, fmt.Errorf("budget: the document has no project")
	}
	rules, err := RulesByName(doc.Project.Rules)
	if err != nil {
		return nil, err
	}
	b := &Budget{Project: doc.Project.ID, Rules: rules.Name, Currency: currencyEUR, Lines: []BudgetLine{}}
	c := newBudgetContext(doc, rules, b)
	c.asOf = asOf
	if rules == Erasmus2021 {
		c.workPackages(work)
	} else {
		c.management()
		c.outputLines(work)
		c.meetings()
		c.multiplier()
		c.learning()
		c.costs()
	}
	c.totals()
	c.granted()
	c.duration()
	return b, nil
}

// duration warns when the project runs longer or shorter than its action allows.
func (c *budgetContext) duration() {
	p := c.doc.Project
	if r, ok := c.rules.Durations[actionBase(p.Action)]; ok {
		if m := DurationMonths(p.Start, p.End); m < r[0] || m > r[1] {
			c.warn("the project runs %d months; %s projects run %d to %d (an extension must be in the grant agreement)", m, actionBase(p.Action), r[0], r[1])
		}
	}
}

// budgetContext holds the lookups the categories share.
type budgetContext struct {
	doc      *Document
	rules    *RuleSet
	b        *Budget
	asOf     Date       // an interim budget's date; zero for the whole project
	partners []*Partner // coordinator first, then in the order they were added
	rank     map[string]int
	warned   map[string]bool // organisation|category already warned about its rate
	people   map[string]*Person
	outputs  map[string]*Output
}

func newBudgetContext(doc *Document, rules *RuleSet, b *Budget) *budgetContext {
	c := &budgetContext{doc: doc, rules: rules, b: b, rank: map[string]int{}, people: map[string]*Person{}, outputs: map[string]*Output{}, warned: map[string]bool{}}
	for i := range doc.Partners {
		if !doc.Partners[i].Deleted {
			c.partners = append(c.partners, &doc.Partners[i])
		}
	}
	sort.SliceStable(c.partners, func(i, j int) bool {
		ci, cj := c.partners[i].ID == doc.Project.Coordinator, c.partners[j].ID == doc.Project.Coordinator
		if ci != cj {
			return ci
		}
		ai, aj := c.partners[i].Added, c.partners[j].Added
		if ai.IsZero() != aj.IsZero() {
			return !ai.IsZero() // a partner never saved here (an old file) after those with a known order
		}
		if !ai.Equal(aj) {
			return ai.Before(aj)
		}
		return c.partners[i].ID < c.partners[j].ID
	})
	for i, p := range c.partners {
		c.rank[p.ID] = i
	}
	for i := range doc.People {
		if !doc.People[i].Deleted {
			c.people[doc.People[i].ID] = &doc.People[i]
		}
	}
	for i := range doc.Outputs {
		if !doc.Outputs[i].Deleted {
			c.outputs[doc.Outputs[i].ID] = &doc.Outputs[i]
		}
	}
	return c
}

func (c *budgetContext) warn(format string, args ...any) {
	c.b.Warnings = append(c.b.Warnings, fmt.Sprintf(format, args...))
	c.b.Problems = append(c.b.Problems, Problem{Key: format, Args: args})
}

func (c *budgetContext) partnerLabel(id string) string {
	if p := c.doc.PartnerByID(id); p != nil {
		return p.Label()
	}
	return id
}

// management: a monthly unit cost per organisation for every started month (at most the action's longest
// period), the total capped at the first MaxOrgs organisations' worth: the coordinator, then the partners
// in the order they were added.
func (c *budgetContext) management() {
	end := c.doc.Project.End
	if !c.asOf.IsZero() && c.asOf.Before(end) {
		end = c.asOf // an interim report: the months elapsed so far
	}
	months := DurationMonths(c.doc.Project.Start, end)
	most := maxManagementMonths
	if r, ok := c.rules.Durations[actionBase(c.doc.Project.Action)]; ok && r[1] > 0 {
		most = r[1]
	}
	if months > most {
		c.warn("project management counts %d months at most; the %d months of the project period earn nothing more", most, months)
		months = most
	}
	left := c.rules.ManagementMonthlyCap * Cents(months)
	var unpaid []string
	for _, p := range c.partners {
		rate := c.rules.ManagementPartner
		if p.ID == c.doc.Project.Coordinator {
			rate = c.rules.ManagementCoordinator
		}
		amount := rate * Cents(months)
		line := BudgetLine{Category: BudgetManagement, Partner: p.ID, Months: months}
		if amount > left {
			line.CappedFrom = centsPtr(amount)
			amount = max(left, 0)
			unpaid = append(unpaid, p.Label())
		}
		left -= amount
		line.Amount = centsPtr(amount)
		c.b.Lines = append(c.b.Lines, line)
	}
	if len(unpaid) > 0 {
		if len(unpaid) == 1 {
			c.warn("project management counts %d organisations: the coordinator, then the partners in the order they were added; %s is beyond them",
				c.rules.ManagementMaxOrgs, unpaid[0])
		} else {
			c.warn("project management counts %d organisations: the coordinator, then the partners in the order they were added; %s are beyond them",
				c.rules.ManagementMaxOrgs, strings.Join(unpaid, ", "))
		}
	}
	if c.doc.Project.Coordinator == "" {
		c.warn("the project names no coordinator: every organisation is paid the partner rate for management")
	}
}

// staffKey groups work by organisation, output and staff category.
type staffKey struct {
	partner, output, category string
}

// sumStaff groups the work of live people on live outputs by partner, output and category.
func (c *budgetContext) sumStaff(work []Work, kinds ...string) map[staffKey]Seconds {
	sum := map[staffKey]Seconds{}
	for _, w := range work {
		p, o := c.people[w.Person], c.outputs[w.Output]
		if p == nil || o == nil || !hasString(kinds, o.Kind) {
			continue
		}
		sum[staffKey{p.Partner, o.ID, p.Category}] += w.Seconds
	}
	return sum
}

// outputLines: staff days per organisation, output and category × the day rate of the rule set (RateFor):
// each line's days rounded once, its amount the printed days × the printed rate.
func (c *budgetContext) outputLines(work []Work) {
	sum := c.sumStaff(work, OutputIntellectual)
	planned := map[staffKey]Days{}
	for _, o := range c.outputs {
		for _, pl := range o.Planned {
			planned[staffKey{pl.Partner, o.ID, pl.Category}] += pl.Days
		}
	}
	keys := make([]staffKey, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	c.sortStaffKeys(keys)
	for _, k := range keys {
		p := c.doc.PartnerByID(k.partner)
		if p == nil {
			continue
		}
		r := c.rate(p, k.category)
		days := secondsToDays(sum[k], p.Day())
		line := BudgetLine{
			Category: BudgetOutputs, Partner: k.partner, Output: k.output, StaffCategory: k.category,
			Days: daysPtr(days), Rate: centsPtr(r.Rate), RateSource: r.Source, OwnRate: r.Own,
			Amount: centsPtr(DaysTimesRate(days, r.Rate)),
		}
		if d, ok := planned[k]; ok {
			line.PlannedDays = daysPtr(d)
		}
		c.b.Lines = append(c.b.Lines, line)
	}
}

// rate is RateFor, warning once per organisation and category of a missing or estimated rate.
func (c *budgetContext) rate(p *Partner, category string) RateInfo {
	r := c.rules.RateFor(*p, category)
	key := p.ID + "|" + category
	if c.warned[key] {
		return r
	}
	switch {
	case !r.OK:
		c.warned[key] = true
		if c.rules == Erasmus2014 {
			c.warn("%s (%s) has no %s day rate: its country is in no group, so enter the organisation's rates", p.Label(), p.Country, category)
		} else {
			c.warn("%s (%s) has no %s day rate: enter the organisation's own rates", p.Label(), p.Country, category)
		}
	case r.Source == RateEstimate:
		c.warned[key] = true
		c.warn("%s has no own %s day rate: its staff cost uses the 2014–2020 table's %s as an estimate", p.Label(), category, r.Rate.Grouped())
	}
	return r
}

// secondsToDays converts work to days (hundredths, half away from zero) by the organisation's working day.
func secondsToDays(m, day Seconds) Days { return Days(divRound(int64(m)*100, int64(day))) }

// DaysTimesRate is a printed line's amount: its rounded days × its rate, rounded to the cent (FORMAT.md).
func DaysTimesRate(d Days, rate Cents) Cents { return Cents(divRound(int64(d)*int64(rate), 100)) }

// DaysOfSums converts each sum of work to printed days.
func DaysOfSums(sums []Seconds, day Seconds) []Days {
	out := make([]Days, len(sums))
	for i, s := range sums {
		out[i] = secondsToDays(s, day)
	}
	return out
}

func (c *budgetContext) sortStaffKeys(keys []staffKey) {
	catRank := map[string]int{}
	for i, s := range StaffCategories {
		catRank[s] = i
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.output != b.output {
			return codeLess(c.outputs[a.output].Code, c.outputs[b.output].Code)
		}
		if a.partner != b.partner {
			return c.rank[a.partner] < c.rank[b.partner]
		}
		return catRank[a.category] < catRank[b.category]
	})
}

// events returns the live events of a kind, by start date then code.
func (c *budgetContext) events(kind string) []*Event {
	var out []*Event
	for i := range c.doc.Events {
		if e := &c.doc.Events[i]; !e.Deleted && e.Kind == kind {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start.Before(out[j].Start)
		}
		return codeLess(out[i].Code, out[j].Code)
	})
	return out
}

// participantsOf returns the live participants of an event.
func (c *budgetContext) participantsOf(e *Event) []*Participant {
	var out []*Participant
	for i := range c.doc.Participants {
		if p := &c.doc.Participants[i]; !p.Deleted && p.Event == e.ID {
			out = append(out, p)
		}
	}
	return out
}

// sendingPartner is the organisation a participant travels for: the partner field, else a partner of that name.
func (c *budgetContext) sendingPartner(p *Participant) string {
	if p.Partner != "" {
		return p.Partner
	}
	return c.partnerNamed(p.Organisation)
}

// partnerNamed finds a partner by its organisation's name or short name, as people type them.
func (c *budgetContext) partnerNamed(org string) string {
	org = normName(org)
	if org == "" {
		return ""
	}
	for _, q := range c.partners {
		if normName(q.Name) == org || (q.ShortName != "" && normName(q.ShortName) == org) {
			return q.ID
		}
	}
	return ""
}

// normName compares names as a reader would: case, spacing and surrounding blanks do not matter.
func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// cost is one participant's part in an event's line: the one place the per-participant rules are applied.
func (c *budgetContext) cost(e *Event, p *Participant) EventCost {
	x := EventCost{Event: e, Participant: p, Band: -1}
	switch e.Kind {
	case EventMeeting:
		// per participant by distance band, to the sending organisation; under 100 km nothing.
		x.Partner = c.sendingPartner(p)
		x.Band = bandIndex(c.rules.MeetingBands, p.DistanceKM)
		x.Travel = c.rules.MeetingAmount(p.DistanceKM)
		x.Amount = x.Travel
	case EventLearning:
		// travel by distance band plus individual support per day (up to day 60), to the sending organisation.
		x.Partner = c.sendingPartner(p)
		x.Band = bandIndex(c.rules.TravelBands, p.DistanceKM)
		x.Travel = c.rules.TravelAmount(p.DistanceKM)
		x.Days = ParticipantDays(e, p)
		x.Support = c.rules.SupportAmount(p.Role, x.Days)
		x.Amount = x.Travel + x.Support
	case EventMultiplier:
		// participants from outside the partnership, local or from another country, to the host.
		x.Partner = e.Host
		if p.Partner != "" || c.partnerNamed(p.Organisation) != "" {
			x.Excluded = true // staff of the partners do not count, named by record or by name
			return x
		}
		x.Counted = true
		x.Local = NormCountry(p.Country) == NormCountry(e.Country)
		if x.Local {
			x.Amount = c.rules.MultiplierLocal
		} else {
			x.Amount = c.rules.MultiplierForeign
		}
		return x
	}
	x.Counted = x.Partner != "" && x.Amount != 0 // under the distance threshold: the participant does not count
	return x
}

// ParticipantDays is a participant's own days at an event: the days field, else the participant's own
// dates, else the event's.
func ParticipantDays(e *Event, p *Participant) int {
	if p.Days > 0 {
		return p.Days
	}
	start, end := e.Start, e.End
	if !p.Start.IsZero() {
		start = p.Start
	}
	if !p.End.IsZero() {
		end = p.End
	}
	if start.IsZero() || end.Before(start) {
		return 0
	}
	return int(end.Time().Sub(start.Time()).Hours()/24) + 1
}

// costsOf is every live participant's cost at an event, a person listed twice paid once and warned about.
func (c *budgetContext) costsOf(e *Event) []EventCost {
	seen := map[string]bool{}
	var out []EventCost
	for _, p := range c.participantsOf(e) {
		x := c.cost(e, p)
		key := normName(p.Name) + "|" + normName(p.Organisation)
		if p.Partner != "" {
			key = normName(p.Name) + "|" + p.Partner
		}
		if seen[key] && normName(p.Name) != "" {
			x.Duplicate, x.Counted, x.Amount, x.Travel, x.Support = true, false, 0, 0, 0
			c.warn("%s: %s is listed twice; paid once", e.Code, p.Name)
		}
		seen[key] = true
		if e.Kind == EventLearning && x.Days > c.rules.maxSupportDay() {
			c.warn("%s: %s stays %d days; individual support is paid for %d days at most", e.Code, p.Name, x.Days, c.rules.maxSupportDay())
		}
		out = append(out, x)
	}
	return out
}

// perPartner adds one line per sending partner of an event, from each participant's unit cost.
func (c *budgetContext) perPartner(e *Event, category string) {
	type acc struct {
		n      int
		amount Cents
	}
	by := map[string]*acc{}
	for _, x := range c.costsOf(e) {
		if x.Duplicate {
			continue
		}
		if x.Partner == "" {
			c.warn("%s: participant %s has no sending partner, so earns nothing", e.Code, x.Participant.Name)
			continue
		}
		if !x.Counted {
			continue
		}
		if by[x.Partner] == nil {
			by[x.Partner] = &acc{}
		}
		by[x.Partner].n++
		by[x.Partner].amount += x.Amount
	}
	ids := make([]string, 0, len(by))
	for id := range by {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return c.rank[ids[i]] < c.rank[ids[j]] })
	for _, id := range ids {
		c.b.Lines = append(c.b.Lines, BudgetLine{Category: category, Partner: id, Event: e.ID, Participants: by[id].n, Amount: centsPtr(by[id].amount)})
	}
}

// meetings: per participant by distance band, to the sending organisation.
func (c *budgetContext) meetings() {
	for _, e := range c.events(EventMeeting) {
		c.perPartner(e, BudgetMeetings)
	}
}

// learning: travel plus individual support, to the sending organisation.
func (c *budgetContext) learning() {
	for _, e := range c.events(EventLearning) {
		c.perPartner(e, BudgetLearning)
	}
}

// multiplier: participants from outside the partnership, to the host; capped per project.
func (c *budgetContext) multiplier() {
	left := c.rules.MultiplierCap
	for _, e := range c.events(EventMultiplier) {
		n := 0
		var amount Cents
		for _, x := range c.costsOf(e) {
			if x.Counted {
				n++
				amount += x.Amount
			}
		}
		if n == 0 {
			continue
		}
		line := BudgetLine{Category: BudgetMultiplier, Partner: e.Host, Event: e.ID, Participants: n}
		if amount > left {
			line.CappedFrom = centsPtr(amount)
			amount = max(left, 0)
			c.warn("%s: multiplier events are capped at %s per project", e.Code, c.rules.MultiplierCap.Grouped())
		}
		left -= amount
		line.Amount = centsPtr(amount)
		c.b.Lines = append(c.b.Lines, line)
	}
}

// workPackages: allocation per work package and partner, against the staff cost of the days worked: one
// part per staff category (printed days × the organisation's own rate, or the table's as a said estimate),
// the line's days and staff cost the sums of its parts.
func (c *budgetContext) workPackages(work []Work) {
	type wpKey struct{ output, partner string }
	sum := c.sumStaff(work, OutputWorkPackage)
	planned := map[staffKey]Days{}
	for _, o := range c.outputs {
		for _, pl := range o.Planned {
			planned[staffKey{pl.Partner, o.ID, pl.Category}] += pl.Days
		}
	}
	parts := map[wpKey][]StaffPart{}
	alloc := map[wpKey]Cents{}
	seen := map[wpKey]bool{}
	var keys []wpKey
	add := func(k wpKey) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	staffKeys := make([]staffKey, 0, len(sum)+len(planned))
	for k := range sum {
		staffKeys = append(staffKeys, k)
	}
	for k := range planned {
		if _, worked := sum[k]; !worked {
			staffKeys = append(staffKeys, k)
		}
	}
	c.sortStaffKeys(staffKeys)
	for _, k := range staffKeys {
		p := c.doc.PartnerByID(k.partner)
		if p == nil {
			continue
		}
		wk := wpKey{k.output, k.partner}
		add(wk)
		days := secondsToDays(sum[k], p.Day())
		part := StaffPart{StaffCategory: k.category, Days: days}
		if sum[k] > 0 {
			r := c.rate(p, k.category)
			part.Rate, part.RateSource, part.Amount = r.Rate, r.Source, DaysTimesRate(days, r.Rate)
		}
		if d, ok := planned[k]; ok {
			part.PlannedDays = daysPtr(d)
		}
		parts[wk] = append(parts[wk], part)
	}
	var allocated Cents
	for _, o := range c.outputs {
		if o.Kind != OutputWorkPackage {
			continue
		}
		for _, a := range o.Allocation {
			k := wpKey{o.ID, a.Partner}
			add(k)
			alloc[k] += a.Amount
			allocated += a.Amount
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].output != keys[j].output {
			return codeLess(c.outputs[keys[i].output].Code, c.outputs[keys[j].output].Code)
		}
		return c.rank[keys[i].partner] < c.rank[keys[j].partner]
	})
	for _, k := range keys {
		var days Days
		var cost Cents
		var plan *Days
		estimate := false
		for _, part := range parts[k] {
			days += part.Days
			cost += part.Amount
			if part.PlannedDays != nil {
				plan = daysPtr(valueOr(plan) + *part.PlannedDays)
			}
			estimate = estimate || part.RateSource == RateEstimate
		}
		line := BudgetLine{
			Category: BudgetWorkPackage, Partner: k.partner, Output: k.output,
			Allocated: centsPtr(alloc[k]), Days: daysPtr(days), StaffCost: centsPtr(cost),
			PlannedDays: plan, Staff: parts[k],
		}
		if estimate {
			line.Note = "staff cost estimated with the 2014–2020 day rates where the organisation has no own rate"
		}
		c.b.Lines = append(c.b.Lines, line)
	}
	lump := c.doc.Project.LumpSum
	if allocated > lump {
		c.warn("work packages allocate %s, more than the lump sum %s", allocated.Grouped(), lump.Grouped())
	}
	if amounts, ok := c.rules.LumpSums[actionBase(c.doc.Project.Action)]; ok && !hasCents(amounts, lump) {
		c.warn("lump sum %s is not one of the amounts of %s", lump.Grouped(), actionBase(c.doc.Project.Action))
	}
	for _, o := range c.outputs {
		if o.Kind == OutputWorkPackage && strings.EqualFold(o.Code, "WP1") && lump > 0 {
			var wp Cents
			for _, a := range o.Allocation {
				wp += a.Amount
			}
			if int64(wp)*100 > int64(lump)*int64(c.rules.WP1MaxShare) {
				c.warn("WP1 (project management) takes %s, more than %d %% of the lump sum", wp.Grouped(), c.rules.WP1MaxShare)
			}
		}
	}
	if len(c.doc.Costs) > 0 {
		c.warn("real costs (special needs support, exceptional costs) are not part of a lump sum: apply for them separately")
	}
}

func valueOr(d *Days) Days {
	if d == nil {
		return 0
	}
	return *d
}

// costs: special needs support at 100 % of the real costs, exceptional costs at 75 %, capped per project,
// one line per organisation and kind, dated up to an interim report's date.
func (c *budgetContext) costs() {
	type key struct{ partner, kind string }
	real := map[key]Cents{}
	var keys []key
	for i := range c.doc.Costs {
		x := &c.doc.Costs[i]
		if x.Deleted || (!c.asOf.IsZero() && x.Date.After(c.asOf)) {
			continue
		}
		k := key{x.Partner, x.Kind}
		if _, ok := real[k]; !ok {
			keys = append(keys, k)
		}
		real[k] += x.Amount
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].kind != keys[j].kind {
			return keys[i].kind == CostSpecialNeeds
		}
		return c.rank[keys[i].partner] < c.rank[keys[j].partner]
	})
	left := c.rules.ExceptionalCap
	for _, k := range keys {
		line := BudgetLine{Partner: k.partner, RealCost: centsPtr(real[k])}
		if k.kind == CostSpecialNeeds {
			line.Category = BudgetSpecialNeeds
			line.Amount = centsPtr(Cents(divRound(int64(real[k])*int64(c.rules.SpecialNeedsPercent), 100)))
		} else {
			line.Category = BudgetExceptional
			amount := Cents(divRound(int64(real[k])*int64(c.rules.ExceptionalPercent), 100))
			if amount > left {
				line.CappedFrom = centsPtr(amount)
				amount = max(left, 0)
				c.warn("exceptional costs are capped at %s per project", c.rules.ExceptionalCap.Grouped())
			}
			left -= amount
			line.Amount = centsPtr(amount)
		}
		c.b.Lines = append(c.b.Lines, line)
	}
}

// granted puts each organisation's reported amounts beside its grant agreement's, and sums them.
func (c *budgetContext) granted() {
	by := map[string]*PartnerBudget{}
	for _, p := range c.partners {
		by[p.ID] = &PartnerBudget{Partner: p.ID, Reported: map[string]Cents{}}
		c.b.Partners = append(c.b.Partners, PartnerBudget{})
	}
	for _, l := range c.b.Lines {
		pb := by[l.Partner]
		if pb == nil {
			continue
		}
		pb.Reported[l.Category] += l.Value()
		pb.Reported[BudgetTotal] += l.Value()
	}
	c.b.Partners = c.b.Partners[:0]
	for _, p := range c.partners {
		pb := by[p.ID]
		if len(p.Granted) > 0 {
			pb.Granted, pb.Remaining = map[string]Cents{}, map[string]Cents{}
			for cat, v := range p.Granted {
				pb.Granted[cat] = v
				pb.Granted[BudgetTotal] += v
			}
			for cat, v := range pb.Granted {
				pb.Remaining[cat] = v - pb.Reported[cat]
			}
			if c.b.Granted == nil {
				c.b.Granted = map[string]Cents{}
			}
			for cat, v := range pb.Granted {
				c.b.Granted[cat] += v
			}
		}
		c.b.Partners = append(c.b.Partners, *pb)
	}
	if c.b.Granted != nil {
		// what remains of the grants entered: the sum of those organisations' remaining amounts
		c.b.Remaining = map[string]Cents{}
		for _, pb := range c.b.Partners {
			for cat, v := range pb.Remaining {
				c.b.Remaining[cat] += v
			}
		}
	}
}

// actionBase is KA220 of "KA220-ADU".
func actionBase(a string) string {
	base, _, _ := strings.Cut(strings.ToUpper(a), "-")
	return base
}

// totals sums the rounded lines per category, and checks the per-year ceiling.
func (c *budgetContext) totals() {
	t := &c.b.Totals
	if c.rules == Erasmus2021 {
		var alloc, cost Cents
		for _, l := range c.b.Lines {
			alloc += *l.Allocated
			cost += *l.StaffCost
		}
		t.Allocated, t.StaffCost, t.LumpSum = centsPtr(alloc), centsPtr(cost), centsPtr(c.doc.Project.LumpSum)
		return
	}
	sums := map[string]Cents{}
	var total Cents
	for _, l := range c.b.Lines {
		sums[l.Category] += *l.Amount
		total += *l.Amount
	}
	t.ProjectManagement = centsPtr(sums[BudgetManagement])
	t.IntellectualOutputs = centsPtr(sums[BudgetOutputs])
	t.TransnationalMeetings = centsPtr(sums[BudgetMeetings])
	t.MultiplierEvents = centsPtr(sums[BudgetMultiplier])
	t.LearningActivities = centsPtr(sums[BudgetLearning])
	if _, ok := sums[BudgetSpecialNeeds]; ok {
		t.SpecialNeeds = centsPtr(sums[BudgetSpecialNeeds])
	}
	if _, ok := sums[BudgetExceptional]; ok {
		t.Exceptional = centsPtr(sums[BudgetExceptional])
	}
	t.Total = centsPtr(total)
	months := DurationMonths(c.doc.Project.Start, c.doc.Project.End)
	if ceiling := c.rules.MaxPerMonth * Cents(months); ceiling > 0 && total > ceiling {
		c.warn("the total %s is over the ceiling of %s for %d months (150,000 per project year)", total.Grouped(), ceiling.Grouped(), months)
	}
}

func hasString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func hasCents(list []Cents, c Cents) bool {
	for _, v := range list {
		if v == c {
			return true
		}
	}
	return false
}
