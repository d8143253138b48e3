package export

import (
	"io"
	"strings"
	"testing"
)

// TestUnusualCharacters: emoji and control characters in names and notes do not break the document,
// and characters the font lacks still come back out as text.
func TestUnusualCharacters(t *testing.T) {
	f := greenskills(t)
	s := f.sheet(t, "Lukas Hofer", "2019-10")
	s.Days[1].Notes = []string{"Great 👍 work\ton\nthe unit", "漢字"}
	s.Person.Name = "Lukas 👍 Hofer"
	text := flatText(t, render(t, func(w io.Writer) error { return Timesheet(w, s) }))
	for _, want := range []string{"Lukas \uFFFD Hofer", "Great \uFFFD work on the unit", "漢字"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
}
