package ui

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// Problem is what the window shows when the database cannot be opened: a person who
// double-clicked the app sees why, and what to do, instead of nothing at all.
type Problem struct {
	Message *widget.Label
	Restore *widget.Button // shown for a damaged database that has a backup
	Close   *widget.Button
	Content fyne.CanvasObject
}

// NewProblemWindow makes the window that explains why the database at path could not be opened.
func NewProblemWindow(a fyne.App, path string, err error) fyne.Window {
	w := a.NewWindow("Partnerdesk")
	p := BuildProblem(w, path, err)
	w.SetContent(p.Content)
	w.Resize(fyne.NewSize(640, 300))
	return w
}

// BuildProblem makes the problem panel; tests call it with the test app.
func BuildProblem(w fyne.Window, path string, err error) *Problem {
	p := &Problem{}
	var damaged *data.DamagedError
	msg := message(err)
	switch {
	case errors.Is(err, data.ErrInUse):
		msg = lang.L("Partnerdesk is already open on this database, in another window or a command. Close it, then start Partnerdesk again.") + "\n\n" + path
	case errors.As(err, &damaged):
		msg = lang.L("The database is damaged, so Partnerdesk cannot open it. Nothing has been changed. You can put the newest automatic backup in its place; the damaged file is kept beside it.") + "\n\n" + damaged.Why + "\n" + path
	}
	p.Message = widget.NewLabel(msg)
	p.Message.Wrapping = fyne.TextWrapWord
	p.Close = widget.NewButton(lang.L("Close"), w.Close)
	p.Restore = widget.NewButtonWithIcon(lang.L("Restore the newest backup"), theme.HistoryIcon(), nil)
	p.Restore.Hide()
	if damaged != nil {
		if list, berr := data.Backups(path); berr == nil && len(list) > 0 {
			newest := list[0]
			p.Restore.SetText(fmt.Sprintf("%s (%s)", lang.L("Restore the newest backup"), formatTime(newest.Time.Local())))
			p.Restore.Importance = widget.HighImportance
			p.Restore.OnTapped = func() {
				kept, rerr := data.Restore(path, newest.Path, time.Now())
				if rerr != nil {
					dialog.ShowError(rerr, w)
					return
				}
				p.Restore.Disable()
				p.Message.SetText(lang.L("The backup is in place. Start Partnerdesk again to open it. The damaged file was kept as:") + "\n" + kept)
			}
			p.Restore.Show()
		}
	}
	icon := container.NewVBox(widget.NewIcon(theme.ErrorIcon()))
	p.Content = container.NewPadded(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), p.Restore, p.Close), icon, nil, p.Message))
	return p
}
