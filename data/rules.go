package data

import (
	"fmt"
	"strings"
)

// DistanceBand pays Amount for a one-way distance from MinKM up to MaxKM (0 = no upper limit).
type DistanceBand struct {
	MinKM, MaxKM int
	Amount       Cents
}

// SupportBand pays Amount per day for days FromDay..ToDay of an activity.
type SupportBand struct {
	FromDay, ToDay int
	Amount         Cents
}

// RuleSet is one programme generation's figures, as data. The grant agreement binds; these are defaults.
type RuleSet struct {
	Name  string
	Title string

	// 2014–2020 unit costs.
	ManagementCoordinator Cents // per month
	ManagementPartner     Cents // per month
	ManagementMaxOrgs     int   // organisations that count
	ManagementMonthlyCap  Cents // ManagementCoordinator + (MaxOrgs-1) × ManagementPartner
	MeetingBands          []DistanceBand
	CountryGroups         map[string]int
	DayRates              map[int]map[string]Cents // country group → staff category → rate per day
	MultiplierLocal       Cents
	MultiplierForeign     Cents
	MultiplierCap         Cents // per project
	TravelBands           []DistanceBand
	Support               map[string][]SupportBand // participant role → per-day bands
	SpecialNeedsPercent   int
	ExceptionalPercent    int
	ExceptionalCap        Cents
	MaxPerMonth           Cents // 150,000 per project year

	// 2021–2027 lump sums.
	LumpSums    map[string][]Cents // action (KA220, KA210) → the amounts one may apply for
	WP1MaxShare int                // percent of the lump sum project management may take
	Durations   map[string][2]int  // action → min and max months

	// Check lists the figures no official copy confirmed: the UI says the grant agreement binds.
	Check []string
}

// countryAliases maps the ISO codes people type to the EU's codes the tables use.
var countryAliases = map[string]string{"GR": "EL", "GB": "UK"}

// NormCountry returns the EU country code for an ISO or EU two-letter code (GR → EL, GB → UK).
func NormCountry(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if a, ok := countryAliases[c]; ok {
		return a
	}
	return c
}

func euro(e int64) Cents { return EuroToCents(e) }

var groups2014 = func() map[string]int {
	g := map[string]int{}
	for grp, list := range map[int]string{
		1: "DK IE LU NL AT SE LI NO",
		2: "BE DE FR IT FI UK IS",
		3: "CZ EL ES CY MT PT SI",
		4: "BG EE HR LV LT HU PL RO SK MK TR RS",
	} {
		for _, c := range strings.Fields(list) {
			g[c] = grp
		}
	}
	return g
}()

var dayRates2014 = map[int]map[string]Cents{
	1: {CatManager: euro(294), CatTeacher: euro(241), CatTechnician: euro(190), CatAdmin: euro(157)},
	2: {CatManager: euro(280), CatTeacher: euro(214), CatTechnician: euro(162), CatAdmin: euro(131)},
	3: {CatManager: euro(164), CatTeacher: euro(137), CatTechnician: euro(102), CatAdmin: euro(78)},
	4: {CatManager: euro(88), CatTeacher: euro(74), CatTechnician: euro(55), CatAdmin: euro(47)},
}

// Erasmus2014 is the 2014–2020 Strategic Partnerships rule set (Programme Guide 2016–2020 unit costs).
var Erasmus2014 = &RuleSet{
	Name: Rules2014, Title: "Erasmus+ 2014–2020 Strategic Partnerships (unit costs)",

	ManagementCoordinator: euro(500), ManagementPartner: euro(250),
	ManagementMaxOrgs: 10, ManagementMonthlyCap: euro(2750),
	MeetingBands: []DistanceBand{
		{MinKM: 100, MaxKM: 1999, Amount: euro(575)},
		{MinKM: 2000, Amount: euro(760)},
	},
	CountryGroups:   groups2014,
	DayRates:        dayRates2014,
	MultiplierLocal: euro(100), MultiplierForeign: euro(200), MultiplierCap: euro(30000),
	TravelBands: []DistanceBand{
		{10, 99, euro(20)}, {100, 499, euro(180)}, {500, 1999, euro(275)}, {2000, 2999, euro(360)},
		{3000, 3999, euro(530)}, {4000, 7999, euro(820)}, {8000, 0, euro(1500)},
	},
	Support: map[string][]SupportBand{
		RoleStaff:   {{1, 14, euro(106)}, {15, 60, euro(74)}},
		RoleLearner: {{1, 14, euro(55)}, {15, 60, euro(40)}},
	},
	SpecialNeedsPercent: 100, ExceptionalPercent: 75, ExceptionalCap: euro(50000),
	MaxPerMonth: euro(12500),
	Durations:   map[string][2]int{"KA200": {12, 36}, "KA201": {12, 36}, "KA202": {12, 36}, "KA203": {12, 36}, "KA204": {12, 36}, "KA205": {12, 36}, "KA229": {12, 36}},
	Check: []string{
		"management monthly cap 2,750", "meeting band 2,000 km or more: 760",
		"country lists of the staff-cost groups", "group 4 administrative staff: 47",
		"learning-activity travel bands", "individual support rates but learners' 55",
		"exceptional costs cap 50,000",
	},
}

// Erasmus2021 is the 2021–2027 Cooperation Partnerships rule set (lump sums and work packages).
var Erasmus2021 = &RuleSet{
	Name: Rules2021, Title: "Erasmus+ 2021–2027 Cooperation Partnerships (lump sums)",
	// Staff cost under lump sums uses the organisation's own day rates; the 2014 tables are only the default.
	CountryGroups: groups2014,
	DayRates:      dayRates2014,
	LumpSums: map[string][]Cents{
		"KA220": {euro(120000), euro(250000), euro(400000)},
		"KA210": {euro(30000), euro(60000)},
	},
	WP1MaxShare: 20,
	Durations:   map[string][2]int{"KA220": {12, 36}, "KA210": {6, 24}},
	Check:       []string{"default day rates (the organisation's own rates apply under lump sums)"},
}

// RulesByName returns the rule set a project names.
func RulesByName(name string) (*RuleSet, error) {
	switch name {
	case Rules2014:
		return Erasmus2014, nil
	case Rules2021:
		return Erasmus2021, nil
	}
	return nil, fmt.Errorf("rules %q: not a rule set (use %s or %s)", name, Rules2014, Rules2021)
}

// CountryGroup returns the staff-cost country group (1–4) of a country, or 0 when it is in none.
func (r *RuleSet) CountryGroup(country string) int { return r.CountryGroups[NormCountry(country)] }

// Where a day rate comes from (the budget JSON's "rate_source").
const (
	RateUnitCost = "unit_cost" // the 2014–2020 table: what the grant pays
	RateOwn      = "own"       // the organisation's own rate
	RateEstimate = "estimate"  // the 2014–2020 table standing in for a missing own rate under lump sums
)

// RateInfo is a day rate with its source, and the organisation's own rate where it is shown beside the table.
type RateInfo struct {
	Rate   Cents
	Source string // RateUnitCost, RateOwn or RateEstimate
	Own    *Cents // under 2014–2020: the organisation's own rate, for its own accounts only
	OK     bool   // false: no rate at all (a country in no group, no own rate entered)
}

// RateFor applies DOMAIN.md's "Rates under each rule set": under 2014–2020 the unit cost of the country group
// is what the grant pays, an own rate only shown beside it (a country in no group uses its own rates);
// under lump sums the own rate, or the 2014–2020 table as an estimate that says so.
func (r *RuleSet) RateFor(p Partner, category string) RateInfo {
	own, hasOwn := p.Rates[category]
	table, hasTable := Cents(0), false
	if g := r.CountryGroup(p.Country); g != 0 {
		table, hasTable = r.DayRates[g][category]
	}
	if r.Name == Rules2014 {
		if hasTable {
			info := RateInfo{Rate: table, Source: RateUnitCost, OK: true}
			if hasOwn {
				info.Own = &own
			}
			return info
		}
		if hasOwn {
			return RateInfo{Rate: own, Source: RateOwn, OK: true}
		}
		return RateInfo{}
	}
	if hasOwn {
		return RateInfo{Rate: own, Source: RateOwn, OK: true}
	}
	if hasTable {
		return RateInfo{Rate: table, Source: RateEstimate, OK: true}
	}
	return RateInfo{}
}

// DayRate returns the day rate the figures use for a staff category (RateFor), and whether it is the
// organisation's own; ok is false when there is none (a country outside the groups with no rates entered).
func (r *RuleSet) DayRate(p Partner, category string) (rate Cents, own bool, ok bool) {
	i := r.RateFor(p, category)
	return i.Rate, i.Source == RateOwn, i.OK
}

// bandAmount returns the amount of the band a distance falls in, or 0 below the first band.
func bandAmount(bands []DistanceBand, km int) Cents {
	if i := bandIndex(bands, km); i >= 0 {
		return bands[i].Amount
	}
	return 0
}

// bandIndex returns the index of the band a distance falls in, or -1 below the first band.
func bandIndex(bands []DistanceBand, km int) int {
	for i, b := range bands {
		if km >= b.MinKM && (b.MaxKM == 0 || km <= b.MaxKM) {
			return i
		}
	}
	return -1
}

// maxSupportDay is the last day of an activity that earns individual support (60).
func (r *RuleSet) maxSupportDay() int {
	last := 0
	for _, bands := range r.Support {
		for _, b := range bands {
			last = max(last, b.ToDay)
		}
	}
	return last
}

// MeetingAmount is the unit cost for one participant travelling km one way to a transnational meeting.
func (r *RuleSet) MeetingAmount(km int) Cents { return bandAmount(r.MeetingBands, km) }

// TravelAmount is the travel unit cost for one learning-activity participant travelling km one way.
func (r *RuleSet) TravelAmount(km int) Cents { return bandAmount(r.TravelBands, km) }

// SupportAmount is individual support for a participant of the role for the number of days.
func (r *RuleSet) SupportAmount(role string, days int) Cents {
	if role == "" {
		role = RoleStaff
	}
	var total Cents
	for _, b := range r.Support[role] {
		for d := b.FromDay; d <= b.ToDay && d <= days; d++ {
			total += b.Amount
		}
	}
	return total
}
