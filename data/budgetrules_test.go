package data

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// hoursOf parses typed hours or fails the test.
func hoursOf(t *testing.T, typed string) Seconds {
	t.Helper()
	h, err := ParseHours(typed)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestBudgetKA220ByHand: a lump-sum project worked by hand, line by line, to the cent. Each part is
// round(hours ÷ working day, 2) × the rate; each line the sum of its parts; the totals the sum of the lines.
func TestBudgetKA220ByHand(t *testing.T) {
	doc := project2014(3, 24)
	doc.Project.Rules, doc.Project.Action, doc.Project.Number = Rules2021, "KA220-ADU", "2021-1-DE02-KA220-ADU-000029489"
	doc.Project.LumpSum = 250000_00
	de, pl, el := &doc.Partners[0], &doc.Partners[1], &doc.Partners[2]
	de.Rates = map[string]Cents{CatManager: 320_00, CatTeacher: 250_00}
	pl.Rates = map[string]Cents{CatTeacher: 110_00} // no admin rate: the table's 47 as an estimate
	pl.WorkingDay = hoursOf(t, "7.5")
	// el has no own rates: the table's 137 as an estimate
	doc.Outputs = []Output{
		{ID: testID(0x300), Code: "WP1", Title: "Management", Kind: OutputWorkPackage,
			Allocation: []Allocation{{de.ID, 20000_00}, {pl.ID, 10000_00}, {el.ID, 10000_00}}},
		{ID: testID(0x301), Code: "WP2", Title: "Course", Kind: OutputWorkPackage,
			Allocation: []Allocation{{de.ID, 80000_00}, {pl.ID, 60000_00}, {el.ID, 50000_00}},
			Planned:    []PlannedDays{{de.ID, CatTeacher, 40_00}, {pl.ID, CatTeacher, 30_00}}},
	}
	doc.People = []Person{
		{ID: testID(0x400), Partner: de.ID, Name: "A", Category: CatManager},
		{ID: testID(0x401), Partner: de.ID, Name: "B", Category: CatTeacher},
		{ID: testID(0x402), Partner: pl.ID, Name: "C", Category: CatTeacher},
		{ID: testID(0x403), Partner: pl.ID, Name: "D", Category: CatAdmin},
		{ID: testID(0x404), Partner: el.ID, Name: "E", Category: CatTeacher},
	}
	var entries []Entry
	add := func(person, output int, typed ...string) {
		for _, h := range typed {
			entries = append(entries, Entry{Person: testID(person), Output: testID(output), Hours: hoursOf(t, h)})
		}
	}
	add(0x400, 0x300, "1.01", "4.33", "6:20")      // 42,024 s ÷ 28,800 = 1.459… → 1.46 days × 320 = 467.20
	add(0x401, 0x301, "7.5", "7.5", "7.5", "0.01") // 22.51 h ÷ 8 = 2.81375 → 2.81 × 250 = 702.50
	add(0x402, 0x301, "6.5", "7.25")               // 13.75 h ÷ 7.5 = 1.8333 → 1.83 × 110 = 201.30
	add(0x403, 0x300, "3.33")                      // 3.33 h ÷ 7.5 = 0.444 → 0.44 × 47 (estimate) = 20.68
	add(0x404, 0x301, "8", "4.04")                 // 12.04 h ÷ 8 = 1.505 → 1.51 (half away) × 137 (estimate) = 206.87
	b, err := ComputeBudget(doc, WorkFromEntries(entries))
	if err != nil {
		t.Fatal(err)
	}
	type part struct {
		cat    string
		days   Days
		rate   Cents
		source string
		amount Cents
	}
	want := []struct {
		wp, partner string
		allocated   Cents
		days        Days
		cost        Cents
		parts       []part
	}{
		{"WP1", de.ID, 20000_00, 1_46, 467_20, []part{{CatManager, 1_46, 320_00, RateOwn, 467_20}}},
		{"WP1", pl.ID, 10000_00, 44, 20_68, []part{{CatAdmin, 44, 47_00, RateEstimate, 20_68}}},
		{"WP1", el.ID, 10000_00, 0, 0, nil},
		{"WP2", de.ID, 80000_00, 2_81, 702_50, []part{{CatTeacher, 2_81, 250_00, RateOwn, 702_50}}},
		{"WP2", pl.ID, 60000_00, 1_83, 201_30, []part{{CatTeacher, 1_83, 110_00, RateOwn, 201_30}}},
		{"WP2", el.ID, 50000_00, 1_51, 206_87, []part{{CatTeacher, 1_51, 137_00, RateEstimate, 206_87}}},
	}
	if len(b.Lines) != len(want) {
		raw, _ := json.MarshalIndent(b.Lines, "", " ")
		t.Fatalf("%d lines, want %d:\n%s", len(b.Lines), len(want), raw)
	}
	for i, w := range want {
		l := b.Lines[i]
		code := doc.OutputByID(l.Output).Code
		if code != w.wp || l.Partner != w.partner || *l.Allocated != w.allocated || *l.Days != w.days || *l.StaffCost != w.cost {
			t.Errorf("line %d: %s %s allocated %s days %v cost %s; want %s %s %s %v %s", i, code, l.Partner[len(l.Partner)-3:],
				l.Allocated.Euro(), *l.Days, l.StaffCost.Euro(), w.wp, w.partner[len(w.partner)-3:], w.allocated.Euro(), w.days, w.cost.Euro())
		}
		var parts []part
		for _, p := range l.Staff {
			parts = append(parts, part{p.StaffCategory, p.Days, p.Rate, p.RateSource, p.Amount})
		}
		if fmt.Sprint(parts) != fmt.Sprint(w.parts) {
			t.Errorf("line %d staff = %v, want %v", i, parts, w.parts)
		}
	}
	if pd := b.Lines[3].PlannedDays; pd == nil || *pd != 40_00 {
		t.Errorf("WP2 planned days of the coordinator = %v, want 40", pd)
	}
	if *b.Totals.Allocated != 230000_00 || *b.Totals.StaffCost != 1598_55 || *b.Totals.LumpSum != 250000_00 {
		t.Errorf("totals: allocated %s, staff cost %s, lump sum %s; want 230000.00, 1598.55, 250000.00",
			b.Totals.Allocated.Euro(), b.Totals.StaffCost.Euro(), b.Totals.LumpSum.Euro())
	}
	estimates := 0
	for _, w := range b.Warnings {
		if strings.Contains(w, "as an estimate") {
			estimates++
		}
	}
	if estimates != 2 {
		t.Errorf("warnings = %v, want the two estimated rates named", b.Warnings)
	}
}

// TestOwnRateNeverReplacesTheUnitCost (issue 9 finding 8): under 2014–2020 the grant pays the unit cost;
// the organisation's own rate is shown beside it, so totals match Mobility Tool+.
func TestOwnRateNeverReplacesTheUnitCost(t *testing.T) {
	doc := project2014(2, 24)
	doc.Partners[0].Rates = map[string]Cents{CatTeacher: 300_00} // DE: the table says 214
	doc.Outputs = []Output{{ID: testID(0x300), Code: "O1", Title: "Course", Kind: OutputIntellectual}}
	doc.People = []Person{{ID: testID(0x400), Partner: doc.Partners[0].ID, Name: "A", Category: CatTeacher}}
	b, err := ComputeBudget(doc, []Work{{Person: testID(0x400), Output: testID(0x300), Seconds: hoursOf(t, "12")}})
	if err != nil {
		t.Fatal(err)
	}
	var io *BudgetLine
	for i := range b.Lines {
		if b.Lines[i].Category == BudgetOutputs {
			io = &b.Lines[i]
		}
	}
	if io == nil || *io.Rate != 214_00 || io.RateSource != RateUnitCost || io.OwnRate == nil || *io.OwnRate != 300_00 || *io.Amount != 321_00 {
		t.Fatalf("output line = %+v; want 1.5 days × 214 = 321.00 (unit cost), own rate 300 beside it", io)
	}
}

// TestManagementMonthsAndOrder (finding 8): at most 36 months are paid, and beyond ten organisations the
// partner left out is the one added last, whatever its record ID.
func TestManagementMonthsAndOrder(t *testing.T) {
	doc := project2014(2, 42)
	b, _ := ComputeBudget(doc, nil)
	if got := *b.Totals.ProjectManagement; got != 36*750_00 {
		t.Errorf("management over 42 months = %s, want 27000.00 (36 months × 750)", got.Euro())
	}
	if !strings.Contains(strings.Join(b.Warnings, "\n"), "36 months at most") {
		t.Errorf("warnings = %v, want the 36-month limit said", b.Warnings)
	}
	doc = project2014(11, 12)
	base := time.Date(2019, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := range doc.Partners {
		doc.Partners[i].Added = base.Add(time.Duration(i) * time.Hour)
	}
	doc.Partners[1].Added = base.Add(100 * time.Hour) // the lowest partner ID joined last
	b, _ = ComputeBudget(doc, nil)
	for _, l := range b.Lines {
		if l.Category != BudgetManagement {
			continue
		}
		if unpaid := l.Partner == doc.Partners[1].ID; unpaid != (*l.Amount == 0) {
			t.Errorf("%s: management %s; want only the partner added last unpaid", doc.PartnerByID(l.Partner).Label(), l.Amount.Euro())
		}
	}
	if !strings.Contains(strings.Join(b.Warnings, "\n"), "Org PL is beyond them") {
		t.Errorf("warnings = %v, want the unpaid partner named", b.Warnings)
	}
}

// TestImportKeepsTheOrderPartnersWereAdded: a file's partners are added in its order, and keep it.
func TestImportKeepsTheOrderPartnersWereAdded(t *testing.T) {
	s, id := importGreenskills(t)
	doc, _ := s.Load(id, LoadOptions{})
	src := greenskills(t)
	for i := 1; i < len(src.Partners); i++ {
		a, b := doc.PartnerByID(src.Partners[i-1].ID), doc.PartnerByID(src.Partners[i].ID)
		if a.Added.IsZero() || !a.Added.Before(b.Added) {
			t.Errorf("%s added %v, %s added %v: not in the file's order", a.Label(), a.Added, b.Label(), b.Added)
		}
	}
	if res, err := s.Import(greenskills(t), ImportOptions{Source: "again"}); err != nil || res.Changed() {
		t.Errorf("importing the same file again changed %+v, %v", res, err)
	}
}

// TestMultiplierStaffByNameAndDuplicates (finding 3): partner staff named only by their organisation's name
// or short name do not count; a person listed twice is paid once and warned about.
func TestMultiplierStaffByNameAndDuplicates(t *testing.T) {
	doc := project2014(2, 24)
	doc.Partners[1].Name, doc.Partners[1].ShortName = "Fundacja Rozwoju Regionu", "FRR"
	doc.Events = []Event{
		{ID: testID(0x200), Code: "E1", Kind: EventMultiplier, Title: "a", Host: doc.Partners[0].ID, Start: NewDate(2020, 1, 10), End: NewDate(2020, 1, 10), Country: "DE"},
		{ID: testID(0x201), Code: "E2", Kind: EventMultiplier, Title: "b", Host: doc.Partners[1].ID, Start: NewDate(2020, 6, 10), End: NewDate(2020, 6, 10), Country: "DE"},
	}
	n := 0
	add := func(ev int, org string, k int) {
		for i := 0; i < k; i++ {
			doc.Participants = append(doc.Participants, Participant{ID: testID(0x1000 + n), Event: doc.Events[ev].ID,
				Name: fmt.Sprintf("Guest %d", n), Organisation: org, Country: "DE"})
			n++
		}
	}
	add(0, "Volkshochschule", 270)            // 270 × 100 = 27,000
	add(0, "  fundacja rozwoju  regionu ", 2) // staff of a partner, by name: nothing
	add(0, "frr", 1)                          // by short name: nothing
	add(1, "Stadtbibliothek", 30)             // 3,000: exactly what the cap leaves
	dup := doc.Participants[0]
	dup.ID = testID(0x9999)
	doc.Participants = append(doc.Participants, dup) // Guest 0 twice at E1
	b, _ := ComputeBudget(doc, nil)
	var amounts []string
	for _, l := range b.Lines {
		if l.Category == BudgetMultiplier {
			amounts = append(amounts, fmt.Sprintf("%d:%s", l.Participants, l.Amount.Euro()))
		}
	}
	if strings.Join(amounts, " ") != "270:27000.00 30:3000.00" {
		t.Errorf("multiplier lines = %v, want 270:27000.00 30:3000.00", amounts)
	}
	if !strings.Contains(strings.Join(b.Warnings, "\n"), "E1: Guest 0 is listed twice; paid once") {
		t.Errorf("warnings = %v, want the duplicate named", b.Warnings)
	}
}

// TestLearningSupportStopsAtDaySixty (finding 4): a participant's own dates give the days; day 61 on earns
// nothing and is warned about.
func TestLearningSupportStopsAtDaySixty(t *testing.T) {
	doc := project2014(2, 24)
	doc.Events = []Event{{ID: testID(0x200), Code: "C1", Kind: EventLearning, Title: "Exchange", Host: doc.Partners[0].ID,
		Start: NewDate(2020, 1, 1), End: NewDate(2020, 4, 30), Country: "DE"}}
	doc.Participants = []Participant{{ID: testID(0x300), Event: testID(0x200), Name: "Ola", Country: "PL", Partner: doc.Partners[1].ID,
		DistanceKM: 1000, Role: RoleStaff, Start: NewDate(2020, 1, 6), End: NewDate(2020, 4, 3)}} // 89 days
	b, _ := ComputeBudget(doc, nil)
	var got Cents
	for _, l := range b.Lines {
		if l.Category == BudgetLearning {
			got = *l.Amount
		}
	}
	if want := Cents(275_00 + 14*106_00 + 46*74_00); got != want {
		t.Errorf("learning line = %s, want %s (travel 275 + 14 × 106 + 46 × 74)", got.Euro(), want.Euro())
	}
	if !strings.Contains(strings.Join(b.Warnings, "\n"), "C1: Ola stays 89 days; individual support is paid for 60 days at most") {
		t.Errorf("warnings = %v", b.Warnings)
	}
}

// TestRealCostsAndGranted (deliverables 5 and 6): special needs at 100 %, exceptional costs at 75 % capped at
// 50,000 per project; each organisation's reported amounts beside its granted ones, and what remains.
func TestRealCostsAndGranted(t *testing.T) {
	doc := project2014(2, 12)
	de, pl := doc.Partners[0].ID, doc.Partners[1].ID
	doc.Partners[0].Granted = map[string]Cents{BudgetManagement: 5000_00, BudgetExceptional: 60000_00}
	doc.Costs = []Cost{
		{ID: testID(0x500), Partner: pl, Kind: CostSpecialNeeds, Description: "sign language interpreter", Date: NewDate(2020, 3, 1), Amount: 1200_50},
		{ID: testID(0x501), Partner: de, Kind: CostExceptional, Description: "visa and insurance", Date: NewDate(2020, 3, 1), Amount: 70000_00},
		{ID: testID(0x502), Partner: pl, Kind: CostExceptional, Description: "equipment", Date: NewDate(2020, 4, 1), Amount: 1000_00},
	}
	b, err := ComputeBudget(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range b.Lines {
		if l.RealCost != nil {
			s := fmt.Sprintf("%s %s real %s grant %s", l.Category, doc.PartnerByID(l.Partner).Label(), l.RealCost.Euro(), l.Amount.Euro())
			if l.CappedFrom != nil {
				s += " capped from " + l.CappedFrom.Euro()
			}
			lines = append(lines, s)
		}
	}
	want := []string{
		"special_needs_support Org PL real 1200.50 grant 1200.50",
		"exceptional_costs Org DE real 70000.00 grant 50000.00 capped from 52500.00",
		"exceptional_costs Org PL real 1000.00 grant 0.00 capped from 750.00",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("cost lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if *b.Totals.SpecialNeeds != 1200_50 || *b.Totals.Exceptional != 50000_00 {
		t.Errorf("totals: special needs %s, exceptional %s", b.Totals.SpecialNeeds.Euro(), b.Totals.Exceptional.Euro())
	}
	raw, _ := json.Marshal(b)
	var got struct {
		Granted   map[string]float64 `json:"granted"`
		Remaining map[string]float64 `json:"remaining"`
		Partners  []struct {
			Partner   string             `json:"partner"`
			Reported  map[string]float64 `json:"reported"`
			Granted   map[string]float64 `json:"granted"`
			Remaining map[string]float64 `json:"remaining"`
		} `json:"partners"`
	}
	json.Unmarshal(raw, &got)
	// DE: management 12 × 500 = 6,000 reported against 5,000 granted; exceptional 50,000 against 60,000.
	if got.Granted["project_management"] != 5000 || got.Granted["total"] != 65000 || got.Remaining["exceptional_costs"] != 10000 {
		t.Errorf("granted %v, remaining %v", got.Granted, got.Remaining)
	}
	if len(got.Partners) != 2 || got.Partners[0].Partner != de || got.Partners[0].Reported["project_management"] != 6000 ||
		got.Partners[0].Remaining["project_management"] != -1000 || got.Partners[0].Reported["total"] != 56000 ||
		got.Partners[1].Granted != nil || got.Partners[1].Reported["special_needs_support"] != 1200.5 {
		t.Errorf("partners = %+v", got.Partners)
	}
}

// TestCostsThroughTheStore: a cost record is validated, stored, exported and counted by an interim budget
// only once it is dated.
func TestCostsThroughTheStore(t *testing.T) {
	s, id := importGreenskills(t)
	doc := &Document{Format: Format, Costs: []Cost{{ID: s.NewID(), Partner: gsFZL, Kind: CostSpecialNeeds,
		Description: "wheelchair transport", Date: NewDate(2020, 5, 4), Amount: 480_00}}}
	bad := *doc
	bad.Costs = []Cost{{ID: s.NewID(), Partner: gsFZL, Kind: "party", Description: "", Date: NewDate(2020, 5, 4), Amount: -5}}
	if _, err := s.Import(&bad, ImportOptions{Project: id, Source: "costs.json"}); err == nil ||
		!strings.Contains(err.Error(), `costs[0]`) || !strings.Contains(err.Error(), "kind") {
		t.Fatalf("a bad cost: %v", err)
	}
	if _, err := s.Import(doc, ImportOptions{Project: id, Source: "costs.json"}); err != nil {
		t.Fatal(err)
	}
	out, _ := s.Export(id)
	if len(out.Costs) != 1 || out.Costs[0].Amount != 480_00 {
		t.Fatalf("exported costs = %+v", out.Costs)
	}
	before, _ := s.BudgetAsOf(id, NewDate(2020, 5, 3))
	after, _ := s.BudgetAsOf(id, NewDate(2020, 5, 4))
	if before.Totals.SpecialNeeds != nil || after.Totals.SpecialNeeds == nil || *after.Totals.SpecialNeeds != 480_00 {
		t.Errorf("special needs as of 3 May %v, as of 4 May %v", before.Totals.SpecialNeeds, after.Totals.SpecialNeeds)
	}
}
