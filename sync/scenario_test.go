package davsync

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// stopWorld is two installations with work on both sides: B has synced a new file, a deletion and
// an edit of plan.txt; A has edited plan.txt too (a conflict), edited, deleted and renamed files,
// made new folders. A's next run has every kind of step.
func stopWorld(t *testing.T, newServer func() func() Remote) (Remote, *peer, *peer) {
	connect := newServer()
	m := connect()
	a, b := newPeer(t, "VHS", m), newPeer(t, "FZL", connect())
	seed(t, a, b)
	b.write("plan.txt", "plan by FZL")
	b.write("fromB.txt", "hello from FZL")
	b.remove("docs/photos/group.jpg")
	b.sync()
	a.write("plan.txt", "plan by VHS")
	a.write("docs/minutes.txt", "minutes v2")
	a.remove("docs/budget.csv")
	a.rename("docs/photos/venue.jpg", "venue.jpg")
	a.write("new/deep/report.txt", "report")
	os.MkdirAll(filepath.Join(a.dir, "empty"), 0o755)
	return m, a, b
}

var conflictStamp = regexp.MustCompile(` \(conflict [^)]*\)`)

// normal names conflict copies without their time, which depends on when the run happened.
func normal(tr map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range tr {
		out[conflictStamp.ReplaceAllString(k, " (conflict)")] = v
	}
	return out
}

// checkNoLoss asserts the end state every stop must reach: both folders and the server alike, and
// every version anyone wrote still there.
func checkNoLoss(t *testing.T, m Remote, a, b *peer, want map[string]string) {
	t.Helper()
	ta, tb := a.tree(), b.tree()
	if !sameTree(ta, tb) {
		t.Fatalf("A and B differ:\n%v\n%v", keys(ta), keys(tb))
	}
	if want != nil && !sameTree(normal(ta), want) {
		t.Fatalf("end state\n%v\nwant\n%v", keys(normal(ta)), keys(want))
	}
	if server := serverTree(t, m, "files"); !sameTree(server, ta) {
		t.Fatalf("the server differs from the folders:\n%v\n%v", keys(server), keys(ta))
	}
	all := strings.Join(func() []string {
		var vs []string
		for _, v := range ta {
			vs = append(vs, v)
		}
		return vs
	}(), "\n")
	for _, v := range []string{"plan by FZL", "plan by VHS", "minutes v2", "hello from FZL", "report", "JPEG venue"} {
		if !strings.Contains(all, v) {
			t.Fatalf("%q was lost", v)
		}
	}
	if _, err := os.Stat(filepath.Join(a.dir, localDir, "tmp")); err == nil {
		t.Fatalf("a half download is left behind")
	}
}

// TestStopAfterEveryStep stops A's run after each single step it applies (a crash: nothing after it
// happens, not even the journal write), then runs afresh: every stop converges, without loss. It
// runs one path at a time with a transaction per journal record (a stop after every record), and
// as a run goes by default: four transfers at once and the journal written in batches, so a stop
// loses every record of the batch.
func TestStopAfterEveryStep(t *testing.T) {
	for _, mode := range []struct {
		name             string
		transfers, batch int
		least            int
	}{{"one at a time", 1, 1, 20}, {"batched", 0, 0, 12}} {
		t.Run(mode.name, func(t *testing.T) { stopAfterEveryStep(t, mode.transfers, mode.batch, mode.least) })
	}
}

func stopAfterEveryStep(t *testing.T, transfers, batch, least int) {
	onServerKinds(t, func(t *testing.T, newServer func() func() Remote) {
		// The run without a stop: how many steps, and the end state.
		m, a, b := stopWorld(t, newServer)
		a.transfers, a.batch = transfers, batch
		var steps []string
		a.hook = func(s string) error { steps = append(steps, s); return nil }
		a.sync()
		a.hook = nil
		converge(t, 4, a, b)
		want := normal(a.tree())
		checkNoLoss(t, m, a, b, want)
		if len(steps) < least {
			t.Fatalf("only %d steps: %q", len(steps), steps)
		}
		kinds := map[string]bool{}
		for _, s := range steps {
			kinds[strings.Fields(s)[0]] = true
		}
		for _, k := range []string{"put", "download", "delete", "trash", "move", "conflict", "mkdir", "journal"} {
			if !kinds[k] {
				t.Errorf("the run has no %s step: %q", k, steps)
			}
		}
		errStop := errors.New("power cut")
		for k := 1; k <= len(steps); k++ {
			name := fmt.Sprintf("after %d %s", k, steps[k-1])
			if transfers != 1 {
				name = fmt.Sprintf("after %d steps", k) // in an order that may change from run to run
			}
			t.Run(name, func(t *testing.T) {
				m, a, b := stopWorld(t, newServer)
				a.transfers, a.batch = transfers, batch
				n := 0
				a.hook = func(string) error {
					if n++; n == k {
						return errStop
					}
					return nil
				}
				if _, err := a.files().Sync(context.Background()); !errors.Is(err, errStop) {
					t.Fatalf("the stopped run: %v", err)
				}
				a.hook = nil
				a.sync()
				converge(t, 4, a, b)
				checkNoLoss(t, m, a, b, want)
			})
		}
	})
}

// TestConnectionCutAfterEveryRequest cuts A's connection after each request of its run: that
// request is carried out but its answer is lost, every later one fails. A fresh run converges.
func TestConnectionCutAfterEveryRequest(t *testing.T) {
	onServerKinds(t, func(t *testing.T, newServer func() func() Remote) {
		m, a, b := stopWorld(t, newServer)
		requests := 0
		a.remote = &Faulty{Remote: a.remote, Decide: func(string, string) Fault { requests++; return FaultNone }}
		a.sync()
		a.remote = a.remote.(*Faulty).Remote
		converge(t, 4, a, b)
		want := normal(a.tree())
		checkNoLoss(t, m, a, b, want)
		for n := 0; n < requests; n++ {
			t.Run(fmt.Sprint(n), func(t *testing.T) {
				m, a, b := stopWorld(t, newServer)
				plain := a.remote
				a.remote = &Faulty{Remote: plain, Decide: StopAfter(n)}
				a.files().Sync(context.Background()) // fails part-way, by design
				a.remote = plain
				a.sync()
				converge(t, 4, a, b)
				checkNoLoss(t, m, a, b, want)
			})
		}
	})
}

// serverTree is what the server holds under dir, as tree shows a local folder.
func serverTree(t *testing.T, r Remote, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(rel string)
	walk = func(rel string) {
		list, err := r.List(context.Background(), joinName(dir, rel))
		if err != nil {
			t.Fatalf("listing the server: %v", err)
		}
		for _, e := range list {
			p := joinName(rel, e.Name)
			if e.IsDir {
				out[p+"/"] = ""
				walk(p)
				continue
			}
			got, _ := mustGet(t, r, joinName(dir, p))
			out[p] = got
		}
	}
	walk("")
	return out
}

// TestTenPercentOfRequestsFail has three installations edit, add, delete and rename through a
// server that fails one request in ten in every way it can; they converge within a bounded number
// of runs and every file's SHA-256 is one somebody wrote.
func TestTenPercentOfRequestsFail(t *testing.T) {
	all := []Fault{FaultError, Fault5xx, FaultStorage, FaultTimeout, FaultTruncate, FaultDrop, FaultOmit}
	onServerKinds(t, func(t *testing.T, newServer func() func() Remote) {
		for _, seedN := range []uint64{1, 2, 3, 4, 5} {
			t.Run(fmt.Sprint("seed ", seedN), func(t *testing.T) {
				connect := newServer()
				m := connect()
				var peers []*peer
				var faulty []*Faulty
				for i, name := range []string{"VHS", "FZL", "KDBM"} {
					f := &Faulty{Remote: connect(), Decide: RandomFaults(seedN*10+uint64(i), 0.10, all...)}
					faulty = append(faulty, f)
					var r Remote = f
					if i == 2 {
						r = &Retry{Remote: f, Wait: 1} // one installation also retries
					}
					peers = append(peers, newPeer(t, name, r))
				}
				written := map[string]bool{}
				write := func(p *peer, rel, content string) {
					p.write(rel, content)
					written[shaOf(content)] = true
				}
				lenient := func(p *peer) (changed, clean bool) {
					rep, err := p.files().Sync(context.Background())
					return rep.Changed(), err == nil && len(rep.Failed) == 0
				}
				for round := 0; round < 3; round++ {
					for i, p := range peers {
						for j := 0; j < 4; j++ {
							write(p, fmt.Sprintf("r%d/%s-%d.txt", round, p.name, j), strings.Repeat(fmt.Sprintf("%s %d %d ", p.name, round, j), 200*(j+1)))
						}
						write(p, "shared.txt", fmt.Sprintf("shared, as %s left it in round %d", p.name, round))
						if round > 0 {
							p.remove(fmt.Sprintf("r%d/%s-0.txt", round-1, peers[(i+1)%3].name))
							if _, err := os.Stat(filepath.Join(p.dir, fmt.Sprintf("r%d/%s-1.txt", round-1, p.name))); err == nil {
								p.rename(fmt.Sprintf("r%d/%s-1.txt", round-1, p.name), fmt.Sprintf("moved/%s-%d.txt", p.name, round))
							}
						}
						lenient(p)
					}
				}
				runs := 0
				for quiet := false; !quiet; {
					if runs > 60 {
						t.Fatalf("no convergence in 60 runs (faults: %v, %v, %v)", faulty[0].Injected(), faulty[1].Injected(), faulty[2].Injected())
					}
					quiet = true
					for _, p := range peers {
						runs++
						if changed, clean := lenient(p); changed || !clean {
							quiet = false
						}
					}
				}
				t.Logf("converged after %d runs; faults injected: %v", runs, faulty[0].Injected())
				ref := peers[0].tree()
				for _, p := range peers[1:] {
					if !sameTree(ref, p.tree()) {
						t.Fatalf("%s differs from %s:\n%v\n%v", p.name, peers[0].name, keys(p.tree()), keys(ref))
					}
				}
				if server := serverTree(t, m, "files"); !sameTree(server, ref) {
					t.Errorf("the server differs from the folders")
				}
				var files []string
				for k, v := range ref {
					if strings.HasSuffix(k, "/") {
						continue
					}
					files = append(files, k)
					if !written[shaOf(v)] {
						t.Errorf("%s holds content nobody wrote (%d bytes): damaged in transit", k, len(v))
					}
				}
				sort.Strings(files)
				if len(files) < 30 {
					t.Errorf("only %d files in the end: %v", len(files), files)
				}
			})
		}
	})
}
