package data

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// oldPersonMonthEntries is personMonthEntries as it was before 8ac42c3 (one getJSON per index key, then by date).
func oldPersonMonthEntries(pb *bolt.Bucket, personID string, m Month) ([]Entry, error) {
	eb := pb.Bucket([]byte(KindEntry))
	from, to := personKeyRange(idKey(personID), m)
	var out []Entry
	c := pb.Bucket(bucketByPerson).Cursor()
	for k, _ := c.Seek(from); k != nil && bytes.Compare(k, to) < 0; k, _ = c.Next() {
		var e Entry
		if _, err := getJSON(eb, k[20:], &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out, nil
}

// TestPersonMonthEntriesAttack (from a review): a person-month whose index names entries out of ID order across days,
// an ID indexed under two days, a record missing, and records of other people in between.
func TestPersonMonthEntriesAttack(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "x.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	person := uuid.NewString()
	m, _ := ParseMonth("2024-03")
	var ids []string
	for range 40 {
		ids = append(ids, uuid.NewString())
	}
	err = db.Update(func(tx *bolt.Tx) error {
		pb, _ := tx.CreateBucket([]byte("p"))
		eb, _ := pb.CreateBucket([]byte(KindEntry))
		ib, _ := pb.CreateBucket(bucketByPerson)
		for i, id := range ids {
			d, _ := ParseDate("2024-03-" + []string{"01", "05", "05", "17", "31", "12"}[i%6])
			e := Entry{ID: id, Person: person, Date: d, Output: "o", Hours: Seconds(3600 * (i%7 + 1)), Note: "n"}
			if i%5 == 3 {
				e.Person = uuid.NewString() // someone else's, between
			} else {
				k := binary.BigEndian.AppendUint32(append([]byte{}, idKey(person)...), d.DayNumber())
				ib.Put(append(k, idKey(id)...), nil)
			}
			if i == 7 {
				continue // indexed, record missing
			}
			raw, _ := json.Marshal(e)
			eb.Put(idKey(id), raw)
		}
		// an ID indexed under two days (a stale index key)
		d2, _ := ParseDate("2024-03-02")
		k := binary.BigEndian.AppendUint32(append([]byte{}, idKey(person)...), d2.DayNumber())
		ib.Put(append(k, idKey(ids[0])...), nil)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		pb := tx.Bucket([]byte("p"))
		got, gerr := personMonthEntries(pb, person, m)
		want, werr := oldPersonMonthEntries(pb, person, m)
		if gerr != nil || werr != nil {
			t.Fatalf("errors: %v, %v", gerr, werr)
		}
		// The missing record's blank entry is left out now; the rest is the same, in the same order.
		want = slices.DeleteFunc(want, func(e Entry) bool { return e.ID == "" })
		if !reflect.DeepEqual(got, want) {
			for i := range max(len(got), len(want)) {
				var g, w Entry
				if i < len(got) {
					g = got[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g.ID != w.ID {
					t.Errorf("entry %d: new %q %v, old %q %v", i, g.ID, g.Date, w.ID, w.Date)
				}
			}
			t.Errorf("personMonthEntries differs from the one-lookup-per-key reading (%d vs %d entries)", len(got), len(want))
		}
		return nil
	})
}
