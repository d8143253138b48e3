package davsync

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// defaultTransfers is how many files a run sends or fetches at once unless Files.Transfers says.
const defaultTransfers = 4

// transferPool bounds the transfers of a run: limit at once, halved (down to one) each time the
// server answers 429 Too Many Requests or 503 Service Unavailable, and none started before the time
// its Retry-After names. It never grows back within the run; the next run starts afresh.
type transferPool struct {
	mu     sync.Mutex
	limit  int
	busy   int
	until  time.Time // no transfer starts before
	halved time.Time // when the limit was last halved: answers to transfers already under way count once
	wake   chan struct{}
}

func newTransferPool(limit int) *transferPool {
	if limit <= 0 {
		limit = defaultTransfers
	}
	return &transferPool{limit: limit, wake: make(chan struct{})}
}

// acquire waits for a free place, or for ctx's end.
func (p *transferPool) acquire(ctx context.Context) error {
	for {
		p.mu.Lock()
		now := time.Now()
		if p.busy < p.limit && !now.Before(p.until) {
			p.busy++
			p.mu.Unlock()
			return nil
		}
		wake := p.wake
		var timer <-chan time.Time
		if now.Before(p.until) {
			t := time.NewTimer(p.until.Sub(now))
			defer t.Stop()
			timer = t.C
		}
		p.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-timer:
		}
	}
}

// release gives a place back.
func (p *transferPool) release() {
	p.mu.Lock()
	p.busy--
	p.broadcast()
	p.mu.Unlock()
}

// broadcast wakes every waiter; p.mu is held.
func (p *transferPool) broadcast() {
	close(p.wake)
	p.wake = make(chan struct{})
}

// throttled is the server asking to slow down: the limit halves (once for the answers of a second's
// worth of transfers already under way), and nothing starts before wait has passed.
func (p *transferPool) throttled(wait time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.halved) >= time.Second {
		p.limit = max(1, p.limit/2)
		p.halved = now
	}
	if u := now.Add(wait); u.After(p.until) {
		p.until = u
	}
	p.broadcast()
}

// size is the limit now.
func (p *transferPool) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.limit
}

// maxRetryAfter bounds how long a server's Retry-After is obeyed within a run.
const maxRetryAfter = 5 * time.Minute

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date (0 when absent or unreadable).
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(v); err == nil {
		d = time.Duration(max(n, 0)) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// throttleAnswer says whether err is the server asking to slow down (429, 503), and how long it
// asked to wait (0 when it did not say).
func throttleAnswer(err error) (time.Duration, bool) {
	var se *StatusError
	if !errors.As(err, &se) || (se.Code != http.StatusTooManyRequests && se.Code != http.StatusServiceUnavailable) {
		return 0, false
	}
	return se.RetryAfter, true
}

// throttleKey carries, in a request's context, what a run does when the server asks to slow down,
// so a Retry between the run and the server still tells the run's pool about the answers it hides.
type throttleKey struct{}

func withThrottle(ctx context.Context, f func(time.Duration)) context.Context {
	return context.WithValue(ctx, throttleKey{}, f)
}

// noteThrottle tells the run, if any, about a 429 or 503 answer.
func noteThrottle(ctx context.Context, err error) (time.Duration, bool) {
	wait, ok := throttleAnswer(err)
	if ok {
		if f, _ := ctx.Value(throttleKey{}).(func(time.Duration)); f != nil {
			f(wait)
		}
	}
	return wait, ok
}
