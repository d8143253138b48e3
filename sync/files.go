package davsync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"partnerdesk/data"
)

// Files syncs a share's files/ folder with a local folder, three-way: the journal (the state both
// sides had at the last sync) against the local folder and the server's listing. Clocks never
// decide; a file changed on both sides keeps both; nothing is deleted unless the journal proves it
// was synced and the other side still has it unchanged.
type Files struct {
	Remote  Remote
	Root    string // the remote folder, "files" in a share
	Dir     string // the local folder
	State   State
	Project string
	// Org names conflict copies: "report (conflict VHS 2026-11-26 100000).pdf".
	Org      string
	Now      func() time.Time
	Progress ProgressFunc
	// AllowDeletes lets a run go ahead that would delete more than half of the synced files; without
	// it such a run changes nothing and returns a *DeletesError, so the person can be asked.
	AllowDeletes bool
	// Workers is how many folders are listed at once; default 4.
	Workers int
	// Transfers is how many files are sent or fetched at once; default 4. A server that answers
	// 429 or 503 halves it for the rest of the run and is left alone for as long as it asks.
	Transfers int

	// stepHook, set by tests, runs after every applied step; an error stops the run right there,
	// as a crash would.
	stepHook func(step string) error
	// journalBatch, set by tests, is how many journal records a transaction holds at most (batchSize).
	journalBatch int
}

// FilesReport says what a files sync did.
type FilesReport struct {
	Uploaded, Downloaded       int
	DeletedRemote, DeletedHere int // deleted here: moved to the folder's trash
	Moved, Conflicts           int
	Folders                    int // folders created or removed, on either side
	BytesUp, BytesDown         int64
	// Transfers is how many files were sent or fetched at once at the end of the run: fewer than
	// Files.Transfers when the server asked to slow down (429, 503).
	Transfers int
	Warnings  []string // names refused or left out, files changed during the run
	Failed    []error  // steps that failed; the run went on with the others
}

// Changed says whether the run changed anything on either side.
func (r *FilesReport) Changed() bool {
	return r.Uploaded+r.Downloaded+r.DeletedRemote+r.DeletedHere+r.Moved+r.Conflicts+r.Folders > 0
}

// AbortError is a run that changed nothing because something looked wrong: a listing failed or
// suddenly lacks most files, the local folder is missing or empty.
type AbortError struct{ Msg string }

// Error says why nothing was done.
func (e *AbortError) Error() string { return e.Msg }

// stopError is a test hook's stop: it ends the run at once, like a crash.
type stopError struct{ err error }

func (e *stopError) Error() string { return "stopped: " + e.err.Error() }
func (e *stopError) Unwrap() error { return e.err }

// skipError is a step left for the next run because a file changed while this one ran.
type skipError struct{ msg string }

func (e *skipError) Error() string { return e.msg }

// filesRun is one run of Files.Sync.
type filesRun struct {
	f       *Files
	ctx     context.Context
	now     time.Time
	journal *Journal
	jfiles  map[string]Synced
	jdirs   map[string]Synced
	local   *localScan
	rfiles  map[string]Entry
	rdirs   map[string]Entry
	// refusedIn marks remote folders holding names that were refused: never deleted as empty.
	refusedIn map[string]bool
	// gone caches deletion proofs: a remote path the server confirmed missing.
	gone map[string]bool
	// twins are paths that differ from another only in capitals: none of them is deleted.
	twins     map[string]bool
	handled   map[string]bool
	rep       *FilesReport
	noUploads error // set when the server's storage is full
	// sent holds the SHA-256 of the content each path was uploaded with in this run: a copy on the
	// server that is only its beginning is that upload broken off, not a partner's version.
	sent map[string]string
	// sending holds uploads that may be under way, in this run or when an earlier one ended (path →
	// SHA-256, as Journal.MarkSending keeps them): a copy on the server that is only the beginning
	// of such a content is that upload broken off.
	sending map[string]string

	// mu is the run's state (everything above, the report, the journal's batch): held by the worker
	// deciding about a path, and let go only while bytes travel (unlocked), so transfers overlap
	// while every decision and journal write happens one at a time.
	mu     sync.Mutex
	pool   *transferPool
	cancel context.CancelFunc
	// stopped is the test hook's stop: every later step and journal write returns it, as after a crash.
	stopped error
	// batch holds journal records not yet written: they go in one transaction per batchSize records
	// or per batchAge (see write), so a first sync of thousands of files does not commit, and wait
	// for the disk, once per file.
	batch      []change
	batchSince time.Time
	// awaiting holds, by remote folder, uploads the server answered that its listing has not yet
	// shown with the size sent; left is how many paths of each folder are still to be done.
	awaiting map[string][]*upload
	left     map[string]int

	pmu      sync.Mutex // prog and lastEmit, and the calls of Files.Progress, which never overlap
	prog     Progress
	lastEmit int64
}

// Journal batches: a record waits at most batchAge, and a batch holds at most batchSize records.
const (
	batchSize = 256
	batchAge  = time.Second
	// confirmEvery: a folder with this many uploads awaiting its listing is listed without waiting
	// for its last file.
	confirmEvery = 64
)

// Sync runs one sync of the files. It returns an error when the run was aborted or stopped; a step
// that failed alone is in the report's Failed list and the run goes on with the others.
func (f *Files) Sync(ctx context.Context) (*FilesReport, error) {
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	r := &filesRun{
		f: f, ctx: ctx, now: now(), journal: NewJournal(f.State, f.Project),
		rfiles: map[string]Entry{}, rdirs: map[string]Entry{}, refusedIn: map[string]bool{},
		gone: map[string]bool{}, twins: map[string]bool{}, handled: map[string]bool{}, rep: &FilesReport{},
		sent: map[string]string{}, awaiting: map[string][]*upload{}, left: map[string]int{},
		pool: newTransferPool(f.Transfers),
	}
	ctx, r.cancel = context.WithCancel(ctx)
	defer r.cancel()
	r.ctx = withThrottle(ctx, r.pool.throttled)
	defer func() { r.rep.Transfers = r.pool.size() }()
	var err error
	if r.jfiles, r.jdirs, err = r.journal.Load(); err != nil {
		return r.rep, err
	}
	if r.sending, err = r.journal.Sending(); err != nil {
		return r.rep, err
	}
	if err := r.scan(); err != nil {
		return r.rep, err
	}
	r.emit(Progress{Phase: "listing"})
	if err := r.walkRemote(); err != nil {
		return r.rep, err
	}
	r.caseTwins()
	if err := r.checkMissing(); err != nil {
		return r.rep, err
	}
	cleanTemp(f.Dir)
	defer cleanTemp(f.Dir)
	r.plan()
	if err := r.apply(); err != nil {
		return r.rep, err
	}
	r.emit(Progress{Phase: "done"})
	return r.rep, nil
}

// remote is a path's name on the server.
func (r *filesRun) remote(p string) string { return joinName(r.f.Root, p) }

func (r *filesRun) scan() error {
	if fi, err := os.Stat(r.f.Dir); err != nil || !fi.IsDir() {
		if len(r.jfiles) > 0 {
			return &AbortError{fmt.Sprintf("the local folder %s is missing, but %d files were synced into it before: nothing was changed; is the drive connected? (to use another folder: the coordinator runs share init again with --folder, a partner share join again with --folder)", r.f.Dir, len(r.jfiles))}
		}
		if err := os.MkdirAll(r.f.Dir, 0o755); err != nil {
			return fmt.Errorf("cannot create the local folder %s: %w", r.f.Dir, unwrapPath(err))
		}
	}
	s, err := scanLocal(r.f.Dir, r.jfiles, func(n int64) {
		r.prog.Phase = "hashing"
		r.bytes(n, "")
	})
	if err != nil {
		return err
	}
	r.prog.Bytes = 0
	r.local = s
	r.rep.Warnings = append(r.rep.Warnings, s.warnings...)
	return nil
}

// walkRemote lists the remote tree with Depth 1 PROPFINDs, a few folders at a time, level by level.
func (r *filesRun) walkRemote() error {
	workers := r.f.Workers
	if workers <= 0 {
		workers = 4
	}
	level := []string{""}
	total := 0
	known := knownFolds(r.jfiles, r.jdirs)
	for depth := 0; len(level) > 0; depth++ {
		if depth > 64 {
			return &AbortError{fmt.Sprintf("%s: folders nested more than 64 deep on the server; nothing was changed", r.f.Root)}
		}
		lists := make([][]Entry, len(level))
		errs := make([]error, len(level))
		var wg sync.WaitGroup
		sem := make(chan struct{}, workers)
		for i, rel := range level {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				lists[i], errs[i] = r.f.Remote.List(r.ctx, r.remote(rel))
			}()
		}
		wg.Wait()
		var next []string
		for i, rel := range level {
			if errs[i] != nil {
				if rel == "" && errors.Is(errs[i], ErrNotFound) && len(r.jfiles) == 0 {
					// A share whose files/ folder is gone and nothing was synced yet: make it again.
					if err := r.f.Remote.Mkdir(r.ctx, r.f.Root); err != nil && !errors.Is(err, ErrExists) {
						return err
					}
					continue
				}
				return &AbortError{fmt.Sprintf("%v; nothing was changed", errs[i])}
			}
			list := lists[i]
			sort.Slice(list, func(a, b int) bool { return list[a].Name < list[b].Name })
			var names []string
			for _, e := range list {
				if !ignored(e.Name, rel == "") && CheckName(e.Name) == nil {
					names = append(names, e.Name)
				}
			}
			winner := caseWinners(rel, names, known)
			taken := map[string]bool{}
			for _, e := range list {
				if ignored(e.Name, rel == "") {
					continue
				}
				if err := CheckName(e.Name); err != nil {
					r.refusedIn[rel] = true
					r.rep.Warnings = append(r.rep.Warnings, fmt.Sprintf("%s: refused a name the server lists: %v; nothing was written for it", r.remote(rel), err))
					continue
				}
				p := path.Join(rel, e.Name)
				if other := winner[foldName(p)]; other != p || taken[p] {
					r.refusedIn[rel] = true
					if other != p {
						r.rep.Warnings = append(r.rep.Warnings, fmt.Sprintf("%s: not synced: %s differs only in capitals, which Windows and macOS cannot hold apart; rename one of them", r.remote(p), r.remote(other)))
					}
					continue
				}
				taken[p] = true
				if total++; total > 1_000_000 {
					return &AbortError{fmt.Sprintf("%s: more than a million entries on the server; nothing was changed", r.f.Root)}
				}
				if e.IsDir {
					r.rdirs[p] = e
					next = append(next, p)
				} else {
					r.rfiles[p] = e
				}
			}
		}
		level = next
	}
	return nil
}

// checkMissing aborts a run when a side suddenly lacks everything that was synced: an emptied server
// folder or an unplugged drive must not turn into deletions. Then it asks before a run that would
// delete more than half of the synced files (see DeletesError).
func (r *filesRun) checkMissing() error {
	n := len(r.jfiles)
	if n == 0 {
		return nil
	}
	switch {
	case len(r.rfiles) == 0 && len(r.rdirs) == 0:
		return &AbortError{fmt.Sprintf("%s on the server is empty, but %d files were synced before: nothing was changed here. If they were removed on purpose, remove them from %s too; if not, restore them on the server", r.f.Root, n, r.f.Dir)}
	case len(r.local.files) == 0 && len(r.local.dirs) == 0 && len(r.local.skipped) == 0:
		return &AbortError{fmt.Sprintf("the local folder %s is empty, but %d files were synced into it before: nothing was changed on the server; is it the right folder, is the drive connected?", r.f.Dir, n)}
	}
	if r.f.AllowDeletes {
		return nil
	}
	return r.checkDeletes()
}

// DeletesError is a run that would delete more than half of the synced files (and at least two):
// nothing was changed, and the run goes ahead only when asked again with AllowDeletes.
type DeletesError struct {
	Synced     int      // files synced before
	OnServer   int      // files the run would delete on the server (they are gone here)
	Here       int      // files the run would move to the local trash (they are gone on the server)
	Names      []string // a few of them, as paths in the share's files folder
	Root, Dir  string   // the server folder and the local folder
	askedAbout string
}

// Error says what would be deleted, where, and how to go ahead.
func (e *DeletesError) Error() string { return e.askedAbout }

// Unwrap makes the question an abort too: nothing was changed.
func (e *DeletesError) Unwrap() error { return &AbortError{e.askedAbout} }

// Count is how many files the run would delete, on both sides.
func (e *DeletesError) Count() int { return e.OnServer + e.Here }

// checkDeletes counts the deletions the run would make, leaving out files that only moved, and
// returns a DeletesError when they are more than half of the synced files. Two is the smallest
// number asked about: deleting the one file of a one-file share is an ordinary edit.
func (r *filesRun) checkDeletes() error {
	n := len(r.jfiles)
	newHere := map[string]bool{} // hashes of local files the journal does not know: renames
	for p, l := range r.local.files {
		if _, ok := r.jfiles[p]; !ok {
			newHere[l.sha256] = true
		}
	}
	type sized struct {
		name string
		size int64
	}
	newThere := map[sized]bool{} // names and sizes of server files the journal does not know: moves
	for p, e := range r.rfiles {
		if _, ok := r.jfiles[p]; !ok {
			newThere[sized{path.Base(p), e.Size}] = true
		}
	}
	var onServer, here []string
	for p, j := range r.jfiles {
		if r.leftAlone(p) != "" || r.twins[p] {
			continue
		}
		l, lok := r.local.files[p]
		e, rok := r.rfiles[p]
		switch {
		case !lok && rok && !newHere[j.SHA256] && (e.SHA256 == "" || e.SHA256 == j.SHA256) && (e.ETag == "" || e.ETag == j.ETag):
			onServer = append(onServer, p)
		case lok && !rok && l.sha256 == j.SHA256 && !j.Pending && !newThere[sized{path.Base(p), j.Size}]:
			here = append(here, p)
		}
	}
	ask := func() bool { del := len(onServer) + len(here); return del >= 2 && 2*del > n }
	if !ask() {
		return nil
	}
	// A listing may leave files out: only what the server confirms gone counts as a deletion here.
	proved := here[:0]
	for _, p := range here {
		if found, err := r.proveGone(p); err == nil && found == nil {
			proved = append(proved, p)
		}
	}
	if here = proved; !ask() {
		return nil
	}
	del := len(onServer) + len(here)
	sort.Strings(onServer)
	sort.Strings(here)
	e := &DeletesError{Synced: n, OnServer: len(onServer), Here: len(here), Root: r.f.Root, Dir: r.f.Dir}
	e.Names = append(e.Names, onServer...)
	e.Names = append(e.Names, here...)
	if len(e.Names) > 5 {
		e.Names = e.Names[:5]
	}
	var parts []string
	if len(onServer) > 0 {
		parts = append(parts, fmt.Sprintf("the local folder %s lacks %d of the %d files synced before, so they would be deleted on the server and at every partner", r.f.Dir, len(onServer), n))
	}
	if len(here) > 0 {
		parts = append(parts, fmt.Sprintf("%s on the server lacks %d of the %d files synced before, so they would be moved to the trash here", r.f.Root, len(here), n))
	}
	names := strings.Join(e.Names, ", ")
	if del > len(e.Names) {
		names += ", …"
	}
	e.askedAbout = fmt.Sprintf("%s (%s): nothing was changed. If they were removed on purpose, sync again and allow the deletions; if not, restore them", strings.Join(parts, "; and "), names)
	return e
}

// caseTwins keeps apart paths that differ only in capitals between the two sides and the journal,
// since on Windows and macOS they are one file: the synced one (or else the one here) is synced, the
// others are left out with a warning, and none of them is deleted in this run.
func (r *filesRun) caseTwins() {
	groups := map[string][]string{}
	for _, p := range r.paths() {
		groups[foldName(p)] = append(groups[foldName(p)], p)
	}
	for _, g := range groups {
		if len(g) < 2 || r.caseRename(g) {
			continue
		}
		keep := ""
		for _, p := range g {
			if _, ok := r.jfiles[p]; ok && keep == "" {
				keep = p
			}
		}
		for _, p := range g {
			if _, ok := r.local.files[p]; ok && keep == "" {
				keep = p
			}
		}
		if keep == "" {
			keep = g[0]
		}
		for _, p := range g {
			r.twins[p] = true
			if p != keep {
				r.handled[p] = true
				r.rep.Warnings = append(r.rep.Warnings, fmt.Sprintf("%s: not synced: %s differs only in capitals, which Windows and macOS cannot hold apart; rename one of them", r.remote(p), r.remote(keep)))
			}
		}
	}
}

// caseRename says whether two paths are a synced file renamed here only in capitals, content
// unchanged: renames moves it on the server like any rename.
func (r *filesRun) caseRename(g []string) bool {
	if len(g) != 2 {
		return false
	}
	for _, pair := range [][2]string{{g[0], g[1]}, {g[1], g[0]}} {
		q, p := pair[0], pair[1]
		j, synced := r.jfiles[q]
		e, onServer := r.rfiles[q]
		_, qHere := r.local.files[q]
		l, pHere := r.local.files[p]
		_, pSynced := r.jfiles[p]
		_, pOnServer := r.rfiles[p]
		if synced && onServer && !qHere && pHere && !pSynced && !pOnServer && !j.Pending && e.ETag != "" && e.ETag == j.ETag && l.sha256 == j.SHA256 {
			return true
		}
	}
	return false
}

// plan counts the work ahead for progress: files to move and bytes to carry.
func (r *filesRun) plan() {
	paths := r.paths()
	for _, p := range paths {
		l, lok := r.local.files[p]
		e, rok := r.rfiles[p]
		j, jok := r.jfiles[p]
		up := lok && (!jok || l.sha256 != j.SHA256 || j.Pending) && !(rok && e.SHA256 == l.sha256)
		down := rok && (!jok || e.ETag == "" || e.ETag != j.ETag) && !(lok && e.SHA256 == l.sha256)
		if up {
			r.prog.BytesTotal += l.size
		}
		if down && e.Size > 0 {
			r.prog.BytesTotal += e.Size
		}
		if up || down || (jok && (!lok || !rok)) {
			r.prog.FilesTotal++
		}
	}
}

// paths is every file path any side knows, sorted.
func (r *filesRun) paths() []string {
	set := map[string]bool{}
	for p := range r.jfiles {
		set[p] = true
	}
	for p := range r.local.files {
		set[p] = true
	}
	for p := range r.rfiles {
		set[p] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// apply carries out the run: renames, then every file, then folders.
func (r *filesRun) apply() (err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer func() {
		var stop *stopError
		if r.stopped != nil {
			err = r.stopped
		}
		if !errors.As(err, &stop) {
			if ferr := r.flush(); err == nil {
				err = ferr
			}
			if err == nil {
				err = r.doneSending()
			}
		}
	}()
	r.pmu.Lock()
	r.prog.Phase = "files"
	r.pmu.Unlock()
	if err := r.renames(); err != nil {
		return err
	}
	var todo []string
	for _, p := range r.paths() {
		if r.handled[p] || r.leftAlone(p) != "" {
			continue
		}
		if r.typeClash(p) {
			continue
		}
		todo = append(todo, p)
	}
	if err := r.syncFiles(todo); err != nil {
		return err
	}
	return r.syncDirs()
}

// syncFiles brings the paths to agreement, a few at once (Files.Transfers): the workers take them in
// order, each deciding with the run's lock held and letting it go while its bytes travel. An
// upload is recorded once its folder is listed after the last of the folder's paths (confirm).
// Failures and warnings are put in path order at the end, as a run one path at a time makes them.
func (r *filesRun) syncFiles(todo []string) error {
	for _, p := range todo {
		r.left[parentName(p)]++
	}
	failedBefore, warnedBefore := len(r.rep.Failed), len(r.rep.Warnings)
	defer func() {
		sortErrors(r.rep.Failed[failedBefore:])
		sort.Strings(r.rep.Warnings[warnedBefore:])
	}()
	workers := r.f.Transfers
	if workers <= 0 {
		workers = defaultTransfers
	}
	work := make(chan string)
	var fatal error
	var wg sync.WaitGroup
	r.mu.Unlock()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				r.mu.Lock()
				if fatal == nil {
					if err := r.syncFile(p); err != nil {
						fatal = r.failed(err)
					}
				}
				if fatal == nil {
					fatal = r.done(parentName(p))
				}
				if fatal == nil && len(r.batch) > 0 && time.Since(r.batchSince) >= batchAge {
					fatal = r.flush()
				}
				r.mu.Unlock()
			}
		}()
	}
	var markErr error
	for i, p := range todo {
		if i%batchSize == 0 {
			r.mu.Lock()
			if fatal == nil && r.stopped == nil {
				markErr = r.markSending(todo[i:min(i+batchSize, len(todo))])
			}
			r.mu.Unlock()
			if markErr != nil {
				break
			}
		}
		work <- p
	}
	close(work)
	wg.Wait()
	r.mu.Lock()
	if fatal == nil {
		fatal = markErr
	}
	if fatal != nil {
		return fatal
	}
	// Folders whose uploads still await a listing (none should be left): listed now.
	dirs := make([]string, 0, len(r.awaiting))
	for d := range r.awaiting {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if err := r.confirm(d); err != nil {
			return err
		}
	}
	return nil
}

// markSending records, before any of them starts, the uploads the next paths may make (see
// Journal.MarkSending): one transaction for a batch of paths.
func (r *filesRun) markSending(paths []string) error {
	mark := map[string]string{}
	for _, p := range paths {
		l, here := r.local.files[p]
		if !here {
			continue
		}
		if j, ok := r.jfiles[p]; ok && j.SHA256 == l.sha256 && !j.Pending {
			continue
		}
		if e, ok := r.rfiles[p]; ok && e.SHA256 == l.sha256 {
			continue
		}
		if r.sending[p] != l.sha256 {
			mark[p] = l.sha256
		}
	}
	if err := r.journal.MarkSending(mark); err != nil {
		return err
	}
	for p, sha := range mark {
		r.sending[p] = sha
	}
	return nil
}

// doneSending forgets, at the end of a run, the uploads that can no longer be under way: those
// recorded with the content sent, and those of a file that is gone or changed here.
func (r *filesRun) doneSending() error {
	var done []string
	for p, sha := range r.sending {
		l, here := r.local.files[p]
		if j, ok := r.jfiles[p]; (ok && j.SHA256 == sha && !j.Pending) || !here || l.sha256 != sha {
			done = append(done, p)
		}
	}
	sort.Strings(done)
	return r.journal.DoneSending(done)
}

// sortErrors orders errors by their messages, which start with the path they are about.
func sortErrors(errs []error) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
}

// unlocked runs f without the run's lock: for a transfer, which touches nothing of the run's state
// but the progress (under its own lock).
func (r *filesRun) unlocked(f func()) {
	r.mu.Unlock()
	defer r.mu.Lock()
	f()
}

// transfer runs one upload or download within the pool; one the server answers 429 or 503 is
// tried again, after the wait it asked for (or a growing one), up to six times in all. again is
// told before each repeat (an upload rewinds its file).
func (r *filesRun) transfer(do func(again bool) error) error {
	wait := 500 * time.Millisecond
	for attempt := 0; ; attempt++ {
		if err := r.pool.acquire(r.ctx); err != nil {
			return err
		}
		err := do(attempt > 0)
		r.pool.release()
		after, throttled := noteThrottle(r.ctx, err)
		if !throttled || attempt >= 5 || r.ctx.Err() != nil {
			return err
		}
		if after <= 0 {
			r.pool.throttled(wait)
			wait *= 2
		}
	}
}

// note keeps a journal record that changes nothing on either side.
func (r *filesRun) note(c change) error { return r.write(c) }

// flush writes the batch of journal records in one transaction, then counts as a step.
func (r *filesRun) flush() error {
	if len(r.batch) == 0 {
		return nil
	}
	if r.stopped != nil {
		return r.stopped
	}
	batch := r.batch
	r.batch = nil
	if err := r.journal.Write(batch...); err != nil {
		return err
	}
	return r.step("journal " + batch[0].path)
}

// failed files a step's error in the report, or returns it when the run cannot go on.
func (r *filesRun) failed(err error) error {
	var stop *stopError
	var skip *skipError
	switch {
	case errors.As(err, &stop), errors.Is(err, context.Canceled), errors.Is(err, ErrUnauthorized):
		return err
	case errors.As(err, &skip):
		r.rep.Warnings = append(r.rep.Warnings, err.Error())
	case errors.Is(err, ErrInsufficientStorage):
		if r.noUploads == nil {
			r.noUploads = err
			r.rep.Failed = append(r.rep.Failed, err)
		}
	default:
		r.rep.Failed = append(r.rep.Failed, err)
	}
	return nil
}

// typeClash leaves out a path that is a file on one side and a folder on the other.
func (r *filesRun) typeClash(p string) bool {
	_, lfile := r.local.files[p]
	_, rfile := r.rfiles[p]
	if (lfile && r.rdirs[p].IsDir) || (rfile && r.local.dirs[p]) {
		r.rep.Warnings = append(r.rep.Warnings, fmt.Sprintf("%s: not synced: a file on one side and a folder on the other; rename one of them", r.remote(p)))
		return true
	}
	return false
}

// step marks an applied step for the tests' stop hook. After a stop every step stops: transfers
// already under way end on the server, as they would after a crash, and nothing more is recorded.
func (r *filesRun) step(what string) error {
	if r.stopped != nil {
		return r.stopped
	}
	if r.f.stepHook != nil {
		if err := r.f.stepHook(what); err != nil {
			r.stopped = &stopError{err}
			return r.stopped
		}
	}
	return nil
}

// write records journal changes: in the run's view at once, on disk with the batch (see flush),
// which is written when it is a second old or batchSize records long, and at once when a change
// marks a damaged copy of an upload (Pending), since the next run must know that one.
//
// A crash loses at most the batch, never a record the disk has: the records on disk are always
// those of a moment of the run, each true of both sides then. A step whose record is lost is seen
// again by the next run as after a crash right after that step: a file both sides hold alike is
// recognised and recorded (content compared where the server gives no checksum); a deletion is
// proved again; nothing is deleted, since a deletion needs a record that proves the file synced.
func (r *filesRun) write(changes ...change) error {
	if r.stopped != nil {
		return r.stopped
	}
	if len(r.batch) == 0 {
		r.batchSince = time.Now()
	}
	r.batch = append(r.batch, changes...)
	urgent := false
	for _, c := range changes {
		if c.s != nil && c.s.Pending {
			urgent = true
		}
		switch {
		case c.dir && c.s == nil:
			delete(r.jdirs, c.path)
		case c.dir:
			r.jdirs[c.path] = *c.s
		case c.s == nil:
			delete(r.jfiles, c.path)
		default:
			r.jfiles[c.path] = *c.s
		}
	}
	most := batchSize
	if r.f.journalBatch > 0 {
		most = r.f.journalBatch
	}
	if urgent || len(r.batch) >= most || time.Since(r.batchSince) >= batchAge {
		return r.flush()
	}
	return nil
}

// emit reports progress: p, or how far the run is when p has no phase.
func (r *filesRun) emit(p Progress) {
	r.pmu.Lock()
	defer r.pmu.Unlock()
	r.emitLocked(p)
}

// emitLocked is emit with r.pmu held, so the calls of Files.Progress never overlap.
func (r *filesRun) emitLocked(p Progress) {
	if r.f.Progress == nil {
		return
	}
	if p.Phase == "" {
		p = r.prog
	}
	p.FilesTotal, p.BytesTotal = r.prog.FilesTotal, r.prog.BytesTotal
	if p.Phase == "done" {
		p.Files, p.Bytes = r.prog.Files, r.prog.Bytes
	}
	r.f.Progress(p)
}

// bytes counts transferred bytes and reports about every megabyte.
func (r *filesRun) bytes(n int64, p string) {
	r.pmu.Lock()
	defer r.pmu.Unlock()
	r.prog.Bytes += n
	r.prog.Path = p
	if r.prog.Bytes-r.lastEmit >= 1<<20 {
		r.lastEmit = r.prog.Bytes
		r.emitLocked(Progress{})
	}
}

func (r *filesRun) fileDone(p string) {
	r.pmu.Lock()
	defer r.pmu.Unlock()
	r.prog.Files++
	r.prog.Path = p
	r.emitLocked(Progress{})
}

// syncFile brings one path to agreement.
func (r *filesRun) syncFile(p string) error {
	var l *localFile
	if v, ok := r.local.files[p]; ok {
		l = &v
	}
	var e *Entry
	if v, ok := r.rfiles[p]; ok {
		e = &v
	}
	var j *Synced
	if v, ok := r.jfiles[p]; ok {
		j = &v
	}
	return r.decide(p, l, e, j, 0)
}

// decide is the three-way rule for one file: l is the local file, e the server's, j the journal's
// (each nil when absent).
func (r *filesRun) decide(p string, l *localFile, e *Entry, j *Synced, depth int) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if r.stopped != nil {
		return r.stopped // another worker's stop: nothing more starts, as after a crash
	}
	if depth > 3 {
		return &skipError{fmt.Sprintf("%s: changed on the server again and again during the run; it is synced next time", r.remote(p))}
	}
	if e != nil && e.IsDir {
		return &skipError{fmt.Sprintf("%s: is a folder on the server and a file here; rename one of them", r.remote(p))}
	}
	switch {
	case e == nil && l == nil:
		if j == nil {
			return nil
		}
		found, err := r.proveGone(p)
		if err != nil || found != nil {
			if found != nil {
				return r.decide(p, l, found, j, depth+1)
			}
			return err
		}
		r.fileDone(p)
		return r.write(change{path: p})
	case e == nil:
		if j == nil || l.sha256 != j.SHA256 || j.Pending {
			// New here, changed here, or an upload no listing ever confirmed: it goes up.
			return r.upload(p, l, j, "", true, depth)
		}
		found, err := r.proveGone(p)
		if err != nil {
			return err
		}
		if found != nil {
			return r.decide(p, l, found, j, depth+1)
		}
		return r.deleteHere(p, l)
	}
	rsha, broken := remoteHash(e, j)
	if broken {
		// The server holds a damaged copy of this installation's own upload.
		if l != nil {
			return r.upload(p, l, j, e.ETag, false, depth)
		}
		return r.deleteRemote(p, e, j, depth)
	}
	var got *fetched
	if rsha == "" {
		if l == nil && j == nil {
			return r.download(p, nil, e, nil)
		}
		// The server's side is unknown (changed, or no ETag to tell): its content decides.
		t, err := r.fetch(p, e)
		if err != nil {
			return err
		}
		defer t.discard()
		got, rsha = t, t.sha256
		if t.etag != "" {
			c := *e
			c.ETag = t.etag
			e = &c
		}
	}
	lsha, jsha := "", ""
	if l != nil {
		lsha = l.sha256
	}
	if j != nil {
		jsha = j.SHA256
	}
	if got != nil && l != nil && rsha != lsha && (r.sent[p] == lsha || r.sending[p] == lsha || (j != nil && j.Pending && jsha == lsha)) {
		if cut, err := r.cutUpload(p, l, got); err != nil {
			return err
		} else if cut {
			return r.resend(p, l, e, j, got.size, depth)
		}
	}
	switch {
	case l == nil && j == nil:
		return r.download(p, nil, e, got)
	case l == nil && rsha == jsha:
		return r.deleteRemote(p, e, j, depth) // deleted here, unchanged there
	case l == nil:
		return r.download(p, nil, e, got) // deleted here, changed there: the newer content comes back
	case rsha == lsha:
		return r.agree(p, l, e, j)
	case j != nil && rsha == jsha:
		return r.upload(p, l, j, e.ETag, false, depth)
	case j != nil && lsha == jsha:
		return r.download(p, l, e, got)
	}
	return r.conflict(p, l, e, got)
}

// cutUpload says whether the server's copy of a file, downloaded into t, is the beginning of the
// local file: what arrived of an upload of it that broke off. A server that writes an upload in
// place (go-webdav's, rclone's) shows the part that arrived under the file's name until it notices
// the break, and some keep it: it is content nobody wrote, never to be taken for a partner's.
func (r *filesRun) cutUpload(p string, l *localFile, t *fetched) (bool, error) {
	if t.size >= l.size {
		return false, nil
	}
	full, err := localPath(r.f.Dir, p)
	if err != nil {
		return false, err
	}
	fh, err := openFile(full)
	if err != nil {
		return false, &skipError{fmt.Sprintf("%s: changed here during the run; synced next time", full)}
	}
	defer fh.Close()
	h := sha256.New()
	if n, err := io.Copy(h, io.LimitReader(fh, t.size)); err != nil || n != t.size {
		return false, &skipError{fmt.Sprintf("%s: changed here during the run; synced next time", full)}
	}
	return hex.EncodeToString(h.Sum(nil)) == t.sha256, nil
}

// resend answers a server copy that is a broken-off upload of the local file (see cutUpload): it
// is never downloaded nor recorded as synced. Found right after this run's own upload, the server
// may still be writing or removing it, so it is only marked, as a damaged copy of the upload, and
// sent again next time; found in a later run, the file is sent again over it.
func (r *filesRun) resend(p string, l *localFile, e *Entry, j *Synced, kept int64, depth int) error {
	if _, now := r.sent[p]; !now && e.ETag != "" {
		return r.upload(p, l, j, e.ETag, false, depth)
	}
	if e.ETag != "" {
		s := Synced{Size: l.size, SHA256: l.sha256, ETag: e.ETag, MTime: l.mtime, Pending: true}
		if err := r.write(change{path: p, s: &s}); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the upload broke off and the server holds only its first %d of %d bytes; it is sent again next time", r.remote(p), kept, l.size)
}

// remoteHash is the server file's SHA-256 when it is known without downloading: from the server's
// checksum, or from the journal when the ETag and size are those of the last sync. broken is a
// server copy of the synced version with the wrong size (or, for an unconfirmed upload, checksum).
func remoteHash(e *Entry, j *Synced) (sha string, broken bool) {
	sizeSame := j != nil && (e.Size < 0 || e.Size == j.Size)
	etagSame := j != nil && e.ETag != "" && e.ETag == j.ETag
	if e.SHA256 != "" {
		if j != nil && j.Pending && etagSame && e.SHA256 != j.SHA256 {
			return "", true
		}
		return e.SHA256, false
	}
	switch {
	case j == nil:
		return "", false
	case etagSame && sizeSame:
		return j.SHA256, false
	case etagSame:
		// A new content has a new ETag: the same ETag with another size is a damaged copy.
		return "", true
	}
	return "", false
}

// agree records that both sides hold the same content.
func (r *filesRun) agree(p string, l *localFile, e *Entry, j *Synced) error {
	s := Synced{Size: l.size, SHA256: l.sha256, ETag: e.ETag, MTime: l.mtime}
	if j != nil && *j == s {
		return nil
	}
	return r.note(change{path: p, s: &s})
}

// proveGone asks the server about a path its listing lacks: nil when the server confirms it is
// gone, else what the server has (the listing left it out).
func (r *filesRun) proveGone(p string) (*Entry, error) {
	// The topmost folder missing from the listing answers for everything below it.
	top := p
	for {
		parent := parentName(top)
		if parent == "" {
			break
		}
		if _, listed := r.rdirs[parent]; listed {
			break
		}
		top = parent
	}
	if r.gone[top] {
		return nil, nil
	}
	e, err := r.f.Remote.Stat(r.ctx, r.remote(top))
	if errors.Is(err, ErrNotFound) {
		r.gone[top] = true
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: could not confirm its deletion on the server, so it is kept: %w", r.remote(p), err)
	}
	if top == p {
		e.Name = r.remote(p)
		return &e, nil
	}
	e, err = r.f.Remote.Stat(r.ctx, r.remote(p))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: could not confirm its deletion on the server, so it is kept: %w", r.remote(p), err)
	}
	return &e, nil
}

// statAgain looks at a path on the server after a conditional request found it changed.
func (r *filesRun) statAgain(p string) (*Entry, error) {
	e, err := r.f.Remote.Stat(r.ctx, r.remote(p))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// ensureRemoteDirs creates the server folders a path needs.
func (r *filesRun) ensureRemoteDirs(dir string) error {
	if dir == "" {
		return nil
	}
	if _, ok := r.rdirs[dir]; ok {
		return nil
	}
	if err := r.ensureRemoteDirs(parentName(dir)); err != nil {
		return err
	}
	err := r.f.Remote.Mkdir(r.ctx, r.remote(dir))
	if err != nil && !errors.Is(err, ErrExists) {
		return err
	}
	if err := r.step("mkdir " + r.remote(dir)); err != nil {
		return err
	}
	r.rep.Folders++
	r.rdirs[dir] = Entry{Name: dir, IsDir: true}
	if r.local.dirs[dir] {
		return r.write(change{path: dir, dir: true, s: &Synced{}})
	}
	return nil
}

// ensureLocalDirs creates the local folders a path needs.
func (r *filesRun) ensureLocalDirs(dir string) error {
	if dir == "" || r.local.dirs[dir] {
		return nil
	}
	if err := r.ensureLocalDirs(parentName(dir)); err != nil {
		return err
	}
	full, err := localPath(r.f.Dir, dir)
	if err != nil {
		return err
	}
	if err := os.Mkdir(full, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("cannot create %s: %w", full, unwrapPath(err))
	}
	if err := r.step("mkdir here " + dir); err != nil {
		return err
	}
	r.rep.Folders++
	r.local.dirs[dir] = true
	if _, ok := r.rdirs[dir]; ok {
		return r.write(change{path: dir, dir: true, s: &Synced{}})
	}
	return nil
}

// hashingFile reads a file for an upload, hashing what is sent; a retry rewinds it.
type hashingFile struct {
	f     *os.File
	h     hash.Hash
	count func(int64)
	// pos is where reading is, high the furthest it went: bytes sent again after a rewind are not
	// counted twice in the progress.
	pos, high int64
}

func (h *hashingFile) Read(p []byte) (int, error) {
	n, err := h.f.Read(p)
	h.h.Write(p[:n])
	if h.pos += int64(n); h.pos > h.high {
		h.count(h.pos - h.high)
		h.high = h.pos
	}
	return n, err
}

// Seek rewinds to the start (the only seek a retry needs) and starts the hash over.
func (h *hashingFile) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekCurrent && off == 0 {
		return h.f.Seek(0, io.SeekCurrent)
	}
	n, err := h.f.Seek(off, whence)
	if err == nil {
		h.h.Reset()
		h.pos = n
	}
	return n, err
}

// upload sends a local file; an upload counts as done when the server took Content-Length bytes,
// and is confirmed when a listing shows the size (or the server returned the checksum).
func (r *filesRun) upload(p string, l *localFile, j *Synced, ifMatch string, ifNoneMatch bool, depth int) error {
	if r.noUploads != nil {
		return &skipError{fmt.Sprintf("%s: not uploaded: the server's storage is full", r.remote(p))}
	}
	if err := r.ensureRemoteDirs(parentName(p)); err != nil {
		return err
	}
	full, err := localPath(r.f.Dir, p)
	if err != nil {
		return err
	}
	fh, err := openFile(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &skipError{fmt.Sprintf("%s: deleted here during the run; synced next time", full)}
		}
		return fmt.Errorf("cannot read %s: %w", full, unwrapPath(err))
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil || fi.Size() != l.size || fi.ModTime().UnixNano() != l.mtime {
		return &skipError{fmt.Sprintf("%s: changed here during the run; synced next time", full)}
	}
	body := &hashingFile{f: fh, h: sha256.New(), count: func(n int64) { r.bytes(n, p) }}
	r.sent[p] = l.sha256
	var res PutResult
	r.unlocked(func() {
		err = r.transfer(func(again bool) error {
			if again {
				if _, err := body.Seek(0, io.SeekStart); err != nil {
					return err
				}
			}
			var err error
			res, err = r.f.Remote.Put(r.ctx, r.remote(p), body, l.size, PutOptions{IfMatch: ifMatch, IfNoneMatch: ifNoneMatch, SHA256: l.sha256})
			return err
		})
	})
	if errors.Is(err, ErrPrecondition) {
		// Someone wrote the file since the listing: look again and decide with what is there now.
		e, serr := r.statAgain(p)
		if serr != nil {
			return serr
		}
		return r.decide(p, l, e, j, depth+1)
	}
	if err != nil {
		return err
	}
	if err := r.step("put " + r.remote(p)); err != nil {
		return err
	}
	u := &upload{p: p, l: l, ifMatch: ifMatch, res: res, sent: hex.EncodeToString(body.h.Sum(nil))}
	// A server's 201 is not enough (some keep nothing, or half): the upload is done only when the
	// server lists the file with the size, and the checksum where it offers one, that was sent. The
	// listing is that of the folder, once its last path is done (or confirmEvery uploads wait).
	dir := parentName(p)
	r.awaiting[dir] = append(r.awaiting[dir], u)
	if len(r.awaiting[dir]) >= confirmEvery {
		return r.confirm(dir)
	}
	return nil
}

// upload is one the server answered, awaiting the listing that confirms it.
type upload struct {
	p       string
	l       *localFile
	ifMatch string
	res     PutResult
	sent    string // the SHA-256 of what was read and sent
}

// done counts a path of a folder as done; after the folder's last, its uploads are confirmed.
func (r *filesRun) done(dir string) error {
	if r.left[dir]--; r.left[dir] > 0 || len(r.awaiting[dir]) == 0 {
		return nil
	}
	return r.confirm(dir)
}

// confirm lists a folder (one Depth 1 PROPFIND) and records each of its uploads the listing shows
// with the size (and checksum) sent; one the listing lacks, or a listing that fails, is looked up
// alone. Its failures go to the report; only a stop or a cancel is returned.
func (r *filesRun) confirm(dir string) error {
	waiting := r.awaiting[dir]
	delete(r.awaiting, dir)
	if len(waiting) == 0 {
		return nil
	}
	sort.Slice(waiting, func(i, j int) bool { return waiting[i].p < waiting[j].p })
	var list []Entry
	var lerr error
	r.unlocked(func() { list, lerr = r.f.Remote.List(r.ctx, r.remote(dir)) })
	listed := map[string]Entry{}
	if lerr == nil {
		for _, e := range list {
			listed[e.Name] = e
		}
	}
	for _, u := range waiting {
		got, ok := listed[baseName(u.p)]
		var err error
		if !ok {
			r.unlocked(func() { got, err = r.f.Remote.Stat(r.ctx, r.remote(u.p)) })
		}
		if err := r.confirmed(u, got, err); err != nil {
			if fatal := r.failed(err); fatal != nil {
				return fatal
			}
		}
	}
	return nil
}

// confirmed records an upload the server describes as got (err: the lookup's failure).
func (r *filesRun) confirmed(u *upload, got Entry, err error) error {
	p, l, ifMatch, res, sent := u.p, u.l, u.ifMatch, u.res, u.sent
	s := Synced{Size: l.size, SHA256: sent, MTime: l.mtime}
	if sent != l.sha256 {
		s.MTime = 0 // it changed while it was read: hash it again next time
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%s: uploaded, but the server could not be asked whether it kept the file; it is checked again next time: %w", r.remote(p), err)
	}
	if err != nil || got.IsDir {
		return data.Problemf("%s: the server answered the upload but does not list the file; it is sent again next time", r.remote(p))
	}
	changed := got.ETag == "" || got.ETag != ifMatch
	if got.Size != l.size || (got.SHA256 != "" && got.SHA256 != sent) || (res.SHA256 != "" && res.SHA256 != sent) || !changed {
		if changed && got.ETag != "" && (res.ETag == "" || res.ETag == got.ETag) {
			// The server keeps a damaged copy of this upload: the journal marks it, so the next run
			// sends the file again instead of taking that copy for a partner's edit.
			s.ETag, s.Pending = got.ETag, true
			if err := r.write(change{path: p, s: &s}); err != nil {
				return err
			}
		}
		return fmt.Errorf("%s: the server answered the upload but lists %d bytes of the %d sent, or other content; it is sent again next time", r.remote(p), got.Size, l.size)
	}
	if res.ETag == "" || res.ETag == got.ETag {
		s.ETag = got.ETag
	} // else: the listing and the answer disagree, so the next run compares the content
	r.rep.Uploaded++
	r.rep.BytesUp += l.size
	r.fileDone(p)
	return r.write(change{path: p, s: &s})
}

// deleteRemote deletes a file on the server, only if it is still the version synced before.
func (r *filesRun) deleteRemote(p string, e *Entry, j *Synced, depth int) error {
	if r.twins[p] {
		return r.keptTwin(p)
	}
	err := r.f.Remote.Delete(r.ctx, r.remote(p), e.ETag)
	if errors.Is(err, ErrPrecondition) {
		found, serr := r.statAgain(p)
		if serr != nil {
			return serr
		}
		return r.decide(p, nil, found, j, depth+1)
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if err := r.step("delete " + r.remote(p)); err != nil {
		return err
	}
	r.rep.DeletedRemote++
	r.fileDone(p)
	return r.write(change{path: p})
}

// deleteHere moves a local file a partner deleted into the trash, if it is still as synced.
func (r *filesRun) deleteHere(p string, l *localFile) error {
	if r.twins[p] {
		return r.keptTwin(p)
	}
	full, err := localPath(r.f.Dir, p)
	if err != nil {
		return err
	}
	if !sameAsScanned(full, l) {
		return &skipError{fmt.Sprintf("%s: changed here during the run; synced next time", full)}
	}
	if err := trash(r.f.Dir, p, r.now); err != nil {
		return err
	}
	if err := r.step("trash " + p); err != nil {
		return err
	}
	delete(r.local.files, p)
	r.rep.DeletedHere++
	r.fileDone(p)
	return r.write(change{path: p})
}

// fetched is a download in a temporary file, verified, not yet in place.
type fetched struct {
	path   string
	sha256 string
	size   int64
	etag   string
}

func (t *fetched) discard() {
	if t != nil && t.path != "" {
		os.Remove(t.path)
		t.path = ""
	}
}

// fetch downloads a file into a temporary file and verifies it against the size the server
// announced and its checksum when it offers one. The content is streamed, never held in memory;
// the run's lock is let go meanwhile, and the download takes a place in the pool.
func (r *filesRun) fetch(p string, e *Entry) (t *fetched, err error) {
	r.unlocked(func() {
		err = r.transfer(func(bool) error {
			t, err = r.fetchUnlocked(p, e)
			return err
		})
	})
	return t, err
}

// fetchUnlocked is fetch without the run's lock: it touches nothing of the run but the progress.
func (r *filesRun) fetchUnlocked(p string, e *Entry) (*fetched, error) {
	body, got, err := r.f.Remote.Get(r.ctx, r.remote(p))
	if err != nil {
		return nil, err
	}
	defer body.Close()
	tmp, err := tempFile(r.f.Dir)
	if err != nil {
		return nil, err
	}
	t := &fetched{path: tmp.Name(), etag: got.ETag}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), &countingReader{r: body, count: func(n int64) { r.bytes(n, p) }})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.discard()
		var ne *NetError
		if errors.As(err, &ne) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: the download failed: %w", r.remote(p), unwrapPath(err))
	}
	want := got.Size
	if want < 0 {
		want = e.Size
	}
	if want >= 0 && n != want {
		t.discard()
		return nil, data.Problemf("%s: the download was cut off (%d of %d bytes); it is tried again next time", r.remote(p), n, want)
	}
	t.size, t.sha256 = n, hex.EncodeToString(h.Sum(nil))
	if e.SHA256 != "" && (got.ETag == "" || got.ETag == e.ETag) && t.sha256 != e.SHA256 {
		t.discard()
		return nil, data.Problemf("%s: the download does not match the server's checksum; it is tried again next time", r.remote(p))
	}
	if t.etag == "" && n == e.Size {
		t.etag = e.ETag
	}
	return t, nil
}

type countingReader struct {
	r     io.Reader
	count func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.count(int64(n))
	return n, err
}

// download puts the server's version of a file in place: fetched into a temporary file, verified,
// then renamed over the local file if that is still as the scan saw it.
func (r *filesRun) download(p string, l *localFile, e *Entry, t *fetched) error {
	if t == nil {
		var err error
		if t, err = r.fetch(p, e); err != nil {
			return err
		}
		defer t.discard()
	}
	mtime, err := r.install(t, p, l)
	if err != nil {
		return err
	}
	if err := r.step("download " + r.remote(p)); err != nil {
		return err
	}
	r.local.files[p] = localFile{size: t.size, mtime: mtime, sha256: t.sha256}
	r.rep.Downloaded++
	r.rep.BytesDown += t.size
	r.fileDone(p)
	return r.write(change{path: p, s: &Synced{Size: t.size, SHA256: t.sha256, ETag: t.etag, MTime: mtime}})
}

// install renames a verified download into place; l is the local file it replaces (nil: none).
func (r *filesRun) install(t *fetched, p string, l *localFile) (int64, error) {
	if err := r.ensureLocalDirs(parentName(p)); err != nil {
		return 0, err
	}
	full, err := localPath(r.f.Dir, p)
	if err != nil {
		return 0, err
	}
	if !sameAsScanned(full, l) {
		return 0, &skipError{fmt.Sprintf("%s: changed here during the run; synced next time", full)}
	}
	if l != nil {
		// The version it replaces goes to the trash first, in case the server's was the wrong one.
		if err := trash(r.f.Dir, p, r.now); err != nil {
			return 0, err
		}
	}
	if err := os.Rename(t.path, full); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", full, unwrapPath(err))
	}
	t.path = ""
	fi, err := os.Stat(full)
	if err != nil {
		return 0, fmt.Errorf("cannot read %s: %w", full, unwrapPath(err))
	}
	return fi.ModTime().UnixNano(), nil
}

// conflict keeps both versions of a file changed on both sides: the local one moves to a conflict
// copy (uploaded too, so every partner sees both), the server's takes the name.
func (r *filesRun) conflict(p string, l *localFile, e *Entry, t *fetched) error {
	if t == nil {
		var err error
		if t, err = r.fetch(p, e); err != nil {
			return err
		}
		defer t.discard()
	}
	name := r.conflictName(p)
	full, err := localPath(r.f.Dir, p)
	if err != nil {
		return err
	}
	cfull, err := localPath(r.f.Dir, name)
	if err != nil {
		return err
	}
	if !sameAsScanned(full, l) || !sameAsScanned(cfull, nil) {
		// A rename never replaces a file that appeared under the copy's name meanwhile.
		return &skipError{fmt.Sprintf("%s: changed here during the run; synced next time", full)}
	}
	if err := os.Rename(full, cfull); err != nil {
		return fmt.Errorf("cannot rename %s: %w", full, unwrapPath(err))
	}
	if err := r.step("conflict copy " + name); err != nil {
		return err
	}
	delete(r.local.files, p)
	r.local.files[name] = *l
	r.rep.Conflicts++
	r.rep.Warnings = append(r.rep.Warnings, fmt.Sprintf("%s: changed here and on the server; the server's version keeps the name, this one is now %s", r.remote(p), path.Base(name)))
	if err := r.download(p, nil, e, t); err != nil {
		return err
	}
	r.handled[name] = true
	return r.upload(name, l, nil, "", true, 0)
}

// conflictName is "name (conflict ORG YYYY-MM-DD HHMMSS).ext", unused on both sides.
func (r *filesRun) conflictName(p string) string {
	org := strings.Map(func(c rune) rune {
		if strings.ContainsRune(`<>:"/\|?*()`, c) || c < 0x20 {
			return '-'
		}
		return c
	}, strings.TrimSpace(r.f.Org))
	if org == "" {
		org = "here"
	}
	stamp := r.now.Format("2006-01-02 150405")
	for i := 1; ; i++ {
		s := fmt.Sprintf(" (conflict %s %s)", org, stamp)
		if i > 1 {
			s = fmt.Sprintf(" (conflict %s %s %d)", org, stamp, i)
		}
		name := withSuffix(p, s)
		_, l := r.local.files[name]
		_, e := r.rfiles[name]
		_, j := r.jfiles[name]
		if !l && !e && !j {
			return name
		}
	}
}

// renames finds files renamed here (a new path holding exactly the content of a synced path that is
// gone here and unchanged on the server) and moves them on the server instead of uploading again.
func (r *filesRun) renames() error {
	from := map[string][]string{}
	for p, j := range r.jfiles {
		e, onServer := r.rfiles[p]
		if _, here := r.local.files[p]; here || !onServer || r.handled[p] || r.leftAlone(p) != "" || j.Pending || e.ETag == "" || e.ETag != j.ETag || e.Size != j.Size {
			continue
		}
		from[j.SHA256] = append(from[j.SHA256], p)
	}
	if len(from) == 0 {
		return nil
	}
	for _, list := range from {
		sort.Strings(list)
	}
	news := make([]string, 0)
	for p := range r.local.files {
		_, inJournal := r.jfiles[p]
		_, onServer := r.rfiles[p]
		if !inJournal && !onServer && !r.handled[p] {
			news = append(news, p)
		}
	}
	sort.Strings(news)
	for _, p := range news {
		l := r.local.files[p]
		cands := from[l.sha256]
		if len(cands) == 0 {
			continue
		}
		q := cands[0]
		from[l.sha256] = cands[1:]
		if err := r.move(q, p, l); err != nil {
			if fatal := r.failed(err); fatal != nil {
				return fatal
			}
			continue // the file loop uploads p and deletes q instead
		}
		r.handled[p], r.handled[q] = true, true
	}
	return nil
}

// move renames a file on the server; the journal drops the old path and adds the new in one write.
func (r *filesRun) move(q, p string, l localFile) error {
	if err := r.ensureRemoteDirs(parentName(p)); err != nil {
		return err
	}
	err := r.f.Remote.Move(r.ctx, r.remote(q), r.remote(p))
	e, serr := r.statAgain(p)
	if err != nil && (serr != nil || e == nil || e.Size != l.size) {
		return err // not moved: the plain rules handle both paths
	}
	if serr != nil {
		return serr
	}
	if e == nil {
		return fmt.Errorf("%s: the server lost it while moving it to %s", r.remote(q), r.remote(p))
	}
	if err := r.step("move " + r.remote(q)); err != nil {
		return err
	}
	s := Synced{Size: l.size, SHA256: l.sha256, ETag: e.ETag, MTime: l.mtime, Pending: e.ETag == ""}
	r.rep.Moved++
	r.fileDone(p)
	return r.write(change{path: q}, change{path: p, s: &s})
}

// syncDirs makes folders travel too (an empty new folder appears on the other side) and removes a
// folder deleted on one side once it is empty on the other. Deepest folders go first.
func (r *filesRun) syncDirs() error {
	set := map[string]bool{}
	for d := range r.local.dirs {
		set[d] = true
	}
	for d := range r.rdirs {
		set[d] = true
	}
	for d := range r.jdirs {
		set[d] = true
	}
	dirs := make([]string, 0, len(set))
	for d := range set {
		dirs = append(dirs, d)
	}
	// Creation parents first, removal children first.
	sort.Strings(dirs)
	var remove []string
	for _, d := range dirs {
		if r.leftAlone(d) != "" {
			continue
		}
		_, remoteHas := r.rdirs[d]
		here := r.local.dirs[d]
		_, synced := r.jdirs[d]
		var err error
		switch {
		case here && remoteHas && !synced:
			err = r.write(change{path: d, dir: true, s: &Synced{}})
		case here && remoteHas:
		case synced && (here || remoteHas):
			remove = append(remove, d)
		case here:
			err = r.ensureRemoteDirs(d)
		case remoteHas:
			err = r.ensureLocalDirs(d)
		default:
			err = r.write(change{path: d, dir: true})
		}
		if err != nil {
			if fatal := r.failed(err); fatal != nil {
				return fatal
			}
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(remove)))
	for _, d := range remove {
		if err := r.removeDir(d); err != nil {
			if fatal := r.failed(err); fatal != nil {
				return fatal
			}
		}
	}
	return nil
}

// removeDir removes a folder deleted on the other side, only when nothing is left in it.
func (r *filesRun) removeDir(d string) error {
	full, err := localPath(r.f.Dir, d)
	if err != nil {
		return err
	}
	_, statErr := os.Lstat(full)
	here := statErr == nil
	_, remoteHas := r.rdirs[d]
	switch {
	case here && remoteHas: // brought back by a file that went up or down
		return r.write(change{path: d, dir: true, s: &Synced{}})
	case here:
		// Deleted on the server; os.Remove refuses a folder that still holds something.
		if err := os.Remove(full); err != nil {
			return nil
		}
		if err := r.step("rmdir here " + d); err != nil {
			return err
		}
		r.rep.Folders++
		delete(r.local.dirs, d)
		return r.write(change{path: d, dir: true})
	}
	// Deleted here: remove it on the server if it is empty now. The ETag is taken before the
	// listing, so anything that arrives after the listing makes the deletion fail.
	if r.refusedIn[d] {
		return nil
	}
	now, err := r.f.Remote.Stat(r.ctx, r.remote(d))
	if errors.Is(err, ErrNotFound) {
		return r.write(change{path: d, dir: true})
	}
	if err != nil {
		return err
	}
	list, err := r.f.Remote.List(r.ctx, r.remote(d))
	if err != nil {
		return err
	}
	if len(list) > 0 {
		return nil
	}
	if err := r.f.Remote.Delete(r.ctx, r.remote(d), now.ETag); err != nil && !errors.Is(err, ErrNotFound) {
		if errors.Is(err, ErrPrecondition) {
			return nil // something arrived meanwhile: next time
		}
		return err
	}
	if err := r.step("rmdir " + r.remote(d)); err != nil {
		return err
	}
	r.rep.Folders++
	delete(r.rdirs, d)
	return r.write(change{path: d, dir: true})
}

// leftAlone says why a path is not synced in this run although the journal may know it: it is, or
// lies under, a link or an unreadable file or folder here ("" when it is synced).
func (r *filesRun) leftAlone(p string) string {
	for q := p; q != ""; q = parentName(q) {
		if why, ok := r.local.skipped[q]; ok {
			return why
		}
	}
	return ""
}

// keptTwin is the deletion left out because another name differs only in capitals: on Windows and
// macOS that other name may be this very file.
func (r *filesRun) keptTwin(p string) error {
	return &skipError{fmt.Sprintf("%s: not deleted: another name differs from it only in capitals, here or on the server; rename one of them", r.remote(p))}
}
