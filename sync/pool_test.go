package davsync

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// throttling answers some uploads and downloads with 429 Too Many Requests or 503 Service
// Unavailable, as a busy Nextcloud or a proxy in front of it does, and records when each transfer
// arrived and how many ran at once.
type throttling struct {
	next http.Handler
	// answer says what the n-th transfer (PUT or GET, from 1) gets: 0 lets it through.
	answer func(n int) (code int, retryAfter string)

	mu       sync.Mutex
	n        int
	busy     int
	mostBusy int
	refused  int
	waitFrom time.Time // a Retry-After answer's time
	waitTill time.Time // and the time it named
	early    int       // transfers that arrived while a Retry-After was running (after a margin)
}

func (h *throttling) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut && r.Method != http.MethodGet {
		h.next.ServeHTTP(w, r)
		return
	}
	h.mu.Lock()
	h.n++
	now := time.Now()
	if now.After(h.waitFrom.Add(200*time.Millisecond)) && now.Before(h.waitTill) {
		h.early++
	}
	code, after := h.answer(h.n)
	if code != 0 {
		h.refused++
		if after == "1" {
			h.waitFrom, h.waitTill = now, now.Add(900*time.Millisecond)
		}
		h.mu.Unlock()
		if after != "" {
			w.Header().Set("Retry-After", after)
		}
		http.Error(w, "slow down", code)
		return
	}
	h.busy++
	h.mostBusy = max(h.mostBusy, h.busy)
	h.mu.Unlock()
	defer func() { h.mu.Lock(); h.busy--; h.mu.Unlock() }()
	h.next.ServeHTTP(w, r)
}

// TestServerAskingToSlowDownGetsFewerTransfers uploads and then downloads 60 files through
// go-webdav's server behind a handler that answers some transfers 429 (one with Retry-After: 1) or
// 503: every file arrives in one run each way, the pool ends smaller than it started, and no
// transfer starts while the Retry-After runs. With and without the Retry the app wraps its remote in.
func TestServerAskingToSlowDownGetsFewerTransfers(t *testing.T) {
	for _, retry := range []bool{false, true} {
		t.Run(fmt.Sprint("retry ", retry), func(t *testing.T) {
			h := &throttling{answer: func(n int) (int, string) {
				switch {
				case n == 12:
					return http.StatusTooManyRequests, "1"
				case n%17 == 0:
					return http.StatusServiceUnavailable, ""
				case n%23 == 0:
					return http.StatusTooManyRequests, "0"
				}
				return 0, ""
			}}
			srv := newDAVServer(t, func(next http.Handler) http.Handler { h.next = next; return h })
			connect := func() Remote {
				d := srv.remote(t)
				if retry {
					return &Retry{Remote: d, Wait: time.Millisecond}
				}
				return d
			}
			a, b := newPeer(t, "VHS", connect()), newPeer(t, "FZL", connect())
			const n = 60
			want := map[string]string{}
			for i := 0; i < n; i++ {
				rel := fmt.Sprintf("WP%d/document %02d.txt", i%3, i)
				content := fmt.Sprintf("document %d %0*d", i, 2000+i, i)
				a.write(rel, content)
				want[rel] = content
			}
			var mu sync.Mutex
			var last Progress
			back := false
			progress := func(p Progress) {
				mu.Lock()
				defer mu.Unlock()
				if p.Files < last.Files || p.Bytes < last.Bytes {
					back = true
				}
				last = p
			}
			f := a.files()
			f.Progress = progress
			rep, err := f.Sync(context.Background())
			if err != nil || len(rep.Failed) > 0 || rep.Uploaded != n {
				t.Fatalf("the upload: %v %+v", err, rep)
			}
			if rep.Transfers >= defaultTransfers {
				t.Errorf("the upload ended with %d transfers at once after %d refusals", rep.Transfers, h.refused)
			}
			if back || last.Phase != "done" || last.Files != last.FilesTotal || last.Bytes != last.BytesTotal {
				t.Errorf("the progress went back (%v) or ended at %+v", back, last)
			}
			f = b.files()
			rep, err = f.Sync(context.Background())
			if err != nil || len(rep.Failed) > 0 || rep.Downloaded != n {
				t.Fatalf("the download: %v %+v", err, rep)
			}
			if rep.Transfers >= defaultTransfers {
				t.Errorf("the download ended with %d transfers at once", rep.Transfers)
			}
			got := b.tree()
			for rel, content := range want {
				if got[rel] != content {
					t.Errorf("%s: the partner has %d bytes", rel, len(got[rel]))
				}
			}
			h.mu.Lock()
			defer h.mu.Unlock()
			if h.early > 0 {
				t.Errorf("%d transfers started while the server's Retry-After ran", h.early)
			}
			if h.mostBusy > defaultTransfers {
				t.Errorf("%d transfers ran at once, want at most %d", h.mostBusy, defaultTransfers)
			}
			t.Logf("%d transfers, %d refused, at most %d at once", h.n, h.refused, h.mostBusy)
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"": 0, "3": 3 * time.Second, " 120 ": 2 * time.Minute, "-4": 0, "soon": 0, "99999": maxRetryAfter,
		"Tue, 01 Dec 2026 12:00:30 GMT": 30 * time.Second, "Tue, 01 Dec 2026 11:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("Retry-After %q: %v, want %v", in, got, want)
		}
	}
}

// TestPoolHalvesOncePerSecondAndWaits: four answers at once halve the pool once; the wait holds
// every start back.
func TestPoolHalvesOncePerSecondAndWaits(t *testing.T) {
	p := newTransferPool(4)
	for range 4 {
		p.throttled(50 * time.Millisecond)
	}
	if p.size() != 2 {
		t.Fatalf("four answers at once left %d places, want 2", p.size())
	}
	start := time.Now()
	if err := p.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 40*time.Millisecond {
		t.Errorf("a transfer started %v after the server asked to wait 50 ms", waited)
	}
	if err := p.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := p.acquire(ctx); err == nil {
		t.Fatal("a third transfer started in a pool of two")
	}
	p.release()
	if err := p.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// crashingPut is a server that writes an upload under its name as it arrives (as go-webdav's and
// rclone's do), and a computer that goes off while it sends cut: keep bytes arrive, then the run
// ends there, its context cancelled, with nothing more of it on the server or the disk.
type crashingPut struct {
	Remote
	cut    string
	keep   int64
	cancel context.CancelFunc

	mu   sync.Mutex
	done bool
}

func (c *crashingPut) Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	c.mu.Lock()
	cut := name == c.cut && !c.done
	c.done = c.done || cut
	c.mu.Unlock()
	if !cut {
		return c.Remote.Put(ctx, name, body, size, opt)
	}
	part := make([]byte, c.keep)
	if _, err := io.ReadFull(body, part); err != nil {
		return PutResult{}, err
	}
	if _, err := c.Remote.Put(ctx, name, bytes.NewReader(part), c.keep, opt); err != nil {
		return PutResult{}, err
	}
	c.cancel()
	return PutResult{}, context.Canceled
}

// TestCrashDuringUploadsLeavesNoPartForAPartnersVersion: a run sending several files at once
// stops dead while one upload is half-way, a new file and an edited one, and the server keeps the
// half that arrived under the name. The next run knows that half for its own broken-off upload
// (Journal.MarkSending) and sends the file again: no conflict, nothing nobody wrote reaches the
// partner.
func TestCrashDuringUploadsLeavesNoPartForAPartnersVersion(t *testing.T) {
	for _, edited := range []bool{false, true} {
		t.Run(fmt.Sprint("edited ", edited), func(t *testing.T) {
			m := NewMemory()
			a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", m)
			a.write("plan.txt", "work plan v1")
			if edited {
				a.write("docs/report.txt", "report v1")
			}
			converge(t, 3, a, b)
			content := strings.Repeat("report v2 by VHS ", 400)
			a.write("docs/report.txt", content)
			for i := 0; i < 12; i++ {
				a.write(fmt.Sprintf("docs/annex %02d.txt", i), fmt.Sprint("annex ", i))
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			plain := a.remote
			a.remote = &crashingPut{Remote: m, cut: "files/docs/report.txt", keep: int64(len(content) / 3), cancel: cancel}
			if _, err := a.files().Sync(ctx); err == nil {
				t.Fatal("the run that went off ended well")
			}
			if got, _ := mustGet(t, m, "files/docs/report.txt"); len(got) != len(content)/3 {
				t.Fatalf("the server holds %d bytes of report.txt, want the %d that arrived", len(got), len(content)/3)
			}
			a.remote = plain
			rep := a.sync()
			if rep.Conflicts != 0 || rep.Downloaded != 0 {
				t.Errorf("the run after the crash: %+v", rep)
			}
			converge(t, 4, a, b)
			for _, p := range []*peer{a, b} {
				tr := p.tree()
				if tr["docs/report.txt"] != content || len(tr) != 15 {
					t.Errorf("%s holds %v, report.txt %d bytes", p.name, keys(tr), len(tr["docs/report.txt"]))
				}
			}
			sending, err := NewJournal(a.store, testProject).Sending()
			if err != nil || len(sending) != 0 {
				t.Errorf("uploads still marked as under way: %v %v", sending, err)
			}
		})
	}
}

// TestFourTransfersAtOnce holds the first uploads (then downloads) at the server until four run at
// once (or 10 s pass): a run sends and fetches four files at a time, never more.
func TestFourTransfersAtOnce(t *testing.T) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	busy, most := 0, 0
	srv := newDAVServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if (r.Method != http.MethodPut && r.Method != http.MethodGet) || !strings.Contains(r.URL.Path, "/files/") {
				next.ServeHTTP(w, r) // not a file's transfer: the probe of If-Match, say
				return
			}
			mu.Lock()
			busy++
			most = max(most, busy)
			cond.Broadcast()
			deadline := time.Now().Add(10 * time.Second)
			for most < defaultTransfers && time.Now().Before(deadline) {
				go func() { time.Sleep(50 * time.Millisecond); cond.Broadcast() }()
				cond.Wait()
			}
			mu.Unlock()
			next.ServeHTTP(w, r)
			mu.Lock()
			busy--
			mu.Unlock()
		})
	})
	a, b := newPeer(t, "VHS", srv.remote(t)), newPeer(t, "FZL", srv.remote(t))
	for i := 0; i < 16; i++ {
		a.write(fmt.Sprintf("docs/annex %02d.txt", i), fmt.Sprint("annex ", i))
	}
	if rep := a.sync(); rep.Uploaded != 16 || rep.Transfers != defaultTransfers {
		t.Fatalf("the upload: %+v", rep)
	}
	mu.Lock()
	if most != defaultTransfers {
		t.Errorf("%d uploads ran at once, want %d", most, defaultTransfers)
	}
	most = 0
	mu.Unlock()
	if rep := b.sync(); rep.Downloaded != 16 {
		t.Fatalf("the download: %+v", rep)
	}
	mu.Lock()
	defer mu.Unlock()
	if most != defaultTransfers {
		t.Errorf("%d downloads ran at once, want %d", most, defaultTransfers)
	}
}
