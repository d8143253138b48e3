package davsync

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"partnerdesk/data"
)

// Names at the top of a share folder.
const (
	markerName = "partnerdesk.json"
	filesDir   = "files"
	// MarkerFormat is the marker's format version.
	MarkerFormat = "partnerdesk-share/1"
)

// Roles of an installation in a share.
const (
	RoleCoordinator = "coordinator"
	RolePartner     = "partner"
)

// Marker is partnerdesk.json at the top of a share: the project it holds and who coordinates it.
type Marker struct {
	Format      string    `json:"format"`
	Project     string    `json:"project"`
	Acronym     string    `json:"acronym,omitempty"`
	Number      string    `json:"number,omitempty"`
	Coordinator string    `json:"coordinator"` // the coordinator's installation
	Created     time.Time `json:"created,omitzero"`
}

// Settings is how a project is shared, kept in the store. The password is never among them.
type Settings struct {
	URL         string `json:"url"`
	User        string `json:"user,omitempty"`
	Folder      string `json:"folder"` // the local folder synced with files/
	Role        string `json:"role"`
	Coordinator string `json:"coordinator"`
	Org         string `json:"org,omitempty"`    // names conflict copies
	OrgID       string `json:"org_id,omitempty"` // the organisation this installation writes for (partner ID)
	// CoordinatorKey is the coordinator's public key, pinned at join: its file must verify under it.
	CoordinatorKey string     `json:"coordinator_key,omitempty"`
	Join           *joinClaim `json:"join,omitempty"` // a partner's proof of its invitation, published until admitted
	MarkerETag     string     `json:"marker_etag,omitempty"`
	Since          time.Time  `json:"since"`
}

// LoadSettings reads a project's share settings; nil when the project is not shared.
func LoadSettings(st State, projectID string) (*Settings, error) {
	var s Settings
	ok, err := getJSON(st, projectID, "settings", &s)
	if err != nil || !ok {
		return nil, err
	}
	return &s, nil
}

func saveSettings(st State, projectID string, s *Settings) error {
	return putJSON(st, projectID, "settings", s)
}

// setUp saves the settings of a share being set up; a new local folder starts with an empty journal.
func setUp(st State, projectID string, old, s *Settings) error {
	if err := os.MkdirAll(s.Folder, 0o755); err != nil {
		return fmt.Errorf("cannot create the local folder %s: %w", s.Folder, unwrapPath(err))
	}
	if old != nil && old.Folder != s.Folder {
		if err := NewJournal(st, projectID).Reset(); err != nil {
			return err
		}
	}
	return saveSettings(st, projectID, s)
}

// DefaultFolder is where a project's files live when no folder is named: ~/Partnerdesk/ACRONYM.
func DefaultFolder(acronym string) (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home folder for the shared files: %w (give --folder)", err)
	}
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < 0x20 {
			return '-'
		}
		return r
	}, acronym)
	return filepath.Join(home, "Partnerdesk", name), nil
}

// readMarker fetches and checks partnerdesk.json.
func readMarker(ctx context.Context, r Remote) (*Marker, string, error) {
	raw, e, err := readAll(ctx, r, markerName, 1<<20)
	if err != nil {
		return nil, "", err
	}
	var m Marker
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, "", data.Problemf("%s: not a Partnerdesk share marker (invalid JSON)", markerName)
	}
	if m.Format != MarkerFormat {
		return nil, "", data.Problemf("%s: format %q, not %q: a newer Partnerdesk made this share; update Partnerdesk", markerName, m.Format, MarkerFormat)
	}
	if _, err := uuid.Parse(m.Project); err != nil {
		return nil, "", fmt.Errorf("%s: project %q is not an ID", markerName, m.Project)
	}
	if _, err := uuid.Parse(m.Coordinator); err != nil {
		return nil, "", fmt.Errorf("%s: coordinator %q is not an installation ID", markerName, m.Coordinator)
	}
	return &m, e.ETag, nil
}

// ensureDir creates a folder on the server unless it is there.
func ensureDir(ctx context.Context, r Remote, name string) error {
	if err := r.Mkdir(ctx, name); err != nil && !errors.Is(err, ErrExists) {
		return err
	}
	return nil
}

// InitReport says what Init did.
type InitReport struct {
	Project  data.Project
	Settings Settings
	Records  *RecordsReport
	Already  bool // the folder was already this project's share, coordinated here
}

// Init makes the share of a project this installation coordinates: partnerdesk.json, records/ with
// this installation's records file (it carries the project), files/. The folder must be empty or
// already this project's share coordinated by this installation. An empty s.Folder is
// DefaultFolder(acronym).
func Init(ctx context.Context, store *data.Store, projectID string, r Remote, s Settings) (*InitReport, error) {
	doc, err := store.Load(projectID, data.LoadOptions{})
	if err != nil {
		return nil, err
	}
	p := doc.Project
	own := store.Installation()
	if p.Owner != own {
		return nil, data.Problemf("project %s was created by another installation (%s): only the coordinator's installation shares it; join the coordinator's share instead (partnerdesk share join)", p.Acronym, p.Owner)
	}
	old, err := LoadSettings(store, p.ID)
	if err != nil {
		return nil, err
	}
	moved := old != nil && old.URL != s.URL // allowed only where the share itself is found again
	rep := &InitReport{Project: *p}
	list, err := r.List(ctx, "")
	if errors.Is(err, ErrNotFound) {
		if err := r.Mkdir(ctx, ""); err != nil {
			return nil, data.Problemf("the share folder does not exist and cannot be created (%v); create it in your cloud first", err)
		}
		list, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	hasMarker := hasMarkerIn(list)
	if moved && !hasMarker {
		return nil, data.Problemf("project %s is already shared at %s; %s holds no share of it (to move the share, move the folder on the server, then run share init with its new address)", p.Acronym, old.URL, s.URL)
	}
	for _, e := range list {
		if !hasMarker && !ignored(e.Name, false) && e.Name != recordsDir && e.Name != filesDir {
			return nil, data.Problemf("the share folder already holds %q and is not a Partnerdesk share: choose an empty folder", e.Name)
		}
	}
	s.Role, s.Coordinator = RoleCoordinator, own
	if hasMarker {
		m, etag, err := readMarker(ctx, r)
		if err != nil {
			return nil, err
		}
		if m.Project != p.ID {
			return nil, data.Problemf("the share folder is already the share of project %s (%s): choose another folder", m.Acronym, m.Project)
		}
		if m.Coordinator != own {
			return nil, data.Problemf("the share folder is already project %s's share, coordinated by installation %s: join it instead (partnerdesk share join)", p.Acronym, m.Coordinator)
		}
		rep.Already = true
		s.MarkerETag = etag
	}
	for _, d := range []string{recordsDir, filesDir} {
		if err := ensureDir(ctx, r, d); err != nil {
			return nil, err
		}
	}
	mem, err := members(store, p.ID)
	if err != nil {
		return nil, err
	}
	if err := saveMembers(store, p.ID, own, mem); err != nil {
		return nil, err
	}
	s.OrgID = p.Coordinator
	// The records file before the marker: a partner who finds the marker finds the project too.
	rs := &Records{Remote: r, Store: store, Project: p.ID, Coordinator: own, Settings: &s}
	if rep.Records, err = rs.Sync(ctx, nil); err != nil {
		return nil, err
	}
	if !hasMarker {
		m := Marker{Format: MarkerFormat, Project: p.ID, Acronym: p.Acronym, Number: p.Number, Coordinator: own, Created: store.Now().UTC().Truncate(time.Second)}
		raw, _ := json.MarshalIndent(m, "", " ")
		res, err := r.Put(ctx, markerName, bytes.NewReader(raw), int64(len(raw)), PutOptions{IfNoneMatch: true})
		if err != nil {
			return nil, err
		}
		s.MarkerETag = res.ETag
	}
	if s.Org == "" {
		s.Org = coordinatorOrg(doc)
	}
	if s.Folder == "" {
		if s.Folder, err = DefaultFolder(p.Acronym); err != nil {
			return nil, err
		}
	}
	if s.Since.IsZero() {
		s.Since = store.Now().UTC().Truncate(time.Second)
	}
	if err := setUp(store, p.ID, old, &s); err != nil {
		return nil, err
	}
	rep.Settings = s
	return rep, nil
}

func hasMarkerIn(list []Entry) bool {
	for _, e := range list {
		if e.Name == markerName {
			return true
		}
	}
	return false
}

// coordinatorOrg is the coordinating organisation's short name, for conflict copies.
func coordinatorOrg(doc *data.Document) string {
	if p := doc.PartnerByID(doc.Project.Coordinator); p != nil {
		return p.Label()
	}
	return "coordinator"
}

// JoinReport says what Join did.
type JoinReport struct {
	Project  data.Project
	Settings Settings
	Result   data.ImportResult
	// CoordinatorFingerprint is the coordinator's key as pinned, to compare by phone if wanted.
	CoordinatorFingerprint string
	Fingerprint            string // this installation's
	Org                    string // the organisation this installation now writes for
	Records                *RecordsReport
	// Reowned counts the records this database made as a copy of another installation that its
	// new identity now publishes (after share reset-identity).
	Reowned int
}

// Join joins a share as a partner with the one-time invitation code the coordinator made for its
// organisation: the code proves the coordinator's key (pinned from now on) and this installation's
// to the coordinator. The project is imported from the coordinator's records file, all or nothing,
// and this installation's first records file is published. An empty s.Folder is DefaultFolder(acronym).
func Join(ctx context.Context, store *data.Store, r Remote, s Settings, code string) (*JoinReport, error) {
	m, etag, err := readMarker(ctx, r)
	if errors.Is(err, ErrNotFound) {
		return nil, data.Problemf("the share folder has no %s: it is not a Partnerdesk share (ask the coordinator for the share's address)", markerName)
	}
	if err != nil {
		return nil, err
	}
	own := store.Installation()
	if m.Coordinator == own {
		return nil, data.Problemf("this installation coordinates the share of %s: there is nothing to join", m.Acronym)
	}
	old, err := LoadSettings(store, m.Project)
	if err != nil {
		return nil, err
	}

	if mine, err := store.Load(m.Project, data.LoadOptions{}); err == nil && mine.Project.Owner != "" && mine.Project.Owner != m.Coordinator {
		return nil, data.Problemf("project %s is already in this database as another installation's (%s), not the share's coordinator's: nothing was changed (join with another database, or delete the project here first)", m.Acronym, mine.Project.Owner)
	}
	file := recordsFile(m.Coordinator)
	raw, got, err := readAll(ctx, r, file, recordsLimit)
	if errors.Is(err, ErrNotFound) {
		return nil, data.Problemf("%s: missing: the coordinator has not published the project yet", file)
	}
	if err != nil {
		return nil, err
	}
	doc, info, err := selfSigned(raw, file)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if doc.Project == nil || doc.Project.ID != m.Project {
		return nil, data.Problemf("%s: does not carry project %s named in %s", file, m.Acronym, markerName)
	}
	if doc.Installation != "" && doc.Installation != m.Coordinator {
		return nil, data.Problemf("%s: says it was written by installation %s, not the coordinator's", file, doc.Installation)
	}
	if info.Project != m.Project {
		return nil, data.Problemf("%s: was signed for another share's project, not %s", file, m.Acronym)
	}
	if old != nil && old.URL != s.URL && (old.CoordinatorKey == "" || old.CoordinatorKey != info.Key) {
		// A share at a new address is the same share only when its coordinator's file carries the key pinned here.
		return nil, data.Problemf("project %s is already shared here with %s, and %s is not that share moved (its coordinator's key is not the one pinned)", m.Acronym, old.URL, s.URL)
	}
	// An installation the coordinator already admitted joins again (a moved folder) under the key
	// it pinned: no new invitation is needed.
	var admittedFor string
	if old != nil && old.CoordinatorKey == info.Key {
		for _, mem := range info.Members {
			if mem.Installation == own {
				admittedFor = mem.Org
			}
		}
	}
	var partnerID, idHex string
	var secret []byte
	if admittedFor != "" && (code == "" || old.Join == nil || codeNames(code, old.Join.Invite)) {
		partnerID = admittedFor
	} else {
		inviteID, sec, err := parseCode(code)
		if err != nil {
			return nil, err
		}
		secret, idHex = sec, hex.EncodeToString(inviteID)
		var proof *inviteProof
		for i := range info.Invites {
			if info.Invites[i].ID == idHex {
				proof = &info.Invites[i]
			}
		}
		if proof == nil {
			return nil, data.Problemf("invitation code: the share of %s has no open invitation with this code: check the code and the address, or ask the coordinator for a new one (an invitation admits one installation, and reaches the share when the coordinator syncs)", m.Acronym)
		}
		if !hmac.Equal([]byte(proof.Proof), []byte(coordinatorProof(secret, m.Project, info.Key))) {
			return nil, data.Problemf("invitation code: does not prove the coordinator's file on the share (someone other than the coordinator may have replaced it, or the code is mistyped): nothing was changed; call the coordinator and compare the key's fingerprint %s", Fingerprint(info.Key))
		}
		partnerID = proof.Partner
	}
	org := doc.PartnerByID(partnerID)
	if org == nil {
		return nil, data.Problemf("%s: the invitation is for organisation %s, which the project does not list", file, partnerID)
	}
	for _, mem := range info.Members {
		if mem.Installation == own && mem.Org != org.ID {
			return nil, data.Problemf("this installation is already admitted to %s for %s, and an installation writes for one organisation: nothing was changed (to write for %s, join from another database, or ask the coordinator)",
				m.Acronym, doc.PartnerLabel(mem.Org), org.Label())
		}
	}
	priv, err := store.Identity()
	if err != nil {
		return nil, err
	}
	ownKey := publicKey(priv)
	s.Role, s.Coordinator, s.MarkerETag = RolePartner, m.Coordinator, etag
	s.CoordinatorKey, s.OrgID, s.Org = info.Key, org.ID, org.Label()
	if secret != nil {
		s.Join = &joinClaim{Invite: idHex, Proof: partnerProof(secret, m.Project, own, ownKey)}
	} else if old != nil {
		s.Join = old.Join
	}
	if s.Since.IsZero() {
		s.Since = store.Now().UTC().Truncate(time.Second)
	}
	rs := &Records{Remote: r, Store: store, Project: m.Project, Coordinator: m.Coordinator, Settings: &s}
	if _, err := rs.takeMembers(doc); err != nil {
		return nil, err
	}
	res, err := store.Import(doc, data.ImportOptions{Source: file, Owner: m.Coordinator, Action: "merge", Snapshot: true})
	if err != nil {
		_ = store.SetAuthority(m.Project, nil)
		return nil, err
	}
	seen := seenFile{ETag: got.ETag, SHA256: sha256hex(raw), Seq: info.Seq}
	for _, x := range res.Refused {
		seen.Refused = append(seen.Refused, x.String())
	}
	if err := putJSON(store, m.Project, "seen/"+m.Coordinator, seen); err != nil {
		return nil, err
	}
	if s.Folder == "" {
		if s.Folder, err = DefaultFolder(m.Acronym); err != nil {
			return nil, err
		}
	}
	if s.Since.IsZero() {
		s.Since = store.Now().UTC().Truncate(time.Second)
	}
	if err := setUp(store, m.Project, old, &s); err != nil {
		return nil, err
	}
	rep := &JoinReport{Project: res.Project, Settings: s, Result: res, CoordinatorFingerprint: Fingerprint(info.Key),
		Fingerprint: Fingerprint(ownKey), Org: org.Label()}
	if rep.Reowned, err = takeOverCopy(ctx, store, r, m.Project); err != nil {
		return rep, err
	}
	// The first records file carries the proof of the invitation: the coordinator admits this
	// installation when it next syncs.
	if rep.Records, err = rs.Sync(ctx, nil); err != nil {
		return rep, fmt.Errorf("joined, but this installation's records file could not be published yet (it is at the next sync): %w", err)
	}
	return rep, nil
}

// codeNames says whether an invitation code is the one with the invitation ID id.
func codeNames(code, id string) bool {
	inviteID, _, err := parseCode(code)
	return err == nil && hex.EncodeToString(inviteID) == id
}

// takeOverCopy gives this installation the records it made while it was a copy of another one:
// those of the old identity that the original's signed file on the share does not hold.
func takeOverCopy(ctx context.Context, store *data.Store, r Remote, project string) (int, error) {
	prev, err := store.Previous()
	if err != nil || prev == nil {
		return 0, err
	}
	theirs := map[string]bool{}
	file := recordsFile(prev.Installation)
	raw, _, err := readAll(ctx, r, file, recordsLimit)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return 0, err
	default:
		doc, _, verr := verifyFile(raw, base64.StdEncoding.EncodeToString(prev.Key), file)
		if verr != nil {
			return 0, data.Problemf("%s: %v: the records this copy made are kept as they are", file, verr)
		}
		if doc.Project != nil {
			theirs[doc.Project.ID] = true
		}
		for _, id := range documentIDs(doc) {
			theirs[id] = true
		}
	}
	return store.Reown(project, prev.Installation, store.Installation(), theirs)
}

// documentIDs lists the IDs of every record a document holds.
func documentIDs(d *data.Document) []string {
	var ids []string
	for _, r := range d.Partners {
		ids = append(ids, r.ID)
	}
	for _, r := range d.People {
		ids = append(ids, r.ID)
	}
	for _, r := range d.Outputs {
		ids = append(ids, r.ID)
	}
	for _, r := range d.Events {
		ids = append(ids, r.ID)
	}
	for _, r := range d.Participants {
		ids = append(ids, r.ID)
	}
	for _, r := range d.Entries {
		ids = append(ids, r.ID)
	}
	for _, r := range d.Approvals {
		ids = append(ids, r.ID)
	}
	for _, r := range d.Costs {
		ids = append(ids, r.ID)
	}
	return ids
}

// SyncOptions tune a sync run.
type SyncOptions struct {
	Now      func() time.Time
	Progress ProgressFunc
	// AllowDeletes lets a files run delete more than half of the synced files (see DeletesError).
	AllowDeletes bool
	// files tests: stop hook (see Files)
	stepHook func(string) error
}

// Report says what a sync run did.
type Report struct {
	Records *RecordsReport
	Files   *FilesReport
}

// LastRun is the summary of the last sync run, kept for share status.
type LastRun struct {
	At         time.Time `json:"at"`
	Error      string    `json:"error,omitempty"`
	Published  bool      `json:"published,omitempty"`
	Merged     int       `json:"merged,omitempty"`
	Rejected   []string  `json:"rejected,omitempty"`
	Uploaded   int       `json:"uploaded,omitempty"`
	Downloaded int       `json:"downloaded,omitempty"`
	Deleted    int       `json:"deleted,omitempty"`
	Conflicts  int       `json:"conflicts,omitempty"`
	Failed     int       `json:"failed,omitempty"`
}

// Sync runs one sync of a shared project: the marker is checked, records are merged and
// published, then the files are synced. A failure of the records does not stop the files.
func Sync(ctx context.Context, store *data.Store, projectID string, r Remote, opt SyncOptions) (*Report, error) {
	s, err := LoadSettings(store, projectID)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, data.Problemf("project %s is not shared: run partnerdesk share init (coordinator) or share join (partner)", projectID)
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	if opt.Progress != nil {
		opt.Progress(Progress{Phase: "listing"})
	}
	rep := &Report{}
	err = syncShare(ctx, store, projectID, r, s, opt, now, rep)
	last := LastRun{At: now().UTC().Truncate(time.Second)}
	if err != nil {
		last.Error = err.Error()
	}
	if rr := rep.Records; rr != nil {
		last.Published, last.Merged = rr.Published != "", len(rr.Merged)
		for _, x := range rr.Rejected {
			last.Rejected = append(last.Rejected, x.Error())
		}
		last.Failed += len(rr.Failed)
	}
	if fr := rep.Files; fr != nil {
		last.Uploaded, last.Downloaded = fr.Uploaded, fr.Downloaded
		last.Deleted, last.Conflicts = fr.DeletedRemote+fr.DeletedHere, fr.Conflicts
		last.Failed += len(fr.Failed)
	}
	if perr := putJSON(store, projectID, "last", last); err == nil {
		err = perr
	}
	return rep, err
}

func syncShare(ctx context.Context, store *data.Store, projectID string, r Remote, s *Settings, opt SyncOptions, now func() time.Time, rep *Report) error {
	top, err := r.List(ctx, "")
	if err != nil {
		return err
	}
	var marker *Entry
	haveRecords := false
	for i, e := range top {
		switch e.Name {
		case markerName:
			marker = &top[i]
		case recordsDir:
			haveRecords = e.IsDir
		}
	}
	if marker == nil {
		return &AbortError{fmt.Sprintf("the share folder has no %s any more: nothing was changed (was the folder emptied or replaced? check it on the server)", markerName)}
	}
	if marker.ETag == "" || marker.ETag != s.MarkerETag {
		m, etag, err := readMarker(ctx, r)
		if err != nil {
			return err
		}
		if m.Project != projectID {
			return &AbortError{fmt.Sprintf("the share folder now holds project %s (%s), not this project: nothing was changed", m.Acronym, m.Project)}
		}
		if s.MarkerETag != etag {
			s.MarkerETag = etag
			if err := saveSettings(store, projectID, s); err != nil {
				return err
			}
		}
	}
	var recordsErr error
	var listing []Entry
	if !haveRecords {
		recordsErr = ensureDir(ctx, r, recordsDir)
		listing = []Entry{}
	}
	if opt.Progress != nil {
		opt.Progress(Progress{Phase: "records"})
	}
	if recordsErr == nil {
		rs := &Records{Remote: r, Store: store, Project: projectID, Coordinator: s.Coordinator, Settings: s}
		rep.Records, recordsErr = rs.Sync(ctx, listing)
	}
	if errors.Is(recordsErr, context.Canceled) || errors.Is(recordsErr, ErrUnauthorized) {
		return recordsErr
	}
	f := &Files{Remote: r, Root: filesDir, Dir: s.Folder, State: store, Project: projectID, Org: s.Org,
		Now: now, Progress: opt.Progress, AllowDeletes: opt.AllowDeletes, stepHook: opt.stepHook}
	rep.Files, err = f.Sync(ctx)
	if err != nil {
		return err
	}
	if recordsErr != nil {
		return fmt.Errorf("records: %w", recordsErr)
	}
	return nil
}

// Status is what share status shows: the settings, who is admitted, what was refused, the last run.
type Status struct {
	Settings     Settings
	Installation string
	Fingerprint  string // this installation's key
	Last         *LastRun
	Files        int // files in the journal
	Pending      int // uploads not yet confirmed by a listing
	Partners     []string
	Members      []MemberStatus
	Invites      []Invite    // the coordinator's invitations, open and used
	Refused      []Rejection // files, or records of them, that were not merged, as last seen
	Fork         string      // set when another copy of this database publishes as this installation
}

// MemberStatus is an installation of the share as status lists it.
type MemberStatus struct {
	Installation string
	Org          string // the organisation's short name
	Role         string
	Fingerprint  string
	Admitted     time.Time
}

// ShareStatus reads a project's share status from the store, without the network.
func ShareStatus(store *data.Store, projectID string) (*Status, error) {
	s, err := LoadSettings(store, projectID)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, nil
	}
	st := &Status{Settings: *s, Installation: store.Installation()}
	priv, err := store.Identity()
	if err != nil {
		return nil, err
	}
	st.Fingerprint = Fingerprint(publicKey(priv))
	var last LastRun
	if ok, err := getJSON(store, projectID, "last", &last); err != nil {
		return nil, err
	} else if ok {
		st.Last = &last
	}
	if st.Files, st.Pending, err = NewJournal(store, projectID).Count(); err != nil {
		return nil, err
	}
	doc, err := store.Load(projectID, data.LoadOptions{})
	if err != nil {
		return nil, err
	}
	label := func(org string) string {
		if org == "" {
			return "?"
		}
		return doc.PartnerLabel(org)
	}
	coordKey := s.CoordinatorKey
	if s.Role == RoleCoordinator {
		coordKey = publicKey(priv)
	}
	st.Members = append(st.Members, MemberStatus{Installation: s.Coordinator, Org: label(doc.Project.Coordinator), Role: RoleCoordinator, Fingerprint: Fingerprint(coordKey)})
	mem, err := members(store, projectID)
	if err != nil {
		return nil, err
	}
	for _, m := range sortedMembers(mem) {
		fp := "(not admitted yet)"
		if m.Key != "" {
			fp = Fingerprint(m.Key)
		}
		st.Members = append(st.Members, MemberStatus{Installation: m.Installation, Org: label(m.Org), Role: RolePartner, Fingerprint: fp, Admitted: m.Admitted})
	}
	if s.Role == RoleCoordinator {
		if st.Invites, err = invites(store, projectID); err != nil {
			return nil, err
		}
	}
	list, err := store.SyncList(projectID, spaceShare)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		if inst, ok := strings.CutPrefix(e.Key, "seen/"); ok {
			st.Partners = append(st.Partners, inst)
			var seen seenFile
			if json.Unmarshal(e.Value, &seen) == nil {
				rep := &RecordsReport{}
				seen.report(rep, recordsFile(inst))
				st.Refused = append(st.Refused, rep.Rejected...)
			}
		}
	}
	var fork forkState
	if ok, err := getJSON(store, projectID, "fork", &fork); err != nil {
		return nil, err
	} else if ok {
		st.Fork = (&ForkError{File: fork.File}).Error()
	}
	return st, nil
}

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
