// Package ui is Partnerdesk's desktop window; it builds widgets and leaves the work to data.
package ui

import (
	"embed"
	"fmt"
	"log"
	"strings"
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
	Partners *RecordTable
	People   *RecordTable
	Outputs  *RecordTable
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
	// JoinButton joins a partner's share (under the project list, and on the welcome panel).
	JoinButton *widget.Button
	Welcome    fyne.CanvasObject // shown while the store has no project
	// DemoButton on the welcome panel creates and opens the demo project.
	DemoButton *widget.Button

	projects []data.Project
	selected int
	secrets  Secrets
	doc      *data.Document
	body     *fyne.Container
	tasks
}

// NewWindow makes the main window of the app on the store.
func NewWindow(a fyne.App, s *data.Store) fyne.Window {
	w := a.NewWindow("Partnerdesk")
	m := Build(w, s)
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1100, 700))
	return w
}

// Build makes the window's widgets and loads the store's projects.
func Build(w fyne.Window, s *data.Store) *Main {
	return BuildWith(w, s, davsync.SystemKeyring{Timeout: 3 * time.Second})
}

// BuildWith is Build with the keeper of share passwords (tests pass one in memory).
func BuildWith(w fyne.Window, s *data.Store, sec Secrets) *Main {
	m := &Main{Window: w, store: s, secrets: sec}
	m.Heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.Heading.Wrapping = fyne.TextWrapWord
	m.Period = widget.NewLabel("")
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

	m.Partners = NewRecordTable([]Column{
		{lang.L("Organisation"), 270}, {lang.L("Short name"), 90}, {lang.L("Country"), 70},
		{lang.L("City"), 120}, {lang.L("OID"), 100}, {lang.L("Role"), 100}, {lang.L("Working day"), 100},
	})
	m.People = NewRecordTable([]Column{
		{lang.L("Name"), 220}, {lang.L("Organisation"), 260}, {lang.L("Staff category"), 130}, {lang.L("E-mail"), 240},
	})
	m.Outputs = NewRecordTable([]Column{
		{lang.L("Code"), 60}, {lang.L("Title"), 340}, {lang.L("Kind"), 150}, {lang.L("Lead"), 90},
		{lang.L("Period"), 200}, {lang.L("Planned days"), 110},
	})
	m.Timesheet = newTimesheetView(m)
	m.Budget = newBudgetView()
	m.Documents = newDocumentsView(m)
	m.Share = newShareView(m)
	m.JoinButton = widget.NewButtonWithIcon(lang.L("Join a partner's share…"), theme.LoginIcon(), m.joinForm)
	m.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Partners"), theme.HomeIcon(), m.Partners.Table),
		container.NewTabItemWithIcon(lang.L("People"), theme.AccountIcon(), m.People.Table),
		container.NewTabItemWithIcon(lang.L("Outputs"), theme.DocumentIcon(), m.Outputs.Table),
		container.NewTabItemWithIcon(lang.L("Timesheets"), theme.CalendarIcon(), m.Timesheet.Content),
		container.NewTabItemWithIcon(lang.L("Budget"), theme.ListIcon(), m.Budget.Content),
		container.NewTabItemWithIcon(lang.L("Documents"), theme.DocumentSaveIcon(), m.Documents.Content),
		container.NewTabItemWithIcon(lang.L("Share"), theme.MailSendIcon(), container.NewVScroll(m.Share.Content)),
		container.NewTabItemWithIcon(lang.L("Approvals"), theme.ConfirmIcon(), m.approvalsTab()),
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
	split := container.NewHSplit(container.NewBorder(widget.NewLabelWithStyle(lang.L("Projects"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), m.JoinButton, nil, nil, m.Projects), detail)
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
	m.Period.SetText(fmt.Sprintf("%s · %s · %s – %s (%d %s) · %s", p.Number, p.Action, p.Start, p.End,
		data.DurationMonths(p.Start, p.End), lang.L("months"), rulesLabel(p.Rules)))
	m.Partners.SetRows(partnerRows(doc))
	m.People.SetRows(peopleRows(doc))
	m.Outputs.SetRows(outputRows(doc))
	m.Timesheet.load(doc)
	m.Documents.load(doc)
	m.Share.load(doc)
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
		b, err = m.store.Budget(doc.Project.ID)
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
		return rs.Title
	}
	return r
}

func partnerRows(doc *data.Document) [][]string {
	rows := make([][]string, 0, len(doc.Partners))
	for _, p := range doc.Partners {
		role := lang.L("partner")
		if p.ID == doc.Project.Coordinator {
			role = lang.L("coordinator")
		}
		rows = append(rows, []string{p.Name, p.ShortName, p.Country, p.City, p.OID, role, p.Day().String() + " h"})
	}
	return rows
}

func peopleRows(doc *data.Document) [][]string {
	rows := make([][]string, 0, len(doc.People))
	for _, p := range doc.People {
		org := ""
		if pa := doc.PartnerByID(p.Partner); pa != nil {
			org = pa.Name
		}
		rows = append(rows, []string{p.Name, org, lang.L(p.Category), p.Email})
	}
	return rows
}

func outputRows(doc *data.Document) [][]string {
	rows := make([][]string, 0, len(doc.Outputs))
	for _, o := range doc.Outputs {
		lead := ""
		if pa := doc.PartnerByID(o.Lead); pa != nil {
			lead = pa.Label()
		}
		var planned data.Days
		for _, pl := range o.Planned {
			planned += pl.Days
		}
		rows = append(rows, []string{o.Code, o.Title, lang.L(strings.ReplaceAll(o.Kind, "_", " ")), lead,
			fmt.Sprintf("%s – %s", o.Start, o.End), fmt.Sprintf("%.2f", planned.Float())})
	}
	return rows
}

// welcome is the first-start panel: open the demo project.
func (m *Main) welcome() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(lang.L("Welcome to Partnerdesk"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	text := widget.NewLabelWithStyle(lang.L("Your database holds no project yet. Open the demo project to look around, join your coordinator's share, or import a partnerdesk/1 file with `partnerdesk import FILE`."), fyne.TextAlignCenter, fyne.TextStyle{})
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
	join := widget.NewButtonWithIcon(lang.L("Join a partner's share…"), theme.LoginIcon(), m.joinForm)
	return container.NewCenter(container.NewVBox(title, container.NewGridWrap(fyne.NewSize(520, 80), text), container.NewCenter(container.NewHBox(demo, join))))
}

// showError logs and shows an error, as people should see it.
func (m *Main) showError(err error) {
	log.Printf("partnerdesk: %v", err)
	dialog.ShowError(err, m.Window)
}
