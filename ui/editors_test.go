package ui

import (
	"io"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

const (
	gsProject = "0192a000-0000-7000-8000-000000000001"
	gsVHS     = "0192a000-0000-7000-8000-000000000010"
	gsFZL     = "0192a000-0000-7000-8000-000000000011"
	gsC1      = "0192a000-0000-7000-8000-000000000042"
)

// tapOverlayButton taps the button with the text on the topmost dialog.
func tapOverlayButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
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
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to tap %q on", text)
	}
	walk(top)
	if found == nil {
		t.Fatalf("the dialog has no button %q: %s", text, textsOf(top))
	}
	test.Tap(found)
}

// closeDialogs removes the dialogs a test has read.
func closeDialogs(w fyne.Window) {
	for w.Canvas().Overlays().Top() != nil {
		w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	}
}

// typeInto replaces an entry's text as a person does: select all, then type.
func typeInto(e *widget.Entry, s string) {
	e.SetText("")
	test.Type(e, s)
}

func emptyWindow(t *testing.T) (*data.Store, fyne.Window, *Main) {
	t.Helper()
	a := test.NewTempApp(t)
	s := openStore(t)
	w := a.NewWindow("Partnerdesk")
	m := Build(w, s)
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1280, 720))
	return s, w, m
}

func TestCreateProjectThroughTheForm(t *testing.T) {
	s, w, m := emptyWindow(t)
	m.ShowNewProject()
	f := m.NewProject
	// A serial one digit short is refused as typed, under the number, and nothing is derived.
	typeInto(f.Number, "2021-1-DE02-KA220-ADU-00002948")
	if e := f.Form.Field("number").Error; !e.Visible() || !strings.Contains(e.Text, `serial "00002948" must be 9 or 10 digits`) {
		t.Errorf("bad number: error %q (shown %v)", e.Text, e.Visible())
	}
	typeInto(f.Acronym, "SKILLBRIDGE")
	typeInto(f.Title, "Bridging vocational skills across the Baltic and the Black Sea")
	typeInto(f.Start, "2021-11-01")
	typeInto(f.End, "2023-10-31")
	typeInto(f.CoordName, "Fundacja Zielona Łódź")
	typeInto(f.CoordShort, "FZL")
	typeInto(f.CoordCountry, "pl")
	typeInto(f.CoordOID, "E1234")
	if e := f.Form.Field("partner.oid").Error; !e.Visible() || !strings.Contains(e.Text, "an OID must be E and 8 digits") {
		t.Errorf("bad OID as typed: %q", e.Text)
	}
	test.Tap(f.Create)
	if list, _ := s.Projects(); len(list) != 0 {
		t.Fatalf("a project with a bad number was stored: %v", list)
	}
	// Cancelling keeps what was typed for the next time.
	test.Tap(f.Cancel)
	if !strings.Contains(shownTexts(w), "Welcome to Partnerdesk") {
		t.Errorf("cancel did not go back to the welcome panel")
	}
	m.ShowNewProject()
	if m.NewProject != f || f.Acronym.Text != "SKILLBRIDGE" || f.CoordName.Text != "Fundacja Zielona Łódź" {
		t.Fatalf("typed values lost: %q %q", f.Acronym.Text, f.CoordName.Text)
	}
	typeInto(f.Number, "2021-1-DE02-KA220-ADU-000029489")
	if !strings.Contains(f.Derived.Text, "KA220-ADU") || !strings.Contains(f.Derived.Text, "erasmus2021") || !f.lumpField.Label.Visible() {
		t.Errorf("derived %q, lump sum shown %v", f.Derived.Text, f.lumpField.Label.Visible())
	}
	typeInto(f.CoordOID, "E10012345")
	// The store refuses a 2021–2027 project without a lump sum, and says so under the field.
	test.Tap(f.Create)
	if e := f.Form.Field("lump_sum").Error; !e.Visible() || !strings.Contains(e.Text, "Lump sum: is missing") {
		t.Errorf("missing lump sum: %q", e.Text)
	}
	if f.Number.Text != "2021-1-DE02-KA220-ADU-000029489" || f.Title.Text == "" {
		t.Error("typed values lost after a refusal")
	}
	typeInto(f.LumpSum, "250,000")
	test.Tap(f.Create)
	if f.Finish == nil {
		t.Fatalf("no step two; problem %q", f.Form.Problem.Text)
	}
	// Step two: a partner and a work package.
	r := f.Partners[0]
	typeInto(r[0], "Сдружение „Зелено бъдеще“")
	typeInto(r[1], "ZB")
	typeInto(r[2], "BG")
	test.Tap(f.AddOutput)
	typeInto(f.Outputs[0][0], "WP1")
	typeInto(f.Outputs[0][1], "Project management")
	typeInto(f.Outputs[1][0], "WP2")
	typeInto(f.Outputs[1][1], "Skills map")
	test.Tap(f.Finish)
	if !strings.HasPrefix(m.Heading.Text, "SKILLBRIDGE") {
		t.Fatalf("the new project is not shown: %q; problem %q", m.Heading.Text, f.Problem.Text)
	}
	doc, err := s.Load(m.doc.Project.ID, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Project
	if p.Action != "KA220-ADU" || p.Rules != data.Rules2021 || p.LumpSum != data.EuroToCents(250000) || p.Start.String() != "2021-11-01" {
		t.Errorf("stored project: %+v", p)
	}
	if len(doc.Partners) != 2 || doc.PartnerByID(p.Coordinator).ShortName != "FZL" || doc.PartnerByID(p.Coordinator).Country != "PL" {
		t.Errorf("stored partners: %+v", doc.Partners)
	}
	if len(doc.Outputs) != 2 || doc.Outputs[0].Kind != data.OutputWorkPackage {
		t.Errorf("stored outputs: %+v", doc.Outputs)
	}
	selectTab(m, m.Project.Content)
	if screen := shownTexts(w); !strings.Contains(screen, "250,000.00 €") {
		t.Errorf("project tab does not show the lump sum as money: %s", screen)
	}
}

func TestEditorsAddEditDelete(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	selectTab(m, m.Partners.Content)
	v := m.Partners
	test.Tap(v.Add)
	typeInto(v.Name, "Instituto de Formación Profesional Miguel de Cervantes de Alcalá de Henares")
	typeInto(v.ShortName, "IFP")
	typeInto(v.Country, "ES")
	typeInto(v.OID, "E1001234")
	typeInto(v.Region, "ES-MD")
	typeInto(v.WorkingDay, "7,5")
	typeInto(v.Rates[data.CatTeacher], "137")
	typeInto(v.Granted[data.BudgetManagement], "6,000.00 €")
	if e := v.Form.Field("oid").Error; !e.Visible() || !strings.Contains(e.Text, "OID: organisation ID") {
		t.Errorf("bad OID as typed: %q", e.Text)
	}
	test.Tap(v.Save)
	if doc, _ := s.Load(gsProject, data.LoadOptions{}); len(doc.Partners) != 4 {
		t.Fatalf("a partner with a bad OID was stored")
	}
	if e := v.Form.Field("oid").Error; !strings.Contains(e.Text, "an OID must be E and 8 digits") {
		t.Errorf("save with a bad OID: %q", e.Text)
	}
	typeInto(v.OID, "E10012399")
	typeInto(v.Region, "PT-11")
	test.Tap(v.Save)
	if e := v.Form.Field("region").Error; !e.Visible() || !strings.Contains(e.Text, "PT-11 is not a region of ES") {
		t.Errorf("region of another country: %q", e.Text)
	}
	typeInto(v.Region, "ES-MD")
	test.Tap(v.Save)
	doc, _ := s.Load(gsProject, data.LoadOptions{})
	var ifp *data.Partner
	for i := range doc.Partners {
		if doc.Partners[i].ShortName == "IFP" {
			ifp = &doc.Partners[i]
		}
	}
	if ifp == nil || ifp.OID != "E10012399" || ifp.WorkingDay != 450*60 || ifp.Rates[data.CatTeacher] != 13700 ||
		ifp.Granted[data.BudgetManagement] != 600000 || ifp.Region != "ES-MD" {
		t.Fatalf("stored partner: %+v; problem %q", ifp, v.Form.Problem.Text)
	}
	if ph := v.Rates[data.CatManager].PlaceHolder; ph != "164.00 € (rule set)" {
		t.Errorf("Spain's manager rate offered as %q", ph)
	}
	// The long name is shown whole above the form, and the amounts as money.
	if v.Heading.Text != ifp.Name || v.Granted[data.BudgetManagement].Text != "6,000.00 €" {
		t.Errorf("after save: heading %q, granted %q", v.Heading.Text, v.Granted[data.BudgetManagement].Text)
	}

	// A person of the new partner.
	selectTab(m, m.People.Content)
	p := m.People
	test.Tap(p.Add)
	typeInto(p.Name, "Lucía Fernández")
	p.Organisation.set(ifp.ID)
	p.Category.set(data.CatTeacher)
	typeInto(p.Email, "lucia@")
	test.Tap(p.Save)
	if e := p.Form.Field("email").Error; !e.Visible() || !strings.Contains(e.Text, "E-mail:") {
		t.Errorf("bad e-mail: %q", e.Text)
	}
	typeInto(p.Email, "lucia@ifp.example.es")
	test.Tap(p.Save)
	doc, _ = s.Load(gsProject, data.LoadOptions{})
	var lucia *data.Person
	for i := range doc.People {
		if doc.People[i].Name == "Lucía Fernández" {
			lucia = &doc.People[i]
		}
	}
	if lucia == nil || lucia.Partner != ifp.ID || lucia.Category != data.CatTeacher || lucia.Rev != 1 {
		t.Fatalf("stored person: %+v; problem %q", lucia, p.Form.Problem.Text)
	}
	if screen := shownTexts(w); !strings.Contains(screen, "Lucía Fernández") || !strings.Contains(screen, ifp.Name) {
		t.Errorf("people tab does not list her: %s", screen)
	}
	// A reload of the project, as after a sync, keeps what is being typed.
	typeInto(p.Email, "lucia.fernandez@ifp.example.es")
	m.SelectProject(m.selected)
	if p.Email.Text != "lucia.fernandez@ifp.example.es" || p.Name.Text != "Lucía Fernández" {
		t.Errorf("a reload overwrote the form: %q", p.Email.Text)
	}
	typeInto(p.Email, "lucia@ifp.example.es")
	// Edit: a new revision of the same record.
	p.Supervisor.SetChecked(true)
	test.Tap(p.Save)
	doc, _ = s.Load(gsProject, data.LoadOptions{})
	if got := doc.PersonByID(lucia.ID); got == nil || !got.Supervisor || got.Rev != 2 {
		t.Errorf("after edit: %+v", got)
	}
	// Delete asks first, then leaves a tombstone.
	test.Tap(p.Delete)
	if !strings.Contains(shownOverlayTexts(w), "Delete Lucía Fernández?") {
		t.Fatalf("no confirmation: %q", shownOverlayTexts(w))
	}
	tapOverlayButton(t, w, "Yes")
	doc, _ = s.Load(gsProject, data.LoadOptions{})
	if doc.PersonByID(lucia.ID) != nil || m.People.Len() != 6 {
		t.Errorf("deleted person still listed")
	}
	all, _ := s.Load(gsProject, data.LoadOptions{Deleted: true})
	if got := all.PersonByID(lucia.ID); got == nil || !got.Deleted || got.Rev != 3 {
		t.Errorf("tombstone: %+v", got)
	}
	// A partner that people still belong to is not deleted.
	selectTab(m, m.Partners.Content)
	for i := 0; i < v.Len(); i++ {
		if v.ID(i) == gsFZL {
			v.Select(i)
		}
	}
	test.Tap(v.Delete)
	tapOverlayButton(t, w, "Yes")
	if !strings.Contains(shownOverlayTexts(w), "FZL is not deleted: 2 people") {
		t.Errorf("deleting a partner with staff: %q", shownOverlayTexts(w))
	}
}

func TestOutputEditorPlannedDays(t *testing.T) {
	s, _, m := exampleWindow(t, 1280, 720)
	selectTab(m, m.Outputs.Content)
	v := m.Outputs
	v.Select(0)
	if v.Code.Text != "O1" || v.Planned[gsFZL][data.CatTeacher].Text == "" {
		t.Fatalf("O1 not shown with its planned days: %q", v.Code.Text)
	}
	typeInto(v.Planned[gsFZL][data.CatManager], "2.5")
	typeInto(v.Planned[gsVHS][data.CatAdmin], "x")
	test.Tap(v.Save)
	if e := v.Form.Field("planned").Error; !e.Visible() || !strings.Contains(e.Text, "VHS, administrative staff") {
		t.Errorf("bad planned days: %q", e.Text)
	}
	typeInto(v.Planned[gsVHS][data.CatAdmin], "")
	test.Tap(v.Save)
	doc, _ := s.Load(gsProject, data.LoadOptions{})
	found := false
	for _, pl := range doc.Outputs[0].Planned {
		found = found || (pl.Partner == gsFZL && pl.Category == data.CatManager && pl.Days == 250)
	}
	if !found {
		t.Errorf("planned days not stored: %+v", doc.Outputs[0].Planned)
	}
}

func TestRecordsOfAnotherInstallationAreReadOnly(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	// This installation writes for FZL; the coordinator's installation is another one.
	if err := s.SetAuthority(gsProject, &data.Authority{Coordinator: "inst-coord", Members: map[string]string{s.Installation(): gsFZL}}); err != nil {
		t.Fatal(err)
	}
	anna := data.Person{ID: data.NewID(), Partner: gsVHS, Name: "Anna Steiner", Category: data.CatTeacher}
	if _, err := s.Import(&data.Document{Format: data.Format, Installation: "inst-coord", People: []data.Person{anna}},
		data.ImportOptions{Project: gsProject, Source: "records/inst-coord.json", Owner: "inst-coord"}); err != nil {
		t.Fatal(err)
	}
	m.recordsChanged()
	selectTab(m, m.People.Content)
	p := m.People
	for i := 0; i < p.Len(); i++ {
		if p.ID(i) == anna.ID {
			p.Select(i)
		}
	}
	if !p.Notice.Visible() || !strings.Contains(p.Notice.Text, "belongs to the coordinator's installation") || p.Save.Visible() || !p.Name.Disabled() {
		t.Errorf("the coordinator's person: notice %q, save shown %v, name disabled %v", p.Notice.Text, p.Save.Visible(), p.Name.Disabled())
	}
	if !strings.Contains(shownTexts(w), "Read-only: belongs to the coordinator's installation") {
		t.Error("the window does not say whose the record is")
	}
	// FZL's own staff stay editable here.
	for i := 0; i < p.Len(); i++ {
		if pe := m.doc.People[i]; pe.Partner == gsFZL {
			p.Select(i)
			break
		}
	}
	if p.Notice.Visible() || !p.Save.Visible() || p.Name.Disabled() {
		t.Errorf("FZL's own person is read-only: %q", p.Notice.Text)
	}
	// A person for VHS, which has its own installation, is refused by the store and the refusal shown.
	test.Tap(p.Add)
	typeInto(p.Name, "Max Gruber")
	p.Organisation.set(gsVHS)
	p.Category.set(data.CatAdmin)
	test.Tap(p.Save)
	if !strings.Contains(p.Form.Problem.Text, "Not saved: person Max Gruber: belongs to VHS") {
		t.Errorf("refusal not shown: %q", p.Form.Problem.Text)
	}
	// Partners, outputs and events are the coordinator's to change.
	selectTab(m, m.Partners.Content)
	m.Partners.Select(1)
	if !strings.Contains(m.Partners.Notice.Text, "only the coordinator's installation may change the project's partners") {
		t.Errorf("partner notice: %q", m.Partners.Notice.Text)
	}
	if !strings.Contains(m.Project.Notice.Text, "only the coordinator's installation") || m.Project.Save.Visible() {
		t.Errorf("project notice: %q", m.Project.Notice.Text)
	}
}

func TestParticipantsFromCSV(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	selectTab(m, m.Events.Content)
	v := m.Events
	for i := 0; i < v.Len(); i++ {
		if v.ID(i) == gsC1 {
			v.Select(i)
		}
	}
	before := v.Participants.Len()
	count := func() int {
		doc, _ := s.Load(gsProject, data.LoadOptions{})
		n := 0
		for _, p := range doc.Participants {
			if p.Event == gsC1 {
				n++
			}
		}
		return n
	}
	good := "name,organisation,country,partner,distance_km,days,role\n" +
		"Ελένη Παπαδοπούλου,Κέντρο Διά Βίου Μάθησης Πάτρας,EL,KDBM,1280,5,staff\n" +
		"\"Kowalski, Jan\",Fundacja Zielona Łódź,PL,FZL,880,5,learner\n"
	v.Participants.PreviewCSV(strings.NewReader(good), "c1.csv")
	preview := shownOverlayTexts(w)
	if !strings.Contains(preview, "2 participants will be added to C1") || !strings.Contains(preview, "Kowalski, Jan") {
		t.Fatalf("preview: %q", preview)
	}
	if count() != before {
		t.Fatal("the preview stored participants")
	}
	tapOverlayButton(t, w, "Add")
	m.Wait()
	if count() != before+2 || v.Participants.Len() != before+2 {
		t.Fatalf("after import: %d stored, %d listed, want %d", count(), v.Participants.Len(), before+2)
	}
	// A value that is no number (the error dialog starts its message with a capital) is named by row and column; nothing is added.
	closeDialogs(w)
	bad := "name,organisation,country,partner,distance_km,days,role\n" +
		"Ana García,IES Sevilla,ES,,2900,5,learner\n" +
		"Pedro Ruiz,IES Sevilla,ES,,far,5,learner\n"
	v.Participants.PreviewCSV(strings.NewReader(bad), "bad.csv")
	if msg := shownOverlayTexts(w); !strings.Contains(msg, "ad.csv: row 3 (Pedro Ruiz), column distance_km") {
		t.Errorf("bad number: %q", msg)
	}
	// A value the store refuses is named by row and column too, and the whole file is refused.
	closeDialogs(w)
	refused := "name,organisation,country,partner,distance_km,days,role\n" +
		"Ana García,IES Sevilla,ES,,2900,5,learner\n" +
		"Pedro Ruiz,IES Sevilla,Spain,,2900,5,learner\n"
	v.Participants.PreviewCSV(strings.NewReader(refused), "refused.csv")
	tapOverlayButton(t, w, "Add")
	m.Wait()
	if msg := shownOverlayTexts(w); !strings.Contains(msg, "efused.csv: row 3 (Pedro Ruiz), column country") {
		t.Errorf("refused row: %q", msg)
	}
	if count() != before+2 {
		t.Errorf("a refused file added participants: %d", count())
	}
	// An unknown partner is named too.
	if _, _, err := ParseParticipantsCSV(strings.NewReader("name,partner\nX,ACME\n"), m.doc, gsC1); err == nil ||
		!strings.Contains(err.Error(), `row 2 (X), column partner: no organisation of the project is called "ACME"`) {
		t.Errorf("unknown partner: %v", err)
	}
}

func TestImportFileThroughTheWindow(t *testing.T) {
	s, w, m := emptyWindow(t)
	// A file with one bad OID is refused whole, in plain words.
	raw, err := os.ReadFile("../data/testdata/greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(raw), `"E10000001"`, `"E1001"`, 1)
	if broken == string(raw) {
		t.Fatal("test file has no OID E10000001")
	}
	m.ImportFile(io.NopCloser(strings.NewReader(broken)), "broken.json")
	m.Wait()
	if msg := shownOverlayTexts(w); !strings.Contains(msg, "Nothing was imported: broken.json: partners[0]") || !strings.Contains(msg, "oid") {
		t.Errorf("broken file: %q", msg)
	}
	if list, _ := s.Projects(); len(list) != 0 {
		t.Fatalf("a refused file left %d projects", len(list))
	}
	closeDialogs(w)
	f, err := os.Open("../data/testdata/greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	m.ImportFile(f, "greenskills.json")
	m.Wait()
	if !strings.HasPrefix(m.Heading.Text, "GREENSKILLS") || m.Partners.Len() != 4 {
		t.Fatalf("imported project not shown: %q", m.Heading.Text)
	}
	if msg := shownOverlayTexts(w); !strings.Contains(msg, "GREENSKILLS:") {
		t.Errorf("no summary: %q", msg)
	}
}

func TestEditorsFit1280x720(t *testing.T) {
	_, _, m := exampleWindow(t, 1280, 720)
	// Beside the project list (its buttons set its width), with the heading above.
	side := m.JoinButton.MinSize().Width + 2*theme.Padding() + 20
	for _, c := range []fyne.CanvasObject{m.Project.Content, m.Partners.Content, m.People.Content, m.Outputs.Content, m.Events.Content} {
		if min := c.MinSize(); min.Width+side > 1280 || min.Height+200 > 720 {
			t.Errorf("an editor needs %v", min)
		}
	}
	_, _, e := emptyWindow(t)
	e.ShowNewProject()
	if min := e.Content().MinSize(); min.Width > 1280 || min.Height > 720 {
		t.Errorf("new-project form needs %v", min)
	}
}

func TestEventAndParticipantEditors(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	selectTab(m, m.Events.Content)
	v := m.Events
	test.Tap(v.Add)
	typeInto(v.Code, "M2")
	v.Kind.set(data.EventMeeting)
	typeInto(v.Title, "Second transnational meeting")
	v.Host.set(gsFZL)
	typeInto(v.Start, "2020-03-10")
	typeInto(v.End, "2020-03-09")
	typeInto(v.City, "Łódź")
	typeInto(v.Country, "PL")
	v.Outputs.SetSelected([]string{v.Outputs.Options[0]})
	test.Tap(v.Save)
	if e := v.Form.Field("end").Error; !e.Visible() || !strings.Contains(e.Text, "End: 9 March 2020 is before the start 10 March 2020") {
		t.Errorf("end before start: %q", e.Text)
	}
	typeInto(v.End, "2020-03-11")
	test.Tap(v.Save)
	doc, _ := s.Load(gsProject, data.LoadOptions{})
	m2, err := data.FindEvent(doc, "M2")
	if err != nil || m2.Host != gsFZL || len(m2.Outputs) != 1 || m2.Country != "PL" {
		t.Fatalf("stored event: %+v %v; problem %q", m2, err, v.Form.Problem.Text)
	}
	// Its first participant, typed in.
	v.Sections.SelectIndex(1)
	p := v.Participants
	if p.Len() != 0 || p.Add.Disabled() {
		t.Fatalf("new event has %d participants, add disabled %v", p.Len(), p.Add.Disabled())
	}
	test.Tap(p.Add)
	typeInto(p.Name, "Ελένη Παπαδοπούλου")
	typeInto(p.Organisation, "Κέντρο Διά Βίου Μάθησης Πάτρας")
	typeInto(p.Country, "EL")
	p.Partner.set("0192a000-0000-7000-8000-000000000012")
	typeInto(p.Distance, "1,600")
	test.Tap(p.Save)
	if e := p.Form.Field("distance_km").Error; !e.Visible() || !strings.Contains(e.Text, `"1,600" is not a whole number`) {
		t.Errorf("bad distance: %q", e.Text)
	}
	typeInto(p.Distance, "1600")
	test.Tap(p.Save)
	if p.Len() != 1 || !strings.Contains(shownTexts(w), "1600 km") {
		t.Fatalf("participant not listed: %d; problem %q", p.Len(), p.Form.Problem.Text)
	}
	// Deleting the event leaves tombstones of it and its participants.
	test.Tap(v.Delete)
	tapOverlayButton(t, w, "Yes")
	all, _ := s.Load(gsProject, data.LoadOptions{Deleted: true})
	deleted := 0
	for _, e := range all.Events {
		if e.ID == m2.ID && e.Deleted {
			deleted++
		}
	}
	for _, x := range all.Participants {
		if x.Event == m2.ID && x.Deleted {
			deleted++
		}
	}
	if deleted != 2 || v.Len() != 3 {
		t.Errorf("tombstones %d, events listed %d", deleted, v.Len())
	}
}

func TestProjectEditor(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	v := m.Project
	if v.Number.Text != "2019-1-AT01-KA204-051234" || !strings.Contains(v.Derived.Text, "KA204") || v.lumpField.Label.Visible() {
		t.Fatalf("project tab: %q %q", v.Number.Text, v.Derived.Text)
	}
	typeInto(v.Number, "2019-1-at01-KA204-051234")
	if e := v.Form.Field("number").Error; !e.Visible() || !strings.Contains(e.Text, "must be upper case (AT01)") {
		t.Errorf("lower-case NA code: %q", e.Text)
	}
	typeInto(v.Acronym, "GREENSKILLS+")
	test.Tap(v.Save)
	if p, _ := s.FindProject(gsProject); p.Acronym != "GREENSKILLS" {
		t.Fatalf("a bad number was saved: %+v", p)
	}
	typeInto(v.Number, "2019-1-AT01-KA204-051234")
	test.Tap(v.Save)
	if p, _ := s.FindProject(gsProject); p.Acronym != "GREENSKILLS+" || p.Rev != 2 {
		t.Errorf("after save: %+v; problem %q", p, v.Form.Problem.Text)
	}
	if !strings.HasPrefix(m.Heading.Text, "GREENSKILLS+") {
		t.Errorf("heading %q", m.Heading.Text)
	}
	// Deleting the project leaves a tombstone and the welcome panel.
	test.Tap(v.Delete)
	tapOverlayButton(t, w, "Yes")
	if list, _ := s.Projects(); len(list) != 0 || !strings.Contains(shownTexts(w), "Welcome to Partnerdesk") {
		t.Errorf("after delete: %v", list)
	}
	if doc, err := s.Load(gsProject, data.LoadOptions{Deleted: true}); err != nil || !doc.Project.Deleted {
		t.Errorf("no tombstone: %v", err)
	}
}
