package davsync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"partnerdesk/data"
)

// peer is one installation in a scenario: its own database and local folder, its own view of the
// one shared server.
type peer struct {
	t      testing.TB
	name   string
	store  *data.Store
	dir    string
	remote Remote
	clock  time.Time
	hook   func(string) error
	// allowDeletes answers yes to the question before a run that deletes most files
	allowDeletes bool
	// transfers and batch are Files.Transfers and Files.journalBatch (0: the defaults)
	transfers, batch int
}

func newPeer(t testing.TB, name string, remote Remote) *peer {
	t.Helper()
	base := t.TempDir()
	s, err := data.Open(filepath.Join(base, "p.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	dir := filepath.Join(base, "files")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return &peer{t: t, name: name, store: s, dir: dir, remote: remote, clock: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
}

const testProject = "0192a000-0000-7000-8000-000000000001"

func (p *peer) files() *Files {
	p.clock = p.clock.Add(time.Second)
	now := p.clock
	return &Files{Remote: p.remote, Root: "files", Dir: p.dir, State: p.store, Project: testProject,
		Org: p.name, Now: func() time.Time { return now }, AllowDeletes: p.allowDeletes, stepHook: p.hook,
		Transfers: p.transfers, journalBatch: p.batch}
}

// sync runs one files sync and fails the test on an error.
func (p *peer) sync() *FilesReport {
	p.t.Helper()
	rep, err := p.files().Sync(context.Background())
	if err != nil {
		p.t.Fatalf("%s: sync: %v", p.name, err)
	}
	if len(rep.Failed) > 0 {
		p.t.Fatalf("%s: sync failed steps: %v", p.name, rep.Failed)
	}
	return rep
}

func (p *peer) write(rel, content string) {
	p.t.Helper()
	full := filepath.Join(p.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		p.t.Fatal(err)
	}
	// A later write in the same clock tick must still look changed: move the time on.
	bump(p.t, full)
}

var bumps atomic.Int64

// bump gives a file a modification time no earlier write had, as a person's later edit would.
func bump(t testing.TB, full string) {
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(bumps.Add(1)) * time.Second)
	if err := os.Chtimes(full, at, at); err != nil {
		t.Fatal(err)
	}
}

func (p *peer) read(rel string) (string, bool) {
	b, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(rel)))
	if err != nil {
		return "", false
	}
	return string(b), true
}

func (p *peer) remove(rel string) {
	p.t.Helper()
	if err := os.RemoveAll(filepath.Join(p.dir, filepath.FromSlash(rel))); err != nil {
		p.t.Fatal(err)
	}
}

func (p *peer) rename(from, to string) {
	p.t.Helper()
	full := filepath.Join(p.dir, filepath.FromSlash(to))
	os.MkdirAll(filepath.Dir(full), 0o755)
	if err := os.Rename(filepath.Join(p.dir, filepath.FromSlash(from)), full); err != nil {
		p.t.Fatal(err)
	}
}

// tree is the local folder as a user sees it: path → content (folders end in "/"), the app's own
// folder left out.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if rel == localDir {
			return filepath.SkipDir
		}
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[rel] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (p *peer) tree() map[string]string { return tree(p.t, p.dir) }

// trashed is every file in the peer's trash, by its path in the folder.
func (p *peer) trashed() map[string]string {
	out := map[string]string{}
	root := filepath.Join(p.dir, localDir, "trash")
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		parts := strings.SplitN(filepath.ToSlash(rel), "/", 2)
		b, _ := os.ReadFile(path)
		out[parts[1]] = string(b)
		return nil
	})
	return out
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// converge syncs the peers in turn until a whole round changes nothing; at most rounds rounds.
func converge(t testing.TB, rounds int, peers ...*peer) {
	t.Helper()
	for i := 0; i < rounds; i++ {
		changed := false
		for _, p := range peers {
			if p.sync().Changed() {
				changed = true
			}
		}
		if !changed {
			for _, p := range peers[1:] {
				if !sameTree(peers[0].tree(), p.tree()) {
					t.Fatalf("%s and %s differ after a quiet round:\n%v\n%v", peers[0].name, p.name, keys(peers[0].tree()), keys(p.tree()))
				}
			}
			return
		}
	}
	t.Fatalf("no convergence in %d rounds", rounds)
}

func shaOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// isAbort says whether err is a run aborted without changes.
func isAbort(err error) bool {
	var a *AbortError
	return errors.As(err, &a)
}
