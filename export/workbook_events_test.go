package export

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"partnerdesk/data"
)

// openWorkbook writes the greenskills example's workbook and reads it back with excelize.
func openWorkbook(t *testing.T) (*excelize.File, *data.Document, *data.Budget, []data.Entry) {
	t.Helper()
	doc, b, entries := workbookFixture(t)
	var buf bytes.Buffer
	if err := Workbook(&buf, doc, b, entries); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, doc, b, entries
}

// header maps a sheet's column names to their 1-based column numbers.
func header(t *testing.T, x *excelize.File, sheet string) (map[string]int, int) {
	t.Helper()
	rows, err := x.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %d rows, %v", sheet, len(rows), err)
	}
	cols := map[string]int{}
	for i, c := range rows[0] {
		cols[c] = i + 1
	}
	return cols, len(rows)
}

func col(t *testing.T, cols map[string]int, name string) int {
	t.Helper()
	c, ok := cols[name]
	if !ok {
		t.Fatalf("no column %q in %v", name, cols)
	}
	return c
}

// budgetLines are a category's lines keyed "event code|organisation".
func budgetLines(doc *data.Document, b *data.Budget, category string) map[string]data.BudgetLine {
	m := map[string]data.BudgetLine{}
	for _, l := range b.Lines {
		if l.Category == category {
			m[doc.RefCode(l.Event)+"|"+doc.PartnerLabel(l.Partner)] = l
		}
	}
	return m
}

func centsEuro(c data.Cents) float64 { return float64(c) / 100 }

func TestWorkbookMeetingsEqualBudget(t *testing.T) {
	x, doc, b, _ := openWorkbook(t)
	const sheet = "Meetings"
	cols, n := header(t, x, sheet)
	want := budgetLines(doc, b, data.BudgetMeetings)
	if len(want) == 0 {
		t.Fatal("the example has no meeting lines")
	}
	rules, _ := data.RulesByName(doc.Project.Rules)
	bandCols := []int{col(t, cols, "Under 100 km")}
	for _, bd := range rules.MeetingBands {
		bandCols = append(bandCols, col(t, cols, bandLabel(bd)))
	}
	seen := 0
	for r := 2; r <= n; r++ {
		key := cellText(t, x, sheet, col(t, cols, "Event"), r) + "|" + cellText(t, x, sheet, col(t, cols, "Sending organisation"), r)
		counted := numericCell(t, x, sheet, col(t, cols, "Participants counted"), r)
		amount := numericCell(t, x, sheet, col(t, cols, "Amount"), r)
		numericCell(t, x, sheet, col(t, cols, "Start"), r)
		var inBands float64
		for _, c := range bandCols[1:] {
			inBands += numericCell(t, x, sheet, c, r)
		}
		if inBands != counted {
			t.Errorf("%s: %v in the bands, %v counted", key, inBands, counted)
		}
		l, ok := want[key]
		if !ok {
			if counted != 0 || amount != 0 {
				t.Errorf("%s: %v participants, %v, but no budget line", key, counted, amount)
			}
			continue
		}
		seen++
		if int(counted) != l.Participants || amount != centsEuro(*l.Amount) {
			t.Errorf("%s: %v participants %v, the budget says %d and %v", key, counted, amount, l.Participants, centsEuro(*l.Amount))
		}
	}
	if seen != len(want) {
		t.Errorf("%d of %d meeting lines on the sheet", seen, len(want))
	}
}

func TestWorkbookMultiplierEqualsBudget(t *testing.T) {
	x, doc, b, _ := openWorkbook(t)
	const sheet = "Multiplier events"
	cols, n := header(t, x, sheet)
	want := budgetLines(doc, b, data.BudgetMultiplier)
	if len(want) == 0 {
		t.Fatal("the example has no multiplier lines")
	}
	seen, excluded := 0, 0.0
	for r := 2; r <= n; r++ {
		key := cellText(t, x, sheet, col(t, cols, "Event"), r) + "|" + cellText(t, x, sheet, col(t, cols, "Organisation"), r)
		local := numericCell(t, x, sheet, col(t, cols, "Local participants"), r)
		foreign := numericCell(t, x, sheet, col(t, cols, "Foreign participants"), r)
		excluded += numericCell(t, x, sheet, col(t, cols, "Partner staff excluded"), r)
		amount := numericCell(t, x, sheet, col(t, cols, "Amount"), r)
		l, ok := want[key]
		if !ok {
			if local+foreign != 0 {
				t.Errorf("%s: %v participants but no budget line", key, local+foreign)
			}
			continue
		}
		seen++
		if int(local+foreign) != l.Participants || amount != centsEuro(*l.Amount) {
			t.Errorf("%s: %v participants %v, the budget says %d and %v", key, local+foreign, amount, l.Participants, centsEuro(*l.Amount))
		}
	}
	if seen != len(want) {
		t.Errorf("%d of %d multiplier lines on the sheet", seen, len(want))
	}
	staff := 0
	for _, e := range doc.Events {
		for _, p := range doc.Participants {
			if e.Kind == data.EventMultiplier && p.Event == e.ID && !p.Deleted && p.Partner != "" {
				staff++
			}
		}
	}
	if int(excluded) != staff {
		t.Errorf("%v partner staff excluded, the example has %d", excluded, staff)
	}
}

func TestWorkbookLearningEqualsBudget(t *testing.T) {
	x, doc, b, _ := openWorkbook(t)
	const sheet = "Learning activities"
	cols, n := header(t, x, sheet)
	want := budgetLines(doc, b, data.BudgetLearning)
	if len(want) == 0 {
		t.Fatal("the example has no learning lines")
	}
	sum := map[string]float64{}
	count := map[string]int{}
	for r := 2; r <= n; r++ {
		org := cellText(t, x, sheet, col(t, cols, "Sending organisation"), r)
		travel := numericCell(t, x, sheet, col(t, cols, "Travel"), r)
		support := numericCell(t, x, sheet, col(t, cols, "Individual support"), r)
		total := numericCell(t, x, sheet, col(t, cols, "Total"), r)
		numericCell(t, x, sheet, col(t, cols, "Distance km"), r)
		numericCell(t, x, sheet, col(t, cols, "Days"), r)
		if math.Abs(travel+support-total) > 0.001 {
			t.Errorf("row %d: %v + %v ≠ %v", r, travel, support, total)
		}
		if org == "" || total == 0 {
			continue
		}
		key := cellText(t, x, sheet, col(t, cols, "Event"), r) + "|" + org
		sum[key] += total
		count[key]++
	}
	if len(sum) != len(want) {
		t.Errorf("%d organisations on the sheet, %d learning lines", len(sum), len(want))
	}
	for key, l := range want {
		if fmt.Sprintf("%.2f", sum[key]) != fmt.Sprintf("%.2f", centsEuro(*l.Amount)) || count[key] != l.Participants {
			t.Errorf("%s: %d participants %.2f, the budget says %d and %.2f", key, count[key], sum[key], l.Participants, centsEuro(*l.Amount))
		}
	}
}

func TestWorkbookStaffDaysByMonth(t *testing.T) {
	x, doc, _, entries := openWorkbook(t)
	const sheet = "Staff days by month"
	cols, n := header(t, x, sheet)
	type key struct{ person, month string }
	minutes := map[key]data.Seconds{}
	for _, e := range entries {
		p := doc.PersonByID(e.Person)
		minutes[key{p.Name, e.Date.String()[:7]}] += e.Hours
	}
	if n-1 != len(minutes) {
		t.Errorf("%d rows, %d person-months", n-1, len(minutes))
	}
	for r := 2; r <= n; r++ {
		name := cellText(t, x, sheet, col(t, cols, "Person"), r)
		month := cellText(t, x, sheet, col(t, cols, "Month"), r)
		mc := col(t, cols, "Month")
		serial := numericCell(t, x, sheet, mc, r)
		cell, _ := excelize.CoordinatesToCellName(mc, r)
		tm, err := excelize.ExcelDateToTime(serial, false)
		if err != nil || tm.Day() != 1 || tm.Format("2006-01") != month {
			t.Errorf("%s: month %q is %v (%v), not the first of that month", cell, month, tm, err)
		}
		m, ok := minutes[key{name, month}]
		if !ok {
			t.Errorf("row %d: %s %s has no entries", r, name, month)
			continue
		}
		var day data.Seconds
		for _, p := range doc.People {
			if p.Name == name {
				day = doc.PartnerByID(p.Partner).Day()
				if got := cellText(t, x, sheet, col(t, cols, "Organisation"), r); got != doc.PartnerLabel(p.Partner) {
					t.Errorf("row %d: organisation %q", r, got)
				}
			}
		}
		if h := numericCell(t, x, sheet, col(t, cols, "Hours"), r); h != m.Hours() {
			t.Errorf("row %d: %v hours, the entries make %v", r, h, m.Hours())
		}
		wantDays := float64((int64(m)*100+int64(day)/2)/int64(day)) / 100
		if d := numericCell(t, x, sheet, col(t, cols, "Days"), r); d != wantDays {
			t.Errorf("row %d: %v days, want %v (%v h ÷ %v h)", r, d, wantDays, m.Hours(), day.Hours())
		}
	}
	doc2, b, _ := workbookFixture(t)
	var buf bytes.Buffer
	if err := CSV(&buf, doc2, b, entries, TableStaffMonths); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if len(recs) < 2 || len(recs[1][3]) != 7 || !strings.Contains(recs[1][3], "-") {
		t.Errorf("CSV month %q, want YYYY-MM", recs[1][3])
	}
}

// TestWorkbookEventSheetsEdgeCases adds to the example a meeting participant under 100 km, partner staff at
// the multiplier event, and a learner with no sending partner: the sheets show them and still add up to
// the budget of the store.
func TestWorkbookEventSheetsEdgeCases(t *testing.T) {
	in := greenskillsInput(t)
	const (
		m1, e1, c1 = "0192a000-0000-7000-8000-000000000040", "0192a000-0000-7000-8000-000000000041", "0192a000-0000-7000-8000-000000000042"
		vhs, fzl   = "0192a000-0000-7000-8000-000000000010", "0192a000-0000-7000-8000-000000000011"
	)
	in.Participants = append(in.Participants,
		data.Participant{ID: "0192a000-0000-7000-8000-0000000000f1", Event: m1, Name: "Near Neighbour", Country: "AT", Partner: vhs, DistanceKM: 40},
		data.Participant{ID: "0192a000-0000-7000-8000-0000000000f2", Event: e1, Name: "Staff Member", Country: "PL", Partner: fzl},
		data.Participant{ID: "0192a000-0000-7000-8000-0000000000f3", Event: c1, Name: "No Sender", Country: "FR", Organisation: "Nobody", DistanceKM: 2500, Days: 20, Role: data.RoleLearner})
	f := importFixture(t, in)
	b := f.budget(t)
	entries, err := f.store.Entries(f.project, data.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Workbook(&buf, f.doc, b, entries); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	totals := map[string]float64{}
	for _, l := range b.Lines {
		totals[l.Category] += centsEuro(*l.Amount)
	}
	sumCol := func(sheet, name string, only func(r int) bool) float64 {
		cols, n := header(t, x, sheet)
		var s float64
		for r := 2; r <= n; r++ {
			if only == nil || only(r) {
				s += numericCell(t, x, sheet, col(t, cols, name), r)
			}
		}
		return s
	}
	if got := sumCol("Meetings", "Amount", nil); got != totals[data.BudgetMeetings] {
		t.Errorf("meetings sheet %v, budget %v", got, totals[data.BudgetMeetings])
	}
	if got := sumCol("Meetings", "Under 100 km", nil); got != 1 {
		t.Errorf("%v participants under 100 km, want 1", got)
	}
	if got := sumCol("Multiplier events", "Amount", nil); got != totals[data.BudgetMultiplier] {
		t.Errorf("multiplier sheet %v, budget %v", got, totals[data.BudgetMultiplier])
	}
	if got := sumCol("Multiplier events", "Partner staff excluded", nil); got != 1 {
		t.Errorf("%v partner staff excluded, want 1", got)
	}
	lcols, _ := header(t, x, "Learning activities")
	sent := func(r int) bool {
		return cellText(t, x, "Learning activities", col(t, lcols, "Sending organisation"), r) != ""
	}
	if got := sumCol("Learning activities", "Total", sent); fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", totals[data.BudgetLearning]) {
		t.Errorf("learning sheet %v, budget %v", got, totals[data.BudgetLearning])
	}
	// The learner nobody sends: 2,500 km → 360 travel, 14 × 55 + 6 × 40 support, shown but in no line.
	rules, _ := data.RulesByName(f.doc.Project.Rules)
	want := centsEuro(rules.TravelAmount(2500) + rules.SupportAmount(data.RoleLearner, 20))
	if got := sumCol("Learning activities", "Total", func(r int) bool { return !sent(r) }); got != want || want != 360+14*55+6*40 {
		t.Errorf("the unsent learner's total %v, want %v", got, want)
	}
}

// greenskillsInput is the greenskills example as decoded, before import.
func greenskillsInput(t *testing.T) *data.Document {
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
	return in
}
