package data

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
// person in another project is matched by e-mail, or by name when there is no e-mail. It reads the
// people index (idx_people_by_identity) and the by-person index of each project: its cost is the
// person's month, never the size of the store.
func (s *Store) monthAcrossProjects(person Person, m Month) (map[uint32]Seconds, error) {
	out := map[uint32]Seconds{}
	err := s.view(func(tx *bolt.Tx) error {
		return monthAcrossProjectsTx(tx, person, m, out)
	})
	return out, err
}

func monthAcrossProjectsTx(tx *bolt.Tx, person Person, m Month, out map[uint32]Seconds) error {
	projects := tx.Bucket(bucketProjects)
	return projects.ForEachBucket(func(k []byte) error {
		pb := projects.Bucket(k)
		idx := pb.Bucket(bucketByPerson)
		if idx == nil {
			return nil
		}
		ids, err := samePeople(pb, person)
		if err != nil {
			return err
		}
		c := idx.Cursor()
		for _, id := range ids {
			from, to := personKeyRange(id, m)
			for key, v := c.Seek(from); key != nil && bytes.Compare(key, to) < 0; key, v = c.Next() {
				out[binary.BigEndian.Uint32(key[16:20])] += Seconds(binary.BigEndian.Uint64(v[16:]))
			}
		}
		return nil
	})
}

// samePeople returns the 16-byte IDs of the live people of a project who are the person: the same
// ID, the same e-mail, or (neither having one) the same name, letter case aside.
func samePeople(pb *bolt.Bucket, person Person) ([][]byte, error) {
	var ids [][]byte
	own := idKey(person.ID)
	ix := pb.Bucket(bucketPeopleByIdentity)
	if ix == nil { // a project bucket older than the index: read its people
		err := forEach(pb, KindPerson, func(p *Person) error {
			same := p.ID == person.ID ||
				(person.Email != "" && strings.EqualFold(p.Email, person.Email)) ||
				(person.Email == "" && p.Email == "" && strings.EqualFold(p.Name, person.Name))
			if same && !p.Deleted {
				ids = append(ids, idKey(p.ID))
			}
			return nil
		})
		return ids, err
	}
	prefix := identityPrefix(person)
	c := ix.Cursor()
	seen := false
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+16; k, _ = c.Next() {
		id := append([]byte{}, k[len(prefix):]...)
		seen = seen || bytes.Equal(id, own)
		ids = append(ids, id)
	}
	if !seen {
		// The same record under another e-mail or name in this project (a stale copy): match by ID too.
		var p Person
		if ok, err := getJSON(pb.Bucket([]byte(KindPerson)), own, &p); err != nil {
			return nil, err
		} else if ok && !p.Deleted {
			ids = append(ids, own)
		}
	}
	return ids, nil
}

// bucketPeopleByIdentity indexes a project's live people by what makes two records one person:
// 'e' fold(e-mail) 0x00 <person>, or, without an e-mail, 'n' fold(name) 0x00 <person> → empty.
var bucketPeopleByIdentity = []byte("idx_people_by_identity")

// identityPrefix is the people index's key prefix for everyone who is the person.
func identityPrefix(p Person) []byte {
	k := make([]byte, 0, 2+len(p.Email)+len(p.Name))
	if p.Email != "" {
		k = append(k, 'e')
		k = appendFold(k, p.Email)
	} else {
		k = append(k, 'n')
		k = appendFold(k, p.Name)
	}
	return append(k, 0)
}

func identityKey(p *Person) []byte { return append(identityPrefix(*p), idKey(p.ID)...) }

// appendFold appends s with each rune replaced by the smallest rune of its case-folding orbit:
// two strings fold to the same bytes exactly when strings.EqualFold says they are equal.
func appendFold(k []byte, s string) []byte {
	for _, r := range s {
		if r == 0 {
			r = utf8.RuneError // keep the separator unambiguous
		}
		min := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < min {
				min = f
			}
		}
		k = utf8.AppendRune(k, min)
	}
	return k
}

// indexPerson keeps the people index in step with a person record written over stored (nil when new).
func indexPerson(pb *bolt.Bucket, stored, in *Person) error {
	ix, err := pb.CreateBucketIfNotExists(bucketPeopleByIdentity)
	if err != nil {
		return err
	}
	if stored != nil && !stored.Deleted {
		if err := ix.Delete(identityKey(stored)); err != nil {
			return err
		}
	}
	if in != nil && !in.Deleted {
		return ix.Put(identityKey(in), nil)
	}
	return nil
}

// buildPeopleIndex (re)writes a project's people index from its people records.
func buildPeopleIndex(pb *bolt.Bucket) error {
	if pb.Bucket(bucketPeopleByIdentity) != nil {
		if err := pb.DeleteBucket(bucketPeopleByIdentity); err != nil {
			return err
		}
	}
	ix, err := pb.CreateBucket(bucketPeopleByIdentity)
	if err != nil {
		return err
	}
	return forEach(pb, KindPerson, func(p *Person) error {
		if p.Deleted {
			return nil
		}
		return ix.Put(identityKey(p), nil)
	})
}

// personKeyRange is the by-person index key range of a person's (16-byte ID) month.
func personKeyRange(id []byte, m Month) (from, to []byte) {
	from = binary.BigEndian.AppendUint32(append(make([]byte, 0, 20), id...), m.First().DayNumber())
	to = binary.BigEndian.AppendUint32(append(make([]byte, 0, 20), id...), m.Last().DayNumber()+1)
	return
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

// SheetStream builds a batch's month sheets one at a time, in the order of its keys: the project's
// records are read once, each sheet's entries and checks through the indexes of its person-month,
// so a sheet costs the same whatever the size of the store, and only the sheet being handed out
// is held in memory.
type SheetStream struct {
	s         *Store
	doc       *Document
	people    map[string]*Person
	approvals map[[2]string][]Approval // by person and month as written
	keys      []SheetKey
	next      int
}

// SheetStream prepares the sheets of keys (as SheetsWithWork lists them) for reading one by one.
func (s *Store) SheetStream(projectID string, keys []SheetKey) (*SheetStream, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	st := &SheetStream{s: s, doc: doc, keys: keys, people: make(map[string]*Person, len(doc.People)),
		approvals: map[[2]string][]Approval{}}
	for i := range doc.People {
		st.people[doc.People[i].ID] = &doc.People[i]
	}
	for _, a := range doc.Approvals {
		k := [2]string{a.Person, a.Month}
		st.approvals[k] = append(st.approvals[k], a)
	}
	return st, nil
}

// Len is how many sheets the stream yields.
func (st *SheetStream) Len() int { return len(st.keys) }

// Next builds the next sheet; nil, nil after the last.
func (st *SheetStream) Next() (*MonthSheet, error) {
	if st.next == len(st.keys) {
		return nil, nil
	}
	k := st.keys[st.next]
	st.next++
	person := st.people[k.Person]
	if person == nil {
		return nil, &NotFoundError{What: "person", Ref: k.Person, Hint: "in project " + st.doc.Project.Acronym}
	}
	var sheet *MonthSheet
	err := st.s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, st.doc.Project.ID)
		if pb == nil {
			return &NotFoundError{What: "project", Ref: st.doc.Project.ID}
		}
		entries, err := personMonthEntries(pb, k.Person, k.Month)
		if err != nil {
			return err
		}
		// The sheet sees only its person-month's approvals: the same answer as all of them, found in a map.
		doc := *st.doc
		doc.Approvals = st.approvals[[2]string{k.Person, k.Month.String()}]
		sheet = buildSheet(&doc, person, k.Month, entries)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The checks across projects read the people index and the person's month of each project.
	err = st.s.checkLongDays(sheet)
	return sheet, err
}

// personMonthEntries reads a person's entries of a month through the by-person index, by date.
func personMonthEntries(pb *bolt.Bucket, personID string, m Month) ([]Entry, error) {
	eb := pb.Bucket([]byte(KindEntry))
	from, to := personKeyRange(idKey(personID), m)
	type wanted struct {
		id  []byte
		pos int // in the index's order: by day, then ID
	}
	var ids []wanted
	c := pb.Bucket(bucketByPerson).Cursor()
	for k, _ := c.Seek(from); k != nil && bytes.Compare(k, to) < 0; k, _ = c.Next() {
		ids = append(ids, wanted{k[20:], len(ids)})
	}
	// A month's entries were mostly written together, so their records lie side by side: read in key
	// order, the next one is usually the cursor's next, not a search from the root.
	sort.Slice(ids, func(i, j int) bool { return bytes.Compare(ids[i].id, ids[j].id) < 0 })
	out := make([]Entry, len(ids))
	ec := eb.Cursor()
	var k, v []byte
	for _, w := range ids {
		for steps := 0; k != nil && bytes.Compare(k, w.id) < 0 && steps < 4; steps++ {
			k, v = ec.Next()
		}
		if !bytes.Equal(k, w.id) {
			k, v = ec.Seek(w.id)
		}
		if bytes.Equal(k, w.id) {
			if err := unmarshalRecord(v, &out[w.pos]); err != nil {
				return nil, fmt.Errorf("stored record %s is damaged: %w", keyID(w.id), err)
			}
		}
	}
	// An index key whose record is missing (a damaged store; check names it) gives no blank entry.
	return slices.DeleteFunc(out, func(e Entry) bool { return e.ID == "" }), nil
}
