package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// Grid column widths: the date, the weekday, each output, the day total, notes and checks.
const (
	colDate, colDay, colOutput, colTotal, colNotes, colChecks = 96, 48, 72, 64, 200, 360
)

// HoursCell is one editable cell of the month grid: a person's hours on an output on a day.
type HoursCell struct {
	widget.Entry
	grid     *MonthGrid
	day, col int
	refused  *canvas.Rectangle // a red frame while the typed text is refused
}

func newHoursCell(g *MonthGrid, day, col int) *HoursCell {
	c := &HoursCell{grid: g, day: day, col: col, refused: canvas.NewRectangle(color.Transparent)}
	c.refused.StrokeWidth = 2
	c.ExtendBaseWidget(c)
	c.OnChanged = func(string) { g.typed(c) }
	return c
}

// TypedKey moves between cells with the arrows and Enter, and clears a cell with Delete;
// Tab and Shift-Tab move focus through the driver, in the grid's row order.
func (c *HoursCell) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyUp:
		c.grid.move(c, -1, 0)
	case fyne.KeyDown:
		c.grid.move(c, 1, 0)
	case fyne.KeyLeft:
		if c.CursorColumn > 0 {
			c.Entry.TypedKey(k)
			return
		}
		c.grid.move(c, 0, -1)
	case fyne.KeyRight:
		if c.CursorColumn < len([]rune(c.Text)) {
			c.Entry.TypedKey(k)
			return
		}
		c.grid.move(c, 0, 1)
	case fyne.KeyReturn, fyne.KeyEnter:
		c.grid.commit(c)
		c.grid.move(c, 1, 0)
	case fyne.KeyDelete:
		c.SetText("")
		c.grid.commit(c)
	default:
		c.Entry.TypedKey(k)
	}
}

// SaveShortcut saves the month from the keyboard (Ctrl-S, or Cmd-S on a Mac).
var SaveShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}

// TypedShortcut saves on SaveShortcut, keeping the keyboard in the cell; the rest is the entry's.
func (c *HoursCell) TypedShortcut(s fyne.Shortcut) {
	if s.ShortcutName() == SaveShortcut.ShortcutName() && c.grid.OnSave != nil {
		c.grid.commit(c)
		c.grid.OnSave()
		return
	}
	c.Entry.TypedShortcut(s)
}

// FocusGained shows the cell's note in the note entry.
func (c *HoursCell) FocusGained() {
	c.Entry.FocusGained()
	c.grid.focus(c)
}

// FocusLost commits the cell, as leaving a spreadsheet cell does.
func (c *HoursCell) FocusLost() {
	c.Entry.FocusLost()
	c.grid.commit(c)
}

// gridCell is what a cell holds: as stored, and as typed.
type gridCell struct {
	savedHours data.Seconds
	savedNote  string
	hours      data.Seconds // the typed value when valid
	note       string
	err        error
	text       string // a refused text, carried over a reload
}

func (g *gridCell) dirty() bool {
	return g.err != nil || g.hours != g.savedHours || g.note != g.savedNote
}

// MonthGrid is a person-month as an editable grid: rows are days, columns the outputs active that
// month, then the day total, the notes and the sheet's checks; the last rows are the totals.
type MonthGrid struct {
	Content fyne.CanvasObject
	// Note edits the note of the focused cell.
	Note      *widget.Entry
	NoteLabel *widget.Label
	// Problem names the refused cells.
	Problem *widget.Label
	// OnChange runs after each typed change (totals, buttons).
	OnChange func()
	// OnSave saves the typed cells (SaveShortcut).
	OnSave func()

	canvas  func() fyne.Canvas
	scroll  *container.Scroll
	body    *fyne.Container
	sheet   *data.MonthSheet
	outputs []data.Output
	cells   [][]*gridCell
	widgets [][]*HoursCell
	totals  []*widget.Label // per day
	notes   []*widget.Label // per day
	sums    []*widget.Label // per output, then the total
	daySums []*widget.Label
	current *HoursCell
	ro      bool
}

func newMonthGrid(cv func() fyne.Canvas) *MonthGrid {
	g := &MonthGrid{canvas: cv}
	g.Note = widget.NewEntry()
	g.Note.PlaceHolder = lang.L("Note for the chosen cell")
	g.Note.OnChanged = func(s string) {
		if c := g.current; c != nil && !g.ro {
			g.cells[c.day][c.col].note = strings.TrimSpace(s)
			g.showDay(c.day)
			g.changed()
		}
	}
	g.Note.OnSubmitted = func(string) { // Enter goes back to the cell
		if g.current != nil && g.owns(g.current) {
			g.canvas().Focus(g.current)
		}
	}
	g.NoteLabel = widget.NewLabel(lang.L("Note:"))
	g.Problem = widget.NewLabel("")
	g.Problem.Importance = widget.DangerImportance
	g.Problem.Wrapping = fyne.TextWrapWord
	g.body = container.NewVBox()
	g.scroll = container.NewScroll(g.body)
	g.Content = g.scroll
	return g
}

// tint is a theme colour made faint enough to shade a row behind its text.
func tint(name fyne.ThemeColorName, alpha uint8) color.Color {
	r, gr, b, _ := theme.Color(name).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(gr >> 8), B: uint8(b >> 8), A: alpha}
}

// Shade is a row background of the grid: weekend, public holiday or totals. It reads its colour
// from the theme on every refresh, so it follows a switch between light and dark.
type Shade struct {
	widget.BaseWidget
	kind shadeKind
	min  fyne.Size
}

type shadeKind int

const (
	shadeNone shadeKind = iota
	shadeWeekend
	shadeHoliday
	shadeTotal
)

func newShade(k shadeKind) *Shade {
	s := &Shade{kind: k}
	s.ExtendBaseWidget(s)
	return s
}

// Color is the shade's colour in the current theme.
func (s *Shade) Color() color.Color {
	switch s.kind {
	case shadeWeekend:
		return tint(theme.ColorNameDisabled, 0x40)
	case shadeHoliday:
		return tint(theme.ColorNameWarning, 0x50)
	case shadeTotal:
		return tint(theme.ColorNamePrimary, 0x40)
	}
	return color.Transparent
}

func (s *Shade) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRectangle(s.Color())
	return &shadeRenderer{s: s, rect: r}
}

type shadeRenderer struct {
	s    *Shade
	rect *canvas.Rectangle
}

func (r *shadeRenderer) Layout(size fyne.Size)        { r.rect.Resize(size) }
func (r *shadeRenderer) MinSize() fyne.Size           { return r.s.min }
func (r *shadeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }
func (r *shadeRenderer) Destroy()                     {}
func (r *shadeRenderer) Refresh() {
	r.rect.FillColor = r.s.Color()
	r.rect.Refresh()
}

// gridLegend explains the shadings.
func gridLegend() fyne.CanvasObject {
	swatch := func(k shadeKind, text string) fyne.CanvasObject {
		s := newShade(k)
		s.min = fyne.NewSize(18, 18)
		return container.NewHBox(container.NewCenter(s), widget.NewLabel(text))
	}
	return container.NewHBox(swatch(shadeWeekend, lang.L("weekend")), swatch(shadeHoliday, lang.L("public holiday")), swatch(shadeTotal, lang.L("totals")))
}

// columnsLayout places a row's objects at fixed widths, so every row lines up.
type columnsLayout struct{ widths []float32 }

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := l.widths[i]
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		w += l.widths[i]
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

// activeOutputs are the grid's columns: outputs whose period touches the month, and any with hours.
func activeOutputs(doc *data.Document, sheet *data.MonthSheet) []data.Output {
	var out []data.Output
	has := map[string]bool{}
	for _, o := range sheet.Outputs {
		has[o.ID] = true
	}
	for _, o := range doc.Outputs {
		in := (o.Start.IsZero() || !o.Start.After(sheet.Month.Last())) && (o.End.IsZero() || !o.End.Before(sheet.Month.First()))
		if has[o.ID] || (in && !o.Deleted) {
			out = append(out, o)
		}
	}
	return out
}

// show lays the grid out for a sheet; keep carries typed cells over (same person-month reloaded).
func (g *MonthGrid) show(doc *data.Document, sheet *data.MonthSheet, readOnly bool, keep map[[2]string]gridCell) {
	// The focused cell is put back after a reload of the same month, so typing goes on where it was.
	refocus := [2]int{-1, -1}
	if f, ok := g.canvas().Focused().(*HoursCell); ok && f.grid == g {
		if g.sheet != nil && g.sheet.Person.ID == sheet.Person.ID && g.sheet.Month == sheet.Month && g.owns(f) {
			refocus = [2]int{f.day, f.col}
		}
		g.canvas().Unfocus()
	}
	g.sheet, g.ro, g.current = sheet, readOnly, nil
	g.outputs = activeOutputs(doc, sheet)
	col := map[string]int{}
	for i, o := range g.outputs {
		col[o.ID] = i
	}
	n := len(g.outputs)
	g.cells = make([][]*gridCell, len(sheet.Days))
	for i := range g.cells {
		g.cells[i] = make([]*gridCell, n)
		for j := range g.cells[i] {
			g.cells[i][j] = &gridCell{}
		}
	}
	for _, e := range sheet.Entries {
		j, ok := col[e.Output]
		if !ok {
			continue // an output this project no longer has: the sheet's checks and PDF still show it
		}
		c := g.cells[e.Date.Time().Day()-1][j]
		c.savedHours += e.Hours
		c.savedNote = strings.TrimPrefix(c.savedNote+"; "+e.Note, "; ")
	}
	for d, row := range g.cells {
		for j, c := range row {
			c.hours, c.note = c.savedHours, c.savedNote
			if k, ok := keep[[2]string{sheet.Days[d].Date.String(), g.outputs[j].ID}]; ok {
				c.hours, c.note, c.err, c.text = k.hours, k.note, k.err, k.text
			}
		}
	}
	widths := []float32{colDate, colDay}
	for range g.outputs {
		widths = append(widths, colOutput)
	}
	widths = append(widths, colTotal, colNotes, colChecks)
	lay := &columnsLayout{widths}
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	header := []fyne.CanvasObject{bold(lang.L("Date")), bold(lang.L("Day"))}
	for _, o := range g.outputs {
		header = append(header, bold(o.Code))
	}
	header = append(header, bold(lang.L("Total")), bold(lang.L("Note")), bold(lang.L("Checks")))
	checks := map[data.Date][]string{}
	for _, c := range sheet.Checks {
		checks[c.Date] = append(checks[c.Date], lang.L(c.Level)+": "+checkText(c))
	}
	rows := []fyne.CanvasObject{container.New(lay, header...)}
	g.widgets = make([][]*HoursCell, len(sheet.Days))
	g.totals = make([]*widget.Label, len(sheet.Days))
	g.notes = make([]*widget.Label, len(sheet.Days))
	for d, day := range sheet.Days {
		objs := []fyne.CanvasObject{widget.NewLabel(day.Date.String()), widget.NewLabel(lang.L(day.Date.Weekday().String()[:3]))}
		g.widgets[d] = make([]*HoursCell, n)
		for j := range g.outputs {
			w := newHoursCell(g, d, j)
			w.Entry.Text = hoursText(g.cells[d][j].hours)
			if c := g.cells[d][j]; c.err != nil {
				w.Entry.Text = c.text
				w.refused.StrokeColor = theme.Color(theme.ColorNameError)
			}
			if readOnly {
				w.Disable()
			}
			g.widgets[d][j] = w
			objs = append(objs, container.NewStack(w, w.refused))
		}
		g.totals[d] = widget.NewLabel("")
		g.notes[d] = widget.NewLabel("")
		g.notes[d].Truncation = fyne.TextTruncateEllipsis // the note entry shows the whole text
		check := widget.NewLabel(strings.Join(checks[day.Date], "; "))
		if len(checks[day.Date]) > 0 {
			check.Importance = widget.WarningImportance
			for _, c := range sheet.Checks {
				if c.Date == day.Date && c.Level == data.LevelError {
					check.Importance = widget.DangerImportance
				}
			}
		}
		objs = append(objs, g.totals[d], g.notes[d], check)
		shade := shadeNone
		switch {
		case day.Holiday != "":
			shade = shadeHoliday
		case day.Weekend:
			shade = shadeWeekend
		}
		rows = append(rows, container.NewStack(newShade(shade), container.New(lay, objs...)))
	}
	g.sums = make([]*widget.Label, n+1)
	g.daySums = make([]*widget.Label, n+1)
	hours := []fyne.CanvasObject{bold(lang.L("hours")), widget.NewLabel("")}
	days := []fyne.CanvasObject{bold(lang.L("days")), widget.NewLabel("")}
	for j := range g.sums {
		g.sums[j], g.daySums[j] = bold(""), bold("")
		hours = append(hours, g.sums[j])
		days = append(days, g.daySums[j])
	}
	hours = append(hours, widget.NewLabel(""), widget.NewLabel(""))
	days = append(days, widget.NewLabel(""), widget.NewLabel(""))
	for _, r := range [][]fyne.CanvasObject{hours, days} {
		rows = append(rows, container.NewStack(newShade(shadeTotal), container.New(lay, r...)))
	}
	g.body.Objects = rows
	g.body.Refresh()
	g.scroll.ScrollToTop()
	for d := range g.cells {
		g.showDay(d)
	}
	g.Note.SetText("")
	g.NoteLabel.SetText(lang.L("Note:"))
	g.Note.Disable()
	g.showSums()
	g.changed()
	if refocus[0] >= 0 && refocus[0] < len(g.widgets) && refocus[1] < len(g.outputs) && !readOnly {
		g.canvas().Focus(g.widgets[refocus[0]][refocus[1]])
	}
}

// owns says whether a cell widget is one of the grid's current cells (not of a month shown before).
func (g *MonthGrid) owns(c *HoursCell) bool {
	return g.widgets != nil && c.day < len(g.widgets) && c.col < len(g.widgets[c.day]) && g.widgets[c.day][c.col] == c
}

// clear empties the grid (no person-month chosen).
func (g *MonthGrid) clear() {
	if f, ok := g.canvas().Focused().(*HoursCell); ok && f.grid == g {
		g.canvas().Unfocus()
	}
	g.sheet, g.cells, g.widgets, g.current = nil, nil, nil, nil
	g.body.Objects = nil
	g.body.Refresh()
	g.Problem.SetText("")
	g.Problem.Hide()
	g.Note.SetText("")
	g.Note.Disable()
}

// typed reads a cell as it is typed: totals follow, a refused text is named at once.
func (g *MonthGrid) typed(c *HoursCell) {
	if g.cells == nil || g.ro || !g.owns(c) {
		return
	}
	cell := g.cells[c.day][c.col]
	h, err := data.ParseCellHours(c.Text)
	cell.err, cell.hours = err, h // a refused text counts nothing in the totals
	if h == 0 && err == nil {
		cell.note = "" // an entry without hours cannot keep a note
	}
	c.refused.StrokeColor = color.Transparent
	if err != nil {
		c.refused.StrokeColor = theme.Color(theme.ColorNameError)
	}
	c.refused.Refresh()
	g.showDay(c.day)
	g.showSums()
	g.changed()
}

// commit is Enter or leaving a cell: the text is read again (it may have been set without typing).
func (g *MonthGrid) commit(c *HoursCell) {
	g.typed(c)
}

func (g *MonthGrid) changed() {
	var bad []string
	for d, row := range g.cells {
		var day data.Seconds
		for j, c := range row {
			day += c.hours
			if c.err != nil {
				bad = append(bad, fmt.Sprintf("%s %s: %s", g.sheet.Days[d].Date, g.outputs[j].Code, message(c.err)))
			}
		}
		if day > 24*3600 {
			bad = append(bad, fmt.Sprintf(lang.L("%s: %s h in the day is more than a day"), g.sheet.Days[d].Date, day))
		}
	}
	g.Problem.SetText(strings.Join(bad, "\n"))
	g.Problem.Hidden = len(bad) == 0 // no room taken from the grid when all is well
	g.Problem.Refresh()
	if g.OnChange != nil {
		g.OnChange()
	}
}

// focus remembers the cell whose note the note entry edits.
func (g *MonthGrid) focus(c *HoursCell) {
	if !g.owns(c) {
		return
	}
	g.current = c
	g.NoteLabel.SetText(fmt.Sprintf("%s %s %s:", lang.L("Note"), g.sheet.Days[c.day].Date, g.outputs[c.col].Code))
	g.Note.SetText(g.cells[c.day][c.col].note)
	if !g.ro {
		g.Note.Enable()
	}
	g.reveal(c)
}

// reveal scrolls the grid so the focused cell is in view.
func (g *MonthGrid) reveal(c *HoursCell) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
	top := fyne.CurrentApp().Driver().AbsolutePositionForObject(g.body)
	y := pos.Y - top.Y
	off := g.scroll.Offset
	switch {
	case y < off.Y:
		off.Y = y
	case y+c.Size().Height > off.Y+g.scroll.Size().Height:
		off.Y = y + c.Size().Height - g.scroll.Size().Height
	default:
		return
	}
	g.scroll.ScrollToOffset(off)
}

// move focuses the cell dr days and dc outputs away, if there is one.
func (g *MonthGrid) move(c *HoursCell, dr, dc int) {
	d, j := c.day+dr, c.col+dc
	if g.widgets == nil || d < 0 || d >= len(g.widgets) || j < 0 || j >= len(g.outputs) {
		return
	}
	g.canvas().Focus(g.widgets[d][j])
}

// Cell is the widget at a day (1-based) and output column, for the keyboard and tests.
func (g *MonthGrid) Cell(day, col int) *HoursCell {
	if day < 1 || day > len(g.widgets) || col < 0 || col >= len(g.outputs) {
		return nil
	}
	return g.widgets[day-1][col]
}

func (g *MonthGrid) showDay(d int) {
	var t data.Seconds
	var notes []string
	for _, c := range g.cells[d] {
		t += c.hours
		if c.note != "" {
			notes = append(notes, c.note)
		}
	}
	if h := g.sheet.Days[d].Holiday; h != "" {
		notes = append([]string{h}, notes...)
	}
	g.totals[d].SetText(hoursText(t))
	g.notes[d].SetText(strings.Join(notes, "; "))
}

// Sums are the typed hours per output and in all.
func (g *MonthGrid) Sums() ([]data.Seconds, data.Seconds) {
	sums := make([]data.Seconds, len(g.outputs))
	var total data.Seconds
	for _, row := range g.cells {
		for j, c := range row {
			sums[j] += c.hours
			total += c.hours
		}
	}
	return sums, total
}

func (g *MonthGrid) showSums() {
	sums, total := g.Sums()
	days := data.DaysOfSums(sums, g.sheet.WorkingDay)
	var totalDays data.Days // the sum of the per-output days, as the PDF prints it
	for _, d := range days {
		totalDays += d
	}
	for j, s := range append(sums, total) {
		g.sums[j].SetText(localHours(s))
		if j < len(days) {
			g.daySums[j].SetText(formatNumber(days[j].Float(), 2))
		} else {
			g.daySums[j].SetText(formatNumber(totalDays.Float(), 2))
		}
	}
}

// Dirty says whether any cell differs from the store.
func (g *MonthGrid) Dirty() bool {
	for _, row := range g.cells {
		for _, c := range row {
			if c.dirty() {
				return true
			}
		}
	}
	return false
}

// Invalid says whether a typed text is refused, or a day holds more than 24 h.
func (g *MonthGrid) Invalid() bool {
	for _, row := range g.cells {
		var day data.Seconds
		for _, c := range row {
			day += c.hours
			if c.err != nil {
				return true
			}
		}
		if day > 24*3600 {
			return true
		}
	}
	return false
}

// Changes are the cells to save.
func (g *MonthGrid) Changes() []data.CellChange {
	var out []data.CellChange
	for d, row := range g.cells {
		for j, c := range row {
			if c.dirty() && c.err == nil {
				out = append(out, data.CellChange{Date: g.sheet.Days[d].Date, Output: g.outputs[j].ID, Hours: c.hours, Note: c.note})
			}
		}
	}
	return out
}

// pending keeps the typed cells by date and output, to put back after a reload of the same month.
func (g *MonthGrid) pending() map[[2]string]gridCell {
	out := map[[2]string]gridCell{}
	for d, row := range g.cells {
		for j, c := range row {
			if c.dirty() {
				k := *c
				k.text = g.widgets[d][j].Text
				out[[2]string{g.sheet.Days[d].Date.String(), g.outputs[j].ID}] = k
			}
		}
	}
	return out
}

// CopyPattern fills the empty working days with the weekday pattern of hours per output of the
// previous month (the last occurrence of each weekday that had work); nothing is saved yet.
func (g *MonthGrid) CopyPattern(prev *data.MonthSheet) int {
	if g.ro || g.sheet == nil {
		return 0
	}
	pattern := map[int]map[string]data.Seconds{}
	for _, day := range prev.Days {
		if day.Total == 0 || day.Weekend || day.Holiday != "" {
			continue
		}
		p := map[string]data.Seconds{}
		for i, o := range prev.Outputs {
			if day.Hours[i] > 0 {
				p[o.ID] = day.Hours[i]
			}
		}
		pattern[int(day.Date.Weekday())] = p // a later week replaces an earlier one
	}
	p := g.sheet.Project
	n := 0
	for d, day := range g.sheet.Days {
		if day.Weekend || day.Holiday != "" || day.Date.Before(p.Start) || day.Date.After(p.End) {
			continue
		}
		empty := true
		for j, c := range g.cells[d] {
			empty = empty && c.hours == 0 && c.err == nil && g.widgets[d][j].Text == ""
		}
		if !empty {
			continue
		}
		for j, o := range g.outputs {
			h := pattern[int(day.Date.Weekday())][o.ID]
			if h == 0 || (!o.Start.IsZero() && day.Date.Before(o.Start)) || (!o.End.IsZero() && day.Date.After(o.End)) {
				continue
			}
			g.widgets[d][j].SetText(hoursText(h)) // through typed: totals follow
			n++
		}
	}
	return n
}
