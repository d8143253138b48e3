package data

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestDecodeLargeDocumentMemory: reading a records file allocates about its size plus its records,
// not several copies of it (a 530 MB file took 2.5 GB).
func TestDecodeLargeDocumentMemory(t *testing.T) {
	var b bytes.Buffer
	if err := Demo(DemoOptions{People: 30, Months: 12, Seed: 1}).Encode(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.json")
	os.WriteFile(path, b.Bytes(), 0o644)
	size := b.Len()
	b = bytes.Buffer{}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Collect often, so the peak is what decoding keeps alive at once, not garbage between collections.
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := before.HeapAlloc
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		}
	}()
	doc, err := DecodeDocument(f, "big.json")
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	var end runtime.MemStats
	runtime.ReadMemStats(&end)
	peak = max(peak, end.HeapAlloc)
	grew := float64(peak-before.HeapAlloc) / float64(size)
	t.Logf("%d bytes, %d entries: the heap grew to %.1f× the file", size, len(doc.Entries), grew)
	if grew > 1.6 {
		t.Errorf("reading a %d-byte records file took %.1f× its size at once, want at most 1.6×", size, grew)
	}
	runtime.KeepAlive(doc)
}
