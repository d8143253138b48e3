package data

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fixedNow is the clock of every test store, so exports compare byte for byte.
var fixedNow = func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }

// newStore opens a fresh store in a temporary folder.
func newStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "test.db"), Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// greenskills reads the shared example project.
func greenskills(t testing.TB) *Document {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "greenskills.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := DecodeDocument(f, "greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// importGreenskills makes a store holding the example project and returns its project ID.
func importGreenskills(t testing.TB) (*Store, string) {
	t.Helper()
	s := newStore(t)
	res, err := s.Import(greenskills(t), ImportOptions{Source: "greenskills.json"})
	if err != nil {
		t.Fatal(err)
	}
	return s, res.Project.ID
}

// exportBytes is the store's export of a project, as a user would diff it.
func exportBytes(t testing.TB, s *Store, projectID string) []byte {
	t.Helper()
	doc, err := s.Export(projectID)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := doc.Encode(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// dbFingerprint is every project's export: equal fingerprints mean the store is unchanged.
func dbFingerprint(t testing.TB, s *Store) string {
	t.Helper()
	list, err := s.Projects()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, p := range list {
		b.Write(exportBytes(t, s, p.ID))
	}
	audit, _ := s.Audit("")
	b.WriteString(time.Duration(len(audit)).String())
	return b.String()
}
