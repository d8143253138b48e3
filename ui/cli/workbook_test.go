package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"partnerdesk/export"
)

func TestExportXLSXAndCSV(t *testing.T) {
	db := tempDB(t)
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "gs.xlsx")
	r := pd(t, db, "export", "xlsx", "--project", "GREENSKILLS", "--out", out)
	if r.code != 0 || !strings.Contains(r.stderr, "wrote "+out) {
		t.Fatalf("export xlsx: %+v", r)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("Entries")
	if err != nil || len(rows) < 50 {
		t.Errorf("entries sheet: %d rows, %v", len(rows), err)
	}

	// The default name is the acronym's, in the current folder.
	t.Chdir(dir)
	if r := pd(t, db, "export", "xlsx", "--project", "GREENSKILLS"); r.code != 0 {
		t.Fatalf("export xlsx without --out: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "GREENSKILLS report.xlsx")); err != nil {
		t.Errorf("default file: %v", err)
	}

	// A folder gets the default name inside it.
	sub := filepath.Join(dir, "evidence")
	os.Mkdir(sub, 0o755)
	if r := pd(t, db, "export", "xlsx", "--project", "GREENSKILLS", "--out", sub); r.code != 0 {
		t.Fatalf("export xlsx --out DIR: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(sub, "GREENSKILLS report.xlsx")); err != nil {
		t.Errorf("into a folder: %v", err)
	}

	// CSV on standard output, and into a file.
	r = pd(t, db, "export", "csv", "--project", "GREENSKILLS", "--table", "people")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "\uFEFF") {
		t.Fatalf("export csv: %+v", r)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.stdout, "\uFEFF")))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, rec := range recs {
		names = append(names, rec[0])
	}
	for _, want := range []string{"Paweł Żak", "Ελένη Παπαδοπούλου", "Стоян Петров"} {
		if !strings.Contains(strings.Join(names, "\n"), want) {
			t.Errorf("people CSV lacks %s: %q", want, names)
		}
	}
	file := filepath.Join(dir, "budget.csv")
	if r := pd(t, db, "export", "csv", "--project", "GREENSKILLS", "--table", "budget", "--out", file); r.code != 0 || r.stdout != "" {
		t.Fatalf("export csv --out: %+v", r)
	}
	if b, err := os.ReadFile(file); err != nil || !bytes.Contains(b, []byte("project_management;")) {
		t.Errorf("budget CSV: %v %q", err, b)
	}
}

func TestExportXLSXAndCSVErrors(t *testing.T) {
	db := tempDB(t)
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	for _, args := range [][]string{
		{"export", "xlsx"},
		{"export", "csv", "--project", "GREENSKILLS"},
		{"export", "csv", "--project", "GREENSKILLS", "--table", "nope"},
		{"export", "xlsx", "--project", "GREENSKILLS", "stray"},
		{"export", "pdf"},
	} {
		if r := pd(t, db, args...); r.code != 2 {
			t.Errorf("%q: exit %d, want 2: %s", args, r.code, r.stderr)
		}
	}
	bad := filepath.Join(t.TempDir(), "missing", "x.xlsx")
	r := pd(t, db, "export", "xlsx", "--project", "GREENSKILLS", "--out", bad)
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("unwritable --out: %+v", r)
	}
	if r := pd(t, db, "export", "xlsx", "--project", "NOPE", "--out", filepath.Join(t.TempDir(), "x.xlsx")); r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("unknown project: %+v", r)
	}
	for _, name := range export.CSVTables {
		if !strings.Contains(usage, name) {
			t.Errorf("the usage text does not name the table %s", name)
		}
	}
}

// TestBudgetAndWorkbookAsOf: an interim budget and workbook keep to the date; a date that is not
// one is bad usage.
func TestBudgetAndWorkbookAsOf(t *testing.T) {
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	r := pd(t, db, "budget", "--project", "GREENSKILLS", "--json", "--as-of", "2019-10-31")
	if r.code != 0 || !strings.Contains(r.stdout, `"as_of": "2019-10-31"`) || !strings.Contains(r.stdout, `"months": 2`) {
		t.Fatalf("budget --as-of: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, `"learning_activities"`+`, "partner"`) {
		t.Errorf("a learning activity of February 2020 is in the budget as of October 2019")
	}
	full := pd(t, db, "export", "csv", "--project", "GREENSKILLS", "--table", "entries")
	part := pd(t, db, "export", "csv", "--project", "GREENSKILLS", "--table", "entries", "--as-of", "2019-10-31")
	if part.code != 0 || strings.Count(part.stdout, "\n") >= strings.Count(full.stdout, "\n") || strings.Contains(part.stdout, "2019-11-") {
		t.Errorf("entries as of October: %d lines of %d", strings.Count(part.stdout, "\n"), strings.Count(full.stdout, "\n"))
	}
	if r := pd(t, db, "budget", "--project", "GREENSKILLS", "--as-of", "October"); r.code != 2 || !strings.Contains(r.stderr, "--as-of") {
		t.Errorf("a bad --as-of: %d %q", r.code, r.stderr)
	}
}
