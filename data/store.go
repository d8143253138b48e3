package data

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bucket and key names; see the tree in doc.go.
var (
	bucketMeta     = []byte("meta")
	bucketProjects = []byte("projects")
	bucketAudit    = []byte("audit")
	keySchema      = []byte("schema")
	keyInstall     = []byte("installation")
	keyRecord      = []byte("record")
	bucketByPerson = []byte("idx_entries_by_person")
	bucketByOutput = []byte("idx_entries_by_output")
)

// ErrInUse is returned by Open when another Partnerdesk holds the database.
var ErrInUse error = &Problem{Key: "in use by another Partnerdesk window or command"}

// Store is the local Partnerdesk database: one bbolt file.
type Store struct {
	db           *bolt.DB
	path         string
	installation string
	now          func() time.Time
}

// Options tune Open; the zero value is right for the app.
type Options struct {
	// Timeout is how long Open waits for another process to release the file.
	Timeout time.Duration
	// Now is the clock; tests pass a fixed one.
	Now func() time.Time
	// NoBackups skips the automatic backups (before a migration, and daily) into backups/ beside the file.
	NoBackups bool
}

// DefaultPath is where the app keeps its database: PARTNERDESK_DB, else the user's config dir.
func DefaultPath() (string, error) {
	if p := os.Getenv("PARTNERDESK_DB"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no place for the database: %w (set PARTNERDESK_DB or --db)", err)
	}
	return filepath.Join(dir, "partnerdesk", "partnerdesk.db"), nil
}

// Open opens (or creates) the database at path and brings its schema up to date.
func Open(path string, opt Options) (*Store, error) {
	if opt.Timeout == 0 {
		opt.Timeout = time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	existed := false
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return nil, fmt.Errorf("database %s: is a folder, not a file", path)
		}
		existed = fi.Size() > 0
	}
	if existed {
		// Before bbolt maps the file: reading past the end of a cut-off file kills the process.
		if err := checkFile(path); err != nil {
			return nil, err
		}
	}
	db, err := openGuarded(path, &bolt.Options{Timeout: opt.Timeout})
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, fmt.Errorf("database %s: %w", path, ErrInUse)
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("database %s: permission denied", path)
		case errors.Is(err, ErrDamaged):
			return nil, err
		case existed:
			// bbolt says "invalid database", "file size too small", "checksum error"… all mean the same to a person.
			return nil, fmt.Errorf("database %s: not a Partnerdesk database (not a bbolt file)", path)
		}
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	s := &Store{db: db, path: path, now: opt.Now}
	if existed && !opt.NoBackups {
		if have, err := s.storedSchema(); err != nil {
			db.Close()
			return nil, err
		} else if have > 0 && have < len(migrations) {
			s.autoBackup(fmt.Sprintf("-before-schema-%d", len(migrations)))
		}
	}
	if err := s.update(func(tx *bolt.Tx) error { return migrate(tx, s.now()) }); err != nil {
		db.Close()
		if errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	if err := s.view(func(tx *bolt.Tx) error {
		s.installation = string(tx.Bucket(bucketMeta).Get(keyInstall))
		return nil
	}); err != nil {
		db.Close()
		return nil, err
	}
	if existed && !opt.NoBackups {
		s.autoBackup("")
	}
	return s, nil
}

// storedSchema is the schema version in the file, 0 when it has none yet.
func (s *Store) storedSchema() (int, error) {
	v := 0
	err := s.view(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			if b := m.Get(keySchema); len(b) == 4 {
				v = int(binary.BigEndian.Uint32(b))
			}
		}
		return nil
	})
	return v, err
}

// Close releases the database file.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Installation is this database's installation ID: the owner of the records it creates.
func (s *Store) Installation() string { return s.installation }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// SchemaVersion reads the schema version stored in the database.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.view(func(tx *bolt.Tx) error {
		v = int(binary.BigEndian.Uint32(tx.Bucket(bucketMeta).Get(keySchema)))
		return nil
	})
	return v, err
}

// idKey turns a UUID string into its 16-byte key; the caller has validated it.
func idKey(id string) []byte {
	u, err := uuid.Parse(id)
	if err != nil {
		// Validation runs first; a bad ID here is a bug, and an unmatchable key is the safe answer.
		return []byte(id)
	}
	return u[:]
}

// keyID turns a 16-byte key back into the UUID string.
func keyID(k []byte) string {
	u, err := uuid.FromBytes(k)
	if err != nil {
		return string(k)
	}
	return u.String()
}

// NewID returns a new time-ordered record ID (UUIDv7).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// projectBucket returns the project's bucket, or nil.
func projectBucket(tx *bolt.Tx, projectID string) *bolt.Bucket {
	return tx.Bucket(bucketProjects).Bucket(idKey(projectID))
}

// getJSON decodes a stored record; bbolt's bytes are only valid inside the transaction, and json copies them.
func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	if err := unmarshalRecord(raw, v); err != nil {
		return true, fmt.Errorf("stored record %s is damaged: %w", keyID(key), err)
	}
	return true, nil
}

// unmarshalRecord is json.Unmarshal for a stored record; an entry into a zero Entry takes decodeEntry's
// quicker road when it can.
func unmarshalRecord(raw []byte, v any) error {
	if e, ok := v.(*Entry); ok && *e == (Entry{}) {
		if d, ok := decodeEntry(raw); ok {
			*e = d
			return nil
		}
	}
	return json.Unmarshal(raw, v)
}

// forEach decodes every record of a kind in a project bucket, in ID order.
func forEach[T any](pb *bolt.Bucket, kind Kind, fn func(*T) error) error {
	b := pb.Bucket([]byte(kind))
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		r := new(T)
		if err := unmarshalRecord(v, r); err != nil {
			return fmt.Errorf("stored %s record %s is damaged: %w", kind, keyID(k), err)
		}
		return fn(r)
	})
}

// personDateKey is the by-person index key: person, day, entry.
func personDateKey(person string, d Date, entry string) []byte {
	k := make([]byte, 0, 36)
	k = append(k, idKey(person)...)
	k = binary.BigEndian.AppendUint32(k, d.DayNumber())
	return append(k, idKey(entry)...)
}

// outputKey is the by-output index key: output, person, day, entry.
func outputKey(e *Entry) []byte {
	k := make([]byte, 0, 52)
	k = append(k, idKey(e.Output)...)
	k = append(k, idKey(e.Person)...)
	k = binary.BigEndian.AppendUint32(k, e.Date.DayNumber())
	return append(k, idKey(e.ID)...)
}

// personIndexValue holds what a month sheet needs without decoding the record: output and minutes.
func personIndexValue(e *Entry) []byte {
	v := make([]byte, 0, 24)
	v = append(v, idKey(e.Output)...)
	return binary.BigEndian.AppendUint64(v, uint64(e.Hours))
}

// indexEntries writes the entries' index keys, each index in key order (see keyOrder); unindexEntry removes them.
func indexEntries(pb *bolt.Bucket, list []*Entry) error {
	type kv struct{ k, v []byte }
	byPerson := make([]kv, len(list))
	byOutput := make([]kv, len(list))
	for i, e := range list {
		byPerson[i] = kv{personDateKey(e.Person, e.Date, e.ID), personIndexValue(e)}
		byOutput[i] = kv{outputKey(e), binary.BigEndian.AppendUint64(nil, uint64(e.Hours))}
	}
	for name, kvs := range map[string][]kv{string(bucketByPerson): byPerson, string(bucketByOutput): byOutput} {
		sort.Slice(kvs, func(i, j int) bool { return bytes.Compare(kvs[i].k, kvs[j].k) < 0 })
		b := pb.Bucket([]byte(name))
		for _, x := range kvs {
			if err := b.Put(x.k, x.v); err != nil {
				return err
			}
		}
	}
	return nil
}

func unindexEntry(pb *bolt.Bucket, e *Entry) error {
	if err := pb.Bucket(bucketByPerson).Delete(personDateKey(e.Person, e.Date, e.ID)); err != nil {
		return err
	}
	return pb.Bucket(bucketByOutput).Delete(outputKey(e))
}

// hasPrefix is bytes.HasPrefix, named for the cursor loops.
func hasPrefix(k, p []byte) bool { return bytes.HasPrefix(k, p) }
