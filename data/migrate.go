package data

import (
	"encoding/binary"
	"encoding/json"
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
	{"keep hours as whole seconds instead of whole minutes", migrateV3},
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

// migrateV3 turns every entry's minutes into seconds. The exact value is the index's whole minutes
// (the record's JSON carried it rounded to 0.01 h), so nothing typed before is changed.
func migrateV3(tx *bolt.Tx, _ time.Time) error {
	projects := tx.Bucket(bucketProjects)
	if projects == nil {
		return nil
	}
	return projects.ForEachBucket(func(pk []byte) error {
		pb := projects.Bucket(pk)
		idx, byOut, eb := pb.Bucket(bucketByPerson), pb.Bucket(bucketByOutput), pb.Bucket([]byte(KindEntry))
		if idx == nil || eb == nil {
			return nil
		}
		type item struct{ key, val []byte }
		var items []item
		if err := idx.ForEach(func(k, v []byte) error {
			if len(k) == 36 && len(v) == 24 {
				items = append(items, item{append([]byte(nil), k...), append([]byte(nil), v...)})
			}
			return nil
		}); err != nil {
			return err
		}
		for _, it := range items {
			secs := binary.BigEndian.Uint64(it.val[16:]) * 60
			if err := idx.Put(it.key, binary.BigEndian.AppendUint64(append([]byte(nil), it.val[:16]...), secs)); err != nil {
				return err
			}
			var e Entry
			ok, err := getJSON(eb, it.key[20:36], &e)
			if err != nil || !ok {
				return err
			}
			e.Hours = Seconds(secs)
			raw, err := json.Marshal(&e)
			if err != nil {
				return err
			}
			if err := eb.Put(it.key[20:36], raw); err != nil {
				return err
			}
			if byOut != nil {
				if err := byOut.Put(outputKey(&e), binary.BigEndian.AppendUint64(nil, secs)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
