package data

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Cents is an amount of money in euro cents; money is never a float inside.
type Cents int64

// Euro formats the amount as euro with two decimals, e.g. "1234.50".
func (c Cents) Euro() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// Grouped formats the amount as the documents print it, in the English form: "12,345.67".
func (c Cents) Grouped() string {
	s := c.Euro()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + "." + frac
}

// MarshalJSON writes the amount as a JSON number in euro with at most two decimals.
func (c Cents) MarshalJSON() ([]byte, error) {
	s := c.Euro()
	s = strings.TrimSuffix(s, ".00")
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(s, "0")
	}
	return []byte(s), nil
}

// UnmarshalJSON reads a JSON number in euro with at most two decimals.
func (c *Cents) UnmarshalJSON(b []byte) error {
	v, err := parseFixed2(string(b))
	if err != nil {
		return fmt.Errorf("amount %s: %w", b, err)
	}
	*c = Cents(v)
	return nil
}

// EuroToCents converts whole euro to cents.
func EuroToCents(e int64) Cents { return Cents(e * 100) }

// parseFixed2 parses a decimal number with at most two decimals into hundredths, exactly.
func parseFixed2(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return 0, fmt.Errorf("is empty")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, fmt.Errorf("is not a number")
		}
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || !digits(whole) || (frac != "" && !digits(frac)) {
		return 0, fmt.Errorf("is not a number")
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 2 {
		return 0, fmt.Errorf("has more than two decimals")
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/1000 {
		return 0, fmt.Errorf("is too large")
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := w*100 + f
	if neg {
		v = -v
	}
	return v, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Seconds is a duration of work in whole seconds: exact for every typed value (0.01 h = 36 s, 1 min = 60 s),
// so hours are never stored as floats and never rounded when stored.
type Seconds int64

// HoursToSeconds converts hours given in hundredths to seconds, exactly.
func HoursToSeconds(hundredths int64) Seconds { return Seconds(hundredths * 36) }

// Hours returns the duration as hours (exact up to float precision; for display and spreadsheets).
func (s Seconds) Hours() float64 { return float64(s) / 3600 }

// String formats the duration as typed: hours with up to two decimals ("7.5", "1.01") when that is exact,
// else hours and minutes ("6:20"), else hours, minutes and seconds.
func (s Seconds) String() string {
	sign := ""
	if s < 0 {
		sign, s = "-", -s
	}
	switch {
	case s%36 == 0:
		h := int64(s) / 36
		t := fmt.Sprintf("%d.%02d", h/100, h%100)
		return sign + strings.TrimSuffix(strings.TrimRight(t, "0"), ".")
	case s%60 == 0:
		return fmt.Sprintf("%s%d:%02d", sign, s/3600, s%3600/60)
	}
	return fmt.Sprintf("%s%d:%02d:%02d", sign, s/3600, s%3600/60, s%60)
}

// Column formats the duration for a column of figures: two decimals ("6.50", "1.01") when that is exact,
// else as String ("6:20"), so no typed value is ever rounded on paper.
func (s Seconds) Column() string {
	if s%36 != 0 {
		return s.String()
	}
	h := int64(s) / 36
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	return fmt.Sprintf("%s%d.%02d", sign, h/100, h%100)
}

// Decimal formats the duration as decimal hours with the fewest decimals (2 to 6) that read back
// to the same second, e.g. "6.5", "1.01", "6.3333" for 6:20: what JSON and spreadsheets carry.
func (s Seconds) Decimal() string {
	if s%36 == 0 {
		return s.String()
	}
	for dec := 3; dec <= 6; dec++ {
		t := strconv.FormatFloat(float64(s)/3600, 'f', dec, 64)
		if back, err := parseHoursDecimal(t); err == nil && back == s {
			return strings.TrimRight(t, "0")
		}
	}
	return strconv.FormatFloat(float64(s)/3600, 'f', 6, 64)
}

// MarshalJSON writes the duration as decimal hours that read back to the same second.
func (s Seconds) MarshalJSON() ([]byte, error) { return []byte(s.Decimal()), nil }

// hashText is the duration in an approval's entry hash: whole minutes as before seconds were kept
// (so approvals sealed by earlier versions stay valid), anything finer in seconds.
func (s Seconds) hashText() string {
	if s%60 == 0 {
		return strconv.FormatInt(int64(s)/60, 10)
	}
	return strconv.FormatInt(int64(s), 10) + "s"
}

// maxParsedHours bounds hours before any conversion, so no value wraps to a small one.
// It is far above a day on purpose: validation then names the record ("26 h is more than a day").
const maxParsedHours = 1000

// parseHoursValue reads hours with at most two decimals into hundredths, refusing negative and absurd values.
func parseHoursValue(s string) (int64, error) {
	v, err := parseFixed2(s)
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, fmt.Errorf("is negative")
	}
	if v > maxParsedHours*100 {
		return 0, fmt.Errorf("is more than a day")
	}
	return v, nil
}

// parseHoursDecimal reads decimal hours with any number of decimals (as JSON from another writer may carry:
// "6.3333" for 6:20) to the nearest second, exactly for up to two decimals.
func parseHoursDecimal(t string) (Seconds, error) {
	if v, err := parseHoursValue(t); err == nil {
		return HoursToSeconds(v), nil
	} else if !strings.Contains(err.Error(), "more than two decimals") {
		return 0, err
	}
	whole, frac, _ := strings.Cut(strings.TrimSpace(t), ".")
	if strings.HasPrefix(whole, "-") {
		return 0, fmt.Errorf("is negative")
	}
	if len(frac) > 12 {
		frac = frac[:12]
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > maxParsedHours {
		return 0, fmt.Errorf("is more than a day")
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	scale := int64(1)
	for range frac {
		scale *= 10
	}
	// seconds = (w + f/scale) × 3600, rounded half away from zero to the second
	return Seconds(w*3600 + divRound(f*3600, scale)), nil
}

// UnmarshalJSON reads decimal hours.
func (s *Seconds) UnmarshalJSON(b []byte) error {
	v, err := parseHoursDecimal(string(b))
	if err != nil {
		return fmt.Errorf("hours %s %w", truncate(string(b), 40), err)
	}
	if v > maxParsedHours*3600 {
		return fmt.Errorf("hours %s is more than a day", truncate(string(b), 40))
	}
	*s = v
	return nil
}

// ParseHours reads hours typed by a person ("6.5", "6,5", "7:30"), exactly.
func ParseHours(s string) (Seconds, error) {
	s = strings.TrimSpace(s)
	if h, mm, ok := strings.Cut(s, ":"); ok {
		hv, err1 := strconv.Atoi(h)
		mv, err2 := strconv.Atoi(mm)
		if err1 != nil || err2 != nil || hv < 0 || mv < 0 || mv > 59 || len(mm) != 2 || !digits(h) {
			return 0, fmt.Errorf("hours %q: write hours as 6.5 or 6:30", truncate(s, 40))
		}
		if hv > maxParsedHours || hv*60+mv > maxParsedHours*60 {
			return 0, fmt.Errorf("hours %q is more than a day", truncate(s, 40))
		}
		return Seconds((hv*60 + mv) * 60), nil
	}
	v, err := parseHoursValue(strings.Replace(s, ",", ".", 1))
	if err != nil {
		return 0, fmt.Errorf("hours %q %v", truncate(s, 40), err)
	}
	return HoursToSeconds(v), nil
}

// divRound divides a by b (b > 0), rounding half away from zero.
func divRound(a, b int64) int64 {
	if a >= 0 {
		return (a + b/2) / b
	}
	return -((-a + b/2) / b)
}

// Date is a calendar day (no time, no zone), written YYYY-MM-DD.
type Date struct{ t time.Time }

// NewDate returns the calendar day y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// ParseDate reads YYYY-MM-DD and refuses days that do not exist (2020-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", truncate(s, 40))
	}
	if t.Year() < MinYear { // 0001-01-01 too, which would otherwise read as "no date"
		return Date{}, fmt.Errorf("%s is before %d: Partnerdesk keeps records from %d on", s, MinYear, MinYear)
	}
	return Date{t}, nil
}

// MinYear is the first year a record may be dated: no Erasmus+ record is older, and index keys count days from 1970.
const MinYear = 1990

// check refuses a date before MinYear.
func (d Date) check() error {
	if !d.IsZero() && d.t.Year() < MinYear {
		return fmt.Errorf("%s is before %d: Partnerdesk keeps records from %d on", d, MinYear, MinYear)
	}
	return nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns the day at 00:00 UTC.
func (d Date) Time() time.Time { return d.t }

// String formats the date as YYYY-MM-DD ("" when unset).
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// Month returns the month the date is in.
func (d Date) Month() Month { return Month{d.t.Year(), d.t.Month()} }

// DayNumber counts days since 1970-01-01, for compact index keys.
func (d Date) DayNumber() uint32 { return uint32(d.t.Unix() / 86400) }

// dateFromDayNumber is the inverse of DayNumber.
func dateFromDayNumber(n uint32) Date { return Date{time.Unix(int64(n)*86400, 0).UTC()} }

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD"; an empty string is the zero date.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%s is not a date (YYYY-MM-DD)", b)
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Month is a calendar month, written YYYY-MM.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("%q is not a month (YYYY-MM)", truncate(s, 40))
	}
	if t.Year() < MinYear {
		return Month{}, fmt.Errorf("%s is before %d: Partnerdesk keeps records from %d on", s, MinYear, MinYear)
	}
	return Month{t.Year(), t.Month()}, nil
}

// String formats the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// First returns the first day of the month.
func (m Month) First() Date { return NewDate(m.Year, m.Month, 1) }

// Last returns the last day of the month.
func (m Month) Last() Date { return NewDate(m.Year, m.Month+1, 0) }

// Next returns the following month.
func (m Month) Next() Month { return m.First().AddDays(32).Month() }

// DurationMonths is the length of the period start..end (both included) in months,
// a started month counting whole: 2019-09-01..2022-02-28 is 30, 2019-09-15..2020-09-14 is 12.
func DurationMonths(start, end Date) int {
	if start.IsZero() || end.Before(start) {
		return 0
	}
	after := end.AddDays(1).t
	n := (after.Year()-start.t.Year())*12 + int(after.Month()) - int(start.t.Month())
	if after.Day() < start.t.Day() {
		n--
	}
	if start.t.AddDate(0, n, 0).Before(after) {
		n++
	}
	return n
}
