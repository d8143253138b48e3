package export

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFileSystem writes everything written to dir's file system to disk (syncfs(2)): one journal
// commit for a group of files instead of one fsync each. It reports false where it cannot.
func syncFileSystem(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd())) == nil
}
