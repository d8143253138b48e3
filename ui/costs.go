package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// CostsEditor lists the real costs outside the unit costs (special needs support, exceptional costs)
// and edits the selected one.
type CostsEditor struct {
	*recordEditor
	Partner                   *partnerSelect
	Kind                      *choice
	Date, Amount, Description *widget.Entry
	m                         *Main
}

func newCostsEditor(m *Main) *CostsEditor {
	v := &CostsEditor{m: m}
	v.recordEditor = newRecordEditor(m, v, "cost", lang.L("Add a real cost"))
	v.Partner = newPartnerSelect(false)
	v.Kind = newChoice(data.CostKinds)
	v.Date, v.Amount, v.Description = widget.NewEntry(), widget.NewEntry(), widget.NewMultiLineEntry()
	v.Date.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	v.Amount.SetPlaceHolder("1200.00")
	v.Description.Wrapping = fyne.TextWrapWord
	v.Description.SetMinRowsVisible(2)
	f := v.Form
	f.add(lang.L("Organisation"), v.Partner, "partner")
	f.add(lang.L("Kind"), v.Kind, "kind")
	f.add(lang.L("Date"), v.Date, "date")
	f.add(lang.L("Real cost (EUR)"), v.Amount, "amount")
	f.add(lang.L("What it was for"), v.Description, "description")
	return v
}

func (v *CostsEditor) load(doc *data.Document) {
	v.Partner.load(doc)
	v.scope = doc.Project.ID
	v.recordEditor.load()
}

// Len is the number of real costs.
func (v *CostsEditor) Len() int {
	if v.m.doc == nil {
		return 0
	}
	return len(v.m.doc.Costs)
}

// Item is a cost's description with its organisation, kind, date and amount.
func (v *CostsEditor) Item(i int) (string, string) {
	c := v.m.doc.Costs[i]
	return c.Description, joinNonEmpty(" · ", v.m.doc.PartnerLabel(c.Partner), kindLabel(c.Kind), c.Date.String(), formatEuro(c.Amount))
}

// ID is the cost's record ID.
func (v *CostsEditor) ID(i int) string { return v.m.doc.Costs[i].ID }

// Fill shows cost i (or a blank special needs cost of this installation's organisation).
func (v *CostsEditor) Fill(i int) {
	c := data.Cost{Kind: data.CostSpecialNeeds}
	if i >= 0 {
		c = v.m.doc.Costs[i]
	}
	v.Partner.set(c.Partner)
	v.Kind.set(c.Kind)
	v.Date.SetText(dateText(c.Date))
	v.Amount.SetText("")
	if c.Amount != 0 {
		v.Amount.SetText(formatEuro(c.Amount))
	}
	v.Description.SetText(c.Description)
}

// Store saves the form as cost i (a new one when i < 0).
func (v *CostsEditor) Store(i int) (string, error) {
	c := data.Cost{ID: v.m.store.NewID()}
	if i >= 0 {
		c = v.m.doc.Costs[i]
		c.Meta = data.Meta{}
	}
	c.Partner, c.Kind, c.Description = v.Partner.id(), v.Kind.value(), strings.TrimSpace(v.Description.Text)
	ok := true
	if c.Partner == "" {
		v.Form.fail("partner", fmt.Errorf("%s", lang.L("choose the organisation that had the cost")))
		ok = false
	}
	var dok bool
	c.Date, dok = parseDateField(v.Form, "date", v.Date.Text)
	amount, err := parseEuro(v.Amount.Text)
	if err != nil {
		v.Form.fail("amount", err)
		ok = false
	}
	c.Amount = amount
	if !ok || !dok {
		return "", errTyped
	}
	if r := v.m.refusal(data.KindCost, c.Partner, nil); i < 0 && r != "" {
		return "", fmt.Errorf("%s", r)
	}
	return c.ID, v.m.saveRecords(&data.Document{Costs: []data.Cost{c}}, "edit", fmt.Sprintf("cost %q saved", c.Description))
}

// Remove leaves a tombstone of cost i.
func (v *CostsEditor) Remove(i int) error {
	c := v.m.doc.Costs[i]
	c.Deleted, c.Rev, c.Updated = true, c.Rev+1, v.m.store.Now().UTC()
	return v.m.saveRecords(&data.Document{Costs: []data.Cost{c}}, "delete", fmt.Sprintf("cost %q deleted", c.Description))
}

// Refusal says why this installation may not change cost i; a new one is checked on saving.
func (v *CostsEditor) Refusal(i int) string {
	if i < 0 {
		return ""
	}
	c := v.m.doc.Costs[i]
	return v.m.refusal(data.KindCost, c.Partner, &c.Meta)
}
