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

// BudgetView shows the project's budget lines, totals and warnings, as the budget report has them.
type BudgetView struct {
	Lines    *RecordTable
	Totals   *widget.Label
	Warnings *widget.Label
	Content  fyne.CanvasObject
}

func newBudgetView() *BudgetView {
	v := &BudgetView{}
	v.Lines = NewRecordTable(nil)
	v.Totals = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Totals.Wrapping = fyne.TextWrapWord
	v.Warnings = widget.NewLabel("")
	v.Warnings.Wrapping = fyne.TextWrapWord
	note := widget.NewLabelWithStyle(lang.L("The figures are the programme's defaults; the grant agreement is what binds."), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	v.Content = container.NewBorder(nil, container.NewVBox(v.Totals, v.Warnings, note), nil, nil, v.Lines.Table)
	return v
}

// show fills the view from a computed budget.
func (v *BudgetView) show(doc *data.Document, b *data.Budget) {
	name, code := doc.PartnerLabel, doc.RefCode
	var rows [][]string
	if b.Rules == data.Rules2021 {
		v.Lines.SetColumns([]Column{{lang.L("Work package"), 120}, {lang.L("Organisation"), 160}, {lang.L("Allocated"), 120}, {lang.L("Days"), 90}, {lang.L("Staff cost"), 120}})
		for _, l := range b.Lines {
			rows = append(rows, []string{code(l.Output), name(l.Partner), l.Allocated.Euro(), fmt.Sprintf("%.2f", l.Days.Float()), l.StaffCost.Euro()})
		}
		t := b.Totals
		v.Totals.SetText(fmt.Sprintf("%s %s · %s %s · %s %s EUR", lang.L("Allocated"), t.Allocated.Euro(), lang.L("Staff cost"), t.StaffCost.Euro(), lang.L("Lump sum"), t.LumpSum.Euro()))
	} else {
		v.Lines.SetColumns([]Column{{lang.L("Category"), 190}, {lang.L("Organisation"), 110}, {lang.L("Item"), 200}, {lang.L("Quantity"), 130}, {lang.L("Rate"), 90}, {lang.L("Amount"), 110}, {lang.L("Capped from"), 110}})
		for _, l := range b.Lines {
			item, qty, rate := "", "", ""
			switch l.Category {
			case data.BudgetManagement:
				qty = plural("%d months", l.Months)
			case data.BudgetOutputs:
				item, qty, rate = code(l.Output)+" "+lang.L(l.StaffCategory), fmt.Sprintf("%.2f %s", l.Days.Float(), lang.L("days")), l.Rate.Euro()
			default:
				word := lang.L("participants")
				if l.Participants == 1 {
					word = lang.L("participant")
				}
				item, qty = code(l.Event), fmt.Sprintf("%d %s", l.Participants, word)
			}
			capped := ""
			if l.CappedFrom != nil {
				capped = l.CappedFrom.Euro()
			}
			rows = append(rows, []string{lang.L(strings.ReplaceAll(l.Category, "_", " ")), name(l.Partner), item, qty, rate, l.Amount.Euro(), capped})
		}
		t := b.Totals
		v.Totals.SetText(fmt.Sprintf("%s %s · %s %s · %s %s · %s %s · %s %s · %s %s EUR",
			lang.L("project management"), t.ProjectManagement.Euro(), lang.L("intellectual outputs"), t.IntellectualOutputs.Euro(),
			lang.L("transnational meetings"), t.TransnationalMeetings.Euro(), lang.L("multiplier events"), t.MultiplierEvents.Euro(),
			lang.L("learning activities"), t.LearningActivities.Euro(), lang.L("Total"), t.Total.Euro()))
	}
	v.Lines.SetRows(rows)
	v.Warnings.SetText(strings.Join(b.Warnings, "\n"))
}
