package data

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
)

func TestDemoIsDeterministic(t *testing.T) {
	enc := func(seed uint64) []byte {
		var b bytes.Buffer
		Demo(DemoOptions{People: 10, Months: 6, Seed: seed}).Encode(&b)
		return b.Bytes()
	}
	if !bytes.Equal(enc(7), enc(7)) {
		t.Error("same seed gave different projects")
	}
	if bytes.Equal(enc(7), enc(8)) {
		t.Error("different seeds gave the same project")
	}
}

func TestDemoIsRealistic(t *testing.T) {
	doc := Demo(DemoOptions{})
	groups := map[int]bool{}
	for _, p := range doc.Partners {
		groups[Erasmus2014.CountryGroup(p.Country)] = true
	}
	if len(doc.Partners) < 4 || len(groups) < 4 {
		t.Errorf("%d partners in %d country groups, want 4+ in 4", len(doc.Partners), len(groups))
	}
	var names strings.Builder
	for _, p := range doc.People {
		names.WriteString(p.Name + " ")
	}
	for _, p := range doc.Partners {
		names.WriteString(p.Name + " ")
	}
	for _, r := range []string{"ł", "ö", "ø"} {
		if !strings.Contains(names.String(), r) {
			t.Errorf("no name with %q: %s", r, names.String())
		}
	}
	for _, script := range []*unicode.RangeTable{unicode.Greek, unicode.Cyrillic} {
		if !strings.ContainsFunc(names.String(), func(r rune) bool { return unicode.Is(script, r) }) {
			t.Errorf("no name in Greek or Cyrillic letters: %s", names.String())
		}
	}
	kinds := map[string]int{}
	for _, e := range doc.Events {
		kinds[e.Kind]++
	}
	if kinds[EventMeeting] == 0 || kinds[EventMultiplier] == 0 || kinds[EventLearning] == 0 {
		t.Errorf("events = %v", kinds)
	}
	first, last := doc.Entries[0].Date, doc.Entries[0].Date
	for _, e := range doc.Entries {
		if e.Date.Before(first) {
			first = e.Date
		}
		if e.Date.After(last) {
			last = e.Date
		}
		if wd := e.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Fatalf("demo entry on a %s", wd)
		}
	}
	if MonthsBetweenDates(first, last) < 11 {
		t.Errorf("entries span %s – %s, want a year", first, last)
	}
	// The demo goes through the same validation as any import, and its budget has every category.
	s := newStore(t)
	res, err := s.Import(doc, ImportOptions{Source: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Budget(res.Project.ID)
	if err != nil {
		t.Fatal(err)
	}
	cats := map[string]bool{}
	for _, l := range b.Lines {
		cats[l.Category] = true
	}
	if len(cats) != 5 {
		t.Errorf("demo budget categories = %v", cats)
	}
}

// MonthsBetweenDates counts calendar months touched, for the test's "a year of entries".
func MonthsBetweenDates(a, b Date) int { return len(MonthsIn(a, b)) }

func TestDemoLargeSize(t *testing.T) {
	if testing.Short() {
		t.Skip("large demo")
	}
	doc := Demo(DemoOptions{People: 40, Months: 36, Seed: 1})
	if n := len(doc.Entries); n < 90_000 || n > 120_000 {
		t.Errorf("large demo has %d entries, want about 100k", n)
	}
}
