package ui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/emersion/go-webdav"

	"partnerdesk/data"
)

// memSecrets is a keyring in memory.
type memSecrets struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memSecrets) Get(a string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.m[a], nil
}

func (k *memSecrets) Set(a, pw string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[a] = pw
	return nil
}

// TestShareThroughTheWindow: a coordinator shares, a partner joins, records and files travel both ways.
func TestShareThroughTheWindow(t *testing.T) {
	srv := httptest.NewServer(&webdav.Handler{FileSystem: webdav.LocalFileSystem(t.TempDir())})
	defer srv.Close()
	url := srv.URL + "/GREENSKILLS/"

	a := test.NewTempApp(t)
	coordStore := openStore(t)
	importExample(t, coordStore)
	coordFiles := t.TempDir()
	cw := a.NewWindow("coordinator")
	coord := BuildWith(cw, coordStore, &memSecrets{m: map[string]string{}})
	cw.SetContent(coord.Content())
	cw.Resize(fyne.NewSize(1300, 900))

	v := coord.Share
	if v.SyncNow.Visible() || !v.Create.Visible() || !strings.Contains(v.Status.Text, "not shared") {
		t.Fatalf("unshared project: sync visible %v, status %q", v.SyncNow.Visible(), v.Status.Text)
	}
	test.Type(v.URL, url)
	test.Type(v.Folder, coordFiles)
	test.Tap(v.Create)
	coord.Wait()
	if !v.SyncNow.Visible() || v.Create.Visible() || !strings.Contains(v.Status.Text, "Role: coordinator") {
		t.Fatalf("after sharing: %q", v.Status.Text)
	}
	os.WriteFile(filepath.Join(coordFiles, "agenda M1.txt"), []byte("Kick-off agenda"), 0o644)
	test.Tap(v.SyncNow)
	coord.Wait()

	// The partner starts with an empty database and joins from the welcome panel's form.
	partnerStore := openStore(t)
	partnerFiles := t.TempDir()
	pw := a.NewWindow("partner")
	partner := BuildWith(pw, partnerStore, &memSecrets{m: map[string]string{}})
	pw.SetContent(partner.Content())
	pw.Resize(fyne.NewSize(1300, 900))
	// The coordinator invites FZL and reads the code out; a mistyped code is refused and the form keeps what was typed.
	fzl := "0192a000-0000-7000-8000-000000000011"
	if !v.Invite.Visible() {
		t.Fatal("the coordinator has no Invite button")
	}
	v.InvitePartner(fzl)
	coord.Wait()
	if v.LastCode == "" || !strings.Contains(shownOverlayTexts(cw), "Send this code to FZL") {
		t.Fatalf("invitation: code %q, shown %q", v.LastCode, shownOverlayTexts(cw))
	}
	partner.JoinShareWith(&JoinFields{URL: url, Folder: partnerFiles, Code: "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"})
	partner.Wait()
	if shown := shownOverlayTexts(pw); !strings.Contains(shown, "no open invitation with this code") {
		t.Fatalf("a wrong code: %q", shown)
	}
	partner.JoinShareWith(&JoinFields{URL: url, Folder: partnerFiles, Code: strings.ToLower(v.LastCode)})
	partner.Wait()
	if !strings.HasPrefix(partner.Heading.Text, "GREENSKILLS") || !strings.Contains(partner.Share.Status.Text, "Role: partner") ||
		!strings.Contains(partner.Share.Status.Text, "coordinator VHS: key ") {
		t.Fatalf("partner after join: %q / %q", partner.Heading.Text, partner.Share.Status.Text)
	}
	// The partner records a day and shares a document.
	gsMalgo := "0192a000-0000-7000-8000-000000000022"
	if _, _, err := partnerStore.AddEntry(partner.doc.Project.ID, data.Entry{Person: gsMalgo, Date: data.NewDate(2019, 12, 3),
		Output: "0192a000-0000-7000-8000-000000000030", Hours: 6 * 60 * 60, Note: "Translation"}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(partnerFiles, "O1 translation PL.txt"), []byte("tłumaczenie"), 0o644)
	test.Tap(partner.Share.SyncNow)
	partner.Wait()
	if b, err := os.ReadFile(filepath.Join(partnerFiles, "agenda M1.txt")); err != nil || string(b) != "Kick-off agenda" {
		t.Errorf("the coordinator's file did not reach the partner: %q %v", b, err)
	}
	test.Tap(v.SyncNow)
	coord.Wait()
	if b, err := os.ReadFile(filepath.Join(coordFiles, "O1 translation PL.txt")); err != nil || string(b) != "tłumaczenie" {
		t.Errorf("the partner's file did not reach the coordinator: %q %v", b, err)
	}
	// The coordinator's budget now counts the partner's 6 hours: 0.75 days × 74 = 55.50 more.
	selectTab(coord, coord.Budget.Content)
	coord.Wait()
	if !strings.Contains(coord.Budget.Totals.Text, "51,871.46 €") {
		t.Errorf("coordinator's budget after sync: %q", coord.Budget.Totals.Text)
	}
	if !strings.Contains(v.Status.Text, "Last sync") || !strings.Contains(v.Status.Text, "Records files of partners: 1") ||
		!strings.Contains(v.Status.Text, "partner FZL: key ") || strings.Contains(v.Status.Text, "Refused") {
		t.Errorf("coordinator's status: %q", v.Status.Text)
	}
}

func TestShareRefusesABadAddress(t *testing.T) {
	a := test.NewTempApp(t)
	s := openStore(t)
	importExample(t, s)
	w := a.NewWindow("x")
	m := BuildWith(w, s, &memSecrets{m: map[string]string{}})
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1200, 800))
	test.Type(m.Share.URL, "http://cloud.example.org/dav/")
	test.Tap(m.Share.Create)
	m.Wait()
	if !strings.Contains(strings.ToLower(shownOverlayTexts(w)), "https") || m.Share.SyncNow.Visible() {
		t.Errorf("plain http to a remote host was not refused: %q", shownOverlayTexts(w))
	}
}

// overlayButton finds a button by its label in the dialogs on top of the window.
func overlayButton(w fyne.Window, label string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || found != nil {
			return
		}
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == label {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	for _, o := range w.Canvas().Overlays().List() {
		walk(o)
	}
	return found
}

// TestWindowAsksBeforeDeletingMostFiles: a sync that would delete two of three shared files
// stops and asks in a dialog; keeping them changes nothing, deleting them goes ahead.
func TestWindowAsksBeforeDeletingMostFiles(t *testing.T) {
	srv := httptest.NewServer(&webdav.Handler{FileSystem: webdav.LocalFileSystem(t.TempDir())})
	defer srv.Close()
	_, w, m := exampleWindow(t, 1300, 900)
	dir := t.TempDir()
	v := m.Share
	test.Type(v.URL, srv.URL+"/GS/")
	test.Type(v.Folder, dir)
	test.Tap(v.Create)
	m.Wait()
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		os.WriteFile(filepath.Join(dir, n), []byte(n), 0o644)
	}
	test.Tap(v.SyncNow)
	m.Wait()
	os.Remove(filepath.Join(dir, "a.txt"))
	os.Remove(filepath.Join(dir, "b.txt"))
	test.Tap(v.SyncNow)
	m.Wait()
	keep := overlayButton(w, "Keep them")
	if v.Asked == nil || keep == nil || !strings.Contains(shownOverlayTexts(w), "Delete these files?") {
		t.Fatalf("no question: %q", shownOverlayTexts(w))
	}
	test.Tap(keep)
	if v.Asked != nil {
		t.Fatal("the question stayed")
	}
	test.Tap(v.SyncNow)
	m.Wait()
	test.Tap(overlayButton(w, "Delete them"))
	m.Wait()
	st := v.Status.Text
	if !strings.Contains(st, "2 ✕") && !strings.Contains(st, "deleted") {
		t.Errorf("after allowing the deletions: %q", st)
	}
	resp, err := http.Get(srv.URL + "/GS/files/a.txt")
	if err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("a.txt is still on the server: %v %v", err, resp.Status)
	}
}
