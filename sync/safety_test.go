package davsync

import (
	"context"
	"errors"
	"fmt"
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
