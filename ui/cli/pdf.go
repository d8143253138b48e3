package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"partnerdesk/data"
	"partnerdesk/export"
)

// pdf runs `pdf timesheet|timesheets|output|budget|attendance|certificates`.
func (a *app) pdf(args []string) error {
	if len(args) == 0 {
		return usagef("pdf: say which document: timesheet, timesheets, output, budget, attendance or certificates")
	}
	sub := args[0]
	fs := flags("pdf " + sub)
	project := fs.String("project", "", "project")
	out := fs.String("out", "", "file to write")
	var person, month, from, to, output, event *string
	asOf := new(string)
	switch sub {
	case "timesheet":
		person, month = fs.String("person", "", "person"), fs.String("month", "", "YYYY-MM")
	case "timesheets":
		from, to = fs.String("from", "", "first month YYYY-MM"), fs.String("to", "", "last month YYYY-MM")
	case "output":
		output = fs.String("output", "", "output code")
		asOf = fs.String("as-of", "", "an interim report's date YYYY-MM-DD")
	case "attendance", "certificates":
		event = fs.String("event", "", "event code")
	case "budget":
		asOf = fs.String("as-of", "", "an interim report's date YYYY-MM-DD: hours up to it, events held by it, months elapsed")
	default:
		return usagef("pdf: unknown document %q (timesheet, timesheets, output, budget, attendance or certificates)", sub)
	}
	if _, err := parse(fs, args[1:], 0); err != nil {
		return err
	}
	if err := need("pdf "+sub, "project", *project); err != nil {
		return err
	}
	at, err := asOfFlag(*asOf)
	if err != nil {
		return err
	}
	if sub == "timesheets" && *out == "" {
		return usagef("pdf timesheets needs --out DIR: the folder for the PDFs")
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	p := doc.Project
	var name string
	var write func(io.Writer) error
	switch sub {
	case "timesheet":
		if err := need("pdf timesheet", "person", *person, "month", *month); err != nil {
			return err
		}
		m, err := a.projectMonth(p, *month, "--month")
		if err != nil {
			return err
		}
		who, err := data.FindPerson(doc, *person)
		if err != nil {
			return err
		}
		sheet, err := s.MonthSheet(p.ID, who.ID, m)
		if err != nil {
			return err
		}
		name = fmt.Sprintf("%s timesheet %s %s", p.Acronym, m, who.Name)
		write = func(w io.Writer) error { return export.Timesheet(w, sheet) }
	case "timesheets":
		return a.pdfBatch(s, doc, *from, *to, *out)
	case "output":
		if err := need("pdf output", "output", *output); err != nil {
			return err
		}
		o, err := data.FindOutput(doc, *output)
		if err != nil {
			return err
		}
		b, err := s.BudgetAsOf(p.ID, at)
		if err != nil {
			return err
		}
		work, err := s.WorkAsOf(p.ID, at)
		if err != nil {
			return err
		}
		name = fmt.Sprintf("%s %s report", p.Acronym, o.Code)
		write = func(w io.Writer) error { return export.OutputReport(w, doc, b, work, o.ID) }
	case "budget":
		b, err := s.BudgetAsOf(p.ID, at)
		if err != nil {
			return err
		}
		name = fmt.Sprintf("%s budget report", p.Acronym)
		if !at.IsZero() {
			name += " as of " + at.String()
		}
		write = func(w io.Writer) error { return export.BudgetReport(w, doc, b) }
	case "attendance", "certificates":
		if err := need("pdf "+sub, "event", *event); err != nil {
			return err
		}
		e, err := data.FindEvent(doc, *event)
		if err != nil {
			return err
		}
		if sub == "attendance" {
			name = fmt.Sprintf("%s %s attendance list", p.Acronym, e.Code)
			write = func(w io.Writer) error { return export.AttendanceList(w, doc, e.ID) }
		} else {
			name = fmt.Sprintf("%s %s certificates", p.Acronym, e.Code)
			write = func(w io.Writer) error { return export.Certificates(w, doc, e.ID) }
		}
	}
	// The default name comes from record text: one safe file name, inside the folder it is meant for.
	path := *out
	if fi, err := os.Stat(path); path == "" || (err == nil && fi.IsDir()) {
		dir := path
		if dir == "" {
			dir = "."
		}
		if path, err = export.JoinInside(dir, export.SafeFileName(name, ".pdf")); err != nil {
			return err
		}
	}
	if err := export.WriteFile(path, write); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "wrote %s\n", printable(path))
	return nil
}

// projectMonth parses a month and refuses one outside the project.
func (a *app) projectMonth(p *data.Project, s, flag string) (data.Month, error) {
	m, err := data.ParseMonth(s)
	if err != nil {
		return data.Month{}, usagef("%s %v", flag, err)
	}
	if m.Last().Before(p.Start) || m.First().After(p.End) {
		return data.Month{}, fmt.Errorf("%s %s is outside project %s (%s – %s)", flag, m, p.Acronym, p.Start.Month(), p.End.Month())
	}
	return m, nil
}

// pdfBatch writes every person-month with entries in the range: one PDF each and one combined.
func (a *app) pdfBatch(s *data.Store, doc *data.Document, from, to, dir string) error {
	p := doc.Project
	var fm, tm data.Month
	var err error
	if from != "" {
		if fm, err = a.projectMonth(p, from, "--from"); err != nil {
			return err
		}
	}
	if to != "" {
		if tm, err = a.projectMonth(p, to, "--to"); err != nil {
			return err
		}
	}
	if fm.Year != 0 && tm.Year != 0 && tm.First().Before(fm.First()) {
		return fmt.Errorf("--to %s is before --from %s", tm, fm)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot write to %s: %w", dir, unwrapPathError(err))
	}
	keys, err := s.SheetsWithWork(p.ID, fm, tm)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return fmt.Errorf("no timesheet entries in %s between %s and %s", p.Acronym, orMonth(fm, p.Start), orMonth(tm, p.End))
	}
	a.progress("reading %d timesheets…", len(keys))
	sheets, err := s.MonthSheets(p.ID, keys)
	if err != nil {
		return err
	}
	_, err = export.TimesheetBatch(context.Background(), dir, sheets, func(done, total int) {
		if a.env.Progress {
			fmt.Fprintf(a.env.Stderr, "\r%d of %d timesheets", done, total)
			if done == total {
				fmt.Fprintln(a.env.Stderr)
			}
		}
	})
	if err != nil {
		return err
	}
	errs := 0
	for _, sh := range sheets {
		errs += sh.Errors()
	}
	fmt.Fprintf(a.env.Stdout, "wrote %d timesheets and a combined PDF to %s\n", len(sheets), printable(dir))
	if errs > 0 {
		fmt.Fprintf(a.env.Stderr, "warning: %d error(s) on the sheets (see the checks printed on them)\n", errs)
	}
	return nil
}

func orMonth(m data.Month, d data.Date) string {
	if m.Year == 0 {
		return d.Month().String()
	}
	return m.String()
}
