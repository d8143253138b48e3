package data

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// migration brings the schema from its index to index+1; all run in one transaction at open.
type migration struct {
	name string
	run  func(tx *bolt.Tx, now time.Time) error
}

// migrations is ordered; append, never edit or reorder a released one.
var migrations = []migration{
	{"create meta, projects and audit buckets; name the installation", migrateV1},
	{"create the sync bucket for sharing state", migrateV2},
	{"index each project's people by e-mail (or name) for the checks across projects", migratePeopleIndex},
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)

// migrate runs the migrations the database lacks, or refuses a database from a newer build.
func migrate(tx *bolt.Tx, now time.Time) error {
	have := 0
	if m := tx.Bucket(bucketMeta); m != nil {
		if v := m.Get(keySchema); len(v) == 4 {
			have = int(binary.BigEndian.Uint32(v))
		}
	} else if tx.Bucket(bucketProjects) != nil || tx.Bucket(bucketAudit) != nil || hasAnyBucket(tx) {
		return fmt.Errorf("not a Partnerdesk database (a bbolt file of another program)")
	}
	if have > len(migrations) {
		return fmt.Errorf("written by a newer Partnerdesk (schema %d; this version knows %d): update Partnerdesk", have, len(migrations))
	}
	for i := have; i < len(migrations); i++ {
		if err := migrations[i].run(tx, now); err != nil {
			return fmt.Errorf("migration %d (%s): %w", i+1, migrations[i].name, err)
		}
		if err := tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, uint32(i+1))); err != nil {
			return err
		}
	}
	return nil
}

func hasAnyBucket(tx *bolt.Tx) bool {
	found := false
	_ = tx.ForEach(func([]byte, *bolt.Bucket) error { found = true; return nil })
	return found
}

func migrateV1(tx *bolt.Tx, now time.Time) error {
	m, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	for _, b := range [][]byte{bucketProjects, bucketAudit} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	if m.Get(keyInstall) == nil {
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		return m.Put(keyInstall, []byte(id.String()))
	}
	return nil
}

func migrateV2(tx *bolt.Tx, _ time.Time) error {
	_, err := tx.CreateBucketIfNotExists(bucketSync)
	return err
}

func migratePeopleIndex(tx *bolt.Tx, _ time.Time) error {
	projects := tx.Bucket(bucketProjects)
	return projects.ForEachBucket(func(k []byte) error {
		return buildPeopleIndex(projects.Bucket(k))
	})
}
