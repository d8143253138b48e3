package data

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCellHours(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Seconds
		err  string
	}{
		{"6.5", 390 * 60, ""}, {"6,5", 390 * 60, ""}, {"6:30", 390 * 60, ""}, {"", 0, ""}, {" 24 ", 1440 * 60, ""},
		{"25", 0, "more than a day"}, {"-2", 0, "negative"}, {"six", 0, "not a number"},
	} {
		got, err := ParseCellHours(c.in)
		if got != c.want || (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("ParseCellHours(%q) = %v, %v; want %v, %q", c.in, got, err, c.want, c.err)
		}
	}
}

func TestSaveMonthAddsEditsDeletesAtOnce(t *testing.T) {
	s, id := importGreenskills(t)
	m := Month{2019, 12}
	before, _ := s.Entries(id, EntryFilter{Person: gsLukas, Month: m})
	if len(before) == 0 {
		t.Fatal("example has no December entries for Lukas")
	}
	old := before[0]
	free := m.First()
	for busy := true; busy; free = free.AddDays(1) {
		busy = free.Weekday() == 0 || free.Weekday() == 6 || dayOther(before, free, "") > 0
	}
	free = free.AddDays(-1)
	cells := []CellChange{
		{Date: free, Output: gsO1, Hours: 390 * 60, Note: "curriculum"},
		{Date: old.Date, Output: old.Output, Hours: old.Hours + 30*60, Note: "longer"},
	}
	if len(before) > 1 && before[1].Date != old.Date {
		cells = append(cells, CellChange{Date: before[1].Date, Output: before[1].Output})
	}
	res, err := s.SaveMonth(id, gsLukas, m, cells)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Updated != 1 {
		t.Errorf("result = %+v", res)
	}
	sh, _ := s.MonthSheet(id, gsLukas, m)
	if got := sh.Days[free.Time().Day()-1].Total; got != 390*60 {
		t.Errorf("%s total = %s", free, got)
	}
	// All or nothing: one impossible day refuses the whole month.
	n := len(sh.Entries)
	_, err = s.SaveMonth(id, gsLukas, m, []CellChange{
		{Date: NewDate(2019, 12, 3), Output: gsO1, Hours: 60 * 60},
		{Date: NewDate(2019, 12, 4), Output: gsO1, Hours: 60 * 60, Note: "x"},
		{Date: NewDate(2019, 12, 5), Output: "0192a000-0000-7000-8000-0000000000ff", Hours: 60 * 60},
	})
	if err == nil {
		t.Fatal("an unknown output was saved")
	}
	if after, _ := s.Entries(id, EntryFilter{Person: gsLukas, Month: m}); len(after) != n {
		t.Errorf("a refused save wrote %d entries", len(after)-n)
	}
	// An approved month is locked, as for AddEntry.
	if _, err := s.Transition(id, gsLukas, m, StateSubmitted, gsLukas, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(id, gsLukas, m, StateApproved, gsJohanna, ""); err != nil {
		t.Fatal(err)
	}
	var locked *LockedError
	if _, err := s.SaveMonth(id, gsLukas, m, cells[:1]); !errors.As(err, &locked) {
		t.Errorf("save into an approved month = %v", err)
	}
}

// dayOther sums a day's entries on outputs other than skip.
func dayOther(es []Entry, d Date, skip string) Seconds {
	var t Seconds
	for _, e := range es {
		if e.Date == d && e.Output != skip {
			t += e.Hours
		}
	}
	return t
}

func TestApproversAreManagersOfTheOrganisation(t *testing.T) {
	s, id := importGreenskills(t)
	doc, _ := s.Load(id, LoadOptions{})
	got := Approvers(doc, gsLukas)
	if len(got) != 1 || got[0].ID != gsJohanna {
		t.Errorf("approvers of Lukas = %v", got)
	}
	if got := Approvers(doc, gsJohanna); len(got) != 0 {
		t.Errorf("Johanna approves herself: %v", got)
	}
}

// BenchmarkSaveMonth saves a typed month of 20 cells into the large demo.
func BenchmarkSaveMonth(b *testing.B) {
	s := openLarge(b)
	doc, err := s.Load(large.project, LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	person := doc.PersonByID(large.person)
	m := doc.Project.End.Month()
	var out string
	for _, o := range doc.Outputs {
		out = o.ID
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		var cells []CellChange
		for d := m.First(); len(cells) < 20 && !d.After(m.Last()); d = d.AddDays(1) {
			cells = append(cells, CellChange{Date: d, Output: out, Hours: Seconds((60 + i%5*15) * 60)})
		}
		if _, err := s.SaveMonth(large.project, person.ID, m, cells); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMonthStatesShowChangedAfterApproval(t *testing.T) {
	s, id := importGreenskills(t)
	m := Month{2019, 10}
	if _, err := s.Transition(id, gsLukas, m, StateSubmitted, gsLukas, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(id, gsLukas, m, StateApproved, gsJohanna, ""); err != nil {
		t.Fatal(err)
	}
	state := func() MonthState {
		list, err := s.MonthStates(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range list {
			if st.Person == gsLukas && st.Month == m {
				return st
			}
		}
		t.Fatal("no state for Lukas 2019-10")
		return MonthState{}
	}
	if st := state(); st.State != StateApproved || st.ChangedAfterApproval || st.Hours == 0 {
		t.Errorf("approved month: %+v", st)
	}
	// A change arriving from a share is never refused: it shows as changed after approval.
	es, _ := s.Entries(id, EntryFilter{Person: gsLukas, Month: m})
	e := es[0]
	e.Hours += 30 * 60
	e.Rev++
	if _, err := s.Import(&Document{Format: Format, Entries: []Entry{e}}, ImportOptions{Project: id}); err != nil {
		t.Fatal(err)
	}
	if st := state(); !st.ChangedAfterApproval {
		t.Errorf("changed month: %+v", st)
	}
}

func TestSaveMonthRefusesAnotherOrganisationsPerson(t *testing.T) {
	s, id := importGreenskills(t)
	// This installation is FZL's; VHS writes its own through the coordinator's installation.
	if err := s.SetAuthority(id, &Authority{Coordinator: "coordinator-installation", Members: map[string]string{s.Installation(): gsFZL}}); err != nil {
		t.Fatal(err)
	}
	if why, _ := s.EntryWriter(id, gsLukas); !strings.Contains(why, "belongs to VHS") {
		t.Errorf("EntryWriter(Lukas) = %q", why)
	}
	if why, _ := s.EntryWriter(id, gsMalgo); why != "" {
		t.Errorf("EntryWriter(Małgorzata) = %q", why)
	}
	_, err := s.SaveMonth(id, gsLukas, Month{2020, 1}, []CellChange{{Date: NewDate(2020, 1, 7), Output: gsO1, Hours: 60 * 60}})
	var forbidden *ForbiddenError
	if !errors.As(err, &forbidden) {
		t.Errorf("saving another organisation's month = %v", err)
	}
	if _, err := s.SaveMonth(id, gsMalgo, Month{2020, 1}, []CellChange{{Date: NewDate(2020, 1, 7), Output: gsO1, Hours: 60 * 60}}); err != nil {
		t.Errorf("saving this organisation's month: %v", err)
	}
}
