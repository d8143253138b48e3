package data

// MonthState is where a person's month stands: the approvals overview shows one per cell.
type MonthState struct {
	Person               string
	Month                Month
	State                string // draft, submitted, approved or reopened
	Hours                Seconds
	ChangedAfterApproval bool
}

// MonthStates lists the state of every person-month of a project's period, people in
// document order, reading the entries once (a month approved is checked against its hash).
func (s *Store) MonthStates(projectID string) ([]MonthState, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	entries, err := s.Entries(projectID, EntryFilter{})
	if err != nil {
		return nil, err
	}
	byKey := map[SheetKey][]Entry{}
	for _, e := range entries {
		k := SheetKey{e.Person, e.Date.Month()}
		byKey[k] = append(byKey[k], e)
	}
	months := MonthsIn(doc.Project.Start, doc.Project.End)
	out := make([]MonthState, 0, len(doc.People)*len(months))
	for _, p := range doc.People {
		for _, m := range months {
			es := byKey[SheetKey{p.ID, m}]
			st := MonthState{Person: p.ID, Month: m, State: StateDraft}
			for _, e := range es {
				st.Hours += e.Hours
			}
			if a := LatestApproval(doc.Approvals, p.ID, m); a != nil {
				st.State = a.State
				st.ChangedAfterApproval = a.State == StateApproved && a.EntriesSHA256 != EntriesHash(es)
			}
			out = append(out, st)
		}
	}
	return out, nil
}
