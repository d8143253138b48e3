package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"partnerdesk/data"
)

// TestTimesheetBatchTargetNotAFile: a folder or a symbolic link where a sheet's file goes, late in a
// grouped batch, stops it: an error naming it, no temp file left, the link's target untouched, and every
// file under a final name whole.
func TestTimesheetBatchTargetNotAFile(t *testing.T) {
	f := greenskills(t)
	s := f.sheet(t, "Lukas Hofer", "2019-10")
	many := make([]*data.MonthSheet, 40)
	for i := range many {
		c := *s
		c.Person.ID, c.Person.Name = "p"+itoa(i), "Person "+itoa(i)
		many[i] = &c
	}
	for _, kind := range []string{"folder", "symlink"} {
		dir := t.TempDir()
		victim := filepath.Join(t.TempDir(), "victim")
		os.WriteFile(victim, []byte("keep me"), 0o644)
		target := filepath.Join(dir, SheetFileName(many[30]))
		if kind == "folder" {
			os.Mkdir(target, 0o755)
		} else {
			os.Symlink(victim, target)
		}
		var calls []int
		files, err := TimesheetBatch(context.Background(), dir, many, func(done, total int) { calls = append(calls, done) })
		t.Logf("%s: %d files, err %v, %d progress calls", kind, len(files), err, len(calls))
		if err == nil {
			t.Errorf("%s: no error", kind)
		}
		if b, _ := os.ReadFile(victim); string(b) != "keep me" {
			t.Errorf("%s: the link's target was written", kind)
		}
		for _, name := range entries(t, dir) {
			if strings.HasPrefix(name, ".") {
				t.Errorf("%s: left temp file %q", kind, name)
			}
			p := filepath.Join(dir, name)
			if fi, _ := os.Lstat(p); fi != nil && !fi.Mode().IsRegular() {
				continue
			}
			if out, err := exec.Command("qpdf", "--check", p).CombinedOutput(); err != nil {
				t.Errorf("%s: %s is not whole: %v %s", kind, name, err, out)
			}
		}
	}
}
