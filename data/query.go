package data

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// NotFoundError says which thing a reference did not find.
type NotFoundError struct {
	What, Ref string
	Hint      string
}

func (e *NotFoundError) Error() string {
	s := fmt.Sprintf("%s %q does not exist", e.What, e.Ref)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Projects lists the store's projects (tombstones left out), by acronym.
func (s *Store) Projects() ([]Project, error) {
	var out []Project
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketProjects).ForEachBucket(func(k []byte) error {
			var p Project
			if ok, err := getJSON(tx.Bucket(bucketProjects).Bucket(k), keyRecord, &p); err != nil {
				return err
			} else if ok && !p.Deleted {
				out = append(out, p)
			}
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Acronym) < strings.ToLower(out[j].Acronym) })
	return out, err
}

// FindProject finds a project by ID, acronym or project number.
func (s *Store) FindProject(ref string) (Project, error) {
	list, err := s.Projects()
	if err != nil {
		return Project{}, err
	}
	ref = strings.TrimSpace(ref)
	for _, p := range list {
		if p.ID == ref || strings.EqualFold(p.Acronym, ref) || strings.EqualFold(p.Number, ref) {
			return p, nil
		}
	}
	names := make([]string, len(list))
	for i, p := range list {
		names[i] = p.Acronym
	}
	hint := "the store has no projects: import one or run demo"
	if len(names) > 0 {
		hint = "the store has " + strings.Join(names, ", ")
	}
	return Project{}, &NotFoundError{What: "project", Ref: ref, Hint: hint}
}

// LoadOptions choose what Load reads.
type LoadOptions struct {
	Entries bool // also the entries (a large project holds 100,000)
	Deleted bool // keep tombstones (exports and the share need them)
	Owner   string
}

// Load reads a project's records into a document.
func (s *Store) Load(projectID string, opt LoadOptions) (*Document, error) {
	doc := &Document{Format: Format, Installation: s.installation}
	keep := func(m *Meta) bool {
		return (opt.Deleted || !m.Deleted) && (opt.Owner == "" || m.Owner == opt.Owner)
	}
	err := s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return &NotFoundError{What: "project", Ref: projectID}
		}
		p := &Project{}
		if _, err := getJSON(pb, keyRecord, p); err != nil {
			return err
		}
		if keep(&p.Meta) {
			doc.Project = p
		}
		if err := collect(pb, KindPartner, &doc.Partners, keep); err != nil {
			return err
		}
		if err := collect(pb, KindPerson, &doc.People, keep); err != nil {
			return err
		}
		if err := collect(pb, KindOutput, &doc.Outputs, keep); err != nil {
			return err
		}
		if err := collect(pb, KindEvent, &doc.Events, keep); err != nil {
			return err
		}
		if err := collect(pb, KindParticipant, &doc.Participants, keep); err != nil {
			return err
		}
		if opt.Entries {
			if err := collect(pb, KindEntry, &doc.Entries, keep); err != nil {
				return err
			}
		}
		if err := collect(pb, KindCost, &doc.Costs, keep); err != nil {
			return err
		}
		return collect(pb, KindApproval, &doc.Approvals, keep)
	})
	if err != nil {
		return nil, err
	}
	sortDocument(doc)
	return doc, nil
}

func collect[S any, P recPtr[S]](pb *bolt.Bucket, kind Kind, dst *[]S, keep func(*Meta) bool) error {
	return forEach(pb, kind, func(r *S) error {
		if keep(P(r).meta()) {
			*dst = append(*dst, *r)
		}
		return nil
	})
}

// sortDocument orders records the way people read them: codes, names, dates.
func sortDocument(d *Document) {
	sort.SliceStable(d.Outputs, func(i, j int) bool { return codeLess(d.Outputs[i].Code, d.Outputs[j].Code) })
	sort.SliceStable(d.Events, func(i, j int) bool { return codeLess(d.Events[i].Code, d.Events[j].Code) })
	sort.SliceStable(d.Costs, func(i, j int) bool {
		if d.Costs[i].Date != d.Costs[j].Date {
			return d.Costs[i].Date.Before(d.Costs[j].Date)
		}
		return d.Costs[i].ID < d.Costs[j].ID
	})
	sort.SliceStable(d.Entries, func(i, j int) bool {
		a, b := &d.Entries[i], &d.Entries[j]
		if a.Date != b.Date {
			return a.Date.Before(b.Date)
		}
		return a.ID < b.ID
	})
}

// CodeLess orders codes the way people count: O2 before O10, WP1 before WP2.
func CodeLess(a, b string) bool { return codeLess(a, b) }

// codeLess sorts codes like O2 before O10.
func codeLess(a, b string) bool {
	pa, na := splitCode(a)
	pb, nb := splitCode(b)
	if pa != pb {
		return pa < pb
	}
	if na != nb {
		return na < nb
	}
	return a < b
}

func splitCode(c string) (string, int) {
	i := len(c)
	for i > 0 && c[i-1] >= '0' && c[i-1] <= '9' {
		i--
	}
	n := 0
	for _, r := range c[i:] {
		n = n*10 + int(r-'0')
	}
	return strings.ToUpper(c[:i]), n
}

// Export returns the project as a partnerdesk/1 document with every record, tombstones included.
func (s *Store) Export(projectID string) (*Document, error) {
	doc, err := s.Load(projectID, LoadOptions{Entries: true, Deleted: true})
	if err != nil {
		return nil, err
	}
	doc.ExportedAt = s.now().UTC().Truncate(1e9)
	return doc, nil
}

// FindPerson finds a person of the project by ID, name or e-mail (case-insensitive).
func FindPerson(doc *Document, ref string) (*Person, error) {
	ref = strings.TrimSpace(ref)
	var hits []*Person
	for i := range doc.People {
		p := &doc.People[i]
		if p.ID == ref {
			return p, nil
		}
		if strings.EqualFold(p.Name, ref) || (p.Email != "" && strings.EqualFold(p.Email, ref)) {
			hits = append(hits, p)
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	if len(hits) > 1 {
		return nil, fmt.Errorf("person %q: %d people have that name; use the e-mail or the ID", ref, len(hits))
	}
	return nil, &NotFoundError{What: "person", Ref: ref, Hint: "in project " + doc.Project.Acronym}
}

// FindOutput finds an output or work package of the project by code or ID.
func FindOutput(doc *Document, ref string) (*Output, error) {
	for i := range doc.Outputs {
		o := &doc.Outputs[i]
		if o.ID == ref || strings.EqualFold(o.Code, strings.TrimSpace(ref)) {
			return o, nil
		}
	}
	codes := make([]string, len(doc.Outputs))
	for i, o := range doc.Outputs {
		codes[i] = o.Code
	}
	return nil, &NotFoundError{What: "output", Ref: ref, Hint: "project " + doc.Project.Acronym + " has " + strings.Join(codes, ", ")}
}

// FindEvent finds an event of the project by code or ID.
func FindEvent(doc *Document, ref string) (*Event, error) {
	for i := range doc.Events {
		e := &doc.Events[i]
		if e.ID == ref || strings.EqualFold(e.Code, strings.TrimSpace(ref)) {
			return e, nil
		}
	}
	codes := make([]string, len(doc.Events))
	for i, e := range doc.Events {
		codes[i] = e.Code
	}
	return nil, &NotFoundError{What: "event", Ref: ref, Hint: "project " + doc.Project.Acronym + " has " + strings.Join(codes, ", ")}
}

// PartnerByID returns the partner with the ID, or nil.
func (d *Document) PartnerByID(id string) *Partner {
	for i := range d.Partners {
		if d.Partners[i].ID == id {
			return &d.Partners[i]
		}
	}
	return nil
}

// PartnerLabel is a partner's short name (or name), or the ID when the partner is unknown.
func (d *Document) PartnerLabel(id string) string {
	if p := d.PartnerByID(id); p != nil {
		return p.Label()
	}
	return id
}

// RefCode is the code of the output or event with the ID, or "" when there is none.
func (d *Document) RefCode(id string) string {
	if o := d.OutputByID(id); o != nil {
		return o.Code
	}
	for i := range d.Events {
		if d.Events[i].ID == id {
			return d.Events[i].Code
		}
	}
	return ""
}

// personName is the person's name, or the ID when the person is unknown.
func (d *Document) personName(id string) string {
	if p := d.PersonByID(id); p != nil {
		return p.Name
	}
	return id
}

// PersonByID returns the person with the ID, or nil.
func (d *Document) PersonByID(id string) *Person {
	for i := range d.People {
		if d.People[i].ID == id {
			return &d.People[i]
		}
	}
	return nil
}

// OutputByID returns the output with the ID, or nil.
func (d *Document) OutputByID(id string) *Output {
	for i := range d.Outputs {
		if d.Outputs[i].ID == id {
			return &d.Outputs[i]
		}
	}
	return nil
}

// EntryFilter narrows Entries; empty fields match everything.
type EntryFilter struct {
	Person string // person ID
	Month  Month  // zero: every month
}

// Entries returns the project's live entries, by date, read through the by-person index when a person is given.
func (s *Store) Entries(projectID string, f EntryFilter) ([]Entry, error) {
	var out []Entry
	err := s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return &NotFoundError{What: "project", Ref: projectID}
		}
		eb := pb.Bucket([]byte(KindEntry))
		if f.Person == "" {
			return forEach(pb, KindEntry, func(e *Entry) error {
				if !e.Deleted && (f.Month.Year == 0 || e.Date.Month() == f.Month) {
					out = append(out, *e)
				}
				return nil
			})
		}
		from, to := personRange(f)
		c := pb.Bucket(bucketByPerson).Cursor()
		for k, _ := c.Seek(from); k != nil && bytes.Compare(k, to) < 0; k, _ = c.Next() {
			var e Entry
			if _, err := getJSON(eb, k[20:], &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out, err
}

// personRange is the by-person index key range of a person (and month).
func personRange(f EntryFilter) (from, to []byte) {
	p := idKey(f.Person)
	if f.Month.Year == 0 {
		from = append(append([]byte{}, p...), 0, 0, 0, 0)
		to = append(append([]byte{}, p...), 0xff, 0xff, 0xff, 0xff, 0xff)
		return
	}
	from = binary.BigEndian.AppendUint32(append([]byte{}, p...), f.Month.First().DayNumber())
	to = binary.BigEndian.AppendUint32(append([]byte{}, p...), f.Month.Last().DayNumber()+1)
	return
}

// DayWork is a person's minutes on an output on a day, as the index holds it.
type DayWork struct {
	Date    Date
	Output  string
	Seconds Seconds
}

// PersonMonth reads a person's work in a month from the index alone, without decoding records.
func (s *Store) PersonMonth(projectID, personID string, m Month) ([]DayWork, error) {
	var out []DayWork
	err := s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return &NotFoundError{What: "project", Ref: projectID}
		}
		from, to := personRange(EntryFilter{Person: personID, Month: m})
		c := pb.Bucket(bucketByPerson).Cursor()
		for k, v := c.Seek(from); k != nil && bytes.Compare(k, to) < 0; k, v = c.Next() {
			out = append(out, DayWork{
				Date:    dateFromDayNumber(binary.BigEndian.Uint32(k[16:20])),
				Output:  keyID(v[:16]),
				Seconds: Seconds(binary.BigEndian.Uint64(v[16:])),
			})
		}
		return nil
	})
	return out, err
}

// Work is the minutes a person worked on an output, summed over the whole project.
type Work struct {
	Person, Output string
	Seconds        Seconds
}

// WorkTotals sums every live entry by person and output, reading the by-output index only.
func (s *Store) WorkTotals(projectID string) ([]Work, error) {
	var out []Work
	err := s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return &NotFoundError{What: "project", Ref: projectID}
		}
		var cur []byte // output+person of the running sum
		c := pb.Bucket(bucketByOutput).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if cur == nil || !bytes.Equal(cur, k[:32]) {
				cur = k[:32:32]
				out = append(out, Work{Output: keyID(k[:16]), Person: keyID(k[16:32])})
			}
			out[len(out)-1].Seconds += Seconds(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	return out, err
}

// WorkFromEntries sums entries by person and output, as WorkTotals does from the index.
func WorkFromEntries(entries []Entry) []Work {
	type key struct{ p, o string }
	sum := map[key]Seconds{}
	var order []key
	for _, e := range entries {
		if e.Deleted {
			continue
		}
		k := key{e.Person, e.Output}
		if _, ok := sum[k]; !ok {
			order = append(order, k)
		}
		sum[k] += e.Hours
	}
	out := make([]Work, len(order))
	for i, k := range order {
		out[i] = Work{Person: k.p, Output: k.o, Seconds: sum[k]}
	}
	return out
}
