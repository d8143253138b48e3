package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"partnerdesk/data"
)

// workbookFixture is the greenskills example's document, budget and entries.
func workbookFixture(t *testing.T) (*data.Document, *data.Budget, []data.Entry) {
	t.Helper()
	f := greenskills(t)
	entries, err := f.store.Entries(f.project, data.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return f.doc, f.budget(t), entries
}

// numericCell reads a cell that must be a number (not text) and returns its value.
func numericCell(t *testing.T, x *excelize.File, sheet string, col, row int) float64 {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(col, row)
	typ, err := x.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s is not a number cell (type %v)", sheet, cell, typ)
	}
	raw, err := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s!%s = %q, not a number", sheet, cell, raw)
	}
	return v
}

func cellText(t *testing.T, x *excelize.File, sheet string, col, row int) string {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(col, row)
	v, err := x.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestWorkbookBudgetEqualsBudgetJSON(t *testing.T) {
	doc, b, entries := workbookFixture(t)
	var buf bytes.Buffer
	if err := Workbook(&buf, doc, b, entries); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got, want := strings.Join(x.GetSheetList(), ","), "Budget,Staff days,Meetings,Multiplier events,Learning activities,Staff days by month,Entries,Participants,Partners,People"; got != want {
		t.Errorf("sheets %s, want %s", got, want)
	}
	for _, s := range x.GetSheetList() {
		p, err := x.GetPanes(s)
		if err != nil || !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v %v", s, p, err)
		}
	}

	// The budget JSON, as `partnerdesk budget --json` prints it.
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Lines  []map[string]any   `json:"lines"`
		Totals map[string]float64 `json:"totals"`
	}
	if err := json.Unmarshal(raw, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Lines) == 0 {
		t.Fatal("the example has no budget lines")
	}
	const sheet = "Budget"
	numCols := map[string]int{"months": 5, "participants": 6, "days": 7, "rate": 8, "amount": 9, "capped_from": 10}
	for i, l := range j.Lines {
		row := i + 2
		if got := cellText(t, x, sheet, 1, row); got != l["category"] {
			t.Errorf("row %d: category %q, want %v", row, got, l["category"])
		}
		if got, want := cellText(t, x, sheet, 2, row), doc.PartnerLabel(l["partner"].(string)); got != want {
			t.Errorf("row %d: organisation %q, want %q", row, got, want)
		}
		ref, _ := l["output"].(string)
		if ref == "" {
			ref, _ = l["event"].(string)
		}
		if got, want := cellText(t, x, sheet, 3, row), doc.RefCode(ref); got != want {
			t.Errorf("row %d: code %q, want %q", row, got, want)
		}
		if sc, _ := l["staff_category"].(string); cellText(t, x, sheet, 4, row) != sc {
			t.Errorf("row %d: staff category %q, want %q", row, cellText(t, x, sheet, 4, row), sc)
		}
		for k, col := range numCols {
			want, ok := l[k].(float64)
			if !ok {
				if s := cellText(t, x, sheet, col, row); s != "" {
					t.Errorf("row %d: %s is %q, the JSON has none", row, k, s)
				}
				continue
			}
			if got := numericCell(t, x, sheet, col, row); got != want {
				t.Errorf("row %d (%v): %s = %v, the JSON says %v", row, l["category"], k, got, want)
			}
		}
	}
	row := len(j.Lines) + 2
	if cellText(t, x, sheet, 1, row) != "" || cellText(t, x, sheet, 1, row+1) != "Totals" {
		t.Fatalf("no Totals after the lines: %q %q", cellText(t, x, sheet, 1, row), cellText(t, x, sheet, 1, row+1))
	}
	seen := 0
	for r := row + 2; cellText(t, x, sheet, 1, r) != ""; r++ {
		key := cellText(t, x, sheet, 1, r)
		want, ok := j.Totals[key]
		if !ok {
			t.Errorf("total %q is not in the JSON", key)
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(9, r)
		if f, _ := x.GetCellFormula(sheet, cell); f != "" {
			t.Errorf("total %s is a formula %q, not a value", key, f)
		}
		if got := numericCell(t, x, sheet, 9, r); got != want {
			t.Errorf("total %s = %v, the JSON says %v", key, got, want)
		}
		seen++
	}
	if seen != len(j.Totals) {
		t.Errorf("%d totals on the sheet, %d in the JSON", seen, len(j.Totals))
	}

	// Staff days: every intellectual output line, and a total of its rows.
	var days, amount float64
	n := 0
	for _, l := range j.Lines {
		if l["category"] == data.BudgetOutputs {
			days += l["days"].(float64)
			amount += l["amount"].(float64)
			n++
		}
	}
	rows, _ := x.GetRows("Staff days")
	if len(rows) != n+2 || rows[n+1][0] != "Total" {
		t.Fatalf("staff days: %d rows for %d lines: %q", len(rows), n, rows)
	}
	if got := numericCell(t, x, "Staff days", 5, n+2); fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", days) {
		t.Errorf("staff days total %v, lines sum to %v", got, days)
	}
	if got := numericCell(t, x, "Staff days", 8, n+2); fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", amount) {
		t.Errorf("staff amount total %v, lines sum to %v", got, amount)
	}
}

func TestWorkbookEntriesAndPeople(t *testing.T) {
	doc, b, entries := workbookFixture(t)
	var buf bytes.Buffer
	if err := Workbook(&buf, doc, b, entries); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if len(entries) < 50 {
		t.Fatalf("only %d entries in the example", len(entries))
	}
	var want, got []string
	for _, e := range entries {
		p := doc.PersonByID(e.Person)
		pa := doc.PartnerByID(p.Partner)
		d := float64(divRoundHalfAway(int64(e.Hours)*100, int64(pa.Day()))) / 100
		want = append(want, fmt.Sprintf("%s|%s|%s|%s|%s|%v|%v|%s", pa.Label(), p.Name, p.Category, e.Date, doc.RefCode(e.Output), e.Hours.Hours(), d, e.Note))
	}
	const sheet = "Entries"
	rows, _ := x.GetRows(sheet)
	if len(rows) != len(entries)+1 {
		t.Fatalf("%d entry rows, %d entries", len(rows)-1, len(entries))
	}
	for r := 2; r <= len(rows); r++ {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s|%v|%v|%s", cellText(t, x, sheet, 1, r), cellText(t, x, sheet, 2, r),
			cellText(t, x, sheet, 3, r), cellText(t, x, sheet, 4, r), cellText(t, x, sheet, 5, r),
			numericCell(t, x, sheet, 6, r), numericCell(t, x, sheet, 7, r), cellText(t, x, sheet, 8, r)))
		numericCell(t, x, sheet, 4, r) // the date is a date serial, shown as YYYY-MM-DD
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("entries sheet differs:\nwant %q\ngot  %q", want[:3], got[:3])
	}
	people, _ := x.GetRows("People")
	names := map[string]bool{}
	for _, r := range people[1:] {
		names[r[0]] = true
	}
	for _, p := range doc.People {
		if !names[p.Name] {
			t.Errorf("People lacks %s", p.Name)
		}
	}
	parts, _ := x.GetRows("Participants")
	if len(parts)-1 != len(doc.Participants) {
		t.Errorf("%d participant rows, %d participants", len(parts)-1, len(doc.Participants))
	}
	if w, _ := x.GetColWidth("People", "A"); w < 10 {
		t.Errorf("People's name column is %v wide", w)
	}
}

// readCSV reads CSV as Excel would: the byte order mark says UTF-8, semicolons separate.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no byte order mark: %q", b[:min(len(b), 10)])
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestCSVTables(t *testing.T) {
	doc, b, entries := workbookFixture(t)
	for _, name := range CSVTables {
		var buf bytes.Buffer
		if err := CSV(&buf, doc, b, entries, name); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		recs := readCSV(t, buf.Bytes())
		if len(recs) < 2 {
			t.Errorf("%s: %d records", name, len(recs))
		}
	}
	var buf bytes.Buffer
	if err := CSV(&buf, doc, b, entries, TablePeople); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, name := range []string{"Małgorzata Wójcik", "Ελένη Παπαδοπούλου", "Стоян Петров"} {
		found := false
		for _, r := range readCSV(t, buf.Bytes()) {
			found = found || r[0] == name
		}
		if !found {
			t.Errorf("people CSV lacks %s:\n%s", name, text)
		}
	}
	buf.Reset()
	if err := CSV(&buf, doc, b, entries, TableEntries); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if len(recs) != len(entries)+1 {
		t.Errorf("%d entry records, %d entries", len(recs)-1, len(entries))
	}
	for _, r := range recs[1:] {
		if _, err := strconv.ParseFloat(r[5], 64); err != nil || !strings.Contains(r[5], ".") {
			t.Errorf("hours %q: not a number with a decimal point", r[5])
		}
		if _, err := data.ParseDate(r[3]); err != nil {
			t.Errorf("date %q: %v", r[3], err)
		}
	}
	if err := CSV(&buf, doc, b, entries, "nope"); err == nil || !strings.Contains(err.Error(), "staff-days") {
		t.Errorf("an unknown table: %v", err)
	}
}

func TestCSVTextIsNeverAFormula(t *testing.T) {
	doc, b, entries := workbookFixture(t)
	entries = append([]data.Entry(nil), entries...)
	entries[0].Note = "=HYPERLINK(\"http://x\")"
	var buf bytes.Buffer
	if err := CSV(&buf, doc, b, entries, TableEntries); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `'=HYPERLINK`) {
		t.Errorf("a note starting with = is written as a formula")
	}
	buf.Reset()
	if err := Workbook(&buf, doc, b, entries); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if f, _ := x.GetCellFormula("Entries", "H2"); f != "" {
		t.Errorf("a note became the formula %q", f)
	}
}

func TestWorkbook2021(t *testing.T) {
	doc, _, entries := workbookFixture(t)
	c := func(v data.Cents) *data.Cents { return &v }
	d := data.Days(1234)
	b := &data.Budget{Project: doc.Project.ID, Rules: data.Rules2021, Currency: "EUR",
		Lines: []data.BudgetLine{{Category: data.BudgetWorkPackage, Partner: doc.Project.Coordinator, Output: doc.Outputs[0].ID,
			Allocated: c(1200000), Days: &d, StaffCost: c(264042)}},
		Totals: data.BudgetTotals{Allocated: c(1200000), StaffCost: c(264042), LumpSum: c(25000000)}}
	var buf bytes.Buffer
	if err := Workbook(&buf, doc, b, entries); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v := numericCell(t, x, "Budget", 5, 2); v != 12000 {
		t.Errorf("allocated %v", v)
	}
	if v := numericCell(t, x, "Budget", 6, 2); v != 2640.42 {
		t.Errorf("staff cost %v", v)
	}
	if v := numericCell(t, x, "Budget", 5, 7); cellText(t, x, "Budget", 1, 7) != "lump_sum" || v != 250000 {
		t.Errorf("lump sum row: %q %v", cellText(t, x, "Budget", 1, 7), v)
	}
	if v := numericCell(t, x, "Staff days", 5, 2); v != 12.34 {
		t.Errorf("staff days %v", v)
	}
}

// TestEntriesCarryTheirMonthsState: each entry row says whether its month is draft, submitted,
// approved or reopened, as the timesheets do.
func TestEntriesCarryTheirMonthsState(t *testing.T) {
	doc, b, entries := workbookFixture(t)
	lukas, johanna := "0192a000-0000-7000-8000-000000000021", "0192a000-0000-7000-8000-000000000020"
	doc.Approvals = append(doc.Approvals, data.Approval{ID: data.NewID(), Person: lukas, Month: "2019-10", State: data.StateApproved, By: johanna})
	raw, err := csvOf(doc, b, entries)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, raw)
	last := len(rows[0]) - 1
	if rows[0][last] != "Month's state" {
		t.Fatalf("last column %q", rows[0][last])
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if r[1] == "Lukas Hofer" && strings.HasPrefix(r[3], "2019-10") {
			seen[r[last]] = true
		}
		if r[1] == "Lukas Hofer" && strings.HasPrefix(r[3], "2019-11") && r[last] != "draft" {
			t.Errorf("November of Lukas is %q, not draft", r[last])
		}
	}
	if !seen["approved"] || len(seen) != 1 {
		t.Errorf("October of Lukas: %v", seen)
	}
}

func csvOf(doc *data.Document, b *data.Budget, entries []data.Entry) ([]byte, error) {
	var buf bytes.Buffer
	err := CSV(&buf, doc, b, entries, TableEntries)
	return buf.Bytes(), err
}
