package data

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/google/uuid"
)

// world is a project's records as they will be after a change: the store's, overlaid with the incoming ones.
// Validation looks references up in it.
type world struct {
	project  *Project
	partners map[string]*Partner
	people   map[string]*Person
	outputs  map[string]*Output
	events   map[string]*Event
	// loosePeriods leaves dates outside the project or output period to the timesheet's checks:
	// in a share merge, a period the coordinator narrowed must not refuse partners' whole files.
	loosePeriods bool
	// entryBase is the position in the document of doc.Entries[0] when entries come in batches.
	entryBase int
}

func newWorld() *world {
	return &world{
		partners: map[string]*Partner{}, people: map[string]*Person{},
		outputs: map[string]*Output{}, events: map[string]*Event{},
	}
}

// overlay puts the document's records over the world's.
func (w *world) overlay(doc *Document) {
	if doc.Project != nil {
		w.project = doc.Project
	}
	for i := range doc.Partners {
		w.partners[doc.Partners[i].ID] = &doc.Partners[i]
	}
	for i := range doc.People {
		w.people[doc.People[i].ID] = &doc.People[i]
	}
	for i := range doc.Outputs {
		w.outputs[doc.Outputs[i].ID] = &doc.Outputs[i]
	}
	for i := range doc.Events {
		w.events[doc.Events[i].ID] = &doc.Events[i]
	}
}

// problems collects validation errors; the first is reported, the rest counted.
type problems struct {
	source string
	single bool // one record typed by a person: name it, not its array position
	list   []*InputError
}

// at names a record: "entries[3] (2020-03-02 for Anna Kowalska)", or "entry 2020-03-02 for Anna Kowalska" when single.
func (p *problems) at(array, singular string, i int, label string) string {
	if p.single {
		return singular + " " + label
	}
	return fmt.Sprintf("%s[%d] (%s)", array, i, label)
}

func (p *problems) add(where, field, format string, args ...any) {
	w := where
	if p.source != "" {
		w = p.source + ": " + where
	}
	if field != "" {
		w += ": " + field
	}
	e := &InputError{Where: w, Msg: fmt.Sprintf(format, args...), Key: format, Args: args}
	if format == "%v" && len(args) == 1 {
		e.Key, e.Args = "", nil
		if pr, ok := args[0].(*Problem); ok {
			e.Key, e.Args = pr.Key, pr.Args
		}
	}
	p.list = append(p.list, e)
}

// err returns nil, or the first problem with the count of the others.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	e := *p.list[0]
	e.More = len(p.list) - 1
	return &e
}

func validID(id string) bool {
	_, err := uuid.Parse(id)
	return err == nil && len(id) == 36
}

// label names a record for people: a code, a name or a date, never only an ID.
func (w *world) personName(id string) string {
	if p := w.people[id]; p != nil {
		return p.Name
	}
	return id
}

func (w *world) outputCode(id string) string {
	if o := w.outputs[id]; o != nil {
		return o.Code
	}
	return id
}

// checkRef reports a reference that points at no record of the kind.
func checkRef[T any](p *problems, where, field, id string, in map[string]*T, what string, required bool) {
	if id == "" {
		if required {
			p.add(where, field, "is missing")
		}
		return
	}
	if _, ok := in[id]; !ok {
		p.add(where, field, "%s %q does not exist", what, id)
	}
}

func checkCountry(p *problems, where, field, c string) {
	if len(c) != 2 || strings.ToUpper(c) != c || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		p.add(where, field, "%q is not a two-letter country code (e.g. PL, EL, DE)", c)
	}
}

// Bounds far above any real grant, so sums and products of amounts stay far from overflowing.
const (
	maxDayRate Cents = 10_000_00
	maxAmount  Cents = 100_000_000_00
	maxDays    Days  = 100_000_00
	maxKM            = 20_100 // half the way around the Earth: the farthest one-way trip
)

// checkAmount refuses a negative amount or one past max.
func checkAmount(p *problems, where, field string, v, max Cents) {
	if v < 0 {
		p.add(where, field, "%s € is negative", v.Euro())
	} else if v > max {
		p.add(where, field, "%s € is more than %s €", v.Euro(), max.Euro())
	}
}

// checkDate refuses a date before MinYear (set in code, not parsed: parsing refuses it already).
func checkDate(p *problems, where, field string, d Date) {
	if err := d.check(); err != nil {
		p.add(where, field, "%v", err)
	}
}

func checkPeriod(p *problems, where string, start, end Date, required bool) {
	checkDate(p, where, "start", start)
	checkDate(p, where, "end", end)
	if required && start.IsZero() {
		p.add(where, "start", "is missing")
	}
	if required && end.IsZero() {
		p.add(where, "end", "is missing")
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		p.add(where, "end", "%s is before the start %s", end, start)
	}
}

// validate checks every record of the document against the world it will live in.
func (w *world) validate(doc *Document, source string, single bool) error {
	p := &problems{source: source, single: single}
	if doc.Project != nil {
		w.validateProject(p, doc.Project)
	}
	if w.project == nil {
		p.add("", "", "the document has no project and names none that exists")
		return p.err()
	}
	for i := range doc.Partners {
		r := &doc.Partners[i]
		where := p.at("partners", "partner", i, quoteOr(r.Label(), r.ID))
		if !commonOK(p, where, r.ID, &r.Meta) {
			continue
		}
		if strings.TrimSpace(r.Name) == "" {
			p.add(where, "name", "is missing")
		}
		checkCountry(p, where, "country", r.Country)
		if r.OID != "" {
			if err := CheckOrganisationID(r.OID); err != nil {
				p.add(where, "oid", "%v", err)
			}
		}
		if r.WorkingDay < 0 || r.WorkingDay > 24*3600 {
			p.add(where, "working_day_hours", "%s is not between 0 and 24", r.WorkingDay)
		}
		for cat, v := range r.Rates {
			if !isCategory(cat) {
				p.add(where, "rates", "%q is not a staff category (%s)", cat, strings.Join(StaffCategories, ", "))
			} else {
				checkAmount(p, where, "rates."+cat, v, maxDayRate)
			}
		}
		if r.Region != "" {
			checkRegion(p, where, r.Region, r.Country)
		}
		for cat, v := range r.Granted {
			if !isBudgetCategory(cat) {
				p.add(where, "granted", "%q is not a budget category (%s)", cat, strings.Join(BudgetCategories, ", "))
			} else if v < 0 {
				p.add(where, "granted", "%s amount %s is negative", cat, v.Euro())
			}
		}
	}
	for i := range doc.People {
		r := &doc.People[i]
		where := p.at("people", "person", i, quoteOr(r.Name, r.ID))
		if !commonOK(p, where, r.ID, &r.Meta) {
			continue
		}
		if strings.TrimSpace(r.Name) == "" {
			p.add(where, "name", "is missing")
		}
		checkRef(p, where, "partner", r.Partner, w.partners, "partner", true)
		if !isCategory(r.Category) {
			p.add(where, "category", "%q is not a staff category (%s)", r.Category, strings.Join(StaffCategories, ", "))
		}
		if r.Email != "" {
			if _, err := mail.ParseAddress(r.Email); err != nil {
				p.add(where, "email", "%q is not an e-mail address", r.Email)
			}
		}
	}
	codes := map[string]string{}
	for _, o := range w.outputs {
		if !o.Deleted {
			codes[strings.ToUpper(o.Code)] = o.ID
		}
	}
	for i := range doc.Outputs {
		r := &doc.Outputs[i]
		where := p.at("outputs", "output", i, quoteOr(r.Code, r.ID))
		if !commonOK(p, where, r.ID, &r.Meta) {
			continue
		}
		if strings.TrimSpace(r.Code) == "" {
			p.add(where, "code", "is missing")
		} else if other := codes[strings.ToUpper(r.Code)]; other != r.ID {
			p.add(where, "code", "%q is already the code of another output", r.Code)
		}
		if strings.TrimSpace(r.Title) == "" {
			p.add(where, "title", "is missing")
		}
		switch r.Kind {
		case OutputIntellectual, OutputWorkPackage, OutputResult:
		default:
			p.add(where, "kind", "%q is not intellectual_output, work_package or result", r.Kind)
		}
		checkRef(p, where, "lead", r.Lead, w.partners, "partner", false)
		checkPeriod(p, where, r.Start, r.End, false)
		w.checkInProject(p, where, "start", r.Start)
		w.checkInProject(p, where, "end", r.End)
		for j, pl := range r.Planned {
			f := fmt.Sprintf("planned[%d]", j)
			checkRef(p, where, f+".partner", pl.Partner, w.partners, "partner", true)
			if !isCategory(pl.Category) {
				p.add(where, f+".category", "%q is not a staff category", pl.Category)
			}
			if pl.Days < 0 {
				p.add(where, f+".days", "is negative")
			} else if pl.Days > maxDays {
				p.add(where, f+".days", "%.2f days is more than %d", pl.Days.Float(), maxDays/100)
			}
		}
		for j, al := range r.Allocation {
			f := fmt.Sprintf("allocation[%d]", j)
			checkRef(p, where, f+".partner", al.Partner, w.partners, "partner", true)
			checkAmount(p, where, f+".amount", al.Amount, maxAmount)
		}
	}
	ecodes := map[string]string{}
	for _, e := range w.events {
		if !e.Deleted {
			ecodes[strings.ToUpper(e.Code)] = e.ID
		}
	}
	for i := range doc.Events {
		r := &doc.Events[i]
		where := p.at("events", "event", i, quoteOr(r.Code, r.ID))
		if !commonOK(p, where, r.ID, &r.Meta) {
			continue
		}
		if strings.TrimSpace(r.Code) == "" {
			p.add(where, "code", "is missing")
		} else if other := ecodes[strings.ToUpper(r.Code)]; other != r.ID {
			p.add(where, "code", "%q is already the code of another event", r.Code)
		}
		switch r.Kind {
		case EventMeeting, EventMultiplier, EventLearning:
		default:
			p.add(where, "kind", "%q is not meeting, multiplier_event or learning_activity", r.Kind)
		}
		if strings.TrimSpace(r.Title) == "" {
			p.add(where, "title", "is missing")
		}
		checkRef(p, where, "host", r.Host, w.partners, "partner", true)
		checkPeriod(p, where, r.Start, r.End, true)
		checkCountry(p, where, "country", r.Country)
		for j, o := range r.Outputs {
			checkRef(p, where, fmt.Sprintf("outputs[%d]", j), o, w.outputs, "output", true)
		}
	}
	for i := range doc.Participants {
		r := &doc.Participants[i]
		where := p.at("participants", "participant", i, quoteOr(r.Name, r.ID))
		if !commonOK(p, where, r.ID, &r.Meta) {
			continue
		}
		if strings.TrimSpace(r.Name) == "" {
			p.add(where, "name", "is missing")
		}
		checkRef(p, where, "event", r.Event, w.events, "event", true)
		checkRef(p, where, "partner", r.Partner, w.partners, "partner", false)
		checkCountry(p, where, "country", r.Country)
		if r.DistanceKM < 0 {
			p.add(where, "distance_km", "is negative")
		} else if r.DistanceKM > maxKM {
			p.add(where, "distance_km", "%d km is farther than any place on Earth (at most %d km one way)", r.DistanceKM, maxKM)
		}
		if r.Days < 0 || r.Days > 366 {
			p.add(where, "days", "%d is not a number of days", r.Days)
		}
		if r.Role != "" && r.Role != RoleStaff && r.Role != RoleLearner {
			p.add(where, "role", "%q is not staff or learner", r.Role)
		}
		checkPeriod(p, where, r.Start, r.End, false)
	}
	for i := range doc.Costs {
		r := &doc.Costs[i]
		where := p.at("costs", "cost", i, quoteOr(r.Description, r.ID))
		if !commonOK(p, where, r.ID, &r.Meta) {
			continue
		}
		checkRef(p, where, "partner", r.Partner, w.partners, "partner", true)
		if !hasString(CostKinds, r.Kind) {
			p.add(where, "kind", "%q is not a kind of cost (special_needs or exceptional)", truncate(r.Kind, 40))
		}
		if strings.TrimSpace(r.Description) == "" {
			p.add(where, "description", "is missing: say what the cost was for")
		}
		if r.Date.IsZero() {
			p.add(where, "date", "is missing")
		}
		checkDate(p, where, "date", r.Date)
		if r.Amount <= 0 {
			p.add(where, "amount", "must be more than 0")
		} else {
			checkAmount(p, where, "amount", r.Amount, maxAmount)
		}
	}
	for i := range doc.Entries {
		r := &doc.Entries[i]
		where := p.at("entries", "entry", w.entryBase+i, fmt.Sprintf("%s for %s", r.Date, w.personName(r.Person)))
		if !commonOK(p, where, r.ID, &r.Meta) {
			continue
		}
		if r.Date.IsZero() {
			p.add(where, "date", "is missing")
		}
		checkDate(p, where, "date", r.Date)
		checkRef(p, where, "person", r.Person, w.people, "person", true)
		checkRef(p, where, "output", r.Output, w.outputs, "output", true)
		if r.Hours <= 0 {
			p.add(where, "hours", "must be more than 0")
		} else if r.Hours > 24*3600 {
			p.add(where, "hours", "%s h is more than a day", r.Hours)
		}
		w.checkEntryPeriod(p, where, r)
	}
	for i := range doc.Approvals {
		r := &doc.Approvals[i]
		where := p.at("approvals", "approval", i, fmt.Sprintf("%s of %s", r.Month, w.personName(r.Person)))
		if !commonOK(p, where, r.ID, &r.Meta) {
			continue
		}
		checkRef(p, where, "person", r.Person, w.people, "person", true)
		checkRef(p, where, "by", r.By, w.people, "person", false)
		if _, err := ParseMonth(r.Month); err != nil {
			p.add(where, "month", "%v", err)
		}
		switch r.State {
		case StateSubmitted, StateApproved, StateReopened:
		default:
			p.add(where, "state", "%q is not submitted, approved or reopened", r.State)
		}
	}
	return p.err()
}

// checkEntryPeriod refuses an entry dated outside the project or its output.
func (w *world) checkEntryPeriod(p *problems, where string, r *Entry) {
	if r.Date.IsZero() || w.loosePeriods {
		return
	}
	w.checkInProject(p, where, "date", r.Date)
	if o := w.outputs[r.Output]; o != nil {
		if (!o.Start.IsZero() && r.Date.Before(o.Start)) || (!o.End.IsZero() && r.Date.After(o.End)) {
			p.add(where, "date", "%s is outside %s's period %s – %s", r.Date, o.Code, o.Start, o.End)
		}
	}
}

func (w *world) checkInProject(p *problems, where, field string, d Date) {
	if d.IsZero() || w.project == nil || w.project.Start.IsZero() || w.loosePeriods {
		return
	}
	if d.Before(w.project.Start) || d.After(w.project.End) {
		p.add(where, field, "%s is outside the project period %s – %s", d, w.project.Start, w.project.End)
	}
}

func (w *world) validateProject(p *problems, r *Project) {
	where := fmt.Sprintf("project (%s)", quoteOr(r.Acronym, r.ID))
	if !commonOK(p, where, r.ID, &r.Meta) {
		return
	}
	if strings.TrimSpace(r.Acronym) == "" {
		p.add(where, "acronym", "is missing")
	}
	if strings.TrimSpace(r.Title) == "" {
		p.add(where, "title", "is missing")
	}
	if _, err := ParseProjectNumber(r.Number); err != nil {
		p.add(where, "number", "%v", err)
	}
	rules, err := RulesByName(r.Rules)
	if err != nil {
		p.add(where, "rules", "%q is not %s or %s", r.Rules, Rules2014, Rules2021)
	}
	checkPeriod(p, where, r.Start, r.End, true)
	if rules == Erasmus2021 && r.LumpSum <= 0 {
		p.add(where, "lump_sum", "is missing (a 2021–2027 project is funded by a lump sum)")
	} else {
		checkAmount(p, where, "lump_sum", r.LumpSum, maxAmount)
	}
	if r.Coordinator != "" {
		checkRef(p, where, "coordinator", r.Coordinator, w.partners, "partner", true)
	}
}

// commonOK checks the ID and sharing fields; false means the record is too broken to check further.
func commonOK(p *problems, where, id string, m *Meta) bool {
	if id == "" {
		p.add(where, "id", "is missing")
		return false
	}
	if !validID(id) {
		p.add(where, "id", "%q is not a UUID", id)
		return false
	}
	if m.Rev < 0 {
		p.add(where, "rev", "is negative")
	}
	return !m.Deleted
}

// checkRegion refuses a region that is not of ISO 3166-2's shape (DE-BY) or not in the country.
func checkRegion(p *problems, where, region, country string) {
	cc, sub, ok := strings.Cut(region, "-")
	shape := ok && len(cc) == 2 && strings.Trim(cc, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" &&
		len(sub) >= 1 && len(sub) <= 3 && strings.Trim(sub, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == ""
	switch {
	case !shape:
		p.add(where, "region", "%q is not an ISO 3166-2 region code (e.g. DE-BY, ES-CT)", region)
	case NormCountry(cc) != NormCountry(country):
		p.add(where, "region", "%s is not a region of %s", region, country)
	}
}

// BudgetCategories lists the budget categories a grant agreement grants amounts for.
var BudgetCategories = []string{BudgetManagement, BudgetOutputs, BudgetMeetings, BudgetMultiplier, BudgetLearning,
	BudgetSpecialNeeds, BudgetExceptional, BudgetWorkPackage}

func isBudgetCategory(c string) bool {
	for _, k := range BudgetCategories {
		if c == k {
			return true
		}
	}
	return false
}

func isCategory(c string) bool {
	for _, k := range StaffCategories {
		if c == k {
			return true
		}
	}
	return false
}

func quoteOr(s, id string) string {
	if s != "" {
		return s
	}
	return id
}
