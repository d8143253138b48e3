package data

import (
	"syscall"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// ReleaseMapped tells the kernel that the pages of the database file read so far are not needed
// in this process any more. bbolt reads the file through a memory map, so a long read of a large
// store (a batch of every timesheet, an export) would otherwise count the whole file in the
// process's resident memory. The pages stay in the page cache and come back on the next read;
// nothing changes for bbolt, which never writes through the map.
func (s *Store) ReleaseMapped() {
	// Inside a read transaction the map cannot move (a remap waits for readers).
	_ = s.db.View(func(tx *bolt.Tx) error { releaseMapped(tx); return nil })
}

// releaseMapped is ReleaseMapped inside a transaction the caller holds. It costs no read of /proc
// but a walk of the page tables over the whole file (about a millisecond for 1.6 GB): a scan that
// gives back its pages every thousand records notes them in a mappedSpan instead.
func releaseMapped(tx *bolt.Tx) {
	// The transaction's size is within the current map: bbolt maps at least the file, and remaps
	// (only ever larger) before a write transaction grows past it.
	start, size := tx.DB().Info().Data, uintptr(tx.Size())
	if start == 0 || size == 0 {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, size, syscall.MADV_DONTNEED)
}

// mappedSpan is the part of the map a scan in key order has read: releasing it costs what was
// read, where releaseMapped walks the page tables of the whole file. A value far from the span
// (the next leaf page elsewhere in the file) releases it and starts another.
type mappedSpan struct{ lo, hi uintptr }

// note adds the pages of v, a value bbolt handed out in tx, to the span.
func (m *mappedSpan) note(tx *bolt.Tx, v []byte) {
	const gap = 1 << 20
	if len(v) == 0 {
		return
	}
	a := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	e := a + uintptr(len(v))
	if m.hi != 0 && (e+gap < m.lo || a > m.hi+gap) {
		m.release(tx)
	}
	if m.hi == 0 || a < m.lo {
		m.lo = a
	}
	m.hi = max(m.hi, e)
}

// release gives back the span's pages and those the kernel mapped around them (it maps up to
// 64 kB, aligned, on a fault), and empties the span.
func (m *mappedSpan) release(tx *bolt.Tx) {
	const around = 64 << 10
	lo, hi := m.lo&^(around-1), (m.hi+around-1)&^(around-1)
	*m = mappedSpan{}
	start := tx.DB().Info().Data
	end := start + uintptr(tx.Size())
	lo, hi = max(lo, start), min(hi, end)
	if start == 0 || hi <= lo {
		return // nothing noted, or values not in the map (a write transaction's own)
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, syscall.MADV_DONTNEED)
}
