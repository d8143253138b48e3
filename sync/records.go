package davsync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"partnerdesk/data"
)

// recordsDir is the share's folder of records files, one per installation.
const recordsDir = "records"

// recordsLimit bounds a records file read into memory (a project of 100,000 entries takes about 30 MB).
const recordsLimit = 512 << 20

var recordsName = regexp.MustCompile(`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$`)

// recordsFile is an installation's records file in the share.
func recordsFile(installation string) string { return recordsDir + "/" + installation + ".json" }

// Records publishes this installation's records file and merges every other installation's.
// Each installation writes only its own file, so records never conflict; a record may only come
// from its owner's file.
type Records struct {
	Remote  Remote
	Store   *data.Store
	Project string
	// Coordinator is the coordinator's installation: its file (the project, partners, outputs,
	// events) is merged first so the others' entries find what they refer to.
	Coordinator string
}

// RecordsReport says what a records sync did.
type RecordsReport struct {
	Published string   // the file published, "" when this installation's records had not changed
	Merged    []Merged // files that changed the store
	Rejected  []Rejection
	Warnings  []string
	Failed    []error // files that could not be read this time (the network, the server)
}

// Merged is a records file merged into the store.
type Merged struct {
	File   string
	Result data.ImportResult
}

// Rejection is a records file that was not merged, and why; nothing of it entered the store.
type Rejection struct {
	File, Reason string
}

// Error names the file and why it was not merged.
func (r Rejection) Error() string { return r.File + ": rejected: " + r.Reason }

// seenFile is what the share space remembers of another installation's file.
type seenFile struct {
	ETag     string `json:"etag,omitempty"`
	SHA256   string `json:"sha256"`
	Rejected string `json:"rejected,omitempty"`
}

// published is what the share space remembers of this installation's own file.
type published struct {
	SHA256 string `json:"sha256"`
	ETag   string `json:"etag,omitempty"`
	Size   int64  `json:"size"`
}

func getJSON(st State, project, key string, v any) (bool, error) {
	raw, err := st.SyncGet(project, spaceShare, key)
	if err != nil || raw == nil {
		return false, err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("share state %s is damaged: %v", key, err)
	}
	return true, nil
}

func putJSON(st State, project, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return st.SyncPut(project, spaceShare, data.SyncEntry{Key: key, Value: raw})
}

// Sync merges the other installations' files, then publishes this one's if its records changed
// (or the server lost it). listing is the records folder's listing, nil to list it here.
func (rs *Records) Sync(ctx context.Context, listing []Entry) (*RecordsReport, error) {
	rep := &RecordsReport{}
	if listing == nil {
		var err error
		if listing, err = rs.Remote.List(ctx, recordsDir); err != nil {
			return rep, err
		}
	}
	own := rs.Store.Installation()
	var ownEntry *Entry
	var others []Entry
	for _, e := range listing {
		m := recordsName.FindStringSubmatch(e.Name)
		switch {
		case ignored(e.Name, false):
		case m == nil || e.IsDir:
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: not a records file (records/<installation>.json); left alone", joinName(recordsDir, e.Name)))
		case m[1] == own:
			e := e
			ownEntry = &e
		default:
			others = append(others, e)
		}
	}
	// The coordinator's file first, then the others by name.
	sort.Slice(others, func(i, j int) bool {
		ci, cj := strings.HasPrefix(others[i].Name, rs.Coordinator), strings.HasPrefix(others[j].Name, rs.Coordinator)
		if ci != cj {
			return ci
		}
		return others[i].Name < others[j].Name
	})
	if err := rs.mergeAll(ctx, others, rep); err != nil {
		return rep, err
	}
	if err := rs.publish(ctx, ownEntry, rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// pendingDoc is a downloaded file waiting to be merged.
type pendingDoc struct {
	file, inst string
	entry      Entry
	sha        string
	doc        *data.Document
}

func (rs *Records) mergeAll(ctx context.Context, others []Entry, rep *RecordsReport) error {
	var todo []*pendingDoc
	for _, e := range others {
		inst := strings.TrimSuffix(e.Name, ".json")
		file := recordsFile(inst)
		var seen seenFile
		if _, err := getJSON(rs.Store, rs.Project, "seen/"+inst, &seen); err != nil {
			return err
		}
		if e.ETag != "" && e.ETag == seen.ETag {
			if seen.Rejected != "" {
				rep.Rejected = append(rep.Rejected, Rejection{file, seen.Rejected})
			}
			continue
		}
		raw, got, err := readAll(ctx, rs.Remote, file, recordsLimit)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, ErrUnauthorized) {
				return err
			}
			rep.Failed = append(rep.Failed, err)
			continue
		}
		sum := sha256.Sum256(raw)
		sha := hex.EncodeToString(sum[:])
		if got.ETag == "" {
			got.ETag = e.ETag
		}
		if sha == seen.SHA256 {
			if seen.Rejected != "" {
				rep.Rejected = append(rep.Rejected, Rejection{file, seen.Rejected})
			}
			seen.ETag = got.ETag
			if err := putJSON(rs.Store, rs.Project, "seen/"+inst, seen); err != nil {
				return err
			}
			continue
		}
		doc, err := data.DecodeDocument(bytes.NewReader(raw), file)
		if err == nil {
			err = rs.checkDoc(doc, inst, file)
		}
		if err != nil {
			if err := rs.reject(rep, inst, file, got.ETag, sha, err); err != nil {
				return err
			}
			continue
		}
		todo = append(todo, &pendingDoc{file: file, inst: inst, entry: got, sha: sha, doc: doc})
	}
	// A file may refer to records another file brings (a partner's new colleague): merge in passes
	// until no file gets in any more; what still fails is rejected.
	for len(todo) > 0 {
		var again []*pendingDoc
		var lastErr []error
		for _, p := range todo {
			res, err := rs.Store.Import(p.doc, data.ImportOptions{Source: p.file, Project: rs.Project, Owner: p.inst, Action: "merge"})
			if err != nil {
				again = append(again, p)
				lastErr = append(lastErr, err)
				continue
			}
			if res.Changed() {
				rep.Merged = append(rep.Merged, Merged{File: p.file, Result: res})
			}
			if err := putJSON(rs.Store, rs.Project, "seen/"+p.inst, seenFile{ETag: p.entry.ETag, SHA256: p.sha}); err != nil {
				return err
			}
		}
		if len(again) == len(todo) {
			for i, p := range again {
				if err := rs.reject(rep, p.inst, p.file, p.entry.ETag, p.sha, lastErr[i]); err != nil {
					return err
				}
			}
			break
		}
		todo = again
	}
	return nil
}

// checkDoc refuses a records file that says it is another installation's or another project's.
func (rs *Records) checkDoc(doc *data.Document, inst, file string) error {
	if doc.Installation != "" && doc.Installation != inst {
		return fmt.Errorf("%s: says it was written by installation %s, not %s", file, doc.Installation, inst)
	}
	if doc.Project != nil && doc.Project.ID != rs.Project {
		return fmt.Errorf("%s: holds project %s (%s), not this share's project", file, doc.Project.Acronym, doc.Project.ID)
	}
	return nil
}

// reject reports a file that was not merged and remembers it, so it is not fetched again unchanged.
func (rs *Records) reject(rep *RecordsReport, inst, file, etag, sha string, err error) error {
	reason := strings.TrimPrefix(err.Error(), file+": ")
	rep.Rejected = append(rep.Rejected, Rejection{file, reason})
	return putJSON(rs.Store, rs.Project, "seen/"+inst, seenFile{ETag: etag, SHA256: sha, Rejected: reason})
}

// ownDocument is this installation's records of the project as its records file holds them.
func (rs *Records) ownDocument() ([]byte, string, error) {
	own := rs.Store.Installation()
	doc, err := rs.Store.Load(rs.Project, data.LoadOptions{Entries: true, Deleted: true, Owner: own})
	if err != nil {
		return nil, "", err
	}
	doc.Installation = own
	var buf bytes.Buffer
	if err := doc.Encode(&buf); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}

// publish writes this installation's records file when its records changed or the server's copy
// is not the one published last; a conditional PUT keeps a second copy of this database from
// silently overwriting the file.
func (rs *Records) publish(ctx context.Context, onServer *Entry, rep *RecordsReport) error {
	own := rs.Store.Installation()
	file := recordsFile(own)
	var last published
	if _, err := getJSON(rs.Store, rs.Project, "published", &last); err != nil {
		return err
	}
	body, sha, err := rs.ownDocument()
	if err != nil {
		return err
	}
	serverOK := onServer != nil && ((last.ETag != "" && onServer.ETag == last.ETag) ||
		(last.ETag == "" && onServer.Size == last.Size))
	if sha == last.SHA256 && serverOK {
		return nil
	}
	for attempt := 0; ; attempt++ {
		opt := PutOptions{IfNoneMatch: onServer == nil, SHA256: sha}
		if onServer != nil {
			opt.IfMatch = onServer.ETag
		}
		res, err := rs.Remote.Put(ctx, file, bytes.NewReader(body), int64(len(body)), opt)
		if err == nil {
			rep.Published = file
			return putJSON(rs.Store, rs.Project, "published", published{SHA256: sha, ETag: res.ETag, Size: int64(len(body))})
		}
		if !errors.Is(err, ErrPrecondition) || attempt > 0 {
			return err
		}
		// The file changed since the listing: an answer to an earlier upload of ours that got lost,
		// or another copy of this database writing the same file. Look at what is there.
		raw, got, gerr := readAll(ctx, rs.Remote, file, recordsLimit)
		if errors.Is(gerr, ErrNotFound) {
			onServer = nil
			continue
		}
		if gerr != nil {
			return gerr
		}
		sum := sha256.Sum256(raw)
		if hex.EncodeToString(sum[:]) == sha {
			rep.Published = file
			return putJSON(rs.Store, rs.Project, "published", published{SHA256: sha, ETag: got.ETag, Size: int64(len(body))})
		}
		doc, derr := data.DecodeDocument(bytes.NewReader(raw), file)
		if derr == nil {
			_, derr = rs.Store.Import(doc, data.ImportOptions{Source: file, Project: rs.Project, Owner: own, Action: "merge"})
		}
		if derr != nil {
			return fmt.Errorf("%s: changed on the server by someone else, and cannot be merged: %v", file, derr)
		}
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: had been written by another copy of this database; its records were merged (use one database per computer: partnerdesk share join makes a new one)", file))
		if body, sha, err = rs.ownDocument(); err != nil {
			return err
		}
		onServer = &Entry{ETag: got.ETag, Size: int64(len(raw))}
	}
}

// readAll downloads a small file whole, checking it arrived complete.
func readAll(ctx context.Context, r Remote, name string, limit int64) ([]byte, Entry, error) {
	body, e, err := r.Get(ctx, name)
	if err != nil {
		return nil, e, err
	}
	defer body.Close()
	raw, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, e, err
	}
	if int64(len(raw)) > limit {
		return nil, e, fmt.Errorf("%s: larger than %d MB; not read", name, limit>>20)
	}
	if e.Size >= 0 && int64(len(raw)) != e.Size {
		return nil, e, fmt.Errorf("%s: the download was cut off (%d of %d bytes); it is tried again next time", name, len(raw), e.Size)
	}
	return raw, e, nil
}
