package davsync

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUploadTheServerDidNotKeepIsSentAgain(t *testing.T) {
	for _, fault := range []Fault{FaultFakePut, FaultHalfPut} {
		t.Run(fault.String(), func(t *testing.T) {
			onServers(t, func(t *testing.T, connect func() Remote) {
				a, b := newPeer(t, "VHS", connect()), newPeer(t, "FZL", connect())
				seed(t, a, b)
				plain := a.remote
				a.remote = &Faulty{Remote: plain, Decide: func(op, name string) Fault {
					if op == "put" {
						return fault
					}
					return FaultNone
				}}
				a.write("plan.txt", "work plan v2, edited by VHS")
				a.write("new.txt", "a new file by VHS")
				rep, err := a.files().Sync(context.Background())
				if err != nil || len(rep.Failed) != 2 || rep.Uploaded != 0 {
					t.Errorf("uploads the server did not keep: %v %+v", err, rep)
				}
				for i, name := range []string{"files/new.txt", "files/plan.txt"} {
					if i >= len(rep.Failed) {
						break
					}
					if msg := rep.Failed[i].Error(); !strings.HasPrefix(msg, name+": the server answered the upload but") || !strings.Contains(msg, "sent again next time") {
						t.Errorf("failure %d: %q", i, msg)
					}
				}
				// The server goes on lying: its copy never replaces the edit here.
				a.files().Sync(context.Background())
				if got, _ := a.read("plan.txt"); got != "work plan v2, edited by VHS" {
					t.Fatalf("the edit here was replaced by the server's copy: %q", got)
				}
				a.remote = plain
				if rep := a.sync(); rep.Uploaded != 2 || rep.Downloaded != 0 || rep.Conflicts != 0 {
					t.Errorf("the run against an honest server: %+v", rep)
				}
				converge(t, 3, a, b)
				if got := a.tree(); got["plan.txt"] != "work plan v2, edited by VHS" || got["new.txt"] != "a new file by VHS" || len(got) != 8 {
					t.Errorf("a holds %v", keys(got))
				}
				if got, _ := b.read("plan.txt"); got != "work plan v2, edited by VHS" {
					t.Errorf("the partner got %q", got)
				}
			})
		})
	}
}

func TestDownloadPutsTheReplacedVersionInTheTrash(t *testing.T) {
	onServers(t, func(t *testing.T, connect func() Remote) {
		a, b := newPeer(t, "VHS", connect()), newPeer(t, "FZL", connect())
		seed(t, a, b)
		a.write("plan.txt", "work plan v2")
		a.sync()
		if rep := b.sync(); rep.Downloaded != 1 {
			t.Fatalf("the partner's run: %+v", rep)
		}
		if got, _ := b.read("plan.txt"); got != "work plan v2" {
			t.Errorf("the partner has %q", got)
		}
		if got := b.trashed(); got["plan.txt"] != "work plan v1" {
			t.Errorf("the replaced version is not in the trash: %v", got)
		}
	})
}

func TestDownloadedFilesGetTheModeOfAnyNewFile(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	a.write("report.txt", "a report")
	a.sync()
	b.sync()
	// A file the person creates: 0666 less the umask, usually 0644.
	ref := filepath.Join(t.TempDir(), "new.txt")
	f, err := os.OpenFile(ref, os.O_CREATE|os.O_WRONLY, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	want, _ := os.Stat(ref)
	got, err := os.Stat(filepath.Join(b.dir, "report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Mode().Perm() != want.Mode().Perm() {
		t.Errorf("a downloaded file has mode %v, a new file %v", got.Mode().Perm(), want.Mode().Perm())
	}
}
