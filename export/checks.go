package export

import (
	"regexp"
	"strings"

	"partnerdesk/data"
)

// A timesheet's checks come from the data layer as English sentences. checkForms knows each sentence's
// shape, so a bilingual sheet prints it in the second language too; a sentence of an unknown shape is
// printed in English only, never wrongly translated.
var checkForms = []struct {
	re  *regexp.Regexp
	key string
	// names are the placeholders of the label, one per group of re, in order.
	names []string
}{
	{regexp.MustCompile(`^work on a (Saturday|Sunday)$`), "", nil}, // by weekday, below
	{regexp.MustCompile(`^work on a public holiday \((.+)\)$`), "chk.holiday", []string{"name"}},
	{regexp.MustCompile(`^work on a regional holiday \((.+)\)$`), "chk.regional_holiday", []string{"name"}},
	{regexp.MustCompile(`^([0-9.:,]+) h is more than a day$`), "chk.more_than_day", []string{"h"}},
	{regexp.MustCompile(`^outside the project period (\S*) – (\S*)$`), "chk.outside_project", []string{"from", "to"}},
	{regexp.MustCompile(`^(\S+) is outside (.+)'s period (\S*) – (\S*)$`), "chk.outside_output", []string{"date", "code", "from", "to"}},
	{regexp.MustCompile(`^changed after approval by "?(.*?)"? on (\S+)$`), "chk.changed", []string{"name", "date"}},
	{regexp.MustCompile(`^([0-9.:,]+) h across all projects, more than 24 h$`), "chk.over_24_all", []string{"h"}},
	{regexp.MustCompile(`^([0-9.:,]+) h across all projects, more than the working day of ([0-9.:,]+) h$`), "chk.over_day_all", []string{"h", "day"}},
}

// checkLocal is a check's reason in the document's second language, "" when the document is English
// only or the sentence is of no known shape. Holiday names are given in the organisation's language.
func checkLocal(l lang, p data.Partner, c data.Check) string {
	if l.loc == nil {
		return ""
	}
	for _, f := range checkForms {
		m := f.re.FindStringSubmatch(c.Reason)
		if m == nil {
			continue
		}
		key := f.key
		if key == "" {
			key = "chk." + strings.ToLower(m[1])
			return l.L(key)
		}
		pairs := make([]string, 0, 2*len(f.names))
		for i, n := range f.names {
			v := m[i+1]
			if n == "name" && (key == "chk.holiday" || key == "chk.regional_holiday") {
				if loc := holidayLocal(l, p, c.Date, v); loc != "" {
					v = loc
				}
			}
			pairs = append(pairs, n, v)
		}
		return l.LF(key, pairs...)
	}
	return ""
}
