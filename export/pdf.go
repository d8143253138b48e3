package export

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/jung-kurt/gofpdf"

	"partnerdesk/data"
)

// Page geometry in millimetres (A4).
const (
	marginX      = 15.0
	headerTop    = 10.0
	footerRule   = 284.0 // portrait; landscape pages subtract the difference in height
	bottomSpace  = 17.0  // from the bottom edge to the lowest content
	lineFactor   = 0.42  // line height per point of font size, in mm
	fontFamily   = "go"
	sizeBody     = 8.5
	sizeSmall    = 7.0
	sizeTiny     = 6.3
	sizeTitle    = 15.0
	sizeSubtitle = 10.0
)

// rgb is a colour; the palette is chosen to print well in black and white.
type rgb struct{ r, g, b int }

var (
	colInk      = rgb{20, 20, 20}
	colGrey     = rgb{88, 88, 88}    // second-language text, captions
	colRule     = rgb{140, 140, 140} // table rules
	colHair     = rgb{200, 200, 200} // row separators
	colHeadFill = rgb{232, 235, 241} // table headers
	colWeekend  = rgb{236, 236, 236}
	colHoliday  = rgb{251, 233, 200}
	colTotal    = rgb{244, 245, 248}
	colAccent   = rgb{0, 51, 153} // the EU's blue, for rules and the funding statement
	colError    = rgb{168, 16, 16}
	colWarning  = rgb{133, 82, 0}
)

// section is a run of pages numbered on their own: one timesheet inside a combined file, or a whole document.
type section struct {
	first, last int
	lang        lang
	name        string // left of the footer: what the document is
}

// doc is a PDF under construction: pages with the project header, sections numbered "Page x of y", and the cursor y.
type doc struct {
	pdf        *gofpdf.Fpdf
	project    data.Project
	lang       lang
	landscape  bool
	w, h       float64 // page size
	left       float64
	right      float64
	top        float64 // first content y below the page header
	bottom     float64 // last content y above the footer
	y          float64
	sections   []section
	onNewPage  func() // repeats a table header after a page break
	headerRule float64
	// What the page's content stream last set, so unchanged settings are not written again.
	curFont  string
	curSize  float64
	curDraw  rgb
	curFill  rgb
	curText  rgb // kept by gofpdf, not written to the page: valid across pages
	curWidth float64
	// What gofpdf itself holds (never forgotten), for writing its operations directly (rawops.go).
	fontStyle    string
	fontPt       float64
	gFill, gText rgb
	fonts        map[string]*fontHandle // by style, when the direct road selects fonts (fontaccess.go)
	runs         map[string]*run        // the strings measured or drawn, by font style
	wrapped      map[wrapKey][]string
	raw          []byte // the operation being written
	stars        struct {
		key [4]float64
		ops string
	}
}

// newDoc starts an empty A4 document with the embedded fonts; title goes into the file's metadata.
func newDoc(title string) *doc {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	// Each document gets its own copy: gofpdf pads font tables by appending to the slice it is given,
	// which writes into a shared array when documents are made on several goroutines.
	pdf.AddUTF8FontFromBytes(fontFamily, "", append([]byte(nil), liberationsansregular.TTF...))
	pdf.AddUTF8FontFromBytes(fontFamily, "B", append([]byte(nil), liberationsansbold.TTF...))
	pdf.SetAutoPageBreak(false, 0) // pages break where the layout says, so table headers repeat
	pdf.SetCellMargin(0)
	pdf.SetMargins(marginX, headerTop, marginX)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Partnerdesk", true)
	pdf.SetProducer("Partnerdesk (gofpdf)", true)
	d := &doc{pdf: pdf, curText: rgb{-1, -1, -1}}
	// Both styles are read out of gofpdf (fontaccess.go), leaving it on bold 10 pt, as every page starts.
	regular, ok1 := fontOf(pdf, fontFamily, "")
	bold, ok2 := fontOf(pdf, fontFamily, "B")
	if rawOps && ok1 && ok2 {
		d.fonts = map[string]*fontHandle{"": &regular, "B": &bold}
	}
	d.forget()
	return d
}

// beginSection starts a new page-numbered part on a new page: the project and language of its header.
func (d *doc) beginSection(p data.Project, l lang, name string, landscape bool) {
	d.project, d.lang, d.landscape = p, l, landscape
	d.onNewPage = nil
	d.sections = append(d.sections, section{lang: l, name: name})
	d.addPage()
	d.sections[len(d.sections)-1].first = d.pdf.PageNo()
}

// addPage adds a page with the project header, then repeats whatever the layout asks (a table header).
func (d *doc) addPage() {
	// gofpdf starts a page with the font it last selected; the direct road selects none, so it is
	// always bold 10 pt, then the page's font is set again.
	d.pdf.SetFont(fontFamily, "B", 10)
	if d.landscape {
		d.pdf.AddPageFormat("L", gofpdf.SizeType{Wd: 210, Ht: 297})
		d.w, d.h = 297, 210
	} else {
		d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: 210, Ht: 297})
		d.w, d.h = 210, 297
	}
	d.left, d.right = marginX, d.w-marginX
	d.bottom = d.h - bottomSpace
	d.sections[len(d.sections)-1].last = d.pdf.PageNo()
	if d.fontPt != 0 {
		d.selectFont(d.fontStyle, d.fontPt)
		d.curFont, d.curSize = d.fontStyle, d.fontPt
	}
	d.pageHeader()
	if d.onNewPage != nil {
		d.onNewPage()
	}
}

// pageHeader draws acronym, project number and title on the left, the funding statement on the right.
func (d *doc) pageHeader() {
	p, l := d.project, d.lang
	rightW := 88.0
	if d.landscape {
		rightW = 124
	}
	leftW := d.right - d.left - rightW - 6
	y := headerTop
	d.font("B", 10.5)
	d.color(colInk)
	acr := p.Acronym
	if acr == "" {
		acr = "Erasmus+"
	}
	aw := d.width(acr)
	d.text(d.left, y, aw, 4.6, acr, "L")
	d.font("", 8)
	d.color(colGrey)
	if p.Number != "" {
		d.text(d.left+aw+2.5, y+0.35, leftW-aw-2.5, 4.6, d.fit(p.Number, leftW-aw-2.5), "L")
	}
	d.color(colInk)
	d.font("", 7.8)
	ly := y + 5.2
	// The title is wrapped whole, never cut: a long one makes the header taller.
	for _, line := range d.wrap(p.Title, leftW) {
		d.text(d.left, ly, leftW, 3.5, line, "L")
		ly += 3.5
	}
	// The EU emblem and the funding statement: English first, then the organisation's language.
	key := fundingKey(p)
	ry := d.fundingBlock(d.right-rightW, y, rightW, l.E(key), l.L(key))
	bottom := max(ly, ry) + 1.8
	d.line(d.left, bottom, d.right, bottom, colAccent, 0.45)
	d.headerRule = bottom
	d.top = bottom + 5
	d.y = d.top
	d.color(colInk)
}

// fundingKey picks the statement of the project's programme generation.
func fundingKey(p data.Project) string {
	if p.Rules == data.Rules2021 {
		return "funding.2021"
	}
	return "funding.2014"
}

// finish writes "Page x of y" on every page, section by section, then the PDF to w.
func (d *doc) finish(w io.Writer) error {
	if d.pdf.PageNo() == 0 {
		return fmt.Errorf("export: empty document")
	}
	last := d.pdf.PageNo()
	// The footer is drawn after the fact so the total is known: gofpdf's AliasNbPages
	// does not survive UTF-8 subset fonts (the alias comes out blank or as the alias itself).
	for _, s := range d.sections {
		n := s.last - s.first + 1
		for p := s.first; p <= s.last; p++ {
			d.pdf.SetPage(p)
			d.forget()
			// SetPage keeps the size of the last page, which gofpdf measures y from: a portrait page
			// of a document ending landscape (or the reverse) has its footer placed for that height.
			wd, ht, _ := d.pdf.PageSize(p)
			wd, ht = math.Round(wd*100)/100, math.Round(ht*100)/100
			_, cur := d.pdf.GetPageSize()
			rule := footerRule - (297 - ht) + (cur - ht)
			right := wd - marginX
			d.line(marginX, rule, right, rule, colHair, 0.2)
			i, total := strconv.Itoa(p-s.first+1), strconv.Itoa(n)
			page := s.lang.EF("page.of", "n", i, "total", total)
			if loc := s.lang.LF("page.of", "n", i, "total", total); loc != "" && loc != page {
				page += "  ·  " + loc
			}
			d.font("", 7)
			d.color(colGrey)
			pw := d.width(page)
			d.text(right-pw, rule+1.6, pw, 3.5, page, "R")
			d.text(marginX, rule+1.6, right-marginX-pw-6, 3.5, d.shrink(s.name, "", 7, right-marginX-pw-6), "L")
		}
	}
	d.pdf.SetPage(last)
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// font sets the font: style "" or "B", size in points.
func (d *doc) font(style string, size float64) {
	if style == d.curFont && size == d.curSize {
		return
	}
	d.selectFont(style, size)
	d.curFont, d.curSize = style, size
	d.fontStyle, d.fontPt = style, size
}

// selectFont writes the font change: directly ("BT /F… 8.50 Tf ET", as gofpdf does), or through gofpdf.
func (d *doc) selectFont(style string, size float64) {
	if d.fonts == nil {
		d.pdf.SetFont(fontFamily, style, size)
		return
	}
	if d.pdf.PageNo() == 0 {
		return // gofpdf writes nothing before the first page either
	}
	b := append(d.raw[:0], "BT /F"...)
	b = append(b, d.fonts[style].id...)
	b = append(b, ' ')
	b = appendF(b, size, 2)
	b = append(b, " Tf ET"...)
	d.raw = b
	d.pdf.RawWriteStr(string(b))
}

// forget marks the graphics state unknown (after moving to another page), so the next settings are written.
func (d *doc) forget() {
	d.curFont, d.curSize, d.curWidth = "", 0, -1
	d.curDraw, d.curFill = rgb{-1, -1, -1}, rgb{-1, -1, -1}
}

func (d *doc) drawStyle(c rgb, w float64) {
	if c != d.curDraw {
		d.pdf.SetDrawColor(c.r, c.g, c.b)
		d.curDraw = c
	}
	if w != d.curWidth {
		d.pdf.SetLineWidth(w)
		d.curWidth = w
	}
}

// color sets the text colour.
func (d *doc) color(c rgb) {
	if c != d.curText {
		d.pdf.SetTextColor(c.r, c.g, c.b)
		d.curText, d.gText = c, c
	}
}

// text writes s in a box at x, y of width w and height h, aligned "L", "C" or "R", vertically centred.
func (d *doc) text(x, y, w, h float64, s, align string) {
	if s == "" {
		return
	}
	s = printable(s)
	if d.rawText(x, y, w, h, s, align) {
		return
	}
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, h, s, "", 0, align+"M", false, 0, "")
	if rawOps {
		d.runOf(s).enc = utf16Text(s) // its characters are in the font now
	}
}

// width is the width of s in the current font.
func (d *doc) width(s string) float64 {
	if !rawOps {
		return d.pdf.GetStringWidth(printable(s))
	}
	return float64(d.runOf(printable(s)).glyphs) * (d.fontPt / ptPerMM) / 1000
}

// printable makes text safe for gofpdf: control characters become spaces, and characters beyond
// the Basic Multilingual Plane (emoji), which its UTF-8 font code cannot index, become U+FFFD.
// Characters the font lacks but the plane holds (CJK) print as empty boxes and still copy out.
func printable(s string) string {
	clean := true
	for _, r := range s {
		// utf8.RuneError: a byte that is not UTF-8, which gofpdf's conversion would read past the end
		// of the string for; strings.Map writes U+FFFD for it.
		if r < 0x20 || r == 0x7f || r > 0xffff || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return ' '
		case r > 0xffff:
			return '\uFFFD'
		}
		return r
	}, s)
}

// fit shortens s with an ellipsis until it fits w in the current font.
func (d *doc) fit(s string, w float64) string {
	if d.width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ,;·") + "…"
}

// shrink sets the font to the largest size, from size down to 5 pt in quarter points, at which s fits w, and
// returns s: text is made smaller rather than cut. Only what does not fit even at 5 pt is shortened.
func (d *doc) shrink(s, style string, size, w float64) string {
	d.font(style, size)
	if d.width(s) <= w {
		return s
	}
	s2, _ := d.fitSize(s, style, size, min(5, size), w)
	return s2
}

// fitSize returns the largest size down to min at which s fits w, and s (shortened if even min is too big).
func (d *doc) fitSize(s, style string, size, min, w float64) (string, float64) {
	for sz := size; sz >= min; sz -= 0.25 {
		d.font(style, sz)
		if d.width(s) <= w {
			return s, sz
		}
	}
	d.font(style, min)
	return d.fit(s, w), min
}

// wrap breaks s into lines of at most w in the current font: at spaces, after a hyphen or slash that
// follows a letter ("Multiplikator-Veranstaltungen", "Lehrkraft/Ausbilder"), and inside a word only when
// the word alone is too long. Explicit newlines are kept.
func (d *doc) wrap(s string, w float64) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	// The same remarks, headings and statements are wrapped on page after page.
	key := wrapKey{d.fontStyle, d.fontPt, w, s}
	if lines, ok := d.wrapped[key]; ok {
		return slices.Clone(lines)
	}
	lines := d.wrapLines(s, w)
	if d.wrapped == nil {
		d.wrapped = map[wrapKey][]string{}
	}
	d.wrapped[key] = lines
	return slices.Clone(lines)
}

// wrapKey is a text wrapped in a font to a width.
type wrapKey struct {
	style string
	size  float64
	w     float64
	s     string
}

func (d *doc) wrapLines(s string, w float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, tok := range breakTokens(para) {
			cand := line + tok
			if line == "" || d.width(strings.TrimRight(cand, " ")) <= w {
				line = cand
				continue
			}
			out = append(out, strings.TrimRight(line, " "))
			line = tok
		}
		// A word longer than the line is cut where it must be.
		for d.width(strings.TrimRight(line, " ")) > w {
			r := []rune(line)
			n := len(r) - 1
			for n > 1 && d.width(string(r[:n])) > w {
				n--
			}
			out = append(out, string(r[:n]))
			line = string(r[n:])
		}
		out = append(out, strings.TrimRight(line, " "))
	}
	return out
}

// wrapBalanced wraps s like wrap, but two lines are made about equally long (as a statement is set).
func (d *doc) wrapBalanced(s string, w float64) []string {
	lines := d.wrap(s, w)
	if len(lines) != 2 {
		return lines
	}
	toks := breakTokens(s)
	best, bestW := lines, max(d.width(lines[0]), d.width(lines[1]))
	for i := 1; i < len(toks); i++ {
		a := strings.TrimRight(strings.Join(toks[:i], ""), " ")
		b := strings.TrimRight(strings.Join(toks[i:], ""), " ")
		wa, wb := d.width(a), d.width(b)
		if wa <= w && wb <= w && max(wa, wb) < bestW {
			best, bestW = []string{a, b}, max(wa, wb)
		}
	}
	return best
}

// breakTokens splits text after the places a line may break.
func breakTokens(s string) []string {
	var toks []string
	r := []rune(s)
	start := 0
	for i, c := range r {
		brk := c == ' ' && !(i+1 < len(r) && (r[i+1] == '·' || r[i+1] == '–'))
		if (c == '-' || c == '/') && i > 0 && unicode.IsLetter(r[i-1]) && i+1 < len(r) && unicode.IsLetter(r[i+1]) {
			brk = true
		}
		if brk {
			toks = append(toks, string(r[start:i+1]))
			start = i + 1
		}
	}
	if start < len(r) {
		toks = append(toks, string(r[start:]))
	}
	return toks
}

// line draws a straight line in a colour and width.
func (d *doc) line(x1, y1, x2, y2 float64, c rgb, w float64) {
	d.drawStyle(c, w)
	if rawOps {
		d.rawLine(x1, y1, x2, y2)
		return
	}
	d.pdf.Line(x1, y1, x2, y2)
}

// fill paints a rectangle.
func (d *doc) fill(x, y, w, h float64, c rgb) {
	if c != d.curFill {
		d.pdf.SetFillColor(c.r, c.g, c.b)
		d.curFill, d.gFill = c, c
	}
	if rawOps {
		d.rawRect(x, y, w, h, "f")
		return
	}
	d.pdf.Rect(x, y, w, h, "F")
}

// box outlines a rectangle.
func (d *doc) box(x, y, w, h float64, c rgb, lw float64) {
	d.drawStyle(c, lw)
	if rawOps {
		d.rawRect(x, y, w, h, "S")
		return
	}
	d.pdf.Rect(x, y, w, h, "D")
}

// need starts a new page when h millimetres do not fit below the cursor; it reports whether it did.
func (d *doc) need(h float64) bool {
	if d.y+h <= d.bottom {
		return false
	}
	d.addPage()
	return true
}

// title writes the document's title in English with the second language below it, and an optional right-hand note.
func (d *doc) title(key, right, rightLoc string) {
	en, loc := d.lang.Both(key)
	d.font("B", sizeTitle)
	d.color(colInk)
	w := d.right - d.left
	rw := 0.0
	if right != "" {
		d.font("B", 12)
		rw = max(d.width(right), 0)
		d.font("", 9)
		rw = max(rw, d.width(rightLoc)) + 2
		d.font("B", sizeTitle)
	}
	d.text(d.left, d.y, w-rw, 6.5, d.fit(en, w-rw), "L")
	if right != "" {
		d.font("B", 12)
		d.text(d.right-rw, d.y+0.6, rw, 6, right, "R")
	}
	d.y += 6.8
	if loc != "" || rightLoc != "" {
		d.font("", sizeSubtitle)
		d.color(colGrey)
		d.text(d.left, d.y, w-rw, 4.5, d.fit(loc, w-rw), "L")
		if rightLoc != "" {
			d.font("", 9)
			d.text(d.right-rw, d.y, rw, 4.5, rightLoc, "R")
		}
		d.y += 4.8
		d.color(colInk)
	}
	d.y += 2.5
}

// heading writes a section heading (English, then the second language in grey on the same line), keeping
// keep millimetres of what follows on the same page.
func (d *doc) heading(key string, keep float64, extra string) {
	d.need(7 + keep)
	en, loc := d.lang.Both(key)
	if extra != "" {
		en += " " + extra
	}
	d.font("B", 10)
	d.color(colInk)
	d.text(d.left, d.y, d.right-d.left, 5, en, "L")
	if loc != "" {
		w := d.width(en)
		d.font("", 8.5)
		d.color(colGrey)
		if extra != "" {
			loc += " " + extra
		}
		d.text(d.left+w+3, d.y+0.3, d.right-d.left-w-3, 5, d.shrink(loc, "", 8.5, d.right-d.left-w-3), "L")
		d.color(colInk)
	}
	d.y += 6.5
}

// field is a label and its value in an information block.
type field struct {
	key   string // label key
	value string
	sub   string // a second, smaller line under the value (an address, a note)
	bold  bool
	color *rgb
}

// fields writes label-value pairs in one column starting at x of width w; it returns the height used.
func (d *doc) fields(x, y, w float64, list []field) float64 {
	labelW := 34.0
	if d.lang.loc != nil {
		labelW = 38
	}
	start := y
	for _, f := range list {
		en, loc := d.lang.Both(f.key)
		d.color(colGrey)
		d.text(x, y, labelW, 3.6, d.shrink(en, "", sizeSmall, labelW-2), "L")
		h := 3.6
		if loc != "" {
			d.text(x, y+3.3, labelW, 3.2, d.shrink(loc, "", sizeTiny, labelW-2), "L")
			h = 6.6
		}
		style := ""
		if f.bold {
			style = "B"
		}
		d.font(style, sizeBody)
		c := colInk
		if f.color != nil {
			c = *f.color
		}
		d.color(c)
		vw := w - labelW
		lines := d.wrap(f.value, vw)
		if len(lines) == 0 {
			lines = []string{"—"}
		}
		vy := y - 0.2
		for _, line := range lines {
			d.text(x+labelW, vy, vw, 4, line, "L")
			vy += 3.8
		}
		if f.sub != "" {
			d.font("", sizeSmall)
			d.color(colGrey)
			for _, line := range d.wrap(f.sub, vw) {
				d.text(x+labelW, vy, vw, 3.4, line, "L")
				vy += 3.3
			}
		}
		y += max(h, vy-y+0.2) + 1.6
	}
	d.color(colInk)
	return y - start
}

// paragraph writes wrapped text at the cursor in the current font, breaking pages as needed.
func (d *doc) paragraph(s string, lh float64, c rgb) {
	d.color(c)
	for _, line := range d.wrap(s, d.right-d.left) {
		if d.need(lh) {
			d.color(c)
		}
		d.text(d.left, d.y, d.right-d.left, lh, line, "L")
		d.y += lh
	}
	d.color(colInk)
}

// column is one column of a table: its heading (a label key, or literal text), width and alignment.
type column struct {
	key   string
	head  string // used when key is ""
	w     float64
	align string
	extra string // a further heading line in ink under the labels (a day's date)
}

// cell is one value in a table row.
type cell struct {
	text  string
	sub   string // a second, smaller grey line (an address, the second language)
	bold  bool
	color *rgb
	fit   bool     // shrink the font rather than cut the text (every cell does now; kept to say it is expected)
	tail  string   // grey text after the value on the same line (the second language's short form)
	wrap  bool     // a value too long for one line takes the second line too (in place of sub)
	span  int      // columns the cell covers (0 or 1: its own)
	top   bool     // set as the first of two lines, level with the neighbours that have a sub
	lines []string // text already wrapped to the column, drawn whole, remarkLH apart (the row is made tall enough)
}

// table draws rows under a header that is repeated on every page the table spans.
type table struct {
	d     *doc
	cols  []column
	x     float64
	headH float64
	size  float64 // body font size
	grid  bool    // vertical rules between columns (forms), or only horizontal rules (reports)
	segY  float64 // top of the rows whose vertical rules are not drawn yet (-1: none)
}

// newTable lays out a table at the left margin; the last column with width 0 takes the rest of the line.
func (d *doc) newTable(cols []column, size float64, grid bool) *table {
	used := 0.0
	for _, c := range cols {
		used += c.w
	}
	for i := range cols {
		if cols[i].w == 0 {
			cols[i].w = d.right - d.left - used
		}
	}
	t := &table{d: d, cols: cols, x: d.left, size: size, grid: grid, segY: -1}
	t.headH = t.measureHeader()
	return t
}

// headLines returns a column heading's English and second-language lines.
func (t *table) headLines(c column) ([]string, []string) {
	d := t.d
	en, loc := c.head, ""
	if c.key != "" {
		en, loc = d.lang.Both(c.key)
	}
	d.font("B", sizeSmall)
	el := d.wrap(en, c.w-2)
	d.font("", sizeTiny)
	ll := d.wrap(loc, c.w-2)
	return el, ll
}

func (t *table) measureHeader() float64 {
	h := 0.0
	for _, c := range t.cols {
		el, ll := t.headLines(c)
		x := 0.0
		if c.extra != "" {
			t.d.font("B", sizeTiny)
			x = 3.0 * float64(len(t.d.wrap(c.extra, c.w-2)))
		}
		h = max(h, float64(len(el))*3.2+float64(len(ll))*2.9+x)
	}
	return h + 2.6
}

// header draws the table's header row at the cursor and arranges for it to repeat after page breaks.
func (t *table) header() {
	d := t.d
	d.onNewPage = t.header
	y := d.y
	w := t.width()
	d.fill(t.x, y, w, t.headH, colHeadFill)
	d.line(t.x, y, t.x+w, y, colRule, 0.3)
	d.line(t.x, y+t.headH, t.x+w, y+t.headH, colRule, 0.3)
	x := t.x
	for i, c := range t.cols {
		el, ll := t.headLines(c)
		ty := y + 1.3
		d.font("B", sizeSmall)
		d.color(colInk)
		for _, line := range el {
			d.text(x+1, ty, c.w-2, 3.2, line, c.align)
			ty += 3.2
		}
		d.font("", sizeTiny)
		d.color(colGrey)
		for _, line := range ll {
			d.text(x+1, ty, c.w-2, 2.9, line, c.align)
			ty += 2.9
		}
		if c.extra != "" {
			d.font("B", sizeTiny)
			d.color(colInk)
			for _, line := range d.wrap(c.extra, c.w-2) {
				d.text(x+1, ty, c.w-2, 3.0, line, c.align)
				ty += 3.0
			}
		}
		if t.grid && i > 0 {
			d.line(x, y, x, y+t.headH, colRule, 0.15)
		}
		x += c.w
	}
	d.color(colInk)
	d.y = y + t.headH
}

func (t *table) width() float64 {
	w := 0.0
	for _, c := range t.cols {
		w += c.w
	}
	return w
}

// need breaks the page (repeating the header) when h does not fit.
func (t *table) need(h float64) {
	if t.d.y+h > t.d.bottom {
		t.flush()
		t.d.addPage()
	}
}

// flush draws the vertical rules of the rows since segY in one stroke per column.
func (t *table) flush() {
	d := t.d
	if !t.grid || t.segY < 0 || d.y <= t.segY {
		t.segY = -1
		return
	}
	x := t.x
	for i, c := range t.cols {
		if i > 0 {
			d.line(x, t.segY, x, d.y, colRule, 0.12)
		}
		x += c.w
	}
	t.segY = -1
}

// row draws one row of height h, shaded when fill is set; rows that do not fit go to the next page.
func (t *table) row(h float64, fill *rgb, cells ...cell) {
	d := t.d
	t.need(h)
	spans := false
	for _, c := range cells {
		spans = spans || c.span > 1
	}
	if spans {
		t.flush()
	}
	y := d.y
	w := t.width()
	if fill != nil {
		d.fill(t.x, y, w, h, *fill)
	}
	x := t.x
	col := 0
	var bounds []float64 // x of the vertical rules between cells
	for _, c := range cells {
		if col >= len(t.cols) {
			break
		}
		span := max(c.span, 1)
		cw := 0.0
		for k := col; k < col+span && k < len(t.cols); k++ {
			cw += t.cols[k].w
		}
		t.drawCell(c, t.cols[col].align, x, y, cw, h)
		x += cw
		col += span
		bounds = append(bounds, x)
	}
	if t.grid {
		if len(bounds) == len(t.cols) {
			if t.segY < 0 {
				t.segY = y // plain rows: their rules are drawn in one stroke later
			}
		} else {
			for _, bx := range bounds[:max(len(bounds)-1, 0)] {
				d.line(bx, y, bx, y+h, colRule, 0.12)
			}
		}
	}
	d.line(t.x, y+h, t.x+w, y+h, colHair, 0.15)
	d.color(colInk)
	d.y = y + h
}

// drawCell writes one cell's value (and its second line or tail) in the box x, y, w, h.
func (t *table) drawCell(c cell, align string, x, y, w, h float64) {
	d := t.d
	style := ""
	if c.bold {
		style = "B"
	}
	clr := colInk
	if c.color != nil {
		clr = *c.color
	}
	d.color(clr)
	if len(c.lines) > 0 {
		d.font(style, t.size)
		ty := y + (h-float64(len(c.lines))*remarkLH)/2
		for _, line := range c.lines {
			d.text(x+1, ty, w-2, remarkLH, line, align)
			ty += remarkLH
		}
		return
	}
	if c.wrap {
		d.font(style, t.size)
		if d.width(c.text) > w-2 {
			if parts := d.wrap(c.text, w-2); len(parts) >= 2 {
				rest := strings.Join(parts[1:], " ")
				c.text, c.sub = parts[0], ""
				t.drawCell(cell{text: c.text, bold: c.bold, color: c.color}, align, x, y-t.size*lineFactor/2-0.1, w, h)
				t.drawCell(cell{text: rest, bold: c.bold, color: c.color}, align, x, y+t.size*lineFactor/2+0.1, w, h)
				return
			}
		}
	}
	lines := 1.0
	if c.sub != "" || c.top {
		lines = 2
	}
	textH := t.size * lineFactor
	ty := y + (h-textH*lines-(lines-1)*0.2)/2
	inner := w - 2
	if c.tail != "" {
		d.font("", t.size-1)
		inner -= d.width(c.tail) + 1.5
	}
	// Text too long for its cell is made smaller, never cut (fit or not: a cut name is no evidence).
	s := d.shrink(c.text, style, t.size, inner)
	d.text(x+1, ty, inner, textH, s, align)
	if c.tail != "" {
		tx := x + 1 + d.width(s) + 1.5
		d.font("", t.size-1)
		d.color(colGrey)
		d.text(tx, ty, d.width(c.tail)+0.5, textH, c.tail, "L")
	}
	if c.sub != "" {
		d.color(colGrey)
		d.text(x+1, ty+textH+0.2, w-2, textH, d.shrink(c.sub, "", t.size-1.3, w-2), align)
	}
}

// rule draws a firmer line under the last row (above a totals row).
func (t *table) rule() {
	t.flush()
	t.d.line(t.x, t.d.y, t.x+t.width(), t.d.y, colRule, 0.3)
}

// end stops repeating the header.
func (t *table) end() {
	t.flush()
	t.d.onNewPage = nil
	t.d.y += 4
}

// money formats cents as euro with thousands separators: 12,345.60.
func money(c data.Cents) string {
	s := c.Euro()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + frac
	if neg {
		out = "−" + out
	}
	return out
}

// days formats working days (hundredths) with two decimals.
func days(d data.Days) string { return money(data.Cents(d)) }

// hours formats work as typed ("6.5", "1.01", "6:20"; "" for none), so the sheet shows the evidence exactly.
func hours(m data.Seconds) string {
	if m == 0 {
		return ""
	}
	return m.Column()
}

// hoursTotal formats work as hours, zero included ("0.00").
func hoursTotal(m data.Seconds) string { return m.Column() }

// period formats a start and end date: "2019-10-14 – 2019-10-15", or one date when they are the same.
func period(a, b data.Date) string {
	switch {
	case a.IsZero() && b.IsZero():
		return ""
	case b.IsZero() || a == b:
		return a.String()
	case a.IsZero():
		return "– " + b.String()
	}
	return a.String() + " – " + b.String()
}

// place is "City, Country".
func place(city, country string) string {
	c := countryName(country)
	switch {
	case city == "":
		return c
	case c == "":
		return city
	}
	return city + ", " + c
}
