package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
	"partnerdesk/export"
)

// TimesheetView shows a person's month: the grid of days × outputs, its state and checks,
// and the approval steps.
type TimesheetView struct {
	Person   *widget.Select
	Month    *widget.Select
	Approver *widget.Select
	Grid     *RecordTable
	State    *widget.Label
	Checks   *widget.Label
	Submit   *widget.Button
	Approve  *widget.Button
	Reopen   *widget.Button
	// PDF saves the shown month as the timesheet to sign.
	PDF     *widget.Button
	Content fyne.CanvasObject

	m       *Main
	project string // whose people and months the pickers hold
	people  []data.Person
	months  []data.Month
	sheet   *data.MonthSheet
}

func newTimesheetView(m *Main) *TimesheetView {
	v := &TimesheetView{m: m}
	v.Person = widget.NewSelect(nil, func(string) { v.Refresh() })
	v.Person.PlaceHolder = lang.L("Person")
	v.Month = widget.NewSelect(nil, func(string) { v.Refresh() })
	v.Month.PlaceHolder = lang.L("Month")
	v.Approver = widget.NewSelect(nil, nil)
	v.Approver.PlaceHolder = lang.L("Approver")
	v.Grid = NewRecordTable(nil)
	v.State = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Checks = widget.NewLabel("")
	v.Checks.Wrapping = fyne.TextWrapWord
	v.Submit = widget.NewButton(lang.L("Submit"), func() { v.step(data.StateSubmitted) })
	v.Approve = widget.NewButton(lang.L("Approve"), func() { v.step(data.StateApproved) })
	v.Reopen = widget.NewButton(lang.L("Reopen"), func() { v.step(data.StateReopened) })
	v.PDF = widget.NewButtonWithIcon(lang.L("PDF…"), theme.DocumentSaveIcon(), v.savePDF)
	wide := func(o fyne.CanvasObject, w float32) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	top := container.NewHBox(wide(v.Person, 340), wide(v.Month, 120), widget.NewSeparator(), v.Submit,
		wide(v.Approver, 300), v.Approve, v.Reopen, widget.NewSeparator(), v.PDF)
	v.Grid.Shaded = func(row int) bool {
		if v.sheet == nil || row >= len(v.sheet.Days) {
			return v.sheet != nil // the totals rows
		}
		d := v.sheet.Days[row]
		return d.Weekend || d.Holiday != ""
	}
	bottom := container.NewVBox(v.State, v.Checks)
	v.Content = container.NewBorder(top, bottom, nil, nil, v.Grid.Table)
	return v
}

// load fills the pickers for a project; reloading the same project (after a sync or an
// approval) keeps the person, month and approver on screen.
func (v *TimesheetView) load(doc *data.Document) {
	var person, approver, month string
	if v.project == doc.Project.ID {
		if i := v.Person.SelectedIndex(); i >= 0 {
			person = v.people[i].ID
		}
		if i := v.Approver.SelectedIndex(); i >= 0 {
			approver = v.people[i].ID
		}
		month = v.Month.Selected
	}
	v.project = doc.Project.ID
	v.people = doc.People
	names := make([]string, len(doc.People))
	for i, p := range doc.People {
		names[i] = personLabel(doc, p)
	}
	v.Person.Options = names
	v.Approver.Options = names
	v.months = data.MonthsIn(doc.Project.Start, doc.Project.End)
	ms := make([]string, len(v.months))
	for i, mo := range v.months {
		ms[i] = mo.String()
	}
	v.Month.Options = ms
	v.sheet = nil
	v.Person.ClearSelected()
	v.Month.ClearSelected()
	v.Approver.ClearSelected()
	for i, p := range v.people {
		if p.ID == person {
			v.Person.SetSelectedIndex(i)
		}
		if p.ID == approver {
			v.Approver.SetSelectedIndex(i)
		}
	}
	if month != "" {
		v.Month.SetSelected(month) // an option only when still in the project's period
	}
	v.Refresh()
}

func personLabel(doc *data.Document, p data.Person) string {
	org := ""
	if pa := doc.PartnerByID(p.Partner); pa != nil {
		org = pa.Label()
	}
	return fmt.Sprintf("%s (%s, %s)", p.Name, org, lang.L(p.Category))
}

// Refresh shows the selected person-month.
func (v *TimesheetView) Refresh() {
	pi, mi := v.Person.SelectedIndex(), v.Month.SelectedIndex()
	if pi < 0 || mi < 0 || v.m.doc == nil {
		v.sheet = nil
		v.Grid.SetColumns(nil)
		v.Grid.SetRows(nil)
		v.State.SetText(lang.L("Choose a person and a month."))
		v.Checks.SetText("")
		v.enable()
		return
	}
	sheet, err := v.m.store.MonthSheet(v.m.doc.Project.ID, v.people[pi].ID, v.months[mi])
	if err != nil {
		v.m.showError(err)
		return
	}
	v.sheet = sheet
	cols := []Column{{lang.L("Date"), 100}, {lang.L("Day"), 60}}
	for _, o := range sheet.Outputs {
		cols = append(cols, Column{o.Code, 70})
	}
	cols = append(cols, Column{lang.L("Total"), 70}, Column{lang.L("Note"), 520})
	rows := make([][]string, 0, len(sheet.Days)+2)
	for _, d := range sheet.Days {
		row := []string{d.Date.String(), lang.L(d.Date.Weekday().String()[:3])}
		for _, h := range d.Hours {
			row = append(row, hoursText(h))
		}
		note := strings.Join(d.Notes, "; ")
		if d.Holiday != "" {
			note = strings.TrimPrefix(note+"; "+d.Holiday, "; ")
		}
		rows = append(rows, append(row, hoursText(d.Total), note))
	}
	hours, days := []string{lang.L("hours"), ""}, []string{lang.L("days"), ""}
	for _, s := range sheet.OutputSums {
		hours = append(hours, s.String())
		days = append(days, fmt.Sprintf("%.2f", sheet.DaysOf(s).Float()))
	}
	rows = append(rows, append(hours, sheet.Total.String(), ""), append(days, fmt.Sprintf("%.2f", sheet.DaysOf(sheet.Total).Float()), ""))
	v.Grid.SetColumns(cols)
	v.Grid.SetRows(rows)
	state := lang.L(sheet.State)
	if sheet.State == data.StateApproved {
		state += " " + lang.L("by") + " " + sheet.ApprovedBy + ", " + sheet.Approval.At.Format("2006-01-02")
	}
	if sheet.ChangedAfterApproval {
		state += " — " + lang.L("CHANGED AFTER APPROVAL")
	}
	v.State.SetText(fmt.Sprintf("%s · %s h = %.2f %s · %s", sheet.Month, sheet.Total, sheet.DaysOf(sheet.Total).Float(), lang.L("days"), state))
	var checks []string
	for _, c := range sheet.Checks {
		checks = append(checks, c.String())
	}
	v.Checks.SetText(strings.Join(checks, "\n"))
	v.enable()
}

func hoursText(m data.Minutes) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

// enable offers only the steps the month's state allows.
func (v *TimesheetView) enable() {
	set := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	st := ""
	if v.sheet != nil {
		st = v.sheet.State
	}
	set(v.Submit, st == data.StateDraft || st == data.StateReopened)
	set(v.Approve, st == data.StateSubmitted)
	set(v.Reopen, st == data.StateSubmitted || st == data.StateApproved)
	set(v.PDF, v.sheet != nil)
}

// savePDF asks where to save the shown month and writes it through the Documents view (progress, "open").
func (v *TimesheetView) savePDF() {
	if v.sheet == nil {
		return
	}
	ref := sheetRef(v.sheet.Person.ID, v.sheet.Month)
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		v.m.Tabs.Select(v.m.Tabs.Items[len(v.m.Tabs.Items)-1])
		v.m.Documents.Export(DocTimesheet, ref, path)
	}, v.m.Window)
	d.SetFileName(export.SheetFileName(v.sheet))
	d.Show()
}

// step submits, approves or reopens the shown month; approving and reopening need the approver.
func (v *TimesheetView) step(state string) {
	if v.sheet == nil {
		return
	}
	by := v.sheet.Person.ID
	if state != data.StateSubmitted {
		ai := v.Approver.SelectedIndex()
		if ai < 0 {
			v.m.showError(fmt.Errorf("%s", lang.L("Choose the approver first.")))
			return
		}
		by = v.people[ai].ID
	}
	project, person, month := v.m.doc.Project.ID, v.sheet.Person.ID, v.sheet.Month
	v.m.run(func() error {
		_, err := v.m.store.Transition(project, person, month, state, by, "")
		return err
	}, func(err error) {
		if err != nil {
			v.m.showError(err)
		}
		v.m.reloadDoc()
		v.Refresh()
	})
}
