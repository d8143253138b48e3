package davsync

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckName says why a name cannot be a file or folder name on every partner's computer, or nil.
// Names from the server are untrusted: "..", absolute paths, slashes, control characters and names
// Windows or macOS cannot hold are refused, so nothing is ever written outside the local folder.
func CheckName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty name")
	case name == "." || name == "..":
		return fmt.Errorf("%q points outside its folder", name)
	case strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) || driveLetter(name):
		return fmt.Errorf("%q is an absolute path", name)
	case strings.ContainsAny(name, `/\`):
		if strings.Contains(name, "..") {
			return fmt.Errorf("%q points outside its folder", name)
		}
		return fmt.Errorf("%q holds a path separator", name)
	case !utf8.ValidString(name):
		return fmt.Errorf("%q is not valid UTF-8", name)
	case len(name) > 255:
		return fmt.Errorf("%q is longer than 255 bytes", truncateName(name))
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || !unicode.IsPrint(r) && !unicode.IsSpace(r) && r != '\u200d' {
			return fmt.Errorf("%q holds a control character", name)
		}
		if strings.ContainsRune(`<>:"|?*`, r) {
			return fmt.Errorf("%q holds %q, which Windows does not allow in names", name, r)
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return fmt.Errorf("%q ends in a dot or a space, which Windows does not allow", name)
	}
	stem := strings.ToUpper(name)
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	stem = strings.TrimRight(stem, " ")
	switch stem {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		return fmt.Errorf("%q is a device name on Windows", name)
	}
	return nil
}

// CheckPath checks every part of a slash-separated relative path with CheckName.
func CheckPath(p string) error {
	if p == "" {
		return fmt.Errorf("empty name")
	}
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || driveLetter(p) {
		return fmt.Errorf("%q is an absolute path", p)
	}
	for _, part := range strings.Split(p, "/") {
		if err := CheckName(part); err != nil {
			return err
		}
	}
	return nil
}

// driveLetter says whether a name starts like a Windows absolute path: "C:", "C:\…", "C:/…".
func driveLetter(name string) bool {
	if len(name) < 2 || name[1] != ':' || !('a' <= name[0]|0x20 && name[0]|0x20 <= 'z') {
		return false
	}
	return len(name) == 2 || name[2] == '\\' || name[2] == '/'
}

// ignored names are never synced: the app's own folder and what systems and editors leave behind.
func ignored(name string, top bool) bool {
	switch {
	case top && name == localDir:
		return true
	case name == ".DS_Store" || name == "Thumbs.db" || name == "desktop.ini" || name == ".directory":
		return true
	case strings.HasPrefix(name, "~$"): // Office's lock files
		return true
	case strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#"): // LibreOffice's
		return true
	}
	return false
}

func truncateName(s string) string {
	if len(s) <= 40 {
		return s
	}
	for i := 40; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return s[:40] + "…"
}

// foldName is the key under which names collide on case-insensitive file systems (Windows, macOS).
func foldName(p string) string { return strings.ToLower(p) }

// knownFolds maps the folded name of every path the journal knows, and of every folder above one,
// to that path: of names that differ only in capitals, the synced one keeps its place.
func knownFolds(files, dirs map[string]Synced) map[string]string {
	known := map[string]string{}
	add := func(p string) {
		for ; p != ""; p = parentName(p) {
			known[foldName(p)] = p
		}
	}
	for p := range files {
		add(p)
	}
	for p := range dirs {
		add(p)
	}
	return known
}

// caseWinners picks, among the names in folder rel that differ only in capitals, the one that is
// synced: the journal's, or else the first. It maps each folded path to the winner's path.
func caseWinners(rel string, names []string, known map[string]string) map[string]string {
	winner := map[string]string{}
	for _, name := range names {
		p := joinName(rel, name)
		k := foldName(p)
		if w, ok := winner[k]; !ok || (known[k] == p && w != p) {
			winner[k] = p
		}
	}
	return winner
}
