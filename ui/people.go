package ui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// PeopleEditor lists the project's staff and edits the selected person.
type PeopleEditor struct {
	*recordEditor
	Name, Email  *widget.Entry
	Organisation *partnerSelect
	Category     *choice
	Supervisor   *widget.Check
	ImportSheet  *widget.Button
	m            *Main
}

func newPeopleEditor(m *Main) *PeopleEditor {
	v := &PeopleEditor{m: m}
	v.recordEditor = newRecordEditor(m, v, "person", lang.L("Add a person"))
	v.Name, v.Email = widget.NewEntry(), widget.NewEntry()
	v.Organisation = newPartnerSelect(false)
	v.Category = newChoice(data.StaffCategories)
	v.Supervisor = widget.NewCheck(lang.L("may approve the months of the organisation's staff"), nil)
	f := v.Form
	f.add(lang.L("Name"), v.Name, "name")
	f.add(lang.L("Organisation"), v.Organisation, "partner")
	f.add(lang.L("E-mail"), v.Email, "email")
	f.add(lang.L("Staff category"), v.Category, "category")
	f.add(lang.L("Supervisor"), v.Supervisor, "supervisor")
	v.ImportSheet = widget.NewButtonWithIcon(lang.L("Import from a spreadsheet…"), theme.UploadIcon(), v.chooseSheet)
	split := container.NewHSplit(container.NewBorder(container.NewVBox(v.Add, v.ImportSheet), nil, nil, nil, v.List), v.Detail)
	split.Offset = 0.32
	v.Content = split
	return v
}

func (v *PeopleEditor) load(doc *data.Document) {
	v.Organisation.load(doc)
	v.scope = doc.Project.ID
	v.recordEditor.load()
}

// Len is the number of people.
func (v *PeopleEditor) Len() int {
	if v.m.doc == nil {
		return 0
	}
	return len(v.m.doc.People)
}

// Item is a person's name with their organisation, category and e-mail.
func (v *PeopleEditor) Item(i int) (string, string) {
	p := v.m.doc.People[i]
	org := ""
	if pa := v.m.doc.PartnerByID(p.Partner); pa != nil {
		org = pa.Name
	}
	sup := ""
	if p.Supervisor {
		sup = lang.L("supervisor")
	}
	return p.Name, joinNonEmpty(" · ", org, lang.L(p.Category), sup, p.Email)
}

// ID is the person's record ID.
func (v *PeopleEditor) ID(i int) string { return v.m.doc.People[i].ID }

// Fill shows person i (or a blank one).
func (v *PeopleEditor) Fill(i int) {
	var p data.Person
	if i >= 0 {
		p = v.m.doc.People[i]
	}
	v.Name.SetText(p.Name)
	v.Email.SetText(p.Email)
	v.Organisation.set(p.Partner)
	v.Category.set(p.Category)
	v.Supervisor.SetChecked(p.Supervisor)
}

// Store stores the form as person i.
func (v *PeopleEditor) Store(i int) (string, error) {
	p := data.Person{ID: data.NewID()}
	if i >= 0 {
		p = v.m.doc.People[i]
		p.Meta = data.Meta{}
	}
	p.Name, p.Email = strings.TrimSpace(v.Name.Text), strings.TrimSpace(v.Email.Text)
	p.Partner, p.Category, p.Supervisor = v.Organisation.id(), v.Category.value(), v.Supervisor.Checked
	return p.ID, v.m.saveRecords(&data.Document{People: []data.Person{p}}, "edit", "person "+p.Name+" saved")
}

// Remove leaves a tombstone of person i; their entries stay as evidence.
func (v *PeopleEditor) Remove(i int) error {
	p := v.m.doc.People[i]
	p.Deleted, p.Rev, p.Updated = true, p.Rev+1, v.m.store.Now().UTC()
	return v.m.saveRecords(&data.Document{People: []data.Person{p}}, "delete", "person "+p.Name+" deleted")
}

// Refusal says why this installation may not change person i; a new person is checked on saving, when the organisation is chosen.
func (v *PeopleEditor) Refusal(i int) string {
	if i < 0 {
		return ""
	}
	p := v.m.doc.People[i]
	return v.m.refusal(data.KindPerson, p.Partner, &p.Meta)
}

// chooseSheet asks for a staff list (.xlsx or .csv) and previews it.
func (v *PeopleEditor) chooseSheet() { v.m.openSpreadsheet(v.PreviewSheet) }

// PreviewSheet reads a staff list and shows who would be added; nothing is stored before "Add".
func (v *PeopleEditor) PreviewSheet(r io.Reader, source string) {
	doc := v.m.doc
	if doc == nil || doc.Project == nil {
		return
	}
	list, err := data.PeopleFromSheet(doc, r, source)
	if err != nil {
		v.m.showError(err)
		return
	}
	known := map[string]bool{}
	for _, p := range doc.People {
		known[p.ID] = true
	}
	var lines []string
	for _, p := range list {
		if !known[p.ID] {
			lines = append(lines, fmt.Sprintf("%d. %s", len(lines)+1, joinNonEmpty(" · ", p.Name, doc.PartnerLabel(p.Partner), lang.L(p.Category), p.Email)))
		}
	}
	text := plural("%d people will be added to %s. Nothing is added if one of them is refused.", len(lines), doc.Project.Acronym)
	if n := len(list) - len(lines); n > 0 {
		text += " " + plural("%d already in the project are kept, with what the file says of them.", n)
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	preview := widget.NewLabel(strings.Join(lines, "\n"))
	preview.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("Import people"), lang.L("Add"), lang.L("Cancel"),
		container.NewBorder(msg, nil, nil, nil, container.NewVScroll(preview)), func(ok bool) {
			if ok {
				v.importPeople(source, list)
			}
		}, v.m.Window)
	d.Resize(fyne.NewSize(720, 460))
	d.Show()
}

// importPeople stores the previewed people in one change: all of them, or none.
func (v *PeopleEditor) importPeople(source string, list []data.Person) {
	project := v.m.doc.Project.ID
	v.m.run(func() error {
		_, err := v.m.store.Import(&data.Document{Format: data.Format, People: list},
			data.ImportOptions{Project: project, Source: source, Action: "import", Detail: fmt.Sprintf("%s: %d people", source, len(list))})
		return err
	}, func(err error) {
		if err != nil {
			v.m.showError(err)
			return
		}
		v.m.recordsChanged()
	})
}
