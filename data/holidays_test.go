package data

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// holidayCountriesWanted is every Erasmus+ programme country the timesheets must know.
var holidayCountriesWanted = strings.Fields("AT BE BG HR CY CZ DK EE FI FR DE EL HU IS IE IT LV LI LT LU MT NL MK NO PL PT RO RS SK SI ES SE TR UK")

func holDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestHolidayOn(t *testing.T) {
	tests := []struct {
		country, date string
		want          string // a word the name must contain; "" = not a holiday
	}{
		{"PL", "2019-11-11", "Independence"},
		{"PL", "2019-06-20", "Corpus Christi"},
		{"PL", "2018-11-12", "centenary"},
		{"PL", "2019-11-12", ""},
		{"PL", "2024-12-24", ""},
		{"PL", "2025-12-24", "Christmas Eve"},
		{"AT", "2019-12-08", "Immaculate"},
		{"AT", "2019-10-26", "National"},
		{"AT", "2019-04-19", ""}, // Good Friday: no longer a holiday
		{"EL", "2020-04-20", "Orthodox Easter Monday"},
		{"EL", "2020-04-13", ""}, // Western Easter Monday
		{"EL", "2019-10-28", "Ochi"},
		{"EL", "2019-01-01", "New Year"},
		{"GR", "2019-04-29", "Orthodox Easter Monday"},
		{"BG", "2019-03-03", "Liberation"},
		{"BG", "2019-03-04", "substitute"}, // 3 March 2019 was a Sunday
		{"BG", "2019-03-05", ""},
		{"BG", "2021-05-01", "Labour"},
		{"BG", "2021-05-04", "Labour"}, // 1 May 2021 was Orthodox Holy Saturday
		{"BG", "2024-05-07", ""},
		{"BG", "2022-05-02", "Labour Day (substitute day)"},
		{"DE", "2019-10-03", "German Unity"},
		{"DE", "2019-11-01", ""}, // All Saints: some states only
		{"DE", "2019-01-06", ""}, // Epiphany: some states only
		{"DE", "2017-10-31", "Reformation"},
		{"DE", "2018-10-31", ""},
		{"PT", "2019-06-10", "Portugal"},
		{"PT", "2019-06-20", "Corpus Christi"},
		{"PT", "2014-06-19", ""}, // suspended 2013–2015
		{"PT", "2019-06-11", ""},
		{"CY", "2020-04-01", "National"},
		{"CY", "2020-03-02", "Clean Monday"}, // Orthodox Easter 19 April 2020
		{"CY", "2020-04-21", ""},             // Easter Tuesday: banks only
		{"FI", "2019-12-06", "Independence"},
		{"FI", "2019-06-21", "Midsummer Eve"},
		{"FI", "2019-11-02", "All Saints"},
		{"FI", "2019-12-05", ""},
		{"MT", "2019-03-31", "Freedom"},
		{"MT", "2019-06-07", "Sette Giugno"},
		{"MT", "2019-04-01", ""},
		{"RS", "2020-01-07", "Christmas"},
		{"RS", "2020-04-17", "Good Friday"},
		{"RS", "2020-12-25", ""},
		{"HU", "2019-10-23", "1956"},
		{"HU", "2019-04-19", "Good Friday"},
		{"HU", "2016-03-25", ""}, // Good Friday only since 2017
		{"HU", "2019-10-24", ""},
		{"LU", "2020-05-09", "Europe"},
		{"LU", "2018-05-09", ""},
		{"LU", "2020-06-23", "National"},
		{"EE", "2020-02-24", "Independence"},
		{"EE", "2020-06-23", "Victory"},
		{"EE", "2020-06-22", ""},
		{"IS", "2019-04-25", "First Day of Summer"},
		{"IS", "2019-08-05", "Commerce"},
		{"IS", "2019-12-24", ""}, // afternoon only
		{"LI", "2019-08-15", "National"},
		{"LI", "2019-02-02", "Candlemas"},
		{"LI", "2019-08-16", ""},
		{"MK", "2019-10-11", "Uprising"},
		{"MK", "2019-04-29", "Orthodox Easter Monday"},
		{"MK", "2019-04-22", ""},
		{"TR", "2019-10-29", "Republic"},
		{"TR", "2020-05-24", "Ramadan"},
		{"TR", "2020-08-03", "Sacrifice"},
		{"TR", "2016-07-15", ""},
		{"TR", "2017-07-15", "Democracy"},
		{"TR", "2019-10-28", ""}, // afternoon only
		{"HR", "2019-06-25", "Statehood"},
		{"HR", "2020-05-30", "Statehood"},
		{"HR", "2020-06-25", ""},
		{"HR", "2019-05-30", ""},
		{"CZ", "2019-07-06", "Jan Hus"},
		{"CZ", "2015-04-03", ""}, // Good Friday only since 2016
		{"DK", "2019-05-17", "Prayer"},
		{"DK", "2024-04-26", ""}, // Store Bededag abolished
		{"ES", "2019-10-12", "National"},
		{"ES", "2019-03-19", ""}, // San José: regional
		{"FR", "2019-07-14", "Bastille"},
		{"FR", "2019-07-15", ""},
		{"IE", "2019-03-17", "Patrick"},
		{"IE", "2019-04-19", ""}, // Good Friday is not a public holiday
		{"IT", "2019-04-25", "Liberation"},
		{"LT", "2020-11-02", "All Souls"},
		{"LT", "2019-11-02", ""},
		{"LV", "2019-11-18", "Proclamation"},
		{"LV", "2018-11-19", "substitute"}, // 18 November 2018 was a Sunday
		{"NL", "2019-04-27", "King"},
		{"NL", "2025-04-26", "King"}, // 27 April 2025 is a Sunday: kept on Saturday
		{"NL", "2025-04-27", ""},
		{"NL", "2020-05-05", "Liberation"},
		{"NL", "2019-05-05", ""},
		{"NL", "2019-04-19", ""}, // Good Friday
		{"NO", "2019-05-17", "Constitution"},
		{"RO", "2019-12-01", "National"},
		{"RO", "2024-01-06", "Epiphany"},
		{"RO", "2023-01-06", ""},
		{"SE", "2019-06-06", "National"},
		{"SE", "2019-06-21", "Midsummer Eve"},
		{"SE", "2019-06-24", ""},
		{"SI", "2019-02-08", "Prešeren"},
		{"SI", "2015-01-02", ""},
		{"SI", "2019-01-02", "New Year"},
		{"SK", "2019-08-29", "Uprising"},
		{"SK", "2023-09-01", "Constitution"},
		{"SK", "2025-09-01", ""},
		{"SK", "2025-11-17", ""},
		{"SK", "2026-05-08", ""},
		{"SK", "2025-05-08", "Victory"},
		{"UK", "2019-08-26", "Summer"},
		{"UK", "2020-05-08", "VE Day"},
		{"UK", "2020-05-04", ""}, // Early May moved to VE Day in 2020
		{"UK", "2020-12-28", "Boxing Day (substitute day)"},
		{"UK", "2022-09-19", "Queen"},
		{"GB", "2019-12-25", "Christmas"},
		{"uk", "2019-12-26", "Boxing"},
		{" pl ", "2019-05-03", "Constitution"},
		{"XX", "2019-01-01", ""},
		{"", "2019-01-01", ""},
	}
	for _, tt := range tests {
		name, ok := HolidayOn(tt.country, holDay(tt.date))
		if tt.want == "" {
			if ok || name != "" {
				t.Errorf("HolidayOn(%q, %s) = %q, %v; want no holiday", tt.country, tt.date, name, ok)
			}
			continue
		}
		if !ok || !strings.Contains(name, tt.want) {
			t.Errorf("HolidayOn(%q, %s) = %q, %v; want a name with %q", tt.country, tt.date, name, ok, tt.want)
		}
	}
}

func TestHolidayOnIgnoresLocation(t *testing.T) {
	// 11 November in Tokyo is still 10 November in UTC: the local Y-M-D counts.
	tokyo := time.FixedZone("JST", 9*3600)
	d := time.Date(2019, time.November, 11, 0, 30, 0, 0, tokyo)
	if _, ok := HolidayOn("PL", d); !ok {
		t.Errorf("HolidayOn(PL, %v): want Independence Day", d)
	}
	d = time.Date(2019, time.November, 10, 23, 30, 0, 0, time.FixedZone("X", -5*3600))
	if name, ok := HolidayOn("PL", d); ok {
		t.Errorf("HolidayOn(PL, %v) = %q; want no holiday", d, name)
	}
}

func TestPublicHolidaysEveryCountry(t *testing.T) {
	for _, c := range holidayCountriesWanted {
		for _, year := range []int{2014, 2019, 2020, 2021, 2027} {
			list := PublicHolidays(c, year)
			if year == 2020 && len(list) < 8 {
				t.Errorf("%s %d: %d holidays, want at least 8: %v", c, year, len(list), list)
			}
			if len(list) < 7 {
				t.Errorf("%s %d: only %d holidays", c, year, len(list))
			}
			for i, h := range list {
				if h.Date.Year() != year || h.Date.Location() != time.UTC || h.Date.Hour() != 0 || h.Date.Minute() != 0 {
					t.Errorf("%s %d: date %v is not 00:00 UTC in the year", c, year, h.Date)
				}
				if strings.TrimSpace(h.Name) == "" {
					t.Errorf("%s %d: holiday on %s has no name", c, year, h.Date.Format(time.DateOnly))
				}
				if i > 0 && !list[i-1].Date.Before(h.Date) {
					t.Errorf("%s %d: not sorted or duplicate date at %s", c, year, h.Date.Format(time.DateOnly))
				}
				if name, ok := HolidayOn(c, h.Date); !ok || name != h.Name {
					t.Errorf("%s: HolidayOn(%s) = %q, %v; PublicHolidays says %q", c, h.Date.Format(time.DateOnly), name, ok, h.Name)
				}
			}
		}
	}
}

func TestPublicHolidaysAliases(t *testing.T) {
	for _, pair := range [][2]string{{"GR", "EL"}, {"gr", "EL"}, {"GB", "UK"}, {"Gb", "uk"}, {"de", "DE"}} {
		a, b := PublicHolidays(pair[0], 2020), PublicHolidays(pair[1], 2020)
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("PublicHolidays(%q) and (%q) differ:\n%v\n%v", pair[0], pair[1], a, b)
		}
	}
	if got := PublicHolidays("XX", 2020); got != nil {
		t.Errorf("PublicHolidays(XX) = %v, want nil", got)
	}
}

func TestPublicHolidaysCopy(t *testing.T) {
	a := PublicHolidays("FR", 2021)
	a[0].Name = "changed"
	if b := PublicHolidays("FR", 2021); b[0].Name == "changed" {
		t.Error("PublicHolidays hands out its cache")
	}
}

func TestPublicHolidaysMergesSameDay(t *testing.T) {
	// 2024: Orthodox Easter Monday and St George's Day are both 6 May in Bulgaria.
	name, ok := HolidayOn("BG", holDay("2024-05-06"))
	if !ok || !strings.Contains(name, "Easter") || !strings.Contains(name, "George") {
		t.Errorf("HolidayOn(BG, 2024-05-06) = %q, %v; want both holidays", name, ok)
	}
	if n, _ := HolidayOn("BG", holDay("2019-05-01")); n != "Labour Day" {
		t.Errorf("HolidayOn(BG, 2019-05-01) = %q, want one Labour Day", n)
	}
}

func TestHolidayCountries(t *testing.T) {
	got := HolidayCountries()
	if !slices.IsSorted(got) {
		t.Errorf("HolidayCountries() not sorted: %v", got)
	}
	for _, c := range holidayCountriesWanted {
		if !slices.Contains(got, c) {
			t.Errorf("HolidayCountries() lacks %s", c)
		}
	}
	if len(got) != len(holidayCountriesWanted) {
		t.Errorf("HolidayCountries() = %d countries %v, want %d", len(got), got, len(holidayCountriesWanted))
	}
}

func TestHolidayConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for _, c := range holidayCountriesWanted {
				y := 2030 + i%4
				PublicHolidays(c, y)
				HolidayOn(c, time.Date(y, time.December, 25, 0, 0, 0, 0, time.UTC))
			}
		})
	}
	wg.Wait()
}

func BenchmarkHolidayOn(b *testing.B) {
	d := holDay("2019-11-11")
	HolidayOn("PL", d) // fill the cache
	for b.Loop() {
		if _, ok := HolidayOn("PL", d); !ok {
			b.Fatal("not a holiday")
		}
	}
}
