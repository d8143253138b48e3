package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// OutputsEditor lists the intellectual outputs or work packages and edits the selected one,
// with its planned days per organisation and staff category and, for work packages, the allocations.
type OutputsEditor struct {
	*recordEditor
	Code, Title, Description, Start, End *widget.Entry
	Kind                                 *choice
	Lead                                 *partnerSelect
	// Planned holds the planned days by organisation ID and staff category.
	Planned map[string]map[string]*widget.Entry
	// Allocation holds each organisation's share of a work package.
	Allocation           map[string]*widget.Entry
	plannedGrid, allGrid *fyne.Container
	allocField           *field
	partnersKey          string // the organisations the table was built for
	m                    *Main
}

func newOutputsEditor(m *Main) *OutputsEditor {
	v := &OutputsEditor{m: m}
	v.recordEditor = newRecordEditor(m, v, "output", lang.L("Add an output or work package"))
	v.Code, v.Title, v.Description = widget.NewEntry(), widget.NewEntry(), widget.NewMultiLineEntry()
	v.Description.Wrapping = fyne.TextWrapWord
	v.Description.SetMinRowsVisible(3)
	v.Start, v.End = widget.NewEntry(), widget.NewEntry()
	v.Start.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	v.End.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	v.Kind = newChoice([]string{data.OutputIntellectual, data.OutputWorkPackage, data.OutputResult})
	v.Kind.OnChanged = func(string) { v.allocField.SetVisible(v.Kind.value() == data.OutputWorkPackage) }
	v.Lead = newPartnerSelect(true)
	v.plannedGrid = container.NewGridWithColumns(1 + len(data.StaffCategories))
	v.allGrid = container.NewGridWithColumns(2)
	f := v.Form
	f.add(lang.L("Code"), v.Code, "code")
	f.add(lang.L("Title"), v.Title, "title")
	f.add(lang.L("Output description"), v.Description, "description")
	f.add(lang.L("Kind"), v.Kind, "kind")
	f.add(lang.L("Lead"), v.Lead, "lead")
	f.add(lang.L("Start"), v.Start, "start")
	f.add(lang.L("End"), v.End, "end")
	f.add(lang.L("Planned days"), v.plannedGrid, "planned")
	v.allocField = f.add(lang.L("Allocation"), v.allGrid, "allocation")
	v.allocField.SetVisible(false)
	return v
}

// load rebuilds the planned-days table for the project's organisations.
func (v *OutputsEditor) load(doc *data.Document) {
	v.Lead.load(doc)
	v.scope = doc.Project.ID
	key := doc.Project.ID
	for _, p := range doc.Partners {
		key += "/" + p.ID + " " + p.Label()
	}
	if key == v.partnersKey {
		v.recordEditor.load() // the same organisations: the table, and anything typed in it, stays
		return
	}
	v.partnersKey = key
	v.loadedScope = "" // a new table: the form is filled again
	v.Planned, v.Allocation = map[string]map[string]*widget.Entry{}, map[string]*widget.Entry{}
	v.plannedGrid.Objects, v.allGrid.Objects = nil, nil
	v.plannedGrid.Add(widget.NewLabel(""))
	for _, c := range data.StaffCategories {
		h := widget.NewLabelWithStyle(lang.L(c), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		h.Wrapping = fyne.TextWrapWord // "administrative staff" would make every column wide
		v.plannedGrid.Add(h)
	}
	for _, p := range doc.Partners {
		v.plannedGrid.Add(widget.NewLabel(p.Label()))
		v.Planned[p.ID] = map[string]*widget.Entry{}
		for _, c := range data.StaffCategories {
			e := widget.NewEntry()
			v.Planned[p.ID][c] = e
			v.plannedGrid.Add(e)
		}
		a := widget.NewEntry()
		v.Allocation[p.ID] = a
		v.allGrid.Add(widget.NewLabel(p.Label()))
		v.allGrid.Add(a)
	}
	v.plannedGrid.Refresh()
	v.allGrid.Refresh()
	v.recordEditor.load()
}

// Len is the number of outputs.
func (v *OutputsEditor) Len() int {
	if v.m.doc == nil {
		return 0
	}
	return len(v.m.doc.Outputs)
}

// Item is an output's code and title, with its kind, lead, period and planned days.
func (v *OutputsEditor) Item(i int) (string, string) {
	o := v.m.doc.Outputs[i]
	lead := ""
	if pa := v.m.doc.PartnerByID(o.Lead); pa != nil {
		lead = lang.L("lead") + " " + pa.Label()
	}
	var planned data.Days
	for _, pl := range o.Planned {
		planned += pl.Days
	}
	period := ""
	if !o.Start.IsZero() || !o.End.IsZero() {
		period = fmt.Sprintf("%s – %s", formatDate(o.Start), formatDate(o.End))
	}
	return o.Code + " " + o.Title, joinNonEmpty(" · ", kindLabel(o.Kind), lead, period,
		formatNumber(planned.Float(), 2)+" "+lang.L("planned days"))
}

// ID is the output's record ID.
func (v *OutputsEditor) ID(i int) string { return v.m.doc.Outputs[i].ID }

// Fill shows output i (or a blank one, of the rule set's kind).
func (v *OutputsEditor) Fill(i int) {
	o := data.Output{Kind: data.OutputIntellectual}
	if v.m.doc != nil && v.m.doc.Project.Rules == data.Rules2021 {
		o.Kind = data.OutputWorkPackage
	}
	if i >= 0 {
		o = v.m.doc.Outputs[i]
	}
	v.Code.SetText(o.Code)
	v.Title.SetText(o.Title)
	v.Description.SetText(o.Description)
	v.Kind.set(o.Kind)
	v.Lead.set(o.Lead)
	v.Start.SetText(dateText(o.Start))
	v.End.SetText(dateText(o.End))
	for _, byCat := range v.Planned {
		for _, e := range byCat {
			e.SetText("")
		}
	}
	for _, pl := range o.Planned {
		if e := v.Planned[pl.Partner][pl.Category]; e != nil {
			e.SetText(formatDays(pl.Days))
		}
	}
	for _, e := range v.Allocation {
		e.SetText("")
	}
	for _, al := range o.Allocation {
		if e := v.Allocation[al.Partner]; e != nil {
			e.SetText(formatEuro(al.Amount))
		}
	}
	v.allocField.SetVisible(o.Kind == data.OutputWorkPackage)
}

// Store stores the form as output i.
func (v *OutputsEditor) Store(i int) (string, error) {
	o := data.Output{ID: data.NewID()}
	if i >= 0 {
		o = v.m.doc.Outputs[i]
		o.Meta = data.Meta{}
	}
	o.Code, o.Title = strings.TrimSpace(v.Code.Text), strings.TrimSpace(v.Title.Text)
	o.Description, o.Kind, o.Lead = strings.TrimSpace(v.Description.Text), v.Kind.value(), v.Lead.id()
	var okS, okE bool
	o.Start, okS = parseDateField(v.Form, "start", v.Start.Text)
	o.End, okE = parseDateField(v.Form, "end", v.End.Text)
	ok := okS && okE
	o.Planned, o.Allocation = nil, nil
	for _, p := range v.m.doc.Partners {
		for _, c := range data.StaffCategories {
			d, err := parseDays(v.Planned[p.ID][c].Text)
			if err != nil {
				v.Form.fail("planned", fmt.Errorf("%s, %s: %v", p.Label(), lang.L(c), err))
				ok = false
			} else if d != 0 {
				o.Planned = append(o.Planned, data.PlannedDays{Partner: p.ID, Category: c, Days: d})
			}
		}
		if o.Kind != data.OutputWorkPackage {
			continue
		}
		a, err := parseEuro(v.Allocation[p.ID].Text)
		if err != nil {
			v.Form.fail("allocation", fmt.Errorf("%s: %v", p.Label(), err))
			ok = false
		} else if a != 0 {
			o.Allocation = append(o.Allocation, data.Allocation{Partner: p.ID, Amount: a})
		}
	}
	if !ok {
		return "", errTyped
	}
	return o.ID, v.m.saveRecords(&data.Document{Outputs: []data.Output{o}}, "edit", "output "+o.Code+" saved")
}

// Remove leaves a tombstone of output i, unless hours or events still name it.
func (v *OutputsEditor) Remove(i int) error {
	o := v.m.doc.Outputs[i]
	work, err := v.m.store.WorkTotals(v.m.doc.Project.ID)
	if err != nil {
		return err
	}
	var hours data.Seconds
	for _, w := range work {
		if w.Output == o.ID {
			hours += w.Seconds
		}
	}
	events := 0
	for _, e := range v.m.doc.Events {
		for _, id := range e.Outputs {
			if id == o.ID {
				events++
			}
		}
	}
	if hours > 0 || events > 0 {
		return fmt.Errorf(lang.L("%s is not deleted: %s h of timesheets and %d events still name it."), o.Code, hours, events)
	}
	o.Deleted, o.Rev, o.Updated = true, o.Rev+1, v.m.store.Now().UTC()
	return v.m.saveRecords(&data.Document{Outputs: []data.Output{o}}, "delete", "output "+o.Code+" deleted")
}

// Refusal says why this installation may not change output i.
func (v *OutputsEditor) Refusal(i int) string {
	if i < 0 {
		return v.m.refusal(data.KindOutput, "", nil)
	}
	return v.m.refusal(data.KindOutput, "", &v.m.doc.Outputs[i].Meta)
}
