package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"partnerdesk/data"
)

// TestSettingsBackUpAndRestore: a backup taken from the settings is a database that opens with
// the project; restoring it puts it in the database's place and keeps the replaced file.
func TestSettingsBackUpAndRestore(t *testing.T) {
	s, _, m := exampleWindow(t, 1280, 720)
	v := m.Settings
	if !strings.Contains(v.Installation.Text, s.Installation()) || !strings.Contains(v.Installation.Text, "not shared") {
		t.Errorf("installation shown: %q", v.Installation.Text)
	}
	backup := filepath.Join(t.TempDir(), "before the final report.db")
	v.BackupTo(backup)
	m.Wait()
	b, err := data.Open(backup, data.Options{NoBackups: true})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	if list, _ := b.Projects(); len(list) != 1 || list[0].Acronym != "GREENSKILLS" {
		t.Errorf("backup holds %v", list)
	}
	b.Close()
	// A change after the backup, then the backup restored: the change is gone, the file kept.
	p, _ := s.FindProject("GREENSKILLS")
	doc, _ := s.Load(p.ID, data.LoadOptions{})
	doc.Project.Title, doc.Project.Meta = "Changed after the backup", data.Meta{}
	if _, err := s.Import(&data.Document{Format: data.Format, Project: doc.Project}, data.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	v.RestoreFrom(backup)
	if !strings.Contains(v.Restored, "The backup is in place") {
		t.Fatalf("restore said %q", v.Restored)
	}
	r, err := data.Open(path, data.Options{NoBackups: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, _ := r.FindProject("GREENSKILLS")
	if got.Title == "Changed after the backup" {
		t.Error("the restored database still has the later change")
	}
}

// TestSettingsRememberWhoUsesThisComputer: the person chosen is chosen again at the next load.
func TestSettingsRememberWhoUsesThisComputer(t *testing.T) {
	_, _, m := exampleWindow(t, 1280, 720)
	v := m.Settings
	v.Person.SetSelected("Małgorzata Wójcik (FZL, teacher / trainer)")
	v.Language.SetSelected("Deutsch")
	m.SelectProject(m.selected)
	if v.Person.Selected != "Małgorzata Wójcik (FZL, teacher / trainer)" || v.Language.Selected != "Deutsch" {
		t.Errorf("after reload: %q %q", v.Person.Selected, v.Language.Selected)
	}
}

type noKeyring struct{}

func (noKeyring) Get(string) (string, error) { return "", errors.New("no system keyring") }
func (noKeyring) Set(string, string) error   { return errors.New("no system keyring") }

// TestPasswordKeptForTheSessionWithoutAKeyring: without a keyring a typed password is kept
// until Partnerdesk closes, and the person is told so.
func TestPasswordKeptForTheSessionWithoutAKeyring(t *testing.T) {
	sec := &sessionSecrets{keyring: noKeyring{}}
	err := sec.Set("anna @ https://cloud.example.org/", "pw")
	if !isSessionOnly(err) || !strings.Contains(err.Error(), "kept until Partnerdesk closes") {
		t.Fatalf("set: %v", err)
	}
	if pw, err := sec.Get("anna @ https://cloud.example.org/"); err != nil || pw != "pw" {
		t.Errorf("get: %q %v", pw, err)
	}
}

// TestSettingsWorkingDay: the organisation's working day is changed in the settings and the
// timesheet's days follow; a bad value is refused and nothing changes.
func TestSettingsWorkingDay(t *testing.T) {
	s, _, m := exampleWindow(t, 1280, 720)
	v := m.Settings
	if v.WorkingDay.Text != "8" || v.WorkingDay.Disabled() {
		t.Fatalf("working day shown: %q disabled %v", v.WorkingDay.Text, v.WorkingDay.Disabled())
	}
	v.WorkingDay.SetText("30")
	v.SaveWorkingDay.OnTapped()
	if !strings.Contains(v.WorkingDayNote.Text, "Not saved") {
		t.Errorf("30 h accepted: %q", v.WorkingDayNote.Text)
	}
	v.WorkingDay.SetText("7:30")
	v.SaveWorkingDay.OnTapped()
	p, _ := s.FindProject("GREENSKILLS")
	doc, _ := s.Load(p.ID, data.LoadOptions{})
	if got := doc.PartnerByID(doc.Project.Coordinator).Day(); got != (7*60+30)*60 {
		t.Errorf("stored working day %s", got)
	}
	if v.WorkingDay.Text != "7.5" && v.WorkingDay.Text != "7:30" {
		t.Errorf("shown after saving: %q", v.WorkingDay.Text)
	}
}
