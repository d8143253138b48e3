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
}

// published is what the share space remembers of this installation's own file.
type published struct {
	SHA256  string `json:"sha256"`
	ETag    string `json:"etag,omitempty"`
	Size    int64  `json:"size"`
	Seq     int64  `json:"seq"`
	Attempt string `json:"attempt,omitempty"` // SHA-256 of a PUT whose answer may have been lost
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
		case m == nil || e.IsDir:
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: not a records file (records/<installation>.json); left alone", joinName(recordsDir, e.Name)))
		case m[1] == own:
			e := e
			ownEntry = &e
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
		recheck := seen.Pending && (admitted || rs.coordinating())
		if e.ETag != "" && e.ETag == seen.ETag && !recheck {
			seen.report(rep, file)
			continue
		}
		raw, got, err := readAll(ctx, rs.Remote, file, recordsLimit)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, ErrUnauthorized) {
				return err
			}
			rep.Failed = append(rep.Failed, err)
			continue
		}
		sha := sha256hex(raw)
		if got.ETag == "" {
			got.ETag = e.ETag
		}
		if sha == seen.SHA256 && !recheck {
			seen.report(rep, file)
			seen.ETag = got.ETag
			if err := putJSON(rs.Store, rs.Project, "seen/"+inst, seen); err != nil {
				return err
			}
			continue
		}
		doc, pending, err := rs.verify(raw, inst, file, mem, rep)
		if err == nil {
			err = rs.checkDoc(doc, inst, file)
		}
		if err != nil {
			if err := rs.reject(rep, inst, file, got.ETag, sha, err, pending); err != nil {
				return err
			}
			continue
		}
		if inst == rs.Coordinator && !rs.coordinating() {
			// The coordinator's verified file says who is admitted: the others are checked against it.
			if mem, err = rs.takeMembers(doc); err != nil {
				return err
			}
		}
		todo = append(todo, &pendingDoc{file: file, inst: inst, entry: got, sha: sha, doc: doc})
	}
	// A file may refer to records another file brings (a partner's new colleague): merge in passes
	// until no file gets in any more; what still fails is rejected.
	for len(todo) > 0 {
		var again []*pendingDoc
		var lastErr []error
		for _, p := range todo {
			res, err := rs.Store.Import(p.doc, data.ImportOptions{Source: p.file, Project: rs.Project, Owner: p.inst, Action: "merge"})
			if err != nil {
				again = append(again, p)
				lastErr = append(lastErr, err)
				continue
			}
			if res.Changed() {
				rep.Merged = append(rep.Merged, Merged{File: p.file, Result: res})
			}
			seen := seenFile{ETag: p.entry.ETag, SHA256: p.sha}
			for _, r := range res.Refused {
				seen.Refused = append(seen.Refused, r.String())
			}
			seen.report(rep, p.file)
			if err := putJSON(rs.Store, rs.Project, "seen/"+p.inst, seen); err != nil {
				return err
			}
		}
		if len(again) == len(todo) {
			for i, p := range again {
				if err := rs.reject(rep, p.inst, p.file, p.entry.ETag, p.sha, lastErr[i], false); err != nil {
					return err
				}
			}
			break
		}
		todo = again
	}
	return nil
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
func (rs *Records) verify(raw []byte, inst, file string, mem map[string]Member, rep *RecordsReport) (*data.Document, bool, error) {
	if inst == rs.Coordinator {
		key := ""
		if rs.Settings != nil {
			key = rs.Settings.CoordinatorKey
		}
		doc, _, err := verifyFile(raw, key, file)
		return doc, false, err
	}
	if m, ok := mem[inst]; ok {
		doc, info, err := verifyFile(raw, m.Key, file)
		if err == nil && info.Key != m.Key {
			err = errors.New("names a key other than the one admitted for its installation")
		}
		return doc, false, err
	}
	if !rs.coordinating() {
		return nil, true, fmt.Errorf("installation %s is not admitted by the coordinator (yet): nothing of it was merged", inst)
	}
	doc, info, err := selfSigned(raw, file)
	if err != nil {
		return nil, false, fmt.Errorf("installation %s is not admitted, and its file %v", inst, err)
	}
	m, err := rs.admit(inst, info)
	if err != nil {
		return nil, false, err
	}
	mem[inst] = *m
	rep.Admitted = append(rep.Admitted, *m)
	return doc, false, nil
}

// admit binds a newcomer to the organisation of the one-time invitation its file proves.
func (rs *Records) admit(inst string, info *shareInfo) (*Member, error) {
	if info.Join == nil {
		return nil, fmt.Errorf("installation %s is not admitted: its file carries no invitation (a partner joins with the code from partnerdesk share invite)", inst)
	}
	var inv Invite
	ok, err := getJSON(rs.Store, rs.Project, "invite/"+info.Join.Invite, &inv)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("installation %s is not admitted: it names invitation %s, which this coordinator never made", inst, info.Join.Invite)
	}
	if inv.UsedBy != "" && inv.UsedBy != inst {
		return nil, fmt.Errorf("installation %s is not admitted: invitation %s was already used by installation %s (an invitation admits one installation)", inst, inv.ID, inv.UsedBy)
	}
	secret, _ := hex.DecodeString(inv.Secret)
	if !hmac.Equal([]byte(partnerProof(secret, rs.Project, inst, info.Key)), []byte(info.Join.Proof)) {
		return nil, fmt.Errorf("installation %s is not admitted: its proof of invitation %s is wrong (it does not hold the code)", inst, inv.ID)
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
	if doc.Installation != "" && doc.Installation != inst {
		return fmt.Errorf("%s: says it was written by installation %s, not %s", file, doc.Installation, inst)
	}
	if doc.Project != nil && doc.Project.ID != rs.Project {
		return fmt.Errorf("%s: holds project %s (%s), not this share's project", file, doc.Project.Acronym, doc.Project.ID)
	}
	return nil
}

// reject reports a file that was not merged and remembers it, so it is not fetched again unchanged.
func (rs *Records) reject(rep *RecordsReport, inst, file, etag, sha string, err error, pending bool) error {
	reason := strings.TrimPrefix(err.Error(), file+": ")
	rep.Rejected = append(rep.Rejected, Rejection{file, reason})
	return putJSON(rs.Store, rs.Project, "seen/"+inst, seenFile{ETag: etag, SHA256: sha, Rejected: reason, Pending: pending})
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
	info := shareInfo{Key: publicKey(priv)}
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
// is not the one published last. The server's copy is looked at whenever it may not be ours: a
// file someone else wrote is published over; one signed with this installation's own key that it
// did not publish is a copy of this database, and publishing stops (a ForkError) until resolved.
func (rs *Records) publish(ctx context.Context, onServer *Entry, rep *RecordsReport) error {
	file := recordsFile(rs.Store.Installation())
	if ok, err := getJSON(rs.Store, rs.Project, "fork", &forkState{}); err != nil {
		return err
	} else if ok {
		return &ForkError{File: file}
	}
	var last published
	if _, err := getJSON(rs.Store, rs.Project, "published", &last); err != nil {
		return err
	}
	mine, err := rs.ownDocument()
	if err != nil {
		return err
	}
	want := mine.unsigned()
	serverOurs := onServer != nil && last.ETag != "" && onServer.ETag == last.ETag
	if onServer != nil && !serverOurs {
		raw, got, err := readAll(ctx, rs.Remote, file, recordsLimit)
		switch {
		case errors.Is(err, ErrNotFound):
			onServer = nil
		case err != nil:
			return err
		default:
			sha := sha256hex(raw)
			onServer = &Entry{Name: onServer.Name, ETag: got.ETag, Size: int64(len(raw))}
			if got.ETag == "" {
				onServer.ETag = ""
			}
			switch {
			case sha == last.SHA256 || (last.Attempt != "" && sha == last.Attempt):
				serverOurs = true // ours (a lost answer, or the server renamed its ETag)
				last.SHA256, last.ETag, last.Size, last.Attempt = sha, got.ETag, int64(len(raw)), ""
				if last.Seq == 0 {
					last.Seq = 1
				}
				if err := putJSON(rs.Store, rs.Project, "published", last); err != nil {
					return err
				}
			default:
				priv, err := rs.Store.Identity()
				if err != nil {
					return err
				}
				if _, _, verr := verifyFile(raw, publicKey(priv), file); verr == nil {
					fs := forkState{File: file, At: rs.Store.Now().UTC().Truncate(time.Second)}
					if err := putJSON(rs.Store, rs.Project, "fork", fs); err != nil {
						return err
					}
					return &ForkError{File: file}
				}
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: the copy on the server was not written by this installation (its signature does not verify); the partners refuse it, and this installation's records were published over it", file))
			}
		}
	} else if onServer == nil && last.SHA256 != "" {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: was missing on the server (deleted by someone?); published again", file))
	}
	if serverOurs && last.SHA256 != "" && want == last.Unsigned {
		return nil
	}
	seq := last.Seq + 1
	body, err := mine.file(seq)
	if err != nil {
		return err
	}
	sha := sha256hex(body)
	last.Attempt = sha
	if err := putJSON(rs.Store, rs.Project, "published", last); err != nil {
		return err
	}
	opt := PutOptions{IfNoneMatch: onServer == nil, SHA256: sha}
	if onServer != nil {
		opt.IfMatch = onServer.ETag
	}
	res, err := rs.Remote.Put(ctx, file, bytes.NewReader(body), int64(len(body)), opt)
	if err != nil {
		return err
	}
	rep.Published = file
	return putJSON(rs.Store, rs.Project, "published", published{SHA256: sha, ETag: res.ETag, Size: int64(len(body)), Seq: seq, Unsigned: want})
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
		return nil, e, fmt.Errorf("%s: the download was cut off (%d of %d bytes); it is tried again next time", name, len(raw), e.Size)
	}
	return raw, e, nil
}
