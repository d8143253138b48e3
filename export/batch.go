package export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zlib"

	"partnerdesk/data"
)

// TimesheetBatch writes one file per sheet into dir (named like "2019-10 Lukas Hofer (teacher).pdf",
// made safe for Windows, macOS and Linux file systems) plus the combined PDF "timesheets <from>–<to>.pdf"
// ("timesheets <month>.pdf" when all sheets are of one month), using all cores.
// progress(done, total) is called as files complete, from any goroutine but never two calls at once;
// total counts the combined file too. Every file is written atomically (temp file in dir + rename),
// so a failure leaves no partial file. It returns the files written, the sheets' in order and
// the combined one last; after an error or a cancelled ctx, those finished before it.
func TimesheetBatch(ctx context.Context, dir string, sheets []*data.MonthSheet, progress func(done, total int)) ([]string, error) {
	i := 0
	next := func() (*data.MonthSheet, error) {
		if i == len(sheets) {
			return nil, nil
		}
		i++
		if sheets[i-1] == nil {
			return nil, fmt.Errorf("export: timesheet %d of %d is missing", i, len(sheets))
		}
		return sheets[i-1], nil
	}
	return TimesheetBatchFrom(ctx, dir, len(sheets), next, progress)
}

// TimesheetBatchFrom is TimesheetBatch for sheets loaded one at a time: next yields the sheets in order
// and returns nil, nil after the last; total is how many it will yield (for progress).
// next is called from one goroutine at a time, while earlier sheets are being written.
func TimesheetBatchFrom(ctx context.Context, dir string, total int, next func() (*data.MonthSheet, error), progress func(done, total int)) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, writeError(filepath.Join(dir, "timesheets.pdf"), err)
	}
	RemoveStaleTemps(dir, time.Now())
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	var (
		mu      sync.Mutex
		done    int
		written = map[int]string{} // by sheet position; -1 is the combined file
	)
	finished := func(pos int, path string) {
		mu.Lock()
		defer mu.Unlock()
		written[pos] = path
		done++
		if progress != nil {
			progress(done, total+1)
		}
	}

	// The combined file grows in a temp file as chunks arrive, in order.
	combined, err := createAtomic(dir, "timesheets.pdf")
	if err != nil {
		return nil, writeError(filepath.Join(dir, "timesheets.pdf"), err)
	}
	committed := false
	defer func() {
		if !committed {
			combined.abort()
		}
	}()
	out := newPDFWriter(combined.bw, "1.3")

	// Files go to disk from goroutines of their own: each waits on its fsync, and a slow disk
	// should not leave the cores idle.
	toDisk := make(chan sheetFile, 32)
	sheetsOut := &sheetFiles{dir: dir, grouped: syncFileSystem(dir), group: min(max(total/16, 8), syncGroup),
		finished: finished, stopped: func() bool { return ctx.Err() != nil }}
	var ioWG sync.WaitGroup
	for range ioWriters {
		ioWG.Add(1)
		go func() {
			defer ioWG.Done()
			for f := range toDisk {
				if ctx.Err() != nil {
					continue
				}
				if err := sheetsOut.write(f); err != nil {
					cancel(err)
				}
			}
		}()
	}
	// Renderers: as many as there are cores.
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *chunk, workers)
	results := make(chan *chunk, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				if ctx.Err() == nil {
					if err := c.render(ctx, toDisk); err != nil {
						cancel(err)
					}
				}
				results <- c
			}
		}()
	}
	// The assembler appends chunks to the combined file in their order.
	assembled := make(chan error, 1)
	var dates string // the first chunk's creation date, for the combined file
	go func() {
		waiting := map[int]*chunk{}
		want := 0
		var err error
		for c := range results {
			waiting[c.index] = c
			for waiting[want] != nil {
				c := waiting[want]
				delete(waiting, want)
				want++
				if err == nil && ctx.Err() == nil && c.src != nil {
					if dates == "" {
						dates = c.src.dates
					}
					all := make([]int, len(c.src.pages))
					for i := range all {
						all[i] = i
					}
					err = out.copyPages(c.src, all)
					if combined.fw.err != nil {
						err = combined.fw.err
					}
				}
				c.src = nil // the pages are in the file: let the chunk go
			}
		}
		assembled <- err
	}()

	// The feeder: sheets in order, grouped into chunks of one person's consecutive months.
	names := map[string]bool{}
	var from, to data.Month
	n := 0
	var cur *chunk
	chunks := 0
	send := func() bool {
		if cur == nil {
			return true
		}
		select {
		case jobs <- cur:
			cur = nil
			chunks++
			return true
		case <-ctx.Done():
			return false
		}
	}
	for ctx.Err() == nil {
		s, err := next()
		if err != nil {
			cancel(err)
			break
		}
		if s == nil {
			break
		}
		from = minMonth(from, s.Month, n == 0)
		if n == 0 || monthLess(to, s.Month) {
			to = s.Month
		}
		if cur != nil && (cur.sheets[0].Person.ID != s.Person.ID || len(cur.sheets) == chunkSheets) {
			if !send() {
				break
			}
		}
		if cur == nil {
			cur = &chunk{index: chunks}
		}
		cur.sheets = append(cur.sheets, s)
		cur.pos = append(cur.pos, n)
		path, err := JoinInside(dir, uniqueName(names, SheetFileName(s)))
		if err != nil {
			cancel(err)
			break
		}
		cur.paths = append(cur.paths, path)
		n++
	}
	send()
	close(jobs)
	wg.Wait()
	close(toDisk)
	close(results)
	ioWG.Wait()
	if ctx.Err() == nil {
		if err := sheetsOut.commit(sheetsOut.take(true)); err != nil {
			cancel(err)
		}
	}
	sheetsOut.abort()
	asmErr := <-assembled

	err = context.Cause(ctx)
	if err == nil && n == 0 {
		err = ErrNoSheets
	}
	if err == nil && asmErr != nil {
		err = writeError(filepath.Join(dir, "timesheets.pdf"), asmErr)
	}
	if err == nil {
		name := "timesheets " + from.String() + "–" + to.String()
		title := "Timesheets " + from.String() + " – " + to.String()
		if from == to {
			name, title = "timesheets "+from.String(), "Timesheets "+from.String()
		}
		path, jerr := JoinInside(dir, uniqueName(names, SafeFileName(name, ".pdf")))
		if jerr != nil {
			err = jerr
		} else if err = out.close(title, dates); err != nil {
			err = writeError(path, err)
		} else if err = combined.commit(path); err == nil {
			committed = true
			finished(-1, path)
		}
	}
	syncDir(dir) // the renames of every file above, at once
	files := make([]string, 0, len(written))
	for pos := range n {
		if p, ok := written[pos]; ok {
			files = append(files, p)
		}
	}
	if p, ok := written[-1]; ok {
		files = append(files, p)
	}
	return files, err
}

// chunkSheets is how many months of one person are rendered as one document before being split into files.
const chunkSheets = 36

// chunk is consecutive sheets rendered together, then copied out into a file each.
type chunk struct {
	index  int
	sheets []*data.MonthSheet
	pos    []int    // positions in the batch
	paths  []string // where each sheet's file goes
	src    *pdfSource
}

// ioWriters is how many files are written at the same time.
const ioWriters = 8

// sheetFile is one sheet's finished PDF on its way to disk.
type sheetFile struct {
	pos  int
	path string
	pdf  []byte
}

// render lays out the chunk as one document and hands each sheet's pages, copied into a PDF
// of their own, to the file writers.
func (c *chunk) render(ctx context.Context, files chan<- sheetFile) error {
	d := newDoc("Timesheets")
	// gofpdf would make a new compressor (a megabyte of tables) for every page: the pages are
	// compressed after reading back instead, with a compressor used again and again.
	d.pdf.SetCompression(false)
	for _, s := range c.sheets {
		renderSheet(d, s)
	}
	var buf bytes.Buffer
	if err := d.finish(&buf); err != nil {
		return err
	}
	src, err := readPDF(buf.Bytes())
	if err != nil {
		return err
	}
	zw := deflaters.Get().(*zlib.Writer)
	err = src.compressStreams(zw)
	deflaters.Put(zw)
	if err != nil {
		return err
	}
	for i, s := range c.sheets {
		sec := d.sections[i]
		pages := make([]int, 0, sec.last-sec.first+1)
		for p := sec.first; p <= sec.last; p++ {
			pages = append(pages, p-1)
		}
		var one bytes.Buffer
		out := newPDFWriter(&one, src.version)
		if err := out.copyPages(src, pages); err != nil {
			return err
		}
		if err := out.close(sheetsTitle([]*data.MonthSheet{s}), src.dates); err != nil {
			return err
		}
		select {
		case files <- sheetFile{c.pos[i], c.paths[i], one.Bytes()}:
		case <-ctx.Done():
			return nil
		}
	}
	c.src = src
	return nil
}

// syncGroup is at most how many sheets' files are put on disk by one sync of the file system (a
// small batch syncs smaller groups, so its progress moves).
const syncGroup = 128

// sheetFiles writes the sheets' files, each atomically as WriteFile does (a temp file renamed into
// place once it is on disk), leaving the folder's sync to the end of the batch. Where the system
// can sync a whole file system (Linux), the temp files are written without a sync each, and every
// syncGroup of them one sync puts them all on disk before they are renamed: one journal commit
// instead of 128, which on a real disk was a third of the batch's time.
type sheetFiles struct {
	dir      string
	grouped  bool
	group    int
	finished func(pos int, path string)
	stopped  func() bool // the batch was cancelled or failed: nothing more goes in place
	mu       sync.Mutex
	pending  []pendingFile // written, not yet synced and renamed
}

type pendingFile struct {
	a    *atomicFile
	pos  int
	path string
}

// write writes one sheet's file; in groups, the writer that completes a group commits it.
func (w *sheetFiles) write(f sheetFile) error {
	if err := checkTarget(f.path); err != nil {
		return err
	}
	a, err := createAtomicSize(filepath.Dir(f.path), filepath.Base(f.path), 16)
	if err != nil {
		return writeError(f.path, err)
	}
	if _, err := a.bw.Write(f.pdf); err != nil {
		a.abort()
		return writeError(f.path, err)
	}
	if !w.grouped {
		if err := a.commitUnsynced(f.path); err != nil {
			return err
		}
		w.finished(f.pos, f.path)
		return nil
	}
	if err := a.finishWrite(f.path, false); err != nil {
		return err
	}
	w.mu.Lock()
	w.pending = append(w.pending, pendingFile{a, f.pos, f.path})
	w.mu.Unlock()
	return w.commit(w.take(false))
}

// take hands over the pending files: a full group, or (all) whatever is pending.
func (w *sheetFiles) take(all bool) []pendingFile {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) == 0 || (!all && len(w.pending) < w.group) {
		return nil
	}
	group := w.pending
	w.pending = nil
	return group
}

// commit puts a group on disk and in place; on a failure the group's remaining temp files go.
func (w *sheetFiles) commit(group []pendingFile) error {
	if len(group) == 0 {
		return nil
	}
	if !syncFileSystem(w.dir) {
		for _, p := range group {
			if err := syncPath(p.a.f.Name()); err != nil {
				removePending(group)
				return writeError(p.path, err)
			}
		}
	}
	for i, p := range group {
		if w.stopped() {
			removePending(group[i:])
			return nil
		}
		if err := p.a.rename(p.path); err != nil {
			removePending(group[i+1:])
			return err
		}
		w.finished(p.pos, p.path)
	}
	return nil
}

// abort removes the temp files of a batch that stopped.
func (w *sheetFiles) abort() {
	removePending(w.take(true))
}

func removePending(group []pendingFile) {
	for _, p := range group {
		os.Remove(p.a.f.Name())
	}
}

// syncPath puts a closed file's content on disk.
func syncPath(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// deflaters are zlib writers at gofpdf's level, reused from chunk to chunk.
var deflaters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed)
	return zw
}}

// SheetFileName is the file name of a timesheet: "2019-10 Lukas Hofer (teacher).pdf", safe on every system.
func SheetFileName(s *data.MonthSheet) string {
	return SafeFileName(s.Month.String()+" "+s.Person.Name+" ("+s.Category+")", ".pdf")
}

// uniqueName adds " (2)", " (3)" … to a name already taken in the batch, comparing without case
// because Windows and macOS do.
func uniqueName(taken map[string]bool, name string) string {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	cand := name
	for i := 2; taken[strings.ToLower(cand)]; i++ {
		cand = fmt.Sprintf("%s (%d)%s", base, i, ext)
	}
	taken[strings.ToLower(cand)] = true
	return cand
}

func monthLess(a, b data.Month) bool {
	return a.Year < b.Year || (a.Year == b.Year && a.Month < b.Month)
}

func minMonth(cur, m data.Month, first bool) data.Month {
	if first || monthLess(m, cur) {
		return m
	}
	return cur
}

// monthRange is the first and last month of the sheets.
func monthRange(sheets []*data.MonthSheet) (data.Month, data.Month) {
	var from, to data.Month
	for i, s := range sheets {
		from = minMonth(from, s.Month, i == 0)
		if i == 0 || monthLess(to, s.Month) {
			to = s.Month
		}
	}
	return from, to
}
