// Command partnerdesk is the Partnerdesk desktop app and its command line.
package main

import (
	_ "embed"
	"errors"
	"os"
	"regexp"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"partnerdesk/data"
	"partnerdesk/ui"
	"partnerdesk/ui/cli"
)

// icon is the window's icon when the app runs unpackaged (make run), as a packaged one has.
//
//go:embed icon.png
var icon []byte

// fyneApp is FyneApp.toml, which `fyne package` reads too: --version says its version.
//
//go:embed FyneApp.toml
var fyneApp string

func init() { cli.Version = appVersion(fyneApp) }

// appVersion is the Version of FyneApp.toml's [Details].
func appVersion(toml string) string {
	if m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindStringSubmatch(toml); m != nil {
		return m[1]
	}
	return "dev"
}

func main() {
	fi, _ := os.Stderr.Stat()
	env := cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Progress: fi != nil && fi.Mode()&os.ModeCharDevice != 0}
	if hasDisplay() {
		env.ShowProblem = func(path string, err error) { ui.NewProblemWindow(newApp(), path, err).ShowAndRun() }
	}
	os.Exit(cli.Main(os.Args[1:], env, func(s *data.Store) error {
		if !hasDisplay() {
			return errors.New("no display to open the window on: start Partnerdesk on a desktop, or use its commands (partnerdesk help)")
		}
		a := newApp()
		w, m := ui.NewWindow(a, s)
		if dir := os.Getenv("PARTNERDESK_SCREENSHOTS"); dir != "" {
			// make screenshots: the real window walks through its screens, then closes.
			shots := ui.ProjectShots()
			if list, _ := s.Projects(); len(list) == 0 {
				shots = ui.WelcomeShots()
			}
			var err error
			go func() {
				err = ui.TakeScreenshots(w, m, dir, shots)
				fyne.Do(a.Quit)
			}()
			w.ShowAndRun()
			return err
		}
		w.ShowAndRun()
		return nil
	}))
}

func newApp() fyne.App {
	a := app.NewWithID("org.partnerdesk.app")
	a.SetIcon(fyne.NewStaticResource("icon.png", icon))
	ui.UseLanguage(a.Preferences().String(ui.PrefLanguage)) // the language chosen in the settings
	return a
}

// hasDisplay says whether a window can open: on Linux and the BSDs an X11 or Wayland display must be set.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios", "js":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}
