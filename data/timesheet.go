package data

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// AddEntry records time on an output; errors (over 24 h, outside the period, unknown references)
// refuse it, and the warnings say what a supervisor will ask about (weekend, holiday, a long day).
func (s *Store) AddEntry(projectID string, e Entry) (Entry, []string, error) {
	if e.ID == "" {
		e.ID = NewID()
	}
	e.Meta = Meta{}
	doc := &Document{Format: Format, Entries: []Entry{e}}
	if _, err := s.Import(doc, ImportOptions{Project: projectID, Action: "add", Single: true}); err != nil {
		return Entry{}, nil, err
	}
	stored := doc.Entries[0]
	warnings, err := s.EntryWarnings(projectID, stored)
	return stored, warnings, err
}

// EntryWarnings lists what is unusual about an entry's day: a weekend, a public holiday of the
// organisation's country, or more than the working day across every project in the store.
func (s *Store) EntryWarnings(projectID string, e Entry) ([]string, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	person := doc.PersonByID(e.Person)
	if person == nil {
		return nil, &NotFoundError{What: "person", Ref: e.Person}
	}
	partner := doc.PartnerByID(person.Partner)
	var out []string
	if wd := e.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
		out = append(out, fmt.Sprintf("%s is a %s", e.Date, wd))
	}
	if partner != nil {
		if name, ok := HolidayOn(partner.Country, e.Date.Time()); ok {
			out = append(out, fmt.Sprintf("%s is a public holiday in %s (%s)", e.Date, partner.Country, name))
		}
		total, err := s.DayTotalAcrossProjects(*person, e.Date)
		if err != nil {
			return nil, err
		}
		if total > partner.Day() {
			out = append(out, fmt.Sprintf("%s works %s h on %s across all projects, more than %s's working day of %s h",
				person.Name, total, e.Date, partner.Label(), partner.Day()))
		}
	}
	return out, nil
}

// DayTotalAcrossProjects sums a person's work on a day in every project of the store; the same
// person in another project is matched by e-mail, or by name when there is no e-mail.
func (s *Store) DayTotalAcrossProjects(person Person, d Date) (Minutes, error) {
	var total Minutes
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketProjects).ForEachBucket(func(k []byte) error {
			pb := tx.Bucket(bucketProjects).Bucket(k)
			var ids [][]byte
			if err := forEach(pb, KindPerson, func(p *Person) error {
				same := p.ID == person.ID ||
					(person.Email != "" && strings.EqualFold(p.Email, person.Email)) ||
					(person.Email == "" && p.Email == "" && strings.EqualFold(p.Name, person.Name))
				if same && !p.Deleted {
					ids = append(ids, idKey(p.ID))
				}
				return nil
			}); err != nil {
				return err
			}
			idx := pb.Bucket(bucketByPerson)
			if idx == nil {
				return nil
			}
			for _, id := range ids {
				prefix := binary.BigEndian.AppendUint32(append([]byte{}, id...), d.DayNumber())
				c := idx.Cursor()
				for key, v := c.Seek(prefix); key != nil && hasPrefix(key, prefix); key, v = c.Next() {
					total += Minutes(binary.BigEndian.Uint64(v[16:]))
				}
			}
			return nil
		})
	})
	return total, err
}
