package data

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Check levels: an error makes the sheet wrong, a warning is what a supervisor will ask about.
const (
	LevelError   = "error"
	LevelWarning = "warning"
)

// Month states of a timesheet; draft is the state before any approval record.
const StateDraft = "draft"

// Check is a problem found on a day of a timesheet, with its reason.
type Check struct {
	Date   Date
	Level  string
	Reason string
	// Key and Args are Reason as a message key (the English format) and its values, for the window's language.
	Key  string
	Args []any
}

// newCheck is a check whose reason is the English format key filled with args.
func newCheck(d Date, level, key string, args ...any) Check {
	if key == "%s" && len(args) == 1 { // a whole sentence chosen by the caller (weekendKey): the sentence is the key
		if s, ok := args[0].(string); ok {
			return Check{Date: d, Level: level, Reason: s, Key: s}
		}
	}
	return Check{Date: d, Level: level, Reason: fmt.Sprintf(key, args...), Key: key, Args: args}
}

func (c Check) String() string { return fmt.Sprintf("%s %s: %s", c.Date, c.Level, c.Reason) }

// SheetDay is one row of a month sheet.
type SheetDay struct {
	Date    Date
	Weekend bool
	Holiday string    // the public holiday's name in the organisation's country, or ""
	Hours   []Seconds // per column of MonthSheet.Outputs
	Total   Seconds
	Notes   []string
}

// MonthSheet is a person's month in their staff category: days × outputs, totals, state and checks.
type MonthSheet struct {
	Project    Project
	Partner    Partner
	Person     Person
	Category   string
	Month      Month
	Outputs    []Output // the grid's columns: outputs with hours this month, by code
	Days       []SheetDay
	OutputSums []Seconds // per column
	Total      Seconds
	WorkingDay Seconds
	DayRate    Cents // the organisation's rate for the category; 0 and RateKnown false when none
	RateKnown  bool
	Entries    []Entry

	State                string    // draft, submitted, approved or reopened
	Approval             *Approval // the latest approval record of the month, nil in draft
	ApprovedBy           string    // the approver's name, when approved
	ChangedAfterApproval bool      // the entries no longer match the approved hash
	Checks               []Check
}

// DaysOf converts work to working days of the organisation (hundredths, rounded once: FORMAT.md's rule).
func (m *MonthSheet) DaysOf(s Seconds) Days { return secondsToDays(s, m.WorkingDay) }

// OutputDays are the printed days of each output column.
func (m *MonthSheet) OutputDays() []Days { return DaysOfSums(m.OutputSums, m.WorkingDay) }

// TotalDays is the sheet's days: the sum of its printed per-output days, so the sheet adds up on paper.
func (m *MonthSheet) TotalDays() Days {
	var t Days
	for _, d := range m.OutputDays() {
		t += d
	}
	return t
}

// Amount is the sheet's value at the day rate: its printed days × the rate, rounded to the cent.
func (m *MonthSheet) Amount() Cents { return DaysTimesRate(m.TotalDays(), m.DayRate) }

// Errors counts the error-level checks.
func (m *MonthSheet) Errors() int {
	n := 0
	for _, c := range m.Checks {
		if c.Level == LevelError {
			n++
		}
	}
	return n
}

// EntriesHash is the SHA-256 an approval seals: every live entry of the person-month, in ID order.
func EntriesHash(entries []Entry) string {
	list := make([]Entry, 0, len(entries))
	for _, e := range entries {
		if !e.Deleted {
			list = append(list, e)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	h := sha256.New()
	for _, e := range list {
		fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s\n", e.ID, e.Person, e.Date, e.Output, e.Hours.hashText(), e.Note)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LatestApproval picks the approval record in force for a person-month: the latest by time, then revision.
func LatestApproval(approvals []Approval, personID string, m Month) *Approval {
	var best *Approval
	for i := range approvals {
		a := &approvals[i]
		if a.Deleted || a.Person != personID || a.Month != m.String() {
			continue
		}
		if best == nil || a.At.After(best.At) || (a.At.Equal(best.At) && a.ID > best.ID) {
			best = a
		}
	}
	return best
}

// MonthSheet builds a person's month: the grid, totals, approval state and the checks of DESIGN.md.
func (s *Store) MonthSheet(projectID, personID string, m Month) (*MonthSheet, error) {
	sheets, err := s.MonthSheets(projectID, []SheetKey{{personID, m}})
	if err != nil {
		return nil, err
	}
	return sheets[0], nil
}

// MonthSheets builds many month sheets of a project, reading its records once.
func (s *Store) MonthSheets(projectID string, keys []SheetKey) ([]*MonthSheet, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]*MonthSheet, 0, len(keys))
	for _, k := range keys {
		person := doc.PersonByID(k.Person)
		if person == nil {
			return nil, &NotFoundError{What: "person", Ref: k.Person, Hint: "in project " + doc.Project.Acronym}
		}
		entries, err := s.Entries(projectID, EntryFilter{Person: k.Person, Month: k.Month})
		if err != nil {
			return nil, err
		}
		sheet := buildSheet(doc, person, k.Month, entries)
		if err := s.checkLongDays(sheet); err != nil {
			return nil, err
		}
		out = append(out, sheet)
	}
	return out, nil
}

// checkLongDays warns of days longer than the working day across every project in the store.
func (s *Store) checkLongDays(sheet *MonthSheet) error {
	if sheet.Total == 0 {
		return nil
	}
	all, err := s.monthAcrossProjects(sheet.Person, sheet.Month)
	if err != nil {
		return err
	}
	for _, d := range sheet.Days {
		t := all[d.Date.DayNumber()]
		switch {
		case d.Total == 0: // other projects only: not this sheet's concern
		case t > 24*3600:
			if t != d.Total { // the same-project case is already an error of its own
				sheet.Checks = append(sheet.Checks, newCheck(d.Date, LevelError, "%s h across all projects, more than 24 h", t))
			}
		case t > sheet.WorkingDay:
			sheet.Checks = append(sheet.Checks, newCheck(d.Date, LevelWarning,
				"%s h across all projects, more than the working day of %s h", t, sheet.WorkingDay))
		}
	}
	sortChecks(sheet.Checks)
	return nil
}

// buildSheet lays out the grid from plain values; the store adds the checks across projects.
func buildSheet(doc *Document, person *Person, m Month, entries []Entry) *MonthSheet {
	sheet := &MonthSheet{Project: *doc.Project, Person: *person, Category: person.Category, Month: m, Entries: entries}
	if p := doc.PartnerByID(person.Partner); p != nil {
		sheet.Partner = *p
	}
	sheet.WorkingDay = sheet.Partner.Day()
	if rules, err := RulesByName(doc.Project.Rules); err == nil {
		sheet.DayRate, _, sheet.RateKnown = rules.DayRate(sheet.Partner, person.Category)
	}
	col := map[string]int{}
	for _, e := range entries {
		if _, ok := col[e.Output]; !ok {
			if o := doc.OutputByID(e.Output); o != nil {
				col[e.Output] = -1
				sheet.Outputs = append(sheet.Outputs, *o)
			}
		}
	}
	sort.Slice(sheet.Outputs, func(i, j int) bool { return codeLess(sheet.Outputs[i].Code, sheet.Outputs[j].Code) })
	for i, o := range sheet.Outputs {
		col[o.ID] = i
	}
	sheet.OutputSums = make([]Seconds, len(sheet.Outputs))
	for d := m.First(); !d.After(m.Last()); d = d.AddDays(1) {
		day := SheetDay{Date: d, Hours: make([]Seconds, len(sheet.Outputs))}
		wd := d.Weekday()
		day.Weekend = wd == time.Saturday || wd == time.Sunday
		if h, ok := sheet.Partner.Holiday(d); ok { // the country's and the region's
			day.Holiday = h.Name
		}
		sheet.Days = append(sheet.Days, day)
	}
	for _, e := range entries {
		day := &sheet.Days[e.Date.Time().Day()-1]
		if c, ok := col[e.Output]; ok {
			day.Hours[c] += e.Hours
			sheet.OutputSums[c] += e.Hours
		}
		day.Total += e.Hours
		sheet.Total += e.Hours
		if e.Note != "" {
			day.Notes = append(day.Notes, e.Note)
		}
	}
	p := doc.Project
	for _, d := range sheet.Days {
		if d.Total == 0 {
			continue
		}
		if d.Total > 24*3600 {
			sheet.Checks = append(sheet.Checks, newCheck(d.Date, LevelError, "%s h is more than a day", d.Total))
		}
		if d.Weekend {
			sheet.Checks = append(sheet.Checks, newCheck(d.Date, LevelWarning, "%s", weekendKey(d.Date)))
		}
		if d.Holiday != "" {
			sheet.Checks = append(sheet.Checks, newCheck(d.Date, LevelWarning, "work on a public holiday (%s)", d.Holiday))
		}
		if d.Date.Before(p.Start) || d.Date.After(p.End) {
			sheet.Checks = append(sheet.Checks, newCheck(d.Date, LevelError, "outside the project period %s – %s", p.Start, p.End))
		}
	}
	for _, e := range entries {
		for _, o := range sheet.Outputs {
			if o.ID == e.Output && ((!o.Start.IsZero() && e.Date.Before(o.Start)) || (!o.End.IsZero() && e.Date.After(o.End))) {
				sheet.Checks = append(sheet.Checks, newCheck(e.Date, LevelError, "%s is outside %s's period %s – %s", e.Date, o.Code, o.Start, o.End))
			}
		}
	}
	sheet.State = StateDraft
	if a := LatestApproval(doc.Approvals, person.ID, m); a != nil {
		sheet.Approval = a
		sheet.State = a.State
		if a.State == StateApproved {
			if by := doc.PersonByID(a.By); by != nil {
				sheet.ApprovedBy = by.Name
			}
			sheet.ChangedAfterApproval = a.EntriesSHA256 != EntriesHash(entries)
			if sheet.ChangedAfterApproval {
				sheet.Checks = append(sheet.Checks, newCheck(m.First(), LevelError,
					"changed after approval by %s on %s", quoteOr(sheet.ApprovedBy, a.By), a.At.Format("2006-01-02")))
			}
		}
	}
	sortChecks(sheet.Checks)
	return sheet
}

func sortChecks(c []Check) {
	sort.SliceStable(c, func(i, j int) bool { return c[i].Date.Before(c[j].Date) })
}

// SheetKey names one timesheet: a person (and so a staff category) in a month.
type SheetKey struct {
	Person string
	Month  Month
}

// SheetsWithWork lists the person-months of a project that hold entries, from..to inclusive
// (zero months: the whole project), by person name then month.
func (s *Store) SheetsWithWork(projectID string, from, to Month) ([]SheetKey, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	if from.Year == 0 {
		from = doc.Project.Start.Month()
	}
	if to.Year == 0 {
		to = doc.Project.End.Month()
	}
	people := append([]Person{}, doc.People...)
	sort.SliceStable(people, func(i, j int) bool { return strings.ToLower(people[i].Name) < strings.ToLower(people[j].Name) })
	var out []SheetKey
	for _, p := range people {
		for m := from; !m.First().After(to.First()); m = m.Next() {
			work, err := s.PersonMonth(projectID, p.ID, m)
			if err != nil {
				return nil, err
			}
			if len(work) > 0 {
				out = append(out, SheetKey{p.ID, m})
			}
		}
	}
	return out, nil
}

// weekendKey is the weekend check's message, one key per day so each language words it whole.
func weekendKey(d Date) string {
	if d.Weekday() == time.Sunday {
		return "work on a Sunday"
	}
	return "work on a Saturday"
}
