package davsync

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerdesk/data"
)

const greenskills = "../data/testdata/greenskills.json"

// Records of the example project used below.
const (
	gsProject  = "0192a000-0000-7000-8000-000000000001"
	gsWojcik   = "Małgorzata Wójcik" // FZL, teacher
	gsZak      = "Paweł Żak"         // FZL, technician
	gsHofer    = "Lukas Hofer"       // VHS, teacher
	gsOutputO1 = "O1"
)

// counting counts a remote's requests by operation.
type counting struct {
	Remote
	mu sync.Mutex
	n  map[string]int
}

func (c *counting) add(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[op]++
}

func (c *counting) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = nil
	return n
}

func (c *counting) List(ctx context.Context, d string) ([]Entry, error) {
	c.add("list")
	return c.Remote.List(ctx, d)
}
func (c *counting) Get(ctx context.Context, n string) (io.ReadCloser, Entry, error) {
	c.add("get")
	return c.Remote.Get(ctx, n)
}
func (c *counting) Put(ctx context.Context, n string, b io.Reader, s int64, o PutOptions) (PutResult, error) {
	c.add("put")
	return c.Remote.Put(ctx, n, b, s, o)
}
func (c *counting) Stat(ctx context.Context, n string) (Entry, error) {
	c.add("stat")
	return c.Remote.Stat(ctx, n)
}

// coordinator makes an installation holding the example project, shared at r.
func coordinator(t *testing.T, r Remote) *peer {
	t.Helper()
	c := newPeer(t, "VHS", r)
	raw, err := os.ReadFile(greenskills)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := data.DecodeDocument(bytes.NewReader(raw), "greenskills.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.store.Import(doc, data.ImportOptions{Source: "greenskills.json"}); err != nil {
		t.Fatal(err)
	}
	rep, err := Init(context.Background(), c.store, gsProject, r, Settings{URL: "mem://share", Folder: c.dir})
	if err != nil {
		t.Fatalf("init: %v", err)
	}
	if rep.Records.Published != recordsFile(c.store.Installation()) {
		t.Fatalf("init published %q", rep.Records.Published)
	}
	return c
}

// anyCode is a well-formed invitation code that no share knows.
const anyCode = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"

// invite makes a one-time invitation for the organisation named org and publishes it.
func invite(tb testing.TB, coord *data.Store, r Remote, org string) string {
	tb.Helper()
	doc, err := coord.Load(gsProject, data.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	var id string
	for _, p := range doc.Partners {
		if p.Label() == org {
			id = p.ID
		}
	}
	inv, err := NewInvite(coord, gsProject, id)
	if err != nil {
		tb.Fatalf("invite %s: %v", org, err)
	}
	s, _ := LoadSettings(coord, gsProject)
	rs := &Records{Remote: r, Store: coord, Project: gsProject, Coordinator: coord.Installation(), Settings: s}
	if _, err := rs.Sync(context.Background(), nil); err != nil {
		tb.Fatalf("publishing the invitation: %v", err)
	}
	return inv.Code()
}

// partner makes an installation of organisation name that joins coord's share with an invitation.
func partner(t *testing.T, coord *peer, name string, r Remote) *peer {
	t.Helper()
	p := newPeer(t, name, r)
	rep, err := Join(context.Background(), p.store, r, Settings{URL: "mem://share", Folder: p.dir}, invite(t, coord.store, r, name))
	if err != nil {
		t.Fatalf("join: %v", err)
	}
	if rep.Project.Acronym != "GREENSKILLS" || rep.Result.Added != 107 {
		t.Fatalf("join = %+v", rep)
	}
	return p
}

// share runs a whole sync (marker, records, files) and fails on an error.
func (p *peer) share() *Report {
	p.t.Helper()
	rep, err := Sync(context.Background(), p.store, gsProject, p.remote, SyncOptions{Now: func() time.Time { return p.clock }, stepHook: p.hook})
	if err != nil {
		p.t.Fatalf("%s: sync: %v", p.name, err)
	}
	return rep
}

func (p *peer) doc() *data.Document {
	p.t.Helper()
	doc, err := p.store.Load(gsProject, data.LoadOptions{})
	if err != nil {
		p.t.Fatal(err)
	}
	return doc
}

func (p *peer) addEntry(person, date string, hours data.Seconds, note string) data.Entry {
	p.t.Helper()
	doc := p.doc()
	who, err := data.FindPerson(doc, person)
	if err != nil {
		p.t.Fatal(err)
	}
	o, _ := data.FindOutput(doc, gsOutputO1)
	d, _ := data.ParseDate(date)
	e, _, err := p.store.AddEntry(gsProject, data.Entry{Person: who.ID, Date: d, Output: o.ID, Hours: hours, Note: note})
	if err != nil {
		p.t.Fatal(err)
	}
	return e
}

func (p *peer) hasEntry(id string) bool {
	list, err := p.store.Entries(gsProject, data.EntryFilter{})
	if err != nil {
		p.t.Fatal(err)
	}
	for _, e := range list {
		if e.ID == id {
			return true
		}
	}
	return false
}

func outputsTotal(t *testing.T, p *peer) float64 { return budgetTotal(t, p, "intellectual_outputs") }

// budgetTotal is one of the totals of p's budget JSON.
func budgetTotal(t *testing.T, p *peer, key string) float64 {
	t.Helper()
	b, err := p.store.Budget(gsProject)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(b)
	var v struct {
		Totals map[string]float64 `json:"totals"`
	}
	json.Unmarshal(raw, &v)
	return v.Totals[key]
}

func TestPartnersRecordsReachTheCoordinator(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl, kdbm := partner(t, coord, "FZL", m), partner(t, coord, "KDBM", m)
	before := outputsTotal(t, coord)
	// Paweł supervises at FZL; the coordinator set FZL's people up, so it marks him.
	cz, _ := data.FindPerson(coord.doc(), gsZak)
	sup := *cz
	sup.Supervisor, sup.Meta = true, data.Meta{}
	if _, err := coord.store.Import(&data.Document{Format: data.Format, People: []data.Person{sup}}, data.ImportOptions{Project: gsProject}); err != nil {
		t.Fatal(err)
	}
	coord.share()
	fzl.share()

	e1 := fzl.addEntry(gsWojcik, "2019-12-03", 6*60*60, "Module 1 draft")
	e2 := fzl.addEntry(gsWojcik, "2019-12-04", 4*60*60, "Module 1 review")
	doc := fzl.doc()
	w, _ := data.FindPerson(doc, gsWojcik)
	z, _ := data.FindPerson(doc, gsZak)
	dec, _ := data.ParseMonth("2019-12")
	if _, err := fzl.store.Transition(gsProject, w.ID, dec, data.StateSubmitted, w.ID, ""); err != nil {
		t.Fatal(err)
	}
	approval, err := fzl.store.Transition(gsProject, w.ID, dec, data.StateApproved, z.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	e3 := kdbm.addEntry("Ελένη Παπαδοπούλου", "2019-12-05", 3*60*60, "")
	for _, p := range []*peer{fzl, kdbm, coord} {
		p.share()
	}
	for _, id := range []string{e1.ID, e2.ID, e3.ID} {
		if !coord.hasEntry(id) {
			t.Errorf("the coordinator lacks entry %s", id)
		}
	}
	if after := outputsTotal(t, coord); after <= before {
		t.Errorf("the coordinator's budget did not grow: %v → %v", before, after)
	}
	found := false
	for _, a := range coord.doc().Approvals {
		if a.ID == approval.ID && a.State == data.StateApproved && a.By == z.ID {
			found = true
		}
	}
	if !found {
		t.Errorf("the partner's approval did not reach the coordinator")
	}
	// Partners see each other's records too, after their next sync.
	kdbm.share()
	if !kdbm.hasEntry(e1.ID) || !fzl.hasEntry(e1.ID) {
		t.Errorf("partners do not see each other's entries")
	}
	// A deletion travels as a tombstone.
	if _, err := kdbm.store.DeleteEntry(gsProject, e3.ID); err != nil {
		t.Fatal(err)
	}
	kdbm.share()
	coord.share()
	if coord.hasEntry(e3.ID) {
		t.Errorf("the deleted entry is still at the coordinator")
	}
	// The coordinator's changes reach the partners.
	e4 := coord.addEntry(gsHofer, "2019-12-09", 2*60*60, "")
	coord.share()
	fzl.share()
	if !fzl.hasEntry(e4.ID) {
		t.Errorf("the coordinator's entry did not reach FZL")
	}
	// The audit log says where merged records came from.
	audit, _ := coord.store.Audit(gsProject)
	merged := false
	for _, ev := range audit {
		if ev.Action == "merge" && strings.Contains(ev.Detail, recordsFile(fzl.store.Installation())) {
			merged = true
		}
	}
	if !merged {
		t.Errorf("no audit event for the merge of FZL's file")
	}
}

func TestRecordsArePublishedOnlyWhenChanged(t *testing.T) {
	m := NewMemory()
	c := &counting{Remote: m}
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	fzl.remote = c
	fzl.share()
	c.take()
	rep := fzl.share()
	if n := c.take(); n["put"] != 0 || n["get"] != 0 || rep.Records.Published != "" {
		t.Errorf("a sync with nothing changed: %v, published %q", n, rep.Records.Published)
	}
	fzl.addEntry(gsWojcik, "2019-12-03", 60*60, "")
	rep = fzl.share()
	if n := c.take(); n["put"] != 1 || rep.Records.Published == "" {
		t.Errorf("a sync after a new entry: %v", n)
	}
	// The server lost FZL's file: it is published again though nothing changed here.
	m.Delete(context.Background(), recordsFile(fzl.store.Installation()), "")
	fzl.share()
	if n := c.take(); n["put"] != 1 {
		t.Errorf("a lost records file was not published again: %v", n)
	}
	coord.share()
}

func TestRecordsOfTheWrongOwnerAreRejected(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	good := fzl.addEntry(gsWojcik, "2019-12-03", 60*60, "genuine")
	fzl.share()

	// A forged file claims an entry of the coordinator's installation (a record may only come from its owner's file).
	forger := "0192ffff-0000-7000-8000-00000000f0f0"
	all, _ := coord.store.Load(gsProject, data.LoadOptions{Entries: true})
	forged := all.Entries[0]
	forged.Hours, forged.Rev = 24*60-1, forged.Rev+5
	bad := data.Document{Format: data.Format, Installation: forger, Entries: []data.Entry{forged}}
	var buf bytes.Buffer
	bad.Encode(&buf)
	m.Put(context.Background(), recordsFile(forger), bytes.NewReader(buf.Bytes()), int64(buf.Len()), PutOptions{})
	broken := "0192ffff-0000-7000-8000-00000000b0b0"
	m.Put(context.Background(), recordsFile(broken), strings.NewReader(`{"format": "partnerdesk/1", "entries": [`), 40, PutOptions{})
	m.Put(context.Background(), "records/notes.txt", strings.NewReader("hi"), 2, PutOptions{})

	rep := coord.share()
	rej := map[string]string{}
	for _, r := range rep.Records.Rejected {
		rej[r.File] = r.Reason
	}
	if !strings.Contains(rej[recordsFile(forger)], "installation "+forger+" is not admitted") {
		t.Errorf("forged file: %q", rej[recordsFile(forger)])
	}
	if !strings.Contains(rej[recordsFile(broken)], "is not admitted, and its file is not signed") {
		t.Errorf("broken file: %q", rej[recordsFile(broken)])
	}
	if len(rep.Records.Warnings) != 1 || !strings.Contains(rep.Records.Warnings[0], "records/notes.txt: not a records file") {
		t.Errorf("warnings: %q", rep.Records.Warnings)
	}
	// Nothing of the forged file got in; the genuine partner still merged.
	after, _ := coord.store.Load(gsProject, data.LoadOptions{Entries: true})
	for _, e := range after.Entries {
		if e.ID == forged.ID && e.Hours == forged.Hours {
			t.Errorf("the forged entry was merged")
		}
	}
	if !coord.hasEntry(good.ID) {
		t.Errorf("the genuine partner's entry was not merged")
	}
	// The rejection is reported again next time, without downloading the file again.
	rep = coord.share()
	if len(rep.Records.Rejected) != 2 {
		t.Errorf("rejections not reported again: %v", rep.Records.Rejected)
	}
	st, _ := ShareStatus(coord.store, gsProject)
	if st == nil || st.Last == nil || len(st.Last.Rejected) != 2 {
		t.Errorf("status does not keep the rejections: %+v", st)
	}
}

func TestShareRefusals(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	coord := coordinator(t, m)
	// Init on a folder that holds something else.
	other := NewMemory()
	other.Put(ctx, "holiday.jpg", strings.NewReader("x"), 1, PutOptions{})
	c2 := newPeer(t, "VHS", other)
	raw, _ := os.ReadFile(greenskills)
	doc, _ := data.DecodeDocument(bytes.NewReader(raw), "g")
	c2.store.Import(doc, data.ImportOptions{})
	if _, err := Init(ctx, c2.store, gsProject, other, Settings{URL: "x", Folder: c2.dir}); err == nil || !strings.Contains(err.Error(), `already holds "holiday.jpg"`) {
		t.Errorf("init on a used folder: %v", err)
	}
	// A partner cannot init the coordinator's project.
	fzl := partner(t, coord, "FZL", m)
	if _, err := Init(ctx, fzl.store, gsProject, NewMemory(), Settings{URL: "y", Folder: fzl.dir}); err == nil || !strings.Contains(err.Error(), "created by another installation") {
		t.Errorf("partner init: %v", err)
	}
	// Join a folder that is no share.
	p := newPeer(t, "X", other)
	if _, err := Join(ctx, p.store, other, Settings{URL: "x", Folder: p.dir}, anyCode); err == nil || !strings.Contains(err.Error(), "no partnerdesk.json") {
		t.Errorf("join a non-share: %v", err)
	}
	// The coordinator joining its own share.
	if _, err := Join(ctx, coord.store, m, Settings{URL: "mem://share", Folder: coord.dir}, anyCode); err == nil || !strings.Contains(err.Error(), "nothing to join") {
		t.Errorf("coordinator joins: %v", err)
	}
	// Init again is harmless.
	if rep, err := Init(ctx, coord.store, gsProject, m, Settings{URL: "mem://share", Folder: coord.dir}); err != nil || !rep.Already {
		t.Errorf("init again: %v", err)
	}
	// A share whose marker vanished is not synced.
	m.Delete(ctx, markerName, "")
	if _, err := Sync(ctx, fzl.store, gsProject, m, SyncOptions{}); !isAbort(err) || !strings.Contains(err.Error(), "no partnerdesk.json any more") {
		t.Errorf("sync without marker: %v", err)
	}
	// A share that now holds another project.
	raw2, _ := json.Marshal(Marker{Format: MarkerFormat, Project: "0192a000-0000-7000-8000-0000000000ff", Acronym: "OTHER", Coordinator: coord.store.Installation()})
	m.Put(ctx, markerName, bytes.NewReader(raw2), int64(len(raw2)), PutOptions{})
	if _, err := Sync(ctx, fzl.store, gsProject, m, SyncOptions{}); !isAbort(err) || !strings.Contains(err.Error(), "now holds project OTHER") {
		t.Errorf("sync of a replaced share: %v", err)
	}
	// A project that is not shared.
	q := newPeer(t, "Q", m)
	if _, err := Sync(ctx, q.store, gsProject, m, SyncOptions{}); err == nil || !strings.Contains(err.Error(), "is not shared") {
		t.Errorf("sync unshared: %v", err)
	}
}

// TestTwoInstallationsOverWebDAV runs the whole protocol against go-webdav's server on loopback.
func TestTwoInstallationsOverWebDAV(t *testing.T) {
	srv := newDAVServer(t, nil)
	coord := coordinator(t, srv.remote(t))
	fzl := partner(t, coord, "FZL", srv.remote(t))
	e := fzl.addEntry(gsWojcik, "2019-12-03", 90*60, "over WebDAV")
	fzl.write("Outputs/O1/module 1 – draft.docx", strings.Repeat("draft ", 5000))
	coord.write("Meetings/M1 Graz/agenda.pdf", "%PDF agenda")
	for i := 0; i < 2; i++ {
		fzl.share()
		coord.share()
	}
	if !coord.hasEntry(e.ID) {
		t.Errorf("the coordinator lacks the partner's entry")
	}
	if !sameTree(coord.tree(), fzl.tree()) || len(coord.tree()) != 6 {
		t.Errorf("folders differ:\n%v\n%v", keys(coord.tree()), keys(fzl.tree()))
	}
	// On the server: the marker, two records files, the files.
	for _, p := range []string{"share/partnerdesk.json", "share/records/" + coord.store.Installation() + ".json",
		"share/records/" + fzl.store.Installation() + ".json", "share/files/Outputs/O1/module 1 – draft.docx"} {
		if _, err := os.Stat(filepath.Join(srv.dir, filepath.FromSlash(p))); err != nil {
			t.Errorf("server lacks %s", p)
		}
	}
	// A quiet sync: one PROPFIND per folder, nothing else.
	srv.counts()
	fzl.share()
	counts, paths := srv.counts()
	// Folders: the share, records, files, Outputs, Outputs/O1, Meetings, Meetings/M1 Graz.
	if counts["PROPFIND"] != 7 || len(paths) != 7 {
		t.Errorf("a quiet sync sent %v: %q", counts, paths)
	}
}

func TestPasswordIsNeverStored(t *testing.T) {
	srv := newDAVServer(t, basicAuth("anna", "Tr0ub4dor&3"))
	r, err := NewDAV(Config{URL: srv.shareURL(), User: "anna", Password: "Tr0ub4dor&3", Client: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	coord := coordinator(t, r)
	coord.share()
	coord.store.Close()
	raw, err := os.ReadFile(coord.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("Tr0ub4dor")) {
		t.Errorf("the password is in the database")
	}
	if !bytes.Contains(raw, []byte(`"url":"mem://share"`)) {
		t.Errorf("the settings are not in the database")
	}
	// A wrong password is named as such, and not repeated.
	bad, _ := NewDAV(Config{URL: srv.shareURL(), User: "anna", Password: "wrong-password", Client: srv.Client()})
	_, err = bad.List(context.Background(), "")
	if !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), "wrong-password") ||
		err.Error() != "the share folder: server refused the listing (401 Unauthorized): check the user name and password — who are you?" {
		t.Errorf("401: %v", err)
	}
}

func TestJoiningAgainWithAnotherFolderStartsItAfresh(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	coord.write("agenda.pdf", "agenda")
	coord.share()
	fzl := partner(t, coord, "FZL", m)
	fzl.share()
	if got, _ := fzl.read("agenda.pdf"); got != "agenda" {
		t.Fatalf("fzl lacks the file")
	}
	moved := filepath.Join(t.TempDir(), "new place")
	if _, err := Join(context.Background(), fzl.store, m, Settings{URL: "mem://share", Folder: moved}, invite(t, coord.store, m, "FZL")); err != nil {
		t.Fatal(err)
	}
	fzl.dir = moved
	fzl.share()
	if got, _ := fzl.read("agenda.pdf"); got != "agenda" {
		t.Errorf("the new folder did not get the files: %v", keys(fzl.tree()))
	}
}
