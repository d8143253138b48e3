package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/lang"

	"partnerdesk/data"
)

// formatEuro shows an amount the way people read money in the window's language: thousands
// grouped, two decimals, the euro sign (12,000.00 € in English, 12.000,00 € in German, 12 000,00 € in Polish).
func formatEuro(c data.Cents) string {
	return groupDigits(c.Euro()) + " €"
}

// amount is an amount in euro without the sign, for tables and totals that say EUR once.
func amount(c interface{ Euro() string }) string { return groupDigits(c.Euro()) }

// groupDigits puts the language's marks into a plain "-1234567.50".
func groupDigits(plain string) string {
	th, dec := separators()
	sign := ""
	if strings.HasPrefix(plain, "-") {
		sign, plain = "-", plain[1:]
	}
	whole, frac, _ := strings.Cut(plain, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(th)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		return sign + b.String() + dec + frac
	}
	return sign + b.String()
}

// parseEuro reads an amount typed as 12000, 12,000.00 €, or in the language's own marks; "" is zero.
func parseEuro(s string) (data.Cents, error) {
	plain, err := plainNumber(s)
	if err != nil || plain == "" {
		return 0, err
	}
	var c data.Cents
	if err := c.UnmarshalJSON([]byte(plain)); err != nil {
		return 0, fmt.Errorf(lang.L("%q is not an amount in euro with at most two decimals"), strings.TrimSpace(s))
	}
	return c, nil
}

// parseDays reads a number of days with at most two decimals; "" is zero.
func parseDays(s string) (data.Days, error) {
	plain, err := plainNumber(s)
	if err != nil || plain == "" {
		return 0, err
	}
	var d data.Days
	if err := d.UnmarshalJSON([]byte(plain)); err != nil {
		return 0, fmt.Errorf(lang.L("%q is not a number of days with at most two decimals"), strings.TrimSpace(s))
	}
	return d, nil
}

// plainNumber drops the euro sign and thousands marks and makes the decimal mark a point.
func plainNumber(s string) (string, error) {
	th, dec := separators()
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "€"))
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if s == "" {
		return "", nil
	}
	// A point with one or two digits after it is a decimal point in any language: people type 12.5.
	if dec != "." && !strings.Contains(s, dec) {
		if i := strings.LastIndex(s, "."); i >= 0 && len(s)-i <= 3 && strings.Count(s, ".") == 1 {
			return s, nil
		}
	}
	s = strings.ReplaceAll(s, th, "")
	if dec != "." {
		s = strings.ReplaceAll(s, dec, ".")
	}
	return s, nil
}

// formatDays shows planned days as typed back: 40, 12.5.
func formatDays(d data.Days) string {
	if d == 0 {
		return ""
	}
	b, _ := d.MarshalJSON()
	return string(b)
}
