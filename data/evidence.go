package data

// Effort is an organisation's work in one staff category on one output, as a report prints it on a line:
// the hours summed exactly, the organisation's working day, and the planned days when planned.
type Effort struct {
	Output, Partner, Category string
	Minutes                   Minutes // the exact sum of the entries' hours
	WorkingDay                Minutes
	Planned                   *Days
}

// Days is the line's days: its hours ÷ the working day, rounded to two decimals (FORMAT.md's rounding rule).
func (e Effort) Days() Days { return minutesToDays(e.Minutes, e.WorkingDay) }

// OutputEffort sums the work of live people on the outputs by output, organisation and staff category,
// and adds a line for each planned effort no work has reached yet. Lines come by output code, then
// organisation (the coordinator first, then as the budget orders them), then staff category.
func OutputEffort(doc *Document, work []Work, outputIDs ...string) []Effort {
	if doc.Project == nil {
		return nil
	}
	c := newBudgetContext(doc, Erasmus2014, &Budget{})
	want := map[string]bool{}
	for _, id := range outputIDs {
		if c.outputs[id] != nil {
			want[id] = true
		}
	}
	sum := map[staffKey]Minutes{}
	for _, w := range work {
		p := c.people[w.Person]
		if p == nil || !want[w.Output] {
			continue
		}
		sum[staffKey{p.Partner, w.Output, p.Category}] += w.Minutes
	}
	planned := map[staffKey]Days{}
	for id := range want {
		for _, pl := range c.outputs[id].Planned {
			k := staffKey{pl.Partner, id, pl.Category}
			planned[k] += pl.Days
		}
	}
	keys := make([]staffKey, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	for k := range planned {
		if _, ok := sum[k]; !ok {
			keys = append(keys, k)
		}
	}
	c.sortStaffKeys(keys)
	out := make([]Effort, 0, len(keys))
	for _, k := range keys {
		e := Effort{Output: k.output, Partner: k.partner, Category: k.category, Minutes: sum[k], WorkingDay: DefaultWorkingDay}
		if p := doc.PartnerByID(k.partner); p != nil {
			e.WorkingDay = p.Day()
		}
		if d, ok := planned[k]; ok {
			e.Planned = &d
		}
		out = append(out, e)
	}
	return out
}

// Where a report's day rate comes from (DOMAIN.md, "Rates under each rule set").
const (
	RateTable    = "table"    // the programme's unit cost for the country group (2014–2020)
	RateOwn      = "own"      // the organisation's own day rate (lump sums; or a country in no group)
	RateEstimate = "estimate" // lump sums without an own rate: the 2014–2020 table as an estimate
	RateNone     = "none"     // no rate is known
)

// ReportRate is the day rate a report prices an organisation's staff category at, where it comes from and
// the organisation's country group. Under 2014–2020 the unit cost is what the grant pays and an own rate
// never replaces it (a country in no group pays the own rate the user entered); under lump sums the own
// rate is used, the table only as an estimate where there is none.
func ReportRate(rules *RuleSet, p Partner, category string) (rate Cents, source string, group int) {
	group = rules.CountryGroup(p.Country)
	table, hasTable := rules.DayRates[group][category]
	own, hasOwn := p.Rates[category]
	switch {
	case rules.Name == Rules2021 && hasOwn:
		return own, RateOwn, group
	case rules.Name == Rules2021 && group != 0 && hasTable:
		return table, RateEstimate, group
	case group != 0 && hasTable:
		return table, RateTable, group
	case hasOwn:
		return own, RateOwn, group
	}
	return 0, RateNone, group
}

// OwnRates lists the staff categories an organisation has an own day rate for, in table order.
func OwnRates(p Partner) []string {
	var out []string
	for _, c := range StaffCategories {
		if _, ok := p.Rates[c]; ok {
			out = append(out, c)
		}
	}
	return out
}
