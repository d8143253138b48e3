package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	// Share is what a share's records file says of its writer (key, admissions); data carries it untouched.
	Share json.RawMessage `json:"share,omitempty"`
}

// InputError is bad input: it names the place (file, record, field) and what is wrong.
type InputError struct {
	Where string // e.g. `greenskills.json: entries[3] (entry 2020-03-02 for Anna Kowalska): hours`
	Msg   string
	More  int // further problems found after this one
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
func DecodeDocument(r io.Reader, source string) (*Document, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{Where: source, Msg: err.Error()}
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // editors on Windows add a BOM
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, &InputError{Where: source, Msg: "is empty, not a partnerdesk/1 document"}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, &InputError{Where: source, Msg: jsonSyntaxMessage(raw, err)}
	}
	doc := &Document{}
	if f, ok := top["format"]; !ok {
		return nil, &InputError{Where: source, Msg: `has no "format": not a partnerdesk/1 document`}
	} else if err := json.Unmarshal(f, &doc.Format); err != nil || doc.Format != Format {
		return nil, &InputError{Where: source + ": format", Msg: fmt.Sprintf("%s is not %q", f, Format)}
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
	for _, d := range []struct {
		key string
		dst any
	}{
		{"partners", &doc.Partners}, {"people", &doc.People}, {"outputs", &doc.Outputs},
		{"events", &doc.Events}, {"participants", &doc.Participants},
		{"entries", &doc.Entries}, {"approvals", &doc.Approvals},
	} {
		v, ok := top[d.key]
		if !ok || string(v) == "null" {
			continue
		}
		if err := decodeArray(v, d.dst); err != nil {
			return nil, &InputError{Where: fmt.Sprintf("%s: %s%s", source, d.key, err.field), Msg: err.msg}
		}
	}
	return doc, nil
}

// fieldError is a decoding problem: where inside the value (".hours", "[3].date") and what.
type fieldError struct{ field, msg string }

// decodeArray decodes a JSON array element by element so an error names the element.
func decodeArray(raw json.RawMessage, dst any) *fieldError {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return &fieldError{"", "is not an array"}
	}
	slice := reflect.ValueOf(dst).Elem()
	slice.Set(reflect.MakeSlice(slice.Type(), len(items), len(items)))
	for i, it := range items {
		if err := decodeRecord(it, slice.Index(i).Addr().Interface()); err != nil {
			return &fieldError{fmt.Sprintf("[%d]%s", i, err.field), err.msg}
		}
	}
	return nil
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
		KindEntry: len(d.Entries), KindApproval: len(d.Approvals),
	}
	if d.Project != nil {
		c[KindProject] = 1
	}
	return c
}
