package export

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"partnerdesk/data"
)

// eventLabel names an event in errors: `event C1 "Short-term joint staff training"`.
func eventLabel(e *data.Event) string { return fmt.Sprintf("event %s %q", e.Code, e.Title) }

// kindWords is an event kind for a sentence: "a learning activity".
var kindWords = map[string]string{
	data.EventMeeting:    "a transnational meeting",
	data.EventMultiplier: "a multiplier event",
	data.EventLearning:   "a learning activity",
}

func kindPhrase(kind string) string {
	if s, ok := kindWords[kind]; ok {
		return s
	}
	return "of kind " + strconv.Quote(kind)
}

// eventSetup finds the event, the host and the host's language for a document about it.
func eventSetup(doc *data.Document, eventID string) (*data.Event, *data.Partner, lang, error) {
	if err := checkDocument(doc); err != nil {
		return nil, nil, lang{}, err
	}
	e, err := data.FindEvent(doc, eventID)
	if err != nil {
		return nil, nil, lang{}, err
	}
	host := doc.PartnerByID(e.Host)
	code := ""
	if host != nil {
		code = languageOf(host.Country)
	}
	return e, host, newLang(code), nil
}

// participantsOf are the live participants of an event, by organisation then name.
func participantsOf(doc *data.Document, e *data.Event) []data.Participant {
	var out []data.Participant
	for _, p := range doc.Participants {
		if p.Event == e.ID && !p.Deleted {
			out = append(out, p)
		}
	}
	org := func(p data.Participant) string {
		if q := doc.PartnerByID(p.Partner); q != nil {
			return q.Name
		}
		return p.Organisation
	}
	sort.SliceStable(out, func(i, j int) bool {
		if c := naturalCompare(org(out[i]), org(out[j])); c != 0 {
			return c < 0
		}
		return naturalCompare(out[i].Name, out[j].Name) < 0
	})
	return out
}

// naturalCompare orders strings without regard to case, numbers by value: "Szkoła nr 2" before "Szkoła nr 10".
func naturalCompare(a, b string) int {
	ar, br := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	i, j := 0, 0
	for i < len(ar) && j < len(br) {
		if isDigit(ar[i]) && isDigit(br[j]) {
			si, sj := i, j
			for i < len(ar) && isDigit(ar[i]) {
				i++
			}
			for j < len(br) && isDigit(br[j]) {
				j++
			}
			na := strings.TrimLeft(string(ar[si:i]), "0")
			nb := strings.TrimLeft(string(br[sj:j]), "0")
			if len(na) != len(nb) {
				return cmpInt(len(na), len(nb))
			}
			if na != nb {
				return strings.Compare(na, nb)
			}
			continue
		}
		if ar[i] != br[j] {
			return cmpInt(int(ar[i]), int(br[j]))
		}
		i++
		j++
	}
	return cmpInt(len(ar)-i, len(br)-j)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AttendanceList writes the attendance list of a meeting, multiplier event or learning activity (eventID is
// its ID or code): a row per participant with organisation, address, country and an empty signature box for
// each day of the event (an event of more than a week gets one list per week), then blank rows for walk-ins
// to the foot of the page (at least five), their number stated under the list. Labels are English and the
// host's language.
func AttendanceList(w io.Writer, doc *data.Document, eventID string) error {
	e, host, l, err := eventSetup(doc, eventID)
	if err != nil {
		return err
	}
	switch e.Kind {
	case data.EventMeeting, data.EventMultiplier, data.EventLearning:
	default:
		return fmt.Errorf("%s is %s: attendance lists are for transnational meetings, multiplier events and learning activities",
			eventLabel(e), kindPhrase(e.Kind))
	}
	dates := eventDates(e.Start, e.End)
	d := newDoc(l.E("att.title") + " " + e.Code + " " + e.Title)
	people := participantsOf(doc, e)
	for i := 0; i == 0 || i < len(dates); i += attendanceDaysPerPage {
		block := dates[i:min(i+attendanceDaysPerPage, len(dates))]
		attendanceBlock(d, doc, e, host, l, people, block)
	}
	return d.finish(w)
}

// attendanceDaysPerPage is how many daily signature columns one list carries: a week, on a landscape page.
const attendanceDaysPerPage = 7

// eventDates lists the days of a period, both ends included (nil for no period, at most a year).
func eventDates(a, b data.Date) []data.Date {
	n := min(eventDays(a, b), 366)
	out := make([]data.Date, 0, n)
	for i := range n {
		out = append(out, a.AddDays(i))
	}
	return out
}

// attendanceBlock is one attendance list, as its own page-numbered section, with a signature column per
// day of block (one plain signature column when the event lasts one day or has no dates).
func attendanceBlock(d *doc, doc *data.Document, e *data.Event, host *data.Partner, l lang, people []data.Participant, block []data.Date) {
	name := l.E("att.title") + " · " + e.Code + " · " + e.Title
	right := e.Code
	if len(block) > 1 && eventDays(e.Start, e.End) > len(block) {
		span := period(block[0], block[len(block)-1])
		name += " · " + span
		right = e.Code + " · " + span
	}
	perDay := len(block) > 1
	d.beginSection(*doc.Project, l, name, perDay)
	d.title("att.title", right, "")
	eventHead(d, e, host)

	cols := []column{
		{key: "col.no", w: 9, align: "R"},
		{key: "col.name", w: 44, align: "L"},
		{key: "col.org_address", align: "L"},
		{key: "col.country", w: 23, align: "L"},
	}
	if perDay {
		cols[1].w, cols[3].w = 40, 20
		sw := min(30.0, (d.right-d.left-9-40-20-56)/float64(len(block)))
		for _, day := range block {
			wd := "wd." + strconv.Itoa(int(day.Weekday()))
			cols = append(cols, column{key: "col.signature", w: sw, align: "L", extra: l.E(wd) + " " + day.String()})
		}
	} else {
		cols = append(cols, column{key: "col.signature", w: 44, align: "L"})
	}
	t := d.newTable(cols, 8, true)
	if perDay {
		d.font("", sizeSmall)
		d.paragraph(l.Joined("att.per_day"), 3.6, colGrey)
		d.y += 1.5
	}
	t.header()
	const rowH = 10.5
	blank := func() []cell { return make([]cell, len(cols)-4) }
	n := 0
	for _, p := range people {
		n++
		org, addr := p.Organisation, ""
		if q := doc.PartnerByID(p.Partner); q != nil {
			org = q.Name
			addr = q.Address
			if addr == "" {
				addr = q.City
			}
		}
		cells := append([]cell{{text: strconv.Itoa(n) + "."}, {text: p.Name, bold: true, wrap: true},
			{text: org, sub: addr}, {text: countryName(p.Country)}}, blank()...)
		if perDay {
			// Days outside the participant's own dates are struck out: no signature is expected there.
			for i, day := range block {
				if (!p.Start.IsZero() && day.Before(p.Start)) || (!p.End.IsZero() && day.After(p.End)) {
					cells[4+i] = cell{text: "—", color: &colGrey}
				}
			}
		}
		t.row(rowH, nil, cells...)
	}
	// Walk-ins: fill the page, and at least five rows; the note under the list says how many.
	const noteH = 9.0
	first := n + 1
	for added := 0; added < 5 || d.y+rowH <= d.bottom-noteH; added++ {
		n++
		cells := append([]cell{{text: strconv.Itoa(n) + ".", color: &colGrey}, {}, {}, {}}, blank()...)
		t.row(rowH, nil, cells...)
	}
	t.end()
	d.y -= 2
	d.font("", sizeSmall)
	pairs := []string{"from", strconv.Itoa(first), "to", strconv.Itoa(n), "n", strconv.Itoa(n - first + 1)}
	note := l.EF("att.walkins", pairs...)
	if loc := l.LF("att.walkins", pairs...); loc != "" {
		note += "\n" + loc
	}
	d.paragraph(note, 3.5, colGrey)
}

// eventHead writes the event's title, kind, dates, place and host.
func eventHead(d *doc, e *data.Event, host *data.Partner) {
	l := d.lang
	w := d.right - d.left
	d.subject(e.Title)
	kindEN, kindLoc := l.Both("kind." + e.Kind)
	hostName, hostSub := "—", ""
	if host != nil {
		hostName, hostSub = host.Name, orgLine(*host)
	}
	gap := 8.0
	colW := (w - gap) / 2
	h1 := d.fields(d.left, d.y, colW, []field{
		{key: "f.kind", value: kindEN, sub: kindLoc},
		{key: "f.dates", value: period(e.Start, e.End), sub: dayCount(l, e.Start, e.End)},
		{key: "f.place", value: place(e.City, e.Country)},
	})
	h2 := d.fields(d.left+colW+gap, d.y, colW, []field{
		{key: "f.host", value: hostName, sub: hostSub, bold: true},
	})
	d.y += max(h1, h2) + 3
}

// dayCount is "2 days" for a period, in both languages.
func dayCount(l lang, a, b data.Date) string {
	n := eventDays(a, b)
	if n <= 0 {
		return ""
	}
	key := "n.days"
	if n == 1 {
		key = "n.day"
	}
	s := l.EF(key, "n", strconv.Itoa(n))
	if loc := l.LF(key, "n", strconv.Itoa(n)); loc != "" {
		s += " / " + loc
	}
	return s
}

// eventDays counts the calendar days of a period, both ends included.
func eventDays(a, b data.Date) int {
	if a.IsZero() || b.IsZero() || b.Before(a) {
		return 0
	}
	return int(b.Time().Sub(a.Time()).Hours()/24) + 1
}

// Certificates writes one certificate of attendance per participant of a learning activity (eventID is its
// ID or code), each on its own page, to be signed by the receiving (host) organisation.
func Certificates(w io.Writer, doc *data.Document, eventID string) error {
	e, host, l, err := eventSetup(doc, eventID)
	if err != nil {
		return err
	}
	if e.Kind != data.EventLearning {
		return fmt.Errorf("%s is %s: certificates of attendance are for learning, teaching and training activities (a meeting or multiplier event gets an attendance list)",
			eventLabel(e), kindPhrase(e.Kind))
	}
	people := participantsOf(doc, e)
	if len(people) == 0 {
		return fmt.Errorf("%s has no participants: there is no one to certify", eventLabel(e))
	}
	d := newDoc(l.E("cert.title") + " " + e.Code + " " + e.Title)
	for _, p := range people {
		certificate(d, doc, e, host, l, p)
	}
	return d.finish(w)
}

// participantPeriod is the participant's own period where the record gives one, the event's otherwise
// (an own start alone runs to the event's end, an own end alone from its start).
func participantPeriod(e *data.Event, p data.Participant) (data.Date, data.Date) {
	from, to := e.Start, e.End
	if !p.Start.IsZero() {
		from = p.Start
	}
	if !p.End.IsZero() {
		to = p.End
	}
	return from, to
}

// participantDays is the participant's number of days, as the budget counts them (data.ParticipantDays):
// the record's days, else the calendar days of the participant's own period.
func participantDays(e *data.Event, p data.Participant) int { return data.ParticipantDays(e, &p) }

// certificate lays out one participant's certificate on a page of its own.
func certificate(d *doc, doc *data.Document, e *data.Event, host *data.Partner, l lang, p data.Participant) {
	d.beginSection(*doc.Project, l, l.E("cert.title")+" · "+p.Name+" · "+e.Code, false)
	w := d.right - d.left
	d.y += 14
	center := func(s, style string, size, lh float64, c rgb) {
		d.font(style, size)
		d.color(c)
		for _, line := range d.wrap(s, w-20) {
			d.text(d.left, d.y, w, lh, line, "C")
			d.y += lh
		}
	}
	en, loc := l.Both("cert.title")
	center(en, "B", 24, 10, colInk)
	if loc != "" {
		center(loc, "", 14, 7, colGrey)
	}
	d.y += 4
	d.line(d.left+w/2-20, d.y, d.left+w/2+20, d.y, colAccent, 0.6)
	d.y += 12
	en, loc = l.Both("cert.certify")
	center(en, "", 11, 5.5, colInk)
	if loc != "" {
		center(loc, "", 9.5, 5, colGrey)
	}
	d.y += 5
	center(p.Name, "B", 20, 9, colInk)
	org := p.Organisation
	if q := doc.PartnerByID(p.Partner); q != nil {
		org = q.Name
	}
	if org != "" {
		center(org+", "+countryName(p.Country), "", 11, 5.5, colInk)
	} else {
		center(countryName(p.Country), "", 11, 5.5, colInk)
	}
	d.y += 6
	en, loc = l.Both("cert.took_part")
	center(en, "", 11, 5.5, colInk)
	if loc != "" {
		center(loc, "", 9.5, 5, colGrey)
	}
	d.y += 4
	center(e.Title, "B", 14, 6.5, colInk)
	d.y += 10

	// The facts, as a block of labelled lines: the participant's own dates and days first, the activity's
	// beside them when they differ.
	from, to := participantPeriod(e, p)
	n := participantDays(e, p)
	daysKey := "n.days"
	if n == 1 {
		daysKey = "n.day"
	}
	hostName, hostSub := "—", ""
	if host != nil {
		hostName, hostSub = host.Name, orgLine(*host)
	}
	project := doc.Project
	attended := field{key: "f.attended", value: l.EF("cert.from_to", "from", from.String(), "to", to.String()),
		sub: l.LF("cert.from_to", "from", from.String(), "to", to.String())}
	if p.Start.IsZero() && p.End.IsZero() && n > 0 && n < calendarSpan(e.Start, e.End) {
		// Fewer days than the activity lasts, with no dates of their own: never the activity's period as theirs.
		key := "cert.days_between"
		if n == 1 {
			key = "cert.day_between"
		}
		pairs := []string{"n", strconv.Itoa(n), "from", from.String(), "to", to.String()}
		attended = field{key: "f.attended", value: l.EF(key, pairs...), sub: l.LF(key, pairs...)}
	}
	fields := []field{
		{key: "f.activity", value: e.Code + "  " + e.Title, sub: l.Joined("kind." + e.Kind)},
		attended,
		{key: "f.duration", value: l.EF(daysKey, "n", strconv.Itoa(n)), sub: l.LF(daysKey, "n", strconv.Itoa(n))},
	}
	if from != e.Start || to != e.End {
		fields = append(fields, field{key: "f.activity_dates", value: period(e.Start, e.End), sub: dayCount(l, e.Start, e.End)})
	}
	fields = append(fields, field{key: "f.place", value: place(e.City, e.Country)})
	if p.Role != "" {
		en, loc := l.Both("role." + p.Role)
		fields = append(fields, field{key: "f.role", value: en, sub: loc})
	}
	fields = append(fields,
		field{key: "f.project", value: project.Acronym + " · " + project.Number, sub: project.Title},
		field{key: "f.receiving", value: hostName, sub: hostSub, bold: true},
	)
	bw := 150.0
	d.y += d.fields(d.left+(w-bw)/2, d.y, bw, fields)

	// Signature of the receiving organisation, at the foot of the page.
	sy := max(d.y+8, d.bottom-46)
	x := d.left + (w-bw)/2
	d.font("", sizeSmall)
	d.color(colGrey)
	d.text(x, sy, bw, 4, l.Joined("cert.signed_for"), "L")
	d.color(colInk)
	d.text(x, sy+4.5, bw, 5, d.shrink(hostName, "B", sizeBody+1, bw), "L")
	lineY := sy + 26
	half := (bw - 10) / 2
	d.line(x, lineY, x+half, lineY, colInk, 0.25)
	d.line(x+half+10, lineY, x+bw, lineY, colInk, 0.25)
	d.font("", sizeTiny)
	d.color(colGrey)
	d.text(x, lineY+0.8, half, 3, l.Joined("cert.signatory"), "L")
	d.text(x+half+10, lineY+0.8, half, 3, l.Joined("cert.stamp"), "L")
	// Place and date: the activity's place and last day, as the certificate is issued at its end.
	d.font("", sizeBody)
	d.color(colInk)
	d.text(x, lineY+8, half, 4, e.City+", "+to.String(), "L")
	d.line(x, lineY+12.5, x+half, lineY+12.5, colInk, 0.25)
	d.font("", sizeTiny)
	d.color(colGrey)
	d.text(x, lineY+13.3, half, 3, l.Joined("cert.place_date"), "L")
	d.color(colInk)
}

// calendarSpan is the number of calendar days from a to b, both counted.
func calendarSpan(a, b data.Date) int {
	if a.IsZero() || b.Before(a) {
		return 0
	}
	return int(b.Time().Sub(a.Time()).Hours()/24) + 1
}
