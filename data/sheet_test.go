package data

import (
	"errors"
	"strings"
	"testing"
)

const (
	gsJohanna = "0192a000-0000-7000-8000-000000000020" // VHS manager
	gsLukas   = "0192a000-0000-7000-8000-000000000021" // VHS teacher
	gsMalgo   = "0192a000-0000-7000-8000-000000000022" // FZL teacher
)

func TestMonthSheetGreenskills(t *testing.T) {
	s, id := importGreenskills(t)
	sh, err := s.MonthSheet(id, gsLukas, Month{2019, 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(sh.Days) != 31 || len(sh.Outputs) != 1 || sh.Outputs[0].Code != "O1" {
		t.Fatalf("grid %d days × %d outputs", len(sh.Days), len(sh.Outputs))
	}
	// October 2019: 11 entries of Lukas Hofer; 26 October is Austria's national day, 5 and 6 a weekend.
	var sum Seconds
	for _, e := range sh.Entries {
		sum += e.Hours
	}
	if sh.Total != sum || sh.OutputSums[0] != sum || len(sh.Entries) != 11 {
		t.Errorf("total %s, O1 %s, entries %d (sum %s)", sh.Total, sh.OutputSums[0], len(sh.Entries), sum)
	}
	if d := sh.Days[25]; d.Holiday == "" || !d.Weekend {
		t.Errorf("2019-10-26: holiday %q weekend %v", d.Holiday, d.Weekend)
	}
	if !sh.Days[4].Weekend || sh.Days[6].Weekend {
		t.Errorf("weekend flags wrong: 5th %v 7th %v", sh.Days[4].Weekend, sh.Days[6].Weekend)
	}
	if sh.WorkingDay != 8*3600 || sh.DayRate != 241_00 || !sh.RateKnown || sh.State != StateDraft {
		t.Errorf("working day %s, rate %s, state %s", sh.WorkingDay, sh.DayRate.Euro(), sh.State)
	}
	if got := sh.DaysOf(sh.Total); got != Days(divRound(int64(sum)*100, 8*3600)) {
		t.Errorf("days = %v", got)
	}
	if len(sh.Checks) != 0 {
		t.Errorf("clean month has checks: %v", sh.Checks)
	}
}

func TestMonthSheetChecks(t *testing.T) {
	s, id := importGreenskills(t)
	// A Saturday, Christmas in Austria, and a 9-hour day over VHS's 8-hour working day.
	for _, e := range []Entry{
		{Person: gsLukas, Date: NewDate(2019, 12, 7), Output: gsO1, Hours: 120 * 60},
		{Person: gsLukas, Date: NewDate(2019, 12, 25), Output: gsO1, Hours: 60 * 60},
		{Person: gsLukas, Date: NewDate(2019, 12, 27), Output: gsO1, Hours: 540 * 60},
	} {
		if _, _, err := s.AddEntry(id, e); err != nil {
			t.Fatal(err)
		}
	}
	sh, err := s.MonthSheet(id, gsLukas, Month{2019, 12})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2019-12-07 warning: work on a Saturday",
		"2019-12-25 warning: work on a public holiday",
		"2019-12-27 warning: 9 h across all projects, more than the working day of 8 h",
	}
	got := make([]string, len(sh.Checks))
	for i, c := range sh.Checks {
		got[i] = c.String()
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("no check %q in %q", w, got)
		}
	}
}

func TestApprovalLifecycle(t *testing.T) {
	s, id := importGreenskills(t)
	m := Month{2019, 10}
	// Approving a draft is refused: it must be submitted first.
	if _, err := s.Transition(id, gsLukas, m, StateApproved, gsJohanna, ""); err == nil || !strings.Contains(err.Error(), "must be submitted") {
		t.Fatalf("approve draft = %v", err)
	}
	if _, err := s.Transition(id, gsLukas, m, StateSubmitted, gsLukas, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(id, gsLukas, m, StateApproved, gsLukas, ""); err == nil || !strings.Contains(err.Error(), "cannot approve their own") {
		t.Fatalf("self-approval = %v", err)
	}
	a, err := s.Transition(id, gsLukas, m, StateApproved, gsJohanna, "")
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := s.MonthSheet(id, gsLukas, m)
	if sh.State != StateApproved || sh.ApprovedBy != "Johanna Größinger" || sh.ChangedAfterApproval || a.EntriesSHA256 != EntriesHash(sh.Entries) {
		t.Fatalf("approved sheet: state %s by %q changed %v", sh.State, sh.ApprovedBy, sh.ChangedAfterApproval)
	}
	// The approved month is locked: adding, editing and deleting are refused.
	_, _, err = s.AddEntry(id, Entry{Person: gsLukas, Date: NewDate(2019, 10, 30), Output: gsO1, Hours: 60 * 60})
	var locked *LockedError
	if !errors.As(err, &locked) || !strings.Contains(err.Error(), "timesheet 2019-10 of Lukas Hofer is approved by Johanna Größinger: reopen it") {
		t.Fatalf("add to approved month = %v", err)
	}
	e := sh.Entries[0]
	e.Hours += 30 * 60
	if _, _, err := s.EditEntry(id, e); !errors.As(err, &locked) {
		t.Fatalf("edit in approved month = %v", err)
	}
	if _, err := s.DeleteEntry(id, e.ID); !errors.As(err, &locked) {
		t.Fatalf("delete in approved month = %v", err)
	}
	// Moving an entry of another month into the approved one is refused too.
	nov, _ := s.Entries(id, EntryFilter{Person: gsLukas, Month: Month{2019, 11}})
	moved := nov[0]
	moved.Date = NewDate(2019, 10, 31)
	if _, _, err := s.EditEntry(id, moved); !errors.As(err, &locked) {
		t.Fatalf("move into approved month = %v", err)
	}
	// Reopen (logged with its reason), edit, and the sheet is a draft again until resubmitted.
	if _, err := s.Transition(id, gsLukas, m, StateReopened, gsJohanna, "hours of 2 October were wrong"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.EditEntry(id, e); err != nil {
		t.Fatalf("edit after reopen = %v", err)
	}
	sh, _ = s.MonthSheet(id, gsLukas, m)
	if sh.State != StateReopened {
		t.Errorf("state after reopen = %s", sh.State)
	}
	audit, _ := s.Audit(id)
	var actions []string
	for _, ev := range audit {
		actions = append(actions, ev.Action+": "+ev.Detail)
	}
	joined := strings.Join(actions, "\n")
	for _, w := range []string{"submitted: timesheet 2019-10 of Lukas Hofer submitted by Lukas Hofer",
		"approved: timesheet 2019-10 of Lukas Hofer approved by Johanna Größinger",
		"reopened: timesheet 2019-10 of Lukas Hofer reopened by Johanna Größinger: hours of 2 October were wrong",
		"edit: entry " + e.ID} {
		if !strings.Contains(joined, w) {
			t.Errorf("audit log lacks %q:\n%s", w, joined)
		}
	}
}

// TestChangedAfterApproval: a change arriving from another installation is not refused but shows.
func TestChangedAfterApproval(t *testing.T) {
	s, id := importGreenskills(t)
	m := Month{2019, 11}
	// Paweł, FZL's technician, supervises there: only a manager or supervisor of her own organisation approves her month.
	doc, _ := s.Load(id, LoadOptions{})
	pawel := *doc.PersonByID("0192a000-0000-7000-8000-000000000023")
	pawel.Supervisor, pawel.Meta = true, Meta{}
	if _, err := s.Import(&Document{Format: Format, People: []Person{pawel}}, ImportOptions{Project: id}); err != nil {
		t.Fatal(err)
	}
	s.Transition(id, gsMalgo, m, StateSubmitted, gsMalgo, "")
	if _, err := s.Transition(id, gsMalgo, m, StateApproved, gsJohanna, ""); err == nil || !strings.Contains(err.Error(), "not of Małgorzata Wójcik's organisation") {
		t.Fatalf("approval by another organisation's manager = %v", err)
	}
	if _, err := s.Transition(id, gsMalgo, m, StateApproved, pawel.ID, ""); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Entries(id, EntryFilter{Person: gsMalgo, Month: m})
	changed := list[0]
	changed.Hours, changed.Rev, changed.Owner = changed.Hours+3600, changed.Rev+1, "another-installation"
	if _, err := s.Import(&Document{Format: Format, Entries: []Entry{changed}}, ImportOptions{Project: id, Source: "records/other.json", Action: "merge"}); err != nil {
		t.Fatal(err)
	}
	sh, _ := s.MonthSheet(id, gsMalgo, m)
	said := false
	for _, c := range sh.Checks {
		said = said || (c.Level == LevelError && strings.Contains(c.Reason, "changed after approval by Paweł Żak"))
	}
	if !sh.ChangedAfterApproval || !said {
		t.Errorf("changed after approval not reported: %v %v", sh.ChangedAfterApproval, sh.Checks)
	}
}

func TestSubmitRefusesEmptyAndWrongMonths(t *testing.T) {
	s, id := importGreenskills(t)
	if _, err := s.Transition(id, gsLukas, Month{2020, 5}, StateSubmitted, gsLukas, ""); err == nil || !strings.Contains(err.Error(), "no entries") {
		t.Errorf("empty month = %v", err)
	}
	if _, err := s.Transition(id, gsLukas, Month{2023, 1}, StateSubmitted, gsLukas, ""); err == nil || !strings.Contains(err.Error(), "outside the project period") {
		t.Errorf("month outside project = %v", err)
	}
}

func TestSheetsWithWork(t *testing.T) {
	s, id := importGreenskills(t)
	keys, err := s.SheetsWithWork(id, Month{2019, 10}, Month{2019, 12})
	if err != nil {
		t.Fatal(err)
	}
	// Four people worked in each of October, November and December 2019.
	if len(keys) != 12 {
		t.Errorf("%d sheets, want 12: %v", len(keys), keys)
	}
}

// TestOthersEntriesAreNotEditedHere: a partner's entry changes only at the partner, where it is published from.
func TestOthersEntriesAreNotEditedHere(t *testing.T) {
	s, id := importGreenskills(t)
	list, _ := s.Entries(id, EntryFilter{Person: gsMalgo, Month: Month{2019, 10}})
	theirs := list[0]
	theirs.Owner, theirs.Rev = "partner-installation", theirs.Rev+1
	if _, err := s.Import(&Document{Format: Format, Entries: []Entry{theirs}}, ImportOptions{Project: id, Action: "merge"}); err != nil {
		t.Fatal(err)
	}
	edit := theirs
	edit.Hours += 60
	if _, _, err := s.EditEntry(id, edit); err == nil || !strings.Contains(err.Error(), "of Małgorzata Wójcik on 2019-10-01 belongs to another installation (partner-installation)") {
		t.Errorf("edit of another installation's entry = %v", err)
	}
	if _, err := s.DeleteEntry(id, theirs.ID); err == nil || !strings.Contains(err.Error(), "belongs to another installation") {
		t.Errorf("delete of another installation's entry = %v", err)
	}
	// Our own entries stay editable.
	mine, _ := s.Entries(id, EntryFilter{Person: gsLukas, Month: Month{2019, 10}})
	mine[0].Hours += 15
	if _, _, err := s.EditEntry(id, mine[0]); err != nil {
		t.Errorf("own entry: %v", err)
	}
}

// TestSheetTotalIsTheSumOfItsPrintedDays (issue 9 finding 2): 11.8 h on O1 print as 1.48 days and 7 h on O2
// as 0.88; the sheet's total is 2.36, their sum, not 18.8 h's 2.35; its value is 2.36 × the rate.
func TestSheetTotalIsTheSumOfItsPrintedDays(t *testing.T) {
	s, id := importGreenskills(t)
	doc, _ := s.Load(id, LoadOptions{})
	var o2 string
	for _, o := range doc.Outputs {
		if o.Code == "O2" {
			o2 = o.ID
		}
	}
	h1, _ := ParseHours("11.8")
	h2, _ := ParseHours("7")
	for _, e := range []Entry{
		{Person: gsLukas, Date: NewDate(2020, 6, 3), Output: gsO1, Hours: h1 / 2},
		{Person: gsLukas, Date: NewDate(2020, 6, 4), Output: gsO1, Hours: h1 / 2},
		{Person: gsLukas, Date: NewDate(2020, 6, 5), Output: o2, Hours: h2},
	} {
		if _, _, err := s.AddEntry(id, e); err != nil {
			t.Fatal(err)
		}
	}
	sh, err := s.MonthSheet(id, gsLukas, Month{2020, 6})
	if err != nil {
		t.Fatal(err)
	}
	days := map[string]Days{}
	for i, o := range sh.Outputs {
		days[o.Code] = sh.OutputDays()[i]
	}
	if days["O1"] != 148 || days["O2"] != 88 || sh.TotalDays() != 236 {
		t.Fatalf("days O1 %v, O2 %v, total %v; want 1.48 + 0.88 = 2.36", days["O1"], days["O2"], sh.TotalDays())
	}
	if sh.Amount() != DaysTimesRate(236, sh.DayRate) || sh.Amount() != 568_76 {
		t.Errorf("value = %s, want 2.36 × 241.00 = 568.76", sh.Amount().Euro())
	}
}
