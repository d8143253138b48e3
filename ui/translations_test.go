package ui

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// uiLanguages are the languages the window ships, as Languages offers them.
var uiLanguages = []string{"en", "de", "fr", "es", "it", "pl", "el", "bg", "pt"}

// readTranslation reads a translation file: each key's wording, or its plural forms.
func readTranslation(t *testing.T, code string) map[string]map[string]string {
	t.Helper()
	raw, err := translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	out := map[string]map[string]string{}
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = map[string]string{"other": s}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(v, &forms); err != nil {
			t.Fatalf("%s.json: %q is neither a string nor plural forms: %v", code, k, err)
		}
		out[k] = forms
	}
	return out
}

var verb = regexp.MustCompile(`%(\[([0-9]+)\])?[-+# 0]*[0-9]*(\.[0-9]+)?([a-zA-Z%])`)

// verbs are a wording's fmt verbs by the value each takes ("1:%s 2:%d"), which a translation
// must keep; it may reorder them with explicit indexes (%[2]s).
func verbs(s string) string {
	byArg := map[int]string{}
	next := 1
	for _, m := range verb.FindAllStringSubmatch(s, -1) {
		if m[4] == "%" {
			continue
		}
		if m[2] != "" {
			next, _ = strconv.Atoi(m[2])
		}
		v := strings.Replace(m[0], m[1], "", 1)
		byArg[next] += v
		next++
	}
	var out []string
	for i := 1; i <= len(byArg)+1; i++ {
		if v, ok := byArg[i]; ok {
			out = append(out, strconv.Itoa(i)+":"+v)
		}
	}
	return strings.Join(out, " ")
}

// TestEveryLanguageHasEveryKey: each of the nine languages words every key of the English file,
// has no key the English lacks, and keeps each wording's fmt verbs; plural keys have the forms
// the language needs.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	en := readTranslation(t, "en")
	needs := map[string][]string{"pl": {"one", "few", "many"}, "en": {"one", "other"}, "de": {"one", "other"},
		"fr": {"one", "other"}, "es": {"one", "other"}, "it": {"one", "other"}, "pt": {"one", "other"},
		"el": {"one", "other"}, "bg": {"one", "other"}}
	for _, code := range uiLanguages {
		tr := readTranslation(t, code)
		if tr["locale.code"]["other"] != code {
			t.Errorf("%s.json: locale.code is %q", code, tr["locale.code"]["other"])
		}
		var missing, stale []string
		for k, forms := range en {
			got, ok := tr[k]
			if !ok {
				missing = append(missing, k)
				continue
			}
			want := verbs(forms["other"])
			for form, s := range got {
				if v := verbs(s); v != want {
					t.Errorf("%s.json: %q (%s) has the verbs %q, the English %q", code, k, form, v, want)
				}
			}
			if len(forms) > 1 {
				for _, f := range needs[code] {
					if got[f] == "" {
						t.Errorf("%s.json: %q lacks its plural form %q", code, k, f)
					}
				}
			}
		}
		for k := range tr {
			if _, ok := en[k]; !ok {
				stale = append(stale, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(stale)
		if len(missing) > 0 {
			t.Errorf("%s.json lacks %d keys: %q", code, len(missing), missing)
		}
		if len(stale) > 0 {
			t.Errorf("%s.json has %d keys the English has not: %q", code, len(stale), stale)
		}
	}
}

var problemKey = regexp.MustCompile(`(?:Problemf\(|p\.add\([^,\n]+,[^,\n]+, |&Problem\{Key: |newCheck\([^,\n]+, [^,\n]+,\s*|c\.warn\()("(?:[^"\\]|\\.)*")[,)}\n]`)

// TestEveryProblemHasAKey: every message that data and davsync give the window as a Problem, or
// as a validation error, has its key in the translations, so no message reaches it unworded.
func TestEveryProblemHasAKey(t *testing.T) {
	en := readTranslation(t, "en")
	n := 0
	for _, dir := range []string{"../data", "../sync"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range problemKey.FindAllSubmatch(src, -1) {
				key, err := strconv.Unquote(string(m[1]))
				if err != nil || key == "%v" || key == "%s" {
					continue
				}
				n++
				if _, ok := en[key]; !ok {
					t.Errorf("%s: %q has no key in en.json", f, key)
				}
			}
		}
	}
	if n < 60 {
		t.Errorf("found only %d problem keys", n)
	}
	for key := range weekendKeys {
		if _, ok := en[key]; !ok {
			t.Errorf("%q has no key in en.json", key)
		}
	}
}

// TestProblemsReachTheWindowTranslated: a refusal from data is worded in the window's language,
// with its values, and the English stays the error's own text for the command line.
func TestProblemsReachTheWindowTranslated(t *testing.T) {
	useLanguage(t, "de")
	err := data.Problemf("hours %q: %s h is more than a day", "26", "26")
	if got, want := message(err), `Stunden "26": 26 h sind mehr als ein Tag`; got != want {
		t.Errorf("German: %q, want %q", got, want)
	}
	if err.Error() != `hours "26": 26 h is more than a day` {
		t.Errorf("English: %q", err.Error())
	}
	useLanguage(t, "fr")
	in := &data.InputError{Where: "entry 2020-03-02 for Anna: hours", Msg: "must be more than 0", Key: "must be more than 0", More: 2}
	if got, want := message(errors.Join(in)), "entry 2020-03-02 for Anna: hours: doit être supérieur à 0 (et 2 autres problèmes)"; got != want {
		t.Errorf("French: %q, want %q", got, want)
	}
}

// useLanguage makes the window speak code for the test, and English again after it.
func useLanguage(t *testing.T, code string) {
	old, had := os.LookupEnv("LANGUAGE")
	t.Cleanup(func() {
		if had {
			UseLanguage(old)
		} else {
			os.Unsetenv("LANGUAGE")
			UseLanguage("en")
		}
	})
	UseLanguage(code)
}

// TestSystemLanguage: the settings' "System language" is the one LANGUAGE, LC_ALL, LC_MESSAGES
// or LANG names, the first one set deciding; one the window does not speak is English.
func TestSystemLanguage(t *testing.T) {
	for _, c := range []struct {
		vars []string
		want string
	}{
		{[]string{"", "", "", "fr_FR.UTF-8"}, "fr"},
		{[]string{"", "el_GR.UTF-8", "", "de_DE.UTF-8"}, "el"},
		{[]string{"pt_PT:pt:en", "", "", "en_GB.UTF-8"}, "pt"},
		{[]string{"", "", "", "bg_BG"}, "bg"},
		{[]string{"", "", "", "C.UTF-8"}, "en"},
		{[]string{"", "", "", "nl_NL.UTF-8"}, "en"},
		{[]string{"", "", "", ""}, "en"},
		{[]string{"", "C", "", "pl_PL.UTF-8"}, "pl"},
	} {
		if got := systemLanguage(c.vars); got != c.want {
			t.Errorf("%q: %q, want %q", c.vars, got, c.want)
		}
	}
}

// TestWindowFollowsTheSystemLanguage: with no language chosen, the window speaks LANG's, and
// writes its dates and amounts as that language does.
func TestWindowFollowsTheSystemLanguage(t *testing.T) {
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	t.Setenv("LANG", "fr_FR.UTF-8")
	t.Cleanup(func() { UseLanguage("en") })
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil { // Fyne reads the system again
		t.Fatal(err)
	}
	if got := uiLanguage(); got != "fr" {
		t.Fatalf("LANG=fr_FR.UTF-8: the window speaks %q", got)
	}
	if got, want := lang.L("Timesheets"), "Feuilles de temps"; got != want {
		t.Errorf("Timesheets: %q, want %q", got, want)
	}
	d, _ := data.ParseDate("2020-11-01")
	if got, want := formatDate(d), "1 novembre 2020"; got != want {
		t.Errorf("date: %q, want %q", got, want)
	}
	if got, want := formatEuro(1200000), "12\u00a0000,00 €"; got != want {
		t.Errorf("amount: %q, want %q", got, want)
	}
}

// TestDatesAndAmountsInEachLanguage: the window's dates, months and amounts as each language writes them.
func TestDatesAndAmountsInEachLanguage(t *testing.T) {
	d, _ := data.ParseDate("2020-11-01")
	m := d.Month()
	for _, c := range []struct{ code, date, month, euro string }{
		{"en", "1 November 2020", "November 2020", "12,000.00 €"},
		{"de", "1. November 2020", "November 2020", "12.000,00 €"},
		{"fr", "1 novembre 2020", "Novembre 2020", "12\u00a0000,00 €"},
		{"es", "1 de noviembre de 2020", "noviembre de 2020", "12.000,00 €"},
		{"it", "1 novembre 2020", "Novembre 2020", "12.000,00 €"},
		{"pl", "1 listopada 2020", "Listopad 2020", "12\u00a0000,00 €"},
		{"el", "1 Νοεμβρίου 2020", "Νοέμβριος 2020", "12.000,00 €"},
		{"bg", "1 ноември 2020 г.", "ноември 2020 г.", "12\u00a0000,00 €"},
		{"pt", "1 de novembro de 2020", "novembro de 2020", "12\u00a0000,00 €"},
	} {
		t.Run(c.code, func(t *testing.T) {
			useLanguage(t, c.code)
			if got := formatDate(d); got != c.date {
				t.Errorf("date %q, want %q", got, c.date)
			}
			if got := formatMonth(m); got != c.month {
				t.Errorf("month %q, want %q", got, c.month)
			}
			if got := formatEuro(1200000); got != c.euro {
				t.Errorf("amount %q, want %q", got, c.euro)
			}
			if back, err := parseEuro(c.euro); err != nil || back != 1200000 {
				t.Errorf("parseEuro(%q) = %d, %v", c.euro, back, err)
			}
			if got := plural("%d months", 24); c.code == "pl" && got != "24 miesiące" {
				t.Errorf("24 months: %q", got)
			}
			if got := plural("%d months", 5); c.code == "pl" && got != "5 miesięcy" {
				t.Errorf("5 months: %q", got)
			}
		})
	}
}

// TestRefusalsReachTheWindowInItsLanguage: what data refuses is shown in the window's language:
// hours past a day in the German month grid, a 2021–2027 project without a lump sum in the
// French new-project form.
func TestRefusalsReachTheWindowInItsLanguage(t *testing.T) {
	t.Run("de", func(t *testing.T) {
		useLanguage(t, "de")
		_, w, _, v := openMonth(t, "Lukas Hofer (VHS, Lehrkraft / Trainer)", "2020-06")
		c := w.Canvas()
		c.Focus(v.Grid.Cell(2, 0))
		typeKeys(c, "25")
		press(w, fyne.KeyReturn)
		if want := `Stunden "25": 25 h sind mehr als ein Tag`; !strings.Contains(v.Grid.Problem.Text, want) {
			t.Errorf("German grid: %q, want %q", v.Grid.Problem.Text, want)
		}
	})
	t.Run("fr", func(t *testing.T) {
		useLanguage(t, "fr")
		_, _, m := emptyWindow(t)
		m.ShowNewProject()
		f := m.NewProject
		for e, s := range map[*widget.Entry]string{f.Number: "2021-1-DE02-KA220-ADU-000029489", f.Acronym: "SKILLBRIDGE",
			f.Title: "Bridging skills", f.Start: "2021-11-01", f.End: "2023-10-31", f.CoordName: "Fundacja Zielona Łódź",
			f.CoordShort: "FZL", f.CoordCountry: "pl", f.CoordOID: "E10012345"} {
			typeInto(e, s)
		}
		test.Tap(f.Create)
		if e := f.Form.Field("lump_sum").Error; !strings.Contains(e.Text, "Montant forfaitaire: est manquant (un projet 2021–2027 est financé par un montant forfaitaire)") {
			t.Errorf("French form: %q", e.Text)
		}
	})
}

// weekendKeys are the checks weekendKey returns whole.
var weekendKeys = map[string]bool{"work on a Saturday": true, "work on a Sunday": true}
