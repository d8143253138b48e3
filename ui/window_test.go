package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

func openStore(t *testing.T) *data.Store {
	t.Helper()
	s, err := data.Open(filepath.Join(t.TempDir(), "ui.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func importExample(t *testing.T, s *data.Store) {
	t.Helper()
	f, err := os.Open("../data/testdata/greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := data.DecodeDocument(f, "greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(doc, data.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// shownTexts collects every text drawn in the window, as a person would read the screen.
func shownTexts(w fyne.Window) string {
	w.Canvas().Capture() // paint: tables create their cells only when drawn
	return textsOf(w.Content())
}

// shownOverlayTexts reads the dialogs on top of the window.
func shownOverlayTexts(w fyne.Window) string {
	return textsOf(w.Canvas().Overlays().List()...)
}

// textsOf walks the renderers the painter used (with the cells they created) and collects their text.
func textsOf(objs ...fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		case *widget.Entry:
			b.WriteString(x.Text + "\n")
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	for _, o := range objs {
		walk(o)
	}
	return b.String()
}

// selectTab opens the tab showing content, as a click on it does.
func selectTab(m *Main, content fyne.CanvasObject) {
	for _, ti := range m.Tabs.Items {
		if ti.Content == content {
			m.Tabs.Select(ti)
			return
		}
	}
}

// exampleWindow is the main window, sized w × h, on a store holding the greenskills example.
func exampleWindow(t *testing.T, width, height float32) (*data.Store, fyne.Window, *Main) {
	t.Helper()
	a := test.NewTempApp(t)
	s := openStore(t)
	importExample(t, s)
	w := a.NewWindow("Partnerdesk")
	m := Build(w, s)
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(width, height))
	return s, w, m
}

func TestWindowShowsTheImportedProject(t *testing.T) {
	_, w, m := exampleWindow(t, 1400, 800)

	if m.Projects.Length() != 1 {
		t.Fatalf("project list has %d rows", m.Projects.Length())
	}
	selectTab(m, m.Partners.Content)
	screen := shownTexts(w)
	for _, want := range []string{"GREENSKILLS — Green skills for adult educators", "2019-1-AT01-KA204-051234", "30 months",
		"Volkshochschule Graz-Süd", "Fundacja Zielona Łódź", "Κέντρο Διά Βίου Μάθησης Πάτρας", "coordinator"} {
		if !strings.Contains(screen, want) {
			t.Errorf("window does not show %q; it shows:\n%s", want, screen)
		}
	}
	if m.Partners.Len() != 4 || m.People.Len() != 6 || m.Outputs.Len() != 2 || m.Events.Len() != 3 {
		t.Errorf("rows: %d partners, %d people, %d outputs, %d events", m.Partners.Len(), m.People.Len(), m.Outputs.Len(), m.Events.Len())
	}
	// The people tab: names in their own scripts, with their organisation.
	selectTab(m, m.People.Content)
	screen = shownTexts(w)
	for _, want := range []string{"Małgorzata Wójcik", "Ελένη Παπαδοπούλου", "Стоян Петров", "Сдружение „Зелено бъдеще“"} {
		if !strings.Contains(screen, want) {
			t.Errorf("people tab does not show %q", want)
		}
	}
	selectTab(m, m.Outputs.Content)
	screen = shownTexts(w)
	if !strings.Contains(screen, "Curriculum for green skills trainers") || !strings.Contains(screen, "115.00") {
		t.Errorf("outputs tab: %s", screen)
	}
}

func TestWindowSwitchesProjects(t *testing.T) {
	a := test.NewTempApp(t)
	s := openStore(t)
	importExample(t, s)
	if _, err := s.Import(data.Demo(data.DemoOptions{People: 5, Months: 2}), data.ImportOptions{Source: "demo"}); err != nil {
		t.Fatal(err)
	}
	w := a.NewWindow("Partnerdesk")
	m := Build(w, s)
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1400, 800))
	// Projects are listed by acronym: CRAFTLINK first.
	if !strings.HasPrefix(m.Heading.Text, "CRAFTLINK") {
		t.Errorf("first project shown = %q", m.Heading.Text)
	}
	m.Projects.Select(1)
	if name, _ := m.Partners.Item(1); !strings.HasPrefix(m.Heading.Text, "GREENSKILLS") || name != "Fundacja Zielona Łódź" {
		t.Errorf("after selecting the second project: %q, %q", m.Heading.Text, name)
	}
}

func TestWelcomeOpensTheDemo(t *testing.T) {
	a := test.NewTempApp(t)
	s := openStore(t)
	w := a.NewWindow("Partnerdesk")
	m := Build(w, s)
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1200, 800))
	if !strings.Contains(shownTexts(w), "Welcome to Partnerdesk") {
		t.Fatalf("an empty store does not greet: %s", shownTexts(w))
	}
	test.Tap(m.DemoButton)
	m.Wait()
	if !strings.HasPrefix(m.Heading.Text, "CRAFTLINK") {
		t.Fatalf("the demo did not open; heading %q", m.Heading.Text)
	}
	selectTab(m, m.Partners.Content)
	if shown := shownTexts(w); !strings.Contains(shown, "Fundacja Rozwoju Rzemiosła") {
		t.Errorf("demo partners not shown: %s", shown)
	}
}

func TestTimesheetTabSubmitAndApprove(t *testing.T) {
	s, w, m := exampleWindow(t, 1400, 900)
	// Only a manager or supervisor of her own organisation approves Małgorzata's month: Paweł supervises at FZL.
	pawel := *m.doc.PersonByID("0192a000-0000-7000-8000-000000000023")
	pawel.Supervisor, pawel.Meta = true, data.Meta{}
	if _, err := s.Import(&data.Document{Format: data.Format, People: []data.Person{pawel}}, data.ImportOptions{Project: m.doc.Project.ID}); err != nil {
		t.Fatal(err)
	}
	m.reloadDoc()
	m.SelectProject(m.selected)
	selectTab(m, m.Timesheet.Content)
	v := m.Timesheet
	if !v.Submit.Disabled() || !strings.Contains(shownTexts(w), "Choose a person and a month.") {
		t.Fatalf("empty tab: submit enabled or no hint")
	}
	v.Person.SetSelected("Małgorzata Wójcik (FZL, teacher / trainer)")
	v.Month.SetSelected("2019-11")
	screen := shownTexts(w)
	for _, want := range []string{"2019-11-01", "All Saints' Day", "7.25", "43.5", "5.44", "draft", "work on a public holiday"} {
		if !strings.Contains(screen, want) {
			t.Errorf("month view lacks %q:\n%s", want, screen)
		}
	}
	test.Tap(v.Submit)
	m.Wait()
	if !strings.Contains(v.State.Text, "submitted") || v.Submit.Disabled() == false || v.Approve.Disabled() {
		t.Fatalf("after submit: %q, submit disabled %v, approve disabled %v", v.State.Text, v.Submit.Disabled(), v.Approve.Disabled())
	}
	// Another organisation's manager is not offered as approver (the overview's test shows the refusal).
	if strings.Contains(strings.Join(v.Approver.Options, "\n"), "Johanna Größinger") || len(v.Approver.Options) != 1 {
		t.Errorf("approvers offered for Małgorzata: %q", v.Approver.Options)
	}
	v.Approver.SetSelected("Paweł Żak (FZL, technician)")
	test.Tap(v.Approve)
	m.Wait()
	if !strings.Contains(v.State.Text, "approved by Paweł Żak") || !v.Approve.Disabled() || v.Reopen.Disabled() {
		t.Errorf("after approve: %q", v.State.Text)
	}
	sheet, _ := s.MonthSheet(m.doc.Project.ID, v.sheet.Person.ID, v.sheet.Month)
	if sheet.State != "approved" {
		t.Errorf("store state = %s", sheet.State)
	}
	// Reloading the project, as a sync does, keeps the month on screen.
	m.SelectProject(m.selected)
	if v.Person.Selected != "Małgorzata Wójcik (FZL, teacher / trainer)" || v.Month.Selected != "2019-11" ||
		v.Approver.Selected != "Paweł Żak (FZL, technician)" || !strings.Contains(v.State.Text, "approved by Paweł Żak") {
		t.Errorf("after reload: %q %q %q, %q", v.Person.Selected, v.Month.Selected, v.Approver.Selected, v.State.Text)
	}
}

func TestBudgetTab(t *testing.T) {
	// The totals line is 1,170 px wide: a narrower window wraps it.
	_, w, m := exampleWindow(t, 1600, 900)
	selectTab(m, m.Budget.Content)
	m.Wait()
	screen := shownTexts(w)
	for _, want := range []string{"project management", "15,000.00 €", "O1 teacher / trainer", "23.56 days", "5,677.96 €", "51,815.96 €", "1 participant\n", "12 participants", "grant agreement is what binds"} {
		if !strings.Contains(screen, want) {
			t.Errorf("budget tab lacks %q:\n%s", want, screen)
		}
	}
}

func TestDocumentsExport(t *testing.T) {
	_, w, m := exampleWindow(t, 1400, 900)
	selectTab(m, m.Documents.Content)
	dir := t.TempDir()
	v := m.Documents

	// An output report needs an output: the window says so instead of asking for a file.
	if _, err := v.ref(DocOutput); err == nil {
		t.Error("no output chosen, yet a report could start")
	}
	v.Event.SetSelected("M1 Kick-off meeting")
	ref, err := v.ref(DocAttendance)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "M1 attendance.pdf")
	v.Export(DocAttendance, ref, path)
	m.Wait()
	if v.LastFile != path || !v.Open.Visible() || v.Progress.Visible() || !strings.Contains(v.Status.Text, "Written: "+path) {
		t.Fatalf("after export: last %q, open visible %v, status %q", v.LastFile, v.Open.Visible(), v.Status.Text)
	}
	if out, err := exec.Command("pdftotext", path, "-").Output(); err != nil || !strings.Contains(string(out), "Стоян Петров") {
		t.Errorf("attendance PDF: %v %q", err, out)
	}
	// All timesheets into a folder, with the progress bar run to its end.
	folder := filepath.Join(dir, "sheets")
	v.Export(DocTimesheets, "", folder)
	m.Wait()
	files, _ := filepath.Glob(filepath.Join(folder, "*.pdf"))
	if len(files) != 13 || v.Progress.Value != 1 {
		t.Errorf("batch wrote %d files, progress %v", len(files), v.Progress.Value)
	}
	// A failure is shown, and leaves no file.
	bad := filepath.Join(dir, "M1 attendance.pdf", "x.pdf")
	v.Export(DocBudget, "", bad)
	m.Wait()
	if _, err := os.Stat(bad); err == nil || v.Open.Visible() || v.Status.Text != "" {
		t.Errorf("failed export: open visible %v status %q", v.Open.Visible(), v.Status.Text)
	}
	if !strings.Contains(strings.ToLower(shownOverlayTexts(w)), "cannot write "+strings.ToLower(bad)) {
		t.Errorf("no error dialog: %q", shownOverlayTexts(w))
	}
}

func TestTimesheetPDFButton(t *testing.T) {
	_, w, m := exampleWindow(t, 1400, 900)
	v := m.Timesheet
	if !v.PDF.Disabled() {
		t.Error("PDF enabled before a month is chosen")
	}
	v.Person.SetSelected("Lukas Hofer (VHS, teacher / trainer)")
	v.Month.SetSelected("2019-10")
	if v.PDF.Disabled() {
		t.Fatal("PDF disabled on a chosen month")
	}
	test.Tap(v.PDF)
	if !strings.Contains(shownOverlayTexts(w), "2019-10 Lukas Hofer (teacher).pdf") {
		t.Errorf("the save dialog does not propose the sheet's name: %q", shownOverlayTexts(w))
	}
}

// TestDocumentsPeriodEmptyFileAndStop: "All timesheets" keeps to the months chosen; a failed
// export removes the empty file the save dialog made; a batch stopped at once says so.
func TestDocumentsPeriodEmptyFileAndStop(t *testing.T) {
	_, _, m := exampleWindow(t, 1280, 720)
	selectTab(m, m.Documents.Content)
	v := m.Documents
	dir := t.TempDir()
	v.From.SetSelected("2019-11")
	v.To.SetSelected("2019-11")
	v.Export(DocTimesheets, "", filepath.Join(dir, "november"))
	m.Wait()
	files, _ := filepath.Glob(filepath.Join(dir, "november", "*.pdf"))
	if len(files) == 0 || len(files) >= 13 {
		t.Errorf("November alone wrote %d files (the whole project writes 13)", len(files))
	}
	for _, f := range files {
		if !strings.Contains(filepath.Base(f), "2019-11") {
			t.Errorf("%s is not of November", f)
		}
	}
	// The save dialog creates the file it hands over; an export that fails must not leave it empty.
	empty := filepath.Join(dir, "report.pdf")
	os.WriteFile(empty, nil, 0o644)
	v.Export(DocOutput, "no-such-output", empty)
	m.Wait()
	if _, err := os.Stat(empty); err == nil {
		t.Error("a failed export left an empty PDF behind")
	}
	closeOverlays(m.Window)
	v.From.ClearSelected()
	v.To.ClearSelected()
	v.Export(DocTimesheets, "", filepath.Join(dir, "all"))
	v.Cancel.OnTapped()
	m.Wait()
	if v.Cancel.Visible() || !(strings.Contains(v.Status.Text, "Stopped") || strings.Contains(v.Status.Text, "Written")) {
		t.Errorf("after stopping: cancel visible %v, status %q", v.Cancel.Visible(), v.Status.Text)
	}
}
