package data

import (
	"fmt"
	"sort"
	"strings"
)

// CellChange is one cell of a month grid as a person left it: the hours (0 clears the cell)
// and the note of a person's day on an output.
type CellChange struct {
	Date   Date
	Output string
	Hours  Seconds
	Note   string
}

// MonthSaveResult counts what saving a month grid did.
type MonthSaveResult struct {
	Added, Updated, Deleted int
}

// ParseCellHours reads hours typed into a grid cell: empty is no work; past a day or negative is refused.
func ParseCellHours(s string) (Seconds, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	h, err := ParseHours(s)
	switch {
	case err != nil:
		return 0, err
	case h < 0:
		return 0, Problemf("hours %q: negative hours are not work", strings.TrimSpace(s))
	case h > 24*3600:
		return 0, Problemf("hours %q: %s h is more than a day", strings.TrimSpace(s), h)
	}
	return h, nil
}

// SaveMonth writes a month grid's changed cells as entries, all in one transaction: a cell with
// hours edits its entry (or adds one), a cleared cell deletes its entries. An approved month and
// entries of another installation are refused as AddEntry, EditEntry and DeleteEntry refuse them.
func (s *Store) SaveMonth(projectID, personID string, m Month, cells []CellChange) (MonthSaveResult, error) {
	var res MonthSaveResult
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return res, err
	}
	person := doc.PersonByID(personID)
	if person == nil {
		return res, &NotFoundError{What: "person", Ref: personID}
	}
	if err := s.checkUnlocked(doc, personID, m); err != nil {
		return res, err
	}
	stored, err := s.Entries(projectID, EntryFilter{Person: personID, Month: m})
	if err != nil {
		return res, err
	}
	type cellKey struct {
		day    Date
		output string
	}
	byCell := map[cellKey][]Entry{}
	for _, e := range stored {
		k := cellKey{e.Date, e.Output}
		byCell[k] = append(byCell[k], e)
	}
	var out []Entry
	now := s.now().UTC()
	for _, c := range cells {
		where := fmt.Sprintf("entry %s for %s", c.Date, person.Name)
		if c.Date.Month() != m {
			return MonthSaveResult{}, &InputError{Where: where, Msg: "is not in " + m.String()}
		}
		if c.Hours == 0 && strings.TrimSpace(c.Note) != "" {
			return MonthSaveResult{}, &InputError{Where: where, Msg: "a note needs hours on the output"}
		}
		olds := byCell[cellKey{c.Date, c.Output}]
		sort.Slice(olds, func(i, j int) bool { return olds[i].ID < olds[j].ID })
		for i, old := range olds {
			if c.Hours > 0 && i == 0 && old.Hours == c.Hours && old.Note == c.Note && len(olds) == 1 {
				break // unchanged
			}
			if err := s.checkOwned(old, person.Name); err != nil {
				return MonthSaveResult{}, err
			}
			if c.Hours > 0 && i == 0 {
				old.Hours, old.Note, old.Meta = c.Hours, c.Note, Meta{} // a hand edit: the store bumps the revision
				out = append(out, old)
				res.Updated++
				continue
			}
			old.Deleted, old.Rev, old.Updated = true, old.Rev+1, now
			out = append(out, old)
			res.Deleted++
		}
		if c.Hours > 0 && len(olds) == 0 {
			out = append(out, Entry{ID: NewID(), Person: personID, Date: c.Date, Output: c.Output, Hours: c.Hours, Note: c.Note})
			res.Added++
		}
	}
	if len(out) == 0 {
		return res, nil
	}
	detail := fmt.Sprintf("timesheet %s of %s saved: %d added, %d edited, %d deleted", m, person.Name, res.Added, res.Updated, res.Deleted)
	if _, err := s.Import(&Document{Format: Format, Entries: out}, ImportOptions{Project: projectID, Action: "edit", Single: true, Detail: detail}); err != nil {
		return MonthSaveResult{}, err
	}
	return res, nil
}

// EntryWriter says why this installation may not write a person's entries in a shared project
// ("" when it may), by the same gate a local change goes through.
func (s *Store) EntryWriter(projectID, personID string) (string, error) {
	p, err := s.EntryWriterProblem(projectID, personID)
	return problemText(p), err
}

// EntryWriterProblem is EntryWriter's reason as a Problem, for a front end that words it; nil when it may.
func (s *Store) EntryWriterProblem(projectID, personID string) (*Problem, error) {
	auth, err := s.Authority(projectID)
	if err != nil || auth == nil {
		return nil, err
	}
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	person := doc.PersonByID(personID)
	if person == nil {
		return nil, &NotFoundError{What: "person", Ref: personID}
	}
	w := newWorld()
	w.overlay(doc)
	g := &gate{auth: auth, writer: s.installation, project: doc.Project, w: w, people: w.people, now: s.now(), strict: true}
	return g.writesForProblem(person.Partner, nil, &Meta{}), nil
}

// Approvers are the people who may approve or reopen a person's months (DOMAIN.md): managers
// and supervisors of the person's own organisation, never the person.
func Approvers(doc *Document, personID string) []Person {
	var out []Person
	for _, p := range doc.People {
		if p.Deleted {
			continue
		}
		a := Approval{Person: personID, State: StateApproved, By: p.ID}
		if CheckApprover(doc, a, a.At) == nil {
			out = append(out, p)
		}
	}
	return out
}
