package ui

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// EventsEditor lists the meetings, multiplier events and learning activities, and edits the selected
// one and its participants.
type EventsEditor struct {
	*recordEditor
	Code, Title, Start, End, City, Country *widget.Entry
	Kind                                   *choice
	Host                                   *partnerSelect
	Outputs                                *widget.CheckGroup
	outputIDs                              []string
	// Participants edits the people attending the selected event.
	Participants *ParticipantsEditor
	// Sections holds the event's form and its participants.
	Sections *container.AppTabs
	m        *Main
}

func newEventsEditor(m *Main) *EventsEditor {
	v := &EventsEditor{m: m}
	v.recordEditor = newRecordEditor(m, v, "event", lang.L("Add an event"))
	v.Code, v.Title, v.Start, v.End, v.City, v.Country = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	v.Start.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	v.End.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	v.Kind = newChoice([]string{data.EventMeeting, data.EventMultiplier, data.EventLearning})
	v.Host = newPartnerSelect(false)
	v.Outputs = widget.NewCheckGroup(nil, nil)
	f := v.Form
	f.add(lang.L("Code"), v.Code, "code")
	f.add(lang.L("Kind"), v.Kind, "kind")
	f.add(lang.L("Title"), v.Title, "title")
	f.add(lang.L("Host"), v.Host, "host")
	f.add(lang.L("Start"), v.Start, "start")
	f.add(lang.L("End"), v.End, "end")
	f.add(lang.L("City"), v.City, "city")
	f.add(lang.L("Country"), v.Country, "country")
	f.add(lang.L("Outputs"), v.Outputs, "outputs")
	v.Participants = newParticipantsEditor(m, v)
	v.Sections = container.NewAppTabs(
		container.NewTabItem(lang.L("Event"), v.Detail),
		container.NewTabItem(lang.L("Participants"), v.Participants.Content))
	split := container.NewHSplit(container.NewBorder(v.Add, nil, nil, nil, v.List), v.Sections)
	split.Offset = 0.3
	v.Content = split
	return v
}

func (v *EventsEditor) load(doc *data.Document) {
	v.Host.load(doc)
	v.Participants.Partner.load(doc)
	v.outputIDs = nil
	var opts []string
	for _, o := range doc.Outputs {
		v.outputIDs = append(v.outputIDs, o.ID)
		opts = append(opts, o.Code+" "+o.Title)
	}
	v.Outputs.Options = opts
	v.Outputs.Refresh()
	v.scope = doc.Project.ID
	v.recordEditor.load()
}

// event is the event in the form, nil for a new one.
func (v *EventsEditor) event() *data.Event {
	if v.m.doc == nil || v.current < 0 || v.current >= len(v.m.doc.Events) {
		return nil
	}
	return &v.m.doc.Events[v.current]
}

// Len is the number of events.
func (v *EventsEditor) Len() int {
	if v.m.doc == nil {
		return 0
	}
	return len(v.m.doc.Events)
}

// Item is an event's code and title, with its kind, place, dates and participants.
func (v *EventsEditor) Item(i int) (string, string) {
	e := v.m.doc.Events[i]
	n := 0
	for _, p := range v.m.doc.Participants {
		if p.Event == e.ID {
			n++
		}
	}
	return e.Code + " " + e.Title, joinNonEmpty(" · ", kindLabel(e.Kind), joinNonEmpty(", ", e.City, e.Country),
		fmt.Sprintf("%s – %s", formatDate(e.Start), formatDate(e.End)), fmt.Sprintf("%d %s", n, lang.L("participants")))
}

// ID is the event's record ID.
func (v *EventsEditor) ID(i int) string { return v.m.doc.Events[i].ID }

// Fill shows event i (or a blank one) and its participants.
func (v *EventsEditor) Fill(i int) {
	var e data.Event
	if i >= 0 {
		e = v.m.doc.Events[i]
	}
	v.Code.SetText(e.Code)
	v.Kind.set(e.Kind)
	v.Title.SetText(e.Title)
	v.Host.set(e.Host)
	v.Start.SetText(dateText(e.Start))
	v.End.SetText(dateText(e.End))
	v.City.SetText(e.City)
	v.Country.SetText(e.Country)
	var sel []string
	for _, id := range e.Outputs {
		for j, oid := range v.outputIDs {
			if oid == id {
				sel = append(sel, v.Outputs.Options[j])
			}
		}
	}
	v.Outputs.SetSelected(sel)
	v.Participants.event = e.ID
	v.Participants.load()
}

// Store stores the form as event i.
func (v *EventsEditor) Store(i int) (string, error) {
	e := data.Event{ID: data.NewID()}
	if i >= 0 {
		e = v.m.doc.Events[i]
		e.Meta = data.Meta{}
	}
	e.Code, e.Kind, e.Title = strings.TrimSpace(v.Code.Text), v.Kind.value(), strings.TrimSpace(v.Title.Text)
	e.Host, e.City, e.Country = v.Host.id(), strings.TrimSpace(v.City.Text), strings.ToUpper(strings.TrimSpace(v.Country.Text))
	var okS, okE bool
	e.Start, okS = parseDateField(v.Form, "start", v.Start.Text)
	e.End, okE = parseDateField(v.Form, "end", v.End.Text)
	if !okS || !okE {
		return "", errTyped
	}
	e.Outputs = nil
	for j, opt := range v.Outputs.Options {
		for _, s := range v.Outputs.Selected {
			if s == opt {
				e.Outputs = append(e.Outputs, v.outputIDs[j])
			}
		}
	}
	return e.ID, v.m.saveRecords(&data.Document{Events: []data.Event{e}}, "edit", "event "+e.Code+" saved")
}

// Remove leaves a tombstone of event i and of its participants.
func (v *EventsEditor) Remove(i int) error {
	e := v.m.doc.Events[i]
	now := v.m.store.Now().UTC()
	e.Deleted, e.Rev, e.Updated = true, e.Rev+1, now
	doc := &data.Document{Events: []data.Event{e}}
	for _, p := range v.m.doc.Participants {
		if p.Event == e.ID {
			p.Deleted, p.Rev, p.Updated = true, p.Rev+1, now
			doc.Participants = append(doc.Participants, p)
		}
	}
	return v.m.saveRecords(doc, "delete", fmt.Sprintf("event %s deleted with %d participants", e.Code, len(doc.Participants)))
}

// Refusal says why this installation may not change event i.
func (v *EventsEditor) Refusal(i int) string {
	if i < 0 {
		return v.m.refusal(data.KindEvent, "", nil)
	}
	return v.m.refusal(data.KindEvent, "", &v.m.doc.Events[i].Meta)
}

// ParticipantsEditor lists the selected event's participants and edits one; a CSV file adds many.
type ParticipantsEditor struct {
	*recordEditor
	Name, Organisation, Country, Distance, Days, Start, End *widget.Entry
	Partner                                                 *partnerSelect
	Role                                                    *choice
	ImportCSV                                               *widget.Button
	event                                                   string // the event's ID
	rows                                                    []int  // indexes into the document's participants
	events                                                  *EventsEditor
	m                                                       *Main
}

func newParticipantsEditor(m *Main, events *EventsEditor) *ParticipantsEditor {
	v := &ParticipantsEditor{m: m, events: events}
	v.recordEditor = newRecordEditor(m, v, "participant", lang.L("Add a participant"))
	v.Name, v.Organisation, v.Country = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	v.Distance, v.Days, v.Start, v.End = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	v.Distance.SetPlaceHolder(lang.L("one way, from the sending organisation"))
	v.Start.SetPlaceHolder(lang.L("the event's, when empty"))
	v.End.SetPlaceHolder(lang.L("the event's, when empty"))
	v.Partner = newPartnerSelect(true)
	v.Role = newChoice([]string{"", data.RoleStaff, data.RoleLearner})
	f := v.Form
	f.add(lang.L("Name"), v.Name, "name")
	f.add(lang.L("Organisation"), v.Organisation, "organisation")
	f.add(lang.L("Country"), v.Country, "country")
	f.add(lang.L("Staff of partner"), v.Partner, "partner")
	f.add(lang.L("Distance (km)"), v.Distance, "distance_km")
	f.add(lang.L("Days"), v.Days, "days")
	f.add(lang.L("Role"), v.Role, "role")
	f.add(lang.L("Start"), v.Start, "start")
	f.add(lang.L("End"), v.End, "end")
	v.ImportCSV = widget.NewButtonWithIcon(lang.L("Import from a spreadsheet…"), theme.UploadIcon(), v.chooseCSV)
	split := container.NewHSplit(container.NewBorder(container.NewVBox(v.Add, v.ImportCSV), nil, nil, nil, v.List), v.Detail)
	split.Offset = 0.4
	v.Content = split
	return v
}

// load shows the participants of the event in the form.
func (v *ParticipantsEditor) load() {
	v.rows = nil
	if v.m.doc != nil && v.event != "" {
		for i, p := range v.m.doc.Participants {
			if p.Event == v.event {
				v.rows = append(v.rows, i)
			}
		}
	}
	if v.event == "" {
		v.Add.Disable()
		v.ImportCSV.Disable()
	} else {
		v.Add.Enable()
		v.ImportCSV.Enable()
	}
	v.scope = v.event
	v.recordEditor.load()
}

func (v *ParticipantsEditor) at(i int) *data.Participant { return &v.m.doc.Participants[v.rows[i]] }

// Len is the number of the event's participants.
func (v *ParticipantsEditor) Len() int { return len(v.rows) }

// Item is a participant's name with organisation, country, distance and days.
func (v *ParticipantsEditor) Item(i int) (string, string) {
	p := v.at(i)
	km, days := "", ""
	if p.DistanceKM > 0 {
		km = fmt.Sprintf("%d km", p.DistanceKM)
	}
	if p.Days > 0 {
		days = fmt.Sprintf("%d %s", p.Days, lang.L("days"))
	}
	return p.Name, joinNonEmpty(" · ", p.Organisation, p.Country, v.m.doc.PartnerLabel(p.Partner), km, days, lang.L(p.Role))
}

// ID is the participant's record ID.
func (v *ParticipantsEditor) ID(i int) string { return v.at(i).ID }

// Fill shows participant i (or a blank one).
func (v *ParticipantsEditor) Fill(i int) {
	var p data.Participant
	if i >= 0 {
		p = *v.at(i)
	}
	v.Name.SetText(p.Name)
	v.Organisation.SetText(p.Organisation)
	v.Country.SetText(p.Country)
	v.Partner.set(p.Partner)
	v.Distance.SetText(intText(p.DistanceKM))
	v.Days.SetText(intText(p.Days))
	v.Role.set(p.Role)
	v.Start.SetText(dateText(p.Start))
	v.End.SetText(dateText(p.End))
}

func intText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// parseCount reads a whole number field; "" is zero.
func parseCount(f *recordForm, name, s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.fail(name, fmt.Errorf(lang.L("%q is not a whole number"), s))
		return 0, false
	}
	return n, true
}

// Store stores the form as participant i of the event.
func (v *ParticipantsEditor) Store(i int) (string, error) {
	p := data.Participant{ID: data.NewID(), Event: v.event}
	if i >= 0 {
		p = *v.at(i)
		p.Meta = data.Meta{}
	}
	p.Name, p.Organisation = strings.TrimSpace(v.Name.Text), strings.TrimSpace(v.Organisation.Text)
	p.Country, p.Partner, p.Role = strings.ToUpper(strings.TrimSpace(v.Country.Text)), v.Partner.id(), v.Role.value()
	ok := make([]bool, 4)
	p.DistanceKM, ok[0] = parseCount(v.Form, "distance_km", v.Distance.Text)
	p.Days, ok[1] = parseCount(v.Form, "days", v.Days.Text)
	p.Start, ok[2] = parseDateField(v.Form, "start", v.Start.Text)
	p.End, ok[3] = parseDateField(v.Form, "end", v.End.Text)
	for _, good := range ok {
		if !good {
			return "", errTyped
		}
	}
	return p.ID, v.m.saveRecords(&data.Document{Participants: []data.Participant{p}}, "edit", "participant "+p.Name+" saved")
}

// Remove leaves a tombstone of participant i.
func (v *ParticipantsEditor) Remove(i int) error {
	p := *v.at(i)
	p.Deleted, p.Rev, p.Updated = true, p.Rev+1, v.m.store.Now().UTC()
	return v.m.saveRecords(&data.Document{Participants: []data.Participant{p}}, "delete", "participant "+p.Name+" deleted")
}

// Refusal says why this installation may not change participant i.
func (v *ParticipantsEditor) Refusal(i int) string {
	if i < 0 {
		return ""
	}
	p := v.at(i)
	return v.m.refusal(data.KindParticipant, p.Partner, &p.Meta)
}

// chooseCSV asks for a spreadsheet of participants (.csv or .xlsx) and previews it.
func (v *ParticipantsEditor) chooseCSV() { v.m.openSpreadsheet(v.PreviewCSV) }

// PreviewCSV reads a CSV file of participants and shows what would be added; nothing is stored before "Add".
func (v *ParticipantsEditor) PreviewCSV(r io.Reader, source string) {
	ev := v.events.event()
	if ev == nil {
		return
	}
	var list []data.Participant
	var rows []int
	var err error
	if strings.HasSuffix(strings.ToLower(source), ".xlsx") {
		// A workbook: its columns are found by their header, in any of the nine languages.
		list, err = data.ParticipantsFromSheet(v.m.doc, ev.ID, r, source)
	} else if list, rows, err = ParseParticipantsCSV(r, v.m.doc, ev.ID); err != nil {
		err = fmt.Errorf("%s: %w", source, err)
	}
	if err != nil {
		v.m.showError(err)
		return
	}
	lines := make([]string, len(list))
	for i, p := range list {
		lines[i] = fmt.Sprintf("%d. %s", i+1, joinNonEmpty(" · ", p.Name, p.Organisation, p.Country, v.m.doc.PartnerLabel(p.Partner),
			intText(p.DistanceKM)+kmSuffix(p.DistanceKM), intText(p.Days), lang.L(p.Role)))
	}
	preview := widget.NewLabel(strings.Join(lines, "\n"))
	preview.Wrapping = fyne.TextWrapWord
	msg := widget.NewLabel(plural("%d participants will be added to %s. Nothing is added if one of them is refused.", len(list), ev.Code))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("Import participants"), lang.L("Add"), lang.L("Cancel"),
		container.NewBorder(msg, nil, nil, nil, container.NewVScroll(preview)), func(ok bool) {
			if ok {
				v.importParticipants(source, ev.Code, list, rows)
			}
		}, v.m.Window)
	d.Resize(fyne.NewSize(720, 460))
	d.Show()
}

func kmSuffix(km int) string {
	if km == 0 {
		return ""
	}
	return " km"
}

// importParticipants stores the previewed participants in one change: all of them, or none.
func (v *ParticipantsEditor) importParticipants(source, code string, list []data.Participant, rows []int) {
	project := v.m.doc.Project.ID
	v.m.run(func() error {
		_, err := v.m.store.Import(&data.Document{Format: data.Format, Participants: list},
			data.ImportOptions{Project: project, Source: source, Action: "import", Detail: fmt.Sprintf("%s: %d participants of %s", source, len(list), code)})
		return csvRowError(err, source, rows)
	}, func(err error) {
		if err != nil {
			v.m.showError(err)
			return
		}
		v.m.recordsChanged()
	})
}

// participantAt finds the record of data's error: `participants[3] (Ana García): country`.
var participantAt = regexp.MustCompile(`participants\[(\d+)\] \(([^)]*)\): ([a-z_]+)`)

// csvRowError names a refused participant by the file's row and column rather than its place in the document.
func csvRowError(err error, source string, rows []int) error {
	var in *data.InputError
	if !errors.As(err, &in) {
		return err
	}
	m := participantAt.FindStringSubmatch(in.Where)
	if m == nil {
		return err
	}
	i, _ := strconv.Atoi(m[1])
	if i >= len(rows) {
		return err
	}
	return &data.InputError{Where: fmt.Sprintf("%s: row %d (%s), column %s", source, rows[i], m[2], m[3]), Msg: in.Msg, More: in.More}
}

// csvColumns are the columns a participants file may have; name is required.
var csvColumns = []string{"name", "organisation", "country", "partner", "distance_km", "days", "role", "start", "end"}

// csvAliases are the other names people give the columns.
var csvAliases = map[string]string{"organization": "organisation", "distance": "distance_km", "km": "distance_km"}

// ParseParticipantsCSV reads participants of an event from CSV with a header row (name, organisation, country,
// partner by short name, distance_km, days, role; start and end optional). It returns them with each one's row
// in the file; the first bad value is named by row and column, and then nothing is returned.
func ParseParticipantsCSV(r io.Reader, doc *data.Document, event string) ([]data.Participant, []int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, errors.New(lang.L("the file is empty; the first row must name the columns"))
	}
	if err != nil {
		return nil, nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		h = strings.ReplaceAll(h, " ", "_")
		if alias, ok := csvAliases[h]; ok {
			h = alias
		}
		known := false
		for _, c := range csvColumns {
			known = known || c == h
		}
		if !known {
			return nil, nil, fmt.Errorf("row 1, column %d: %q is not a column of a participants file (%s)", i+1, header[i], strings.Join(csvColumns, ", "))
		}
		col[h] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, nil, fmt.Errorf("row 1: there is no column name (the columns are %s)", strings.Join(csvColumns, ", "))
	}
	var list []data.Participant
	var rows []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, csvError(err)
		}
		row, _ := cr.FieldPos(0)
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		bad := func(c, format string, args ...any) error {
			return fmt.Errorf("row %d (%s), column %s: %s", row, quoteName(get("name")), c, fmt.Sprintf(format, args...))
		}
		p := data.Participant{ID: data.NewID(), Event: event, Name: get("name"), Organisation: get("organisation"),
			Country: strings.ToUpper(get("country")), Role: strings.ToLower(get("role"))}
		if ref := get("partner"); ref != "" {
			for _, pa := range doc.Partners {
				if strings.EqualFold(pa.ShortName, ref) || strings.EqualFold(pa.Name, ref) {
					p.Partner = pa.ID
				}
			}
			if p.Partner == "" {
				return nil, nil, bad("partner", "no organisation of the project is called %q", ref)
			}
		}
		for _, n := range []struct {
			c   string
			dst *int
		}{{"distance_km", &p.DistanceKM}, {"days", &p.Days}} {
			if s := get(n.c); s != "" {
				v, err := strconv.Atoi(s)
				if err != nil {
					return nil, nil, bad(n.c, "%q is not a whole number", s)
				}
				*n.dst = v
			}
		}
		for _, d := range []struct {
			c   string
			dst *data.Date
		}{{"start", &p.Start}, {"end", &p.End}} {
			if s := get(d.c); s != "" {
				v, err := data.ParseDate(s)
				if err != nil {
					return nil, nil, bad(d.c, "%q is not a date (YYYY-MM-DD)", s)
				}
				*d.dst = v
			}
		}
		list, rows = append(list, p), append(rows, row)
	}
	if len(list) == 0 {
		return nil, nil, errors.New(lang.L("the file has no participants under its header row"))
	}
	return list, rows, nil
}

func quoteName(s string) string {
	if s == "" {
		return lang.L("no name")
	}
	return s
}

// csvError says in plain words where a file stops being CSV.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("row %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err
}
