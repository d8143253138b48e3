package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"partnerdesk/data"
)

func TestEuroFormatting(t *testing.T) {
	for _, c := range []struct {
		cents data.Cents
		shown string
	}{
		{0, "0.00 €"}, {99, "0.99 €"}, {100000, "1,000.00 €"}, {1200000, "12,000.00 €"},
		{25000000, "250,000.00 €"}, {123456789, "1,234,567.89 €"}, {-150050, "-1,500.50 €"},
	} {
		if got := formatEuro(c.cents); got != c.shown {
			t.Errorf("formatEuro(%d) = %q, want %q", c.cents, got, c.shown)
		}
		if back, err := parseEuro(c.shown); err != nil || back != c.cents {
			t.Errorf("parseEuro(%q) = %d, %v", c.shown, back, err)
		}
	}
	for _, typed := range []string{"12000", "12000.00", "12,000", " 12 000 € "} {
		if got, err := parseEuro(typed); err != nil || got != 1200000 {
			t.Errorf("parseEuro(%q) = %d, %v", typed, got, err)
		}
	}
	if _, err := parseEuro("12.345.6x"); err == nil {
		t.Error("a malformed amount was read")
	}
}

// The translations are go-i18n messages: a key such as "Description" is one of its reserved field names and
// makes the whole file fail to load, leaving every string untranslated.
func TestTranslationKeysAreNotReserved(t *testing.T) {
	reserved := map[string]bool{"id": true, "description": true, "hash": true, "leftdelim": true, "rightdelim": true,
		"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}
	for _, name := range uiLanguages {
		raw, err := translations.ReadFile("translations/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s.json: %v", name, err)
		}
		for k := range m {
			if reserved[strings.ToLower(k)] {
				t.Errorf("%s.json: key %q is reserved by go-i18n", name, k)
			}
		}
		if name != "en" && len(m) < 200 {
			t.Errorf("%s.json has only %d strings", name, len(m))
		}
	}
}
