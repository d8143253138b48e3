package davsync

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"partnerdesk/data"
)

// Anyone with the share's WebDAV password can write any file in it, so a records file says who
// wrote it: it is signed with its installation's Ed25519 key. The coordinator's key is pinned when
// a partner joins with a one-time invitation code, which also proves the partner's key to the
// coordinator; the coordinator's signed file then lists the admitted installations for everyone.

// shareInfo is the "share" member of a records file: what its writer says of itself.
type shareInfo struct {
	Project string        `json:"project"`           // the share's project: a file signed for another share is no file of this one
	Key     string        `json:"key"`               // the writer's Ed25519 public key, base64
	Seq     int64         `json:"seq"`               // publish counter: a copied database shows as two writers of one file
	Members []Member      `json:"members,omitempty"` // the coordinator's: the admitted installations
	Invites []inviteProof `json:"invites,omitempty"` // the coordinator's: open invitations, each proving its key to the invitee
	Join    *joinClaim    `json:"join,omitempty"`    // a partner's: the invitation it joined with
}

// Member is an installation admitted to a share, bound to one organisation.
type Member struct {
	Installation string    `json:"installation"`
	Org          string    `json:"org"` // partner ID
	Key          string    `json:"key"`
	Admitted     time.Time `json:"admitted,omitzero"`
}

// inviteProof lets the holder of an invitation code check the coordinator's key.
type inviteProof struct {
	ID      string `json:"id"`
	Partner string `json:"partner"`
	Proof   string `json:"proof"`
}

// joinClaim is a partner's proof that it holds an invitation code, bound to its installation and key.
type joinClaim struct {
	Invite string `json:"invite"`
	Proof  string `json:"proof"`
}

// Invite is an invitation the coordinator made, kept in its database.
type Invite struct {
	ID      string    `json:"id"`
	Partner string    `json:"partner"`
	Secret  string    `json:"secret"` // hex; never published
	Created time.Time `json:"created"`
	UsedBy  string    `json:"used_by,omitempty"`
	Used    time.Time `json:"used,omitzero"`
}

const (
	inviteIDLen     = 5
	inviteSecretLen = 10
)

var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Code is the invitation as a person reads it out: 24 letters and digits in groups of four.
func (inv *Invite) Code() string {
	id, _ := hex.DecodeString(inv.ID)
	secret, _ := hex.DecodeString(inv.Secret)
	s := codeEncoding.EncodeToString(append(id, secret...))
	var groups []string
	for len(s) > 4 {
		groups, s = append(groups, s[:4]), s[4:]
	}
	return strings.Join(append(groups, s), "-")
}

// parseCode reads an invitation code as typed: any case, with or without dashes and spaces.
func parseCode(code string) (id, secret []byte, err error) {
	clean := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
	raw, derr := codeEncoding.DecodeString(clean)
	if derr != nil || len(raw) != inviteIDLen+inviteSecretLen {
		return nil, nil, data.Problemf("invitation code %q: not a code (24 letters A–Z and digits 2–7, as the coordinator sent it)", code)
	}
	return raw[:inviteIDLen], raw[inviteIDLen:], nil
}

func proofOf(secret []byte, parts ...string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(m.Sum(nil))
}

func coordinatorProof(secret []byte, project, key string) string {
	return proofOf(secret, "partnerdesk-invite/coordinator", project, key)
}

func partnerProof(secret []byte, project, inst, key string) string {
	return proofOf(secret, "partnerdesk-invite/partner", project, inst, key)
}

// Fingerprint is a key as people compare it by phone: the start of its SHA-256 in groups.
func Fingerprint(key string) string {
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil {
		return "?"
	}
	sum := sha256.Sum256(raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:10]))
	var groups []string
	for i := 0; i < len(h); i += 4 {
		groups = append(groups, h[i:i+4])
	}
	return strings.Join(groups, " ")
}

func publicKey(priv ed25519.PrivateKey) string {
	return base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey))
}

// sigSuffix is how a records file ends: the signature of everything before it, as the last member.
var sigSuffix = regexp.MustCompile(`,"signature":"([A-Za-z0-9+/=]+)"\}\s*$`)

// signDocument encodes a records document and signs it; the file stays a partnerdesk/1 document.
func signDocument(doc *data.Document, priv ed25519.PrivateKey) ([]byte, error) {
	var buf bytes.Buffer
	if err := doc.Encode(&buf); err != nil {
		return nil, err
	}
	body := bytes.TrimRight(buf.Bytes(), "\n")
	if len(body) == 0 || body[len(body)-1] != '}' {
		return nil, errors.New("records document does not end in }")
	}
	return signBody(body, priv), nil
}

// signBody appends the signature of a JSON object as its last member.
func signBody(body []byte, priv ed25519.PrivateKey) []byte {
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(priv, body))
	out := make([]byte, 0, len(body)+len(sig)+20)
	out = append(out, body[:len(body)-1]...)
	out = append(out, `,"signature":"`...)
	out = append(out, sig...)
	out = append(out, "\"}\n"...)
	return out
}

// signedPart splits a records file into what was signed and the signature.
func signedPart(raw []byte) ([]byte, []byte, error) {
	loc := sigSuffix.FindSubmatchIndex(raw)
	if loc == nil {
		return nil, nil, data.Problemf("is not signed")
	}
	sig, err := base64.StdEncoding.DecodeString(string(raw[loc[2]:loc[3]]))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, nil, data.Problemf("has a damaged signature")
	}
	body := append(append([]byte{}, raw[:loc[0]]...), '}')
	return body, sig, nil
}

// verifyFile checks a records file against a key (base64); it returns the document and its share info.
func verifyFile(raw []byte, key, file string) (*data.Document, *shareInfo, error) {
	body, sig, err := signedPart(raw)
	if err != nil {
		return nil, nil, err
	}
	pub, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, nil, data.Problemf("no valid key is known for its installation")
	}
	if !ed25519.Verify(pub, body, sig) {
		return nil, nil, data.Problemf("its signature does not verify under its installation's key: someone else wrote it; nothing of it was merged")
	}
	return decodeShared(body, file)
}

// decodeShared decodes a records document and its share info.
func decodeShared(body []byte, file string) (*data.Document, *shareInfo, error) {
	doc, err := data.DecodeDocument(bytes.NewReader(body), file)
	if err != nil {
		return nil, nil, err
	}
	info := &shareInfo{}
	if len(doc.Share) == 0 {
		return nil, nil, data.Problemf("has no \"share\" part: not written by this version of Partnerdesk")
	}
	if err := json.Unmarshal(doc.Share, info); err != nil {
		return nil, nil, fmt.Errorf(`its "share" part is damaged: %v`, err)
	}
	return doc, info, nil
}

// selfSigned reads a records file signed by the key it carries itself: how a newcomer's file looks.
func selfSigned(raw []byte, file string) (*data.Document, *shareInfo, error) {
	body, _, err := signedPart(raw)
	if err != nil {
		return nil, nil, err
	}
	_, info, err := decodeShared(body, file)
	if err != nil {
		return nil, nil, err
	}
	return verifyFile(raw, info.Key, file)
}

// members reads the admitted installations kept in the store.
func members(st State, project string) (map[string]Member, error) {
	m := map[string]Member{}
	_, err := getJSON(st, project, "members", &m)
	return m, err
}

// saveMembers keeps the admitted installations and tells data who may write what.
func saveMembers(store *data.Store, project, coordinator string, m map[string]Member) error {
	if err := putJSON(store, project, "members", m); err != nil {
		return err
	}
	auth := &data.Authority{Coordinator: coordinator, Members: map[string]string{}}
	for inst, mem := range m {
		auth.Members[inst] = mem.Org
	}
	if store.Installation() == coordinator {
		invs, err := invites(store, project)
		if err != nil {
			return err
		}
		for _, inv := range invs {
			if inv.UsedBy == "" {
				auth.Invited = append(auth.Invited, inv.Partner)
			}
		}
	}
	return store.SetAuthority(project, auth)
}

func sortedMembers(m map[string]Member) []Member {
	out := make([]Member, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Installation < out[j].Installation })
	return out
}

// NewInvite makes a one-time invitation for a partner organisation of a project this installation
// coordinates. It reaches the share with the next records sync.
func NewInvite(store *data.Store, projectID, partnerID string) (*Invite, error) {
	s, err := LoadSettings(store, projectID)
	if err != nil {
		return nil, err
	}
	if s == nil || s.Role != RoleCoordinator {
		return nil, data.Problemf("project %s: only the coordinator's installation invites partners, once the project is shared (partnerdesk share init)", projectID)
	}
	doc, err := store.Load(projectID, data.LoadOptions{})
	if err != nil {
		return nil, err
	}
	if doc.PartnerByID(partnerID) == nil {
		return nil, &data.NotFoundError{What: "partner", Ref: partnerID}
	}
	if partnerID == doc.Project.Coordinator {
		return nil, data.Problemf("%s is the coordinating organisation: this installation already writes for it", doc.PartnerLabel(partnerID))
	}
	raw := make([]byte, inviteIDLen+inviteSecretLen)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	inv := &Invite{ID: hex.EncodeToString(raw[:inviteIDLen]), Partner: partnerID,
		Secret: hex.EncodeToString(raw[inviteIDLen:]), Created: store.Now().UTC().Truncate(time.Second)}
	if err := putJSON(store, projectID, "invite/"+inv.ID, inv); err != nil {
		return nil, err
	}
	mem, err := members(store, projectID)
	if err != nil {
		return nil, err
	}
	return inv, saveMembers(store, projectID, s.Coordinator, mem) // the organisation now writes for itself
}

// invites lists the coordinator's invitations, open and used.
func invites(st State, project string) ([]Invite, error) {
	list, err := st.SyncList(project, spaceShare)
	if err != nil {
		return nil, err
	}
	var out []Invite
	for _, e := range list {
		if !strings.HasPrefix(e.Key, "invite/") {
			continue
		}
		var inv Invite
		if err := json.Unmarshal(e.Value, &inv); err != nil {
			return nil, fmt.Errorf("share state %s is damaged: %v", e.Key, err)
		}
		out = append(out, inv)
	}
	return out, nil
}

// ForkError is a second copy of this database publishing as this installation.
type ForkError struct{ File string }

func (e *ForkError) Error() string {
	return e.File + ": another copy of this database publishes as this installation (the database was copied to another computer); " +
		"this copy stopped publishing so neither loses the other's records. On the copy that should be a separate installation run " +
		"partnerdesk share reset-identity, then join again with a new invitation; on the original run partnerdesk share keep-identity"
}

// forkState is what the share space remembers of a detected fork.
type forkState struct {
	File string    `json:"file"`
	At   time.Time `json:"at"`
}

// KeepIdentity says this database is the original after a fork: its next sync publishes over
// whatever its own key signed on the server, with a counter above it.
func KeepIdentity(store *data.Store, projectID string) error {
	return store.SyncPut(projectID, spaceShare, data.SyncEntry{Key: "fork", Value: nil}, data.SyncEntry{Key: "takeover", Value: []byte("true")})
}

// ResetIdentity makes this database an installation of its own after it was copied: a new
// installation ID and key. Every record stays; the project must be joined again with a new
// invitation (the coordinator's database cannot do this: it would no longer coordinate).
func ResetIdentity(store *data.Store) (string, error) {
	shared, err := store.SyncProjects()
	if err != nil {
		return "", err
	}
	forked := false
	for _, p := range shared {
		if ps, err := LoadSettings(store, p); err != nil {
			return "", err
		} else if ps != nil && ps.Role == RoleCoordinator {
			return "", data.Problemf("this database also coordinates the share of project %s: keep it as the original (partnerdesk share keep-identity) and stop using the copy", p)
		}
		if ok, err := getJSON(store, p, "fork", &forkState{}); err != nil {
			return "", err
		} else if ok {
			forked = true
		}
	}
	if !forked {
		// Without a copy found, a new identity would only leave every record published so far
		// frozen under an installation that no longer exists.
		return "", data.Problemf("no copy of this database was found publishing as this installation: nothing to reset (reset-identity is for the copy, once a sync has said a copy was found)")
	}
	if _, _, err := store.ResetIdentity(); err != nil {
		return "", err
	}
	// Every share is forgotten (the identity was the copy's for all of them): the new installation
	// joins each again with an invitation of its own. The records and the local folders stay.
	for _, p := range shared {
		list, err := store.SyncList(p, spaceShare)
		if err != nil {
			return "", err
		}
		var drop []data.SyncEntry
		for _, e := range list {
			drop = append(drop, data.SyncEntry{Key: e.Key})
		}
		if err := store.SyncPut(p, spaceShare, drop...); err != nil {
			return "", err
		}
		if err := store.SetAuthority(p, nil); err != nil {
			return "", err
		}
		if err := NewJournal(store, p).Reset(); err != nil {
			return "", err
		}
	}
	return store.Installation(), nil
}

// SyncRecords runs the records half of a sync alone: it publishes a new invitation at once.
func SyncRecords(ctx context.Context, store *data.Store, projectID string, r Remote) (*RecordsReport, error) {
	s, err := LoadSettings(store, projectID)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, data.Problemf("project %s is not shared", projectID)
	}
	rs := &Records{Remote: r, Store: store, Project: projectID, Coordinator: s.Coordinator, Settings: s}
	return rs.Sync(ctx, nil)
}

// InstallationFingerprint is this installation's key as people compare it.
func InstallationFingerprint(store *data.Store) (string, error) {
	priv, err := store.Identity()
	if err != nil {
		return "", err
	}
	return Fingerprint(publicKey(priv)), nil
}

// Revoke withdraws an open invitation (by its code or ID) or an admitted installation, on the
// coordinator's installation. It reaches the partners with the next sync: a withdrawn code no
// longer admits anyone, and a removed installation's records file is refused everywhere.
func Revoke(store *data.Store, projectID, ref string) (string, error) {
	s, err := LoadSettings(store, projectID)
	if err != nil {
		return "", err
	}
	if s == nil || s.Role != RoleCoordinator {
		return "", data.Problemf("project %s: only the coordinator's installation withdraws invitations and installations", projectID)
	}
	id := strings.ToLower(strings.TrimSpace(ref))
	if inviteID, _, err := parseCode(ref); err == nil {
		id = hex.EncodeToString(inviteID)
	}
	var inv Invite
	if ok, err := getJSON(store, projectID, "invite/"+id, &inv); err != nil {
		return "", err
	} else if ok {
		if inv.UsedBy != "" {
			return "", data.Problemf("invitation %s was already used by installation %s: withdraw that installation instead", inv.ID, inv.UsedBy)
		}
		if err := store.SyncPut(projectID, spaceShare, data.SyncEntry{Key: "invite/" + id}); err != nil {
			return "", err
		}
		mem, err := members(store, projectID)
		if err != nil {
			return "", err
		}
		return "invitation " + inv.ID, saveMembers(store, projectID, s.Coordinator, mem)
	}
	mem, err := members(store, projectID)
	if err != nil {
		return "", err
	}
	if _, ok := mem[id]; !ok {
		return "", data.Problemf("%q is neither an open invitation nor an admitted installation of this share (partnerdesk share status lists them)", ref)
	}
	delete(mem, id)
	if err := putJSON(store, projectID, "revoked/"+id, true); err != nil { // its old invitation admits it no more
		return "", err
	}
	return "installation " + id, saveMembers(store, projectID, s.Coordinator, mem)
}
