package export

import (
	"io"
	"strings"
	"testing"

	"partnerdesk/data"
)

// TestBudgetReportGrantedCostsAndAsOf (issue 9, deliverables 5 and 6): an interim budget says its date, prints
// the real costs with their share and cap, and puts each organisation's granted amounts beside the reported
// ones with what remains; the total row is the sum of the rows above it.
func TestBudgetReportGrantedCostsAndAsOf(t *testing.T) {
	f := greenskills(t)
	coord := *f.doc.PartnerByID(f.doc.Project.Coordinator)
	coord.Granted = map[string]data.Cents{data.BudgetManagement: 14000_00, data.BudgetOutputs: 10000_00}
	coord.Meta = data.Meta{}
	fzl := f.doc.Partners[1]
	for _, p := range f.doc.Partners {
		if p.ShortName == "FZL" {
			fzl = p
		}
	}
	in := &data.Document{Format: data.Format, Partners: []data.Partner{coord}, Costs: []data.Cost{
		{ID: f.store.NewID(), Partner: fzl.ID, Kind: data.CostSpecialNeeds, Description: "sign language interpreter", Date: data.NewDate(2020, 2, 3), Amount: 640_00},
		{ID: f.store.NewID(), Partner: coord.ID, Kind: data.CostExceptional, Description: "visas", Date: data.NewDate(2020, 2, 3), Amount: 80000_00},
	}}
	if _, err := f.store.Import(in, data.ImportOptions{Project: f.project, Source: "test"}); err != nil {
		t.Fatal(err)
	}
	doc, _ := f.store.Load(f.project, data.LoadOptions{})
	b, err := f.store.BudgetAsOf(f.project, data.NewDate(2020, 6, 30))
	if err != nil {
		t.Fatal(err)
	}
	pdf := render(t, func(w io.Writer) error { return BudgetReport(w, doc, b) })
	text := flatText(t, pdf)
	for _, want := range []string{
		"As of", "2020-06-30", "10 months of management",
		"Special needs support", "640.00", "100 %",
		"Exceptional costs", "80,000.00", "75 %", "60,000.00", "50,000.00",
		"Granted against reported", "14,000.00", "10,000.00", "24,000.00",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the interim budget report lacks %q", want)
		}
	}
	var pb *data.PartnerBudget
	for i := range b.Partners {
		if b.Partners[i].Partner == coord.ID {
			pb = &b.Partners[i]
		}
	}
	// Management as of 30 June 2020: 10 months × 500 = 5,000 reported; 9,000 of the 14,000 remain.
	if pb == nil || pb.Reported[data.BudgetManagement] != 5000_00 || pb.Remaining[data.BudgetManagement] != 9000_00 {
		t.Fatalf("coordinator's comparison = %+v", pb)
	}
	for _, want := range []string{money(pb.Reported[data.BudgetTotal]), money(pb.Remaining[data.BudgetTotal]), "9,000.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the comparison lacks %s", want)
		}
	}
}
