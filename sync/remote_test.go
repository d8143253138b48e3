package davsync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-webdav"
)

// davServer is go-webdav's server on loopback, serving dir; the share is its folder "share".
type davServer struct {
	*httptest.Server
	dir string // the server's files: dir/share is the share folder

	mu       sync.Mutex
	requests map[string]int // by method
	paths    []string       // "METHOD path" of every request, in order
}

func newDAVServer(t testing.TB, wrap func(http.Handler) http.Handler) *davServer {
	t.Helper()
	s := &davServer{dir: t.TempDir(), requests: map[string]int{}}
	if err := os.Mkdir(filepath.Join(s.dir, "share"), 0o755); err != nil {
		t.Fatal(err)
	}
	var h http.Handler = &webdav.Handler{FileSystem: webdav.LocalFileSystem(s.dir)}
	if wrap != nil {
		h = wrap(h)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.Method]++
		s.paths = append(s.paths, r.Method+" "+r.URL.Path)
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// shareURL is the share folder's address.
func (s *davServer) shareURL() string { return s.URL + "/share/" }

// counts returns and resets the request counts.
func (s *davServer) counts() (map[string]int, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, p := s.requests, s.paths
	s.requests, s.paths = map[string]int{}, nil
	return c, p
}

func (s *davServer) remote(t testing.TB) *DAV {
	t.Helper()
	d, err := NewDAV(Config{URL: s.shareURL(), Client: s.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// basicAuth refuses requests without the user and password.
func basicAuth(user, pass string) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, p, ok := r.BasicAuth()
			if !ok || u != user || p != pass {
				w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
				http.Error(w, "who are you?", http.StatusUnauthorized)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
}

// ignoreConditions drops If-Match and If-None-Match before the server sees them.
func ignoreConditions(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("If-Match")
		r.Header.Del("If-None-Match")
		h.ServeHTTP(w, r)
	})
}

// remotes are every Remote the shared suite runs against.
func remotes() map[string]func(t *testing.T) Remote {
	return map[string]func(t *testing.T) Remote{
		"memory":           func(t *testing.T) Remote { return NewMemory() },
		"memory+checksums": func(t *testing.T) Remote { m := NewMemory(); m.Checksums = true; return m },
		"faulty(no faults)": func(t *testing.T) Remote {
			return &Faulty{Remote: NewMemory()}
		},
		"retry(faulty 30%)": func(t *testing.T) Remote {
			// Faults that strike before the server acts are repeated away by Retry.
			return &Retry{Remote: &Faulty{Remote: NewMemory(), Decide: RandomFaults(7, 0.3, FaultError, Fault5xx, FaultTimeout)}, Attempts: 20, Wait: 1}
		},
		"webdav(go-webdav server)": func(t *testing.T) Remote { return newDAVServer(t, nil).remote(t) },
		"webdav(ignores If-Match, as nginx and rclone do)": func(t *testing.T) Remote {
			return newDAVServer(t, ignoreConditions).remote(t)
		},
		"webdav(folders redirect, as on Apache)": func(t *testing.T) Remote {
			var srv *davServer
			srv = newDAVServer(t, apacheLike(&srv))
			return srv.remote(t)
		},
		"webdav(basic auth)": func(t *testing.T) Remote {
			s := newDAVServer(t, basicAuth("anna", "s3cret pass"))
			d, err := NewDAV(Config{URL: s.shareURL(), User: "anna", Password: "s3cret pass", Client: s.Client()})
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
	}
}

// TestRemoteContract runs the Remote contract against every implementation.
func TestRemoteContract(t *testing.T) {
	for name, mk := range remotes() {
		t.Run(name, func(t *testing.T) { testRemoteContract(t, mk(t), quirks{}) })
	}
}

func put(t *testing.T, r Remote, name string, content string, opt PutOptions) (PutResult, error) {
	t.Helper()
	return r.Put(context.Background(), name, strings.NewReader(content), int64(len(content)), opt)
}

func mustGet(t *testing.T, r Remote, name string) (string, Entry) {
	t.Helper()
	body, e, err := r.Get(context.Background(), name)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	return string(b), e
}

func names(list []Entry) []string {
	var out []string
	for _, e := range list {
		n := e.Name
		if e.IsDir {
			n += "/"
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// quirks are what a real server does differently and harmlessly, which no client can change.
type quirks struct {
	mkdirExistingOK bool // MKCOL of an existing folder succeeds (rclone serve)
	createsParents  bool // PUT and MOVE create missing folders (nginx's create_full_put_path)
}

func testRemoteContract(t *testing.T, r Remote, q quirks) {
	ctx := context.Background()
	list, err := r.List(ctx, "")
	if err != nil || len(list) != 0 {
		t.Fatalf("empty root lists %v, %v", names(list), err)
	}
	// Folders.
	if err := r.Mkdir(ctx, "a"); err != nil {
		t.Fatalf("mkdir a: %v", err)
	}
	if err := r.Mkdir(ctx, "a"); !errors.Is(err, ErrExists) && !(q.mkdirExistingOK && err == nil) {
		t.Errorf("mkdir a again: %v, want ErrExists", err)
	}
	if err := r.Mkdir(ctx, "x/y"); !errors.Is(err, ErrNotFound) {
		t.Errorf("mkdir x/y without x: %v, want ErrNotFound", err)
	}
	if err := r.Mkdir(ctx, "a/b"); err != nil {
		t.Fatal(err)
	}
	// Conditional uploads.
	res, err := put(t, r, "a/f.txt", "first", PutOptions{IfNoneMatch: true})
	if err != nil {
		t.Fatalf("put a/f.txt: %v", err)
	}
	if _, err := put(t, r, "a/f.txt", "second", PutOptions{IfNoneMatch: true}); !errors.Is(err, ErrPrecondition) {
		t.Errorf("put over an existing file with If-None-Match: %v, want ErrPrecondition", err)
	}
	if got, _ := mustGet(t, r, "a/f.txt"); got != "first" {
		t.Errorf("a refused upload changed the file: %q", got)
	}
	st, err := r.Stat(ctx, "a/f.txt")
	if err != nil || st.IsDir || st.Size != 5 {
		t.Fatalf("stat a/f.txt = %+v, %v", st, err)
	}
	if res.ETag != "" && st.ETag != res.ETag {
		t.Errorf("the upload's ETag %q is not the stat's %q", res.ETag, st.ETag)
	}
	if st.ETag != "" {
		if _, err := put(t, r, "a/f.txt", "second", PutOptions{IfMatch: st.ETag + "x"}); !errors.Is(err, ErrPrecondition) {
			t.Errorf("put with a wrong If-Match: %v, want ErrPrecondition", err)
		}
		res2, err := put(t, r, "a/f.txt", "second!", PutOptions{IfMatch: st.ETag})
		if err != nil {
			t.Fatalf("put with the right If-Match: %v", err)
		}
		st2, _ := r.Stat(ctx, "a/f.txt")
		if st2.ETag == st.ETag || (res2.ETag != "" && res2.ETag != st2.ETag) {
			t.Errorf("ETag after a change: %q (was %q, upload said %q)", st2.ETag, st.ETag, res2.ETag)
		}
	} else if _, err := put(t, r, "a/f.txt", "second!", PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := put(t, r, "nope/f.txt", "x", PutOptions{}); q.createsParents && err == nil {
		r.Delete(ctx, "nope", "")
	} else if !errors.Is(err, ErrNotFound) {
		t.Errorf("put into a missing folder: %v, want ErrNotFound", err)
	}
	// A body shorter than its declared size is refused (checked at the end: a server notices the
	// cut only when it reads the end of the body).
	if err := r.Mkdir(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Put(ctx, "s/short.txt", strings.NewReader("abc"), 10, PutOptions{}); err == nil {
		t.Errorf("a short upload was accepted")
	}
	// Listing is one level, without the folder itself; names come back exactly.
	odd := "Bericht März 100% #1 (v2) & 'final'.txt"
	if _, err := put(t, r, "a/"+odd, "", PutOptions{IfNoneMatch: true}); err != nil {
		t.Fatalf("put %q: %v", odd, err)
	}
	if _, err := put(t, r, "a/b/deep.txt", "deep", PutOptions{}); err != nil {
		t.Fatal(err)
	}
	list, err = r.List(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{odd, "b/", "f.txt"}
	if got := names(list); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("list a = %q, want %q", got, want)
	}
	for _, e := range list {
		if e.Name == "f.txt" && (e.Size != 7 || (e.ETag != "" && e.ETag != mustStat(t, r, "a/f.txt").ETag)) {
			t.Errorf("listed f.txt = %+v", e)
		}
		if e.Name == odd && e.Size != 0 {
			t.Errorf("empty file listed with size %d", e.Size)
		}
	}
	if _, err := r.List(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("list of a missing folder: %v, want ErrNotFound", err)
	}
	if _, err := r.Stat(ctx, "a/missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("stat of a missing file: %v, want ErrNotFound", err)
	}
	if e, err := r.Stat(ctx, "a/b"); err != nil || !e.IsDir {
		t.Errorf("stat of a folder = %+v, %v", e, err)
	}
	// Downloads carry the ETag and size of what they hold.
	// (A server may give an ETag with a download only: nginx lists none.)
	got, ge := mustGet(t, r, "a/f.txt")
	if st := mustStat(t, r, "a/f.txt"); got != "second!" || (ge.Size != -1 && ge.Size != 7) || (ge.ETag != "" && st.ETag != "" && ge.ETag != st.ETag) {
		t.Errorf("get a/f.txt = %q %+v", got, ge)
	}
	if _, _, err := r.Get(ctx, "a/missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get of a missing file: %v, want ErrNotFound", err)
	}
	// A larger file streams both ways intact.
	big := make([]byte, 3<<20+17)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(rnd.UintN(256))
	}
	if _, err := r.Put(ctx, "a/big.bin", bytes.NewReader(big), int64(len(big)), PutOptions{IfNoneMatch: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := mustGet(t, r, "a/big.bin"); sha256.Sum256([]byte(got)) != sha256.Sum256(big) {
		t.Errorf("big.bin came back different")
	}
	// Moves never overwrite.
	if err := r.Move(ctx, "a/big.bin", "a/f.txt"); !errors.Is(err, ErrPrecondition) {
		t.Errorf("move onto an existing file: %v, want ErrPrecondition", err)
	}
	if err := r.Move(ctx, "a/big.bin", "a/b/moved.bin"); err != nil {
		t.Fatalf("move: %v", err)
	}
	if _, err := r.Stat(ctx, "a/big.bin"); !errors.Is(err, ErrNotFound) {
		t.Errorf("moved file still at its old name: %v", err)
	}
	if e := mustStat(t, r, "a/b/moved.bin"); e.Size != int64(len(big)) {
		t.Errorf("moved file has size %d", e.Size)
	}
	if err := r.Move(ctx, "a/gone", "a/x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("move of a missing file: %v, want ErrNotFound", err)
	}
	// Conditional deletes.
	e := mustStat(t, r, "a/f.txt")
	if e.ETag != "" {
		if err := r.Delete(ctx, "a/f.txt", e.ETag+"x"); !errors.Is(err, ErrPrecondition) {
			t.Errorf("delete with a wrong If-Match: %v, want ErrPrecondition", err)
		}
		if _, err := r.Stat(ctx, "a/f.txt"); err != nil {
			t.Errorf("a refused delete deleted: %v", err)
		}
	}
	if err := r.Delete(ctx, "a/f.txt", e.ETag); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if err := r.Delete(ctx, "a/f.txt", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete of a missing file: %v, want ErrNotFound", err)
	}
	if err := r.Delete(ctx, "a", ""); err != nil {
		t.Fatalf("delete folder: %v", err)
	}
	for i := 0; ; i++ {
		list, err := r.List(ctx, "s")
		if err == nil && len(list) == 0 {
			break
		}
		if i == 100 {
			t.Fatalf("a short upload left a file: %v %v", names(list), err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := r.Delete(ctx, "s", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Stat(ctx, "a/b/deep.txt"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a deleted folder's content survived: %v", err)
	}
	if list, _ := r.List(ctx, ""); len(list) != 0 {
		t.Errorf("root after deleting everything: %v", names(list))
	}
	// A cancelled context stops a request.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, isDAV := r.(*DAV); isDAV {
		if _, err := r.List(cctx, ""); !errors.Is(err, context.Canceled) {
			t.Errorf("a cancelled list: %v", err)
		}
	}
}

func mustStat(t *testing.T, r Remote, name string) Entry {
	t.Helper()
	e, err := r.Stat(context.Background(), name)
	if err != nil {
		t.Fatalf("stat %s: %v", name, err)
	}
	return e
}
