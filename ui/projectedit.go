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
)

// projectFields are the project's own fields, shared by the project tab and the new-project form.
type projectFields struct {
	Number, Acronym, Title, Start, End, LumpSum *widget.Entry
	// Derived shows the action and rule set the number implies: they are never typed.
	Derived       *widget.Label
	action, rules string
	lumpField     *field
	form          *recordForm
}

func newProjectFields(f *recordForm) *projectFields {
	p := &projectFields{form: f, Number: widget.NewEntry(), Acronym: widget.NewEntry(), Title: widget.NewEntry(),
		Start: widget.NewEntry(), End: widget.NewEntry(), LumpSum: widget.NewEntry(), Derived: widget.NewLabel("")}
	p.Number.SetPlaceHolder("2019-1-DE02-KA204-006478 " + lang.L("or") + " 2021-1-DE02-KA220-ADU-000029489")
	p.Start.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	p.End.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	p.Derived.Wrapping = fyne.TextWrapWord
	f.add(lang.L("Project number"), p.Number, "project.number", "number")
	f.add(lang.L("Action and rules"), p.Derived, "project.rules", "rules", "action")
	f.add(lang.L("Acronym"), p.Acronym, "project.acronym", "acronym")
	f.add(lang.L("Title"), p.Title, "project.title")
	f.add(lang.L("Start"), p.Start, "project.start")
	f.add(lang.L("End"), p.End, "project.end")
	p.lumpField = f.add(lang.L("Lump sum"), p.LumpSum, "project.lump_sum", "lump_sum")
	p.Number.OnChanged = p.numberChanged
	p.numberChanged("")
	return p
}

// numberChanged validates the number as it is typed and derives the action and rule set from it.
func (p *projectFields) numberChanged(s string) {
	fl := p.form.Field("number")
	fl.Error.Hide()
	p.action, p.rules = "", ""
	s = strings.TrimSpace(s)
	if s == "" {
		p.Derived.SetText(lang.L("derived from the project number"))
		p.lumpField.SetVisible(false)
		return
	}
	pn, err := data.ParseProjectNumber(s)
	if err != nil {
		p.Derived.SetText(lang.L("derived from the project number"))
		p.form.fail("number", err)
		p.lumpField.SetVisible(false)
		return
	}
	p.action, p.rules = pn.Action, data.Rules2014
	if pn.Field != "" {
		p.action, p.rules = pn.Action+"-"+pn.Field, data.Rules2021
	}
	p.Derived.SetText(fmt.Sprintf("%s · %s (%s)", p.action, rulesLabel(p.rules), p.rules))
	p.lumpField.SetVisible(p.rules == data.Rules2021)
	if rs, err := data.RulesByName(p.rules); err == nil {
		var amounts []string
		for _, c := range rs.LumpSums[pn.Action] {
			amounts = append(amounts, formatEuro(c))
		}
		p.LumpSum.SetPlaceHolder(strings.Join(amounts, " / "))
	}
}

// fill shows a project's fields.
func (p *projectFields) fill(pr data.Project) {
	p.Number.SetText(pr.Number)
	p.Acronym.SetText(pr.Acronym)
	p.Title.SetText(pr.Title)
	p.Start.SetText(dateText(pr.Start))
	p.End.SetText(dateText(pr.End))
	p.LumpSum.SetText("")
	if pr.LumpSum > 0 {
		p.LumpSum.SetText(formatEuro(pr.LumpSum))
	}
}

// read puts the typed fields into pr; false when a typed value was refused (and shown).
func (p *projectFields) read(pr *data.Project) bool {
	pr.Number = strings.TrimSpace(p.Number.Text)
	pr.Acronym, pr.Title = strings.TrimSpace(p.Acronym.Text), strings.TrimSpace(p.Title.Text)
	ok := true
	if _, err := data.ParseProjectNumber(pr.Number); err != nil {
		p.form.fail("number", err)
		ok = false
	}
	pr.Action, pr.Rules = p.action, p.rules
	var okS, okE bool
	pr.Start, okS = parseDateField(p.form, "project.start", p.Start.Text)
	pr.End, okE = parseDateField(p.form, "project.end", p.End.Text)
	pr.LumpSum = 0
	if p.rules == data.Rules2021 {
		c, err := parseEuro(p.LumpSum.Text)
		if err != nil {
			p.form.fail("lump_sum", err)
			ok = false
		}
		pr.LumpSum = c
	}
	return ok && okS && okE
}

// ProjectEditor edits the selected project's number, acronym, title, dates, lump sum and coordinator.
type ProjectEditor struct {
	*projectFields
	Form         *recordForm
	Coordinator  *partnerSelect
	Notice       *widget.Label
	Save, Delete *widget.Button
	Content      fyne.CanvasObject
	m            *Main
}

func newProjectEditor(m *Main) *ProjectEditor {
	v := &ProjectEditor{m: m, Form: newRecordForm(), Coordinator: newPartnerSelect(false)}
	v.projectFields = newProjectFields(v.Form)
	v.Form.add(lang.L("Coordinator"), v.Coordinator, "coordinator")
	v.Notice = widget.NewLabel("")
	v.Notice.Wrapping = fyne.TextWrapWord
	v.Notice.Importance = widget.WarningImportance
	v.Save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), v.save)
	v.Save.Importance = widget.HighImportance
	v.Delete = widget.NewButtonWithIcon(lang.L("Delete the project…"), theme.DeleteIcon(), v.confirmDelete)
	binds := widget.NewLabel(lang.L("The grant agreement is what binds: the figures of the rule set are defaults."))
	binds.Wrapping = fyne.TextWrapWord
	v.Content = container.NewBorder(v.Notice, container.NewVBox(v.Form.Problem, container.NewHBox(v.Save, v.Delete)), nil, nil,
		container.NewVScroll(container.NewVBox(v.Form.Box, binds)))
	return v
}

func (v *ProjectEditor) load(doc *data.Document) {
	v.Form.clear()
	v.Coordinator.load(doc)
	v.fill(*doc.Project)
	v.Coordinator.set(doc.Project.Coordinator)
	reason := v.m.refusal(data.KindProject, "", &doc.Project.Meta)
	setEnabled(v.Form.Box, reason == "")
	v.Notice.SetText("")
	v.Notice.Hide()
	v.Save.Show()
	v.Delete.Show()
	if reason != "" {
		v.Notice.SetText(lang.L("Read-only") + ": " + reason)
		v.Notice.Show()
		v.Save.Hide()
		v.Delete.Hide()
	}
}

func (v *ProjectEditor) save() {
	v.Form.clear()
	pr := *v.m.doc.Project
	pr.Meta = data.Meta{}
	if !v.read(&pr) {
		return
	}
	pr.Coordinator = v.Coordinator.id()
	if err := v.m.saveRecords(&data.Document{Project: &pr}, "edit", "project "+pr.Acronym+" saved"); err != nil {
		v.Form.show(err)
		return
	}
	v.m.recordsChanged()
}

// confirmDelete asks, then leaves a tombstone of the project: it leaves the list, and partners' installations drop it too.
func (v *ProjectEditor) confirmDelete() {
	pr := *v.m.doc.Project
	dialog.ShowConfirm(lang.L("Delete the project"), fmt.Sprintf(lang.L("Delete the project %s? Partners' installations delete it too at the next sync."), pr.Acronym), func(ok bool) {
		if !ok {
			return
		}
		pr.Deleted, pr.Rev, pr.Updated = true, pr.Rev+1, v.m.store.Now().UTC()
		if err := v.m.saveRecords(&data.Document{Project: &pr}, "delete", "project "+pr.Acronym+" deleted"); err != nil {
			v.m.showError(err)
			return
		}
		v.m.doc = nil
		v.m.Reload()
	}, v.m.Window)
}
