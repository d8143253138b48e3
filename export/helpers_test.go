package export

import (
	"bytes"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerdesk/data"
)

var update = flag.Bool("update", false, "rewrite the golden text files under testdata/golden")

// fixture is the greenskills example imported into a temp store, as the command line would load it.
type fixture struct {
	store   *data.Store
	doc     *data.Document
	project string
}

func greenskills(t testing.TB) *fixture {
	t.Helper()
	f, err := os.Open("../data/testdata/greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := data.DecodeDocument(f, "greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	return importFixture(t, in)
}

func importFixture(t testing.TB, in *data.Document) *fixture {
	t.Helper()
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	s, err := data.Open(filepath.Join(t.TempDir(), "pd.db"), data.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	res, err := s.Import(in, data.ImportOptions{Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.Load(res.Project.ID, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{store: s, doc: doc, project: res.Project.ID}
}

// sheet builds the month sheet of a person named name.
func (f *fixture) sheet(t testing.TB, name, month string) *data.MonthSheet {
	t.Helper()
	p, err := data.FindPerson(f.doc, name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := data.ParseMonth(month)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.store.MonthSheet(f.project, p.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// work is the project's hours per person and output, as the command line passes them to the output report.
func (f *fixture) work(t testing.TB) []data.Work {
	t.Helper()
	w, err := f.store.WorkTotals(f.project)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (f *fixture) budget(t testing.TB) *data.Budget {
	t.Helper()
	b, err := f.store.Budget(f.project)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// render runs a document writer into memory and checks the PDF with qpdf.
func render(t testing.TB, write func(io.Writer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, b.Bytes())
	return b.Bytes()
}

// tool finds a command the tests need; a missing one fails the test (make test installs them).
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: run `make deps` (Debian packages poppler-utils and qpdf)", name)
	}
	return p
}

func writeTemp(t testing.TB, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func qpdfCheck(t testing.TB, pdf []byte) {
	t.Helper()
	out, err := exec.Command(tool(t, "qpdf"), "--check", writeTemp(t, pdf)).CombinedOutput()
	if err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// textOf is `pdftotext -layout` of the document, or of pages from..to when given.
func textOf(t testing.TB, pdf []byte, pages ...int) string {
	t.Helper()
	args := []string{"-layout", "-enc", "UTF-8"}
	if len(pages) == 2 {
		args = append(args, "-f", itoa(pages[0]), "-l", itoa(pages[1]))
	}
	args = append(args, writeTemp(t, pdf), "-")
	out, err := exec.Command(tool(t, "pdftotext"), args...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// flatText is the document's text in reading order (pdftotext without -layout) with every run of
// white space made one space, so a phrase a layout wraps over two lines is still found whole.
func flatText(t testing.TB, pdf []byte, pages ...int) string {
	t.Helper()
	args := []string{"-enc", "UTF-8"}
	if len(pages) == 2 {
		args = append(args, "-f", itoa(pages[0]), "-l", itoa(pages[1]))
	}
	args = append(args, writeTemp(t, pdf), "-")
	out, err := exec.Command(tool(t, "pdftotext"), args...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// pageCount reads the number of pages with qpdf.
func pageCount(t testing.TB, pdf []byte) int {
	t.Helper()
	out, err := exec.Command(tool(t, "qpdf"), "--show-npages", writeTemp(t, pdf)).Output()
	if err != nil {
		t.Fatalf("qpdf --show-npages: %v", err)
	}
	n := 0
	for _, r := range strings.TrimSpace(string(out)) {
		n = n*10 + int(r-'0')
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// golden compares text with testdata/golden/<name>.txt; -update rewrites the file.
func golden(t *testing.T, name, text string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./export -update` to create it)", err)
	}
	if string(want) != text {
		t.Errorf("%s differs from the document's text (run `go test ./export -update` after checking the change):\n%s",
			path, lineDiff(string(want), text))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 8; i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("line " + itoa(i+1) + ":\n  want: " + a + "\n  got:  " + c + "\n")
			shown++
		}
	}
	return b.String()
}

// pngPage1 renders page 1 (or the given page) at 60 dpi into testdata/out/ (git-ignored) for a person to look at.
func pngPage1(t testing.TB, name string, pdf []byte, page ...int) string {
	t.Helper()
	p := 1
	if len(page) > 0 {
		p = page[0]
	}
	dir := filepath.Join("testdata", "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	res := "60"
	if os.Getenv("PNG_DPI") != "" {
		res = os.Getenv("PNG_DPI")
	}
	prefix := filepath.Join(dir, name)
	out, err := exec.Command(tool(t, "pdftoppm"), "-png", "-r", res, "-f", itoa(p), "-l", itoa(p), "-singlefile",
		writeTemp(t, pdf), prefix).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	return prefix + ".png"
}
