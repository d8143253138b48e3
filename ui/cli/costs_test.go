package cli

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCostsAndInterimBudget: a coordinator records real costs from the command line, sees them in the budget
// JSON with the granted comparison, and writes the interim budget PDF as of a date.
func TestCostsAndInterimBudget(t *testing.T) {
	db := tempDB(t)
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 {
		t.Fatal(r)
	}
	r := pd(t, db, "costs", "add", "--project", "GREENSKILLS", "--partner", "FZL", "--kind", "special_needs",
		"--date", "2020-05-04", "--amount", "480,50", "--description", "wheelchair transport")
	if r.code != 0 || !strings.Contains(r.stdout, "added special needs cost of 480.50 EUR for FZL") {
		t.Fatalf("costs add: %+v", r)
	}
	bad := pd(t, db, "costs", "add", "--project", "GREENSKILLS", "--partner", "FZL", "--kind", "party",
		"--date", "2020-05-04", "--amount", "10", "--description", "x")
	if bad.code == 0 || !strings.Contains(bad.stderr, `kind: "party" is not a kind of cost`) {
		t.Errorf("a bad kind: %+v", bad)
	}
	list := pd(t, db, "costs", "list", "--project", "GREENSKILLS")
	if list.code != 0 || !strings.Contains(list.stdout, "wheelchair transport") || !strings.Contains(list.stdout, "1 real cost") {
		t.Fatalf("costs list: %+v", list)
	}
	r = pd(t, db, "budget", "--project", "GREENSKILLS", "--json", "--as-of", "2020-06-30")
	var b struct {
		AsOf   string             `json:"as_of"`
		Totals map[string]float64 `json:"totals"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &b); err != nil || b.AsOf != "2020-06-30" || b.Totals["special_needs_support"] != 480.5 ||
		b.Totals["project_management"] != 12500 {
		t.Errorf("interim budget JSON: %v %+v", err, b)
	}
	out := filepath.Join(t.TempDir(), "interim.pdf")
	if r := pd(t, db, "pdf", "budget", "--project", "GREENSKILLS", "--as-of", "2020-06-30", "--out", out); r.code != 0 {
		t.Fatal(r)
	}
	text, err := exec.Command("pdftotext", "-layout", out, "-").Output()
	if err != nil || !strings.Contains(string(text), "2020-06-30") || !strings.Contains(string(text), "Special needs support") {
		t.Errorf("interim budget PDF: %v\n%s", err, text)
	}
	id := strings.Fields(strings.Split(list.stdout, "\n")[1])
	r = pd(t, db, "costs", "delete", "--project", "GREENSKILLS", "--id", id[len(id)-1])
	if r.code != 0 || !strings.Contains(r.stdout, `deleted cost "wheelchair transport"`) {
		t.Errorf("costs delete: %+v", r)
	}
	if r := pd(t, db, "budget", "--project", "GREENSKILLS", "--json"); strings.Contains(r.stdout, "special_needs_support") {
		t.Errorf("a deleted cost still in the budget")
	}
}

// TestCostsTravelInTheJSON: a real cost survives export json and import into another database.
func TestCostsTravelInTheJSON(t *testing.T) {
	db := tempDB(t)
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 {
		t.Fatal(r)
	}
	if r := pd(t, db, "costs", "add", "--project", "GREENSKILLS", "--partner", "KDBM", "--kind", "exceptional",
		"--date", "2020-09-01", "--amount", "1234.56", "--description", "sign-language interpreting"); r.code != 0 {
		t.Fatal(r)
	}
	out := filepath.Join(t.TempDir(), "gs.json")
	if r := pd(t, db, "export", "json", "--project", "GREENSKILLS", "--out", out); r.code != 0 {
		t.Fatal(r)
	}
	other := tempDB(t)
	if r := pd(t, other, "import", out); r.code != 0 {
		t.Fatal(r)
	}
	r := pd(t, other, "costs", "list", "--project", "GREENSKILLS")
	if !strings.Contains(r.stdout, "sign-language interpreting") || !strings.Contains(r.stdout, "1234.56") {
		t.Errorf("the cost did not travel: %+v", r)
	}
}
