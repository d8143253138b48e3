package cli

import (
	"fmt"
	"os"
	"strings"

	"partnerdesk/data"
)

// importSheet runs `import people|participants FILE --project P [--event CODE]`: a spreadsheet
// (.xlsx or .csv) of staff or of an event's participants, all of it or nothing.
func (a *app) importSheet(what string, args []string) error {
	cmd := "import " + what
	fs := flags(cmd)
	project := fs.String("project", "", "project")
	var event *string
	if what == "participants" {
		event = fs.String("event", "", "event code")
	}
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("%s needs a FILE (.xlsx or .csv)", cmd)
	}
	if err := need(cmd, "project", *project); err != nil {
		return err
	}
	if event != nil {
		if err := need(cmd, "event", *event); err != nil {
			return err
		}
	}
	name := pos[0]
	f, err := os.Open(name)
	if err != nil {
		if os.IsNotExist(err) {
			return fmt.Errorf("%s: no such file", name)
		}
		return fmt.Errorf("%s: %w", name, unwrapPathError(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return fmt.Errorf("%s: is a folder, not a spreadsheet", name)
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	in := &data.Document{Format: data.Format}
	var lines []string
	detail := ""
	if event == nil {
		list, err := data.PeopleFromSheet(doc, f, name)
		if err != nil {
			return err
		}
		for _, p := range doc.People {
			known[p.ID] = true
		}
		for _, p := range list {
			if !known[p.ID] {
				lines = append(lines, fmt.Sprintf("  %s (%s, %s)", printable(p.Name), printable(doc.PartnerLabel(p.Partner)), p.Category))
			}
		}
		in.People = list
		detail = fmt.Sprintf("%s: %d people", name, len(list))
	} else {
		ev, err := data.FindEvent(doc, *event)
		if err != nil {
			return err
		}
		list, err := data.ParticipantsFromSheet(doc, ev.ID, f, name)
		if err != nil {
			return err
		}
		for _, p := range doc.Participants {
			known[p.ID] = true
		}
		for _, p := range list {
			if !known[p.ID] {
				lines = append(lines, "  "+printable(strings.Join(sheetFields(p.Name, p.Organisation, p.Country), ", ")))
			}
		}
		in.Participants = list
		detail = fmt.Sprintf("%s: %d participants of %s", name, len(list), ev.Code)
	}
	res, err := s.Import(in, data.ImportOptions{Project: doc.Project.ID, Source: name, Detail: detail})
	if err != nil {
		return err
	}
	if res.Added > 0 {
		fmt.Fprintf(a.env.Stdout, "added %s:\n%s\n", sheetCount(res.Added, what), strings.Join(lines, "\n"))
	}
	fmt.Fprintf(a.env.Stdout, "imported %s into %s: %s\n", printable(name), printable(doc.Project.Acronym), summary(res))
	return nil
}

// sheetCount says "1 person", "3 people", "1 participant", "2 participants".
func sheetCount(n int, what string) string {
	if what == "people" {
		if n == 1 {
			return "1 person"
		}
		return fmt.Sprintf("%d people", n)
	}
	return plural(n, "participant")
}

func sheetFields(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
