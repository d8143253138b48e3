package data

import (
	"encoding/json"
	"testing"
)

func TestParseFixed2(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"0", 0, false}, {"7.25", 725, false}, {"308.25", 30825, false}, {"12", 1200, false},
		{"1.5", 150, false}, {"-3.1", -310, false}, {"1e2", 10000, false}, {"2.250", 225, false},
		{"1.234", 0, true}, {"abc", 0, true}, {"", 0, true}, {"1.2.3", 0, true}, {".5", 0, true},
	} {
		got, err := parseFixed2(c.in)
		if (err != nil) != c.bad || (!c.bad && got != c.want) {
			t.Errorf("parseFixed2(%q) = %d, %v", c.in, got, err)
		}
	}
}

func FuzzParseFixed2(f *testing.F) {
	for _, s := range []string{"0", "7.25", "-3.1", "1e2", "abc", "1.234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseFixed2(s)
		if err != nil {
			return
		}
		// What parses must write back and parse to the same value.
		b, _ := Cents(v).MarshalJSON()
		w, err := parseFixed2(string(b))
		if err != nil || w != v {
			t.Fatalf("%q → %d → %s → %d, %v", s, v, b, w, err)
		}
	})
}

func TestCentsJSON(t *testing.T) {
	for _, c := range []struct {
		c    Cents
		want string
	}{{0, "0"}, {5678_56, "5678.56"}, {1400_00, "1400"}, {308_25, "308.25"}, {10, "0.1"}, {-150, "-1.5"}} {
		b, _ := json.Marshal(c.c)
		if string(b) != c.want {
			t.Errorf("%d → %s, want %s", c.c, b, c.want)
		}
	}
}

func TestHours(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Seconds
		bad  bool
	}{{"6.5", 390 * 60, false}, {"6,5", 390 * 60, false}, {"7:30", 450 * 60, false}, {"7.25", 435 * 60, false}, {"0.01", 36, false},
		{"7:5", 0, true}, {"x", 0, true}, {"7:60", 0, true}} {
		got, err := ParseHours(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("ParseHours(%q) = %d, %v", c.in, got, err)
		}
	}
	if Seconds(435*60).String() != "7.25" || Seconds(390*60).String() != "6.5" {
		t.Errorf("hours formatting: %s %s", Seconds(435*60), Seconds(390*60))
	}
}

func TestDurationMonths(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2019-09-01", "2022-02-28", 30}, {"2019-09-01", "2021-08-31", 24}, {"2020-01-01", "2020-12-31", 12},
		{"2019-09-15", "2020-09-14", 12}, {"2019-09-15", "2020-09-20", 13}, {"2020-02-01", "2020-02-29", 1},
		{"2020-03-01", "2020-02-01", 0},
	} {
		a, _ := ParseDate(c.a)
		b, _ := ParseDate(c.b)
		if got := DurationMonths(a, b); got != c.want {
			t.Errorf("DurationMonths(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestParseDateRefusesImpossibleDays(t *testing.T) {
	for _, s := range []string{"2020-02-30", "2019-02-29", "2020-13-01", "20-01-01", "2020/01/01"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
	if _, err := ParseDate("2020-02-29"); err != nil {
		t.Errorf("leap day refused: %v", err)
	}
}

// TestHoursKeptAsTyped: every value a person types comes back unchanged, on screen and through JSON
// (issue 9: as whole minutes 1.01 became 1.02, 1.04 became 1.03 and 0.01 became 0.02).
func TestHoursKeptAsTyped(t *testing.T) {
	for typed, shown := range map[string]string{
		"1.01": "1.01", "1.04": "1.04", "0.01": "0.01", "4.33": "4.33", "6,5": "6.5", "7.25": "7.25",
		"6:20": "6:20", "0:01": "0:01", "7:30": "7.5", "24": "24", "23:59": "23:59",
	} {
		h, err := ParseHours(typed)
		if err != nil {
			t.Fatalf("ParseHours(%q): %v", typed, err)
		}
		if h.String() != shown {
			t.Errorf("%q is shown as %q, want %q", typed, h.String(), shown)
		}
		raw, _ := json.Marshal(h)
		var back Seconds
		if err := json.Unmarshal(raw, &back); err != nil || back != h {
			t.Errorf("%q through JSON (%s) = %v, %v", typed, raw, back, err)
		}
		if again, err := ParseHours(h.String()); err != nil || again != h {
			t.Errorf("%q shown as %q reads back as %v, %v", typed, h.String(), again, err)
		}
	}
	// Another writer's decimals still read to the nearest second; two decimals exactly.
	for in, want := range map[string]Seconds{"6.3333": 22800, "6.333333": 22800, "1.01": 3636, "0.0003": 1} {
		var s Seconds
		if err := json.Unmarshal([]byte(in), &s); err != nil || s != want {
			t.Errorf("JSON %s = %d, %v; want %d", in, s, err, want)
		}
	}
	// Days from exact hours: 28.59 days of 8 h stay 28.59 (as minutes they printed 28.60).
	h, _ := ParseHours("228.72")
	if d := SecondsToDays(h, DefaultWorkingDay); d != 2859 {
		t.Errorf("228.72 h = %v days, want 28.59", d)
	}
}
