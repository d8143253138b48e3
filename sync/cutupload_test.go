package davsync

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// inPlace is a server that writes an upload under its name as it arrives, as go-webdav's and
// rclone's do. The upload of cut breaks off after keep bytes, once; what arrived stays under the
// name for lasts more requests (the server's handler noticing the break late, then removing it),
// or for good when lasts < 0.
type inPlace struct {
	Remote
	cut   string
	keep  int64
	lasts int

	mu      sync.Mutex
	done    bool
	partial bool
}

// tick counts a request; the part of the broken upload goes when its time is up.
func (s *inPlace) tick(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.partial || s.lasts < 0 {
		return
	}
	if s.lasts == 0 {
		s.partial = false
		_ = s.Remote.Delete(ctx, s.cut, "")
		return
	}
	s.lasts--
}

func (s *inPlace) Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	s.tick(ctx)
	s.mu.Lock()
	cut := name == s.cut && !s.done
	s.done = s.done || cut
	s.mu.Unlock()
	if !cut {
		return s.Remote.Put(ctx, name, body, size, opt)
	}
	part := make([]byte, s.keep)
	if _, err := io.ReadFull(body, part); err != nil {
		return PutResult{}, err
	}
	if _, err := s.Remote.Put(ctx, name, bytes.NewReader(part), s.keep, opt); err != nil {
		return PutResult{}, err
	}
	s.mu.Lock()
	s.partial = true
	s.mu.Unlock()
	return PutResult{}, &NetError{Op: "put", Name: name, Err: syscall.ECONNRESET}
}

func (s *inPlace) List(ctx context.Context, dir string) ([]Entry, error) {
	s.tick(ctx)
	return s.Remote.List(ctx, dir)
}

func (s *inPlace) Stat(ctx context.Context, name string) (Entry, error) {
	s.tick(ctx)
	return s.Remote.Stat(ctx, name)
}

func (s *inPlace) Get(ctx context.Context, name string) (io.ReadCloser, Entry, error) {
	s.tick(ctx)
	return s.Remote.Get(ctx, name)
}

func (s *inPlace) Delete(ctx context.Context, name, ifMatch string) error {
	s.tick(ctx)
	return s.Remote.Delete(ctx, name, ifMatch)
}

func (s *inPlace) Mkdir(ctx context.Context, name string) error {
	s.tick(ctx)
	return s.Remote.Mkdir(ctx, name)
}

func (s *inPlace) Move(ctx context.Context, from, to string) error {
	s.tick(ctx)
	return s.Remote.Move(ctx, from, to)
}

// TestBrokenOffUploadIsNeverTakenForAPartnersVersion cuts an upload on a server that writes in
// place; the retry finds the part that arrived under the name (its If-None-Match is refused). That
// part is nobody's version: it must not take the name here, nor be recorded as synced, nor reach a
// partner, and the file keeps the name when the person then moves it (the flaky seed of
// TestTenPercentOfRequestsFail on go-webdav, made deterministic).
func TestBrokenOffUploadIsNeverTakenForAPartnersVersion(t *testing.T) {
	content := strings.Repeat("report by VHS ", 300)
	for _, keep := range []int64{0, int64(len(content) / 2)} {
		for _, lasts := range []int{3, -1} {
			t.Run(fmt.Sprintf("%d bytes kept for %d requests", keep, lasts), func(t *testing.T) {
				m := NewMemory()
				a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
				a.write("plan.txt", "work plan v1")
				converge(t, 3, a, b)
				a.write("report.txt", content)
				a.remote = &Retry{Remote: &inPlace{Remote: m, cut: "files/report.txt", keep: keep, lasts: lasts}, Wait: 1}
				rep, err := a.files().Sync(context.Background())
				if err != nil || rep.Conflicts != 0 || rep.Downloaded != 0 {
					t.Errorf("the run with the broken upload: %v %+v", err, rep)
				}
				if got, _ := a.read("report.txt"); got != content {
					t.Errorf("report.txt here holds %d bytes of another content", len(got))
				}
				jfiles, _, err := NewJournal(a.store, testProject).Load()
				if err != nil {
					t.Fatal(err)
				}
				if j, ok := jfiles["report.txt"]; ok && (j.SHA256 != shaOf(content) || !j.Pending) {
					t.Errorf("the journal records the broken upload as synced: %+v", j)
				}
				// A partner syncs meanwhile, then the person moves the file.
				b.files().Sync(context.Background())
				a.rename("report.txt", "moved/report.txt")
				a.remote = m
				converge(t, 4, a, b)
				want := map[string]string{"plan.txt": "work plan v1", "moved/": "", "moved/report.txt": content}
				for _, p := range []*peer{a, b} {
					if got := p.tree(); !sameTree(got, want) {
						t.Errorf("%s holds %v; moved/report.txt %d bytes", p.name, keys(got), len(got["moved/report.txt"]))
					}
				}
				if server := serverTree(t, m, "files"); !sameTree(server, want) {
					t.Errorf("the server holds %v", keys(server))
				}
			})
		}
	}
}
