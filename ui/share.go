package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
	davsync "partnerdesk/sync"
)

// Secrets keeps share passwords; the app uses the system keyring, tests a map.
type Secrets interface {
	Get(account string) (string, error)
	Set(account, password string) error
}

// ShareView sets up the project's share and syncs it: settings, status, progress, conflicts.
type ShareView struct {
	URL, User, Password, Folder *widget.Entry
	Remember                    *widget.Check
	Create, SyncNow, Invite     *widget.Button
	// StopSync stops a sync under way; the journal makes the next one go on from there.
	StopSync *widget.Button
	Progress *widget.ProgressBar
	Status   *widget.Label
	Content  fyne.CanvasObject

	// LastCode is the invitation code made last, as shown.
	LastCode string
	// Asked is the mass deletion the open dialog asks about, nil when none.
	Asked *davsync.DeletesError

	note   string // where the password is kept, when not in the keyring
	cancel context.CancelFunc

	m       *Main
	project *data.Project
	shared  *davsync.Settings
}

func newShareView(m *Main) *ShareView {
	v := &ShareView{m: m}
	v.URL, v.User, v.Password, v.Folder = widget.NewEntry(), widget.NewEntry(), widget.NewPasswordEntry(), widget.NewEntry()
	v.URL.SetPlaceHolder("https://cloud.example.org/remote.php/dav/files/anna/Erasmus/PROJECT/")
	v.Password.SetPlaceHolder(lang.L("kept in the system keyring, never in the database"))
	v.Folder.SetPlaceHolder(lang.L("a folder in your home, when left empty"))
	v.Remember = widget.NewCheck(lang.L("Remember the password in the system keyring"), nil)
	v.Remember.SetChecked(true)
	v.Create = widget.NewButton(lang.L("Share this project"), v.create)
	v.SyncNow = widget.NewButton(lang.L("Sync now"), v.sync)
	v.Invite = widget.NewButton(lang.L("Invite a partner…"), v.inviteForm)
	v.StopSync = widget.NewButton(lang.L("Stop"), func() {
		if v.cancel != nil {
			v.cancel()
		}
	})
	v.StopSync.Hide()
	v.Progress = widget.NewProgressBar()
	v.Progress.Hide()
	v.Status = widget.NewLabel("")
	v.Status.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(lang.L("WebDAV folder"), v.URL),
		widget.NewFormItem(lang.L("User"), v.User),
		widget.NewFormItem(lang.L("Password"), v.Password),
		widget.NewFormItem(lang.L("Local folder"), v.Folder),
	)
	v.Content = container.NewVBox(form, v.Remember, container.NewHBox(v.Create, v.SyncNow, v.StopSync, v.Invite), v.Progress, v.Status)
	return v
}

// load shows a project's share: its settings when shared, an empty form when not.
func (v *ShareView) load(doc *data.Document) {
	v.project = doc.Project
	v.Password.SetText("")
	st, err := davsync.ShareStatus(v.m.store, doc.Project.ID)
	if err != nil {
		v.m.showError(err)
		return
	}
	v.shared = nil
	if st != nil {
		v.shared = &st.Settings
		v.URL.SetText(st.Settings.URL)
		v.User.SetText(st.Settings.User)
		v.Folder.SetText(st.Settings.Folder)
	} else {
		v.URL.SetText("")
		v.User.SetText("")
		v.Folder.SetText("")
	}
	v.showStatus(st)
}

// showStatus writes the share's state in words: role, folder, last run, conflicts, rejections.
func (v *ShareView) showStatus(st *davsync.Status) {
	shared := st != nil
	for _, e := range []*widget.Entry{v.URL, v.User, v.Folder} {
		if shared {
			e.Disable()
		} else {
			e.Enable()
		}
	}
	if shared {
		v.Create.Hide()
		v.SyncNow.Show()
		if st.Settings.Role == davsync.RoleCoordinator {
			v.Invite.Show()
		} else {
			v.Invite.Hide()
		}
	} else {
		v.Create.Show()
		v.SyncNow.Hide()
		v.Invite.Hide()
		v.Status.SetText(lang.L("This project is not shared. The coordinator shares it in a WebDAV folder (Nextcloud, ownCloud, any WebDAV server); partners join it from the welcome screen or with partnerdesk share join."))
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s · %s: %s\n", lang.L("Role"), lang.L(st.Settings.Role), lang.L("Local folder"), st.Settings.Folder)
	fmt.Fprintf(&b, "%s: %d · %s: %d\n", lang.L("Files synced"), st.Files, lang.L("Records files of partners"), len(st.Partners))
	if l := st.Last; l == nil {
		b.WriteString(lang.L("Never synced.") + "\n")
	} else {
		fmt.Fprintf(&b, "%s %s: ", lang.L("Last sync"), formatTime(l.At.Local()))
		if l.Error != "" {
			b.WriteString(lang.L("failed") + ": " + l.Error + "\n")
		} else {
			fmt.Fprintf(&b, "%d ↑ %d ↓ %d ✕, %d %s, %d %s\n", l.Uploaded, l.Downloaded, l.Deleted,
				l.Conflicts, lang.L("conflicts (both versions kept)"), l.Failed, lang.L("files to retry"))
		}
	}
	fmt.Fprintf(&b, "%s: %s\n", lang.L("This installation's key"), st.Fingerprint)
	for _, m := range st.Members {
		fmt.Fprintf(&b, "%s %s: %s %s\n", lang.L(m.Role), m.Org, lang.L("key"), m.Fingerprint)
	}
	for _, inv := range st.Invites {
		if inv.UsedBy == "" {
			fmt.Fprintf(&b, "%s %s: %s\n", lang.L("Open invitation for"), v.m.doc.PartnerLabel(inv.Partner), dateIn(uiLanguage(), inv.Created.Local()))
		}
	}
	for _, r := range st.Refused {
		b.WriteString(lang.L("Refused") + ": " + r.Error() + "\n")
	}
	if st.Fork != "" {
		b.WriteString(lang.L("Stopped") + ": " + st.Fork + "\n")
	}
	if v.note != "" {
		b.WriteString(v.note + "\n")
	}
	v.Status.SetText(strings.TrimSpace(b.String()))
}

// connect makes the remote from the form: the typed password, else the keyring's.
func (v *ShareView) connect(url, user string) (davsync.Remote, string, error) {
	return connectShare(v.m.secrets, url, user, v.Password.Text)
}

// connectShare checks the address and finds the password; it returns the remote and the clean address.
func connectShare(sec Secrets, url, user, typed string) (davsync.Remote, string, error) {
	u, err := davsync.CheckURL(strings.TrimSpace(url))
	if err != nil {
		return nil, "", err
	}
	u.User = nil
	clean := u.String()
	pw := typed
	if pw == "" && user != "" {
		if pw, err = sec.Get(davsync.KeyringAccount(user, clean)); err != nil || pw == "" {
			return nil, "", fmt.Errorf("%s %s %s", lang.L("Enter the password of"), user, lang.L("(the system keyring has none)"))
		}
	}
	d, err := davsync.NewDAV(davsync.Config{URL: clean, User: user, Password: pw})
	if err != nil {
		return nil, "", err
	}
	return &davsync.Retry{Remote: d}, clean, nil
}

// keep stores a typed password that worked, when the person asked for it.
func (v *ShareView) keep(user, url string) {
	if v.Password.Text == "" || !v.Remember.Checked || user == "" {
		return
	}
	if err := v.m.secrets.Set(davsync.KeyringAccount(user, url), v.Password.Text); err != nil {
		// Said under the status from now on: the status is rewritten after every sync.
		v.note = lang.L("The password is") + " " + message(err)
		v.Status.SetText(v.Status.Text + "\n" + v.note)
	}
}

func (v *ShareView) busy(on bool) {
	if on {
		v.Create.Disable()
		v.SyncNow.Disable()
		v.Invite.Disable()
		v.Progress.SetValue(0)
		v.Progress.Show()
		return
	}
	v.Create.Enable()
	v.SyncNow.Enable()
	v.Invite.Enable()
	v.Progress.Hide()
}

// inviteForm asks which partner organisation to invite, then makes and publishes its one-time code.
func (v *ShareView) inviteForm() {
	if v.shared == nil {
		return
	}
	doc := v.m.doc
	var labels []string
	ids := map[string]string{}
	for _, p := range doc.Partners {
		if p.ID == doc.Project.Coordinator {
			continue
		}
		l := p.Label() + " – " + p.Name
		labels = append(labels, l)
		ids[l] = p.ID
	}
	pick := widget.NewSelect(labels, nil)
	d := dialog.NewForm(lang.L("Invite a partner"), lang.L("Make the code"), lang.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("Organisation"), pick)}, func(ok bool) {
			if ok && pick.Selected != "" {
				v.InvitePartner(ids[pick.Selected])
			}
		}, v.m.Window)
	d.Resize(fyne.NewSize(560, 200))
	d.Show()
}

// InvitePartner makes a one-time invitation for a partner organisation, publishes it, and shows the code.
func (v *ShareView) InvitePartner(partnerID string) {
	set := *v.shared
	remote, _, err := v.connect(set.URL, set.User)
	if err != nil {
		v.m.showError(err)
		return
	}
	v.busy(true)
	project := v.project.ID
	var inv *davsync.Invite
	v.m.run(func() error {
		var err error
		if inv, err = davsync.NewInvite(v.m.store, project, partnerID); err != nil {
			return err
		}
		_, err = davsync.SyncRecords(context.Background(), v.m.store, project, remote)
		return err
	}, func(err error) {
		v.busy(false)
		v.load(v.m.doc)
		if err != nil {
			v.m.showError(err)
			return
		}
		v.LastCode = inv.Code()
		code := widget.NewEntry()
		code.SetText(inv.Code())
		text := widget.NewLabel(fmt.Sprintf("%s %s %s\n%s: %s", lang.L("Send this code to"), v.m.doc.PartnerLabel(partnerID),
			lang.L("by phone or e-mail, not through the share. It admits one installation."), lang.L("Share address"), set.URL))
		text.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustom(lang.L("Invitation code"), lang.L("Close"), container.NewVBox(code, text), v.m.Window)
		d.Resize(fyne.NewSize(560, 260))
		d.Show()
	})
}

// create shares the project: the marker, records/ and files/ in the WebDAV folder.
func (v *ShareView) create() {
	if v.project == nil {
		return
	}
	url, user, folder := v.URL.Text, strings.TrimSpace(v.User.Text), strings.TrimSpace(v.Folder.Text)
	remote, clean, err := v.connect(url, user)
	if err != nil {
		v.m.showError(err)
		return
	}
	v.busy(true)
	project := v.project.ID
	v.m.run(func() error {
		_, err := davsync.Init(context.Background(), v.m.store, project, remote, davsync.Settings{URL: clean, User: user, Folder: folder})
		return err
	}, func(err error) {
		v.busy(false)
		if err != nil {
			v.m.showError(err)
			return
		}
		v.keep(user, clean)
		v.load(v.m.doc)
	})
}

// sync runs one sync of records and files, with progress, then shows what it did.
func (v *ShareView) sync() { v.syncWith(false) }

// syncWith runs a sync; a run that would delete most files asks first in a dialog.
func (v *ShareView) syncWith(allowDeletes bool) {
	if v.shared == nil {
		return
	}
	set := *v.shared
	remote, clean, err := v.connect(set.URL, set.User)
	if err != nil {
		v.m.showError(err)
		return
	}
	v.busy(true)
	project := v.project.ID
	var last time.Time
	progress := func(p davsync.Progress) {
		if now := time.Now(); p.Phase != "done" && now.Sub(last) < 100*time.Millisecond {
			return
		} else {
			last = now
		}
		frac := 0.0
		if p.BytesTotal > 0 {
			frac = float64(p.Bytes) / float64(p.BytesTotal)
		} else if p.FilesTotal > 0 {
			frac = float64(p.Files) / float64(p.FilesTotal)
		}
		fyne.Do(func() { v.Progress.SetValue(frac) })
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	v.StopSync.Show()
	v.m.run(func() error {
		rep, err := davsync.Sync(ctx, v.m.store, project, remote, davsync.SyncOptions{Progress: progress, AllowDeletes: allowDeletes})
		if err == nil && rep != nil {
			var failed []error
			if rep.Records != nil {
				failed = append(failed, rep.Records.Failed...)
			}
			if rep.Files != nil {
				failed = append(failed, rep.Files.Failed...)
			}
			err = errors.Join(failed...)
		}
		return err
	}, func(err error) {
		cancel()
		v.StopSync.Hide()
		v.busy(false)
		if errors.Is(err, context.Canceled) {
			v.m.reloadDoc()
			v.m.SelectProject(v.m.selected)
			v.Status.SetText(v.Status.Text + "\n" + lang.L("The sync was stopped; the next one goes on from there, nothing is lost."))
			return
		}
		var many *davsync.DeletesError
		if errors.As(err, &many) {
			v.Asked = many
			d := dialog.NewConfirm(lang.L("Delete these files?"), many.Error(), func(yes bool) {
				v.Asked = nil
				if yes {
					v.syncWith(true)
				}
			}, v.m.Window)
			d.SetConfirmText(lang.L("Delete them"))
			d.SetDismissText(lang.L("Keep them"))
			d.Show()
			return
		}
		if err != nil {
			v.m.showError(err)
		} else {
			v.keep(set.User, clean)
		}
		v.m.reloadDoc()
		v.m.SelectProject(v.m.selected)
	})
}

// joinForm asks for a partner's share and joins it: the project comes from the coordinator's records.
// What was typed stays in the form when the join fails, so nothing needs typing again.
func (m *Main) joinForm() { m.showJoinForm(&JoinFields{}) }

// JoinFields are what a person types to join a share.
type JoinFields struct{ URL, User, Password, Folder, Code string }

func (m *Main) showJoinForm(f *JoinFields) {
	url, user, pw, folder, code := widget.NewEntry(), widget.NewEntry(), widget.NewPasswordEntry(), widget.NewEntry(), widget.NewEntry()
	url.SetText(f.URL)
	user.SetText(f.User)
	pw.SetText(f.Password)
	folder.SetText(f.Folder)
	code.SetText(f.Code)
	url.SetPlaceHolder("https://cloud.example.org/remote.php/dav/files/…/PROJECT/")
	folder.SetPlaceHolder(lang.L("a folder in your home, when left empty"))
	code.SetPlaceHolder("ABCD-EFGH-IJKL-MNOP-QRST-UVWX")
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("WebDAV folder"), url), widget.NewFormItem(lang.L("User"), user),
		widget.NewFormItem(lang.L("Password"), pw), widget.NewFormItem(lang.L("Invitation code"), code),
		widget.NewFormItem(lang.L("Local folder"), folder),
	}
	d := dialog.NewForm(lang.L("Join a partner's share"), lang.L("Join"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			m.JoinShareWith(&JoinFields{URL: url.Text, User: strings.TrimSpace(user.Text), Password: pw.Text,
				Folder: strings.TrimSpace(folder.Text), Code: strings.TrimSpace(code.Text)})
		}
	}, m.Window)
	d.Resize(fyne.NewSize(640, 380))
	d.Show()
}

// JoinShareWith joins a share with an invitation code and opens its project; a typed password that
// worked goes to the keyring. On an error the form comes back with what was typed.
func (m *Main) JoinShareWith(f *JoinFields) {
	fail := func(err error) {
		m.showError(err)
		m.showJoinForm(f)
	}
	remote, clean, err := connectShare(m.secrets, f.URL, f.User, f.Password)
	if err != nil {
		fail(err)
		return
	}
	var rep *davsync.JoinReport
	// Joining reads the coordinator's records over the network: say it is working.
	bar := widget.NewProgressBarInfinite()
	m.Joining = dialog.NewCustomWithoutButtons(lang.L("Joining the share…"), container.NewVBox(widget.NewLabel(clean), bar), m.Window)
	m.Joining.Show()
	m.run(func() (err error) {
		rep, err = davsync.Join(context.Background(), m.store, remote, davsync.Settings{URL: clean, User: f.User, Folder: f.Folder}, f.Code)
		if rep != nil {
			err = nil // joined; its first records file goes out at the next sync
		}
		return err
	}, func(err error) {
		m.Joining.Hide()
		bar.Stop()
		if err != nil {
			fail(err)
			return
		}
		if f.Password != "" && f.User != "" {
			if err := m.secrets.Set(davsync.KeyringAccount(f.User, clean), f.Password); err != nil {
				fyne.LogError("keeping the share password", err)
			}
		}
		m.Reload()
		m.selectProjectID(rep.Project.ID)
		m.showInfo(lang.L("Joined"), fmt.Sprintf("%s %s %s.\n%s: %s\n%s: %s", lang.L("This installation now writes for"), rep.Org,
			lang.L("in")+" "+rep.Project.Acronym, lang.L("The coordinator's key"), rep.CoordinatorFingerprint,
			lang.L("This installation's key"), rep.Fingerprint))
	})
}
