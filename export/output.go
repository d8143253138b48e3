package export

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"partnerdesk/data"
)

// OutputReport writes the report of one intellectual output or work package (outputID is its ID or code):
// what it is, and each organisation's days per staff category, the rate and its source, the amount, planned
// against actual, and for a work package its allocation against the staff cost. work is the project's
// hours summed per person and output (Store.WorkTotals); nil takes them from doc's entries. Every printed
// figure follows FORMAT.md's rounding rule, so products and sums check with a calculator.
func OutputReport(w io.Writer, doc *data.Document, b *data.Budget, work []data.Work, outputID string) error {
	if err := checkDocument(doc); err != nil {
		return err
	}
	if b == nil {
		return fmt.Errorf("export: output report of %s: the budget is missing", outputID)
	}
	o, err := data.FindOutput(doc, outputID)
	if err != nil {
		return err
	}
	lead := doc.PartnerByID(o.Lead)
	code := ""
	if lead != nil {
		code = languageOf(lead.Country)
	}
	l := newLang(code)
	key := "out.title." + o.Kind
	if _, ok := l.en[key]; !ok {
		key = "out.title.result"
	}
	d := newDoc(l.E(key) + " " + o.Code + " " + o.Title)
	d.beginSection(*doc.Project, l, l.E(key)+" · "+o.Code+" · "+o.Title, false)
	d.title(key, o.Code, "")
	outputHead(d, doc, o, lead, b.AsOf)
	if work == nil {
		work = data.WorkFromEntries(doc.Entries)
	}
	notes := []string{"out.rounding"}
	switch {
	case o.Kind == data.OutputWorkPackage || o.Kind == data.OutputIntellectual:
		lines := effortLines(doc, work, []string{o.ID})
		amountKey := "col.amount"
		if doc.Project.Rules == data.Rules2021 {
			amountKey = "col.staff_cost"
		}
		d.heading("out.effort", 20, "")
		cost, estimate := effortTable(d, doc, lines, amountKey)
		if doc.Project.Rules == data.Rules2014 {
			ownRatesBeside(d, doc, lines)
		}
		if o.Kind == data.OutputWorkPackage {
			var order []string
			for _, ln := range lines {
				order = append(order, ln.Partner)
			}
			order = append(order, livePartners(doc)...)
			allocationTable(d, doc, o, cost, order)
		}
		if doc.Project.Rules == data.Rules2021 && estimate {
			notes = append(notes, "out.estimate_note")
		} else if doc.Project.Rules == data.Rules2014 {
			notes = append(notes, "out.rates2014")
		}
	default:
		d.font("", sizeBody)
		d.paragraph(l.Joined("out.no_budget"), 4.2, colGrey)
		d.y += 3
	}
	outputEvents(d, doc, o)
	reportNote(d, b, append(notes, "note.binding"))
	return d.finish(w)
}

// reportNote says how the report's figures are computed (the label keys of notes, in both languages),
// and lists the rule set's figures to check against the grant agreement.
func reportNote(d *doc, b *data.Budget, notes []string) {
	l := d.lang
	d.need(20)
	d.line(d.left, d.y, d.right, d.y, colHair, 0.2)
	d.y += 2.5
	d.font("", sizeSmall)
	for _, key := range notes {
		d.paragraph(l.E(key), 3.5, colGrey)
		if loc := l.L(key); loc != "" {
			d.paragraph(loc, 3.5, colGrey)
		}
		d.y += 1.2
	}
	if rules, err := data.RulesByName(b.Rules); err == nil && len(rules.Check) > 0 {
		d.paragraph(l.E("note.check")+" "+strings.Join(rules.Check, "; ")+".", 3.5, colGrey)
	}
}

// checkDocument refuses a document a report cannot be made of.
func checkDocument(doc *data.Document) error {
	if doc == nil || doc.Project == nil {
		return fmt.Errorf("export: the document has no project")
	}
	return nil
}

// outputHead writes the output's title, kind, lead, period and description.
func outputHead(d *doc, doc *data.Document, o *data.Output, lead *data.Partner, asOf string) {
	l := d.lang
	w := d.right - d.left
	d.subject(o.Title)
	kindEN, kindLoc := l.Both("kind." + o.Kind)
	leadName, leadSub := "—", ""
	if lead != nil {
		leadName, leadSub = lead.Name, orgLine(*lead)
	}
	fields := []field{
		{key: "f.kind", value: kindEN, sub: kindLoc},
		{key: "f.lead", value: leadName, sub: leadSub, bold: true},
		{key: "f.period", value: period(o.Start, o.End)},
	}
	if asOf != "" {
		fields = append(fields, field{key: "f.as_of", value: asOf, bold: true}) // an interim report: hours up to that day
	}
	if o.Description != "" {
		fields = append(fields, field{key: "f.description", value: o.Description})
	}
	d.y += d.fields(d.left, d.y, w, fields) + 2
}

// orgLine is an organisation's OID, address and country on one line.
func orgLine(p data.Partner) string {
	var parts []string
	if p.OID != "" {
		parts = append(parts, "OID "+p.OID)
	}
	if p.Address != "" {
		parts = append(parts, p.Address)
	} else if p.City != "" {
		parts = append(parts, p.City)
	}
	if c := countryName(p.Country); c != "" {
		parts = append(parts, c)
	}
	return strings.Join(parts, " · ")
}

// partnerRanks orders organisations as the budget does: the coordinator first, then by ID.
func partnerRanks(doc *data.Document) map[string]int {
	ids := make([]string, 0, len(doc.Partners))
	for _, p := range doc.Partners {
		ids = append(ids, p.ID)
	}
	coord := doc.Project.Coordinator
	sort.SliceStable(ids, func(i, j int) bool {
		if (ids[i] == coord) != (ids[j] == coord) {
			return ids[i] == coord
		}
		return ids[i] < ids[j]
	})
	r := map[string]int{}
	for i, id := range ids {
		r[id] = i
	}
	return r
}

var categoryRank = func() map[string]int {
	r := map[string]int{}
	for i, c := range data.StaffCategories {
		r[c] = i
	}
	return r
}()

// staffRow is one organisation's effort in one staff category on an output: planned and actual.
type staffRow struct {
	output   string
	partner  string
	category string
	planned  *data.Days
	days     data.Days
	rate     data.Cents
	rateOK   bool
	amount   data.Cents
}

// staffRows are the budget's intellectual-output lines of the outputs, plus planned effort no line has yet.
func staffRows(doc *data.Document, b *data.Budget, outputs []*data.Output) []staffRow {
	rules, _ := data.RulesByName(doc.Project.Rules)
	want := map[string]bool{}
	for _, o := range outputs {
		want[o.ID] = true
	}
	type key struct{ o, p, c string }
	seen := map[key]bool{}
	var rows []staffRow
	for _, ln := range b.Lines {
		if ln.Category != data.BudgetOutputs || !want[ln.Output] {
			continue
		}
		r := staffRow{output: ln.Output, partner: ln.Partner, category: ln.StaffCategory, planned: ln.PlannedDays, rateOK: true}
		if ln.Days != nil {
			r.days = *ln.Days
		}
		if ln.Rate != nil {
			r.rate = *ln.Rate
			r.rateOK = *ln.Rate > 0
		}
		if ln.Amount != nil {
			r.amount = *ln.Amount
		}
		seen[key{ln.Output, ln.Partner, ln.StaffCategory}] = true
		rows = append(rows, r)
	}
	for _, o := range outputs {
		for _, pl := range o.Planned {
			k := key{o.ID, pl.Partner, pl.Category}
			if seen[k] {
				continue
			}
			seen[k] = true
			planned := pl.Days
			r := staffRow{output: o.ID, partner: pl.Partner, category: pl.Category, planned: &planned}
			if p := doc.PartnerByID(pl.Partner); p != nil && rules != nil {
				r.rate, _, r.rateOK = rules.DayRate(*p, pl.Category)
			}
			rows = append(rows, r)
		}
	}
	rank := partnerRanks(doc)
	code := map[string]string{}
	for _, o := range outputs {
		code[o.ID] = o.Code
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, c := rows[i], rows[j]
		if a.output != c.output {
			return data.CodeLess(code[a.output], code[c.output])
		}
		if a.partner != c.partner {
			return rank[a.partner] < rank[c.partner]
		}
		return categoryRank[a.category] < categoryRank[c.category]
	})
	return rows
}

// partnerCell is an organisation's short label with its country.
func partnerCell(doc *data.Document, id string) cell {
	p := doc.PartnerByID(id)
	if p == nil {
		return cell{text: id}
	}
	return cell{text: p.Name, sub: countryName(p.Country), wrap: true}
}

// ioTable writes planned and actual staff days per organisation and category, with rate and amount.
// With several outputs it adds a subtotal per output; with one, a subtotal per organisation that has several rows.
func ioTable(d *doc, doc *data.Document, b *data.Budget, outputs []*data.Output, withOutput bool) {
	l := d.lang
	rows := staffRows(doc, b, outputs)
	if len(rows) == 0 {
		d.font("", sizeBody)
		d.paragraph(l.Joined("out.no_days"), 4.2, colGrey)
		d.y += 3
		return
	}
	var cols []column
	if withOutput {
		cols = append(cols, column{key: "col.output", w: 14, align: "L"})
	}
	cols = append(cols,
		column{key: "col.organisation", align: "L"},
		column{key: "col.category", w: 30, align: "L"},
		column{key: "col.planned_days", w: 19, align: "R"},
		column{key: "col.days", w: 17, align: "R"},
		column{key: "col.rate", w: 19, align: "R"},
		column{key: "col.amount", w: 25, align: "R"},
	)
	t := d.newTable(cols, 8, false)
	rowH := 5.2
	if d.lang.loc != nil {
		rowH = 7.4
	}
	t.header()
	codes := map[string]string{}
	for _, o := range outputs {
		codes[o.ID] = o.Code
	}
	var tPlanned, tDays data.Days
	var tAmount data.Cents
	hasPlanned, over := false, false
	group := func(r staffRow) string {
		if withOutput {
			return r.output
		}
		return r.partner
	}
	for i := 0; i < len(rows); {
		j := i
		var gPlanned, gDays data.Days
		var gAmount data.Cents
		gHasPlanned := false
		for ; j < len(rows) && group(rows[j]) == group(rows[i]); j++ {
			r := rows[j]
			catEN, catLoc := l.Both("category.short." + r.category)
			planned := "—"
			if r.planned != nil {
				planned = days(*r.planned)
				gPlanned += *r.planned
				gHasPlanned = true
			}
			rate := money(r.rate)
			if !r.rateOK {
				rate = l.E("rate.unknown")
			}
			var cells []cell
			if withOutput {
				cells = append(cells, cell{text: codes[r.output], bold: true})
			}
			cells = append(cells, partnerCell(doc, r.partner),
				cell{text: catEN, sub: catLoc},
				cell{text: planned}, cell{text: days(r.days), color: overPlan(r)},
				cell{text: rate}, cell{text: money(r.amount)})
			t.row(rowH, nil, cells...)
			over = over || overPlan(r) != nil
			gDays += r.days
			gAmount += r.amount
		}
		if j-i > 1 {
			label := l.E("row.subtotal") + " " + codes[rows[i].output]
			if !withOutput {
				label = l.E("row.subtotal") + " " + partnerLabel(doc, rows[i].partner)
			}
			planned := "—"
			if gHasPlanned {
				planned = days(gPlanned)
			}
			var cells []cell
			if withOutput {
				cells = append(cells, cell{})
			}
			cells = append(cells, cell{text: label, bold: true, span: 2}, cell{text: planned, bold: true},
				cell{text: days(gDays), bold: true}, cell{}, cell{text: money(gAmount), bold: true})
			t.row(5.2, &colTotal, cells...)
		}
		tPlanned += gPlanned
		tDays += gDays
		tAmount += gAmount
		hasPlanned = hasPlanned || gHasPlanned
		i = j
	}
	t.rule()
	en, loc := l.Both("row.total")
	planned := "—"
	if hasPlanned {
		planned = days(tPlanned)
	}
	var cells []cell
	if withOutput {
		cells = append(cells, cell{text: en, sub: loc, bold: true, span: 3})
	} else {
		cells = append(cells, cell{text: en, sub: loc, bold: true, span: 2})
	}
	cells = append(cells, cell{text: planned, bold: true}, cell{text: days(tDays), bold: true}, cell{}, cell{text: money(tAmount), bold: true})
	t.row(rowH, &colTotal, cells...)
	t.rule()
	t.end()
	if over {
		d.y -= 2.5
		d.font("", sizeSmall)
		d.paragraph(l.Joined("out.over_plan"), 3.5, colGrey)
		d.y += 3
	}
}

// overPlan colours actual days above the planned ones.
func overPlan(r staffRow) *rgb {
	if r.planned != nil && r.days > *r.planned {
		return &colWarning
	}
	return nil
}

func partnerLabel(doc *data.Document, id string) string {
	if p := doc.PartnerByID(id); p != nil {
		return p.Label()
	}
	return id
}

// wpTable writes each organisation's allocation of the work packages against days and staff cost.
func wpTable(d *doc, doc *data.Document, b *data.Budget, outputIDs []string, withOutput bool) {
	l := d.lang
	want := map[string]bool{}
	for _, id := range outputIDs {
		want[id] = true
	}
	var lines []data.BudgetLine
	for _, ln := range b.Lines {
		if ln.Category == data.BudgetWorkPackage && want[ln.Output] {
			lines = append(lines, ln)
		}
	}
	if len(lines) == 0 {
		d.font("", sizeBody)
		d.paragraph(l.Joined("out.no_days"), 4.2, colGrey)
		d.y += 3
		return
	}
	var cols []column
	if withOutput {
		cols = append(cols, column{key: "col.wp", w: 16, align: "L"})
	}
	cols = append(cols,
		column{key: "col.organisation", align: "L"},
		column{key: "col.allocated", w: 27, align: "R"},
		column{key: "col.days", w: 18, align: "R"},
		column{key: "col.staff_cost", w: 27, align: "R"},
		column{key: "col.used", w: 18, align: "R"},
	)
	t := d.newTable(cols, 8, false)
	t.header()
	rowH := 5.2
	if d.lang.loc != nil {
		rowH = 7.4
	}
	var tAlloc, tCost data.Cents
	var tDays data.Days
	for _, ln := range lines {
		alloc, cost, dd := deref(ln.Allocated), deref(ln.StaffCost), data.Days(0)
		if ln.Days != nil {
			dd = *ln.Days
		}
		var cells []cell
		if withOutput {
			code := ln.Output
			if o := doc.OutputByID(ln.Output); o != nil {
				code = o.Code
			}
			cells = append(cells, cell{text: code, bold: true})
		}
		var over *rgb
		if alloc > 0 && cost > alloc {
			over = &colWarning
		}
		cells = append(cells, partnerCell(doc, ln.Partner), cell{text: money(alloc)}, cell{text: days(dd)},
			cell{text: money(cost), color: over}, cell{text: percent(cost, alloc), color: over})
		t.row(rowH, nil, cells...)
		tAlloc += alloc
		tCost += cost
		tDays += dd
	}
	t.rule()
	en, loc := l.Both("row.total")
	span := 1
	if withOutput {
		span = 2
	}
	t.row(rowH, &colTotal, cell{text: en, sub: loc, bold: true, span: span}, cell{text: money(tAlloc), bold: true},
		cell{text: days(tDays), bold: true}, cell{text: money(tCost), bold: true}, cell{text: percent(tCost, tAlloc), bold: true})
	t.rule()
	t.end()
}

func deref(c *data.Cents) data.Cents {
	if c == nil {
		return 0
	}
	return *c
}

// percent is part of whole in whole percent, "—" when there is no whole.
func percent(part, whole data.Cents) string {
	if whole <= 0 {
		return "—"
	}
	return strconv.FormatInt((int64(part)*100+int64(whole)/2)/int64(whole), 10) + " %"
}

// outputEvents lists the events that serve the output.
func outputEvents(d *doc, doc *data.Document, o *data.Output) {
	var list []data.Event
	for _, e := range doc.Events {
		for _, id := range e.Outputs {
			if id == o.ID {
				list = append(list, e)
				break
			}
		}
	}
	if len(list) == 0 {
		return
	}
	l := d.lang
	d.heading("out.events", 12, "")
	t := d.newTable([]column{
		{key: "col.code", w: 14, align: "L"},
		{key: "col.event", align: "L"},
		{key: "col.dates", w: 42, align: "L"},
		{key: "col.place", w: 40, align: "L"},
	}, 8, false)
	t.header()
	for _, e := range list {
		t.row(7.4, nil, cell{text: e.Code, bold: true}, cell{text: e.Title, sub: l.Joined("kind." + e.Kind)},
			cell{text: period(e.Start, e.End)}, cell{text: place(e.City, e.Country)})
	}
	t.end()
}

// subject writes what a document is about (an output's or event's title) in bold, wrapped to the text width.
func (d *doc) subject(title string) {
	w := d.right - d.left
	d.font("B", 12.5)
	d.color(colInk)
	for _, line := range d.wrap(title, w) {
		d.text(d.left, d.y, w, 5.6, line, "L")
		d.y += 5.6
	}
	d.y += 2.5
}
