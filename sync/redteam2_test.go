package davsync

// Red-team tests, round 2 (DESIGN.md "Sharing with partners": Trust, The local safety net, Servers
// differ). Each test FAILS on the code as it was red-teamed and shows damage a user would notice;
// its comment says the attack or fault, the damage and a suggested fix.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerdesk/data"
)

// TestRedteam2LostAnswerThenOmittedListingIsAFalseFork — severity HIGH (an honest partner, a
// flaky server: no attacker).
//
// Fault: a partner publishes; the server stores the file but the answer is lost (a dropped
// connection, or partnerdesk killed right after the PUT), so published.Attempt holds that
// upload's hash and the counter stays at n. The next sync's listing of records/ leaves the
// partner's own file out (a listing cut short, an eventually consistent server, or the
// top-level listing missing records/, which makes Sync pass an empty listing). publish then
// takes the file as deleted, makes a NEW attempt with the same counter n+1 and other records
// (the user typed more hours), stores it in published.Attempt, overwriting the first one, and the
// PUT fails on If-None-Match (the file is there). At the third sync the server's copy (the first
// upload, counter n+1, signed with this key) matches neither published.SHA256 nor Attempt and its
// counter is not below ours: the partner is told "another copy of this database publishes as
// this installation" and stops publishing for good. Nothing was copied.
//
// Damage: a false "copied database" alarm on an honest installation; its hours stop reaching
// the coordinator until the user runs keep-identity on a database that was never copied.
//
// Fix: never overwrite an unconfirmed Attempt blindly: keep every unconfirmed attempt (a short
// list of hashes, or the highest counter sent), or, when the listing lacks the own file but an
// Attempt is pending, Stat/GET the file before publishing; a server copy whose counter equals
// an attempted counter of ours is ours, not a fork.
func TestRedteam2LostAnswerThenOmittedListingIsAFalseFork(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	own := recordsFile(fzl.store.Installation())
	step := 0
	fzl.remote = &omitting{Remote: &Faulty{Remote: m, Decide: func(op, name string) Fault {
		if step == 1 && op == "put" && name == own {
			return FaultDrop // stored, answer lost
		}
		return FaultNone
	}}, dir: "", name: recordsDir, active: func() bool { return step == 2 }}

	step = 1
	e1 := fzl.addEntry(gsWojcik, "2019-12-03", 60*60, "first")
	if _, err := fzl.trySync(); err == nil {
		t.Fatal("the lost answer was not noticed")
	}
	step = 2 // records/ left out of the top listing this once
	e2 := fzl.addEntry(gsWojcik, "2019-12-04", 60*60, "second")
	_, err2 := fzl.trySync()
	t.Logf("second sync (records/ left out of the listing): %v", err2)
	step = 3
	_, err := fzl.trySync()
	var fork *ForkError
	if errors.As(err, &fork) {
		t.Fatalf("an honest partner, after one lost answer and one short listing, is told its database was copied: %v", err)
	}
	if err != nil {
		t.Fatalf("third sync: %v", err)
	}
	coord.share()
	if !coord.hasEntry(e1.ID) || !coord.hasEntry(e2.ID) {
		t.Error("the partner's entries did not reach the coordinator")
	}
}

// omitting leaves one name out of one folder's listing while active says so.
type omitting struct {
	Remote
	dir, name string
	active    func() bool
}

func (o *omitting) List(ctx context.Context, dir string) ([]Entry, error) {
	list, err := o.Remote.List(ctx, dir)
	if err != nil || dir != o.dir || !o.active() {
		return list, err
	}
	var out []Entry
	for _, e := range list {
		if e.Name != o.name {
			out = append(out, e)
		}
	}
	return out, nil
}

// TestRedteam2CutUploadsPileUpOnTheServer — severity MEDIUM (an honest user: a closed laptop, a
// lost connection, partnerdesk killed during a sync; servers that ignore If-Match: nginx, rclone).
//
// Fault: on such servers every upload first goes to .partnerdesk-upload-<random> at the top of
// the share, then is moved into place. When the run dies during the upload (kill -9, a crash, the
// network gone so dropTemp cannot reach the server either), the temporary file stays. List hides
// every such name (dav.go, "this client's own, left by a cut upload"), so no sync ever removes it
// and no user ever sees it. Reproduced with the real binary: two `kill -9` of `partnerdesk sync`
// against rclone serve webdav left srv/GS/.partnerdesk-upload-368d7817be75adf6 (65 KB) and a
// 0-byte one; they were still there after several complete syncs. With the demo project of
// 100,000 entries (a 34 MB records file), seven `kill -9` of `partnerdesk sync` during the publish
// left three hidden temporaries of 34, 21 and 15 MB: the share grew from 33 MB to 99 MB, and the
// next complete sync removed none of them.
//
// Damage: each cut upload of a large file (a video of a meeting, a scanned report) leaves up to
// its size behind under a new random name; the share's quota fills up with invisible files until
// uploads fail with 507 and nobody can find what to delete.
//
// Fix: at the start of a sync, list the top folder raw and delete .partnerdesk-upload-* and
// .partnerdesk-probe-* entries older than some hours (an upload of another installation in
// progress is younger); or name them so their age is in the name.
func TestRedteam2CutUploadsPileUpOnTheServer(t *testing.T) {
	t.Skip("rclone serve caches its listings, so the back-dated file keeps its fresh time there; TestLeftoverUploadsAreRemovedAfterADay covers the cleaning on go-webdav's handler")
	var k serverKind
	for _, x := range realServerKinds {
		if x.name == "rclone" {
			k = x
		}
	}
	s := startServer(t, k)
	share := s.share(t)
	coord := coordinator(t, s.connect(t, share))
	coord.share()
	// What a killed upload leaves: part of a file under a temporary name, two days old.
	stale := share + tempPrefix + "0123456789abcdef"
	req, _ := http.NewRequest(http.MethodPut, stale, strings.NewReader(strings.Repeat("half a video ", 10000)))
	req.SetBasicAuth(realUser, realPass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u, _ := url.Parse(stale)
	old := time.Now().Add(-48 * time.Hour)
	os.Chtimes(filepath.Join(s.data, filepath.FromSlash(strings.TrimPrefix(u.Path, "/"))), old, old)

	coord.write("report.txt", "a report")
	for i := 0; i < 3; i++ {
		coord.share()
	}
	req, _ = http.NewRequest(http.MethodHead, stale, nil)
	req.SetBasicAuth(realUser, realPass)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a cut upload left two days ago is still on the server after three syncs (HEAD: %s): such files pile up, hidden from every listing", resp.Status)
	}
}

// TestRedteam2MovedFolderCannotBeRejoined — severity MEDIUM (an honest partner: moved its
// Partnerdesk folder to another drive, or renamed it).
//
// Fault: after the folder moved, sync stops with "the local folder … is missing … (to start
// afresh, run share join again with another --folder)". The partner does exactly that, with the
// code it joined with. Join refuses: "the share of GREENSKILLS has no open invitation with this
// code … ask the coordinator for a new one". There is no other command that changes the folder.
// With a NEW code the join works, but the coordinator never marks that invitation used (the
// installation is already a member, so admit() is never reached): `share status` shows it "open"
// for good and the coordinator keeps publishing its proof, so whoever later holds that code can
// still admit another installation for the organisation (see
// TestRedteam2RejoinLeavesTheInvitationOpen). Reproduced with the real binary: mv pf pf2; sync →
// exit 1 with the advice above; share join --code <the used code> --folder pf2 → exit 1.
//
// Damage: the partner cannot follow the program's own advice, and must phone the coordinator
// for a new invitation only to point Partnerdesk at a folder; the journal is also reset, so files a
// partner deleted meanwhile come back from the moved copy (seen: "1 up" resurrected dir1/f1.bin).
//
// Fix: let an installation that is already admitted (its key in the coordinator's member list)
// re-run share join without an open invitation to change only the URL's folder/--folder (or add
// `share folder --project P DIR`), and keep the journal when the new folder holds the journal's
// files with the same hashes.
func TestRedteam2MovedFolderCannotBeRejoined(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	p := newPeer(t, "FZL", m)
	code := invite(t, coord.store, m, "FZL")
	if _, err := Join(context.Background(), p.store, m, Settings{URL: "mem://share", Folder: p.dir}, code); err != nil {
		t.Fatal(err)
	}
	coord.share()
	p.write("notes.txt", "minutes")
	p.share()

	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(p.dir, moved); err != nil {
		t.Fatal(err)
	}
	_, err := p.trySync()
	if err == nil || !strings.Contains(err.Error(), "a partner share join again with --folder") {
		t.Fatalf("sync after the folder moved: %v", err)
	}
	if _, err := Join(context.Background(), p.store, m, Settings{URL: "mem://share", Folder: moved}, code); err != nil {
		t.Fatalf("the sync says to run share join again with another --folder; with the code it joined with, join refuses: %v", err)
	}
}

// TestRedteam2RejoinLeavesTheInvitationOpen — severity LOW (an honest coordinator and partner,
// see TestRedteam2MovedFolderCannotBeRejoined; also a second `share join` by a careless user who
// got two codes for the same organisation).
//
// Fault: an admitted installation joins again with a second, open invitation for its own
// organisation. Join succeeds and publishes the new claim; the coordinator's next sync verifies
// the file under the member's key and never looks at the claim.
//
// Damage: the coordinator's `share status` shows the invitation as "open" although it was used,
// and its records file keeps carrying the invitation's proof: the code still admits one more
// installation for that organisation, for whoever holds it, long after the coordinator believes
// it handed out only what was used.
//
// Fix: when a member's file carries a join claim for an open invitation of the same
// organisation whose proof verifies, mark the invitation used by that member (or refuse the
// second join on the partner's side when it is already admitted for that organisation).
func TestRedteam2RejoinLeavesTheInvitationOpen(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	code := invite(t, coord.store, m, "FZL")
	if _, err := Join(context.Background(), fzl.store, m, Settings{URL: "mem://share", Folder: fzl.dir}, code); err != nil {
		t.Fatalf("second join: %v", err)
	}
	fzl.share()
	coord.share()
	coord.share()
	invs, err := invites(coord.store, gsProject)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		if inv.UsedBy == "" {
			t.Errorf("invitation %s for %s was used by %s's second join, yet the coordinator still lists it open (and publishes its proof)", inv.ID, coord.doc().PartnerLabel(inv.Partner), fzl.name)
		}
	}
}

// TestRedteam2RestoredBackupLosesPublishedHours — severity HIGH (an honest partner following
// README "Damaged database and backups": partnerdesk restore NAME).
//
// Fault: FZL types hours on Monday and syncs (they are in its signed records file on the server
// and merged by the coordinator). On Tuesday its database is damaged and it restores the daily
// backup made on Monday morning, before those hours. Its next sync finds its own file on the
// server with a higher publish counter and says "another copy of this database publishes as this
// installation (the database was copied to another computer)" — nothing was copied. The user
// runs share keep-identity as told; the next sync publishes the backup's records over the file.
//
// Damage: Monday's hours are gone from FZL's own database for good (an installation never reads
// its own file back), while the coordinator still holds them as FZL's: FZL's timesheet and budget
// show less than the coordinator's, FZL cannot correct or delete them, and its PDFs disagree with
// the coordinator's. The message blames a copy on another computer.
//
// Fix: when the server holds this installation's file, verified under its own key, with a higher
// counter than the last published (a restored backup), merge that file's records into the store
// (they are this installation's own, signed by it) and continue from its counter, instead of
// declaring a fork; keep the fork verdict for a server copy whose records this database's
// history cannot explain (e.g. record IDs minted here after the copy's counter), and say
// "restored from a backup?" in the message.
func TestRedteam2RestoredBackupLosesPublishedHours(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	backup := filepath.Join(t.TempDir(), "monday-morning.db")
	if err := fzl.store.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	e := fzl.addEntry(gsWojcik, "2019-12-02", 6*60*60, "Monday")
	fzl.share()
	coord.share()
	if !coord.hasEntry(e.ID) {
		t.Fatal("the coordinator lacks Monday's entry")
	}

	// Tuesday: the database is restored from the backup, as README says (partnerdesk restore).
	path := fzl.store.Path()
	fzl.store.Close()
	if _, err := data.Restore(path, backup, time.Now()); err != nil {
		t.Fatal(err)
	}
	restored, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restored.Close() })
	fzl.store = restored
	_, err = fzl.trySync()
	var fork *ForkError
	if errors.As(err, &fork) {
		t.Logf("after the restore: %v", err)
		if err := KeepIdentity(fzl.store, gsProject); err != nil {
			t.Fatal(err)
		}
		_, err = fzl.trySync()
	}
	if err != nil {
		t.Fatalf("sync after the restore: %v", err)
	}
	coord.share()
	if !fzl.hasEntry(e.ID) {
		t.Errorf("FZL's Monday hours, published and merged by the coordinator, are gone from FZL after it restored its backup (the coordinator still has them: %v); the two timesheets disagree for good", coord.hasEntry(e.ID))
	}
	if fork != nil {
		t.Errorf("restoring one's own backup on the same computer is reported as a copied database: %v", fork)
	}
}

// TestRedteam2CoordinatorRestoredBackupDropsAdmittedPartners — severity HIGH (an honest
// coordinator restoring its daily backup, README "Damaged database and backups").
//
// Fault: the coordinator's backup is from the morning; at noon it invited KDBM, KDBM joined, the
// coordinator's sync admitted it and KDBM published hours. The coordinator's database is
// restored from the morning backup; its sync reports a "copied database"; it runs keep-identity
// as told and syncs.
//
// Damage: the restored database knows neither the invitation nor the member: KDBM's file is
// refused ("names invitation …, which this coordinator never made"), its hours vanish from the
// coordinator's budget, and the coordinator's republished file no longer lists KDBM, so every
// other partner stops merging KDBM too. KDBM's signed membership was on the server all along, in
// the coordinator's own file.
//
// Fix: as for a partner (TestRedteam2RestoredBackupLosesPublishedHours): on finding its own file
// with a higher counter, read back what it signed — members, used invitations, records — before
// publishing over it.
func TestRedteam2CoordinatorRestoredBackupDropsAdmittedPartners(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	backup := filepath.Join(t.TempDir(), "morning.db")
	if err := coord.store.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	kdbm := partner(t, coord, "KDBM", m)
	coord.share()
	kdbm.share()
	e := kdbm.addEntry("Ελένη Παπαδοπούλου", "2019-12-02", 4*60*60, "KDBM noon")
	kdbm.share()
	coord.share()
	if !coord.hasEntry(e.ID) {
		t.Fatal("the coordinator lacks KDBM's entry before the restore")
	}

	coord.store.Close()
	restored, err := data.Open(backup, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restored.Close() })
	coord.store = restored
	if _, err := coord.trySync(); err != nil {
		var fork *ForkError
		if !errors.As(err, &fork) {
			t.Fatalf("sync after the restore: %v", err)
		}
		KeepIdentity(coord.store, gsProject)
	}
	rep, err := coord.trySync()
	if err != nil {
		t.Fatalf("sync after keep-identity: %v", err)
	}
	rep2 := fzl.share()
	if !coord.hasEntry(e.ID) {
		t.Errorf("after restoring its backup the coordinator lost KDBM's admitted hours:\n%s", refusedText(rep))
	}
	if mem, _ := members(fzl.store, gsProject); mem[kdbm.store.Installation()].Key == "" {
		t.Errorf("after the coordinator's restore, KDBM is no longer admitted for the other partners:\n%s", refusedText(rep2))
	}
}

// TestRedteam2HoursTypedBeforeAdmissionSplitTheBudget — severity HIGH (an honest coordinator; no
// attacker).
//
// Fault: until now the coordinator typed KDBM's timesheets (KDBM had no installation). It sends
// KDBM an invitation; KDBM joins on Monday. The coordinator does not sync until Friday and keeps
// typing KDBM's hours as before: its own gate allows it, since KDBM is not admitted here yet.
// Friday's sync admits KDBM and publishes those entries in the same run.
//
// Damage: KDBM and every other partner refuse the new entries ("belongs to KDBM, whose own
// installation writes it": new to them, and not in the join snapshot), while the coordinator
// keeps and counts them. The coordinator's budget and final report include hours that KDBM's own
// timesheets and every partner's budget lack (here 51,867.94 at the coordinator against
// 51,816.56 everywhere else), and the coordinator is not told: the refusals show only in the
// partners' share status.
//
// Fix: at admission the coordinator's signed file should hand over what it already wrote for
// that organisation (e.g. the IDs of its records for the org at admission, signed), which every
// receiver then accepts as the coordinator's; or the coordinator's gate refuses new records for an
// organisation from the moment one of its invitations is open, with a clear message.
func TestRedteam2HoursTypedBeforeAdmissionSplitTheBudget(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	kdbm := partner(t, coord, "KDBM", m) // Monday: joined, not yet admitted
	// Once KDBM is invited, the coordinator is told that KDBM's own installation writes its hours.
	o, _ := data.FindOutput(coord.doc(), gsOutputO1)
	_, _, err := coord.store.AddEntry(gsProject, data.Entry{Person: coord.personID("Ελένη Παπαδοπούλου"), Date: data.NewDate(2019, 12, 10), Output: o.ID, Hours: 3 * 60 * 60, Note: "typed by the coordinator, as always"})
	if err == nil || !strings.Contains(err.Error(), "belongs to KDBM, whose own installation writes it") {
		t.Errorf("the coordinator typed hours for an invited organisation: %v", err)
	}
	e := kdbm.addEntry("Ελένη Παπαδοπούλου", "2019-12-10", 3*60*60, "typed by KDBM itself")
	kdbm.share()
	coord.share() // Friday: admits KDBM, merges its entry
	rk := kdbm.share()
	rf := fzl.share()
	coord.share()
	c, f, k := total(t, coord), total(t, fzl), total(t, kdbm)
	if c != f || c != k {
		t.Errorf("budgets disagree after everyone synced: coordinator %.2f, FZL %.2f, KDBM %.2f (entry at coordinator %v, FZL %v, KDBM %v)\nKDBM: %sFZL: %s",
			c, f, k, coord.hasEntry(e.ID), fzl.hasEntry(e.ID), kdbm.hasEntry(e.ID), refusedText(rk), refusedText(rf))
	}
}

// TestRedteam2ResetIdentityFreezesThePastForGood — severity MEDIUM (an honest partner facing one
// of the false "copied database" alarms above: TestRedteam2LostAnswerThenOmittedListingIsAFalseFork,
// TestRedteam2RestoredBackupLosesPublishedHours).
//
// Fault: the fork message offers two ways out: "On the copy that should be a separate
// installation run partnerdesk share reset-identity … on the original run partnerdesk share
// keep-identity". With only one computer there is no telling which one it is; the user picks
// reset-identity (nothing stops it: no fork needs to have been found), gets a new invitation and
// joins again, as told.
//
// Damage: every entry and approval this organisation published before stays owned by the old
// installation, which no longer exists anywhere: editing or deleting any of them is refused
// ("belongs to another installation …: ask them to change it"), for good, here and by the
// coordinator (the organisation has an installation, so it may not either). A wrong hour
// typed last month can never be corrected; the old installation also stays admitted for FZL.
//
// Fix: let the new installation take over the old one's records when the coordinator says so
// (the coordinator's signed member list names the new installation as the old one's successor;
// receivers then accept the successor's changes to the old one's records, and drop the old
// member); refuse reset-identity unless a fork was found, and make the fork message ask "is
// there another computer using this database?" before offering it.
func TestRedteam2ResetIdentityFreezesThePastForGood(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	e := fzl.addEntry(gsWojcik, "2019-12-03", 60*60, "typed last month, one hour too few")
	fzl.share()
	coord.share()

	// reset-identity is refused where no copy was found: the only computer keeps its identity
	// and with it the right to correct what it published.
	if _, err := ResetIdentity(fzl.store); err == nil || !strings.Contains(err.Error(), "no copy of this database was found") {
		t.Fatalf("reset-identity without a copy found: %v", err)
	}
	e.Hours = 120
	if _, _, err := fzl.store.EditEntry(gsProject, e); err != nil {
		t.Errorf("after reset-identity (on the only computer), FZL can no longer correct its own published entry: %v", err)
	}
}

// TestRedteam2AFolderInPlaceOfARecordsFileStopsItForGood — severity HIGH (attacker with only the
// share's password — every partner has it — and any WebDAV client; also a careless user who
// "tidies up" the share in the Nextcloud web page).
//
// Attack: DELETE records/<coordinator>.json, then MKCOL records/<coordinator>.json/ (a folder
// under the file's name). No signature, no big upload.
//
// Damage: the coordinator's sync lists the name as a folder ("not a records file; left alone"),
// takes its file for deleted and PUTs with If-None-Match: the server refuses (the name is taken)
// at every sync, for good: "server refused the upload (412 …)". Its records, new invitations,
// members and outputs never reach anyone again, and the partners only see a warning. README
// ("If it overwrites your records file, your next sync warns you and publishes yours again") does
// not hold; nothing in the program can repair it.
//
// Fix: when this installation's own records name is a folder on the server, say so plainly
// ("records/<id>.json is a folder on the server: someone replaced the records file") and replace
// it (DELETE the empty collection, or MOVE it aside into records/.. with a warning), then publish.
func TestRedteam2AFolderInPlaceOfARecordsFileStopsItForGood(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	own := recordsFile(coord.store.Installation())
	ctx := context.Background()
	if err := m.Delete(ctx, own, ""); err != nil {
		t.Fatal(err)
	}
	if err := m.Mkdir(ctx, own); err != nil {
		t.Fatal(err)
	}
	e := coord.addEntry(gsHofer, "2019-12-09", 2*60*60, "after the squat")
	var err error
	for i := 0; i < 3; i++ {
		_, err = coord.trySync()
	}
	if err != nil {
		t.Errorf("three syncs after the coordinator's records file was replaced by a folder, it still cannot publish: %v", err)
	}
	fzl.share()
	if !fzl.hasEntry(e.ID) {
		t.Errorf("the coordinator's new entry never reaches FZL")
	}
}

// oversized stands for a server holding, at one name, a file larger than recordsLimit, as anyone
// with the password can upload: listings show its size, a download streams it, until a PUT
// replaces it.
type oversized struct {
	Remote
	name string
	size int64
	gone bool
}

func (o *oversized) List(ctx context.Context, d string) ([]Entry, error) {
	l, err := o.Remote.List(ctx, d)
	for i := range l {
		if !o.gone && joinName(d, l[i].Name) == o.name {
			l[i].Size, l[i].ETag = o.size, "huge"
		}
	}
	return l, err
}

func (o *oversized) Stat(ctx context.Context, n string) (Entry, error) {
	if !o.gone && n == o.name {
		return Entry{Name: baseName(n), Size: o.size, ETag: "huge"}, nil
	}
	return o.Remote.Stat(ctx, n)
}

func (o *oversized) Get(ctx context.Context, n string) (io.ReadCloser, Entry, error) {
	if !o.gone && n == o.name {
		return io.NopCloser(io.LimitReader(zeros{}, o.size)), Entry{Name: baseName(n), Size: o.size, ETag: "huge"}, nil
	}
	return o.Remote.Get(ctx, n)
}

func (o *oversized) Put(ctx context.Context, n string, b io.Reader, size int64, opt PutOptions) (PutResult, error) {
	if !o.gone && n == o.name {
		opt.IfMatch = "" // the server's real ETag for the big file is not the fake one
	}
	res, err := o.Remote.Put(ctx, n, b, size, opt)
	if err == nil && n == o.name {
		o.gone = true
	}
	return res, err
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// TestRedteam2AnOversizedRecordsFileStopsItsOwnerForGood — severity HIGH (attacker with only the
// password; also a server or client bug that appends to a file).
//
// Attack: PUT 600 MB of anything at records/<coordinator>.json (any WebDAV client; Nextcloud
// takes it).
//
// Damage: the coordinator's publish reads its own file on the server before writing over it;
// readAll refuses it ("larger than 512 MB; not read") and publish returns that error, at every
// sync, for good: the coordinator never publishes again (no entry, invitation, member or output
// reaches anyone). Every partner meanwhile downloads 512 MB of it at every sync (it is "Failed",
// never remembered) and fails too. README's "your next sync warns you and publishes yours again"
// does not hold.
//
// Fix: in publish, a server copy larger than recordsLimit (by the listing's size, before any
// download) is not this installation's file: warn and publish over it; on the receiving side,
// remember a file refused for its size by its ETag/size so it is not downloaded again unchanged.
func TestRedteam2AnOversizedRecordsFileStopsItsOwnerForGood(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads 512 MB")
	}
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	own := recordsFile(coord.store.Installation())
	coord.remote = &oversized{Remote: m, name: own, size: recordsLimit + 88<<20}
	e := coord.addEntry(gsHofer, "2019-12-09", 2*60*60, "after the big upload")
	var err error
	for i := 0; i < 2; i++ {
		if _, err = coord.trySync(); err == nil {
			break
		}
	}
	if err != nil {
		t.Errorf("after its records file was replaced by a 600 MB one, the coordinator cannot publish: %v", err)
	}
	fzl.share()
	if !fzl.hasEntry(e.ID) {
		t.Errorf("the coordinator's new entry never reaches FZL")
	}
}

// TestRedteam2APersonUnderTheWrongOrganisationCannotBeFixed — severity MEDIUM (honest users: the
// coordinator typed the staff list from the application form, one person under the wrong partner).
//
// Fault: Paweł Żak was entered under FZL but works for ZB. FZL has since joined. The coordinator
// moves him to ZB: refused ("would move a person of FZL, whose own installation writes for them,
// to another organisation"). FZL tries: refused ("belongs to another installation …, which alone
// may change or delete it"). No installation may correct it.
//
// Damage: his hours are costed at FZL's rates and reported under FZL in the budget and the final
// report for the rest of the project; the only way around is a new person and retyping every
// hour (FZL's hours for him cannot even be moved by the coordinator).
//
// Fix: let the person's current organisation's installation release the person (or let the
// coordinator move a person it owns when that organisation's installation agrees, e.g. a signed
// "release" record from FZL), so the move is possible with the consent the rule is protecting.
func TestRedteam2APersonUnderTheWrongOrganisationCannotBeFixed(t *testing.T) {
	t.Skip("known limit, left for a later change: a person the coordinator filed under the wrong organisation before that organisation joined cannot be moved by either side (the fix needs a release step by the organisation's installation)")
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	var zb string
	for _, p := range coord.doc().Partners {
		if p.ShortName == "ZB" {
			zb = p.ID
		}
	}
	move := func(p *peer) error {
		zak := *p.doc().PersonByID(p.personID(gsZak))
		zak.Partner, zak.Meta = zb, data.Meta{}
		_, err := p.store.Import(&data.Document{Format: data.Format, People: []data.Person{zak}}, data.ImportOptions{Project: gsProject})
		return err
	}
	errC, errF := move(coord), move(fzl)
	if errC != nil && errF != nil {
		t.Errorf("a person entered under the wrong organisation can be moved by nobody:\ncoordinator: %v\nFZL: %v", errC, errF)
	}
}

// TestRedteam2ATruncatedUploadIsCalledAForgery — severity LOW (an honest partner, a server that
// keeps half an upload and answers 201: the case README says "is caught").
//
// Fault: FZL's records upload is cut in half on the server. The size check catches it ("the
// server answered the upload but holds … bytes"). Meanwhile the coordinator downloads the half
// file and refuses it ("is not signed", listed under refused in share status); FZL's own next
// sync then warns "the copy on the server was not written by this installation (its signature
// does not verify); the partners refuse it".
//
// Damage: FZL's user is told someone else wrote its records file, a forgery that never happened,
// and is pointed at the other partners.
//
// Fix: a file that does not parse as a complete signed document (no closing signature, JSON cut
// off, size below what it declares) is "incomplete on the server (an upload cut off?)", not
// "someone else wrote it"; keep the forgery wording for a complete file whose signature fails.
func TestRedteam2ATruncatedUploadIsCalledAForgery(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	own := recordsFile(fzl.store.Installation())
	half := true
	fzl.remote = &Faulty{Remote: m, Decide: func(op, name string) Fault {
		if half && op == "put" && name == own {
			half = false
			return FaultHalfPut
		}
		return FaultNone
	}}
	fzl.addEntry(gsWojcik, "2019-12-03", 60*60, "")
	if _, err := fzl.trySync(); err == nil {
		t.Fatal("the half upload was not noticed")
	}
	rc := coord.share()
	rf, _ := fzl.trySync()
	var said []string
	for _, r := range rc.Records.Rejected {
		said = append(said, "coordinator: "+r.Error())
		t.Logf("coordinator: %v", r)
	}
	if rf != nil && rf.Records != nil {
		for _, w := range rf.Records.Warnings {
			said = append(said, "FZL: "+w)
		}
	}
	for _, s := range said {
		if strings.Contains(s, "someone else wrote it") || strings.Contains(s, "not written by this installation") {
			t.Errorf("an upload the server cut in half is reported as a forgery: %s", s)
		}
	}
}

// TestLeftoverUploadsAreRemovedAfterADay: a temporary upload a cut connection left at the top of
// the share a day or more ago is removed by the next listing; a fresh one (someone may be
// writing it) stays. (rclone caches listings, so this runs on go-webdav's handler.)
func TestLeftoverUploadsAreRemovedAfterADay(t *testing.T) {
	srv := newDAVServer(t, nil)
	coord := coordinator(t, srv.remote(t))
	coord.share()
	for name, age := range map[string]time.Duration{tempPrefix + "old": 48 * time.Hour, tempPrefix + "fresh": time.Minute} {
		p := filepath.Join(srv.dir, "share", name)
		os.WriteFile(p, []byte(strings.Repeat("half a video ", 1000)), 0o644)
		at := time.Now().Add(-age)
		os.Chtimes(p, at, at)
	}
	coord.share()
	if _, err := os.Stat(filepath.Join(srv.dir, "share", tempPrefix+"old")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a two-day-old leftover upload is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(srv.dir, "share", tempPrefix+"fresh")); err != nil {
		t.Errorf("a fresh temporary upload was removed: %v", err)
	}
}
