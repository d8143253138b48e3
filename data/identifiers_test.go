package data

import (
	"strings"
	"testing"
)

// projectNumberCases is shared by the table test and the fuzz seed corpus.
var projectNumberCases = []struct {
	in   string
	want ProjectNumber
	err  string // part of the error message; "" = valid
}{
	// 2014–2020
	{in: "2019-1-DE02-KA204-006478", want: ProjectNumber{2019, 1, "DE02", "KA204", "", "006478"}},
	{in: "2014-1-PL01-KA201-003456", want: ProjectNumber{2014, 1, "PL01", "KA201", "", "003456"}},
	{in: "2020-1-AT01-KA226-SCH-092727", err: "takes no field"},
	{in: "2020-2-AT01-KA227-092727", want: ProjectNumber{2020, 2, "AT01", "KA227", "", "092727"}},
	{in: "2018-1-IT02-KA229-048327", want: ProjectNumber{2018, 1, "IT02", "KA229", "", "048327"}},
	{in: "2015-3-UK01-KA200-000001", want: ProjectNumber{2015, 3, "UK01", "KA200", "", "000001"}},
	// 2021–2027
	{in: "2021-1-DE02-KA220-ADU-000029489", want: ProjectNumber{2021, 1, "DE02", "KA220", "ADU", "000029489"}},
	{in: "2023-1-FR01-KA220-SCH-000156789", want: ProjectNumber{2023, 1, "FR01", "KA220", "SCH", "000156789"}},
	{in: "2022-2-ES01-KA210-VET-000091234", want: ProjectNumber{2022, 2, "ES01", "KA210", "VET", "000091234"}},
	{in: "2024-1-NL01-KA220-HED-0001234567", want: ProjectNumber{2024, 1, "NL01", "KA220", "HED", "0001234567"}},
	{in: "2021-2-EL02-KA210-YOU-000045678", want: ProjectNumber{2021, 2, "EL02", "KA210", "YOU", "000045678"}},
	// wrong parts
	{in: "", err: "empty"},
	{in: " 2019-1-DE02-KA204-006478", err: "spaces"},
	{in: "2019-1-DE02-KA204-06478", err: `serial "06478" must be 6 digits`},
	{in: "2019-1-DE02-KA204-0064789", err: "serial"},
	{in: "2019-1-DE02-KA204-00647a", err: "serial"},
	{in: "2019-1-DE02-KA204-+06478", err: "serial"},
	{in: "2021-1-DE02-KA220-ADU-00029489", err: "9 or 10 digits"},
	{in: "2021-1-DE02-KA220-ADU-00000294890", err: "9 or 10 digits"},
	{in: "2021-1-DE02-KA220-000029489", err: "needs a field"},
	{in: "2019-1-DE02-KA204-ADU-006478", err: "KA204 takes no field"},
	{in: "2021-1-DE02-KA220-ABC-000029489", err: `field "ABC"`},
	{in: "2021-1-DE02-KA220-adu-000029489", err: "upper case (ADU)"},
	{in: "2019-1-de02-KA204-006478", err: "upper case (DE02)"},
	{in: "2019-1-DE02-ka204-006478", err: "upper case (KA204)"},
	{in: "2019-1-D02-KA204-006478", err: "national agency code"},
	{in: "2019-1-DEU2-KA204-006478", err: "national agency code"},
	{in: "2019-1-DE02-KA104-006478", err: "action"},
	{in: "2019-1-DE02-KA2041-006478", err: "action"},
	{in: "2021-1-DE02-KA230-ADU-000029489", err: "takes no field"},
	{in: "2021-1-DE02-KA120-ADU-000029489", err: "KA210 or KA220"},
	{in: "2019-4-DE02-KA204-006478", err: "round"},
	{in: "2019-0-DE02-KA204-006478", err: "round"},
	{in: "2019-11-DE02-KA204-006478", err: "round"},
	{in: "2013-1-DE02-KA204-006478", err: "year 2013"},
	{in: "2031-1-DE02-KA220-ADU-000029489", err: "year 2031"},
	{in: "19-1-DE02-KA204-006478", err: "year"},
	{in: "+201-1-DE02-KA204-006478", err: "year"},
	{in: "2019-1-DE02-KA204", err: "has 4 parts"},
	{in: "2019-1-DE02-006478", err: "has 4 parts"},
	{in: "2019", err: "has 1 part,"},
	{in: "2021-1-DE02-KA220-ADU-000029489-1", err: "has 7 parts"},
	{in: "2019--DE02-KA204-006478", err: "round"},
	{in: "2019-1-DE02-KA204-006478-", err: "takes no field"},
	{in: "2019_1_DE02_KA204_006478", err: "has 1 part,"},
}

func TestParseProjectNumber(t *testing.T) {
	for _, tt := range projectNumberCases {
		got, err := ParseProjectNumber(tt.in)
		if tt.err == "" {
			if err != nil {
				t.Errorf("ParseProjectNumber(%q): %v", tt.in, err)
				continue
			}
			if got != tt.want {
				t.Errorf("ParseProjectNumber(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("ParseProjectNumber(%q).String() = %q", tt.in, s)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseProjectNumber(%q) = %+v, want an error with %q", tt.in, got, tt.err)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.err) {
			t.Errorf("ParseProjectNumber(%q) error %q, want it to contain %q", tt.in, msg, tt.err)
		}
		if tt.in != "" && !strings.HasPrefix(msg, "project number \""+tt.in+"\": ") {
			t.Errorf("ParseProjectNumber(%q) error %q does not name the value", tt.in, msg)
		}
		if got != (ProjectNumber{}) {
			t.Errorf("ParseProjectNumber(%q) returned %+v with its error", tt.in, got)
		}
	}
}

func TestProjectNumberErrorExample(t *testing.T) {
	_, err := ParseProjectNumber("2019-1-DE02-KA204-06478")
	want := `project number "2019-1-DE02-KA204-06478": serial "06478" must be 6 digits`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func FuzzParseProjectNumber(f *testing.F) {
	for _, tt := range projectNumberCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProjectNumber(s)
		if err != nil {
			if p != (ProjectNumber{}) {
				t.Errorf("ParseProjectNumber(%q) returned %+v with its error", s, p)
			}
			return
		}
		if got := p.String(); got != s {
			t.Errorf("ParseProjectNumber(%q).String() = %q", s, got)
		}
		if q, err := ParseProjectNumber(p.String()); err != nil || q != p {
			t.Errorf("re-parse of %q: %+v, %v", s, q, err)
		}
	})
}

func TestCheckOrganisationID(t *testing.T) {
	tests := []struct {
		in  string
		err string // part of the error message; "" = valid
	}{
		{"E10012345", ""},
		{"E00000001", ""},
		{"949554652", ""},
		{"", "empty"},
		{"E1001234", "E and 8 digits"},
		{"E100123456", "E and 8 digits"},
		{"E1001234X", "E and 8 digits"},
		{"E", "E and 8 digits"},
		{"e10012345", "upper-case E"},
		{"e1001", "E and 8 digits"},
		{"94955465", "PIC must be 9 digits, not 8"},
		{"9495546521", "PIC must be 9 digits, not 10"},
		{"PIC949554652", "OID (E and 8 digits) or a PIC (9 digits)"},
		{"94955465-2", "OID (E and 8 digits) or a PIC (9 digits)"},
		{" E10012345", "spaces"},
		{"E10012345 ", "spaces"},
	}
	for _, tt := range tests {
		err := CheckOrganisationID(tt.in)
		if tt.err == "" {
			if err != nil {
				t.Errorf("CheckOrganisationID(%q): %v", tt.in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("CheckOrganisationID(%q) = %v, want an error with %q", tt.in, err, tt.err)
			continue
		}
		if tt.in != "" && !strings.Contains(err.Error(), `"`+tt.in+`"`) {
			t.Errorf("CheckOrganisationID(%q) error %q does not name the value", tt.in, err)
		}
	}
}
