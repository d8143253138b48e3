package davsync

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"syscall"
)

// Fault is a failure the Faulty remote injects into one request.
type Fault int

// The faults a real server and network produce.
const (
	FaultNone     Fault = iota
	FaultError          // the request never reaches the server (connection refused)
	Fault5xx            // the server fails (503) and changes nothing
	FaultStorage        // 507 Insufficient Storage on writes (a 503 on reads)
	FaultTimeout        // no answer in time; nothing changed
	FaultTruncate       // a download ends early without an error; an upload's body is cut off
	FaultDrop           // the request was carried out, but the answer is lost (connection reset)
	FaultOmit           // a listing leaves out one of its entries
	FaultFakePut        // an upload is answered 201 Created, but the server keeps nothing
	FaultHalfPut        // an upload is answered 201 Created (without an ETag), but the server keeps half
)

var faultNames = []string{"none", "error", "5xx", "507", "timeout", "truncate", "drop", "omit", "fake put", "half put"}

// String names the fault, as test names and reports show it.
func (f Fault) String() string {
	if int(f) < len(faultNames) {
		return faultNames[f]
	}
	return "fault?"
}

// Faulty wraps a Remote and injects the faults Decide picks, to test that sync survives them.
type Faulty struct {
	Remote Remote
	// Decide picks the fault of each request (op is list, stat, get, put, delete, mkdir or move); nil
	// injects none. Its calls never overlap.
	Decide func(op, name string) Fault

	mu       sync.Mutex
	injected map[Fault]int
}

// Injected counts the faults injected so far, by kind.
func (f *Faulty) Injected() map[Fault]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[Fault]int{}
	for k, v := range f.injected {
		out[k] = v
	}
	return out
}

func (f *Faulty) pick(op, name string) Fault {
	if f.Decide == nil {
		return FaultNone
	}
	// Decide is called one request at a time, although a run sends several at once.
	f.mu.Lock()
	k := f.Decide(op, name)
	f.mu.Unlock()
	// Faults that make no sense for an operation become plain server failures.
	switch {
	case k == FaultOmit && op != "list", (k == FaultFakePut || k == FaultHalfPut) && op != "put":
		k = FaultNone
	case k == FaultTruncate && op != "get" && op != "put":
		k = Fault5xx
	}
	if k != FaultNone {
		f.mu.Lock()
		if f.injected == nil {
			f.injected = map[Fault]int{}
		}
		f.injected[k]++
		f.mu.Unlock()
	}
	return k
}

// before returns the error of a fault that strikes before the server acts, or nil.
func before(k Fault, op, name string) error {
	switch k {
	case FaultError:
		return &NetError{Op: op, Name: name, Err: syscall.ECONNREFUSED}
	case Fault5xx:
		return &StatusError{Op: op, Name: name, Code: http.StatusServiceUnavailable}
	case FaultStorage:
		if op == "put" || op == "mkdir" || op == "move" {
			return &StatusError{Op: op, Name: name, Code: http.StatusInsufficientStorage}
		}
		return &StatusError{Op: op, Name: name, Code: http.StatusServiceUnavailable}
	case FaultTimeout:
		return &NetError{Op: op, Name: name, Err: context.DeadlineExceeded}
	}
	return nil
}

func dropped(op, name string) error {
	return &NetError{Op: op, Name: name, Err: syscall.ECONNRESET}
}

// List implements Remote.
func (f *Faulty) List(ctx context.Context, dir string) ([]Entry, error) {
	k := f.pick("list", dir)
	if err := before(k, "list", dir); err != nil {
		return nil, err
	}
	list, err := f.Remote.List(ctx, dir)
	if err != nil {
		return list, err
	}
	switch k {
	case FaultDrop:
		return nil, dropped("list", dir)
	case FaultOmit:
		if len(list) > 0 {
			i := len(dir) % len(list)
			list = append(list[:i:i], list[i+1:]...)
		}
	}
	return list, nil
}

// Stat implements Remote.
func (f *Faulty) Stat(ctx context.Context, name string) (Entry, error) {
	k := f.pick("stat", name)
	if err := before(k, "stat", name); err != nil {
		return Entry{}, err
	}
	e, err := f.Remote.Stat(ctx, name)
	if err == nil && k == FaultDrop {
		return Entry{}, dropped("stat", name)
	}
	return e, err
}

// Get implements Remote.
func (f *Faulty) Get(ctx context.Context, name string) (io.ReadCloser, Entry, error) {
	k := f.pick("get", name)
	if err := before(k, "get", name); err != nil {
		return nil, Entry{}, err
	}
	body, e, err := f.Remote.Get(ctx, name)
	if err != nil {
		return body, e, err
	}
	switch k {
	case FaultTruncate:
		// The body ends early with a clean EOF: only the size or the hash can tell.
		return &cutBody{ReadCloser: body, left: max(e.Size/2, 0)}, e, nil
	case FaultDrop:
		return &cutBody{ReadCloser: body, left: max(e.Size/3, 0), err: dropped("get", name)}, e, nil
	}
	return body, e, nil
}

// cutBody ends a body after left bytes, with err (io.EOF when nil).
type cutBody struct {
	io.ReadCloser
	left int64
	err  error
}

func (c *cutBody) Read(p []byte) (int, error) {
	if c.left <= 0 {
		if c.err != nil {
			return 0, c.err
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.ReadCloser.Read(p)
	c.left -= int64(n)
	return n, err
}

// Put implements Remote.
func (f *Faulty) Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	k := f.pick("put", name)
	if err := before(k, "put", name); err != nil {
		return PutResult{}, err
	}
	if k == FaultTruncate {
		// The connection breaks half-way: the server gets less than Content-Length and refuses it.
		_, _ = f.Remote.Put(ctx, name, io.LimitReader(body, size/2), size, opt)
		return PutResult{}, dropped("put", name)
	}
	switch k {
	case FaultFakePut:
		// Only a look at the listing can tell.
		_, _ = io.Copy(io.Discard, io.LimitReader(body, size))
		return PutResult{}, nil
	case FaultHalfPut:
		opt.SHA256 = ""
		_, err := f.Remote.Put(ctx, name, io.LimitReader(body, size/2), size/2, opt)
		return PutResult{}, err
	}
	res, err := f.Remote.Put(ctx, name, body, size, opt)
	if err == nil && k == FaultDrop {
		return PutResult{}, dropped("put", name)
	}
	return res, err
}

// Delete implements Remote.
func (f *Faulty) Delete(ctx context.Context, name string, ifMatch string) error {
	k := f.pick("delete", name)
	if err := before(k, "delete", name); err != nil {
		return err
	}
	err := f.Remote.Delete(ctx, name, ifMatch)
	if err == nil && k == FaultDrop {
		return dropped("delete", name)
	}
	return err
}

// Mkdir implements Remote.
func (f *Faulty) Mkdir(ctx context.Context, name string) error {
	k := f.pick("mkdir", name)
	if err := before(k, "mkdir", name); err != nil {
		return err
	}
	err := f.Remote.Mkdir(ctx, name)
	if err == nil && k == FaultDrop {
		return dropped("mkdir", name)
	}
	return err
}

// Move implements Remote.
func (f *Faulty) Move(ctx context.Context, from, to string) error {
	k := f.pick("move", from)
	if err := before(k, "move", from); err != nil {
		return err
	}
	err := f.Remote.Move(ctx, from, to)
	if err == nil && k == FaultDrop {
		return dropped("move", from)
	}
	return err
}

// RandomFaults returns a Decide that fails about rate of all requests with one of kinds, chosen by a
// seeded generator so a failing test can be replayed.
func RandomFaults(seed uint64, rate float64, kinds ...Fault) func(op, name string) Fault {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return func(op, name string) Fault {
		mu.Lock()
		defer mu.Unlock()
		if len(kinds) == 0 || r.Float64() >= rate {
			return FaultNone
		}
		return kinds[r.IntN(len(kinds))]
	}
}

// StopAfter returns a Decide that lets n requests through, drops the answer of the next one (it is
// carried out, as when a laptop lid closes during the reply), and refuses every later request.
func StopAfter(n int) func(op, name string) Fault {
	var mu sync.Mutex
	seen := 0
	return func(op, name string) Fault {
		mu.Lock()
		defer mu.Unlock()
		seen++
		switch {
		case seen <= n:
			return FaultNone
		case seen == n+1:
			return FaultDrop
		}
		return FaultError
	}
}
