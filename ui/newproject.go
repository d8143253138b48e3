package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// NewProjectForm guides through creating a project: first the project and its coordinator, then
// (or later, in the editors) the partners and outputs. What was typed survives errors and Cancel.
type NewProjectForm struct {
	Form *recordForm
	*projectFields
	CoordName, CoordShort, CoordCountry, CoordOID *widget.Entry
	Create, Cancel                                *widget.Button
	// Step two: rows of partners (name, short name, country, OID) and outputs (code, title).
	Partners, Outputs     [][]*widget.Entry
	AddPartner, AddOutput *widget.Button
	Finish, Skip          *widget.Button
	Problem               *widget.Label
	Content               *fyne.Container
	partnerBox, outputBox *fyne.Container
	project, coordinator  string
	m                     *Main
	previous              []fyne.CanvasObject
}

// ShowNewProject shows the new-project form in the window, with what was typed before if it was cancelled.
func (m *Main) ShowNewProject() {
	if m.NewProject == nil {
		m.NewProject = m.newProjectForm()
	}
	f := m.NewProject
	f.previous = m.body.Objects
	m.body.Objects = []fyne.CanvasObject{f.Content}
	m.body.Refresh()
}

func (m *Main) newProjectForm() *NewProjectForm {
	f := &NewProjectForm{m: m, Form: newRecordForm()}
	f.projectFields = newProjectFields(f.Form)
	f.CoordName, f.CoordShort, f.CoordCountry, f.CoordOID = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.CoordCountry.SetPlaceHolder("DE, PL, EL …")
	f.CoordOID.SetPlaceHolder("E10012345")
	f.CoordOID.OnChanged = func(s string) { checkOIDField(f.Form, "partner.oid", s) }
	f.Form.Box.Add(widget.NewLabelWithStyle(lang.L("Coordinator"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	f.Form.Box.Add(widget.NewLabel(lang.L("the organisation that applied for the grant")))
	f.Form.add(lang.L("Organisation"), f.CoordName, "partner.name", "name")
	f.Form.add(lang.L("Short name"), f.CoordShort, "partner.short_name")
	f.Form.add(lang.L("Country"), f.CoordCountry, "partner.country")
	f.Form.add(lang.L("OID"), f.CoordOID, "partner.oid")
	f.Create = widget.NewButtonWithIcon(lang.L("Create the project"), theme.ConfirmIcon(), f.create)
	f.Create.Importance = widget.HighImportance
	f.Cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), f.cancel)
	title := widget.NewLabelWithStyle(lang.L("New project — step 1 of 2: the project and its coordinator"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.Content = container.NewStack(container.NewBorder(title, container.NewVBox(f.Form.Problem, container.NewHBox(f.Create, f.Cancel)), nil, nil,
		container.NewVScroll(f.Form.Box)))
	return f
}

// cancel goes back to what the window showed; the typed values wait for the next time.
func (f *NewProjectForm) cancel() {
	f.m.body.Objects = f.previous
	f.m.body.Refresh()
}

// create stores the project with its coordinator, then offers step two.
func (f *NewProjectForm) create() {
	f.Form.clear()
	if f.project == "" {
		f.project, f.coordinator = data.NewID(), data.NewID()
	}
	pr := data.Project{ID: f.project, Coordinator: f.coordinator}
	if !f.read(&pr) {
		return
	}
	co := data.Partner{ID: f.coordinator, Name: strings.TrimSpace(f.CoordName.Text), ShortName: strings.TrimSpace(f.CoordShort.Text),
		Country: strings.ToUpper(strings.TrimSpace(f.CoordCountry.Text)), OID: strings.TrimSpace(f.CoordOID.Text)}
	doc := &data.Document{Format: data.Format, Project: &pr, Partners: []data.Partner{co}}
	if _, err := f.m.store.Import(doc, data.ImportOptions{Single: true, Action: "create", Detail: "project " + pr.Acronym + " created"}); err != nil {
		f.Form.show(err)
		return
	}
	f.m.NewProject = nil // created: the next new project starts blank
	f.stepTwo(pr)
}

// stepTwo asks for the partners and outputs; both can wait for the editors.
func (f *NewProjectForm) stepTwo(pr data.Project) {
	f.Problem = errorLabel()
	f.partnerBox = container.NewVBox(container.NewGridWithColumns(4, boldLabel("Organisation"), boldLabel("Short name"), boldLabel("Country"), boldLabel("OID")))
	f.outputBox = container.NewVBox(container.NewGridWithColumns(2, boldLabel("Code"), boldLabel("Title")))
	f.AddPartner = widget.NewButtonWithIcon(lang.L("Add a partner"), theme.ContentAddIcon(), func() { f.addRow(&f.Partners, f.partnerBox, 4) })
	f.AddOutput = widget.NewButtonWithIcon(lang.L("Add an output or work package"), theme.ContentAddIcon(), func() { f.addRow(&f.Outputs, f.outputBox, 2) })
	f.addRow(&f.Partners, f.partnerBox, 4)
	f.addRow(&f.Outputs, f.outputBox, 2)
	f.Finish = widget.NewButtonWithIcon(lang.L("Save and open the project"), theme.ConfirmIcon(), func() { f.finish(pr) })
	f.Finish.Importance = widget.HighImportance
	f.Skip = widget.NewButton(lang.L("Skip: add them later in the editors"), func() { f.open(pr.ID) })
	kinds := lang.L("Intellectual outputs")
	if pr.Rules == data.Rules2021 {
		kinds = lang.L("Work packages")
	}
	title := widget.NewLabelWithStyle(fmt.Sprintf(lang.L("New project — step 2 of 2: partners and outputs of %s"), pr.Acronym), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := container.NewVBox(boldLabel("Partners"), f.partnerBox, container.NewHBox(f.AddPartner),
		widget.NewSeparator(), widget.NewLabelWithStyle(kinds, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), f.outputBox, container.NewHBox(f.AddOutput))
	f.Content.Objects = []fyne.CanvasObject{container.NewBorder(title, container.NewVBox(f.Problem, container.NewHBox(f.Finish, f.Skip)), nil, nil,
		container.NewVScroll(body))}
	f.Content.Refresh()
}

func boldLabel(key string) *widget.Label {
	return widget.NewLabelWithStyle(lang.L(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (f *NewProjectForm) addRow(rows *[][]*widget.Entry, box *fyne.Container, n int) {
	row := make([]*widget.Entry, n)
	grid := container.NewGridWithColumns(n)
	for i := range row {
		row[i] = widget.NewEntry()
		grid.Add(row[i])
	}
	*rows = append(*rows, row)
	box.Add(grid)
}

// finish stores the rows typed in step two, all of them or none.
func (f *NewProjectForm) finish(pr data.Project) {
	f.Problem.Hide()
	doc := &data.Document{Format: data.Format}
	for _, r := range f.Partners {
		if strings.TrimSpace(r[0].Text+r[1].Text+r[2].Text+r[3].Text) == "" {
			continue
		}
		doc.Partners = append(doc.Partners, data.Partner{ID: data.NewID(), Name: strings.TrimSpace(r[0].Text), ShortName: strings.TrimSpace(r[1].Text),
			Country: strings.ToUpper(strings.TrimSpace(r[2].Text)), OID: strings.TrimSpace(r[3].Text)})
	}
	kind := data.OutputIntellectual
	if pr.Rules == data.Rules2021 {
		kind = data.OutputWorkPackage
	}
	for _, r := range f.Outputs {
		if strings.TrimSpace(r[0].Text+r[1].Text) == "" {
			continue
		}
		doc.Outputs = append(doc.Outputs, data.Output{ID: data.NewID(), Code: strings.TrimSpace(r[0].Text), Title: strings.TrimSpace(r[1].Text), Kind: kind})
	}
	if len(doc.Partners)+len(doc.Outputs) > 0 {
		if _, err := f.m.store.Import(doc, data.ImportOptions{Project: pr.ID, Single: true, Action: "create",
			Detail: fmt.Sprintf("%d partners and %d outputs of the new project", len(doc.Partners), len(doc.Outputs))}); err != nil {
			f.Problem.SetText(message(err))
			f.Problem.Show()
			return
		}
	}
	f.open(pr.ID)
}

// open shows the new project in the window.
func (f *NewProjectForm) open(id string) {
	f.m.Reload()
	f.m.selectProjectID(id)
}
