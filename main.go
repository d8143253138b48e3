// Command partnerdesk is the Partnerdesk desktop app and its command line.
package main

import (
	"os"

	"fyne.io/fyne/v2/app"

	"partnerdesk/data"
	"partnerdesk/ui"
	"partnerdesk/ui/cli"
)

func main() {
	fi, _ := os.Stderr.Stat()
	env := cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Progress: fi != nil && fi.Mode()&os.ModeCharDevice != 0}
	os.Exit(cli.Main(os.Args[1:], env, func(s *data.Store) error {
		a := app.NewWithID("org.partnerdesk.app")
		ui.NewWindow(a, s).ShowAndRun()
		return nil
	}))
}
