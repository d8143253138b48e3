package davsync

import (
	"testing"

	"partnerdesk/data"
)

// TestARealCostTravelsAndStaysItsWriters: a partner's real cost reaches the coordinator and the other
// partners; another partner cannot change it, and its grant shows in the coordinator's budget.
func TestARealCostTravelsAndStaysItsWriters(t *testing.T) {
	m := NewMemory()
	coord := coordinator(t, m)
	fzl, kdbm := partner(t, coord, "FZL", m), partner(t, coord, "KDBM", m)
	coord.share()
	org, _ := data.FindPartner(fzl.doc(), "FZL")
	c, err := fzl.store.SaveCost(gsProject, data.Cost{Partner: org.ID, Kind: data.CostSpecialNeeds, Description: "wheelchair taxi",
		Date: data.NewDate(2020, 5, 4), Amount: 300_00})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*peer{fzl, coord, kdbm} {
		p.share()
	}
	if got := budgetTotal(t, coord, "special_needs_support"); got != 300 {
		t.Fatalf("the coordinator's special needs total = %v, want 300", got)
	}
	// KDBM doctors FZL's cost in its own database: refused there, and never published.
	forged := c
	forged.Amount, forged.Meta = 30000_00, data.Meta{}
	if _, err := kdbm.store.Import(&data.Document{Format: data.Format, Costs: []data.Cost{forged}}, data.ImportOptions{Project: gsProject}); err == nil {
		t.Error("KDBM changed FZL's cost in its own database")
	}
	kdbm.share()
	coord.share()
	if got := budgetTotal(t, coord, "special_needs_support"); got != 300 {
		t.Errorf("after KDBM's sync the coordinator's special needs total = %v, want 300", got)
	}
}
