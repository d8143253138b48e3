package davsync

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"partnerdesk/data"
)

// recordsDir is the share's folder of records files, one per installation.
const recordsDir = "records"

// recordsLimit bounds a records file read into memory (a project of 100,000 entries takes about 30 MB).
const recordsLimit = 512 << 20

// newcomerLimit bounds the file of an installation not admitted yet: its first file is small.
const newcomerLimit = 16 << 20

var recordsName = regexp.MustCompile(`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$`)

// recordsFile is an installation's records file in the share.
func recordsFile(installation string) string { return recordsDir + "/" + installation + ".json" }

// Records publishes this installation's signed records file and merges every other installation's.
// Each installation writes only its own file, so records never conflict; a file is merged only
// when it verifies under its installation's admitted key, and each record only when its
// installation may write it (DOMAIN.md "Who may do what").
type Records struct {
	Remote  Remote
	Store   *data.Store
	Project string
	// Coordinator is the coordinator's installation: its file (the project, partners, outputs,
	// events, the admitted installations) is merged first so the others are checked against it.
	Coordinator string
	// Settings are the share's settings here (the pinned coordinator key, a partner's join claim).
	Settings *Settings
}

// RecordsReport says what a records sync did.
type RecordsReport struct {
	Published string   // the file published, "" when this installation's records had not changed
	Merged    []Merged // files that changed the store
	Rejected  []Rejection
	Admitted  []Member // installations admitted in this run (coordinator)
	Warnings  []string
	Failed    []error // files that could not be read this time (the network, the server)
}

// Merged is a records file merged into the store.
type Merged struct {
	File   string
	Result data.ImportResult
}

// Rejection is a records file, or one record of it, that was not merged, and why.
type Rejection struct {
	File, Reason string
}

// Error names the file and why it was not merged.
func (r Rejection) Error() string { return r.File + ": rejected: " + r.Reason }

// seenFile is what the share space remembers of another installation's file.
type seenFile struct {
	ETag     string   `json:"etag,omitempty"`
	SHA256   string   `json:"sha256"`
	Rejected string   `json:"rejected,omitempty"`
	Refused  []string `json:"refused,omitempty"` // records of it that were not merged
	Pending  bool     `json:"pending,omitempty"` // not admitted yet: looked at again next time
	Recheck  bool     `json:"recheck,omitempty"` // refusals that depend on this computer: looked at again next time
	Seq      int64    `json:"seq,omitempty"`     // the highest publish counter merged: an older copy is a rollback
}

// published is what the share space remembers of this installation's own file.
type published struct {
	SHA256  string `json:"sha256"`
	ETag    string `json:"etag,omitempty"`
	Size    int64  `json:"size"`
	Seq     int64  `json:"seq"`
	Attempt string `json:"attempt,omitempty"` // SHA-256 of a PUT whose answer may have been lost
	// Attempts are the last uploads whose answers may have been lost, Sent the highest counter
	// ever sent: a file of ours on the server is never taken for a copy's.
	Attempts []string `json:"attempts,omitempty"`
	Sent     int64    `json:"sent,omitempty"`
	// Unsigned is the SHA-256 of what the file holds, without counter and signature: unchanged records publish nothing.
	Unsigned string `json:"unsigned,omitempty"`
}

func getJSON(st State, project, key string, v any) (bool, error) {
	raw, err := st.SyncGet(project, spaceShare, key)
	if err != nil || raw == nil {
		return false, err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("share state %s is damaged: %v", key, err)
	}
	return true, nil
}

func putJSON(st State, project, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return st.SyncPut(project, spaceShare, data.SyncEntry{Key: key, Value: raw})
}

func (rs *Records) coordinating() bool { return rs.Store.Installation() == rs.Coordinator }

// Sync merges the other installations' files, then publishes this one's if its records changed
// (or the server's copy is not the one published). listing is the records folder's listing, nil to list it here.
func (rs *Records) Sync(ctx context.Context, listing []Entry) (*RecordsReport, error) {
	rep := &RecordsReport{}
	if listing == nil {
		var err error
		if listing, err = rs.Remote.List(ctx, recordsDir); err != nil {
			return rep, err
		}
	}
	own := rs.Store.Installation()
	var ownEntry *Entry
	var others []Entry
	for _, e := range listing {
		m := recordsName.FindStringSubmatch(e.Name)
		switch {
		case ignored(e.Name, false):
		case m != nil && m[1] == own: // a folder under this name too: publish removes it
			e := e
			ownEntry = &e
		case m == nil || e.IsDir:
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: not a records file (records/<installation>.json); left alone", joinName(recordsDir, e.Name)))
		default:
			others = append(others, e)
		}
	}
	// The coordinator's file first (it says who is admitted), then the others by name.
	sort.Slice(others, func(i, j int) bool {
		ci, cj := strings.HasPrefix(others[i].Name, rs.Coordinator), strings.HasPrefix(others[j].Name, rs.Coordinator)
		if ci != cj {
			return ci
		}
		return others[i].Name < others[j].Name
	})
	if rs.fromPast() {
		// This database is older than its own file on the server (restored, or the original after a
		// copy): take its own later records and admissions back before judging the others' files.
		if err := rs.publish(ctx, ownEntry, rep); err != nil {
			return rep, err
		}
		ownEntry = nil
		if st, err := rs.Remote.Stat(ctx, recordsFile(own)); err == nil {
			ownEntry = &st
		}
	}
	if err := rs.mergeAll(ctx, others, rep); err != nil {
		return rep, err
	}
	if err := rs.publish(ctx, ownEntry, rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// pendingDoc is a verified file waiting to be merged.
type pendingDoc struct {
	file, inst string
	entry      Entry
	sha        string
	doc        *data.Document
	seq        int64
	exclude    map[string]string // records refused before the merge: IDs another file claims too
}

func (rs *Records) mergeAll(ctx context.Context, others []Entry, rep *RecordsReport) error {
	mem, err := members(rs.Store, rs.Project)
	if err != nil {
		return err
	}
	var todo []*pendingDoc
	for _, e := range others {
		inst := strings.TrimSuffix(e.Name, ".json")
		file := recordsFile(inst)
		var seen seenFile
		if _, err := getJSON(rs.Store, rs.Project, "seen/"+inst, &seen); err != nil {
			return err
		}
		_, admitted := mem[inst]
		if !rs.coordinating() && inst != rs.Coordinator && !admitted {
			// Not admitted: not even downloaded (anyone with the password can put a file here).
			rep.Rejected = append(rep.Rejected, Rejection{file, fmt.Sprintf("installation %s is not admitted by the coordinator (yet): not read", inst)})
			seen.Pending = true
			if err := putJSON(rs.Store, rs.Project, "seen/"+inst, seen); err != nil {
				return err
			}
			continue
		}
		recheck := (seen.Pending && (admitted || rs.coordinating())) || seen.Recheck
		if e.ETag != "" && e.ETag == seen.ETag && !recheck {
			seen.report(rep, file)
			continue
		}
		limit := int64(recordsLimit)
		if !admitted && inst != rs.Coordinator {
			limit = newcomerLimit
		}
		raw, got, err := readAll(ctx, rs.Remote, file, limit)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, ErrUnauthorized) {
				return err
			}
			rep.Failed = append(rep.Failed, err)
			continue
		}
		if got.ETag == "" {
			got.ETag = e.ETag
		}
		if sha256hex(raw) == seen.SHA256 && !recheck {
			seen.report(rep, file)
			seen.ETag = got.ETag
			if err := putJSON(rs.Store, rs.Project, "seen/"+inst, seen); err != nil {
				return err
			}
			continue
		}
		doc, info, pending, err := rs.verify(raw, inst, file, mem, rep)
		if err != nil && !pending {
			// One download that came back wrong is no verdict on the file: read it once more.
			if again, g2, rerr := readAll(ctx, rs.Remote, file, limit); rerr == nil && !bytes.Equal(again, raw) {
				raw, got = again, g2
				if got.ETag == "" {
					got.ETag = e.ETag
				}
				doc, info, pending, err = rs.verify(raw, inst, file, mem, rep)
			}
		}
		sha := sha256hex(raw)
		if err == nil {
			err = rs.checkDoc(doc, inst, file)
		}
		if err == nil && info.Seq < seen.Seq {
			err = fmt.Errorf("is an older copy (publish counter %d) than the one already merged (%d): left out; it is replaced when its installation publishes again", info.Seq, seen.Seq)
		}
		if err != nil {
			if err := rs.reject(rep, inst, file, got.ETag, sha, err, pending, seen.Seq); err != nil {
				return err
			}
			if doc == nil && !pending {
				// Refused for what came down (a signature, a damaged file): the server may have sent
				// the wrong bytes, so the file is read again next time even under the same ETag.
				seen, _ := rs.seen(inst)
				seen.Recheck = true
				if err := putJSON(rs.Store, rs.Project, "seen/"+inst, seen); err != nil {
					return err
				}
			}
			continue
		}
		if inst == rs.Coordinator && !rs.coordinating() {
			// The coordinator's verified file says who is admitted: the others are checked against it.
			if mem, err = rs.takeMembers(doc); err != nil {
				return err
			}
		}
		todo = append(todo, &pendingDoc{file: file, inst: inst, entry: got, sha: sha, doc: doc, seq: info.Seq})
	}
	if err := rs.excludeClaimedTwice(todo, rep); err != nil {
		return err
	}
	// A file may refer to records another file brings (a partner's new colleague): merge in passes
	// until no file gets in any more; what still fails is rejected.
	for len(todo) > 0 {
		var again []*pendingDoc
		var lastErr []error
		for _, p := range todo {
			res, err := rs.Store.Import(p.doc, data.ImportOptions{Source: p.file, Project: rs.Project, Owner: p.inst, Action: "merge", Exclude: p.exclude})
			if err != nil {
				again = append(again, p)
				lastErr = append(lastErr, err)
				continue
			}
			if res.Changed() {
				rep.Merged = append(rep.Merged, Merged{File: p.file, Result: res})
			}
			seen := seenFile{ETag: p.entry.ETag, SHA256: p.sha, Seq: p.seq}
			for _, r := range res.Refused {
				seen.Refused = append(seen.Refused, r.String())
				seen.Recheck = seen.Recheck || r.Transient
			}
			seen.report(rep, p.file)
			if err := putJSON(rs.Store, rs.Project, "seen/"+p.inst, seen); err != nil {
				return err
			}
		}
		if len(again) == len(todo) {
			for i, p := range again {
				if err := rs.reject(rep, p.inst, p.file, p.entry.ETag, p.sha, lastErr[i], false, 0); err != nil {
					return err
				}
			}
			break
		}
		todo = again
	}
	return nil
}

func (rs *Records) seen(inst string) (seenFile, error) {
	var seen seenFile
	_, err := getJSON(rs.Store, rs.Project, "seen/"+inst, &seen)
	return seen, err
}

// report adds what was refused of a file, as remembered, to a report.
func (seen seenFile) report(rep *RecordsReport, file string) {
	if seen.Rejected != "" {
		rep.Rejected = append(rep.Rejected, Rejection{file, seen.Rejected})
	}
	for _, r := range seen.Refused {
		rep.Rejected = append(rep.Rejected, Rejection{file, r})
	}
}

// verify checks a file's signature under its installation's admitted key; the coordinator admits a
// newcomer whose file proves an open invitation. pending is set when the file may be admitted later.
func (rs *Records) verify(raw []byte, inst, file string, mem map[string]Member, rep *RecordsReport) (*data.Document, *shareInfo, bool, error) {
	doc, info, pending, err := rs.verifySigned(raw, inst, file, mem, rep)
	if err == nil && info.Project != rs.Project {
		err = fmt.Errorf("was signed for another share's project (%s), not this one", info.Project)
	}
	return doc, info, pending, err
}

func (rs *Records) verifySigned(raw []byte, inst, file string, mem map[string]Member, rep *RecordsReport) (*data.Document, *shareInfo, bool, error) {
	if inst == rs.Coordinator {
		key := ""
		if rs.Settings != nil {
			key = rs.Settings.CoordinatorKey
		}
		doc, info, err := verifyFile(raw, key, file)
		return doc, info, false, err
	}
	if m, ok := mem[inst]; ok && m.Key != "" {
		doc, info, err := verifyFile(raw, m.Key, file)
		if err == nil && info.Key != m.Key {
			err = errors.New("names a key other than the one admitted for its installation")
		}
		if err == nil && info.Join != nil && rs.coordinating() {
			rs.rejoined(inst, m, info) // a member that joined again: its new invitation is used up
		}
		return doc, info, false, err
	}
	if !rs.coordinating() {
		return nil, nil, true, data.Problemf("installation %s is not admitted by the coordinator (yet): nothing of it was merged", inst)
	}
	doc, info, err := selfSigned(raw, file)
	if err != nil {
		return nil, nil, false, fmt.Errorf("installation %s is not admitted, and its file %v", inst, err)
	}
	if info.Project != rs.Project {
		return nil, nil, false, fmt.Errorf("installation %s is not admitted: its file was signed for another share's project", inst)
	}
	m, err := rs.admit(inst, info)
	if err != nil {
		return nil, nil, false, err
	}
	mem[inst] = *m
	rep.Admitted = append(rep.Admitted, *m)
	return doc, info, false, nil
}

// admit binds a newcomer to the organisation of the one-time invitation its file proves.
func (rs *Records) admit(inst string, info *shareInfo) (*Member, error) {
	if info.Join == nil {
		return nil, data.Problemf("installation %s is not admitted: its file carries no invitation (a partner joins with the code from partnerdesk share invite)", inst)
	}
	if revoked, err := getJSON(rs.Store, rs.Project, "revoked/"+inst, new(bool)); err != nil {
		return nil, err
	} else if revoked {
		return nil, data.Problemf("installation %s is not admitted: the coordinator withdrew it from the share", inst)
	}
	var inv Invite
	ok, err := getJSON(rs.Store, rs.Project, "invite/"+info.Join.Invite, &inv)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, data.Problemf("installation %s is not admitted: it names invitation %s, which this coordinator never made", inst, info.Join.Invite)
	}
	if inv.UsedBy != "" && inv.UsedBy != inst {
		return nil, data.Problemf("installation %s is not admitted: invitation %s was already used by installation %s (an invitation admits one installation)", inst, inv.ID, inv.UsedBy)
	}
	secret, _ := hex.DecodeString(inv.Secret)
	if !hmac.Equal([]byte(partnerProof(secret, rs.Project, inst, info.Key)), []byte(info.Join.Proof)) {
		return nil, data.Problemf("installation %s is not admitted: its proof of invitation %s is wrong (it does not hold the code)", inst, inv.ID)
	}
	now := rs.Store.Now().UTC() // not truncated: records the coordinator wrote this second stay its own
	inv.UsedBy, inv.Used = inst, now
	if err := putJSON(rs.Store, rs.Project, "invite/"+inv.ID, inv); err != nil {
		return nil, err
	}
	mem, err := members(rs.Store, rs.Project)
	if err != nil {
		return nil, err
	}
	m := Member{Installation: inst, Org: inv.Partner, Key: info.Key, Admitted: now}
	mem[inst] = m
	if err := saveMembers(rs.Store, rs.Project, rs.Coordinator, mem); err != nil {
		return nil, err
	}
	return &m, nil
}

// rejoined marks the invitation an admitted installation joined again with as used, when its
// proof holds and it is for the organisation the installation already writes for.
func (rs *Records) rejoined(inst string, m Member, info *shareInfo) {
	var inv Invite
	if ok, err := getJSON(rs.Store, rs.Project, "invite/"+info.Join.Invite, &inv); err != nil || !ok || inv.UsedBy != "" || inv.Partner != m.Org {
		return
	}
	secret, _ := hex.DecodeString(inv.Secret)
	if !hmac.Equal([]byte(partnerProof(secret, rs.Project, inst, info.Key)), []byte(info.Join.Proof)) {
		return
	}
	inv.UsedBy, inv.Used = inst, rs.Store.Now().UTC()
	if putJSON(rs.Store, rs.Project, "invite/"+inv.ID, inv) == nil {
		if mem, err := members(rs.Store, rs.Project); err == nil {
			_ = saveMembers(rs.Store, rs.Project, rs.Coordinator, mem)
		}
	}
}

// takeMembers keeps the admitted installations the coordinator's verified file lists.
func (rs *Records) takeMembers(doc *data.Document) (map[string]Member, error) {
	var info shareInfo
	if err := json.Unmarshal(doc.Share, &info); err != nil {
		return nil, err
	}
	mem := map[string]Member{}
	for _, m := range info.Members {
		mem[m.Installation] = m
	}
	own := rs.Store.Installation()
	if _, ok := mem[own]; !ok && rs.Settings != nil && rs.Settings.OrgID != "" {
		// Joined but not admitted yet: this installation still writes for the organisation it joined for.
		mem[own] = Member{Installation: own, Org: rs.Settings.OrgID}
	}
	return mem, saveMembers(rs.Store, rs.Project, rs.Coordinator, mem)
}

// checkDoc refuses a records file that says it is another installation's or another project's.
func (rs *Records) checkDoc(doc *data.Document, inst, file string) error {
	if doc.Installation == "" {
		return fmt.Errorf("%s: names no installation: a records file says whose it is", file)
	}
	if doc.Installation != inst {
		return data.Problemf("%s: says it was written by installation %s, not %s", file, doc.Installation, inst)
	}
	if doc.Project != nil && doc.Project.ID != rs.Project {
		return data.Problemf("%s: holds project %s (%s), not this share's project", file, doc.Project.Acronym, doc.Project.ID)
	}
	return nil
}

// reject reports a file that was not merged and remembers it, so it is not fetched again unchanged.
func (rs *Records) reject(rep *RecordsReport, inst, file, etag, sha string, err error, pending bool, seq int64) error {
	reason := strings.TrimPrefix(err.Error(), file+": ")
	rep.Rejected = append(rep.Rejected, Rejection{file, reason})
	if seq == 0 {
		var seen seenFile
		if _, err := getJSON(rs.Store, rs.Project, "seen/"+inst, &seen); err != nil {
			return err
		}
		seq = seen.Seq
	}
	// A file refused for what it merged with (a person another file brings) is looked at again.
	return putJSON(rs.Store, rs.Project, "seen/"+inst, seenFile{ETag: etag, SHA256: sha, Rejected: reason, Pending: pending, Seq: seq, Recheck: !pending && seq > 0 && isMergeError(err)})
}

// isMergeError is a file refused at the merge (it names a record), not for what it is.
func isMergeError(err error) bool {
	var in *data.InputError
	return errors.As(err, &in)
}

// boundToOne says whether the ID was made by one of the files' installations (data.BoundID).
func boundToOne(id string, ps []*pendingDoc) bool {
	for _, p := range ps {
		if data.IDBoundTo(id, p.inst) {
			return true
		}
	}
	return false
}

// excludeClaimedTwice refuses, in every file of the run, a new record ID that two files claim:
// one installation could otherwise republish another's new records as its own and, merged first,
// own them everywhere. Neither gets in; both are named, and the owner's comes in once alone.
func (rs *Records) excludeClaimedTwice(todo []*pendingDoc, rep *RecordsReport) error {
	claims := map[string][]*pendingDoc{}
	for _, p := range todo {
		for _, id := range documentIDs(p.doc) {
			claims[id] = append(claims[id], p)
		}
	}
	var twice []string
	for id, ps := range claims {
		if len(ps) > 1 {
			twice = append(twice, id)
		}
	}
	if len(twice) == 0 {
		return nil
	}
	stored, err := rs.Store.StoredIDs(rs.Project, twice)
	if err != nil {
		return err
	}
	sort.Strings(twice)
	for _, id := range twice {
		if stored[id] || boundToOne(id, claims[id]) {
			continue // its owner is known here, or its ID says whose it is: the gate refuses the other claim
		}
		var names []string
		for _, p := range claims[id] {
			names = append(names, p.file)
		}
		why := fmt.Sprintf("record %s is new here and claimed by %s: refused from both until one alone publishes it", id, strings.Join(names, " and "))
		for _, p := range claims[id] {
			if p.exclude == nil {
				p.exclude = map[string]string{}
			}
			p.exclude[id] = why
		}
	}
	return nil
}

// ownRecords is this installation's records file before it is numbered and signed: the
// document's JSON without its share part, and that share part.
type ownRecords struct {
	core []byte // the encoded document without "share", ending in }
	info shareInfo
	priv ed25519.PrivateKey
}

// ownDocument encodes this installation's records of the project once; unsigned and file derive from it.
func (rs *Records) ownDocument() (*ownRecords, error) {
	own := rs.Store.Installation()
	doc, err := rs.Store.Load(rs.Project, data.LoadOptions{Entries: true, Deleted: true, Owner: own})
	if err != nil {
		return nil, err
	}
	priv, err := rs.Store.Identity()
	if err != nil {
		return nil, err
	}
	info := shareInfo{Project: rs.Project, Key: publicKey(priv)}
	if rs.coordinating() {
		mem, err := members(rs.Store, rs.Project)
		if err != nil {
			return nil, err
		}
		info.Members = sortedMembers(mem)
		invs, err := invites(rs.Store, rs.Project)
		if err != nil {
			return nil, err
		}
		for _, inv := range invs {
			if inv.UsedBy == "" {
				secret, _ := hex.DecodeString(inv.Secret)
				info.Invites = append(info.Invites, inviteProof{ID: inv.ID, Partner: inv.Partner, Proof: coordinatorProof(secret, rs.Project, info.Key)})
			}
		}
	} else if rs.Settings != nil {
		info.Join = rs.Settings.Join
	}
	doc.Installation, doc.Share = own, nil
	var buf bytes.Buffer
	if err := doc.Encode(&buf); err != nil {
		return nil, err
	}
	return &ownRecords{core: bytes.TrimRight(buf.Bytes(), "\n"), info: info, priv: priv}, nil
}

// unsigned is the SHA-256 of what the file holds, without its counter and signature: two
// publishes of the same records compare equal.
func (o *ownRecords) unsigned() string {
	info := o.info
	info.Seq = 0
	raw, _ := json.Marshal(info)
	h := sha256.New()
	h.Write(o.core)
	h.Write(raw)
	return hex.EncodeToString(h.Sum(nil))
}

// file is the signed records file with publish counter seq.
func (o *ownRecords) file(seq int64) ([]byte, error) {
	info := o.info
	info.Seq = seq
	raw, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	body := make([]byte, 0, len(o.core)+len(raw)+16)
	body = append(body, o.core[:len(o.core)-1]...)
	body = append(body, `,"share":`...)
	body = append(body, raw...)
	body = append(body, '}')
	return signBody(body, o.priv), nil
}

// publish writes this installation's records file when its records changed or the server's copy
// is not the one published last. The server's copy is looked at whenever it may not be ours:
//   - one someone else wrote, or one cut off or damaged, is published over, with a warning;
//   - one signed with this installation's key but an older counter (a replayed or stale copy, a
//     write the server dropped) is published over, with a warning;
//   - one signed with this key with a newer counter after this database was restored from a
//     backup, or after share keep-identity, is this database's own later past: its records are
//     taken back in first, then published over;
//   - otherwise, one signed with this key with a counter as high as ours and other records is a
//     copy of this database: publishing stops (a ForkError) until keep-identity or reset-identity.
func (rs *Records) publish(ctx context.Context, onServer *Entry, rep *RecordsReport) error {
	file := recordsFile(rs.Store.Installation())
	if ok, err := getJSON(rs.Store, rs.Project, "fork", &forkState{}); err != nil {
		return err
	} else if ok {
		return &ForkError{File: file}
	}
	takeover, err := getJSON(rs.Store, rs.Project, "takeover", new(bool))
	if err != nil {
		return err
	}
	var handled string
	if _, err := getJSON(rs.Store, rs.Project, "restore_handled", &handled); err != nil {
		return err
	}
	restoredAt := rs.Store.RestoredAt()
	fromPast := takeover || (restoredAt != "" && restoredAt != handled)
	var last published
	if _, err := getJSON(rs.Store, rs.Project, "published", &last); err != nil {
		return err
	}
	priv, err := rs.Store.Identity()
	if err != nil {
		return err
	}
	ownKey := publicKey(priv)
	ours := func(sha string) bool {
		if sha == last.SHA256 || sha == last.Attempt {
			return true
		}
		for _, a := range last.Attempts {
			if a == sha {
				return true
			}
		}
		return false
	}
	if onServer == nil && (last.SHA256 != "" || len(last.Attempts) > 0) {
		// A listing may leave a file out: look at the name itself before taking it for gone.
		st, err := rs.Remote.Stat(ctx, file)
		switch {
		case err == nil:
			onServer = &st
		case errors.Is(err, ErrNotFound):
			if last.SHA256 != "" {
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: was missing on the server (deleted by someone?); published again", file))
			}
		default:
			return err
		}
	}
	if onServer != nil && onServer.IsDir {
		// Someone put a folder where this installation's file belongs: it cannot be a records file.
		if err := rs.Remote.Delete(ctx, file, ""); err != nil && !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("%s: is a folder on the server, not this installation's records file, and cannot be removed (%v): remove it on the server", file, err)
		}
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: was a folder on the server, not a records file: removed, and this installation's records published", file))
		onServer = nil
	}
	for try := 0; ; try++ {
		serverOurs := onServer != nil && last.ETag != "" && onServer.ETag == last.ETag && !fromPast
		if onServer != nil && !serverOurs && onServer.Size > recordsLimit {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: the server holds %d MB under this installation's name, more than a records file: not this installation's; published over it", file, onServer.Size>>20))
		} else if onServer != nil && !serverOurs {
			raw, got, err := readAll(ctx, rs.Remote, file, recordsLimit)
			switch {
			case errors.Is(err, ErrNotFound):
				onServer = nil
			case err != nil:
				return err
			default:
				sha := sha256hex(raw)
				onServer = &Entry{Name: onServer.Name, ETag: got.ETag, Size: int64(len(raw))}
				doc, info, verr := verifyFile(raw, ownKey, file)
				switch {
				case ours(sha) && !fromPast:
					serverOurs = true // ours: a lost answer, or the server renamed its ETag
					if sha != last.SHA256 {
						last.Unsigned = "" // an upload whose answer was lost: what it held is not known here
					}
					last.SHA256, last.ETag, last.Size = sha, got.ETag, int64(len(raw))
					if verr == nil {
						last.Seq = max(last.Seq, info.Seq)
					}
					if err := putJSON(rs.Store, rs.Project, "published", last); err != nil {
						return err
					}
				case verr != nil || info.Project != rs.Project:
					if _, _, perr := signedPart(raw); perr != nil {
						rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: the copy on the server is incomplete or damaged (%v): this installation's records were published again", file, perr))
					} else {
						rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: the copy on the server was not written by this installation (its signature does not verify); the partners refuse it, and this installation's records were published over it", file))
					}
				case fromPast:
					if err := rs.takeBack(doc, info, file, rep); err != nil {
						return err
					}
					last.Seq = max(last.Seq, info.Seq)
				case info.Seq < max(last.Seq, last.Sent):
					rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: the server held an older copy of this installation's file (publish counter %d, published %d: put back, or a write the server lost); published again", file, info.Seq, max(last.Seq, last.Sent)))
				default:
					fs := forkState{File: file, At: rs.Store.Now().UTC().Truncate(time.Second)}
					if err := putJSON(rs.Store, rs.Project, "fork", fs); err != nil {
						return err
					}
					return &ForkError{File: file}
				}
			}
		}
		mine, err := rs.ownDocument()
		if err != nil {
			return err
		}
		want := mine.unsigned()
		if serverOurs && last.SHA256 != "" && want == last.Unsigned {
			return rs.pastHandled(takeover, restoredAt)
		}
		seq := max(last.Seq, last.Sent) + 1
		body, err := mine.file(seq)
		if err != nil {
			return err
		}
		sha := sha256hex(body)
		last.Attempt, last.Sent = sha, seq
		last.Attempts = append(last.Attempts, sha)
		if len(last.Attempts) > 8 {
			last.Attempts = last.Attempts[len(last.Attempts)-8:]
		}
		if err := putJSON(rs.Store, rs.Project, "published", last); err != nil {
			return err
		}
		opt := PutOptions{IfNoneMatch: onServer == nil, SHA256: sha}
		if onServer != nil {
			opt.IfMatch = onServer.ETag
		}
		res, err := rs.Remote.Put(ctx, file, bytes.NewReader(body), int64(len(body)), opt)
		if errors.Is(err, ErrPrecondition) && try == 0 {
			// The file changed since it was looked at (or the listing left it out): look again.
			st, serr := rs.Remote.Stat(ctx, file)
			if serr != nil && !errors.Is(serr, ErrNotFound) {
				return serr
			}
			onServer = nil
			if serr == nil {
				onServer = &st
			}
			continue
		}
		if err != nil {
			return err
		}
		// Counted as published only once the server shows it kept what was sent (servers that answer
		// 201 and keep nothing, or half, exist); until then the attempt is remembered, not the file.
		st, err := rs.Remote.Stat(ctx, file)
		if err != nil {
			return err
		}
		if st.Size != int64(len(body)) {
			return fmt.Errorf("%s: the server answered the upload of %d bytes but lists %d: it is sent again next time", file, len(body), st.Size)
		}
		if res.ETag == "" {
			res.ETag = st.ETag
		}
		rep.Published = file
		if err := putJSON(rs.Store, rs.Project, "published", published{SHA256: sha, ETag: res.ETag, Size: int64(len(body)), Seq: seq, Sent: seq, Unsigned: want}); err != nil {
			return err
		}
		return rs.pastHandled(takeover, restoredAt)
	}
}

// fromPast says whether this database may be older than its own file on the server: after
// share keep-identity, or a restore from a backup not yet published over.
func (rs *Records) fromPast() bool {
	if ok, _ := getJSON(rs.Store, rs.Project, "takeover", new(bool)); ok {
		return true
	}
	var handled string
	getJSON(rs.Store, rs.Project, "restore_handled", &handled)
	at := rs.Store.RestoredAt()
	return at != "" && at != handled
}

// pastHandled forgets a keep-identity, or the restore from a backup, once published after it.
func (rs *Records) pastHandled(takeover bool, restoredAt string) error {
	if takeover {
		if err := rs.Store.SyncPut(rs.Project, spaceShare, data.SyncEntry{Key: "takeover"}); err != nil {
			return err
		}
	}
	if restoredAt != "" {
		return putJSON(rs.Store, rs.Project, "restore_handled", restoredAt)
	}
	return nil
}

// takeBack merges this installation's own later file from the server into a database that is
// older than it (restored from a backup, or the original after a copy): nothing published is lost.
// The coordinator also takes back whom it had admitted.
func (rs *Records) takeBack(doc *data.Document, info *shareInfo, file string, rep *RecordsReport) error {
	res, err := rs.Store.Import(doc, data.ImportOptions{Source: file, Project: rs.Project, Owner: rs.Store.Installation(), Action: "merge",
		Detail: file + ": this installation's own later records taken back"})
	if err != nil {
		return fmt.Errorf("%s: this installation's own later records on the server cannot be taken back: %w", file, err)
	}
	if rs.coordinating() && len(info.Members) > 0 {
		mem, err := members(rs.Store, rs.Project)
		if err != nil {
			return err
		}
		for _, m := range info.Members {
			if _, ok := mem[m.Installation]; !ok {
				mem[m.Installation] = m
			}
		}
		if err := saveMembers(rs.Store, rs.Project, rs.Coordinator, mem); err != nil {
			return err
		}
	}
	rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: the server held a later file of this installation than this database (restored from a backup, or the original after a copy): its records were taken back (%d added, %d updated), then published", file, res.Added, res.Updated))
	return nil
}

// readAll downloads a small file whole, checking it arrived complete.
func readAll(ctx context.Context, r Remote, name string, limit int64) ([]byte, Entry, error) {
	body, e, err := r.Get(ctx, name)
	if err != nil {
		return nil, e, err
	}
	defer body.Close()
	raw, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, e, err
	}
	if int64(len(raw)) > limit {
		return nil, e, fmt.Errorf("%s: larger than %d MB; not read", name, limit>>20)
	}
	if e.Size >= 0 && int64(len(raw)) != e.Size {
		return nil, e, data.Problemf("%s: the download was cut off (%d of %d bytes); it is tried again next time", name, len(raw), e.Size)
	}
	return raw, e, nil
}
