package data

import (
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// bucketSync holds davsync's state: sync/<project id>/<space>/<key> → value (the files journal, share settings).
var bucketSync = []byte("sync")

// SyncEntry is one key and value of a sync space.
type SyncEntry struct {
	Key   string
	Value []byte
}

// syncSpace returns the space's bucket, creating it when create is set (nil when absent).
func syncSpace(tx *bolt.Tx, projectID, space string, create bool) (*bolt.Bucket, error) {
	root := tx.Bucket(bucketSync)
	if !create {
		p := root.Bucket([]byte(projectID))
		if p == nil {
			return nil, nil
		}
		return p.Bucket([]byte(space)), nil
	}
	p, err := root.CreateBucketIfNotExists([]byte(projectID))
	if err != nil {
		return nil, err
	}
	return p.CreateBucketIfNotExists([]byte(space))
}

// SyncGet reads a value of a sync space (nil when absent).
func (s *Store) SyncGet(projectID, space, key string) ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		b, err := syncSpace(tx, projectID, space, false)
		if b == nil || err != nil {
			return err
		}
		if v := b.Get([]byte(key)); v != nil {
			out = append([]byte{}, v...) // bbolt's bytes die with the transaction
		}
		return nil
	})
	return out, err
}

// SyncPut writes values of a sync space in one transaction (a nil value deletes the key).
func (s *Store) SyncPut(projectID, space string, entries ...SyncEntry) error {
	return s.update(func(tx *bolt.Tx) error {
		b, err := syncSpace(tx, projectID, space, true)
		if err != nil {
			return fmt.Errorf("sync state: %w", err)
		}
		for _, e := range entries {
			if e.Value == nil {
				err = b.Delete([]byte(e.Key))
			} else {
				err = b.Put([]byte(e.Key), e.Value)
			}
			if err != nil {
				return fmt.Errorf("sync state %s: %w", e.Key, err)
			}
		}
		return nil
	})
}

// SyncList reads every key and value of a sync space, in key order.
func (s *Store) SyncList(projectID, space string) ([]SyncEntry, error) {
	var out []SyncEntry
	err := s.view(func(tx *bolt.Tx) error {
		b, err := syncSpace(tx, projectID, space, false)
		if b == nil || err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			out = append(out, SyncEntry{string(k), append([]byte{}, v...)})
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, err
}

// SyncProjects lists the projects that have sync state (for share status).
func (s *Store) SyncProjects() ([]string, error) {
	var out []string
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSync).ForEachBucket(func(k []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}
