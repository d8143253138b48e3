package davsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-webdav"
)

func TestCheckURL(t *testing.T) {
	for _, c := range []struct {
		in, want, err string
	}{
		{"https://cloud.example.org/remote.php/dav/files/anna/Erasmus/GS", "https://cloud.example.org/remote.php/dav/files/anna/Erasmus/GS/", ""},
		{"http://127.0.0.1:8080/share/", "http://127.0.0.1:8080/share/", ""},
		{"http://localhost/dav", "http://localhost/dav/", ""},
		{"http://[::1]:9/x", "http://[::1]:9/x/", ""},
		{"http://cloud.example.org/dav", "", "http://cloud.example.org is not encrypted: use https"},
		{"https://anna:hunter2@cloud.example.org/dav", "", "holds a password"},
		{"ftp://cloud.example.org/", "", "must be a web address"},
		{"cloud.example.org/dav", "", "must be a web address"},
	} {
		u, err := CheckURL(c.in)
		switch {
		case c.err == "" && (err != nil || u.String() != c.want):
			t.Errorf("CheckURL(%q) = %v, %v; want %s", c.in, u, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("CheckURL(%q) error %v, want %q", c.in, err, c.err)
		case err != nil && strings.Contains(err.Error(), "hunter2"):
			t.Errorf("CheckURL repeats the password: %v", err)
		}
	}
}

// refusing answers every request with one status, the way sabre/dav (Nextcloud) words it.
func refusing(code int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.WriteHeader(code)
		fmt.Fprintf(w, `<?xml version="1.0"?><d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns"><s:exception>E</s:exception><s:message>Sabre says %d</s:message></d:error>`, code)
	})
}

func TestRefusalsAreNamed(t *testing.T) {
	for _, c := range []struct {
		code int
		op   func(r *DAV) error
		want string
		is   error
	}{
		{401, func(r *DAV) error { _, err := r.List(context.Background(), "records"); return err },
			"records: server refused the listing (401 Unauthorized): check the user name and password — Sabre says 401", ErrUnauthorized},
		{403, func(r *DAV) error { return r.Mkdir(context.Background(), "files/x") },
			"files/x: server refused creating the folder (403 Forbidden): the user may not do this here; check the folder's sharing permissions — Sabre says 403", ErrForbidden},
		{404, func(r *DAV) error { _, err := r.List(context.Background(), ""); return err },
			"the share folder: server refused the listing (404 Not Found): no such folder or file; check the address — Sabre says 404", ErrNotFound},
		{405, func(r *DAV) error { _, err := r.List(context.Background(), ""); return err },
			"the share folder: server refused the listing (405 Method Not Allowed): is the address a WebDAV folder? (Nextcloud: https://HOST/remote.php/dav/files/USER/FOLDER) — Sabre says 405", nil},
		{507, func(r *DAV) error {
			_, err := r.Put(context.Background(), "files/report.pdf", strings.NewReader("x"), 1, PutOptions{})
			return err
		}, "files/report.pdf: server refused the upload (507 Insufficient Storage): the server's storage or the user's quota is full — Sabre says 507", ErrInsufficientStorage},
	} {
		srv := httptest.NewServer(refusing(c.code))
		r, err := NewDAV(Config{URL: srv.URL + "/share/", User: "anna", Password: "secret-pw", Client: srv.Client()})
		if err != nil {
			t.Fatal(err)
		}
		err = c.op(r)
		if err == nil || err.Error() != c.want {
			t.Errorf("%d: %v\nwant %s", c.code, err, c.want)
		}
		if c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%d: errors.Is(%v) is false", c.code, c.is)
		}
		if err != nil && strings.Contains(err.Error(), "secret-pw") {
			t.Errorf("the password is in an error")
		}
		srv.Close()
	}
}

func TestUntrustedCertificateIsNamed(t *testing.T) {
	srv := httptest.NewTLSServer(&webdav.Handler{FileSystem: webdav.LocalFileSystem(t.TempDir())})
	defer srv.Close()
	r, err := NewDAV(Config{URL: srv.URL + "/", User: "anna", Password: "secret-pw"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.List(context.Background(), "")
	if err == nil || !strings.HasPrefix(err.Error(), "the share folder: listing failed: the server's certificate is not trusted (") || strings.Contains(err.Error(), "secret-pw") {
		t.Errorf("untrusted certificate: %v", err)
	}
	// With the certificate trusted, https works.
	r, _ = NewDAV(Config{URL: srv.URL + "/", Client: srv.Client()})
	if _, err := r.List(context.Background(), ""); err != nil {
		t.Errorf("trusted https: %v", err)
	}
}

func TestServerGoneIsNamed(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	r, _ := NewDAV(Config{URL: url + "/share/"})
	_, err := r.List(context.Background(), "")
	if err == nil || err.Error() != "the share folder: listing failed: the server refused the connection (is it running, is the address right?)" {
		t.Errorf("closed server: %v", err)
	}
}

// hostile lists files/ with names a careless or hostile server could send.
func hostile(t *testing.T) *httptest.Server {
	const ms = `<?xml version="1.0" encoding="utf-8"?>
<d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
%s
</d:multistatus>`
	entry := func(href, props string) string {
		return `<d:response><d:href>` + href + `</d:href><d:propstat><d:prop>` + props +
			`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`
	}
	file := func(href string, size int, etag string) string {
		return entry(href, fmt.Sprintf(`<d:resourcetype/><d:getcontentlength>%d</d:getcontentlength><d:getetag>%s</d:getetag>`, size, etag))
	}
	listing := strings.Join([]string{
		entry("/share/files/", `<d:resourcetype><d:collection/></d:resourcetype>`),
		file("/share/files/good.txt", 4, `W/"weak-1"`),
		file("/share/files/also%20good.txt", 5, `"strong-2"`),
		file("/share/files/unquoted.txt", 3, `abc123`),
		file("/share/files/../escape.txt", 5, `"3"`),
		file("/share/files/%2e%2e", 5, `"4"`),
		file("/share/files/%2E%2E/%2e%2e/etc/passwd", 5, `"5"`),
		file("/etc/passwd", 5, `"6"`),
		file("http://evil.example/share/files/x.txt", 5, `"7"`),
		file("/share/files/a%2Fb.txt", 5, `"8"`),
		file("/share/files/sub/deeper.txt", 5, `"9"`),
		file("/share/files/CON", 5, `"10"`),
		file("/share/files/what%3F.txt", 5, `"11"`),
		file("/share/files/nul%00byte", 5, `"12"`),
		file(`/share/files/..%5C..%5Cwin.txt`, 5, `"13"`),
	}, "\n")
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "PROPFIND" && r.URL.Path == "/share/files/":
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusMultiStatus)
			fmt.Fprintf(w, ms, listing)
		case r.Method == "GET" && r.URL.Path == "/share/files/good.txt":
			io.WriteString(w, "good")
		case r.Method == "GET" && r.URL.Path == "/share/files/also good.txt":
			w.Header().Set("ETag", `"strong-2"`)
			io.WriteString(w, "also!")
		case r.Method == "GET" && r.URL.Path == "/share/files/unquoted.txt":
			io.WriteString(w, "unq")
		default:
			http.Error(w, "no", http.StatusNotFound)
		}
	}))
}

func TestHostileHrefsAreRefused(t *testing.T) {
	srv := hostile(t)
	defer srv.Close()
	r, err := NewDAV(Config{URL: srv.URL + "/share/", Client: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	list, err := r.List(context.Background(), "files")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range list {
		got[e.Name] = e.ETag
	}
	// Weak and unquoted ETags are unknown; names come back raw for CheckName to judge.
	if got["good.txt"] != "" || got["also good.txt"] != "strong-2" || got["unquoted.txt"] != "" {
		t.Errorf("ETags: %q", got)
	}
	for _, n := range []string{"../escape.txt", "..", "/etc/passwd", "http://evil.example/share/files/x.txt", "a/b.txt", "sub/deeper.txt", "CON", "what?.txt", "nul\x00byte", `..\..\win.txt`} {
		if _, ok := got[n]; !ok {
			t.Errorf("listing lacks %q (as the server named it): %q", n, names(list))
		}
		if CheckName(n) == nil {
			t.Errorf("CheckName(%q) accepts it", n)
		}
	}
	// A sync against it writes the good files and nothing else, nowhere else.
	base := t.TempDir()
	dir := filepath.Join(base, "files")
	os.Mkdir(dir, 0o755)
	p := newPeer(t, "X", r)
	p.dir = dir
	rep := p.sync()
	if rep.Downloaded != 3 || len(rep.Warnings) != 11 {
		t.Errorf("sync: %+v", rep)
	}
	want := map[string]string{"good.txt": "good", "also good.txt": "also!", "unquoted.txt": "unq"}
	if got := tree(t, dir); !sameTree(got, want) {
		t.Errorf("folder holds %q", got)
	}
	if list, _ := os.ReadDir(base); len(list) != 1 {
		t.Errorf("something was written beside the folder: %v", list)
	}
	for _, w := range rep.Warnings {
		if !strings.HasPrefix(w, "files: refused a name the server lists: ") {
			t.Errorf("warning %q", w)
		}
	}
}

func TestRetryRepeatsOnlyWhatMayPass(t *testing.T) {
	calls := 0
	f := &Faulty{Remote: NewMemory(), Decide: func(op, name string) Fault {
		calls++
		if calls <= 2 {
			return Fault5xx
		}
		return FaultNone
	}}
	r := &Retry{Remote: f, Wait: 1}
	body := strings.NewReader("content")
	if _, err := r.Put(context.Background(), "x.txt", body, 7, PutOptions{}); err != nil || calls != 3 {
		t.Errorf("put after two 503s: %v after %d calls", err, calls)
	}
	if got, _ := mustGet(t, f.Remote, "x.txt"); got != "content" {
		t.Errorf("the repeated upload stored %q", got)
	}
	calls = 0
	f.Decide = func(op, name string) Fault { calls++; return FaultStorage }
	if _, err := r.Put(context.Background(), "y.txt", strings.NewReader("y"), 1, PutOptions{}); !errors.Is(err, ErrInsufficientStorage) || calls != 1 {
		t.Errorf("507 was repeated: %d calls", calls)
	}
	f.Decide = nil
	calls = 0
	if _, err := r.Put(context.Background(), "x.txt", strings.NewReader("z"), 1, PutOptions{IfNoneMatch: true}); !errors.Is(err, ErrPrecondition) {
		t.Errorf("412 was not returned: %v", err)
	}
}

func TestStalledTransferIsCut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write(make([]byte, 500))
		w.(http.Flusher).Flush()
		select { // then nothing more, until the client gives up or the test ends
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	r, _ := NewDAV(Config{URL: srv.URL + "/share/", Client: srv.Client(), Stall: 200 * time.Millisecond})
	body, _, err := r.Get(context.Background(), "files/big.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	start := time.Now()
	_, err = io.ReadAll(body)
	if err == nil || err.Error() != "files/big.bin: downloading failed: the transfer stopped moving (nothing arrived or left for a while)" || !Transient(err) {
		t.Errorf("stalled download: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the stall was noticed after %s", d)
	}
}

// apacheLike answers a folder's slash-less URL as Apache's mod_dir does (301 to the URL with the
// slash, for every method) and refuses MKCOL without the slash as nginx does (409).
func apacheLike(srv **davServer) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasSuffix(r.URL.Path, "/") {
				if r.Method == "MKCOL" {
					http.Error(w, "MKCOL needs a slash", http.StatusConflict)
					return
				}
				if fi, err := os.Stat(filepath.Join((*srv).dir, filepath.FromSlash(r.URL.Path))); err == nil && fi.IsDir() {
					http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
					return
				}
			}
			h.ServeHTTP(w, r)
		})
	}
}

// TestFolderRequestsEndInSlash: MKCOL, PROPFIND, DELETE and MOVE of folders reach the folder's
// slash-terminated URL, and a 301 is never read as "already gone".
func TestFolderRequestsEndInSlash(t *testing.T) {
	var srv *davServer
	srv = newDAVServer(t, apacheLike(&srv))
	r := srv.remote(t)
	ctx := context.Background()
	for _, d := range []string{"docs", "docs/photos", "old"} {
		if err := r.Mkdir(ctx, d); err != nil {
			t.Fatalf("mkdir %s: %v", d, err)
		}
	}
	if err := r.Mkdir(ctx, "docs"); !errors.Is(err, ErrExists) {
		t.Errorf("mkdir docs again: %v, want ErrExists", err)
	}
	if e, err := r.Stat(ctx, "docs/photos"); err != nil || !e.IsDir {
		t.Errorf("stat of a folder = %+v, %v", e, err)
	}
	if err := r.Move(ctx, "docs/photos", "docs/pictures"); err != nil {
		t.Errorf("move of a folder: %v", err)
	}
	if err := r.Delete(ctx, "old", ""); err != nil {
		t.Errorf("delete of a folder: %v", err)
	}
	if got := serverTree(t, r, ""); !sameTree(got, map[string]string{"docs/": "", "docs/pictures/": ""}) {
		t.Errorf("the server holds %v", keys(got))
	}
	_, paths := srv.counts()
	for _, p := range paths {
		if strings.HasPrefix(p, "GET ") {
			t.Errorf("a folder request turned into %q", p)
		}
	}
}

// TestCredentialsStayWithTheShare: a redirect to another port, host or scheme is not followed, so
// the password never goes there, and the error says so.
func TestCredentialsStayWithTheShare(t *testing.T) {
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			leaked = append(leaked, r.Method+" "+r.URL.Path)
		}
		w.Write([]byte("elsewhere"))
	}))
	defer other.Close()
	share := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer share.Close()
	r, err := NewDAV(Config{URL: share.URL + "/share/", User: "anna", Password: "secret-pw"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, gerr := r.Get(context.Background(), "files/x.txt")
	_, lerr := r.List(context.Background(), "files")
	if len(leaked) > 0 {
		t.Errorf("the password went to another server: %q", leaked)
	}
	want := "files/x.txt: server refused the download (302 Found) — the server redirected to " + other.URL + "/share/files/x.txt, another server: not followed, so the password is not sent there; check the share address"
	if gerr == nil || gerr.Error() != want {
		t.Errorf("redirected download: %v\nwant %s", gerr, want)
	}
	if lerr == nil || !strings.Contains(lerr.Error(), "another server: not followed") || strings.Contains(lerr.Error(), "secret-pw") {
		t.Errorf("redirected listing: %v", lerr)
	}
}

// TestTrickleIsCut: a server sending a byte now and then never holds a download for long.
func TestTrickleIsCut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		for {
			w.Write([]byte{'x'})
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	r, _ := NewDAV(Config{URL: srv.URL + "/share/", Client: srv.Client(), Stall: 300 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // before the server closes: a download still running would hold it
	ended := make(chan error, 1)
	go func() {
		body, _, err := r.Get(ctx, "files/big.bin")
		if err == nil {
			_, err = io.ReadAll(body)
			body.Close()
		}
		ended <- err
	}()
	select {
	case err := <-ended:
		if err == nil || err.Error() != "files/big.bin: downloading failed: the transfer stopped moving (nothing arrived or left for a while)" || !Transient(err) {
			t.Errorf("trickled download: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Errorf("a trickled download still runs after 5 s")
	}
}

// TestNoAnswerAfterAnUploadIsCut: a server that takes an upload and never answers is given up on
// after HeaderTimeout, even with a client of the caller's that has no timeouts.
func TestNoAnswerAfterAnUploadIsCut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	defer srv.Close()
	r, _ := NewDAV(Config{URL: srv.URL + "/share/", Client: srv.Client(), Stall: time.Minute, HeaderTimeout: 300 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // before the server closes: an upload still waiting would hold it
	ended := make(chan error, 1)
	go func() {
		_, err := r.Put(ctx, "files/a.txt", strings.NewReader("content"), 7, PutOptions{})
		ended <- err
	}()
	select {
	case err := <-ended:
		if err == nil || err.Error() != "files/a.txt: uploading failed: the server did not answer in time" || !Transient(err) {
			t.Errorf("unanswered upload: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Errorf("an unanswered upload still waits after 5 s")
	}
}
