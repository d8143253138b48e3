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
			rows = append(rows, []string{code(l.Output), name(l.Partner), amount(l.Allocated), formatNumber(l.Days.Float(), 2), amount(l.StaffCost)})
		}
		t := b.Totals
		v.Totals.SetText(fmt.Sprintf("%s %s · %s %s · %s %s EUR", lang.L("Allocated"), amount(t.Allocated), lang.L("Staff cost"), amount(t.StaffCost), lang.L("Lump sum"), amount(t.LumpSum)))
	} else {
		v.Lines.SetColumns([]Column{{lang.L("Category"), 190}, {lang.L("Organisation"), 110}, {lang.L("Item"), 200}, {lang.L("Quantity"), 130}, {lang.L("Rate"), 90}, {lang.L("Amount"), 110}, {lang.L("Capped from"), 110}})
		for _, l := range b.Lines {
			item, qty, rate := "", "", ""
			switch l.Category {
			case data.BudgetManagement:
				qty = plural("%d months", l.Months)
			case data.BudgetOutputs:
				item, qty, rate = code(l.Output)+" "+lang.L(l.StaffCategory), formatNumber(l.Days.Float(), 2)+" "+lang.L("days"), amount(l.Rate)
			default:
				word := lang.L("participants")
				if l.Participants == 1 {
					word = lang.L("participant")
				}
				item, qty = code(l.Event), fmt.Sprintf("%d %s", l.Participants, word)
			}
			capped := ""
			if l.CappedFrom != nil {
				capped = amount(l.CappedFrom)
			}
			rows = append(rows, []string{lang.L(strings.ReplaceAll(l.Category, "_", " ")), name(l.Partner), item, qty, rate, amount(l.Amount), capped})
		}
		t := b.Totals
		v.Totals.SetText(fmt.Sprintf("%s %s · %s %s · %s %s · %s %s · %s %s · %s %s EUR",
			lang.L("project management"), amount(t.ProjectManagement), lang.L("intellectual outputs"), amount(t.IntellectualOutputs),
			lang.L("transnational meetings"), amount(t.TransnationalMeetings), lang.L("multiplier events"), amount(t.MultiplierEvents),
			lang.L("learning activities"), amount(t.LearningActivities), lang.L("Total"), amount(t.Total)))
	}
	v.Lines.SetRows(rows)
	v.Warnings.SetText(strings.Join(b.Warnings, "\n"))
}
