package davsync

// Attacks of the red team that the trust design stopped; kept as regression tests (they pass).

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"partnerdesk/data"
)

// A partner's file that lists members and invitations, and a stranger that copies a partner's
// join claim, admit nobody; a coordinator file with bytes appended after its signature is refused.
func TestHeldMembersOnlyFromTheCoordinator(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	kdbm := partner(t, coord, "KDBM", m)
	for _, p := range []*peer{coord, fzl, kdbm} {
		p.share()
	}
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	strangerInst := "0192ffff-0000-7000-8000-0000000000bb"
	zb := ""
	for _, x := range coord.doc().Partners {
		if x.ShortName == "ZB" {
			zb = x.ID
		}
	}
	// FZL names the stranger a member, with an invitation.
	priv, _ := fzl.store.Identity()
	s, _ := LoadSettings(fzl.store, gsProject)
	publishAs(t, m, fzl.store.Installation(), priv, shareInfo{Seq: 7, Join: s.Join,
		Members: []Member{{Installation: strangerInst, Org: zb, Key: publicKey(stranger), Admitted: time.Now()}}}, &data.Document{})
	// The stranger copies FZL's join claim.
	ap := orgPerson(t, fzl)
	publishAs(t, m, strangerInst, stranger, shareInfo{Seq: 1, Join: s.Join}, &data.Document{People: []data.Person{{ID: data.NewID(), Partner: ap.Partner, Name: "Eve"}}})
	crep := coord.share()
	krep := kdbm.share()
	for _, rep := range []*Report{crep, krep} {
		if !strings.Contains(refusedText(rep), strangerInst) || len(rep.Records.Admitted) != 0 {
			t.Errorf("the stranger got in: %s", refusedText(rep))
		}
	}
	// Bytes appended after the coordinator's signature.
	name := recordsFile(coord.store.Installation())
	raw := serverFile(t, m, name)
	ext := append(bytes.TrimRight(raw, "\n}"), []byte(`,"share":{"members":[]}}`)...)
	putBack(t, m, name, ext)
	rep := kdbm.share()
	if !strings.Contains(refusedText(rep), "is not signed") {
		t.Errorf("an extended coordinator file: %s", refusedText(rep))
	}
	// A second object after the signed one.
	putBack(t, m, name, append(raw, []byte(`{"share":{}}`)...))
	if rep := kdbm.share(); !strings.Contains(refusedText(rep), "is not signed") {
		t.Errorf("a coordinator file with a second object: %s", refusedText(rep))
	}
}

// A man in the middle who replaces the coordinator's file (own key, the coordinator's invitation
// proofs copied) before a partner joins: the join is refused.
func TestHeldJoinAgainstAReplacedCoordinatorFile(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	code := invite(t, coord.store, m, "FZL")
	name := recordsFile(coord.store.Installation())
	body, _, _ := signedPart(serverFile(t, m, name))
	doc, info, err := decodeShared(body, name)
	if err != nil {
		t.Fatal(err)
	}
	_, mitm, _ := ed25519.GenerateKey(rand.Reader)
	doc.Share = nil
	publishAs(t, m, coord.store.Installation(), mitm, shareInfo{Seq: info.Seq + 1, Invites: info.Invites}, doc)
	p := newPeer(t, "FZL", m)
	if _, err := Join(context.Background(), p.store, m, Settings{URL: "mem://share", Folder: p.dir}, code); err == nil ||
		!strings.Contains(err.Error(), "does not prove the coordinator's file") {
		t.Errorf("join against a replaced coordinator file: %v", err)
	}
}

// A lost answer to the PUT of a records file is not taken for a copied database.
func TestHeldLostPutAnswerIsNoFork(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	drop := true
	fzl.remote = &Faulty{Remote: m, Decide: func(op, name string) Fault {
		if drop && op == "put" && strings.HasPrefix(name, recordsDir+"/") {
			drop = false
			return FaultDrop
		}
		return FaultNone
	}}
	e := fzl.addEntry(gsWojcik, "2019-12-03", 60*60, "")
	if _, err := fzl.trySync(); err == nil {
		t.Fatal("the dropped answer was not noticed")
	}
	e2 := fzl.addEntry(gsWojcik, "2019-12-04", 60*60, "")
	if _, err := fzl.trySync(); err != nil {
		t.Fatalf("after a lost answer: %v", err)
	}
	coord.share()
	if !coord.hasEntry(e.ID) || !coord.hasEntry(e2.ID) {
		t.Error("entries lost after a lost answer")
	}
}

// An admitted partner moves its own person to another organisation, writes for an organisation
// without an installation, bumps the revision of another's record hugely, or tombstones and
// recreates another's ID: each is refused.
func TestHeldPartnerRightsOverOthers(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	doc := coord.doc()
	var zb, vhs string
	for _, x := range doc.Partners {
		switch x.ShortName {
		case "ZB":
			zb = x.ID
		case "VHS":
			vhs = x.ID
		}
	}
	me := fzl.store.Installation()
	mine := data.Person{ID: data.NewID(), Partner: orgPerson(t, fzl).Partner, Name: "Own colleague", Category: data.CatTeacher}
	if _, err := fzl.store.Import(&data.Document{Format: data.Format, People: []data.Person{mine}}, data.ImportOptions{Project: gsProject}); err != nil {
		t.Fatal(err)
	}
	fzl.share()
	coord.share()
	stored := *fzl.doc().PersonByID(mine.ID)
	moved := stored
	moved.Partner, moved.Rev = vhs, stored.Rev+1
	petrov, _ := data.FindPerson(doc, "Стоян Петров")
	lukasEntries, _ := coord.store.Entries(gsProject, data.EntryFilter{Person: coord.personID(gsHofer)})
	huge := lukasEntries[0]
	huge.Hours, huge.Rev, huge.Owner = 1, 1<<62, me
	tomb := lukasEntries[1]
	tomb.Deleted, tomb.Rev, tomb.Owner = true, tomb.Rev+1, me
	o, _ := data.FindOutput(doc, gsOutputO1)
	fzl.forge(t, &data.Document{
		People:  []data.Person{moved, {ID: data.NewID(), Partner: zb, Name: "ZB ghost", Category: data.CatManager, Meta: data.Meta{Owner: me}}},
		Entries: []data.Entry{huge, tomb, {ID: data.NewID(), Person: petrov.ID, Date: data.NewDate(2019, 12, 2), Output: o.ID, Hours: 8 * 60 * 60, Meta: data.Meta{Owner: me}}},
	})
	before := total(t, coord)
	rep := coord.share()
	if got := coord.doc().PersonByID(mine.ID); got.Partner == vhs {
		t.Error("FZL moved its person to VHS")
	}
	if coord.doc().PersonByID(petrov.ID) == nil || total(t, coord) != before {
		t.Errorf("budget moved %.2f → %.2f:\n%s", before, total(t, coord), refusedText(rep))
	}
	for _, want := range []string{"person Own colleague: belongs to VHS", "person ZB ghost: belongs to", "belongs to another installation"} {
		if !strings.Contains(refusedText(rep), want) {
			t.Errorf("refusals lack %q:\n%s", want, refusedText(rep))
		}
	}
}

// An entry a partner slips (bypassing its own lock) into a month its manager approved shows at
// the coordinator as a change after approval; an approval of its own person by that person is
// refused.
func TestHeldEntryIntoAnApprovedMonthIsVisible(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl := partner(t, coord, "FZL", m)
	coord.share()
	fzl.share()
	boss := data.Person{ID: data.NewID(), Partner: orgPerson(t, fzl).Partner, Name: "FZL boss", Category: data.CatManager}
	if _, err := fzl.store.Import(&data.Document{Format: data.Format, People: []data.Person{boss}}, data.ImportOptions{Project: gsProject}); err != nil {
		t.Fatal(err)
	}
	e := fzl.addEntry(gsWojcik, "2019-12-03", 6*60*60, "")
	w := fzl.personID(gsWojcik)
	dec, _ := data.ParseMonth("2019-12")
	if _, err := fzl.store.Transition(gsProject, w, dec, data.StateSubmitted, w, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := fzl.store.Transition(gsProject, w, dec, data.StateApproved, boss.ID, ""); err != nil {
		t.Fatal(err)
	}
	fzl.share()
	coord.share()
	all, _ := fzl.store.Load(gsProject, data.LoadOptions{Entries: true, Owner: fzl.store.Installation()})
	self := data.Approval{ID: data.NewID(), Person: boss.ID, Month: "2019-12", State: data.StateApproved, By: boss.ID, At: time.Now().UTC(), Meta: data.Meta{Owner: fzl.store.Installation()}}
	for i := range all.Entries {
		if all.Entries[i].ID == e.ID {
			all.Entries[i].Hours, all.Entries[i].Rev = 12*60, all.Entries[i].Rev+1
		}
	}
	all.Approvals = append(all.Approvals, self)
	all.Project = nil
	fzl.forge(t, all)
	rep := coord.share()
	sh, err := coord.store.MonthSheet(gsProject, w, dec)
	if err != nil {
		t.Fatal(err)
	}
	if sh.State != data.StateApproved || !sh.ChangedAfterApproval {
		t.Errorf("state %s, changed after approval %v", sh.State, sh.ChangedAfterApproval)
	}
	if !strings.Contains(refusedText(rep), "FZL boss cannot approve their own timesheet") {
		t.Errorf("self-approval: %s", refusedText(rep))
	}
}
