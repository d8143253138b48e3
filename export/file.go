package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// WriteFile writes a document to path atomically: a temp file in the same folder, fsync, rename;
// on any error nothing is left behind. Errors name the path and say why
// (e.g. "cannot write /x/y.pdf: permission denied"); an error of write itself is returned as it is.
// Only a regular file is replaced: a symlink, pipe, device or folder at path is refused.
func WriteFile(path string, write func(io.Writer) error) error {
	if err := checkTarget(path); err != nil {
		return err
	}
	a, err := createAtomic(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return writeError(path, err)
	}
	if err := write(a.bw); err != nil {
		a.abort()
		if a.fw.err != nil {
			return writeError(path, a.fw.err) // the disk failed, whatever the document says about it
		}
		return err
	}
	return a.commit(path)
}

// atomicFile is a temp file beside its target that becomes the target on commit, or disappears.
type atomicFile struct {
	f   *os.File
	fw  *fileWriter
	bw  *bufio.Writer
	dir string
}

// checkTarget refuses to replace anything but a regular file: renaming over a symlink, pipe or
// device would silently swap it for a PDF.
func checkTarget(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil // missing, or the write itself will say why
	}
	what := ""
	switch m := fi.Mode(); {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeSymlink != 0:
		what = "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "a special file"
	}
	return fmt.Errorf("cannot write %s: it is %s, not a regular file (give a new file name)", path, what)
}

// tempPrefix and tempSuffix name every temp file Partnerdesk writes, so stale ones are recognisably its own.
const (
	tempPrefix = ".partnerdesk-"
	tempSuffix = ".tmp"
)

// staleAfter is how old an untouched temp file must be to count as left over by a killed run.
const staleAfter = time.Hour

// RemoveStaleTemps deletes the temp files a killed or crashed run left in dir: ours, regular, and
// untouched for an hour (a batch running now keeps writing to its own). It returns how many it removed.
func RemoveStaleTemps(dir string, now time.Time) int {
	list, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, d := range list {
		name := d.Name()
		if !d.Type().IsRegular() || !isOurTemp(name) {
			continue
		}
		fi, err := d.Info()
		if err != nil || now.Sub(fi.ModTime()) < staleAfter {
			continue
		}
		if os.Remove(filepath.Join(dir, name)) == nil {
			n++
		}
	}
	return n
}

// isOurTemp recognises our temp names, and those of earlier versions (".<name>.pdf.<digits>.tmp").
func isOurTemp(name string) bool {
	if !strings.HasSuffix(name, tempSuffix) || !strings.HasPrefix(name, ".") {
		return false
	}
	if strings.HasPrefix(name, tempPrefix) {
		return true
	}
	rest := strings.TrimSuffix(name, tempSuffix)
	i := strings.LastIndexByte(rest, '.')
	if i < 0 || !isDigits(rest[i+1:]) {
		return false
	}
	ext := filepath.Ext(rest[:i])
	return ext == ".pdf" || ext == ".json"
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func createAtomic(dir, name string) (*atomicFile, error) {
	return createAtomicSize(dir, name, 64<<10)
}

// createAtomicSize is createAtomic with a buffer of its own size: a file written in one piece needs
// next to none (bufio passes a large write straight through).
func createAtomicSize(dir, name string, buffer int) (*atomicFile, error) {
	f, err := os.CreateTemp(dir, tempPrefix+tempStem(name)+"-*"+tempSuffix)
	if err != nil {
		return nil, err
	}
	fw := &fileWriter{w: f}
	return &atomicFile{f: f, fw: fw, bw: bufio.NewWriterSize(fw, buffer), dir: dir}, nil
}

// abort removes the temp file.
func (a *atomicFile) abort() {
	a.f.Close()
	os.Remove(a.f.Name())
}

// commit flushes, syncs and renames the temp file to path (in the same folder).
func (a *atomicFile) commit(path string) error {
	if err := a.commitUnsynced(path); err != nil {
		return err
	}
	syncDir(a.dir)
	return nil
}

// commitUnsynced is commit without syncing the folder: a batch of files syncs it once, at the end.
func (a *atomicFile) commitUnsynced(path string) error {
	if err := a.finishWrite(path, true); err != nil {
		return err
	}
	return a.rename(path)
}

// finishWrite flushes and closes the temp file, syncing it to disk when sync is set (else the
// caller syncs the file system before the rename, for many files at once).
func (a *atomicFile) finishWrite(path string, sync bool) error {
	err := a.bw.Flush()
	if err == nil {
		err = a.f.Chmod(0o644)
	}
	if err == nil && sync {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(a.f.Name())
		return writeError(path, err)
	}
	return nil
}

// rename puts the written temp file in place of path.
func (a *atomicFile) rename(path string) error {
	// Something may have been put there while the document was written.
	if err := checkTarget(path); err != nil {
		os.Remove(a.f.Name())
		return err
	}
	if err := os.Rename(a.f.Name(), path); err != nil {
		os.Remove(a.f.Name())
		return writeError(path, err)
	}
	return nil
}

// JoinInside joins dir and a file name made from record text, refusing any result outside dir:
// the last guard after SafeFileName against a name like "/../../x/victim".
func JoinInside(dir, name string) (string, error) {
	path := filepath.Join(dir, name)
	if name == "" || name != filepath.Base(name) || name == "." || name == ".." || filepath.Dir(path) != filepath.Clean(dir) {
		return "", fmt.Errorf("cannot write %q into %s: not a plain file name", name, dir)
	}
	return path, nil
}

// tempStem is the start of the target's name, kept short so the temp name stays within 255 bytes.
func tempStem(name string) string {
	for len(name) > 60 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return strings.ReplaceAll(name, "*", "-")
}

// fileWriter remembers a failure of the file under a document, to tell it from a failure of the document.
type fileWriter struct {
	w   io.Writer
	err error
}

func (f *fileWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil && f.err == nil {
		f.err = err
	}
	return n, err
}

// syncDir makes the rename durable where the system allows it (not on Windows).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		f.Close()
	}
}

// writeError says which file could not be written and why, in words a person reads.
func writeError(path string, err error) error {
	why := err.Error()
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		why = pe.Err.Error()
	case errors.As(err, &le):
		why = le.Err.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		why = "the folder " + filepath.Dir(path) + " does not exist"
	case errors.Is(err, fs.ErrPermission):
		why = "permission denied"
	case errors.Is(err, syscall.ENOSPC):
		why = "the disk is full"
	case errors.Is(err, syscall.EROFS):
		why = "the file system is read-only"
	case errors.Is(err, syscall.ENOTDIR):
		why = filepath.Dir(path) + " is not a folder"
	}
	return fmt.Errorf("cannot write %s: %s", path, why)
}

// maxNameBytes keeps file names under every common file system's limit of 255 bytes, with room for a suffix.
const maxNameBytes = 200

// windowsReserved are device names Windows refuses as file names, with or without an extension.
var windowsReserved = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
}

// SafeFileName turns a document name into a file name every desktop system accepts:
// NFC-normalised (macOS stores names decomposed, the others do not), no path separators,
// no characters Windows forbids, no control characters, no trailing dots or spaces,
// no reserved device name, at most 200 bytes; ext (".pdf") is appended.
func SafeFileName(name, ext string) string {
	name = norm.NFC.String(name)
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		case r == utf8.RuneError, unicode.IsControl(r), isBidiControl(r):
			continue
		case strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteRune('-')
		default:
			b.WriteRune(r)
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	for len(s) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	s = strings.TrimRight(s, ". ")
	s = strings.TrimLeft(s, " ")
	if s == "" || strings.Trim(s, ".") == "" {
		s = "document"
	}
	base, _, _ := strings.Cut(s, ".")
	if windowsReserved[strings.ToUpper(strings.TrimSpace(base))] {
		s = "_" + s
	}
	return s + ext
}

// isBidiControl reports the direction overrides that make a name display as another ("fdp.exe" for "exe.pdf").
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}
