package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// demoDB makes a closed database with a demo project big enough to span many pages.
func demoDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "partnerdesk.db")
	s, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(Demo(DemoOptions{People: 8, Months: 6, Seed: 1}), ImportOptions{Source: "demo"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

// copyHead is `head -c n src > dst`.
func copyHead(t *testing.T, src, dst string, n int) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) <= n {
		t.Fatalf("%s is only %d bytes", src, len(b))
	}
	os.WriteFile(dst, b[:n], 0o600)
}

// TestTruncatedDatabaseIsNamedNotACrash: a cut-off copy of the database gives one clear error with the way out.
func TestTruncatedDatabaseIsNamedNotACrash(t *testing.T) {
	path := demoDB(t)
	for _, n := range []int{65536, 3 * 4096, 2*4096 + 100} {
		cut := filepath.Join(t.TempDir(), "copy.db")
		copyHead(t, path, cut, n)
		before, _ := os.ReadFile(cut)
		_, err := Open(cut, Options{Now: fixedNow})
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("open of the first %d bytes = %v, want a DamagedError", n, err)
		}
		for _, want := range []string{cut, "is damaged", "cut off", "partnerdesk check", "partnerdesk restore"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
		if after, _ := os.ReadFile(cut); !bytes.Equal(before, after) {
			t.Errorf("a refused open changed the file")
		}
		rep, err := Verify(cut, time.Second)
		if err != nil || len(rep.Problems) == 0 || !strings.Contains(rep.Problems[0], "cut off") {
			t.Errorf("Verify of a cut file: %+v, %v", rep, err)
		}
	}
	rep, err := Verify(path, time.Second)
	if err != nil || len(rep.Problems) != 0 || rep.Schema != SchemaVersion {
		t.Errorf("Verify of a sound file: %+v, %v", rep, err)
	}
}

// TestDamagedPagesGiveAnError: garbage over pages inside the file is reported as damage on open or on a read, never a panic.
func TestDamagedPagesGiveAnError(t *testing.T) {
	path := demoDB(t)
	orig, _ := os.ReadFile(path)
	f, _ := os.Open(path)
	m, ok := readMeta(f, 0)
	if m1, ok1 := readMeta(f, 4096); ok1 && m1.txid > m.txid {
		m = m1
	}
	f.Close()
	if !ok {
		t.Fatal("no meta page")
	}
	ps := int(m.pageSize)
	for _, c := range []struct {
		name string
		keep func(page int) bool
	}{
		{"every page", func(int) bool { return false }},
		{"all but the root and free list", func(p int) bool { return uint64(p) == m.root || uint64(p) >= m.freelist }},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := bytes.Clone(orig)
			for off := 2 * ps; off < len(b); off++ {
				if !c.keep(off / ps) {
					b[off] = byte(off*7 + 3)
				}
			}
			bad := filepath.Join(t.TempDir(), "bad.db")
			os.WriteFile(bad, b, 0o600)
			s, err := Open(bad, Options{Now: fixedNow, NoBackups: true})
			if err == nil {
				var list []Project
				if list, err = s.Projects(); err == nil && len(list) > 0 {
					_, err = s.Load(list[0].ID, LoadOptions{})
				}
				s.Close()
			}
			t.Log(err)
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "partnerdesk check") {
				t.Fatalf("damaged pages: %v, want a DamagedError", err)
			}
			if rep, err := Verify(bad, time.Second); err != nil || len(rep.Problems) == 0 {
				t.Errorf("Verify of damaged pages: %+v, %v", rep, err)
			}
		})
	}
}

// TestAutomaticBackups: a backup a day at open, the last five kept, one before a migration, and Restore brings one back.
func TestAutomaticBackups(t *testing.T) {
	path := demoDB(t) // created now: no backup of an empty file
	if list, _ := Backups(path); len(list) != 0 {
		t.Fatalf("backups of a new database: %v", list)
	}
	day := fixedNow()
	for i := range 8 {
		now := day.Add(time.Duration(i) * 25 * time.Hour)
		for range 2 { // twice a day: one backup
			s, err := Open(path, Options{Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}
	}
	list, err := Backups(path)
	if err != nil || len(list) != KeepBackups {
		t.Fatalf("%d backups after 8 days (%v), want %d", len(list), err, KeepBackups)
	}
	if !list[0].Time.After(list[1].Time) || list[0].Why != "daily" || filepath.Dir(list[0].Path) != filepath.Join(filepath.Dir(path), "backups") {
		t.Errorf("backups: %+v", list)
	}
	entries, _ := os.ReadDir(BackupDir(path))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	// A backup is a sound database with the same records.
	want := func(p string) string {
		s, err := Open(p, Options{Now: fixedNow, NoBackups: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return dbFingerprint(t, s)
	}
	orig := want(path)
	if got := want(list[0].Path); got != orig {
		t.Errorf("the backup holds other records")
	}

	// The database gets cut off; Restore puts the newest backup back and keeps the damaged file aside.
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)/2], 0o600)
	kept, err := Restore(path, list[0].Path, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(kept, ".damaged-") {
		t.Errorf("the damaged file was kept as %q", kept)
	}
	if k, _ := os.ReadFile(kept); len(k) != len(b)/2 {
		t.Errorf("the damaged file was not kept whole")
	}
	if got := want(path); got != orig {
		t.Errorf("after restore the records differ")
	}
	// A damaged backup is not restored.
	os.WriteFile(list[1].Path, b[:len(b)/2], 0o600)
	if _, err := Restore(path, list[1].Path, fixedNow()); err == nil || !strings.Contains(err.Error(), "damaged too") {
		t.Errorf("restore of a damaged backup: %v", err)
	}
}

func TestBackupBeforeMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		if err := migrations[0].run(tx, fixedNow()); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, 1))
	})
	db.Close()
	s, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	list, _ := Backups(path)
	var before *Backup
	for i := range list {
		if list[i].Why == fmt.Sprintf("before schema %d", SchemaVersion) {
			before = &list[i]
		}
	}
	if before == nil {
		t.Fatalf("no backup before the migration: %+v", list)
	}
	rep, err := Verify(before.Path, time.Second)
	if err != nil || len(rep.Problems) > 0 || rep.Schema != 1 {
		t.Errorf("the backup before the migration: %+v, %v", rep, err)
	}
}
