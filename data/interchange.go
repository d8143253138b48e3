package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"time"
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
