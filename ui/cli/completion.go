package cli

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// completion prints a shell's completion script: `source <(partnerdesk completion bash)`.
func (a *app) completion(args []string) error {
	if len(args) == 2 && args[0] == "bash" && isHelp(args[1]) {
		fmt.Fprintf(a.env.Stdout, "Usage:\n%s", commandUsage("completion"))
		return nil
	}
	if len(args) != 1 || args[0] != "bash" {
		return usagef("completion: say which shell: completion bash")
	}
	fmt.Fprint(a.env.Stdout, bashCompletion())
	return nil
}

var flagName = regexp.MustCompile(`--[a-z][a-z-]*`)

// commandFlags reads the usage: each command ("entries add", "budget") with the flags its lines
// name, so the completion offers what the usage documents and stays in step with it.
func commandFlags() (subs map[string][]string, flags map[string][]string) {
	subs, flags = map[string][]string{}, map[string][]string{}
	var current []string
	for _, line := range strings.Split(usage, "\n") {
		if words, ok := strings.CutPrefix(line, "  partnerdesk "); ok {
			current = nil
			f := strings.Fields(words)
			if len(f) == 0 || strings.HasPrefix(f[0], "-") || strings.HasPrefix(f[0], "[") {
				continue
			}
			cmds := []string{f[0]}
			if len(f) > 1 && groups[f[0]] && isSubcommand(f[1]) {
				cmds = nil
				for _, s := range strings.Split(f[1], "|") {
					cmds = append(cmds, f[0]+" "+s)
					subs[f[0]] = appendNew(subs[f[0]], s)
				}
			}
			current = cmds
		} else if !strings.HasPrefix(line, "      ") {
			current = nil
			continue
		}
		for _, c := range current {
			flags[c] = appendNew(flags[c], "")
			for _, fl := range flagName.FindAllString(line, -1) {
				flags[c] = appendNew(flags[c], fl)
			}
		}
	}
	return subs, flags
}

// isSubcommand says whether a usage word is a subcommand ("add", "approve|reopen"), not a
// placeholder (FILE, BACKUP) or a flag.
func isSubcommand(w string) bool {
	return w == strings.ToLower(w) && !strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "[")
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// bashCompletion is the bash script: commands, then subcommands, then the command's flags;
// file names where a command takes a file (bash's default, -o default).
func bashCompletion() string {
	subs, flags := commandFlags()
	var cmds []string
	seen := map[string]bool{}
	for c := range flags {
		top, _, _ := strings.Cut(c, " ")
		if !seen[top] {
			seen[top] = true
			cmds = append(cmds, top)
		}
	}
	sort.Strings(cmds)
	var b strings.Builder
	b.WriteString(`# bash completion for partnerdesk: source <(partnerdesk completion bash)
_partnerdesk() {
	local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
	local cmd="" sub="" i w
	case "$prev" in
	--db|--out|--folder) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	for ((i = 1; i < COMP_CWORD; i++)); do
		w="${COMP_WORDS[i]}"
		case "$w" in
		--db) ((i++)) ;;
		-*) ;;
		*) if [[ -z "$cmd" ]]; then cmd="$w"; elif [[ -z "$sub" ]]; then sub="$w"; fi ;;
		esac
	done
	if [[ -z "$cmd" ]]; then
		COMPREPLY=($(compgen -W "` + strings.Join(cmds, " ") + ` help --version --db" -- "$cur"))
		return
	fi
	local subs=""
	case "$cmd" in
`)
	var groupNames []string
	for g := range subs {
		groupNames = append(groupNames, g)
	}
	sort.Strings(groupNames)
	for _, g := range groupNames {
		fmt.Fprintf(&b, "\t%s) subs=%q ;;\n", g, strings.Join(subs[g], " "))
	}
	b.WriteString(`	esac
	if [[ -n "$subs" && -z "$sub" && "$cur" != -* ]]; then
		COMPREPLY=($(compgen -W "$subs" -- "$cur"))
		return
	fi
	local flags=""
	case "$cmd $sub " in
`)
	var names []string
	for c := range flags {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		fl := strings.TrimSpace(strings.Join(flags[c], " "))
		if _, group := subs[c]; group {
			continue
		}
		pattern := strings.ReplaceAll(c, " ", `\ `) + `\ *` // a glob: the words, then anything
		fmt.Fprintf(&b, "\t%s) flags=%q ;;\n", pattern, strings.TrimSpace(fl+" --help --db"))
	}
	b.WriteString(`	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
	fi
}
complete -o default -F _partnerdesk partnerdesk
`)
	return b.String()
}
