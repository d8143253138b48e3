// Package cli is Partnerdesk's command line: the same operations as the window, for scripts and tests.
//
// Exit codes: 0 success, 1 an error (one line on stderr naming what and where), 2 bad usage.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"partnerdesk/data"
)

// Env is what a run of the command line talks to; main passes the process's, tests their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Progress is true when stderr is a terminal: long runs then say what they are doing.
	Progress bool
	Now      func() time.Time
	// DBTimeout is how long to wait for a database another process holds; default one second.
	DBTimeout time.Duration
	// ShowProblem, when set, shows why the window's database could not be opened (in use,
	// damaged) in a window of its own, for a person who started the app without a terminal.
	ShowProblem func(path string, err error)
}

// OpenWindow opens the desktop window on a store; main supplies it so this package needs no display.
type OpenWindow func(*data.Store) error

// helpRequested is COMMAND --help: its usage is printed and the exit is 0.
type helpRequested struct{ fs *flag.FlagSet }

func (h helpRequested) Error() string { return h.fs.Name() + ": help" }

// usageError is bad usage: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

const usage = `Usage:
  partnerdesk [--db PATH]                       open the desktop window
  partnerdesk demo [--people N --months N --seed N]
                                                create a deterministic demo project
  partnerdesk import FILE|-                     import partnerdesk/1 JSON
  partnerdesk import people FILE.xlsx|FILE.csv --project P
                                                add staff from a spreadsheet (name, organisation, category, e-mail)
  partnerdesk import participants FILE.xlsx|FILE.csv --project P --event CODE
                                                add an event's participants from a spreadsheet
  partnerdesk export json --project P [--out FILE]
  partnerdesk export xlsx --project P [--as-of YYYY-MM-DD] [--out FILE|DIR]
                                                the report workbook (default "<ACRONYM> report.xlsx")
  partnerdesk export csv --project P --table NAME [--as-of YYYY-MM-DD] [--out FILE]
                                                one of its tables as CSV (UTF-8, ';'): budget,
                                                staff-days, meetings, multiplier-events,
                                                learning-activities, staff-days-by-month,
                                                entries, participants, partners, people
  partnerdesk projects                          list projects (id, number, acronym)
  partnerdesk entries list --project P [--person X] [--month YYYY-MM]
  partnerdesk entries add --project P --person X --date YYYY-MM-DD --output CODE --hours H [--note TEXT]
  partnerdesk entries edit --project P --id ID [--date D] [--output CODE] [--hours H] [--note TEXT]
  partnerdesk entries delete --project P --id ID
  partnerdesk timesheet show|submit --project P --person X --month YYYY-MM
  partnerdesk timesheet approve|reopen --project P --person X --month YYYY-MM --by Y [--reason TEXT]
  partnerdesk budget --project P [--as-of YYYY-MM-DD] [--json]
                                                budget report; --as-of for an interim report
  partnerdesk costs list --project P
  partnerdesk costs add --project P --partner ORG --kind special_needs|exceptional --date YYYY-MM-DD
                        --amount EUR --description TEXT
                                                a real cost: special needs support (paid 100 %) or an
                                                exceptional cost (75 %, at most 50,000 per project)
  partnerdesk costs delete --project P --id ID
  partnerdesk pdf timesheet  --project P --person X --month YYYY-MM [--out FILE]
  partnerdesk pdf timesheets --project P [--from YYYY-MM] [--to YYYY-MM] --out DIR
  partnerdesk pdf output     --project P --output CODE [--as-of YYYY-MM-DD] [--out FILE]
  partnerdesk pdf budget     --project P [--as-of YYYY-MM-DD] [--out FILE]
  partnerdesk pdf attendance --project P --event CODE [--out FILE]
  partnerdesk pdf certificates --project P --event CODE [--out FILE]
  partnerdesk share init --project P --url URL [--user U] [--folder DIR]
                                                the coordinator creates the project's WebDAV share
  partnerdesk share invite --project P --partner ORG
                                                a one-time code that admits one partner installation
  partnerdesk share revoke --project P --code CODE | --installation ID
                                                withdraw an invitation, or an admitted installation
  partnerdesk share join --url URL [--user U] --code CODE [--folder DIR]
                                                a partner joins it with the coordinator's code
  partnerdesk share status --project P          admitted installations, key fingerprints, what was refused
  partnerdesk share reset-identity              a copied database becomes an installation of its own
  partnerdesk share keep-identity --project P   the original publishes again after a copy was found
  partnerdesk sync --project P [--allow-deletes]
                                                one sync of records and files with the share
  partnerdesk check                             verify the database; list its automatic backups
  partnerdesk completion bash                   a bash completion script: source <(partnerdesk completion bash)
  partnerdesk --version                         the version and the commit it was built from
  partnerdesk restore BACKUP                    put a backup (a file, or a name check lists) in the
                                                database's place; the replaced file is kept beside it

P is a project's ID, acronym or number; X a person's ID, name or e-mail.
A spreadsheet's first row names its columns, in any order and in the partners' languages.
The database is --db PATH, else $PARTNERDESK_DB, else partnerdesk/partnerdesk.db in the user's config folder.
Automatic backups: in backups/ beside the database, one a day and one before each upgrade; the last 5 are kept.
The share's password is $PARTNERDESK_PASSWORD, else the system keyring's, else asked for.
`

// Main runs the command line with args (without the program name) and returns the exit code.
func Main(args []string, env Env, open OpenWindow) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	err := run(args, env, open)
	if err == nil {
		return 0
	}
	var help helpRequested
	if errors.As(err, &help) {
		// COMMAND --help: that command's usage and flags on stdout, and success.
		fmt.Fprintf(env.Stdout, "Usage:\n%s", commandUsage(help.fs.Name()))
		fmt.Fprintln(env.Stdout, "\nFlags:")
		help.fs.SetOutput(env.Stdout)
		help.fs.PrintDefaults()
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "partnerdesk: %s\n\n%s", printable(ue.msg), usage)
		return 2
	}
	fmt.Fprintf(env.Stderr, "partnerdesk: %s\n", printable(oneLine(err.Error())))
	return 1
}

// oneLine keeps an error to the one line the contract promises.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// printable makes record text safe to print on a terminal: control characters (C0, DEL, C1, so ESC
// sequences too), direction overrides and invalid UTF-8 are shown escaped, as \x1b or \u202e,
// so a name or note cannot move the cursor, recolour or retitle the terminal, or break a table row.
// Every other character, ł, ö, Greek or Cyrillic, is printed as it is.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r < 0x80 && needsEscape(r):
			fmt.Fprintf(&b, "\\x%02x", r)
		case needsEscape(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscape reports the characters printable shows escaped.
func needsEscape(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// app is one run: the environment, the database path and the store once opened.
type app struct {
	env    Env
	dbPath string
	store  *data.Store
}

func run(args []string, env Env, open OpenWindow) (err error) {
	a := &app{env: env}
	rest, err := a.globalFlags(args)
	if err != nil {
		return err
	}
	defer a.close()
	defer func() {
		// A panic on a damaged page is the database's fault: say so in one line. Any other is a bug.
		if r := recover(); r != nil {
			if a.store == nil {
				panic(r)
			}
			if err = a.store.Damaged(); err == nil {
				panic(r)
			}
		}
	}()
	if len(rest) == 0 {
		if open == nil {
			return usagef("no command given")
		}
		s, err := a.open()
		if err != nil {
			if env.ShowProblem != nil {
				env.ShowProblem(a.dbPath, err)
			}
			return err
		}
		return open(s)
	}
	cmd, rest := rest[0], rest[1:]
	if len(rest) > 0 && isHelp(rest[0]) && groups[cmd] {
		// A command with subcommands, asked for help: its subcommands' usage.
		fmt.Fprintf(env.Stdout, "Usage:\n%s", commandUsage(cmd))
		return nil
	}
	switch cmd {
	case "help", "-h", "--help":
		if len(rest) > 0 {
			fmt.Fprintf(env.Stdout, "Usage:\n%s", commandUsage(strings.Join(rest, " ")))
			return nil
		}
		fmt.Fprint(env.Stdout, usage)
		return nil
	case "version", "-version", "--version":
		fmt.Fprintln(env.Stdout, VersionLine())
		return nil
	case "completion":
		return a.completion(rest)
	case "demo":
		return a.demo(rest)
	case "import":
		return a.importCmd(rest)
	case "export":
		return a.export(rest)
	case "projects":
		return a.projects(rest)
	case "entries":
		return a.entries(rest)
	case "budget":
		return a.budget(rest)
	case "costs":
		return a.costs(rest)
	case "timesheet":
		return a.timesheet(rest)
	case "pdf":
		return a.pdf(rest)
	case "share":
		return a.share(rest)
	case "sync":
		return a.syncCmd(rest)
	case "check":
		return a.check(rest)
	case "restore":
		return a.restore(rest)
	}
	return usagef("unknown command %q", cmd)
}

// groups are the commands whose first argument is a subcommand.
var groups = map[string]bool{"import": true, "costs": true, "export": true, "entries": true, "timesheet": true, "pdf": true, "share": true, "completion": true}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// commandUsage is the lines of the usage that describe name ("entries add", "share"), with
// their explanations; the whole usage when none does.
func commandUsage(name string) string {
	want := strings.Fields(name)
	var b strings.Builder
	in := false
	for _, line := range strings.SplitAfter(usage, "\n") {
		if words, ok := strings.CutPrefix(line, "  partnerdesk "); ok {
			in = matchesCommand(strings.Fields(words), want)
		} else if !strings.HasPrefix(line, "      ") {
			in = false
		}
		if in {
			b.WriteString(line)
		}
	}
	if b.Len() == 0 {
		return usage
	}
	return b.String()
}

// matchesCommand says whether a usage line's words ("timesheet", "approve|reopen", "--project" …)
// name the command want, word by word.
func matchesCommand(words, want []string) bool {
	if len(want) == 0 || len(words) < len(want) {
		return false
	}
	for i, w := range want {
		ok := false
		for _, alt := range strings.Split(words[i], "|") {
			if alt == w {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// globalFlags takes --db wherever it stands, so `partnerdesk import f --db x` works too.
func (a *app) globalFlags(args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		given := false
		switch {
		case arg == "--db" || arg == "-db":
			if i+1 >= len(args) {
				return nil, usagef("--db needs a path")
			}
			a.dbPath, given = args[i+1], true
			i++
		case strings.HasPrefix(arg, "--db=") || strings.HasPrefix(arg, "-db="):
			a.dbPath, given = arg[strings.Index(arg, "=")+1:], true
		default:
			rest = append(rest, arg)
		}
		// An empty --db (an unset variable in a script) must not quietly open the default database.
		if given && strings.TrimSpace(a.dbPath) == "" {
			return nil, usagef("--db needs a path, not an empty one")
		}
	}
	if a.dbPath == "" {
		a.dbPath = a.env.Getenv("PARTNERDESK_DB")
	}
	if a.dbPath == "" {
		p, err := data.DefaultPath()
		if err != nil {
			return nil, err
		}
		a.dbPath = p
	}
	return rest, nil
}

// open opens the store once per run.
func (a *app) open() (*data.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	s, err := data.Open(a.dbPath, data.Options{Now: a.env.Now, Timeout: a.env.DBTimeout})
	if err != nil {
		return nil, err
	}
	a.store = s
	return s, nil
}

func (a *app) close() {
	if a.store != nil {
		a.store.Close()
	}
}

// flags makes a FlagSet that reports bad usage as a usageError instead of exiting.
func flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags and refuses stray arguments beyond want positional ones.
func parse(fs *flag.FlagSet, args []string, want int) ([]string, error) {
	// Let flags follow positional arguments too: `import FILE --project X`.
	var pos, fl []string
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") && args[i] != "-" {
			fl = append(fl, args[i])
			name := strings.TrimLeft(args[i], "-")
			if !strings.Contains(name, "=") && i+1 < len(args) {
				if f := fs.Lookup(name); f != nil {
					if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
						fl = append(fl, args[i+1])
						i++
					}
				}
			}
			continue
		}
		pos = append(pos, args[i])
	}
	if err := fs.Parse(fl); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, helpRequested{fs}
		}
		return nil, usagef("%s: %v", fs.Name(), err)
	}
	if len(pos) > want {
		return nil, usagef("%s: unexpected argument %q", fs.Name(), pos[want])
	}
	return pos, nil
}

// need refuses a missing required flag with the flag's name.
func need(cmd string, vals ...string) error {
	for i := 0; i+1 < len(vals); i += 2 {
		if strings.TrimSpace(vals[i+1]) == "" {
			return usagef("%s needs --%s", cmd, vals[i])
		}
	}
	return nil
}

// progress says what a long run is doing, on a terminal only.
func (a *app) progress(format string, args ...any) {
	if a.env.Progress {
		fmt.Fprintf(a.env.Stderr, format+"\n", args...)
	}
}

// unwrapPathError drops the temporary file's name from an error: the user named another file.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
