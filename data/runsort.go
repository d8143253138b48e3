package data

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
)

// An external sort for the streamed import and the export: records (key, value) too many to hold
// are sorted in runs of runBytes, each written to a temp file, and read back merged in key order.
// Memory: one run while adding, a small buffer per run while reading.

// runBytes is how much of the records a run holds in memory before it is sorted and written
// (a variable for the tests, which sort in many small runs).
var runBytes = 2 << 20

// recordFile is a temp file of records: key length, value length (4 bytes each), key, value.
type recordFile struct {
	f    *os.File
	bw   *bufio.Writer
	what string // "import: the entries", for errors
}

func newRecordFile(what string) (*recordFile, error) {
	f, err := os.CreateTemp("", "partnerdesk-*.spool")
	if err != nil {
		return nil, fmt.Errorf("%s: no temp file: %w", what, err)
	}
	os.Remove(f.Name()) // gone with the last handle, whatever happens
	return &recordFile{f: f, bw: bufio.NewWriterSize(f, 256<<10), what: what}, nil
}

func (rf *recordFile) write(key, val []byte) error {
	var n [8]byte
	binary.BigEndian.PutUint32(n[:4], uint32(len(key)))
	binary.BigEndian.PutUint32(n[4:], uint32(len(val)))
	rf.bw.Write(n[:])
	rf.bw.Write(key)
	_, err := rf.bw.Write(val)
	return err
}

func (rf *recordFile) close() { rf.f.Close() }

// recordReader reads count records from a section of a record file.
type recordReader struct {
	br       *bufio.Reader
	left     int
	key, val []byte // the current record, valid until the next read
	buf      []byte
	what     string
}

func (rf *recordFile) reader(off, size int64, count, bufSize int) *recordReader {
	return &recordReader{br: bufio.NewReaderSize(io.NewSectionReader(rf.f, off, size), bufSize), left: count, what: rf.what}
}

// next reads the next record; false at the end.
func (r *recordReader) next() (bool, error) {
	if r.left == 0 {
		return false, nil
	}
	r.left--
	var n [8]byte
	if _, err := io.ReadFull(r.br, n[:]); err != nil {
		return false, fmt.Errorf("%s: reading back the temp file: %w", r.what, err)
	}
	kl, vl := int(binary.BigEndian.Uint32(n[:4])), int(binary.BigEndian.Uint32(n[4:]))
	if cap(r.buf) < kl+vl {
		r.buf = make([]byte, kl+vl)
	}
	r.buf = r.buf[:kl+vl]
	if _, err := io.ReadFull(r.br, r.buf); err != nil {
		return false, fmt.Errorf("%s: reading back the temp file: %w", r.what, err)
	}
	r.key, r.val = r.buf[:kl], r.buf[kl:]
	return true, nil
}

// runSorter sorts records by key through sorted runs in a temp file; the keys must be unique.
type runSorter struct {
	rf    *recordFile
	arena []byte      // the current run's records: key then value, back to back
	recs  [][3]uint32 // offset, key length, value length of each record in arena
	runs  [][3]int64  // offset, size and count of each run in the file
	off   int64
}

func newRunSorter(what string) (*runSorter, error) {
	rf, err := newRecordFile(what)
	if err != nil {
		return nil, err
	}
	return &runSorter{rf: rf}, nil
}

func (s *runSorter) add(key, val []byte) error {
	s.recs = append(s.recs, [3]uint32{uint32(len(s.arena)), uint32(len(key)), uint32(len(val))})
	s.arena = append(append(s.arena, key...), val...)
	if len(s.arena) >= runBytes {
		return s.flush()
	}
	return nil
}

// flush sorts the current run and writes it out.
func (s *runSorter) flush() error {
	if len(s.recs) == 0 {
		return nil
	}
	key := func(r [3]uint32) []byte { return s.arena[r[0] : r[0]+r[1]] }
	slices.SortFunc(s.recs, func(a, b [3]uint32) int { return bytes.Compare(key(a), key(b)) })
	size := int64(0)
	for _, r := range s.recs {
		if err := s.rf.write(key(r), s.arena[r[0]+r[1]:r[0]+r[1]+r[2]]); err != nil {
			return err
		}
		size += int64(8 + r[1] + r[2])
	}
	s.runs = append(s.runs, [3]int64{s.off, size, int64(len(s.recs))})
	s.off += size
	s.arena, s.recs = s.arena[:0], s.recs[:0]
	return nil
}

func (s *runSorter) close() { s.rf.close() }

// each hands out every record in key order; key and val are valid during the call only.
func (s *runSorter) each(fn func(key, val []byte) error) error {
	if err := s.flush(); err != nil {
		return err
	}
	s.arena, s.recs = nil, nil
	if err := s.rf.bw.Flush(); err != nil {
		return err
	}
	var h runHeap
	for _, r := range s.runs {
		rr := s.rf.reader(r[0], r[1], int(r[2]), 16<<10)
		ok, err := rr.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, rr)
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		top := h[0]
		if err := fn(top.key, top.val); err != nil {
			return err
		}
		ok, err := top.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

// runHeap orders the runs by their next record's key.
type runHeap []*recordReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return bytes.Compare(h[i].key, h[j].key) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*recordReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
