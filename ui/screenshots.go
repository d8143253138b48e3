package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// A Shot is one screenshot `make screenshots` takes: a file name and how to get the window there.
type Shot struct {
	Name string
	Show func(m *Main)
}

// tabShot shows the project tab whose (English) title is title.
func tabShot(name, title string, then func(m *Main)) Shot {
	return Shot{Name: name, Show: func(m *Main) {
		m.selectTab(title)
		if then != nil {
			then(m)
		}
	}}
}

// selectTab shows the tab whose English title is title.
func (m *Main) selectTab(title string) {
	for _, ti := range m.Tabs.Items {
		if ti.Text == title || ti.Text == lang.L(title) {
			m.Tabs.Select(ti)
			return
		}
	}
}

// TakeScreenshots walks the window through shots, writing dir/NAME.png for each: the real
// window, drawn by the real driver (under Xvfb in `make screenshots`). It returns when done.
func TakeScreenshots(w fyne.Window, m *Main, dir string, shots []Shot) error {
	fyne.DoAndWait(func() { w.SetFullScreen(true) }) // the whole 1,280 × 720 screen is the window
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // the first frame, the fonts
	for _, s := range shots {
		fyne.DoAndWait(func() { s.Show(m) })
		m.Wait()
		time.Sleep(1500 * time.Millisecond) // let dialogs and tables lay out and paint
		if err := grab(filepath.Join(dir, s.Name+".png")); err != nil {
			return fmt.Errorf("screenshot %s: %w", s.Name, err)
		}
		fyne.DoAndWait(func() { closeOverlays(w) })
	}
	return nil
}

// grab photographs the X screen the window is on, as a person sees it (ImageMagick's import):
// the GL driver's own capture comes back black under Xvfb.
func grab(path string) error {
	out, err := exec.Command("import", "-window", "root", path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("import -window root: %v: %s", err, out)
	}
	return nil
}

// closeOverlays hides the dialogs a shot opened, so the next shot starts clean.
func closeOverlays(w fyne.Window) {
	for _, o := range w.Canvas().Overlays().List() {
		w.Canvas().Overlays().Remove(o)
	}
}

// WelcomeShots are taken on an empty database.
func WelcomeShots() []Shot {
	return []Shot{
		{Name: "welcome", Show: func(m *Main) {}},
		{Name: "new-project", Show: func(m *Main) { m.ShowNewProject() }},
	}
}

// ProjectShots are taken on the demo project.
func ProjectShots() []Shot {
	return []Shot{
		tabShot("partners", "Partners", func(m *Main) { m.Partners.List.Select(0) }),
		tabShot("people", "People", func(m *Main) { m.People.List.Select(1) }),
		tabShot("outputs", "Outputs", func(m *Main) { m.Outputs.List.Select(0) }),
		tabShot("events", "Events", func(m *Main) { m.Events.List.Select(0) }),
		tabShot("timesheet", "Timesheets", func(m *Main) {
			m.Timesheet.Person.SetSelectedIndex(1)
			m.Timesheet.Month.SetSelectedIndex(2)
		}),
		tabShot("approvals", "Approvals", func(m *Main) {
			if len(m.Approvals.Manager.Options) > 0 {
				m.Approvals.Manager.SetSelectedIndex(0)
			}
		}),
		tabShot("budget", "Budget", nil),
		tabShot("documents", "Documents", nil),
		tabShot("share", "Share", nil),
		tabShot("settings", "Settings", nil),
	}
}
