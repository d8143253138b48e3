package export

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"partnerdesk/data"
)

// Timesheet writes one person's monthly timesheet.
func Timesheet(w io.Writer, s *data.MonthSheet) error {
	return Timesheets(w, []*data.MonthSheet{s})
}

// Timesheets writes several sheets as one combined PDF (one or more pages per sheet, in order).
// Each sheet keeps its own page numbering, so a sheet taken out of the file is complete.
func Timesheets(w io.Writer, sheets []*data.MonthSheet) error {
	if len(sheets) == 0 {
		return ErrNoSheets
	}
	for i, s := range sheets {
		if s == nil {
			return fmt.Errorf("export: timesheet %d of %d is missing", i+1, len(sheets))
		}
	}
	d := newDoc(sheetsTitle(sheets))
	for _, s := range sheets {
		renderSheet(d, s)
	}
	return d.finish(w)
}

// ErrNoSheets is returned when there is no timesheet to write.
var ErrNoSheets = errors.New("export: no timesheets to write")

func sheetsTitle(sheets []*data.MonthSheet) string {
	if len(sheets) == 1 {
		s := sheets[0]
		return "Timesheet " + s.Month.String() + " " + s.Person.Name
	}
	from, to := monthRange(sheets)
	return "Timesheets " + from.String() + " – " + to.String()
}

// monthName is "October 2019" in English and in the second language ("" when none).
func monthName(l lang, m data.Month) (string, string) {
	key := "month." + strconv.Itoa(int(m.Month))
	en := l.E(key) + " " + strconv.Itoa(m.Year)
	loc := ""
	if s := l.L(key); s != "" {
		loc = s + " " + strconv.Itoa(m.Year)
	}
	return en, loc
}

// renderSheet lays out one month sheet as its own section: header, grid, totals, checks, signatures.
func renderSheet(d *doc, s *data.MonthSheet) {
	l := newLang(languageOf(s.Partner.Country))
	month, monthLoc := monthName(l, s.Month)
	name := l.E("ts.title") + " · " + s.Person.Name + " · " + month
	// Many outputs need the width of a landscape page.
	landscape := len(s.Outputs) > 7
	d.beginSection(s.Project, l, name, landscape)
	d.title("ts.title", month, monthLoc)

	if s.ChangedAfterApproval {
		changedBanner(d, s)
	}
	sheetInfo(d, s)
	sheetGrid(d, s)
	sheetChecks(d, s)
	signatures(d, s)
}

// changedBanner warns, in red and in a frame, that the hours no longer match the approved ones.
func changedBanner(d *doc, s *data.MonthSheet) {
	l := d.lang
	by := s.ApprovedBy
	if by == "" && s.Approval != nil {
		by = s.Approval.By
	}
	at := ""
	if s.Approval != nil {
		at = data.DateOf(s.Approval.At).String()
	}
	en := l.E("ts.changed") + " " + l.EF("ts.changed.detail", "name", by, "date", at)
	loc := ""
	if x := l.L("ts.changed"); x != "" {
		loc = x + " " + l.LF("ts.changed.detail", "name", by, "date", at)
	}
	w := d.right - d.left
	d.font("B", 9)
	el := d.wrap(en, w-6)
	d.font("", 8)
	ll := d.wrap(loc, w-6)
	h := float64(len(el))*4 + float64(len(ll))*3.6 + 3.5
	d.fill(d.left, d.y, w, h, rgb{253, 236, 236})
	d.box(d.left, d.y, w, h, colError, 0.6)
	y := d.y + 1.8
	d.font("B", 9)
	d.color(colError)
	for _, line := range el {
		d.text(d.left+3, y, w-6, 4, line, "L")
		y += 4
	}
	d.font("", 8)
	for _, line := range ll {
		d.text(d.left+3, y, w-6, 3.6, line, "L")
		y += 3.6
	}
	d.color(colInk)
	d.y += h + 3
}

// sheetInfo writes organisation, person, category, working day, day rate and approval state in two columns.
func sheetInfo(d *doc, s *data.MonthSheet) {
	l := d.lang
	p := s.Partner
	orgSub := place(p.City, p.Country)
	if p.OID != "" {
		orgSub = "OID " + p.OID + " · " + orgSub
	}
	catEN, catLoc := l.Both(categoryKey(s.Category))
	left := []field{
		{key: "f.organisation", value: p.Name, sub: orgSub, bold: true},
		{key: "f.staff_member", value: s.Person.Name, bold: true},
		{key: "f.staff_category", value: catEN, sub: catLoc},
	}
	rateValue, rateSub, rateColor := dayRate(l, s)
	wd := s.WorkingDay.String()
	status, statusLoc, statusColor := sheetStatus(l, s)
	right := []field{
		{key: "f.day_rate", value: rateValue, sub: rateSub, color: rateColor},
		{key: "f.working_day", value: l.EF("ts.working_day", "h", wd), sub: l.LF("ts.working_day", "h", wd)},
		{key: "f.status", value: status, sub: statusLoc, bold: s.State == data.StateApproved, color: statusColor},
	}
	gap := 8.0
	colW := (d.right - d.left - gap) / 2
	h1 := d.fields(d.left, d.y, colW, left)
	h2 := d.fields(d.left+colW+gap, d.y, colW, right)
	d.y += max(h1, h2) + 1.5
}

// dayRate describes the organisation's rate for the person's category and where it comes from.
func dayRate(l lang, s *data.MonthSheet) (string, string, *rgb) {
	if !s.RateKnown {
		sub := l.E("rate.unknown.detail")
		if loc := l.L("rate.unknown.detail"); loc != "" {
			sub += "\n" + loc
		}
		return l.Joined("rate.unknown"), sub, &colWarning
	}
	value := money(s.DayRate) + " EUR"
	rules, err := data.RulesByName(s.Project.Rules)
	if err != nil {
		return value, "", nil
	}
	_, own, _ := rules.DayRate(s.Partner, s.Category)
	key := "rate.table"
	switch {
	case own:
		key = "rate.own"
	case rules.Name == data.Rules2021:
		key = "rate.default2021"
	}
	g := strconv.Itoa(rules.CountryGroup(s.Partner.Country))
	sub := l.EF(key, "group", g)
	if loc := l.LF(key, "group", g); loc != "" {
		sub += "\n" + loc
	}
	return value, sub, nil
}

// sheetStatus is the month's approval state in words, in both languages.
func sheetStatus(l lang, s *data.MonthSheet) (string, string, *rgb) {
	at := ""
	if s.Approval != nil && !s.Approval.At.IsZero() {
		at = data.DateOf(s.Approval.At).String()
	}
	by := s.ApprovedBy
	if by == "" && s.Approval != nil {
		if s.Approval.By == s.Person.ID {
			by = s.Person.Name
		} else {
			by = s.Approval.By
		}
	}
	key := "status.draft"
	switch s.State {
	case data.StateSubmitted:
		key = "status.submitted"
	case data.StateApproved:
		key = "status.approved"
	case data.StateReopened:
		key = "status.reopened"
	}
	var c *rgb
	if s.ChangedAfterApproval {
		c = &colError
	}
	return l.EF(key, "name", by, "date", at), l.LF(key, "name", by, "date", at), c
}

// gridLayout is the widths of the grid's columns and its row height.
type gridLayout struct {
	dateW, dayW, outW, totalW float64
	rowH                      float64
}

// sheetWidths shares the width among the grid's columns; the remarks column keeps at least 38 mm.
func sheetWidths(d *doc, s *data.MonthSheet) gridLayout {
	g := gridLayout{dateW: 17.5, dayW: 15.5, totalW: 15.5}
	if d.lang.loc == nil {
		g.dayW = 10
	}
	avail := d.right - d.left - g.dateW - g.dayW - g.totalW - 38
	if n := len(s.Outputs); n > 0 {
		g.outW = min(16, max(10, avail/float64(n)))
	}
	return g
}

// Remarks (holiday names, notes) are wrapped in their column, never cut: a day with a long remark gets
// a taller row, remarkLH millimetres a line more.
const remarkLH = 3.15

// sheetTail is the height of what follows the grid, measured as it will be drawn: the totals, the value
// line, the legend, the shading key, the checks and the signatures.
func sheetTail(d *doc, s *data.MonthSheet) float64 {
	totalH := 5.2
	if d.lang.loc != nil {
		totalH = 7.4
	}
	rest := 2*totalH + 2 + 5.5 // totals, the space after the table, the value line
	d.font("", sizeSmall)
	for _, o := range s.Outputs {
		rest += 3.5*float64(max(len(d.wrap(o.Title, d.right-d.left-10)), 1)) + 0.3
	}
	if len(s.Outputs) == 0 {
		rest += 3.8
	}
	rest += 7 // shading key
	if len(s.Checks) > 0 {
		rest += 6.5 + 3
		for _, c := range s.Checks {
			rest += checkHeight(d, s, c)
		}
	}
	return rest + signaturesH + 2 + 0.5 // signatures, and a little air
}

// sheetRowHeight fits the month on one page when what follows the grid allows: rows of 3.5 to 4.8 mm
// (extra is what the days' longer remarks add). When even the smallest rows leave no room, it returns
// comfortable rows and the day before which the grid moves on to the next page. That day is chosen so
// the rest of the grid, its totals and everything after them down to the signatures fit on that page:
// the signature block never stands alone, and stays with the end of the grid and its totals.
func sheetRowHeight(d *doc, s *data.MonthSheet, headH float64, extraLines []int) (float64, int) {
	rest := sheetTail(d, s)
	extra := 0
	for _, n := range extraLines {
		extra += n
	}
	n := len(s.Days)
	h := (d.bottom - d.y - headH - rest - float64(extra)*remarkLH) / float64(n)
	switch {
	case h > 4.8:
		return 4.8, -1
	case h >= 3.5:
		return h, -1
	}
	// plan lays the rows out at height rowH: the day the grid's last page starts at (-1: no forced break),
	// and whether that page holds at least the last week.
	page := d.bottom - d.top - headH // what a following page holds below the table header
	plan := func(rowH float64) (int, bool) {
		height := func(i int) float64 { return rowH + float64(extraLines[i])*remarkLH }
		// The rows as they would flow: last is the first day of the grid's last page, y where the grid ends.
		last, y := 0, d.y+headH
		for i := range n {
			if y+height(i) > d.bottom {
				last, y = i, d.top+headH
			}
			y += height(i)
		}
		if y+rest <= d.bottom {
			return -1, true // the rest fits under the grid's end
		}
		tail := func(b int) float64 {
			t := 0.0
			for i := b; i < n; i++ {
				t += height(i)
			}
			return t
		}
		// The grid's last page starts earlier: at least the last week goes over, fewer days when the rest
		// is long, always at least the last day with the totals.
		b := max(last, n-7, 1)
		for b < n-1 && tail(b)+rest > page {
			b++
		}
		return b, b <= max(last, n-7, 1)
	}
	// Comfortable rows, unless smaller ones keep a week of the grid with its totals and the signatures.
	for _, rowH := range []float64{4.6, 4.2, 3.8, 3.5} {
		if b, ok := plan(rowH); ok {
			return rowH, b
		}
	}
	b, _ := plan(4.6)
	return 4.6, b
}

// sheetGrid draws the day-by-output grid with weekends and holidays shaded, totals in hours and in days.
func sheetGrid(d *doc, s *data.MonthSheet) {
	l := d.lang
	g := sheetWidths(d, s)
	cols := []column{
		{key: "ts.date", w: g.dateW, align: "L"},
		{key: "ts.weekday", w: g.dayW, align: "L"},
	}
	for _, o := range s.Outputs {
		cols = append(cols, column{head: o.Code, w: g.outW, align: "R"})
	}
	cols = append(cols, column{key: "ts.total_h", w: g.totalW, align: "R"}, column{key: "ts.remarks", align: "L"})
	t := d.newTable(cols, 7.5, true)
	remarkW := t.cols[len(t.cols)-1].w - 2
	remarks := make([][]string, len(s.Days))
	extra := make([]int, len(s.Days))
	d.font("", 7.5)
	for i, day := range s.Days {
		remarks[i] = d.wrap(dayRemarks(l, s, day), remarkW)
		extra[i] = max(len(remarks[i])-1, 0)
	}
	var breakAt int
	g.rowH, breakAt = sheetRowHeight(d, s, t.headH, extra)
	if g.rowH < 3.9 {
		t.size = 7 // small rows, smaller figures
	}
	t.header()
	for i, day := range s.Days {
		if i == breakAt {
			t.need(d.bottom) // on to the next page, under the header again
		}
		var fill *rgb
		switch {
		case day.Holiday != "":
			fill = &colHoliday
		case day.Weekend:
			fill = &colWeekend
		}
		wd := "wd." + strconv.Itoa(int(day.Date.Weekday()))
		cells := []cell{{text: day.Date.String()}, {text: l.E(wd), tail: l.L(wd)}}
		for _, m := range day.Hours {
			cells = append(cells, cell{text: hours(m)})
		}
		cells = append(cells, cell{text: hours(day.Total), bold: true})
		rc := cell{lines: remarks[i]}
		if day.Holiday != "" {
			rc.color = &colInk
		}
		cells = append(cells, rc)
		t.row(g.rowH+float64(extra[i])*remarkLH, fill, cells...)
	}
	t.rule()
	// Totals: hours, then days at the organisation's working day.
	en, loc := l.Both("ts.total_hours")
	cells := []cell{{text: en, sub: loc, bold: true, span: 2}}
	for _, m := range s.OutputSums {
		cells = append(cells, cell{text: hoursTotal(m), bold: true})
	}
	cells = append(cells, cell{text: hoursTotal(s.Total), bold: true}, cell{})
	rowH := 5.2
	if loc != "" {
		rowH = 7.4
	}
	t.row(rowH, &colTotal, cells...)
	wd := s.WorkingDay.String()
	cells = []cell{{text: l.EF("ts.total_days", "h", wd), sub: l.LF("ts.total_days", "h", wd), bold: true, span: 2}}
	for _, m := range s.OutputSums {
		cells = append(cells, cell{text: days(s.DaysOf(m)), bold: true})
	}
	cells = append(cells, cell{text: days(s.TotalDays()), bold: true}, cell{})
	t.row(rowH, &colTotal, cells...)
	t.rule()
	t.end()
	d.y -= 2
	sheetValue(d, s)
	sheetLegend(d, s)
}

// dayRemarks is a day's holiday, in English and the organisation's language, and its notes, whole.
func dayRemarks(l lang, s *data.MonthSheet, day data.SheetDay) string {
	var remarks []string
	if day.Holiday != "" {
		remarks = append(remarks, holidayRemark(l, s, day))
	}
	for _, n := range day.Notes {
		if n != "" && !slices.Contains(remarks, n) {
			remarks = append(remarks, n) // several entries of a day often carry the same note
		}
	}
	return strings.Join(remarks, "; ")
}

// sheetValue states what the month is worth at the day rate, when the rate is known.
func sheetValue(d *doc, s *data.MonthSheet) {
	if !s.RateKnown || s.Total == 0 {
		d.y += 1
		return
	}
	l := d.lang
	d.need(6)
	en, loc := l.Both("ts.value")
	sum := days(s.TotalDays()) + " × " + money(s.DayRate) + " EUR = " + money(s.Amount()) + " EUR"
	d.font("", sizeSmall)
	d.color(colGrey)
	label := en
	if loc != "" {
		label += " / " + loc
	}
	lw := d.width(label + ": ")
	d.text(d.left, d.y, lw, 4, label+":", "L")
	d.font("B", sizeSmall+0.5)
	d.color(colInk)
	d.text(d.left+lw+1, d.y, d.right-d.left-lw, 4, sum, "L")
	d.y += 5.5
}

// sheetLegend names the outputs behind the column codes and explains the shading.
func sheetLegend(d *doc, s *data.MonthSheet) {
	l := d.lang
	codeW := 10.0
	w := d.right - d.left
	for _, o := range s.Outputs {
		d.font("", sizeSmall)
		lines := d.wrap(o.Title, w-codeW)
		d.need(3.6 * float64(max(len(lines), 1)))
		d.font("B", sizeSmall)
		d.color(colInk)
		d.text(d.left, d.y, codeW, 3.6, o.Code, "L")
		d.font("", sizeSmall)
		for _, line := range lines {
			d.text(d.left+codeW, d.y, w-codeW, 3.6, line, "L")
			d.y += 3.5
		}
		d.y += 0.3
	}
	if len(s.Outputs) == 0 {
		d.font("", sizeSmall)
		d.color(colGrey)
		d.text(d.left, d.y, w, 3.6, l.Joined("ts.no_hours"), "L")
		d.color(colInk)
		d.y += 3.8
	}
	if len(s.Checks) == 0 {
		d.need(7 + signaturesH + 2) // the key stays with the signatures
	} else {
		d.need(4)
	}
	shadingKey(d, d.y+0.4)
	d.y += 7
}

// shadingKey explains the two shades of the grid.
func shadingKey(d *doc, y float64) {
	l := d.lang
	x := d.left
	for _, k := range []struct {
		key string
		c   rgb
	}{{"ts.weekend", colWeekend}, {"ts.holiday", colHoliday}} {
		d.fill(x, y+0.4, 5, 2.8, k.c)
		d.box(x, y+0.4, 5, 2.8, colRule, 0.1)
		d.font("", sizeTiny)
		d.color(colGrey)
		label := l.Joined(k.key)
		d.text(x+6.5, y, d.width(label)+1, 3.6, label, "L")
		x += 6.5 + d.width(label) + 8
	}
	d.color(colInk)
}

// checkHeight is the height a check takes in the list: its reason, and the reason in the second language.
func checkHeight(d *doc, s *data.MonthSheet, c data.Check) float64 {
	w := d.right - d.left - 58
	d.font("", sizeSmall+0.5)
	h := 3.9 * float64(max(len(d.wrap(c.Reason, w)), 1))
	if loc := checkLocal(d.lang, s.Partner, c); loc != "" {
		d.font("", sizeSmall)
		h += 3.4 * float64(len(d.wrap(loc, w)))
	}
	return h
}

// sheetChecks lists the errors and warnings found on the month, if any, in both languages. The last one
// stays on the page of the signatures, so they never stand alone.
func sheetChecks(d *doc, s *data.MonthSheet) {
	if len(s.Checks) == 0 {
		return
	}
	l := d.lang
	d.heading("ts.checks", 8, "")
	w := d.right - d.left - 58
	for i, c := range s.Checks {
		key, clr := "check.warning", colWarning
		if c.Level == data.LevelError {
			key, clr = "check.error", colError
		}
		h := checkHeight(d, s, c)
		if i == len(s.Checks)-1 {
			d.need(h + 3 + signaturesH + 2)
		} else {
			d.need(h)
		}
		d.font("", sizeSmall+0.5)
		d.color(colInk)
		d.text(d.left, d.y, 18, 3.9, c.Date.String(), "L")
		d.color(clr)
		d.text(d.left+19, d.y, 38, 3.9, d.shrink(l.Joined(key), "B", sizeSmall+0.5, 38), "L")
		d.font("", sizeSmall+0.5)
		d.color(colInk)
		for _, line := range d.wrap(c.Reason, w) {
			d.text(d.left+58, d.y, w, 3.9, line, "L")
			d.y += 3.9
		}
		if loc := checkLocal(l, s.Partner, c); loc != "" {
			d.font("", sizeSmall)
			d.color(colGrey)
			for _, line := range d.wrap(loc, w) {
				d.text(d.left+58, d.y, w, 3.4, line, "L")
				d.y += 3.4
			}
			d.color(colInk)
		}
	}
	d.y += 3
}

// signaturesH is the height of the signature boxes.
const signaturesH = 28.0

// signatures draws the boxes in which the staff member and the supervisor sign and date the sheet.
func signatures(d *doc, s *data.MonthSheet) {
	h := signaturesH
	d.need(h + 2)
	gap := 8.0
	w := (d.right - d.left - gap) / 2
	supervisor := ""
	if s.State == data.StateApproved {
		supervisor = s.ApprovedBy
	}
	signBox(d, d.left, d.y, w, h, "sign.staff", s.Person.Name)
	signBox(d, d.left+w+gap, d.y, w, h, "sign.supervisor", supervisor)
	d.y += h + 2
}

// signBox is a framed box with a role, the printed name (or a line for it), and lines for the date and the signature.
func signBox(d *doc, x, y, w, h float64, key, name string) {
	l := d.lang
	d.box(x, y, w, h, colRule, 0.25)
	en, loc := l.Both(key)
	d.font("B", sizeSmall+0.5)
	d.color(colInk)
	d.text(x+2.5, y+1.8, w-5, 3.8, en, "L")
	if loc != "" {
		ew := d.width(en)
		d.color(colGrey)
		d.text(x+2.5+ew+2, y+1.9, w-5-ew-2, 3.8, d.shrink(loc, "", sizeTiny+0.3, w-5-ew-2), "L")
	}
	nameY := y + 12
	if name != "" {
		d.color(colInk)
		d.text(x+2.5, nameY-4.2, w-5, 4, d.shrink(name, "", sizeBody+0.5, w-5), "L")
	}
	d.line(x+2.5, nameY, x+w-2.5, nameY, colRule, 0.15)
	d.font("", sizeTiny)
	d.color(colGrey)
	d.text(x+2.5, nameY+0.6, w-5, 3, l.Joined("sign.name"), "L")
	lineY := y + h - 5
	dateW := 26.0
	d.line(x+2.5, lineY, x+2.5+dateW, lineY, colInk, 0.2)
	d.line(x+2.5+dateW+5, lineY, x+w-2.5, lineY, colInk, 0.2)
	d.text(x+2.5, lineY+0.6, dateW, 3, l.Joined("sign.date"), "L")
	d.text(x+2.5+dateW+5, lineY+0.6, w-dateW-10, 3, l.Joined("sign.signature"), "L")
	d.color(colInk)
}

// holidayRemark is the day's holiday in English and, on a bilingual sheet,
// in the country's language too ("Corpus Christi / Fronleichnam").
func holidayRemark(l lang, s *data.MonthSheet, day data.SheetDay) string {
	if loc := holidayLocal(l, s.Partner, day.Date, day.Holiday); loc != "" {
		return day.Holiday + " / " + loc
	}
	return day.Holiday
}

// holidayLocal is a holiday's name in the sheet's second language: the data layer's local name of the
// organisation's holiday that day, else labels/holidays.json's; "" on an English-only sheet or when none
// is known or it is the English name.
func holidayLocal(l lang, p data.Partner, date data.Date, name string) string {
	if l.loc == nil || name == "" {
		return ""
	}
	loc := ""
	if h, ok := p.Holiday(date); ok && h.Name == name {
		loc = h.LocalName
	}
	if loc == "" || loc == name {
		loc = l.holiday(p.Country, name)
	}
	if loc == name {
		return ""
	}
	return loc
}
