package davsync

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"text/template"
	"time"
)

// The WebDAV servers users have, from Debian packages, each started by the test on a free loopback
// port with its own configuration (sync/testdata/servers) and killed at the end. A server that is
// not installed fails the test under CI (CI set) and is skipped only on a developer's machine;
// `make test` installs them all.

const (
	realUser = "anna"
	realPass = "s3cret pass"
)

// serverKind is one server program and how to run it.
type serverKind struct {
	name string
	pkg  string   // the Debian packages that hold it
	bin  string   // the program, looked up in PATH and the sbin folders
	mods []string // folders that may hold its modules, first match wins ("" when it needs none)
	mod  string   // a module file that must be there
	// args are the program's arguments for a configuration written in dir.
	args func(dir string, p serverParams) []string
	// prepare writes the configuration and anything else the server needs into dir.
	prepare func(t testing.TB, dir string, p serverParams)
	// dropsRoot: when run as root the server must switch to an unprivileged user.
	dropsRoot bool
	quirks    quirks
	// freshWeak: the server lists a file changed within the last second or two with no strong ETag.
	freshWeak bool
}

// serverParams fill a configuration template.
type serverParams struct {
	Dir, Data, Modules, RunAs string
	Port                      int
}

var realServerKinds = []serverKind{
	{
		name: "apache", pkg: "apache2", bin: "apache2",
		mods: []string{"/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/lib/httpd/modules"}, mod: "mod_dav_fs.so",
		dropsRoot: true, freshWeak: true,
		prepare: func(t testing.TB, dir string, p serverParams) {
			writeTemplate(t, "apache.conf", filepath.Join(dir, "apache.conf"), p)
			writeFile(t, filepath.Join(dir, "htpasswd"), realUser+":"+shaPassword(realPass)+"\n")
			mkdirFor(t, filepath.Join(dir, "lock"), p.RunAs)
		},
		args: func(dir string, p serverParams) []string {
			// In the foreground, not -X: a single-process Apache serves one connection at a time, and
			// a second installation would wait out the first one's keep-alive.
			return []string{"-DFOREGROUND", "-d", dir, "-f", filepath.Join(dir, "apache.conf")}
		},
	},
	{
		name: "nginx", pkg: "nginx libnginx-mod-http-dav-ext", bin: "nginx", quirks: quirks{createsParents: true}, freshWeak: true,
		mods: []string{"/usr/lib/nginx/modules", "/usr/lib64/nginx/modules"}, mod: "ngx_http_dav_ext_module.so",
		prepare: func(t testing.TB, dir string, p serverParams) {
			writeTemplate(t, "nginx.conf", filepath.Join(dir, "nginx.conf"), p)
			writeFile(t, filepath.Join(dir, "htpasswd"), realUser+":"+shaPassword(realPass)+"\n")
			mkdirFor(t, filepath.Join(dir, "tmp"), p.RunAs)
		},
		args: func(dir string, p serverParams) []string {
			return []string{"-e", "stderr", "-p", dir, "-c", filepath.Join(dir, "nginx.conf")}
		},
	},
	{
		name: "lighttpd", pkg: "lighttpd lighttpd-mod-webdav", bin: "lighttpd",
		mods: []string{"/usr/lib/lighttpd", "/usr/lib64/lighttpd"}, mod: "mod_webdav.so",
		prepare: func(t testing.TB, dir string, p serverParams) {
			writeTemplate(t, "lighttpd.conf", filepath.Join(dir, "lighttpd.conf"), p)
			writeFile(t, filepath.Join(dir, "users"), realUser+":"+realPass+"\n")
			mkdirFor(t, filepath.Join(dir, "tmp"), p.RunAs)
		},
		args: func(dir string, p serverParams) []string {
			return []string{"-D", "-f", filepath.Join(dir, "lighttpd.conf"), "-m", p.Modules}
		},
	},
	{
		name: "rclone", pkg: "rclone", bin: "rclone", quirks: quirks{mkdirExistingOK: true},
		prepare: func(t testing.TB, dir string, p serverParams) {
			writeFile(t, filepath.Join(dir, "rclone.conf"), "")
		},
		args: func(dir string, p serverParams) []string {
			return []string{"serve", "webdav", p.Data, "--addr", "127.0.0.1:" + strconv.Itoa(p.Port),
				"--user", realUser, "--pass", realPass, "--config", filepath.Join(dir, "rclone.conf"), "--log-level", "ERROR"}
		},
	},
}

// shaPassword is an htpasswd line's {SHA} form, which Apache and nginx both read.
func shaPassword(pw string) string {
	sum := sha1.Sum([]byte(pw))
	return "{SHA}" + base64.StdEncoding.EncodeToString(sum[:])
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeTemplate(t testing.TB, name, path string, p serverParams) {
	t.Helper()
	tm, err := template.ParseFiles(filepath.Join("testdata", "servers", name))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tm.Execute(&b, p); err != nil {
		t.Fatalf("testdata/servers/%s: %v", name, err)
	}
	writeFile(t, path, b.String())
}

// mkdirFor makes a folder the server's user may write (it may have dropped root).
func mkdirFor(t testing.TB, dir, runAs string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if runAs == "" {
		return
	}
	u, err := user.Lookup(runAs)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
}

// find locates the program and its modules; missing says which Debian packages to install.
func (k serverKind) find() (bin, mods string, missing error) {
	bin, err := exec.LookPath(k.bin)
	if err != nil {
		for _, d := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
			if _, serr := os.Stat(filepath.Join(d, k.bin)); serr == nil {
				bin, err = filepath.Join(d, k.bin), nil
				break
			}
		}
	}
	if err != nil {
		return "", "", fmt.Errorf("%s is not installed (Debian: apt-get install %s; make test installs it)", k.bin, k.pkg)
	}
	if k.mod == "" {
		return bin, "", nil
	}
	for _, d := range k.mods {
		if _, err := os.Stat(filepath.Join(d, k.mod)); err == nil {
			return bin, d, nil
		}
	}
	return "", "", fmt.Errorf("%s has no %s (Debian: apt-get install %s; make test installs it)", k.bin, k.mod, k.pkg)
}

// realServer is one running server; each share() is a fresh folder on it.
type realServer struct {
	kind  serverKind
	base  string // http://127.0.0.1:PORT/
	data  string // the served folder on disk
	runAs string
	n     atomic.Int32
	log   string // the server's output, for failure messages

	started time.Time    // aged uploads' times are before it
	uploads atomic.Int64 // aged uploads so far
}

// startServer runs a server of this kind for the test, or fails (CI) or skips (elsewhere) when it
// is not installed.
func startServer(t testing.TB, k serverKind) *realServer {
	t.Helper()
	bin, mods, missing := k.find()
	if missing != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s: %v", k.name, missing)
		}
		t.Skipf("%s: %v", k.name, missing)
	}
	// Not t.TempDir: its parents are private to root, and a server that dropped root must reach it.
	dir, err := os.MkdirTemp("", "partnerdesk-"+k.name+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &realServer{kind: k, data: filepath.Join(dir, "data"), log: filepath.Join(dir, "output.log"), started: time.Now()}
	if k.dropsRoot && os.Geteuid() == 0 {
		s.runAs = "www-data"
		if _, err := user.Lookup(s.runAs); err != nil {
			s.runAs = "nobody"
		}
	}
	mkdirFor(t, s.data, s.runAs)
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		p := serverParams{Dir: dir, Data: s.data, Modules: mods, RunAs: s.runAs, Port: freePort(t)}
		k.prepare(t, dir, p)
		if last = s.run(t, bin, k.args(dir, p), p.Port); last == nil {
			return s
		}
	}
	t.Fatalf("%s: %v", k.name, last)
	return nil
}

// freePort is a loopback port nothing listens on (a race with other programs is retried).
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// run starts the program and waits until it answers on the port; the test's end stops it.
func (s *realServer) run(t testing.TB, bin string, args []string, port int) error {
	out, err := os.Create(s.log)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		out.Close()
		return fmt.Errorf("starting %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); out.Close() }()
	stop := func() {
		// The process group: a server may have started helpers.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("%s exited at start (%v): %s", bin, err, s.output())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			stop()
			return fmt.Errorf("%s does not answer on %s after 20 s: %s", bin, addr, s.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.base = "http://" + addr + "/"
	t.Cleanup(stop)
	return nil
}

// output is the end of what the server printed and logged.
func (s *realServer) output() string {
	var b []byte
	for _, f := range []string{s.log, filepath.Join(filepath.Dir(s.log), "error.log")} {
		raw, _ := os.ReadFile(f)
		b = append(b, raw...)
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// share makes a fresh, empty share folder on the server, through WebDAV (rclone caches listings and
// would not see one made on the disk), and returns its address.
func (s *realServer) share(t testing.TB) string {
	t.Helper()
	u := fmt.Sprintf("%sshare-%d/", s.base, s.n.Add(1))
	req, _ := http.NewRequest("MKCOL", u, nil)
	req.SetBasicAuth(realUser, realPass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: MKCOL %s: %v", s.kind.name, u, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("%s: MKCOL %s: %s", s.kind.name, u, resp.Status)
	}
	return u
}

// remote is a client of a share folder, as the app makes it (its own http.Client, basic auth).
func (s *realServer) remote(t testing.TB, share string) *DAV {
	t.Helper()
	d, err := NewDAV(Config{URL: share, User: realUser, Password: realPass})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// connect is remote for the scenarios. A server may give a file changed within the last second or
// two no strong ETag (Apache's ap_make_etag; nginx, see multistatus.describe), and sync treats that
// as unknown: it downloads the file to compare and cannot tell a rename. In a test every file is
// that fresh, so each upload gets a time on the server's disk an hour back, one second after the
// previous upload's, as a person's pace would space them.
func (s *realServer) connect(t testing.TB, share string) Remote {
	d := s.remote(t, share)
	if !s.kind.freshWeak {
		return d
	}
	u, _ := url.Parse(share)
	return &aged{Remote: d, s: s, dir: filepath.Join(s.data, filepath.FromSlash(strings.Trim(u.Path, "/")))}
}

// aged sets an uploaded file's time on the server's disk back (see connect).
type aged struct {
	Remote
	s   *realServer
	dir string
}

func (a *aged) Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	res, err := a.Remote.Put(ctx, name, body, size, opt)
	if err == nil {
		at := a.s.started.Add(-time.Hour).Add(time.Duration(a.s.uploads.Add(1)) * time.Second)
		os.Chtimes(filepath.Join(a.dir, filepath.FromSlash(name)), at, at)
	}
	return res, err
}

// onRealServers runs f once per real server, each started afresh for it; every newServer() is a
// fresh share folder on that one server.
func onRealServers(t *testing.T, f func(t *testing.T, newServer func() (connect func() Remote))) {
	onRealServersOf(t, func(t *testing.T, s *realServer) {
		f(t, func() func() Remote {
			share := s.share(t)
			return func() Remote { return s.connect(t, share) }
		})
	})
}

// onRealServersOf runs f once per real server, each started afresh for it.
func onRealServersOf(t *testing.T, f func(t *testing.T, s *realServer)) {
	for _, k := range realServerKinds {
		t.Run(k.name, func(t *testing.T) { f(t, startServer(t, k)) })
	}
}

// TestRealServersRemoteContract runs the Remote contract against each real server.
func TestRealServersRemoteContract(t *testing.T) {
	onRealServersOf(t, func(t *testing.T, s *realServer) {
		testRemoteContract(t, s.remote(t, s.share(t)), s.kind.quirks)
	})
}

// TestRealServersRefuseAWrongPassword: each server is really asking for the password.
func TestRealServersRefuseAWrongPassword(t *testing.T) {
	onRealServersOf(t, func(t *testing.T, s *realServer) {
		r := s.remote(t, s.share(t))
		r.pass = "wrong"
		if _, err := r.List(context.Background(), ""); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("a wrong password: %v", err)
		}
	})
}

// TestRealServersScenarios runs the two-installation scenarios against each real server.
func TestRealServersScenarios(t *testing.T) {
	onRealServers(t, func(t *testing.T, newServer func() func() Remote) {
		t.Run("edits deletes renames", func(t *testing.T) { testEditsDeletesRenames(t, newServer()) })
		t.Run("edited on both sides", func(t *testing.T) { testSameFileEditedOnBothSides(t, newServer()) })
		t.Run("server folder comes back empty", func(t *testing.T) { testServerFolderComesBackEmpty(t, newServer()) })
		t.Run("deleted folder stays deleted", func(t *testing.T) { testDeletedFolderStaysDeleted(t, newServer()) })
	})
}

// testDeletedFolderStaysDeleted: a folder one installation deletes is gone on the server and at the
// partner's after their syncs; it does not come back to the side that deleted it.
func testDeletedFolderStaysDeleted(t *testing.T, connect func() Remote) {
	a, b := newPeer(t, "VHS", connect()), newPeer(t, "FZL", connect())
	seed(t, a, b)
	a.remove("docs")
	a.allowDeletes, b.allowDeletes = true, true // 4 of 5 files: the question before mass deletions, answered yes
	converge(t, 4, a, b)
	for _, p := range []*peer{a, b} {
		if got := p.tree(); !sameTree(got, map[string]string{"plan.txt": "work plan v1"}) {
			t.Errorf("%s holds %v after docs/ was deleted", p.name, keys(got))
		}
	}
	if server := serverTree(t, connect(), "files"); len(server) != 1 {
		t.Errorf("the server still holds %v", keys(server))
	}
	if got := b.trashed(); got["docs/budget.csv"] != "a;b;c" {
		t.Errorf("b's trash lacks what a deleted: %v", got)
	}
}

// TestRealServersShareInit: the coordinator creates a share on each server and a partner joins.
func TestRealServersShareInit(t *testing.T) {
	onRealServers(t, func(t *testing.T, newServer func() func() Remote) {
		connect := newServer()
		coord := coordinator(t, connect())
		fzl := partner(t, coord, "FZL", connect())
		e := fzl.addEntry(gsWojcik, "2019-12-03", 90*60, "over "+t.Name())
		fzl.write("Outputs/O1/draft.docx", strings.Repeat("draft ", 5000))
		for i := 0; i < 2; i++ {
			fzl.share()
			coord.share()
		}
		if !coord.hasEntry(e.ID) {
			t.Errorf("the coordinator lacks the partner's entry")
		}
		if !sameTree(coord.tree(), fzl.tree()) {
			t.Errorf("folders differ:\n%v\n%v", keys(coord.tree()), keys(fzl.tree()))
		}
	})
}
