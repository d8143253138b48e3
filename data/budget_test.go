package data

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

const (
	gsProject = "0192a000-0000-7000-8000-000000000001"
	gsVHS     = "0192a000-0000-7000-8000-000000000010" // coordinator, AT: country group 1
	gsFZL     = "0192a000-0000-7000-8000-000000000011" // PL: group 4
	gsKDBM    = "0192a000-0000-7000-8000-000000000012" // EL: group 3
	gsZB      = "0192a000-0000-7000-8000-000000000013" // BG: group 4
	gsO1      = "0192a000-0000-7000-8000-000000000030"
	gsM1      = "0192a000-0000-7000-8000-000000000040"
	gsE1      = "0192a000-0000-7000-8000-000000000041"
	gsC1      = "0192a000-0000-7000-8000-000000000042"
)

// TestBudgetGreenskillsByHand checks every line of the example's budget against DOMAIN.md, worked by hand.
func TestBudgetGreenskillsByHand(t *testing.T) {
	s, id := importGreenskills(t)
	b, err := s.Budget(id)
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		cat, partner, ref, staff string
		qty                      string // months, days or participants as the JSON says them
		amount                   Cents
	}
	want := []line{
		// Project 2019-09-01 – 2022-02-28 is 30 months: 500 a month to the coordinator, 250 to each partner.
		{BudgetManagement, gsVHS, "", "", "30", 15000_00},
		{BudgetManagement, gsFZL, "", "", "30", 7500_00},
		{BudgetManagement, gsKDBM, "", "", "30", 7500_00},
		{BudgetManagement, gsZB, "", "", "30", 7500_00},
		// O1: Johanna Größinger (manager, AT) 36 h ÷ 8 = 4.5 days × 294 = 1,323.00.
		{BudgetOutputs, gsVHS, gsO1, CatManager, "4.5", 1323_00},
		// Lukas Hofer (teacher, AT) 188.5 h ÷ 8 = 23.5625 → 23.56 days printed; 23.56 × 241 = 5,677.96
		// (FORMAT.md's rounding rule: the printed days × the rate, not the exact quotient's 5,678.56).
		{BudgetOutputs, gsVHS, gsO1, CatTeacher, "23.56", 5677_96},
		// Małgorzata Wójcik (teacher, PL) 116 h ÷ 8 = 14.5 days × 74 = 1,073.00.
		{BudgetOutputs, gsFZL, gsO1, CatTeacher, "14.5", 1073_00},
		// Ελένη Παπαδοπούλου (teacher, EL) 88 h ÷ 8 = 11 days × 137 = 1,507.00.
		{BudgetOutputs, gsKDBM, gsO1, CatTeacher, "11", 1507_00},
		// M1 in Graz: 560, 1,190 and 980 km are all in the 100–1,999 km band: 575 each, to the sender.
		{BudgetMeetings, gsFZL, gsM1, "", "1", 575_00},
		{BudgetMeetings, gsKDBM, gsM1, "", "1", 575_00},
		{BudgetMeetings, gsZB, gsM1, "", "1", 575_00},
		// E1 in Łódź (PL): 10 local participants × 100 + 2 from CZ × 200 = 1,400, to the host FZL.
		{BudgetMultiplier, gsFZL, gsE1, "", "12", 1400_00},
		// C1 in Πάτρα: 1,230 and 1,460 km → travel 275 each; 5 days of staff support × 106 = 530; 805 each.
		{BudgetLearning, gsVHS, gsC1, "", "1", 805_00},
		{BudgetLearning, gsFZL, gsC1, "", "1", 805_00},
	}
	if len(b.Lines) != len(want) {
		raw, _ := json.MarshalIndent(b.Lines, "", " ")
		t.Fatalf("budget has %d lines, want %d:\n%s", len(b.Lines), len(want), raw)
	}
	for i, w := range want {
		l := b.Lines[i]
		ref := l.Output + l.Event
		var qty string
		switch {
		case l.Months != 0:
			qty = jsonOf(l.Months)
		case l.Days != nil:
			qty = jsonOf(*l.Days)
		default:
			qty = jsonOf(l.Participants)
		}
		if l.Category != w.cat || l.Partner != w.partner || ref != w.ref || l.StaffCategory != w.staff || qty != w.qty || *l.Amount != w.amount {
			t.Errorf("line %d = %s %s %s %s qty %s amount %s; want %s %s %s %s qty %s amount %s", i,
				l.Category, l.Partner[len(l.Partner)-2:], ref, l.StaffCategory, qty, l.Amount.Euro(),
				w.cat, w.partner[len(w.partner)-2:], w.ref, w.staff, w.qty, w.amount.Euro())
		}
	}
	tot := b.Totals
	checks := []struct {
		name string
		got  *Cents
		want Cents
	}{
		{"project_management", tot.ProjectManagement, 37500_00},
		{"intellectual_outputs", tot.IntellectualOutputs, 9580_96},
		{"transnational_meetings", tot.TransnationalMeetings, 1725_00},
		{"multiplier_events", tot.MultiplierEvents, 1400_00},
		{"learning_activities", tot.LearningActivities, 1610_00},
		{"total", tot.Total, 51815_96},
	}
	for _, c := range checks {
		if c.got == nil || *c.got != c.want {
			t.Errorf("total %s = %v, want %s", c.name, c.got, c.want.Euro())
		}
	}
	// Planned days travel with the line, for planned-against-actual.
	if pd := b.Lines[5].PlannedDays; pd == nil || *pd != 40_00 {
		t.Errorf("VHS teacher O1 planned days = %v, want 40", pd)
	}
	if len(b.Warnings) != 0 {
		t.Errorf("unexpected warnings: %v", b.Warnings)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestBudgetJSONShape checks the JSON a script reads: FORMAT.md's field names and euro numbers.
func TestBudgetJSONShape(t *testing.T) {
	s, id := importGreenskills(t)
	b, err := s.Budget(id)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(b)
	var got struct {
		Project  string           `json:"project"`
		Rules    string           `json:"rules"`
		Currency string           `json:"currency"`
		Lines    []map[string]any `json:"lines"`
		Totals   map[string]any   `json:"totals"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Project != gsProject || got.Rules != "erasmus2014" || got.Currency != "EUR" {
		t.Fatalf("header = %q %q %q", got.Project, got.Rules, got.Currency)
	}
	io := got.Lines[5]
	if io["category"] != "intellectual_outputs" || io["staff_category"] != "teacher" || io["rate"] != 241.0 || io["amount"] != 5677.96 || io["rate_source"] != "unit_cost" || io["days"] != 23.56 {
		t.Errorf("output line = %v", io)
	}
	if _, has := got.Lines[0]["capped_from"]; has {
		t.Errorf("uncapped line carries capped_from: %v", got.Lines[0])
	}
	if got.Totals["total"] != 51815.96 {
		t.Errorf("totals = %v", got.Totals)
	}
}

// project2014 builds a small valid 2014 project for rule tests.
func project2014(partners int, months int) *Document {
	doc := &Document{Format: Format}
	p := &Project{ID: "0192b000-0000-7000-8000-000000000001", Number: "2019-1-DE02-KA204-006478", Acronym: "CAPS",
		Title: "Cap test", Action: "KA204", Rules: Rules2014, Start: NewDate(2019, 9, 1)}
	p.End = NewDate(2019, time.Month(9+months), 0)
	doc.Project = p
	countries := []string{"DE", "PL", "EL", "AT", "BG", "FR", "IT", "ES", "PT", "NL", "SE", "FI"}
	for i := 0; i < partners; i++ {
		doc.Partners = append(doc.Partners, Partner{ID: testID(0x100 + i), Name: "Org " + countries[i], Country: countries[i]})
	}
	p.Coordinator = doc.Partners[0].ID
	return doc
}

func testID(n int) string { return fmt.Sprintf("0192b000-0000-7000-8000-%012d", n) }

// TestManagementCap: eleven organisations, only ten count: 2,750 a month at most.
func TestManagementCap(t *testing.T) {
	doc := project2014(11, 12)
	b, err := ComputeBudget(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := *b.Totals.ProjectManagement; got != 12*2750_00 {
		t.Errorf("management = %s, want %s (cap of 2,750 × 12)", got.Euro(), Cents(12*2750_00).Euro())
	}
	last := b.Lines[10]
	if last.CappedFrom == nil || *last.CappedFrom != 12*250_00 || *last.Amount != 0 {
		t.Errorf("11th organisation's line = amount %v capped_from %v, want 0 capped from 3000", last.Amount, last.CappedFrom)
	}
	if b.Lines[9].CappedFrom != nil {
		t.Errorf("10th organisation capped")
	}
}

// TestMultiplierCapAndStaff: staff of partners do not count; the project total stops at 30,000.
func TestMultiplierCapAndStaff(t *testing.T) {
	doc := project2014(2, 24)
	doc.Events = []Event{
		{ID: testID(0x200), Code: "E1", Kind: EventMultiplier, Title: "a", Host: doc.Partners[0].ID, Start: NewDate(2020, 1, 10), End: NewDate(2020, 1, 10), Country: "DE"},
		{ID: testID(0x201), Code: "E2", Kind: EventMultiplier, Title: "b", Host: doc.Partners[1].ID, Start: NewDate(2020, 6, 10), End: NewDate(2020, 6, 10), Country: "PL"},
	}
	n := 0
	add := func(ev int, country, partner string, k int) {
		for i := 0; i < k; i++ {
			doc.Participants = append(doc.Participants, Participant{ID: testID(0x1000 + n), Event: doc.Events[ev].ID, Name: fmt.Sprintf("Guest %d", n), Country: country, Partner: partner})
			n++
		}
	}
	add(0, "DE", "", 200)               // 200 × 100 = 20,000
	add(0, "DE", doc.Partners[0].ID, 5) // staff: nothing
	add(1, "PL", "", 60)                // 60 × 100 = 6,000
	add(1, "CZ", "", 30)                // 30 × 200 = 6,000 → E2 = 12,000, over the 10,000 left
	b, err := ComputeBudget(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ml []BudgetLine
	for _, l := range b.Lines {
		if l.Category == BudgetMultiplier {
			ml = append(ml, l)
		}
	}
	if len(ml) != 2 || ml[0].Participants != 200 || *ml[0].Amount != 20000_00 || ml[0].CappedFrom != nil {
		t.Fatalf("E1 line = %+v", ml)
	}
	if ml[1].Participants != 90 || *ml[1].Amount != 10000_00 || ml[1].CappedFrom == nil || *ml[1].CappedFrom != 12000_00 {
		t.Errorf("E2 line: %d participants, amount %s, capped from %v; want 90, 10000.00 capped from 12000.00", ml[1].Participants, ml[1].Amount.Euro(), ml[1].CappedFrom)
	}
	if *b.Totals.MultiplierEvents != 30000_00 {
		t.Errorf("multiplier total = %s", b.Totals.MultiplierEvents.Euro())
	}
}

// TestMeetingBands: under 100 km earns nothing; 2,000 km or more earns 760.
func TestMeetingBands(t *testing.T) {
	for _, c := range []struct {
		km   int
		want Cents
	}{{0, 0}, {99, 0}, {100, 575_00}, {1999, 575_00}, {2000, 760_00}, {9000, 760_00}} {
		if got := Erasmus2014.MeetingAmount(c.km); got != c.want {
			t.Errorf("meeting %d km = %s, want %s", c.km, got.Euro(), c.want.Euro())
		}
	}
	for _, c := range []struct {
		km   int
		want Cents
	}{{5, 0}, {10, 20_00}, {99, 20_00}, {100, 180_00}, {499, 180_00}, {500, 275_00}, {2000, 360_00}, {3000, 530_00}, {4000, 820_00}, {7999, 820_00}, {8000, 1500_00}} {
		if got := Erasmus2014.TravelAmount(c.km); got != c.want {
			t.Errorf("travel %d km = %s, want %s", c.km, got.Euro(), c.want.Euro())
		}
	}
	// Staff: 14 days at 106, then 74; learners 55 then 40.
	if got := Erasmus2014.SupportAmount(RoleStaff, 16); got != 14*106_00+2*74_00 {
		t.Errorf("staff support 16 days = %s", got.Euro())
	}
	if got := Erasmus2014.SupportAmount(RoleLearner, 15); got != 14*55_00+40_00 {
		t.Errorf("learner support 15 days = %s", got.Euro())
	}
}

// TestBudget2021: allocations against staff cost at the organisation's own rates; WP1 over 20 % is a warning.
func TestBudget2021(t *testing.T) {
	doc := project2014(2, 24)
	doc.Project.Rules, doc.Project.Action, doc.Project.Number = Rules2021, "KA220-ADU", "2021-1-DE02-KA220-ADU-000029489"
	doc.Project.LumpSum = 250000_00
	doc.Partners[0].Rates = map[string]Cents{CatTeacher: 300_00}
	doc.Outputs = []Output{
		{ID: testID(0x300), Code: "WP1", Title: "Management", Kind: OutputWorkPackage, Allocation: []Allocation{{doc.Partners[0].ID, 40000_00}, {doc.Partners[1].ID, 20000_00}}},
		{ID: testID(0x301), Code: "WP2", Title: "Course", Kind: OutputWorkPackage, Allocation: []Allocation{{doc.Partners[0].ID, 100000_00}}},
	}
	doc.People = []Person{
		{ID: testID(0x400), Partner: doc.Partners[0].ID, Name: "A", Category: CatTeacher},
		{ID: testID(0x401), Partner: doc.Partners[1].ID, Name: "B", Category: CatTeacher},
	}
	work := []Work{
		{Person: testID(0x400), Output: testID(0x301), Seconds: 12 * 60 * 60}, // 1.5 days × 300 (own rate) = 450
		{Person: testID(0x401), Output: testID(0x301), Seconds: 4 * 60 * 60},  // 0.5 days × 74 (PL default) = 37
	}
	b, err := ComputeBudget(doc, work)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(b)
	var got struct {
		Lines  []map[string]any
		Totals map[string]float64
	}
	json.Unmarshal(raw, &got)
	if len(got.Lines) != 4 {
		t.Fatalf("lines = %v", got.Lines)
	}
	wp2a := got.Lines[2]
	if wp2a["category"] != "work_package" || wp2a["allocated"] != 100000.0 || wp2a["days"] != 1.5 || wp2a["staff_cost"] != 450.0 {
		t.Errorf("WP2 coordinator line = %v", wp2a)
	}
	if wp2b := got.Lines[3]; wp2b["allocated"] != 0.0 && wp2b["allocated"] != nil || wp2b["staff_cost"] != 37.0 {
		t.Errorf("WP2 partner line = %v", wp2b)
	}
	if got.Totals["allocated"] != 160000 || got.Totals["staff_cost"] != 487 || got.Totals["lump_sum"] != 250000 {
		t.Errorf("totals = %v", got.Totals)
	}
	// The partner without own rates is estimated with the 2014–2020 table, and says so (DOMAIN.md).
	if len(b.Warnings) != 2 || !strings.Contains(b.Warnings[0], "Org PL has no own teacher day rate: its staff cost uses the 2014–2020 table's 74.00 as an estimate") ||
		!strings.Contains(b.Warnings[1], "WP1") {
		t.Errorf("warnings = %v, want the estimate and the WP1 share (60,000 > 20 %% of 250,000)", b.Warnings)
	}
	if wp2b := got.Lines[3]; wp2b["note"] == nil || !strings.Contains(wp2b["note"].(string), "estimated") {
		t.Errorf("the estimated line does not say so: %v", wp2b)
	}
	// A 40-month project is longer than KA220 allows.
	doc.Project.End = NewDate(2022, 12, 31)
	b, _ = ComputeBudget(doc, work)
	if len(b.Warnings) != 3 || !strings.Contains(b.Warnings[2], "runs 40 months; KA220 projects run 12 to 36") {
		t.Errorf("warnings = %v, want the estimate, the WP1 share and the 40-month duration", b.Warnings)
	}
}
