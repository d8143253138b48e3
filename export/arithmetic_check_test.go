package export

// The arithmetic auditor: it reads a document as an auditor with a calculator would, from the text
// `pdftotext -layout` gives, and redoes every printed product and sum (FORMAT.md, "Rounding: every printed
// figure adds up"). It keys on the English labels (the documents are bilingual, English first), on
// "a × b = c" patterns and on total rows, not on the exact columns of a layout.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// fig is a printed figure in hundredths: 1,234.56 is 123456, 24 is 2400.
type fig int64

func (f fig) String() string {
	neg := f < 0
	if neg {
		f = -f
	}
	s := fmt.Sprintf("%d.%02d", f/100, f%100)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String() + frac
	}
	return b.String() + frac
}

// times is round(a × b) to the hundredth, half away from zero: printed days × printed rate.
func times(a, b fig) fig {
	p := int64(a) * int64(b)
	if p < 0 {
		return -fig((-p + 50) / 100)
	}
	return fig((p + 50) / 100)
}

var numberRE = regexp.MustCompile(`^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$`)

// parseFig reads an English-form number (12,345.67); ok is false for anything else.
func parseFig(s string) (fig, bool) {
	s = strings.Replace(s, "−", "-", 1) // the typographic minus of the documents
	if !numberRE.MatchString(s) {
		return 0, false
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.ReplaceAll(s, ",", ""), "-")
	whole, frac, _ := strings.Cut(s, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := fig(w*100 + f)
	if neg {
		v = -v
	}
	return v, true
}

// token is a word of a line with its rune columns.
type token struct {
	s          string
	start, end int // rune columns, end exclusive
}

func (t token) center() float64 { return float64(t.start+t.end) / 2 }

func tokens(line string) []token {
	var out []token
	col, start := 0, -1
	var cur strings.Builder
	for _, r := range line {
		if r == ' ' || r == '\t' {
			if start >= 0 {
				out = append(out, token{cur.String(), start, col})
				cur.Reset()
				start = -1
			}
		} else {
			if start < 0 {
				start = col
			}
			cur.WriteRune(r)
		}
		col++
	}
	if start >= 0 {
		out = append(out, token{cur.String(), start, col})
	}
	return out
}

// numRow is a line's trailing figures: the numbers after its last word (percent cells included).
type numRow struct {
	no      int // line index
	label   string
	nums    []fig
	toks    []token
	percent []bool
	secs    []int64 // a cell read as hours, in seconds (6.50 or 6:30 or 6:30:15); -1 where not hours
}

// trailing splits a line into its label and the figures that end it.
func trailing(line string) numRow {
	toks := tokens(line)
	var r numRow
	i := len(toks)
	for i > 0 {
		t := toks[i-1]
		s, pct := t.s, false
		if s == "%" && i >= 2 {
			if v, ok := parseFig(toks[i-2].s); ok {
				r.nums = append([]fig{v}, r.nums...)
				r.percent = append([]bool{true}, r.percent...)
				r.toks = append([]token{{toks[i-2].s + " %", toks[i-2].start, t.end}}, r.toks...)
				r.secs = append([]int64{-1}, r.secs...)
				i -= 2
				continue
			}
		}
		if s == "—" && i >= 2 { // an empty cell ("no allocation, no percent") between figures
			if _, ok := parseFig(strings.TrimSuffix(toks[i-2].s, "%")); ok {
				i--
				continue
			}
		}
		if strings.HasSuffix(s, "%") {
			s, pct = strings.TrimSuffix(s, "%"), true
		}
		v, ok := parseFig(s)
		sec := int64(-1)
		if ok && !pct && !strings.Contains(s, ",") {
			sec = int64(v) * 36
		}
		if !ok && strings.Contains(s, ":") {
			if sec, ok = hoursSec(s); ok {
				v = fig(sec / 36)
			}
		}
		if !ok {
			break
		}
		r.nums = append([]fig{v}, r.nums...)
		r.percent = append([]bool{pct}, r.percent...)
		r.toks = append([]token{t}, r.toks...)
		r.secs = append([]int64{sec}, r.secs...)
		i--
	}
	if i > 0 {
		// the label is the text before the first figure
		first := toks[i-1]
		r.label = strings.TrimSpace(string([]rune(line)[:first.end]))
	}
	return r
}

// problems collects what a checker finds, each naming the document and the printed line.
type problems struct {
	doc  string
	list []string
}

func (p *problems) add(format string, args ...any) {
	p.list = append(p.list, p.doc+": "+fmt.Sprintf(format, args...))
}

var (
	pageFooterRE = regexp.MustCompile(`Page \d+ of \d+`)
	productRE    = regexp.MustCompile(`(-?[\d,]+(?:\.\d+)?)\s*(?:days?\s*)?[×x]\s*(-?[\d,]+(?:\.\d+)?)\s*(?:EUR\s*)?=\s*(-?[\d,]+(?:\.\d+)?)`)
)

// checkProducts finds every "a × b = c" of a text and multiplies.
func checkProducts(p *problems, text string) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		for _, m := range productRE.FindAllStringSubmatch(line, -1) {
			a, ok1 := parseFig(m[1])
			b, ok2 := parseFig(m[2])
			c, ok3 := parseFig(m[3])
			if !ok1 || !ok2 || !ok3 {
				p.add("unreadable product %q", strings.TrimSpace(m[0]))
				continue
			}
			n++
			if times(a, b) != c {
				p.add("%q: %s × %s = %s, not %s", strings.TrimSpace(line), a, b, times(a, b), c)
			}
		}
	}
	return n
}

// ---------------------------------------------------------------------------------------------
// Timesheets

var (
	tsHeadRE     = regexp.MustCompile(`^\s*Date\s+Day\s+(.*?)\s*Total \(h\)`)
	tsDayRE      = regexp.MustCompile(`^\s*(\d{4}-\d{2}-\d{2})\s`)
	tsWorkDayRE  = regexp.MustCompile(`(\d+(?:[.:]\d+)?) hours = 1 day`)
	tsDaysLabel  = regexp.MustCompile(`^\s*Days \((\d+(?:[.:]\d+)?) h = 1 day\)`)
	tsRateRE     = regexp.MustCompile(`Day rate\s+([\d,]+\.\d\d) EUR`)
	tsHourTokRE  = regexp.MustCompile(`^\d+(?:\.\d{1,2}|:\d{2}(?::\d{2})?)?$`)
	tsNotesLabel = "Public holiday, notes"
)

// hoursSec reads printed hours (6.50 or 6:30) as seconds, exactly.
func hoursSec(s string) (int64, bool) {
	if !tsHourTokRE.MatchString(s) {
		return 0, false
	}
	if parts := strings.Split(s, ":"); len(parts) > 1 {
		var sec int64
		for k, part := range parts {
			v, _ := strconv.ParseInt(part, 10, 64)
			sec += v * []int64{3600, 60, 1}[k]
		}
		return sec, true
	}
	f, ok := parseFig(s)
	return int64(f) * 36, ok
}

func secTexts(s []int64) string {
	var out []string
	for _, v := range s {
		out = append(out, secText(v))
	}
	return strings.Join(out, " or ")
}

// hoursRow is a line's trailing hour figures.
type hoursRow struct {
	label string
	nums  []fig   // as figures, for counting
	secs  []int64 // exactly
}

// trailingHours is trailing for hours, which may read 6.50, 6:20 or 6:20:30.
func trailingHours(line string) hoursRow {
	toks := tokens(line)
	var r hoursRow
	i := len(toks)
	for ; i > 0; i-- {
		s, ok := hoursSec(toks[i-1].s)
		if !ok {
			break
		}
		r.secs = append([]int64{s}, r.secs...)
		r.nums = append([]fig{fig(s / 36)}, r.nums...)
	}
	if i > 0 {
		r.label = strings.TrimSpace(string([]rune(line)[:toks[i-1].end]))
	}
	return r
}

func secText(s int64) string {
	if s%36 == 0 {
		return fig(s / 36).String()
	}
	if s%60 == 0 {
		return fmt.Sprintf("%d:%02d", s/3600, s%3600/60)
	}
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s%3600/60, s%60)
}

// daysOf is round(seconds ÷ working day, 2), half away from zero, in hundredths.
func daysOf(sec, workDay int64) fig {
	if workDay == 0 {
		return 0
	}
	return fig((sec*100*2 + workDay) / (2 * workDay))
}

// timesheetReport is what a timesheet's check found and read.
type timesheetReport struct {
	columns   []string
	days      int // day rows with hours
	totalDays fig
}

// checkTimesheet redoes a timesheet: rows add to their totals, columns to the totals row, days are
// round(hours ÷ working day, 2), the total days the sum of the per-output days, and days × rate = value.
func checkTimesheet(p *problems, text string) timesheetReport {
	var rep timesheetReport
	lines := strings.Split(text, "\n")
	workDay := int64(0)
	if m := tsWorkDayRE.FindStringSubmatch(text); m != nil {
		workDay, _ = hoursSec(m[1])
	}
	if workDay == 0 {
		p.add("no working day printed (\"N hours = 1 day\")")
		return rep
	}
	var rate fig
	rateKnown := false
	if m := tsRateRE.FindStringSubmatch(text); m != nil {
		rate, rateKnown = parseFig(m[1])
	}
	// The grid's head names the columns; there is one head per page.
	type col struct {
		name   string
		center float64
	}
	var cols []col
	notesX := -1
	var colSum []int64 // per output, then the total column
	var rowTotals int64
	sumsLine, daysLine := -1, -1
	var sumsRow, daysRow []fig
	var sumsSec []int64
	for i, line := range lines {
		if m := tsHeadRE.FindStringSubmatch(line); m != nil {
			toks := tokens(line)
			cols = cols[:0]
			var names []token
			for _, t := range toks {
				if t.s == "Date" || t.s == "Day" {
					continue
				}
				if t.s == "Total" {
					names = append(names, token{"Total (h)", t.start, t.end + 4})
					break
				}
				names = append(names, t)
			}
			for _, t := range names {
				cols = append(cols, col{t.s, t.center()})
			}
			if rep.columns == nil {
				for _, c := range cols[:len(cols)-1] {
					rep.columns = append(rep.columns, c.name)
				}
				colSum = make([]int64, len(cols))
			} else if len(cols) != len(colSum) {
				p.add("the grid's head changes between pages: %q", strings.TrimSpace(line))
				return rep
			}
			notesX = -1
			if k := strings.Index(line, tsNotesLabel); k >= 0 {
				notesX = utf8.RuneCountInString(line[:k])
			}
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "Total hours") {
			sumsLine = i
			if r := trailingHours(line); len(r.nums) > 0 { // the figures on the label's line
				sumsRow, sumsSec = r.nums, r.secs
			}
			continue
		}
		if m := tsDaysLabel.FindStringSubmatch(line); m != nil {
			if wd, ok := hoursSec(m[1]); !ok || wd != workDay {
				p.add("%q: the working day differs from the %s h printed above", strings.TrimSpace(line), secText(workDay))
			}
			daysLine = i
			if r := trailing(line); len(r.nums) > 0 {
				daysRow = r.nums
			}
			continue
		}
		if cols == nil {
			continue
		}
		// the figures of the totals rows, on the label's line or the next one
		if sumsLine >= 0 && sumsRow == nil && i <= sumsLine+1 {
			if r := trailingHours(line); len(r.nums) > 0 && r.label == "" {
				sumsRow, sumsSec = r.nums, r.secs
			}
		}
		if daysLine >= 0 && daysRow == nil && i <= daysLine+1 {
			if r := trailing(line); len(r.nums) > 0 && r.label == "" {
				daysRow = r.nums
			}
		}
		if !tsDayRE.MatchString(line) || sumsLine >= 0 {
			continue
		}
		// a day row: the hour cells left of the notes, each in the column nearest to it
		toks := tokens(line)
		cells := make([]int64, len(cols))
		filled := make([]bool, len(cols))
		for _, t := range toks[1:] {
			if notesX >= 0 && t.start >= notesX-1 {
				break
			}
			s, ok := hoursSec(t.s)
			if !ok {
				continue
			}
			best := 0
			for k := range cols {
				if abs(cols[k].center-t.center()) < abs(cols[best].center-t.center()) {
					best = k
				}
			}
			if filled[best] {
				p.add("%q: two figures in column %s", strings.TrimSpace(line), cols[best].name)
			}
			cells[best], filled[best] = s, true
		}
		var sum int64
		anyHours := false
		for k := 0; k < len(cols)-1; k++ {
			sum += cells[k]
			anyHours = anyHours || filled[k]
			colSum[k] += cells[k]
		}
		total := len(cols) - 1
		if anyHours {
			rep.days++
			if !filled[total] {
				p.add("%q: hours without a day total", strings.TrimSpace(line))
			} else if cells[total] != sum {
				p.add("%q: the outputs' hours add to %s, not %s", strings.TrimSpace(line), secText(sum), secText(cells[total]))
			}
		} else if filled[total] {
			p.add("%q: a day total without hours", strings.TrimSpace(line))
		}
		rowTotals += cells[total]
	}
	if rep.columns == nil {
		if !strings.Contains(text, "No hours recorded") {
			p.add("no grid head (\"Date Day … Total (h)\")")
		}
		return rep
	}
	n := len(rep.columns)
	if len(sumsRow) != n+1 {
		p.add("the \"Total hours\" row has %d figures for %d outputs and the total", len(sumsRow), n)
		return rep
	}
	if len(daysRow) != n+1 {
		p.add("the \"Days\" row has %d figures for %d outputs and the total", len(daysRow), n)
		return rep
	}
	var sumCols int64
	var sumDays fig
	for k := 0; k < n; k++ {
		if colSum[k] != sumsSec[k] {
			p.add("%s: the days' hours add to %s, the \"Total hours\" row prints %s", rep.columns[k], secText(colSum[k]), secText(sumsSec[k]))
		}
		sumCols += sumsSec[k]
		if want := daysOf(sumsSec[k], workDay); want != daysRow[k] {
			p.add("%s: %s h ÷ %s h = %s days, the \"Days\" row prints %s", rep.columns[k], secText(sumsSec[k]), secText(workDay), want, daysRow[k])
		}
		sumDays += daysRow[k]
	}
	if sumCols != sumsSec[n] {
		p.add("total hours: the outputs' %s h add to %s, the row prints %s", rep.columns, secText(sumCols), secText(sumsSec[n]))
	}
	if rowTotals != sumsSec[n] {
		p.add("total hours: the days' totals add to %s, the row prints %s", secText(rowTotals), secText(sumsSec[n]))
	}
	if sumDays != daysRow[n] {
		p.add("total days: the per-output days %v add to %s, the row prints %s", daysRow[:n], sumDays, daysRow[n])
	}
	rep.totalDays = daysRow[n]
	// the value line: printed total days × printed rate = printed value
	found := false
	for _, line := range lines {
		if !strings.Contains(line, "Value at the day rate") {
			continue
		}
		m := productRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		found = true
		a, _ := parseFig(m[1])
		b, _ := parseFig(m[2])
		if a != daysRow[n] {
			p.add("%q: the value takes %s days, the sheet's total is %s", strings.TrimSpace(line), a, daysRow[n])
		}
		if rateKnown && b != rate {
			p.add("%q: the value takes the rate %s, the sheet's day rate is %s", strings.TrimSpace(line), b, rate)
		}
	}
	if rateKnown && !found {
		p.add("a day rate of %s but no \"Value at the day rate: days × rate = value\"", rate)
	}
	checkProducts(p, text)
	return rep
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// ---------------------------------------------------------------------------------------------
// Output, work-package and budget reports

// Section kinds of the reports' tables.
const (
	secNone      = ""
	secMgmt      = "management"
	secIO        = "intellectual outputs"
	secMeetings  = "meetings"
	secMult      = "multiplier events"
	secLearning  = "learning activities"
	secSpecial   = "special needs"
	secExcept    = "exceptional costs"
	secSummary   = "summary"
	secWP        = "work packages"
	secGranted   = "granted"
	secNoNumbers = "no numbers"
)

// headings are the English headings that open a table, as printed first on their line.
var headings = []struct{ prefix, kind string }{
	{"Project management and implementation", secMgmt},
	{"Intellectual outputs", secIO},
	{"Contribution of the organisations", secIO},
	{"Days per organisation and staff category", secIO},
	{"Allocation and staff cost per organisation", secWP},
	{"Transnational project meetings", secMeetings},
	{"Multiplier events", secMult},
	{"Learning, teaching and training activities", secLearning},
	{"Special needs support", secSpecial},
	{"Exceptional costs", secExcept},
	{"Summary per organisation", secSummary},
	{"Work packages", secWP},
	{"Allocation and staff days per organisation", secWP},
	{"Granted against reported", secGranted},
	{"Events related to this output", secNoNumbers},
	{"Warnings", secNoNumbers},
}

// unitCosts are what each participant of a line is paid under 2014–2020 (data.Erasmus2014): a meeting's
// distance bands, a multiplier event's local and foreign participants.
var unitCosts = map[string][]fig{
	secMeetings: {57500, 76000},
	secMult:     {10000, 20000},
}

// sumOf says whether amount is a sum of exactly n of the unit costs (repetition allowed).
func sumOf(n int, amount fig, units []fig) bool {
	if n == 0 {
		return amount == 0
	}
	if len(units) == 1 {
		return amount == fig(n)*units[0]
	}
	for k := 0; k <= n; k++ {
		if rest := amount - fig(k)*units[0]; rest >= 0 && sumOf(n-k, rest, units[1:]) {
			return true
		}
	}
	return false
}

// summaryOrder is the order of the 2014–2020 summary's category columns.
var summaryOrder = []string{secMgmt, secIO, secMeetings, secMult, secLearning, secSpecial, secExcept}

type reportRow struct {
	numRow
	kind string // line, subtotal, total, lump, unallocated
	text string // the printed line
}

// reportReport is what a report's check read: the totals per section, for the tests to compare.
type reportReport struct {
	sections map[string]int // rows read per section kind
	totals   map[string][]fig
	checked  int // products and sums redone
}

// readReport splits a report into its tables' rows.
// hoursCol says which sections' heads have an Hours column (between the planned and the actual days).
func readReport(text string) (order []string, rows map[string][]reportRow, hoursCol map[string]bool) {
	rows = map[string][]reportRow{}
	hoursCol = map[string]bool{}
	lines := strings.Split(text, "\n")
	sec := secNone
	for i, line := range lines {
		trim := strings.TrimSpace(line)
		if trim == "" || pageFooterRE.MatchString(line) {
			continue
		}
		isHead := false
		indent := len(line) - len(strings.TrimLeft(line, " "))
		for _, h := range headings {
			// a heading starts at the margin and has no figures (a table's category cell is indented)
			if indent <= 3 && strings.HasPrefix(trim, h.prefix) && len(trailing(line).nums) == 0 {
				sec, isHead = h.kind, true
				if _, seen := rows[sec]; !seen {
					order = append(order, sec)
					rows[sec] = nil
				}
				break
			}
		}
		for _, prose := range []string{"Days are hours", "The programme's figures", "Figures to check"} {
			if strings.HasPrefix(trim, prose) { // the closing notes
				sec = secNone
			}
		}
		if isHead || sec == secNone || sec == secNoNumbers {
			continue
		}
		r := trailing(line)
		if len(r.nums) == 0 {
			if strings.Contains(line, " Hours ") { // a table head with an Hours column
				hoursCol[sec] = true
			}
			continue
		}
		if len(r.nums) == 1 && !strings.ContainsAny(r.toks[0].s, ".:%") {
			continue // a label ending in a number ("unit cost, group 4", a wrapped "… 4"), not a row of figures
		}
		r.no = i
		rr := reportRow{numRow: r, kind: "line", text: trim}
		prev := ""
		for j := i - 1; j >= 0; j-- {
			if t := strings.TrimSpace(lines[j]); t != "" {
				if len(trailing(lines[j]).nums) == 0 {
					prev = t
				}
				break
			}
		}
		switch {
		case strings.Contains(r.label, "Subtotal") || (r.label == "" && strings.HasPrefix(prev, "Subtotal")):
			rr.kind = "subtotal"
		case r.label == "Total" || strings.HasPrefix(r.label, "Total ") || (r.label == "" && (prev == "Total" || strings.HasPrefix(prev, "Total "))):
			rr.kind = "total"
		case strings.HasPrefix(r.label, "Lump sum") || (r.label == "" && strings.HasPrefix(prev, "Lump sum")):
			rr.kind = "lump"
		case strings.HasPrefix(r.label, "Not allocated") || (r.label == "" && strings.HasPrefix(prev, "Not allocated")):
			rr.kind = "unallocated"
		}
		if f := strings.Fields(prev); r.label == "" && rr.kind == "line" && len(f) > 0 && f[len(f)-1] == "Total" {
			rr.kind = "total" // an organisation's total row: "Organisation   Total" above the figures
		}
		rr.text = trim
		if r.label == "" && prev != "" {
			rr.text = prev + " | " + trim
		}
		if sec == secGranted && rr.kind == "total" {
			if rs := rows[sec]; len(rs) > 0 && rs[len(rs)-1].kind == "total" {
				rows[sec] = append(rows[sec], rr)
				sec = secNone // the table's total follows the last organisation's
				continue
			}
		}
		rows[sec] = append(rows[sec], rr)
		if rr.kind == "total" && sec != secGranted && sec != secWP && sec != secSummary {
			sec = secNone // what follows a table's total is prose until the next heading
		}
		if (sec == secWP || sec == secSummary) && rr.kind == "unallocated" {
			sec = secNone
		}
	}
	return order, rows, hoursCol
}

// values are a row's figures without its percent cells.
func (r reportRow) values() []fig {
	var out []fig
	for k, v := range r.nums {
		if !r.percent[k] {
			out = append(out, v)
		}
	}
	return out
}

// valueSecs are the seconds of values(): the cells as hours.
func (r reportRow) valueSecs() []int64 {
	var out []int64
	for k := range r.nums {
		if !r.percent[k] {
			out = append(out, r.secs[k])
		}
	}
	return out
}

// hoursInSeconds puts a row's hours cell (third from the right in vec: hours, days, amount) in seconds,
// so that hours typed as 4:20 and 1.01 add up exactly. The figure is in seconds only within the sums.
func hoursInSeconds(p *problems, sec string, r reportRow, vec []fig, s int64) []fig {
	if s < 0 {
		p.add("%s %q: the hours cell does not read as hours", sec, r.text)
		return vec
	}
	vec[len(vec)-3] = fig(s)
	return vec
}

// addInto adds v right-aligned into sum.
func addInto(sum []fig, v []fig) []fig {
	if len(v) > len(sum) {
		sum = append(make([]fig, len(v)-len(sum)), sum...)
	}
	off := len(sum) - len(v)
	for k := range v {
		sum[off+k] += v[k]
	}
	return sum
}

// compareSum checks a total row's figures, right-aligned, against the sums of the rows above it.
func compareSum(p *problems, what string, row reportRow, got []fig, sum []fig) {
	if len(got) > len(sum) {
		p.add("%s %q: %d figures, the rows above have %d columns", what, row.text, len(got), len(sum))
		return
	}
	off := len(sum) - len(got)
	for k := range got {
		if got[k] != sum[off+k] {
			p.add("%s %q: figure %d is %s, the rows above add to %s", what, row.text, k+1, got[k], sum[off+k])
		}
	}
}

// checkReport redoes an output, work-package or budget report.
func checkReport(p *problems, text string) reportReport { return checkReportWith(p, text, nil) }

// checkReportWith also checks each line's days against its hours: round(hours ÷ working day, 2), with
// the organisations' working days (by name) that the report itself does not print.
func checkReportWith(p *problems, text string, workDays map[string]int64) reportReport {
	rep := reportReport{sections: map[string]int{}, totals: map[string][]fig{}}
	dayOf := func(r reportRow) []int64 {
		var any []int64
		for name, wd := range workDays {
			if prefix := string([]rune(name)[:min(12, utf8.RuneCountInString(name))]); strings.HasPrefix(r.text, prefix) {
				return []int64{wd}
			}
			any = append(any, wd)
		}
		return any
	}
	order, rows, hoursCol := readReport(text)
	_, lumpSum := rows[secWP]
	for _, sec := range order {
		rs := rows[sec]
		if sec == secSummary && lumpSum {
			sec = secWP // 2021–2027: the summary is each organisation's allocation, days and staff cost
		}
		rep.sections[sec] += len(rs)
		if sec == secGranted {
			checkGranted(p, &rep, rs)
			continue
		}
		var group, all []fig // the line vectors' sums since the last subtotal, and over the table
		var lump, allocated fig
		var haveLump bool
		totals := 0
		for _, r := range rs {
			v := r.values()
			switch r.kind {
			case "line":
				var vec []fig
				switch sec {
				case secIO:
					if len(v) < 3 {
						p.add("%s %q: fewer than days, rate and amount", sec, r.text)
						continue
					}
					d, rate, amt := v[len(v)-3], v[len(v)-2], v[len(v)-1]
					rep.checked++
					if times(d, rate) != amt {
						p.add("%s %q: %s days × %s = %s, not %s", sec, r.text, d, rate, times(d, rate), amt)
					}
					vec = append(append([]fig{}, v[:len(v)-2]...), amt) // the rate is not summed
					if hoursCol[sec] && len(v) >= 4 {
						hs := r.valueSecs()[len(v)-4]
						vec = hoursInSeconds(p, sec, r, vec, hs)
						if wds := dayOf(r); len(wds) > 0 && hs >= 0 {
							ok := false
							for _, wd := range wds {
								ok = ok || daysOf(hs, wd) == d
							}
							rep.checked++
							if !ok {
								p.add("%s %q: %s h ÷ the working day (%v h) is %s days, not %s", sec, r.text, secText(hs),
									secTexts(wds), daysOf(hs, wds[0]), d)
							}
						}
					}
				case secMgmt:
					if len(v) < 3 {
						p.add("%s %q: fewer than months, rate and amount", sec, r.text)
						continue
					}
					months, rate, amt := v[0], v[1], v[len(v)-1]
					rep.checked++
					if len(v) == 4 { // before the cap
						if times(months, rate) != v[2] {
							p.add("%s %q: %s months × %s = %s, the amount before the cap is %s", sec, r.text, months, rate, times(months, rate), v[2])
						}
						if amt > v[2] {
							p.add("%s %q: the capped amount %s is more than the %s before the cap", sec, r.text, amt, v[2])
						}
					} else if times(months, rate) != amt {
						p.add("%s %q: %s months × %s = %s, not %s", sec, r.text, months, rate, times(months, rate), amt)
					}
					vec = []fig{amt}
				case secMeetings, secMult, secLearning:
					if len(v) < 2 {
						p.add("%s %q: fewer than participants and amount", sec, r.text)
						continue
					}
					if len(v) == 3 && v[2] > v[1] {
						p.add("%s %q: the capped amount %s is more than the %s before the cap", sec, r.text, v[2], v[1])
					}
					if units := unitCosts[sec]; units != nil {
						// every participant is paid one of the unit costs: the line is a sum of n of them
						uncapped := v[len(v)-1]
						if len(v) == 3 {
							uncapped = v[1]
						}
						rep.checked++
						if !sumOf(int(v[0]/100), uncapped, units) {
							p.add("%s %q: %s is no sum of %d participants' unit costs %v", sec, r.text, uncapped, v[0]/100, units)
						}
					}
					vec = []fig{v[0], v[len(v)-1]}
				case secSpecial, secExcept:
					pct := fig(-1)
					for k, n := range r.nums {
						if r.percent[k] {
							pct = n
						}
					}
					if len(v) < 2 || pct < 0 {
						p.add("%s %q: fewer than real cost, share and amount", sec, r.text)
						continue
					}
					want := times(v[0], pct/100) // pct is in hundredths of a percent point
					rep.checked++
					if len(v) == 3 {
						if v[1] != want {
							p.add("%s %q: %s × %s %% = %s, the amount before the cap is %s", sec, r.text, v[0], pct, want, v[1])
						}
						if v[2] > v[1] {
							p.add("%s %q: the capped amount %s is more than the %s before the cap", sec, r.text, v[2], v[1])
						}
					} else if v[len(v)-1] != want {
						p.add("%s %q: %s × %s %% = %s, not %s", sec, r.text, v[0], pct, want, v[len(v)-1])
					}
					vec = []fig{v[0], v[len(v)-1]}
				case secSummary:
					var s fig
					for _, n := range v[:len(v)-1] {
						s += n
					}
					rep.checked++
					if s != v[len(v)-1] {
						p.add("%s %q: the categories add to %s, not %s", sec, r.text, s, v[len(v)-1])
					}
					vec = v
				case secWP:
					checkUsed(p, &rep, sec, r)
					vec = v
					if len(v) >= 3 && len(r.nums) > len(v) {
						// allocated, days, cost, used: nothing multiplies here (the days' rates are on the timesheets)
					}
					if len(v) >= 1 {
						allocated += v[0]
					}
				default:
					vec = v
				}
				group = addInto(group, vec)
				all = addInto(all, vec)
			case "subtotal":
				rep.checked++
				if sec == secIO && hoursCol[sec] && len(v) >= 3 {
					v = hoursInSeconds(p, sec, r, append([]fig{}, v...), r.valueSecs()[len(v)-3])
				}
				compareSum(p, sec+" subtotal", r, v, group)
				group = nil
			case "total":
				rep.checked++
				totals++
				if sec == secIO && hoursCol[sec] && len(v) >= 3 {
					v = hoursInSeconds(p, sec, r, append([]fig{}, v...), r.valueSecs()[len(v)-3])
				}
				compareSum(p, sec+" total", r, v, all)
				if sec == secWP {
					checkUsed(p, &rep, sec, r)
				}
				rep.totals[sec] = v
				group = nil
			case "lump":
				if len(v) > 0 {
					lump, haveLump = v[len(v)-1], true
					rep.totals["lump sum"] = []fig{lump}
				}
			case "unallocated":
				if !haveLump {
					p.add("%q without a lump sum row above", r.text)
				} else if len(v) > 0 && v[0] != lump-allocated {
					rep.checked++
					p.add("%q: the lump sum %s less the allocations %s is %s, not %s", r.text, lump, allocated, lump-allocated, v[0])
				} else {
					rep.checked++
				}
			}
		}
		if totals == 0 && len(rs) > 0 {
			p.add("the %s table has %d rows and no total row", sec, len(rs))
		}
	}
	// the summary's columns are the category totals, its last the grand total
	if sum, ok := rep.totals[secSummary]; ok && !lumpSum {
		var cats []string
		for _, c := range summaryOrder {
			if _, there := rows[c]; there || c == secMgmt || c == secIO || c == secMeetings || c == secMult || c == secLearning {
				cats = append(cats, c)
			}
		}
		if len(sum) != len(cats)+1 {
			p.add("the summary's total row has %d figures for the categories %v and the total", len(sum), cats)
		} else {
			for k, c := range cats {
				var want fig
				if t := rep.totals[c]; len(t) > 0 {
					want = t[len(t)-1]
				}
				rep.checked++
				if sum[k] != want {
					p.add("summary total of %s is %s, the %s table's total is %s", c, sum[k], c, want)
				}
			}
		}
		if m := regexp.MustCompile(`(?m)^\s*(?:Action type.*?)?\s+Total\s+([\d,]+\.\d\d) EUR`).FindStringSubmatch(text); m != nil {
			head, _ := parseFig(m[1])
			rep.checked++
			if head != sum[len(sum)-1] {
				p.add("the head's \"Total %s EUR\" is not the summary's grand total %s", head, sum[len(sum)-1])
			}
		}
	}
	if t, ok := rep.totals["lump sum"]; ok {
		if m := regexp.MustCompile(`Lump sum\s+([\d,]+\.\d\d) EUR`).FindStringSubmatch(text); m != nil {
			head, _ := parseFig(m[1])
			rep.checked++
			if head != t[0] {
				p.add("the head's \"Lump sum %s EUR\" is not the table's %s", head, t[0])
			}
		}
	}
	// the period's months are the months from its first day to its last
	if m := regexp.MustCompile(`Period\s+(\d{4}-\d\d-\d\d) – (\d{4}-\d\d-\d\d)[^\n]*\n[^\n]*?(\d+) months`).FindStringSubmatch(text); m != nil {
		a, _ := parseDay(m[1])
		b, _ := parseDay(m[2])
		b = b.AddDate(0, 0, 1)
		months := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
		if b.Day() != a.Day() {
			months++ // a part month counts
		}
		rep.checked++
		if strconv.Itoa(months) != m[3] {
			p.add("the period %s – %s is %d months, not %s", m[1], m[2], months, m[3])
		}
	}
	// the ceiling is its monthly rate × the months, both printed beside it
	if m := regexp.MustCompile(`Ceiling\s+([\d,]+\.\d\d) EUR`).FindStringSubmatch(text); m != nil {
		if n := regexp.MustCompile(`([\d,]+\.\d\d) EUR per month for (\d+) months`).FindStringSubmatch(text); n != nil {
			ceiling, _ := parseFig(m[1])
			rate, _ := parseFig(n[1])
			months, _ := parseFig(n[2])
			rep.checked++
			if times(rate, months) != ceiling {
				p.add("the ceiling %s is not %s × %s months = %s", ceiling, rate, n[2], times(rate, months))
			}
		} else {
			p.add("a ceiling of %s without its monthly rate and months", m[1])
		}
	}
	rep.checked += checkProducts(p, text)
	return rep
}

// checkUsed checks a work-package row's "used" percent: its staff cost of its allocation, in whole percent.
func checkUsed(p *problems, rep *reportReport, sec string, r reportRow) {
	v := r.values()
	for k, n := range r.nums {
		if !r.percent[k] || len(v) < 2 {
			continue
		}
		alloc, cost := v[0], v[len(v)-1]
		if alloc <= 0 {
			continue
		}
		want := fig((int64(cost)*100*2/int64(alloc) + 1) / 2 * 100) // whole percent, half up
		rep.checked++
		if n != want {
			p.add("%s %q: %s of %s is %s %%, not %s %%", sec, r.text, cost, alloc, want/100, n/100)
		}
	}
}

// checkGranted: granted − reported = remaining on every row, each organisation's total the sum of its
// categories, the last total the sum of the organisations' totals.
func checkGranted(p *problems, rep *reportReport, rs []reportRow) {
	var group, orgTotals []fig
	prevTotal := false
	for _, r := range rs {
		v := r.values()
		if len(v) != 3 {
			p.add("granted %q: %d figures, want granted, reported and remaining", r.text, len(v))
			continue
		}
		rep.checked++
		if v[0]-v[1] != v[2] {
			p.add("granted %q: %s − %s = %s, not %s", r.text, v[0], v[1], v[0]-v[1], v[2])
		}
		if r.kind != "total" {
			group = addInto(group, v)
			prevTotal = false
			continue
		}
		if prevTotal { // the table's total, right after the last organisation's
			compareSum(p, "granted total", r, v, orgTotals)
			rep.totals[secGranted] = v
		} else {
			compareSum(p, "granted organisation total", r, v, group)
			orgTotals = addInto(orgTotals, v)
		}
		group, prevTotal = nil, true
		rep.checked++
	}
}

// ---------------------------------------------------------------------------------------------
// Attendance lists and certificates

var (
	certDatesRE    = regexp.MustCompile(`(?m)^\s*(?:Dates|Attended)\s+from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})`)
	certOneDateRE  = regexp.MustCompile(`(?m)^\s*(?:Dates|Attended)\s+(?:on )?(\d{4}-\d{2}-\d{2})\s*$`)
	certDurationRE = regexp.MustCompile(`(?m)^\s*Duration\s+(\d+) days?\b`)
	certBetweenRE  = regexp.MustCompile(`(?m)^\s*Attended\s+(\d+) days? between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})`)
	attDatesRE     = regexp.MustCompile(`(?m)^\s*Dates\s+(\d{4}-\d{2}-\d{2})(?:\s+–\s+(\d{4}-\d{2}-\d{2}))?`)
	attDaysRE      = regexp.MustCompile(`\b(\d+) days?\b`)
)

// calendarDays counts the days from a to b inclusive.
func calendarDays(a, b string) (int, error) {
	ta, err := parseDay(a)
	if err != nil {
		return 0, err
	}
	tb, err := parseDay(b)
	if err != nil {
		return 0, err
	}
	return int(tb.Sub(ta).Hours()/24) + 1, nil
}

// checkCertificates: each certificate's duration is the days of its printed dates, or fewer where the
// programme counts days of activity only (never more).
func checkCertificates(p *problems, text string) int {
	pages := strings.Split(text, "\f")
	n := 0
	for k, page := range pages {
		if !strings.Contains(page, "Certificate of Attendance") {
			continue
		}
		dur := certDurationRE.FindStringSubmatch(page)
		if dur == nil {
			continue
		}
		days, _ := strconv.Atoi(dur[1])
		var span int
		if m := certBetweenRE.FindStringSubmatch(page); m != nil {
			// fewer days than the activity, no dates of their own: the days within the activity's period
			within, _ := strconv.Atoi(m[1])
			s, err := calendarDays(m[2], m[3])
			n++
			if err != nil || within != days || within > s {
				p.add("certificate page %d: %d days attended between %s and %s beside a duration of %d days", k+1, within, m[2], m[3], days)
			}
			continue
		}
		if m := certDatesRE.FindStringSubmatch(page); m != nil {
			s, err := calendarDays(m[1], m[2])
			if err != nil || s <= 0 {
				p.add("certificate page %d: dates %s – %s do not read", k+1, m[1], m[2])
				continue
			}
			span = s
		} else if certOneDateRE.MatchString(page) {
			span = 1
		} else {
			p.add("certificate page %d: a duration of %d days and no dates", k+1, days)
			continue
		}
		n++
		if days != span {
			name := ""
			if m := regexp.MustCompile(`This is to certify that\s*\n(?:.*\n)*?\s*(\S.*\S)\s*\n`).FindStringSubmatch(page); m != nil {
				name = m[1]
			}
			p.add("certificate page %d (%s): %d days printed beside dates of %d days (%s)", k+1, name, days, span,
				strings.TrimSpace(certDatesRE.FindString(page)))
		}
	}
	return n
}

// checkAttendance: the days printed under the dates are the days of the dates.
func checkAttendance(p *problems, text string) int {
	m := attDatesRE.FindStringSubmatch(text)
	if m == nil {
		p.add("no dates on the attendance list")
		return 0
	}
	end := m[2]
	if end == "" {
		end = m[1]
	}
	span, err := calendarDays(m[1], end)
	if err != nil {
		p.add("dates %q do not read", m[0])
		return 0
	}
	// the days are printed under the dates, within a few lines (a wrapped host address may come between)
	rest := text[strings.Index(text, m[0])+len(m[0]):]
	if ls := strings.SplitN(rest, "\n", 6); len(ls) > 1 {
		rest = strings.Join(ls[1:len(ls)-1], "\n")
	}
	checked := 0
	if d := attDaysRE.FindStringSubmatch(rest); d != nil {
		n, _ := strconv.Atoi(d[1])
		if n != span {
			p.add("the list prints %d days for %s – %s (%d days)", n, m[1], end, span)
		}
		checked++
	}
	// One signature column per day: the grids' heads date each column ("Mon 2020-10-12"); a long
	// activity takes a list per week. Together the columns are the days of the period, each once a list.
	days := map[string]bool{}
	heads := 0
	for _, line := range strings.Split(text, "\n") {
		cols := attColumnRE.FindAllStringSubmatch(line, -1)
		if len(cols) == 0 {
			continue
		}
		heads++
		for k, c := range cols {
			if k > 0 {
				prev, _ := parseDay(cols[k-1][1])
				if want := prev.AddDate(0, 0, 1).Format("2006-01-02"); c[1] != want {
					p.add("signature column %d of %q is dated %s, not %s", k+1, strings.TrimSpace(line), c[1], want)
				}
			}
			days[c[1]] = true
		}
	}
	if heads > 0 {
		first, _ := parseDay(m[1])
		for k := 0; k < span; k++ {
			if d := first.AddDate(0, 0, k).Format("2006-01-02"); !days[d] {
				p.add("no signature column for %s, a day of %s – %s", d, m[1], end)
			}
			delete(days, first.AddDate(0, 0, k).Format("2006-01-02"))
		}
		for d := range days {
			p.add("a signature column for %s, outside %s – %s", d, m[1], end)
		}
		checked++
	}
	return checked
}

var attColumnRE = regexp.MustCompile(`\b[A-Z][a-z]{1,2}\.? (\d{4}-\d{2}-\d{2})\b`)

func parseDay(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
