// Package ui is Partnerdesk's desktop window; it builds widgets and leaves the work to data.
package ui

import (
	"embed"
	"fmt"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
	davsync "partnerdesk/sync"
)

//go:embed translations
var translations embed.FS

func init() {
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		log.Printf("translations: %v", err)
	}
}

// Main is the main window's content: the project list and the selected project's records.
// Tests build it on Fyne's test app and read what it shows.
type Main struct {
	Window   fyne.Window
	store    *data.Store
	Projects *widget.List
	Heading  *widget.Label // acronym, number and title of the selected project
	Period   *widget.Label
	Tabs     *container.AppTabs
	// Project edits the selected project's own fields; the editors below edit its records.
	Project  *ProjectEditor
	Partners *PartnersEditor
	People   *PeopleEditor
	Outputs  *OutputsEditor
	Events   *EventsEditor
	// Timesheet is the month view of a person with the approval steps.
	Timesheet *TimesheetView
	// Approvals is the people × months overview where managers approve.
	Approvals *ApprovalsView
	// Budget is the project's budget as the grant agreement computes it.
	Budget *BudgetView
	// Documents exports the PDF evidence.
	Documents *DocumentsView
	// Share sets up and syncs the project's WebDAV share.
	Share *ShareView
	// Settings are this installation's: who uses it, the language, the database and its backups.
	Settings *SettingsView
	// Joining shows that a join is under way.
	Joining dialog.Dialog
	// JoinButton joins a partner's share (under the project list, and on the welcome panel).
	JoinButton *widget.Button
	Welcome    fyne.CanvasObject // shown while the store has no project
	// DemoButton on the welcome panel creates and opens the demo project.
	DemoButton *widget.Button
	// NewProject is the new-project form while it is open or was cancelled with something typed.
	NewProject *NewProjectForm
	// NewProjectButton and ImportButton sit under the project list.
	NewProjectButton, ImportButton *widget.Button

	projects []data.Project
	selected int
	secrets  Secrets
	doc      *data.Document
	body     *fyne.Container
	tasks
}

// NewWindow makes the main window of the app on the store.
func NewWindow(a fyne.App, s *data.Store) (fyne.Window, *Main) {
	w := a.NewWindow("Partnerdesk")
	m := Build(w, s)
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1280, 720)) // a small laptop's screen: every screen must fit it
	return w, m
}

// Build makes the window's widgets and loads the store's projects.
func Build(w fyne.Window, s *data.Store) *Main {
	return BuildWith(w, s, davsync.SystemKeyring{Timeout: 3 * time.Second})
}

// BuildWith is Build with the keeper of share passwords (tests pass one in memory).
func BuildWith(w fyne.Window, s *data.Store, sec Secrets) *Main {
	m := &Main{Window: w, store: s, secrets: &sessionSecrets{keyring: sec}}
	m.tasks.held = underTestDriver()
	m.Heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.Heading.Wrapping = fyne.TextWrapWord
	m.Period = widget.NewLabel("")
	m.Period.Wrapping = fyne.TextWrapWord // long in German and Polish: it must not widen the window
	m.Projects = widget.NewList(
		func() int { return len(m.projects) },
		func() fyne.CanvasObject {
			return container.NewVBox(widget.NewLabelWithStyle("ACRONYM", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), widget.NewLabel("2020-1-XX00-KA000-000000"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(m.projects[i].Acronym)
			box.Objects[1].(*widget.Label).SetText(m.projects[i].Number)
		})
	m.Projects.OnSelected = func(i widget.ListItemID) { m.SelectProject(i) }

	m.Project = newProjectEditor(m)
	m.Partners = newPartnersEditor(m)
	m.People = newPeopleEditor(m)
	m.Outputs = newOutputsEditor(m)
	m.Events = newEventsEditor(m)
	m.Timesheet = newTimesheetView(m)
	m.Budget = newBudgetView(m)
	m.Documents = newDocumentsView(m)
	m.Share = newShareView(m)
	m.Settings = newSettingsView(m)
	m.JoinButton = widget.NewButtonWithIcon(lang.L("Join a partner's share…"), theme.LoginIcon(), m.joinForm)
	m.NewProjectButton = widget.NewButtonWithIcon(lang.L("New project…"), theme.ContentAddIcon(), m.ShowNewProject)
	m.ImportButton = widget.NewButtonWithIcon(lang.L("Import a file…"), theme.UploadIcon(), m.chooseImport)
	m.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Project"), theme.InfoIcon(), m.Project.Content),
		container.NewTabItemWithIcon(lang.L("Partners"), theme.HomeIcon(), m.Partners.Content),
		container.NewTabItemWithIcon(lang.L("People"), theme.AccountIcon(), m.People.Content),
		container.NewTabItemWithIcon(lang.L("Outputs"), theme.DocumentIcon(), m.Outputs.Content),
		container.NewTabItemWithIcon(lang.L("Events"), theme.GridIcon(), m.Events.Content),
		container.NewTabItemWithIcon(lang.L("Timesheets"), theme.CalendarIcon(), m.Timesheet.Content),
		container.NewTabItemWithIcon(lang.L("Approvals"), theme.ConfirmIcon(), m.approvalsTab()),
		container.NewTabItemWithIcon(lang.L("Budget"), theme.ListIcon(), m.Budget.Content),
		container.NewTabItemWithIcon(lang.L("Documents"), theme.DocumentSaveIcon(), m.Documents.Content),
		container.NewTabItemWithIcon(lang.L("Share"), theme.MailSendIcon(), container.NewVScroll(m.Share.Content)),
		container.NewTabItemWithIcon(lang.L("Settings"), theme.SettingsIcon(), m.Settings.Content),
	)
	// The budget is computed when its tab is opened: it reads every entry.
	m.Tabs.OnSelected = func(ti *container.TabItem) {
		if ti.Content == m.Budget.Content {
			m.refreshBudget()
		}
	}
	m.Welcome = m.welcome()
	m.body = container.NewStack()
	m.Reload()
	return m
}

// Content is the window's content.
func (m *Main) Content() fyne.CanvasObject { return m.body }

// Reload reads the projects again and shows the first one (or the welcome panel).
func (m *Main) Reload() {
	list, err := m.store.Projects()
	if err != nil {
		m.showError(err)
	}
	m.projects = list
	m.Projects.Refresh()
	if len(list) == 0 {
		m.body.Objects = []fyne.CanvasObject{m.Welcome}
		m.body.Refresh()
		return
	}
	header := container.NewVBox(m.Heading, m.Period)
	detail := container.NewBorder(header, nil, nil, nil, m.Tabs)
	split := container.NewHSplit(container.NewBorder(widget.NewLabelWithStyle(lang.L("Projects"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), container.NewVBox(m.NewProjectButton, m.ImportButton, m.JoinButton), nil, nil, m.Projects), detail)
	split.Offset = 0.2
	m.body.Objects = []fyne.CanvasObject{split}
	m.body.Refresh()
	m.Projects.Select(0)
}

// SelectProject shows the i-th project's partners, people and outputs.
func (m *Main) SelectProject(i int) {
	if i < 0 || i >= len(m.projects) {
		return
	}
	doc, err := m.store.Load(m.projects[i].ID, data.LoadOptions{})
	if err != nil {
		m.showError(err)
		return
	}
	m.doc = doc
	m.selected = i
	p := doc.Project
	m.Heading.SetText(fmt.Sprintf("%s — %s", p.Acronym, p.Title))
	m.Period.SetText(fmt.Sprintf("%s · %s · %s – %s (%s) · %s", p.Number, p.Action, formatDate(p.Start), formatDate(p.End),
		plural("%d months", data.DurationMonths(p.Start, p.End)), rulesLabel(p.Rules)))
	m.Project.load(doc)
	m.Partners.load(doc)
	m.People.load(doc)
	m.Outputs.load(doc)
	m.Events.load(doc)
	m.Timesheet.load(doc)
	m.Documents.load(doc)
	m.Budget.load(doc)
	m.Share.load(doc)
	m.Settings.load(doc)
	if m.Tabs.Selected() != nil && m.Tabs.Selected().Content == m.Budget.Content {
		m.refreshBudget()
	}
}

// refreshBudget computes the selected project's budget off the UI goroutine and shows it.
func (m *Main) refreshBudget() {
	if m.doc == nil {
		return
	}
	doc := m.doc
	var b *data.Budget
	m.run(func() (err error) {
		b, err = m.store.BudgetAsOf(doc.Project.ID, m.Budget.asOf)
		return err
	}, func(err error) {
		if err != nil {
			m.showError(err)
			return
		}
		m.Budget.show(doc, b)
	})
}

// selectProjectID shows the project with the ID.
func (m *Main) selectProjectID(id string) {
	for i, p := range m.projects {
		if p.ID == id {
			m.Projects.Select(i)
			return
		}
	}
}

// reloadDoc reads the selected project's records again after a change.
func (m *Main) reloadDoc() {
	if m.doc == nil {
		return
	}
	doc, err := m.store.Load(m.doc.Project.ID, data.LoadOptions{})
	if err != nil {
		m.showError(err)
		return
	}
	m.doc = doc
}

func rulesLabel(r string) string {
	if rs, err := data.RulesByName(r); err == nil {
		return lang.L(rs.Title)
	}
	return r
}
