package data

import (
	"slices"
	"strings"
	"testing"
)

// holCase is a date in a country (and region) and a word its holiday's name
// must contain; want "" means a working day.
type holCase struct {
	country, region, date, want string
}

func checkHolidays(t *testing.T, cases []holCase) {
	t.Helper()
	for _, c := range cases {
		h, ok := HolidayIn(c.country, c.region, holDay(c.date))
		if c.want == "" {
			if ok {
				t.Errorf("HolidayIn(%q, %q, %s) = %q; want a working day", c.country, c.region, c.date, h.Name)
			}
			continue
		}
		if !ok || !strings.Contains(h.Name, c.want) {
			t.Errorf("HolidayIn(%q, %q, %s) = %q, %v; want a name with %q", c.country, c.region, c.date, h.Name, ok, c.want)
		}
	}
}

// Greece moves the compulsory Labour Day holiday when 1 May falls in Holy
// Week or on Easter Sunday. Sources: Ministry of Labour and Social Security,
// decision of Minister D. Michailidou (February 2024): "η υποχρεωτική αργία
// της 1ης Μαΐου 2024 μετατίθεται για την Τρίτη 7 Μαΐου 2024, λόγω του ότι
// συμπίπτει με τη Μεγάλη Τετάρτη"; decision of Minister K. Hatzidakis
// (April 2021): 1 May 2021 (Holy Saturday) moved to Tuesday 4 May 2021; the
// Ministry's 2013 decision moving it to Tuesday 7 May 2013 (Holy Wednesday);
// 2016: Easter Sunday 1 May, holiday on Tuesday 3 May. 2025 was not moved.
func TestHolidayGreekLabourDayMoves(t *testing.T) {
	checkHolidays(t, []holCase{
		{"EL", "", "2024-05-01", ""},
		{"EL", "", "2024-05-07", "Labour Day"},
		{"GR", "", "2024-05-07", "Labour Day"},
		{"EL", "", "2021-05-01", ""},
		{"EL", "", "2021-05-04", "Labour Day"},
		{"EL", "", "2016-05-03", "Labour Day"},
		{"EL", "", "2013-05-07", "Labour Day"},
		{"EL", "", "2025-05-01", "Labour Day"},
		{"EL", "", "2023-05-01", "Labour Day"},
	})
	if h, _ := HolidayIn("EL", "", holDay("2024-05-07")); h.LocalName != "Εργατική Πρωτομαγιά" {
		t.Errorf("2024-05-07 local name %q", h.LocalName)
	}
}

// Serbia: Zakon o državnim i drugim praznicima u Republici Srbiji ("Sl.
// glasnik RS" 43/2001, 101/2007, 92/2011), art. 3a: when a day of a state
// holiday (New Year, Statehood Day, Labour Day, Armistice Day) falls on a
// Sunday, the first following working day is off. Religious holidays (Easter)
// give no such day. Checked against the Ministry of Labour's announcements:
// 3 January 2017 off (1–2 January Sunday–Monday); 29 April – 3 May 2016 off
// (1–2 May Sunday and Easter Monday); 18–21 April 2025 for Easter, no more.
func TestHolidaySerbiaSundayRule(t *testing.T) {
	checkHolidays(t, []holCase{
		{"RS", "", "2020-02-15", "Statehood"},
		{"RS", "", "2020-02-16", "Statehood"},
		{"RS", "", "2020-02-17", "Statehood"}, // 16 February 2020, the second day, was a Sunday
		{"RS", "", "2020-02-18", ""},
		{"RS", "", "2017-01-03", "New Year"},
		{"RS", "", "2016-05-03", "Labour Day"},
		{"RS", "", "2021-05-04", "Labour Day"}, // 2 May a Sunday, 3 May Easter Monday
		{"RS", "", "2018-11-12", "Armistice"},  // 11 November 2018 was a Sunday
		{"RS", "", "2025-04-22", ""},           // Easter Sunday gives no extra day
		{"RS", "", "2020-05-04", ""},           // 2 May 2020 was a Saturday: nothing moves
	})
	if h, _ := HolidayIn("RS", "", holDay("2021-05-04")); strings.Contains(h.Name, "Easter") {
		t.Errorf("2021-05-04 = %q: the substitute is Labour Day's only", h.Name)
	}
}

// North Macedonia: Закон за празниците на Република Македонија (Службен
// весник на РМ 21/98, 18/07), with Ramazan Bajram (its first day) a day off
// for all citizens and a holiday on a Sunday giving the Monday; the Ministry
// of Labour and Social Policy's programme of non-working days for 2024
// ("8 септември (недела), Ден на независноста, односно 09 септември
// (понеделник) е неработен ден") and the government's decision (16th
// session, February 2024) making 24 April and 8 May 2024 days off for the
// elections. The 2018 programme lists Ramazan Bajram on 15 June.
func TestHolidayNorthMacedonia(t *testing.T) {
	checkHolidays(t, []holCase{
		{"MK", "", "2024-04-10", "Ramazan Bajram"},
		{"MK", "", "2018-06-15", "Ramazan Bajram"},
		{"MK", "", "2023-04-21", "Ramazan Bajram"},
		{"MK", "", "2024-04-11", ""},
		{"MK", "", "2024-09-09", "Independence"},
		{"MK", "", "2024-01-08", "Christmas"}, // 7 January 2024 was a Sunday
		{"MK", "", "2024-12-09", "Clement"},   // 8 December 2024 was a Sunday
		{"MK", "", "2024-04-24", "election"},
		{"MK", "", "2024-05-08", "election"},
		{"MK", "", "2025-05-26", ""}, // 24 May 2025 was a Saturday: nothing moves
	})
}

// German Länder, each from its Feiertagsgesetz: Bayerisches FTG art. 1
// (Epiphany, Corpus Christi, Assumption in the mainly Catholic
// municipalities such as Munich, All Saints); Berliner Sonn- und
// Feiertagsgesetz § 1 (Women's Day since 2019, 8 May 2020 and 2025 once);
// Sächsisches SFG § 1 (Reformation Day, Buß- und Bettag); ThürFtG § 2
// (Weltkindertag since 2019, Reformation Day); SFG Saarland § 2 (Assumption);
// the 2018 laws of Hamburg, Bremen, Lower Saxony and Schleswig-Holstein
// (Reformation Day); FTG Mecklenburg-Vorpommern (Women's Day since 2023).
func TestHolidayGermanLaender(t *testing.T) {
	checkHolidays(t, []holCase{
		{"DE", "DE-BY", "2020-06-11", "Corpus Christi"},
		{"DE", "DE-BE", "2020-06-11", ""},
		{"DE", "", "2020-06-11", ""},
		{"DE", "DE-BW", "2020-06-11", "Corpus Christi"},
		{"DE", "DE-NW", "2020-06-11", "Corpus Christi"},
		{"DE", "DE-SN", "2020-06-11", ""},
		{"DE", "DE-BY", "2020-01-06", "Epiphany"},
		{"DE", "DE-ST", "2020-01-06", "Epiphany"},
		{"DE", "DE-BE", "2020-01-06", ""},
		{"DE", "DE-BY", "2019-08-15", "Assumption"},
		{"DE", "DE-SL", "2019-08-15", "Assumption"},
		{"DE", "DE-BW", "2019-08-15", ""},
		{"DE", "DE-BY", "2019-11-01", "All Saints"},
		{"DE", "DE-BE", "2019-03-08", "Women"},
		{"DE", "DE-BE", "2018-03-08", ""},
		{"DE", "DE-BE", "2020-05-08", "Liberation"},
		{"DE", "DE-BE", "2021-05-08", ""},
		{"DE", "DE-MV", "2023-03-08", "Women"},
		{"DE", "DE-MV", "2022-03-08", ""},
		{"DE", "DE-SN", "2019-10-31", "Reformation"},
		{"DE", "DE-TH", "2019-10-31", "Reformation"},
		{"DE", "DE-BB", "2019-10-31", "Reformation"},
		{"DE", "DE-HH", "2019-10-31", "Reformation"},
		{"DE", "DE-HH", "2016-10-31", ""},
		{"DE", "DE-BE", "2019-10-31", ""},
		{"DE", "DE-BY", "2019-10-31", ""},
		{"DE", "DE-SN", "2020-11-18", "Repentance"},
		{"DE", "DE-SN", "2019-11-20", "Repentance"},
		{"DE", "DE-BY", "2020-11-18", ""},
		{"DE", "DE-TH", "2019-09-20", "Children"},
		{"DE", "DE-TH", "2018-09-20", ""},
		{"DE", "DE-SN", "2017-10-31", "Reformation"}, // nationwide that year, listed once
	})
	if h, _ := HolidayIn("DE", "DE-SN", holDay("2017-10-31")); strings.Count(h.Name, "Reformation") != 1 {
		t.Errorf("DE-SN 2017-10-31 = %q", h.Name)
	}
}

// Other regions. Austria: the Landesfeiertage (days off in the state's
// public service and schools). Spain: the communities' own days in the
// Ministry of Labour's yearly list in the BOE (Resolución de la Dirección
// General de Trabajo, fiestas laborales 2020 and 2021). UK: Banking and
// Financial Dealings Act 1971, Schedule 1, and gov.uk's bank holidays
// (Scotland 2022: 3 and 4 January, 1 August, 30 November; Northern Ireland
// 2025: 14 July for the Saturday 12 July). France: Code du travail L3134-13
// (Alsace-Moselle). Portugal: Madeira's regional decree (1 July).
func TestHolidayOtherRegions(t *testing.T) {
	checkHolidays(t, []holCase{
		{"AT", "AT-9", "2021-11-15", "Leopold"},
		{"AT", "AT-3", "2021-11-15", "Leopold"},
		{"AT", "AT-4", "2021-11-15", ""},
		{"AT", "AT-6", "2021-03-19", "Joseph"},
		{"AT", "AT-2", "2020-10-10", "Plebiscite"},
		{"ES", "ES-CT", "2020-09-11", "Catalonia"},
		{"ES", "ES-CT", "2020-04-13", "Easter Monday"},
		{"ES", "ES-CT", "2020-04-09", ""}, // no Maundy Thursday in Catalonia
		{"ES", "ES-MD", "2020-04-09", "Maundy Thursday"},
		{"ES", "ES-MD", "2021-05-03", "Madrid"}, // 2 May 2021 was a Sunday
		{"ES", "ES-AN", "2020-02-28", "Andalusia"},
		{"ES", "ES-GA", "2020-07-25", "Galicia"},
		{"ES", "ES-PV", "2020-04-13", "Easter Monday"},
		{"ES", "", "2020-04-09", ""},
		{"UK", "GB-SCT", "2022-01-04", "2nd January"},
		{"UK", "GB-SCT", "2022-08-01", "Summer"},
		{"UK", "GB-SCT", "2022-08-29", ""},
		{"UK", "GB-SCT", "2022-04-18", ""}, // no Easter Monday in Scotland
		{"UK", "GB-SCT", "2022-11-30", "Andrew"},
		{"GB", "GB-SCT", "2020-11-30", "Andrew"}, // 30 November 2020 was a Monday
		{"UK", "", "2022-11-30", ""},
		{"UK", "GB-NIR", "2025-07-14", "Boyne"},
		{"UK", "GB-NIR", "2020-03-17", "Patrick"},
		{"UK", "GB-WLS", "2022-04-18", "Easter Monday"},
		{"FR", "FR-67", "2020-04-10", "Good Friday"},
		{"FR", "FR-75", "2020-04-10", ""},
		{"FR", "", "2020-12-26", ""},
		{"FR", "FR-57", "2020-12-26", "Stephen"},
		{"PT", "PT-30", "2020-07-01", "Madeira"},
		{"IT", "IT-BZ", "2020-06-01", "Whit Monday"},
		{"IT", "", "2020-06-01", ""},
	})
}

func TestHolidayRegionCodes(t *testing.T) {
	for _, region := range []string{"DE-BY", "de-by", " DE-BY "} {
		if _, ok := HolidayIn("de", region, holDay("2020-06-11")); !ok {
			t.Errorf("region %q: no Corpus Christi", region)
		}
	}
	// A region of another country, or one without a table, gives the national days.
	for _, region := range []string{"AT-9", "DE-XX", "DE", "BY", "-BY"} {
		if h, ok := HolidayIn("DE", region, holDay("2020-06-11")); ok {
			t.Errorf("DE region %q: %q", region, h.Name)
		}
		if _, ok := HolidayIn("DE", region, holDay("2020-10-03")); !ok {
			t.Errorf("DE region %q: no German Unity Day", region)
		}
	}
	if got := HolidayRegions("DE"); len(got) != 16 || !slices.IsSorted(got) || got[0] != "DE-BB" {
		t.Errorf("HolidayRegions(DE) = %v", got)
	}
	if got := HolidayRegions("UK"); !slices.Equal(got, []string{"GB-NIR", "GB-SCT"}) {
		t.Errorf("HolidayRegions(UK) = %v", got)
	}
	if got := HolidayRegions("ES"); len(got) != 19 {
		t.Errorf("HolidayRegions(ES) = %d regions %v, want the 17 communities and 2 cities", len(got), got)
	}
	for _, r := range HolidayRegions("AT") {
		if len(RegionalHolidays("AT", r, 2020)) <= len(PublicHolidays("AT", 2020)) {
			t.Errorf("%s adds no holiday", r)
		}
	}
	// Every table's region is one the partner validation accepts.
	for r := range regionalTables {
		var p problems
		cc, _, _ := strings.Cut(r, "-")
		checkRegion(&p, "partner", r, cc)
		if len(p.list) > 0 {
			t.Errorf("region %s: %v", r, p.list)
		}
	}
}

func TestHolidayLocalNames(t *testing.T) {
	for _, c := range []struct{ country, region, date, local string }{
		{"DE", "", "2020-10-03", "Tag der Deutschen Einheit"},
		{"DE", "DE-BY", "2020-06-11", "Fronleichnam"},
		{"EL", "", "2020-01-01", "Πρωτοχρονιά"},
		{"PL", "", "2020-05-01", "Święto Pracy"},
		{"PT", "", "2020-06-10", "Dia de Portugal, de Camões e das Comunidades Portuguesas"},
		{"LU", "", "2020-06-23", "Fête nationale"},
		{"CY", "", "2020-10-01", "Ημέρα της Κυπριακής Ανεξαρτησίας"},
		{"ES", "ES-CT", "2020-09-11", "Diada Nacional de Catalunya"},
		{"BG", "", "2022-05-02", "Ден на труда и на международната работническа солидарност (почивен ден)"},
		{"TR", "", "2020-05-25", "Ramazan Bayramı (2. gün)"},
		{"UK", "", "2020-12-28", "Boxing Day (substitute day)"},
		{"RS", "", "2020-02-17", "Сретење, Дан државности Србије, други дан (нерадни дан)"},
	} {
		h, ok := HolidayIn(c.country, c.region, holDay(c.date))
		if !ok || h.LocalName != c.local {
			t.Errorf("HolidayIn(%s, %s, %s) local name %q, %v; want %q", c.country, c.region, c.date, h.LocalName, ok, c.local)
		}
	}
	for _, c := range holidayCountriesWanted {
		regions := append([]string{""}, HolidayRegions(c)...)
		for _, r := range regions {
			for _, y := range []int{2019, 2020, 2024} {
				for _, h := range RegionalHolidays(c, r, y) {
					if strings.TrimSpace(h.LocalName) == "" || strings.Count(h.LocalName, " / ") != strings.Count(h.Name, " / ") {
						t.Errorf("%s %s %s: %q has local name %q", c, r, h.Date.Format("2006-01-02"), h.Name, h.LocalName)
					}
				}
			}
		}
	}
}

// The partner's region reaches the warnings: a Munich partner working on
// Corpus Christi 2020 is warned, a Berlin one is not.
func TestPartnerRegionReachesHolidayWarnings(t *testing.T) {
	for _, c := range []struct {
		region string
		warned bool
	}{{"DE-BY", true}, {"DE-BE", false}, {"", false}} {
		s, id := importGreenskills(t)
		doc, _ := s.Load(id, LoadOptions{})
		p := doc.Partners[0] // VHS, Lukas Hofer's organisation
		p.Meta, p.Country, p.Region = Meta{}, "DE", c.region
		if _, err := s.Import(&Document{Format: Format, Partners: []Partner{p}}, ImportOptions{Project: id, Single: true}); err != nil {
			t.Fatal(err)
		}
		warnings, err := s.EntryWarnings(id, Entry{Person: gsLukas, Date: NewDate(2020, 6, 11), Output: gsO1})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Contains(strings.Join(warnings, "\n"), "Corpus Christi")
		if got != c.warned {
			t.Errorf("region %q: warnings %q", c.region, warnings)
		}
		sh, err := s.MonthSheet(id, gsLukas, Month{2020, 6})
		if err != nil {
			t.Fatal(err)
		}
		if (sh.Days[10].Holiday == "Corpus Christi") != c.warned {
			t.Errorf("region %q: month sheet marks 2020-06-11 as %q", c.region, sh.Days[10].Holiday)
		}
		if h, ok := p.Holiday(NewDate(2020, 6, 11)); ok != c.warned || (ok && h.LocalName != "Fronleichnam") {
			t.Errorf("region %q: Partner.Holiday = %+v, %v", c.region, h, ok)
		}
	}
}

// Hungary moves working days around holidays by a yearly decree: 15/2023.
// (VII. 13.) GFM rendelet a 2024. évi munkaszüneti napok körüli munkarendről
// (19 August, 24 and 27 December 2024 rest days) and 11/2024. (IV. 8.) NGM
// rendelet for 2025 (2 May, 24 October, 24 December); the ITM decree for
// 2022 (14 March, 31 October).
func TestHolidayHungaryRestDays(t *testing.T) {
	checkHolidays(t, []holCase{
		{"HU", "", "2024-08-19", "Bridge day"},
		{"HU", "", "2024-12-24", "Bridge day"},
		{"HU", "", "2024-12-27", "Bridge day"},
		{"HU", "", "2025-05-02", "Bridge day"},
		{"HU", "", "2025-10-24", "Bridge day"},
		{"HU", "", "2022-03-14", "Bridge day"},
		{"HU", "", "2022-10-31", "Bridge day"},
		{"HU", "", "2023-12-27", ""},
		{"HU", "", "2025-12-27", ""},
		{"HU", "", "2024-08-20", "State Foundation"},
	})
}

// Where the law gives no substitute day for a holiday on a weekend, none is
// listed. Ireland: Organisation of Working Time Act 1997, s. 21 — the
// employee gets a day off within a month, a day of leave or a day's pay, not
// the next Monday (Monday 18 March 2024 was a bank holiday only); Northern
// Ireland does get that Monday (Banking and Financial Dealings Act 1971).
func TestHolidayNoSubstituteWhereTheLawGivesNone(t *testing.T) {
	checkHolidays(t, []holCase{
		{"IE", "", "2024-03-18", ""},
		{"UK", "GB-NIR", "2024-03-18", "Patrick"},
		{"DE", "", "2020-12-28", ""}, // 26 December 2020 was a Saturday
		{"FR", "", "2020-11-02", ""}, // 1 November 2020 was a Sunday
		{"PL", "", "2020-11-02", ""},
		{"ES", "", "2020-11-02", ""},
		{"BE", "", "2020-11-02", ""},
		{"IT", "", "2020-11-02", ""},
		{"CY", "", "2024-05-01", "Labour"}, // Cyprus keeps 1 May in Holy Week
		{"RS", "", "2018-01-08", ""},       // Christmas is a religious holiday: no substitute (art. 3a is for state holidays)
	})
}

// Bulgaria: the Labour Code's art. 154(2) (State Gazette 105/2016, in force
// 1 January 2017) gives the next working days off for a holiday on a weekend,
// Easter excepted; before 2017 there were none ("6 септември се пада неделя
// през 2015 г., няма допълнителни почивни дни"), and the Council of Ministers
// moved rest days instead: decision 748/2014 (State Gazette 94/2014) for
// 2015, decision 935/2015 (State Gazette 94/2015) for 2016.
func TestHolidayBulgariaSubstituteDaysSince2017(t *testing.T) {
	checkHolidays(t, []holCase{
		{"BG", "", "2015-09-06", "Unification"},
		{"BG", "", "2015-09-07", ""},
		{"BG", "", "2015-12-28", ""},
		{"BG", "", "2015-09-21", "Bridge day"},
		{"BG", "", "2015-01-02", "Bridge day"},
		{"BG", "", "2015-12-31", "Bridge day"},
		{"BG", "", "2016-03-04", "Bridge day"},
		{"BG", "", "2016-05-23", "Bridge day"},
		{"BG", "", "2016-09-23", "Bridge day"},
		{"BG", "", "2017-12-27", "substitute"}, // Christmas Eve 2017 a Sunday
		{"BG", "", "2018-12-27", ""},
		{"BG", "", "2018-12-31", ""},
		{"BG", "", "2025-12-31", "euro"},
	})
}
