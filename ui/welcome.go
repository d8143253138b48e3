package ui

import (
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// welcome is the first-start panel: open the demo, create a project, import a file, or join a share.
func (m *Main) welcome() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(lang.L("Welcome to Partnerdesk"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	text := widget.NewLabelWithStyle(lang.L("Your database holds no project yet. Open the demo project to look around, create your project, import a partnerdesk/1 file, or join your coordinator's share."), fyne.TextAlignCenter, fyne.TextStyle{})
	text.Wrapping = fyne.TextWrapWord
	var demo *widget.Button
	demo = widget.NewButtonWithIcon(lang.L("Open the demo project"), theme.FolderOpenIcon(), func() {
		demo.Disable()
		m.run(func() error {
			_, err := m.store.Import(data.Demo(data.DemoOptions{}), data.ImportOptions{Source: "demo", Action: "demo"})
			return err
		}, func(err error) {
			demo.Enable()
			if err != nil {
				m.showError(err)
				return
			}
			m.Reload()
		})
	})
	demo.Importance = widget.HighImportance
	m.DemoButton = demo
	create := widget.NewButtonWithIcon(lang.L("Create a project…"), theme.ContentAddIcon(), m.ShowNewProject)
	imp := widget.NewButtonWithIcon(lang.L("Import a file…"), theme.UploadIcon(), m.chooseImport)
	join := widget.NewButtonWithIcon(lang.L("Join a partner's share…"), theme.LoginIcon(), m.joinForm)
	buttons := container.NewGridWithColumns(2, demo, create, imp, join)
	return container.NewCenter(container.NewVBox(title, container.NewGridWrap(fyne.NewSize(520, 80), text), container.NewCenter(buttons)))
}

// chooseImport asks for a partnerdesk/1 file and imports it.
func (m *Main) chooseImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			m.showError(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		m.ImportFile(r, r.URI().Name())
	}, m.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.Show()
}

// ImportFile reads a partnerdesk/1 document and merges it, all or nothing, then opens its project.
// It closes r when done; the file dialog calls it, and so do tests.
func (m *Main) ImportFile(r io.ReadCloser, name string) {
	var res data.ImportResult
	current := ""
	if m.doc != nil {
		current = m.doc.Project.ID // a file of records without a project adds to the one shown
	}
	m.run(func() error {
		defer r.Close()
		doc, err := data.DecodeDocument(r, name)
		if err != nil {
			return err
		}
		opt := data.ImportOptions{Source: name}
		if doc.Project == nil {
			opt.Project = current
		}
		res, err = m.store.Import(doc, opt)
		return err
	}, func(err error) {
		if err != nil {
			m.showError(fmt.Errorf("%s %w", lang.L("Nothing was imported:"), err))
			return
		}
		m.Reload()
		m.selectProjectID(res.Project.ID)
		m.showInfo(lang.L("Imported"), fmt.Sprintf(lang.L("%s: %d records added, %d updated, %d unchanged."),
			res.Project.Acronym, res.Added, res.Updated, res.Unchanged))
	})
}
