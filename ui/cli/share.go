package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"partnerdesk/data"
	davsync "partnerdesk/sync"
)

// secrets keeps share passwords: the system keyring; tests swap in another.
type secrets interface {
	Get(account string) (string, error)
	Set(account, password string) error
}

// passwords is where share passwords live; tests replace it.
var passwords secrets = davsync.SystemKeyring{Timeout: 3 * time.Second}

// keyringAccount names a share's password in the keyring.
func keyringAccount(user, url string) string { return davsync.KeyringAccount(user, url) }

// password finds the share's password: $PARTNERDESK_PASSWORD (what a script or a person set for
// this run), else the system keyring, else a prompt when standard input is a terminal. It returns
// where it came from, so a typed password can be kept in the keyring once it has worked.
func (a *app) password(user, url string) (string, string, error) {
	if user == "" {
		return "", "none", nil
	}
	if pw := a.env.Getenv("PARTNERDESK_PASSWORD"); pw != "" {
		return pw, "env", nil
	}
	pw, kerr := passwords.Get(keyringAccount(user, url))
	if kerr == nil && pw != "" {
		return pw, "keyring", nil
	}
	if f, ok := a.env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(a.env.Stderr, "Password of %s at %s: ", user, url)
		raw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.env.Stderr)
		if err != nil {
			return "", "", fmt.Errorf("reading the password: %w", err)
		}
		if len(raw) == 0 {
			return "", "", fmt.Errorf("no password given for %s at %s", user, url)
		}
		return string(raw), "prompt", nil
	}
	why := "the keyring has none"
	if kerr != nil && !errors.Is(kerr, davsync.ErrNoPassword) {
		why = "no keyring: " + kerr.Error()
	}
	return "", "", fmt.Errorf("no password for %s at %s (%s): set PARTNERDESK_PASSWORD, or run the command in a terminal to be asked", user, url, why)
}

// keepPassword stores a password that worked in the keyring: a typed one always, one from
// $PARTNERDESK_PASSWORD only when a share is set up (a script's every sync must not rewrite it).
func (a *app) keepPassword(user, url, pw, source string, setup bool) {
	if source == "none" || source == "keyring" || (source == "env" && !setup) {
		return
	}
	if err := passwords.Set(keyringAccount(user, url), pw); err != nil {
		fmt.Fprintf(a.env.Stderr, "note: the password is not kept (%v): set PARTNERDESK_PASSWORD for later syncs\n", err)
		return
	}
	fmt.Fprintln(a.env.Stderr, "the password is kept in the system keyring")
}

// conn is a connection to a share: the remote (which repeats requests that fail on the way), the
// address without credentials, the user, and keep, which stores a password that worked.
type conn struct {
	remote    davsync.Remote
	url, user string
	keep      func(setup bool)
}

func (a *app) connect(url, user string) (*conn, error) {
	u, err := davsync.CheckURL(url)
	if err != nil {
		return nil, fmt.Errorf("--url: %w", err)
	}
	if user == "" && u.User != nil {
		user = u.User.Username()
	}
	u.User = nil
	clean := u.String()
	pw, source, err := a.password(user, clean)
	if err != nil {
		return nil, err
	}
	d, err := davsync.NewDAV(davsync.Config{URL: clean, User: user, Password: pw})
	if err != nil {
		return nil, err
	}
	return &conn{remote: &davsync.Retry{Remote: d}, url: clean, user: user,
		keep: func(setup bool) { a.keepPassword(user, clean, pw, source, setup) }}, nil
}

// folderFlag makes a --folder absolute, so the setting does not depend on where a command ran.
func folderFlag(f string) (string, error) {
	if f == "" {
		return "", nil
	}
	abs, err := filepath.Abs(f)
	if err != nil {
		return "", fmt.Errorf("--folder %s: %w", f, err)
	}
	return abs, nil
}

// interruptible stops a long run cleanly on Ctrl-C: the journal is written after every step.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

func (a *app) share(args []string) error {
	const subs = "init, invite, revoke, join, status, reset-identity or keep-identity"
	if len(args) == 0 {
		return usagef("share: say %s", subs)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(a.env.Stdout, usage)
		return nil
	case "init":
		return a.shareInit(args[1:])
	case "invite":
		return a.shareInvite(args[1:])
	case "join":
		return a.shareJoin(args[1:])
	case "revoke":
		return a.shareRevoke(args[1:])
	case "status":
		return a.shareStatus(args[1:])
	case "reset-identity":
		return a.shareResetIdentity(args[1:])
	case "keep-identity":
		return a.shareKeepIdentity(args[1:])
	}
	return usagef("share: unknown subcommand %q (%s)", args[0], subs)
}

func (a *app) shareInit(args []string) error {
	fs := flags("share init")
	project := fs.String("project", "", "project")
	url := fs.String("url", "", "the share folder's WebDAV address")
	user := fs.String("user", "", "user name on the server")
	folder := fs.String("folder", "", "local folder synced with the share's files/")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("share init", "project", *project, "url", *url); err != nil {
		return err
	}
	dir, err := folderFlag(*folder)
	if err != nil {
		return err
	}
	s, p, err := a.project(*project)
	if err != nil {
		return err
	}
	c, err := a.connect(*url, *user)
	if err != nil {
		return err
	}
	clean := c.url
	ctx, stop := interruptible()
	defer stop()
	a.progress("creating the share of %s at %s…", p.Acronym, clean)
	rep, err := davsync.Init(ctx, s, p.ID, c.remote, davsync.Settings{URL: clean, User: c.user, Folder: dir})
	if err != nil {
		return err
	}
	c.keep(true)
	verb := "shared"
	if rep.Already {
		verb = "already shared"
	}
	fmt.Fprintf(a.env.Stdout, "%s %s at %s: records/%s.json published; files/ syncs with %s\n",
		verb, p.Acronym, clean, s.Installation(), rep.Settings.Folder)
	fmt.Fprintf(a.env.Stdout, "invite each partner organisation with: partnerdesk share invite --project %s --partner ORG\n", p.Acronym)
	return nil
}

func (a *app) shareInvite(args []string) error {
	fs := flags("share invite")
	project := fs.String("project", "", "project")
	partner := fs.String("partner", "", "the partner organisation: ID, short name, name or OID")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("share invite", "project", *project, "partner", *partner); err != nil {
		return err
	}
	s, p, err := a.project(*project)
	if err != nil {
		return err
	}
	doc, err := s.Load(p.ID, data.LoadOptions{})
	if err != nil {
		return err
	}
	org, err := findPartner(doc, *partner)
	if err != nil {
		return err
	}
	set, err := davsync.LoadSettings(s, p.ID)
	if err != nil {
		return err
	}
	if set == nil {
		return fmt.Errorf("%s is not shared yet: run partnerdesk share init first", p.Acronym)
	}
	inv, err := davsync.NewInvite(s, p.ID, org.ID)
	if err != nil {
		return err
	}
	c, err := a.connect(set.URL, set.User)
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	a.progress("publishing the invitation…")
	if _, err := davsync.SyncRecords(ctx, s, p.ID, c.remote); err != nil {
		return fmt.Errorf("the invitation for %s is made but not yet on the share (%v): run partnerdesk sync --project %s before the partner joins", org.Label(), err, p.Acronym)
	}
	fmt.Fprintf(a.env.Stdout, "invitation for %s (%s): %s\n", printable(org.Label()), printable(org.Name), inv.Code())
	fmt.Fprintf(a.env.Stdout, "send the code to %s by another way than the share (phone, e-mail); it admits one installation.\n", printable(org.Label()))
	fmt.Fprintf(a.env.Stdout, "they join with: partnerdesk share join --url %s --user THEIR-USER --code %s\n", set.URL, inv.Code())
	return nil
}

func (a *app) shareRevoke(args []string) error {
	fs := flags("share revoke")
	project := fs.String("project", "", "project")
	code := fs.String("code", "", "an invitation's code (or its ID, as share status lists it)")
	inst := fs.String("installation", "", "an admitted installation's ID, as share status lists it")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("share revoke", "project", *project); err != nil {
		return err
	}
	ref := *code
	if ref == "" {
		ref = *inst
	}
	if ref == "" || (*code != "" && *inst != "") {
		return usagef("share revoke: give --code or --installation")
	}
	s, p, err := a.project(*project)
	if err != nil {
		return err
	}
	what, err := davsync.Revoke(s, p.ID, ref)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "%s withdrawn from %s; the partners learn it at the next sync (partnerdesk sync --project %s)\n", what, p.Acronym, p.Acronym)
	return nil
}

// findPartner finds an organisation of a project by ID, short name, name or OID.
func findPartner(doc *data.Document, ref string) (*data.Partner, error) {
	for i := range doc.Partners {
		p := &doc.Partners[i]
		if p.ID == ref || strings.EqualFold(p.ShortName, ref) || strings.EqualFold(p.Name, ref) || (p.OID != "" && strings.EqualFold(p.OID, ref)) {
			return p, nil
		}
	}
	return nil, &data.NotFoundError{What: "partner organisation", Ref: ref}
}

func (a *app) shareJoin(args []string) error {
	fs := flags("share join")
	url := fs.String("url", "", "the share folder's WebDAV address")
	user := fs.String("user", "", "user name on the server")
	folder := fs.String("folder", "", "local folder synced with the share's files/")
	code := fs.String("code", "", "the invitation code the coordinator sent")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("share join", "url", *url, "code", *code); err != nil {
		return err
	}
	dir, err := folderFlag(*folder)
	if err != nil {
		return err
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	c, err := a.connect(*url, *user)
	if err != nil {
		return err
	}
	clean := c.url
	ctx, stop := interruptible()
	defer stop()
	a.progress("joining the share at %s…", clean)
	rep, err := davsync.Join(ctx, s, c.remote, davsync.Settings{URL: clean, User: c.user, Folder: dir}, *code)
	if rep == nil && err != nil {
		return err
	}
	c.keep(true)
	fmt.Fprintf(a.env.Stdout, "joined %s (%s) at %s for %s: %s; files/ syncs with %s\n",
		rep.Project.Acronym, rep.Project.Number, clean, printable(rep.Org), summary(rep.Result), rep.Settings.Folder)
	fmt.Fprintf(a.env.Stdout, "the coordinator's key: %s (pinned; compare it with the coordinator by phone if you like)\n", rep.CoordinatorFingerprint)
	fmt.Fprintf(a.env.Stdout, "this installation's key: %s; the coordinator admits it at its next sync\n", rep.Fingerprint)
	for _, r := range rep.Result.Refused {
		fmt.Fprintf(a.env.Stderr, "warning: refused %s\n", printable(r.String()))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "next: partnerdesk sync --project %s\n", rep.Project.Acronym)
	return nil
}

func (a *app) shareStatus(args []string) error {
	s, p, err := a.projectCommand("share status", args)
	if err != nil {
		return err
	}
	st, err := davsync.ShareStatus(s, p.ID)
	if err != nil {
		return err
	}
	if st == nil {
		fmt.Fprintf(a.env.Stdout, "%s is not shared: the coordinator runs partnerdesk share init, partners partnerdesk share join\n", p.Acronym)
		return nil
	}
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 0, 2, ' ', 0)
	share := st.Settings.URL
	if st.Settings.User != "" {
		share += " (user " + st.Settings.User + ")"
	}
	role := st.Settings.Role
	if role == davsync.RolePartner {
		role += ", coordinator's installation " + st.Settings.Coordinator
	}
	fmt.Fprintf(tw, "project\t%s (%s)\n", p.Acronym, p.Number)
	fmt.Fprintf(tw, "share\t%s\n", share)
	fmt.Fprintf(tw, "role\t%s\n", role)
	fmt.Fprintf(tw, "installation\t%s, key %s\n", st.Installation, st.Fingerprint)
	fmt.Fprintf(tw, "folder\t%s\n", st.Settings.Folder)
	fmt.Fprintf(tw, "files\t%d synced, %d awaiting the server's confirmation\n", st.Files, st.Pending)
	fmt.Fprintf(tw, "records files\t%d from other installations\n", len(st.Partners))
	if l := st.Last; l == nil {
		fmt.Fprintf(tw, "last sync\tnever\n")
	} else {
		result := "ok"
		if l.Error != "" {
			result = "failed: " + l.Error
		} else if l.Failed > 0 {
			result = fmt.Sprintf("%s not synced", plural(l.Failed, "file"))
		}
		fmt.Fprintf(tw, "last sync\t%s: %s; %d up, %d down, %d deleted, %s; %s merged\n", l.At.Format("2006-01-02 15:04:05 MST"), result,
			l.Uploaded, l.Downloaded, l.Deleted, plural(l.Conflicts, "conflict"), plural(l.Merged, "records file"))
	}
	for _, m := range st.Members {
		when := ""
		if !m.Admitted.IsZero() {
			when = ", admitted " + m.Admitted.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s %s, key %s%s\n", m.Role, printable(m.Org), m.Installation, m.Fingerprint, when)
	}
	for _, inv := range st.Invites {
		state := "open"
		if inv.UsedBy != "" {
			state = "used by " + inv.UsedBy
		}
		fmt.Fprintf(tw, "invitation\t%s for %s, made %s: %s\n", inv.ID, printable(orgLabel(s, p.ID, inv.Partner)), inv.Created.Format("2006-01-02"), state)
	}
	for _, r := range st.Refused {
		fmt.Fprintf(tw, "refused\t%s\n", printable(r.Error()))
	}
	if st.Fork != "" {
		fmt.Fprintf(tw, "stopped\t%s\n", st.Fork)
	}
	return tw.Flush()
}

// projectCommand parses a command whose one flag is --project and finds the project.
func (a *app) projectCommand(name string, args []string) (*data.Store, data.Project, error) {
	fs := flags(name)
	project := fs.String("project", "", "project")
	if _, err := parse(fs, args, 0); err != nil {
		return nil, data.Project{}, err
	}
	if err := need(name, "project", *project); err != nil {
		return nil, data.Project{}, err
	}
	return a.project(*project)
}

func orgLabel(s *data.Store, project, id string) string {
	doc, err := s.Load(project, data.LoadOptions{})
	if err != nil {
		return id
	}
	return doc.PartnerLabel(id)
}

func (a *app) shareResetIdentity(args []string) error {
	fs := flags("share reset-identity")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	old := s.Installation()
	now, err := davsync.ResetIdentity(s)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "this database is now installation %s (was %s), with a key of its own; every record is kept.\n", now, old)
	fmt.Fprintln(a.env.Stdout, "its shares are forgotten: ask each coordinator for a new invitation and join again (partnerdesk share join … --code CODE)")
	return nil
}

func (a *app) shareKeepIdentity(args []string) error {
	s, p, err := a.projectCommand("share keep-identity", args)
	if err != nil {
		return err
	}
	if err := davsync.KeepIdentity(s, p.ID); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "%s: this database is the original; its next sync publishes its records over the copy's\n", p.Acronym)
	return nil
}

func (a *app) syncCmd(args []string) error {
	fs := flags("sync")
	project := fs.String("project", "", "project")
	allow := fs.Bool("allow-deletes", false, "go ahead when the run would delete more than half of the synced files")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("sync", "project", *project); err != nil {
		return err
	}
	s, p, err := a.project(*project)
	if err != nil {
		return err
	}
	set, err := davsync.LoadSettings(s, p.ID)
	if err != nil {
		return err
	}
	if set == nil {
		return fmt.Errorf("%s is not shared: the coordinator runs partnerdesk share init, partners partnerdesk share join", p.Acronym)
	}
	c, err := a.connect(set.URL, set.User)
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	opt := davsync.SyncOptions{Now: a.env.Now, Progress: a.syncProgress(), AllowDeletes: *allow}
	rep, err := davsync.Sync(ctx, s, p.ID, c.remote, opt)
	var many *davsync.DeletesError
	if errors.As(err, &many) {
		if !a.confirm(fmt.Sprintf("%s\nDelete these %d files? [y/N] ", many.Error(), many.Count())) {
			return fmt.Errorf("%w (to go ahead without being asked: partnerdesk sync --project %s --allow-deletes)", err, p.Acronym)
		}
		opt.AllowDeletes = true
		rep, err = davsync.Sync(ctx, s, p.ID, c.remote, opt)
	}
	if rep != nil {
		a.printSync(p, rep, err == nil)
	}
	if err != nil {
		return err
	}
	c.keep(false)
	var failed []error
	if rep.Records != nil {
		failed = append(failed, rep.Records.Failed...)
	}
	if rep.Files != nil {
		failed = append(failed, rep.Files.Failed...)
	}
	switch len(failed) {
	case 0:
		return nil
	case 1:
		return failed[0]
	}
	return fmt.Errorf("%d steps failed and are tried again next time; the first: %w", len(failed), failed[0])
}

// confirm asks a yes-or-no question on the terminal; without one the answer is no.
func (a *app) confirm(question string) bool {
	f, ok := a.env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false
	}
	fmt.Fprint(a.env.Stderr, question)
	var answer string
	fmt.Fscanln(f, &answer)
	answer = strings.ToLower(strings.TrimSpace(answer))
	return answer == "y" || answer == "yes"
}

// syncProgress reports a run on stderr, at most twice a second, when stderr is a terminal.
func (a *app) syncProgress() davsync.ProgressFunc {
	if !a.env.Progress {
		return nil
	}
	var last time.Time
	return func(p davsync.Progress) {
		now := time.Now()
		if p.Phase != "done" && now.Sub(last) < 500*time.Millisecond {
			return
		}
		last = now
		switch p.Phase {
		case "listing":
			a.progress("listing the share…")
		case "records":
			a.progress("merging the partners' records…")
		case "hashing":
			a.progress("reading the local folder: %s", megabytes(p.Bytes))
		case "files", "done":
			a.progress("files: %d of %d, %s of %s", p.Files, p.FilesTotal, megabytes(p.Bytes), megabytes(p.BytesTotal))
		}
	}
}

func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d kB", (n+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// printSync says what a run did: one line, then one line per warning.
func (a *app) printSync(p data.Project, rep *davsync.Report, ok bool) {
	var parts []string
	if r := rep.Records; r != nil {
		var rec []string
		if r.Published != "" {
			rec = append(rec, "published "+r.Published)
		}
		for _, m := range r.Merged {
			rec = append(rec, fmt.Sprintf("merged %s (%s)", m.File, summary(m.Result)))
		}
		if len(rec) == 0 {
			rec = append(rec, "nothing new")
		}
		parts = append(parts, "records: "+strings.Join(rec, "; "))
	}
	if f := rep.Files; f != nil {
		s := fmt.Sprintf("files: %d up, %d down, %d deleted on the server, %d deleted here (in the trash)", f.Uploaded, f.Downloaded, f.DeletedRemote, f.DeletedHere)
		if f.Moved > 0 {
			s += fmt.Sprintf(", %d moved", f.Moved)
		}
		if f.Conflicts > 0 {
			s += ", " + plural(f.Conflicts, "conflict") + " (both versions kept)"
		}
		parts = append(parts, s)
	}
	if len(parts) > 0 && ok { // a run that stopped says why on stderr, not "synced"
		fmt.Fprintf(a.env.Stdout, "synced %s: %s\n", p.Acronym, strings.Join(parts, "; "))
	}
	if r := rep.Records; r != nil {
		for _, m := range r.Admitted {
			fmt.Fprintf(a.env.Stdout, "admitted installation %s for %s, key %s\n", m.Installation, printable(orgLabel(a.store, p.ID, m.Org)), davsync.Fingerprint(m.Key))
		}
		for _, x := range r.Rejected {
			fmt.Fprintf(a.env.Stderr, "warning: %s\n", printable(x.Error()))
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(a.env.Stderr, "warning: %s\n", printable(w))
		}
	}
	if f := rep.Files; f != nil {
		for _, w := range f.Warnings {
			fmt.Fprintf(a.env.Stderr, "warning: %s\n", w)
		}
	}
}
