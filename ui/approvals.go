package ui

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// ApprovalsView is the overview of people × months with each month's state; the months waiting
// for the chosen manager come first, and are approved from here.
type ApprovalsView struct {
	Manager *widget.Select
	Grid    *widget.Table
	Approve *widget.Button
	Waiting *widget.Label // how many months wait for the chosen manager
	Content fyne.CanvasObject

	m        *Main
	doc      *data.Document
	managers []data.Person
	people   []data.Person // rows: those with months waiting for the manager first
	months   []data.Month
	states   map[data.SheetKey]data.MonthState
	cell     widget.TableCellID
	picked   bool
	stale    bool // the states are read again when the tab is next shown
	// mayApprove holds the people whose months the chosen manager may approve.
	mayApprove map[string]bool
	hooked     bool
}

// approvalsTab makes the Approvals tab's view and returns its content.
func (m *Main) approvalsTab() fyne.CanvasObject {
	m.Approvals = newApprovalsView(m)
	return m.Approvals.Content
}

func newApprovalsView(m *Main) *ApprovalsView {
	v := &ApprovalsView{m: m}
	v.Manager = widget.NewSelect(nil, func(string) { v.order() })
	v.Manager.PlaceHolder = lang.L("Manager")
	v.Waiting = widget.NewLabel("")
	v.Approve = widget.NewButtonWithIcon(lang.L("Approve"), theme.ConfirmIcon(), v.approve)
	v.Approve.Disable()
	v.Grid = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.people), len(v.months) + 1 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(v.CellText(id.Row, id.Col))
		})
	v.Grid.ShowHeaderColumn = false
	v.Grid.StickyColumnCount = 1
	v.Grid.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.Grid.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		switch {
		case id.Col == 0:
			o.(*widget.Label).SetText(lang.L("Person"))
		case id.Col > 0 && id.Col <= len(v.months):
			o.(*widget.Label).SetText(v.months[id.Col-1].String())
		}
	}
	v.Grid.SetColumnWidth(0, 220)
	v.Grid.OnSelected = func(id widget.TableCellID) {
		v.cell, v.picked = id, id.Col > 0
		v.enable()
	}
	wide := container.NewGridWrap(fyne.NewSize(320, v.Manager.MinSize().Height), v.Manager)
	top := container.NewVBox(container.NewHBox(wide, v.Approve), v.Waiting)
	v.Content = container.NewBorder(top, nil, nil, nil, v.Grid)
	return v
}

// load shows a project's people and months; the states are read off the UI goroutine.
func (v *ApprovalsView) load(doc *data.Document) {
	if !v.hooked && v.m.Tabs != nil {
		// The states cost a pass over every entry: read them when the tab is opened, as the budget is.
		v.hooked = true
		opened := v.m.Tabs.OnSelected
		v.m.Tabs.OnSelected = func(ti *container.TabItem) {
			if opened != nil {
				opened(ti)
			}
			if ti.Content == v.Content && v.stale {
				v.reload()
			}
		}
	}
	keep := ""
	if i := v.Manager.SelectedIndex(); i >= 0 && v.doc != nil && v.doc.Project.ID == doc.Project.ID {
		keep = v.managers[i].ID
	}
	v.doc = doc
	v.months = data.MonthsIn(doc.Project.Start, doc.Project.End)
	for i := range v.months {
		v.Grid.SetColumnWidth(i+1, 120)
	}
	v.managers = nil
	var names []string
	for _, p := range doc.People {
		if !p.Deleted && (p.Category == data.CatManager || p.Supervisor) {
			v.managers = append(v.managers, p)
			names = append(names, personLabel(doc, p))
		}
	}
	v.Manager.Options = names
	v.Manager.ClearSelected()
	for i, p := range v.managers {
		if p.ID == keep {
			v.Manager.SetSelectedIndex(i)
		}
	}
	v.reload()
}

// reload reads the month states again (after an approval here or in the timesheet), now when
// the tab is shown, else when it is next shown.
func (v *ApprovalsView) reload() {
	v.stale = true
	if ti := v.m.Tabs.Selected(); v.doc == nil || ti == nil || ti.Content != v.Content {
		return
	}
	v.stale = false
	project := v.doc.Project.ID
	var list []data.MonthState
	v.m.run(func() (err error) {
		list, err = v.m.store.MonthStates(project)
		return err
	}, func(err error) {
		if err != nil {
			v.m.showError(err)
			return
		}
		if v.doc == nil || v.doc.Project.ID != project {
			return // another project is shown by now
		}
		v.states = make(map[data.SheetKey]data.MonthState, len(list))
		for _, st := range list {
			v.states[data.SheetKey{Person: st.Person, Month: st.Month}] = st
		}
		v.order()
	})
}

// manager is the chosen manager, nil when none.
func (v *ApprovalsView) manager() *data.Person {
	if i := v.Manager.SelectedIndex(); i >= 0 && i < len(v.managers) {
		return &v.managers[i]
	}
	return nil
}

// waits says whether a month is submitted and the chosen manager may approve it (DOMAIN.md).
func (v *ApprovalsView) waits(person string, st data.MonthState) bool {
	return st.State == data.StateSubmitted && v.mayApprove[person]
}

// order puts the people with months waiting for the chosen manager first.
func (v *ApprovalsView) order() {
	if v.doc == nil {
		return
	}
	mgr := v.manager()
	v.mayApprove = map[string]bool{}
	for _, p := range v.doc.People {
		if mgr != nil {
			a := data.Approval{Person: p.ID, State: data.StateApproved, By: mgr.ID}
			v.mayApprove[p.ID] = data.CheckApprover(v.doc, a, a.At) == nil
		}
	}
	waiting := map[string]int{}
	total := 0
	for _, p := range v.doc.People {
		for _, mo := range v.months {
			if v.waits(p.ID, v.states[data.SheetKey{Person: p.ID, Month: mo}]) {
				waiting[p.ID]++
				total++
			}
		}
	}
	v.people = nil
	for _, p := range v.doc.People {
		if !p.Deleted {
			v.people = append(v.people, p)
		}
	}
	sort.SliceStable(v.people, func(i, j int) bool { return waiting[v.people[i].ID] > 0 && waiting[v.people[j].ID] == 0 })
	switch {
	case mgr == nil:
		v.Waiting.SetText(lang.L("Choose a manager to see the months waiting for them."))
	default:
		v.Waiting.SetText(plural("%d months wait for %s's approval (marked ●).", total, mgr.Name))
	}
	v.Grid.UnselectAll()
	v.picked = false
	v.Grid.Refresh()
	v.enable()
}

// CellText is what a cell shows: the person's name, or the month's state.
func (v *ApprovalsView) CellText(row, col int) string {
	if row < 0 || row >= len(v.people) {
		return ""
	}
	p := v.people[row]
	if col == 0 {
		return p.Name
	}
	if col > len(v.months) {
		return ""
	}
	st, ok := v.states[data.SheetKey{Person: p.ID, Month: v.months[col-1]}]
	if !ok || (st.State == data.StateDraft && st.Hours == 0) {
		return ""
	}
	text := lang.L(st.State)
	if st.ChangedAfterApproval {
		text += " ⚠ " + lang.L("changed")
	}
	if v.waits(p.ID, st) {
		text = "● " + text
	}
	return text
}

// Select picks a person-month cell, as a click does.
func (v *ApprovalsView) Select(personID string, m data.Month) {
	for r, p := range v.people {
		for c, mo := range v.months {
			if p.ID == personID && mo == m {
				v.Grid.Select(widget.TableCellID{Row: r, Col: c + 1})
			}
		}
	}
}

func (v *ApprovalsView) enable() {
	if v.picked && v.manager() != nil {
		v.Approve.Enable()
	} else {
		v.Approve.Disable()
	}
}

// approve approves the selected month as the chosen manager; a refusal is shown in a dialog.
func (v *ApprovalsView) approve() {
	mgr := v.manager()
	if mgr == nil || !v.picked || v.cell.Row >= len(v.people) || v.cell.Col < 1 || v.cell.Col > len(v.months) {
		return
	}
	project, person, month, by := v.doc.Project.ID, v.people[v.cell.Row].ID, v.months[v.cell.Col-1], mgr.ID
	v.m.run(func() error {
		_, err := v.m.store.Transition(project, person, month, data.StateApproved, by, "")
		return err
	}, func(err error) {
		if err != nil {
			v.m.showError(err)
			return
		}
		v.m.reloadDoc()
		v.doc = v.m.doc
		v.m.Timesheet.Refresh()
		v.reload() // last: its result comes back while nothing else touches the widgets
	})
}
