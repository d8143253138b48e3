package data

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestDecodeLargeDocumentMemory: reading a records file keeps about its size plus its records alive,
// not several copies of it (a 530 MB file took 2.5 GB).
func TestDecodeLargeDocumentMemory(t *testing.T) {
	demo := Demo(DemoOptions{People: 30, Months: 12, Seed: 1})
	last := len(demo.Entries) - 1
	var b bytes.Buffer
	if err := demo.Encode(&b); err != nil {
		t.Fatal(err)
	}
	demo = nil
	path := filepath.Join(t.TempDir(), "big.json")
	os.WriteFile(path, b.Bytes(), 0o644)
	size := b.Len()
	b = bytes.Buffer{}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var at, after runtime.MemStats
	// What is alive when the last entry is read (the entries come last, as Encode writes them),
	// beyond the records themselves: the file's bytes, and any copy of them.
	decodedHook = func(i int) {
		if i == last {
			runtime.GC()
			runtime.ReadMemStats(&at)
		}
	}
	defer func() { decodedHook = nil }()
	doc, err := DecodeDocument(f, "big.json")
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if at.HeapAlloc == 0 {
		t.Fatal("the last entry was never read")
	}
	extra := (float64(at.HeapAlloc) - float64(after.HeapAlloc)) / float64(size)
	t.Logf("%d bytes, %d entries: %.2f× the file alive besides the records", size, len(doc.Entries), extra)
	if extra > 1.5 {
		t.Errorf("reading a %d-byte records file kept %.1f× its size alive besides the records, want at most 1.5×", size, extra)
	}
	runtime.KeepAlive(doc)
}
