package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"partnerdesk/data"
)

// TestBudgetTabInterimGrantedAndCosts (issue 9): the coordinator types an "as of" date and sees the interim
// budget; enters a real cost in the Real costs tab and sees it paid at 75 % under the cap; and sees the
// organisation's granted amounts beside what it reported.
func TestBudgetTabInterimGrantedAndCosts(t *testing.T) {
	s, w, m := exampleWindow(t, 1600, 900)
	// The grant agreement's amounts for VHS, typed in the Partners tab.
	selectTab(m, m.Partners.Content)
	p := m.Partners
	for i := 0; i < p.Len(); i++ {
		if p.ID(i) == gsVHS {
			p.Select(i)
		}
	}
	typeInto(p.Granted[data.BudgetManagement], "14000")
	test.Tap(p.Save)
	if p.Form.Problem.Visible() && p.Form.Problem.Text != "" {
		t.Fatalf("granted amounts not saved: %q", p.Form.Problem.Text)
	}

	selectTab(m, m.Budget.Content)
	m.Wait()
	v := m.Budget
	typeInto(v.AsOf, "2020-06-30")
	test.Tap(v.Apply)
	m.Wait()
	if !strings.Contains(v.AsOfNote.Text, "Interim budget as of 2020-06-30") {
		t.Errorf("as-of note: %q", v.AsOfNote.Text)
	}
	// 10 months of management by 30 June 2020: 5,000 to the coordinator, 9,000 of its 14,000 remain.
	v.Tabs.Select(v.GrantedTab)
	screen := shownTexts(w)
	for _, want := range []string{"VHS", "14,000.00 €", "5,000.00 €", "9,000.00 €"} {
		if !strings.Contains(screen, want) {
			t.Errorf("granted tab lacks %q:\n%s", want, screen)
		}
	}

	// A real cost, typed with a decimal comma-free amount; then shown in the budget lines.
	c := v.Costs
	test.Tap(c.Add)
	c.Partner.set(gsFZL)
	c.Kind.set(data.CostExceptional)
	typeInto(c.Date, "2020-03-10")
	typeInto(c.Amount, "80000")
	typeInto(c.Description, "visas and insurance for the learners")
	test.Tap(c.Save)
	if c.Form.Problem.Text != "" && c.Form.Problem.Visible() {
		t.Fatalf("cost not saved: %q", c.Form.Problem.Text)
	}
	m.Wait()
	b, err := s.BudgetAsOf(gsProject, data.NewDate(2020, 6, 30))
	if err != nil || b.Totals.Exceptional == nil || *b.Totals.Exceptional != 50000_00 {
		t.Fatalf("stored budget: %v %+v", err, b.Totals)
	}
	v.Tabs.SelectIndex(0)
	found := ""
	for r := 0; r < v.Lines.Rows(); r++ {
		if v.Lines.Cell(r, 0) == "exceptional costs" {
			found = strings.Join([]string{v.Lines.Cell(r, 1), v.Lines.Cell(r, 3), v.Lines.Cell(r, 5), v.Lines.Cell(r, 6)}, " | ")
		}
	}
	if found != "FZL | 80,000.00 € | 50,000.00 € | 60,000.00 €" {
		t.Errorf("exceptional cost line = %q, want FZL | 80,000.00 € | 50,000.00 € | 60,000.00 €", found)
	}
	if !strings.Contains(v.Totals.Text, "exceptional costs 50,000.00 €") {
		t.Errorf("totals: %q", v.Totals.Text)
	}
	// A bad date is refused with one line, and the figures stay those shown.
	typeInto(v.AsOf, "2020-13-01")
	test.Tap(v.Apply)
	if !strings.Contains(v.AsOfNote.Text, "not a date") {
		t.Errorf("bad date: %q", v.AsOfNote.Text)
	}
}
