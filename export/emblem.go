package export

import (
	"math"

	"github.com/jung-kurt/gofpdf"
)

// The European emblem's colours (Pantone Reflex Blue and Yellow, as the EU's graphic guide gives them in RGB).
var (
	colEmblemBlue = rgb{0, 51, 153}
	colEmblemGold = rgb{255, 204, 0}
)

// emblemRatio is the flag's width over its height (3:2).
const emblemRatio = 1.5

// emblemWidth is the width of an emblem drawn h millimetres high.
func emblemWidth(h float64) float64 { return h * emblemRatio }

// drawEmblem draws the European emblem as vectors with its top left corner at x, y and height h (mm):
// a reflex-blue rectangle of 3:2 with twelve gold five-pointed stars on an invisible circle of radius h/3
// around the centre, each star's points on a circle of radius h/18, one point upwards, the stars standing
// where a clock's hours stand. It sets the fill colour, so a doc's remembered fill is stale afterwards:
// call it through (*doc).emblem, or forget the doc's state after.
func drawEmblem(pdf *gofpdf.Fpdf, x, y, h float64) {
	w := emblemWidth(h)
	pdf.SetFillColor(colEmblemBlue.r, colEmblemBlue.g, colEmblemBlue.b)
	pdf.Rect(x, y, w, h, "F")
	pdf.SetFillColor(colEmblemGold.r, colEmblemGold.g, colEmblemGold.b)
	cx, cy := x+w/2, y+h/2
	for i := range 12 {
		a := float64(i) * math.Pi / 6
		pdf.Polygon(starPoints(cx+h/3*math.Sin(a), cy-h/3*math.Cos(a), h/18), "F")
	}
}

// starPoints is a five-pointed star of outer radius r around cx, cy, one point upwards (y grows downwards).
func starPoints(cx, cy, r float64) []gofpdf.PointType {
	// The inner points of a regular star lie at r × sin 18° / sin 126° (0.382 r).
	inner := r * math.Sin(math.Pi/10) / math.Sin(7*math.Pi/10)
	pts := make([]gofpdf.PointType, 0, 10)
	for k := range 10 {
		rad := r
		if k%2 == 1 {
			rad = inner
		}
		a := float64(k) * math.Pi / 5
		pts = append(pts, gofpdf.PointType{X: cx + rad*math.Sin(a), Y: cy - rad*math.Cos(a)})
	}
	return pts
}

// emblem draws the European emblem on the page at x, y, h high, keeping the doc's colour state right.
func (d *doc) emblem(x, y, h float64) {
	if rawOps {
		d.pdf.SetFillColor(colEmblemBlue.r, colEmblemBlue.g, colEmblemBlue.b) // always, as drawEmblem does
		d.gFill = colEmblemBlue
		d.rawRect(x, y, emblemWidth(h), h, "f")
		d.pdf.SetFillColor(colEmblemGold.r, colEmblemGold.g, colEmblemGold.b)
		d.rawStars(x, y, h)
	} else {
		drawEmblem(d.pdf, x, y, h)
	}
	d.curFill, d.gFill = colEmblemGold, colEmblemGold
}

// fundingBlock draws the emblem and the funding statement beside it ("Co-funded by the European Union",
// English first, then the second language in grey) flush right in a box of width w from x, top y; the
// statement's lines are left-aligned to the emblem's right, as the EU's guide sets them. It returns the
// bottom of what it drew.
func (d *doc) fundingBlock(x, y, w float64, en, loc string) float64 {
	const h = 9.0 // emblem height, mm
	ew := emblemWidth(h)
	gap := 2.2
	textW := w - ew - gap
	d.font("B", 7.6)
	el := d.wrapBalanced(en, textW)
	widest := 0.0
	for _, s := range el {
		widest = max(widest, d.width(s))
	}
	var ll []string
	if loc != "" {
		d.font("", 6.8)
		ll = d.wrapBalanced(loc, textW)
		for _, s := range ll {
			widest = max(widest, d.width(s))
		}
	}
	widest = min(widest+0.5, textW)
	left := x + w - widest - gap - ew
	d.emblem(left, y, h)
	tx := left + ew + gap
	// The English statement is centred on the emblem's height when it is alone, else starts at its top.
	textH := float64(len(el)) * 3.4
	if len(ll) > 0 {
		textH += 0.4 + float64(len(ll))*3.0
	}
	ty := y + max((h-textH)/2, 0)
	d.font("B", 7.6)
	d.color(colAccent)
	for _, s := range el {
		d.text(tx, ty, widest, 3.4, s, "L")
		ty += 3.4
	}
	if len(ll) > 0 {
		ty += 0.4
		d.font("", 6.8)
		d.color(colGrey)
		for _, s := range ll {
			d.text(tx, ty, widest, 3.0, s, "L")
			ty += 3.0
		}
	}
	d.color(colInk)
	return max(ty, y+h)
}
