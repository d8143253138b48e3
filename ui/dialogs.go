package ui

import (
	"io"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// keyClosable makes a message dialog close with Esc, Enter or Return, as people expect of a
// message box; the window's own key handling comes back when it closes.
func keyClosable(d dialog.Dialog, w fyne.Window) dialog.Dialog {
	c := w.Canvas()
	prev := c.OnTypedKey()
	restore := func() { c.SetOnTypedKey(prev) }
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
			d.Hide() // its OnClosed restores the handler
		default:
			if prev != nil {
				prev(ev)
			}
		}
	})
	d.SetOnClosed(restore)
	return d
}

// showError logs and shows an error, as people should see it.
func (m *Main) showError(err error) {
	log.Printf("partnerdesk: %v", err)
	keyClosable(dialog.NewError(messageError(err), m.Window), m.Window).Show()
}

// showInfo shows a message that closes with Esc or Enter.
func (m *Main) showInfo(title, message string) {
	keyClosable(dialog.NewInformation(title, message, m.Window), m.Window).Show()
}

// openSpreadsheet asks for a .xlsx or .csv file and hands it to preview, which shows what would
// come in before anything is stored.
func (m *Main) openSpreadsheet(preview func(r io.Reader, name string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			m.showError(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		defer r.Close()
		preview(r, r.URI().Name())
	}, m.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".XLSX", ".csv", ".CSV"}))
	d.Show()
}
