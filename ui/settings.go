package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
	davsync "partnerdesk/sync"
)

// Preference keys kept by Fyne for this computer's user.
const (
	PrefLanguage = "language"  // "" follows the system
	prefPerson   = "person/%s" // who uses this computer, per project: the timesheet's first person
)

// Languages the window offers, by code; the first entry follows the system.
var Languages = []struct{ Code, Name string }{
	{"", "System language"}, {"en", "English"}, {"de", "Deutsch"}, {"fr", "Français"}, {"es", "Español"},
	{"it", "Italiano"}, {"pl", "Polski"}, {"el", "Ελληνικά"}, {"bg", "Български"}, {"pt", "Português"},
}

// systemLocale is the system's language settings as the process started with them, before
// UseLanguage sets LANGUAGE: in the order that POSIX and gettext read them.
var systemLocale = []string{os.Getenv("LANGUAGE"), os.Getenv("LC_ALL"), os.Getenv("LC_MESSAGES"), os.Getenv("LANG")}

// SystemLanguage is the code among Languages of the system's language (LANGUAGE, LC_ALL,
// LC_MESSAGES, LANG: "fr_FR.UTF-8" is "fr"), "en" when it is none of them: the window speaks it
// while the settings say "System language".
func SystemLanguage() string { return systemLanguage(systemLocale) }

func systemLanguage(vars []string) string {
	for _, v := range vars {
		for _, l := range strings.Split(v, ":") { // LANGUAGE is a list: "pt_PT:pt:en"
			code := strings.ToLower(l)
			if i := strings.IndexAny(code, "_.@-"); i >= 0 {
				code = code[:i]
			}
			if code == "" || code == "c" || code == "posix" {
				continue
			}
			for _, known := range Languages {
				if known.Code != "" && known.Code == code {
					return code
				}
			}
		}
		if v != "" && v != "C" && v != "POSIX" && !strings.HasPrefix(v, "C.") {
			return "en" // the first variable set decides, as for gettext
		}
	}
	return "en"
}

// UseLanguage makes the window speak a language from now on, before it is built: Fyne picks its
// translation from the environment once, so main calls this at start with the saved choice.
func UseLanguage(code string) {
	if code == "" {
		return
	}
	os.Setenv("LANGUAGE", code)
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil { // makes Fyne pick again
		fyne.LogError("translations", err)
	}
}

func languageName(code string) string {
	for _, l := range Languages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// SettingsView is this installation's settings: who uses it, the language, the database and its backups.
type SettingsView struct {
	Installation *widget.Label
	Person       *widget.Select
	// WorkingDay is this installation's organisation's working-day length, which turns hours into days.
	WorkingDay     *widget.Entry
	SaveWorkingDay *widget.Button
	WorkingDayNote *widget.Label
	Language       *widget.Select
	Database       *widget.Label
	Backups        *widget.Label
	BackupNow      *widget.Button
	Restore        *widget.Button
	Content        fyne.CanvasObject

	// Restored is what the last restore said, as shown.
	Restored string

	m      *Main
	people []data.Person
}

func newSettingsView(m *Main) *SettingsView {
	v := &SettingsView{m: m}
	v.Installation = widget.NewLabel("")
	v.Installation.Wrapping = fyne.TextWrapWord
	v.Person = widget.NewSelect(nil, v.choosePerson)
	v.Person.PlaceHolder = lang.L("Who uses this computer")
	names := make([]string, len(Languages))
	for i, l := range Languages {
		names[i] = l.Name
		if l.Code == "" {
			names[i] = lang.L(l.Name) + " (" + languageName(SystemLanguage()) + ")"
		}
	}
	v.Language = widget.NewSelect(names, v.chooseLanguage)
	v.WorkingDay = widget.NewEntry()
	v.WorkingDay.SetPlaceHolder("8")
	v.SaveWorkingDay = widget.NewButton(lang.L("Save"), v.saveWorkingDay)
	v.WorkingDayNote = widget.NewLabel("")
	v.WorkingDayNote.Wrapping = fyne.TextWrapWord
	v.Database = widget.NewLabel("")
	v.Database.Wrapping = fyne.TextWrapWord
	v.Backups = widget.NewLabel("")
	v.Backups.Wrapping = fyne.TextWrapWord
	v.BackupNow = widget.NewButton(lang.L("Back up now…"), v.backupNow)
	v.Restore = widget.NewButton(lang.L("Restore a backup…"), v.restoreForm)
	note := widget.NewLabel(lang.L("The language applies at the next start."))
	form := widget.NewForm(
		widget.NewFormItem(lang.L("This installation"), v.Installation),
		widget.NewFormItem(lang.L("You are"), v.Person),
		widget.NewFormItem(lang.L("Working day (hours)"), container.NewVBox(container.NewBorder(nil, nil, nil, v.SaveWorkingDay, v.WorkingDay), v.WorkingDayNote)),
		widget.NewFormItem(lang.L("Language"), container.NewVBox(v.Language, note)),
		widget.NewFormItem(lang.L("Database"), v.Database),
		widget.NewFormItem(lang.L("Backups"), container.NewVBox(v.Backups, container.NewHBox(v.BackupNow, v.Restore))),
	)
	v.Content = container.NewVScroll(form)
	return v
}

func (v *SettingsView) prefs() fyne.Preferences { return fyne.CurrentApp().Preferences() }

// load shows the settings for the selected project (nil when there is none).
func (v *SettingsView) load(doc *data.Document) {
	s := v.m.store
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", lang.L("Installation"), s.Installation())
	if fp, err := davsync.InstallationFingerprint(s); err == nil {
		fmt.Fprintf(&b, " · %s %s", lang.L("key"), fp)
	}
	if doc != nil {
		if set, _ := davsync.LoadSettings(s, doc.Project.ID); set != nil {
			org := set.Org
			if p := doc.PartnerByID(set.OrgID); p != nil {
				org = p.Name
			}
			fmt.Fprintf(&b, "\n%s %s: %s (%s)", lang.L("In"), doc.Project.Acronym, org, lang.L(set.Role))
		} else {
			fmt.Fprintf(&b, "\n%s %s: %s", lang.L("In"), doc.Project.Acronym, lang.L("not shared: this installation writes every record"))
		}
	}
	v.Installation.SetText(b.String())
	v.people = nil
	var names []string
	if doc != nil {
		v.people = doc.People
		for _, p := range doc.People {
			names = append(names, personLabel(doc, p))
		}
	}
	v.Person.Options = names
	v.Person.ClearSelected()
	if doc != nil {
		if id := v.prefs().String(fmt.Sprintf(prefPerson, doc.Project.ID)); id != "" {
			for i, p := range v.people {
				if p.ID == id {
					v.Person.SetSelectedIndex(i)
				}
			}
		}
	}
	v.showWorkingDay(doc)
	code := v.prefs().String(PrefLanguage)
	for i, l := range Languages {
		if l.Code == code {
			v.Language.SetSelectedIndex(i)
		}
	}
	v.Database.SetText(s.Path() + "\n" + lang.L("Another database opens with --db PATH or PARTNERDESK_DB."))
	v.showBackups()
}

// backupWhy words why a backup was taken: "daily", or "before schema N".
func backupWhy(why string) string {
	if n, ok := strings.CutPrefix(why, "before schema "); ok {
		return fmt.Sprintf(lang.L("before schema %s"), n)
	}
	return lang.L(why)
}

func (v *SettingsView) showBackups() {
	list, err := data.Backups(v.m.store.Path())
	switch {
	case err != nil:
		v.Backups.SetText(message(err))
	case len(list) == 0:
		v.Backups.SetText(lang.L("No automatic backup yet: one is taken each day the database is opened, and before each upgrade."))
	default:
		var lines []string
		for _, b := range list {
			lines = append(lines, fmt.Sprintf("%s · %s · %d kB", formatTime(b.Time.Local()), backupWhy(b.Why), (b.Size+1023)/1024))
		}
		v.Backups.SetText(lang.L("Automatic backups, newest first:") + "\n" + strings.Join(lines, "\n"))
	}
}

// ownOrganisation is the organisation this installation writes for in the project: the one it
// joined for, or the coordinator's when it shares or holds the project alone.
func (v *SettingsView) ownOrganisation(doc *data.Document) *data.Partner {
	if doc == nil {
		return nil
	}
	if set, _ := davsync.LoadSettings(v.m.store, doc.Project.ID); set != nil && set.OrgID != "" {
		return doc.PartnerByID(set.OrgID)
	}
	return doc.PartnerByID(doc.Project.Coordinator)
}

func (v *SettingsView) showWorkingDay(doc *data.Document) {
	org := v.ownOrganisation(doc)
	if org == nil {
		v.WorkingDay.SetText("")
		v.WorkingDay.Disable()
		v.SaveWorkingDay.Hide()
		v.WorkingDayNote.SetText("")
		return
	}
	v.WorkingDay.SetText(org.Day().String())
	why := v.m.refusal(data.KindPartner, "", &org.Meta)
	if why != "" {
		v.WorkingDay.Disable()
		v.SaveWorkingDay.Hide()
		v.WorkingDayNote.SetText(fmt.Sprintf("%s: %s", org.Label(), why))
		return
	}
	v.WorkingDay.Enable()
	v.SaveWorkingDay.Show()
	v.WorkingDayNote.SetText(fmt.Sprintf(lang.L("%s's working day: a day of the timesheets and the budget is this many hours."), org.Label()))
}

// saveWorkingDay changes the organisation's working day, as its partner record says.
func (v *SettingsView) saveWorkingDay() {
	doc := v.m.doc
	org := v.ownOrganisation(doc)
	if org == nil {
		return
	}
	h, err := data.ParseHours(v.WorkingDay.Text)
	if err == nil && (h <= 0 || h > 24*3600) {
		err = fmt.Errorf(lang.L("%s is not a working day (more than 0, at most 24 hours)"), v.WorkingDay.Text)
	}
	if err != nil {
		v.WorkingDayNote.SetText(lang.L("Not saved:") + " " + message(err))
		return
	}
	p := *org
	p.WorkingDay, p.Meta = h, data.Meta{}
	if _, err := v.m.store.Import(&data.Document{Format: data.Format, Partners: []data.Partner{p}}, data.ImportOptions{Project: doc.Project.ID, Single: true, Action: "edit",
		Detail: fmt.Sprintf("%s: working day %s h → %s h", p.Label(), org.Day(), h)}); err != nil {
		v.WorkingDayNote.SetText(lang.L("Not saved:") + " " + message(err))
		return
	}
	v.m.reloadDoc()
	v.m.SelectProject(v.m.selected)
}

// choosePerson remembers who uses this computer: the timesheet opens on them.
func (v *SettingsView) choosePerson(string) {
	i := v.Person.SelectedIndex()
	if i < 0 || v.m.doc == nil {
		return
	}
	v.prefs().SetString(fmt.Sprintf(prefPerson, v.m.doc.Project.ID), v.people[i].ID)
}

func (v *SettingsView) chooseLanguage(string) {
	if i := v.Language.SelectedIndex(); i >= 0 {
		v.prefs().SetString(PrefLanguage, Languages[i].Code)
	}
}

// backupNow writes a consistent copy of the database where the person chooses.
func (v *SettingsView) backupNow() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the backup writes through a temporary file and renames it
		v.BackupTo(path)
	}, v.m.Window)
	d.SetFileName("partnerdesk backup " + time.Now().Format("2006-01-02") + ".db")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	d.Show()
}

// BackupTo writes the backup in the background and says where it is.
func (v *SettingsView) BackupTo(path string) {
	v.BackupNow.Disable()
	v.m.run(func() error { return v.m.store.BackupTo(path) }, func(err error) {
		v.BackupNow.Enable()
		if err != nil {
			v.m.showError(err)
			return
		}
		v.m.showInfo(lang.L("Backed up"), lang.L("The database was copied to")+"\n"+path)
	})
}

// restoreForm offers the automatic backups and any backup file.
func (v *SettingsView) restoreForm() {
	list, _ := data.Backups(v.m.store.Path())
	var labels []string
	for _, b := range list {
		labels = append(labels, fmt.Sprintf("%s (%s)", formatTime(b.Time.Local()), backupWhy(b.Why)))
	}
	pick := widget.NewSelect(labels, nil)
	other := widget.NewButton(lang.L("Another backup file…"), func() {
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			path := r.URI().Path()
			r.Close()
			v.confirmRestore(path)
		}, v.m.Window)
	})
	d := dialog.NewCustomConfirm(lang.L("Restore a backup"), lang.L("Restore"), lang.L("Cancel"),
		container.NewVBox(widget.NewLabel(lang.L("Put a backup in the database's place. The current file is kept beside it.")), pick, other),
		func(ok bool) {
			if ok && pick.SelectedIndex() >= 0 {
				v.confirmRestore(list[pick.SelectedIndex()].Path)
			}
		}, v.m.Window)
	d.Resize(fyne.NewSize(560, 260))
	d.Show()
}

func (v *SettingsView) confirmRestore(path string) {
	dialog.ShowConfirm(lang.L("Restore a backup"), lang.L("Partnerdesk closes the database, puts the backup in its place and then closes; start it again to work on the backup. Go ahead?"),
		func(ok bool) {
			if ok {
				v.RestoreFrom(path)
			}
		}, v.m.Window)
}

// RestoreFrom closes the store, puts the backup in its place and asks for a restart: every view
// holds the store, so a fresh start is the one way nothing reads the old file.
func (v *SettingsView) RestoreFrom(path string) {
	dbPath := v.m.store.Path()
	if _, err := data.Verify(path, time.Second); err != nil {
		v.m.showError(err)
		return
	}
	v.m.Wait()
	v.m.store.Close()
	kept, err := data.Restore(dbPath, path, time.Now())
	msg := lang.L("The backup is in place. Partnerdesk closes now: start it again.") + "\n" + lang.L("The replaced file was kept as:") + "\n" + kept
	if err != nil {
		msg = message(err) + "\n" + lang.L("Nothing was changed. Partnerdesk closes now: start it again.")
	}
	v.Restored = msg
	d := dialog.NewInformation(lang.L("Restore a backup"), msg, v.m.Window)
	d.SetOnClosed(func() { fyne.CurrentApp().Quit() })
	d.Show()
}

// sessionSecrets keeps share passwords in the system keyring, and for this session in memory
// when there is no keyring: a typed password is asked for once per start, not before every sync.
type sessionSecrets struct {
	keyring Secrets
	mu      sync.Mutex
	mem     map[string]string
	// OnlySession is set once a password could not go to the keyring.
	OnlySession bool
}

func (s *sessionSecrets) Get(account string) (string, error) {
	s.mu.Lock()
	pw, ok := s.mem[account]
	s.mu.Unlock()
	if ok {
		return pw, nil
	}
	return s.keyring.Get(account)
}

func (s *sessionSecrets) Set(account, password string) error {
	s.mu.Lock()
	if s.mem == nil {
		s.mem = map[string]string{}
	}
	s.mem[account] = password
	s.mu.Unlock()
	if err := s.keyring.Set(account, password); err != nil {
		s.mu.Lock()
		s.OnlySession = true
		s.mu.Unlock()
		return &sessionOnly{err}
	}
	return nil
}

// sessionOnly says a password is kept, but only until Partnerdesk closes.
type sessionOnly struct{ err error }

func (e *sessionOnly) Error() string {
	return lang.L("kept until Partnerdesk closes (no system keyring:") + " " + e.err.Error() + ")"
}

func isSessionOnly(err error) bool {
	var s *sessionOnly
	return errors.As(err, &s)
}
