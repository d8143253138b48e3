package data

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// keyIdentity is the meta key of the installation's Ed25519 seed: it signs the records files this
// installation publishes, so partners can tell them from files anyone with the share's password wrote.
var keyIdentity = []byte("identity_key")

// Identity is this installation's signing key, made on first use and kept in the database.
func (s *Store) Identity() (ed25519.PrivateKey, error) {
	var seed []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyIdentity); v != nil {
			seed = append([]byte{}, v...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if seed == nil {
		err = s.db.Update(func(tx *bolt.Tx) error {
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
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keyInstall, []byte(now)); err != nil {
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
