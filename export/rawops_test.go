package export

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"partnerdesk/data"
)

// TestRawOpsWriteWhatGofpdfWrites renders every kind of document twice, once with the operations written
// directly (rawops.go) and once through gofpdf alone, and requires the same bytes (the creation dates
// aside): the fast path changes nothing a reader, a printer or pdftotext could see.
func TestRawOpsWriteWhatGofpdfWrites(t *testing.T) {
	type variant struct {
		name string
		doc  *data.Document
	}
	variants := []variant{{"KA204 odd hours", oddDemo()}, {"KA204 over the caps", cappedDemo()}, {"KA220", lumpSums(oddDemo())}}
	for _, v := range variants {
		f := importFixture(t, v.doc)
		bothRoadsSame(t, v.name, everyDocument(t, f, 7))
	}
}

// everyDocument is every kind of document of a project, its timesheets a sample of every n-th.
func everyDocument(t *testing.T, f *fixture, every int) map[string]func(io.Writer) error {
	t.Helper()
	b := f.budget(t)
	work := f.work(t)
	keys, err := f.store.SheetsWithWork(f.project, data.Month{}, data.Month{})
	if err != nil {
		t.Fatal(err)
	}
	var sample []data.SheetKey
	for i := 0; i < len(keys); i += every {
		sample = append(sample, keys[i])
	}
	sheets, err := f.store.MonthSheets(f.project, sample)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]func(io.Writer) error{
		"timesheets":    func(w io.Writer) error { return Timesheets(w, sheets) },
		"budget report": func(w io.Writer) error { return BudgetReport(w, f.doc, b) },
	}
	for _, o := range f.doc.Outputs {
		docs["report "+o.Code] = func(w io.Writer) error { return OutputReport(w, f.doc, b, work, o.ID) }
	}
	for _, e := range f.doc.Events {
		docs["attendance "+e.Code] = func(w io.Writer) error { return AttendanceList(w, f.doc, e.ID) }
		docs["certificates "+e.Code] = func(w io.Writer) error { return Certificates(w, f.doc, e.ID) }
	}
	return docs
}

// bothRoadsSame renders each document with the direct road on and off and requires the same bytes.
func bothRoadsSame(t *testing.T, label string, docs map[string]func(io.Writer) error) {
	t.Helper()
	for name, write := range docs {
		fast, ferr := renderWith(true, write)
		slow, serr := renderWith(false, write)
		if fmt.Sprint(ferr) != fmt.Sprint(serr) {
			t.Errorf("%s %s: %v directly, %v through gofpdf", label, name, ferr, serr)
			continue
		}
		if ferr != nil {
			continue // a list a kind of event has none of
		}
		if !bytes.Equal(fast, slow) {
			t.Errorf("%s %s: %d bytes written directly differ from gofpdf's %d, first at byte %d",
				label, name, len(fast), len(slow), firstDiff(fast, slow))
		}
	}
}

// renderWith renders with the direct operations on or off, the creation dates blanked.
func renderWith(direct bool, write func(io.Writer) error) ([]byte, error) {
	defer func(old bool) { rawOps = old }(rawOps)
	rawOps = direct
	gofpdf.SetDefaultCatalogSort(true) // the fonts in one order (gofpdf walks a map)
	defer gofpdf.SetDefaultCatalogSort(false)
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return nil, err
	}
	return reDates.ReplaceAll(buf.Bytes(), nil), nil
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestAppendFIsStrconv holds appendF's integer road to strconv's answer: page coordinates, ties, tiny
// negatives, large values.
func TestAppendFIsStrconv(t *testing.T) {
	values := []float64{0, -0.0, 0.005, 0.015, 0.025, 1.005, 2.675, -0.004, -0.005, -0.006, -1.005, 0.5, 1.5, 2.5,
		841.89, 595.28, 42.52, -25.51, 1e15, -1e15, 123456789.125, 9.995, 0.0049999, 0.00500001, 72.0 / 25.4}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		v := (r.Float64() - 0.2) * 900
		values = append(values, v, math.Round(v*100)/100, math.Round(v*1000)/1000+0.0005, float64(int(v*8))/8)
	}
	for _, v := range values {
		for _, prec := range []int{0, 2, 3, 5} {
			want := strconv.FormatFloat(v, 'f', prec, 64)
			if got := string(appendF(nil, v, prec)); got != want {
				t.Fatalf("appendF(%v, %d) = %q, strconv says %q", v, prec, got, want)
			}
		}
	}
}

// TestFontsAreReadOutOfGofpdf: the direct road really selects and measures fonts itself (else the
// comparison above would compare gofpdf with itself): both styles are read, and measure as gofpdf does.
func TestFontsAreReadOutOfGofpdf(t *testing.T) {
	d := newDoc("fonts")
	if d.fonts == nil {
		t.Fatal("the embedded fonts could not be read out of gofpdf: the direct road is not taken")
	}
	if d.fonts[""].id == d.fonts["B"].id {
		t.Errorf("regular and bold have the same resource name %q", d.fonts[""].id)
	}
	for _, style := range []string{"", "B"} {
		d.pdf.SetFont(fontFamily, style, 10)
		for _, s := range []string{"Małgorzata Wójcik", "Καλημέρα", "Понеделник", "7.50", "漢字 ☃"} {
			if got, want := d.fonts[style].glyphs(s), d.pdf.GetStringSymbolWidth(s); got != want {
				t.Errorf("%q in style %q measures %d, gofpdf says %d", s, style, got, want)
			}
		}
	}
}
