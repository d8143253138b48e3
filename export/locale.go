package export

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// The second language's dates and numbers: a label's values are written once in English form (ISO dates,
// 12,345.67), and the second-language line gives them as its readers write them ("1. November 2020",
// "12.000,00" in German; "1 listopada 2020", "12 000,00" in Polish).

// dateFormats place day, month (its in-date form, labels month.of.N) and year per language.
var dateFormats = map[string]string{
	"de": "{d}. {month} {y}", "fr": "{d} {month} {y}", "es": "{d} de {month} de {y}", "it": "{d} {month} {y}",
	"pl": "{d} {month} {y}", "el": "{d} {month} {y}", "bg": "{d} {month} {y} г.", "pt": "{d} de {month} de {y}",
}

var (
	isoDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	plainFigure = regexp.MustCompile(`^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$`)
)

// localValue is a label's value as the second language writes it: a date or a figure in its own form,
// anything else unchanged.
func (l lang) localValue(v string) string {
	if l.code == "" {
		return v
	}
	if isoDate.MatchString(v) {
		if t, err := time.Parse("2006-01-02", v); err == nil {
			return l.localDate(t)
		}
		return v
	}
	if plainFigure.MatchString(v) {
		return l.localFigure(v)
	}
	return v
}

// localDate writes a day in the second language ("1. November 2020").
func (l lang) localDate(t time.Time) string {
	format, ok := dateFormats[l.code]
	month, has := l.loc["month.of."+strconv.Itoa(int(t.Month()))]
	if !ok || !has {
		return t.Format("2006-01-02")
	}
	return fill(format, "d", strconv.Itoa(t.Day()), "month", month, "y", strconv.Itoa(t.Year()))
}

// localFigure writes an English-form figure (12,345.67, 7.5, 3) with the second language's marks and the
// same number of decimals.
func (l lang) localFigure(v string) string {
	plain := strings.ReplaceAll(v, ",", "")
	decimals := 0
	if i := strings.IndexByte(plain, '.'); i >= 0 {
		decimals = len(plain) - i - 1
	}
	x, err := strconv.ParseFloat(plain, 64)
	if err != nil {
		return v
	}
	tag := l.code
	if tag == "pt" {
		tag = "pt-PT" // the programme's Portuguese partners write European Portuguese: 12 000,00
	}
	p := message.NewPrinter(language.Make(tag))
	return p.Sprint(number.Decimal(x, number.MinFractionDigits(decimals), number.MaxFractionDigits(decimals)))
}
