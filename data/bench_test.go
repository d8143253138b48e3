package data

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The large demo (40 people × 36 months, about 100k entries) is built once per run of the benchmarks.
var large struct {
	once    sync.Once
	dir     string
	path    string
	project string
	person  string
	json    []byte
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if large.dir != "" {
		os.RemoveAll(large.dir)
	}
	os.Exit(code)
}

func largeDemo(b *testing.B) {
	b.Helper()
	large.once.Do(func() {
		doc := Demo(DemoOptions{People: 40, Months: 36, Seed: 1})
		var buf bytes.Buffer
		doc.Encode(&buf)
		large.json = buf.Bytes()
		large.dir, large.err = os.MkdirTemp("", "partnerdesk-bench")
		if large.err != nil {
			return
		}
		large.path = filepath.Join(large.dir, "large.db")
		s, err := Open(large.path, Options{})
		if err != nil {
			large.err = err
			return
		}
		defer s.Close()
		res, err := s.Import(doc, ImportOptions{Source: "demo"})
		large.err = err
		large.project = res.Project.ID
		large.person = doc.People[7].ID
	})
	if large.err != nil {
		b.Fatal(large.err)
	}
}

// BenchmarkOpen opens the store holding the large demo (target ≤ 100 ms).
func BenchmarkOpen(b *testing.B) {
	largeDemo(b)
	for b.Loop() {
		s, err := Open(large.path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

func openLarge(b *testing.B) *Store {
	largeDemo(b)
	s, err := Open(large.path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkPersonMonth reads one person-month with notes, as a timesheet needs it (target ≤ 2 ms).
func BenchmarkPersonMonth(b *testing.B) {
	s := openLarge(b)
	m := Month{2022, 3}
	for b.Loop() {
		list, err := s.Entries(large.project, EntryFilter{Person: large.person, Month: m})
		if err != nil || len(list) == 0 {
			b.Fatal(err, len(list))
		}
	}
}

// BenchmarkMonthSheet builds one person's month sheet with its checks, as the timesheet grid and PDF use it.
func BenchmarkMonthSheet(b *testing.B) {
	s := openLarge(b)
	m := Month{2022, 3}
	for b.Loop() {
		sh, err := s.MonthSheet(large.project, large.person, m)
		if err != nil || sh.Total == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkPersonMonthIndex reads one person-month from the index alone (the grid's totals).
func BenchmarkPersonMonthIndex(b *testing.B) {
	s := openLarge(b)
	m := Month{2022, 3}
	for b.Loop() {
		list, err := s.PersonMonth(large.project, large.person, m)
		if err != nil || len(list) == 0 {
			b.Fatal(err, len(list))
		}
	}
}

// BenchmarkBudget computes the whole budget over about 100k entries (target ≤ 150 ms).
func BenchmarkBudget(b *testing.B) {
	s := openLarge(b)
	for b.Loop() {
		if _, err := s.Budget(large.project); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportLargeDemo decodes and imports the large demo's JSON into a fresh store.
func BenchmarkImportLargeDemo(b *testing.B) {
	largeDemo(b)
	b.SetBytes(int64(len(large.json)))
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		s, err := Open(filepath.Join(dir, "i.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		doc, err := DecodeDocument(bytes.NewReader(large.json), "large.json")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Import(doc, ImportOptions{Source: "large.json"}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
