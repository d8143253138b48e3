package davsync

// Red-team tests of the share's trust design (DESIGN.md "Sharing with partners" → Trust, The
// local safety net; DOMAIN.md "Who may do what"). Each test FAILS on the code as it was red-teamed:
// it shows an attack (or a fault of a careless user or a lying server) and the damage a user
// would notice. The comment of each says the attack, the damage and a suggested fix.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"partnerdesk/data"
)

// serverFile is a file's content on the in-memory server, as anyone with the password can download it.
func serverFile(t *testing.T, m *Memory, name string) []byte {
	t.Helper()
	raw, ok := m.Files()[name]
	if !ok {
		t.Fatalf("%s is not on the server", name)
	}
	return raw
}

// putBack writes content to the server as anyone with the share's password can, e.g. with curl.
func putBack(t *testing.T, m *Memory, name string, raw []byte) {
	t.Helper()
	if _, err := m.Put(context.Background(), name, bytes.NewReader(raw), int64(len(raw)), PutOptions{}); err != nil {
		t.Fatal(err)
	}
}

// trySync runs a whole sync and returns its error instead of failing the test.
func (p *peer) trySync() (*Report, error) {
	return Sync(context.Background(), p.store, gsProject, p.remote, SyncOptions{Now: func() time.Time { return p.clock }, stepHook: p.hook})
}

// orgPerson is a person of the organisation an installation writes for.
func orgPerson(t *testing.T, p *peer) data.Person {
	t.Helper()
	s, _ := LoadSettings(p.store, gsProject)
	for _, x := range p.doc().People {
		if x.Partner == s.OrgID {
			return x
		}
	}
	t.Fatalf("%s has no person of its organisation", p.name)
	return data.Person{}
}

// TestRedteamReplayedOwnFileIsReadAsAFork — severity HIGH (attacker (b): only the password; or
// (c) a server/cache that serves an old version).
//
// Attack: anyone with the share's password downloads the coordinator's records file once, and
// later PUTs that old (validly signed) copy back. Nothing is forged: the bytes are the
// coordinator's own.
//
// Damage: at its next sync the coordinator finds a file signed with its own key that is not the
// one it published last, takes it for a copied database and stops publishing ("another copy of this
// database publishes as this installation"). From then on no new invitation, admitted member,
// output or entry of the coordinator reaches anyone, and the user is told, falsely, that the
// database was copied. The same happens to any partner whose old file is put back (and to a
// partner whose file from ANOTHER project's share, signed with the same per-database key, is put
// here). share keep-identity does not help either (see TestRedteamKeepIdentityDoesNotUnstick).
//
// Fix: the publish counter is signed, so use it: a server copy signed with our key whose Seq is
// LOWER than the last Seq we published is a stale or replayed copy, not a fork; publish over it
// (with a warning). Only a copy with Seq >= ours and other content is a fork. Also bind the
// project ID into what is signed in every records file.
func TestRedteamReplayedOwnFileIsReadAsAFork(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	name := recordsFile(coord.store.Installation())
	old := serverFile(t, m, name) // what an outsider saved a while ago

	e := coord.addEntry(gsHofer, "2019-12-09", 3*60*60, "after the snapshot")
	coord.share()

	putBack(t, m, name, old) // the replay
	if _, err := coord.trySync(); err != nil {
		var fork *ForkError
		if errors.As(err, &fork) {
			t.Fatalf("a replayed old copy of the coordinator's own file stops the coordinator publishing as a 'copied database': %v", err)
		}
		t.Fatalf("coordinator sync after the replay: %v", err)
	}
	// The coordinator's file is the current one again and the partner has the new entry.
	fzl.share()
	if !fzl.hasEntry(e.ID) {
		t.Errorf("the coordinator's entry made after the replayed snapshot never reached FZL")
	}
}

// TestRedteamKeepIdentityDoesNotUnstick — severity HIGH (careless user (d): a restored backup, or
// any false fork such as the replay above).
//
// Attack/fault: the coordinator's database is restored from last week's backup (here: its file
// on the server is simply an older or other copy signed with its key). The coordinator is told
// "another copy publishes as this installation … on the original run partnerdesk share
// keep-identity", and does so.
//
// Damage: KeepIdentity only deletes the "fork" key. The next publish reads the server copy again,
// finds it signed with its own key and not the one published last, and records the fork again:
// keep-identity never lets the original publish, so the share is stuck for good (the
// coordinator cannot even reset-identity). Nothing the user can do in the program gets out.
//
// Fix: KeepIdentity must also adopt the server copy as "seen": store its SHA-256/ETag (and Seq) as
// the accepted predecessor (e.g. in published.Attempt or a published.Overrule field), and publish
// with Seq = max(server Seq, own Seq)+1 so partners can tell the newer file.
func TestRedteamKeepIdentityDoesNotUnstick(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	name := recordsFile(coord.store.Installation())
	old := serverFile(t, m, name)
	coord.addEntry(gsHofer, "2019-12-09", 3*60*60, "")
	coord.share()
	putBack(t, m, name, old)

	_, err := coord.trySync()
	var fork *ForkError
	if !errors.As(err, &fork) {
		t.Skipf("no fork was recorded (the replay finding is fixed): %v", err)
	}
	if err := KeepIdentity(coord.store, gsProject); err != nil {
		t.Fatal(err)
	}
	e := coord.addEntry(gsHofer, "2019-12-10", 2*60*60, "after keep-identity")
	if _, err := coord.trySync(); err != nil {
		t.Fatalf("after share keep-identity the original still cannot publish: %v", err)
	}
	fzl.share()
	if !fzl.hasEntry(e.ID) {
		t.Errorf("the coordinator's entry after keep-identity never reached FZL")
	}
}

// TestRedteamDroppedWriteIsReadAsAFork — severity HIGH (c: a server that drops writes).
//
// Fault: the server answers the PUT of a records file 201 Created but keeps nothing (an
// overloaded Nextcloud, a full quota reported late, a proxy). DESIGN.md: "an upload is recorded as
// done only after the server lists the file with the size that was sent".
//
// Damage: publish records the new file as published straight from the PUT answer. At the next
// sync the server still holds the previous file, signed with this installation's own key and not
// the one "published" last, and Attempt was cleared: it is taken for a copied database, and the
// installation stops publishing for good (and keep-identity does not help, above). A single lost
// write freezes a partner's hours out of the share.
//
// Fix: keep the previous published SHA-256 (and Seq) as acceptable until the server is seen to
// hold the new one; confirm the upload by a Stat/listing of size and checksum before recording it
// as published; and never call a server copy with a lower Seq a fork.
func TestRedteamDroppedWriteIsReadAsAFork(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()

	drop := true
	f := &Faulty{Remote: m, Decide: func(op, name string) Fault {
		if drop && op == "put" && strings.HasPrefix(name, recordsDir+"/") {
			drop = false
			return FaultFakePut
		}
		return FaultNone
	}}
	fzl.remote = f
	e := fzl.addEntry(gsWojcik, "2019-12-03", 5*60*60, "lost by the server once")
	// The sync whose PUT was dropped may say so (the upload is confirmed by the server's size),
	// but it must not fail for any other reason.
	if _, err := fzl.trySync(); err != nil && !strings.Contains(err.Error(), "it is sent again next time") {
		t.Fatalf("the sync whose PUT was dropped: %v", err)
	}
	if _, err := fzl.trySync(); err != nil {
		var fork *ForkError
		if errors.As(err, &fork) {
			t.Fatalf("one dropped write makes FZL believe its database was copied: %v", err)
		}
		t.Fatalf("next sync: %v", err)
	}
	coord.share()
	if !coord.hasEntry(e.ID) {
		t.Errorf("FZL's hours never reach the coordinator after one dropped write")
	}
}

// TestRedteamPartnerAcceptsARolledBackCoordinatorFile — severity MEDIUM (b or c: a replay, or a
// server serving a stale copy).
//
// Attack: an outsider puts back a copy of the coordinator's file from before KDBM was admitted.
//
// Damage: FZL verifies it under the pinned key (it is genuine) and takes its member list, with no
// look at the publish counter: KDBM is no longer admitted at FZL, and KDBM's new hours stop
// reaching FZL (its file is "not admitted (yet)"). With the coordinator frozen by the replay
// (TestRedteamReplayedOwnFileIsReadAsAFork) this lasts for good; the same replay can undo any later
// membership change of the coordinator.
//
// Fix: remember the highest Seq seen in the coordinator's (and every) verified file and refuse a
// file whose Seq is lower (or equal with other content) as "an older copy of the coordinator's
// file (replayed or stale)"; keep the members of the newest.
func TestRedteamPartnerAcceptsARolledBackCoordinatorFile(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	name := recordsFile(coord.store.Installation())
	old := serverFile(t, m, name) // lists FZL only

	kdbm := partner(t, coord, "KDBM", m)
	coord.share() // admits KDBM
	fzl.share()
	kdbm.share()

	putBack(t, m, name, old)
	fzl.share() // takes the old member list
	e := kdbm.addEntry("Ελένη Παπαδοπούλου", "2019-12-05", 3*60*60, "KDBM after the rollback")
	kdbm.share()
	rep := fzl.share()
	if !fzl.hasEntry(e.ID) {
		t.Errorf("a replayed old coordinator file removed KDBM at FZL: KDBM's entry does not arrive:\n%s", refusedText(rep))
	}
}

// TestRedteamPartnerSquatsAnotherPartnersRecordIDs — severity HIGH (a: an admitted partner).
//
// Attack: FZL (whose installation ID sorts before KDBM's, which an attacker can arrange, since it
// chooses its installation ID before it joins) polls the share. Whenever KDBM publishes, FZL
// reads KDBM's file and publishes, in its own validly signed file, records with the SAME IDs: here
// an entry of 1 minute for FZL's own person under the ID of KDBM's new entry. It only writes for
// its own organisation, so every rule check passes.
//
// Damage: an installation that has not merged KDBM's file yet merges both in one run, FZL's first
// (files are merged by name): the ID is now FZL's, and KDBM's real entry is refused everywhere as
// "belongs to another installation". KDBM's hours vanish from the coordinator's timesheets and
// budget; KDBM cannot correct it. The same works for new people (then all their entries are
// refused), participants and approvals.
//
// Fix: do not let the first file merged decide who owns a new ID. Key records by (owner, ID), or
// make IDs provably the owner's (e.g. the ID derived from the installation: a UUIDv8 holding a
// hash of installation ID and a random part, checked on receipt); at the least, when two files
// of one run claim the same new ID, merge neither and report both.
func TestRedteamPartnerSquatsAnotherPartnersRecordIDs(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	a, b := partner(t, coord, "FZL", m), partner(t, coord, "KDBM", m)
	attacker, victim := a, b
	if b.store.Installation() < a.store.Installation() {
		attacker, victim = b, a
	}
	for _, p := range []*peer{coord, attacker, victim, coord} {
		p.share()
	}
	vp := orgPerson(t, victim)
	real := victim.addEntry(vp.Name, "2019-12-05", 8*60*60, "real work")
	victim.share()

	// The attacker reads the victim's file from the server and copies the new ID.
	body, _, err := signedPart(serverFile(t, m, recordsFile(victim.store.Installation())))
	if err != nil {
		t.Fatal(err)
	}
	vdoc, _, err := decodeShared(body, "victim")
	if err != nil {
		t.Fatal(err)
	}
	var stolen data.Entry
	for _, e := range vdoc.Entries {
		if e.ID == real.ID {
			stolen = e
		}
	}
	if stolen.ID == "" {
		t.Fatal("the victim's entry is not in its file")
	}
	ap := orgPerson(t, attacker)
	squat := data.Entry{ID: stolen.ID, Person: ap.ID, Date: stolen.Date, Output: stolen.Output, Hours: 1 * 60, Note: "squat",
		Meta: data.Meta{Owner: attacker.store.Installation(), Rev: 1, Updated: time.Now().UTC()}}
	attacker.forge(t, &data.Document{Entries: []data.Entry{squat}})

	rep := coord.share()
	got, _ := coord.store.Entries(gsProject, data.EntryFilter{Person: vp.ID})
	if !hasNote(got, "real work") {
		t.Errorf("%s's 8 h entry never reaches the coordinator: %s took its ID first:\n%s", victim.name, attacker.name, refusedText(rep))
	}
}

// TestRedteamCoordinatorWritesForAPartnerAfterItJoined — severity MEDIUM (a malicious or
// scripted coordinator, with its own key).
//
// Attack: the coordinator's rule for organisations that joined (data/authority.go writesFor)
// lets through a NEW record of such an organisation when the incoming record says Rev > 1, or
// says it was updated before the organisation's admission. Both are fields the writer chooses.
// The coordinator publishes, long after FZL joined, an approval of Małgorzata Wójcik's December
// signed "by" FZL's Paweł Żak (the coordinator still owns Żak's person record from before FZL
// joined, so it may also mark him supervisor), with Rev 2, and an 8 h entry for her, backdated.
//
// Damage: at FZL's own installation the month shows as approved by its own staff member who never
// approved it, and an 8 h entry appears on Wójcik's timesheet that FZL can neither edit nor
// delete ("belongs to another installation"). DOMAIN.md: once an organisation has its own
// installation, only it writes its people's entries and approvals.
//
// Fix: decide "written before the organisation joined" from something the writer cannot choose:
// the record must already be held here as the coordinator's, or be in the coordinator's file the
// first time this installation saw it (at join); never from Rev or Updated of the incoming copy.
func TestRedteamCoordinatorWritesForAPartnerAfterItJoined(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()

	doc := coord.doc()
	wojcik, _ := data.FindPerson(doc, gsWojcik)
	zak, _ := data.FindPerson(doc, gsZak)
	o, _ := data.FindOutput(doc, gsOutputO1)
	sup := *zak
	sup.Supervisor, sup.Rev, sup.Updated = true, sup.Rev+1, time.Now().UTC()
	me := coord.store.Installation()
	forged := &data.Document{
		People: []data.Person{sup},
		Entries: []data.Entry{{ID: data.NewID(), Person: wojcik.ID, Date: data.NewDate(2019, 12, 2), Output: o.ID, Hours: 8 * 60 * 60, Note: "not typed by FZL",
			Meta: data.Meta{Owner: me, Rev: 1, Updated: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}}},
		Approvals: []data.Approval{{ID: data.NewID(), Person: wojcik.ID, Month: "2019-12", State: data.StateApproved, By: zak.ID,
			At: time.Now().UTC().Add(-time.Hour), Meta: data.Meta{Owner: me, Rev: 2, Updated: time.Now().UTC()}}},
	}
	mem, err := members(coord.store, gsProject)
	if err != nil {
		t.Fatal(err)
	}
	priv, _ := coord.store.Identity()
	publishAs(t, m, me, priv, shareInfo{Seq: 1000, Members: sortedMembers(mem)}, forged)

	rep := fzl.share()
	dec, _ := data.ParseMonth("2019-12")
	sh, err := fzl.store.MonthSheet(gsProject, wojcik.ID, dec)
	if err != nil {
		t.Fatal(err)
	}
	if sh.State == data.StateApproved {
		t.Errorf("the coordinator approved FZL's month in the name of FZL's Paweł Żak, after FZL joined:\n%s", refusedText(rep))
	}
	got, _ := fzl.store.Entries(gsProject, data.EntryFilter{Person: wojcik.ID})
	if hasNote(got, "not typed by FZL") {
		t.Errorf("the coordinator added a backdated 8 h entry to FZL's person, after FZL joined")
	}
}

// TestRedteamOneCorruptDownloadRejectsAFileForGood — severity MEDIUM (c: a server that once
// returns the wrong content, e.g. another file's, under the right ETag).
//
// Fault: one download of FZL's records file returns other bytes under the file's ETag (a broken
// cache, a server mixing up responses); the next downloads would be right.
//
// Damage: the file is rejected ("signature does not verify … someone else wrote it") and the
// rejection is remembered by ETag; every later sync reports the same rejection without
// downloading again. FZL's hours published in that file never reach the coordinator until FZL
// happens to change something, and the coordinator is told a stranger wrote FZL's file.
//
// Fix: remember a rejection by SHA-256 of the content, not by ETag alone (re-download a rejected
// file whose ETag is unchanged at least now and then), or re-download once before rejecting a
// file for a bad signature.
func TestRedteamOneCorruptDownloadRejectsAFileForGood(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	e := fzl.addEntry(gsWojcik, "2019-12-03", 6*60*60, "published")
	fzl.share()
	name := recordsFile(fzl.store.Installation())
	good := serverFile(t, m, name)
	m.Corrupt(name, serverFile(t, m, recordsFile(coord.store.Installation())))
	coord.share() // the one bad download
	m.Corrupt(name, good)
	coord.share()
	rep := coord.share()
	if !coord.hasEntry(e.ID) {
		t.Errorf("after one bad download FZL's file stays rejected although the server now serves it right:\n%s", refusedText(rep))
	}
}

// TestRedteamOwnerlessFileMakesRecordsTheReceiversOwn — severity MEDIUM (a: an admitted partner).
//
// Attack: FZL publishes a validly signed file with no "installation" member and records with no
// "owner" field. checkDoc accepts a file without installation, and data.Store.Import fills a
// missing owner with doc.Installation or else with the RECEIVING installation's ID; the gate
// checked the records as FZL's (ImportOptions.Owner), but they are stored as the receiver's.
//
// Damage: at the coordinator FZL's entry is stored as the coordinator's own record and the
// coordinator publishes it, signed, in its own file; at KDBM it becomes KDBM's own record, which
// KDBM then publishes in its own signed file: FZL makes others sign records they never wrote,
// and the same ID is owned by a different installation at each place, so any later change of it
// (by FZL, or by the receiver believing it its own) is refused as "another installation's".
//
// Fix: in a share merge the owner of a record without one is ImportOptions.Owner (the file's
// installation), never the receiver; refuse a records file whose "installation" is missing.
func TestRedteamOwnerlessFileMakesRecordsTheReceiversOwn(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	kdbm := partner(t, coord, "KDBM", m)
	for _, p := range []*peer{coord, fzl, kdbm} {
		p.share()
	}
	doc := fzl.doc()
	w, _ := data.FindPerson(doc, gsWojcik)
	o, _ := data.FindOutput(doc, gsOutputO1)
	e := data.Entry{ID: data.NewID(), Person: w.ID, Date: data.NewDate(2019, 12, 3), Output: o.ID, Hours: 2 * 60 * 60, Note: "ownerless"}
	priv, _ := fzl.store.Identity()
	s, _ := LoadSettings(fzl.store, gsProject)
	info, _ := jsonMarshal(shareInfo{Key: publicKey(priv), Seq: 50, Join: s.Join})
	out := &data.Document{Format: data.Format, Entries: []data.Entry{e}, Share: info} // no Installation
	body, err := signDocument(out, priv)
	if err != nil {
		t.Fatal(err)
	}
	putBack(t, m, recordsFile(fzl.store.Installation()), body)

	coord.share()
	kdbm.share()
	kdbm.share() // KDBM publishes, signed, what it now believes is its own record
	for _, p := range []*peer{coord, kdbm} {
		got, _ := p.store.Entries(gsProject, data.EntryFilter{Person: w.ID})
		for _, x := range got {
			if x.ID == e.ID && x.Owner != fzl.store.Installation() {
				t.Errorf("FZL's entry is stored at %s as installation %s's (its own ID), not FZL's", p.name, x.Owner)
			}
		}
	}
	if !bytes.Contains(serverFile(t, m, recordsFile(kdbm.store.Installation())), []byte(e.ID)) {
		return
	}
	t.Errorf("KDBM's own signed records file now carries FZL's entry for FZL's teacher")
}

// TestRedteamCoordinatorMovesAPartnersPersonToItsOwnOrganisation — severity MEDIUM (the
// coordinator, through the ordinary program; or a careless edit).
//
// Attack: people the coordinator typed in for FZL before FZL joined stay the coordinator's records
// for ever (writesFor: "a record the coordinator wrote before the organisation joined stays the
// coordinator's"), including their Partner field. The coordinator moves Małgorzata Wójcik from FZL
// to VHS (its own organisation), a plain local edit that its own gate allows.
//
// Damage: at FZL's installation, the hours FZL recorded for its own teacher now belong to a VHS
// person: they count in VHS's budget and output report, and FZL can no longer record a single hour
// for her ("belongs to VHS"). The coordinator took over another organisation's staff and days.
//
// Fix: when an organisation's installation is admitted, its people typed in by the coordinator
// become that installation's to write (hand them over, as Reown does), or at least never accept a
// change of a person's Partner away from an organisation that has an installation, from anyone but
// that installation.
func TestRedteamCoordinatorMovesAPartnersPersonToItsOwnOrganisation(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	fzl.addEntry(gsWojcik, "2019-12-03", 6*60*60, "FZL's work")
	fzl.share()
	coord.share()

	doc := coord.doc()
	w, _ := data.FindPerson(doc, gsWojcik)
	hofer, _ := data.FindPerson(doc, gsHofer)
	moved := *w
	moved.Partner, moved.Meta = hofer.Partner, data.Meta{}
	if _, err := coord.store.Import(&data.Document{Format: data.Format, People: []data.Person{moved}}, data.ImportOptions{Project: gsProject}); err != nil {
		t.Skipf("the coordinator may not move FZL's person any more: %v", err)
	}
	coord.share()
	fzl.share()
	if p := fzl.doc().PersonByID(w.ID); p.Partner != w.Partner {
		t.Errorf("at FZL's own installation, its teacher %s now belongs to %s", p.Name, fzl.doc().PartnerLabel(p.Partner))
	}
	o, _ := data.FindOutput(fzl.doc(), gsOutputO1)
	if _, _, err := fzl.store.AddEntry(gsProject, data.Entry{Person: w.ID, Date: data.NewDate(2019, 12, 4), Output: o.ID, Hours: 60 * 60}); err != nil {
		t.Errorf("FZL can no longer record hours for its own teacher: %v", err)
	}
}

// TestRedteamJoiningAgainWithTheRightCodeIsIgnored — severity LOW (d: a careless coordinator or
// user: the wrong organisation's code was sent first).
//
// Fault: FZL's computer joins with the invitation meant for KDBM (the coordinator mixed up two
// e-mails); the coordinator notices and sends FZL's own code; FZL joins again with it. Join says
// "you now write for FZL".
//
// Damage: the coordinator already admitted the installation, for KDBM, and ignores the new join
// claim (a member's file is only checked against its key). FZL's installation stays bound to
// KDBM everywhere, FZL's hours for its own staff are refused, and the FZL invitation stays open
// for anyone holding it.
//
// Fix: Join must refuse when this installation is already admitted for another organisation (it
// reads the coordinator's member list), or the coordinator must act on a member's new join
// claim for another organisation (rebind, with a question to the coordinator).
func TestRedteamJoiningAgainWithTheRightCodeIsIgnored(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	p := newPeer(t, "FZL", m)
	if _, err := Join(context.Background(), p.store, m, Settings{URL: "mem://share", Folder: p.dir}, invite(t, coord.store, m, "KDBM")); err != nil {
		t.Fatal(err)
	}
	coord.share() // admits it, for KDBM
	p.share()
	rep, err := Join(context.Background(), p.store, m, Settings{URL: "mem://share", Folder: p.dir}, invite(t, coord.store, m, "FZL"))
	if err != nil {
		return // refusing is a fine answer
	}
	coord.share()
	p.share()
	mem, _ := members(coord.store, gsProject)
	fzlID := coord.doc().PersonByID(coord.personID(gsWojcik)).Partner
	if got := mem[p.store.Installation()].Org; got != fzlID {
		t.Errorf("join said %q, but the coordinator still binds the installation to %s", rep.Org, coord.doc().PartnerLabel(got))
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// TestRedteamNarrowingAnOutputRejectsWholeFiles — severity HIGH (d: an ordinary coordinator edit;
// also a lever for a coordinator against one partner).
//
// Fault: the coordinator moves the start of O1 from 2019-10-01 to 2019-11-01 (the plan changed).
// Its own gate and validation look only at the changed output, so the edit is taken. But every
// records file is validated WHOLE, all or nothing, against the receiver's current records, every
// time it changes: each entry must lie inside its output's period.
//
// Damage: the coordinator's file holds its October entries on O1, so every partner now refuses the
// coordinator's entire file: no new output, member, invitation or entry of the coordinator
// reaches anyone any more. The other way round, FZL's file holds an October entry, so the
// coordinator refuses FZL's entire file: FZL's new December hours never arrive. The share is
// stuck on both sides, and only deleting old entries would unstick it.
//
// Fix: a record already held (or unchanged from the sender) must not make a file fail; validate
// only the records that change, and refuse them one by one (as Refused, like the gate does), never
// the whole file; show entries outside a changed period as warnings on the timesheet.
func TestRedteamNarrowingAnOutputRejectsWholeFiles(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	fzl.addEntry(gsWojcik, "2019-10-15", 2*60*60, "October, by FZL")
	fzl.share()
	coord.share()

	o1, _ := data.FindOutput(coord.doc(), gsOutputO1)
	narrowed := *o1
	narrowed.Start, narrowed.Meta = data.NewDate(2019, 11, 1), data.Meta{}
	if _, err := coord.store.Import(&data.Document{Format: data.Format, Outputs: []data.Output{narrowed}}, data.ImportOptions{Project: gsProject}); err != nil {
		t.Skipf("the coordinator may not narrow O1 while entries lie outside: %v", err)
	}
	coord.share()
	rep := fzl.share()
	if got, _ := data.FindOutput(fzl.doc(), gsOutputO1); got.Start != narrowed.Start {
		t.Errorf("FZL refuses the coordinator's whole file after O1 was narrowed (O1 starts %s at FZL):\n%s", got.Start, refusedText(rep))
	}
	e := fzl.addEntry(gsWojcik, "2019-12-05", 3*60*60, "December, by FZL")
	fzl.share()
	rep = coord.share()
	if !coord.hasEntry(e.ID) {
		t.Errorf("the coordinator refuses FZL's whole file, so FZL's new December hours never arrive:\n%s", refusedText(rep))
	}
}

// TestRedteamResetIdentityTakesTheOriginalsUnpublishedRecords — severity MEDIUM (d: a copied
// database, handled as the program says).
//
// Fault: FZL's staff types an entry on the desktop, and before the desktop syncs the database is
// copied to a laptop. The laptop runs share reset-identity and joins with a new invitation, as
// told. takeOverCopy gives the new identity every record of the old one that the original's file
// on the share does not hold, which includes the entry typed on the desktop BEFORE the copy.
//
// Damage: the same entry ID is now owned by two installations. The coordinator merges the
// laptop's copy first, so the desktop's own entry is "another installation's" there: when the
// desktop corrects or deletes it, the change is refused, and the deleted hours stay in the
// coordinator's timesheets and budget.
//
// Fix: hand over only records the copy made after it was copied (e.g. remember, per installation,
// the IDs it held at its last publish and the time of the copy, or give the copy's ambiguous
// records new IDs as drafts for the user to confirm), never records both databases already held.
func TestRedteamResetIdentityTakesTheOriginalsUnpublishedRecords(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	e := fzl.addEntry(gsWojcik, "2019-12-03", 4*60*60, "typed on the desktop before the copy")

	laptop := fzl.copyDatabase(t, "FZL-laptop")
	// The desktop publishes; the laptop then finds a copy publishing as itself, and is reset.
	fzl.share()
	if _, err := laptop.trySync(); !errors.As(err, new(*ForkError)) {
		t.Fatalf("the laptop's sync after the desktop published: %v", err)
	}
	if _, err := ResetIdentity(laptop.store); err != nil {
		t.Fatal(err)
	}
	if _, err := Join(context.Background(), laptop.store, m, Settings{URL: "mem://share", Folder: laptop.dir}, invite(t, coord.store, m, "FZL")); err != nil {
		t.Fatal(err)
	}
	coord.share() // admits the laptop, merges its file
	fzl.share()   // the desktop publishes its entry
	coord.share()
	if _, err := fzl.store.DeleteEntry(gsProject, e.ID); err != nil {
		t.Fatal(err)
	}
	fzl.share()
	rep := coord.share()
	if coord.hasEntry(e.ID) {
		t.Errorf("the desktop deleted its own entry, but the coordinator keeps it: the laptop took it over:\n%s", refusedText(rep))
	}
}

// byteCounting counts the bytes downloaded per file.
type byteCounting struct {
	Remote
	got map[string]int
}

func (c *byteCounting) Get(ctx context.Context, n string) (io.ReadCloser, Entry, error) {
	body, e, err := c.Remote.Get(ctx, n)
	if err == nil {
		raw, _ := io.ReadAll(body)
		body.Close()
		c.got[n] += len(raw)
		body = io.NopCloser(bytes.NewReader(raw))
	}
	return body, e, err
}

// TestRedteamStrangersHugeFileIsDownloadedByEveryone — severity LOW (b: only the password).
//
// Attack: someone with the password but no invitation puts a large junk file at
// records/<any UUID>.json and rewrites it now and then (here 8 MB; recordsLimit allows 512 MB).
//
// Damage: every partner downloads the whole file into memory at every change before it finds
// that the installation is not admitted at all, and then drops it. With 512 MB files a laptop's
// sync takes minutes on a slow line and can run out of memory; the coordinator needs the file to
// admit a newcomer, but a partner never does.
//
// Fix: a partner does not download files of installations the coordinator has not admitted (it
// looks again once they are); the coordinator reads a not-yet-admitted file only up to a small
// limit (a newcomer's first file is a few KB: its join claim and records).
func TestRedteamStrangersHugeFileIsDownloadedByEveryone(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	c := &byteCounting{Remote: m, got: map[string]int{}}
	fzl.remote = c
	junk := recordsFile("0192ffff-0000-7000-8000-0000000000cc")
	for i := 0; i < 3; i++ {
		putBack(t, m, junk, bytes.Repeat([]byte{'a' + byte(i)}, 8<<20))
		fzl.share()
	}
	if n := c.got[junk]; n > 1<<20 {
		t.Errorf("FZL downloaded %d MB of a file no admitted installation wrote", n>>20)
	}
}

// TestRedteamRefusalByTheReceiversClockIsNeverLookedAtAgain — severity LOW (d: a coordinator
// computer whose clock is two days behind, then corrected).
//
// Fault: FZL's manager approves a month; the coordinator's clock is two days late, so the approval
// is "dated … in the future" there and refused. The coordinator's clock is then put right.
//
// Damage: the refusal is remembered with the file (seen by ETag and SHA-256) and never looked at
// again while FZL's file is unchanged: the month stays draft at the coordinator, with a refusal
// that is no longer true, until FZL happens to publish something else.
//
// Fix: re-examine a file whose records were refused for reasons that depend on the receiver (its
// clock, an unknown person, who is admitted) at every sync, or when that state changes; keep the
// ETag short-cut only for files merged whole.
func TestRedteamRefusalByTheReceiversClockIsNeverLookedAtAgain(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	late := time.Now().Add(-48 * time.Hour)
	clock := func() time.Time { return late }
	path := coord.store.Path()
	coord.store.Close()
	s, err := data.Open(path, data.Options{Now: func() time.Time { return clock() }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	coord.store = s
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	boss := data.Person{ID: data.NewID(), Partner: orgPerson(t, fzl).Partner, Name: "FZL boss", Category: data.CatManager}
	if _, err := fzl.store.Import(&data.Document{Format: data.Format, People: []data.Person{boss}}, data.ImportOptions{Project: gsProject}); err != nil {
		t.Fatal(err)
	}
	fzl.addEntry(gsWojcik, "2019-12-03", 6*60*60, "")
	w := fzl.personID(gsWojcik)
	dec, _ := data.ParseMonth("2019-12")
	fzl.store.Transition(gsProject, w, dec, data.StateSubmitted, w, "")
	if _, err := fzl.store.Transition(gsProject, w, dec, data.StateApproved, boss.ID, ""); err != nil {
		t.Fatal(err)
	}
	fzl.share()
	rep := coord.share()
	if !strings.Contains(refusedText(rep), "in the future") {
		t.Skipf("the approval was not refused for the late clock: %s", refusedText(rep))
	}
	clock = time.Now // the clock is put right
	coord.share()
	sh, err := coord.store.MonthSheet(gsProject, w, dec)
	if err != nil {
		t.Fatal(err)
	}
	if sh.State != data.StateApproved {
		t.Errorf("after the coordinator's clock was corrected, FZL's approval is still refused: the month is %s", sh.State)
	}
}
