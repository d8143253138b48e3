package davsync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Memory is a Remote held in memory, for fast tests; it keeps the same contract as a WebDAV server.
type Memory struct {
	// Checksums makes listings report each file's SHA-256, as Nextcloud does for files uploaded with one.
	Checksums bool
	// NoETags makes the remote report no ETags at all, like a server with weak ones.
	NoETags bool
	// NoPutETag answers an upload without an ETag, as Apache mod_dav and nginx do; listings have them.
	NoPutETag bool

	mu    sync.Mutex
	nodes map[string]*memNode // by full name; the root is ""
	seq   int64
	now   time.Time
}

type memNode struct {
	parent, name string // name inside parent, as a server would list it
	dir          bool
	data         []byte
	etag         string
	mod          time.Time
}

// NewMemory returns an empty in-memory remote (its root folder exists).
func NewMemory() *Memory {
	return &Memory{nodes: map[string]*memNode{"": {dir: true, etag: "0"}}, now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (m *Memory) touch(n *memNode) {
	m.seq++
	n.etag = strconv.FormatInt(m.seq, 10)
	n.mod = m.now.Add(time.Duration(m.seq) * time.Second)
}

func (m *Memory) entry(full string, n *memNode, listed bool) Entry {
	e := Entry{Name: full, IsDir: n.dir, Size: int64(len(n.data)), ETag: n.etag, ModTime: n.mod}
	if listed {
		e.Name = n.name
	}
	if n.dir {
		e.Size = 0
	}
	if m.NoETags {
		e.ETag = ""
	}
	if m.Checksums && !n.dir {
		sum := sha256.Sum256(n.data)
		e.SHA256 = hex.EncodeToString(sum[:])
	}
	return e
}

// List implements Remote.
func (m *Memory) List(_ context.Context, dir string) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.nodes[dir]
	if !ok {
		return nil, errNotFound("list", dir)
	}
	if !d.dir {
		return nil, fmt.Errorf("%s: is a file, not a folder", dir)
	}
	var out []Entry
	for full, n := range m.nodes {
		if full != "" && n.parent == dir {
			out = append(out, m.entry(full, n, true))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Stat implements Remote.
func (m *Memory) Stat(_ context.Context, name string) (Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.nodes[name]
	if !ok {
		return Entry{}, errNotFound("stat", name)
	}
	return m.entry(name, n, false), nil
}

// Get implements Remote.
func (m *Memory) Get(_ context.Context, name string) (io.ReadCloser, Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.nodes[name]
	if !ok {
		return nil, Entry{}, errNotFound("get", name)
	}
	if n.dir {
		return nil, Entry{}, &StatusError{Op: "get", Name: name, Code: http.StatusMethodNotAllowed}
	}
	e := m.entry(name, n, false)
	e.SHA256 = ""
	return io.NopCloser(bytes.NewReader(n.data)), e, nil
}

// Put implements Remote; like an HTTP server it refuses a body shorter or longer than size.
func (m *Memory) Put(_ context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	if err := m.checkWrite("put", name, opt.IfMatch, opt.IfNoneMatch); err != nil {
		return PutResult{}, err
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(body, size+1))
	if err != nil {
		return PutResult{}, fmt.Errorf("%s: upload cut off: %w", name, err)
	}
	if n != size {
		return PutResult{}, fmt.Errorf("%s: upload sent %d bytes, declared %d", name, n, size)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	// Check again: another writer may have come in while the body was read.
	if err := m.checkWriteLocked("put", name, opt.IfMatch, opt.IfNoneMatch); err != nil {
		return PutResult{}, err
	}
	node := &memNode{parent: parentName(name), name: baseName(name), data: buf.Bytes()}
	m.touch(node)
	m.nodes[name] = node
	res := PutResult{ETag: node.etag}
	if m.NoETags || m.NoPutETag {
		res.ETag = ""
	}
	return res, nil
}

func (m *Memory) checkWrite(op, name, ifMatch string, ifNoneMatch bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.checkWriteLocked(op, name, ifMatch, ifNoneMatch)
}

func (m *Memory) checkWriteLocked(op, name, ifMatch string, ifNoneMatch bool) error {
	if name == "" {
		return &StatusError{Op: op, Name: name, Code: http.StatusMethodNotAllowed}
	}
	p, ok := m.nodes[parentName(name)]
	if !ok || !p.dir {
		return &StatusError{Op: op, Name: name, Code: http.StatusConflict}
	}
	cur, exists := m.nodes[name]
	if exists && cur.dir {
		return &StatusError{Op: op, Name: name, Code: http.StatusMethodNotAllowed}
	}
	if ifNoneMatch && exists {
		return &StatusError{Op: op, Name: name, Code: http.StatusPreconditionFailed}
	}
	if ifMatch != "" && (!exists || cur.etag != ifMatch) {
		return &StatusError{Op: op, Name: name, Code: http.StatusPreconditionFailed}
	}
	return nil
}

// Delete implements Remote.
func (m *Memory) Delete(_ context.Context, name string, ifMatch string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.nodes[name]
	if !ok || name == "" {
		return errNotFound("delete", name)
	}
	if ifMatch != "" && n.etag != ifMatch {
		return &StatusError{Op: "delete", Name: name, Code: http.StatusPreconditionFailed}
	}
	for full := range m.nodes {
		if full == name || strings.HasPrefix(full, name+"/") {
			delete(m.nodes, full)
		}
	}
	m.seq++
	return nil
}

// Mkdir implements Remote.
func (m *Memory) Mkdir(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.nodes[name]; ok {
		return &StatusError{Op: "mkdir", Name: name, Code: http.StatusMethodNotAllowed}
	}
	if p, ok := m.nodes[parentName(name)]; !ok || !p.dir {
		return &StatusError{Op: "mkdir", Name: name, Code: http.StatusConflict}
	}
	n := &memNode{parent: parentName(name), name: baseName(name), dir: true}
	m.touch(n)
	m.nodes[name] = n
	return nil
}

// Move implements Remote.
func (m *Memory) Move(_ context.Context, from, to string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.nodes[from]; !ok || from == "" {
		return errNotFound("move", from)
	}
	if _, ok := m.nodes[to]; ok {
		return &StatusError{Op: "move", Name: to, Code: http.StatusPreconditionFailed}
	}
	if p, ok := m.nodes[parentName(to)]; !ok || !p.dir {
		return &StatusError{Op: "move", Name: to, Code: http.StatusConflict}
	}
	if to == from || strings.HasPrefix(to, from+"/") {
		return &StatusError{Op: "move", Name: to, Code: http.StatusForbidden}
	}
	moved := map[string]*memNode{}
	for full, n := range m.nodes {
		if full == from || strings.HasPrefix(full, from+"/") {
			moved[to+strings.TrimPrefix(full, from)] = n
			delete(m.nodes, full)
		}
	}
	for full, n := range moved {
		n.parent, n.name = parentName(full), baseName(full)
		m.nodes[full] = n
	}
	return nil
}

// AddRaw stores a file under a name exactly as given, the way a hostile or broken server could
// list it (e.g. "../x" inside files): for tests of name checking.
func (m *Memory) AddRaw(dir, name string, content []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := &memNode{parent: dir, name: name, data: content}
	m.touch(n)
	m.nodes[dir+"/\x00raw/"+name] = n
}

// Files returns every file's content by full name, for tests that compare folders.
func (m *Memory) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string][]byte{}
	for full, n := range m.nodes {
		if !n.dir && !strings.Contains(full, "\x00") {
			out[full] = append([]byte(nil), n.data...)
		}
	}
	return out
}

// Corrupt replaces a file's content without changing its ETag, the way a broken server could.
func (m *Memory) Corrupt(name string, content []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n, ok := m.nodes[name]; ok {
		n.data = content
	}
}
