package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTimesheetBatchKilledMidwayLeavesOnlyWholeFiles kills `pdf timesheets` (kill -9) while it writes a
// year's sheets of ten people, files synced to disk in groups: every file under a sheet's name is a
// whole PDF, and running the command again gives every sheet.
func TestTimesheetBatchKilledMidwayLeavesOnlyWholeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 120 timesheets twice")
	}
	db := tempDB(t)
	if r := pd(t, db, "demo", "--people", "10", "--months", "12"); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	out := t.TempDir()
	args, _ := json.Marshal([]string{"--db", db, "pdf", "timesheets", "--project", "CRAFTLINK", "--out", out})
	cmd := exec.Command(os.Args[0], "-test.run=^TestScaleChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PARTNERDESK_SCALE_CHILD=cli", "PARTNERDESK_SCALE_ARGS="+string(args), "PARTNERDESK_SCALE_RSS="+filepath.Join(t.TempDir(), "rss"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sheets := func() []string {
		list, _ := filepath.Glob(filepath.Join(out, "20*.pdf"))
		return list
	}
	deadline := time.Now().Add(time.Minute)
	for len(sheets()) < 10 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	killed := sheets()
	if len(killed) == 0 || len(killed) >= 120 {
		t.Fatalf("killed after %d of 120 sheets: the kill came too late to test anything", len(killed))
	}
	for _, path := range killed {
		if raw, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
			t.Errorf("%s, left by the killed run, is not a whole PDF: %v\n%s", filepath.Base(path), err, raw)
		}
	}
	if combined, _ := filepath.Glob(filepath.Join(out, "timesheets*.pdf")); len(combined) != 0 {
		t.Errorf("the killed run left a combined file: %v", combined)
	}

	r := pd(t, db, "pdf", "timesheets", "--project", "CRAFTLINK", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "wrote 120 timesheets") {
		t.Fatalf("the run after the kill: %+v", r)
	}
	if got := len(sheets()); got != 120 {
		t.Errorf("after running again the folder holds %d sheets, want 120", got)
	}
	for _, path := range sheets()[:5] {
		pdfText(t, path)
	}
	t.Logf("killed after %d sheets", len(killed))
}
