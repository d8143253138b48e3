package data

import (
	"bytes"
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
		e.ID = s.NewID()
	}
	e.Meta = Meta{}
	cur, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return Entry{}, nil, err
	}
	if err := s.checkUnlocked(cur, e.Person, e.Date.Month()); err != nil {
		return Entry{}, nil, err
	}
	doc := &Document{Format: Format, Entries: []Entry{e}}
	detail := fmt.Sprintf("entry %s added: %s %s h", e.ID, e.Date, e.Hours)
	if _, err := s.Import(doc, ImportOptions{Project: projectID, Action: "add", Single: true, Detail: detail}); err != nil {
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
		if h, ok := partner.Holiday(e.Date); ok {
			where := partner.Country
			if partner.Region != "" {
				where = partner.Region
			}
			out = append(out, fmt.Sprintf("%s is a public holiday in %s (%s)", e.Date, where, h.Name))
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

// DayTotalAcrossProjects sums a person's work on a day in every project of the store.
func (s *Store) DayTotalAcrossProjects(person Person, d Date) (Seconds, error) {
	all, err := s.monthAcrossProjects(person, d.Month())
	return all[d.DayNumber()], err
}

// monthAcrossProjects sums a person's work per day of a month in every project of the store; the same
// person in another project is matched by e-mail, or by name when there is no e-mail.
func (s *Store) monthAcrossProjects(person Person, m Month) (map[uint32]Seconds, error) {
	out := map[uint32]Seconds{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketProjects).ForEachBucket(func(k []byte) error {
			pb := tx.Bucket(bucketProjects).Bucket(k)
			idx := pb.Bucket(bucketByPerson)
			if idx == nil {
				return nil
			}
			var ids []string
			if err := forEach(pb, KindPerson, func(p *Person) error {
				same := p.ID == person.ID ||
					(person.Email != "" && strings.EqualFold(p.Email, person.Email)) ||
					(person.Email == "" && p.Email == "" && strings.EqualFold(p.Name, person.Name))
				if same && !p.Deleted {
					ids = append(ids, p.ID)
				}
				return nil
			}); err != nil {
				return err
			}
			for _, id := range ids {
				from, to := personRange(EntryFilter{Person: id, Month: m})
				c := idx.Cursor()
				for key, v := c.Seek(from); key != nil && bytes.Compare(key, to) < 0; key, v = c.Next() {
					out[binary.BigEndian.Uint32(key[16:20])] += Seconds(binary.BigEndian.Uint64(v[16:]))
				}
			}
			return nil
		})
	})
	return out, err
}

// loadEntry reads an entry record by ID, tombstone included (nil when absent).
func (s *Store) loadEntry(projectID, id string) (*Entry, error) {
	var out *Entry
	err := s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return &NotFoundError{What: "project", Ref: projectID}
		}
		e := &Entry{}
		ok, err := getJSON(pb.Bucket([]byte(KindEntry)), idKey(id), e)
		if ok {
			out = e
		}
		return err
	})
	return out, err
}
