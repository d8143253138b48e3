package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"partnerdesk/data"
)

func (a *app) entriesEdit(args []string) error {
	fs := flags("entries edit")
	project := fs.String("project", "", "project")
	id := fs.String("id", "", "entry ID (see entries list)")
	date := fs.String("date", "", "new date YYYY-MM-DD")
	output := fs.String("output", "", "new output code")
	hours := fs.String("hours", "", "new hours")
	note := fs.String("note", "\x00", "new note")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("entries edit", "project", *project, "id", *id); err != nil {
		return err
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	list, err := s.Entries(doc.Project.ID, data.EntryFilter{})
	if err != nil {
		return err
	}
	var e *data.Entry
	for i := range list {
		if list[i].ID == *id {
			e = &list[i]
		}
	}
	if e == nil {
		return &data.NotFoundError{What: "entry", Ref: *id, Hint: "see `partnerdesk entries list`"}
	}
	if *date != "" {
		d, err := data.ParseDate(*date)
		if err != nil {
			return fmt.Errorf("--date %v", err)
		}
		e.Date = d
	}
	if *output != "" {
		o, err := data.FindOutput(doc, *output)
		if err != nil {
			return err
		}
		e.Output = o.ID
	}
	if *hours != "" {
		h, err := data.ParseHours(*hours)
		if err != nil {
			who := e.Person
			if p := doc.PersonByID(e.Person); p != nil {
				who = p.Name
			}
			return fmt.Errorf("entry %s for %s: --%v", e.Date, who, err)
		}
		e.Hours = h
	}
	if *note != "\x00" {
		e.Note = *note
	}
	got, warnings, err := s.EditEntry(doc.Project.ID, *e)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "changed entry %s: %s h on %s on %s (revision %d)\n", got.ID, got.Hours, printable(outputCode(doc, got.Output)), got.Date, got.Rev)
	for _, w := range warnings {
		fmt.Fprintf(a.env.Stderr, "warning: %s\n", printable(w))
	}
	return nil
}

func (a *app) entriesDelete(args []string) error {
	fs := flags("entries delete")
	project := fs.String("project", "", "project")
	id := fs.String("id", "", "entry ID (see entries list)")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("entries delete", "project", *project, "id", *id); err != nil {
		return err
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	e, err := s.DeleteEntry(doc.Project.ID, *id)
	if err != nil {
		return err
	}
	name := e.Person
	if p := doc.PersonByID(e.Person); p != nil {
		name = p.Name
	}
	fmt.Fprintf(a.env.Stdout, "deleted entry %s: %s h on %s for %s on %s\n", e.ID, e.Hours, printable(outputCode(doc, e.Output)), printable(name), e.Date)
	return nil
}

func outputCode(doc *data.Document, id string) string {
	if o := doc.OutputByID(id); o != nil {
		return o.Code
	}
	return id
}

// timesheet runs `timesheet submit|approve|reopen|show`.
func (a *app) timesheet(args []string) error {
	if len(args) == 0 {
		return usagef("timesheet: say submit, approve, reopen or show")
	}
	sub := args[0]
	state := map[string]string{"submit": data.StateSubmitted, "approve": data.StateApproved, "reopen": data.StateReopened}[sub]
	if state == "" && sub != "show" {
		return usagef("timesheet: unknown subcommand %q (submit, approve, reopen or show)", sub)
	}
	fs := flags("timesheet " + sub)
	project := fs.String("project", "", "project")
	person := fs.String("person", "", "whose month")
	month := fs.String("month", "", "YYYY-MM")
	by := fs.String("by", "", "who approves or reopens (a person of the project)")
	reason := fs.String("reason", "", "why the month is reopened (goes into the audit log)")
	if _, err := parse(fs, args[1:], 0); err != nil {
		return err
	}
	if err := need("timesheet "+sub, "project", *project, "person", *person, "month", *month); err != nil {
		return err
	}
	if (sub == "approve" || sub == "reopen") && *by == "" {
		return usagef("timesheet %s needs --by: the manager who %ss", sub, sub)
	}
	m, err := data.ParseMonth(*month)
	if err != nil {
		return usagef("timesheet %s: --month %v", sub, err)
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	p, err := data.FindPerson(doc, *person)
	if err != nil {
		return err
	}
	if sub == "show" {
		sheet, err := s.MonthSheet(doc.Project.ID, p.ID, m)
		if err != nil {
			return err
		}
		return printSheet(a.env.Stdout, sheet)
	}
	actor := p
	if *by != "" {
		if actor, err = data.FindPerson(doc, *by); err != nil {
			return err
		}
	}
	ap, err := s.Transition(doc.Project.ID, p.ID, m, state, actor.ID, *reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "timesheet %s of %s %s by %s at %s (entries sha256 %s…)\n", m, printable(p.Name), ap.State, printable(actor.Name),
		ap.At.Format("2006-01-02 15:04 MST"), ap.EntriesSHA256[:12])
	return nil
}

// printSheet writes a month sheet as a terminal grid: a row per worked or flagged day.
func printSheet(w io.Writer, sh *data.MonthSheet) error {
	fmt.Fprintf(w, "%s — %s (%s), %s, %s\n", printable(sh.Person.Name), printable(sh.Partner.Name), printable(sh.Category), sh.Month, sh.State)
	if sh.State == data.StateApproved {
		fmt.Fprintf(w, "approved by %s on %s\n", printable(sh.ApprovedBy), sh.Approval.At.Format("2006-01-02"))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{"DATE", "DAY"}
	for _, o := range sh.Outputs {
		head = append(head, fmt.Sprintf("%6s", printable(o.Code)))
	}
	fmt.Fprintln(tw, strings.Join(append(head, " TOTAL", "NOTE"), "\t"))
	for _, d := range sh.Days {
		if d.Total == 0 && d.Holiday == "" {
			continue
		}
		row := []string{d.Date.String(), d.Date.Weekday().String()[:3]}
		for _, h := range d.Hours {
			row = append(row, fmt.Sprintf("%6s", hoursCell(h)))
		}
		note := strings.Join(d.Notes, "; ")
		if d.Holiday != "" {
			note = strings.TrimPrefix(note+"; holiday: "+d.Holiday, "; ")
		}
		fmt.Fprintln(tw, strings.Join(append(row, fmt.Sprintf("%6s", hoursCell(d.Total)), printable(note)), "\t"))
	}
	sums := []string{"hours", ""}
	days := []string{"days", ""}
	for _, m := range sh.OutputSums {
		sums = append(sums, fmt.Sprintf("%6s", m))
		days = append(days, fmt.Sprintf("%6.2f", sh.DaysOf(m).Float()))
	}
	fmt.Fprintln(tw, strings.Join(append(sums, fmt.Sprintf("%6s", sh.Total), ""), "\t"))
	fmt.Fprintln(tw, strings.Join(append(days, fmt.Sprintf("%6.2f", sh.TotalDays().Float()), ""), "\t"))
	if err := tw.Flush(); err != nil {
		return err
	}
	if sh.RateKnown {
		fmt.Fprintf(w, "day rate %s, working day %s h: %s\n", sh.DayRate.Euro(), sh.WorkingDay, sh.Amount().Euro())
	}
	for _, c := range sh.Checks {
		fmt.Fprintf(w, "%s\n", printable(fmt.Sprint(c)))
	}
	return nil
}

func hoursCell(m data.Seconds) string {
	if m == 0 {
		return ""
	}
	return m.String()
}
