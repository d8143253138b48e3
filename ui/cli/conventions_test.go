package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryCommandHelpIsUsageOnStdout: COMMAND --help, for every command and subcommand the
// usage names, prints that command's usage on stdout and exits 0, and touches no database.
func TestEveryCommandHelpIsUsageOnStdout(t *testing.T) {
	db := tempDB(t)
	subs, flags := commandFlags()
	var cmds []string
	for c := range flags {
		cmds = append(cmds, c)
	}
	for g := range subs {
		cmds = append(cmds, g)
	}
	if len(cmds) < 35 {
		t.Fatalf("only %d commands in the usage: %q", len(cmds), cmds)
	}
	for _, c := range cmds {
		for _, h := range []string{"--help", "-h"} {
			r := pd(t, db, append(strings.Fields(c), h)...)
			if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, "partnerdesk "+strings.Fields(c)[0]) {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", c, h, r.code, firstLine(r.stdout), firstLine(r.stderr))
			}
			if strings.Contains(r.stdout, "partnerdesk demo") && !strings.HasPrefix(c, "demo") {
				t.Errorf("%s %s prints the whole usage, not the command's", c, h)
			}
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("asking for help created the database")
	}
	if r := pd(t, db, "entries", "add", "--help"); !strings.Contains(r.stdout, "--hours") || !strings.Contains(r.stdout, "-hours string") {
		t.Errorf("entries add --help: %q", r.stdout)
	}
}

// TestVersionLine: --version names the version and a commit, on stdout, exit 0.
func TestVersionLine(t *testing.T) {
	old := Version
	Version = "9.8.7"
	t.Cleanup(func() { Version = old })
	for _, args := range [][]string{{"--version"}, {"version"}} {
		r := pd(t, tempDB(t), args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "partnerdesk 9.8.7 (commit ") {
			t.Errorf("%v: %+v", args, r)
		}
	}
}

// TestBashCompletion: the script sourced in bash registers the completion, and it offers the
// commands, a command's subcommands and a subcommand's flags.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	r := pd(t, tempDB(t), "completion", "bash")
	if r.code != 0 {
		t.Fatalf("completion bash: %+v", r)
	}
	script := filepath.Join(t.TempDir(), "partnerdesk.bash")
	if err := os.WriteFile(script, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	probe := `source "$1" || exit 1
complete -p partnerdesk
t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _partnerdesk; echo "${COMPREPLY[*]}"; }
t partnerdesk ""
t partnerdesk ti
t partnerdesk share ""
t partnerdesk --db x.db entries add --ho
t partnerdesk pdf timesheets --
compgen -W "$(t partnerdesk "")" -- sy
`
	out, err := exec.Command(bash, "-c", probe, "bash", script).CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	want := []string{
		"complete -o default -F _partnerdesk partnerdesk",
		"budget check completion costs demo entries export import pdf projects restore share sync timesheet help --version --db",
		"timesheet",
		"init invite revoke join status reset-identity keep-identity",
		"--hours",
		"--project --from --to --out --help --db",
		"sync",
	}
	if len(lines) != len(want) {
		t.Fatalf("bash printed %q", lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d: %q, want %q", i, lines[i], want[i])
		}
	}
	if r := pd(t, tempDB(t), "completion", "fish"); r.code != 2 {
		t.Errorf("completion fish: exit %d", r.code)
	}
}
