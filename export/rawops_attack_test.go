package export

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"partnerdesk/data"
)

// bothRoads draws script on a fresh doc with the direct road on and off and fails if the PDFs differ.
func bothRoads(t *testing.T, name string, script func(d *doc)) (fast, slow []byte) {
	t.Helper()
	var errs [2]error
	var outs [2][]byte
	for i, direct := range []bool{true, false} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: direct=%v panicked: %v", name, direct, r)
				}
			}()
			outs[i], errs[i] = renderRaw(direct, func(w io.Writer) error {
				d := newDoc("attack")
				if os.Getenv("ATTACK_PLAIN") != "" {
					d.pdf.SetCompression(false)
				}
				p := data.Project{Acronym: "ATT", Number: "2024-1-DE02-KA220-ADU-000000001", Title: "Attack"}
				d.beginSection(p, newLang("de"), "sec", false)
				script(d)
				return d.finish(w)
			})
		}()
	}
	if (errs[0] == nil) != (errs[1] == nil) {
		t.Errorf("%s: errors differ: direct %v, gofpdf %v", name, errs[0], errs[1])
	}
	if !bytes.Equal(reDates.ReplaceAll(outs[0], nil), reDates.ReplaceAll(outs[1], nil)) {
		i := firstDiff(outs[0], outs[1])
		t.Errorf("%s: direct road writes %d bytes, gofpdf %d; first difference at %d", name, len(outs[0]), len(outs[1]), i)
		if os.Getenv("ATTACK_PLAIN") != "" {
			a, b := reDates.ReplaceAll(outs[0], nil), reDates.ReplaceAll(outs[1], nil)
			i = firstDiff(a, b)
			lo := max(i-150, 0)
			t.Logf("direct: %q\ngofpdf: %q", a[lo:min(i+150, len(a))], b[lo:min(i+150, len(b))])
		}
	}
	return outs[0], outs[1]
}

// renderRaw is renderWith without blanking the dates (so the xref offsets stay right for qpdf).
func renderRaw(direct bool, write func(io.Writer) error) ([]byte, error) {
	defer func(old bool) { rawOps = old }(rawOps)
	rawOps = direct
	gofpdf.SetDefaultCatalogSort(true)
	defer gofpdf.SetDefaultCatalogSort(false)
	var buf bytes.Buffer
	err := write(&buf)
	return buf.Bytes(), err
}

func qpdfCheckNamed(t *testing.T, name string, pdf []byte) {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil || len(pdf) == 0 {
		return
	}
	p := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(p, pdf, 0o644)
	if out, err := exec.Command("qpdf", "--check", p).CombinedOutput(); err != nil {
		t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
	}
}

func TestRawOpsAttackTexts(t *testing.T) {
	texts := map[string]string{
		"escapes":  `a\b(c)d` + "\r" + "e",
		"emoji":    "Team 🎉 ok",
		"rtl":      "שלום עולם مرحبا",
		"long":     string(bytes.Repeat([]byte("Überlange Zeile "), 400)),
		"paren-hi": "\u2829\u5c29\u0d29", // code units whose high/low byte is ( ) \ or \r
		"ffff":     "x\uffffy",
		"nul":      "a\x00b",
	}
	for name, s := range texts {
		for _, align := range []string{"L", "C", "R"} {
			fast, _ := bothRoads(t, name+"/"+align, func(d *doc) {
				d.font("", 8)
				d.color(colInk)
				d.text(20, 60, 100, 4, s, align)
				d.font("B", 9)
				d.text(20, 70, 100, 4, s, align)
				d.text(20, 80, 100, 4, s, align) // the second time from the cache
			})
			qpdfCheckNamed(t, name+"/"+align, fast)
		}
	}
}

// TestRawOpsInvalidUTF8: text with invalid UTF-8 (printable passes it through) makes gofpdf's
// utf8toutf16 index past the string's end (a panic), while the direct road writes U+FFFD: the two roads
// no longer answer alike.
func TestRawOpsInvalidUTF8(t *testing.T) {
	bothRoads(t, "badutf8", func(d *doc) {
		d.font("", 8)
		d.text(20, 60, 100, 4, "ab\xffcd\xe2\x82", "L")
	})
}

// TestRawOpsNegativeCoordinates: gofpdf's SetXY takes a negative x or y from the page's right or bottom
// edge; rawText writes the coordinate as given.
func TestRawOpsNegativeCoordinates(t *testing.T) {
	bothRoads(t, "negative", func(d *doc) {
		d.font("", 8)
		d.text(-3, 100, 50, 4, "links raus", "L")
		d.text(20, -2, 50, 4, "oben raus", "L")
	})
}

// TestRawOpsZeroWidthCell: CellFormat with w == 0 extends the cell to the right margin (so "R" and "C"
// place the text there); rawText aligns within a zero width.
func TestRawOpsZeroWidthCell(t *testing.T) {
	bothRoads(t, "zero width", func(d *doc) {
		d.font("", 8)
		d.text(20, 60, 0, 4, "rechts", "R")
		d.text(20, 70, 0, 4, "mitte", "C")
	})
}

// TestRawOpsEmblemAfterBlueFill: drawEmblem always writes the blue fill colour; the direct road's
// d.fill skips it when the doc's fill is already that blue (colEmblemBlue == colAccent).
func TestRawOpsEmblemAfterBlueFill(t *testing.T) {
	bothRoads(t, "emblem after a blue fill", func(d *doc) {
		d.fill(10, 10, 5, 5, colEmblemBlue)
		d.emblem(30, 30, 9)
	})
}

func TestRawOpsAttackLayout(t *testing.T) {
	cases := map[string]func(d *doc){
		"font change then new page": func(d *doc) {
			d.font("", 6.5)
			d.text(20, 60, 100, 4, "eins", "L")
			d.addPage()
			d.text(20, 60, 100, 4, "zwei", "L")
			d.font("B", 10)
			d.addPage()
			d.text(20, 60, 100, 4, "drei", "L")
		},
		"landscape section": func(d *doc) {
			d.beginSection(d.project, d.lang, "land", true)
			d.font("", 8)
			d.text(20, 60, 100, 4, "quer", "R")
			d.fill(10, 10, 50, 5, colTotal)
			d.line(10, 10, 200, 10, colRule, 0.3)
			d.box(10, 10, 20, 20, colRule, 0.3)
		},
		"text colour equals fill": func(d *doc) {
			d.fill(10, 100, 50, 5, colGrey)
			d.color(colGrey)
			d.font("", 8)
			d.text(20, 100, 50, 5, "grau auf grau", "C")
			d.color(colInk)
			d.text(20, 110, 50, 5, "ink", "C")
		},
		"emblem elsewhere": func(d *doc) {
			d.emblem(100.123, 200.5, 12)
			d.emblem(0, 0, 9)
			d.emblem(0, 0, 0.001)
		},
		"width before font": func(d *doc) {
			w := d.width("Breite")
			d.font("", 8)
			d.text(20, 60, w, 4, "Breite", "R")
		},
	}
	for name, script := range cases {
		fast, _ := bothRoads(t, name, script)
		qpdfCheckNamed(t, name, fast)
	}
}

// TestFooterOnMixedOrientations: a document whose sections are portrait, then landscape (a timesheet
// with more than seven outputs after one with fewer) gets "Page 1 of 1" on every page. The footer pass
// takes the page size from gofpdf after SetPage, which is the last page's, on either road.
func TestFooterOnMixedOrientations(t *testing.T) {
	tool(t, "pdftotext")
	// bothRoads begins a portrait section; then come the sections of these orientations
	for _, order := range [][]bool{{true}, {true, false}} {
		fast, _ := bothRoads(t, "mixed", func(d *doc) {
			for _, landscape := range order {
				d.beginSection(d.project, d.lang, "next", landscape)
			}
		})
		p := filepath.Join(t.TempDir(), "m.pdf")
		os.WriteFile(p, fast, 0o644)
		for page := 1; page <= len(order)+1; page++ {
			out, err := exec.Command("pdftotext", "-f", itoa(page), "-l", itoa(page), "-layout", p, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte("Page 1 of 1")) {
				t.Errorf("orientations %v: page %d has no page number:\n%s", order, page, out)
			}
		}
	}
}

// TestRawOpsTrickyProject renders whole timesheets and reports of a project whose names, titles and
// notes hold PDF string specials, emoji, right-to-left text and very long text, on both roads.
func TestRawOpsTrickyProject(t *testing.T) {
	doc := oddDemo()
	tricky := []string{`Back\slash (paren) ` + "cr\rhere", "Emoji 🎉🚀 team", "שלום עולם مرحبا بكم", strings.Repeat("Sehr lange Bemerkung ", 60), "Tab\tand\nnewline", "\u2829\u5c29\u0d29"}
	doc.Project.Title = tricky[0] + " " + tricky[2]
	for i := range doc.People {
		doc.People[i].Name += " " + tricky[i%len(tricky)][:min(len(tricky[i%len(tricky)]), 30)]
	}
	for i := range doc.Entries {
		doc.Entries[i].Note = tricky[i%len(tricky)]
	}
	for i := range doc.Outputs {
		doc.Outputs[i].Title = tricky[(i+1)%len(tricky)]
	}
	f := importFixture(t, doc)
	docs := everyDocument(t, f, 5)
	bothRoadsSame(t, "tricky project", docs)
	raw, err := renderRaw(true, docs["timesheets"])
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheckNamed(t, "timesheets", raw)
	p := filepath.Join(t.TempDir(), "t.pdf")
	os.WriteFile(p, raw, 0o644)
	out, _ := exec.Command("pdftotext", "-layout", p, "-").Output()
	for _, want := range []string{"Back\\slash (paren)", "Emoji"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
}

// TestTimesheetsMixedOrientationPageNumbers: a person's month with work on eight outputs (a landscape
// sheet) after a month with fewer (portrait), in one Timesheets document as the batch renders a person's
// months together: the portrait page's "Page 1 of 1" is drawn for a 297 mm wide page, off the paper.
func TestTimesheetsMixedOrientationPageNumbers(t *testing.T) {
	tool(t, "pdftotext")
	f := greenskills(t)
	portrait := f.sheet(t, "Lukas Hofer", "2019-10")
	wide := *portrait
	wide.Outputs = append([]data.Output(nil), portrait.Outputs...)
	for i := 0; len(wide.Outputs) <= 7; i++ {
		o := portrait.Outputs[0]
		o.ID, o.Code = fmt.Sprintf("0192f0c4-0000-7000-8000-%012d", 900+i), "X"+itoa(i)
		wide.Outputs = append(wide.Outputs, o)
	}
	var buf bytes.Buffer
	if err := Timesheets(&buf, []*data.MonthSheet{portrait, &wide}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "t.pdf")
	os.WriteFile(p, buf.Bytes(), 0o644)
	for _, page := range []int{1} { // the portrait sheet's one page (the landscape sheet follows)
		out, err := exec.Command("pdftotext", "-f", itoa(page), "-l", itoa(page), "-layout", p, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out, []byte("Page 1 of 1")) {
			t.Errorf("page %d of the document has no page number:\n%s", page, out[max(0, len(out)-600):])
		}
	}
}
