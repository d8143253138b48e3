package export

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"partnerdesk/data"
)

func TestOutputReportGolden(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	for _, code := range []string{"O1", "O2"} {
		t.Run(code, func(t *testing.T) {
			pdf := render(t, func(w io.Writer) error { return OutputReport(w, f.doc, b, f.work(t), code) })
			golden(t, "output-"+strings.ToLower(code), textOf(t, pdf))
		})
	}
}

func TestOutputReportContent(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	text := textOf(t, render(t, func(w io.Writer) error { return OutputReport(w, f.doc, b, f.work(t), "O1") }))
	for _, want := range []string{
		"Intellectual output report", "Bericht zum geistigen Ergebnis", // the lead is Austrian
		"Curriculum for green skills trainers", "A modular curriculum of 8 units.",
		"Volkshochschule Graz-Süd", "2019-10-01 – 2020-09-30",
		"Fundacja Zielona Łódź", "Κέντρο Διά Βίου Μάθησης Πάτρας",
		"294.00", "1,323.00", // Johanna Größinger, manager, 4.5 days at group 1
		"Subtotal VHS", "115.00", "53.56", "9,580.96", // the sum of the printed lines
		"Short-term joint staff training", "Green skills day Łódź",
		"the grant agreement is what binds", "Page 1 of 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the O1 report lacks %q", want)
		}
	}
	// O2 has planned days and no work yet: the plan shows against zero.
	text = textOf(t, render(t, func(w io.Writer) error { return OutputReport(w, f.doc, b, f.work(t), "O2") }))
	for _, want := range []string{"Open learning platform", "Raport z rezultatu pracy intelektualnej", "60.00", "15.00", "75.00", "Сдружение „Зелено бъдеще“"} {
		if !strings.Contains(text, want) {
			t.Errorf("the O2 report lacks %q", want)
		}
	}
}

func TestOutputReportBadInput(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	err := OutputReport(io.Discard, f.doc, b, f.work(t), "O9")
	var nf *data.NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), `"O9"`) {
		t.Errorf("unknown output: %v, want an error naming O9", err)
	}
	if err := OutputReport(io.Discard, f.doc, nil, f.work(t), "O1"); err == nil || !strings.Contains(err.Error(), "budget") {
		t.Errorf("no budget: %v", err)
	}
	if err := OutputReport(io.Discard, &data.Document{}, b, nil, "O1"); err == nil {
		t.Error("no project: no error")
	}
}

func TestBudgetReportGolden(t *testing.T) {
	f := greenskills(t)
	pdf := render(t, func(w io.Writer) error { return BudgetReport(w, f.doc, f.budget(t)) })
	golden(t, "budget", textOf(t, pdf))
}

func TestBudgetReportContent(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	pdf := render(t, func(w io.Writer) error { return BudgetReport(w, f.doc, b) })
	text := textOf(t, pdf)
	for _, want := range []string{
		"Budget report", "Budgetbericht", // the coordinator is Austrian
		"Erasmus+ 2014–2020 Strategic", "30 months", "375,000.00 EUR",
		"Project management and implementation", "15,000.00", "37,500.00",
		"Intellectual outputs", "Planned days", "9,580.96", // printed days × rate, summed
		"Transnational project meetings", "1,725.00",
		"Multiplier events", "1,400.00",
		"Learning, teaching and training activities", "1,610.00",
		"Summary per organisation", "22,805.96", "51,815.96",
		"the grant agreement is what binds", "Figures to check against the grant agreement",
		"Page 1 of 2", "Page 2 of 2",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the budget report lacks %q", want)
		}
	}
	if total := money(*b.Totals.Total); !strings.Contains(text, total) {
		t.Errorf("the budget report lacks the total %s", total)
	}
}

// TestBudgetReportCapsAndWarnings: a capped line shows the amount before the cap, and warnings are listed.
func TestBudgetReportCapsAndWarnings(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	for i := range b.Lines {
		if b.Lines[i].Category == data.BudgetMultiplier {
			before, after := data.Cents(3500000), data.Cents(3000000)
			b.Lines[i].CappedFrom, b.Lines[i].Amount = &before, &after
		}
	}
	b.Warnings = append(b.Warnings, "E1: multiplier events are capped at 30000.00 per project")
	text := flatText(t, render(t, func(w io.Writer) error { return BudgetReport(w, f.doc, b) }))
	for _, want := range []string{"Before the cap (EUR)", "35,000.00", "30,000.00", "Warnings", "E1: multiplier events are capped at 30000.00 per project"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
}

// TestLongBudgetBreaksPages: the large demo's budget runs over pages, each table page under its header.
func TestLongBudgetBreaksPages(t *testing.T) {
	doc := data.Demo(data.DemoOptions{People: 40, Months: 36, Seed: 1})
	b, err := data.ComputeBudget(doc, data.WorkFromEntries(doc.Entries))
	if err != nil {
		t.Fatal(err)
	}
	pdf := render(t, func(w io.Writer) error { return BudgetReport(w, doc, b) })
	n := pageCount(t, pdf)
	if n < 3 {
		t.Fatalf("%d pages: expected the intellectual-output table to run over several", n)
	}
	// Page 2 continues the intellectual outputs: the table header is there again.
	p2 := textOf(t, pdf, 2, 2)
	for _, want := range []string{"Output", "Organisation", "Staff category", "Planned days", "Amount (EUR)", "CRAFTLINK", "Page 2 of " + itoa(n)} {
		if !strings.Contains(p2, want) {
			t.Errorf("page 2 lacks %q:\n%s", want, p2)
		}
	}
	if !strings.Contains(textOf(t, pdf), money(*b.Totals.Total)) {
		t.Errorf("the total %s is missing", money(*b.Totals.Total))
	}
	pngPage1(t, "budget-long-p2", pdf, 2)
}

// lumpSumDocument turns greenskills into a 2021–2027 cooperation partnership with two work packages.
func lumpSumDocument(t *testing.T) (*data.Document, *data.Budget) {
	t.Helper()
	f, err := os.Open("../data/testdata/greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := data.DecodeDocument(f, "greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Project
	p.Rules, p.Action, p.Number, p.LumpSum = data.Rules2021, "KA220-ADU", "2021-1-AT01-KA220-ADU-000012345", 25000000
	for i := range doc.Outputs {
		o := &doc.Outputs[i]
		o.Kind, o.Code = data.OutputWorkPackage, "WP"+itoa(i+1)
		o.Planned = nil
		for j, pa := range doc.Partners {
			o.Allocation = append(o.Allocation, data.Allocation{Partner: pa.ID, Amount: data.Cents(2000000 + 500000*j)})
		}
	}
	b, err := data.ComputeBudget(doc, data.WorkFromEntries(doc.Entries))
	if err != nil {
		t.Fatal(err)
	}
	return doc, b
}

func TestWorkPackageReports(t *testing.T) {
	doc, b := lumpSumDocument(t)
	pdf := render(t, func(w io.Writer) error { return OutputReport(w, doc, b, nil, "WP1") })
	golden(t, "output-wp1-2021", textOf(t, pdf))
	text := textOf(t, pdf)
	for _, want := range []string{"Work package report", "Bericht zum Arbeitspaket", "Co-funded by the European Union",
		"Allocated (EUR)", "Staff cost (EUR)", "20,000.00", "Volkshochschule Graz-Süd"} {
		if !strings.Contains(text, want) {
			t.Errorf("the WP1 report lacks %q", want)
		}
	}
	pdf = render(t, func(w io.Writer) error { return BudgetReport(w, doc, b) })
	text = textOf(t, pdf)
	for _, want := range []string{"Work packages", "Lump sum", "250,000.00", "Not allocated", money(*b.Totals.Allocated), money(*b.Totals.StaffCost)} {
		if !strings.Contains(text, want) {
			t.Errorf("the 2021 budget report lacks %q", want)
		}
	}
}

func TestResultReport(t *testing.T) {
	doc, b := lumpSumDocument(t)
	doc.Outputs[1].Kind, doc.Outputs[1].Code = data.OutputResult, "R1"
	text := flatText(t, render(t, func(w io.Writer) error { return OutputReport(w, doc, b, nil, "R1") }))
	for _, want := range []string{"Project result report", "Open learning platform", "Project results carry no budget of their own"} {
		if !strings.Contains(text, want) {
			t.Errorf("the result report lacks %q", want)
		}
	}
}

func TestAttendanceListGolden(t *testing.T) {
	f := greenskills(t)
	for _, code := range []string{"M1", "E1"} {
		t.Run(code, func(t *testing.T) {
			pdf := render(t, func(w io.Writer) error { return AttendanceList(w, f.doc, code) })
			golden(t, "attendance-"+strings.ToLower(code), textOf(t, pdf))
		})
	}
}

func TestAttendanceListContent(t *testing.T) {
	f := greenskills(t)
	text := textOf(t, render(t, func(w io.Writer) error { return AttendanceList(w, f.doc, "M1") }))
	for _, want := range []string{
		"Attendance list", "Anwesenheitsliste", "Kick-off meeting", "M1", "Transnational project meeting",
		"2019-10-14 – 2019-10-15", "Graz, Austria", "Volkshochschule Graz-Süd",
		"Małgorzata Wójcik", "Fundacja Zielona Łódź", "ul. Piotrkowska 12, 90-001 Łódź", "Poland",
		"Ελένη Παπαδοπούλου", "Μαιζώνος 20, 262 21 Πάτρα", "Greece",
		"Стоян Петров", "ул. Главна 5, 4000 Пловдив", "Bulgaria",
		"Signature", "Unterschrift", "8.", // walk-in rows after the three participants
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the attendance list lacks %q", want)
		}
	}
	// Participants from outside the partnership keep their own organisation, in natural order.
	text = textOf(t, render(t, func(w io.Writer) error { return AttendanceList(w, f.doc, "E1") }))
	if i, j := strings.Index(text, "Szkoła nr 2 "), strings.Index(text, "Szkoła nr 10"); i < 0 || j < 0 || i > j {
		t.Errorf("Szkoła nr 2 should come before Szkoła nr 10")
	}
}

// TestLongAttendanceList: 80 participants run over pages with the header repeated, then at least five blank rows.
func TestLongAttendanceList(t *testing.T) {
	f := greenskills(t)
	doc := *f.doc
	e, err := data.FindEvent(&doc, "M1")
	if err != nil {
		t.Fatal(err)
	}
	doc.Participants = nil
	for i := range 80 {
		doc.Participants = append(doc.Participants, data.Participant{
			ID: "p" + itoa(i), Event: e.ID, Name: "Teilnehmerin " + itoa(i+1), Organisation: "Verein Nummer " + itoa(i+1), Country: "AT",
		})
	}
	pdf := render(t, func(w io.Writer) error { return AttendanceList(w, &doc, "M1") })
	n := pageCount(t, pdf)
	if n < 4 {
		t.Fatalf("%d pages for 80 participants", n)
	}
	p2 := textOf(t, pdf, 2, 2)
	for _, want := range []string{"No.", "Name", "Organisation and address", "Country", "Signature", "Einrichtung und Anschrift", "Page 2 of " + itoa(n)} {
		if !strings.Contains(p2, want) {
			t.Errorf("page 2 lacks the header %q:\n%s", want, p2)
		}
	}
	all := textOf(t, pdf)
	for _, want := range []string{"Teilnehmerin 1 ", "Teilnehmerin 80", "85."} {
		if !strings.Contains(all, want) {
			t.Errorf("lacks %q", want)
		}
	}
	pngPage1(t, "attendance-long-p2", pdf, 2)
}

func TestCertificatesGolden(t *testing.T) {
	f := greenskills(t)
	pdf := render(t, func(w io.Writer) error { return Certificates(w, f.doc, "C1") })
	golden(t, "certificates-c1", textOf(t, pdf))
}

func TestCertificatesContent(t *testing.T) {
	f := greenskills(t)
	pdf := render(t, func(w io.Writer) error { return Certificates(w, f.doc, "C1") })
	if n := pageCount(t, pdf); n != 2 {
		t.Fatalf("%d pages for two participants", n)
	}
	for i, name := range []string{"Paweł Żak", "Lukas Hofer"} {
		page := textOf(t, pdf, i+1, i+1)
		for _, want := range []string{
			"Certificate of Attendance", "Βεβαίωση συμμετοχής", name, "Short-term joint staff training",
			"from 2020-02-10 to 2020-02-14", "από 10 Φεβρουαρίου 2020 έως 14 Φεβρουαρίου 2020", "Πάτρα, Greece", "5 days",
			"Κέντρο Διά Βίου Μάθησης Πάτρας", "For the receiving organisation", "Πάτρα, 2020-02-14",
			"Page 1 of 1",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("certificate %d lacks %q", i+1, want)
			}
		}
	}
}

func TestEventDocumentsRefuseWrongKinds(t *testing.T) {
	f := greenskills(t)
	for _, c := range []struct {
		name  string
		err   error
		wants []string
	}{
		{"certificates of a meeting", Certificates(io.Discard, f.doc, "M1"), []string{"M1", "Kick-off meeting", "transnational meeting", "certificates"}},
		{"certificates of a multiplier event", Certificates(io.Discard, f.doc, "E1"), []string{"E1", "multiplier event"}},
		{"unknown event", AttendanceList(io.Discard, f.doc, "X9"), []string{`"X9"`, "does not exist"}},
		{"unknown event, certificates", Certificates(io.Discard, f.doc, "0192a000-dead"), []string{"0192a000-dead"}},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, want := range c.wants {
			if !strings.Contains(c.err.Error(), want) {
				t.Errorf("%s: %q does not say %q", c.name, c.err, want)
			}
		}
	}
}

// TestNamesRoundTrip: every name of the example comes back out of the PDFs as it went in.
func TestNamesRoundTrip(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	var all strings.Builder
	for _, c := range goldenSheets {
		s := f.sheet(t, c.person, c.month)
		all.WriteString(flatText(t, render(t, func(w io.Writer) error { return Timesheet(w, s) })))
	}
	for _, p := range f.doc.People {
		for _, m := range []string{"2019-10", "2019-11", "2019-12"} {
			s := f.sheet(t, p.Name, m)
			if len(s.Entries) > 0 {
				all.WriteString(flatText(t, render(t, func(w io.Writer) error { return Timesheet(w, s) })))
				break
			}
		}
	}
	for _, fn := range []func(io.Writer) error{
		func(w io.Writer) error { return BudgetReport(w, f.doc, b) },
		func(w io.Writer) error { return AttendanceList(w, f.doc, "M1") },
		func(w io.Writer) error { return AttendanceList(w, f.doc, "E1") },
		func(w io.Writer) error { return Certificates(w, f.doc, "C1") },
	} {
		all.WriteString(flatText(t, render(t, fn)))
	}
	text := all.String()
	var names []string
	for _, p := range f.doc.Partners {
		names = append(names, p.Name, p.Address)
	}
	for _, p := range f.doc.Participants {
		names = append(names, p.Name)
	}
	for _, p := range f.doc.People {
		if p.Name != "Paweł Żak" && p.Name != "Стоян Петров" { // no hours in the example, but listed at events
			names = append(names, p.Name)
		}
	}
	for _, e := range f.doc.Events {
		names = append(names, e.Title, e.City)
	}
	for _, n := range names {
		if !strings.Contains(text, n) {
			t.Errorf("%q does not come back out of the PDFs", n)
		}
	}
}
