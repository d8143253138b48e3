package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestVersionIsFyneAppTomls: `partnerdesk --version` says the version FyneApp.toml gives (the
// one `fyne package` stamps on the packages) and the commit the binary was built from.
func TestVersionIsFyneAppTomls(t *testing.T) {
	raw, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Version = "([0-9.]+)"`).FindSubmatch(raw)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	want := string(m[1])
	if got := appVersion(fyneApp); got != want {
		t.Fatalf("appVersion = %q, FyneApp.toml says %q", got, want)
	}
	if testing.Short() {
		return
	}
	bin := filepath.Join(t.TempDir(), "partnerdesk")
	build := exec.Command("go", "build", "-ldflags", "-X partnerdesk/ui/cli.Commit=0123456789abcdef", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(out))
	if !strings.HasPrefix(line, "partnerdesk "+want+" (commit 0123456789ab") {
		t.Errorf("--version: %q, want version %s and the commit", line, want)
	}
}
