package ui

import (
	"bytes"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/emersion/go-webdav"

	"partnerdesk/data"
)

// findButton finds a button by its label under o, as a person finds it on the screen.
func findButton(o fyne.CanvasObject, label string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || found != nil {
			return
		}
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == label {
				found = x
			}
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
	walk(o)
	return found
}

// overlaySelect finds the first drop-down in the dialogs on top of the window.
func overlaySelect(w fyne.Window) *widget.Select {
	var found *widget.Select
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || found != nil {
			return
		}
		switch x := o.(type) {
		case *widget.Select:
			found = x
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
	for _, o := range w.Canvas().Overlays().List() {
		walk(o)
	}
	return found
}

// overlayEntries are the entries of the dialogs on top of the window, in the order they are drawn.
func overlayEntries(w fyne.Window) []*widget.Entry {
	var out []*widget.Entry
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case nil:
			return
		case *widget.Entry:
			out = append(out, x)
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
	for _, o := range w.Canvas().Overlays().List() {
		walk(o)
	}
	return out
}

// TestANewUserDoesTheWholeJobInTheWindow: on an empty database, a coordinator creates a 2021–2027
// project, adds a partner and two people, types a month of hours with the keyboard, submits and
// approves it, exports its PDF, shares the project and admits the partner, whose own installation
// joins from an empty database, all through the window's widgets.
func TestANewUserDoesTheWholeJobInTheWindow(t *testing.T) {
	const (
		number  = "2021-1-DE02-KA220-ADU-000029489"
		acronym = "SKILLNET"
		title   = "Skills networks for adult learning"
	)
	a := test.NewTempApp(t)
	s := openStore(t)
	w := a.NewWindow("Partnerdesk")
	m := BuildWith(w, s, &memSecrets{m: map[string]string{}})
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1280, 720))

	// 1. The welcome panel, and the new-project form through its button.
	if screen := shownTexts(w); !strings.Contains(screen, "Welcome to Partnerdesk") {
		t.Fatalf("an empty database does not greet: %s", screen)
	}
	create := findButton(m.Welcome, "Create a project…")
	if create == nil {
		t.Fatal("the welcome panel has no \"Create a project…\" button")
	}
	test.Tap(create)
	f := m.NewProject
	if f == nil || !strings.Contains(shownTexts(w), "New project — step 1 of 2") {
		t.Fatalf("the button did not open the form: %s", shownTexts(w))
	}
	typeInto(f.Number, number)
	if e := f.Form.Field("number").Error; e.Visible() {
		t.Errorf("a valid number is refused: %q", e.Text)
	}
	if !strings.Contains(f.Derived.Text, "KA220-ADU") || !strings.Contains(f.Derived.Text, data.Rules2021) || !f.lumpField.Label.Visible() {
		t.Errorf("derived %q, lump sum shown %v", f.Derived.Text, f.lumpField.Label.Visible())
	}
	if screen := shownTexts(w); !strings.Contains(screen, f.Derived.Text) {
		t.Errorf("the derived action is not on the screen (%q):\n%s", f.Derived.Text, screen)
	}
	typeInto(f.Acronym, acronym)
	typeInto(f.Title, title)
	typeInto(f.Start, "2021-11-01")
	typeInto(f.End, "2023-10-31")
	typeInto(f.LumpSum, "250,000")
	typeInto(f.CoordName, "Volkshochschule Musterstadt")
	typeInto(f.CoordShort, "VHSM")
	typeInto(f.CoordCountry, "DE")
	typeInto(f.CoordOID, "E10012345")
	if e := f.Form.Field("partner.oid").Error; e.Visible() {
		t.Errorf("a valid OID is refused: %q", e.Text)
	}
	test.Tap(f.Create)
	if f.Finish == nil {
		t.Fatalf("no step two; problem %q, screen:\n%s", f.Form.Problem.Text, shownTexts(w))
	}
	if screen := shownTexts(w); !strings.Contains(screen, "step 2 of 2") || !strings.Contains(screen, "Work packages") {
		t.Errorf("step two does not show: %s", screen)
	}
	// Step two: a work package; the partner is added in the editors below.
	typeInto(f.Outputs[0][0], "WP1")
	typeInto(f.Outputs[0][1], "Project management")
	test.Tap(f.Finish)
	if !strings.HasPrefix(m.Heading.Text, acronym) || !strings.Contains(m.Period.Text, number) {
		t.Fatalf("the new project is not shown: %q / %q; problem %q", m.Heading.Text, m.Period.Text, f.Problem.Text)
	}
	list, err := s.Projects()
	if err != nil || len(list) != 1 {
		t.Fatalf("stored projects: %v %v", list, err)
	}
	project := list[0].ID
	doc, err := s.Load(project, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Project
	if p.Number != number || p.Action != "KA220-ADU" || p.Rules != data.Rules2021 || p.LumpSum != data.EuroToCents(250000) ||
		p.Start.String() != "2021-11-01" || p.End.String() != "2023-10-31" || p.Title != title {
		t.Errorf("stored project: %+v", p)
	}
	coord := doc.PartnerByID(p.Coordinator)
	if coord == nil || coord.ShortName != "VHSM" || coord.Country != "DE" || coord.OID != "E10012345" {
		t.Fatalf("stored coordinator: %+v", coord)
	}
	if len(doc.Outputs) != 1 || doc.Outputs[0].Code != "WP1" || doc.Outputs[0].Kind != data.OutputWorkPackage {
		t.Errorf("stored outputs: %+v", doc.Outputs)
	}

	// 2. The editors: a partner organisation in another country, then two people of the coordinator.
	selectTab(m, m.Partners.Content)
	pe := m.Partners
	test.Tap(pe.Add)
	typeInto(pe.Name, "Fundacja Zielona Łódź")
	typeInto(pe.ShortName, "FZL")
	typeInto(pe.Country, "PL")
	typeInto(pe.OID, "E10098765")
	if e := pe.Form.Field("oid").Error; e.Visible() {
		t.Errorf("the partner's OID is refused as typed: %q", e.Text)
	}
	test.Tap(pe.Save)
	if pe.Form.Problem.Visible() || pe.Len() != 2 {
		t.Fatalf("partner not saved: %d partners, problem %q", pe.Len(), pe.Form.Problem.Text)
	}
	if screen := shownTexts(w); !strings.Contains(screen, "Fundacja Zielona Łódź") || !strings.Contains(screen, "Volkshochschule Musterstadt") {
		t.Errorf("partners tab: %s", screen)
	}

	selectTab(m, m.People.Content)
	people := m.People
	addPerson := func(name, category string) {
		t.Helper()
		test.Tap(people.Add)
		typeInto(people.Name, name)
		people.Organisation.SetSelected("VHSM")
		people.Category.SetSelected(category)
		test.Tap(people.Save)
		if people.Form.Problem.Visible() {
			t.Fatalf("%s not saved: %q", name, people.Form.Problem.Text)
		}
		for _, fl := range people.Form.fields {
			if fl.Error.Visible() {
				t.Fatalf("%s not saved: %q", name, fl.Error.Text)
			}
		}
	}
	addPerson("Anna Schmidt", "manager")
	addPerson("Jonas Weber", "teacher / trainer")
	if people.Len() != 2 {
		t.Fatalf("people: %d", people.Len())
	}
	if screen := shownTexts(w); !strings.Contains(screen, "Anna Schmidt") || !strings.Contains(screen, "Jonas Weber") {
		t.Errorf("people tab: %s", screen)
	}
	doc, _ = s.Load(project, data.LoadOptions{})
	var anna, jonas *data.Person
	var fzl *data.Partner
	for i := range doc.People {
		switch doc.People[i].Name {
		case "Anna Schmidt":
			anna = &doc.People[i]
		case "Jonas Weber":
			jonas = &doc.People[i]
		}
	}
	for i := range doc.Partners {
		if doc.Partners[i].ShortName == "FZL" {
			fzl = &doc.Partners[i]
		}
	}
	if anna == nil || jonas == nil || anna.Partner != p.Coordinator || jonas.Partner != p.Coordinator ||
		anna.Category != data.CatManager || jonas.Category != data.CatTeacher {
		t.Fatalf("stored people: %+v", doc.People)
	}
	if fzl == nil || fzl.Country != "PL" || fzl.Name != "Fundacja Zielona Łódź" {
		t.Fatalf("stored partners: %+v", doc.Partners)
	}

	// 3. The teacher's March 2022, typed with the keyboard: 6.5, Tab, 6,5, Tab, 6:30, Tab, 7, Enter.
	selectTab(m, m.Timesheet.Content)
	v := m.Timesheet
	v.Person.SetSelected("Jonas Weber (VHSM, teacher / trainer)")
	v.Month.SetSelected("2022-03")
	shownTexts(w)
	if v.sheet == nil {
		t.Fatalf("the month is not shown: %q", v.State.Text)
	}
	g := v.Grid
	if len(g.outputs) != 1 || g.outputs[0].Code != "WP1" {
		t.Fatalf("grid columns: %v", g.outputs)
	}
	c := w.Canvas()
	c.Focus(g.Cell(1, 0)) // Tuesday 1 March 2022
	typeKeys(c, "6.5")
	c.FocusNext() // Tab: one output, so the next day
	typeKeys(c, "6,5")
	c.FocusNext()
	typeKeys(c, "6:30")
	c.FocusNext()
	if c.Focused() != g.Cell(4, 0) {
		t.Fatalf("Tab did not reach 2022-03-04: focused %v", c.Focused())
	}
	typeKeys(c, "7")
	press(w, fyne.KeyReturn)
	for day, want := range map[int]string{1: "6.5", 2: "6,5", 3: "6:30", 4: "7"} {
		if got := g.Cell(day, 0).Text; got != want {
			t.Errorf("cell 2022-03-%02d shows %q, typed %q", day, got, want)
		}
	}
	if g.Invalid() || !strings.Contains(v.State.Text, "26.5 h = 3.31 days") || !strings.Contains(v.State.Text, "unsaved") || v.Save.Disabled() {
		t.Errorf("while typing: state %q, problem %q, save disabled %v", v.State.Text, g.Problem.Text, v.Save.Disabled())
	}
	if screen := shownTexts(w); !strings.Contains(screen, "26.5\n") || !strings.Contains(screen, "3.31\n") {
		t.Errorf("the grid's totals are not shown:\n%s", screen)
	}
	test.Tap(v.Save)
	m.Wait()
	if g.Dirty() || !strings.Contains(v.Status.Text, "4 added") || !strings.Contains(v.State.Text, "26.5 h = 3.31 days · draft") {
		t.Errorf("after save: status %q, state %q", v.Status.Text, v.State.Text)
	}
	march := data.Month{Year: 2022, Month: 3}
	es, err := s.Entries(project, data.EntryFilter{Person: jonas.ID, Month: march})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range es {
		if e.Output != doc.Outputs[0].ID {
			t.Errorf("entry %s on output %s", e.Date, e.Output)
		}
		got[e.Date.String()] = e.Hours.String()
	}
	want := map[string]string{"2022-03-01": "6.5", "2022-03-02": "6.5", "2022-03-03": "6.5", "2022-03-04": "7"}
	if len(got) != len(want) {
		t.Errorf("stored entries: %v", got)
	}
	for d, h := range want {
		if got[d] != h {
			t.Errorf("stored %s = %q h, want %q", d, got[d], h)
		}
	}

	// 4. Submit, choose the manager, approve.
	if v.Submit.Disabled() {
		t.Fatal("Submit is disabled on a saved draft")
	}
	test.Tap(v.Submit)
	m.Wait()
	if !strings.Contains(v.State.Text, "submitted") || v.Approve.Disabled() {
		t.Fatalf("after submit: %q, approve disabled %v", v.State.Text, v.Approve.Disabled())
	}
	if sh, _ := s.MonthSheet(project, jonas.ID, march); sh == nil || sh.State != data.StateSubmitted {
		t.Errorf("stored after submit: %+v", sh)
	}
	annaLabel := "Anna Schmidt (VHSM, manager)"
	if len(v.Approver.Options) != 1 || v.Approver.Options[0] != annaLabel {
		t.Errorf("approvers offered: %q", v.Approver.Options)
	}
	v.Approver.SetSelected(annaLabel)
	test.Tap(v.Approve)
	m.Wait()
	if !strings.Contains(v.State.Text, "approved by Anna Schmidt") || !v.Approve.Disabled() || v.Reopen.Disabled() {
		t.Errorf("after approve: %q", v.State.Text)
	}
	if screen := shownTexts(w); !strings.Contains(screen, "approved by Anna Schmidt") || !strings.Contains(screen, "This month is approved") {
		t.Errorf("the approval is not shown:\n%s", screen)
	}
	sheet, err := s.MonthSheet(project, jonas.ID, march)
	if err != nil || sheet.State != data.StateApproved || sheet.ApprovedBy != "Anna Schmidt" {
		t.Errorf("stored after approve: %v %+v", err, sheet)
	}

	// 5. The month's PDF through the Timesheets tab's PDF button: Fyne's own save dialog (drawn in
	// the window, no OS dialog) proposes the sheet's name; it starts in the folder used last, which
	// the test sets to a temporary folder, and its Save button writes the PDF there.
	if v.PDF.Disabled() {
		t.Fatal("PDF disabled on the approved month")
	}
	pdfDir := t.TempDir()
	a.Preferences().SetString("fyne:fileDialogLastFolder", storage.NewFileURI(pdfDir).String())
	test.Tap(v.PDF)
	if !strings.Contains(shownOverlayTexts(w), "2022-03 Jonas Weber (teacher).pdf") {
		t.Errorf("the save dialog does not propose the sheet's name: %q", shownOverlayTexts(w))
	}
	pdf := filepath.Join(pdfDir, "2022-03 Jonas Weber (teacher).pdf")
	if save := overlayButton(w, "Save"); save != nil {
		test.Tap(save)
	} else {
		t.Errorf("the save dialog has no Save button: %q", shownOverlayTexts(w))
	}
	m.Wait()
	if m.Documents.LastFile != pdf {
		// The dialog did not write where it was shown: say so, and make the call its Save makes.
		t.Errorf("the save dialog wrote %q, not %q; exporting through the Documents view instead", m.Documents.LastFile, pdf)
		closeDialogs(w)
		selectTab(m, m.Documents.Content)
		m.Documents.Export(DocTimesheet, sheetRef(jonas.ID, march), pdf)
		m.Wait()
	}
	closeDialogs(w)
	if m.Tabs.Selected().Content != m.Documents.Content {
		t.Errorf("the PDF's progress is not shown: the Documents tab is not open")
	}
	b, err := os.ReadFile(pdf)
	if err != nil || len(b) == 0 || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("timesheet PDF: %v, %d bytes, starts %q", err, len(b), b[:min(len(b), 8)])
	}
	if !strings.Contains(m.Documents.Status.Text, "Written: "+pdf) || !m.Documents.Open.Visible() {
		t.Errorf("documents status after export: %q", m.Documents.Status.Text)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		if out, err := exec.Command("pdftotext", pdf, "-").Output(); err != nil || !strings.Contains(string(out), "Jonas Weber") {
			t.Errorf("the PDF's text: %v %q", err, out)
		}
	}

	// 6. Share the project, invite FZL, and let FZL's installation join from an empty database.
	srv := httptest.NewServer(&webdav.Handler{FileSystem: webdav.LocalFileSystem(t.TempDir())})
	defer srv.Close()
	url := srv.URL + "/" + acronym + "/"
	selectTab(m, m.Share.Content)
	sv := m.Share
	if !sv.Create.Visible() || sv.SyncNow.Visible() || !strings.Contains(sv.Status.Text, "not shared") {
		t.Fatalf("unshared project: %q", sv.Status.Text)
	}
	typeInto(sv.URL, url)
	typeInto(sv.Folder, t.TempDir())
	test.Tap(sv.Create)
	m.Wait()
	if !sv.SyncNow.Visible() || sv.Create.Visible() || !sv.Invite.Visible() || !strings.Contains(sv.Status.Text, "Role: coordinator") {
		t.Fatalf("after sharing: %q; dialogs %q", sv.Status.Text, shownOverlayTexts(w))
	}
	// The Invite button asks for the organisation; its "Make the code" calls ShareView.InvitePartner.
	test.Tap(sv.Invite)
	pick := overlaySelect(w)
	if pick == nil || len(pick.Options) != 1 || pick.Options[0] != "FZL – Fundacja Zielona Łódź" {
		t.Fatalf("the invitation form offers %v", pick)
	}
	pick.SetSelected(pick.Options[0])
	tapOverlayButton(t, w, "Make the code")
	m.Wait()
	if sv.LastCode == "" || !strings.Contains(shownOverlayTexts(w), "Send this code to FZL") {
		t.Fatalf("invitation: code %q, shown %q", sv.LastCode, shownOverlayTexts(w))
	}
	if !strings.Contains(sv.Status.Text, "Open invitation for FZL") {
		t.Errorf("the open invitation is not listed: %q", sv.Status.Text)
	}
	closeDialogs(w)

	ps := openStore(t)
	pw := a.NewWindow("partner")
	partner := BuildWith(pw, ps, &memSecrets{m: map[string]string{}})
	pw.SetContent(partner.Content())
	pw.Resize(fyne.NewSize(1280, 720))
	if !strings.Contains(shownTexts(pw), "Welcome to Partnerdesk") {
		t.Fatal("the partner's empty database does not greet")
	}
	// The welcome panel's join button opens the form (URL, user, password, code, folder); its Join
	// calls Main.JoinShareWith with what was typed.
	join := findButton(partner.Welcome, "Join a partner's share…")
	if join == nil {
		t.Fatal("the welcome panel has no join button")
	}
	test.Tap(join)
	if entries := overlayEntries(pw); len(entries) == 5 {
		test.Type(entries[0], url)
		test.Type(entries[3], sv.LastCode)
		test.Type(entries[4], t.TempDir())
		tapOverlayButton(t, pw, "Join")
	} else {
		t.Errorf("the join form has %d entries, not 5; joining with JoinShareWith", len(entries))
		closeDialogs(pw)
		partner.JoinShareWith(&JoinFields{URL: url, Folder: t.TempDir(), Code: sv.LastCode})
	}
	partner.Wait()
	if !strings.HasPrefix(partner.Heading.Text, acronym) || !strings.Contains(partner.Share.Status.Text, "Role: partner") ||
		!strings.Contains(partner.Share.Status.Text, "coordinator VHSM: key ") {
		t.Fatalf("partner after join: %q / %q; dialogs %q", partner.Heading.Text, partner.Share.Status.Text, shownOverlayTexts(pw))
	}
	if !strings.Contains(shownOverlayTexts(pw), "This installation now writes for FZL") {
		t.Errorf("the join is not confirmed: %q", shownOverlayTexts(pw))
	}
	closeDialogs(pw)
	selectTab(partner, partner.People.Content)
	if screen := shownTexts(pw); !strings.Contains(screen, "Anna Schmidt") || !strings.Contains(screen, "Jonas Weber") {
		t.Errorf("the partner does not see the project's people:\n%s", screen)
	}
	test.Tap(partner.Share.SyncNow)
	partner.Wait()
	test.Tap(sv.SyncNow)
	m.Wait()
	if shown := shownOverlayTexts(w) + shownOverlayTexts(pw); shown != "" {
		t.Errorf("a sync showed a dialog: %q", shown)
	}
	st := sv.Status.Text
	if !strings.Contains(st, "Last sync") || !strings.Contains(st, "partner FZL: key ") || !strings.Contains(st, "Records files of partners: 1") ||
		strings.Contains(st, "Refused") || strings.Contains(st, "Open invitation for FZL") {
		t.Errorf("coordinator's status after the syncs: %q", st)
	}
	// The approved month reached the partner's installation with the records.
	if sh, err := ps.MonthSheet(partner.doc.Project.ID, jonas.ID, march); err != nil || sh.State != data.StateApproved || len(sh.Entries) != 4 {
		t.Errorf("the partner's copy of the month: %v %+v", err, sh)
	}
}
