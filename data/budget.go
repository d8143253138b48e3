package data

import (
	"fmt"
	"sort"
	"strings"
)

// Budget categories, exactly as partnerdesk/1 names them.
const (
	BudgetManagement   = "project_management"
	BudgetOutputs      = "intellectual_outputs"
	BudgetMeetings     = "transnational_meetings"
	BudgetMultiplier   = "multiplier_events"
	BudgetLearning     = "learning_activities"
	BudgetWorkPackage  = "work_package"
	currencyEUR        = "EUR"
	minutesPerDayLimit = 24 * 3600
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
	Participants  int    `json:"participants,omitempty"`
	Amount        *Cents `json:"amount,omitempty"`
	CappedFrom    *Cents `json:"capped_from,omitempty"`
	Allocated     *Cents `json:"allocated,omitempty"`
	StaffCost     *Cents `json:"staff_cost,omitempty"`
	// PlannedDays is the output's planned effort for the line's partner and category, when planned.
	PlannedDays *Days `json:"planned_days,omitempty"`
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
	// Warnings are things the coordinator must look at: missing rates, caps, allocations over the lump sum.
	Warnings []string `json:"warnings,omitempty"`
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
	}
	c.totals()
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
	partners []*Partner // coordinator first, then in ID order
	rank     map[string]int
	people   map[string]*Person
	outputs  map[string]*Output
}

func newBudgetContext(doc *Document, rules *RuleSet, b *Budget) *budgetContext {
	c := &budgetContext{doc: doc, rules: rules, b: b, rank: map[string]int{}, people: map[string]*Person{}, outputs: map[string]*Output{}}
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
}

func (c *budgetContext) partnerLabel(id string) string {
	if p := c.doc.PartnerByID(id); p != nil {
		return p.Label()
	}
	return id
}

// management: a monthly unit cost per organisation, the total capped at the first MaxOrgs organisations' worth.
func (c *budgetContext) management() {
	end := c.doc.Project.End
	if !c.asOf.IsZero() && c.asOf.Before(end) {
		end = c.asOf // an interim report: the months elapsed so far
	}
	months := DurationMonths(c.doc.Project.Start, end)
	left := c.rules.ManagementMonthlyCap * Cents(months)
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
		}
		left -= amount
		line.Amount = centsPtr(amount)
		c.b.Lines = append(c.b.Lines, line)
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

// outputLines: staff days per organisation, output and category × the day rate of the organisation's country group.
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
	missing := map[string]bool{}
	for _, k := range keys {
		p := c.doc.PartnerByID(k.partner)
		if p == nil {
			continue
		}
		min := sum[k]
		rate, _, ok := c.rules.DayRate(*p, k.category)
		if !ok && !missing[p.ID+k.category] {
			missing[p.ID+k.category] = true
			c.warn("%s (%s) has no %s day rate: its country is in no group, so enter the organisation's rates", p.Label(), p.Country, k.category)
		}
		line := BudgetLine{
			Category: BudgetOutputs, Partner: k.partner, Output: k.output, StaffCategory: k.category,
			Days: daysPtr(secondsToDays(min, p.Day())), Rate: centsPtr(rate),
			Amount: centsPtr(Cents(divRound(int64(min)*int64(rate), int64(p.Day())))),
		}
		if d, ok := planned[k]; ok {
			line.PlannedDays = daysPtr(d)
		}
		c.b.Lines = append(c.b.Lines, line)
	}
}

// secondsToDays converts work to days (hundredths) by the organisation's working day.
func secondsToDays(m, day Seconds) Days { return Days(divRound(int64(m)*100, int64(day))) }

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
	for _, q := range c.partners {
		if strings.EqualFold(strings.TrimSpace(q.Name), strings.TrimSpace(p.Organisation)) {
			return q.ID
		}
	}
	return ""
}

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
		// travel by distance band plus individual support per day, to the sending organisation.
		x.Partner = c.sendingPartner(p)
		x.Band = bandIndex(c.rules.TravelBands, p.DistanceKM)
		x.Travel = c.rules.TravelAmount(p.DistanceKM)
		x.Support = c.rules.SupportAmount(p.Role, p.Days)
		x.Amount = x.Travel + x.Support
	case EventMultiplier:
		// participants from outside the partnership, local or from another country, to the host.
		x.Partner = e.Host
		if p.Partner != "" {
			x.Excluded = true // staff of the partners do not count
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

// perPartner adds one line per sending partner of an event, from each participant's unit cost.
func (c *budgetContext) perPartner(e *Event, category string) {
	type acc struct {
		n      int
		amount Cents
	}
	by := map[string]*acc{}
	for _, p := range c.participantsOf(e) {
		x := c.cost(e, p)
		if x.Partner == "" {
			c.warn("%s: participant %s has no sending partner, so earns nothing", e.Code, p.Name)
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
		for _, p := range c.participantsOf(e) {
			if x := c.cost(e, p); x.Counted {
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
			c.warn("%s: multiplier events are capped at %s per project", e.Code, c.rules.MultiplierCap.Euro())
		}
		left -= amount
		line.Amount = centsPtr(amount)
		c.b.Lines = append(c.b.Lines, line)
	}
}

// workPackages: allocation per work package and partner, against the staff cost of the days worked.
func (c *budgetContext) workPackages(work []Work) {
	type wpKey struct{ output, partner string }
	sum := c.sumStaff(work, OutputWorkPackage)
	days := map[wpKey]Days{}
	// Staff cost is exact over categories, rounded once per line.
	costNum := map[wpKey]int64{} // Σ minutes × rate / day, kept as a fraction over each partner's day
	alloc := map[wpKey]Cents{}
	seen := map[wpKey]bool{}
	var keys []wpKey
	add := func(k wpKey) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	minutes := map[wpKey]Seconds{}
	missing := map[string]bool{}
	for k, m := range sum {
		p := c.doc.PartnerByID(k.partner)
		if p == nil {
			continue
		}
		wk := wpKey{k.output, k.partner}
		add(wk)
		minutes[wk] += m
		rate, _, ok := c.rules.DayRate(*p, k.category)
		if !ok && !missing[p.ID+k.category] {
			missing[p.ID+k.category] = true
			c.warn("%s (%s) has no %s day rate: enter the organisation's own rates", p.Label(), p.Country, k.category)
		}
		costNum[wk] += int64(m) * int64(rate)
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
		day := DefaultWorkingDay
		if p := c.doc.PartnerByID(k.partner); p != nil {
			day = p.Day()
		}
		days[k] = secondsToDays(minutes[k], day)
		c.b.Lines = append(c.b.Lines, BudgetLine{
			Category: BudgetWorkPackage, Partner: k.partner, Output: k.output,
			Allocated: centsPtr(alloc[k]), Days: daysPtr(days[k]),
			StaffCost: centsPtr(Cents(divRound(costNum[k], int64(day)))),
		})
	}
	lump := c.doc.Project.LumpSum
	if allocated > lump {
		c.warn("work packages allocate %s, more than the lump sum %s", allocated.Euro(), lump.Euro())
	}
	if amounts, ok := c.rules.LumpSums[actionBase(c.doc.Project.Action)]; ok && !hasCents(amounts, lump) {
		c.warn("lump sum %s is not one of the amounts of %s", lump.Euro(), actionBase(c.doc.Project.Action))
	}
	for _, o := range c.outputs {
		if o.Kind == OutputWorkPackage && strings.EqualFold(o.Code, "WP1") && lump > 0 {
			var wp Cents
			for _, a := range o.Allocation {
				wp += a.Amount
			}
			if int64(wp)*100 > int64(lump)*int64(c.rules.WP1MaxShare) {
				c.warn("WP1 (project management) takes %s, more than %d %% of the lump sum", wp.Euro(), c.rules.WP1MaxShare)
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
	t.Total = centsPtr(total)
	months := DurationMonths(c.doc.Project.Start, c.doc.Project.End)
	if ceiling := c.rules.MaxPerMonth * Cents(months); ceiling > 0 && total > ceiling {
		c.warn("the total %s is over the ceiling of %s for %d months (150,000 per project year)", total.Euro(), ceiling.Euro(), months)
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
