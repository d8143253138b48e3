package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"partnerdesk/data"
	"partnerdesk/export"
)

func (a *app) demo(args []string) error {
	fs := flags("demo")
	people := fs.Int("people", 8, "staff members")
	months := fs.Int("months", 12, "months of timesheet entries")
	seed := fs.Uint64("seed", 1, "random seed")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if *people < 1 || *people > 1000 {
		return usagef("demo: --people %d: give 1 to 1000", *people)
	}
	if *months < 1 || *months > 36 {
		return usagef("demo: --months %d: give 1 to 36 (a project runs at most 36 months)", *months)
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	a.progress("building the demo project (%d people, %d months)…", *people, *months)
	doc := data.Demo(data.DemoOptions{People: *people, Months: *months, Seed: *seed})
	a.progress("writing %d records…", total(doc.Counts()))
	res, err := s.Import(doc, data.ImportOptions{Source: "demo", Action: "demo"})
	if err != nil {
		return err
	}
	c := doc.Counts()
	fmt.Fprintf(a.env.Stdout, "demo project %s (%s): %d partners, %d people, %d outputs, %d events, %d participants, %d entries; %s\n",
		printable(res.Project.Acronym), printable(res.Project.Number), c[data.KindPartner], c[data.KindPerson], c[data.KindOutput],
		c[data.KindEvent], c[data.KindParticipant], c[data.KindEntry], summary(res))
	return nil
}

func total(c map[data.Kind]int) int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func summary(r data.ImportResult) string {
	if !r.Changed() {
		return fmt.Sprintf("nothing changed (%d records already there)", r.Unchanged+r.Older)
	}
	s := fmt.Sprintf("%d added, %d updated, %d deleted, %d unchanged", r.Added, r.Updated, r.Deleted, r.Unchanged)
	if r.Older > 0 {
		s += fmt.Sprintf(", %d older than the stored ones kept as stored", r.Older)
	}
	return s
}

func (a *app) importCmd(args []string) error {
	if len(args) > 0 && (args[0] == "people" || args[0] == "participants") {
		return a.importSheet(args[0], args[1:])
	}
	fs := flags("import")
	project := fs.String("project", "", "project of a document that carries none")
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import needs a FILE (or - for standard input)")
	}
	name := pos[0]
	var r io.Reader
	source := name
	if name == "-" {
		r, source = a.env.Stdin, "stdin"
	} else {
		f, err := os.Open(name)
		if err != nil {
			if os.IsNotExist(err) {
				return fmt.Errorf("%s: no such file", name)
			}
			return fmt.Errorf("%s: %w", name, unwrapPathError(err))
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			return fmt.Errorf("%s: is a folder, not a partnerdesk/1 file", name)
		}
		r = f
	}
	doc, err := data.DecodeDocument(r, source)
	if err != nil {
		return err
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	opt := data.ImportOptions{Source: source}
	if *project != "" {
		p, err := s.FindProject(*project)
		if err != nil {
			return err
		}
		opt.Project = p.ID
	}
	a.progress("importing %d records from %s…", total(doc.Counts()), source)
	res, err := s.Import(doc, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "imported %s into %s: %s\n", printable(source), printable(res.Project.Acronym), summary(res))
	return nil
}

func (a *app) export(args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "xlsx":
			return a.exportXLSX(args[1:])
		case "csv":
			return a.exportCSV(args[1:])
		}
	}
	if len(args) == 0 || args[0] != "json" {
		return usagef("export: say what to export: export json|xlsx|csv --project P [--out FILE]")
	}
	fs := flags("export json")
	project := fs.String("project", "", "project")
	out := fs.String("out", "", "file to write (standard output when omitted)")
	if _, err := parse(fs, args[1:], 0); err != nil {
		return err
	}
	if err := need("export json", "project", *project); err != nil {
		return err
	}
	s, p, err := a.project(*project)
	if err != nil {
		return err
	}
	doc, err := s.Export(p.ID)
	if err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		return doc.Encode(a.env.Stdout)
	}
	if err := export.WriteFile(*out, doc.Encode); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "wrote %s: %d records of %s\n", printable(*out), total(doc.Counts()), printable(p.Acronym))
	return nil
}

func (a *app) projects(args []string) error {
	if _, err := parse(flags("projects"), args, 0); err != nil {
		return err
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	list, err := s.Projects()
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(a.env.Stderr, "no projects yet: run `partnerdesk demo` or `partnerdesk import FILE`")
		return nil
	}
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNUMBER\tACRONYM\tRULES\tPERIOD\tTITLE")
	for _, p := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s – %s\t%s\n", printable(p.ID), printable(p.Number), printable(p.Acronym), printable(p.Rules), p.Start, p.End, printable(p.Title))
	}
	return tw.Flush()
}

// project opens the store and finds the project named on the command line.
func (a *app) project(ref string) (*data.Store, data.Project, error) {
	s, err := a.open()
	if err != nil {
		return nil, data.Project{}, err
	}
	p, err := s.FindProject(ref)
	return s, p, err
}

// projectDoc opens the store and loads the project named on the command line.
func (a *app) projectDoc(ref string) (*data.Store, *data.Document, error) {
	s, p, err := a.project(ref)
	if err != nil {
		return nil, nil, err
	}
	doc, err := s.Load(p.ID, data.LoadOptions{})
	return s, doc, err
}

func (a *app) entries(args []string) error {
	if len(args) == 0 {
		return usagef("entries: say list, add, edit or delete")
	}
	switch args[0] {
	case "list":
		return a.entriesList(args[1:])
	case "add":
		return a.entriesAdd(args[1:])
	case "edit":
		return a.entriesEdit(args[1:])
	case "delete":
		return a.entriesDelete(args[1:])
	}
	return usagef("entries: unknown subcommand %q (list, add, edit or delete)", args[0])
}

func (a *app) entriesList(args []string) error {
	fs := flags("entries list")
	project := fs.String("project", "", "project")
	person := fs.String("person", "", "person")
	month := fs.String("month", "", "month YYYY-MM")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("entries list", "project", *project); err != nil {
		return err
	}
	var f data.EntryFilter
	if *month != "" {
		m, err := data.ParseMonth(*month)
		if err != nil {
			return usagef("entries list: --month %v", err)
		}
		f.Month = m
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	if *person != "" {
		p, err := data.FindPerson(doc, *person)
		if err != nil {
			return err
		}
		f.Person = p.ID
	}
	list, err := s.Entries(doc.Project.ID, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tPERSON\tOUTPUT\tHOURS\tNOTE\tID")
	var sum data.Seconds
	for _, e := range list {
		name, code := e.Person, e.Output
		if p := doc.PersonByID(e.Person); p != nil {
			name = p.Name
		}
		if o := doc.OutputByID(e.Output); o != nil {
			code = o.Code
		}
		sum += e.Hours
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Date, printable(name), printable(code), e.Hours, printable(e.Note), printable(e.ID))
	}
	fmt.Fprintf(tw, "\t%d entries\t\t%s\t\t\n", len(list), sum)
	return tw.Flush()
}

func (a *app) entriesAdd(args []string) error {
	fs := flags("entries add")
	project := fs.String("project", "", "project")
	person := fs.String("person", "", "person")
	date := fs.String("date", "", "date YYYY-MM-DD")
	output := fs.String("output", "", "output code")
	hours := fs.String("hours", "", "hours, e.g. 6.5 or 6:30")
	note := fs.String("note", "", "note")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("entries add", "project", *project, "person", *person, "date", *date, "output", *output, "hours", *hours); err != nil {
		return err
	}
	d, err := data.ParseDate(*date)
	if err != nil {
		return fmt.Errorf("--date %v", err)
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	p, err := data.FindPerson(doc, *person)
	if err != nil {
		return err
	}
	o, err := data.FindOutput(doc, *output)
	if err != nil {
		return err
	}
	h, err := data.ParseHours(*hours)
	if err != nil {
		return fmt.Errorf("entry %s for %s: --%v", d, p.Name, err)
	}
	e, warnings, err := s.AddEntry(doc.Project.ID, data.Entry{Person: p.ID, Date: d, Output: o.ID, Hours: h, Note: *note})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "added %s h on %s for %s on %s (entry %s)\n", e.Hours, printable(o.Code), printable(p.Name), e.Date, e.ID)
	for _, w := range warnings {
		fmt.Fprintf(a.env.Stderr, "warning: %s\n", printable(w))
	}
	return nil
}

func (a *app) budget(args []string) error {
	fs := flags("budget")
	project := fs.String("project", "", "project")
	asJSON := fs.Bool("json", false, "print the budget JSON of partnerdesk/1")
	asOf := fs.String("as-of", "", "an interim budget's date YYYY-MM-DD: hours up to it, events held by it, months elapsed")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("budget", "project", *project); err != nil {
		return err
	}
	at, err := asOfFlag(*asOf)
	if err != nil {
		return err
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	b, err := s.BudgetAsOf(doc.Project.ID, at)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.env.Stdout)
		enc.SetIndent("", " ")
		return enc.Encode(b)
	}
	return printBudget(a.env.Stdout, doc, b)
}

// printBudget writes the budget as a table people read: names and codes, not IDs.
func printBudget(w io.Writer, doc *data.Document, b *data.Budget) error {
	name := func(id string) string { return printable(doc.PartnerLabel(id)) }
	code := func(id string) string { return printable(doc.RefCode(id)) }
	fmt.Fprintf(w, "Budget of %s (%s), %s, in EUR", printable(doc.Project.Acronym), printable(doc.Project.Number), b.Rules)
	if b.AsOf != "" {
		fmt.Fprintf(w, ", as of %s (hours up to that day, events ended by then)", b.AsOf)
	}
	fmt.Fprint(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if b.Rules == data.Rules2021 {
		fmt.Fprintln(tw, "WORK PACKAGE\tORGANISATION\t   ALLOCATED\t    DAYS\t  STAFF COST")
		for _, l := range b.Lines {
			fmt.Fprintf(tw, "%s\t%s\t%12s\t%8.2f\t%12s\n", code(l.Output), name(l.Partner), l.Allocated.Euro(), l.Days.Float(), l.StaffCost.Euro())
			for _, p := range l.Staff {
				if p.Days == 0 {
					continue
				}
				fmt.Fprintf(tw, "  %s\t%s × %s (%s)\t\t%8.2f\t%12s\n", printable(p.StaffCategory), "days", p.Rate.Euro(), rateSource(p.RateSource), p.Days.Float(), p.Amount.Euro())
			}
		}
		fmt.Fprintf(tw, "allocated\t\t%12s\t\t\nstaff cost\t\t\t\t%12s\nlump sum\t\t%12s\t\t\n", b.Totals.Allocated.Euro(), b.Totals.StaffCost.Euro(), b.Totals.LumpSum.Euro())
	} else {
		fmt.Fprintln(tw, "CATEGORY\tORGANISATION\tITEM\t        QUANTITY\t    RATE\t      AMOUNT")
		for _, l := range b.Lines {
			item, qty, rate := "", "", ""
			switch l.Category {
			case data.BudgetManagement:
				qty = fmt.Sprintf("%d months", l.Months)
			case data.BudgetOutputs:
				item, qty, rate = code(l.Output)+" "+printable(l.StaffCategory), fmt.Sprintf("%.2f days", l.Days.Float()), l.Rate.Euro()
				if l.OwnRate != nil {
					rate += " (own " + l.OwnRate.Euro() + ")"
				}
			case data.BudgetSpecialNeeds, data.BudgetExceptional:
				item, qty = "real cost", l.RealCost.Euro()
			default:
				item, qty = code(l.Event), plural(l.Participants, "participant")
			}
			amount := l.Amount.Euro()
			if l.CappedFrom != nil {
				amount += " (capped from " + l.CappedFrom.Euro() + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%16s\t%8s\t%12s\n", strings.ReplaceAll(l.Category, "_", " "), name(l.Partner), item, qty, rate, amount)
		}
		t := b.Totals
		fmt.Fprintln(tw, "\t\t\t\t\t")
		for _, row := range []struct {
			label string
			v     *data.Cents
		}{{"project management", t.ProjectManagement}, {"intellectual outputs", t.IntellectualOutputs},
			{"transnational meetings", t.TransnationalMeetings}, {"multiplier events", t.MultiplierEvents},
			{"learning activities", t.LearningActivities}, {"special needs support", t.SpecialNeeds},
			{"exceptional costs", t.Exceptional}, {"TOTAL", t.Total}} {
			if row.v != nil {
				fmt.Fprintf(tw, "%s\t\t\t\t\t%12s\n", row.label, row.v.Euro())
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(b.Granted) > 0 {
		fmt.Fprintln(w, "\nGranted against reported")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ORGANISATION\tCATEGORY\t     GRANTED\t    REPORTED\t   REMAINING")
		for _, pb := range b.Partners {
			for _, cat := range append(append([]string(nil), data.BudgetCategories...), data.BudgetTotal) {
				if g, ok := pb.Granted[cat]; ok {
					fmt.Fprintf(tw, "%s\t%s\t%12s\t%12s\t%12s\n", name(pb.Partner), strings.ReplaceAll(cat, "_", " "), g.Euro(), pb.Reported[cat].Euro(), pb.Remaining[cat].Euro())
				}
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, warn := range b.Warnings {
		fmt.Fprintf(w, "warning: %s\n", printable(warn))
	}
	fmt.Fprintln(w, "\nThe figures are the programme's defaults; the grant agreement is what binds.")
	return nil
}

// plural says "1 participant" and "3 participants".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// check runs `check`: bbolt's page-by-page check of the database, and the backups to go back to.
func (a *app) check(args []string) error {
	if _, err := parse(flags("check"), args, 0); err != nil {
		return err
	}
	rep, err := data.Verify(a.dbPath, a.env.DBTimeout)
	if err != nil {
		return err
	}
	backups, err := data.Backups(a.dbPath)
	if err != nil {
		return err
	}
	w := a.env.Stdout
	path := printable(a.dbPath)
	if len(rep.Problems) == 0 {
		fmt.Fprintf(w, "database %s: OK (schema %d, %s)\n", path, rep.Schema, size(rep.Size))
	} else {
		fmt.Fprintf(w, "database %s: DAMAGED\n", path)
		for _, p := range rep.Problems {
			fmt.Fprintf(w, "  %s\n", printable(p))
		}
	}
	dir := printable(data.BackupDir(a.dbPath))
	if len(backups) == 0 {
		fmt.Fprintf(w, "no automatic backups yet in %s (one is made each day the database is opened, and before each upgrade)\n", dir)
	} else {
		fmt.Fprintf(w, "automatic backups in %s, newest first:\n", dir)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, b := range backups {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", printable(filepath.Base(b.Path)), b.Time.Format("2006-01-02 15:04 UTC"), size(b.Size), b.Why)
		}
		tw.Flush()
		fmt.Fprintf(w, "to go back to one (the current file is kept beside it): partnerdesk restore %s\n", printable(filepath.Base(backups[0].Path)))
	}
	if len(rep.Problems) == 0 {
		return nil
	}
	way := "no automatic backup to restore: import your last export (partnerdesk import FILE) into a new database"
	if len(backups) > 0 {
		way = "restore the last automatic backup with `partnerdesk restore " + filepath.Base(backups[0].Path) + "`"
	}
	return fmt.Errorf("database %s is damaged (%s): %s", a.dbPath, rep.Problems[0], way)
}

// restore runs `restore BACKUP`: a backup (a file, or a name `check` lists) takes the database's place.
func (a *app) restore(args []string) error {
	pos, err := parse(flags("restore"), args, 1)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("restore needs a BACKUP: a file, or one of the names `partnerdesk check` lists")
	}
	b := pos[0]
	if _, err := os.Stat(b); err != nil && filepath.Base(b) == b {
		b = filepath.Join(data.BackupDir(a.dbPath), b)
	}
	kept, err := data.Restore(a.dbPath, b, a.env.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "restored %s from %s\n", printable(a.dbPath), printable(b))
	if kept != "" {
		fmt.Fprintf(a.env.Stdout, "the file it replaced is kept as %s\n", printable(kept))
	}
	return nil
}

// size says a file's size the way people read it.
func size(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 10<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// rateSource says in words where a day rate comes from.
func rateSource(s string) string {
	switch s {
	case data.RateOwn:
		return "own rate"
	case data.RateEstimate:
		return "estimate: 2014–2020 table"
	}
	return "unit cost"
}
