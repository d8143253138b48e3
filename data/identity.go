package data

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// keyIdentity is the meta key of the installation's Ed25519 seed: it signs the records files this
// installation publishes, so partners can tell them from files anyone with the share's password wrote.
var keyIdentity = []byte("identity_key")

// keyPrevious is the identity this database had before ResetIdentity: what it wrote as the copy
// is told apart from the original's records by it.
var keyPrevious = []byte("previous_identity")

// PreviousIdentity is the installation ID and public key a database had before it was reset.
type PreviousIdentity struct {
	Installation string            `json:"installation"`
	Key          ed25519.PublicKey `json:"key"`
}

// Previous is the identity before the last ResetIdentity; nil when there was none.
func (s *Store) Previous() (*PreviousIdentity, error) {
	var p *PreviousIdentity
	err := s.view(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketMeta).Get(keyPrevious)
		if raw == nil {
			return nil
		}
		p = &PreviousIdentity{}
		return json.Unmarshal(raw, p)
	})
	return p, err
}

// Reown gives the records of a project that installation from wrote, and that are not among
// theirs (the IDs the original installation published), to installation to: after a copied
// database became an installation of its own, what was typed on the copy becomes the copy's.
// Hours and approvals get new IDs: the original may hold the same ones unpublished, and an ID
// must never have two owners. People and participants keep theirs (entries refer to them).
func (s *Store) Reown(projectID, from, to string, theirs map[string]bool) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return nil
		}
		now := s.now().UTC()
		mine := func(m *Meta, id string) bool { return m.Owner == from && !theirs[id] }
		// Entries: copied under new IDs, the indexes kept in step.
		eb := pb.Bucket([]byte(KindEntry))
		var old []*Entry
		if err := forEach(pb, KindEntry, func(e *Entry) error {
			if mine(&e.Meta, e.ID) {
				c := *e
				old = append(old, &c)
			}
			return nil
		}); err != nil {
			return err
		}
		var fresh []*Entry
		for _, e := range old {
			if !e.Deleted {
				if err := unindexEntry(pb, e); err != nil {
					return err
				}
			}
			if err := eb.Delete(idKey(e.ID)); err != nil {
				return err
			}
			if e.Deleted {
				continue
			}
			c := *e
			c.ID, c.Meta = BoundID(to), Meta{Owner: to, Rev: 1, Updated: now}
			raw, _ := json.Marshal(&c)
			if err := eb.Put(idKey(c.ID), raw); err != nil {
				return err
			}
			fresh = append(fresh, &c)
		}
		if err := indexEntries(pb, fresh); err != nil {
			return err
		}
		n += len(fresh)
		ab := pb.Bucket([]byte(KindApproval))
		var approvals []Approval
		if err := forEach(pb, KindApproval, func(a *Approval) error {
			if mine(&a.Meta, a.ID) {
				approvals = append(approvals, *a)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, a := range approvals {
			if err := ab.Delete(idKey(a.ID)); err != nil {
				return err
			}
			if a.Deleted {
				continue
			}
			a.ID, a.Meta = BoundID(to), Meta{Owner: to, Rev: 1, Updated: now}
			raw, _ := json.Marshal(&a)
			if err := ab.Put(idKey(a.ID), raw); err != nil {
				return err
			}
			n++
		}
		// People, participants and costs: the new identity takes them over in place.
		nowRaw, _ := json.Marshal(now)
		toRaw, _ := json.Marshal(to)
		for _, k := range []Kind{KindPerson, KindParticipant, KindCost} {
			b := pb.Bucket([]byte(k))
			if b == nil {
				continue // a project stored before the kind existed
			}
			var keys, vals [][]byte
			err := b.ForEach(func(key, v []byte) error {
				var rec map[string]json.RawMessage
				if err := json.Unmarshal(v, &rec); err != nil {
					return err
				}
				var owner, id string
				json.Unmarshal(rec["owner"], &owner)
				json.Unmarshal(rec["id"], &id)
				if owner != from || theirs[id] {
					return nil
				}
				var rev int64
				json.Unmarshal(rec["rev"], &rev)
				rec["owner"], rec["updated"] = toRaw, nowRaw
				rec["rev"], _ = json.Marshal(rev + 1)
				raw, err := json.Marshal(rec)
				if err != nil {
					return err
				}
				keys, vals = append(keys, append([]byte{}, key...)), append(vals, raw)
				return nil
			})
			if err != nil {
				return err
			}
			for i := range keys {
				if err := b.Put(keys[i], vals[i]); err != nil {
					return err
				}
			}
			n += len(keys)
		}
		if n == 0 {
			return nil
		}
		return s.appendAudit(tx, AuditEvent{Project: projectID, Action: "reown", Detail: fmt.Sprintf("%d records made on this copy now belong to installation %s", n, to)})
	})
	return n, err
}

// Identity is this installation's signing key, made on first use and kept in the database.
func (s *Store) Identity() (ed25519.PrivateKey, error) {
	var seed []byte
	err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyIdentity); v != nil {
			seed = append([]byte{}, v...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if seed == nil {
		err = s.update(func(tx *bolt.Tx) error {
			meta := tx.Bucket(bucketMeta)
			if v := meta.Get(keyIdentity); v != nil { // another handle made it meanwhile
				seed = append([]byte{}, v...)
				return nil
			}
			seed = make([]byte, ed25519.SeedSize)
			if _, err := rand.Read(seed); err != nil {
				return err
			}
			return meta.Put(keyIdentity, seed)
		})
		if err != nil {
			return nil, err
		}
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("database %s: the installation's key is damaged", s.path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// ResetIdentity makes this database an installation of its own: a new installation ID and key.
// Every record is kept; those the old identity wrote stay that installation's. It is the way out
// for a copied database, which would otherwise publish as the original.
func (s *Store) ResetIdentity() (old, now string, err error) {
	old, now = s.installation, NewID()
	priv, err := s.Identity()
	if err != nil {
		return "", "", err
	}
	prev, _ := json.Marshal(PreviousIdentity{Installation: old, Key: priv.Public().(ed25519.PublicKey)})
	err = s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keyInstall, []byte(now)); err != nil {
			return err
		}
		if err := meta.Put(keyPrevious, prev); err != nil {
			return err
		}
		if err := meta.Delete(keyIdentity); err != nil {
			return err
		}
		return s.appendAudit(tx, AuditEvent{Action: "reset-identity", Detail: fmt.Sprintf("installation %s became %s", old, now)})
	})
	if err != nil {
		return "", "", err
	}
	s.installation = now
	return old, now, nil
}

// NewID makes a record ID bound to this installation: its last 32 bits are a hash of the
// installation and the rest of the ID, so no other installation can publish a record under it
// and, merged first, own it everywhere (IDBoundTo checks it).
func (s *Store) NewID() string { return BoundID(s.installation) }

// BoundID makes a UUIDv7 whose last 32 bits bind it to an installation.
func BoundID(installation string) string {
	u := uuid.Must(uuid.NewV7())
	copy(u[12:], idBinding(u, installation))
	return u.String()
}

// IDBoundTo says whether id was made by BoundID for installation.
func IDBoundTo(id, installation string) bool {
	u, err := uuid.Parse(id)
	if err != nil || installation == "" {
		return false
	}
	return bytes.Equal(u[12:], idBinding(u, installation))
}

func idBinding(u uuid.UUID, installation string) []byte {
	h := sha256.New()
	h.Write([]byte("partnerdesk-record-id\x00" + installation + "\x00"))
	h.Write(u[:12])
	return h.Sum(nil)[:4]
}
