package davsync

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// Retry wraps a Remote and repeats a request that failed on the way (the network, a timeout, a
// passing server error) a few times, waiting longer each time. Refusals (401, 403, 404, 412, 507…)
// are returned at once. An upload is repeated only when its body can be rewound (an *os.File, a
// bytes.Reader). A repeated write may find its first attempt carried out (a 412 or 404 then): the
// callers' conditional requests make that safe.
type Retry struct {
	Remote   Remote
	Attempts int           // in all; default 3
	Wait     time.Duration // before the second attempt, doubled after; default 200 ms
}

// Transient says whether an error may go away by itself, so the request is worth repeating.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		switch se.Code {
		case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
			http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	var ne *NetError
	return errors.As(err, &ne)
}

func (r *Retry) attempts() int {
	if r.Attempts <= 0 {
		return 3
	}
	return r.Attempts
}

// again runs f until it succeeds, fails for good, or the attempts are spent. A 429 or 503 answer
// is waited out for as long as its Retry-After asks, and told to the run's transfer pool.
func (r *Retry) again(ctx context.Context, f func() error) error {
	wait := r.Wait
	if wait <= 0 {
		wait = 200 * time.Millisecond
	}
	var err error
	for i := 0; i < r.attempts(); i++ {
		if i > 0 {
			pause := wait
			if after, ok := noteThrottle(ctx, err); ok && after > pause {
				pause = after
			}
			t := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				t.Stop()
				return err
			case <-t.C:
			}
			wait *= 2
		}
		if err = f(); !Transient(err) {
			return err
		}
	}
	return err
}

// List implements Remote.
func (r *Retry) List(ctx context.Context, dir string) (out []Entry, err error) {
	err = r.again(ctx, func() error { out, err = r.Remote.List(ctx, dir); return err })
	return out, err
}

// Stat implements Remote.
func (r *Retry) Stat(ctx context.Context, name string) (e Entry, err error) {
	err = r.again(ctx, func() error { e, err = r.Remote.Stat(ctx, name); return err })
	return e, err
}

// Get implements Remote; only opening is repeated, a body that breaks off is the caller's to retry.
func (r *Retry) Get(ctx context.Context, name string) (body io.ReadCloser, e Entry, err error) {
	err = r.again(ctx, func() error { body, e, err = r.Remote.Get(ctx, name); return err })
	return body, e, err
}

// Put implements Remote.
func (r *Retry) Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (res PutResult, err error) {
	seeker, ok := body.(io.Seeker)
	if !ok {
		return r.Remote.Put(ctx, name, body, size, opt)
	}
	start, err := seeker.Seek(0, io.SeekCurrent)
	if err != nil {
		return r.Remote.Put(ctx, name, body, size, opt)
	}
	first := true
	err = r.again(ctx, func() error {
		if !first {
			if _, err := seeker.Seek(start, io.SeekStart); err != nil {
				return err
			}
		}
		first = false
		res, err = r.Remote.Put(ctx, name, body, size, opt)
		return err
	})
	return res, err
}

// Delete implements Remote.
func (r *Retry) Delete(ctx context.Context, name string, ifMatch string) error {
	return r.again(ctx, func() error { return r.Remote.Delete(ctx, name, ifMatch) })
}

// Mkdir implements Remote.
func (r *Retry) Mkdir(ctx context.Context, name string) error {
	return r.again(ctx, func() error { return r.Remote.Mkdir(ctx, name) })
}

// Move implements Remote.
func (r *Retry) Move(ctx context.Context, from, to string) error {
	return r.again(ctx, func() error { return r.Remote.Move(ctx, from, to) })
}
