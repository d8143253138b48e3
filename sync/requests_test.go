package davsync

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// noPutETag answers uploads without an ETag, as Apache mod_dav and nginx do.
func noPutETag(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			w = etagless{w}
		}
		h.ServeHTTP(w, r)
	})
}

type etagless struct{ http.ResponseWriter }

func (w etagless) WriteHeader(code int) {
	w.Header().Del("ETag")
	w.ResponseWriter.WriteHeader(code)
}

func (w etagless) Write(b []byte) (int, error) {
	w.Header().Del("ETag")
	return w.ResponseWriter.Write(b)
}

// TestSyncAfterUploadSendsNothing counts what the runs after a first upload ask of a server that
// sends no ETag with its answer to an upload: nothing is downloaded or uploaded again.
func TestSyncAfterUploadSendsNothing(t *testing.T) {
	for name, connect := range map[string]func(t *testing.T) Remote{
		"memory": func(t *testing.T) Remote { m := NewMemory(); m.NoPutETag = true; return m },
		"webdav": func(t *testing.T) Remote { return newDAVServer(t, noPutETag).remote(t) },
	} {
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			counts := map[string]int{}
			count := &Faulty{Remote: connect(t), Decide: func(op, _ string) Fault {
				mu.Lock()
				defer mu.Unlock()
				counts[op]++
				return FaultNone
			}}
			requests := func() map[string]int {
				mu.Lock()
				defer mu.Unlock()
				c := counts
				counts = map[string]int{}
				return c
			}
			a := newPeer(t, "VHS", count)
			const n = 40
			for i := 0; i < n; i++ {
				a.write(fmt.Sprintf("WP%d/document %02d.pdf", i%4, i), fmt.Sprint("document ", i))
			}
			if rep := a.sync(); rep.Uploaded != n {
				t.Fatalf("the first run: %+v", rep)
			}
			requests()
			if rep := a.sync(); rep.Changed() {
				t.Errorf("the second run changed: %+v", rep)
			}
			if c := requests(); c["get"] != 0 || c["put"] != 0 {
				t.Errorf("the second run sent %d GET and %d PUT, want none", c["get"], c["put"])
			}
			a.remove("WP1/document 05.pdf")
			if rep := a.sync(); rep.DeletedRemote != 1 {
				t.Errorf("the deleting run: %+v", rep)
			}
			if c := requests(); c["delete"] != 1 || c["get"] != 0 || c["put"] != 0 {
				t.Errorf("deleting one file sent %d DELETE, %d GET and %d PUT, want 1, 0, 0", c["delete"], c["get"], c["put"])
			}
		})
	}
}
