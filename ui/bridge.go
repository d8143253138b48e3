package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// tasks is the one place where work leaves the UI goroutine and its result comes back through fyne.Do.
type tasks struct{ wg sync.WaitGroup }

// run does work on another goroutine, then done on the UI goroutine with work's error.
func (t *tasks) run(work func() error, done func(error)) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		err := work()
		fyne.Do(func() { done(err) })
	}()
}

// Wait blocks until the work started so far has finished and shown its result; tests use it.
func (t *tasks) Wait() { t.wg.Wait() }
