package ui

import (
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
)

// tasks is the one place where work leaves the UI goroutine and its result comes back through fyne.Do.
type tasks struct {
	wg sync.WaitGroup
	// held keeps results until Wait, which shows them on the caller's goroutine: Fyne's test driver runs
	// fyne.Do at once on the calling goroutine, so a result would otherwise race with the test's own taps.
	held   bool
	mu     sync.Mutex
	queued []func()
}

// run does work on another goroutine, then done on the UI goroutine with work's error.
func (t *tasks) run(work func() error, done func(error)) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		err := work()
		if t.held {
			t.mu.Lock()
			t.queued = append(t.queued, func() { done(err) })
			t.mu.Unlock()
			return
		}
		fyne.Do(func() { done(err) })
	}()
}

// Wait blocks until the work started so far has finished and shown its result; tests use it.
func (t *tasks) Wait() {
	for {
		t.wg.Wait()
		t.mu.Lock()
		q := t.queued
		t.queued = nil
		t.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f() // may start more work, which the next round waits for
		}
	}
}

// underTestDriver says the app runs on Fyne's test driver (the ui tests), where results are held for Wait.
func underTestDriver() bool {
	a := fyne.CurrentApp()
	return a != nil && strings.HasPrefix(fmt.Sprintf("%T", a.Driver()), "*test.")
}
