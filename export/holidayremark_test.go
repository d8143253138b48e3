package export

import (
	"testing"

	"partnerdesk/data"
)

// On a bilingual sheet the holiday is named in both languages; on an
// English-only sheet in English.
func TestHolidayRemarkInBothLanguages(t *testing.T) {
	day := data.SheetDay{Date: data.NewDate(2020, 6, 11), Holiday: "Corpus Christi"}
	munich := &data.MonthSheet{Partner: data.Partner{Country: "DE", Region: "DE-BY"}}
	if got := holidayRemark(newLang(languageOf("DE")), munich, day); got != "Corpus Christi / Fronleichnam" {
		t.Errorf("German sheet: %q", got)
	}
	if got := holidayRemark(newLang(""), munich, day); got != "Corpus Christi" {
		t.Errorf("English sheet: %q", got)
	}
	athens := &data.MonthSheet{Partner: data.Partner{Country: "EL"}}
	day = data.SheetDay{Date: data.NewDate(2024, 5, 7), Holiday: "Labour Day"}
	if got := holidayRemark(newLang(languageOf("EL")), athens, day); got != "Labour Day / Εργατική Πρωτομαγιά" {
		t.Errorf("Greek sheet: %q", got)
	}
	uk := &data.MonthSheet{Partner: data.Partner{Country: "UK"}}
	day = data.SheetDay{Date: data.NewDate(2020, 12, 25), Holiday: "Christmas Day"}
	if got := holidayRemark(newLang(languageOf("UK")), uk, day); got != "Christmas Day" {
		t.Errorf("UK sheet: %q", got)
	}
}
