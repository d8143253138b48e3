package data

import (
	"fmt"
	"strings"
)

// LockedError refuses a change to an approved month.
type LockedError struct {
	Person string
	Month  Month
	By     string
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("timesheet %s of %s is approved by %s: reopen it before changing it", e.Month, e.Person, quoteOr(e.By, "a manager"))
}

// checkUnlocked refuses a local change to an approved person-month; changes arriving from a share are
// never refused, they show as "changed after approval" instead.
func (s *Store) checkUnlocked(doc *Document, personID string, m Month) error {
	a := LatestApproval(doc.Approvals, personID, m)
	if a == nil || a.State != StateApproved {
		return nil
	}
	name, by := personID, a.By
	if p := doc.PersonByID(personID); p != nil {
		name = p.Name
	}
	if p := doc.PersonByID(a.By); p != nil {
		by = p.Name
	}
	return &LockedError{Person: name, Month: m, By: by}
}

// checkOwned refuses a local change to a record another installation owns: each installation
// publishes only its own records, so such a change would never reach anyone and would hide the owner's.
func (s *Store) checkOwned(e Entry, who string) error {
	if e.Owner == "" || e.Owner == s.installation {
		return nil
	}
	return fmt.Errorf("entry %s of %s on %s belongs to another installation (%s): ask them to change it, or add a correcting entry",
		e.ID, who, e.Date, e.Owner)
}

// Transition moves a person's month to submitted, approved or reopened, as a new approval record
// sealing the SHA-256 of the month's entries; by is the person acting. Every step is in the audit log.
func (s *Store) Transition(projectID, personID string, m Month, state, byID, reason string) (*Approval, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	person, by := doc.PersonByID(personID), doc.PersonByID(byID)
	if person == nil {
		return nil, &NotFoundError{What: "person", Ref: personID}
	}
	if by == nil {
		return nil, &NotFoundError{What: "person", Ref: byID}
	}
	if m.Last().Before(doc.Project.Start) || m.First().After(doc.Project.End) {
		return nil, Problemf("timesheet %s of %s: the month is outside the project period %s – %s", m, person.Name, doc.Project.Start, doc.Project.End)
	}
	entries, err := s.Entries(projectID, EntryFilter{Person: personID, Month: m})
	if err != nil {
		return nil, err
	}
	cur := StateDraft
	if a := LatestApproval(doc.Approvals, personID, m); a != nil {
		cur = a.State
	}
	where := Problemf("timesheet %s of %s", m, person.Name)
	switch state {
	case StateSubmitted:
		if cur == StateSubmitted || cur == StateApproved {
			return nil, Problemf("%s is already %s", where, cur)
		}
		if len(entries) == 0 {
			return nil, Problemf("%s has no entries to submit", where)
		}
		sheet := buildSheet(doc, person, m, entries)
		if n := sheet.Errors(); n > 0 {
			return nil, Problemf("%s has %d error(s), first: %s", where, n, firstError(sheet))
		}
	case StateApproved:
		if cur != StateSubmitted {
			return nil, Problemf("%s is %s: it must be submitted before it is approved", where, cur)
		}
		if by.ID == person.ID {
			return nil, Problemf("%s: %s cannot approve their own timesheet", where, by.Name)
		}
	case StateReopened:
		if cur != StateApproved && cur != StateSubmitted {
			return nil, Problemf("%s is %s: only a submitted or approved month can be reopened", where, cur)
		}
		if strings.TrimSpace(reason) == "" {
			return nil, Problemf("%s: a reopen needs a reason (what is to be corrected)", where)
		}
	default:
		return nil, Problemf("%s: %q is not submitted, approved or reopened", where, state)
	}
	a := Approval{ID: s.NewID(), Person: personID, Month: m.String(), State: state, By: byID,
		At: s.now().UTC().Truncate(1e9), EntriesSHA256: EntriesHash(entries)}
	if err := CheckApprover(doc, a, s.now()); err != nil {
		return nil, err
	}
	if prev := LatestApproval(doc.Approvals, personID, m); prev != nil && prev.At.After(a.At) {
		// The step must become the month's latest, or it would change nothing while saying it did.
		return nil, fmt.Errorf("%s: its last step is dated %s, after this computer's clock: check the clock", where, prev.At.Format("2006-01-02 15:04"))
	}
	detail := fmt.Sprintf("%s %s by %s", where, state, by.Name)
	if reason = strings.TrimSpace(reason); reason != "" {
		detail += ": " + reason
	}
	in := &Document{Format: Format, Approvals: []Approval{a}}
	if _, err := s.Import(in, ImportOptions{Project: projectID, Action: state, Single: true, Detail: detail}); err != nil {
		return nil, err
	}
	return &in.Approvals[0], nil
}

func firstError(sheet *MonthSheet) string {
	for _, c := range sheet.Checks {
		if c.Level == LevelError {
			return c.String()
		}
	}
	return ""
}

// EditEntry changes an entry; the months it leaves and enters must not be approved.
func (s *Store) EditEntry(projectID string, e Entry) (Entry, []string, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return Entry{}, nil, err
	}
	old, err := s.entryByID(projectID, e.ID)
	if err != nil {
		return Entry{}, nil, err
	}
	if err := s.checkOwned(old, doc.personName(old.Person)); err != nil {
		return Entry{}, nil, err
	}
	if err := s.checkUnlocked(doc, old.Person, old.Date.Month()); err != nil {
		return Entry{}, nil, err
	}
	if err := s.checkUnlocked(doc, e.Person, e.Date.Month()); err != nil {
		return Entry{}, nil, err
	}
	e.Meta = Meta{} // a hand edit: the store bumps the revision and keeps the owner
	in := &Document{Format: Format, Entries: []Entry{e}}
	detail := fmt.Sprintf("entry %s edited: %s %s h → %s %s h", e.ID, old.Date, old.Hours, e.Date, e.Hours)
	if _, err := s.Import(in, ImportOptions{Project: projectID, Action: "edit", Single: true, Detail: detail}); err != nil {
		return Entry{}, nil, err
	}
	warnings, err := s.EntryWarnings(projectID, in.Entries[0])
	return in.Entries[0], warnings, err
}

// DeleteEntry deletes an entry, leaving a tombstone that travels to the partners.
func (s *Store) DeleteEntry(projectID, entryID string) (Entry, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return Entry{}, err
	}
	old, err := s.entryByID(projectID, entryID)
	if err != nil {
		return Entry{}, err
	}
	if err := s.checkOwned(old, doc.personName(old.Person)); err != nil {
		return Entry{}, err
	}
	if err := s.checkUnlocked(doc, old.Person, old.Date.Month()); err != nil {
		return Entry{}, err
	}
	old.Deleted, old.Rev, old.Updated = true, old.Rev+1, s.now().UTC()
	detail := fmt.Sprintf("entry %s deleted: %s %s h", old.ID, old.Date, old.Hours)
	if _, err := s.Import(&Document{Format: Format, Entries: []Entry{old}}, ImportOptions{Project: projectID, Action: "delete", Single: true, Detail: detail}); err != nil {
		return Entry{}, err
	}
	return old, nil
}

// entryByID reads one live entry.
func (s *Store) entryByID(projectID, id string) (Entry, error) {
	if !validID(id) {
		return Entry{}, &NotFoundError{What: "entry", Ref: id}
	}
	doc, err := s.loadEntry(projectID, id)
	if err != nil {
		return Entry{}, err
	}
	if doc == nil || doc.Deleted {
		return Entry{}, &NotFoundError{What: "entry", Ref: id}
	}
	return *doc, nil
}
