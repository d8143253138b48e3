package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is Partnerdesk's version as FyneApp.toml says it: main sets it from that file (which it
// embeds), and a release build may set it with -ldflags "-X partnerdesk/ui/cli.Version=…".
var Version = "dev"

// Commit is the commit the binary was built from, for builds without Go's VCS stamp (-buildvcs=false,
// a source archive): -ldflags "-X partnerdesk/ui/cli.Commit=…". Go's stamp wins when present.
var Commit = ""

// VersionLine is what --version prints: the version, the commit (with "+changes" when the work
// tree had uncommitted changes) and the Go release.
func VersionLine() string {
	rev, dirty := Commit, false
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if rev == "" {
		rev = "unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+changes"
	}
	return fmt.Sprintf("partnerdesk %s (commit %s, %s)", Version, rev, runtime.Version())
}
