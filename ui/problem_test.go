package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"partnerdesk/data"
)

// TestDamagedDatabaseIsExplainedAndRestored: a cut-off database opens the problem window, which
// says so in plain words and puts the newest backup in its place.
func TestDamagedDatabaseIsExplainedAndRestored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "partnerdesk.db")
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	importExample(t, s)
	s.Close()
	s, err = data.Open(path, data.Options{}) // the daily backup is taken at this open
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, _ := os.ReadFile(path)
	os.WriteFile(path, raw[:len(raw)/3], 0o600) // as `head -c` would leave it
	_, err = data.Open(path, data.Options{})
	if !errors.Is(err, data.ErrDamaged) {
		t.Fatalf("open of a cut-off file: %v", err)
	}
	a := test.NewTempApp(t)
	w := a.NewWindow("x")
	p := BuildProblem(w, path, err)
	w.SetContent(p.Content)
	if !strings.Contains(p.Message.Text, "The database is damaged") || !p.Restore.Visible() {
		t.Fatalf("problem shown: %q, restore visible %v", p.Message.Text, p.Restore.Visible())
	}
	test.Tap(p.Restore)
	if !strings.Contains(p.Message.Text, "The backup is in place") {
		t.Fatalf("after restore: %q", p.Message.Text)
	}
	s, err = data.Open(path, data.Options{})
	if err != nil {
		t.Fatalf("the restored database does not open: %v", err)
	}
	defer s.Close()
	if list, _ := s.Projects(); len(list) != 1 || list[0].Acronym != "GREENSKILLS" {
		t.Errorf("restored projects: %v", list)
	}
}

func TestDatabaseInUseIsExplained(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("x")
	p := BuildProblem(w, "/some/partnerdesk.db", errors.Join(data.ErrInUse))
	if !strings.Contains(p.Message.Text, "already open on this database") || p.Restore.Visible() {
		t.Errorf("in use: %q", p.Message.Text)
	}
}
