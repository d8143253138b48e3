package davsync

import (
	"context"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// etaglessServer answers an upload without an ETag, as Apache's mod_dav does, and lets a
// partner write the file again (same size, other content) just after our upload, the moment anyone
// next lists its folder.
type etaglessServer struct {
	*Memory
	mu      sync.Mutex
	target  string // the remote name the partner overwrites
	ours    bool   // our upload of it went through
	written bool
}

func (s *etaglessServer) Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	res, err := s.Memory.Put(ctx, name, body, size, opt)
	res.ETag = ""
	s.mu.Lock()
	s.ours = s.ours || (err == nil && name == s.target)
	s.mu.Unlock()
	return res, err
}

func (s *etaglessServer) List(ctx context.Context, dir string) ([]Entry, error) {
	s.mu.Lock()
	if s.ours && !s.written {
		s.written = true
		s.Memory.Put(ctx, s.target, strings.NewReader("budget v3, by FZL!"), 18, PutOptions{})
	}
	s.mu.Unlock()
	return s.Memory.List(ctx, dir)
}

// TestPartnersOverwriteRightAfterAnUploadIsNotTakenForOurs: on a server that answers a PUT without an
// ETag, only the server's description of the file tells our upload from a partner's write of the same
// size after it. The upload is looked at as soon as the server answers it, so a write that comes after
// is seen as the partner's change on the next run, and arrives here, instead of being recorded as the
// version we sent and silently lost.
func TestPartnersOverwriteRightAfterAnUploadIsNotTakenForOurs(t *testing.T) {
	srv := &etaglessServer{Memory: NewMemory(), target: "files/budget.txt"}
	a := newPeer(t, "VHS", srv)
	a.write("budget.txt", "budget v2, by VHS.")
	for i := range 5 { // other files of the folder, uploaded after it
		a.write("notes"+strconv.Itoa(i)+".txt", "a note by VHS")
	}
	if rep := a.sync(); rep.Uploaded != 6 {
		t.Fatalf("first run: %+v", rep)
	}
	a.sync()
	if !srv.written {
		t.Fatal("the partner's write never happened")
	}
	got, _ := a.read("budget.txt")
	if got != "budget v3, by FZL!" {
		t.Errorf("after the partner's write the file here reads %q, the server's %q: the partner's version was taken for ours",
			got, srv.Files()["files/budget.txt"])
	}
}
