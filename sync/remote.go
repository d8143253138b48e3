package davsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Remote is a folder on a server, seen through the handful of operations sharing needs.
//
// The contract every implementation keeps (the shared suite in remote_test.go checks it):
//
//   - Names are slash-separated and relative to the remote's root: "" is the root,
//     "records/0192….json" a file. A trailing slash is never needed.
//   - List(dir) returns the entries directly inside dir (one Depth 1 PROPFIND), never dir itself
//     and never anything deeper. An entry's Name is its name inside dir exactly as the server gave
//     it, after percent-decoding: it is untrusted, and callers check it with CheckName before use.
//     A missing dir is ErrNotFound.
//   - Stat(name) describes one file or folder; a missing one is ErrNotFound.
//   - Get(name) opens a file's content; the Entry it returns holds the ETag and Size the server sent
//     with the content (Size -1 when the server did not say). The body may still end early: callers
//     verify size and hash.
//   - Put(name, body, size, opt) replaces or creates a file with exactly size bytes read from body,
//     sending Content-Length. IfNoneMatch refuses to overwrite an existing file, IfMatch refuses
//     unless the current ETag is that one; either refusal is ErrPrecondition and changes nothing.
//     A missing parent folder is ErrNotFound. The result's ETag is empty when the server sent none.
//   - Delete(name, ifMatch) removes a file, or a folder with everything in it; with ifMatch set only
//     when the current ETag is that one (else ErrPrecondition). A missing name is ErrNotFound.
//   - Mkdir(name) creates one folder: ErrExists when something is already there, ErrNotFound when
//     the parent folder is missing.
//   - Move(from, to) renames without overwriting: ErrPrecondition when to exists, ErrNotFound when
//     from or to's parent is missing.
//   - ETags are strong or nothing: a weak or malformed ETag is reported as "" (unknown).
//   - Every error names the operation and the name (see StatusError); none holds a password.
type Remote interface {
	List(ctx context.Context, dir string) ([]Entry, error)
	Stat(ctx context.Context, name string) (Entry, error)
	Get(ctx context.Context, name string) (io.ReadCloser, Entry, error)
	Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error)
	Delete(ctx context.Context, name string, ifMatch string) error
	Mkdir(ctx context.Context, name string) error
	Move(ctx context.Context, from, to string) error
}

// Entry describes a file or folder on the remote.
type Entry struct {
	Name    string // in List: the name inside the listed folder; elsewhere the full name
	IsDir   bool
	Size    int64     // bytes; -1 when unknown
	ETag    string    // strong ETag without quotes; "" when the server gave none or a weak one
	SHA256  string    // lower-case hex, when the server offers checksums ("" otherwise)
	ModTime time.Time // informative only: sync never decides by clocks
}

// PutOptions make an upload conditional.
type PutOptions struct {
	IfMatch     string // upload only when the current ETag is this one
	IfNoneMatch bool   // upload only when no file has the name
	SHA256      string // the content's hash, sent where the server can store or check it
}

// PutResult is what the server said about an upload.
type PutResult struct {
	ETag   string // "" when the server sent none (or a weak one)
	SHA256 string // when the server reported the checksum of what it stored
}

// Errors a Remote reports, to test with errors.Is; a StatusError carries the details.
var (
	ErrNotFound            = errors.New("not found")
	ErrPrecondition        = errors.New("changed on the server meanwhile")
	ErrExists              = errors.New("already exists")
	ErrUnauthorized        = errors.New("user name or password refused")
	ErrForbidden           = errors.New("not allowed")
	ErrInsufficientStorage = errors.New("server storage is full")
)

// StatusError is a refusal by the server: what was done, to which name, and the HTTP status.
type StatusError struct {
	Op   string // list, stat, get, put, delete, mkdir, move
	Name string
	Code int
	Msg  string // the server's own words, when short and useful
	// RetryAfter is how long a 429 or 503 answer asked to wait (its Retry-After), 0 when it did not say.
	RetryAfter time.Duration
}

// Error names the path, what the server refused, the status and what a person can do.
func (e *StatusError) Error() string {
	what := map[string]string{
		"list": "the listing", "stat": "the lookup", "get": "the download", "put": "the upload",
		"delete": "the deletion", "mkdir": "creating the folder", "move": "the move",
	}[e.Op]
	if what == "" {
		what = e.Op
	}
	s := fmt.Sprintf("%s: server refused %s (%d %s)", displayName(e.Name), what, e.Code, http.StatusText(e.Code))
	if hint := statusHint(e.Code, e.Op); hint != "" {
		s += ": " + hint
	}
	if e.Msg != "" {
		s += " — " + e.Msg
	}
	return s
}

// Is lets errors.Is match the sentinel errors above.
func (e *StatusError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		// 409 Conflict is what RFC 4918 answers for a PUT, MKCOL or MOVE into a missing folder.
		return e.Code == http.StatusNotFound || e.Code == http.StatusGone ||
			(e.Code == http.StatusConflict && (e.Op == "put" || e.Op == "mkdir" || e.Op == "move"))
	case ErrPrecondition:
		return e.Code == http.StatusPreconditionFailed
	case ErrExists:
		return e.Op == "mkdir" && e.Code == http.StatusMethodNotAllowed
	case ErrUnauthorized:
		return e.Code == http.StatusUnauthorized
	case ErrForbidden:
		return e.Code == http.StatusForbidden
	case ErrInsufficientStorage:
		return e.Code == http.StatusInsufficientStorage
	}
	return false
}

// statusHint says what a person can do about a status.
func statusHint(code int, op string) string {
	switch code {
	case http.StatusUnauthorized:
		return "check the user name and password"
	case http.StatusForbidden:
		return "the user may not do this here; check the folder's sharing permissions"
	case http.StatusNotFound:
		if op == "list" || op == "stat" {
			return "no such folder or file; check the address"
		}
	case http.StatusMethodNotAllowed:
		if op != "mkdir" {
			return "is the address a WebDAV folder? (Nextcloud: https://HOST/remote.php/dav/files/USER/FOLDER)"
		}
	case http.StatusInsufficientStorage:
		return "the server's storage or the user's quota is full"
	}
	return ""
}

// displayName names a remote path in messages: the root is "the share folder".
func displayName(name string) string {
	if name == "" {
		return "the share folder"
	}
	return name
}

// errNotFound builds the error an implementation returns for a missing name.
func errNotFound(op, name string) error {
	return &StatusError{Op: op, Name: name, Code: http.StatusNotFound}
}

// joinName joins remote name parts, leaving out empty ones.
func joinName(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.Trim(p, "/"); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "/")
}

// parentName is the folder holding a remote name ("" for a top-level name).
func parentName(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return ""
}

// baseName is a remote name's last part.
func baseName(name string) string {
	return name[strings.LastIndexByte(name, '/')+1:]
}
