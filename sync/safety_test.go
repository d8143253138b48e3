package davsync

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The local safety net (DESIGN.md, "Sharing with partners"): what a red team found, each a test.

func TestRunThatDeletesMostFilesAsksFirst(t *testing.T) {
	for _, n := range []int{2, 3, 9, 20} {
		t.Run(fmt.Sprint(n, " files"), func(t *testing.T) {
			m := NewMemory()
			a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
			for i := 0; i < n; i++ {
				a.write(fmt.Sprintf("%02d.txt", i), fmt.Sprint("file ", i))
			}
			converge(t, 3, a, b)
			// The folder is replaced by one holding a single new file.
			for i := 0; i < n; i++ {
				a.remove(fmt.Sprintf("%02d.txt", i))
			}
			a.write("new.txt", "a new file")
			serverBefore := m.Files()
			_, err := a.files().Sync(context.Background())
			var de *DeletesError
			if !errors.As(err, &de) || de.Count() != n || de.OnServer != n || de.Synced != n {
				t.Fatalf("a run deleting all %d files: %v", n, err)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("lacks %d of the %d files", n, n)) || !strings.Contains(err.Error(), "00.txt") || !strings.Contains(err.Error(), "nothing was changed") {
				t.Errorf("the question does not say what would go: %v", err)
			}
			if got := m.Files(); !sameBytes(got, serverBefore) {
				t.Errorf("the run changed the server before asking: %d files, had %d", len(got), len(serverBefore))
			}
			b.sync()
			if got := len(b.tree()); got != n {
				t.Errorf("the partner lost files: %d of %d left", got, n)
			}
			// Asked, the person says yes.
			a.allowDeletes = true
			if rep := a.sync(); rep.DeletedRemote != n || rep.Uploaded != 1 {
				t.Errorf("the allowed run: %+v", rep)
			}
			_, err = b.files().Sync(context.Background())
			if !errors.As(err, &de) || de.Here != n {
				t.Fatalf("the partner's run was not asked about %d deletions: %v", n, err)
			}
			b.allowDeletes = true
			b.sync()
			if got := b.tree(); len(got) != 1 || got["new.txt"] != "a new file" || len(b.trashed()) != n {
				t.Errorf("the partner holds %v, trash %v", keys(got), b.trashed())
			}
		})
	}
	t.Run("a few of many, or the one file of a share", func(t *testing.T) {
		m := NewMemory()
		a := newPeer(t, "VHS", m)
		a.write("only.txt", "the only file")
		a.sync()
		a.remove("only.txt")
		a.write("other.txt", "its successor")
		if rep := a.sync(); rep.DeletedRemote != 1 {
			t.Errorf("deleting the one synced file: %+v", rep)
		}
		a.write("third.txt", "3")
		a.sync()
		a.remove("other.txt") // 1 of 2: not more than half
		if rep := a.sync(); rep.DeletedRemote != 1 {
			t.Errorf("deleting one of two: %+v", rep)
		}
	})
}

func sameBytes(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || string(w) != string(v) {
			return false
		}
	}
	return true
}

// caseSensitive skips a test on a folder that cannot hold two names only capitals apart.
func caseSensitive(t *testing.T, dir string) {
	t.Helper()
	os.WriteFile(filepath.Join(dir, "probe"), nil, 0o644)
	defer os.Remove(filepath.Join(dir, "probe"))
	if _, err := os.Stat(filepath.Join(dir, "PROBE")); err == nil {
		t.Skip("this file system does not tell capitals apart")
	}
}

func TestNamesOnlyCaseApartNeverDeleteEachOther(t *testing.T) {
	t.Run("a new name here beside a synced one", func(t *testing.T) {
		m := NewMemory()
		a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
		caseSensitive(t, a.dir)
		seed(t, a, b)
		a.write("doc2.txt", "doc two")
		converge(t, 3, a, b)
		a.write("DOC2.TXT", "DOC TWO, another file")
		rep := a.sync()
		if got := string(m.Files()["files/doc2.txt"]); got != "doc two" {
			t.Errorf("the server's doc2.txt holds %q", got)
		}
		if _, ok := m.Files()["files/DOC2.TXT"]; ok {
			t.Errorf("DOC2.TXT was uploaded beside doc2.txt")
		}
		if !strings.Contains(strings.Join(rep.Warnings, "\n"), "DOC2.TXT: not shared: doc2.txt differs only in capitals") {
			t.Errorf("no warning names DOC2.TXT: %q", rep.Warnings)
		}
		b.sync()
		if got, _ := b.read("doc2.txt"); got != "doc two" || len(b.trashed()) != 0 {
			t.Errorf("the partner's doc2.txt: %q, trash %v", got, b.trashed())
		}
		if got, _ := a.read("DOC2.TXT"); got != "DOC TWO, another file" {
			t.Errorf("DOC2.TXT here: %q", got)
		}
	})
	t.Run("a new name on the server beside a synced one", func(t *testing.T) {
		m := NewMemory()
		a := newPeer(t, "VHS", m)
		caseSensitive(t, a.dir)
		a.write("x.txt", "x")
		a.write("doc2.txt", "doc two")
		a.sync()
		m.Put(context.Background(), "files/DOC2.TXT", strings.NewReader("other"), 5, PutOptions{})
		rep := a.sync()
		if got := a.tree(); got["doc2.txt"] != "doc two" || len(got) != 2 || len(a.trashed()) != 0 {
			t.Errorf("a holds %v, trash %v", got, a.trashed())
		}
		if !strings.Contains(strings.Join(rep.Warnings, "\n"), "files/DOC2.TXT: not synced: files/doc2.txt differs only in capitals") {
			t.Errorf("no warning names DOC2.TXT: %q", rep.Warnings)
		}
	})
	t.Run("renamed on the server only in capitals", func(t *testing.T) {
		m := NewMemory()
		a := newPeer(t, "VHS", m)
		caseSensitive(t, a.dir)
		a.write("x.txt", "x")
		a.write("doc2.txt", "doc two")
		a.sync()
		m.Move(context.Background(), "files/doc2.txt", "files/Doc2.txt")
		rep, err := a.files().Sync(context.Background())
		if err != nil || rep.DeletedHere != 0 || len(a.trashed()) != 0 {
			t.Errorf("a case rename on the server deleted the file here: %v %+v", err, rep)
		}
		if got, _ := a.read("doc2.txt"); got != "doc two" {
			t.Errorf("doc2.txt here: %q", got)
		}
	})
	t.Run("renamed here only in capitals", func(t *testing.T) {
		m := NewMemory()
		a := newPeer(t, "VHS", m)
		a.write("x.txt", "x")
		a.write("doc2.txt", "doc two")
		a.sync()
		a.rename("doc2.txt", "Doc2.txt")
		if rep := a.sync(); rep.Moved != 1 || rep.Uploaded != 0 {
			t.Errorf("a rename in capitals here should move the file on the server: %+v", rep)
		}
		if got := string(m.Files()["files/Doc2.txt"]); got != "doc two" {
			t.Errorf("the server's Doc2.txt: %q", got)
		}
	})
}

func TestLinkInPlaceOfASyncedFolderIsNoDeletion(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	seed(t, a, b)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "private.txt"), []byte("not for partners"), 0o644)
	a.remove("docs/photos")
	if err := os.Symlink(outside, filepath.Join(a.dir, "docs", "photos")); err != nil {
		t.Skip("no symlinks here")
	}
	a.remove("plan.txt")
	if err := os.Symlink(filepath.Join(outside, "private.txt"), filepath.Join(a.dir, "plan.txt")); err != nil {
		t.Fatal(err)
	}
	serverBefore := m.Files()
	for run := 0; run < 2; run++ {
		rep := a.sync()
		if rep.Changed() {
			t.Errorf("run %d with links in place of synced names changed: %+v", run, rep)
		}
		warnings := strings.Join(rep.Warnings, "\n")
		for _, name := range []string{"docs/photos", "plan.txt"} {
			if !strings.Contains(warnings, name+": not shared: it is a link") {
				t.Errorf("no warning names %s: %q", name, rep.Warnings)
			}
		}
	}
	if got := m.Files(); !sameBytes(got, serverBefore) {
		t.Errorf("the server changed: %d files, had %d", len(got), len(serverBefore))
	}
	if files, _, _ := NewJournal(a.store, testProject).Count(); files != 5 {
		t.Errorf("the journal holds %d files, want the 5 synced", files)
	}
	b.sync()
	if got := b.tree(); got["docs/photos/group.jpg"] != "JPEG group photo" || got["plan.txt"] != "work plan v1" {
		t.Errorf("the partner lost files: %v", keys(got))
	}
}

// refuseUnreadable makes a file with no permissions unreadable for the run even to root, who may
// read anything: as it would be for the person running the app.
func refuseUnreadable(t *testing.T) {
	open := openFile
	openFile = func(name string) (*os.File, error) {
		if fi, err := os.Stat(name); err == nil && fi.Mode().Perm() == 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return open(name)
	}
	t.Cleanup(func() { openFile = open })
}

func TestUnreadableFileIsSkippedAndTheRestSyncs(t *testing.T) {
	refuseUnreadable(t)
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	seed(t, a, b)
	a.write("docs/minutes.txt", "minutes v2, not readable")
	locked := filepath.Join(a.dir, "docs", "minutes.txt")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o644)
	a.write("report.txt", "a new report")
	b.write("plan.txt", "plan v2 from FZL")
	b.sync()
	rep, err := a.files().Sync(context.Background())
	if err != nil {
		t.Fatalf("one unreadable file stopped the run: %v", err)
	}
	if !strings.Contains(strings.Join(rep.Warnings, "\n"), "cannot read "+locked+": permission denied") {
		t.Errorf("the warnings do not name the unreadable file: %q", rep.Warnings)
	}
	if rep.Uploaded != 1 || rep.Downloaded != 1 || rep.DeletedRemote != 0 {
		t.Errorf("the rest did not sync: %+v", rep)
	}
	if got := string(m.Files()["files/docs/minutes.txt"]); got != "minutes of M1" {
		t.Errorf("the server's copy of the unreadable file: %q", got)
	}
	os.Chmod(locked, 0o644)
	converge(t, 3, a, b)
	if got, _ := b.read("docs/minutes.txt"); got != "minutes v2, not readable" {
		t.Errorf("once readable it did not sync: %q", got)
	}
}
