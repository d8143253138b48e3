package ui

import (
	"errors"
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

// TimesheetView is a person's month: the editable grid of days × outputs with live totals,
// its state and checks, and the approval steps.
type TimesheetView struct {
	Person   *widget.Select
	Month    *widget.Select
	Approver *widget.Select // only the people who may approve the chosen person's months
	Grid     *MonthGrid
	State    *widget.Label
	// Whose says why the grid cannot be changed here (another organisation's, or approved).
	Whose   *widget.Label
	Status  *widget.Label // what the last action did
	Prev    *widget.Button
	Next    *widget.Button
	Save    *widget.Button
	Copy    *widget.Button // copies last month's weekday pattern into the empty working days
	Submit  *widget.Button
	Approve *widget.Button
	Reopen  *widget.Button
	// PDF saves the shown month as the timesheet to sign.
	PDF     *widget.Button
	Content fyne.CanvasObject

	m         *Main
	doc       *data.Document
	project   string // whose people and months the pickers hold
	people    []data.Person
	approvers []data.Person
	months    []data.Month
	sheet     *data.MonthSheet
	readOnly  bool
	quiet     bool // the pickers are being set back or filled: no question, no refresh
	shownP    int  // the person and month indices the grid shows (-1: none)
	shownM    int
	ask       *dialog.CustomDialog // save / discard / cancel, while open
	askSave   *widget.Button
	askDrop   *widget.Button
	askCancel *widget.Button
	reopen    *dialog.FormDialog // the reason to reopen, while open
	reason    *widget.Entry
}

func newTimesheetView(m *Main) *TimesheetView {
	v := &TimesheetView{m: m, shownP: -1, shownM: -1}
	v.Person = widget.NewSelect(nil, func(string) { v.picked() })
	v.Person.PlaceHolder = lang.L("Person")
	v.Month = widget.NewSelect(nil, func(string) { v.picked() })
	v.Month.PlaceHolder = lang.L("Month")
	v.Approver = widget.NewSelect(nil, nil)
	v.Approver.PlaceHolder = lang.L("Approver")
	v.Grid = newMonthGrid(func() fyne.Canvas { return m.Window.Canvas() })
	v.Grid.OnChange = v.typed
	v.Grid.OnSave = func() {
		if !v.Save.Disabled() {
			v.save(nil, nil)
		}
	}
	v.State = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Whose = widget.NewLabel("")
	v.Whose.Importance = widget.WarningImportance
	v.Whose.Wrapping = fyne.TextWrapWord
	v.Status = widget.NewLabel("")
	v.Prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { v.stepMonth(-1) })
	v.Next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.stepMonth(1) })
	v.Save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), func() { v.save(nil, nil) })
	v.Save.Importance = widget.HighImportance
	v.Copy = widget.NewButtonWithIcon(lang.L("Copy last month's pattern"), theme.ContentCopyIcon(), v.copyPattern)
	v.Submit = widget.NewButton(lang.L("Submit"), func() { v.step(data.StateSubmitted, "") })
	v.Approve = widget.NewButton(lang.L("Approve"), func() { v.step(data.StateApproved, "") })
	v.Reopen = widget.NewButton(lang.L("Reopen…"), v.askReason)
	v.PDF = widget.NewButtonWithIcon(lang.L("PDF…"), theme.DocumentIcon(), v.savePDF)
	// Two rows keep the toolbar inside a 1,280 px window.
	pick := container.NewHBox(wide(v.Person, 280), v.Prev, wide(v.Month, 110), v.Next, widget.NewSeparator(),
		v.Save, v.Copy, widget.NewSeparator(), v.PDF)
	steps := container.NewHBox(v.Submit, widget.NewSeparator(), wide(v.Approver, 260), v.Approve, v.Reopen, widget.NewSeparator(), gridLegend())
	note := container.NewBorder(nil, nil, wide(v.Grid.NoteLabel, 220), nil, v.Grid.Note)
	top := container.NewVBox(pick, steps, v.Whose, note)
	bottom := container.NewVBox(v.Grid.Problem, v.State, v.Status)
	v.Content = container.NewBorder(top, bottom, nil, nil, v.Grid.Content)
	return v
}

// load fills the pickers for a project; reloading the same project (after a sync or an
// approval) keeps the person, month, approver and typed cells on screen. Leaving a project
// with unsaved cells asks first.
func (v *TimesheetView) load(doc *data.Document) {
	if v.m.Approvals != nil {
		defer v.m.Approvals.load(doc) // the overview follows the project shown
	}
	if v.project != "" && v.project != doc.Project.ID && v.Grid.Dirty() {
		old := v.project
		v.askUnsaved(func() { v.fill(doc) }, func() { v.m.selectProjectID(old) })
		return
	}
	v.fill(doc)
}

func (v *TimesheetView) fill(doc *data.Document) {
	var person, approver, month string
	same := v.project == doc.Project.ID
	if same {
		if i := v.Person.SelectedIndex(); i >= 0 {
			person = v.people[i].ID
		}
		if i := v.Approver.SelectedIndex(); i >= 0 && i < len(v.approvers) {
			approver = v.approvers[i].ID
		}
		month = v.Month.Selected
	}
	var keep map[[2]string]gridCell
	if same {
		keep = v.Grid.pending()
	}
	v.project, v.doc = doc.Project.ID, doc
	v.people = doc.People
	names := make([]string, len(doc.People))
	for i, p := range doc.People {
		names[i] = personLabel(doc, p)
	}
	v.quiet = true
	v.Person.Options = names
	v.months = data.MonthsIn(doc.Project.Start, doc.Project.End)
	ms := make([]string, len(v.months))
	for i, mo := range v.months {
		ms[i] = mo.String()
	}
	v.Month.Options = ms
	v.Person.ClearSelected()
	v.Month.ClearSelected()
	for i, p := range v.people {
		if p.ID == person {
			v.Person.SetSelectedIndex(i)
		}
	}
	if month != "" {
		v.Month.SetSelected(month) // an option only when still in the project's period
	}
	v.quiet = false
	v.show(keep)
	for i, p := range v.approvers {
		if p.ID == approver {
			v.Approver.SetSelectedIndex(i)
		}
	}
}

func personLabel(doc *data.Document, p data.Person) string {
	org := ""
	if pa := doc.PartnerByID(p.Partner); pa != nil {
		org = pa.Label()
	}
	return fmt.Sprintf("%s (%s, %s)", p.Name, org, lang.L(p.Category))
}

// picked is a new person or month in the pickers: unsaved cells of the shown month ask first.
func (v *TimesheetView) picked() {
	if v.quiet {
		return
	}
	if v.Person.SelectedIndex() == v.shownP && v.Month.SelectedIndex() == v.shownM {
		return
	}
	if v.Grid.Dirty() {
		p, mo := v.shownP, v.shownM
		v.askUnsaved(func() { v.show(nil) }, func() {
			v.quiet = true
			v.Person.SetSelectedIndex(p)
			v.Month.SetSelectedIndex(mo)
			v.quiet = false
		})
		return
	}
	v.show(nil)
}

// stepMonth shows the previous or next month of the project.
func (v *TimesheetView) stepMonth(d int) {
	i := v.Month.SelectedIndex() + d
	if v.Month.SelectedIndex() < 0 || i < 0 || i >= len(v.months) {
		return
	}
	v.Month.SetSelectedIndex(i)
}

// askUnsaved asks what to do with the typed cells before leaving them: save, discard or stay.
func (v *TimesheetView) askUnsaved(leave, stay func()) {
	if v.ask != nil {
		v.ask.Hide()
	}
	text := widget.NewLabel(fmt.Sprintf(lang.L("The hours typed for %s in %s are not saved."), v.sheet.Person.Name, formatMonth(v.sheet.Month)))
	d := dialog.NewCustomWithoutButtons(lang.L("Unsaved hours"), text, v.m.Window)
	done := func(f func()) func() {
		return func() {
			d.Hide()
			v.ask = nil
			f()
		}
	}
	v.askSave = widget.NewButton(lang.L("Save"), done(func() { v.save(leave, stay) }))
	v.askSave.Importance = widget.HighImportance
	v.askDrop = widget.NewButton(lang.L("Discard"), done(func() { v.Grid.clear(); leave() }))
	v.askCancel = widget.NewButton(lang.L("Cancel"), done(stay))
	d.SetButtons([]fyne.CanvasObject{v.askCancel, v.askDrop, v.askSave})
	v.ask = d
	d.Show()
}

// say shows what the last action did; an empty line takes no room from the grid.
func (v *TimesheetView) say(text string) {
	v.Status.SetText(text)
	v.Status.Hidden = text == ""
	v.Status.Refresh()
}

// Refresh reads the shown person-month again from the store.
func (v *TimesheetView) Refresh() { v.show(v.Grid.pending()) }

// show reads the selected person-month and lays out the grid; keep are typed cells to put back.
func (v *TimesheetView) show(keep map[[2]string]gridCell) {
	pi, mi := v.Person.SelectedIndex(), v.Month.SelectedIndex()
	if pi != v.shownP || mi != v.shownM {
		keep = nil
	}
	v.shownP, v.shownM = pi, mi
	if pi < 0 || mi < 0 || v.m.doc == nil {
		v.sheet = nil
		v.Grid.clear()
		v.State.SetText(lang.L("Choose a person and a month."))
		v.Whose.SetText("")
		v.Whose.Hide()
		v.setApprovers(nil)
		v.enable()
		return
	}
	sheet, err := v.m.store.MonthSheet(v.project, v.people[pi].ID, v.months[mi])
	if err != nil {
		v.m.showError(err)
		return
	}
	whyP, err := v.m.store.EntryWriterProblem(v.project, sheet.Person.ID)
	why := ""
	if whyP != nil {
		why = message(whyP)
	}
	if err != nil {
		v.m.showError(err)
		return
	}
	v.sheet = sheet
	v.readOnly = why != "" || sheet.State == data.StateApproved
	switch {
	case why != "":
		v.Whose.SetText(fmt.Sprintf(lang.L("Read only: these hours are %s's (%s); this installation may not change them: %s."), sheet.Person.Name, sheet.Partner.Label(), why))
		v.Whose.Show()
	case sheet.State == data.StateApproved:
		v.Whose.SetText(lang.L("This month is approved: reopen it to change its hours."))
		v.Whose.Show()
	default:
		v.Whose.SetText("")
		v.Whose.Hide()
	}
	v.Grid.show(v.doc, sheet, v.readOnly, keep)
	v.setApprovers(data.Approvers(v.doc, sheet.Person.ID))
	v.say("")
	v.typed()
}

// setApprovers offers the people who may approve the shown person's months.
func (v *TimesheetView) setApprovers(list []data.Person) {
	keep := ""
	if i := v.Approver.SelectedIndex(); i >= 0 && i < len(v.approvers) {
		keep = v.approvers[i].ID
	}
	v.approvers = list
	names := make([]string, len(list))
	for i, p := range list {
		names[i] = personLabel(v.doc, p)
	}
	v.Approver.Options = names
	v.Approver.ClearSelected()
	for i, p := range list {
		if p.ID == keep {
			v.Approver.SetSelectedIndex(i)
		}
	}
}

// typed shows the live totals and state after a cell changed.
func (v *TimesheetView) typed() {
	sheet := v.sheet
	if sheet == nil {
		return
	}
	sums, total := v.Grid.Sums()
	var totalDays data.Days // the sum of the per-output days, as the PDF prints it
	for _, d := range data.DaysOfSums(sums, sheet.WorkingDay) {
		totalDays += d
	}
	state := lang.L(sheet.State)
	if sheet.State == data.StateApproved {
		state += " " + lang.L("by") + " " + sheet.ApprovedBy + ", " + dateIn(uiLanguage(), sheet.Approval.At.Local())
	}
	if sheet.ChangedAfterApproval {
		state += " — " + lang.L("CHANGED AFTER APPROVAL")
	}
	if v.Grid.Dirty() {
		state += " · " + lang.L("unsaved changes")
	}
	v.State.SetText(fmt.Sprintf("%s · %s h = %s %s · %s", formatMonth(sheet.Month), localHours(total), formatNumber(totalDays.Float(), 2), lang.L("days"), state))
	v.enable()
}

func hoursText(m data.Seconds) string {
	if m == 0 {
		return ""
	}
	return localHours(m)
}

// localHours writes hours as typed ("7.5", "6:20") with the language's decimal mark: 7,5 in
// German, typed back as it is shown.
func localHours(m data.Seconds) string {
	_, dec := separators()
	return strings.Replace(m.String(), ".", dec, 1)
}

// enable offers only the steps the month's state allows; typed cells are saved before any step.
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
	dirty := v.Grid.Dirty()
	set(v.Save, dirty && !v.Grid.Invalid() && !v.readOnly)
	set(v.Copy, v.sheet != nil && !v.readOnly)
	set(v.Submit, !dirty && (st == data.StateDraft || st == data.StateReopened))
	set(v.Approve, !dirty && st == data.StateSubmitted)
	set(v.Reopen, !dirty && (st == data.StateSubmitted || st == data.StateApproved))
	set(v.PDF, v.sheet != nil && !dirty)
	set(v.Prev, v.sheet != nil && v.Month.SelectedIndex() > 0)
	set(v.Next, v.sheet != nil && v.Month.SelectedIndex() < len(v.months)-1)
}

// save writes the typed cells in one transaction, then runs then (leaving the month) on success,
// or stay when the store refused them (the typed cells stay on screen).
func (v *TimesheetView) save(then, stay func()) {
	if v.sheet == nil {
		return
	}
	if v.Grid.Invalid() {
		v.m.showError(fmt.Errorf("%s\n%s", lang.L("Nothing was saved: correct the refused cells first."), v.Grid.Problem.Text))
		return
	}
	project, person, month, cells := v.project, v.sheet.Person.ID, v.sheet.Month, v.Grid.Changes()
	var res data.MonthSaveResult
	v.Save.Disable()
	v.m.run(func() (err error) {
		res, err = v.m.store.SaveMonth(project, person, month, cells)
		return err
	}, func(err error) {
		if err != nil {
			v.m.showError(err)
			if stay != nil {
				stay()
			}
			v.enable()
			return
		}
		v.m.reloadDoc()
		v.doc = v.m.doc
		if then != nil {
			v.Grid.clear()
			then()
		} else {
			v.show(nil)
		}
		v.say(fmt.Sprintf(lang.L("Saved: %d added, %d changed, %d deleted."), res.Added, res.Updated, res.Deleted))
		if v.m.Approvals != nil {
			v.m.Approvals.reload()
		}
	})
}

// copyPattern puts last month's weekday pattern into the empty working days, for review before saving.
func (v *TimesheetView) copyPattern() {
	if v.sheet == nil || v.readOnly {
		return
	}
	project, person, prev := v.project, v.sheet.Person.ID, v.sheet.Month.First().AddDays(-1).Month()
	shown := v.sheet
	var last *data.MonthSheet
	v.m.run(func() (err error) {
		last, err = v.m.store.MonthSheet(project, person, prev)
		return err
	}, func(err error) {
		if err != nil {
			v.m.showError(err)
			return
		}
		if v.sheet != shown {
			return // another month is shown by now
		}
		n := v.Grid.CopyPattern(last)
		if n == 0 {
			v.say(fmt.Sprintf(lang.L("Nothing to copy: %s has no working-day pattern for the empty days."), prev))
			return
		}
		v.say(plural("Copied %d cells from %s: review them, then Save.", n, prev))
	})
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
		for _, ti := range v.m.Tabs.Items {
			if ti.Content == v.m.Documents.Content {
				v.m.Tabs.Select(ti)
			}
		}
		v.m.Documents.Export(DocTimesheet, ref, path)
	}, v.m.Window)
	d.SetFileName(export.SheetFileName(v.sheet))
	d.Show()
}

// askReason asks why the month is reopened; the dialog refuses an empty reason.
func (v *TimesheetView) askReason() {
	if v.sheet == nil {
		return
	}
	v.reason = widget.NewMultiLineEntry()
	v.reason.SetMinRowsVisible(3)
	v.reason.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(lang.L("A reopen needs a reason: what is to be corrected."))
		}
		return nil
	}
	items := []*widget.FormItem{{Text: lang.L("Reason"), Widget: v.reason, HintText: lang.L("What is to be corrected")}}
	v.reopen = dialog.NewForm(lang.L("Reopen the month"), lang.L("Reopen"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			v.step(data.StateReopened, v.reason.Text)
		}
		v.reopen = nil
	}, v.m.Window)
	v.reopen.Resize(fyne.NewSize(480, 260))
	v.reopen.Show()
}

// step submits, approves or reopens the shown month; approving and reopening need the approver.
func (v *TimesheetView) step(state, reason string) {
	if v.sheet == nil {
		return
	}
	by := v.sheet.Person.ID
	if state != data.StateSubmitted {
		ai := v.Approver.SelectedIndex()
		if ai < 0 || ai >= len(v.approvers) {
			v.m.showError(fmt.Errorf("%s", lang.L("Choose the approver first.")))
			return
		}
		by = v.approvers[ai].ID
	}
	project, person, month := v.project, v.sheet.Person.ID, v.sheet.Month
	v.m.run(func() error {
		_, err := v.m.store.Transition(project, person, month, state, by, reason)
		return err
	}, func(err error) {
		if err != nil {
			v.m.showError(err)
		}
		v.m.reloadDoc()
		v.doc = v.m.doc
		v.Refresh()
		if v.m.Approvals != nil {
			v.m.Approvals.reload()
		}
	})
}
