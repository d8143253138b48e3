package export

import (
	"io"
	"os"
	"testing"
)

// TestRenderPNG renders page 1 of every document to testdata/out/*.png (git-ignored) at 60 dpi,
// for a person to look at before a change to the layout goes in.
func TestRenderPNG(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	docs := map[string]func(io.Writer) error{}
	for _, c := range goldenSheets {
		s := f.sheet(t, c.person, c.month)
		docs[c.golden] = func(w io.Writer) error { return Timesheet(w, s) }
	}
	docs["output-o1"] = func(w io.Writer) error { return OutputReport(w, f.doc, b, f.work(t), "O1") }
	docs["output-o2"] = func(w io.Writer) error { return OutputReport(w, f.doc, b, f.work(t), "O2") }
	docs["budget"] = func(w io.Writer) error { return BudgetReport(w, f.doc, b) }
	docs["attendance-m1"] = func(w io.Writer) error { return AttendanceList(w, f.doc, "M1") }
	docs["attendance-e1"] = func(w io.Writer) error { return AttendanceList(w, f.doc, "E1") }
	docs["certificates-c1"] = func(w io.Writer) error { return Certificates(w, f.doc, "C1") }
	for name, write := range docs {
		pdf := render(t, write)
		png := pngPage1(t, name, pdf)
		if fi, err := os.Stat(png); err != nil || fi.Size() < 1000 {
			t.Errorf("%s: no picture (%v)", png, err)
		}
	}
}
