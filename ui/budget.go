package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
)

// BudgetView shows the project's budget lines, totals and warnings, as the budget report has them; the
// granted amounts against the reported ones; and the real costs, which it edits. An "as of" date makes it
// the interim budget.
type BudgetView struct {
	Lines    *RecordTable
	Granted  *RecordTable
	Totals   *widget.Label
	Warnings *widget.Label
	// AsOf is an interim report's date ("" for the whole project); Apply shows the budget as of it.
	AsOf          *widget.Entry
	Apply, Whole  *widget.Button
	AsOfNote      *widget.Label
	Costs         *CostsEditor
	Tabs          *container.AppTabs
	GrantedTab    *container.TabItem
	Content       fyne.CanvasObject
	asOf          data.Date
	m             *Main
	grantedLegend *widget.Label
}

func newBudgetView(m *Main) *BudgetView {
	v := &BudgetView{m: m}
	v.Lines = NewRecordTable(nil)
	v.Granted = NewRecordTable([]Column{{lang.L("Organisation"), 130}, {lang.L("Category"), 200}, {lang.L("Granted"), 120}, {lang.L("Reported"), 120}, {lang.L("Remaining"), 120}})
	v.Totals = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Totals.Wrapping = fyne.TextWrapWord
	v.Warnings = widget.NewLabel("")
	v.Warnings.Wrapping = fyne.TextWrapWord
	v.AsOf = widget.NewEntry()
	v.AsOf.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	v.AsOf.OnSubmitted = func(string) { v.apply() }
	v.Apply = widget.NewButton(lang.L("Show as of this date"), v.apply)
	v.Whole = widget.NewButton(lang.L("Whole project"), func() { v.AsOf.SetText(""); v.apply() })
	v.AsOfNote = widget.NewLabel(lang.L("Whole project: every hour, event and cost."))
	v.AsOfNote.Wrapping = fyne.TextWrapWord
	v.grantedLegend = widget.NewLabel(lang.L("Enter the grant agreement's amounts per category in each organisation's record (Partners tab) to compare them here."))
	v.grantedLegend.Wrapping = fyne.TextWrapWord
	v.Costs = newCostsEditor(m)
	v.Costs.changed = func() { m.refreshBudget() }
	note := widget.NewLabelWithStyle(lang.L("The figures are the programme's defaults; the grant agreement is what binds."), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	lines := container.NewBorder(nil, container.NewVBox(v.Totals, v.Warnings, note), nil, nil, v.Lines.Table)
	v.GrantedTab = container.NewTabItem(lang.L("Granted and reported"), container.NewBorder(v.grantedLegend, nil, nil, nil, v.Granted.Table))
	v.Tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Budget lines"), lines),
		v.GrantedTab,
		container.NewTabItem(lang.L("Real costs"), v.Costs.Content),
	)
	bar := container.NewBorder(nil, nil, widget.NewLabel(lang.L("As of")), container.NewHBox(v.Apply, v.Whole), wide(v.AsOf, 130))
	v.Content = container.NewBorder(container.NewVBox(bar, v.AsOfNote), nil, nil, nil, v.Tabs)
	return v
}

// apply reads the "as of" date and computes the budget again.
func (v *BudgetView) apply() {
	s := strings.TrimSpace(v.AsOf.Text)
	if s == "" {
		v.asOf = data.Date{}
		v.m.refreshBudget()
		return
	}
	d, err := data.ParseDate(s)
	if err != nil {
		v.AsOfNote.SetText(lang.L("Not shown:") + " " + err.Error())
		return
	}
	v.asOf = d
	v.m.refreshBudget()
}

// load shows the project's real costs.
func (v *BudgetView) load(doc *data.Document) {
	v.Costs.load(doc)
}

// show fills the view from a computed budget.
func (v *BudgetView) show(doc *data.Document, b *data.Budget) {
	name, code := doc.PartnerLabel, doc.RefCode
	if b.AsOf != "" {
		v.AsOfNote.SetText(fmt.Sprintf(lang.L("Interim budget as of %s: hours up to that day, events ended and costs dated by then, management for the months elapsed."), b.AsOf))
	} else {
		v.AsOfNote.SetText(lang.L("Whole project: every hour, event and cost."))
	}
	var rows [][]string
	if b.Rules == data.Rules2021 {
		v.Lines.SetColumns([]Column{{lang.L("Work package"), 120}, {lang.L("Organisation"), 160}, {lang.L("Allocated"), 120}, {lang.L("Days"), 90}, {lang.L("Rate"), 150}, {lang.L("Staff cost"), 120}})
		for _, l := range b.Lines {
			rows = append(rows, []string{code(l.Output), name(l.Partner), formatEuro(deref(l.Allocated)), daysText(deref2(l.Days)), "", formatEuro(deref(l.StaffCost))})
			for _, p := range l.Staff {
				if p.Days == 0 {
					continue
				}
				rows = append(rows, []string{"", "  " + lang.L(p.StaffCategory), "", daysText(p.Days), rateText(p.Rate, p.RateSource, nil), formatEuro(p.Amount)})
			}
		}
		t := b.Totals
		v.Totals.SetText(fmt.Sprintf("%s %s · %s %s · %s %s", lang.L("Allocated"), formatEuro(deref(t.Allocated)), lang.L("Staff cost"), formatEuro(deref(t.StaffCost)), lang.L("Lump sum"), formatEuro(deref(t.LumpSum))))
	} else {
		v.Lines.SetColumns([]Column{{lang.L("Category"), 190}, {lang.L("Organisation"), 110}, {lang.L("Item"), 170}, {lang.L("Quantity"), 130}, {lang.L("Rate"), 150}, {lang.L("Amount"), 110}, {lang.L("Capped from"), 110}})
		for _, l := range b.Lines {
			item, qty, rate := "", "", ""
			switch l.Category {
			case data.BudgetManagement:
				qty = plural("%d months", l.Months)
			case data.BudgetOutputs:
				item, qty, rate = code(l.Output)+" "+lang.L(l.StaffCategory), daysText(deref2(l.Days))+" "+lang.L("days"), rateText(deref(l.Rate), l.RateSource, l.OwnRate)
			case data.BudgetSpecialNeeds, data.BudgetExceptional:
				item, qty = lang.L("real cost"), formatEuro(deref(l.RealCost))
			default:
				word := lang.L("participants")
				if l.Participants == 1 {
					word = lang.L("participant")
				}
				item, qty = code(l.Event), fmt.Sprintf("%d %s", l.Participants, word)
			}
			capped := ""
			if l.CappedFrom != nil {
				capped = formatEuro(*l.CappedFrom)
			}
			rows = append(rows, []string{kindLabel(l.Category), name(l.Partner), item, qty, rate, formatEuro(deref(l.Amount)), capped})
		}
		t := b.Totals
		parts := []string{
			lang.L("project management") + " " + formatEuro(deref(t.ProjectManagement)),
			lang.L("intellectual outputs") + " " + formatEuro(deref(t.IntellectualOutputs)),
			lang.L("transnational meetings") + " " + formatEuro(deref(t.TransnationalMeetings)),
			lang.L("multiplier events") + " " + formatEuro(deref(t.MultiplierEvents)),
			lang.L("learning activities") + " " + formatEuro(deref(t.LearningActivities)),
		}
		if t.SpecialNeeds != nil {
			parts = append(parts, lang.L("special needs support")+" "+formatEuro(*t.SpecialNeeds))
		}
		if t.Exceptional != nil {
			parts = append(parts, lang.L("exceptional costs")+" "+formatEuro(*t.Exceptional))
		}
		parts = append(parts, lang.L("Total")+" "+formatEuro(deref(t.Total)))
		v.Totals.SetText(strings.Join(parts, " · "))
	}
	v.Lines.SetRows(rows)
	v.showGranted(doc, b)
	v.Warnings.SetText(warningsText(b))
}

// showGranted fills the comparison: per organisation and category, granted, reported and what remains.
func (v *BudgetView) showGranted(doc *data.Document, b *data.Budget) {
	var rows [][]string
	for _, pb := range b.Partners {
		first := true
		for _, cat := range append(append([]string(nil), data.BudgetCategories...), data.BudgetTotal) {
			g, ok := pb.Granted[cat]
			if !ok {
				continue
			}
			org := ""
			if first {
				org, first = doc.PartnerLabel(pb.Partner), false
			}
			label := kindLabel(cat)
			if cat == data.BudgetTotal {
				label = lang.L("Total")
			}
			rows = append(rows, []string{org, label, formatEuro(g), formatEuro(pb.Reported[cat]), formatEuro(pb.Remaining[cat])})
		}
	}
	if len(b.Granted) > 0 {
		reported := b.Granted[data.BudgetTotal] - b.Remaining[data.BudgetTotal]
		rows = append(rows, []string{lang.L("Total"), "", formatEuro(b.Granted[data.BudgetTotal]), formatEuro(reported), formatEuro(b.Remaining[data.BudgetTotal])})
		v.grantedLegend.Hide()
	} else {
		v.grantedLegend.Show()
	}
	v.Granted.SetRows(rows)
}

// rateText is a day rate with where it comes from, and an own rate shown beside a unit cost.
func rateText(rate data.Cents, source string, own *data.Cents) string {
	s := formatEuro(rate)
	switch source {
	case data.RateEstimate:
		s += " (" + lang.L("estimate") + ")"
	case data.RateOwn:
		s += " (" + lang.L("own rate") + ")"
	}
	if own != nil {
		s += " · " + lang.L("own") + " " + formatEuro(*own)
	}
	return s
}

func deref(c *data.Cents) data.Cents {
	if c == nil {
		return 0
	}
	return *c
}

func deref2(d *data.Days) data.Days {
	if d == nil {
		return 0
	}
	return *d
}

// daysText shows days with two decimals, as the budget report prints them ("14.50").
func daysText(d data.Days) string { return groupDigits(data.Cents(d).Euro()) }
