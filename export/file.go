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
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// WriteFile writes a document to path atomically: a temp file in the same folder, fsync, rename;
// on any error nothing is left behind. Errors name the path and say why
// (e.g. "cannot write /x/y.pdf: permission denied"); an error of write itself is returned as it is.
func WriteFile(path string, write func(io.Writer) error) error {
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

func createAtomic(dir, name string) (*atomicFile, error) {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return nil, err
	}
	fw := &fileWriter{w: f}
	return &atomicFile{f: f, fw: fw, bw: bufio.NewWriterSize(fw, 64<<10), dir: dir}, nil
}

// abort removes the temp file.
func (a *atomicFile) abort() {
	a.f.Close()
	os.Remove(a.f.Name())
}

// commit flushes, syncs and renames the temp file to path (in the same folder).
func (a *atomicFile) commit(path string) error {
	err := a.bw.Flush()
	if err == nil {
		err = a.f.Chmod(0o644)
	}
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.f.Name(), path)
	}
	if err != nil {
		os.Remove(a.f.Name())
		return writeError(path, err)
	}
	syncDir(a.dir)
	return nil
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
		case r == utf8.RuneError, unicode.IsControl(r):
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
