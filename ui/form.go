package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// field is one labelled input of a record form, with room for its own error under it.
type field struct {
	Label *widget.Label
	Input fyne.CanvasObject
	Error *widget.Label
	cell  *fyne.Container
}

// SetVisible shows or hides the field with its label (the lump sum only exists under 2021–2027).
func (f *field) SetVisible(on bool) {
	for _, o := range []fyne.CanvasObject{f.Label, f.cell} {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// recordForm is a column of labelled fields; an error from data is shown under the field it names.
type recordForm struct {
	Box *fyne.Container
	// Problem is an error that names no field of the form (or a refusal of the sharing rules).
	Problem *widget.Label
	fields  map[string]*field
}

func newRecordForm() *recordForm {
	return &recordForm{Box: container.New(layout.NewFormLayout()), Problem: errorLabel(), fields: map[string]*field{}}
}

func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// add puts a field on the form under the names data's errors give it ("oid", or "partner.name" to tell records apart).
func (f *recordForm) add(label string, input fyne.CanvasObject, names ...string) *field {
	fl := &field{Label: widget.NewLabel(label), Input: input, Error: errorLabel()}
	fl.cell = container.NewVBox(input, fl.Error)
	for _, n := range names {
		f.fields[n] = fl
	}
	f.Box.Add(fl.Label)
	f.Box.Add(fl.cell)
	return fl
}

// Field is the field data's errors call name.
func (f *recordForm) Field(name string) *field { return f.fields[name] }

// clear hides every error of the form.
func (f *recordForm) clear() {
	for _, fl := range f.fields {
		fl.Error.SetText("")
		fl.Error.Hide()
	}
	f.Problem.SetText("")
	f.Problem.Hide()
}

// fail shows a typed value's problem under its field.
func (f *recordForm) fail(name string, err error) {
	if fl := f.fields[name]; fl != nil {
		fl.Error.SetText(fmt.Sprintf("%s: %s", fl.Label.Text, message(err)))
		fl.Error.Show()
		return
	}
	f.Problem.SetText(message(err))
	f.Problem.Show()
}

// show puts an error from the store under the field it names, or above the buttons.
func (f *recordForm) show(err error) {
	f.clear()
	var in *data.InputError
	if errors.As(err, &in) {
		if fl := f.fieldOf(in.Where); fl != nil {
			fl.Error.SetText(fmt.Sprintf("%s: %s", fl.Label.Text, inputMessage(in)))
			fl.Error.Show()
			return
		}
	}
	var forbidden *data.ForbiddenError
	if errors.As(err, &forbidden) {
		f.Problem.SetText(lang.L("Not saved") + ": " + message(forbidden))
	} else {
		f.Problem.SetText(message(err))
	}
	f.Problem.Show()
}

// fieldOf finds the field of an error's place: `partner VHS: oid`, `project (X): number`, `…: planned[0].days`.
func (f *recordForm) fieldOf(where string) *field {
	parts := strings.Split(where, ": ")
	if len(parts) < 2 {
		return nil
	}
	name := parts[len(parts)-1]
	if i := strings.IndexAny(name, "[."); i >= 0 {
		name = name[:i]
	}
	rec := parts[len(parts)-2]
	if i := strings.IndexAny(rec, " ["); i >= 0 {
		rec = rec[:i]
	}
	if fl := f.fields[rec+"."+name]; fl != nil {
		return fl
	}
	return f.fields[name]
}

// setEnabled enables or disables every input under o: a record this installation may not change is shown read-only.
func setEnabled(o fyne.CanvasObject, on bool) {
	switch x := o.(type) {
	case fyne.Disableable:
		if on {
			x.Enable()
		} else {
			x.Disable()
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			setEnabled(c, on)
		}
	}
}

// records is one kind of record as an editor lists, fills, saves and deletes it.
type records interface {
	Len() int
	// Item is what the list shows of record i: its name and a line of detail.
	Item(i int) (title, detail string)
	ID(i int) string
	// Fill puts record i into the form; i < 0 is a new, blank record.
	Fill(i int)
	// Store saves the form as record i (a new one when i < 0) and returns its ID.
	Store(i int) (string, error)
	// Remove leaves a tombstone of record i.
	Remove(i int) error
	// Refusal says why this installation may not change record i (a new one when i < 0); "" when it may.
	Refusal(i int) string
}

// recordEditor is the list of one kind of record beside the form of the selected one: add, save, delete.
type recordEditor struct {
	List *widget.List
	// Heading is the selected record's whole name, wrapped: the list may cut a long one.
	Heading *widget.Label
	// Summary is the selected record's line of the list, whole and wrapped.
	Summary *widget.Label
	// Notice says whose the record is when this installation may not change it.
	Notice            *widget.Label
	Form              *recordForm
	Add, Save, Delete *widget.Button
	Detail, Content   fyne.CanvasObject

	m       *Main
	kind    records
	noun    string // "partner", in headings and confirmations
	current int    // the record in the form; -1 a new one
	shownID string // its ID, "" for a new one
	// scope is what the list is of (a project, an event); shown the state of the form when it was filled.
	scope, loadedScope, shown string
	// changed runs after a save or delete, before the editors are loaded again.
	changed func()
}

func newRecordEditor(m *Main, kind records, noun, addLabel string) *recordEditor {
	e := &recordEditor{m: m, kind: kind, noun: noun, current: -1, Form: newRecordForm(), loadedScope: "\x00 never loaded"}
	e.Heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.Heading.Wrapping = fyne.TextWrapWord
	e.Summary = widget.NewLabel("")
	e.Summary.Wrapping = fyne.TextWrapWord
	e.Notice = widget.NewLabel("")
	e.Notice.Wrapping = fyne.TextWrapWord
	e.Notice.Importance = widget.WarningImportance
	e.Notice.Hide()
	e.List = widget.NewList(kind.Len,
		func() fyne.CanvasObject {
			// A cut name ends in "…"; the heading above the form shows it whole.
			title, detail := widget.NewLabelWithStyle("Name", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), widget.NewLabel("detail")
			title.Truncation, detail.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
			return container.NewVBox(title, detail)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			title, detail := kind.Item(i)
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(title)
			box.Objects[1].(*widget.Label).SetText(detail)
		})
	e.List.OnSelected = func(i widget.ListItemID) { e.show(i) }
	e.Add = widget.NewButtonWithIcon(addLabel, theme.ContentAddIcon(), e.New)
	e.Save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), e.save)
	e.Save.Importance = widget.HighImportance
	e.Delete = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), e.confirmDelete)
	e.Detail = container.NewBorder(container.NewVBox(e.Heading, e.Summary, e.Notice),
		container.NewVBox(e.Form.Problem, container.NewHBox(e.Save, e.Delete)), nil, nil,
		container.NewVScroll(e.Form.Box))
	split := container.NewHSplit(container.NewBorder(e.Add, nil, nil, nil, e.List), e.Detail)
	split.Offset = 0.32
	e.Content = split
	return e
}

// New empties the form for a new record.
func (e *recordEditor) New() {
	e.List.UnselectAll()
	e.show(-1)
}

// Select shows record i, as a click in the list does.
func (e *recordEditor) Select(i int) {
	e.List.UnselectAll()
	e.List.Select(i)
}

// show fills the form with record i (-1: a new one) and makes it read-only when this installation may not change it.
func (e *recordEditor) show(i int) {
	e.current, e.shownID = i, ""
	if i >= 0 {
		e.shownID = e.kind.ID(i)
	}
	e.Form.clear()
	e.kind.Fill(i)
	e.shown = formState(e.Form.Box)
	if i < 0 {
		e.Heading.SetText(lang.L("New " + e.noun))
		e.Summary.SetText("")
		e.Summary.Hide()
	} else {
		title, detail := e.kind.Item(i)
		e.Heading.SetText(title)
		e.Summary.SetText(detail)
		e.Summary.Show()
	}
	reason := e.kind.Refusal(i)
	setEnabled(e.Form.Box, reason == "")
	if reason != "" {
		e.Notice.SetText(lang.L("Read-only") + ": " + reason)
		e.Notice.Show()
		e.Save.Hide()
		e.Delete.Hide()
		return
	}
	e.Notice.Hide()
	e.Save.Show()
	if i < 0 {
		e.Delete.Hide()
	} else {
		e.Delete.Show()
	}
}

// load shows the records again, keeping the one in the form when it is still there, and what was
// typed into it: a sync that reloads the project must not overwrite an edit in progress.
func (e *recordEditor) load() {
	if e.loadedScope == e.scope && formState(e.Form.Box) != e.shown {
		e.List.Refresh()
		if e.shownID == "" {
			e.current = -1
			return
		}
		for i := 0; i < e.kind.Len(); i++ {
			if e.kind.ID(i) == e.shownID {
				e.current = i
				return
			}
		}
	}
	e.loadedScope = e.scope
	e.reselect(e.shownID)
}

// formState is what the form's inputs hold, to tell whether someone has typed since it was filled.
func formState(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			b.WriteString(x.Text)
		case *widget.Select:
			b.WriteString(x.Selected)
		case *partnerSelect:
			b.WriteString(x.Selected)
		case *choice:
			b.WriteString(x.Selected)
		case *widget.Check:
			fmt.Fprint(&b, x.Checked)
		case *widget.CheckGroup:
			b.WriteString(strings.Join(x.Selected, "\x00"))
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
			return
		}
		b.WriteByte(0)
	}
	walk(o)
	return b.String()
}

// reselect shows the record with the ID, else the first, else a blank form.
func (e *recordEditor) reselect(id string) {
	e.List.UnselectAll()
	e.List.Refresh()
	for i := 0; i < e.kind.Len(); i++ {
		if e.kind.ID(i) == id {
			e.List.Select(i)
			e.List.ScrollTo(i)
			return
		}
	}
	if e.kind.Len() > 0 {
		e.List.Select(0)
		return
	}
	e.show(-1)
}

func (e *recordEditor) save() {
	e.Form.clear()
	id, err := e.kind.Store(e.current)
	if errors.Is(err, errTyped) {
		return // already shown under the field
	}
	if err != nil {
		e.Form.show(err)
		return
	}
	e.m.recordsChanged()
	e.reselect(id)
}

func (e *recordEditor) confirmDelete() {
	if e.current < 0 {
		return
	}
	i := e.current
	title, _ := e.kind.Item(i)
	dialog.ShowConfirm(lang.L("Delete "+e.noun), fmt.Sprintf(lang.L("Delete %s? Partners' installations delete it too at the next sync."), title), func(ok bool) {
		if !ok {
			return
		}
		if err := e.kind.Remove(i); err != nil {
			e.m.showError(err)
			return
		}
		e.current, e.shownID, e.shown = -1, "", formState(e.Form.Box)
		e.m.recordsChanged()
		e.reselect("")
	}, e.m.Window)
}

// partnerSelect chooses one of the project's organisations by its short name.
type partnerSelect struct {
	*widget.Select
	ids  []string
	none bool // the first option is "no organisation"
}

func newPartnerSelect(none bool) *partnerSelect {
	return &partnerSelect{Select: widget.NewSelect(nil, nil), none: none}
}

// load offers the document's organisations.
func (p *partnerSelect) load(doc *data.Document) {
	var opts []string
	p.ids = nil
	if p.none {
		opts, p.ids = append(opts, lang.L("(none)")), append(p.ids, "")
	}
	for _, pa := range doc.Partners {
		opts, p.ids = append(opts, pa.Label()), append(p.ids, pa.ID)
	}
	p.Select.SetOptions(opts)
}

// set chooses the organisation with the ID ("" clears).
func (p *partnerSelect) set(id string) {
	for i, x := range p.ids {
		if x == id && (id != "" || p.none) {
			p.Select.SetSelectedIndex(i)
			return
		}
	}
	p.Select.ClearSelected()
}

// id is the chosen organisation's ID, "" for none.
func (p *partnerSelect) id() string {
	if i := p.Select.SelectedIndex(); i >= 0 && i < len(p.ids) {
		return p.ids[i]
	}
	return ""
}

// choice is a Select over fixed values shown in words (staff categories, kinds).
type choice struct {
	*widget.Select
	values []string
}

func newChoice(values []string) *choice {
	c := &choice{Select: widget.NewSelect(nil, nil), values: values}
	opts := make([]string, len(values))
	for i, v := range values {
		opts[i] = kindLabel(v)
	}
	c.Select.SetOptions(opts)
	return c
}

func (c *choice) set(v string) {
	for i, x := range c.values {
		if x == v {
			c.Select.SetSelectedIndex(i)
			return
		}
	}
	c.Select.ClearSelected()
}

func (c *choice) value() string {
	if i := c.Select.SelectedIndex(); i >= 0 {
		return c.values[i]
	}
	return ""
}

// kindLabel is a value such as multiplier_event or teacher in words.
func kindLabel(v string) string {
	if v == "" {
		return lang.L("(none)")
	}
	return lang.L(strings.ReplaceAll(v, "_", " "))
}

// entryWith is a one-line entry holding text.
func entryWith(text string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(text)
	return e
}

// dateText is a date as typed in a form ("" when none).
func dateText(d data.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// parseDateField reads a date field; "" is no date.
func parseDateField(f *recordForm, name, s string) (data.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return data.Date{}, true
	}
	d, err := data.ParseDate(s)
	if err != nil {
		f.fail(name, fmt.Errorf(lang.L("%q is not a date (YYYY-MM-DD)"), s))
		return data.Date{}, false
	}
	return d, true
}

// errTyped says a typed value was refused and shown under its field; nothing was saved.
var errTyped = errors.New("a typed value is not valid")

// saveRecords stores records typed in the window, validated as one change; errors name the record and field.
func (m *Main) saveRecords(doc *data.Document, action, detail string) error {
	doc.Format = data.Format
	_, err := m.store.Import(doc, data.ImportOptions{Project: m.doc.Project.ID, Single: true, Action: action, Detail: detail})
	return err
}

// refusal says why this installation may not write a record of the kind for the organisation; "" when it may.
func (m *Main) refusal(kind data.Kind, org string, stored *data.Meta) string {
	if m.doc == nil {
		return ""
	}
	reason, err := m.store.WriteRefusalProblem(m.doc.Project.ID, kind, org, stored)
	if err != nil {
		return message(err)
	}
	if reason == nil {
		return ""
	}
	return message(reason)
}

// recordsChanged reads the project again after an edit and shows it everywhere, keeping the project selected.
func (m *Main) recordsChanged() {
	if m.doc == nil {
		return
	}
	id := m.doc.Project.ID
	if list, err := m.store.Projects(); err == nil {
		m.projects = list
		m.Projects.Refresh()
	}
	for i, p := range m.projects {
		if p.ID == id {
			if i != m.selected {
				m.Projects.Select(i) // the list fires SelectProject
			} else {
				m.SelectProject(i)
			}
			return
		}
	}
}
