package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrDamaged is matched (errors.Is) by every DamagedError.
var ErrDamaged = errors.New("the database is damaged")

// DamagedError says the database file is damaged, and how to get out: check it, or restore a backup.
type DamagedError struct {
	Path string
	Why  string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("database %s is damaged (%s): run `partnerdesk check` to see what is wrong and which automatic backups there are, "+
		"then `partnerdesk restore BACKUP` to go back to one (backups are in %s)", e.Path, e.Why, BackupDir(e.Path))
}

func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// Layout of a bbolt meta page (pages 0 and 1): a 16-byte page header, then the meta fields.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	metaOffset     = 16
	metaSumLen     = 56 // the fields before the checksum
	maxMetaPageLen = 64 << 10
)

// boltMeta is what checkFile needs of a meta page.
type boltMeta struct {
	pageSize uint32
	root     uint64 // the root bucket's page
	freelist uint64 // the free list's page, or noFreelist
	pgid     uint64 // the high water mark: pages the file must hold
	txid     uint64
}

const (
	noFreelist       = ^uint64(0)
	branchPageFlag   = 0x01
	leafPageFlag     = 0x02
	freelistPageFlag = 0x10
)

// readMeta decodes the meta page at off, or says it is not one. bbolt writes its native byte order;
// on a big-endian machine no page reads as a meta page and the checks are left to bbolt.
func readMeta(f *os.File, off int64) (boltMeta, bool) {
	buf := make([]byte, metaOffset+metaSumLen+8)
	if _, err := f.ReadAt(buf, off); err != nil {
		return boltMeta{}, false
	}
	m := buf[metaOffset:]
	le := binary.LittleEndian
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion {
		return boltMeta{}, false
	}
	h := fnv.New64a()
	h.Write(m[:metaSumLen])
	if h.Sum64() != le.Uint64(m[metaSumLen:]) {
		return boltMeta{}, false
	}
	return boltMeta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, true
}

// checkFile compares the file's size with the pages its newest valid meta page says it holds: a cut-off
// file (a copy that stopped, a full disk) would make bbolt read past its end and crash the process.
// A file without a valid meta page is left to bolt.Open, which calls it no bbolt file.
func checkFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // Open reports it
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil
	}
	m0, ok0 := readMeta(f, 0)
	var m1 boltMeta
	ok1 := false
	if ok0 {
		m1, ok1 = readMeta(f, int64(m0.pageSize))
	} else {
		// The first page is gone: find the second at each page size bbolt may use.
		for ps := int64(1024); ps <= maxMetaPageLen && !ok1; ps *= 2 {
			m1, ok1 = readMeta(f, ps)
			ok1 = ok1 && int64(m1.pageSize) == ps
		}
	}
	m := m0
	switch {
	case ok0 && ok1 && m1.txid > m0.txid, !ok0 && ok1:
		m = m1
	case !ok0 && !ok1:
		return nil
	}
	need := int64(m.pgid) * int64(m.pageSize)
	if m.pageSize == 0 || m.pgid < 2 || need/int64(m.pageSize) != int64(m.pgid) {
		return &DamagedError{path, "its header is inconsistent"}
	}
	if fi.Size() < need {
		return &DamagedError{path, fmt.Sprintf("the file is cut off: it holds %d bytes of the %d its pages need", fi.Size(), need)}
	}
	// bbolt reads these two pages at open and panics on garbage, leaving the file mapped and locked.
	if !pageIs(f, m, m.root, branchPageFlag|leafPageFlag) {
		return &DamagedError{path, fmt.Sprintf("its root page %d is overwritten", m.root)}
	}
	if m.freelist != noFreelist && !pageIs(f, m, m.freelist, freelistPageFlag) {
		return &DamagedError{path, fmt.Sprintf("its free-page list (page %d) is overwritten", m.freelist)}
	}
	return nil
}

// pageIs reports whether page id is below the high water mark and its header names it, with one of the flags.
func pageIs(f *os.File, m boltMeta, id uint64, flags uint16) bool {
	if id < 2 || id >= m.pgid {
		return false
	}
	var h [10]byte
	if _, err := f.ReadAt(h[:], int64(id)*int64(m.pageSize)); err != nil {
		return false
	}
	return binary.LittleEndian.Uint64(h[0:]) == id && binary.LittleEndian.Uint16(h[8:])&flags != 0
}

// guard turns a panic of bbolt on a damaged page into a DamagedError; a panic with the file intact is a bug and goes on.
func (s *Store) guard(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if problems := verify(s.db, 1); len(problems) > 0 {
		*err = &DamagedError{s.path, problems[0]}
		return
	}
	panic(r)
}

// Damaged runs bbolt's consistency check on the open store: nil when sound, else a DamagedError.
// Callers use it after a panic from code the store's guards do not cover.
func (s *Store) Damaged() error {
	if problems := verify(s.db, 1); len(problems) > 0 {
		return &DamagedError{s.path, problems[0]}
	}
	return nil
}

// view is db.View for the store's reads: a damaged page gives a DamagedError, not a crash.
func (s *Store) view(fn func(tx *bolt.Tx) error) (err error) {
	defer s.guard(&err)
	return s.db.View(fn)
}

// update is db.Update, with view's care.
func (s *Store) update(fn func(tx *bolt.Tx) error) (err error) {
	defer s.guard(&err)
	return s.db.Update(fn)
}

// verify runs bbolt's consistency check and returns up to max problems, in words.
func verify(db *bolt.DB, max int) (problems []string) {
	defer func() {
		if r := recover(); r != nil {
			problems = append(problems, fmt.Sprintf("bbolt: %v", r))
		}
	}()
	err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			if len(problems) < max {
				problems = append(problems, err.Error())
			}
		}
		if len(problems) == 0 && tx.Bucket(bucketMeta) == nil {
			problems = append(problems, "it has no meta bucket: not a Partnerdesk database")
		}
		return nil
	})
	if err != nil {
		problems = append(problems, err.Error())
	}
	return problems
}

// CheckReport is what `partnerdesk check` found.
type CheckReport struct {
	Path     string
	Size     int64
	Schema   int
	Problems []string // empty: the database is sound
}

// Verify checks the database at path without changing it: the file's length, then bbolt's page-by-page
// consistency check (it reads every page: seconds on a large database). Another Partnerdesk holding
// the database gives ErrInUse; a missing file an error.
func Verify(path string, timeout time.Duration) (*CheckReport, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("database %s: no such file", path)
		}
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("database %s: is a folder, not a file", path)
	}
	rep := &CheckReport{Path: path, Size: fi.Size()}
	if err := checkFile(path); err != nil {
		var de *DamagedError
		if errors.As(err, &de) {
			rep.Problems = append(rep.Problems, de.Why)
			return rep, nil
		}
		return nil, err
	}
	if timeout == 0 {
		timeout = time.Second
	}
	db, err := openGuarded(path, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, fmt.Errorf("database %s: %w", path, ErrInUse)
		case errors.Is(err, ErrDamaged):
			rep.Problems = append(rep.Problems, err.(*DamagedError).Why)
			return rep, nil
		}
		rep.Problems = append(rep.Problems, "not a bbolt file: "+err.Error())
		return rep, nil
	}
	defer db.Close()
	rep.Problems = verify(db, 20)
	if len(rep.Problems) == 0 {
		_ = db.View(func(tx *bolt.Tx) error {
			if v := tx.Bucket(bucketMeta).Get(keySchema); len(v) == 4 {
				rep.Schema = int(binary.BigEndian.Uint32(v))
			}
			return nil
		})
	}
	return rep, nil
}

// openGuarded is bolt.Open that turns a panic on a damaged file into a DamagedError.
// The file bbolt opened is closed then, which releases its lock.
func openGuarded(path string, opt *bolt.Options) (db *bolt.DB, err error) {
	var file *os.File
	opt.OpenFile = func(name string, flag int, mode os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, mode)
		file = f
		return f, err
	}
	defer func() {
		if r := recover(); r != nil {
			if file != nil {
				file.Close()
			}
			db, err = nil, &DamagedError{path, fmt.Sprintf("bbolt: %v", r)}
		}
	}()
	return bolt.Open(path, 0o600, opt)
}

// BackupDir is the folder of a database's automatic backups: backups/ beside it.
func BackupDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// KeepBackups is how many automatic backups are kept; older ones are removed.
const KeepBackups = 5

// backupEvery is how often Open makes an automatic backup.
const backupEvery = 24 * time.Hour

const backupStamp = "20060102-150405"

// Backup is one automatic backup of a database.
type Backup struct {
	Path string
	Time time.Time
	Size int64
	Why  string // "daily", or "before schema N"
}

// Backups lists the automatic backups of the database at dbPath, newest first.
func Backups(dbPath string) ([]Backup, error) {
	dir := BackupDir(dbPath)
	list, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("backups %s: %w", dir, err)
	}
	prefix := backupPrefix(dbPath)
	var out []Backup
	for _, d := range list {
		rest, ok := strings.CutPrefix(d.Name(), prefix)
		if !ok || !d.Type().IsRegular() || !strings.HasSuffix(rest, ".db") || len(rest) < len(backupStamp)+3 {
			continue
		}
		t, err := time.ParseInLocation(backupStamp, rest[:len(backupStamp)], time.UTC)
		if err != nil {
			continue
		}
		b := Backup{Path: filepath.Join(dir, d.Name()), Time: t, Why: "daily"}
		switch tail := strings.TrimSuffix(rest[len(backupStamp):], ".db"); {
		case tail == "":
		case strings.HasPrefix(tail, "-before-schema-"):
			b.Why = "before schema " + strings.TrimPrefix(tail, "-before-schema-")
		default:
			continue
		}
		if fi, err := d.Info(); err == nil {
			b.Size = fi.Size()
		}
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path > out[j].Path })
	return out, nil
}

// backupPrefix starts the names of a database's backups: "partnerdesk-" for partnerdesk.db.
func backupPrefix(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-"
}

// Backup writes a consistent copy of the whole database to w (one read transaction: writes may go on).
func (s *Store) Backup(w io.Writer) error {
	return s.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(w)
		return err
	})
}

// BackupTo writes a consistent copy of the database to path, atomically: a temp file beside it, then a rename.
func (s *Store) BackupTo(path string) error {
	if err := writeAtomic(path, s.Backup); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	return nil
}

// writeAtomic writes path through a temp file in its folder, synced and renamed; on error nothing is left.
func writeAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".partnerdesk-*.tmp")
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// autoBackup keeps the automatic backups: one now when why is set (before a migration) or the newest is
// a day old, then only the newest KeepBackups. A backup that cannot be written does not stop the work.
func (s *Store) autoBackup(why string) {
	list, err := Backups(s.path)
	if err != nil {
		return
	}
	now := s.now().UTC()
	if why != "" || len(list) == 0 || now.Sub(list[0].Time) >= backupEvery {
		name := backupPrefix(s.path) + now.Format(backupStamp) + why + ".db"
		if s.BackupTo(filepath.Join(BackupDir(s.path), name)) != nil {
			return
		}
		if list, err = Backups(s.path); err != nil {
			return
		}
	}
	for _, b := range list[min(len(list), KeepBackups):] {
		os.Remove(b.Path)
	}
}

// Restore replaces the database at dbPath with the backup at backupPath, after checking the backup is
// sound. The replaced file is kept beside it as "<name>.damaged-<time>" (or ".replaced-"), never deleted.
// The database must not be open: another Partnerdesk holding it gives ErrInUse.
func Restore(dbPath, backupPath string, now time.Time) (kept string, err error) {
	rep, err := Verify(backupPath, time.Second)
	if err != nil {
		return "", fmt.Errorf("backup %s: %w", backupPath, err)
	}
	if len(rep.Problems) > 0 {
		return "", fmt.Errorf("backup %s is damaged too (%s): choose another one", backupPath, rep.Problems[0])
	}
	if rep.Schema == 0 {
		return "", fmt.Errorf("backup %s: not a Partnerdesk database", backupPath)
	}
	if _, err := os.Stat(dbPath); err == nil {
		// Hold the database's lock while checking no one else has it; a damaged file may not open at all.
		if db, err := openGuarded(dbPath, &bolt.Options{ReadOnly: true, Timeout: time.Second}); err == nil {
			db.Close()
		} else if errors.Is(err, berrors.ErrTimeout) {
			return "", fmt.Errorf("database %s: %w; close it first", dbPath, ErrInUse)
		}
	}
	src, err := os.Open(backupPath)
	if err != nil {
		return "", fmt.Errorf("backup %s: %w", backupPath, err)
	}
	defer src.Close()
	tmp := dbPath + ".restoring"
	if err := writeAtomic(tmp, func(w io.Writer) error { _, err := io.Copy(w, src); return err }); err != nil {
		return "", fmt.Errorf("cannot restore into %s: %w", dbPath, err)
	}
	if err := markRestored(tmp, now); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("cannot restore into %s: %w", dbPath, err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		what := ".replaced-"
		if cerr := checkFile(dbPath); cerr != nil {
			what = ".damaged-"
		} else if r, _ := Verify(dbPath, time.Second); r != nil && len(r.Problems) > 0 {
			what = ".damaged-"
		}
		kept = dbPath + what + now.UTC().Format(backupStamp)
		if err := os.Rename(dbPath, kept); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("cannot move %s aside: %w", dbPath, err)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return kept, fmt.Errorf("cannot restore into %s: %w (the backup is still %s)", dbPath, err, backupPath)
	}
	return kept, nil
}

// keyRestored says when the database was put back from a backup: its shares then know that a
// newer records file of their own on the server is this database's own past, not a copy's.
var keyRestored = []byte("restored_at")

func markRestored(path string, now time.Time) error {
	db, err := openGuarded(path, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return nil // older than any schema: Open makes the tree; nothing was shared from it
		}
		return meta.Put(keyRestored, []byte(now.UTC().Format(time.RFC3339Nano)))
	})
}

// RestoredAt is when this database was last put back from a backup ("" when never).
func (s *Store) RestoredAt() string {
	var at string
	_ = s.view(func(tx *bolt.Tx) error {
		at = string(tx.Bucket(bucketMeta).Get(keyRestored))
		return nil
	})
	return at
}
