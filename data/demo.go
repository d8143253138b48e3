package data

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// DemoOptions size the demo project; the zero value gives 8 people and a year of entries.
type DemoOptions struct {
	People int    // staff members across the partners
	Months int    // months of timesheet entries from the project start
	Seed   uint64 // same seed, same project, byte for byte
}

// demoPartner is one organisation of the demo, with staff names in its own language.
type demoPartner struct {
	name, short, oid, country, city, address string
	first, last                              []string
	email                                    string
}

var demoPartners = []demoPartner{
	{"Fundacja Rozwoju Rzemiosła", "FRR", "E10234561", "PL", "Łódź", "ul. Piotrkowska 104, 90-926 Łódź",
		[]string{"Agnieszka", "Paweł", "Małgorzata", "Łukasz", "Zofia", "Grzegorz", "Katarzyna", "Michał"},
		[]string{"Wiśniewska", "Zieliński", "Wójcik", "Kołodziej", "Dąbrowska", "Szczęsny", "Nowak", "Żak"}, "frr.example.pl"},
	{"Bildungswerk Görlitz e.V.", "BWG", "E10234562", "DE", "Görlitz", "Brüderstraße 9, 02826 Görlitz",
		[]string{"Jürgen", "Sabine", "Jörg", "Ulrike", "Björn", "Käthe", "Matthias", "Anja"},
		[]string{"Müller", "Schröder", "Weiß", "Köhler", "Hoffmann", "Groß", "Krüger", "Fuchs"}, "bwg.example.de"},
	{"Κέντρο Επαγγελματικής Κατάρτισης Θεσσαλονίκης", "KEK-TH", "E10234563", "EL", "Θεσσαλονίκη", "Εγνατίας 45, 546 30 Θεσσαλονίκη",
		[]string{"Δημήτρης", "Ελένη", "Γιώργος", "Αικατερίνη", "Νίκος", "Σοφία", "Κώστας", "Μαρία"},
		[]string{"Παπαδόπουλος", "Νικολάου", "Γεωργίου", "Οικονόμου", "Αλεξίου", "Βασιλείου", "Ιωάννου", "Κωνσταντίνου"}, "kek-th.example.gr"},
	{"Професионална гимназия по туризъм „Варна“", "PGT", "E10234564", "BG", "Варна", "бул. „Княз Борис I“ 12, 9000 Варна",
		[]string{"Иван", "Мария", "Георги", "Елена", "Димитър", "Надежда", "Стефан", "Цветелина"},
		[]string{"Иванов", "Петрова", "Георгиев", "Димитрова", "Стоянов", "Николова", "Христов", "Тодорова"}, "pgt.example.bg"},
	{"Ærø Folkehøjskole", "AFH", "E10234565", "DK", "Ærøskøbing", "Søndergade 7, 5970 Ærøskøbing",
		[]string{"Søren", "Mette", "Jørgen", "Ånne", "Rasmus", "Signe", "Frederik", "Ida"},
		[]string{"Jørgensen", "Nielsen", "Hansen", "Sørensen", "Møller", "Kjær", "Lund", "Bæk"}, "afh.example.dk"},
}

// demoDistances are one-way kilometres between the demo partners' cities (same order).
var demoDistances = [5][5]int{
	{0, 380, 1280, 1150, 800},
	{380, 0, 1350, 1300, 560},
	{1280, 1350, 0, 390, 2050},
	{1150, 1300, 390, 0, 1950},
	{800, 560, 2050, 1950, 0},
}

// demoIDs makes UUIDv7-shaped IDs from the seed, time-ordered like real ones.
type demoIDs struct {
	rng *rand.Rand
	ms  uint64
}

func (g *demoIDs) next() string {
	var u uuid.UUID
	g.ms++
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, g.ms)
	copy(u[0:6], b[2:8])
	binary.BigEndian.PutUint64(u[8:], g.rng.Uint64())
	binary.BigEndian.PutUint16(u[6:], uint16(g.rng.Uint32()))
	u[6] = (u[6] & 0x0f) | 0x70 // version 7
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	return u.String()
}

// Demo builds a realistic Erasmus+ 2014–2020 project: five organisations in four country groups,
// staff with names in their own languages, five intellectual outputs, meetings, a multiplier event,
// a learning activity with participants and months of timesheet entries. It is deterministic.
func Demo(opt DemoOptions) *Document {
	if opt.People <= 0 {
		opt.People = 8
	}
	if opt.Months <= 0 {
		opt.Months = 12
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5eed))
	ids := &demoIDs{rng: rng, ms: uint64(time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC).UnixMilli())}
	duration := max(24, opt.Months)
	start := NewDate(2020, 9, 1)
	end := NewDate(2020, time.Month(9+duration), 0)
	atMonth := func(m, day int) Date { return NewDate(2020, time.Month(9+m), day) } // m counts from 0

	doc := &Document{Format: Format}
	proj := &Project{
		ID: ids.next(), Number: fmt.Sprintf("2020-1-PL01-KA204-%06d", 80000+opt.Seed%20000), Acronym: "CRAFTLINK",
		Title: "Traditional crafts for a green economy", Action: "KA204", Rules: Rules2014, Start: start, End: end,
	}
	doc.Project = proj
	for _, dp := range demoPartners {
		doc.Partners = append(doc.Partners, Partner{
			ID: ids.next(), Name: dp.name, ShortName: dp.short, OID: dp.oid, Country: dp.country,
			City: dp.city, Address: dp.address, WorkingDay: DefaultWorkingDay,
		})
	}
	proj.Coordinator = doc.Partners[0].ID

	cats := []string{CatManager, CatTeacher, CatTeacher, CatTechnician, CatTeacher, CatAdmin, CatTeacher, CatTeacher}
	for i := 0; i < opt.People; i++ {
		pi := i % len(demoPartners)
		dp := demoPartners[pi]
		k := i / len(demoPartners)
		first, last := dp.first[(k+rng.IntN(3))%len(dp.first)], dp.last[k%len(dp.last)]
		name := first + " " + last
		if k >= len(dp.last) {
			name = fmt.Sprintf("%s %s-%d", first, last, k/len(dp.last)+1)
		}
		doc.People = append(doc.People, Person{
			ID: ids.next(), Partner: doc.Partners[pi].ID, Name: name,
			Email: fmt.Sprintf("staff%02d@%s", k+1, dp.email), Category: cats[k%len(cats)],
		})
	}

	type span struct{ from, to float64 }
	outs := []struct {
		code, title, desc string
		lead              int
		span              span
	}{
		{"O1", "Competence framework for green craft trainers", "A framework of 12 competences with self-assessment tools.", 0, span{0, 0.6}},
		{"O2", "Modular curriculum and trainer's handbook", "Eight modules, each with lesson plans and worksheets.", 1, span{0.15, 0.9}},
		{"O3", "Open online course on repair and reuse", "A self-paced course in five languages.", 4, span{0.3, 1}},
		{"O4", "Policy recommendations", "Recommendations for adult-education providers and regions.", 2, span{0, 1}},
		{"O5", "Toolkit for community repair cafés", "Guides, checklists and videos for running a repair café.", 3, span{0.1, 1}},
	}
	months := MonthsIn(start, end)
	for _, o := range outs {
		from := months[int(o.span.from*float64(len(months)))]
		toIdx := min(int(o.span.to*float64(len(months)))-1, len(months)-1)
		out := Output{
			ID: ids.next(), Code: o.code, Title: o.title, Description: o.desc, Kind: OutputIntellectual,
			Lead: doc.Partners[o.lead].ID, Start: from.First(), End: months[toIdx].Last(),
		}
		for pi := range doc.Partners {
			out.Planned = append(out.Planned,
				PlannedDays{Partner: doc.Partners[pi].ID, Category: CatTeacher, Days: Days(100 * (20 + rng.IntN(40)))},
				PlannedDays{Partner: doc.Partners[pi].ID, Category: CatManager, Days: Days(100 * (3 + rng.IntN(8)))})
		}
		doc.Outputs = append(doc.Outputs, out)
	}

	event := func(code, kind, title string, host, month, day, length int) *Event {
		d := atMonth(month, day)
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDays(1)
		}
		e := Event{ID: ids.next(), Code: code, Kind: kind, Title: title, Host: doc.Partners[host].ID,
			Start: d, End: d.AddDays(length - 1), City: demoPartners[host].city, Country: demoPartners[host].country}
		doc.Events = append(doc.Events, e)
		return &doc.Events[len(doc.Events)-1]
	}
	staffOf := func(pi, n int) []Person {
		var out []Person
		for _, p := range doc.People {
			if p.Partner == doc.Partners[pi].ID && len(out) < n {
				out = append(out, p)
			}
		}
		return out
	}
	addStaff := func(e *Event, host int, perPartner int, days int) {
		for pi := range doc.Partners {
			for _, p := range staffOf(pi, perPartner) {
				part := Participant{ID: ids.next(), Event: e.ID, Name: p.Name, Organisation: doc.Partners[pi].Name,
					Country: doc.Partners[pi].Country, Partner: doc.Partners[pi].ID, DistanceKM: demoDistances[pi][host]}
				if e.Kind == EventLearning {
					if pi == host {
						continue // the hosts teach, they do not travel
					}
					part.Days, part.Role = days, RoleStaff
				}
				doc.Participants = append(doc.Participants, part)
			}
		}
	}
	m1 := event("M1", EventMeeting, "Kick-off meeting", 0, 1, 12, 2)
	addStaff(m1, 0, 2, 0)
	m2 := event("M2", EventMeeting, "Mid-term meeting", 2, 11, 8, 2)
	addStaff(m2, 2, 2, 0)
	c1 := event("C1", EventLearning, "Joint staff training: repair cafés", 4, 6, 14, 5)
	addStaff(c1, 4, 2, 5)
	e1 := event("E1", EventMultiplier, "Crafts for the future: national conference", 3, min(opt.Months, duration)-2, 10, 1)
	e1.Outputs = []string{doc.Outputs[0].ID, doc.Outputs[1].ID}
	dp := demoPartners[3]
	for i := 0; i < 30; i++ {
		country, org := "BG", fmt.Sprintf("Училище №%d", i+1)
		if i >= 24 {
			country, org = []string{"RO", "MK", "EL"}[i%3], fmt.Sprintf("School %d", i+1)
		}
		doc.Participants = append(doc.Participants, Participant{ID: ids.next(), Event: e1.ID,
			Name: dp.first[rng.IntN(len(dp.first))] + " " + dp.last[rng.IntN(len(dp.last))], Organisation: org, Country: country})
	}
	for _, p := range staffOf(3, 2) {
		doc.Participants = append(doc.Participants, Participant{ID: ids.next(), Event: e1.ID, Name: p.Name,
			Organisation: doc.Partners[3].Name, Country: "BG", Partner: doc.Partners[3].ID})
	}

	notes := []string{"Drafting", "Review of partner comments", "Translation", "Pilot session", "Editing", "Online meeting with partners", "Testing with learners", "Layout"}
	partnerOf := map[string]int{}
	for pi, p := range doc.Partners {
		partnerOf[p.ID] = pi
	}
	lastEntryDay := atMonth(opt.Months, 0)
	for _, person := range doc.People {
		partner := doc.Partners[partnerOf[person.Partner]]
		for d := start; !d.After(lastEntryDay) && !d.After(end); d = d.AddDays(1) {
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday || rng.IntN(100) < 8 {
				continue
			}
			if _, hol := partner.Holiday(d); hol {
				continue
			}
			var active []int
			for oi, o := range doc.Outputs {
				if !d.Before(o.Start) && !d.After(o.End) {
					active = append(active, oi)
				}
			}
			rng.Shuffle(len(active), func(i, j int) { active[i], active[j] = active[j], active[i] })
			n := min(len(active), 3+rng.IntN(3))
			left := Seconds((4*60 + 15*rng.IntN(17)) * 60) // 4 to 8 hours on the project
			for k := 0; k < n && left > 0; k++ {
				h := left / Seconds(n-k) / 900 * 900 // quarter hours
				if k == n-1 {
					h = left
				}
				if h <= 0 {
					continue
				}
				left -= h
				doc.Entries = append(doc.Entries, Entry{ID: ids.next(), Person: person.ID, Date: d,
					Output: doc.Outputs[active[k]].ID, Hours: h, Note: notes[rng.IntN(len(notes))]})
			}
		}
	}
	return doc
}

// MonthsIn lists the calendar months a period touches.
func MonthsIn(start, end Date) []Month {
	var out []Month
	for m := start.Month(); !m.First().After(end); m = m.Next() {
		out = append(out, m)
	}
	return out
}
