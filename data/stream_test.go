package data

import (
	"bytes"
	"testing"
)

// TestExportToMatchesExport: the streamed export is byte for byte the document Export encodes,
// tombstones, unsorted codes and all.
func TestExportToMatchesExport(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  func(t *testing.T) *Document
	}{
		{"greenskills", func(t *testing.T) *Document { return greenskills(t) }},
		{"demo", func(*testing.T) *Document { return Demo(DemoOptions{People: 7, Months: 4, Seed: 3}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
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
