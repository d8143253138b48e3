package export

import (
	"reflect"
	"unsafe"

	"github.com/jung-kurt/gofpdf"
)

// gofpdf selects a font with a fmt call on every change of style or size and measures text through
// its own font state, a tenth of a timesheet's rendering; it offers no way to write a font change or
// mark the characters a page uses other than drawing through it. So the direct road (rawops.go) takes,
// once per document, what gofpdf keeps of each embedded style: the font's resource name, its glyph
// widths and the set of characters gofpdf subsets the font to. gofpdf v1.16.2 is archived and will not
// change; fontOf checks every field's type and reports false if they are not what it reads, and the
// direct road is then not taken. TestRawOpsWriteWhatGofpdfWrites compares whole documents.

// fontHandle is one embedded style as gofpdf keeps it.
type fontHandle struct {
	id      string      // the resource name after /F
	widths  []int       // glyph widths (1/1000 of the size) by character
	missing int         // the width of a character the font lacks (0: 500)
	used    map[int]int // the characters to keep in the subset, shared with gofpdf
}

var (
	typeString = reflect.TypeFor[string]()
	typeInts   = reflect.TypeFor[[]int]()
	typeRunes  = reflect.TypeFor[map[int]int]()
)

// fontOf selects style (before the first page, where gofpdf writes nothing) and reads it.
func fontOf(pdf *gofpdf.Fpdf, family, style string) (fontHandle, bool) {
	pdf.SetFont(family, style, 10)
	if pdf.PageNo() != 0 || pdf.Err() {
		return fontHandle{}, false
	}
	cur := reflect.ValueOf(pdf).Elem().FieldByName("currentFont")
	if !cur.IsValid() || cur.Kind() != reflect.Struct {
		return fontHandle{}, false
	}
	field := func(name string, t reflect.Type) unsafe.Pointer {
		f := cur.FieldByName(name)
		if !f.IsValid() || f.Type() != t {
			return nil
		}
		return unsafe.Pointer(f.UnsafeAddr())
	}
	id, widths, used := field("i", typeString), field("Cw", typeInts), field("usedRunes", typeRunes)
	if id == nil || widths == nil || used == nil || *(*map[int]int)(used) == nil {
		return fontHandle{}, false
	}
	h := fontHandle{id: *(*string)(id), widths: *(*[]int)(widths), used: *(*map[int]int)(used),
		missing: pdf.GetFontDesc(family, style).MissingWidth}
	return h, h.id != "" && len(h.widths) > 0
}

// glyphs is GetStringSymbolWidth for a UTF-8 font.
func (h *fontHandle) glyphs(s string) int {
	w := 0
	for _, c := range s {
		switch ch := int(c); {
		case ch < len(h.widths) && h.widths[ch] > 0:
			if h.widths[ch] != 65535 {
				w += h.widths[ch]
			}
		case h.missing != 0:
			w += h.missing
		default:
			w += 500
		}
	}
	return w
}

// use marks s's characters for the font subset, as drawing through gofpdf does.
func (h *fontHandle) use(s string) {
	for _, c := range s {
		h.used[int(c)] = int(c)
	}
}
