package davsync

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// onServerKinds runs a test on the in-memory remote, on go-webdav's server on loopback, and on the
// real servers users have.
// newServer starts an empty server and returns connect, which gives each installation its own
// client of that one server.
func onServerKinds(t *testing.T, f func(t *testing.T, newServer func() (connect func() Remote))) {
	t.Run("memory", func(t *testing.T) {
		f(t, func() func() Remote {
			m := NewMemory()
			return func() Remote { return m }
		})
	})
	t.Run("webdav", func(t *testing.T) {
		f(t, func() func() Remote {
			srv := newDAVServer(t, nil)
			return func() Remote { return srv.remote(t) }
		})
	})
	onRealServers(t, f) // Apache, nginx, lighttpd and rclone serve (servers_test.go)
}

// onServers runs a scenario once on each kind of server.
func onServers(t *testing.T, f func(t *testing.T, connect func() Remote)) {
	onServerKinds(t, func(t *testing.T, newServer func() func() Remote) { f(t, newServer()) })
}

// seed fills a peer's folder and brings a second peer level with it.
func seed(t *testing.T, a, b *peer) {
	t.Helper()
	a.write("plan.txt", "work plan v1")
	a.write("docs/minutes.txt", "minutes of M1")
	a.write("docs/budget.csv", "a;b;c")
	a.write("docs/photos/group.jpg", "JPEG group photo")
	a.write("docs/photos/venue.jpg", "JPEG venue")
	converge(t, 3, a, b)
	if got, _ := b.read("docs/photos/group.jpg"); got != "JPEG group photo" {
		t.Fatalf("b did not get the photos: %v", keys(b.tree()))
	}
}

func TestEditsDeletesRenamesConverge(t *testing.T) { onServers(t, testEditsDeletesRenames) }

func testEditsDeletesRenames(t *testing.T, connect func() Remote) {
	a, b := newPeer(t, "VHS", connect()), newPeer(t, "FZL", connect())
	seed(t, a, b)

	b.write("plan.txt", "work plan v2 (FZL)")
	a.remove("docs/budget.csv")
	a.rename("docs/photos/venue.jpg", "docs/venue-Lodz.jpg")
	b.write("new/report.txt", "a new report")
	ra := a.sync()
	if ra.Moved != 1 || ra.Uploaded != 0 {
		t.Errorf("a renamed file should move on the server, not upload again: %+v", ra)
	}
	converge(t, 4, a, b)

	want := map[string]string{
		"plan.txt": "work plan v2 (FZL)", "docs/": "", "docs/minutes.txt": "minutes of M1",
		"docs/photos/": "", "docs/photos/group.jpg": "JPEG group photo", "docs/venue-Lodz.jpg": "JPEG venue",
		"new/": "", "new/report.txt": "a new report",
	}
	for _, p := range []*peer{a, b} {
		if got := p.tree(); !sameTree(got, want) {
			t.Errorf("%s holds %v, want %v", p.name, keys(got), keys(want))
		}
	}
	// What a partner deleted is in the trash here, not gone.
	if got := b.trashed(); got["docs/budget.csv"] != "a;b;c" {
		t.Errorf("b's trash: %v", got)
	}
	// A quiet run changes nothing and uploads nothing.
	if rep := a.sync(); rep.Changed() {
		t.Errorf("a quiet run changed: %+v", rep)
	}
}

func TestSameFileEditedOnBothSidesKeepsBoth(t *testing.T) {
	onServers(t, testSameFileEditedOnBothSides)
}

func testSameFileEditedOnBothSides(t *testing.T, connect func() Remote) {
	a, b := newPeer(t, "VHS", connect()), newPeer(t, "FZL", connect())
	seed(t, a, b)
	a.write("plan.txt", "plan edited by VHS")
	b.write("plan.txt", "plan edited by FZL")
	a.sync()
	rep := b.sync()
	if rep.Conflicts != 1 {
		t.Fatalf("b's run: %+v", rep)
	}
	converge(t, 3, a, b)
	got := a.tree()
	if got["plan.txt"] != "plan edited by VHS" {
		t.Errorf("the server's version should keep the name: %q", got["plan.txt"])
	}
	copyName := "plan (conflict FZL 2026-11-26 100003).txt"
	if got[copyName] != "plan edited by FZL" {
		t.Errorf("the conflict copy is missing: %v", keys(got))
	}
	if !strings.Contains(strings.Join(rep.Warnings, "\n"), "changed here and on the server") {
		t.Errorf("the conflict is not reported: %v", rep.Warnings)
	}
}

func TestFolderDeletedWhileFileInsideEdited(t *testing.T) {
	for _, deleterFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("deleter syncs first=%v", deleterFirst), func(t *testing.T) {
			onServers(t, func(t *testing.T, connect func() Remote) {
				a, b := newPeer(t, "VHS", connect()), newPeer(t, "FZL", connect())
				seed(t, a, b)
				// docs holds 4 of the 5 files: both were asked, and said yes.
				a.allowDeletes, b.allowDeletes = true, true
				a.remove("docs")
				b.write("docs/minutes.txt", "minutes of M1, corrected")
				if deleterFirst {
					a.sync()
					b.sync()
				} else {
					b.sync()
					a.sync()
				}
				converge(t, 4, a, b)
				got := a.tree()
				if got["docs/minutes.txt"] != "minutes of M1, corrected" {
					t.Errorf("the edit inside the deleted folder was lost: %v", keys(got))
				}
				if _, ok := got["docs/budget.csv"]; ok {
					t.Errorf("the unchanged files of the deleted folder came back: %v", keys(got))
				}
				if _, ok := got["docs/photos/"]; ok {
					t.Errorf("the deleted empty folder came back: %v", keys(got))
				}
				if got := b.trashed(); got["docs/budget.csv"] != "a;b;c" {
					t.Errorf("b's trash lacks what a deleted: %v", got)
				}
			})
		})
	}
}

func TestServerFolderComesBackEmpty(t *testing.T) { onServers(t, testServerFolderComesBackEmpty) }

func testServerFolderComesBackEmpty(t *testing.T, connect func() Remote) {
	a, b := newPeer(t, "VHS", connect()), newPeer(t, "FZL", connect())
	seed(t, a, b)
	before := a.tree()
	// Someone empties files/ on the server (or it is mounted empty).
	admin := connect()
	list, _ := admin.List(context.Background(), "files")
	for _, e := range list {
		admin.Delete(context.Background(), "files/"+e.Name, "")
	}
	_, err := a.files().Sync(context.Background())
	if !isAbort(err) || !strings.Contains(err.Error(), "files on the server is empty, but 5 files were synced before") {
		t.Fatalf("sync against an emptied server: %v", err)
	}
	if got := a.tree(); !sameTree(got, before) || len(a.trashed()) != 0 {
		t.Errorf("files were deleted here: %v", keys(got))
	}
	// And a listing that suddenly lacks most of many files aborts too.
	for i := 0; i < 20; i++ {
		b.write(fmt.Sprintf("many/%02d.txt", i), "x")
	}
	m2 := NewMemory()
	c := newPeer(t, "C", m2)
	for i := 0; i < 20; i++ {
		c.write(fmt.Sprintf("%02d.txt", i), fmt.Sprint(i))
	}
	c.sync()
	for i := 0; i < 15; i++ {
		m2.Delete(context.Background(), fmt.Sprintf("files/%02d.txt", i), "")
	}
	if _, err := c.files().Sync(context.Background()); !isAbort(err) || !strings.Contains(err.Error(), "lacks 15 of the 20 files") {
		t.Errorf("a listing lacking most files: %v", err)
	}
	if len(c.tree()) != 20 {
		t.Errorf("files were deleted here: %d left", len(c.tree()))
	}
}

func TestLocalFolderMissingOrEmptied(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	seed(t, a, b)
	serverBefore := m.Files()
	os.RemoveAll(a.dir)
	if _, err := a.files().Sync(context.Background()); !isAbort(err) || !strings.Contains(err.Error(), "is missing") {
		t.Errorf("sync with the folder gone: %v", err)
	}
	os.Mkdir(a.dir, 0o755)
	if _, err := a.files().Sync(context.Background()); !isAbort(err) || !strings.Contains(err.Error(), "is empty") {
		t.Errorf("sync with the folder empty: %v", err)
	}
	if got := m.Files(); len(got) != len(serverBefore) {
		t.Errorf("the server lost files: %d of %d", len(got), len(serverBefore))
	}
}

func TestListingFailureChangesNothing(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	seed(t, a, b)
	a.remove("plan.txt")
	a.write("docs/minutes.txt", "changed")
	f := &Faulty{Remote: m, Decide: func(op, name string) Fault {
		if op == "list" && name == "files/docs/photos" {
			return Fault5xx
		}
		return FaultNone
	}}
	a.remote = f
	serverBefore := m.Files()
	_, err := a.files().Sync(context.Background())
	if !isAbort(err) || !strings.Contains(err.Error(), "files/docs/photos: server refused the listing (503 Service Unavailable)") {
		t.Fatalf("sync with a failing listing: %v", err)
	}
	after := m.Files()
	if len(after) != len(serverBefore) || string(after["files/docs/minutes.txt"]) != "minutes of M1" {
		t.Errorf("the server was changed by an aborted run")
	}
}

func TestListingThatOmitsAFileDeletesNothing(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	seed(t, a, b)
	b.remote = &Faulty{Remote: m, Decide: func(op, name string) Fault {
		if op == "list" {
			return FaultOmit
		}
		return FaultNone
	}}
	rep := b.sync()
	if rep.DeletedHere != 0 || len(b.trashed()) != 0 || len(b.tree()) != len(a.tree()) {
		t.Errorf("a listing that left a file out deleted it here: %+v, %v", rep, keys(b.tree()))
	}
}

func TestBrokenDownloadsAreNotInstalled(t *testing.T) {
	for _, fault := range []Fault{FaultTruncate, FaultDrop} {
		t.Run(fault.String(), func(t *testing.T) {
			m := NewMemory()
			a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
			seed(t, a, b)
			a.write("docs/minutes.txt", strings.Repeat("new minutes ", 1000))
			a.sync()
			b.remote = &Faulty{Remote: m, Decide: func(op, name string) Fault {
				if op == "get" {
					return fault
				}
				return FaultNone
			}}
			rep, err := b.files().Sync(context.Background())
			if err != nil || len(rep.Failed) != 1 || !strings.Contains(rep.Failed[0].Error(), "files/docs/minutes.txt") {
				t.Fatalf("run with a broken download: %v %+v", err, rep)
			}
			if got, _ := b.read("docs/minutes.txt"); got != "minutes of M1" {
				t.Errorf("a broken download replaced the file: %d bytes", len(got))
			}
			b.remote = m
			converge(t, 3, a, b)
		})
	}
}

func TestStorageFullIsNamed(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	seed(t, a, b)
	a.write("report.pdf", "%PDF a report")
	a.write("docs/minutes.txt", "minutes v2")
	b.write("plan.txt", "plan v2")
	b.sync()
	a.remote = &Faulty{Remote: m, Decide: func(op, name string) Fault {
		if op == "put" {
			return FaultStorage
		}
		return FaultNone
	}}
	rep, err := a.files().Sync(context.Background())
	if err != nil || len(rep.Failed) != 1 {
		t.Fatalf("run on a full server: %v, %+v", err, rep)
	}
	// Uploads travel several at once: the first to meet the full server is named, once.
	want := "files/docs/minutes.txt: server refused the upload (507 Insufficient Storage): the server's storage or the user's quota is full"
	if got := rep.Failed[0].Error(); got != want && got != strings.Replace(want, "docs/minutes.txt", "report.pdf", 1) {
		t.Errorf("error = %q\nwant    %q", rep.Failed[0], want)
	}
	if got, _ := a.read("plan.txt"); got != "plan v2" || rep.Downloaded != 1 {
		t.Errorf("downloads should go on when uploads cannot: %+v", rep)
	}
	a.remote = m
	converge(t, 3, a, b)
}

func TestServerCopyOfAnUploadWithTheWrongSizeIsSentAgain(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	seed(t, a, b)
	a.write("report.txt", "the full report")
	a.sync()
	// The server kept a cut copy under the ETag it answered with.
	m.Corrupt("files/report.txt", []byte("the fu"))
	a.sync()
	if got := string(m.Files()["files/report.txt"]); got != "the full report" {
		t.Errorf("the server still holds %q", got)
	}
	converge(t, 3, a, b)
	if got, _ := b.read("report.txt"); got != "the full report" {
		t.Errorf("b got %q", got)
	}
}

func TestServerWithoutETagsOrWithChecksums(t *testing.T) {
	for _, c := range []struct {
		name string
		mk   func() *Memory
	}{
		{"no ETags", func() *Memory { m := NewMemory(); m.NoETags = true; return m }},
		{"checksums", func() *Memory { m := NewMemory(); m.Checksums = true; return m }},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := c.mk()
			a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
			seed(t, a, b)
			b.write("plan.txt", "plan v2")
			a.write("docs/minutes.txt", "minutes v2")
			a.remove("docs/budget.csv")
			converge(t, 4, a, b)
			if got, _ := a.read("plan.txt"); got != "plan v2" {
				t.Errorf("a has %q", got)
			}
			if _, ok := b.read("docs/budget.csv"); ok {
				t.Errorf("the deletion did not reach b")
			}
			if c.name == "checksums" {
				// Both sides know every hash: a quiet run downloads nothing to compare.
				if rep := a.sync(); rep.BytesDown != 0 {
					t.Errorf("a quiet run downloaded %d bytes", rep.BytesDown)
				}
			}
		})
	}
}

func TestHostileNamesFromTheServerAreRefused(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	seed(t, a, b)
	hostile := []string{"../escape.txt", "..", "/etc/passwd", `..\..\win.txt`, `C:\Windows\x.txt`, "a/../../b.txt",
		"CON", "aux.txt", "what?.txt", "trailing.", "nul\x00byte", "tab\there", "\u202eexe.txt", strings.Repeat("x", 300)}
	for _, n := range hostile {
		m.AddRaw("files", n, []byte("pwned"))
		m.AddRaw("files/docs", n, []byte("pwned"))
	}
	parent := filepath.Dir(b.dir)
	before, _ := os.ReadDir(parent)
	rep := b.sync()
	if rep.Changed() {
		t.Errorf("hostile names changed something: %+v", rep)
	}
	if len(rep.Warnings) != 2*len(hostile) {
		t.Errorf("%d warnings for %d refused names: %q", len(rep.Warnings), 2*len(hostile), rep.Warnings)
	}
	for _, w := range rep.Warnings {
		if !strings.Contains(w, "refused a name the server lists") || !strings.Contains(w, "nothing was written") {
			t.Errorf("warning %q", w)
		}
	}
	after, _ := os.ReadDir(parent)
	if len(before) != len(after) {
		t.Errorf("something was written next to the folder")
	}
	if got := b.tree(); !sameTree(got, a.tree()) {
		t.Errorf("b's folder changed: %v", keys(got))
	}
	// The good files still sync around them.
	a.write("docs/fine.txt", "fine")
	converge(t, 3, a, b)
	if got, _ := b.read("docs/fine.txt"); got != "fine" {
		t.Errorf("a good file beside hostile ones did not arrive")
	}
}

func TestNamesOnlyCaseApartAreNotMixedUp(t *testing.T) {
	m := NewMemory()
	a := newPeer(t, "VHS", m)
	a.write("x.txt", "x")
	a.sync()
	m.Put(context.Background(), "files/Report.pdf", strings.NewReader("one"), 3, PutOptions{})
	m.Put(context.Background(), "files/report.pdf", strings.NewReader("two"), 3, PutOptions{})
	rep := a.sync()
	if got := a.tree(); got["Report.pdf"] != "one" || len(got) != 2 {
		t.Errorf("case-twins: %v", got)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "differs only in capitals") {
		t.Errorf("warnings %q", rep.Warnings)
	}
}

func TestLinksAreNotFollowed(t *testing.T) {
	m := NewMemory()
	a := newPeer(t, "VHS", m)
	outside := t.TempDir()
	a.write("x.txt", "x")
	if err := os.Symlink(outside, filepath.Join(a.dir, "elsewhere")); err != nil {
		t.Skip("no symlinks here")
	}
	a.sync()
	// A partner's file under the link's name must not land outside the folder.
	m.Mkdir(context.Background(), "files/elsewhere")
	m.Put(context.Background(), "files/elsewhere/evil.txt", strings.NewReader("evil"), 4, PutOptions{})
	rep, err := a.files().Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := os.ReadDir(outside); len(list) != 0 {
		t.Errorf("a download went through a link: %v", list)
	}
	if len(rep.Failed) == 0 && !strings.Contains(strings.Join(rep.Warnings, "\n"), "elsewhere: not shared: it is a link") {
		t.Errorf("writing through the link was not refused: %+v", rep)
	}
}

func TestLeftoverDownloadIsCleanedUp(t *testing.T) {
	m := NewMemory()
	a := newPeer(t, "VHS", m)
	a.write("x.txt", "x")
	a.sync()
	tmp := filepath.Join(a.dir, localDir, "tmp")
	os.MkdirAll(tmp, 0o755)
	os.WriteFile(filepath.Join(tmp, "download-123"), []byte("half"), 0o644)
	a.sync()
	if _, err := os.Stat(filepath.Join(a.dir, localDir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the app's folder is left behind: %v", err)
	}
	if got := string(m.Files()["files/x.txt"]); got != "x" {
		t.Errorf("server has %q", got)
	}
}

func TestEmptyFoldersTravel(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	a.write("x.txt", "x")
	os.MkdirAll(filepath.Join(a.dir, "Meetings", "M2 Warsaw"), 0o755)
	converge(t, 3, a, b)
	if _, ok := b.tree()["Meetings/M2 Warsaw/"]; !ok {
		t.Errorf("the empty folder did not travel: %v", keys(b.tree()))
	}
	b.remove("Meetings")
	converge(t, 3, a, b)
	if _, ok := a.tree()["Meetings/"]; ok {
		t.Errorf("the deleted empty folder stayed: %v", keys(a.tree()))
	}
	if _, err := m.Stat(context.Background(), "files/Meetings"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the server kept the folder: %v", err)
	}
}

func TestReorganisedFolderIsNotMistakenForAnEmptiedOne(t *testing.T) {
	m := NewMemory()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
	for i := 0; i < 20; i++ {
		a.write(fmt.Sprintf("%02d.txt", i), fmt.Sprint("file ", i))
	}
	converge(t, 3, a, b)
	for i := 0; i < 20; i++ {
		a.rename(fmt.Sprintf("%02d.txt", i), fmt.Sprintf("archive/2025/%02d.txt", i))
	}
	if rep := a.sync(); rep.Moved != 20 || rep.Uploaded != 0 {
		t.Errorf("moving everything into a folder: %+v", rep)
	}
	if rep := b.sync(); rep.Downloaded != 20 || rep.DeletedHere != 20 {
		t.Errorf("the partner's run: %+v", rep)
	}
	converge(t, 3, a, b)
	if got := b.tree(); len(got) != 22 || got["archive/2025/07.txt"] != "file 7" {
		t.Errorf("b holds %v", keys(got))
	}
}
