package cli

import (
	"regexp"
	"strings"
	"testing"
)

func TestTimesheetCommands(t *testing.T) {
	db := tempDB(t)
	pd(t, db, "import", greenskillsFile)
	show := pd(t, db, "timesheet", "show", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10")
	if show.code != 0 || !strings.Contains(show.stdout, "Lukas Hofer — Volkshochschule Graz-Süd (teacher), 2019-10, draft") ||
		!strings.Contains(show.stdout, "holiday: Nationalfeiertag") && !strings.Contains(show.stdout, "holiday: National Day") {
		t.Fatalf("show: %+v", show)
	}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"timesheet", "submit", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10"}, "timesheet 2019-10 of Lukas Hofer submitted by Lukas Hofer"},
		{[]string{"timesheet", "approve", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10", "--by", "j.groessinger@example.org"}, "approved by Johanna Größinger"},
	}
	for _, s := range steps {
		if r := pd(t, db, s.args...); r.code != 0 || !strings.Contains(r.stdout, s.want) {
			t.Fatalf("%v: %+v", s.args, r)
		}
	}
	// The approved month refuses a new entry, with the reason and the way out.
	r := pd(t, db, "entries", "add", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--date", "2019-10-30", "--output", "O1", "--hours", "1")
	if r.code != 1 || !strings.Contains(r.stderr, "is approved by Johanna Größinger: reopen it before changing it") {
		t.Fatalf("add to approved: %+v", r)
	}
	if r := pd(t, db, "timesheet", "reopen", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10"); r.code != 2 {
		t.Errorf("reopen without --by: %+v", r)
	}
	r = pd(t, db, "timesheet", "reopen", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10", "--by", "Johanna Größinger", "--reason", "typo on the 2nd")
	if r.code != 0 || !strings.Contains(r.stdout, "reopened by Johanna Größinger") {
		t.Fatalf("reopen: %+v", r)
	}
	// Edit and delete by ID, as listed.
	list := pd(t, db, "entries", "list", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10")
	id := regexp.MustCompile(`2019-10-02 .* ([0-9a-f-]{36})`).FindStringSubmatch(list.stdout)
	if id == nil {
		t.Fatalf("no entry of 2 October in %s", list.stdout)
	}
	r = pd(t, db, "entries", "edit", "--project", "GREENSKILLS", "--id", id[1], "--hours", "7.5", "--note", "Unit drafting, corrected")
	if r.code != 0 || !strings.Contains(r.stdout, "7.5 h on O1 on 2019-10-02 (revision 2)") {
		t.Fatalf("edit: %+v", r)
	}
	r = pd(t, db, "entries", "delete", "--project", "GREENSKILLS", "--id", id[1])
	if r.code != 0 || !strings.Contains(r.stdout, "deleted entry "+id[1]) {
		t.Fatalf("delete: %+v", r)
	}
	if r := pd(t, db, "entries", "delete", "--project", "GREENSKILLS", "--id", id[1]); r.code != 1 || !strings.Contains(r.stderr, "entry \""+id[1]+"\" does not exist") {
		t.Errorf("second delete: %+v", r)
	}
	list = pd(t, db, "entries", "list", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10")
	if strings.Contains(list.stdout, id[1]) || !strings.Contains(list.stdout, "10 entries") {
		t.Errorf("after delete: %s", list.stdout)
	}
	// Errors name the month and person.
	r = pd(t, db, "timesheet", "approve", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2019-10", "--by", "Johanna Größinger")
	if r.code != 1 || !strings.Contains(r.stderr, "timesheet 2019-10 of Lukas Hofer is reopened: it must be submitted before it is approved") {
		t.Errorf("approve reopened: %+v", r)
	}
	r = pd(t, db, "timesheet", "submit", "--project", "GREENSKILLS", "--person", "Lukas Hofer", "--month", "2025-01")
	if r.code != 1 || !strings.Contains(r.stderr, "outside the project period") {
		t.Errorf("submit outside: %+v", r)
	}
}
