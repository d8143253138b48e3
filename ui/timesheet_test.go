package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"partnerdesk/data"
)

const (
	lukasID   = "0192a000-0000-7000-8000-000000000021"
	malgoID   = "0192a000-0000-7000-8000-000000000022"
	o1ID      = "0192a000-0000-7000-8000-000000000030"
	o2ID      = "0192a000-0000-7000-8000-000000000031"
	fzlID     = "0192a000-0000-7000-8000-000000000011"
	lukasName = "Lukas Hofer (VHS, teacher / trainer)"
)

// openMonth shows a person's month in the timesheet tab of a 1,280 × 720 window.
func openMonth(t *testing.T, person, month string) (*data.Store, fyne.Window, *Main, *TimesheetView) {
	t.Helper()
	s, w, m := exampleWindow(t, 1280, 720)
	selectTab(m, m.Timesheet.Content)
	v := m.Timesheet
	v.Person.SetSelected(person)
	v.Month.SetSelected(month)
	shownTexts(w)
	if v.sheet == nil {
		t.Fatalf("%s %s not shown", person, month)
	}
	return s, w, m, v
}

// typeKeys types into the focused widget, as the driver does with each character.
func typeKeys(c fyne.Canvas, text string) {
	for _, r := range text {
		c.Focused().TypedRune(r)
	}
}

// press sends a key to the focused widget, as the driver does.
func press(w fyne.Window, k fyne.KeyName) { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k}) }

func storedCells(t *testing.T, s *data.Store, m *Main, person string, month data.Month) map[string]string {
	t.Helper()
	es, err := s.Entries(m.doc.Project.ID, data.EntryFilter{Person: person, Month: month})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range es {
		out[e.Date.String()+" "+e.Output[len(e.Output)-2:]] = e.Hours.String() + "|" + e.Note
	}
	return out
}

func TestMonthGridTypedByKeyboard(t *testing.T) {
	s, w, m, v := openMonth(t, lukasName, "2020-06")
	g := v.Grid
	if len(g.outputs) != 2 || g.outputs[0].Code != "O1" || g.outputs[1].Code != "O2" {
		t.Fatalf("columns of 2020-06: %v", g.outputs)
	}
	if w.Canvas().Size().Width > 1280 || m.Content().MinSize().Width > 1280 {
		t.Errorf("the window needs %v", m.Content().MinSize())
	}
	c := w.Canvas()
	c.Focus(g.Cell(2, 0)) // Tuesday 2 June
	typeKeys(c, "6.5")
	c.FocusNext() // Tab
	typeKeys(c, "1,5")
	c.FocusNext() // Tab wraps to the next day's first output
	typeKeys(c, "6:30")
	press(w, fyne.KeyDown)
	typeKeys(c, "7")
	press(w, fyne.KeyReturn) // commits and moves down
	typeKeys(c, "2")
	if c.Focused() != g.Cell(5, 0) || g.Cell(5, 0).Text != "2" {
		t.Fatalf("Enter did not move down: focused %v", c.Focused())
	}
	press(w, fyne.KeyDelete) // clears the cell
	c.FocusPrevious()        // Shift-Tab
	c.FocusPrevious()
	if c.Focused() != g.Cell(4, 0) {
		t.Errorf("Shift-Tab did not go back two cells to 2020-06-04 O1")
	}
	// Right past the end of a cell's text goes to the next output, Up to the day before.
	c.Focus(g.Cell(3, 0))
	press(w, fyne.KeyRight)
	press(w, fyne.KeyUp)
	if c.Focused() != g.Cell(2, 1) {
		t.Error("Right and Up did not reach 2020-06-02 O2")
	}
	c.Focus(g.Cell(2, 0))
	test.Type(g.Note, "curriculum draft")

	screen := shownTexts(w)
	for _, want := range []string{"2020-06-02", "8\n", "curriculum draft", "20\n", "1.5\n", "21.5\n", "Whit Monday"} {
		if !strings.Contains(screen, want) {
			t.Errorf("grid does not show %q:\n%s", want, screen)
		}
	}
	if !strings.Contains(v.State.Text, "21.5 h") || !strings.Contains(v.State.Text, "unsaved") || !v.Submit.Disabled() {
		t.Errorf("state while typing: %q, submit disabled %v", v.State.Text, v.Submit.Disabled())
	}
	if n := len(storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 6})); n != 0 {
		t.Fatalf("%d entries stored before Save", n)
	}
	test.Tap(v.Save)
	m.Wait()
	got := storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 6})
	want := map[string]string{"2020-06-02 30": "6.5|curriculum draft", "2020-06-02 31": "1.5|", "2020-06-03 30": "6.5|", "2020-06-04 30": "7|"}
	if len(got) != len(want) {
		t.Errorf("stored %v", got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("stored %s = %q, want %q", k, got[k], w)
		}
	}
	if v.Grid.Dirty() || !strings.Contains(v.Status.Text, "4 added") || !strings.Contains(v.State.Text, "21.5 h") || v.Submit.Disabled() {
		t.Errorf("after save: %q / %q", v.Status.Text, v.State.Text)
	}
	// Editing a saved cell and clearing another is one more save.
	c.Focus(g.Cell(4, 0))
	press(w, fyne.KeyDelete)
	c.Focus(g.Cell(3, 0))
	g.Cell(3, 0).SetText("")
	typeKeys(c, "5")
	test.Tap(v.Save)
	m.Wait()
	got = storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 6})
	if len(got) != 3 || got["2020-06-03 30"] != "5|" || got["2020-06-04 30"] != "" {
		t.Errorf("after the second save: %v", got)
	}
}

func TestMonthGridRefusesBadHours(t *testing.T) {
	s, w, m, v := openMonth(t, lukasName, "2020-06")
	c := w.Canvas()
	for i, bad := range []string{"25", "-1", "six"} {
		c.Focus(v.Grid.Cell(2+i, 0))
		typeKeys(c, bad)
		press(w, fyne.KeyReturn)
	}
	for _, want := range []string{"2020-06-02 O1: hours \"25\"", "more than a day", "2020-06-03 O1", "negative", "2020-06-04 O1", "not a number"} {
		if !strings.Contains(v.Grid.Problem.Text, want) {
			t.Errorf("refusal does not say %q: %q", want, v.Grid.Problem.Text)
		}
	}
	if !v.Save.Disabled() {
		t.Error("Save enabled with refused cells")
	}
	v.save(nil, nil)
	m.Wait()
	if !strings.Contains(shownOverlayTexts(w), "Nothing was saved") {
		t.Errorf("no refusal dialog: %q", shownOverlayTexts(w))
	}
	if n := len(storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 6})); n != 0 {
		t.Errorf("%d entries stored from refused cells", n)
	}
}

func TestUnsavedMonthAsksBeforeLeaving(t *testing.T) {
	s, w, m, v := openMonth(t, lukasName, "2020-06")
	c := w.Canvas()
	c.Focus(v.Grid.Cell(2, 0))
	typeKeys(c, "4")
	v.Month.SetSelected("2020-07")
	if v.ask == nil || !strings.Contains(shownOverlayTexts(w), "are not saved") {
		t.Fatalf("leaving typed hours did not ask: %q", shownOverlayTexts(w))
	}
	test.Tap(v.askCancel)
	if v.Month.Selected != "2020-06" || v.Grid.Cell(2, 0).Text != "4" || !v.Grid.Dirty() {
		t.Fatalf("cancel: month %q, cell %q", v.Month.Selected, v.Grid.Cell(2, 0).Text)
	}
	test.Tap(v.Next)
	test.Tap(v.askSave)
	m.Wait()
	if v.Month.Selected != "2020-07" || v.sheet.Month.String() != "2020-07" {
		t.Errorf("after save and leave: %q", v.Month.Selected)
	}
	if got := storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 6}); got["2020-06-02 30"] != "4|" {
		t.Errorf("the typed cell was not saved: %v", got)
	}
	c.Focus(v.Grid.Cell(1, 0))
	typeKeys(c, "3")
	v.Person.SetSelected("Johanna Größinger (VHS, manager)")
	test.Tap(v.askDrop)
	if v.sheet.Person.Name != "Johanna Größinger" || len(storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 7})) != 0 {
		t.Errorf("discard: %s shown, July stored %v", v.sheet.Person.Name, storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 7}))
	}
}

func TestCopyLastMonthsPattern(t *testing.T) {
	s, w, m, v := openMonth(t, lukasName, "2020-01")
	test.Tap(v.Copy)
	m.Wait()
	g := v.Grid
	if !strings.Contains(v.Status.Text, "from 2019-12") || !g.Dirty() {
		t.Fatalf("copy: %q", v.Status.Text)
	}
	// Neither New Year, Epiphany nor a weekend gets hours.
	for _, d := range []int{1, 4, 5, 6} {
		if txt := g.Cell(d, 0).Text; txt != "" {
			t.Errorf("2020-01-%02d got %q", d, txt)
		}
	}
	if _, total := g.Sums(); total == 0 {
		t.Error("nothing copied")
	}
	if n := len(storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 1})); n != 0 {
		t.Errorf("copying stored %d entries before review", n)
	}
	shownTexts(w)
}

func TestReopenNeedsAReason(t *testing.T) {
	s, w, m, v := openMonth(t, lukasName, "2019-10")
	test.Tap(v.Submit)
	m.Wait()
	if len(v.Approver.Options) != 1 || v.Approver.Options[0] != "Johanna Größinger (VHS, manager)" {
		t.Fatalf("approvers of Lukas: %q", v.Approver.Options)
	}
	v.Approver.SetSelectedIndex(0)
	test.Tap(v.Approve)
	m.Wait()
	if !strings.Contains(v.State.Text, "approved by Johanna") || !v.Grid.Cell(1, 0).Disabled() {
		t.Fatalf("approved month: %q, cells editable %v", v.State.Text, !v.Grid.Cell(1, 0).Disabled())
	}
	test.Tap(v.Reopen)
	if v.reopen == nil || !strings.Contains(shownOverlayTexts(w), "Reason") {
		t.Fatalf("no reason asked: %q", shownOverlayTexts(w))
	}
	v.reopen.Submit() // no reason: the dialog stays
	m.Wait()
	if v.reopen == nil || !strings.Contains(v.State.Text, "approved") {
		t.Fatalf("reopened without a reason: %q", v.State.Text)
	}
	test.Type(v.reason, "O1 hours of 7 October belong to O2")
	v.reopen.Submit()
	m.Wait()
	sheet, _ := s.MonthSheet(m.doc.Project.ID, lukasID, data.Month{Year: 2019, Month: 10})
	if sheet.State != data.StateReopened || !strings.Contains(v.State.Text, "reopened") || v.Grid.Cell(1, 0).Disabled() {
		t.Errorf("after reopen: store %s, shown %q", sheet.State, v.State.Text)
	}
	audit, _ := s.Audit(m.doc.Project.ID)
	if last := audit[len(audit)-1]; !strings.Contains(last.Detail, "O1 hours of 7 October belong to O2") {
		t.Errorf("audit: %q", last.Detail)
	}
}

func TestMonthGridReadOnlyForAnotherOrganisation(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	// This installation is FZL's; the coordinator (VHS) has its own.
	if err := s.SetAuthority(m.doc.Project.ID, &data.Authority{Coordinator: "coordinator-installation", Members: map[string]string{s.Installation(): fzlID}}); err != nil {
		t.Fatal(err)
	}
	selectTab(m, m.Timesheet.Content)
	v := m.Timesheet
	v.Person.SetSelected(lukasName)
	v.Month.SetSelected("2019-10")
	if !v.Grid.Cell(1, 0).Disabled() || !v.Save.Disabled() || !v.Copy.Disabled() {
		t.Error("another organisation's month is editable")
	}
	if !strings.Contains(shownTexts(w), "Read only: these hours are Lukas Hofer's (VHS)") {
		t.Errorf("the grid does not say whose it is: %q", v.Whose.Text)
	}
	v.Person.SetSelected("Małgorzata Wójcik (FZL, teacher / trainer)")
	if v.Grid.Cell(1, 0).Disabled() || v.Whose.Visible() {
		t.Errorf("this organisation's own person is read-only: %q", v.Whose.Text)
	}
}

func TestMonthGridRefusesADayPastTwentyFourHours(t *testing.T) {
	s, w, m, v := openMonth(t, lukasName, "2020-06")
	c := w.Canvas()
	c.Focus(v.Grid.Cell(2, 0))
	typeKeys(c, "20")
	c.FocusNext()
	typeKeys(c, "6")
	press(w, fyne.KeyReturn)
	if !strings.Contains(v.Grid.Problem.Text, "2020-06-02: 26 h in the day is more than a day") || !v.Save.Disabled() {
		t.Errorf("a 26 h day: %q, save disabled %v", v.Grid.Problem.Text, v.Save.Disabled())
	}
	c.Focus(v.Grid.Cell(2, 1))
	press(w, fyne.KeyDelete)
	if v.Grid.Problem.Text != "" || v.Save.Disabled() {
		t.Errorf("after clearing: %q", v.Grid.Problem.Text)
	}
	c.Focused().(fyne.Shortcutable).TypedShortcut(SaveShortcut) // Ctrl-S in the cell
	m.Wait()
	if got := storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 6}); len(got) != 1 || got["2020-06-02 30"] != "20|" {
		t.Errorf("stored %v", got)
	}
	// Saving from the keyboard keeps it where it was.
	if c.Focused() != v.Grid.Cell(2, 1) {
		t.Errorf("focus after save: %v", c.Focused())
	}
}

func TestUnsavedMonthAsksBeforeAnotherProject(t *testing.T) {
	a := test.NewTempApp(t)
	s := openStore(t)
	importExample(t, s)
	if _, err := s.Import(data.Demo(data.DemoOptions{People: 3, Months: 2}), data.ImportOptions{Source: "demo"}); err != nil {
		t.Fatal(err)
	}
	w := a.NewWindow("Partnerdesk")
	m := Build(w, s)
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1280, 720))
	m.Projects.Select(1) // GREENSKILLS
	selectTab(m, m.Timesheet.Content)
	v := m.Timesheet
	v.Person.SetSelected(lukasName)
	v.Month.SetSelected("2020-06")
	w.Canvas().Focus(v.Grid.Cell(2, 0))
	typeKeys(w.Canvas(), "3")
	m.Projects.Select(0)
	if v.ask == nil {
		t.Fatal("switching project with typed hours did not ask")
	}
	test.Tap(v.askCancel)
	if !strings.HasPrefix(m.Heading.Text, "GREENSKILLS") || v.Month.Selected != "2020-06" || v.Grid.Cell(2, 0).Text != "3" {
		t.Errorf("cancel: %q, %q, cell %q", m.Heading.Text, v.Month.Selected, v.Grid.Cell(2, 0).Text)
	}
}

func TestMonthGridShadesWeekendsHolidaysAndTotalsApart(t *testing.T) {
	_, w, _, v := openMonth(t, lukasName, "2020-06")
	shadeOf := func(row int) *Shade { return v.Grid.body.Objects[row].(*fyne.Container).Objects[0].(*Shade) }
	holiday, weekend, workday := shadeOf(1), shadeOf(6), shadeOf(2) // 1 June (Whit Monday), 6 June (Saturday), 2 June
	total := shadeOf(len(v.Grid.body.Objects) - 1)
	seen := map[string]bool{}
	for _, s := range []*Shade{holiday, weekend, total} {
		r, g, b, a := s.Color().RGBA()
		seen[fmt.Sprint(r, g, b, a)] = true
	}
	if len(seen) != 3 {
		t.Errorf("weekend, holiday and total shades are not three colours: %v", seen)
	}
	if _, _, _, a := workday.Color().RGBA(); a != 0 {
		t.Error("a working day is shaded")
	}
	if !strings.Contains(shownTexts(w), "public holiday") {
		t.Error("no legend")
	}
	dark := fmt.Sprint(total.Color())
	fyne.CurrentApp().Settings().SetTheme(test.NewTheme()) // a theme of other colours
	if fmt.Sprint(total.Color()) == dark {
		t.Error("the shade does not follow the theme")
	}
}

// TestMonthGridKeepsHoursAsTyped (issue 9 finding 1): 1.01, 4.33 and 6:20 are stored, reloaded and summed
// exactly as typed; as whole minutes 1.01 came back as 1.02.
func TestMonthGridKeepsHoursAsTyped(t *testing.T) {
	s, w, m, v := openMonth(t, lukasName, "2020-06")
	g := v.Grid
	c := w.Canvas()
	for day, typed := range map[int]string{2: "1.01", 3: "4.33", 4: "6:20"} {
		c.Focus(g.Cell(day, 0))
		typeKeys(c, typed)
	}
	test.Tap(v.Save)
	m.Wait()
	got := storedCells(t, s, m, lukasID, data.Month{Year: 2020, Month: 6})
	for k, want := range map[string]string{"2020-06-02 30": "1.01|", "2020-06-03 30": "4.33|", "2020-06-04 30": "6:20|"} {
		if got[k] != want {
			t.Errorf("stored %s = %q, want %q", k, got[k], want)
		}
	}
	// Shown again after the month is read back: the same text in the cells, an exact sum (5.34 h + 6:20 = 11:40:24).
	m.SelectProject(m.selected)
	v.Month.SetSelected("2020-05")
	v.Month.SetSelected("2020-06")
	for day, want := range map[int]string{2: "1.01", 3: "4.33", 4: "6:20"} {
		if got := g.Cell(day, 0).Text; got != want {
			t.Errorf("cell 2020-06-%02d shows %q, want %q", day, got, want)
		}
	}
	if !strings.Contains(v.State.Text, "11:40:24 h = 1.46 days") {
		t.Errorf("state: %q, want 11:40:24 h = 1.46 days (42,024 s ÷ 8 h)", v.State.Text)
	}
}
