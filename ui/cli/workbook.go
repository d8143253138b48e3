package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"partnerdesk/data"
	"partnerdesk/export"
)

// exportXLSX runs `export xlsx`: the report workbook, to "<ACRONYM> report.xlsx" unless --out names a file.
func (a *app) exportXLSX(args []string) error {
	fs := flags("export xlsx")
	project := fs.String("project", "", "project")
	out := fs.String("out", "", `file or folder to write to (default "<ACRONYM> report.xlsx")`)
	asOf := fs.String("as-of", "", "an interim report's date YYYY-MM-DD: hours up to it, events held by it")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("export xlsx", "project", *project); err != nil {
		return err
	}
	doc, b, entries, err := a.workbookData(*project, *asOf)
	if err != nil {
		return err
	}
	path, name := *out, export.SafeFileName(doc.Project.Acronym+" report", ".xlsx")
	if path == "" {
		path = name
	} else if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		if path, err = export.JoinInside(path, name); err != nil {
			return err
		}
	}
	if err := export.WriteFile(path, func(w io.Writer) error { return export.Workbook(w, doc, b, entries) }); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "wrote %s: the workbook of %s (%d entries)\n", printable(path), printable(doc.Project.Acronym), len(entries))
	return nil
}

// exportCSV runs `export csv`: one of the workbook's tables as CSV, on standard output unless --out names a file.
func (a *app) exportCSV(args []string) error {
	fs := flags("export csv")
	project := fs.String("project", "", "project")
	table := fs.String("table", "", "table: "+strings.Join(export.CSVTables, ", "))
	out := fs.String("out", "", "file to write (standard output when omitted)")
	asOf := fs.String("as-of", "", "an interim report's date YYYY-MM-DD")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("export csv", "project", *project, "table", *table); err != nil {
		return err
	}
	if !slices.Contains(export.CSVTables, *table) {
		return usagef("export csv: --table %q: give one of %s", *table, strings.Join(export.CSVTables, ", "))
	}
	doc, b, entries, err := a.workbookData(*project, *asOf)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return export.CSV(w, doc, b, entries, *table) }
	if *out == "" || *out == "-" {
		return write(a.env.Stdout)
	}
	if err := export.WriteFile(*out, write); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "wrote %s: the %s of %s\n", printable(*out), *table, printable(doc.Project.Acronym))
	return nil
}

// workbookData loads what the workbook shows: the project, its budget and its entries, as of a
// date when one is given.
func (a *app) workbookData(ref, asOf string) (*data.Document, *data.Budget, []data.Entry, error) {
	at, err := asOfFlag(asOf)
	if err != nil {
		return nil, nil, nil, err
	}
	s, doc, err := a.projectDoc(ref)
	if err != nil {
		return nil, nil, nil, err
	}
	b, err := s.BudgetAsOf(doc.Project.ID, at)
	if err != nil {
		return nil, nil, nil, err
	}
	entries, err := s.Entries(doc.Project.ID, data.EntryFilter{})
	if err != nil {
		return nil, nil, nil, err
	}
	if !at.IsZero() {
		kept := entries[:0]
		for _, e := range entries {
			if !e.Date.After(at) {
				kept = append(kept, e)
			}
		}
		entries = kept
	}
	return doc, b, entries, nil
}

// asOfFlag reads --as-of: "" is the whole project.
func asOfFlag(v string) (data.Date, error) {
	if v == "" {
		return data.Date{}, nil
	}
	d, err := data.ParseDate(v)
	if err != nil {
		return data.Date{}, usagef("--as-of %q: %v", v, err)
	}
	return d, nil
}
