package export

import (
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"partnerdesk/data"
)

// The greenskills sheets, one per organisation language: German (AT), Polish, Greek.
var goldenSheets = []struct{ person, month, golden string }{
	{"Lukas Hofer", "2019-10", "timesheet-2019-10-hofer"},
	{"Małgorzata Wójcik", "2019-10", "timesheet-2019-10-wojcik"},
	{"Ελένη Παπαδοπούλου", "2019-11", "timesheet-2019-11-papadopoulou"},
}

func TestTimesheetGolden(t *testing.T) {
	f := greenskills(t)
	for _, c := range goldenSheets {
		t.Run(c.golden, func(t *testing.T) {
			s := f.sheet(t, c.person, c.month)
			pdf := render(t, func(w io.Writer) error { return Timesheet(w, s) })
			golden(t, c.golden, textOf(t, pdf))
		})
	}
}

func TestTimesheetContent(t *testing.T) {
	f := greenskills(t)
	s := f.sheet(t, "Lukas Hofer", "2019-10")
	pdf := render(t, func(w io.Writer) error { return Timesheet(w, s) })
	text := flatText(t, pdf)
	for _, want := range []string{
		"2019-1-AT01-KA204-051234", "GREENSKILLS", "Green skills for adult educators",
		"Co-funded by the Erasmus+", "Programme of the European Union",
		"Kofinanziert durch das Programm Erasmus+ der Europäischen Union",
		"Timesheet", "Stundenzettel", "October 2019", "Oktober 2019",
		"Volkshochschule Graz-Süd", "Graz, Austria", "Lukas Hofer",
		"Teacher / trainer / researcher / youth worker", "241.00 EUR", "Programme unit cost, country group 1",
		"8 hours = 1 day", "Draft, not yet submitted",
		"2019-10-26", "National Day", // Austria's national holiday, shaded and named
		"71.50", "8.94", "8.94 × 241.00 EUR = 2,154.54 EUR", // printed days × printed rate
		"O1", "Curriculum for green skills trainers",
		"Staff member", "Supervisor", "Signature / Unterschrift", "Date / Datum",
		"Page 1 of 1", "Seite 1 von 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the timesheet lacks %q", want)
		}
	}
	// One row per day of the month, each with its weekday in both languages.
	layout := textOf(t, pdf)
	for d := 1; d <= 31; d++ {
		day := data.NewDate(2019, 10, d)
		wd := catalog["en"]["wd."+itoa(int(day.Weekday()))] + " " + catalog["de"]["wd."+itoa(int(day.Weekday()))]
		if !regexp.MustCompile(regexp.QuoteMeta(day.String()) + `\s+` + wd).MatchString(layout) {
			t.Errorf("the grid lacks the row %s %s", day, wd)
		}
	}
}

func TestTimesheetApprovalStates(t *testing.T) {
	f := greenskills(t)
	at := time.Date(2019, 11, 5, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		edit  func(s *data.MonthSheet)
		wants []string
	}{
		{"submitted", func(s *data.MonthSheet) {
			s.State = data.StateSubmitted
			s.Approval = &data.Approval{State: data.StateSubmitted, By: s.Person.ID, At: at}
		}, []string{"Submitted on 2019-11-05"}},
		{"approved", func(s *data.MonthSheet) {
			s.State, s.ApprovedBy = data.StateApproved, "Johanna Größinger"
			s.Approval = &data.Approval{State: data.StateApproved, At: at}
		}, []string{"Approved by Johanna Größinger on 2019-11-05", "Genehmigt von Johanna Größinger am 5. November 2019"}},
		{"changed after approval", func(s *data.MonthSheet) {
			s.State, s.ApprovedBy, s.ChangedAfterApproval = data.StateApproved, "Johanna Größinger", true
			s.Approval = &data.Approval{State: data.StateApproved, At: at}
			s.Checks = append(s.Checks, data.Check{Date: s.Month.First(), Level: data.LevelError,
				Reason: `changed after approval by "Johanna Größinger" on 2019-11-05`})
		}, []string{"CHANGED AFTER APPROVAL.", "NACH DER GENEHMIGUNG GEÄNDERT.",
			"approved by Johanna Größinger on 2019-11-05", "Checks", "Error / Fehler"}},
		{"reopened", func(s *data.MonthSheet) {
			s.State = data.StateReopened
			s.Approval = &data.Approval{State: data.StateReopened, At: at}
		}, []string{"Reopened on 2019-11-05, to be approved again"}},
		{"rate unknown", func(s *data.MonthSheet) {
			s.RateKnown, s.DayRate = false, 0
		}, []string{"Unknown / Unbekannt", "the organisation's country is in no country group"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := f.sheet(t, "Lukas Hofer", "2019-10")
			c.edit(s)
			text := flatText(t, render(t, func(w io.Writer) error { return Timesheet(w, s) }))
			for _, want := range c.wants {
				if !strings.Contains(text, want) {
					t.Errorf("lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// TestTimesheetChecksAndPages: a month with many checks runs over two pages, the grid breaking
// under a repeated header, the footer counting the pages.
func TestTimesheetChecksAndPages(t *testing.T) {
	f := greenskills(t)
	s := f.sheet(t, "Johanna Größinger", "2019-10")
	for d := 1; d <= 30; d++ {
		s.Checks = append(s.Checks, data.Check{Date: data.NewDate(2019, 10, d), Level: data.LevelWarning,
			Reason: "9 h across all projects, more than the working day of 8 h"})
	}
	pdf := render(t, func(w io.Writer) error { return Timesheet(w, s) })
	// The checks are in both languages, so thirty of them take a page of their own.
	n := pageCount(t, pdf)
	if n != 3 {
		t.Fatalf("%d pages, want 3", n)
	}
	p1, p2, p3 := textOf(t, pdf, 1, 1), textOf(t, pdf, 2, 2), textOf(t, pdf, 3, 3)
	for _, want := range []string{"Page 1 of 3", "Seite 1 von 3", "2019-10-01"} {
		if !strings.Contains(p1, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	// The grid goes on under its header, so the totals, checks and signatures are not left alone.
	for _, want := range []string{"Page 2 of 3", "Seite 2 von 3", "GREENSKILLS", "Date", "Total (h)", "2019-10-31",
		"Total hours", "Checks", "Warning / Warnung"} {
		if !strings.Contains(p2, want) {
			t.Errorf("page 2 lacks %q", want)
		}
	}
	for _, want := range []string{"Page 3 of 3", "Warning / Warnung", "9 h in allen Projekten zusammen", "Staff member", "Supervisor"} {
		if !strings.Contains(p3, want) {
			t.Errorf("page 3 lacks %q", want)
		}
	}
}

// TestTimesheetManyOutputs: ten outputs turn the page sideways and keep every code and total.
func TestTimesheetManyOutputs(t *testing.T) {
	f := greenskills(t)
	s := f.sheet(t, "Lukas Hofer", "2019-10")
	base := s.Outputs[0]
	s.Outputs, s.OutputSums = nil, nil
	for i := range 10 {
		o := base
		o.ID, o.Code = o.ID+itoa(i), "O"+itoa(i+1)
		s.Outputs = append(s.Outputs, o)
		s.OutputSums = append(s.OutputSums, 0)
	}
	for i := range s.Days {
		d := &s.Days[i]
		d.Hours = make([]data.Seconds, 10)
		if d.Total > 0 {
			d.Hours[i%10] = d.Total
			s.OutputSums[i%10] += d.Total
		}
	}
	pdf := render(t, func(w io.Writer) error { return Timesheet(w, s) })
	text := textOf(t, pdf)
	for _, want := range []string{"O1", "O10", "71.50", "Page 1 of"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
	pngPage1(t, "timesheet-landscape", pdf)
}

func TestTimesheetsCombined(t *testing.T) {
	f := greenskills(t)
	var sheets []*data.MonthSheet
	for _, c := range goldenSheets {
		sheets = append(sheets, f.sheet(t, c.person, c.month))
	}
	pdf := render(t, func(w io.Writer) error { return Timesheets(w, sheets) })
	if n := pageCount(t, pdf); n != 3 {
		t.Fatalf("%d pages, want one per sheet", n)
	}
	// Each sheet is numbered on its own, so it stands alone when taken out of the file.
	for i, c := range goldenSheets {
		page := textOf(t, pdf, i+1, i+1)
		for _, want := range []string{c.person, "Page 1 of 1"} {
			if !strings.Contains(page, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
	}
	if err := Timesheets(io.Discard, nil); err == nil {
		t.Error("no sheets: no error")
	}
	if err := Timesheets(io.Discard, []*data.MonthSheet{nil}); err == nil {
		t.Error("a nil sheet: no error")
	}
}
