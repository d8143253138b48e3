package data

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ProjectNumber is a parsed Erasmus+ project number.
type ProjectNumber struct {
	Year   int    // call year, e.g. 2019
	Round  int    // application round, 1–3
	NA     string // national agency code, e.g. DE02
	Action string // key action, e.g. KA204 or KA220
	Field  string // SCH, VET, ADU, HED or YOU; empty for 2014–2020 numbers
	Serial string // 6 digits (2014–2020) or 9–10 digits (2021–2027)
}

// Project number limits. The year range is loose on purpose: it is only
// there to catch typos, not to decide which programme a number belongs to.
const (
	pnFirstYear = 2014
	pnLastYear  = 2030
)

// pnFields are the fields of education and training a 2021–2027 number names.
var pnFields = []string{"SCH", "VET", "ADU", "HED", "YOU"}

// ParseProjectNumber validates an Erasmus+ project number of either programme generation.
//
// 2014–2020 numbers look like 2019-1-DE02-KA204-006478 (any KA2xx action,
// 6-digit serial); 2021–2027 ones like 2021-1-DE02-KA220-ADU-000029489
// (KA210 or KA220, a field, 9- or 10-digit serial). Letters must be upper
// case. The error names the value and the part that is wrong.
func ParseProjectNumber(s string) (ProjectNumber, error) {
	var p ProjectNumber
	fail := func(format string, args ...any) (ProjectNumber, error) {
		return ProjectNumber{}, fmt.Errorf("project number %q: %s", s, fmt.Sprintf(format, args...))
	}
	switch {
	case s == "":
		return ProjectNumber{}, errors.New("project number is empty")
	case strings.TrimSpace(s) != s:
		return fail("has spaces around it")
	}
	parts := strings.Split(s, "-")
	if n := len(parts); n != 5 && n != 6 {
		unit := "parts"
		if n == 1 {
			unit = "part"
		}
		return fail("has %d %s, want YEAR-ROUND-NA-ACTION-SERIAL (2014–2020) or YEAR-ROUND-NA-ACTION-FIELD-SERIAL (2021–2027)", n, unit)
	}

	year, action := parts[0], parts[3]
	if len(year) != 4 || !pnDigits(year) {
		return fail("year %q must be 4 digits", year)
	}
	p.Year, _ = strconv.Atoi(year)
	if p.Year < pnFirstYear || p.Year > pnLastYear {
		return fail("year %d is not between %d and %d", p.Year, pnFirstYear, pnLastYear)
	}
	if r := parts[1]; len(r) != 1 || r[0] < '1' || r[0] > '3' {
		return fail("round %q must be 1, 2 or 3", r)
	}
	p.Round = int(parts[1][0] - '0')

	p.NA = parts[2]
	if !pnIsNA(p.NA) {
		if pnIsNA(strings.ToUpper(p.NA)) {
			return fail("national agency code %q must be upper case (%s)", p.NA, strings.ToUpper(p.NA))
		}
		return fail("national agency code %q must be 2 letters and 2 digits, e.g. DE02", p.NA)
	}

	newShape := len(parts) == 6
	if !pnIsAction(action) {
		if pnIsAction(strings.ToUpper(action)) {
			return fail("action %q must be upper case (%s)", action, strings.ToUpper(action))
		}
		if newShape {
			return fail("action %q must be KA210 or KA220", action)
		}
		return fail("action %q must be KA2 and 2 digits, e.g. KA204", action)
	}
	p.Action = action
	hasField := action == "KA210" || action == "KA220"
	switch {
	case hasField && !newShape:
		return fail("action %s needs a field (%s) before the serial", action, strings.Join(pnFields, ", "))
	case !hasField && newShape:
		return fail("action %s takes no field (only KA210 and KA220 do)", action)
	}

	serial := parts[len(parts)-1]
	if newShape {
		p.Field = parts[4]
		if !pnIsField(p.Field) {
			if pnIsField(strings.ToUpper(p.Field)) {
				return fail("field %q must be upper case (%s)", p.Field, strings.ToUpper(p.Field))
			}
			return fail("field %q must be one of %s", p.Field, strings.Join(pnFields, ", "))
		}
		if (len(serial) != 9 && len(serial) != 10) || !pnDigits(serial) {
			return fail("serial %q must be 9 or 10 digits", serial)
		}
	} else if len(serial) != 6 || !pnDigits(serial) {
		return fail("serial %q must be 6 digits", serial)
	}
	p.Serial = serial
	return p, nil
}

// String formats the project number the way the programme writes it.
func (p ProjectNumber) String() string {
	if p.Field == "" {
		return fmt.Sprintf("%04d-%d-%s-%s-%s", p.Year, p.Round, p.NA, p.Action, p.Serial)
	}
	return fmt.Sprintf("%04d-%d-%s-%s-%s-%s", p.Year, p.Round, p.NA, p.Action, p.Field, p.Serial)
}

// CheckOrganisationID reports whether s is an organisation ID (E + 8 digits) or a legacy PIC (9 digits); returns an error naming what is wrong.
func CheckOrganisationID(s string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("organisation ID %q: %s", s, fmt.Sprintf(format, args...))
	}
	switch {
	case s == "":
		return errors.New("organisation ID is empty")
	case strings.TrimSpace(s) != s:
		return fail("has spaces around it")
	case s[0] == 'E':
		if len(s) != 9 || !pnDigits(s[1:]) {
			return fail("an OID must be E and 8 digits, e.g. E10012345")
		}
	case s[0] == 'e':
		if len(s) == 9 && pnDigits(s[1:]) {
			return fail("an OID starts with an upper-case E")
		}
		return fail("an OID must be E and 8 digits, e.g. E10012345")
	case pnDigits(s):
		if len(s) != 9 {
			return fail("a PIC must be 9 digits, not %d", len(s))
		}
	default:
		return fail("must be an OID (E and 8 digits) or a PIC (9 digits)")
	}
	return nil
}

// pnDigits reports whether s is non-empty and all ASCII digits (no signs, no other scripts).
func pnDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func pnUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

// pnIsNA reports whether s is a national agency code: 2 upper-case letters, 2 digits.
func pnIsNA(s string) bool {
	return len(s) == 4 && pnUpper(s[0]) && pnUpper(s[1]) && pnDigits(s[2:])
}

// pnIsAction reports whether s is a partnership action: KA2 and 2 digits.
func pnIsAction(s string) bool {
	return len(s) == 5 && strings.HasPrefix(s, "KA2") && pnDigits(s[3:])
}

func pnIsField(s string) bool {
	for _, f := range pnFields {
		if s == f {
			return true
		}
	}
	return false
}
