package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"partnerdesk/data"
)

// The tables of the workbook and of CSV, by name.
const (
	TableBudget       = "budget"
	TableStaffDays    = "staff-days"
	TableEntries      = "entries"
	TableParticipants = "participants"
	TablePartners     = "partners"
	TablePeople       = "people"
)

// CSVTables are the names CSV accepts, in the workbook's order.
var CSVTables = []string{TableBudget, TableStaffDays, TableMeetings, TableMultiplier, TableLearning, TableStaffMonths,
	TableEntries, TableParticipants, TablePartners, TablePeople}

// colKind says how a column's cells are written: text, a whole number, money, days or hours with two
// decimals, or a date.
type colKind int

const (
	colText colKind = iota
	colInt
	colMoney // data.Cents
	colDays  // data.Days
	colHours // data.Seconds
	colDate  // data.Date
	colMonth // wbMonth
)

type wbColumn struct {
	name string
	kind colKind
}

// table is one sheet, or one CSV file: the cells are string, int, data.Cents, data.Days, data.Seconds,
// data.Date, wbMonth, or nil for an empty cell.
type wbTable struct {
	name, sheet string
	cols        []wbColumn
	rows        [][]any
}

// Workbook writes the project's figures as an Excel workbook: the budget with its totals, the staff days per
// organisation, output and staff category, the transnational meetings, multiplier events and learning
// activities in detail, each person's hours and days per month, every timesheet entry, the participants of every event, the
// partners and the people. Numbers and dates are numeric cells, totals are values, the header row is frozen.
func Workbook(w io.Writer, doc *data.Document, b *data.Budget, entries []data.Entry) error {
	tables, err := workbookTables(doc, b, entries)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return fmt.Errorf("export: workbook of %s: %w", doc.Project.Acronym, err)
	}
	for i, t := range tables {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.sheet)
		} else {
			_, err = f.NewSheet(t.sheet)
		}
		if err == nil {
			err = writeSheet(f, st, t)
		}
		if err != nil {
			return fmt.Errorf("export: workbook of %s, sheet %s: %w", doc.Project.Acronym, t.sheet, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// CSV writes one of the workbook's tables (CSVTables) as CSV for Excel and LibreOffice in a European locale:
// UTF-8 with a byte order mark, semicolons between fields, a decimal point, dates as YYYY-MM-DD.
// Text that a spreadsheet would take for a formula (starting with = + - @) is prefixed with an apostrophe.
func CSV(w io.Writer, doc *data.Document, b *data.Budget, entries []data.Entry, name string) error {
	if !hasTable(name) {
		return fmt.Errorf("export: no table %q (the tables are %s)", name, strings.Join(CSVTables, ", "))
	}
	tables, err := workbookTables(doc, b, entries)
	if err != nil {
		return err
	}
	var t wbTable
	for _, x := range tables {
		if x.name == name {
			t = x
		}
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	head := make([]string, len(t.cols))
	for i, c := range t.cols {
		head[i] = c.name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range t.rows {
		rec := make([]string, len(t.cols))
		for i, v := range row {
			rec[i] = csvValue(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func hasTable(name string) bool {
	for _, n := range CSVTables {
		if n == name {
			return true
		}
	}
	return false
}

// csvValue is a cell as CSV text.
func csvValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if x != "" && strings.ContainsRune("=+-@\t\r", []rune(x)[0]) {
			return "'" + x
		}
		return x
	case int:
		return strconv.Itoa(x)
	case data.Cents:
		return x.Euro()
	case data.Days:
		return data.Cents(x).Euro()
	case data.Seconds:
		if x%36 == 0 {
			return x.Column()
		}
		return x.Decimal()
	case data.Date:
		return x.String()
	case wbMonth:
		return data.Date(x).String()[:7]
	}
	return fmt.Sprint(v)
}

// sheetStyles are the styles of the header row and of the numeric columns.
type sheetStyles struct {
	header, int, dec2, date, month int
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	var err error
	dateFmt, monthFmt := "yyyy-mm-dd", "yyyy-mm"
	for _, x := range []struct {
		id *int
		st *excelize.Style
	}{
		{&s.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8E8E8"}}}},
		{&s.int, &excelize.Style{NumFmt: 1}},
		{&s.dec2, &excelize.Style{NumFmt: 2}},
		{&s.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&s.month, &excelize.Style{CustomNumFmt: &monthFmt}},
	} {
		if *x.id, err = f.NewStyle(x.st); err != nil {
			return s, err
		}
	}
	return s, nil
}

// writeSheet streams a table into its sheet, the header row frozen and the columns as wide as their
// content: a project's hundred thousand entries need not all be cells in memory at once.
func writeSheet(f *excelize.File, st sheetStyles, t wbTable) error {
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return err
	}
	width := make([]int, len(t.cols))
	styles := make([]int, len(t.cols))
	for i, c := range t.cols {
		width[i] = utf8.RuneCountInString(c.name)
		switch c.kind {
		case colInt:
			styles[i] = st.int
		case colMoney, colDays, colHours:
			styles[i] = st.dec2
		case colDate:
			styles[i] = st.date
			width[i] = max(width[i], 10)
		case colMonth:
			styles[i] = st.month
			width[i] = max(width[i], 7)
		}
	}
	for _, row := range t.rows {
		for i, v := range row {
			if v != nil {
				width[i] = max(width[i], utf8.RuneCountInString(csvValue(v)))
			}
		}
	}
	for i := range t.cols {
		if err := sw.SetColWidth(i+1, i+1, float64(min(width[i], 60))+2); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	head := make([]any, len(t.cols))
	for i, c := range t.cols {
		head[i] = excelize.Cell{StyleID: st.header, Value: c.name}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	cells := make([]any, len(t.cols))
	for r, row := range t.rows {
		clear(cells)
		for i, v := range row {
			var x any
			switch v := v.(type) {
			case nil:
				continue
			case string:
				x = v
			case int:
				x = v
			case data.Cents:
				x = float64(v) / 100
			case data.Days:
				x = float64(v) / 100
			case data.Seconds:
				x = v.Hours()
			case data.Date:
				x = v.Time()
			case wbMonth:
				x = data.Date(v).Time()
			default:
				return fmt.Errorf("row %d: unexpected %T", r+2, v)
			}
			cells[i] = excelize.Cell{StyleID: styles[i], Value: x}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells[:len(row)]); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// workbookTables builds every table of the workbook.
func workbookTables(doc *data.Document, b *data.Budget, entries []data.Entry) ([]wbTable, error) {
	if err := checkDocument(doc); err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("export: workbook of %s: the budget is missing", doc.Project.Acronym)
	}
	meetings, err := meetingsTable(doc)
	if err != nil {
		return nil, fmt.Errorf("export: workbook of %s: %w", doc.Project.Acronym, err)
	}
	multiplier, err := multiplierTable(doc, b)
	if err != nil {
		return nil, fmt.Errorf("export: workbook of %s: %w", doc.Project.Acronym, err)
	}
	learning, err := learningTable(doc)
	if err != nil {
		return nil, fmt.Errorf("export: workbook of %s: %w", doc.Project.Acronym, err)
	}
	return []wbTable{budgetTable(doc, b), staffDaysTable(doc, b), meetings, multiplier, learning,
		staffMonthsTable(doc, entries), entriesTable(doc, entries), participantsTable(doc), partnersTable(doc), peopleTable(doc)}, nil
}

// optCents and optDays are a cell of an optional figure.
func optCents(c *data.Cents) any {
	if c == nil {
		return nil
	}
	return *c
}

func optDays(d *data.Days) any {
	if d == nil {
		return nil
	}
	return *d
}

func optInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// budgetTable is the budget JSON's lines with names and codes for IDs, then, after an empty row, its totals.
func budgetTable(doc *data.Document, b *data.Budget) wbTable {
	t := wbTable{name: TableBudget, sheet: "Budget"}
	code := func(l data.BudgetLine) string {
		if l.Output != "" {
			return doc.RefCode(l.Output)
		}
		return doc.RefCode(l.Event)
	}
	if b.Rules == data.Rules2021 {
		t.cols = []wbColumn{{"Category", colText}, {"Organisation", colText}, {"Work package", colText},
			{"Days", colDays}, {"Allocated", colMoney}, {"Staff cost", colMoney}}
		for _, l := range b.Lines {
			t.rows = append(t.rows, []any{l.Category, doc.PartnerLabel(l.Partner), code(l), optDays(l.Days), optCents(l.Allocated), optCents(l.StaffCost)})
		}
		tt := b.Totals
		t.rows = append(t.rows, make([]any, len(t.cols)), []any{"Totals"},
			[]any{"allocated", nil, nil, nil, optCents(tt.Allocated)},
			[]any{"staff_cost", nil, nil, nil, nil, optCents(tt.StaffCost)},
			[]any{"lump_sum", nil, nil, nil, optCents(tt.LumpSum)})
		return t
	}
	t.cols = []wbColumn{{"Category", colText}, {"Organisation", colText}, {"Output or event", colText}, {"Staff category", colText},
		{"Months", colInt}, {"Participants", colInt}, {"Days", colDays}, {"Rate", colMoney}, {"Amount", colMoney}, {"Capped from", colMoney}}
	for _, l := range b.Lines {
		t.rows = append(t.rows, []any{l.Category, doc.PartnerLabel(l.Partner), code(l), l.StaffCategory,
			optInt(l.Months), optInt(l.Participants), optDays(l.Days), optCents(l.Rate), optCents(l.Amount), optCents(l.CappedFrom)})
	}
	t.rows = append(t.rows, make([]any, len(t.cols)), []any{"Totals"})
	tt := b.Totals
	for _, x := range []struct {
		key string
		v   *data.Cents
	}{{data.BudgetManagement, tt.ProjectManagement}, {data.BudgetOutputs, tt.IntellectualOutputs},
		{data.BudgetMeetings, tt.TransnationalMeetings}, {data.BudgetMultiplier, tt.MultiplierEvents},
		{data.BudgetLearning, tt.LearningActivities}, {"total", tt.Total}} {
		t.rows = append(t.rows, []any{x.key, nil, nil, nil, nil, nil, nil, nil, optCents(x.v)})
	}
	return t
}

// staffDaysTable is the staff days per organisation, output or work package and staff category, from the
// budget's lines, with a total row of the printed figures.
func staffDaysTable(doc *data.Document, b *data.Budget) wbTable {
	t := wbTable{name: TableStaffDays, sheet: "Staff days", cols: []wbColumn{{"Organisation", colText}, {"Output", colText},
		{"Title", colText}, {"Staff category", colText}, {"Days", colDays}, {"Planned days", colDays}, {"Rate", colMoney}, {"Amount", colMoney}}}
	var days data.Days
	var amount data.Cents
	n := 0
	for _, l := range b.Lines {
		if l.Days == nil || (l.Category != data.BudgetOutputs && l.Category != data.BudgetWorkPackage) {
			continue
		}
		title := ""
		if o := doc.OutputByID(l.Output); o != nil {
			title = o.Title
		}
		v := l.Value()
		t.rows = append(t.rows, []any{doc.PartnerLabel(l.Partner), doc.RefCode(l.Output), title, l.StaffCategory,
			*l.Days, optDays(l.PlannedDays), optCents(l.Rate), v})
		days += *l.Days
		amount += v
		n++
	}
	if n > 0 {
		t.rows = append(t.rows, []any{"Total", nil, nil, nil, days, nil, nil, amount})
	}
	return t
}

// entriesTable is every timesheet entry with its days: hours ÷ the organisation's working day, to 2 decimals.
func entriesTable(doc *data.Document, entries []data.Entry) wbTable {
	t := wbTable{name: TableEntries, sheet: "Entries", cols: []wbColumn{{"Organisation", colText}, {"Person", colText},
		{"Staff category", colText}, {"Date", colDate}, {"Output", colText}, {"Hours", colHours}, {"Days", colDays}, {"Note", colText},
		{"Month's state", colText}}}
	for _, e := range entries {
		if e.Deleted {
			continue
		}
		state := data.StateDraft // the state of the entry's month: draft, submitted, approved or reopened
		if a := data.LatestApproval(doc.Approvals, e.Person, e.Date.Month()); a != nil {
			state = a.State
		}
		org, name, cat := "", e.Person, ""
		day := data.DefaultWorkingDay
		if p := doc.PersonByID(e.Person); p != nil {
			name, cat = p.Name, p.Category
			if pa := doc.PartnerByID(p.Partner); pa != nil {
				org, day = pa.Label(), pa.Day()
			}
		}
		code := doc.RefCode(e.Output)
		if code == "" {
			code = e.Output
		}
		t.rows = append(t.rows, []any{org, name, cat, e.Date, code, e.Hours, data.Days(divRoundHalfAway(int64(e.Hours)*100, int64(day))), e.Note, state})
	}
	return t
}

// divRoundHalfAway divides a by b (b > 0), rounding half away from zero, as the budget does.
func divRoundHalfAway(a, b int64) int64 {
	if a < 0 {
		return -divRoundHalfAway(-a, b)
	}
	return (a + b/2) / b
}

// participantsTable is the participants of every event, events by code.
func participantsTable(doc *data.Document) wbTable {
	t := wbTable{name: TableParticipants, sheet: "Participants", cols: []wbColumn{{"Event", colText}, {"Kind", colText},
		{"Name", colText}, {"Organisation", colText}, {"Country", colText}, {"Partner", colText},
		{"Distance km", colInt}, {"Days", colInt}, {"Role", colText}}}
	var events []*data.Event
	for i := range doc.Events {
		if !doc.Events[i].Deleted {
			events = append(events, &doc.Events[i])
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return data.CodeLess(events[i].Code, events[j].Code) })
	for _, e := range events {
		for _, p := range doc.Participants {
			if p.Deleted || p.Event != e.ID {
				continue
			}
			partner := ""
			if p.Partner != "" {
				partner = doc.PartnerLabel(p.Partner)
			}
			t.rows = append(t.rows, []any{e.Code, e.Kind, p.Name, p.Organisation, p.Country, partner, optInt(p.DistanceKM), optInt(p.Days), p.Role})
		}
	}
	return t
}

// partnersTable is the organisations, the coordinator first.
func partnersTable(doc *data.Document) wbTable {
	t := wbTable{name: TablePartners, sheet: "Partners", cols: []wbColumn{{"Short name", colText}, {"Name", colText},
		{"Role", colText}, {"OID", colText}, {"Country", colText}, {"City", colText}, {"Region", colText}, {"Working day hours", colHours}}}
	var list []*data.Partner
	for i := range doc.Partners {
		if !doc.Partners[i].Deleted {
			list = append(list, &doc.Partners[i])
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		return list[i].ID == doc.Project.Coordinator && list[j].ID != doc.Project.Coordinator
	})
	for _, p := range list {
		role := "partner"
		if p.ID == doc.Project.Coordinator {
			role = "coordinator"
		}
		t.rows = append(t.rows, []any{p.ShortName, p.Name, role, p.OID, p.Country, p.City, p.Region, p.Day()})
	}
	return t
}

// peopleTable is the staff of every organisation.
func peopleTable(doc *data.Document) wbTable {
	t := wbTable{name: TablePeople, sheet: "People", cols: []wbColumn{{"Name", colText}, {"Organisation", colText},
		{"Staff category", colText}, {"E-mail", colText}, {"Supervisor", colText}}}
	for _, p := range doc.People {
		if p.Deleted {
			continue
		}
		sup := ""
		if p.Supervisor {
			sup = "yes"
		}
		t.rows = append(t.rows, []any{p.Name, doc.PartnerLabel(p.Partner), p.Category, p.Email, sup})
	}
	return t
}
