package data

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ImportOptions say where a document comes from and how strictly to take it.
type ImportOptions struct {
	Source  string // named in errors and the audit log: a file name, "stdin", "demo", "records/<installation>.json"
	Project string // the project (ID) of a document that carries none
	// Owner, when set, is the only installation whose records the document may carry (a share's records file).
	Owner  string
	Action string // audit action; "import" when empty
	// Single marks one record typed by a person: errors name it ("entry 2020-03-02 for …") rather than its position.
	Single bool
	// Detail replaces the audit line's summary: what a person did, in words.
	Detail string
	// Snapshot marks the coordinator's file read at join: all it holds was written before this
	// installation's organisation joined, so the coordinator's records of it are taken as they are.
	Snapshot bool
	// Exclude names records of a share's file that are refused before anything else, and why
	// (an ID two installations claim at once).
	Exclude map[string]string
}

// ImportResult counts what an import did.
type ImportResult struct {
	Project   Project
	Added     int
	Updated   int
	Deleted   int
	Unchanged int
	Older     int // incoming records older than the stored ones, kept as stored
	// Refused are records of a share's file that its installation may not write; nothing of them was merged.
	Refused []Refusal
}

// Changed reports whether the import changed the store.
func (r ImportResult) Changed() bool { return r.Added+r.Updated+r.Deleted > 0 }

// Import merges a partnerdesk/1 document into the store, all or nothing.
// A record is matched by ID; a newer revision replaces an older one, the same content changes nothing.
func (s *Store) Import(doc *Document, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	if opt.Action == "" {
		opt.Action = "import"
	}
	projectID, err := importTarget(doc, opt)
	if err != nil {
		return res, err
	}
	defaultOwner := doc.Installation
	if opt.Owner != "" {
		defaultOwner = opt.Owner // a share's file: what it carries is its installation's, never the receiver's
	}
	if defaultOwner == "" {
		defaultOwner = s.installation
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		w, err := loadWorld(tx, projectID)
		if err != nil {
			return err
		}
		if doc.Project == nil && w.project == nil {
			return &InputError{Where: opt.Source, Msg: fmt.Sprintf("project %s does not exist", projectID)}
		}
		auth, err := readAuthority(tx, projectID)
		if err != nil {
			return err
		}
		w.loosePeriods = opt.Owner != ""
		if opt.Owner != "" || auth != nil {
			g := &gate{auth: auth, writer: opt.Owner, project: w.project, w: w, people: w.people, now: s.now(), strict: opt.Owner == "",
				snapshot: opt.Snapshot, exclude: opt.Exclude}
			if g.strict {
				g.writer = s.installation
			}
			if doc, err = g.screen(projectBucket(tx, projectID), doc); err != nil {
				return err
			}
			res.Refused = g.refused
		}
		if doc.Project != nil {
			if err := checkProjectClash(tx, doc.Project, opt.Source); err != nil {
				return err
			}
		}
		if opt.Owner == "" {
			stampAdded(doc.Partners, w.partners, s.now())
		}
		w.overlay(doc)
		if err := w.validate(doc, opt.Source, opt.Single); err != nil {
			return err
		}
		pb, err := ensureProjectBucket(tx, projectID)
		if err != nil {
			return err
		}
		if err := checkDayTotals(pb, doc, w, opt); err != nil {
			return err
		}
		m := merger{s: s, now: s.now().UTC(), owner: defaultOwner, res: &res}
		if doc.Project != nil {
			if err := mergeOne(&m, pb, keyRecord, doc.Project, nil); err != nil {
				return err
			}
		}
		if err := mergeAll(&m, pb, KindPartner, doc.Partners); err != nil {
			return err
		}
		if err := mergePeople(&m, pb, doc.People); err != nil {
			return err
		}
		if err := mergeAll(&m, pb, KindOutput, doc.Outputs); err != nil {
			return err
		}
		if err := mergeAll(&m, pb, KindEvent, doc.Events); err != nil {
			return err
		}
		if err := mergeAll(&m, pb, KindParticipant, doc.Participants); err != nil {
			return err
		}
		if err := mergeEntries(&m, pb, doc.Entries); err != nil {
			return err
		}
		if err := mergeAll(&m, pb, KindApproval, doc.Approvals); err != nil {
			return err
		}
		if err := mergeAll(&m, pb, KindCost, doc.Costs); err != nil {
			return err
		}
		if _, err := getJSON(pb, keyRecord, &res.Project); err != nil {
			return err
		}
		if !res.Changed() {
			return nil
		}
		detail := opt.Detail
		if detail == "" {
			detail = fmt.Sprintf("%s: %d added, %d updated, %d deleted, %d unchanged, %d older kept",
				quoteOr(opt.Source, "document"), res.Added, res.Updated, res.Deleted, res.Unchanged, res.Older)
		}
		return s.appendAudit(tx, AuditEvent{Project: projectID, Action: opt.Action, Kind: KindProject, Record: projectID, Detail: detail})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// checkProjectClash refuses a second project with the number or acronym of one already in the store.
func checkProjectClash(tx *bolt.Tx, p *Project, source string) error {
	return tx.Bucket(bucketProjects).ForEachBucket(func(k []byte) error {
		if keyID(k) == p.ID {
			return nil
		}
		var other Project
		if _, err := getJSON(tx.Bucket(bucketProjects).Bucket(k), keyRecord, &other); err != nil || other.Deleted {
			return err
		}
		if other.Number == p.Number {
			return &InputError{Where: source + ": project: number", Msg: fmt.Sprintf("%s is already the number of project %s (id %s)", p.Number, other.Acronym, other.ID)}
		}
		if strings.EqualFold(other.Acronym, p.Acronym) {
			return &InputError{Where: source + ": project: acronym", Msg: fmt.Sprintf("%s is already the acronym of project %s (id %s)", p.Acronym, other.Number, other.ID)}
		}
		return nil
	})
}

// ensureProjectBucket creates a project's bucket and its sub-buckets.
func ensureProjectBucket(tx *bolt.Tx, projectID string) (*bolt.Bucket, error) {
	return ensureProjectBucketIn(tx.Bucket(bucketProjects), projectID)
}

// ensureProjectBucketIn is ensureProjectBucket under another parent (a staged import's).
func ensureProjectBucketIn(parent *bolt.Bucket, projectID string) (*bolt.Bucket, error) {
	pb, err := parent.CreateBucketIfNotExists(idKey(projectID))
	if err != nil {
		return nil, err
	}
	for _, k := range recordKinds {
		if _, err := pb.CreateBucketIfNotExists([]byte(k)); err != nil {
			return nil, err
		}
	}
	for _, b := range [][]byte{bucketByPerson, bucketByOutput, bucketPeopleByIdentity} {
		if _, err := pb.CreateBucketIfNotExists(b); err != nil {
			return nil, err
		}
	}
	return pb, nil
}

// loadWorld reads a project's records (all but entries and approvals) for validation.
func loadWorld(tx *bolt.Tx, projectID string) (*world, error) {
	w := newWorld()
	pb := projectBucket(tx, projectID)
	if pb == nil {
		return w, nil
	}
	p := &Project{}
	if ok, err := getJSON(pb, keyRecord, p); err != nil {
		return nil, err
	} else if ok {
		w.project = p
	}
	if err := forEach(pb, KindPartner, func(r *Partner) error { w.partners[r.ID] = r; return nil }); err != nil {
		return nil, err
	}
	if err := forEach(pb, KindPerson, func(r *Person) error { w.people[r.ID] = r; return nil }); err != nil {
		return nil, err
	}
	if err := forEach(pb, KindOutput, func(r *Output) error { w.outputs[r.ID] = r; return nil }); err != nil {
		return nil, err
	}
	if err := forEach(pb, KindEvent, func(r *Event) error { w.events[r.ID] = r; return nil }); err != nil {
		return nil, err
	}
	return w, nil
}

// checkDayTotals refuses a person-day with more than 24 hours once the document's entries are in.
func checkDayTotals(pb *bolt.Bucket, doc *Document, w *world, opt ImportOptions) error {
	type pd struct {
		person string
		day    uint32
	}
	incoming := map[string]*Entry{}
	days := map[pd][]int{}
	for i := range doc.Entries {
		e := &doc.Entries[i]
		incoming[e.ID] = e
		if !e.Deleted {
			k := pd{e.Person, e.Date.DayNumber()}
			days[k] = append(days[k], i)
		}
	}
	keys := make([]pd, 0, len(days))
	for k := range days {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].person != keys[j].person {
			return keys[i].person < keys[j].person
		}
		return keys[i].day < keys[j].day
	})
	idx := pb.Bucket(bucketByPerson)
	for _, k := range keys {
		var total Seconds
		for _, i := range days[k] {
			total += doc.Entries[i].Hours
		}
		prefix := binary.BigEndian.AppendUint32(idKey(k.person), k.day)
		c := idx.Cursor()
		for key, v := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, v = c.Next() {
			if _, replaced := incoming[keyID(key[20:])]; !replaced {
				total += Seconds(binary.BigEndian.Uint64(v[16:]))
			}
		}
		if total > 24*3600 {
			i := days[k][len(days[k])-1]
			e := &doc.Entries[i]
			return dayTotalError(opt, w, w.entryBase+i, e.Date, e.Person, total)
		}
	}
	return nil
}

// dayTotalError refuses a person-day of more than 24 hours, naming the entry at position i of the document.
func dayTotalError(opt ImportOptions, w *world, i int, d Date, person string, total Seconds) error {
	p := &problems{source: opt.Source, single: opt.Single}
	where := p.at("entries", "entry", i, fmt.Sprintf("%s for %s", d, w.personName(person)))
	if opt.Source != "" {
		where = opt.Source + ": " + where
	}
	return &InputError{Where: where + ": hours", Msg: fmt.Sprintf("the day would hold %s h, more than 24", total)}
}

// merger applies incoming records by revision and counts what it did.
type merger struct {
	s     *Store
	now   time.Time
	owner string
	res   *ImportResult
}

// recPtr lets generic code copy a record struct and reach its Meta.
type recPtr[S any] interface {
	*S
	record
}

// content is a record's JSON without its sharing fields: equal content means nothing to change.
func content[S any, P recPtr[S]](r *S) []byte {
	c := *r
	*P(&c).meta() = Meta{Deleted: P(r).meta().Deleted}
	b, _ := json.Marshal(c)
	return b
}

// decide merges incoming into stored (nil when new) and says whether to write, and what it counts as.
func decide[S any, P recPtr[S]](m *merger, stored, in *S) (write bool) {
	im := P(in).meta()
	if stored == nil {
		if im.Rev <= 0 {
			im.Rev = 1
		}
		if im.Owner == "" {
			im.Owner = m.owner
		}
		if im.Updated.IsZero() {
			im.Updated = m.now
		}
		if im.Deleted {
			m.res.Deleted++
		} else {
			m.res.Added++
		}
		return true
	}
	sm := P(stored).meta()
	same := bytes.Equal(content[S, P](stored), content[S, P](in))
	switch {
	case im.Rev == 0: // a hand-made document: its content is the new truth
		if same {
			m.res.Unchanged++
			return false
		}
		im.Rev, im.Owner, im.Updated = sm.Rev+1, sm.Owner, m.now
	case im.Rev > sm.Rev:
		if im.Owner == "" {
			im.Owner = sm.Owner
		}
		if im.Updated.IsZero() {
			im.Updated = m.now
		}
	case im.Rev == sm.Rev && same:
		m.res.Unchanged++
		return false
	case im.Rev == sm.Rev && (im.Updated.After(sm.Updated) ||
		(im.Updated.Equal(sm.Updated) && bytes.Compare(content[S, P](in), content[S, P](stored)) > 0)):
		// Two installations wrote the same revision: the later one wins everywhere, the same way.
	default:
		m.res.Older++
		return false
	}
	if im.Deleted && !sm.Deleted {
		m.res.Deleted++
	} else {
		m.res.Updated++
	}
	return true
}

// mergeOne merges one record under key in bucket b; after runs on a write with the stored version (or nil).
func mergeOne[S any, P recPtr[S]](m *merger, b *bolt.Bucket, key []byte, in *S, after func(stored, in *S) error) error {
	var stored *S
	s := new(S)
	if ok, err := getJSON(b, key, s); err != nil {
		return err
	} else if ok {
		stored = s
	}
	if !decide[S, P](m, stored, in) {
		return nil
	}
	raw, err := json.Marshal(in)
	if err != nil {
		return err
	}
	if err := b.Put(key, raw); err != nil {
		return err
	}
	if after != nil {
		return after(stored, in)
	}
	return nil
}

func mergeAll[S any, P recPtr[S]](m *merger, pb *bolt.Bucket, kind Kind, list []S) error {
	b := pb.Bucket([]byte(kind))
	for _, i := range keyOrder(list, func(r *S) string { return P(r).recordID() }) {
		if err := mergeOne[S, P](m, b, idKey(P(&list[i]).recordID()), &list[i], nil); err != nil {
			return err
		}
	}
	return nil
}

// keyOrder returns the indexes of list in key order: bbolt inserts in key order cheaply, and in
// random order it moves a growing node's memory on every put of a large transaction.
func keyOrder[S any](list []S, id func(*S) string) []int {
	keys := make([][]byte, len(list))
	order := make([]int, len(list))
	for i := range list {
		keys[i], order[i] = idKey(id(&list[i])), i
	}
	sort.Slice(order, func(a, b int) bool { return bytes.Compare(keys[order[a]], keys[order[b]]) < 0 })
	return order
}

// mergePeople merges people and keeps the people index in step in the same transaction.
func mergePeople(m *merger, pb *bolt.Bucket, list []Person) error {
	b := pb.Bucket([]byte(KindPerson))
	for _, i := range keyOrder(list, func(p *Person) string { return p.ID }) {
		if err := mergeOne(m, b, idKey(list[i].ID), &list[i], func(stored, in *Person) error {
			return indexPerson(pb, stored, in)
		}); err != nil {
			return err
		}
	}
	return nil
}

// mergeEntries merges entries and keeps the indexes in step in the same transaction.
func mergeEntries(m *merger, pb *bolt.Bucket, list []Entry) error {
	b := pb.Bucket([]byte(KindEntry))
	var drop, add []*Entry
	for _, i := range keyOrder(list, func(e *Entry) string { return e.ID }) {
		err := mergeOne(m, b, idKey(list[i].ID), &list[i], func(stored, in *Entry) error {
			if stored != nil && !stored.Deleted {
				drop = append(drop, stored)
			}
			if !in.Deleted {
				add = append(add, in)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, e := range drop {
		if err := unindexEntry(pb, e); err != nil {
			return err
		}
	}
	return indexEntries(pb, add)
}

// stampAdded gives each partner new to the store the time it was added, in the order of the document,
// and keeps a stored partner's: management beyond ten organisations follows this order, not record IDs.
func stampAdded(list []Partner, stored map[string]*Partner, now time.Time) {
	for i := range list {
		if !list[i].Added.IsZero() {
			continue
		}
		if old := stored[list[i].ID]; old != nil && !old.Added.IsZero() {
			list[i].Added = old.Added
			continue
		}
		list[i].Added = now.UTC().Add(time.Duration(i) * time.Millisecond).Truncate(time.Millisecond)
	}
}

// importTarget is the project a document goes into: its own, which must be the one named if one is.
func importTarget(doc *Document, opt ImportOptions) (string, error) {
	projectID := opt.Project
	if doc.Project != nil {
		if opt.Project != "" && opt.Project != doc.Project.ID {
			return "", &InputError{Where: opt.Source, Msg: fmt.Sprintf("holds project %s, not the project named", doc.Project.Acronym)}
		}
		projectID = doc.Project.ID
	}
	if projectID == "" {
		return "", &InputError{Where: opt.Source, Msg: "the document has no project; name the project it belongs to"}
	}
	if !validID(projectID) {
		return "", &InputError{Where: opt.Source + ": project: id", Msg: fmt.Sprintf("%q is not a UUID", projectID)}
	}
	return projectID, nil
}
