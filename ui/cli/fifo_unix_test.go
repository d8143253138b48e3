//go:build unix

package cli

import (
	"path/filepath"
	"syscall"
	"testing"
)

// makeFifo makes a named pipe in dir, or returns "" where the system cannot.
func makeFifo(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "pipe.pdf")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		return ""
	}
	return p
}
