package data

import "fmt"

// BudgetAsOf is the budget of an interim report: the hours worked up to asOf, the events that
// had ended by then, and management for the months elapsed. A zero asOf is the whole project.
func (s *Store) BudgetAsOf(projectID string, asOf Date) (*Budget, error) {
	if asOf.IsZero() {
		return s.Budget(projectID)
	}
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	p := doc.Project
	if asOf.Before(p.Start) {
		return nil, fmt.Errorf("budget as of %s: the project starts only on %s", asOf, p.Start)
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
	// Events count once they are over; their participants with them.
	held := map[string]bool{}
	events := doc.Events[:0:0]
	for _, e := range doc.Events {
		if !e.End.After(asOf) {
			events = append(events, e)
			held[e.ID] = true
		}
	}
	participants := doc.Participants[:0:0]
	for _, pa := range doc.Participants {
		if held[pa.Event] {
			participants = append(participants, pa)
		}
	}
	at := *doc
	at.Events, at.Participants = events, participants
	b, err := computeBudget(&at, WorkFromEntries(upTo), asOf)
	if err != nil {
		return nil, err
	}
	b.AsOf = asOf.String()
	return b, nil
}
