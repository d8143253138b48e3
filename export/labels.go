package export

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"partnerdesk/data"
)

// The printed words live in labels/<language>.json, one file per language with the same keys as en.json;
// countries.json holds the English country names. They are read once, never written.
//
//go:embed labels/*.json
var labelFiles embed.FS

// languages are the organisations' languages a document can carry beside English.
var languages = []string{"de", "fr", "es", "it", "pl", "el", "bg", "pt"}

// countryLanguage maps an organisation's country (EU codes) to the language its documents add to English.
var countryLanguage = map[string]string{
	"AT": "de", "DE": "de",
	"FR": "fr", "LU": "fr",
	"ES": "es",
	"IT": "it",
	"PL": "pl",
	"EL": "el", "CY": "el",
	"BG": "bg",
	"PT": "pt",
}

// catalog is every language's labels by code, read from the embedded files.
var catalog, countryNames = mustLoadLabels()

// holidayNames holds, per country (EU codes), the local names of its public holidays by their English
// names (labels/holidays.json), for the countries whose language a document can carry.
var holidayNames = mustLoadHolidayNames()

func mustLoadHolidayNames() map[string]map[string]string {
	raw, err := labelFiles.ReadFile("labels/holidays.json")
	if err != nil {
		panic(err)
	}
	m := map[string]map[string]string{}
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(fmt.Errorf("export/labels/holidays.json: %v", err))
	}
	return m
}

// holiday is the name of a public holiday of the country in the document's second language: "" when
// the document is English only, the country speaks another language, or the name is not known. Two
// holidays on one day come joined with " / " and are translated one by one.
func (l lang) holiday(country, name string) string {
	c := data.NormCountry(country)
	if l.loc == nil || name == "" || countryLanguage[c] != l.code {
		return ""
	}
	names := holidayNames[c]
	parts := strings.Split(name, " / ")
	found := false
	for i, p := range parts {
		if s, ok := names[p]; ok {
			parts[i], found = s, true
		}
	}
	if !found {
		return ""
	}
	return strings.Join(parts, " / ")
}

func mustLoadLabels() (map[string]map[string]string, map[string]string) {
	all := map[string]map[string]string{}
	for _, code := range append([]string{"en"}, languages...) {
		m, err := readLabels(code + ".json")
		if err != nil {
			panic(err) // the files are embedded: a broken one is a build mistake the tests catch
		}
		all[code] = m
	}
	countries, err := readLabels("countries.json")
	if err != nil {
		panic(err)
	}
	return all, countries
}

func readLabels(name string) (map[string]string, error) {
	raw, err := labelFiles.ReadFile(path.Join("labels", name))
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("export/labels/%s: %v", name, err)
	}
	return m, nil
}

// languageOf returns the language an organisation's country adds to English, or "" for English only.
func languageOf(country string) string { return countryLanguage[data.NormCountry(country)] }

// lang prints labels in English and, when set, a second language.
type lang struct {
	code string // "" for English only
	en   map[string]string
	loc  map[string]string
}

// newLang returns the labels for English plus the language of code ("" or "en": English only).
func newLang(code string) lang {
	l := lang{en: catalog["en"]}
	if m, ok := catalog[code]; ok && code != "en" {
		l.code, l.loc = code, m
	}
	return l
}

// E is the English label of key; a missing key shows as [key] so a test sees it.
func (l lang) E(key string) string {
	if s, ok := l.en[key]; ok {
		return s
	}
	return "[" + key + "]"
}

// L is the label in the second language, or "" when the document is English only
// or the words are the same in both (a code, a name).
func (l lang) L(key string) string {
	if l.loc == nil {
		return ""
	}
	s, ok := l.loc[key]
	if !ok {
		return "[" + key + "]"
	}
	if s == l.E(key) {
		return ""
	}
	return s
}

// Both returns the English label and the second language's ("" when none).
func (l lang) Both(key string) (string, string) { return l.E(key), l.L(key) }

// Joined is "English / second language", or English alone.
func (l lang) Joined(key string) string {
	if loc := l.L(key); loc != "" {
		return l.E(key) + " / " + loc
	}
	return l.E(key)
}

// fill replaces {name} placeholders of a label with values given as name, value pairs.
func fill(s string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, "{"+pairs[i]+"}", pairs[i+1])
	}
	return s
}

// EF is the English label with its placeholders filled.
func (l lang) EF(key string, pairs ...string) string { return fill(l.E(key), pairs...) }

// LF is the second language's label with its placeholders filled ("" when none).
func (l lang) LF(key string, pairs ...string) string {
	s := l.L(key)
	if s == "" {
		return ""
	}
	local := make([]string, len(pairs))
	for i, v := range pairs {
		if i%2 == 1 {
			v = l.localValue(v) // dates and figures in the second language's own form
		}
		local[i] = v
	}
	return fill(s, local...)
}

// countryName is the English name of a country code, or the code itself when unknown.
func countryName(code string) string {
	c := data.NormCountry(code)
	if n, ok := countryNames[c]; ok {
		return n
	}
	return code
}

// categoryKey is the label key of a staff category.
func categoryKey(c string) string { return "category." + c }
