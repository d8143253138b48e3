package data

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"

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
func (s *Store) Reown(projectID, from, to string, theirs map[string]bool) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return nil
		}
		now, _ := json.Marshal(s.now().UTC())
		toRaw, _ := json.Marshal(to)
		for _, k := range recordKinds {
			b := pb.Bucket([]byte(k))
			if b == nil {
				continue
			}
			var keys [][]byte
			var vals [][]byte
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
				rec["owner"], rec["updated"] = toRaw, now
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
