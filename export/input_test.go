package export

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerdesk/data"
)

// TestTempFilesAreOursAndStaleOnesGo: a batch's temp files are named .partnerdesk-*.tmp, and those a
// killed run left (ours, untouched for over an hour) are removed when the next batch starts.
func TestTempFilesAreOursAndStaleOnesGo(t *testing.T) {
	dir := t.TempDir()
	var during []string
	if err := WriteFile(filepath.Join(dir, "a.pdf"), func(w io.Writer) error {
		during = entries(t, dir)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(during) != 1 || !strings.HasPrefix(during[0], ".partnerdesk-") || !strings.HasSuffix(during[0], ".tmp") {
		t.Errorf("while writing, the folder holds %v; want one .partnerdesk-*.tmp", during)
	}

	old := time.Now().Add(-2 * time.Hour)
	stale := []string{".partnerdesk-2019-10 Lukas Hofer (teacher).pdf-123.tmp", ".2019-10 Lukas Hofer (teacher).pdf.1234567.tmp", ".timesheets.pdf.99.tmp"}
	kept := []string{"notes.tmp", ".notes.tmp", ".partnerdesk-fresh-1.tmp", "b.pdf"}
	for _, n := range append(stale, kept...) {
		p := filepath.Join(dir, n)
		os.WriteFile(p, []byte("x"), 0o644)
		if n != ".partnerdesk-fresh-1.tmp" {
			os.Chtimes(p, old, old)
		}
	}
	f := greenskills(t)
	if _, err := TimesheetBatch(context.Background(), dir, []*data.MonthSheet{f.sheet(t, "Lukas Hofer", "2019-10")}, nil); err != nil {
		t.Fatal(err)
	}
	have := strings.Join(entries(t, dir), "|")
	for _, n := range stale {
		if strings.Contains(have, n) {
			t.Errorf("stale %s is still there", n)
		}
	}
	for _, n := range kept {
		if !strings.Contains(have, n) {
			t.Errorf("%s was removed", n)
		}
	}
}

func TestJoinInside(t *testing.T) {
	dir := filepath.Join("out", "sheets")
	for _, bad := range []string{"../x.pdf", "a/../../x.pdf", "..", ".", "", "/etc/passwd", "a/b.pdf"} {
		if p, err := JoinInside(dir, bad); err == nil {
			t.Errorf("JoinInside(%q) = %q, want refused", bad, p)
		}
	}
	if p, err := JoinInside(dir, "2019-10 a..b.pdf"); err != nil || p != filepath.Join(dir, "2019-10 a..b.pdf") {
		t.Errorf("a plain name: %q, %v", p, err)
	}
	// Whatever a record's name holds, SafeFileName gives one component JoinInside accepts.
	for _, name := range []string{"/../../x/victim", `..\..\x`, "..", "\x1b[31m", "a\u202egnp.exe", strings.Repeat("../", 200)} {
		s := SafeFileName(name, ".pdf")
		if _, err := JoinInside(dir, s); err != nil || strings.ContainsAny(s, "/\\\x1b\u202e") || len(s) > 255 {
			t.Errorf("SafeFileName(%q) = %q, %v", name, s, err)
		}
	}
}
