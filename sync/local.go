package davsync

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// localDir is the app's own folder inside the synced folder: downloads in progress and the trash.
const localDir = ".partnerdesk"

// localFile is a file of the local folder as the scan found it.
type localFile struct {
	size   int64
	mtime  int64 // ns
	sha256 string
}

// localScan is the local folder: files and folders by slash path, and what was left out and why.
type localScan struct {
	files    map[string]localFile
	dirs     map[string]bool
	warnings []string
	// skipped are paths here that cannot be synced (links, unreadable files and folders), with why:
	// whatever the journal knows at or under them stays as it is.
	skipped map[string]string
	hashed  int64 // bytes read to hash files the journal could not vouch for
}

// scanLocal walks the folder without following links. A file whose size and modification time are
// the journal's keeps the journal's hash; any other is hashed.
func scanLocal(root string, journal map[string]Synced, hashed func(n int64)) (*localScan, error) {
	s := &localScan{files: map[string]localFile{}, dirs: map[string]bool{}, skipped: map[string]string{}}
	known := knownFolds(journal, nil)
	var walk func(rel string, depth int) error
	walk = func(rel string, depth int) error {
		if depth > 64 {
			return fmt.Errorf("%s: folders nested more than 64 deep", filepath.Join(root, rel))
		}
		list, err := readDir(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			if rel == "" {
				return fmt.Errorf("cannot read %s: %w", root, unwrapPath(err))
			}
			// One folder that cannot be read leaves out only itself; what was synced in it stays.
			s.skip(rel, fmt.Sprintf("cannot read %s: %v", filepath.Join(root, filepath.FromSlash(rel)), unwrapPath(err)))
			return nil
		}
		var names []string
		for _, de := range list {
			if !ignored(de.Name(), rel == "") && CheckName(de.Name()) == nil {
				names = append(names, de.Name())
			}
		}
		winner := caseWinners(rel, names, known)
		for _, de := range list {
			name := de.Name()
			p := path.Join(rel, name)
			if ignored(name, rel == "") {
				continue
			}
			if err := CheckName(name); err != nil {
				s.warnings = append(s.warnings, fmt.Sprintf("%s: not shared: %v; rename it to share it", p, err))
				continue
			}
			if other := winner[foldName(p)]; other != p {
				s.warnings = append(s.warnings, fmt.Sprintf("%s: not shared: %s differs only in capitals, which Windows and macOS cannot hold apart; rename it to share it", p, other))
				continue
			}
			switch t := de.Type(); {
			case t&fs.ModeSymlink != 0:
				s.skip(p, fmt.Sprintf("%s: not shared: it is a link, which is never followed", p))
				continue
			case t.IsDir():
				s.dirs[p] = true
				if err := walk(p, depth+1); err != nil {
					return err
				}
				continue
			case !t.IsRegular():
				continue
			}
			fi, err := de.Info()
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					continue // deleted while we looked
				}
				s.skip(p, fmt.Sprintf("cannot read %s: %v", filepath.Join(root, filepath.FromSlash(p)), unwrapPath(err)))
				continue
			}
			f := localFile{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
			if j, ok := journal[p]; ok && j.Size == f.size && j.MTime == f.mtime && j.SHA256 != "" {
				f.sha256 = j.SHA256
			} else {
				sum, n, err := hashFile(filepath.Join(root, filepath.FromSlash(p)))
				if err != nil {
					if !errors.Is(err, fs.ErrNotExist) {
						s.skip(p, err.Error())
					}
					continue
				}
				f.sha256, f.size = sum, n
				s.hashed += n
				if hashed != nil {
					hashed(n)
				}
			}
			s.files[p] = f
		}
		return nil
	}
	if err := walk("", 0); err != nil {
		return nil, err
	}
	return s, nil
}

// skip leaves a path here out of the run, with a warning: what the journal knows at or under it
// stays as it is, on the server too.
func (s *localScan) skip(p, why string) {
	s.skipped[p] = why
	s.warnings = append(s.warnings, why+"; left out, and what was synced under this name stays as it is")
}

// openFile and readDir are os.Open and os.ReadDir; tests make them refuse, as for another user.
var (
	openFile = os.Open
	readDir  = os.ReadDir
)

// hashFile returns a file's SHA-256 and size, reading it in a stream.
func hashFile(p string) (string, int64, error) {
	f, err := openFile(p)
	if err != nil {
		return "", 0, fmt.Errorf("cannot read %s: %w", p, unwrapPath(err))
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("cannot read %s: %w", p, unwrapPath(err))
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// localPath turns a checked slash path into a path in the folder, refusing one that would pass
// through a link (a link to elsewhere would carry a download out of the folder).
func localPath(root, rel string) (string, error) {
	if err := CheckPath(rel); err != nil {
		return "", err
	}
	full := root
	parts := strings.Split(rel, "/")
	for i, part := range parts {
		full = filepath.Join(full, part)
		fi, err := os.Lstat(full)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("cannot read %s: %w", full, unwrapPath(err))
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("%s: is a link; refusing to write through it", full)
		}
		if i < len(parts)-1 && !fi.IsDir() {
			return "", fmt.Errorf("%s: is a file where a folder is needed", full)
		}
	}
	return filepath.Join(root, filepath.FromSlash(rel)), nil
}

// sameAsScanned says whether a local file is still as the scan saw it (nil: it must still be absent).
func sameAsScanned(full string, seen *localFile) bool {
	fi, err := os.Lstat(full)
	if seen == nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	return err == nil && fi.Mode().IsRegular() && fi.Size() == seen.size && fi.ModTime().UnixNano() == seen.mtime
}

// tempFile makes a file for a download in the folder's own area, on the same disk as its target.
func tempFile(root string) (*os.File, error) {
	dir := filepath.Join(root, localDir, "tmp")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w", root, unwrapPath(err))
	}
	// Not os.CreateTemp: its 0600 would stay on the downloaded file; 0666 gets the umask applied,
	// as any file the person creates.
	for {
		name := filepath.Join(dir, "download-"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cannot write in %s: %w", root, unwrapPath(err))
		}
		return f, nil
	}
}

// cleanTemp removes downloads a stopped run left behind, and the app's folder when it is empty.
func cleanTemp(root string) {
	dir := filepath.Join(root, localDir, "tmp")
	if list, err := os.ReadDir(dir); err == nil {
		for _, e := range list {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	os.Remove(dir)
	os.Remove(filepath.Join(root, localDir))
}

// trash moves a local file into the folder's trash, keeping its path, instead of deleting it.
func trash(root, rel string, at time.Time) error {
	src := filepath.Join(root, filepath.FromSlash(rel))
	base := filepath.Join(root, localDir, "trash", at.Format("2006-01-02 150405"))
	dst := filepath.Join(base, filepath.FromSlash(rel))
	for i := 2; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		if i > 1000 {
			return fmt.Errorf("%s: the trash is full of copies", rel)
		}
		dst = filepath.Join(base, filepath.FromSlash(withSuffix(rel, fmt.Sprintf(" %d", i))))
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("cannot move %s to the trash: %w", src, unwrapPath(err))
	}
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("cannot move %s to the trash: %w", src, unwrapPath(err))
	}
	return nil
}

// withSuffix puts s before a name's extension: "a/report.pdf" → "a/report s.pdf".
func withSuffix(rel, s string) string {
	dir, name := path.Split(rel)
	ext := path.Ext(name)
	if ext == name { // ".profile": no extension
		ext = ""
	}
	return dir + strings.TrimSuffix(name, ext) + s + ext
}
