package data

import (
	"syscall"

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

// releaseMapped is ReleaseMapped inside a transaction the caller holds. It costs a walk of the
// page tables, not a read of /proc, so a loop may call it every few dozen records.
func releaseMapped(tx *bolt.Tx) {
	// The transaction's size is within the current map: bbolt maps at least the file, and remaps
	// (only ever larger) before a write transaction grows past it.
	start, size := tx.DB().Info().Data, uintptr(tx.Size())
	if start == 0 || size == 0 {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, size, syscall.MADV_DONTNEED)
}
