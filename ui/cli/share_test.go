package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-webdav"

	davsync "partnerdesk/sync"
)

// inviteCode finds an invitation code in what share invite printed.
var inviteCode = regexp.MustCompile(`[A-Z2-7]{4}(-[A-Z2-7]{4}){5}`)

// memSecrets is a keyring in memory; fail makes it behave like a system without one.
type memSecrets struct {
	mu   sync.Mutex
	m    map[string]string
	fail bool
}

func (k *memSecrets) Get(account string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.fail {
		return "", davsync.ErrNoKeyring
	}
	return k.m[account], nil
}

func (k *memSecrets) Set(account, pw string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.fail {
		return davsync.ErrNoKeyring
	}
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[account] = pw
	return nil
}

// useSecrets gives a test its own keyring.
func useSecrets(t *testing.T) *memSecrets {
	k := &memSecrets{}
	old := passwords
	passwords = k
	t.Cleanup(func() { passwords = old })
	return k
}

// davServer is go-webdav's server on loopback, with basic auth when user is set; the share is /share/.
func davServer(t *testing.T, user, pass string) (*httptest.Server, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "share"), 0o755); err != nil {
		t.Fatal(err)
	}
	h := &webdav.Handler{FileSystem: webdav.LocalFileSystem(dir)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user != "" {
			if u, p, ok := r.BasicAuth(); !ok || u != user || p != pass {
				http.Error(w, "unauthorised", http.StatusUnauthorized)
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, srv.URL + "/share/"
}

// pdWith runs the command line with environment variables.
func pdWith(t *testing.T, db string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:    func(k string) string { return env[k] },
		Now:       func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) },
		DBTimeout: 100 * time.Millisecond}
	code := Main(append([]string{"--db", db}, args...), e, nil)
	return result{code, out.String(), errb.String()}
}

// folderTree is a folder as a user sees it (the app's own .partnerdesk folder left out).
func folderTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		if rel == ".partnerdesk" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			out[filepath.ToSlash(rel)+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// names lists a folder's paths, for messages.
func names(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sameFolders(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

func budgetTotals(t *testing.T, r result) map[string]float64 {
	t.Helper()
	var b struct {
		Totals map[string]float64 `json:"totals"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &b); err != nil {
		t.Fatalf("budget JSON: %v\n%s", err, r.stdout)
	}
	return b.Totals
}

// TestShareDoneWhen is the check: a coordinator and a partner share a project through a
// WebDAV server on loopback with the commands alone; after sync on both, the coordinator's budget
// includes the partner's entry and both files folders are identical.
func TestShareDoneWhen(t *testing.T) {
	keys := useSecrets(t)
	_, url := davServer(t, "anna", "correct horse battery")
	env := map[string]string{"PARTNERDESK_PASSWORD": "correct horse battery"}
	coordDB, partnerDB := tempDB(t), tempDB(t)
	coordDir, partnerDir := filepath.Join(t.TempDir(), "GS coordinator"), filepath.Join(t.TempDir(), "GS partner")
	var all []result
	run := func(db string, env map[string]string, args ...string) result {
		t.Helper()
		r := pdWith(t, db, env, args...)
		all = append(all, r)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}

	run(coordDB, nil, "import", greenskillsFile)
	before := budgetTotals(t, run(coordDB, nil, "budget", "--project", "GREENSKILLS", "--json"))
	r := run(coordDB, env, "share", "init", "--project", "GREENSKILLS", "--url", url, "--user", "anna", "--folder", coordDir)
	if !strings.Contains(r.stdout, "shared GREENSKILLS at "+url) || !strings.Contains(r.stdout, "files/ syncs with "+coordDir) {
		t.Errorf("share init said %q", r.stdout)
	}
	if keys.m["anna @ "+url] != "correct horse battery" || !strings.Contains(r.stderr, "kept in the system keyring") {
		t.Errorf("the password was not kept in the keyring: %v, %q", keys.m, r.stderr)
	}
	r = run(coordDB, nil, "share", "invite", "--project", "GREENSKILLS", "--partner", "FZL")
	code := inviteCode.FindString(r.stdout)
	if code == "" || !strings.Contains(r.stdout, "invitation for FZL") {
		t.Fatalf("share invite said %q", r.stdout)
	}
	r = run(partnerDB, env, "share", "join", "--url", url, "--user", "anna", "--folder", partnerDir, "--code", code)
	if !strings.Contains(r.stdout, "joined GREENSKILLS (2019-1-AT01-KA204-051234) at "+url+" for FZL") || !strings.Contains(r.stdout, "107 added") ||
		!strings.Contains(r.stdout, "the coordinator's key: ") {
		t.Errorf("share join said %q", r.stdout)
	}
	r = run(partnerDB, nil, "entries", "add", "--project", "GREENSKILLS", "--person", "m.wojcik@example.org",
		"--date", "2019-12-03", "--output", "O1", "--hours", "6", "--note", "Module 1 draft (FZL)")
	os.MkdirAll(filepath.Join(partnerDir, "Outputs", "O1"), 0o755)
	os.WriteFile(filepath.Join(partnerDir, "Outputs", "O1", "Module 1 – draft.docx"), bytes.Repeat([]byte("draft "), 20000), 0o644)
	os.WriteFile(filepath.Join(coordDir, "Agenda M1 Graz.pdf"), []byte("%PDF-1.4 agenda"), 0o644)

	// Both sync; the password now comes from the keyring.
	for _, db := range []string{partnerDB, coordDB, partnerDB} {
		r = run(db, nil, "sync", "--project", "GREENSKILLS")
		if !strings.HasPrefix(r.stdout, "synced GREENSKILLS: records: ") {
			t.Errorf("sync said %q", r.stdout)
		}
	}
	after := budgetTotals(t, run(coordDB, nil, "budget", "--project", "GREENSKILLS", "--json"))
	if after["intellectual_outputs"] <= before["intellectual_outputs"] || after["total"] <= before["total"] {
		t.Errorf("the coordinator's budget does not include the partner's entry: %v → %v", before, after)
	}
	r = run(coordDB, nil, "entries", "list", "--project", "GREENSKILLS", "--person", "Małgorzata Wójcik", "--month", "2019-12")
	if !strings.Contains(r.stdout, "Module 1 draft (FZL)") {
		t.Errorf("the coordinator's entries lack the partner's: %s", r.stdout)
	}
	a, b := folderTree(t, coordDir), folderTree(t, partnerDir)
	if !sameFolders(a, b) || len(a) != 4 {
		t.Errorf("the files folders differ:\n%v\n%v", names(a), names(b))
	}
	// A quiet sync on each side changes nothing.
	for _, db := range []string{coordDB, partnerDB} {
		r = run(db, nil, "sync", "--project", "GREENSKILLS")
		if !strings.Contains(r.stdout, "records: nothing new; files: 0 up, 0 down, 0 deleted on the server, 0 deleted here") {
			t.Errorf("a quiet sync said %q", r.stdout)
		}
	}
	r = run(partnerDB, nil, "share", "status", "--project", "GREENSKILLS")
	for _, want := range []string{url + " (user anna)", "partner, coordinator's installation", partnerDir, "2 synced, 0 awaiting", "2026-11-26 10:00:00 UTC: ok"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("share status lacks %q:\n%s", want, r.stdout)
		}
	}
	// The password is in no output and no database.
	for _, r := range all {
		if strings.Contains(r.stdout+r.stderr, "correct horse") {
			t.Errorf("the password was printed: %q", r.stdout+r.stderr)
		}
	}
	for _, db := range []string{coordDB, partnerDB} {
		raw, _ := os.ReadFile(db)
		if bytes.Contains(raw, []byte("correct horse")) {
			t.Errorf("the password is in %s", db)
		}
	}
}

func TestSharePassword(t *testing.T) {
	keys := useSecrets(t)
	_, url := davServer(t, "anna", "right")
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	init := []string{"share", "init", "--project", "GREENSKILLS", "--url", url, "--user", "anna", "--folder", t.TempDir()}

	// No variable, nothing in the keyring, no terminal to ask on.
	r := pdWith(t, db, nil, init...)
	if r.code != 1 || r.stderr != "partnerdesk: no password for anna at "+url+" (the keyring has none): set PARTNERDESK_PASSWORD, or run the command in a terminal to be asked\n" {
		t.Errorf("no password: %+v", r)
	}
	// A system without a keyring says so.
	keys.fail = true
	r = pdWith(t, db, nil, init...)
	if r.code != 1 || !strings.Contains(r.stderr, "(no keyring: no system keyring)") {
		t.Errorf("no keyring: %+v", r)
	}
	// A wrong password is refused by name and never printed.
	r = pdWith(t, db, map[string]string{"PARTNERDESK_PASSWORD": "wrong-guess"}, init...)
	if r.code != 1 || !strings.Contains(r.stderr, "server refused the listing (401 Unauthorized): check the user name and password") ||
		strings.Contains(r.stderr, "wrong-guess") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("wrong password: %+v", r)
	}
	// The right one works; without a keyring the user is told to keep the variable.
	r = pdWith(t, db, map[string]string{"PARTNERDESK_PASSWORD": "right"}, init...)
	if r.code != 0 || !strings.Contains(r.stderr, "the password is not kept (no system keyring): set PARTNERDESK_PASSWORD for later syncs") {
		t.Errorf("right password: %+v", r)
	}
	// A password inside the address is refused without repeating it.
	r = pdWith(t, db, nil, "share", "join", "--url", strings.Replace(url, "http://", "http://anna:hunter2@", 1), "--code", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
	if r.code != 1 || !strings.Contains(r.stderr, "holds a password") || strings.Contains(r.stderr, "hunter2") {
		t.Errorf("password in the URL: %+v", r)
	}
}

// TestSystemKeyringFailsFast checks the CI case: without a session bus the keyring answers at once.
// (With one, it could ask a person to unlock it: not in a test.)
func TestSystemKeyringFailsFast(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		t.Skip("a session bus is present")
	}
	start := time.Now()
	_, err := davsync.SystemKeyring{Timeout: 2 * time.Second}.Get("nobody @ http://127.0.0.1/")
	if d := time.Since(start); d > 3*time.Second || err == nil {
		t.Errorf("the keyring took %s and said %v", d, err)
	}
	t.Logf("system keyring: %v", err)
}

func TestShareErrors(t *testing.T) {
	useSecrets(t)
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	dir := t.TempDir()
	status := func(code int) *httptest.Server {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, http.StatusText(code), code)
		}))
		t.Cleanup(s.Close)
		return s
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"http to another computer", []string{"share", "init", "--project", "GREENSKILLS", "--url", "http://cloud.example.org/dav/", "--folder", dir},
			"--url: http://cloud.example.org is not encrypted: use https (plain http is allowed only to this computer)"},
		{"not a share", []string{"share", "join", "--url", status(404).URL + "/x/", "--folder", dir, "--code", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"},
			"the share folder has no partnerdesk.json: it is not a Partnerdesk share"},
		{"not WebDAV", []string{"share", "init", "--project", "GREENSKILLS", "--url", status(405).URL + "/x/", "--folder", dir},
			"the share folder: server refused the listing (405 Method Not Allowed): is the address a WebDAV folder?"},
		{"forbidden", []string{"share", "init", "--project", "GREENSKILLS", "--url", status(403).URL + "/x/", "--folder", dir},
			"the share folder: server refused the listing (403 Forbidden): the user may not do this here"},
		{"not shared", []string{"sync", "--project", "GREENSKILLS"},
			"GREENSKILLS is not shared: the coordinator runs partnerdesk share init, partners partnerdesk share join"},
		{"unknown project", []string{"sync", "--project", "NOPE"}, `project "NOPE" does not exist`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := pd(t, db, c.args...)
			if r.code != 1 || !strings.HasPrefix(r.stderr, "partnerdesk: ") || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want %q", r.code, r.stderr, c.want)
			}
		})
	}
	for _, args := range [][]string{{"share"}, {"share", "frob"}, {"share", "init", "--url", "https://x/"}, {"share", "join"},
		{"share", "status"}, {"sync"}, {"sync", "--project", "GREENSKILLS", "extra"}} {
		if r := pd(t, db, args...); r.code != 2 || !strings.Contains(r.stderr, "Usage:") {
			t.Errorf("%v: exit %d %q", args, r.code, r.stderr)
		}
	}
	if r := pd(t, db, "share", "status", "--project", "GREENSKILLS"); r.code != 0 || !strings.Contains(r.stdout, "GREENSKILLS is not shared") {
		t.Errorf("status of an unshared project: %+v", r)
	}
}

func TestSyncReportsWhatFailed(t *testing.T) {
	useSecrets(t)
	full := false
	var mu sync.Mutex
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "share"), 0o755)
	h := &webdav.Handler{FileSystem: webdav.LocalFileSystem(dir)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		f := full
		mu.Unlock()
		if f && r.Method == http.MethodPut {
			http.Error(w, "quota", http.StatusInsufficientStorage)
			return
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	url := srv.URL + "/share/"
	db, folder := tempDB(t), t.TempDir()
	pd(t, db, "import", greenskillsFile)
	if r := pd(t, db, "share", "init", "--project", "GREENSKILLS", "--url", url, "--folder", folder); r.code != 0 {
		t.Fatal(r)
	}
	os.WriteFile(filepath.Join(folder, "report.pdf"), []byte("%PDF"), 0o644)
	mu.Lock()
	full = true
	mu.Unlock()
	r := pd(t, db, "sync", "--project", "GREENSKILLS")
	if r.code != 1 || !strings.Contains(r.stderr, "files/report.pdf: server refused the upload (507 Insufficient Storage): the server's storage or the user's quota is full") {
		t.Errorf("sync on a full server: %+v", r)
	}
	st := pd(t, db, "share", "status", "--project", "GREENSKILLS")
	if !strings.Contains(st.stdout, "1 file not synced") {
		t.Errorf("status after a failed step: %s", st.stdout)
	}
	mu.Lock()
	full = false
	mu.Unlock()
	if r := pd(t, db, "sync", "--project", "GREENSKILLS"); r.code != 0 || !strings.Contains(r.stdout, "files: 1 up") {
		t.Errorf("sync once there is room: %+v", r)
	}
	// A server folder that comes back empty: nothing is deleted here, and the user is told.
	os.RemoveAll(filepath.Join(dir, "share", "files"))
	os.Mkdir(filepath.Join(dir, "share", "files"), 0o755)
	r = pd(t, db, "sync", "--project", "GREENSKILLS")
	if r.code != 1 || !strings.Contains(r.stderr, "files on the server is empty, but 1 files were synced before: nothing was changed here") {
		t.Errorf("sync against an emptied folder: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(folder, "report.pdf")); err != nil {
		t.Errorf("the local file was deleted: %v", err)
	}
}

func TestSyncShowsProgressOnATerminal(t *testing.T) {
	useSecrets(t)
	_, url := davServer(t, "", "")
	db, folder := tempDB(t), t.TempDir()
	pd(t, db, "import", greenskillsFile)
	pd(t, db, "share", "init", "--project", "GREENSKILLS", "--url", url, "--folder", folder)
	os.WriteFile(filepath.Join(folder, "big.bin"), bytes.Repeat([]byte{7}, 3<<20), 0o644)
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Progress: true}
	if code := Main([]string{"--db", db, "sync", "--project", "GREENSKILLS"}, env, nil); code != 0 {
		t.Fatalf("sync: %s", errb.String())
	}
	if !strings.Contains(errb.String(), "files: 1 of 1, 3.0 MB of 3.0 MB") {
		t.Errorf("progress: %q", errb.String())
	}
}

// TestAPartnerWithCurlCannotChangeTheCoordinatorsRecords: a partner who has the share's password
// rewrites the coordinator's records file with plain HTTP. The other installation refuses it and
// shows the attempt in share status; the coordinator is warned and publishes its own file again.
func TestAPartnerWithCurlCannotChangeTheCoordinatorsRecords(t *testing.T) {
	useSecrets(t)
	_, url := davServer(t, "anna", "pw")
	env := map[string]string{"PARTNERDESK_PASSWORD": "pw"}
	coordDB, partnerDB := tempDB(t), tempDB(t)
	must := func(db string, args ...string) result {
		t.Helper()
		r := pdWith(t, db, env, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}
	must(coordDB, "import", greenskillsFile)
	must(coordDB, "share", "init", "--project", "GREENSKILLS", "--url", url, "--user", "anna", "--folder", t.TempDir())
	code := inviteCode.FindString(must(coordDB, "share", "invite", "--project", "GREENSKILLS", "--partner", "FZL").stdout)
	must(partnerDB, "share", "join", "--url", url, "--user", "anna", "--code", code, "--folder", t.TempDir())
	must(coordDB, "sync", "--project", "GREENSKILLS")
	if st := must(coordDB, "share", "status", "--project", "GREENSKILLS").stdout; !regexp.MustCompile(`partner +FZL [0-9a-f-]{36}, key [0-9A-F ]+, admitted`).MatchString(st) {
		t.Fatalf("the coordinator's status does not list FZL as admitted:\n%s", st)
	}
	inst := regexp.MustCompile(`installation +([0-9a-f-]{36})`).FindStringSubmatch(must(coordDB, "share", "status", "--project", "GREENSKILLS").stdout)[1]

	// curl -u anna:pw URL/records/<coordinator>.json, change the title, PUT it back.
	file := url + "records/" + inst + ".json"
	req, _ := http.NewRequest("GET", file, nil)
	req.SetBasicAuth("anna", "pw")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %v %v", file, err, resp)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	forged := bytes.Replace(body, []byte("Green skills for adult educators"), []byte("Taken over"), 1)
	req, _ = http.NewRequest("PUT", file, bytes.NewReader(forged))
	req.SetBasicAuth("anna", "pw")
	if resp, err = http.DefaultClient.Do(req); err != nil || resp.StatusCode >= 300 {
		t.Fatalf("PUT: %v %v", err, resp)
	}

	r := must(partnerDB, "sync", "--project", "GREENSKILLS")
	if !strings.Contains(r.stderr, "signature does not verify") {
		t.Errorf("the partner's sync did not refuse the forgery: %q", r.stderr)
	}
	if st := must(partnerDB, "share", "status", "--project", "GREENSKILLS").stdout; !strings.Contains(st, "refused") || !strings.Contains(st, "signature does not verify") {
		t.Errorf("share status does not show the attempt:\n%s", st)
	}
	if out := must(partnerDB, "export", "json", "--project", "GREENSKILLS").stdout; strings.Contains(out, "Taken over") {
		t.Error("the forged title reached the partner")
	}
	r = must(coordDB, "sync", "--project", "GREENSKILLS")
	if !strings.Contains(r.stderr, "was not written by this installation") || !strings.Contains(r.stdout, "published records/"+inst+".json") {
		t.Errorf("the coordinator was not warned, or did not publish again: %q %q", r.stdout, r.stderr)
	}
	if r = must(partnerDB, "sync", "--project", "GREENSKILLS"); strings.Contains(r.stderr, "signature") {
		t.Errorf("after the coordinator published again: %q", r.stderr)
	}
}

// TestSyncAsksBeforeDeletingMostFiles: deleting two of three shared files is refused without a
// terminal to ask on, with the way to go ahead; --allow-deletes goes ahead.
func TestSyncAsksBeforeDeletingMostFiles(t *testing.T) {
	useSecrets(t)
	_, url := davServer(t, "", "")
	db, dir := tempDB(t), t.TempDir()
	pd(t, db, "import", greenskillsFile)
	pd(t, db, "share", "init", "--project", "GREENSKILLS", "--url", url, "--folder", dir)
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		os.WriteFile(filepath.Join(dir, n), []byte(n), 0o644)
	}
	if r := pd(t, db, "sync", "--project", "GREENSKILLS"); r.code != 0 {
		t.Fatalf("first sync: %+v", r)
	}
	os.Remove(filepath.Join(dir, "a.txt"))
	os.Remove(filepath.Join(dir, "b.txt"))
	r := pd(t, db, "sync", "--project", "GREENSKILLS")
	if r.code != 1 || !strings.Contains(r.stderr, "nothing was changed") || !strings.Contains(r.stderr, "--allow-deletes") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("a sync deleting 2 of 3 files: %+v", r)
	}
	r = pd(t, db, "sync", "--project", "GREENSKILLS", "--allow-deletes")
	if r.code != 0 || !strings.Contains(r.stdout, "2 deleted on the server") {
		t.Fatalf("with --allow-deletes: %+v", r)
	}
}
