package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"
	xmessage "golang.org/x/text/message"
	"golang.org/x/text/number"

	"partnerdesk/data"
)

// uiLanguage is the code of the translation the window speaks ("en", "de", …): each translation
// names itself, so this is whatever Fyne picked from the system or the settings.
func uiLanguage() string { return lang.X("locale.code", "en") }

// printer formats numbers as the window's language writes them (x/text's CLDR data):
// 12,000.00 in English, 12.000,00 in German, 12 000,00 in French and Polish.
func printer() *xmessage.Printer {
	code := uiLanguage()
	if code == "pt" {
		code = "pt-PT" // the European Portuguese marks, not Brazil's
	}
	return xmessage.NewPrinter(language.Make(code))
}

// formatNumber writes x with exactly decimals digits after the language's decimal mark.
func formatNumber(x float64, decimals int) string {
	return printer().Sprint(number.Decimal(x, number.MinFractionDigits(decimals), number.MaxFractionDigits(decimals)))
}

// formatHours writes hours with at most two decimals: 7.5 in English, 7,5 in German.
func formatHours(h float64) string {
	return printer().Sprint(number.Decimal(h, number.MaxFractionDigits(2)))
}

// separators are the window's language's thousands and decimal marks.
func separators() (thousands, decimal string) {
	s := formatNumber(1234.5, 1) // "1,234.5", "1.234,5", "1 234,5"
	r := []rune(s)
	if len(r) != 7 {
		return ",", "."
	}
	return string(r[1]), string(r[5])
}

// months are the month names per language: standalone (a timesheet's "November 2020") and as
// a date says them (Polish "1 listopada 2020", Greek "1 Νοεμβρίου 2020"); x/text has no CLDR dates.
var months = map[string][2][12]string{
	"en": {{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}},
	"de": {{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}},
	"fr": {{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}},
	"es": {{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}},
	"it": {{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}},
	"pt": {{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"}},
	"bg": {{"януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври", "ноември", "декември"}},
	"pl": {
		{"styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień"},
		{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"},
	},
	"el": {
		{"Ιανουάριος", "Φεβρουάριος", "Μάρτιος", "Απρίλιος", "Μάιος", "Ιούνιος", "Ιούλιος", "Αύγουστος", "Σεπτέμβριος", "Οκτώβριος", "Νοέμβριος", "Δεκέμβριος"},
		{"Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"},
	},
}

// monthName is month m (1–12) standalone, or as a date says it when inDate.
func monthName(code string, m time.Month, inDate bool) string {
	t, ok := months[code]
	if !ok {
		t = months["en"]
	}
	if inDate && t[1][0] != "" {
		return t[1][m-1]
	}
	return t[0][m-1]
}

// formatDate writes a date as the window's language does: 1 November 2020, 1. November 2020,
// 1 listopada 2020, 1 de noviembre de 2020, 1 ноември 2020 г.
func formatDate(d data.Date) string {
	if d.IsZero() {
		return ""
	}
	return dateIn(uiLanguage(), d.Time())
}

func dateIn(code string, t time.Time) string {
	day, mon, year := t.Day(), monthName(code, t.Month(), true), t.Year()
	switch code {
	case "de":
		return fmt.Sprintf("%d. %s %d", day, mon, year)
	case "es", "pt":
		return fmt.Sprintf("%d de %s de %d", day, mon, year)
	case "bg":
		return fmt.Sprintf("%d %s %d г.", day, mon, year)
	}
	return fmt.Sprintf("%d %s %d", day, mon, year)
}

// formatMonth writes a month: November 2020, listopad 2020, noviembre de 2020.
func formatMonth(m data.Month) string {
	code := uiLanguage()
	name := monthName(code, m.Month, false)
	switch code {
	case "es", "pt":
		return fmt.Sprintf("%s de %d", name, m.Year)
	case "bg":
		return fmt.Sprintf("%s %d г.", name, m.Year)
	}
	if code == "en" || code == "de" || code == "el" {
		return fmt.Sprintf("%s %d", name, m.Year)
	}
	return fmt.Sprintf("%s %d", upperFirst(name), m.Year) // a heading: capitalised
}

// formatTime writes a moment (a backup's) as a date and the 24-hour time.
func formatTime(t time.Time) string {
	return dateIn(uiLanguage(), t) + " " + t.Format("15:04")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
