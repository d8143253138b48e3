package data

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestMigrationV3KeepsEveryHourAndApproval: a database written when hours were whole minutes opens with
// every entry's hours unchanged (6:20 stays 6:20, not the 6.33 its record carried) and every approval valid.
func TestMigrationV3KeepsEveryHourAndApproval(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	s, err := Open(path, Options{Now: fixedNow, NoBackups: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Import(greenskills(t), ImportOptions{Source: "greenskills.json"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Project.ID
	odd, _ := ParseHours("6:20")
	if _, _, err := s.AddEntry(id, Entry{Person: gsLukas, Date: NewDate(2019, 12, 3), Output: gsO1, Hours: odd}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ state, by string }{{StateSubmitted, gsLukas}, {StateApproved, gsJohanna}} {
		if _, err := s.Transition(id, gsLukas, Month{2019, 12}, step.state, step.by, ""); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]Seconds{}
	entries, _ := s.Entries(id, EntryFilter{})
	for _, e := range entries {
		want[e.ID] = e.Hours
	}
	states, _ := s.MonthStates(id)
	approved := 0
	for _, st := range states {
		if st.State == StateApproved && !st.ChangedAfterApproval {
			approved++
		}
	}
	if approved == 0 {
		t.Fatal("the example has no approved month to check")
	}
	s.Close()
	// Write it back as schema 2 did: index values in minutes, the record's hours rounded to 0.01 h.
	db, _ := bolt.Open(path, 0o600, nil)
	if err := db.Update(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bucketProjects).Bucket(idKey(id))
		idx, byOut, eb := pb.Bucket(bucketByPerson), pb.Bucket(bucketByOutput), pb.Bucket([]byte(KindEntry))
		type kv struct{ k, v []byte }
		var all []kv
		idx.ForEach(func(k, v []byte) error {
			all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
			return nil
		})
		for _, x := range all {
			min := binary.BigEndian.Uint64(x.v[16:]) / 60
			idx.Put(x.k, binary.BigEndian.AppendUint64(append([]byte(nil), x.v[:16]...), min))
			var rec map[string]any
			json.Unmarshal(eb.Get(x.k[20:36]), &rec)
			rec["hours"] = json.Number(fmt.Sprintf("%.2f", math.Round(float64(min)/60*100)/100))
			raw, _ := json.Marshal(rec)
			eb.Put(x.k[20:36], raw)
			var e Entry
			json.Unmarshal(raw, &e)
			byOut.Put(outputKey(&e), binary.BigEndian.AppendUint64(nil, min))
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, 2))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err = Open(path, Options{Now: fixedNow, NoBackups: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, _ = s.Entries(id, EntryFilter{})
	if len(entries) != len(want) {
		t.Fatalf("%d entries after the migration, %d before", len(entries), len(want))
	}
	for _, e := range entries {
		if e.Hours != want[e.ID] {
			t.Errorf("entry %s on %s: %s h after the migration, %s before", e.ID, e.Date, e.Hours, want[e.ID])
		}
	}
	sh, err := s.MonthSheet(id, gsLukas, Month{2019, 12})
	if err != nil {
		t.Fatal(err)
	}
	if got := sh.Days[2].Total; got != odd {
		t.Errorf("2019-12-03 on the sheet: %s h, want 6:20", got)
	}
	states, _ = s.MonthStates(id)
	after := 0
	for _, st := range states {
		if st.State == StateApproved && !st.ChangedAfterApproval {
			after++
		}
	}
	if after != approved {
		t.Errorf("%d months approved and unchanged after the migration, %d before", after, approved)
	}
}
