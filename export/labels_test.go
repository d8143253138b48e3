package export

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"partnerdesk/data"
)

// TestLabelFilesComplete: every language has every English key, no more, none empty, with the same placeholders.
func TestLabelFilesComplete(t *testing.T) {
	en := catalog["en"]
	ph := regexp.MustCompile(`\{\w+\}`)
	placeholders := func(s string) string {
		list := ph.FindAllString(s, -1)
		sort.Strings(list)
		return strings.Join(list, ",")
	}
	for _, code := range languages {
		m, ok := catalog[code]
		if !ok {
			t.Fatalf("labels/%s.json is missing", code)
		}
		for k, v := range en {
			tr, ok := m[k]
			switch {
			case !ok:
				t.Errorf("labels/%s.json: missing translation of %q (%q)", code, k, v)
			case strings.TrimSpace(tr) == "":
				t.Errorf("labels/%s.json: %q is empty", code, k)
			case placeholders(tr) != placeholders(v):
				t.Errorf("labels/%s.json: %q has placeholders %s, English %s", code, k, placeholders(tr), placeholders(v))
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				t.Errorf("labels/%s.json: %q is not an English key", code, k)
			}
		}
	}
	// A semicolon is the question mark in Greek.
	for k, v := range catalog["el"] {
		if strings.Contains(v, ";") {
			t.Errorf("labels/el.json: %q has a semicolon, which reads as a question mark", k)
		}
	}
}

// TestLabelKeysInCode: every key the code names, literally or by a prefix and a known value, exists.
func TestLabelKeysInCode(t *testing.T) {
	en := catalog["en"]
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`"((?:funding|page|month|wd|category|f|rate|status|ts|check|sign|out|kind|col|row|bud|note|role|att|cert|n)\.[a-z0-9_.]*[a-z0-9_])"`)
	found := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			found++
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s uses the label %q, which labels/en.json lacks", name, m[1])
			}
		}
	}
	if found < 100 {
		t.Errorf("only %d label keys found in the code: has the naming changed?", found)
	}
	var dynamic []string
	for i := 1; i <= 12; i++ {
		dynamic = append(dynamic, "month."+strconv.Itoa(i))
	}
	for i := 0; i < 7; i++ {
		dynamic = append(dynamic, "wd."+strconv.Itoa(i))
	}
	for _, c := range data.StaffCategories {
		dynamic = append(dynamic, "category."+c, "category.short."+c)
	}
	for _, k := range []string{data.OutputIntellectual, data.OutputWorkPackage, data.OutputResult, data.EventMeeting, data.EventMultiplier, data.EventLearning} {
		dynamic = append(dynamic, "kind."+k)
	}
	for _, k := range []string{data.OutputIntellectual, data.OutputWorkPackage, data.OutputResult} {
		dynamic = append(dynamic, "out.title."+k)
	}
	for _, c := range []string{data.BudgetManagement, data.BudgetOutputs, data.BudgetMeetings, data.BudgetMultiplier, data.BudgetLearning, data.BudgetWorkPackage} {
		dynamic = append(dynamic, "bud.cat."+c)
		if c != data.BudgetWorkPackage {
			dynamic = append(dynamic, "bud.short."+c)
		}
	}
	dynamic = append(dynamic, "role."+data.RoleStaff, "role."+data.RoleLearner)
	for _, k := range dynamic {
		if _, ok := en[k]; !ok {
			t.Errorf("labels/en.json lacks %q", k)
		}
	}
}

// TestEveryLanguageRenders: each document in each language, with no label left as [key].
func TestEveryLanguageRenders(t *testing.T) {
	country := map[string]string{"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pl": "PL", "el": "EL", "bg": "BG", "pt": "PT", "en": "IE"}
	missing := regexp.MustCompile(`\[[a-z]+\.[a-z0-9_.]+\]`)
	for code, c := range country {
		t.Run(code, func(t *testing.T) {
			if got := languageOf(c); got != code && !(code == "en" && got == "") {
				t.Fatalf("languageOf(%s) = %q", c, got)
			}
			f := greenskills(t)
			for i := range f.doc.Partners {
				f.doc.Partners[i].Country = c
			}
			b := f.budget(t)
			s := f.sheet(t, "Lukas Hofer", "2019-10")
			s.Partner.Country = c
			s.ChangedAfterApproval, s.State, s.ApprovedBy = true, data.StateApproved, "Johanna Größinger"
			s.Approval = &data.Approval{State: data.StateApproved}
			s.Checks = append(s.Checks, data.Check{Date: s.Month.First(), Level: data.LevelWarning, Reason: "test"})
			var text strings.Builder
			for _, fn := range []func(io.Writer) error{
				func(w io.Writer) error { return Timesheet(w, s) },
				func(w io.Writer) error { return OutputReport(w, f.doc, b, f.work(t), "O1") },
				func(w io.Writer) error { return OutputReport(w, f.doc, b, f.work(t), "O2") },
				func(w io.Writer) error { return BudgetReport(w, f.doc, b) },
				func(w io.Writer) error { return AttendanceList(w, f.doc, "M1") },
				func(w io.Writer) error { return Certificates(w, f.doc, "C1") },
			} {
				text.WriteString(textOf(t, render(t, fn)))
			}
			if m := missing.FindString(text.String()); m != "" {
				t.Errorf("a label is missing: %s", m)
			}
			if code != "en" && !strings.Contains(text.String(), fill(catalog[code]["page.of"], "n", "1", "total", "1")) {
				t.Errorf("the footer lacks %q", catalog[code]["page.of"])
			}
		})
	}
}

func TestLanguageOfCountries(t *testing.T) {
	for c, want := range map[string]string{
		"AT": "de", "DE": "de", "FR": "fr", "LU": "fr", "ES": "es", "IT": "it", "PL": "pl",
		"EL": "el", "GR": "el", "CY": "el", "BG": "bg", "PT": "pt", "BE": "", "DK": "", "IE": "", "": "", "pl": "pl",
	} {
		if got := languageOf(c); got != want {
			t.Errorf("languageOf(%q) = %q, want %q", c, got, want)
		}
	}
}
