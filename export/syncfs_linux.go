package export

import (
	"bytes"
	"os"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// syncFileSystem writes everything written to dir's file system to disk (syncfs(2)): one journal
// commit for a group of files instead of one fsync each. It reports false where it cannot, or where
// it could not tell of a failed write: syncfs reports write errors only since Linux 5.8.
func syncFileSystem(dir string) bool {
	if !syncfsReports() {
		return false
	}
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd())) == nil
}

// syncfsReports is whether the running kernel is 5.8 or later.
var syncfsReports = sync.OnceValue(func() bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	release := u.Release[:]
	if i := bytes.IndexByte(release, 0); i >= 0 {
		release = release[:i]
	}
	parts := bytes.SplitN(release, []byte("."), 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(string(parts[0]))
	minor, err2 := strconv.Atoi(string(bytes.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' })))
	return err1 == nil && err2 == nil && (major > 5 || major == 5 && minor >= 8)
})
