package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Column is a table column: its header and width.
type Column struct {
	Header string
	Width  float32
}

// RecordTable is a read-only table of records with a header row.
type RecordTable struct {
	Table   *widget.Table
	columns []Column
	rows    [][]string
	// Shaded marks rows drawn on a tinted background (weekends and holidays of a month grid).
	Shaded func(row int) bool
}

// NewRecordTable makes an empty table with the columns.
func NewRecordTable(cols []Column) *RecordTable {
	t := &RecordTable{columns: cols}
	t.Table = widget.NewTableWithHeaders(
		func() (int, int) { return len(t.rows), len(t.columns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(canvas.NewRectangle(theme.Color(theme.ColorNameHover)), l)
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			c.Objects[0].(*canvas.Rectangle).Hidden = t.Shaded == nil || !t.Shaded(id.Row)
			c.Objects[1].(*widget.Label).SetText(t.Cell(id.Row, id.Col))
		})
	t.Table.ShowHeaderColumn = false
	t.Table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < len(t.columns) {
			o.(*widget.Label).SetText(t.columns[id.Col].Header)
		}
	}
	for i, c := range cols {
		t.Table.SetColumnWidth(i, c.Width)
	}
	return t
}

// SetColumns replaces the columns (a month grid has one per output).
func (t *RecordTable) SetColumns(cols []Column) {
	t.columns = cols
	for i, c := range cols {
		t.Table.SetColumnWidth(i, c.Width)
	}
	t.Table.Refresh()
}

// SetRows replaces the table's rows.
func (t *RecordTable) SetRows(rows [][]string) {
	t.rows = rows
	t.Table.Refresh()
}

// Rows is the number of rows shown.
func (t *RecordTable) Rows() int { return len(t.rows) }

// Cell is the text shown at a row and column ("" outside the table).
func (t *RecordTable) Cell(row, col int) string {
	if row < 0 || row >= len(t.rows) || col < 0 || col >= len(t.rows[row]) {
		return ""
	}
	return t.rows[row][col]
}

// wide gives a picker a fixed width, so a long choice neither cuts the toolbar nor widens it.
func wide(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}
