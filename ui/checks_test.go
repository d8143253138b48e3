package ui

import (
	"strings"
	"testing"

	"partnerdesk/data"
)

// TestChecksAndWarningsInTheWindowsLanguage (issue 11): a timesheet's checks and the budget's warnings come
// from data as message keys with values, and the window words them in its language; the English stays the
// records' own text for the command line and the PDF.
func TestChecksAndWarningsInTheWindowsLanguage(t *testing.T) {
	useLanguage(t, "de")
	s := openStore(t)
	importExample(t, s)
	nine, _ := data.ParseHours("9,5")
	for _, e := range []data.Entry{
		{Person: lukasID, Date: data.NewDate(2020, 6, 6), Output: o1ID, Hours: nine}, // a Saturday
		{Person: lukasID, Date: data.NewDate(2020, 6, 9), Output: o1ID, Hours: nine}, // past VHS's 8-hour day
	} {
		if _, _, err := s.AddEntry(gsProject, e); err != nil {
			t.Fatal(err)
		}
	}
	sh, err := s.MonthSheet(gsProject, lukasID, data.Month{Year: 2020, Month: 6})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range sh.Checks {
		got = append(got, checkText(c))
		if c.Key == "" || strings.ContainsAny(c.Reason, "äöüß") {
			t.Errorf("check %q: key %q (the English reason is the record's)", c.Reason, c.Key)
		}
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{"Arbeit an einem Samstag", "9,5 h über alle Projekte, mehr als der Arbeitstag von 8 h"} {
		if !strings.Contains(text, want) {
			t.Errorf("German checks lack %q:\n%s", want, text)
		}
	}
	// A participant listed twice: the budget's warning in German.
	doc, _ := s.Load(gsProject, data.LoadOptions{})
	dup := doc.Participants[0]
	dup.ID = "0192a000-0000-7000-8000-0000000009ff"
	doc.Participants = append(doc.Participants, dup)
	b, err := data.ComputeBudget(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := warningsText(b)
	if !strings.Contains(w, dup.Name+" ist doppelt aufgeführt; wird einmal bezahlt") {
		t.Errorf("German warnings: %q (English: %q)", w, b.Warnings)
	}
	if !strings.Contains(strings.Join(b.Warnings, "\n"), "is listed twice; paid once") {
		t.Errorf("the budget JSON's warnings are no longer English: %q", b.Warnings)
	}
}
