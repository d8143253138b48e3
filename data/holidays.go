package data

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
)

// Holiday is one public holiday of a country, or of one of its regions, on a date.
type Holiday struct {
	Date      time.Time // the day, at 00:00 UTC
	Name      string    // English name; two holidays on one day are joined with " / "
	LocalName string    // the name in the country's language (English in UK and IE), joined likewise
}

// PublicHolidays returns the country's national public holidays in the year, sorted by date.
//
// Only days off nationwide are listed; RegionalHolidays adds a region's.
// Days the law moves (Greek Labour Day in Easter week, Dutch King's Day on a
// Sunday) are listed on the day they are kept, and substitute days off for a
// holiday on a weekend (UK, Bulgaria, Latvia; Serbia and North Macedonia for
// a Sunday) are listed too. An unknown country gives nil.
func PublicHolidays(country string, year int) []Holiday {
	return RegionalHolidays(country, "", year)
}

// RegionalHolidays returns the public holidays in the year of the country
// and, when region is one HolidayRegions lists (ISO 3166-2, e.g. DE-BY), of
// that region too, sorted by date. A region of another country, or one with
// no table, gives the national holidays only.
func RegionalHolidays(country, region string, year int) []Holiday {
	y := holidayYear(country, region, year)
	if y == nil {
		return nil
	}
	return slices.Clone(y.list)
}

// HolidayOn reports the English name of the country's national public
// holiday on the date, if any (date's Y-M-D is what counts; location
// ignored). HolidayIn also knows regions and local names.
func HolidayOn(country string, date time.Time) (string, bool) {
	h, ok := HolidayIn(country, "", date)
	return h.Name, ok
}

// HolidayIn reports the public holiday on the date in the country and, when
// set, its region (ISO 3166-2, e.g. DE-BY), with its English and local names.
// The date's Y-M-D is what counts; its location is ignored.
func HolidayIn(country, region string, date time.Time) (Holiday, bool) {
	year, month, day := date.Date()
	y := holidayYear(country, region, year)
	if y == nil {
		return Holiday{}, false
	}
	i, ok := y.byDay[int(month)*32+day]
	if !ok {
		return Holiday{}, false
	}
	return y.list[i], true
}

// Holiday is the public holiday on d where the organisation is: its
// country's, and its region's when Region is set.
func (p Partner) Holiday(d Date) (Holiday, bool) {
	return HolidayIn(p.Country, p.Region, d.Time())
}

// HolidayCountries lists the country codes PublicHolidays knows, sorted.
//
// The EU's codes are listed (EL, UK); PublicHolidays also accepts GR and GB.
func HolidayCountries() []string {
	codes := make([]string, 0, len(holidayTables))
	for c := range holidayTables {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// HolidayRegions lists the ISO 3166-2 codes of the country's regions that
// have holidays of their own here, sorted (GB-SCT, not UK-SCT).
func HolidayRegions(country string) []string {
	prefix := isoCountry(NormCountry(country)) + "-"
	var out []string
	for r := range regionalTables {
		if strings.HasPrefix(r, prefix) {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// isoCountry is the ISO 3166-1 code for an EU country code (EL → GR, UK → GB).
func isoCountry(c string) string {
	switch c {
	case "EL":
		return "GR"
	case "UK":
		return "GB"
	}
	return c
}

// normRegion is the key of regionalTables for a region of country c (an EU
// code), or "" when the region is empty, of another country or has no table.
func normRegion(c, region string) string {
	cc, sub, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(region)), "-")
	if !ok || NormCountry(cc) != c {
		return ""
	}
	key := isoCountry(c) + "-" + sub
	if _, ok := regionalTables[key]; !ok {
		return ""
	}
	return key
}

// holYear is one country's (or region's) holidays in one year, computed once and then only read.
type holYear struct {
	list  []Holiday
	byDay map[int]int // month*32 + day → index in list
}

type holKey struct {
	country, region string
	year            int
}

// holCache holds *holYear by holKey; it is safe for concurrent use.
var holCache sync.Map

func holidayYear(country, region string, year int) *holYear {
	c := NormCountry(country)
	rules, ok := holidayTables[c]
	if !ok {
		return nil
	}
	r := normRegion(c, region)
	key := holKey{c, r, year}
	if v, ok := holCache.Load(key); ok {
		return v.(*holYear)
	}
	if r != "" {
		reg := regionalTables[r]
		rules = slices.DeleteFunc(slices.Clone(rules), func(h holRule) bool { return slices.Contains(reg.drop, h.name) })
		rules = append(rules, reg.add...)
	}
	y := holBuild(c, rules, year)
	v, _ := holCache.LoadOrStore(key, y)
	return v.(*holYear)
}

// holEntry is a day off while a year is built: the merged holidays of one date.
type holEntry struct {
	Holiday
	obs              holObs   // the strongest substitute rule of its holidays
	obsNames, obsLoc []string // the holidays that give a substitute day, in English and locally
}

// holBuild applies a country's rules to a year. Rules are evaluated for the
// neighbouring years too, so that a holiday or substitute day that spills
// over New Year lands in the right year.
func holBuild(country string, rules []holRule, year int) *holYear {
	word := holSubstituteWord[country]
	if word == "" {
		word = "substitute day"
	}
	var all []holEntry
	for _, r := range rules {
		for y := year - 1; y <= year+1; y++ {
			r.dates(y, word, func(d time.Time, name, local string) {
				if local == "" || country == "UK" || country == "IE" {
					local = name
				}
				h := holEntry{Holiday: Holiday{d, name, local}, obs: r.obs}
				if r.obs != holObsNone {
					h.obsNames, h.obsLoc = []string{name}, []string{local}
				}
				all = append(all, h)
			})
		}
	}
	days := holMerge(all)

	// Substitute days for holidays on a weekend, where the law gives them and
	// rickar/cal does not already: the first following weekday that is not a
	// holiday or another holiday's substitute, one for each date.
	taken := make(map[time.Time]bool, len(days))
	for _, h := range days {
		taken[h.Date] = true
	}
	var subs []holEntry
	for _, h := range days {
		wd := h.Date.Weekday()
		if h.obs == holObsNone || !(wd == time.Sunday || wd == time.Saturday && h.obs == holObsWeekend) {
			continue
		}
		d := h.Date.AddDate(0, 0, 1)
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || taken[d] {
			d = d.AddDate(0, 0, 1)
		}
		taken[d] = true
		subs = append(subs, holEntry{Holiday: Holiday{d, suffixAll(h.obsNames, "substitute day"), suffixAll(h.obsLoc, word)}})
	}
	if len(subs) > 0 {
		days = holMerge(append(days, subs...))
	}

	out := &holYear{byDay: make(map[int]int, len(days))}
	for _, h := range days {
		if h.Date.Year() == year {
			out.byDay[int(h.Date.Month())*32+h.Date.Day()] = len(out.list)
			out.list = append(out.list, h.Holiday)
		}
	}
	return out
}

// holMerge sorts the days and joins the names of holidays on the same date.
func holMerge(all []holEntry) []holEntry {
	sort.SliceStable(all, func(i, j int) bool { return all[i].Date.Before(all[j].Date) })
	var out []holEntry
	for _, h := range all {
		if n := len(out); n > 0 && out[n-1].Date.Equal(h.Date) {
			last := &out[n-1]
			if !slices.Contains(strings.Split(last.Name, " / "), h.Name) {
				last.Name += " / " + h.Name
				last.LocalName += " / " + h.LocalName
			}
			last.obs = max(last.obs, h.obs)
			last.obsNames = append(last.obsNames, h.obsNames...)
			last.obsLoc = append(last.obsLoc, h.obsLoc...)
			continue
		}
		out = append(out, h)
	}
	return out
}

// suffixAll adds " (what)" to each name and joins them with " / ".
func suffixAll(names []string, what string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " (" + what + ")"
	}
	return strings.Join(parts, " / ")
}

// holSubstituteWord is "substitute day" in the country's language, for
// substitute days' local names.
var holSubstituteWord = map[string]string{
	"BG": "почивен ден",
	"ES": "traslado",
	"LV": "pārceltā brīvdiena",
	"MK": "неработен ден",
	"RS": "нерадни дан",
}

// holKind says how a holRule finds its date.
type holKind uint8

const (
	holFixed       holKind = iota // month/day every year
	holEaster                     // offset days from Western Easter Sunday
	holOrthodox                   // offset days from Orthodox Easter Sunday
	holWeekdayFrom                // first weekday on or after month/day
	holSpan                       // length days from a looked-up first day (lunar holidays)
	holCal                        // a rickar/cal rule, its substitute days included
	holFunc                       // a function of the year
)

// holObs says whether a holiday on a weekend gives a substitute day off.
type holObs uint8

const (
	holObsNone    holObs = iota
	holObsSunday         // on a Sunday: the next working day is off (RS, MK)
	holObsWeekend        // on a Saturday or Sunday: the next working day is off (UK regions)
)

// holRule is one line of a country's holiday table.
type holRule struct {
	name    string // English
	local   string // in the country's language; "" = rickar/cal's name (holCal) or the English one
	kind    holKind
	month   time.Month
	day     int
	offset  int
	weekday time.Weekday
	starts  map[int]holMD // holSpan: first day by year
	length  int           // holSpan: number of days
	dayFmt  string        // holSpan: local name of day n, as fmt with the name and n ("%s (%d)")
	rc      *cal.Holiday  // holCal
	fn      func(year int) (time.Time, bool)
	obs     holObs
	obsFrom int   // holCal: rickar/cal's substitute days only from this year; 0 = always
	first   int   // first year the holiday applies; 0 = always
	last    int   // last year the holiday applies; 0 = still
	skip    []int // years it does not apply
	step    int   // if set, applies only in years divisible by step
}

type holMD struct {
	m time.Month
	d int
}

func hFixed(m time.Month, d int, name string) holRule {
	return holRule{name: name, kind: holFixed, month: m, day: d}
}

func hEaster(offset int, name string) holRule {
	return holRule{name: name, kind: holEaster, offset: offset}
}

func hOrthodox(offset int, name string) holRule {
	return holRule{name: name, kind: holOrthodox, offset: offset}
}

func hWeekdayFrom(wd time.Weekday, m time.Month, d int, name string) holRule {
	return holRule{name: name, kind: holWeekdayFrom, weekday: wd, month: m, day: d}
}

func hSpan(length int, starts map[int]holMD, name string) holRule {
	return holRule{name: name, kind: holSpan, length: length, starts: starts}
}

func hCal(h *cal.Holiday, name string) holRule {
	return holRule{name: name, kind: holCal, rc: h}
}

func hFunc(fn func(year int) (time.Time, bool), name string) holRule {
	return holRule{name: name, kind: holFunc, fn: fn}
}

func (r holRule) from(year int) holRule    { r.first = year; return r }
func (r holRule) until(year int) holRule   { r.last = year; return r }
func (r holRule) only(year int) holRule    { r.first, r.last = year, year; return r }
func (r holRule) except(ys ...int) holRule { r.skip = ys; return r }
func (r holRule) every(n int) holRule      { r.step = n; return r }

// loc sets the name in the country's language.
func (r holRule) loc(name string) holRule { r.local = name; return r }

// locDay sets how a holSpan's later days are named locally (fmt with the name and the day's number).
func (r holRule) locDay(f string) holRule { r.dayFmt = f; return r }

// substitutesFrom keeps rickar/cal's substitute days only from the year on.
func (r holRule) substitutesFrom(year int) holRule { r.obsFrom = year; return r }

// sunday gives the next working day off when the holiday falls on a Sunday.
func (r holRule) sunday() holRule { r.obs = holObsSunday; return r }

// weekend gives the next working day off when the holiday falls on a Saturday or Sunday.
func (r holRule) weekend() holRule { r.obs = holObsWeekend; return r }

func (r holRule) applies(y int) bool {
	switch {
	case r.first != 0 && y < r.first, r.last != 0 && y > r.last:
		return false
	case r.step != 0 && y%r.step != 0:
		return false
	}
	return !slices.Contains(r.skip, y)
}

// dates calls add for each day the rule gives in year y, with its English
// and local name ("" when the table has none); word is "substitute day" in
// the country's language.
func (r holRule) dates(y int, word string, add func(d time.Time, name, local string)) {
	if !r.applies(y) {
		return
	}
	switch r.kind {
	case holFixed:
		add(utcDay(y, r.month, r.day), r.name, r.local)
	case holEaster, holOrthodox:
		add(easterSunday(y, r.kind == holOrthodox).AddDate(0, 0, r.offset), r.name, r.local)
	case holWeekdayFrom:
		d := utcDay(y, r.month, r.day)
		for d.Weekday() != r.weekday {
			d = d.AddDate(0, 0, 1)
		}
		add(d, r.name, r.local)
	case holSpan:
		md, ok := r.starts[y]
		if !ok {
			return
		}
		dayFmt := r.dayFmt
		if dayFmt == "" {
			dayFmt = "%s (%d)"
		}
		for i := range r.length {
			name, local := r.name, r.local
			if i > 0 {
				name = fmt.Sprintf("%s (day %d)", r.name, i+1)
				if local != "" {
					local = fmt.Sprintf(dayFmt, r.local, i+1)
				}
			}
			add(utcDay(y, md.m, md.d+i), name, local)
		}
	case holFunc:
		if d, ok := r.fn(y); ok {
			add(d, r.name, r.local)
		}
	case holCal:
		act, obs := r.rc.Calc(y)
		if act.IsZero() {
			return
		}
		local := r.local
		if local == "" {
			local = r.rc.Name
		}
		a, o := utcOf(act), utcOf(obs)
		switch {
		case o.Equal(a):
			add(a, r.name, local)
		case o.Before(a): // the holiday moves (NL: King's Day on a Sunday is kept on Saturday)
			add(o, r.name, local)
		default: // a substitute day off after a weekend holiday
			add(a, r.name, local)
			if y >= r.obsFrom {
				add(o, r.name+" (substitute day)", local+" ("+word+")")
			}
		}
	}
}

func utcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// utcOf keeps t's calendar day (rickar/cal works in cal.DefaultLoc) at 00:00 UTC.
func utcOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return utcDay(y, m, d)
}

// easterSunday is Western (Gregorian) or Orthodox (Julian, converted to
// Gregorian; valid 1900–2099) Easter Sunday, computed by rickar/cal.
func easterSunday(y int, julian bool) time.Time {
	return utcOf(cal.CalcEasterOffset(&cal.Holiday{Julian: julian}, y))
}

// bgLabourDay is rickar/cal's bg.LabourDay (a weekend 1 May gives the next
// Monday off) with its Easter rule fixed: when 1 May falls on Orthodox Good
// Friday, Holy Saturday or Easter Sunday, the day off is Easter Tuesday
// (2021: 4 May). rickar/cal also moves it whenever 1 May comes before Good
// Friday (2024: to 7 May), which Bulgaria does not do. 1 May itself is listed
// by a fixed rule.
var bgLabourDay = func() *cal.Holiday {
	h := *bg.LabourDay
	h.Func = func(h *cal.Holiday, y int) time.Time {
		may1 := cal.CalcDayOfMonth(h, y)
		easter := easterSunday(y, true)
		if d := utcOf(may1).Sub(easter) / (24 * time.Hour); d >= -2 && d <= 0 {
			return easter.AddDate(0, 0, 2)
		}
		return may1
	}
	return &h
}()

// grLabourDay is 1 May, except where it falls in Orthodox Holy Week or on
// Easter Sunday: the Minister of Labour has then moved the compulsory
// holiday to Easter Tuesday each time (2013 and 2024 from Holy Wednesday to
// 7 May, 2016 from Easter Sunday to 3 May, 2021 from Holy Saturday to
// 4 May). The same move is assumed for such years to come (2027: 4 May).
func grLabourDay(y int) (time.Time, bool) {
	may1 := utcDay(y, time.May, 1)
	easter := easterSunday(y, true)
	if d := easter.Sub(may1) / (24 * time.Hour); d >= 0 && d <= 6 {
		return easter.AddDate(0, 0, 2), true
	}
	return may1, true
}

// bgMovedDays are the rest days Bulgaria's Council of Ministers moved by
// decision (art. 154 of the Labour Code), each worked on a Saturday: for 2015
// decision 748 of 5 November 2014 (State Gazette 94/2014), for 2016 decision
// 935 of 30 November 2015 (State Gazette 94/2015), and 31 December 2014. The
// practice stopped with the substitute days of 2017; 31 December 2025 was a
// day off once for the changeover to the euro.
func bgMovedDays() []holRule {
	var out []holRule
	for _, d := range []string{
		"2014-12-31",
		"2015-01-02", "2015-03-02", "2015-09-21", "2015-12-31",
		"2016-03-04", "2016-05-23", "2016-09-05", "2016-09-23",
	} {
		t := mustDay(d)
		out = append(out, hFixed(t.Month(), t.Day(), "Bridge day (rest day moved by the Council of Ministers)").loc("почивен ден (разместване)").only(t.Year()))
	}
	return append(out, hFixed(time.December, 31, "Day off for the changeover to the euro").loc("неприсъствен ден (въвеждане на еврото)").only(2025))
}

func mustDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// huRestDays are the working days Hungary's minister moves each year, by a
// decree on "a munkaszüneti napok körüli munkarend", to bridge a holiday and
// a weekend (a Saturday is worked instead, which is not marked here): for
// 2019 the PM decree of August 2018, for 2020–2022 the ITM decrees, for 2024
// 15/2023. (VII. 13.) GFM, for 2025 11/2024. (IV. 8.) NGM; 2023 had none.
// Years before 2019, and 2026 beyond 24 December, are not listed.
func huRestDays() []holRule {
	var out []holRule
	for _, d := range []string{
		"2019-08-19", "2019-12-24", "2019-12-27",
		"2020-08-21", "2020-12-24",
		"2021-12-24",
		"2022-03-14", "2022-10-31",
		"2024-08-19", "2024-12-24", "2024-12-27",
		"2025-05-02", "2025-10-24", "2025-12-24",
		"2026-12-24",
	} {
		t := mustDay(d)
		out = append(out, hFixed(t.Month(), t.Day(), "Bridge day (rest day moved by decree)").loc("áthelyezett pihenőnap").only(t.Year()))
	}
	return out
}

// Turkey's Ramazan Bayramı and Kurban Bayramı follow the Hijri calendar as
// published in advance by the Diyanet (North Macedonia's Islamic Religious
// Community announces the same first day of Ramazan Bajram). They cannot be computed reliably
// (tabular Hijri dates are off by a day now and then), so the published first
// days are listed for 2014–2026; in other years Turkey gets only its fixed
// holidays. The half days off on the eves (arefe, and 28 October) are left out.
var (
	trRamadanFeast = map[int]holMD{
		2014: {time.July, 28}, 2015: {time.July, 17}, 2016: {time.July, 5},
		2017: {time.June, 25}, 2018: {time.June, 15}, 2019: {time.June, 4},
		2020: {time.May, 24}, 2021: {time.May, 13}, 2022: {time.May, 2},
		2023: {time.April, 21}, 2024: {time.April, 10}, 2025: {time.March, 30},
		2026: {time.March, 20},
	}
	trSacrificeFeast = map[int]holMD{
		2014: {time.October, 4}, 2015: {time.September, 24}, 2016: {time.September, 12},
		2017: {time.September, 1}, 2018: {time.August, 21}, 2019: {time.August, 11},
		2020: {time.July, 31}, 2021: {time.July, 20}, 2022: {time.July, 9},
		2023: {time.June, 28}, 2024: {time.June, 16}, 2025: {time.June, 6},
		2026: {time.May, 27},
	}
)

// holidayTables has one table a country, keyed by the EU's country code.
// Countries rickar/cal covers use its rules (checked one by one: only its
// nationwide days off are taken, with corrections noted); the others are
// written out here. Sundays that are holidays by law (Easter Sunday, ...)
// are listed where the law lists them; half days off are not.
var holidayTables = map[string][]holRule{
	"AT": {
		hCal(at.Neujahr, "New Year's Day"),
		hCal(at.HeiligeDreiKoenige, "Epiphany"),
		hCal(at.Ostermontag, "Easter Monday"),
		hCal(at.TagderArbeit, "Labour Day"),
		hCal(at.ChristiHimmelfahrt, "Ascension Day"),
		hCal(at.Pfingstmontag, "Whit Monday"),
		hCal(at.Fronleichnam, "Corpus Christi"),
		hCal(at.MariaHimmelfahrt, "Assumption Day"),
		hCal(at.Nationalfeiertag, "National Day"),
		hCal(at.Allerheiligen, "All Saints' Day"),
		hCal(at.MariaEmpfaengnis, "Immaculate Conception"),
		hCal(at.Christtag, "Christmas Day"),
		hCal(at.Stefanitag, "St Stephen's Day"),
	},
	"BE": {
		hCal(be.Nieuwjaar, "New Year's Day"),
		hCal(be.Paasmaandag, "Easter Monday"),
		hCal(be.DagVanDeArbeid, "Labour Day"),
		hCal(be.OnzeLieveHeerHemelvaart, "Ascension Day"),
		hCal(be.Pinkstermaandag, "Whit Monday"),
		hCal(be.NationaleFeestdag, "National Day"),
		hCal(be.OnzeLieveVrouwHemelvaart, "Assumption Day"),
		hCal(be.Allerheiligen, "All Saints' Day"),
		hCal(be.Wapenstilstand, "Armistice Day"),
		hCal(be.Kerstmis, "Christmas Day"),
	},
	"BG": append([]holRule{ // Labour Code art. 154(2), in force since 2017: a holiday on a weekend gives the next working days (rickar/cal's substitute days); before, none
		hCal(bg.NewYear, "New Year's Day").substitutesFrom(2017),
		hCal(bg.LiberationDay, "Liberation Day").substitutesFrom(2017),
		hCal(bg.OrthodoxGoodFriday, "Orthodox Good Friday"),
		hOrthodox(-1, "Orthodox Holy Saturday").loc("Велика събота"),
		hOrthodox(0, "Orthodox Easter Sunday").loc("Великден"),
		hCal(bg.OrthodoxEasterMonday, "Orthodox Easter Monday").loc("Великден (втори ден)"),
		hFixed(time.May, 1, "Labour Day").loc(bg.LabourDay.Name),
		hCal(bgLabourDay, "Labour Day").from(2017), // the day off for it, see bgLabourDay
		hCal(bg.StGeorgesDay, "St George's Day").substitutesFrom(2017),
		hCal(bg.StCyrilAndMethodiusDay, "Bulgarian Education and Culture Day").substitutesFrom(2017),
		hCal(bg.UnificationDay, "Unification Day").substitutesFrom(2017),
		hCal(bg.IndependenceDay, "Independence Day").substitutesFrom(2017),
		hCal(bg.ChristmasEve, "Christmas Eve").substitutesFrom(2017),
		hCal(bg.ChristmasDay, "Christmas Day").substitutesFrom(2017),
		hCal(bg.ChristmasDay2, "Second Day of Christmas").substitutesFrom(2017),
	}, bgMovedDays()...),
	"CY": { // not in rickar/cal; Easter Tuesday and 24 December are bank/civil-service days only
		hFixed(time.January, 1, "New Year's Day").loc("Πρωτοχρονιά"),
		hFixed(time.January, 6, "Epiphany").loc("Θεοφάνεια"),
		hOrthodox(-48, "Clean Monday").loc("Καθαρά Δευτέρα"),
		hFixed(time.March, 25, "Greek Independence Day").loc("Ευαγγελισμός της Θεοτόκου, Εθνική Επέτειος"),
		hFixed(time.April, 1, "Cyprus National Day").loc("Εθνική Επέτειος της Κύπρου"),
		hOrthodox(-2, "Orthodox Good Friday").loc("Μεγάλη Παρασκευή"),
		hOrthodox(0, "Orthodox Easter Sunday").loc("Κυριακή του Πάσχα"),
		hOrthodox(1, "Orthodox Easter Monday").loc("Δευτέρα του Πάσχα"),
		hFixed(time.May, 1, "Labour Day").loc("Πρωτομαγιά"),
		hOrthodox(50, "Whit Monday (Kataklysmos)").loc("Δευτέρα του Αγίου Πνεύματος (Κατακλυσμός)"),
		hFixed(time.August, 15, "Assumption Day").loc("Κοίμηση της Θεοτόκου"),
		hFixed(time.October, 1, "Cyprus Independence Day").loc("Ημέρα της Κυπριακής Ανεξαρτησίας"),
		hFixed(time.October, 28, "Ochi Day").loc("Επέτειος του Όχι"),
		hFixed(time.December, 25, "Christmas Day").loc("Χριστούγεννα"),
		hFixed(time.December, 26, "Boxing Day").loc("Επομένη των Χριστουγέννων"),
	},
	"CZ": {
		hCal(cz.NewYear, "New Year's Day"),
		hCal(cz.GoodFriday, "Good Friday").from(2016), // rickar/cal has no start year
		hCal(cz.EasterMonday, "Easter Monday"),
		hCal(cz.LabourDay, "Labour Day"),
		hCal(cz.LiberationDay, "Liberation Day"),
		hCal(cz.SaintsCyrilMethodius, "Saints Cyril and Methodius Day"),
		hCal(cz.JanHusDay, "Jan Hus Day"),
		hCal(cz.SaintWenceslasDay, "Czech Statehood Day"),
		hCal(cz.IndependenceDay, "Independent Czechoslovak State Day"),
		hCal(cz.FreedomDay, "Struggle for Freedom and Democracy Day"),
		hCal(cz.ChristmasEve, "Christmas Eve"),
		hCal(cz.ChristmasDay, "Christmas Day"),
		hCal(cz.SaintStephensDay, "St Stephen's Day"),
	},
	"DE": { // de.Holidays, the nationwide ones; state holidays are left out
		hCal(de.Neujahr, "New Year's Day"),
		hCal(de.Karfreitag, "Good Friday"),
		hCal(de.Ostermontag, "Easter Monday"),
		hCal(de.TagderArbeit, "Labour Day"),
		hCal(de.ChristiHimmelfahrt, "Ascension Day"),
		hCal(de.Pfingstmontag, "Whit Monday"),
		hCal(de.DeutschenEinheit, "German Unity Day"),
		hFixed(time.October, 31, "Reformation Day (500th anniversary)").loc("Reformationstag (500. Jahrestag)").only(2017),
		hCal(de.Weihnachtstag, "Christmas Day"),
		hCal(de.ZweiterWeihnachtsfeiertag, "Second Day of Christmas"),
	},
	"DK": {
		hCal(dk.Nytaarsdag, "New Year's Day"),
		hCal(dk.Skaertorsdag, "Maundy Thursday"),
		hCal(dk.Langfredag, "Good Friday"),
		hCal(dk.AndenPaaskedag, "Easter Monday"),
		hCal(dk.StoreBededag, "General Prayer Day"), // abolished after 2023
		hCal(dk.KristiHimmelfartsdag, "Ascension Day"),
		hCal(dk.AndenPinsedag, "Whit Monday"),
		hCal(dk.Grundlovsdag, "Constitution Day"),
		hCal(dk.Juledag, "Christmas Day"),
		hCal(dk.AndenJuledag, "Second Day of Christmas"),
	},
	"EE": { // not in rickar/cal
		hFixed(time.January, 1, "New Year's Day").loc("uusaasta"),
		hFixed(time.February, 24, "Independence Day").loc("iseseisvuspäev"),
		hEaster(-2, "Good Friday").loc("suur reede"),
		hEaster(0, "Easter Sunday").loc("ülestõusmispühade 1. püha"),
		hFixed(time.May, 1, "Spring Day").loc("kevadpüha"),
		hEaster(49, "Whit Sunday").loc("nelipühade 1. püha"),
		hFixed(time.June, 23, "Victory Day").loc("võidupüha"),
		hFixed(time.June, 24, "Midsummer Day").loc("jaanipäev"),
		hFixed(time.August, 20, "Day of Restoration of Independence").loc("taasiseseisvumispäev"),
		hFixed(time.December, 24, "Christmas Eve").loc("jõululaupäev"),
		hFixed(time.December, 25, "Christmas Day").loc("esimene jõulupüha"),
		hFixed(time.December, 26, "Boxing Day").loc("teine jõulupüha"),
	},
	"EL": { // rickar/cal's gr: Orthodox Easter; its New Year's Day is misnamed there; Labour Day moves, see grLabourDay
		hCal(gr.Protoxronia, "New Year's Day").loc("Πρωτοχρονιά"),
		hCal(gr.Theophania, "Epiphany"),
		hCal(gr.KatharaDeftera, "Clean Monday"),
		hCal(gr.IkostiPemptiMartiou, "Independence Day"),
		hCal(gr.MegaliParaskevi, "Orthodox Good Friday"),
		hCal(gr.DefteraPascha, "Orthodox Easter Monday"),
		hFunc(grLabourDay, "Labour Day").loc("Εργατική Πρωτομαγιά"),
		hCal(gr.AgiouPrevmatos, "Orthodox Whit Monday"),
		hCal(gr.KimisiTisTheotokou, "Assumption Day"),
		hCal(gr.ImeraTouOchi, "Ochi Day"),
		hCal(gr.Christougenna, "Christmas Day"),
		hCal(gr.SinaxisYperagiasTheotokou, "Synaxis of the Mother of God"),
	},
	"ES": { // es.Holidays, the national ones; regional holidays are left out
		hCal(es.AñoNuevo, "New Year's Day"),
		hCal(es.Reyes, "Epiphany"),
		hCal(es.ViernesSanto, "Good Friday"),
		hCal(es.Trabajador, "Labour Day"),
		hCal(es.Asunción, "Assumption Day"),
		hCal(es.FiestaNacionalDeEspaña, "National Day of Spain"),
		hCal(es.TodosLosSantos, "All Saints' Day"),
		hCal(es.Constitucion, "Constitution Day"),
		hCal(es.InmaculadaConcepcion, "Immaculate Conception"),
		hCal(es.Navidad, "Christmas Day"),
	},
	"FI": { // not in rickar/cal; Midsummer Eve and Christmas Eve are days off by custom
		hFixed(time.January, 1, "New Year's Day").loc("uudenvuodenpäivä"),
		hFixed(time.January, 6, "Epiphany").loc("loppiainen"),
		hEaster(-2, "Good Friday").loc("pitkäperjantai"),
		hEaster(0, "Easter Sunday").loc("pääsiäispäivä"),
		hEaster(1, "Easter Monday").loc("2. pääsiäispäivä"),
		hFixed(time.May, 1, "May Day").loc("vappu"),
		hEaster(39, "Ascension Day").loc("helatorstai"),
		hEaster(49, "Whit Sunday").loc("helluntaipäivä"),
		hWeekdayFrom(time.Friday, time.June, 19, "Midsummer Eve").loc("juhannusaatto"),
		hWeekdayFrom(time.Saturday, time.June, 20, "Midsummer Day").loc("juhannuspäivä"),
		hWeekdayFrom(time.Saturday, time.October, 31, "All Saints' Day").loc("pyhäinpäivä"),
		hFixed(time.December, 6, "Independence Day").loc("itsenäisyyspäivä"),
		hFixed(time.December, 24, "Christmas Eve").loc("jouluaatto"),
		hFixed(time.December, 25, "Christmas Day").loc("joulupäivä"),
		hFixed(time.December, 26, "St Stephen's Day").loc("tapaninpäivä"),
	},
	"FR": {
		hCal(fr.NouvelAn, "New Year's Day"),
		hCal(fr.LundiDePâques, "Easter Monday"),
		hCal(fr.FêteDuTravail, "Labour Day"),
		hCal(fr.FêteDeLaVictoire, "Victory in Europe Day"),
		hCal(fr.Ascension, "Ascension Day"),
		hCal(fr.LundiDePentecôte, "Whit Monday"),
		hCal(fr.FêteNationale, "Bastille Day"),
		hCal(fr.Assomption, "Assumption Day"),
		hCal(fr.Toussaint, "All Saints' Day"),
		hCal(fr.Armistice1918, "Armistice Day"),
		hCal(fr.Noël, "Christmas Day"),
	},
	"HR": { // rickar/cal has the 2020 reform for every year; earlier years fixed here
		hCal(hr.NovaGodina, "New Year's Day"),
		hCal(hr.SvetaTriKralja, "Epiphany"),
		hCal(hr.Uskrs, "Easter Sunday"),
		hCal(hr.UskrsnjiPonedjeljak, "Easter Monday"),
		hCal(hr.PraznikRada, "Labour Day"),
		hCal(hr.DanDrzavnosti, "Statehood Day").from(2020),
		hCal(hr.Tijelovo, "Corpus Christi"),
		hCal(hr.DanAntifasistickeBorbe, "Anti-Fascist Struggle Day"),
		hFixed(time.June, 25, "Statehood Day").loc("Dan državnosti").until(2019),
		hCal(hr.DanPobjedeIDomovinskeZahvalnosti, "Victory and Homeland Thanksgiving Day"),
		hCal(hr.VelikaGospa, "Assumption Day"),
		hFixed(time.October, 8, "Independence Day").loc("Dan neovisnosti").until(2019),
		hCal(hr.DanSvihSvetih, "All Saints' Day"),
		hCal(hr.DanSjecanjaNaZrtveDomovinskogRata, "Remembrance Day").from(2020),
		hCal(hr.Bozic, "Christmas Day"),
		hCal(hr.SvetiStjepan, "St Stephen's Day"),
	},
	"HU": append([]holRule{ // not in rickar/cal; the rest days moved by decree follow (huRestDays)
		hFixed(time.January, 1, "New Year's Day").loc("újév"),
		hFixed(time.March, 15, "National Day").loc("az 1848-as forradalom ünnepe"),
		hEaster(-2, "Good Friday").loc("nagypéntek").from(2017),
		hEaster(1, "Easter Monday").loc("húsvéthétfő"),
		hFixed(time.May, 1, "Labour Day").loc("a munka ünnepe"),
		hEaster(50, "Whit Monday").loc("pünkösdhétfő"),
		hFixed(time.August, 20, "State Foundation Day").loc("az államalapítás ünnepe"),
		hFixed(time.October, 23, "1956 Revolution Memorial Day").loc("az 1956-os forradalom ünnepe"),
		hFixed(time.November, 1, "All Saints' Day").loc("mindenszentek"),
		hFixed(time.December, 25, "Christmas Day").loc("karácsony"),
		hFixed(time.December, 26, "Second Day of Christmas").loc("karácsony másnapja"),
	}, huRestDays()...),
	"IE": { // rickar/cal leaves the type unset, but all are public holidays
		hCal(ie.NewYear, "New Year's Day"),
		hCal(ie.SaintBrigidDay, "St Brigid's Day"),
		hCal(ie.ExtraPublicHoliday2022, "Day of Remembrance and Recognition"),
		hCal(ie.SaintPatrickDay, "St Patrick's Day"),
		hCal(ie.EasterMonday, "Easter Monday"),
		hCal(ie.FirstMondayMay, "May Bank Holiday"),
		hCal(ie.FirstMondayJune, "June Bank Holiday"),
		hCal(ie.FirstMondayAugust, "August Bank Holiday"),
		hCal(ie.LastMondayInOctober, "October Bank Holiday"),
		hCal(ie.ChristmasDay, "Christmas Day"),
		hCal(ie.SaintStephenDay, "St Stephen's Day"),
	},
	"IS": { // not in rickar/cal; the afternoons off on 24 and 31 December are left out
		hFixed(time.January, 1, "New Year's Day").loc("nýársdagur"),
		hEaster(-3, "Maundy Thursday").loc("skírdagur"),
		hEaster(-2, "Good Friday").loc("föstudagurinn langi"),
		hEaster(0, "Easter Sunday").loc("páskadagur"),
		hEaster(1, "Easter Monday").loc("annar í páskum"),
		hWeekdayFrom(time.Thursday, time.April, 19, "First Day of Summer").loc("sumardagurinn fyrsti"),
		hFixed(time.May, 1, "Labour Day").loc("verkalýðsdagurinn"),
		hEaster(39, "Ascension Day").loc("uppstigningardagur"),
		hEaster(49, "Whit Sunday").loc("hvítasunnudagur"),
		hEaster(50, "Whit Monday").loc("annar í hvítasunnu"),
		hFixed(time.June, 17, "National Day").loc("þjóðhátíðardagurinn"),
		hWeekdayFrom(time.Monday, time.August, 1, "Commerce Day").loc("frídagur verslunarmanna"),
		hFixed(time.December, 25, "Christmas Day").loc("jóladagur"),
		hFixed(time.December, 26, "Boxing Day").loc("annar í jólum"),
	},
	"IT": {
		hCal(it.Capodanno, "New Year's Day"),
		hCal(it.Epifania, "Epiphany"),
		hCal(it.Pasquetta, "Easter Monday"),
		hCal(it.FestaDellaLiberazione, "Liberation Day"),
		hCal(it.FestaDelLavoro, "Labour Day"),
		hCal(it.FestaDellaRepubblica, "Republic Day"),
		hCal(it.Assunzione, "Assumption Day"),
		hCal(it.TuttiISanti, "All Saints' Day"),
		hCal(it.Immacolata, "Immaculate Conception"),
		hCal(it.Natale, "Christmas Day"),
		hCal(it.SantoStefano, "St Stephen's Day"),
	},
	"LI": { // not in rickar/cal; the days the Labour Act treats as Sundays
		hFixed(time.January, 1, "New Year's Day").loc("Neujahr"),
		hFixed(time.January, 6, "Epiphany").loc("Heilige Drei Könige"),
		hFixed(time.February, 2, "Candlemas").loc("Mariä Lichtmess"),
		hFixed(time.March, 19, "St Joseph's Day").loc("Josefstag"),
		hEaster(1, "Easter Monday").loc("Ostermontag"),
		hFixed(time.May, 1, "Labour Day").loc("Tag der Arbeit"),
		hEaster(39, "Ascension Day").loc("Auffahrt"),
		hEaster(50, "Whit Monday").loc("Pfingstmontag"),
		hEaster(60, "Corpus Christi").loc("Fronleichnam"),
		hFixed(time.August, 15, "National Day").loc("Staatsfeiertag"),
		hFixed(time.September, 8, "Nativity of Mary").loc("Mariä Geburt"),
		hFixed(time.November, 1, "All Saints' Day").loc("Allerheiligen"),
		hFixed(time.December, 8, "Immaculate Conception").loc("Mariä Empfängnis"),
		hFixed(time.December, 25, "Christmas Day").loc("Weihnachten"),
		hFixed(time.December, 26, "St Stephen's Day").loc("Stephanstag"),
	},
	"LT": {
		hCal(lt.NewYear, "New Year's Day"),
		hCal(lt.StateRestorationDay, "Day of Restoration of the State"),
		hCal(lt.IndependenceDay, "Day of Restoration of Independence"),
		hCal(lt.EasterMonday, "Easter Monday"),
		hCal(lt.LabourDay, "Labour Day"),
		hCal(lt.SaintJohnsEve, "St John's Day"),
		hCal(lt.StatehoodDay, "Statehood Day"),
		hCal(lt.AssumptionDay, "Assumption Day"),
		hCal(lt.AllSaintsDay, "All Saints' Day"),
		hCal(lt.AllSoulsDay, "All Souls' Day").from(2020), // a day off since 2020
		hCal(lt.ChristmasEve, "Christmas Eve"),
		hCal(lt.ChristmasDayOne, "Christmas Day"),
		hCal(lt.ChristmasDayTwo, "Second Day of Christmas"),
	},
	"LU": { // not in rickar/cal
		hFixed(time.January, 1, "New Year's Day").loc("Jour de l'an"),
		hEaster(1, "Easter Monday").loc("Lundi de Pâques"),
		hFixed(time.May, 1, "Labour Day").loc("Fête du Travail"),
		hFixed(time.May, 9, "Europe Day").loc("Journée de l'Europe").from(2019),
		hEaster(39, "Ascension Day").loc("Ascension"),
		hEaster(50, "Whit Monday").loc("Lundi de Pentecôte"),
		hFixed(time.June, 23, "National Day").loc("Fête nationale"),
		hFixed(time.August, 15, "Assumption Day").loc("Assomption"),
		hFixed(time.November, 1, "All Saints' Day").loc("Toussaint"),
		hFixed(time.December, 25, "Christmas Day").loc("Noël"),
		hFixed(time.December, 26, "St Stephen's Day").loc("Saint-Étienne"),
	},
	"LV": { // rickar/cal adds the substitute days for 4 May and 18 November
		hCal(lv.NewYear, "New Year's Day"),
		hCal(lv.GoodFriday, "Good Friday"),
		hCal(lv.Easter, "Easter Sunday"),
		hCal(lv.EasterMonday, "Easter Monday"),
		hCal(lv.LabourDay, "Labour Day"),
		hCal(lv.StateRestorationDay, "Restoration of Independence Day"),
		hCal(lv.MidsummerEve, "Midsummer Eve"),
		hCal(lv.MidsummeDay, "Midsummer Day"),
		hCal(lv.StateProclamationDay, "Proclamation Day"),
		hCal(lv.ChristmasEve, "Christmas Eve"),
		hCal(lv.ChristmasDay, "Christmas Day"),
		hCal(lv.ChristmasDay2, "Second Day of Christmas"),
		hCal(lv.NewYearEve, "New Year's Eve"),
	},
	"MK": { // Law on holidays (Сл. весник 21/98, 18/07): the days off for all citizens; a Sunday one gives the Monday
		hFixed(time.January, 1, "New Year's Day").loc("Нова година").sunday(),
		hFixed(time.January, 7, "Orthodox Christmas Day").loc("Божиќ").sunday(),
		hOrthodox(1, "Orthodox Easter Monday").loc("Велигден, втор ден"),
		hFixed(time.May, 1, "Labour Day").loc("Ден на трудот").sunday(),
		hFixed(time.May, 24, "Saints Cyril and Methodius Day").loc("Св. Кирил и Методиј, Ден на сесловенските просветители").sunday(),
		hFixed(time.August, 2, "Republic Day").loc("Ден на Републиката").sunday(),
		hFixed(time.September, 8, "Independence Day").loc("Ден на независноста").sunday(),
		hFixed(time.October, 11, "Day of the People's Uprising").loc("Ден на народното востание").sunday(),
		hFixed(time.October, 23, "Day of the Macedonian Revolutionary Struggle").loc("Ден на македонската револуционерна борба").sunday(),
		hFixed(time.December, 8, "St Clement of Ohrid Day").loc("Св. Климент Охридски").sunday(),
		hSpan(1, trRamadanFeast, "Ramazan Bajram").loc("Рамазан Бајрам").sunday(), // the first day, on the Diyanet's date (see trRamadanFeast)
		// Days off the government added for the 2024 elections (16th session, February 2024).
		hFixed(time.April, 24, "Presidential election day").loc("Неработен ден, претседателски избори").only(2024),
		hFixed(time.May, 8, "Parliamentary and presidential election day").loc("Неработен ден, парламентарни и претседателски избори").only(2024),
	},
	"MT": { // not in rickar/cal
		hFixed(time.January, 1, "New Year's Day").loc("L-Ewwel tas-Sena"),
		hFixed(time.February, 10, "St Paul's Shipwreck").loc("In-Nawfraġju ta' San Pawl"),
		hFixed(time.March, 19, "St Joseph's Day").loc("San Ġużepp"),
		hFixed(time.March, 31, "Freedom Day").loc("Jum il-Ħelsien"),
		hEaster(-2, "Good Friday").loc("Il-Ġimgħa l-Kbira"),
		hFixed(time.May, 1, "Workers' Day").loc("Jum il-Ħaddiem"),
		hFixed(time.June, 7, "Sette Giugno").loc("Sette Giugno"),
		hFixed(time.June, 29, "St Peter and St Paul").loc("L-Imnarja"),
		hFixed(time.August, 15, "Assumption Day").loc("Santa Marija"),
		hFixed(time.September, 8, "Victory Day").loc("Jum il-Vitorja"),
		hFixed(time.September, 21, "Independence Day").loc("Jum l-Indipendenza"),
		hFixed(time.December, 8, "Immaculate Conception").loc("Il-Kunċizzjoni"),
		hFixed(time.December, 13, "Republic Day").loc("Jum ir-Repubblika"),
		hFixed(time.December, 25, "Christmas Day").loc("Il-Milied"),
	},
	"NL": { // Good Friday (in rickar/cal) is not a general day off; Liberation Day is one every fifth year
		hCal(nl.Nieuwjaar, "New Year's Day"),
		hCal(nl.TweedePaasdag, "Easter Monday"),
		hCal(nl.Koningsdag, "King's Day").from(2014),
		hCal(nl.BevrijdingsDag, "Liberation Day").every(5),
		hCal(nl.Hemelvaart, "Ascension Day"),
		hCal(nl.TweedePinksterDag, "Whit Monday"),
		hCal(nl.EersteKerstdag, "Christmas Day"),
		hCal(nl.TweedeKerstdag, "Second Day of Christmas"),
	},
	"NO": {
		hCal(no.FoersteNyttaarsdag, "New Year's Day"),
		hCal(no.Skjaertorsdag, "Maundy Thursday"),
		hCal(no.Langfredag, "Good Friday"),
		hCal(no.AndrePaaskedag, "Easter Monday"),
		hCal(no.Arbeiderenesdag, "Labour Day"),
		hCal(no.Grunnlovsdag, "Constitution Day"),
		hCal(no.Kristihimmelfartsdag, "Ascension Day"),
		hCal(no.AndrePinsedag, "Whit Monday"),
		hCal(no.FoersteJuledag, "Christmas Day"),
		hCal(no.AndreJuledag, "Second Day of Christmas"),
	},
	"PL": {
		hCal(pl.NewYear, "New Year's Day"),
		hCal(pl.ThreeKings, "Epiphany"),
		hCal(pl.EasterMonday, "Easter Monday"),
		hCal(pl.LabourDay, "Labour Day").loc("Święto Pracy"),
		hCal(pl.ConstitutionDay, "Constitution Day"),
		hCal(pl.CorpusChristi, "Corpus Christi"),
		hCal(pl.AssumptionBlessedVirginMary, "Assumption Day"),
		hCal(pl.AllSaints, "All Saints' Day"),
		hCal(pl.NationalIndependenceDay, "Independence Day"),
		hFixed(time.November, 12, "Independence Day (centenary)").loc("Święto Narodowe (100. rocznica odzyskania niepodległości)").only(2018),
		hFixed(time.December, 24, "Christmas Eve").loc("Wigilia Bożego Narodzenia").from(2025),
		hCal(pl.ChristmasDayOne, "Christmas Day"),
		hCal(pl.ChristmasDayTwo, "Second Day of Christmas"),
	},
	"PT": { // not in rickar/cal; four holidays were suspended 2013–2015
		hFixed(time.January, 1, "New Year's Day").loc("Ano Novo"),
		hEaster(-2, "Good Friday").loc("Sexta-feira Santa"),
		hEaster(0, "Easter Sunday").loc("Domingo de Páscoa"),
		hFixed(time.April, 25, "Freedom Day").loc("Dia da Liberdade"),
		hFixed(time.May, 1, "Labour Day").loc("Dia do Trabalhador"),
		hEaster(60, "Corpus Christi").loc("Corpo de Deus").except(2013, 2014, 2015),
		hFixed(time.June, 10, "Portugal Day").loc("Dia de Portugal, de Camões e das Comunidades Portuguesas"),
		hFixed(time.August, 15, "Assumption Day").loc("Assunção de Nossa Senhora"),
		hFixed(time.October, 5, "Republic Day").loc("Implantação da República").except(2013, 2014, 2015),
		hFixed(time.November, 1, "All Saints' Day").loc("Dia de Todos-os-Santos").except(2013, 2014, 2015),
		hFixed(time.December, 1, "Restoration of Independence").loc("Restauração da Independência").except(2013, 2014, 2015),
		hFixed(time.December, 8, "Immaculate Conception").loc("Imaculada Conceição"),
		hFixed(time.December, 25, "Christmas Day").loc("Natal"),
	},
	"RO": { // rickar/cal's ro: Orthodox Easter
		hCal(ro.AnulNou, "New Year's Day"),
		hCal(ro.AnulNou2, "Day after New Year's Day"),
		hFixed(time.January, 6, "Epiphany").loc("Boboteaza").from(2024),
		hFixed(time.January, 7, "St John the Baptist").loc("Sfântul Ion").from(2024),
		hCal(ro.ZiuaUniriiPrincipatelorRomane, "Union Day"),
		hCal(ro.VinereaMare, "Orthodox Good Friday"),
		hCal(ro.Pastele, "Orthodox Easter Sunday"),
		hCal(ro.ADouaZiDePaste, "Orthodox Easter Monday"),
		hCal(ro.ZiuaMuncii, "Labour Day"),
		hCal(ro.ZiuaCopilului, "Children's Day"),
		hCal(ro.Rusalii, "Orthodox Whit Sunday"),
		hCal(ro.LuniDupaRusalii, "Orthodox Whit Monday"),
		hCal(ro.AdormireaMaiciiDomnului, "Assumption Day"),
		hCal(ro.SfantulAndrei, "St Andrew's Day"),
		hCal(ro.ZiuaNationala, "National Day"),
		hCal(ro.Craciunul, "Christmas Day"),
		hCal(ro.Craciunul2, "Second Day of Christmas"),
	},
	"RS": { // Law on state and other holidays (Сл. гласник РС 43/01, 101/07, 92/11): a state holiday on a Sunday gives the next working day (art. 3a)
		hFixed(time.January, 1, "New Year's Day").loc("Нова година").sunday(),
		hFixed(time.January, 2, "New Year's Day (day 2)").loc("Нова година, други дан").sunday(),
		hFixed(time.January, 7, "Orthodox Christmas Day").loc("Божић"),
		hFixed(time.February, 15, "Statehood Day").loc("Сретење, Дан државности Србије").sunday(),
		hFixed(time.February, 16, "Statehood Day (day 2)").loc("Сретење, Дан државности Србије, други дан").sunday(),
		hOrthodox(-2, "Orthodox Good Friday").loc("Велики петак"),
		hOrthodox(-1, "Orthodox Holy Saturday").loc("Велика субота"),
		hOrthodox(0, "Orthodox Easter Sunday").loc("Васкрс"),
		hOrthodox(1, "Orthodox Easter Monday").loc("Васкрсни понедељак"),
		hFixed(time.May, 1, "Labour Day").loc("Празник рада").sunday(),
		hFixed(time.May, 2, "Labour Day (day 2)").loc("Празник рада, други дан").sunday(),
		hFixed(time.November, 11, "Armistice Day").loc("Дан примирја у Првом светском рату").sunday(),
	},
	"SE": { // Midsummer, Christmas and New Year's Eve count as Sundays under the Annual Leave Act
		hCal(se.Nyarsdagen, "New Year's Day"),
		hCal(se.TrettondedagJul, "Epiphany"),
		hCal(se.Langfredagen, "Good Friday"),
		hCal(se.Paskdagen, "Easter Sunday"),
		hCal(se.AnnandagPask, "Easter Monday"),
		hCal(se.ForstaMaj, "Labour Day"),
		hCal(se.KristiHimmelfardsdag, "Ascension Day"),
		hCal(se.Pingstdagen, "Whit Sunday"),
		hCal(se.Nationaldagen, "National Day"),
		hCal(se.Midsommarafton, "Midsummer Eve"),
		hCal(se.Midsommardagen, "Midsummer Day"),
		hCal(se.AllaHelgonsDag, "All Saints' Day"),
		hCal(se.Julafton, "Christmas Eve"),
		hCal(se.Juldagen, "Christmas Day"),
		hCal(se.AnnandagJul, "Second Day of Christmas"),
		hCal(se.Nyarsafton, "New Year's Eve"),
	},
	"SI": {
		hCal(si.NovoLeto, "New Year's Day"),
		hCal(si.NovoLeto2, "New Year's Day (day 2)").except(2013, 2014, 2015, 2016),
		hCal(si.PresernovDan, "Prešeren Day"),
		hCal(si.VelikaNoc, "Easter Sunday"),
		hCal(si.VelikonocniPonedeljek, "Easter Monday"),
		hCal(si.DanUporaProtiOkupatorju, "Day of Uprising Against Occupation"),
		hCal(si.PrviMaj, "Labour Day"),
		hCal(si.DrugiMaj, "Labour Day (day 2)"),
		hCal(si.BinkostnaNedelja, "Whit Sunday"),
		hCal(si.DanDrzavnosti, "Statehood Day"),
		hCal(si.MarijinoVnebovzetje, "Assumption Day"),
		hCal(si.DanReformacije, "Reformation Day"),
		hCal(si.DanSpominaNaMrtve, "Remembrance Day"),
		hCal(si.Bozic, "Christmas Day"),
		hCal(si.DanSamostojnostiInEnotnosti, "Independence and Unity Day"),
	},
	"SK": { // the consolidation laws took several days off away (dates below)
		hCal(sk.RepublicDay, "Republic Day"),
		hCal(sk.Epiphany, "Epiphany"),
		hCal(sk.GoodFriday, "Good Friday"),
		hCal(sk.EasterMonday, "Easter Monday"),
		hCal(sk.LabourDay, "Labour Day"),
		hCal(sk.Liberation, "Victory over Fascism Day").except(2026),
		hCal(sk.SaintsCyril, "Saints Cyril and Methodius Day"),
		hCal(sk.SNP, "Slovak National Uprising Day"),
		hCal(sk.Constitution, "Constitution Day").until(2023),
		hCal(sk.LadyOfSorrows, "Our Lady of Sorrows").except(2026),
		hFixed(time.October, 30, "Slovak National Declaration centenary").loc("Výročie Deklarácie slovenského národa").only(2018),
		hCal(sk.AllSaints, "All Saints' Day"),
		hCal(sk.Freedom, "Struggle for Freedom and Democracy Day").until(2024),
		hCal(sk.ChristmasEve, "Christmas Eve"),
		hCal(sk.ChristmasDay, "Christmas Day"),
		hCal(sk.SaintStephen, "St Stephen's Day"),
	},
	"TR": { // not in rickar/cal; see trRamadanFeast for the lunar feasts
		hFixed(time.January, 1, "New Year's Day").loc("Yılbaşı"),
		hFixed(time.April, 23, "National Sovereignty and Children's Day").loc("Ulusal Egemenlik ve Çocuk Bayramı"),
		hFixed(time.May, 1, "Labour and Solidarity Day").loc("Emek ve Dayanışma Günü"),
		hFixed(time.May, 19, "Atatürk Commemoration, Youth and Sports Day").loc("Atatürk'ü Anma, Gençlik ve Spor Bayramı"),
		hFixed(time.July, 15, "Democracy and National Unity Day").loc("Demokrasi ve Millî Birlik Günü").from(2017),
		hFixed(time.August, 30, "Victory Day").loc("Zafer Bayramı"),
		hFixed(time.October, 29, "Republic Day").loc("Cumhuriyet Bayramı"),
		hSpan(3, trRamadanFeast, "Ramadan Feast").loc("Ramazan Bayramı").locDay("%s (%d. gün)"),
		hSpan(4, trSacrificeFeast, "Sacrifice Feast").loc("Kurban Bayramı").locDay("%s (%d. gün)"),
	},
	"UK": { // gb.Holidays: England and Wales; Scotland and Northern Ireland differ
		hCal(gb.NewYear, "New Year's Day"),
		hCal(gb.GoodFriday, "Good Friday"),
		hCal(gb.EasterMonday, "Easter Monday"),
		hCal(gb.EarlyMay, "Early May Bank Holiday"),
		hCal(gb.VEDay, "VE Day"),
		hCal(gb.CoronationDay, "Coronation of King Charles III"),
		hCal(gb.SpringHoliday, "Spring Bank Holiday"),
		hCal(gb.SpringHoliday2022, "Spring Bank Holiday"),
		hCal(gb.PlatinumJubilee, "Platinum Jubilee Bank Holiday"),
		hFixed(time.September, 19, "State Funeral of Queen Elizabeth II").only(2022),
		hCal(gb.SummerHoliday, "Summer Bank Holiday"),
		hCal(gb.ChristmasDay, "Christmas Day"),
		hCal(gb.BoxingDay, "Boxing Day"),
	},
}
