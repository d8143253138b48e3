package data

import (
	"strings"
	"testing"
)

// TestBudgetAsOf: an interim budget counts the months elapsed, the hours worked and the events
// held by its date; as of the end it is the whole budget.
func TestBudgetAsOf(t *testing.T) {
	s, id := importGreenskills(t)
	full, err := s.Budget(id)
	if err != nil {
		t.Fatal(err)
	}
	end, _ := s.BudgetAsOf(id, NewDate(2022, 2, 28))
	if *end.Totals.Total != *full.Totals.Total || end.AsOf != "2022-02-28" {
		t.Errorf("as of the end: %v, whole: %v", *end.Totals.Total, *full.Totals.Total)
	}
	oct, err := s.BudgetAsOf(id, NewDate(2019, 10, 31))
	if err != nil {
		t.Fatal(err)
	}
	// M1 (14–15 October 2019) is held by then; C1 (February 2020) and E1 (October 2021) are not.
	has := func(b *Budget, cat string) bool {
		for _, l := range b.Lines {
			if l.Category == cat {
				return true
			}
		}
		return false
	}
	if !has(oct, BudgetMeetings) || has(oct, BudgetLearning) || has(oct, BudgetMultiplier) || !has(full, BudgetLearning) {
		t.Errorf("events as of October 2019: meetings %v, learning %v, multiplier %v", has(oct, BudgetMeetings), has(oct, BudgetLearning), has(oct, BudgetMultiplier))
	}
	for _, l := range oct.Lines {
		switch l.Category {
		case BudgetManagement:
			if l.Months != 2 {
				t.Errorf("management as of 2019-10-31: %d months, want 2 (September and October)", l.Months)
			}
		}
	}
	entries, _ := s.Entries(id, EntryFilter{})
	var upTo []Entry
	for _, e := range entries {
		if !e.Date.After(NewDate(2019, 10, 31)) {
			upTo = append(upTo, e)
		}
	}
	doc, _ := s.Load(id, LoadOptions{})
	want, _ := ComputeBudget(doc, WorkFromEntries(upTo))
	if *oct.Totals.IntellectualOutputs != *want.Totals.IntellectualOutputs || *oct.Totals.IntellectualOutputs >= *full.Totals.IntellectualOutputs {
		t.Errorf("outputs as of October %v, from October's entries %v, whole %v", *oct.Totals.IntellectualOutputs, *want.Totals.IntellectualOutputs, *full.Totals.IntellectualOutputs)
	}
	if _, err := s.BudgetAsOf(id, NewDate(2019, 1, 1)); err == nil || !strings.Contains(err.Error(), "starts only on 2019-09-01") {
		t.Errorf("as of a date before the start: %v", err)
	}
}
