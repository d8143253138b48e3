package data

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestExportToMatchesExport: the streamed export is byte for byte the document Export encodes,
// tombstones, unsorted codes and all, its entries sorted in one run or merged from many.
func TestExportToMatchesExport(t *testing.T) {
	defer func(r int) { runBytes = r }(runBytes)
	for _, tc := range []struct {
		name     string
		doc      func(t *testing.T) *Document
		runBytes int
	}{
		{"greenskills", func(t *testing.T) *Document { return greenskills(t) }, runBytes},
		{"demo", func(*testing.T) *Document { return Demo(DemoOptions{People: 7, Months: 4, Seed: 3}) }, runBytes},
		{"demo in runs", func(*testing.T) *Document { return Demo(DemoOptions{People: 7, Months: 4, Seed: 3}) }, 4 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runBytes = tc.runBytes
			s := newStore(t)
			doc := tc.doc(t)
			res, err := s.Import(doc, ImportOptions{Source: tc.name})
			if err != nil {
				t.Fatal(err)
			}
			id := res.Project.ID
			// A tombstone among the entries, one among the people's records.
			list, _ := s.Entries(id, EntryFilter{})
			if len(list) > 3 {
				if _, err := s.DeleteEntry(id, list[3].ID); err != nil {
					t.Fatal(err)
				}
			}
			// Real costs, which Encode leaves out when there are none.
			exp0, _ := s.Export(id)
			for _, d := range []Date{NewDate(2020, 10, 2), NewDate(2020, 9, 20)} {
				if _, err := s.SaveCost(id, Cost{Partner: exp0.Partners[0].ID, Kind: CostKinds[0], Description: "ramp",
					Date: d, Amount: 12345}); err != nil {
					t.Fatal(err)
				}
			}
			want := exportBytes(t, s, id)
			var got bytes.Buffer
			counts, err := s.ExportTo(&got, id)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				i := 0
				for i < len(want) && i < got.Len() && want[i] == got.Bytes()[i] {
					i++
				}
				t.Fatalf("ExportTo differs from Export at byte %d:\n got …%s…\nwant …%s…", i,
					got.Bytes()[max(0, i-80):min(got.Len(), i+80)], want[max(0, i-80):min(len(want), i+80)])
			}
			exp, _ := s.Export(id)
			if c := exp.Counts(); counts[KindEntry] != c[KindEntry] || counts[KindPerson] != c[KindPerson] {
				t.Errorf("counts %v, want %v", counts, c)
			}
		})
	}
}

// importBoth imports raw through DecodeDocument+Import into a and through ImportStream into b.
func importBoth(t *testing.T, a, b *Store, raw string) (errA, errB error) {
	t.Helper()
	doc, errA := DecodeDocument(strings.NewReader(raw), "bad.json")
	if errA == nil {
		_, errA = a.Import(doc, ImportOptions{Source: "bad.json"})
	}
	_, errB = b.ImportStream(strings.NewReader(raw), ImportOptions{Source: "bad.json"})
	return errA, errB
}

// TestImportStreamSameAsImport: the streamed import stores the same records, counts the same and
// refuses the same documents with the same words, into a new project (staged) and an existing one.
func TestImportStreamSameAsImport(t *testing.T) {
	raw, _ := os.ReadFile(filepath.Join("testdata", "greenskills.json"))
	demo := Demo(DemoOptions{People: 12, Months: 6, Seed: 2})
	var demoRaw bytes.Buffer
	demo.Encode(&demoRaw)
	withCost := edit0(raw, func(d map[string]any) {
		partner := d["partners"].([]any)[0].(map[string]any)["id"]
		d["costs"] = []any{map[string]any{"id": "0192a000-0000-7000-8000-0000000009fd", "partner": partner,
			"kind": CostKinds[0], "description": "ramp", "date": "2020-01-15", "amount": 120.5}}
	})
	for name, doc := range map[string][]byte{"greenskills": raw, "demo": demoRaw.Bytes(), "costs": []byte(withCost)} {
		t.Run(name, func(t *testing.T) {
			a, b := newStore(t), newStore(t)
			d, err := DecodeDocument(bytes.NewReader(doc), name)
			if err != nil {
				t.Fatal(err)
			}
			ra, err := a.Import(d, ImportOptions{Source: name})
			if err != nil {
				t.Fatal(err)
			}
			rb, err := b.ImportStream(bytes.NewReader(doc), ImportOptions{Source: name})
			if err != nil {
				t.Fatal(err)
			}
			if ra.Added != rb.Added || ra.Project.ID != rb.Project.ID {
				t.Errorf("streamed %+v, want %+v", rb, ra)
			}
			// The stores are two installations: their IDs aside, the same records and audit.
			norm := func(s *Store, b string) string { return strings.ReplaceAll(b, s.Installation(), "INSTALLATION") }
			if norm(a, string(exportBytes(t, a, ra.Project.ID))) != norm(b, string(exportBytes(t, b, rb.Project.ID))) {
				t.Error("the streamed import stored other records")
			}
			if norm(a, dbFingerprint(t, a)) != norm(b, dbFingerprint(t, b)) {
				t.Error("the stores differ (records or audit)")
			}
			// Again, into the existing project: nothing changes.
			again, err := b.ImportStream(bytes.NewReader(doc), ImportOptions{Source: name})
			if err != nil || again.Changed() || again.Unchanged != ra.Added {
				t.Errorf("second import: %+v, %v", again, err)
			}
			b.view(func(tx *bolt.Tx) error {
				if tx.Bucket(bucketStaging) != nil {
					t.Error("the staging bucket was left behind")
				}
				return nil
			})
		})
	}

	edit := func(f func(d map[string]any)) string {
		var d map[string]any
		json.Unmarshal(raw, &d)
		f(d)
		b, _ := json.Marshal(d)
		return string(b)
	}
	entry := func(d map[string]any, i int) map[string]any { return d["entries"].([]any)[i].(map[string]any) }
	bad := []string{
		`{"format": "partnerdesk/1", "partners": [`,
		"{\n \"format\": \"partnerdesk/1\",\n \"partners\": [}\n}",
		"\xef\xbb\xbf{\n \"format\": \"partnerdesk/1\",\n \"entries\": [{]\n}",
		`{"format": "partnerdesk/2"}`, `{"partners": []}`, `[1, 2]`, ``, `   `,
		edit(func(d map[string]any) { entry(d, 3)["date"] = "2020-02-30" }),
		edit(func(d map[string]any) { entry(d, 5)["hours"] = 26 }),
		edit(func(d map[string]any) { entry(d, 5)["hours"] = 26; entry(d, 6)["hours"] = 25 }),
		edit(func(d map[string]any) {
			e := entry(d, 0)
			e["hours"] = 20
			c := map[string]any{}
			for k, v := range e {
				c[k] = v
			}
			c["id"] = "0192a000-0000-7000-8000-0000000009ff"
			c["hours"] = 6
			d["entries"] = append(d["entries"].([]any), c)
		}),
		edit(func(d map[string]any) {
			d["people"].([]any)[2].(map[string]any)["partner"] = "0192a000-0000-7000-8000-0000000000f9"
		}),
		edit(func(d map[string]any) {
			d["people"].([]any)[2].(map[string]any)["partner"] = "0192a000-0000-7000-8000-0000000000f9"
			entry(d, 1)["hours"] = 30
			d["approvals"] = []any{map[string]any{"id": "0192a000-0000-7000-8000-0000000009fe", "state": "nope"}}
		}),
		edit(func(d map[string]any) { entry(d, 0)["date"] = "2019-09-20" }),
		edit(func(d map[string]any) { entry(d, 1)["hours"] = "six" }),
		edit(func(d map[string]any) { d["project"].(map[string]any)["number"] = "2019-1-AT01-KA204-51234" }),
		edit(func(d map[string]any) { d["partners"].([]any)[1].(map[string]any)["id"] = "P2" }),
	}
	for _, existing := range []bool{false, true} {
		a, b := newStore(t), newStore(t)
		if existing {
			for _, s := range []*Store{a, b} {
				if _, err := s.Import(greenskills(t), ImportOptions{Source: "greenskills.json"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		before := dbFingerprint(t, b)
		for i, doc := range bad {
			errA, errB := importBoth(t, a, b, doc)
			if errA == nil || errB == nil || errA.Error() != errB.Error() {
				t.Errorf("existing %v, case %d: streamed %v, want %v", existing, i, errB, errA)
			}
		}
		if dbFingerprint(t, b) != before {
			t.Errorf("existing %v: a refused streamed import changed the store", existing)
		}
	}
}

func edit0(raw []byte, f func(d map[string]any)) string {
	var d map[string]any
	json.Unmarshal(raw, &d)
	f(d)
	b, _ := json.Marshal(d)
	return string(b)
}

// acrossByScan is the check across projects as it was: every person of every project decoded.
func acrossByScan(t *testing.T, s *Store, person Person, m Month) map[uint32]Seconds {
	out := map[uint32]Seconds{}
	s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketProjects).ForEachBucket(func(k []byte) error {
			pb := tx.Bucket(bucketProjects).Bucket(k)
			return forEach(pb, KindPerson, func(p *Person) error {
				same := p.ID == person.ID ||
					(person.Email != "" && strings.EqualFold(p.Email, person.Email)) ||
					(person.Email == "" && p.Email == "" && strings.EqualFold(p.Name, person.Name))
				if !same || p.Deleted {
					return nil
				}
				work, _ := personMonthEntries(pb, p.ID, m)
				for _, e := range work {
					out[e.Date.DayNumber()] += e.Hours
				}
				return nil
			})
		})
	})
	return out
}

// TestPeopleIndexMatchesScan: the people index finds the same people as reading them all did —
// e-mails in other letter case, names without e-mail, a deleted person left out — in two projects,
// and after the migration builds it for a store that had none.
func TestPeopleIndexMatchesScan(t *testing.T) {
	s := newStore(t)
	a := Demo(DemoOptions{People: 12, Months: 3, Seed: 1})
	b := Demo(DemoOptions{People: 12, Months: 3, Seed: 2})
	b.Project.Acronym = "OTHER"
	b.People[0].Email = strings.ToUpper(a.People[0].Email) // the same person, written otherwise
	a.People[1].Email, b.People[1].Email = "", ""
	b.People[1].Name = strings.ToUpper(a.People[1].Name) // no e-mail: the same by name, any case
	b.People[2].Email = a.People[2].Email
	b.People[2].Deleted = true // a deleted record is nobody
	for _, d := range []*Document{a, b} {
		if _, err := s.Import(d, ImportOptions{Source: "demo"}); err != nil {
			t.Fatal(err)
		}
	}
	compare := func(when string) {
		for _, p := range a.People[:6] {
			for _, m := range []Month{{2020, 9}, {2020, 10}} {
				got, err := s.monthAcrossProjects(p, m)
				if err != nil {
					t.Fatal(err)
				}
				want := acrossByScan(t, s, p, m)
				for d, v := range want {
					if got[d] != v {
						t.Fatalf("%s: %s %s day %d: %s, want %s", when, p.Name, m, d, got[d], v)
					}
				}
				if len(got) != len(want) {
					t.Fatalf("%s: %s %s: %d days, want %d", when, p.Name, m, len(got), len(want))
				}
			}
		}
	}
	compare("indexed")
	// A person's e-mail changed: the index follows the record.
	doc, _ := s.Export(a.Project.ID)
	doc.People[0].Email = "moved@example.org"
	doc.People[0].Rev++
	if _, err := s.Import(&Document{Format: Format, Project: doc.Project, People: doc.People[:1]}, ImportOptions{Source: "edit"}); err != nil {
		t.Fatal(err)
	}
	a.People[0].Email = "moved@example.org"
	compare("after an edit")
	// Without the index (a store of schema 3), the migration builds it.
	s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketProjects).ForEachBucket(func(k []byte) error {
			return tx.Bucket(bucketProjects).Bucket(k).DeleteBucket(bucketPeopleByIdentity)
		})
	})
	compare("no index (reads the people)")
	s.update(func(tx *bolt.Tx) error { return migratePeopleIndex(tx, fixedNow()) })
	compare("migrated")
}

// TestSheetStreamSameAsMonthSheets: the streamed sheets are the sheets MonthSheets builds.
func TestSheetStreamSameAsMonthSheets(t *testing.T) {
	s := newStore(t)
	res, err := s.Import(Demo(DemoOptions{People: 9, Months: 4, Seed: 5}), ImportOptions{Source: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Project.ID
	keys, err := s.SheetsWithWork(id, Month{}, Month{})
	if err != nil || len(keys) == 0 {
		t.Fatal(err, len(keys))
	}
	want, err := s.MonthSheets(id, keys)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.SheetStream(id, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		sh, err := st.Next()
		if err != nil {
			t.Fatal(err)
		}
		if sh == nil {
			if i != len(want) {
				t.Fatalf("%d sheets, want %d", i, len(want))
			}
			break
		}
		g, _ := json.Marshal(sh)
		w, _ := json.Marshal(want[i])
		if !bytes.Equal(g, w) {
			t.Fatalf("sheet %d (%s %s) differs", i, sh.Person.Name, sh.Month)
		}
	}
}

// TestImportStreamSortedStaging: a new project's entries and index keys go into the staged bucket
// in key order, through many sorted runs and batches: the store holds what Import stores (an entry
// given twice in its later revision), counts the same, refuses a person-day over 24 hours whose
// entries lie far apart with Import's words, and fills its pages (a merge in document order, by
// date, left the buckets half empty and made each commit rewrite pages all over them).
func TestImportStreamSortedStaging(t *testing.T) {
	defer func(r, b int) { runBytes, streamBatch = r, b }(runBytes, streamBatch)
	runBytes, streamBatch = 16<<10, 97
	demo := Demo(DemoOptions{People: 30, Months: 6, Seed: 4})
	twice := demo.Entries[10]
	twice.Rev, twice.Hours = twice.Rev+1, twice.Hours+1800
	older := demo.Entries[20]
	older.Rev, older.Note = 0, "older, hand-made"
	demo.Entries = append(demo.Entries, twice, older)
	var raw bytes.Buffer
	demo.Encode(&raw)

	a, b := newStore(t), newStore(t)
	d, err := DecodeDocument(bytes.NewReader(raw.Bytes()), "demo")
	if err != nil {
		t.Fatal(err)
	}
	ra, err := a.Import(d, ImportOptions{Source: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.ImportStream(bytes.NewReader(raw.Bytes()), ImportOptions{Source: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	if ra.Added != rb.Added || ra.Updated != rb.Updated || ra.Unchanged != rb.Unchanged || ra.Older != rb.Older {
		t.Errorf("streamed %+v, want %+v", rb, ra)
	}
	norm := func(s *Store, b string) string { return strings.ReplaceAll(b, s.Installation(), "INSTALLATION") }
	if norm(a, dbFingerprint(t, a)) != norm(b, dbFingerprint(t, b)) {
		t.Error("the stores differ (records, indexes or audit)")
	}
	b.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, rb.Project.ID)
		for _, name := range []string{string(KindEntry), string(bucketByPerson), string(bucketByOutput)} {
			st := pb.Bucket([]byte(name)).Stats()
			if fill := float64(st.LeafInuse) / float64(st.LeafPageN*tx.DB().Info().PageSize); st.LeafPageN > 4 && fill < 0.85 {
				t.Errorf("%s: leaf pages %.0f%% full, want them filled", name, fill*100)
			}
		}
		return nil
	})

	// One person's day over 24 hours from two entries batches apart; another's later in the
	// document but first in (person, day) order: Import's error, the store unchanged.
	over := func(d *Document) {
		var first, second = -1, -1
		for i := range d.Entries {
			if d.Entries[i].Person == d.People[3].ID && first < 0 {
				first = i
			}
		}
		e := d.Entries[first]
		e.ID, e.Hours = NewID(), 24*3600-e.Hours+60
		d.Entries = append(d.Entries[:first+1], append([]Entry{e}, d.Entries[first+1:]...)...)
		for i := len(d.Entries) - 1; i >= 0 && second < 0; i-- {
			if d.Entries[i].Person == d.People[0].ID {
				second = i
			}
		}
		e = d.Entries[second]
		e.ID, e.Hours = NewID(), 24*3600
		d.Entries = append(d.Entries, e)
	}
	bad := Demo(DemoOptions{People: 30, Months: 6, Seed: 5})
	over(bad)
	raw.Reset()
	bad.Encode(&raw)
	c := newStore(t)
	before := dbFingerprint(t, c)
	errA, errB := importBoth(t, newStore(t), c, raw.String())
	if errA == nil || errB == nil || errA.Error() != errB.Error() {
		t.Errorf("streamed %v, want %v", errB, errA)
	}
	if dbFingerprint(t, c) != before {
		t.Error("a refused streamed import changed the store")
	}
}
