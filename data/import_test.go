package data

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportGreenskills(t *testing.T) {
	s, id := importGreenskills(t)
	doc, err := s.Load(id, LoadOptions{Entries: true})
	if err != nil {
		t.Fatal(err)
	}
	c := doc.Counts()
	if c[KindPartner] != 4 || c[KindPerson] != 6 || c[KindOutput] != 2 || c[KindEvent] != 3 || c[KindParticipant] != 17 || c[KindEntry] != 74 {
		t.Fatalf("counts = %v", c)
	}
	names := map[string]bool{}
	for _, p := range doc.People {
		names[p.Name] = true
		if p.Owner != s.Installation() || p.Rev != 1 || p.Updated.IsZero() {
			t.Errorf("%s: owner %q rev %d updated %v; a hand-made import belongs to this installation at rev 1", p.Name, p.Owner, p.Rev, p.Updated)
		}
	}
	for _, n := range []string{"Małgorzata Wójcik", "Ελένη Παπαδοπούλου", "Стоян Петров", "Johanna Größinger"} {
		if !names[n] {
			t.Errorf("%s lost or mangled on import", n)
		}
	}
	audit, _ := s.Audit(id)
	if len(audit) != 1 || audit[0].Action != "import" || !strings.Contains(audit[0].Detail, "greenskills.json") {
		t.Errorf("audit = %+v", audit)
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	s, id := importGreenskills(t)
	before := dbFingerprint(t, s)
	res, err := s.Import(greenskills(t), ImportOptions{Source: "greenskills.json"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed() || res.Unchanged != 1+4+6+2+3+17+74 {
		t.Errorf("second import = %+v", res)
	}
	if after := dbFingerprint(t, s); after != before {
		t.Errorf("second import changed the store")
	}
	if audit, _ := s.Audit(id); len(audit) != 1 {
		t.Errorf("a no-op import wrote to the audit log: %d events", len(audit))
	}
}

// TestRoundTrip: import → export → import into a fresh store gives the same records.
func TestRoundTrip(t *testing.T) {
	s1, id := importGreenskills(t)
	first := exportBytes(t, s1, id)
	doc, err := DecodeDocument(bytes.NewReader(first), "export.json")
	if err != nil {
		t.Fatal(err)
	}
	s2 := newStore(t)
	if _, err := s2.Import(doc, ImportOptions{Source: "export.json"}); err != nil {
		t.Fatal(err)
	}
	second := exportBytes(t, s2, id)
	// The installation line differs (each store names itself); every record must be identical.
	strip := func(b []byte) string {
		var d map[string]json.RawMessage
		json.Unmarshal(b, &d)
		delete(d, "installation")
		out, _ := json.Marshal(d)
		return string(out)
	}
	if strip(first) != strip(second) {
		t.Errorf("round trip changed records:\nfirst  %.400s\nsecond %.400s", strip(first), strip(second))
	}
	// Owners survive: the records still belong to the first installation.
	d2, _ := s2.Load(id, LoadOptions{})
	if d2.People[0].Owner != s1.Installation() {
		t.Errorf("owner after round trip = %q, want %q", d2.People[0].Owner, s1.Installation())
	}
}

func TestImportNewerRevisionWinsOlderIsKept(t *testing.T) {
	s, id := importGreenskills(t)
	doc, _ := s.Export(id)
	// A partner edited Lukas Hofer's e-mail and bumped the revision.
	newer := &Document{Format: Format, Installation: "other", People: []Person{doc.People[1]}}
	newer.People[0].Email, newer.People[0].Rev = "lukas@example.at", 2
	res, err := s.Import(newer, ImportOptions{Project: id, Source: "newer.json"})
	if err != nil || res.Updated != 1 {
		t.Fatalf("newer import = %+v, %v", res, err)
	}
	// The old revision arriving later does not undo it.
	older := &Document{Format: Format, People: []Person{doc.People[1]}}
	res, err = s.Import(older, ImportOptions{Project: id, Source: "older.json"})
	if err != nil || res.Older != 1 || res.Changed() {
		t.Fatalf("older import = %+v, %v", res, err)
	}
	got, _ := s.Load(id, LoadOptions{})
	if p := got.PersonByID(doc.People[1].ID); p.Email != "lukas@example.at" || p.Rev != 2 {
		t.Errorf("person = %+v", p)
	}
}

func TestTombstoneRemovesEntryFromIndexes(t *testing.T) {
	s, id := importGreenskills(t)
	doc, _ := s.Export(id)
	e := doc.Entries[0]
	before, _ := s.Budget(id)
	e.Deleted, e.Rev = true, e.Rev+1
	res, err := s.Import(&Document{Format: Format, Entries: []Entry{e}}, ImportOptions{Project: id})
	if err != nil || res.Deleted != 1 {
		t.Fatalf("delete = %+v %v", res, err)
	}
	list, _ := s.Entries(id, EntryFilter{Person: e.Person})
	for _, x := range list {
		if x.ID == e.ID {
			t.Fatalf("deleted entry still listed")
		}
	}
	after, _ := s.Budget(id)
	if *after.Totals.IntellectualOutputs >= *before.Totals.IntellectualOutputs {
		t.Errorf("budget did not drop after deleting %s h", e.Hours)
	}
	// The tombstone is kept and exported: deletion is a record, never a hole.
	exp, _ := s.Export(id)
	found := false
	for _, x := range exp.Entries {
		found = found || (x.ID == e.ID && x.Deleted)
	}
	if !found {
		t.Errorf("tombstone missing from export")
	}
}

// TestImportRejectsBadInput: one clear message naming the record and field; the store unchanged.
func TestImportRejectsBadInput(t *testing.T) {
	raw, _ := os.ReadFile(filepath.Join("testdata", "greenskills.json"))
	edit := func(f func(d map[string]any)) string {
		var d map[string]any
		json.Unmarshal(raw, &d)
		f(d)
		b, _ := json.Marshal(d)
		return string(b)
	}
	entry := func(d map[string]any, i int) map[string]any { return d["entries"].([]any)[i].(map[string]any) }
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"invalid JSON", `{"format": "partnerdesk/1", "partners": [`, []string{"bad.json", "invalid JSON"}},
		{"syntax error position", "{\n \"format\": \"partnerdesk/1\",\n \"partners\": [}\n}", []string{"line 3", "invalid JSON"}},
		{"wrong format", `{"format": "partnerdesk/2"}`, []string{"format", `"partnerdesk/2" is not "partnerdesk/1"`}},
		{"no format", `{"partners": []}`, []string{`no "format"`}},
		{"not an object", `[1, 2]`, []string{"not a JSON object"}},
		{"empty", ``, []string{"is empty"}},
		{"invalid date", edit(func(d map[string]any) { entry(d, 3)["date"] = "2020-02-30" }),
			[]string{"entries[3] date", `"2020-02-30" is not a date`}},
		{"entry over 24 h", edit(func(d map[string]any) { entry(d, 5)["hours"] = 26 }),
			[]string{"bad.json: entries[5] (2019-10-07 for Ελένη Παπαδοπούλου): hours", "26 h is more than a day"}},
		{"day over 24 h", edit(func(d map[string]any) {
			e := entry(d, 0)
			e["hours"] = 20
			c := map[string]any{}
			for k, v := range e {
				c[k] = v
			}
			c["id"] = "0192a000-0000-7000-8000-0000000009ff"
			c["hours"] = 6
			d["entries"] = append(d["entries"].([]any), c)
		}), []string{"for Małgorzata Wójcik", "26 h, more than 24"}},
		{"missing reference", edit(func(d map[string]any) {
			d["people"].([]any)[2].(map[string]any)["partner"] = "0192a000-0000-7000-8000-0000000000f9"
		}), []string{"people[2] (Małgorzata Wójcik): partner", `partner "0192a000-0000-7000-8000-0000000000f9" does not exist`}},
		{"entry outside output", edit(func(d map[string]any) { entry(d, 0)["date"] = "2019-09-20" }),
			[]string{"entries[0]", "2019-09-20 is outside O1's period 2019-10-01 – 2020-09-30"}},
		{"bad hours", edit(func(d map[string]any) { entry(d, 1)["hours"] = "six" }),
			[]string{"entries[1] hours", `"six"`}},
		{"bad project number", edit(func(d map[string]any) { d["project"].(map[string]any)["number"] = "2019-1-AT01-KA204-51234" }),
			[]string{"project (GREENSKILLS): number", "serial"}},
		{"unknown category", edit(func(d map[string]any) { d["people"].([]any)[0].(map[string]any)["category"] = "boss" }),
			[]string{"people[0] (Johanna Größinger): category", `"boss" is not a staff category`}},
		{"id not a UUID", edit(func(d map[string]any) { d["partners"].([]any)[1].(map[string]any)["id"] = "P2" }),
			[]string{"partners[1] (FZL): id", `"P2" is not a UUID`}},
	}
	s, id := importGreenskills(t)
	before := dbFingerprint(t, s)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := DecodeDocument(strings.NewReader(c.doc), "bad.json")
			if err == nil {
				_, err = s.Import(doc, ImportOptions{Source: "bad.json"})
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
	if dbFingerprint(t, s) != before {
		t.Errorf("a rejected import changed the store")
	}
	_ = id
}

func TestImportIgnoresUnknownFields(t *testing.T) {
	raw, _ := os.ReadFile(filepath.Join("testdata", "greenskills.json"))
	var d map[string]any
	json.Unmarshal(raw, &d)
	d["future_array"] = []any{1, 2}
	d["partners"].([]any)[0].(map[string]any)["vat_number"] = "ATU12345678"
	b, _ := json.Marshal(d)
	doc, err := DecodeDocument(bytes.NewReader(b), "newer.json")
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t)
	if _, err := s.Import(doc, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestImportSubsetNeedsProject: a document of entries only goes into a named project.
func TestImportSubsetNeedsProject(t *testing.T) {
	s, id := importGreenskills(t)
	doc := &Document{Format: Format, Entries: []Entry{{ID: NewID(), Person: "0192a000-0000-7000-8000-000000000021",
		Date: NewDate(2019, 12, 3), Output: gsO1, Hours: 90 * 60}}}
	if _, err := s.Import(doc, ImportOptions{Source: "e.json"}); err == nil || !strings.Contains(err.Error(), "no project") {
		t.Fatalf("import without project = %v", err)
	}
	res, err := s.Import(doc, ImportOptions{Source: "e.json", Project: id})
	if err != nil || res.Added != 1 {
		t.Fatalf("import into project = %+v %v", res, err)
	}
}

func TestImportRefusesSecondProjectWithSameNumber(t *testing.T) {
	s, _ := importGreenskills(t)
	doc := greenskills(t)
	doc.Project.ID = NewID()
	_, err := s.Import(doc, ImportOptions{Source: "copy.json"})
	if err == nil || !strings.Contains(err.Error(), "already the number of project GREENSKILLS") {
		t.Fatalf("import = %v", err)
	}
}

func TestOwnerCheckForShareFiles(t *testing.T) {
	s := newStore(t)
	doc := greenskills(t)
	for i := range doc.Entries {
		doc.Entries[i].Owner = "inst-b"
	}
	res, err := s.Import(doc, ImportOptions{Source: "records/inst-a.json", Owner: "inst-a"})
	if err != nil {
		t.Fatalf("import = %v", err)
	}
	// The entries claim another installation: each is refused and named, the rest merges.
	if len(res.Refused) != len(doc.Entries) || !strings.Contains(res.Refused[0].String(), "says it is installation inst-b's") {
		t.Fatalf("refused = %v", res.Refused)
	}
	if n, _ := s.Entries(doc.Project.ID, EntryFilter{}); len(n) != 0 {
		t.Fatalf("%d refused entries were stored", len(n))
	}
	if got, _ := s.Load(doc.Project.ID, LoadOptions{}); len(got.People) != len(doc.People) {
		t.Fatalf("people = %d, want %d", len(got.People), len(doc.People))
	}
}
