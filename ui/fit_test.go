package ui

import (
	"os"
	"testing"
)

// TestEveryScreenFitsASmallLaptopInEveryLanguage: at 1,280 × 720 no screen asks for more width
// or height, in each language the window ships translations for.
func TestEveryScreenFitsASmallLaptopInEveryLanguage(t *testing.T) {
	old, had := os.LookupEnv("LANGUAGE")
	t.Cleanup(func() {
		if had {
			UseLanguage(old)
		} else {
			os.Unsetenv("LANGUAGE")
			UseLanguage("en")
		}
	})
	for _, code := range uiLanguages {
		t.Run(code, func(t *testing.T) {
			UseLanguage(code)
			_, w, m := exampleWindow(t, 1280, 720)
			for _, ti := range m.Tabs.Items {
				m.Tabs.Select(ti)
				m.Wait() // a tab may load in the background (the budget): draw once it is done
				w.Canvas().Capture()
				if min := w.Content().MinSize(); min.Width > 1280 || min.Height > 720 {
					t.Errorf("%s: the %q tab needs %.0f × %.0f", code, ti.Text, min.Width, min.Height)
				}
			}
		})
	}
}
