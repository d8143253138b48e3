package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// importEdited makes a database holding the example project with a hand edit applied.
func importEdited(t *testing.T, f func(map[string]any)) string {
	t.Helper()
	raw, err := os.ReadFile(greenskillsFile)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "edited.json")
	os.WriteFile(path, []byte(editJSON(t, raw, f)), 0o644)
	db := tempDB(t)
	if r := pd(t, db, "import", path); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	return db
}

// person finds a person of the example by e-mail.
func person(d map[string]any, email string) map[string]any {
	for _, p := range d["people"].([]any) {
		if p := p.(map[string]any); p["email"] == email {
			return p
		}
	}
	panic(email)
}

// filesUnder lists every file below dir, relative to it.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var list []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			list = append(list, rel)
		}
		return nil
	})
	return list
}

// TestRecordNamesStayInsideTheOutputFolder: a name like "/../../x/victim" becomes one file name in --out DIR.
func TestRecordNamesStayInsideTheOutputFolder(t *testing.T) {
	for _, evil := range []string{"/../../x/victim", `..\..\x\victim`, "..", "x/../../../victim"} {
		t.Run(evil, func(t *testing.T) {
			db := importEdited(t, func(d map[string]any) {
				person(d, "l.hofer@example.org")["name"] = evil
				d["project"].(map[string]any)["acronym"] = "../../x/victim"
			})
			base := t.TempDir()
			victim := filepath.Join(base, "x", "victim.pdf")
			os.MkdirAll(filepath.Dir(victim), 0o755)
			os.WriteFile(victim, []byte("precious"), 0o644)
			out := filepath.Join(base, "a", "out")
			os.MkdirAll(out, 0o755)
			for _, args := range [][]string{
				{"pdf", "timesheet", "--project", "2019-1-AT01-KA204-051234", "--person", "l.hofer@example.org", "--month", "2019-10", "--out", out},
				{"pdf", "timesheets", "--project", "2019-1-AT01-KA204-051234", "--to", "2019-10", "--out", out},
				{"pdf", "budget", "--project", "2019-1-AT01-KA204-051234", "--out", out},
				{"pdf", "output", "--project", "2019-1-AT01-KA204-051234", "--output", "O1", "--out", out},
			} {
				if r := pd(t, db, args...); r.code != 0 {
					t.Errorf("%v: %+v", args[:2], r)
				}
			}
			if b, _ := os.ReadFile(victim); string(b) != "precious" {
				t.Errorf("%s was overwritten", victim)
			}
			for _, f := range filesUnder(t, base) {
				if f != filepath.Join("x", "victim.pdf") && filepath.Dir(f) != filepath.Join("a", "out") {
					t.Errorf("wrote %s outside %s", f, out)
				}
			}
			if n := len(filesUnder(t, out)); n < 5 {
				t.Errorf("only %d files in %s: %v", n, out, filesUnder(t, out))
			}
		})
	}
}

// TestTerminalEscapesArePrintedEscaped: names and notes cannot send escape sequences to the terminal.
func TestTerminalEscapesArePrintedEscaped(t *testing.T) {
	evilName := "Lukas\x1b]0;pwned\x07 Hofer\u009b2J"
	evilNote := "note\x1b[2J\x1b[31mred\rover\nline\ttab\x7f\u202eexe.pdf"
	db := importEdited(t, func(d map[string]any) {
		person(d, "l.hofer@example.org")["name"] = evilName
		d["entries"].([]any)[0].(map[string]any)["note"] = evilNote
		d["project"].(map[string]any)["acronym"] = "GREEN\x1b[5mSKILLS"
		d["partners"].([]any)[0].(map[string]any)["short_name"] = "VHS\x1b[8m"
	})
	const p = "2019-1-AT01-KA204-051234"
	for _, args := range [][]string{
		{"projects"},
		{"entries", "list", "--project", p},
		{"entries", "list", "--project", p, "--person", "l.hofer@example.org", "--month", "2019-10"},
		{"timesheet", "show", "--project", p, "--person", "l.hofer@example.org", "--month", "2019-10"},
		{"timesheet", "show", "--project", p, "--person", "m.wojcik@example.org", "--month", "2019-10"},
		{"budget", "--project", p},
		{"entries", "add", "--project", p, "--person", "l.hofer@example.org", "--date", "2019-12-03", "--output", "O1", "--hours", "26"},
		{"budget", "--project", "NOPE"},
		{"entries", "add", "--project", p, "--person", "l.hofer@example.org", "--date", "2019-12-07", "--output", "O1", "--hours", "1", "--note", "\x1b[1mbold"},
	} {
		r := pd(t, db, args...)
		for _, s := range []string{r.stdout, r.stderr} {
			if i := strings.IndexFunc(s, func(r rune) bool {
				return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || r == '\u202e'
			}); i >= 0 {
				t.Errorf("%v printed a control character raw: %q", args, s[max(0, i-20):min(len(s), i+20)])
			}
		}
	}
	r := pd(t, db, "entries", "list", "--project", p)
	for _, want := range []string{`Lukas\x1b]0;pwned\x07 Hofer\u009b2J`, `note\x1b[2J\x1b[31mred\x0dover\x0aline\x09tab\x7f\u202eexe.pdf`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("entries list does not show %s:\n%s", want, r.stdout)
		}
	}
	// Each entry stays on its own line: a newline in a note does not add a row.
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	for _, l := range lines[1 : len(lines)-1] {
		if !strings.HasPrefix(l, "20") {
			t.Errorf("a row that is not an entry: %q", l)
		}
	}
	// Letters of every script are printed as they are.
	for _, want := range []string{"Małgorzata Wójcik", "Ελένη Παπαδοπούλου", "Johanna Größinger"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("entries list lacks %s", want)
		}
	}
	if r := pd(t, db, "budget", "--project", "NOPE"); !strings.Contains(r.stderr, `GREEN\x1b[5mSKILLS`) {
		t.Errorf("error does not name the project escaped: %q", r.stderr)
	}
}

func TestEmptyDBPathIsBadUsage(t *testing.T) {
	def := filepath.Join(t.TempDir(), "default.db")
	t.Setenv("PARTNERDESK_DB", def)
	t.Chdir(t.TempDir()) // a blank path must not become a file here either
	for _, args := range [][]string{{"--db", "", "projects"}, {"--db=", "projects"}, {"projects", "--db", " "}} {
		var out, errb bytes.Buffer
		code := Main(args, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
			Now: func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }}, nil)
		if code != 2 || !strings.Contains(errb.String(), "--db needs a path") || !strings.Contains(errb.String(), "Usage:") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errb.String())
		}
	}
	if _, err := os.Stat(def); err == nil {
		t.Errorf("an empty --db opened the default database %s", def)
	}
}

// TestOutRefusesWhatIsNotARegularFile: --out on a symlink or a folder's symlink leaves it as it was.
func TestOutRefusesWhatIsNotARegularFile(t *testing.T) {
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	dir := t.TempDir()
	target := filepath.Join(dir, "target.txt")
	os.WriteFile(target, []byte("keep me"), 0o644)
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	specials := map[string]string{link: "symbolic link"}
	if fifo := makeFifo(t, dir); fifo != "" {
		specials[fifo] = "named pipe"
	}
	for path, what := range specials {
		for _, args := range [][]string{
			{"pdf", "budget", "--project", "GREENSKILLS", "--out", path},
			{"export", "json", "--project", "GREENSKILLS", "--out", path},
		} {
			r := pd(t, db, args...)
			if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "cannot write "+path) || !strings.Contains(r.stderr, what) {
				t.Errorf("%v: exit %d, stderr %q", args[:2], r.code, r.stderr)
			}
			fi, err := os.Lstat(path)
			if err != nil || fi.Mode().IsRegular() {
				t.Errorf("%s was replaced by a regular file", path)
			}
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Errorf("the link's target was changed: %q", b)
	}
	for _, f := range filesUnder(t, dir) {
		if strings.HasSuffix(f, ".tmp") {
			t.Errorf("left behind: %s", f)
		}
	}
}

// TestDamagedDatabase: a cut-off database (head -c 65536) gives one clear line on every command, check says
// what is wrong and lists the backups, and restore brings the last one back.
func TestDamagedDatabase(t *testing.T) {
	db := tempDB(t)
	if r := pd(t, db, "demo", "--people", "8", "--months", "6"); r.code != 0 {
		t.Fatal(r)
	}
	want := pd(t, db, "entries", "list", "--project", "CRAFTLINK").stdout // the day's first open makes a backup
	if r := pd(t, db, "check"); r.code != 0 || !strings.Contains(r.stdout, "OK") || !strings.Contains(r.stdout, "automatic backups in") {
		t.Fatalf("check of a sound database: %+v", r)
	}
	raw, _ := os.ReadFile(db)
	if len(raw) <= 65536 {
		t.Fatalf("the demo database is only %d bytes", len(raw))
	}
	os.WriteFile(db, raw[:65536], 0o600)
	for _, args := range [][]string{{"projects"}, {"entries", "list", "--project", "CRAFTLINK"}, {"budget", "--project", "CRAFTLINK"}, {"import", greenskillsFile}} {
		r := pd(t, db, args...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, db+" is damaged") ||
			!strings.Contains(r.stderr, "partnerdesk check") || !strings.Contains(r.stderr, "partnerdesk restore") {
			t.Errorf("%v on a cut-off database: %+v", args, r)
		}
	}
	r := pd(t, db, "check")
	if r.code != 1 || !strings.Contains(r.stdout, "DAMAGED") || !strings.Contains(r.stdout, "cut off") ||
		!strings.Contains(r.stdout, "partnerdesk restore p-") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("check of a cut-off database: %+v", r)
	}
	name := strings.Fields(r.stdout[strings.LastIndex(r.stdout, "partnerdesk restore "):])[2]
	r = pd(t, db, "restore", name)
	if r.code != 0 || !strings.Contains(r.stdout, "restored "+db) || !strings.Contains(r.stdout, ".damaged-") {
		t.Fatalf("restore %s: %+v", name, r)
	}
	if got := pd(t, db, "entries", "list", "--project", "CRAFTLINK").stdout; got != want {
		t.Errorf("after restore the entries differ")
	}
	if r := pd(t, db, "restore"); r.code != 2 {
		t.Errorf("restore without a backup: %+v", r)
	}
	if r := pd(t, db, "restore", "nope.db"); r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "nope.db") {
		t.Errorf("restore of a missing backup: %+v", r)
	}
}

// TestOutOfRangeValuesTyped: hours that would wrap and dates before 1990 are refused in one line, the store unchanged.
func TestOutOfRangeValuesTyped(t *testing.T) {
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	before := fingerprint(t, db)
	add := []string{"entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2019-12-03", "--output", "O1"}
	rows := strings.Split(pd(t, db, "entries", "list", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10").stdout, "\n")
	first := strings.Fields(rows[1])
	id := first[len(first)-1]
	edit := []string{"entries", "edit", "--project", "GREENSKILLS", "--id", id}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{append(add, "--hours", "3074457345618258.62"), []string{"entry 2019-12-03 for Lukas Hofer: --hours", "3074457345618258.62", "is more than a day"}},
		{append(add, "--hours", "4611686018427387912:00"), []string{"--hours", "is more than a day"}},
		{append(add, "--hours", "-2"), []string{"--hours", "is negative"}},
		{append(add, "--hours", "NaN"), []string{"--hours", "is not a number"}},
		{append(add, "--hours", "1e400"), []string{"--hours", "is not a number"}},
		{append(edit, "--hours", "3074457345618258.62"), []string{"for Lukas Hofer: --hours", "is more than a day"}},
		{append(edit, "--date", "1969-12-31"), []string{"--date", "1969-12-31 is before 1990"}},
		{[]string{"entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "1960-01-01", "--output", "O1", "--hours", "2"},
			[]string{"--date", "1960-01-01 is before 1990"}},
	} {
		r := pd(t, db, c.args...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", c.args[len(c.args)-2:], r.code, r.stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: stderr %q does not say %q", c.args[len(c.args)-2:], r.stderr, w)
			}
		}
	}
	// A month is a usage error, as any malformed --month.
	if r := pd(t, db, "timesheet", "show", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "1969-12"); r.code != 2 ||
		!strings.Contains(r.stderr, "--month 1969-12 is before 1990") {
		t.Errorf("a month before 1990: %+v", r)
	}
	if fingerprint(t, db) != before {
		t.Errorf("refused input changed the store")
	}
}

// TestDamagedPagesOnEveryCommand: pages overwritten inside a file of the right length (a disk error) give
// one line naming the database, whether the open, a read or an import meets them.
func TestDamagedPagesOnEveryCommand(t *testing.T) {
	db := tempDB(t)
	if r := pd(t, db, "demo", "--people", "8", "--months", "6"); r.code != 0 {
		t.Fatal(r)
	}
	raw, _ := os.ReadFile(db)
	// The meta page's root and free-list pages stay: bbolt then opens the file and meets the damage later.
	m := raw[16:]
	le := func(b []byte) int { return int(uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24) }
	ps, root, free := le(m[8:]), le(m[16:]), le(m[32:])
	if m1 := raw[le(m[8:])+16:]; le(m1[48:]) > le(m[48:]) { // the newer of the two meta pages counts
		root, free = le(m1[16:]), le(m1[32:])
	}
	for off := 2 * ps; off < len(raw); off++ {
		if p := off / ps; p != root && p < free {
			raw[off] = byte(off*7 + 3)
		}
	}
	os.WriteFile(db, raw, 0o600)
	for _, args := range [][]string{{"projects"}, {"budget", "--project", "CRAFTLINK"}, {"import", greenskillsFile}, {"check"}} {
		r := pd(t, db, args...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, db+" is damaged") {
			t.Errorf("%v on damaged pages: %+v", args, r)
		}
	}
}
