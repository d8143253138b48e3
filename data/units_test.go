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
		want Minutes
		bad  bool
	}{{"6.5", 390, false}, {"6,5", 390, false}, {"7:30", 450, false}, {"7.25", 435, false}, {"0.01", 1, false},
		{"7:5", 0, true}, {"x", 0, true}, {"7:60", 0, true}} {
		got, err := ParseHours(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("ParseHours(%q) = %d, %v", c.in, got, err)
		}
	}
	if Minutes(435).String() != "7.25" || Minutes(390).String() != "6.5" {
		t.Errorf("hours formatting: %s %s", Minutes(435), Minutes(390))
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
