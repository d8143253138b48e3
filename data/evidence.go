package data

// Effort is an organisation's work in one staff category on one output, as a report prints it on a line:
// the hours summed exactly, the organisation's working day, and the planned days when planned.
type Effort struct {
	Output, Partner, Category string
	Seconds                   Seconds // the exact sum of the entries' hours
	WorkingDay                Seconds
	Planned                   *Days
}

// Days is the line's days: its hours ÷ the working day, rounded to two decimals (FORMAT.md's rounding rule).
func (e Effort) Days() Days { return secondsToDays(e.Seconds, e.WorkingDay) }

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
	sum := map[staffKey]Seconds{}
	for _, w := range work {
		p := c.people[w.Person]
		if p == nil || !want[w.Output] {
			continue
		}
		sum[staffKey{p.Partner, w.Output, p.Category}] += w.Seconds
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
		e := Effort{Output: k.output, Partner: k.partner, Category: k.category, Seconds: sum[k], WorkingDay: DefaultWorkingDay}
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

// WorkAsOf sums the project's hours per person and output up to and including asOf, as an interim report
// counts them (BudgetAsOf); a zero asOf is the whole project (WorkTotals).
func (s *Store) WorkAsOf(projectID string, asOf Date) ([]Work, error) {
	if asOf.IsZero() {
		return s.WorkTotals(projectID)
	}
	entries, err := s.Entries(projectID, EntryFilter{})
	if err != nil {
		return nil, err
	}
	upTo := entries[:0]
	for _, e := range entries {
		if !e.Date.After(asOf) {
			upTo = append(upTo, e)
		}
	}
	return WorkFromEntries(upTo), nil
}
