package data

import (
	"bufio"
	"fmt"
	"os"
	"strings"
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

// releaseMapped is ReleaseMapped inside a transaction the caller holds.
func releaseMapped(tx *bolt.Tx) {
	func() error {
		start := tx.DB().Info().Data
		f, err := os.Open("/proc/self/maps")
		if err != nil {
			return nil
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		want := fmt.Sprintf("%x-", start)
		for sc.Scan() {
			line := sc.Text()
			if !strings.HasPrefix(line, want) {
				continue
			}
			var from, to uintptr
			if _, err := fmt.Sscanf(line, "%x-%x", &from, &to); err != nil || to <= from {
				return nil
			}
			_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, from, to-from, syscall.MADV_DONTNEED)
			return nil
		}
		return nil
	}()
}
