package export

import (
	"strings"
	"testing"
)

// TestSecondLanguageDatesAndFigures (issue 11): a label's values are written the way the second language
// writes them on its own line, while the English line keeps ISO dates and 12,000.00.
func TestSecondLanguageDatesAndFigures(t *testing.T) {
	nbsp := func(s string) string { return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s) }
	for code, want := range map[string][2]string{
		"de": {"1. November 2020", "12.000,00"},
		"pl": {"1 listopada 2020", "12 000,00"},
		"fr": {"1 novembre 2020", "12 000,00"},
		"es": {"1 de noviembre de 2020", "12.000,00"},
		"it": {"1 novembre 2020", "12.000,00"},
		"el": {"1 Νοεμβρίου 2020", "12.000,00"},
		"bg": {"1 ноември 2020 г.", "12 000,00"},
		"pt": {"1 de novembro de 2020", "12 000,00"},
	} {
		l := newLang(code)
		if got := l.localValue("2020-11-01"); got != want[0] {
			t.Errorf("%s: 2020-11-01 → %q, want %q", code, got, want[0])
		}
		if got := nbsp(l.localValue("12,000.00")); got != want[1] {
			t.Errorf("%s: 12,000.00 → %q, want %q", code, got, want[1])
		}
		if got := l.localValue("7.5"); got != "7,5" {
			t.Errorf("%s: 7.5 → %q", code, got)
		}
		if got := l.localValue("O1"); got != "O1" {
			t.Errorf("%s: a code changed: %q", code, got)
		}
	}
	// English alone: nothing changes; and the English line of a bilingual label keeps its form.
	if got := newLang("").localValue("2020-11-01"); got != "2020-11-01" {
		t.Errorf("English only: %q", got)
	}
	l := newLang("de")
	if en, de := l.EF("cert.from_to", "from", "2020-11-01", "to", "2020-11-05"), l.LF("cert.from_to", "from", "2020-11-01", "to", "2020-11-05"); en != "from 2020-11-01 to 2020-11-05" ||
		de != "vom 1. November 2020 bis 5. November 2020" {
		t.Errorf("certificate dates: %q / %q", en, de)
	}
}
