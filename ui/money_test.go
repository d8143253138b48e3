package ui

import (
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
