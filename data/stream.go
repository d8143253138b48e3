package data

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"
)

// Streamed import: a partnerdesk/1 document read token by token, its entries (nearly all of a
// large document) spooled to a temp file one at a time and merged in batches, so memory holds
// the other records and one batch, whatever the size of the document.
//
// All or nothing still: a project new to the store is built in a staging bucket over several
// transactions and moved under projects/ by the last one (a crash leaves only the staging bucket,
// removed by the next import of the project), its entries and index keys sorted through temp
// files (runsort.go) so each goes in in key order; a project already in the store is merged in one
// transaction, whose memory is what the document changes. Validation, the day totals and the
// share-trust gate (strict, for a plain import into a shared project) run as Import runs them;
// a share's records file (ImportOptions.Owner) goes through Import.

// bucketStaging holds projects being imported: staging/<project id> is a project bucket in the making.
var bucketStaging = []byte("staging")

// streamBatch is how many entries are validated, screened and merged at a time (a variable for
// the tests, which import in many small batches).
var streamBatch = 4096

// ImportStream imports a partnerdesk/1 document from r, as Import does, reading it as a stream.
func (s *Store) ImportStream(r io.Reader, opt ImportOptions) (ImportResult, error) {
	if opt.Owner != "" {
		doc, err := DecodeDocument(r, opt.Source)
		if err != nil {
			return ImportResult{}, err
		}
		return s.Import(doc, opt)
	}
	spool, err := newEntrySpool()
	if err != nil {
		return ImportResult{}, err
	}
	defer spool.close()
	head, err := decodeStream(r, opt.Source, spool.add)
	if err != nil {
		return ImportResult{}, err
	}
	if err := spool.finish(); err != nil {
		return ImportResult{}, err
	}
	return s.importSpooled(head, spool, opt)
}

// importSpooled is Import for a document whose entries wait in the spool.
func (s *Store) importSpooled(doc *Document, spool *entrySpool, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	if opt.Action == "" {
		opt.Action = "import"
	}
	projectID, err := importTarget(doc, opt)
	if err != nil {
		return res, err
	}
	defaultOwner := doc.Installation
	if defaultOwner == "" {
		defaultOwner = s.installation
	}
	approvals := doc.Approvals
	head := *doc
	head.Approvals = nil

	// prepare reads the world and checks the whole document against it; nothing is written.
	var w *world
	var g *gate
	prepare := func(tx *bolt.Tx) error {
		var err error
		if w, err = loadWorld(tx, projectID); err != nil {
			return err
		}
		if doc.Project == nil && w.project == nil {
			return &InputError{Where: opt.Source, Msg: fmt.Sprintf("project %s does not exist", projectID)}
		}
		auth, err := readAuthority(tx, projectID)
		if err != nil {
			return err
		}
		pb := projectBucket(tx, projectID)
		hd := &head
		if auth != nil {
			g = &gate{auth: auth, writer: s.installation, project: w.project, w: w, people: w.people, now: s.now(), strict: true}
			if hd, err = g.screen(pb, hd); err != nil {
				return err
			}
			head = *hd
		}
		if doc.Project != nil {
			if err := checkProjectClash(tx, doc.Project, opt.Source); err != nil {
				return err
			}
		}
		stampAdded(head.Partners, w.partners, s.now())
		w.overlay(&head)
		// The problems in validate's order: the records before the entries (costs too), the entries, the approvals.
		var first *InputError
		count := 0
		note := func(err error) {
			var ie *InputError
			if errors.As(err, &ie) {
				if first == nil {
					first = ie
				}
				count += 1 + ie.More
			}
		}
		if err := w.validate(&head, opt.Source, opt.Single); err != nil {
			if w.project == nil {
				return err
			}
			note(err)
		}
		base := 0
		if err := spool.each(func(batch []Entry) error {
			bd := &Document{Entries: batch}
			if g != nil {
				if _, err := g.screen(pb, bd); err != nil {
					return err
				}
			}
			w.entryBase = base
			note(w.validate(bd, opt.Source, opt.Single))
			base += len(batch)
			return nil
		}); err != nil {
			return err
		}
		w.entryBase = 0
		ad := &Document{Approvals: approvals}
		if g != nil {
			if ad, err = g.screen(pb, ad); err != nil {
				return err
			}
			approvals = ad.Approvals
		}
		note(w.validate(ad, opt.Source, opt.Single))
		if first != nil {
			e := *first
			e.More = count - 1
			return &e
		}
		return nil
	}
	// mergeBatches writes the entries into pb, a batch at a time; between batches, next may commit.
	m := merger{s: s, now: s.now().UTC(), owner: defaultOwner, res: &res}
	mergeHead := func(pb *bolt.Bucket) error {
		if head.Project != nil {
			if err := mergeOne(&m, pb, keyRecord, head.Project, nil); err != nil {
				return err
			}
		}
		if err := mergeAll(&m, pb, KindPartner, head.Partners); err != nil {
			return err
		}
		if err := mergePeople(&m, pb, head.People); err != nil {
			return err
		}
		if err := mergeAll(&m, pb, KindOutput, head.Outputs); err != nil {
			return err
		}
		if err := mergeAll(&m, pb, KindEvent, head.Events); err != nil {
			return err
		}
		return mergeAll(&m, pb, KindParticipant, head.Participants)
	}
	mergeBatch := func(pb *bolt.Bucket, batch []Entry, base int) error {
		w.entryBase = base
		bd := &Document{Entries: batch}
		if err := checkDayTotals(pb, bd, w, opt); err != nil {
			return err
		}
		// A batch's entries land all over a large bucket: give back the pages read every so often,
		// so the resident memory is a slice's worth of pages, not the store's.
		for len(batch) > 0 {
			n := min(len(batch), 2048)
			if err := mergeEntries(&m, pb, batch[:n]); err != nil {
				return err
			}
			releaseMapped(pb.Tx())
			batch = batch[n:]
		}
		return nil
	}
	mergeTail := func(pb *bolt.Bucket) error {
		if err := mergeAll(&m, pb, KindApproval, approvals); err != nil {
			return err
		}
		return mergeAll(&m, pb, KindCost, head.Costs)
	}
	finish := func(tx *bolt.Tx, pb *bolt.Bucket) error {
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
	}

	var exists bool
	if err := s.view(func(tx *bolt.Tx) error {
		exists = projectBucket(tx, projectID) != nil
		return nil
	}); err != nil {
		return ImportResult{}, err
	}
	if exists {
		// One transaction: what it holds in memory is what the document changes.
		err := s.update(func(tx *bolt.Tx) error {
			if err := prepare(tx); err != nil {
				return err
			}
			pb, err := ensureProjectBucket(tx, projectID)
			if err != nil {
				return err
			}
			if err := mergeHead(pb); err != nil {
				return err
			}
			base := 0
			if err := spool.each(func(batch []Entry) error {
				err := mergeBatch(pb, batch, base)
				base += len(batch)
				return err
			}); err != nil {
				return err
			}
			if err := mergeTail(pb); err != nil {
				return err
			}
			return finish(tx, pb)
		})
		if err != nil {
			return ImportResult{}, err
		}
		return res, nil
	}

	// A new project: staged over several transactions, moved in place by the last one; its entries
	// and their index keys go in in key order (see stageEntries).
	key := idKey(projectID)
	dropStaging := func() {
		_ = s.update(func(tx *bolt.Tx) error {
			if st := tx.Bucket(bucketStaging); st != nil && st.Bucket(key) != nil {
				return st.DeleteBucket(key)
			}
			return nil
		})
	}
	staged := func(tx *bolt.Tx) (*bolt.Bucket, error) {
		st, err := tx.CreateBucketIfNotExists(bucketStaging)
		if err != nil {
			return nil, err
		}
		return ensureProjectBucketIn(st, projectID)
	}
	err = s.update(func(tx *bolt.Tx) error {
		if err := prepare(tx); err != nil {
			return err
		}
		if st := tx.Bucket(bucketStaging); st != nil && st.Bucket(key) != nil {
			if err := st.DeleteBucket(key); err != nil { // left by an import that stopped half-way
				return err
			}
		}
		pb, err := staged(tx)
		if err != nil {
			return err
		}
		return mergeHead(pb)
	})
	if err != nil {
		return ImportResult{}, err
	}
	err = s.stageEntries(spool, staged, &m, w, opt)
	if err == nil {
		err = s.update(func(tx *bolt.Tx) error {
			pb, err := staged(tx)
			if err != nil {
				return err
			}
			return mergeTail(pb)
		})
	}
	if err == nil {
		// The move goes in a transaction of its own that changes nothing inside the staged bucket:
		// bbolt's MoveBucket carries the bucket as committed, not sub-buckets changed beside it.
		err = s.update(func(tx *bolt.Tx) error {
			if projectBucket(tx, projectID) != nil {
				return fmt.Errorf("%s: project %s was created while the import ran; import again", quoteOr(opt.Source, "document"), projectID)
			}
			if doc.Project != nil {
				if err := checkProjectClash(tx, doc.Project, opt.Source); err != nil {
					return err
				}
			}
			st := tx.Bucket(bucketStaging)
			pb := st.Bucket(key)
			if pb == nil {
				return fmt.Errorf("the staged import of project %s has gone", projectID)
			}
			if err := finish(tx, pb); err != nil {
				return err
			}
			if err := tx.MoveBucket(key, st, tx.Bucket(bucketProjects)); err != nil {
				return err
			}
			if k, _ := st.Cursor().First(); k == nil {
				return tx.DeleteBucket(bucketStaging)
			}
			return nil
		})
	}
	if err != nil {
		dropStaging()
		return ImportResult{}, err
	}
	return res, nil
}

// stageEntries merges the spooled entries into the staged project bucket, then their index keys,
// each in key order through a runSorter, a transaction per batch. In key order each bucket grows
// at its end, so a transaction writes the pages it fills: in document order (by date) a batch
// lands all over the tree, and every commit rewrites a page per person or per entry, a cost that
// grows with the project. The day totals are checked on the by-person keys as they come sorted.
func (s *Store) stageEntries(spool *entrySpool, staged func(*bolt.Tx) (*bolt.Bucket, error), m *merger, w *world, opt ImportOptions) error {
	byID, err := newRunSorter("import: the entries")
	if err != nil {
		return err
	}
	defer byID.close()
	var kb []byte
	pos := uint32(0)
	if err := spool.eachRaw(func(key, raw []byte) error {
		kb = binary.BigEndian.AppendUint32(append(kb[:0], key...), pos) // equal IDs stay in document order
		pos++
		return byID.add(kb, raw)
	}); err != nil {
		return err
	}
	spool.close() // the runs hold the entries now: the temp space of one copy, not two
	byPerson, err := newRunSorter("import: the index keys")
	if err != nil {
		return err
	}
	defer byPerson.close()
	byOutput, err := newRunSorter("import: the index keys")
	if err != nil {
		return err
	}
	defer byOutput.close()
	if err := s.stageSortedEntries(byID, staged, m, byPerson, byOutput); err != nil {
		return err
	}
	byID.close()

	// The by-person keys, and with them each person-day's hours: the first day over 24 hours in
	// (person, day) order is refused, as checkDayTotals refuses it, named by its last entry.
	var day []byte
	var total Seconds
	var dayPos uint32
	checkDay := func() error {
		if day == nil || total <= 24*3600 {
			return nil
		}
		return dayTotalError(opt, w, int(dayPos), dateFromDayNumber(binary.BigEndian.Uint32(day[16:20])), keyID(day[:16]), total)
	}
	if err := s.putSorted(byPerson, staged, bucketByPerson, func(k, v []byte) ([]byte, error) {
		if day == nil || !bytes.Equal(k[:20], day) {
			if err := checkDay(); err != nil {
				return nil, err
			}
			day, total, dayPos = append(day[:0], k[:20]...), 0, 0
		}
		total += Seconds(binary.BigEndian.Uint64(v[16:24]))
		dayPos = max(dayPos, binary.BigEndian.Uint32(v[24:]))
		return v[:24], nil // the stored value, without the position
	}); err != nil {
		return err
	}
	if err := checkDay(); err != nil {
		return err
	}
	return s.putSorted(byOutput, staged, bucketByOutput, func(_, v []byte) ([]byte, error) { return v, nil })
}

// stageSortedEntries merges the entries byID hands out (ID, then position in the document) into
// the staged bucket, streamBatch a transaction, and gives each ID's last version written to the
// index sorters, its by-person value followed by its position.
func (s *Store) stageSortedEntries(byID *runSorter, staged func(*bolt.Tx) (*bolt.Bucket, error), m *merger, byPerson, byOutput *runSorter) error {
	var last Entry
	var lastKey []byte
	var lastPos uint32
	emit := func() error {
		if lastKey == nil || last.Deleted {
			return nil
		}
		v := binary.BigEndian.AppendUint32(personIndexValue(&last), lastPos)
		if err := byPerson.add(personDateKey(last.Person, last.Date, last.ID), v); err != nil {
			return err
		}
		return byOutput.add(outputKey(&last), binary.BigEndian.AppendUint64(nil, uint64(last.Hours)))
	}
	batch := make([]Entry, 0, streamBatch)
	positions := make([]uint32, 0, streamBatch)
	merge := func() error {
		err := s.update(func(tx *bolt.Tx) error {
			pb, err := staged(tx)
			if err != nil {
				return err
			}
			b := pb.Bucket([]byte(KindEntry))
			b.FillPercent = 1 // appended in key order: pages filled, not left half empty by splits
			for i := range batch {
				key := idKey(batch[i].ID)
				if lastKey != nil && !bytes.Equal(key, lastKey) { // the previous ID is done
					if err := emit(); err != nil {
						return err
					}
					lastKey = nil
				}
				if err := mergeOne(m, b, key, &batch[i], func(_, in *Entry) error {
					last, lastKey, lastPos = *in, key, positions[i]
					return nil
				}); err != nil {
					return err
				}
			}
			return nil
		})
		s.ReleaseMapped()
		batch, positions = batch[:0], positions[:0]
		return err
	}
	if err := byID.each(func(k, raw []byte) error {
		batch = append(batch, Entry{})
		if err := unmarshalRecord(raw, &batch[len(batch)-1]); err != nil {
			return fmt.Errorf("import: reading back the entries: %w", err)
		}
		positions = append(positions, binary.BigEndian.Uint32(k[len(k)-4:]))
		if len(batch) == streamBatch {
			return merge()
		}
		return nil
	}); err != nil {
		return err
	}
	if len(batch) > 0 {
		if err := merge(); err != nil {
			return err
		}
	}
	return emit()
}

// putSorted writes a sorter's records, in key order, into a sub-bucket of the staged project,
// a transaction per indexBatch; value turns a record's value into the value stored.
func (s *Store) putSorted(srt *runSorter, staged func(*bolt.Tx) (*bolt.Bucket, error), name []byte, value func(k, v []byte) ([]byte, error)) error {
	const indexBatch = 32768
	var arena []byte
	var kvs [][2]int // end of key, end of value in arena
	flush := func() error {
		err := s.update(func(tx *bolt.Tx) error {
			pb, err := staged(tx)
			if err != nil {
				return err
			}
			b := pb.Bucket(name)
			b.FillPercent = 1 // in key order, as the entries
			from := 0
			for _, kv := range kvs {
				if err := b.Put(arena[from:kv[0]], arena[kv[0]:kv[1]]); err != nil {
					return err
				}
				from = kv[1]
			}
			return nil
		})
		s.ReleaseMapped()
		arena, kvs = arena[:0], kvs[:0]
		return err
	}
	if err := srt.each(func(k, v []byte) error {
		v, err := value(k, v)
		if err != nil {
			return err
		}
		arena = append(arena, k...)
		ke := len(arena)
		arena = append(arena, v...)
		kvs = append(kvs, [2]int{ke, len(arena)})
		if len(kvs) == indexBatch {
			return flush()
		}
		return nil
	}); err != nil {
		return err
	}
	if len(kvs) > 0 {
		return flush()
	}
	return nil
}

// entrySpool keeps a document's entries in a temp file, in document order: each entry's ID key and
// JSON, written by json.Marshal as the store writes a record (so unmarshalRecord reads it).
type entrySpool struct {
	rf  *recordFile
	n   int
	end int64
}

func newEntrySpool() (*entrySpool, error) {
	rf, err := newRecordFile("import: the entries")
	if err != nil {
		return nil, err
	}
	return &entrySpool{rf: rf}, nil
}

func (sp *entrySpool) add(e *Entry) error {
	raw, err := json.Marshal(e)
	if err != nil {
		return err
	}
	key := idKey(e.ID)
	sp.n++
	sp.end += int64(8 + len(key) + len(raw))
	return sp.rf.write(key, raw)
}

func (sp *entrySpool) finish() error { return sp.rf.bw.Flush() }

func (sp *entrySpool) close() { sp.rf.close() }

// eachRaw hands out the spooled entries' ID keys and JSON in document order.
func (sp *entrySpool) eachRaw(fn func(key, raw []byte) error) error {
	r := sp.rf.reader(0, sp.end, sp.n, 256<<10)
	for {
		ok, err := r.next()
		if !ok || err != nil {
			return err
		}
		if err := fn(r.key, r.val); err != nil {
			return err
		}
	}
}

// each hands out the spooled entries in document order, streamBatch at a time.
func (sp *entrySpool) each(fn func([]Entry) error) error {
	batch := make([]Entry, 0, min(sp.n, streamBatch))
	err := sp.eachRaw(func(_, raw []byte) error {
		batch = append(batch, Entry{})
		if err := unmarshalRecord(raw, &batch[len(batch)-1]); err != nil {
			return fmt.Errorf("import: reading back the entries: %w", err)
		}
		if len(batch) == streamBatch {
			err := fn(batch)
			batch = batch[:0]
			return err
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		return fn(batch)
	}
	return err
}

// decodeStream is DecodeDocument reading r as a stream: every record but the entries is kept in
// the document; each entry, decoded and checked as DecodeDocument checks it, goes to onEntry.
func decodeStream(r io.Reader, source string, onEntry func(*Entry) error) (*Document, error) {
	lc := &lineCounter{r: r}
	br := bufio.NewReaderSize(lc, 256<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3) // editors on Windows add a BOM
		lc.bom = 3
	}
	dec := json.NewDecoder(br)
	syntax := func(err error) error { return &InputError{Where: source, Msg: lc.syntaxMessage(err)} }
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, &InputError{Where: source, Msg: "is empty, not a partnerdesk/1 document"}
	}
	if err != nil {
		return nil, syntax(err)
	} else if tok != json.Delim('{') {
		return nil, &InputError{Where: source, Msg: "is not a JSON object: not a partnerdesk/1 document"}
	}
	return decodeBody(dec, source, syntax, onEntry)
}

// decodeEntries is decodeArray for the entries, handing each to onEntry instead of keeping it.
func decodeEntries(dec *json.Decoder, onEntry func(*Entry) error) (*fieldError, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('[') {
		return &fieldError{"", "is not an array"}, nil
	}
	var it json.RawMessage
	for i := 0; dec.More(); i++ {
		it = it[:0]
		if err := dec.Decode(&it); err != nil {
			return nil, err
		}
		var e Entry
		if err := decodeRecord(it, &e); err != nil {
			return &fieldError{fmt.Sprintf("[%d]%s", i, err.field), err.msg}, nil
		}
		if err := onEntry(&e); err != nil {
			return nil, &InputError{Msg: err.Error()}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return nil, nil
}

// lineCounter counts the lines of what it has read, keeping the last chunks so a syntax error's
// byte offset becomes a line and column as DecodeDocument reports them, without keeping the document.
type lineCounter struct {
	r      io.Reader
	bom    int
	off    int64 // bytes read before the chunks kept
	lines  int   // newlines before the chunks kept
	col    int   // column at the start of the chunks kept
	chunks [][]byte
	size   int
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.chunks = append(c.chunks, append([]byte(nil), p[:n]...))
		c.size += n
		for c.size > 4<<20 && len(c.chunks) > 1 { // keep the last 4 MB
			old := c.chunks[0]
			c.chunks = c.chunks[1:]
			c.size -= len(old)
			c.off += int64(len(old))
			for _, b := range old {
				if b == '\n' {
					c.lines, c.col = c.lines+1, 0
				} else {
					c.col++
				}
			}
		}
	}
	return n, err
}

func (c *lineCounter) syntaxMessage(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		at := se.Offset + int64(c.bom)
		line, col := c.lines+1, c.col+1
		if at >= c.off {
			rest := at - c.off
			for _, ch := range c.chunks {
				for _, b := range ch {
					if rest <= 0 {
						break
					}
					rest--
					if b == '\n' {
						line, col = line+1, 1
					} else {
						col++
					}
				}
			}
			// DecodeDocument counts from the document after its BOM.
			if c.bom > 0 && line == 1 {
				col -= c.bom
			}
			return fmt.Sprintf("line %d, column %d: invalid JSON: %s", line, col, se.Error())
		}
	}
	return jsonSyntaxMessage(nil, err)
}
