package data

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestOpenCreatesSchemaAndInstallation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "folder", "p.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.SchemaVersion()
	inst := s.Installation()
	s.Close()
	if v != SchemaVersion {
		t.Errorf("schema = %d, want %d", v, SchemaVersion)
	}
	if !validID(inst) {
		t.Errorf("installation %q is not a UUID", inst)
	}
	// Reopening keeps the installation: it owns the records this database created.
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.Installation() != inst {
		t.Errorf("installation changed on reopen: %s → %s", inst, s2.Installation())
	}
}

// TestMigrationV1 runs the migrations on an empty bbolt file and checks the tree the first leaves.
func TestMigrationV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raw.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return migrate(tx, fixedNow()) })
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketProjects, bucketAudit} {
			if tx.Bucket(b) == nil {
				t.Errorf("bucket %s missing", b)
			}
		}
		if v := binary.BigEndian.Uint32(tx.Bucket(bucketMeta).Get(keySchema)); v != uint32(SchemaVersion) {
			t.Errorf("schema = %d after migrating", v)
		}
		return nil
	})
	// Running it again is a no-op: the installation stays.
	var before, after string
	db.View(func(tx *bolt.Tx) error { before = string(tx.Bucket(bucketMeta).Get(keyInstall)); return nil })
	db.Update(func(tx *bolt.Tx) error { return migrate(tx, fixedNow()) })
	db.View(func(tx *bolt.Tx) error { after = string(tx.Bucket(bucketMeta).Get(keyInstall)); return nil })
	db.Close()
	if before != after {
		t.Errorf("second migrate changed the installation")
	}
}

// TestMigrationV2 upgrades a schema-1 database: its records stay, the sync bucket appears.
func TestMigrationV2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		if err := migrations[0].run(tx, fixedNow()); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, 1))
	})
	db.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(); v != SchemaVersion {
		t.Errorf("schema after open = %d", v)
	}
	if err := s.SyncPut("p", "files", SyncEntry{"a/b.txt", []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.SyncGet("p", "files", "a/b.txt"); string(v) != "x" {
		t.Errorf("sync state = %q", v)
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()

	t.Run("in use", func(t *testing.T) {
		path := filepath.Join(dir, "busy.db")
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		start := time.Now()
		_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
		if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), path) {
			t.Fatalf("second open = %v, want an in-use error naming the file", err)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("second open hung")
		}
	})
	t.Run("not a bbolt file", func(t *testing.T) {
		path := filepath.Join(dir, "notes.db")
		content := []byte(strings.Repeat("these are my notes, not a database\n", 200))
		os.WriteFile(path, content, 0o600)
		_, err := Open(path, Options{})
		if err == nil || !strings.Contains(err.Error(), "not a Partnerdesk database") {
			t.Fatalf("open = %v", err)
		}
		got, _ := os.ReadFile(path)
		if string(got) != string(content) {
			t.Errorf("the file was changed by a refused open")
		}
	})
	t.Run("another program's bbolt file", func(t *testing.T) {
		path := filepath.Join(dir, "other.db")
		db, _ := bolt.Open(path, 0o600, nil)
		db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
		db.Close()
		_, err := Open(path, Options{})
		if err == nil || !strings.Contains(err.Error(), "another program") {
			t.Fatalf("open = %v", err)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		path := filepath.Join(dir, "newer.db")
		s, _ := Open(path, Options{})
		s.db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, 99))
		})
		s.Close()
		_, err := Open(path, Options{})
		if err == nil || !strings.Contains(err.Error(), "newer Partnerdesk") {
			t.Fatalf("open = %v", err)
		}
	})
	t.Run("a folder", func(t *testing.T) {
		_, err := Open(dir, Options{})
		if err == nil || !strings.Contains(err.Error(), "folder") {
			t.Fatalf("open = %v", err)
		}
	})
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("PARTNERDESK_DB", "")
	t.Setenv("XDG_CONFIG_HOME", "/tmp/cfg-test")
	p, err := DefaultPath()
	if err != nil || p != filepath.Join("/tmp/cfg-test", "partnerdesk", "partnerdesk.db") {
		t.Errorf("default path = %q, %v", p, err)
	}
	t.Setenv("PARTNERDESK_DB", "/tmp/x.db")
	if p, _ := DefaultPath(); p != "/tmp/x.db" {
		t.Errorf("PARTNERDESK_DB ignored: %q", p)
	}
}
