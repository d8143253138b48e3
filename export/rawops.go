package export

import (
	"math"
	"strconv"
)

// The drawing operations a batch of timesheets repeats thousands of times (a cell's text, a rule, a
// filled row, the emblem) are written straight into the page's content stream, formatted with strconv
// instead of gofpdf's fmt calls, which cost half of a sheet's rendering. They write the very bytes
// gofpdf writes (TestRawOpsWriteWhatGofpdfWrites compares whole documents): text goes through gofpdf
// the first time a string is drawn in a font, so its characters enter the font subset, and is copied
// from the cache after that.

// rawOps switches the direct writing on; the test turns it off to render the reference.
var rawOps = true

// ptPerMM is gofpdf's scale factor for documents in millimetres.
const ptPerMM = 72.0 / 25.4

// run is what a string costs to draw in one font style: its width in glyph units (1/1000 of the font
// size) and its text as a PDF string's content (UTF-16BE, escaped), once gofpdf has drawn it.
type run struct {
	glyphs int
	enc    string // "" until drawn by gofpdf
}

// runKey is the cache key of s in a font style.
func runKey(style, s string) string { return style + "\x00" + s }

// runOf looks up (or measures) s in the font gofpdf has set.
func (d *doc) runOf(s string) *run {
	if d.runs == nil {
		d.runs = map[string]*run{}
	}
	k := runKey(d.fontStyle, s)
	r := d.runs[k]
	if r == nil {
		if d.fonts != nil {
			r = &run{glyphs: d.fonts[d.fontStyle].glyphs(s)}
		} else {
			r = &run{glyphs: d.pdf.GetStringSymbolWidth(s)}
		}
		d.runs[k] = r
	}
	return r
}

// rawText is CellFormat(w, h, s, "", 0, align+"M", false, 0, "") at x, y for a string gofpdf has drawn
// in this font before; it reports false (writing nothing) for one it has not.
func (d *doc) rawText(x, y, w, h float64, s, align string) bool {
	if !rawOps {
		return false
	}
	r := d.runOf(s)
	if r.enc == "" {
		if d.fonts == nil {
			return false
		}
		d.fonts[d.fontStyle].use(s) // what drawing through gofpdf would mark for the subset
		r.enc = utf16Text(s)
	}
	fontSize := d.fontPt / ptPerMM
	pw, ph := d.pdf.GetPageSize()
	// Where gofpdf's SetXY and CellFormat put the cell: negative x and y from the right and bottom
	// edge, and a width of 0 to the right margin.
	if x < 0 {
		x = pw + x
	}
	if y < 0 {
		y = ph + y
	}
	if w == 0 {
		_, _, rm, _ := d.pdf.GetMargins()
		w = pw - rm - x
	}
	var dx float64
	switch align {
	case "R":
		dx = w - float64(r.glyphs)*fontSize/1000
	case "C":
		dx = (w - float64(r.glyphs)*fontSize/1000) / 2
	}
	b := d.raw[:0]
	colored := d.gFill != d.gText
	if colored {
		b = append(b, "q "...)
		b = appendColor(b, d.gText, "g", "rg")
		b = append(b, ' ')
	}
	b = append(b, "BT "...)
	b = appendF(b, float64(x+dx)*ptPerMM, 2)
	b = append(b, ' ')
	b = appendF(b, float64(ph-float64(float64(y+0.5*h)+0.3*fontSize))*ptPerMM, 2)
	b = append(b, " Td ("...)
	b = append(b, r.enc...)
	b = append(b, ")Tj ET"...)
	if colored {
		b = append(b, " Q"...)
	}
	d.raw = b
	d.pdf.RawWriteStr(string(b))
	d.pdf.SetXY(x+w, y) // where CellFormat leaves the cursor
	return true
}

// utf16Text is s as gofpdf writes it inside a string for a UTF-8 font: UTF-16BE code units, with the bytes
// that are special in a PDF string escaped. s holds only characters of the Basic Multilingual Plane
// (printable makes sure).
func utf16Text(s string) string {
	b := make([]byte, 0, 2*len(s)+8)
	for _, c := range s {
		for _, x := range [2]byte{byte(c >> 8), byte(c)} {
			switch x {
			case '\\', '(', ')':
				b = append(b, '\\', x)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, x)
			}
		}
	}
	return string(b)
}

// rawLine is gofpdf's Line.
func (d *doc) rawLine(x1, y1, x2, y2 float64) {
	_, ph := d.pdf.GetPageSize()
	b := appendF(d.raw[:0], x1*ptPerMM, 2)
	b = append(b, ' ')
	b = appendF(b, (ph-y1)*ptPerMM, 2)
	b = append(b, " m "...)
	b = appendF(b, x2*ptPerMM, 2)
	b = append(b, ' ')
	b = appendF(b, (ph-y2)*ptPerMM, 2)
	b = append(b, " l S"...)
	d.raw = b
	d.pdf.RawWriteStr(string(b))
}

// rawRect is gofpdf's Rect with the painting operator op ("f" fills, "S" strokes).
func (d *doc) rawRect(x, y, w, h float64, op string) {
	_, ph := d.pdf.GetPageSize()
	b := appendF(d.raw[:0], x*ptPerMM, 2)
	b = append(b, ' ')
	b = appendF(b, (ph-y)*ptPerMM, 2)
	b = append(b, ' ')
	b = appendF(b, w*ptPerMM, 2)
	b = append(b, ' ')
	b = appendF(b, -h*ptPerMM, 2)
	b = append(b, " re "...)
	b = append(b, op...)
	d.raw = b
	d.pdf.RawWriteStr(string(b))
}

// rawStars is the emblem's twelve stars as gofpdf's Polygon(…, "F") writes them, one line per operator.
// Every page draws the same emblem at the same place, so the text is kept for the next page.
func (d *doc) rawStars(x, y, h float64) {
	_, ph := d.pdf.GetPageSize()
	key := [4]float64{x, y, h, ph}
	if d.stars.key != key || d.stars.ops == "" {
		w := emblemWidth(h)
		cx, cy := x+w/2, y+h/2
		var b []byte
		for i := range 12 {
			a := float64(i) * math.Pi / 6
			pts := starPoints(cx+h/3*math.Sin(a), cy-h/3*math.Cos(a), h/18)
			for j, pt := range pts {
				if j == 0 {
					b = appendF(b, pt.X*ptPerMM, 2)
					b = append(b, ' ')
					b = appendF(b, (ph-pt.Y)*ptPerMM, 2)
					b = append(b, " m\n"...)
					continue
				}
				b = appendF(b, pt.X*ptPerMM, 5)
				b = append(b, ' ')
				b = appendF(b, (ph-pt.Y)*ptPerMM, 5)
				b = append(b, " l \n"...)
			}
			b = appendF(b, pts[0].X*ptPerMM, 5)
			b = append(b, ' ')
			b = appendF(b, (ph-pts[0].Y)*ptPerMM, 5)
			b = append(b, " l \nf"...)
			if i < 11 {
				b = append(b, '\n')
			}
		}
		d.stars.key, d.stars.ops = key, string(b)
	}
	d.pdf.RawWriteStr(d.stars.ops)
}

// appendF is fmt's %.Nf (strconv.AppendFloat(b, v, 'f', prec, 64)). Every coordinate of a page goes
// through it, so the common case is done in integers: v scaled to prec decimals and rounded, which is
// strconv's answer unless the scaled value lies next to a half (a tie strconv breaks on the exact
// decimal value) or is too large, where strconv itself answers. TestAppendFIsStrconv checks it.
func appendF(b []byte, v float64, prec int) []byte {
	if prec < len(pow10s) {
		x := v * pow10s[prec]
		if ax := math.Abs(x); ax < 1<<52 {
			r := math.Floor(ax)
			frac := ax - r
			if frac < 0.5-1e-6 || frac > 0.5+1e-6 {
				if frac > 0.5 {
					r++
				}
				n := uint64(r)
				if n != 0 || !math.Signbit(v) { // strconv writes "-0.00" for a small negative
					if math.Signbit(v) && n != 0 {
						b = append(b, '-')
					}
					return appendFixed(b, n, prec)
				}
			}
		}
	}
	return strconv.AppendFloat(b, v, 'f', prec, 64)
}

var pow10s = [...]float64{1, 10, 100, 1e3, 1e4, 1e5, 1e6}

// appendFixed writes n/10^prec with exactly prec decimals.
func appendFixed(b []byte, n uint64, prec int) []byte {
	var buf [24]byte
	i := len(buf)
	for range prec {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if prec > 0 {
		i--
		buf[i] = '.'
	}
	for {
		i--
		buf[i] = byte('0' + n%10)
		if n /= 10; n == 0 {
			break
		}
	}
	return append(b, buf[i:]...)
}

// appendColor is a colour as gofpdf writes it: "0.078 g" for a grey, "0.000 0.200 0.600 rg" otherwise
// (gray and full are the operators: "g"/"rg" for filling and text, "G"/"RG" for drawing).
func appendColor(b []byte, c rgb, gray, full string) []byte {
	r, g, bl := float64(c.r)/255, float64(c.g)/255, float64(c.b)/255
	if c.r == c.g && r == bl { // gofpdf's own test of a grey
		b = appendF(b, r, 3)
		b = append(b, ' ')
		return append(b, gray...)
	}
	b = appendF(b, r, 3)
	b = append(b, ' ')
	b = appendF(b, g, 3)
	b = append(b, ' ')
	b = appendF(b, bl, 3)
	b = append(b, ' ')
	return append(b, full...)
}
