package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerdesk/data"
)

const greenskillsFile = "../../data/testdata/greenskills.json"

// result is one run of the command line as a user sees it.
type result struct {
	code           int
	stdout, stderr string
}

// pd runs the command line against the database at db.
func pd(t *testing.T, db string, args ...string) result {
	t.Helper()
	return pdIn(t, db, "", args...)
}

func pdIn(t *testing.T, db, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv:    func(string) string { return "" },
		Now:       func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) },
		DBTimeout: 100 * time.Millisecond}
	code := Main(append([]string{"--db", db}, args...), env, nil)
	return result{code, out.String(), errb.String()}
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "p.db") }

// fingerprint is what a user could see of the database: every project's export and the audit log's length.
func fingerprint(t *testing.T, db string) string {
	t.Helper()
	s, err := data.Open(db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b bytes.Buffer
	list, _ := s.Projects()
	for _, p := range list {
		doc, _ := s.Export(p.ID)
		doc.ExportedAt = time.Time{}
		doc.Encode(&b)
	}
	audit, _ := s.Audit("")
	b.WriteString(strings.Repeat("a", len(audit)))
	return b.String()
}

// TestDoneWhen is the check: import the example, then the budget JSON.
func TestDoneWhen(t *testing.T) {
	db := tempDB(t)
	r := pd(t, db, "import", greenskillsFile)
	if r.code != 0 || !strings.Contains(r.stdout, "into GREENSKILLS: 107 added") {
		t.Fatalf("import: %+v", r)
	}
	r = pd(t, db, "budget", "--project", "GREENSKILLS", "--json")
	if r.code != 0 {
		t.Fatalf("budget: %+v", r)
	}
	var b struct {
		Rules  string             `json:"rules"`
		Lines  []map[string]any   `json:"lines"`
		Totals map[string]float64 `json:"totals"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &b); err != nil {
		t.Fatalf("budget JSON: %v\n%s", err, r.stdout)
	}
	if b.Rules != "erasmus2014" || len(b.Lines) != 14 || b.Totals["total"] != 51815.96 || b.Totals["intellectual_outputs"] != 9580.96 {
		t.Errorf("budget = %d lines, totals %v", len(b.Lines), b.Totals)
	}
	// The same project found by number and by ID.
	for _, ref := range []string{"2019-1-AT01-KA204-051234", "0192a000-0000-7000-8000-000000000001", "greenskills"} {
		if r := pd(t, db, "budget", "--project", ref); r.code != 0 || !strings.Contains(r.stdout, "51815.96") {
			t.Errorf("budget --project %s: %+v", ref, r)
		}
	}
}

func TestImportFromStdinAndTwice(t *testing.T) {
	db := tempDB(t)
	raw, _ := os.ReadFile(greenskillsFile)
	if r := pdIn(t, db, string(raw), "import", "-"); r.code != 0 || !strings.Contains(r.stdout, "imported stdin") {
		t.Fatalf("stdin import: %+v", r)
	}
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 || !strings.Contains(r.stdout, "nothing changed") {
		t.Fatalf("second import: %+v", r)
	}
}

func TestExportJSONRoundTrip(t *testing.T) {
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	out := filepath.Join(t.TempDir(), "gs.json")
	if r := pd(t, db, "export", "json", "--project", "GREENSKILLS", "--out", out); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	db2 := tempDB(t)
	if r := pd(t, db2, "import", out); r.code != 0 || !strings.Contains(r.stdout, "107 added") {
		t.Fatalf("re-import: %+v", r)
	}
	a := pd(t, db, "export", "json", "--project", "GREENSKILLS")
	b := pd(t, db2, "export", "json", "--project", "GREENSKILLS")
	strip := func(s string) string {
		var d map[string]any
		json.Unmarshal([]byte(s), &d)
		delete(d, "installation")
		out, _ := json.Marshal(d)
		return string(out)
	}
	if strip(a.stdout) != strip(b.stdout) {
		t.Errorf("export after round trip differs")
	}
	// Leftover temporary files would confuse a user: none.
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("export folder holds %d files", len(entries))
	}
}

func TestEntriesAddAndList(t *testing.T) {
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	// 2019-12-07 is a Saturday: accepted, with a warning.
	r := pd(t, db, "entries", "add", "--project", "GREENSKILLS", "--person", "l.hofer@example.org", "--date", "2019-12-07",
		"--output", "o1", "--hours", "2:30", "--note", "Weekend workshop")
	if r.code != 0 || !strings.Contains(r.stdout, "added 2.5 h on O1 for Lukas Hofer on 2019-12-07") {
		t.Fatalf("add: %+v", r)
	}
	if !strings.Contains(r.stderr, "warning: 2019-12-07 is a Saturday") {
		t.Errorf("no weekend warning: %q", r.stderr)
	}
	// Christmas in Austria is a public holiday.
	r = pd(t, db, "entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2019-12-25", "--output", "O1", "--hours", "1")
	if r.code != 0 || !strings.Contains(r.stderr, "public holiday in AT") {
		t.Errorf("holiday: %+v", r)
	}
	r = pd(t, db, "entries", "list", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-12")
	if r.code != 0 || !strings.Contains(r.stdout, "Weekend workshop") || !strings.Contains(r.stdout, "10 entries") {
		t.Errorf("list: %+v", r)
	}
	// A day over the working day across projects warns; the budget follows the new entries.
	r = pd(t, db, "entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2019-12-02", "--output", "O1", "--hours", "7")
	if r.code != 0 || !strings.Contains(r.stderr, "more than VHS's working day of 8 h") {
		t.Errorf("long day: %+v", r)
	}
}

// TestBadInput: each bad input gives one line on stderr naming what and where, exit 1, and the store unchanged.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	raw, _ := os.ReadFile(greenskillsFile)
	gs := string(raw)
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"missing file", []string{"import", filepath.Join(dir, "nope.json")}, []string{"nope.json: no such file"}},
		{"invalid JSON", []string{"import", write("broken.json", gs[:500])}, []string{"broken.json", "invalid JSON"}},
		{"wrong format", []string{"import", write("v2.json", strings.Replace(gs, `"partnerdesk/1"`, `"partnerdesk/9"`, 1))},
			[]string{"v2.json: format", `"partnerdesk/9" is not "partnerdesk/1"`}},
		{"unknown project", []string{"budget", "--project", "NOPE"}, []string{`project "NOPE" does not exist`, "GREENSKILLS"}},
		{"invalid date in file", []string{"import", write("date.json", strings.Replace(gs, `"date": "2019-10-01"`, `"date": "2020-02-30"`, 1))},
			[]string{"date.json: entries[0] date", `"2020-02-30" is not a date`}},
		{"invalid date typed", []string{"entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2020-02-30", "--output", "O1", "--hours", "2"},
			[]string{"--date", `"2020-02-30" is not a date`}},
		{"entry over 24 h", []string{"entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2019-12-03", "--output", "O1", "--hours", "26"},
			[]string{"entry 2019-12-03 for Lukas Hofer: hours", "26 h is more than a day"}},
		{"day over 24 h", []string{"entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2019-10-02", "--output", "O1", "--hours", "20"},
			[]string{"entry 2019-10-02 for Lukas Hofer: hours", "26.5 h, more than 24"}},
		{"outside the output", []string{"entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2019-09-10", "--output", "O1", "--hours", "2"},
			[]string{"entry 2019-09-10 for Lukas Hofer: date", "outside O1's period"}},
		{"unknown output", []string{"entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2019-12-03", "--output", "O7", "--hours", "2"},
			[]string{`output "O7" does not exist`, "O1, O2"}},
		{"unknown person", []string{"entries", "list", "--project", "GREENSKILLS", "--person", "Jan Kowalski"},
			[]string{`person "Jan Kowalski" does not exist`}},
		{"missing reference", []string{"import", write("ref.json", editJSON(t, raw, func(d map[string]any) {
			d["entries"].([]any)[0].(map[string]any)["output"] = "0192a000-0000-7000-8000-0000000000ee"
		}))},
			[]string{"ref.json: entries[0]", `output "0192a000-0000-7000-8000-0000000000ee" does not exist`}},
	}
	db := tempDB(t)
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 {
		t.Fatal(r)
	}
	before := fingerprint(t, db)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := pd(t, db, c.args...)
			if r.code != 1 {
				t.Errorf("exit %d, want 1 (stderr %q)", r.code, r.stderr)
			}
			if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "partnerdesk: ") {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not say %q", r.stderr, w)
				}
			}
		})
	}
	if fingerprint(t, db) != before {
		t.Errorf("bad input changed the store")
	}
}

// editJSON changes a document the way a careless hand edit would.
func editJSON(t *testing.T, raw []byte, f func(map[string]any)) string {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	f(d)
	out, _ := json.Marshal(d)
	return string(out)
}

func TestDatabaseProblems(t *testing.T) {
	t.Run("locked by another process", func(t *testing.T) {
		db := tempDB(t)
		s, err := data.Open(db, data.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		r := pd(t, db, "projects")
		if r.code != 1 || !strings.Contains(r.stderr, db) || !strings.Contains(r.stderr, "in use by another Partnerdesk") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("locked: %+v", r)
		}
	})
	t.Run("not a bbolt file", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "notes.txt")
		os.WriteFile(db, bytes.Repeat([]byte("shopping list\n"), 1000), 0o644)
		before, _ := os.ReadFile(db)
		r := pd(t, db, "import", greenskillsFile)
		if r.code != 1 || !strings.Contains(r.stderr, "notes.txt: not a Partnerdesk database") {
			t.Errorf("not bbolt: %+v", r)
		}
		if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
			t.Errorf("the file was changed")
		}
	})
}

func TestUsageErrors(t *testing.T) {
	db := tempDB(t)
	for _, args := range [][]string{
		{"frobnicate"}, {"budget"}, {"import"}, {"entries", "add", "--project", "X"}, {"export"}, {"demo", "--people", "x"},
		{"demo", "--months", "99"}, {"projects", "extra"}, {"entries", "list", "--project", "X", "--month", "March"},
	} {
		r := pd(t, db, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "Usage:") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if r := pd(t, db, "help"); r.code != 0 || !strings.Contains(r.stdout, "partnerdesk demo") {
		t.Errorf("help: %+v", r)
	}
}

func TestDemoCommand(t *testing.T) {
	db := tempDB(t)
	r := pd(t, db, "demo", "--people", "10", "--months", "6", "--seed", "3")
	if r.code != 0 || !strings.Contains(r.stdout, "demo project CRAFTLINK") || !strings.Contains(r.stdout, "10 people") {
		t.Fatalf("demo: %+v", r)
	}
	if r := pd(t, db, "demo", "--people", "10", "--months", "6", "--seed", "3"); !strings.Contains(r.stdout, "nothing changed") {
		t.Errorf("same demo twice: %+v", r)
	}
	r = pd(t, db, "projects")
	if !strings.Contains(r.stdout, "CRAFTLINK") || !strings.Contains(r.stdout, "2020-1-PL01-KA204-") {
		t.Errorf("projects: %q", r.stdout)
	}
	r = pd(t, db, "budget", "--project", "CRAFTLINK")
	for _, want := range []string{"project management", "intellectual outputs", "transnational meetings", "multiplier events", "learning activities", "TOTAL"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo budget lacks %s", want)
		}
	}
}

func TestWindowIsOpenedWithoutCommand(t *testing.T) {
	db := tempDB(t)
	var got *data.Store
	var out, errb bytes.Buffer
	code := Main([]string{"--db", db}, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }},
		func(s *data.Store) error { got = s; return nil })
	if code != 0 || got == nil || got.Path() != db {
		t.Errorf("window not opened on %s: code %d, %s", db, code, errb.String())
	}
	// PARTNERDESK_DB is the database when --db is not given.
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "PARTNERDESK_DB" {
			return db
		}
		return ""
	}}
	if code := Main([]string{"demo", "--people", "5", "--months", "2"}, env, nil); code != 0 {
		t.Fatalf("demo via PARTNERDESK_DB: %s", errb.String())
	}
	if r := pd(t, db, "projects"); !strings.Contains(r.stdout, "CRAFTLINK") {
		t.Errorf("PARTNERDESK_DB not used: %q", r.stdout)
	}
}
