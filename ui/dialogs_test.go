package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestMessagesCloseWithEscAndEnter: an error or a message box goes away with Esc or Enter, and the
// window's own keys work again afterwards.
func TestMessagesCloseWithEscAndEnter(t *testing.T) {
	_, w, m := exampleWindow(t, 1280, 720)
	var typed []fyne.KeyName
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { typed = append(typed, ev.Name) })
	for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter} {
		m.showError(errors.New("entry 2020-03-02 for Anna Kowalska: 26 h is more than a day"))
		if !strings.Contains(shownOverlayTexts(w), "26 h is more than a day") {
			t.Fatalf("no error shown")
		}
		w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: key})
		if len(w.Canvas().Overlays().List()) != 0 {
			t.Errorf("%s did not close the error", key)
		}
	}
	m.showInfo("Backed up", "The database was copied")
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF2})
	if len(w.Canvas().Overlays().List()) != 0 || len(typed) != 1 || typed[0] != fyne.KeyF2 {
		t.Errorf("after the message: overlays %d, keys the window got %v", len(w.Canvas().Overlays().List()), typed)
	}
}
