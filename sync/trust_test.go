package davsync

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerdesk/data"
)

// publishAs writes a records file as installation inst, signed with priv: what a partner holding
// the share's password can write with any WebDAV client, bypassing its own Partnerdesk's checks.
func publishAs(t *testing.T, r Remote, inst string, priv ed25519.PrivateKey, info shareInfo, doc *data.Document) {
	t.Helper()
	info.Key = publicKey(priv)
	if info.Project == "" {
		info.Project = gsProject
	}
	raw, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	doc.Format, doc.Installation, doc.Share = data.Format, inst, raw
	body, err := signDocument(doc, priv)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Put(context.Background(), recordsFile(inst), bytes.NewReader(body), int64(len(body)), PutOptions{}); err != nil {
		t.Fatal(err)
	}
}

// forge publishes doc as p's own records file, signed with p's real key: an admitted partner lying.
func (p *peer) forge(t *testing.T, doc *data.Document) {
	t.Helper()
	priv, err := p.store.Identity()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := LoadSettings(p.store, gsProject)
	publishAs(t, p.remote, p.store.Installation(), priv, shareInfo{Seq: 99, Join: s.Join}, doc)
}

func total(t *testing.T, p *peer) float64 { return budgetTotal(t, p, "total") }

func refusedText(rep *Report) string {
	var b strings.Builder
	for _, r := range rep.Records.Rejected {
		b.WriteString(r.Error() + "\n")
	}
	return b.String()
}

// TestAPartnerCannotRewriteOthersRecords: an admitted partner publishes, under its own valid
// signature, the coordinator's project with new dates, tombstones of the coordinator's entries, a
// renamed person of another organisation and absurd rates. Each is refused and named; its own
// genuine entry still merges; the coordinator's and the other partner's budgets do not move.
func TestAPartnerCannotRewriteOthersRecords(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	kdbm := partner(t, coord, "KDBM", m)
	coord.share()
	kdbm.share()
	fzl.share()
	before, kBefore := total(t, coord), total(t, kdbm)
	if before != 51815.96 {
		t.Fatalf("coordinator's budget before: %.2f", before)
	}

	all, _ := coord.store.Load(gsProject, data.LoadOptions{Entries: true})
	evil := &data.Document{}
	p := *all.Project
	p.Title, p.End, p.Rev = "Taken over", data.NewDate(2019, 12, 31), p.Rev+10
	evil.Project = &p
	var vhs data.Partner
	for _, x := range all.Partners {
		if x.ShortName == "VHS" {
			vhs = x
		}
	}
	vhs.Rates, vhs.Rev = map[string]data.Cents{"teacher": 1_000_000_00}, vhs.Rev+10
	evil.Partners = []data.Partner{vhs}
	johanna := *all.PersonByID("0192a000-0000-7000-8000-000000000020")
	johanna.Name, johanna.Rev = "Mallory", johanna.Rev+10
	evil.People = []data.Person{johanna}
	var vhsEntries int
	for _, e := range all.Entries {
		if all.PersonByID(e.Person).Partner == vhs.ID {
			e.Deleted, e.Rev = true, e.Rev+10
			evil.Entries = append(evil.Entries, e)
			vhsEntries++
		}
	}
	// Its own genuine work travels with the lies.
	mine := fzl.addEntry(gsWojcik, "2019-12-03", 6*60*60, "genuine")
	mine.Owner = fzl.store.Installation()
	evil.Entries = append(evil.Entries, mine)
	evil.People = append(evil.People, *fzl.doc().PersonByID(mine.Person))
	// New records it may not write at all: an output, a colleague for another organisation.
	o := all.Outputs[0]
	o.ID, o.Code, o.Meta = data.NewID(), "O9", data.Meta{}
	evil.Outputs = []data.Output{o}
	evil.People = append(evil.People, data.Person{ID: data.NewID(), Partner: vhs.ID, Name: "Eve Plant", Category: data.CatManager})
	// The forger claims every record as its own, so only the owner already stored can tell.
	me := fzl.store.Installation()
	evil.Project.Owner = me
	evil.Partners[0].Owner, evil.People[0].Owner = me, me
	for i := range evil.Entries {
		evil.Entries[i].Owner = me
	}
	fzl.forge(t, evil)

	rep := coord.share()
	refused := refusedText(rep)
	for _, want := range []string{
		"project GREENSKILLS: belongs to the coordinator's installation",
		"partner VHS: belongs to another installation",
		"person Mallory: belongs to another installation",
		"entry 2019-10-03 for Johanna Größinger: belongs to another installation",
		"output O9: only the coordinator's installation may change the project's outputs",
		"person Eve Plant: belongs to VHS: only its installation",
	} {
		if !strings.Contains(refused, recordsFile(fzl.store.Installation())+": rejected: "+want) {
			t.Errorf("refusals lack %q:\n%s", want, refused)
		}
	}
	after := coord.doc()
	if after.Project.Title == "Taken over" || after.Project.End != all.Project.End || after.PersonByID(johanna.ID).Name != "Johanna Größinger" {
		t.Errorf("the coordinator's records were rewritten: %q %s %q", after.Project.Title, after.Project.End, after.PersonByID(johanna.ID).Name)
	}
	if n, _ := coord.store.Entries(gsProject, data.EntryFilter{Person: johanna.ID}); len(n) == 0 {
		t.Error("the coordinator's entries were deleted")
	}
	// 6 h of a teacher at FZL (0.75 days × 74) is the only change.
	if got := total(t, coord); got != before+55.50 {
		t.Errorf("coordinator's budget %.2f → %.2f, want +55.50", before, got)
	}
	// The other partner refuses the same records, and the coordinator can still edit its own.
	kdbm.share()
	if got := total(t, kdbm); got != kBefore+55.50 || kdbm.doc().Project.Title == "Taken over" {
		t.Errorf("KDBM's budget %.2f → %.2f, title %q", kBefore, got, kdbm.doc().Project.Title)
	}
	own, _ := coord.store.Entries(gsProject, data.EntryFilter{Person: johanna.ID})
	e := own[0]
	e.Note = "corrected by the coordinator"
	if _, _, err := coord.store.EditEntry(gsProject, e); err != nil {
		t.Errorf("the coordinator cannot edit its own entry after the attack: %v", err)
	}
	// share status names the attempt.
	st, err := ShareStatus(coord.store, gsProject)
	if err != nil {
		t.Fatal(err)
	}
	var shown []string
	for _, r := range st.Refused {
		shown = append(shown, r.Error())
	}
	if !strings.Contains(strings.Join(shown, "\n"), "project GREENSKILLS: belongs to the coordinator's installation") {
		t.Errorf("share status does not show the refusals: %v", shown)
	}
}

// TestForgedApprovalsAreRefused: approvals in another organisation's manager's name, for another
// organisation's person, or dated in the future, are refused on receipt; the month stays as it was.
func TestForgedApprovalsAreRefused(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	doc := fzl.doc()
	lukas, johanna := "0192a000-0000-7000-8000-000000000021", "0192a000-0000-7000-8000-000000000020"
	malgo, _ := data.FindPerson(doc, gsWojcik)
	zak, _ := data.FindPerson(doc, gsZak)
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	evil := &data.Document{Approvals: []data.Approval{
		{ID: data.NewID(), Person: lukas, Month: "2019-10", State: data.StateApproved, By: johanna, At: at},
		{ID: data.NewID(), Person: malgo.ID, Month: "2019-10", State: data.StateApproved, By: johanna, At: at},
		{ID: data.NewID(), Person: malgo.ID, Month: "2019-11", State: data.StateApproved, By: zak.ID, At: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)},
	}}
	fzl.forge(t, evil)
	rep := coord.share()
	refused := refusedText(rep)
	for _, want := range []string{
		"timesheet 2019-10 of Lukas Hofer (approved): belongs to VHS: only its installation",
		"timesheet 2019-10 of Małgorzata Wójcik (approved): Johanna Größinger is not of Małgorzata Wójcik's organisation",
		"timesheet 2019-11 of Małgorzata Wójcik (approved): is dated 2099-01-01T00:00:00Z, in the future",
	} {
		if !strings.Contains(refused, want) {
			t.Errorf("refusals lack %q:\n%s", want, refused)
		}
	}
	for _, mo := range []string{"2019-10", "2019-11"} {
		month, _ := data.ParseMonth(mo)
		for _, who := range []string{lukas, malgo.ID} {
			sh, err := coord.store.MonthSheet(gsProject, who, month)
			if err != nil {
				t.Fatal(err)
			}
			if sh.State != data.StateDraft {
				t.Errorf("%s %s is %s after the forgeries", who, mo, sh.State)
			}
		}
	}
}

// TestAFileWrittenBySomeoneElseIsRefused: anyone with the share's password overwrites the
// coordinator's records file. The partner refuses it whole and keeps its records; the coordinator
// is warned at its next sync and publishes its own file again, which the partner then accepts.
func TestAFileWrittenBySomeoneElseIsRefused(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	before := total(t, fzl)

	all, _ := coord.store.Load(gsProject, data.LoadOptions{Entries: true, Owner: coord.store.Installation()})
	all.Project.Title, all.Project.Rev = "Forged", all.Project.Rev+10
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	publishAs(t, m, coord.store.Installation(), stranger, shareInfo{Seq: 100}, all)
	// An unsigned one is refused the same way.
	fzl.share()
	rep := fzl.share()
	if !strings.Contains(refusedText(rep), "signature does not verify") || fzl.doc().Project.Title == "Forged" || total(t, fzl) != before {
		t.Fatalf("the partner merged a forged coordinator file: %q, %s", fzl.doc().Project.Title, refusedText(rep))
	}
	crep := coord.share()
	if !strings.Contains(strings.Join(crep.Records.Warnings, "\n"), "was not written by this installation") || crep.Records.Published == "" {
		t.Fatalf("the coordinator was not warned or did not republish: %q %q", crep.Records.Warnings, crep.Records.Published)
	}
	rep = fzl.share()
	if strings.Contains(refusedText(rep), "signature") {
		t.Errorf("the republished file is still refused: %s", refusedText(rep))
	}
	// A stranger's own file, signed by a key nobody admitted, is refused too.
	strangerInst := "0192ffff-0000-7000-8000-0000000000aa"
	publishAs(t, m, strangerInst, stranger, shareInfo{Seq: 1, Join: &joinClaim{Invite: "0000000000", Proof: "00"}}, &data.Document{})
	crep = coord.share()
	if !strings.Contains(refusedText(crep), "installation "+strangerInst+" is not admitted") {
		t.Errorf("a stranger's file: %s", refusedText(crep))
	}
}

// TestAnInvitationAdmitsOneInstallation: an invitation code used twice admits only the first;
// a code for the wrong share is refused at join.
func TestAnInvitationAdmitsOneInstallation(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	code := invite(t, coord.store, m, "FZL")
	a, b := newPeer(t, "FZL", m), newPeer(t, "FZL", m)
	if _, err := Join(context.Background(), a.store, m, Settings{URL: "mem://share", Folder: a.dir}, code); err != nil {
		t.Fatal(err)
	}
	if _, err := Join(context.Background(), b.store, m, Settings{URL: "mem://share", Folder: b.dir}, code); err != nil {
		t.Fatal(err) // the second one also gets in here: only the coordinator can tell
	}
	rep := coord.share()
	if len(rep.Records.Admitted) != 1 || !strings.Contains(refusedText(rep), "already used by installation") {
		t.Errorf("admitted %v; refused:\n%s", rep.Records.Admitted, refusedText(rep))
	}
	if _, err := Join(context.Background(), newPeer(t, "X", m).store, m, Settings{URL: "mem://share"}, anyCode); err == nil ||
		!strings.Contains(err.Error(), "no open invitation with this code") {
		t.Errorf("a wrong code: %v", err)
	}
}

// TestJoinDoesNotWipeAProjectHeldHere: a database that already holds the project as its own
// refuses to join a share of it, and nothing of its records changes.
func TestJoinDoesNotWipeAProjectHeldHere(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	code := invite(t, coord.store, m, "FZL")
	mine := newPeer(t, "FZL", m)
	raw, _ := os.ReadFile(greenskills)
	doc, _ := data.DecodeDocument(bytes.NewReader(raw), "g")
	if _, err := mine.store.Import(doc, data.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := total(t, mine)
	_, err := Join(context.Background(), mine.store, m, Settings{URL: "mem://share", Folder: mine.dir}, code)
	if err == nil || !strings.Contains(err.Error(), "already in this database as another installation's") || total(t, mine) != before {
		t.Errorf("join over a project held here: %v", err)
	}
}

// TestACopiedDatabaseIsDetected: a partner's database copied to a second computer; both add
// hours and sync. The copy that finds the other's file stops publishing with a clear message and
// loses nothing; reset-identity and a new invitation make it an installation of its own, and both
// copies' hours reach the coordinator.
func TestACopiedDatabaseIsDetected(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()

	// Copy the database file as a person would, with the program closed.
	twin := fzl.copyDatabase(t, "FZL-laptop")
	if twin.store.Installation() != fzl.store.Installation() {
		t.Fatal("the copy has another identity")
	}
	fzl.addEntry(gsWojcik, "2019-12-03", 60*60, "on the desktop")
	twin.addEntry(gsZak, "2019-12-04", 120*60, "on the laptop")
	fzl.share()
	_, err := Sync(context.Background(), twin.store, gsProject, m, SyncOptions{})
	var fork *ForkError
	if !errors.As(err, &fork) || !strings.Contains(err.Error(), "another copy of this database publishes as this installation") {
		t.Fatalf("the copy's sync: %v", err)
	}
	// It stays stopped, and says so in share status.
	if _, err := Sync(context.Background(), twin.store, gsProject, m, SyncOptions{}); !errors.As(err, &fork) {
		t.Fatalf("second sync of the copy: %v", err)
	}
	if st, _ := ShareStatus(twin.store, gsProject); st == nil || st.Fork == "" {
		t.Fatalf("share status does not show the fork")
	}
	// The desktop's file was not overwritten: the coordinator gets its hour.
	coord.share()
	if n, _ := coord.store.Entries(gsProject, data.EntryFilter{Person: coord.personID(gsWojcik)}); !hasNote(n, "on the desktop") {
		t.Fatalf("the original's entry did not arrive")
	}
	// The laptop becomes an installation of its own and joins again; its hour is kept and travels.
	if _, err := ResetIdentity(twin.store); err != nil {
		t.Fatal(err)
	}
	if twin.store.Installation() == fzl.store.Installation() {
		t.Fatal("reset-identity kept the identity")
	}
	rep, err := Join(context.Background(), twin.store, m, Settings{URL: "mem://share", Folder: twin.dir}, invite(t, coord.store, m, "FZL"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Reowned != 1 {
		t.Errorf("records made on the copy and taken over by its new identity: %d, want 1", rep.Reowned)
	}
	twin.share()
	coord.share()
	if n, _ := coord.store.Entries(gsProject, data.EntryFilter{Person: coord.personID(gsZak)}); !hasNote(n, "on the laptop") {
		t.Errorf("the copy's entry did not reach the coordinator after reset-identity")
	}
	fzl.share()
	if _, err := Sync(context.Background(), fzl.store, gsProject, m, SyncOptions{}); err != nil {
		t.Errorf("the original after the copy left: %v", err)
	}
}

// copyDatabase copies p's database file as a person would, with the program closed, and
// returns a peer of its own on the copy (same installation, same key).
func (p *peer) copyDatabase(t *testing.T, name string) *peer {
	t.Helper()
	path := p.store.Path()
	p.store.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	reopen := func(at string) *data.Store {
		s, err := data.Open(at, data.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	p.store = reopen(path)
	return &peer{t: t, name: name, store: reopen(copyPath), dir: t.TempDir(), remote: p.remote, clock: p.clock}
}

func (p *peer) personID(name string) string {
	who, err := data.FindPerson(p.doc(), name)
	if err != nil {
		p.t.Fatal(err)
	}
	return who.ID
}

func hasNote(list []data.Entry, note string) bool {
	for _, e := range list {
		if e.Note == note {
			return true
		}
	}
	return false
}

// TestLocalChangesFollowTheSameRules: once shared, an installation's own changes are held to the
// rules its partners check on receipt, with a message that says whose the record is.
func TestLocalChangesFollowTheSameRules(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	doc := fzl.doc()
	o, _ := data.FindOutput(doc, gsOutputO1)
	_, _, err := fzl.store.AddEntry(gsProject, data.Entry{Person: fzl.personID(gsHofer), Date: data.NewDate(2019, 12, 3), Output: o.ID, Hours: 60 * 60})
	var forbidden *data.ForbiddenError
	if !errors.As(err, &forbidden) || !strings.Contains(err.Error(), "entry 2019-12-03 for Lukas Hofer: belongs to VHS") {
		t.Errorf("FZL adds hours for a VHS teacher: %v", err)
	}
	// The coordinator no longer writes new people for an organisation that has its own installation.
	newcomer := data.Person{ID: data.NewID(), Partner: doc.PersonByID(fzl.personID(gsWojcik)).Partner, Name: "Jan Nowak", Category: data.CatTeacher}
	if _, err := coord.store.Import(&data.Document{Format: data.Format, People: []data.Person{newcomer}}, data.ImportOptions{Project: gsProject}); !errors.As(err, &forbidden) ||
		!strings.Contains(err.Error(), "person Jan Nowak: belongs to FZL, whose own installation writes it") {
		t.Errorf("the coordinator adds a person to FZL: %v", err)
	}
	// FZL adds its own colleague, and the coordinator receives them.
	if _, err := fzl.store.Import(&data.Document{Format: data.Format, People: []data.Person{newcomer}}, data.ImportOptions{Project: gsProject}); err != nil {
		t.Fatal(err)
	}
	fzl.share()
	coord.share()
	if coord.doc().PersonByID(newcomer.ID) == nil {
		t.Error("FZL's new colleague did not reach the coordinator")
	}
}

// TestAnIDClaimedByTwoFilesGoesToNeither: an entry typed with an ID of its own (imported from a
// file, so not bound to its installation) and republished by another partner under its own name
// is refused from both and named; the squatter never owns it.
func TestAnIDClaimedByTwoFilesGoesToNeither(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl, kdbm := partner(t, coord, "FZL", m), partner(t, coord, "KDBM", m)
	for _, p := range []*peer{coord, fzl, kdbm, coord} {
		p.share()
	}
	o, _ := data.FindOutput(kdbm.doc(), gsOutputO1)
	id := "0192a000-0000-7000-8000-00000000e001" // from a hand-made import: bound to nobody
	e := data.Entry{ID: id, Person: kdbm.personID("Ελένη Παπαδοπούλου"), Date: data.NewDate(2019, 12, 5), Output: o.ID, Hours: 8 * 60 * 60, Note: "real work"}
	if _, err := kdbm.store.Import(&data.Document{Format: data.Format, Entries: []data.Entry{e}}, data.ImportOptions{Project: gsProject}); err != nil {
		t.Fatal(err)
	}
	kdbm.share()
	squat := data.Entry{ID: id, Person: fzl.personID(gsWojcik), Date: e.Date, Output: o.ID, Hours: 1 * 60, Note: "squat",
		Meta: data.Meta{Owner: fzl.store.Installation(), Rev: 1, Updated: time.Now().UTC()}}
	fzl.forge(t, &data.Document{Entries: []data.Entry{squat}})
	rep := coord.share()
	if !strings.Contains(refusedText(rep), "is new here and claimed by") {
		t.Errorf("the double claim is not named:\n%s", refusedText(rep))
	}
	for _, who := range []string{gsWojcik, "Ελένη Παπαδοπούλου"} {
		if got, _ := coord.store.Entries(gsProject, data.EntryFilter{Person: coord.personID(who)}); hasNote(got, "squat") {
			t.Errorf("the squatter's copy was merged")
		}
	}
}

// TestRevokeWithdrawsAnInvitationAndAnInstallation: a withdrawn code admits nobody; a removed
// installation's file is refused at the coordinator and, after its next sync, at the partners.
func TestRevokeWithdrawsAnInvitationAndAnInstallation(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl, kdbm := partner(t, coord, "FZL", m), partner(t, coord, "KDBM", m)
	for _, p := range []*peer{coord, fzl, kdbm, coord} {
		p.share()
	}
	code := invite(t, coord.store, m, "ZB")
	if _, err := Revoke(coord.store, gsProject, code); err != nil {
		t.Fatal(err)
	}
	coord.share()
	if _, err := Join(context.Background(), newPeer(t, "ZB", m).store, m, Settings{URL: "mem://share"}, code); err == nil {
		t.Error("a withdrawn code still admits")
	}
	if _, err := Revoke(coord.store, gsProject, fzl.store.Installation()); err != nil {
		t.Fatal(err)
	}
	e := fzl.addEntry(gsWojcik, "2019-12-03", 60*60, "after the removal")
	fzl.share()
	rep := coord.share()
	kdbm.share()
	if coord.hasEntry(e.ID) || kdbm.hasEntry(e.ID) || !strings.Contains(refusedText(rep), "not admitted") {
		t.Errorf("a removed installation's hours still arrive: coordinator %v, KDBM %v\n%s", coord.hasEntry(e.ID), kdbm.hasEntry(e.ID), refusedText(rep))
	}
}
