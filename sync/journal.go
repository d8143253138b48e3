package davsync

import (
	"encoding/json"
	"fmt"
	"strings"

	"partnerdesk/data"
)

// State is where sharing keeps what it must remember between runs: the sync spaces of *data.Store.
type State interface {
	SyncGet(projectID, space, key string) ([]byte, error)
	SyncPut(projectID, space string, entries ...data.SyncEntry) error
	SyncList(projectID, space string) ([]data.SyncEntry, error)
}

// Sync spaces in the store (see data/doc.go's bucket tree).
const (
	spaceFiles = "files" // the journal: path → Synced; folders end in "/"
	spaceShare = "share" // settings, the published records file, the records files seen, the last run
	// spaceSending: uploads that may be under way, path → the SHA-256 of the content (see MarkSending)
	spaceSending = "sending"
)

// Synced is the journal's record of a path: the state both sides had when it was last synced.
type Synced struct {
	Dir    bool   `json:"dir,omitempty"`
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	ETag   string `json:"etag,omitempty"` // the server's strong ETag then; "" when unknown
	// MTime is the local file's modification time (ns) then: an unchanged size and time skip re-hashing.
	MTime int64 `json:"mtime,omitempty"`
	// Pending marks an upload the server accepted but no listing has shown with the right size yet.
	Pending bool `json:"pending,omitempty"`
}

// Journal is the last synced state of every path of a project's files, in the store.
type Journal struct {
	st      State
	project string
}

// NewJournal returns the files journal of a project.
func NewJournal(st State, projectID string) *Journal { return &Journal{st: st, project: projectID} }

// journalKey is a path's key: folders carry a trailing slash so a file and a folder never share one.
func journalKey(path string, dir bool) string {
	if dir {
		return path + "/"
	}
	return path
}

// Load reads the whole journal: files by path, folders by path.
func (j *Journal) Load() (files, dirs map[string]Synced, err error) {
	list, err := j.st.SyncList(j.project, spaceFiles)
	if err != nil {
		return nil, nil, fmt.Errorf("files journal: %w", err)
	}
	files, dirs = map[string]Synced{}, map[string]Synced{}
	for _, e := range list {
		var s Synced
		if err := json.Unmarshal(e.Value, &s); err != nil {
			return nil, nil, fmt.Errorf("files journal: %s is damaged: %v", e.Key, err)
		}
		if strings.HasSuffix(e.Key, "/") {
			s.Dir = true
			dirs[strings.TrimSuffix(e.Key, "/")] = s
		} else {
			files[e.Key] = s
		}
	}
	return files, dirs, nil
}

// change is one journal write: a path's new state, or its removal (nil).
type change struct {
	path string
	dir  bool
	s    *Synced
}

// Write applies changes in one transaction, so a rename's two halves land together.
func (j *Journal) Write(changes ...change) error {
	entries := make([]data.SyncEntry, len(changes))
	for i, c := range changes {
		entries[i].Key = journalKey(c.path, c.dir)
		if c.s != nil {
			s := *c.s
			s.Dir = c.dir
			raw, err := json.Marshal(s)
			if err != nil {
				return err
			}
			entries[i].Value = raw
		}
	}
	if err := j.st.SyncPut(j.project, spaceFiles, entries...); err != nil {
		return fmt.Errorf("files journal: %w", err)
	}
	return nil
}

// Reset forgets every path: the journal belongs to one local folder, and a new folder starts afresh.
func (j *Journal) Reset() error {
	for _, space := range []string{spaceFiles, spaceSending} {
		list, err := j.st.SyncList(j.project, space)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			continue
		}
		for i := range list {
			list[i].Value = nil
		}
		if err := j.st.SyncPut(j.project, space, list...); err != nil {
			return err
		}
	}
	return nil
}

// Count says how many files the journal holds and how many of them await confirmation.
func (j *Journal) Count() (files, pending int, err error) {
	f, _, err := j.Load()
	if err != nil {
		return 0, 0, err
	}
	for _, s := range f {
		if s.Pending {
			pending++
		}
	}
	return len(f), pending, nil
}

// MarkSending records, in one transaction, that uploads of these paths (path → the SHA-256 of the
// content) may start. A crash during an upload leaves, on a server that writes uploads in place,
// the beginning of the file under its name: the next run must know it for its own broken-off
// upload, never a partner's version, although the journal has no record of it.
func (j *Journal) MarkSending(sending map[string]string) error {
	if len(sending) == 0 {
		return nil
	}
	entries := make([]data.SyncEntry, 0, len(sending))
	for p, sha := range sending {
		entries = append(entries, data.SyncEntry{Key: p, Value: []byte(sha)})
	}
	if err := j.st.SyncPut(j.project, spaceSending, entries...); err != nil {
		return fmt.Errorf("files journal: %w", err)
	}
	return nil
}

// Sending reads the uploads that may have been under way when a run ended: path → SHA-256.
func (j *Journal) Sending() (map[string]string, error) {
	list, err := j.st.SyncList(j.project, spaceSending)
	if err != nil {
		return nil, fmt.Errorf("files journal: %w", err)
	}
	out := make(map[string]string, len(list))
	for _, e := range list {
		out[e.Key] = string(e.Value)
	}
	return out, nil
}

// DoneSending forgets uploads that can no longer be under way.
func (j *Journal) DoneSending(paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	entries := make([]data.SyncEntry, len(paths))
	for i, p := range paths {
		entries[i].Key = p
	}
	if err := j.st.SyncPut(j.project, spaceSending, entries...); err != nil {
		return fmt.Errorf("files journal: %w", err)
	}
	return nil
}
