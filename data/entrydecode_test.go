package data

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// entryCases are stored entries as the store writes them and as a damaged or foreign file might hold them.
var entryCases = []string{
	`{"id":"e1","person":"p1","date":"2020-09-01","output":"o1","hours":2,"note":"Pilot session","owner":"i1","rev":1,"updated":"2026-12-01T20:18:21.096014707Z"}`,
	`{"id":"e1","person":"p1","date":"2020-09-01","output":"o1","hours":6.3333}`,
	`{"id":"e1","person":"p1","date":"2020-09-01","output":"o1","hours":7.5,"deleted":true,"rev":12}`,
	` { "id" : "e1" ,	"hours" : 1.01 , "note":"Ćwiczenia — Übung, ένα"
	} `,
	`{}`,
	`{"date":""}`,
	`{"note":"with \"quotes\" and \\ backslash"}`,
	`{"note":"tab\tinside"}`,
	`{"note":"\u00e9t\u00e9"}`,
	`{"note":null}`,
	`{"ID":"upper case key"}`,
	`{"id":"e1","extra":"an unknown field"}`,
	`{"id":"e1",}`,
	`{"id":"e1"} trailing`,
	`{"id":"e1"`,
	`{"hours":-1}`,
	`{"hours":25}`,
	`{"hours":1e1}`,
	`{"hours":01}`,
	`{"hours":"2"}`,
	`{"hours":2x}`,
	`{"rev":1.5}`,
	`{"rev":99999999999999999999}`,
	`{"date":"2020-13-01"}`,
	`{"date":"2020-02-30"}`,
	`{"date":20200901}`,
	`{"updated":"yesterday"}`,
	`{"updated":"2026-12-01T20:18:21Z"}`,
	`{"deleted":"true"}`,
	`{"deleted":truex}`,
	`{"id":"e1","id":"e2"}`,
	`{"id":"e1","date":"2020-09-01","date":"nonsense"}`,
	"{\"note\":\"\xff\xfe not utf-8\"}",
	"{\"note\":\"a\x01control\"}",
	`[]`,
	``,
	`null`,
}

// TestDecodeEntryIsJSONUnmarshal holds decodeEntry to json.Unmarshal's answer wherever it answers at all,
// and requires it to answer for every entry the store writes.
func TestDecodeEntryIsJSONUnmarshal(t *testing.T) {
	for _, raw := range entryCases {
		checkDecodeEntry(t, []byte(raw))
	}
	// Every entry of a demo project, as the store writes them, takes the quick road.
	doc := Demo(DemoOptions{People: 6, Months: 6, Seed: 3})
	if len(doc.Entries) == 0 {
		t.Fatal("the demo has no entries")
	}
	for i := range doc.Entries {
		doc.Entries[i].Note = []string{"", "Pilot session", "Übung (2/3): \"final\"", "ένα"}[i%4]
		raw, err := json.Marshal(&doc.Entries[i])
		if err != nil {
			t.Fatal(err)
		}
		if got := checkDecodeEntry(t, raw); !got && !strings.Contains(string(raw), `\`) {
			t.Fatalf("decodeEntry left %s to encoding/json", raw)
		}
	}
}

// checkDecodeEntry compares the two decoders on raw and reports whether decodeEntry answered.
func checkDecodeEntry(t *testing.T, raw []byte) bool {
	t.Helper()
	var want Entry
	werr := json.Unmarshal(raw, &want)
	got, ok := decodeEntry(raw)
	if !ok {
		return false
	}
	if werr != nil {
		t.Errorf("%s: decodeEntry read it, json.Unmarshal refused it: %v", raw, werr)
		return true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\ndecodeEntry  %+v\njson         %+v", raw, got, want)
	}
	return true
}

func FuzzDecodeEntry(f *testing.F) {
	for _, raw := range entryCases {
		f.Add([]byte(raw))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkDecodeEntry(t, raw) })
}
