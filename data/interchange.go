package data

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Format is the interchange format this build reads and writes.
const Format = "partnerdesk/1"

// Document is a partnerdesk/1 document: one project's records (FORMAT.md).
// It is also how a project's records travel inside the program.
type Document struct {
	Format       string        `json:"format"`
	ExportedAt   time.Time     `json:"exported_at,omitzero"`
	Installation string        `json:"installation,omitempty"`
	Project      *Project      `json:"project,omitempty"`
	Partners     []Partner     `json:"partners"`
	People       []Person      `json:"people"`
	Outputs      []Output      `json:"outputs"`
	Events       []Event       `json:"events"`
	Participants []Participant `json:"participants"`
	Entries      []Entry       `json:"entries"`
	Approvals    []Approval    `json:"approvals"`
	Costs        []Cost        `json:"costs,omitempty"`
	// Share is what a share's records file says of its writer (key, admissions); data carries it untouched.
	Share json.RawMessage `json:"share,omitempty"`
}

// InputError is bad input: it names the place (file, record, field) and what is wrong.
type InputError struct {
	Where string // e.g. `greenskills.json: entries[3] (entry 2020-03-02 for Anna Kowalska): hours`
	Msg   string
	More  int // further problems found after this one
	// Key and Args are Msg apart, for a front end that words it in another language (see Problem);
	// Key is "" when Msg has no such form.
	Key  string
	Args []any
}

func (e *InputError) Error() string {
	s := e.Msg
	if e.Where != "" {
		s = e.Where + ": " + e.Msg
	}
	if e.More == 1 {
		s += " (and 1 more problem)"
	} else if e.More > 1 {
		s += fmt.Sprintf(" (and %d more problems)", e.More)
	}
	return s
}

// DecodeDocument reads a partnerdesk/1 document; source names it in errors (a file name, or "stdin").
// Unknown fields are ignored; any invalid value rejects the whole document.
// The arrays are read one record at a time from the document's bytes, so a large records file
// costs its size plus its records, not several copies of it.
func DecodeDocument(r io.Reader, source string) (*Document, error) {
	raw, err := readAll(r)
	if err != nil {
		return nil, &InputError{Where: source, Msg: err.Error()}
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // editors on Windows add a BOM
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, &InputError{Where: source, Msg: "is empty, not a partnerdesk/1 document"}
	}
	syntax := func(err error) error { return &InputError{Where: source, Msg: jsonSyntaxMessage(raw, err)} }
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil {
		return nil, syntax(err)
	} else if tok != json.Delim('{') {
		return nil, &InputError{Where: source, Msg: "is not a JSON object: not a partnerdesk/1 document"}
	}
	return decodeBody(dec, source, syntax, nil)
}

// readAll reads r whole, in one allocation when r is a file that knows its size.
func readAll(r io.Reader) ([]byte, error) {
	var b bytes.Buffer
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < 1<<40 {
			b.Grow(int(fi.Size()) + bytes.MinRead)
		}
	}
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}

// fieldError is a decoding problem: where inside the value (".hours", "[3].date") and what.
type fieldError struct{ field, msg string }

// decodedHook, when set by a test, is called after each array element is decoded, with its index.
var decodedHook func(i int)

// decodeArray decodes the JSON array next in dec element by element, so an error names the element
// and only one element's bytes are copied at a time; a JSON error of the document is returned as err.
// Entries' person and output IDs are shared through ids.
func decodeArray(dec *json.Decoder, dst any, ids map[string]string) (*fieldError, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil { // null: no records of the kind
		return nil, nil
	}
	if tok != json.Delim('[') {
		return &fieldError{"", "is not an array"}, nil
	}
	slice := reflect.ValueOf(dst).Elem()
	slice.Set(reflect.MakeSlice(slice.Type(), 0, 0))
	zero := reflect.Zero(slice.Type().Elem())
	intern := func(s *string) {
		if v, ok := ids[*s]; ok {
			*s = v
		} else {
			ids[*s] = *s
		}
	}
	for i := 0; dec.More(); i++ {
		var it json.RawMessage
		if err := dec.Decode(&it); err != nil {
			return nil, err
		}
		slice.Set(reflect.Append(slice, zero))
		elem := slice.Index(i).Addr().Interface()
		if err := decodeRecord(it, elem); err != nil {
			return &fieldError{fmt.Sprintf("[%d]%s", i, err.field), err.msg}, nil
		}
		if e, ok := elem.(*Entry); ok {
			intern(&e.Person)
			intern(&e.Output)
		}
		if decodedHook != nil {
			decodedHook(i)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return nil, err
	}
	return nil, nil
}

// decodeRecord decodes one record; on failure it finds the field at fault by decoding field by field.
func decodeRecord(raw json.RawMessage, dst any) *fieldError {
	err := json.Unmarshal(raw, dst)
	if err == nil {
		return nil
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return &fieldError{"", "is not an object"}
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t := reflect.TypeOf(dst).Elem()
	for _, k := range keys {
		one, _ := json.Marshal(map[string]json.RawMessage{k: fields[k]})
		probe := reflect.New(t).Interface()
		if ferr := json.Unmarshal(one, probe); ferr != nil {
			return &fieldError{" " + k, cleanJSONError(ferr, fields[k])}
		}
	}
	return &fieldError{"", cleanJSONError(err, raw)}
}

// cleanJSONError turns encoding/json's messages into one for people.
func cleanJSONError(err error, value json.RawMessage) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		want := te.Type.Kind().String()
		switch te.Type.Kind() {
		case reflect.Slice:
			want = "a list"
		case reflect.Struct, reflect.Map:
			want = "an object"
		case reflect.Int, reflect.Int64, reflect.Float64:
			want = "a number"
		}
		return fmt.Sprintf("%s is not %s", truncate(string(value), 40), want)
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "json: ")
	return msg
}

// jsonSyntaxMessage says where invalid JSON breaks, as line and column.
func jsonSyntaxMessage(raw []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := 1, 1
		for _, b := range raw[:min(int(se.Offset), len(raw))] {
			if b == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		return fmt.Sprintf("line %d, column %d: invalid JSON: %s", line, col, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "is not a JSON object: not a partnerdesk/1 document"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end") {
		return "invalid JSON: the file ends too early (cut off?)"
	}
	return "invalid JSON: " + err.Error()
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Encode writes the document as indented partnerdesk/1 JSON.
func (d *Document) Encode(w io.Writer) error {
	d.Format = Format
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

// Counts is how many records of each kind the document holds, for summaries.
func (d *Document) Counts() map[Kind]int {
	c := map[Kind]int{
		KindPartner: len(d.Partners), KindPerson: len(d.People), KindOutput: len(d.Outputs),
		KindEvent: len(d.Events), KindParticipant: len(d.Participants),
		KindEntry: len(d.Entries), KindApproval: len(d.Approvals), KindCost: len(d.Costs),
	}
	if d.Project != nil {
		c[KindProject] = 1
	}
	return c
}

// ExportTo writes the project as a partnerdesk/1 document with every record, tombstones included,
// byte for byte as Export's document would Encode, but record by record from one read
// transaction: memory holds one record at a time (and 20 bytes per entry to put them in date
// order), whatever the size of the project. It returns the counts of what it wrote.
func (s *Store) ExportTo(w io.Writer, projectID string) (map[Kind]int, error) {
	counts := map[Kind]int{}
	bw := bufio.NewWriterSize(w, 256<<10)
	x := &streamEncoder{w: bw}
	x.top = x.encoder(" ")
	x.elem = x.encoder("  ")
	err := s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return &NotFoundError{What: "project", Ref: projectID}
		}
		p := &Project{}
		if _, err := getJSON(pb, keyRecord, p); err != nil {
			return err
		}
		counts[KindProject] = 1
		x.raw("{\n \"format\": ")
		x.value(x.top, Format)
		if t := s.now().UTC().Truncate(1e9); !t.IsZero() {
			x.raw(",\n \"exported_at\": ")
			x.value(x.top, t)
		}
		if s.installation != "" {
			x.raw(",\n \"installation\": ")
			x.value(x.top, s.installation)
		}
		x.raw(",\n \"project\": ")
		x.value(x.top, p)
		var err error
		if counts[KindPartner], err = exportKind[Partner](x, pb, KindPartner, "partners", nil); err != nil {
			return err
		}
		if counts[KindPerson], err = exportKind[Person](x, pb, KindPerson, "people", nil); err != nil {
			return err
		}
		if counts[KindOutput], err = exportKind(x, pb, KindOutput, "outputs", func(l []Output) {
			sort.SliceStable(l, func(i, j int) bool { return codeLess(l[i].Code, l[j].Code) })
		}); err != nil {
			return err
		}
		if counts[KindEvent], err = exportKind(x, pb, KindEvent, "events", func(l []Event) {
			sort.SliceStable(l, func(i, j int) bool { return codeLess(l[i].Code, l[j].Code) })
		}); err != nil {
			return err
		}
		if counts[KindParticipant], err = exportKind[Participant](x, pb, KindParticipant, "participants", nil); err != nil {
			return err
		}
		if counts[KindEntry], err = exportEntries(x, tx, pb); err != nil {
			return err
		}
		if counts[KindApproval], err = exportKind[Approval](x, pb, KindApproval, "approvals", nil); err != nil {
			return err
		}
		// Costs (a few per partner) are left out when there are none, as Encode leaves them.
		var costs []Cost
		if err := forEach(pb, KindCost, func(c *Cost) error { costs = append(costs, *c); return nil }); err != nil {
			return err
		}
		if len(costs) > 0 {
			sort.SliceStable(costs, func(i, j int) bool {
				if costs[i].Date != costs[j].Date {
					return costs[i].Date.Before(costs[j].Date)
				}
				return costs[i].ID < costs[j].ID
			})
			i := 0
			if counts[KindCost], err = x.array("costs", func() (any, error) {
				if i == len(costs) {
					return nil, nil
				}
				i++
				return &costs[i-1], nil
			}); err != nil {
				return err
			}
		}
		x.raw("\n}\n")
		return x.err
	})
	if err != nil {
		return nil, err
	}
	return counts, bw.Flush()
}

// streamEncoder writes a document's JSON piece by piece, indented as Encode indents it.
type streamEncoder struct {
	w         *bufio.Writer
	buf       bytes.Buffer
	top, elem *json.Encoder // a value at depth 1 (the project), an array's element at depth 2
	err       error
}

func (x *streamEncoder) encoder(prefix string) *json.Encoder {
	e := json.NewEncoder(&x.buf)
	e.SetEscapeHTML(false)
	e.SetIndent(prefix, " ")
	return e
}

func (x *streamEncoder) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

// value encodes v with e, without the newline Encode ends it with.
func (x *streamEncoder) value(e *json.Encoder, v any) {
	if x.err != nil {
		return
	}
	x.buf.Reset()
	if x.err = e.Encode(v); x.err != nil {
		return
	}
	_, x.err = x.w.Write(bytes.TrimSuffix(x.buf.Bytes(), []byte("\n")))
}

// array writes `"name": [ … ]` (null when there is nothing) with the elements next yields.
func (x *streamEncoder) array(name string, next func() (any, error)) (int, error) {
	return x.arrayOf(name, func(put func(any)) error {
		for {
			v, err := next()
			if err != nil || v == nil {
				return err
			}
			put(v)
		}
	})
}

// arrayOf is array for elements handed to put one by one.
func (x *streamEncoder) arrayOf(name string, each func(put func(any)) error) (int, error) {
	x.raw(",\n \"" + name + "\": ")
	n := 0
	err := each(func(v any) {
		if n == 0 {
			x.raw("[\n  ")
		} else {
			x.raw(",\n  ")
		}
		x.value(x.elem, v)
		n++
	})
	if err != nil {
		return n, err
	}
	if n == 0 {
		x.raw("null")
	} else {
		x.raw("\n ]")
	}
	return n, x.err
}

// exportKind writes a kind's records in ID order, or, given order, all of them sorted (outputs and
// events, a few dozen).
func exportKind[T any](x *streamEncoder, pb *bolt.Bucket, kind Kind, name string, order func([]T)) (int, error) {
	b := pb.Bucket([]byte(kind))
	if b == nil {
		return x.array(name, func() (any, error) { return nil, nil })
	}
	if order != nil {
		var all []T
		if err := forEach(pb, kind, func(r *T) error { all = append(all, *r); return nil }); err != nil {
			return 0, err
		}
		order(all)
		i := 0
		return x.array(name, func() (any, error) {
			if i == len(all) {
				return nil, nil
			}
			i++
			return &all[i-1], nil
		})
	}
	c := b.Cursor()
	k, v := c.First()
	return x.array(name, func() (any, error) {
		for k != nil && v == nil { // a sub-bucket: not a record
			k, v = c.Next()
		}
		if k == nil {
			return nil, nil
		}
		r := new(T)
		if err := json.Unmarshal(v, r); err != nil {
			return nil, fmt.Errorf("stored %s record %s is damaged: %w", kind, keyID(k), err)
		}
		k, v = c.Next()
		return r, nil
	})
}

// exportEntries writes the entries by date, then ID, as Load sorts them, tombstones included:
// one pass over the bucket in key order hands each entry's day and key, and its stored JSON, to a
// runSorter, whose runs are read back merged. The pass reads the file's pages in order and gives
// them back as it goes (looking each entry up in date order would touch pages all over the file),
// and memory holds a run, whatever the size of the project.
func exportEntries(x *streamEncoder, tx *bolt.Tx, pb *bolt.Bucket) (int, error) {
	b := pb.Bucket([]byte(KindEntry))
	if b == nil {
		return x.array("entries", func() (any, error) { return nil, nil })
	}
	byDay, err := newRunSorter("export: the entries")
	if err != nil {
		return 0, err
	}
	defer byDay.close()
	releaseMapped(tx) // what Open and the records before read (the freelist of a large file is megabytes)
	var span mappedSpan
	var key []byte
	seen := 0
	err = b.ForEach(func(k, v []byte) error {
		if v == nil || len(k) != 16 {
			return nil
		}
		d, ok := storedEntryDay(v)
		if !ok {
			var e struct {
				Date Date `json:"date"`
			}
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("stored %s record %s is damaged: %w", KindEntry, keyID(k), err)
			}
			d = e.Date.DayNumber()
		}
		span.note(tx, v)
		switch seen++; {
		case seen%65536 == 0:
			releaseMapped(tx) // now and then the branch pages too, which the span does not see
			span = mappedSpan{}
		case seen%1024 == 0:
			span.release(tx) // the pages read so far: resident memory stays flat
		}
		key = append(binary.BigEndian.AppendUint32(key[:0], d), k...)
		return byDay.add(key, v)
	})
	releaseMapped(tx)
	if err != nil {
		return 0, err
	}
	return x.arrayOf("entries", func(put func(any)) error {
		return byDay.each(func(k, v []byte) error {
			e := new(Entry)
			if err := unmarshalRecord(v, e); err != nil {
				return fmt.Errorf("stored %s record %s is damaged: %w", KindEntry, keyID(k[4:]), err)
			}
			put(e)
			return x.err
		})
	})
}

// storedEntryDay finds the day of a stored entry without decoding it: the one "date" key of the
// record json.Marshal wrote (a quote inside a string is escaped, so the pattern is the key).
func storedEntryDay(v []byte) (uint32, bool) {
	i := bytes.Index(v, []byte(`"date":"`))
	if i < 0 || len(v) < i+18 || v[i+18] != '"' {
		return 0, false
	}
	d, err := ParseDate(string(v[i+8 : i+18]))
	if err != nil {
		return 0, false
	}
	return d.DayNumber(), true
}

// decodeBody reads a document's members after its opening brace, for DecodeDocument and the streamed import:
// onEntry nil keeps the entries in the document, else each entry goes to onEntry as it is read.
func decodeBody(dec *json.Decoder, source string, syntax func(error) error, onEntry func(*Entry) error) (*Document, error) {
	doc := &Document{}
	arrays := map[string]any{
		"partners": &doc.Partners, "people": &doc.People, "outputs": &doc.Outputs,
		"events": &doc.Events, "participants": &doc.Participants,
		"entries": &doc.Entries, "approvals": &doc.Approvals, "costs": &doc.Costs,
	}
	ids := map[string]string{} // one copy of each referenced ID, however many entries name it
	top := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		key, _ := tok.(string)
		if key == "entries" && onEntry != nil {
			fe, err := decodeEntries(dec, onEntry)
			if err != nil {
				var ie *InputError
				if errors.As(err, &ie) {
					return nil, err
				}
				return nil, syntax(err)
			}
			if fe != nil {
				return nil, &InputError{Where: fmt.Sprintf("%s: entries%s", source, fe.field), Msg: fe.msg}
			}
			continue
		}
		if dst, ok := arrays[key]; ok {
			fe, err := decodeArray(dec, dst, ids)
			if err != nil {
				return nil, syntax(err)
			}
			if fe != nil {
				return nil, &InputError{Where: fmt.Sprintf("%s: %s%s", source, key, fe.field), Msg: fe.msg}
			}
			continue
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, syntax(err)
		}
		switch key {
		case "format", "installation", "exported_at", "project", "share":
			top[key] = v
		}
		if key == "format" {
			if err := json.Unmarshal(v, &doc.Format); err != nil || doc.Format != Format {
				return nil, &InputError{Where: source + ": format", Msg: fmt.Sprintf("%s is not %q", v, Format)}
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, syntax(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, &InputError{Where: source, Msg: "invalid JSON: more after the document's closing brace"}
		}
		return nil, syntax(err)
	}
	if _, ok := top["format"]; !ok {
		return nil, &InputError{Where: source, Msg: `has no "format": not a partnerdesk/1 document`}
	}
	if v, ok := top["installation"]; ok {
		if err := json.Unmarshal(v, &doc.Installation); err != nil {
			return nil, &InputError{Where: source + ": installation", Msg: "is not a string"}
		}
	}
	if v, ok := top["share"]; ok && string(v) != "null" {
		doc.Share = v
	}
	if v, ok := top["exported_at"]; ok {
		_ = json.Unmarshal(v, &doc.ExportedAt) // informative only
	}
	if v, ok := top["project"]; ok && string(v) != "null" {
		p := &Project{}
		if err := decodeRecord(v, p); err != nil {
			return nil, &InputError{Where: source + ": project" + err.field, Msg: err.msg}
		}
		doc.Project = p
	}
	return doc, nil
}
