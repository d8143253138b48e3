package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfText is what pdftotext reads out of a PDF: what an auditor would read.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check %s: %v\n%s", path, err, out)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// TestPDFDoneWhen: from the command line, the greenskills evidence of October–December 2019.
func TestPDFDoneWhen(t *testing.T) {
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	out := t.TempDir()
	r := pd(t, db, "pdf", "timesheets", "--project", "GREENSKILLS", "--from", "2019-10", "--to", "2019-12", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "wrote 12 timesheets and a combined PDF") {
		t.Fatalf("timesheets: %+v", r)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(files) != 13 {
		t.Errorf("%d PDFs written, want 12 sheets and one combined: %v", len(files), files)
	}
	sheet := pdfText(t, filepath.Join(out, "2019-11 Małgorzata Wójcik (teacher).pdf"))
	for _, want := range []string{"Małgorzata Wójcik", "Fundacja Zielona Łódź", "2019-1-AT01-KA204-051234", "43.50", "5.44", "All Saints' Day", "Karta czasu pracy"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("timesheet lacks %q", want)
		}
	}
	docs := []struct {
		args []string
		file string
		want []string
	}{
		{[]string{"pdf", "output", "--project", "GREENSKILLS", "--output", "O1"}, "GREENSKILLS O1 report.pdf", []string{"Curriculum for green skills trainers", "5,677.96", "Κέντρο Διά Βίου Μάθησης Πάτρας"}},
		{[]string{"pdf", "budget", "--project", "GREENSKILLS"}, "GREENSKILLS budget report.pdf", []string{"51,815.96", "37,500.00", "1,400.00"}},
		{[]string{"pdf", "attendance", "--project", "GREENSKILLS", "--event", "M1"}, "GREENSKILLS M1 attendance list.pdf", []string{"Kick-off meeting", "Стоян Петров", "ul. Piotrkowska 12"}},
		{[]string{"pdf", "certificates", "--project", "GREENSKILLS", "--event", "C1"}, "GREENSKILLS C1 certificates.pdf", []string{"Lukas Hofer", "Paweł Żak", "Certificate of Attendance"}},
	}
	for _, d := range docs {
		r := pd(t, db, append(d.args, "--out", out)...)
		if r.code != 0 {
			t.Fatalf("%v: %+v", d.args, r)
		}
		text := pdfText(t, filepath.Join(out, d.file))
		for _, w := range d.want {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), w) {
				t.Errorf("%s lacks %q", d.file, w)
			}
		}
	}
}

func TestPDFBadInput(t *testing.T) {
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	os.Mkdir(locked, 0o500)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown person", []string{"pdf", "timesheet", "--project", "GREENSKILLS", "--person", "Jan Nowak", "--month", "2019-10", "--out", dir}, `person "Jan Nowak" does not exist`},
		{"unknown output", []string{"pdf", "output", "--project", "GREENSKILLS", "--output", "O9", "--out", dir}, `output "O9" does not exist (project GREENSKILLS has O1, O2)`},
		{"unknown event", []string{"pdf", "attendance", "--project", "GREENSKILLS", "--event", "M7", "--out", dir}, `event "M7" does not exist`},
		{"wrong event kind", []string{"pdf", "certificates", "--project", "GREENSKILLS", "--event", "M1", "--out", dir}, "M1"},
		{"month outside", []string{"pdf", "timesheet", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2023-01", "--out", dir}, "--month 2023-01 is outside project GREENSKILLS (2019-09 – 2022-02)"},
		{"range outside", []string{"pdf", "timesheets", "--project", "GREENSKILLS", "--from", "2018-01", "--out", dir}, "--from 2018-01 is outside project GREENSKILLS"},
		{"unwritable out", []string{"pdf", "budget", "--project", "GREENSKILLS", "--out", filepath.Join(locked, "b.pdf")}, "cannot write " + filepath.Join(locked, "b.pdf")},
		{"missing folder", []string{"pdf", "budget", "--project", "GREENSKILLS", "--out", filepath.Join(dir, "no", "such", "b.pdf")}, filepath.Join(dir, "no", "such", "b.pdf")},
	}
	if os.Geteuid() == 0 {
		// root writes through permissions: a folder that is a file stands in for an unwritable one.
		os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644)
		cases[6].args[len(cases[6].args)-1] = filepath.Join(dir, "file", "b.pdf")
		cases[6].want = "cannot write " + filepath.Join(dir, "file", "b.pdf")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := pd(t, db, c.args...)
			if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want one line saying %q", r.code, r.stderr, c.want)
			}
		})
	}
	// Nothing half-written anywhere: no PDF and no temporary file.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != filepath.Join(dir, "file") {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}
