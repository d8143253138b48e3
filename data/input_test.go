package data

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHoursNeverWrap: hours too large to be a day, negative or not a number are refused, never read as small values.
func TestHoursNeverWrap(t *testing.T) {
	for _, s := range []string{
		"3074457345618258.62", "4611686018427387912:00", "1001", "1000:01", "-3", "-0:30", "-1e2",
		"NaN", "Inf", "+Inf", "1e400", "1e308", "9223372036854775807", "",
	} {
		if m, err := ParseHours(s); err == nil {
			t.Errorf("ParseHours(%q) = %s h, want an error", s, m)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseHours(%q): error spans lines: %q", s, err)
		}
	}
	for _, b := range []string{"3074457345618258.62", "-3", "1e308", `"NaN"`, "1001"} {
		var m Seconds
		if err := json.Unmarshal([]byte(b), &m); err == nil {
			t.Errorf("JSON hours %s read as %s h, want an error", b, m)
		}
	}
	// A day's worth still reads, in every way a person types it.
	for s, want := range map[string]Seconds{"24": 86400, "23:59": 86340, "0,5": 1800, "1000": 3600000} {
		if m, err := ParseHours(s); err != nil || m != want {
			t.Errorf("ParseHours(%q) = %d, %v; want %d", s, m, err, want)
		}
	}
}

// TestDatesBefore1990AreRefused: a date before 1990 is refused where it is read, naming the field.
func TestDatesBefore1990AreRefused(t *testing.T) {
	for _, s := range []string{"1969-12-31", "1989-12-31", "0001-01-01", "1970-01-01"} {
		if _, err := ParseDate(s); err == nil || !strings.Contains(err.Error(), "before 1990") {
			t.Errorf("ParseDate(%q): %v, want refused as before 1990", s, err)
		}
	}
	if _, err := ParseDate("1990-01-01"); err != nil {
		t.Errorf("1990-01-01 refused: %v", err)
	}
	if _, err := ParseMonth("1969-12"); err == nil || !strings.Contains(err.Error(), "before 1990") {
		t.Errorf("ParseMonth(1969-12): %v, want refused as before 1990", err)
	}
	// A date set in code, not parsed, is refused by validation.
	s, id := importGreenskills(t)
	_, _, err := s.AddEntry(id, Entry{Person: gsLukas, Date: NewDate(1969, time.December, 31), Output: gsOutput1(t, s, id), Hours: 60 * 60})
	if err == nil || !strings.Contains(err.Error(), "date: 1969-12-31 is before 1990") {
		t.Errorf("entry of 1969: %v", err)
	}
}

func gsOutput1(t *testing.T, s *Store, id string) string {
	t.Helper()
	doc, err := s.Load(id, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := FindOutput(doc, "O1")
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// TestImportRefusesAbsurdValues: values that would overflow or make no sense are refused whole, naming the record and field.
func TestImportRefusesAbsurdValues(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "greenskills.json"))
	if err != nil {
		t.Fatal(err)
	}
	edit := func(f func(d map[string]any)) string {
		var d map[string]any
		json.Unmarshal(raw, &d)
		f(d)
		b, _ := json.Marshal(d)
		return string(b)
	}
	first := func(d map[string]any, key string) map[string]any { return d[key].([]any)[0].(map[string]any) }
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"hours past any day", edit(func(d map[string]any) { first(d, "entries")["hours"] = json.Number("3074457345618258.62") }),
			[]string{"bad.json: entries[0] hours", "3074457345618258.62", "is more than a day"}},
		{"negative hours", edit(func(d map[string]any) { first(d, "entries")["hours"] = -3 }),
			[]string{"bad.json: entries[0] hours", "is negative"}},
		{"huge day rate", edit(func(d map[string]any) {
			first(d, "partners")["rates"] = map[string]any{"teacher": json.Number("92233720368547")}
		}), []string{"partners[0]", "rates.teacher", "92233720368547.00 € is more than 10000.00 €"}},
		{"negative day rate", edit(func(d map[string]any) { first(d, "partners")["rates"] = map[string]any{"admin": -5} }),
			[]string{"partners[0]", "rates.admin", "-5.00 € is negative"}},
		{"entry before 1990", edit(func(d map[string]any) { first(d, "entries")["date"] = "1969-12-31" }),
			[]string{"bad.json: entries[0] date", "1969-12-31 is before 1990"}},
		{"project before 1990", edit(func(d map[string]any) { d["project"].(map[string]any)["start"] = "1960-01-01" }),
			[]string{"bad.json: project start", "1960-01-01 is before 1990"}},
		{"event before 1990", edit(func(d map[string]any) { first(d, "events")["end"] = "1989-05-01" }),
			[]string{"bad.json: events[0] end", "before 1990"}},
		{"farther than the Earth", edit(func(d map[string]any) { first(d, "participants")["distance_km"] = 9_000_000_000 }),
			[]string{"participants[0]", "distance_km", "farther than any place on Earth"}},
		{"planned days past any project", edit(func(d map[string]any) {
			first(d, "outputs")["planned"] = []any{map[string]any{"partner": first(d, "partners")["id"], "category": "teacher", "days": 1e12}}
		}), []string{"outputs[0]", "planned[0].days", "more than 100000"}},
	}
	s, _ := importGreenskills(t)
	before := dbFingerprint(t, s)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := DecodeDocument(strings.NewReader(c.doc), "bad.json")
			if err == nil {
				_, err = s.Import(doc, ImportOptions{Source: "bad.json"})
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
	if dbFingerprint(t, s) != before {
		t.Errorf("a rejected import changed the store")
	}
}

// TestLumpSumAndAllocationBounds: a 2021 project's amounts past any grant are refused.
func TestLumpSumAndAllocationBounds(t *testing.T) {
	w := newWorld()
	p := &problems{}
	doc := &Document{Project: &Project{ID: testID(1), Acronym: "X", Title: "X", Number: "2021-1-DE02-KA220-ADU-000012345",
		Rules: Rules2021, Start: NewDate(2021, 9, 1), End: NewDate(2023, 8, 31), LumpSum: 500_000_000_00}}
	w.overlay(doc)
	w.validateProject(p, doc.Project)
	if err := p.err(); err == nil || !strings.Contains(err.Error(), "lump_sum") || !strings.Contains(err.Error(), "is more than 100000000.00 €") {
		t.Errorf("lump sum of 500 million: %v", err)
	}
}
