package export

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"partnerdesk/data"
)

// BudgetReport writes the budget as tables per category and per organisation: the FORMAT.md budget with
// caps shown, planned against actual days where planned, the warnings, and the note that the programme's
// figures are defaults and the grant agreement binds. Labels are English and the coordinator's language.
func BudgetReport(w io.Writer, doc *data.Document, b *data.Budget) error {
	if err := checkDocument(doc); err != nil {
		return err
	}
	if b == nil {
		return fmt.Errorf("export: budget report of %s: the budget is missing", doc.Project.Acronym)
	}
	rules, err := data.RulesByName(b.Rules)
	if err != nil {
		return fmt.Errorf("export: budget report of %s: %w", doc.Project.Acronym, err)
	}
	code := ""
	if c := doc.PartnerByID(doc.Project.Coordinator); c != nil {
		code = languageOf(c.Country)
	}
	l := newLang(code)
	d := newDoc("Budget report " + doc.Project.Acronym)
	d.beginSection(*doc.Project, l, l.E("bud.title")+" · "+doc.Project.Acronym, false)
	d.title("bud.title", "", "")
	budgetHead(d, doc, b, rules)
	if rules.Name == data.Rules2021 {
		var wps []string
		for _, o := range sortedOutputs(doc) {
			if o.Kind == data.OutputWorkPackage {
				wps = append(wps, o.ID)
			}
		}
		d.heading("bud.cat.work_package", 20, "")
		wpTable(d, doc, b, wps, true)
		summary2021(d, doc, b)
	} else {
		management(d, doc, b, rules)
		d.heading("bud.cat.intellectual_outputs", 20, "")
		var ios []*data.Output
		for _, o := range sortedOutputs(doc) {
			if o.Kind == data.OutputIntellectual {
				ios = append(ios, o)
			}
		}
		ioTable(d, doc, b, ios, true)
		eventTable(d, doc, b, data.BudgetMeetings)
		eventTable(d, doc, b, data.BudgetMultiplier)
		eventTable(d, doc, b, data.BudgetLearning)
		costTables(d, doc, b, rules)
		summary2014(d, doc, b, rules)
	}
	grantedTable(d, doc, b)
	warnings(d, b)
	budgetNote(d, b)
	return d.finish(w)
}

// sortedOutputs are the document's live outputs by code.
func sortedOutputs(doc *data.Document) []*data.Output {
	var out []*data.Output
	for i := range doc.Outputs {
		if !doc.Outputs[i].Deleted {
			out = append(out, &doc.Outputs[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return data.CodeLess(out[i].Code, out[j].Code) })
	return out
}

// budgetHead names the rules, the action, the period and the ceiling or lump sum.
func budgetHead(d *doc, doc *data.Document, b *data.Budget, rules *data.RuleSet) {
	l := d.lang
	p := doc.Project
	months := data.DurationMonths(p.Start, p.End)
	coord := "—"
	coordSub := ""
	if c := doc.PartnerByID(p.Coordinator); c != nil {
		coord, coordSub = c.Name, orgLine(*c)
	}
	left := []field{
		{key: "f.rules", value: rules.Title},
		{key: "f.action", value: p.Action},
		{key: "f.coordinator", value: coord, sub: coordSub, bold: true},
	}
	right := []field{
		{key: "f.period", value: period(p.Start, p.End), sub: l.EF("bud.months", "n", strconv.Itoa(months))},
	}
	if b.AsOf != "" {
		n := 0
		for _, ln := range b.Lines {
			if ln.Category == data.BudgetManagement {
				n = ln.Months
			}
		}
		right = append([]field{{key: "f.as_of", value: b.AsOf, sub: l.EF("bud.as_of", "date", b.AsOf, "n", strconv.Itoa(n)), bold: true}}, right...)
	}
	if rules.Name == data.Rules2021 {
		right = append(right, field{key: "f.lump_sum", value: money(deref(b.Totals.LumpSum)) + " EUR", bold: true})
	} else {
		right = append(right,
			field{key: "f.total", value: money(deref(b.Totals.Total)) + " EUR", bold: true},
			field{key: "f.ceiling", value: money(rules.MaxPerMonth*data.Cents(months)) + " EUR",
				sub: l.EF("bud.ceiling", "rate", money(rules.MaxPerMonth), "n", strconv.Itoa(months))})
	}
	gap := 8.0
	colW := (d.right - d.left - gap) / 2
	h1 := d.fields(d.left, d.y, colW, left)
	h2 := d.fields(d.left+colW+gap, d.y, colW, right)
	d.y += max(h1, h2) + 3
}

// management: a row per organisation with months, monthly rate and amount, and the amount before the cap.
func management(d *doc, doc *data.Document, b *data.Budget, rules *data.RuleSet) {
	l := d.lang
	var lines []data.BudgetLine
	capped := false
	for _, ln := range b.Lines {
		if ln.Category == data.BudgetManagement {
			lines = append(lines, ln)
			capped = capped || ln.CappedFrom != nil
		}
	}
	d.heading("bud.cat.project_management", 20, "")
	if len(lines) == 0 {
		d.font("", sizeBody)
		d.paragraph(l.Joined("bud.none"), 4.2, colGrey)
		d.y += 3
		return
	}
	cols := []column{
		{key: "col.organisation", align: "L"},
		{key: "col.role", w: 26, align: "L"},
		{key: "col.months", w: 16, align: "R"},
		{key: "col.per_month", w: 22, align: "R"},
	}
	if capped {
		cols = append(cols, column{key: "col.before_cap", w: 24, align: "R"})
	}
	cols = append(cols, column{key: "col.amount", w: 25, align: "R"})
	t := d.newTable(cols, 8, false)
	t.header()
	var total data.Cents
	for _, ln := range lines {
		role, rate := "role.partner", rules.ManagementPartner
		if ln.Partner == doc.Project.Coordinator {
			role, rate = "role.coordinator", rules.ManagementCoordinator
		}
		en, loc := l.Both(role)
		cells := []cell{partnerCell(doc, ln.Partner), {text: en, sub: loc}, {text: strconv.Itoa(ln.Months)}, {text: money(rate)}}
		cells = amountCells(cells, ln, capped)
		t.row(7.4, nil, cells...)
		total += deref(ln.Amount)
	}
	totalRow(t, l, len(cols)-1, total)
	if capped {
		d.font("", sizeSmall)
		d.paragraph(l.EF("bud.mgmt_cap", "cap", money(rules.ManagementMonthlyCap), "n", strconv.Itoa(rules.ManagementMaxOrgs)), 3.6, colGrey)
		d.y += 3
	}
}

// totalRow closes a table with the total amount in its last column; label spans the columns before.
func totalRow(t *table, l lang, span int, total data.Cents) {
	t.rule()
	en, loc := l.Both("row.total")
	h := 5.4
	if loc != "" {
		h = 7.4
	}
	t.row(h, &colTotal, cell{text: en, sub: loc, bold: true, span: span}, cell{text: money(total), bold: true})
	t.rule()
	t.end()
}

// eventTable: a row per event and sending organisation with participants and amount.
func eventTable(d *doc, doc *data.Document, b *data.Budget, category string) {
	l := d.lang
	var lines []data.BudgetLine
	capped := false
	for _, ln := range b.Lines {
		if ln.Category == category {
			lines = append(lines, ln)
			capped = capped || ln.CappedFrom != nil
		}
	}
	d.heading("bud.cat."+category, 20, "")
	if len(lines) == 0 {
		d.font("", sizeBody)
		d.paragraph(l.Joined("bud.none"), 4.2, colGrey)
		d.y += 3
		return
	}
	orgKey := "col.sending"
	if category == data.BudgetMultiplier {
		orgKey = "col.host"
	}
	cols := []column{
		{key: "col.event", w: 62, align: "L"},
		{key: orgKey, align: "L"},
		{key: "col.participants", w: 22, align: "R"},
	}
	if capped {
		cols = append(cols, column{key: "col.before_cap", w: 24, align: "R"})
	}
	cols = append(cols, column{key: "col.amount", w: 25, align: "R"})
	t := d.newTable(cols, 8, false)
	t.header()
	var total data.Cents
	events := map[string]*data.Event{}
	for i := range doc.Events {
		events[doc.Events[i].ID] = &doc.Events[i]
	}
	for _, ln := range lines {
		ev := cell{text: ln.Event}
		if e := events[ln.Event]; e != nil {
			ev = cell{text: e.Code + "  " + e.Title, sub: period(e.Start, e.End) + " · " + place(e.City, e.Country)}
		}
		cells := []cell{ev, partnerCell(doc, ln.Partner), {text: strconv.Itoa(ln.Participants)}}
		cells = amountCells(cells, ln, capped)
		t.row(7.4, nil, cells...)
		total += deref(ln.Amount)
	}
	totalRow(t, l, len(cols)-1, total)
}

// summary2014 is each organisation's amount per category and in total.
func summary2014(d *doc, doc *data.Document, b *data.Budget, rules *data.RuleSet) {
	l := d.lang
	cats := []string{data.BudgetManagement, data.BudgetOutputs, data.BudgetMeetings, data.BudgetMultiplier, data.BudgetLearning}
	if b.Totals.SpecialNeeds != nil {
		cats = append(cats, data.BudgetSpecialNeeds)
	}
	if b.Totals.Exceptional != nil {
		cats = append(cats, data.BudgetExceptional)
	}
	by := map[string]map[string]data.Cents{}
	for _, ln := range b.Lines {
		if by[ln.Partner] == nil {
			by[ln.Partner] = map[string]data.Cents{}
		}
		by[ln.Partner][ln.Category] += deref(ln.Amount)
	}
	d.heading("bud.summary", 30, "")
	cols := []column{{key: "col.organisation", align: "L"}}
	// The same page width for five to seven categories, but wide enough for each English heading's
	// longest word (never "Manageme / nt"), as long as the organisations keep 32 mm.
	w := 21.5 * 5 / float64(len(cats))
	d.font("B", sizeSmall)
	for _, c := range cats {
		for _, word := range strings.Fields(l.E("bud.short." + c)) {
			w = max(w, d.width(word)+2.5)
		}
	}
	w = min(w, max(21.5*5/float64(len(cats)), (d.right-d.left-24-32)/float64(len(cats))))
	for _, c := range cats {
		cols = append(cols, column{key: "bud.short." + c, w: w, align: "R"})
	}
	cols = append(cols, column{key: "col.total", w: 24, align: "R"})
	t := d.newTable(cols, 7.8, false)
	t.header()
	sums := map[string]data.Cents{}
	var grand data.Cents
	for _, id := range partnersInOrder(doc) {
		cells := []cell{partnerCell(doc, id)}
		var total data.Cents
		for _, c := range cats {
			v := by[id][c]
			total += v
			sums[c] += v
			cells = append(cells, cell{text: money(v)})
		}
		grand += total
		cells = append(cells, cell{text: money(total), bold: true})
		t.row(7.4, nil, cells...)
	}
	t.rule()
	en, loc := l.Both("row.total")
	cells := []cell{{text: en, sub: loc, bold: true}}
	for _, c := range cats {
		cells = append(cells, cell{text: money(sums[c]), bold: true})
	}
	cells = append(cells, cell{text: money(grand), bold: true})
	t.row(7.4, &colTotal, cells...)
	t.rule()
	t.end()
}

// summary2021 is each organisation's allocation across work packages against its days and staff cost.
func summary2021(d *doc, doc *data.Document, b *data.Budget) {
	l := d.lang
	type acc struct {
		alloc, cost data.Cents
		days        data.Days
	}
	by := map[string]*acc{}
	for _, ln := range b.Lines {
		if ln.Category != data.BudgetWorkPackage {
			continue
		}
		if by[ln.Partner] == nil {
			by[ln.Partner] = &acc{}
		}
		a := by[ln.Partner]
		a.alloc += deref(ln.Allocated)
		a.cost += deref(ln.StaffCost)
		if ln.Days != nil {
			a.days += *ln.Days
		}
	}
	d.heading("bud.summary", 30, "")
	t := d.newTable([]column{
		{key: "col.organisation", align: "L"},
		{key: "col.allocated", w: 27, align: "R"},
		{key: "col.days", w: 18, align: "R"},
		{key: "col.staff_cost", w: 27, align: "R"},
		{key: "col.used", w: 18, align: "R"},
	}, 8, false)
	t.header()
	var tot acc
	for _, id := range partnersInOrder(doc) {
		a := by[id]
		if a == nil {
			a = &acc{}
		}
		t.row(7.4, nil, partnerCell(doc, id), cell{text: money(a.alloc)}, cell{text: days(a.days)},
			cell{text: money(a.cost)}, cell{text: percent(a.cost, a.alloc)})
		tot.alloc += a.alloc
		tot.cost += a.cost
		tot.days += a.days
	}
	t.rule()
	en, loc := l.Both("row.total")
	t.row(7.4, &colTotal, cell{text: en, sub: loc, bold: true}, cell{text: money(tot.alloc), bold: true},
		cell{text: days(tot.days), bold: true}, cell{text: money(tot.cost), bold: true}, cell{text: percent(tot.cost, tot.alloc), bold: true})
	lump := deref(b.Totals.LumpSum)
	en, loc = l.Both("row.lump_sum")
	t.row(7.4, nil, cell{text: en, sub: loc}, cell{text: money(lump)}, cell{}, cell{}, cell{})
	en, loc = l.Both("row.unallocated")
	var c *rgb
	if lump-tot.alloc < 0 {
		c = &colError
	}
	t.row(7.4, nil, cell{text: en, sub: loc}, cell{text: money(lump - tot.alloc), color: c}, cell{}, cell{}, cell{})
	t.rule()
	t.end()
}

// partnersInOrder lists the live organisations, the coordinator first.
func partnersInOrder(doc *data.Document) []string {
	rank := partnerRanks(doc)
	var ids []string
	for _, p := range doc.Partners {
		if !p.Deleted {
			ids = append(ids, p.ID)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return rank[ids[i]] < rank[ids[j]] })
	return ids
}

// warnings lists what the coordinator must look at.
func warnings(d *doc, b *data.Budget) {
	if len(b.Warnings) == 0 {
		return
	}
	d.heading("bud.warnings", 8, "")
	for _, w := range b.Warnings {
		d.font("", sizeBody)
		lines := d.wrap(w, d.right-d.left-5)
		d.need(4.2 * float64(len(lines)))
		d.color(colWarning)
		d.text(d.left, d.y, 4, 4.2, "•", "L")
		d.color(colInk)
		for _, line := range lines {
			d.text(d.left+5, d.y, d.right-d.left-5, 4.2, line, "L")
			d.y += 4.2
		}
		d.y += 0.8
	}
	d.y += 3
}

// budgetNote says how the figures are computed and that the grant agreement binds.
func budgetNote(d *doc, b *data.Budget) {
	l := d.lang
	rules, err := data.RulesByName(b.Rules)
	if err != nil {
		return
	}
	d.need(20)
	d.line(d.left, d.y, d.right, d.y, colHair, 0.2)
	d.y += 2.5
	d.font("", sizeSmall)
	for _, key := range []string{"note.method", "note.binding"} {
		d.paragraph(l.E(key), 3.5, colGrey)
		if loc := l.L(key); loc != "" {
			d.paragraph(loc, 3.5, colGrey)
		}
		d.y += 1.2
	}
	if len(rules.Check) > 0 {
		list := ""
		for i, c := range rules.Check {
			if i > 0 {
				list += "; "
			}
			list += c
		}
		d.paragraph(l.E("note.check")+" "+list+".", 3.5, colGrey)
	}
}

// costTables: the real costs outside the unit costs, one row per organisation, with the real cost, the share
// the grant pays and, for exceptional costs, the amount before the per-project cap.
func costTables(d *doc, doc *data.Document, b *data.Budget, rules *data.RuleSet) {
	l := d.lang
	any := false
	for _, cat := range []string{data.BudgetSpecialNeeds, data.BudgetExceptional} {
		var lines []data.BudgetLine
		capped := false
		for _, ln := range b.Lines {
			if ln.Category == cat {
				lines = append(lines, ln)
				capped = capped || ln.CappedFrom != nil
			}
		}
		if len(lines) == 0 {
			continue
		}
		any = true
		d.heading("bud.cat."+cat, 20, "")
		share := rules.SpecialNeedsPercent
		if cat == data.BudgetExceptional {
			share = rules.ExceptionalPercent
		}
		cols := []column{
			{key: "col.organisation", align: "L"},
			{key: "col.real_cost", w: 30, align: "R"},
			{key: "col.paid_share", w: 20, align: "R"},
		}
		if capped {
			cols = append(cols, column{key: "col.before_cap", w: 24, align: "R"})
		}
		cols = append(cols, column{key: "col.amount", w: 25, align: "R"})
		t := d.newTable(cols, 8, false)
		t.header()
		var total data.Cents
		for _, ln := range lines {
			cells := []cell{partnerCell(doc, ln.Partner), {text: money(deref(ln.RealCost))}, {text: strconv.Itoa(share) + " %"}}
			cells = amountCells(cells, ln, capped)
			t.row(7.4, nil, cells...)
			total += deref(ln.Amount)
		}
		totalRow(t, l, len(cols)-1, total)
	}
	if any {
		d.font("", sizeSmall)
		d.paragraph(l.EF("bud.real_costs", "sn", strconv.Itoa(rules.SpecialNeedsPercent), "ex", strconv.Itoa(rules.ExceptionalPercent),
			"cap", money(rules.ExceptionalCap)), 3.6, colGrey)
		d.y += 3
	}
}

// grantedTable puts what each organisation reports beside what its grant agreement grants, per category,
// with what remains; only organisations that entered granted amounts have rows.
func grantedTable(d *doc, doc *data.Document, b *data.Budget) {
	if len(b.Granted) == 0 {
		return
	}
	l := d.lang
	d.heading("bud.granted", 30, "")
	t := d.newTable([]column{
		{key: "col.organisation", align: "L"},
		{key: "col.budget_category", w: 52, align: "L"},
		{key: "col.granted", w: 26, align: "R"},
		{key: "col.reported", w: 26, align: "R"},
		{key: "col.remaining", w: 26, align: "R"},
	}, 8, false)
	t.header()
	order := append(budgetCategories(b.Rules), data.BudgetTotal)
	var sumGranted, sumReported, sumRest data.Cents // the total row is the sum of the organisations' rows
	for _, pb := range b.Partners {
		if len(pb.Granted) == 0 {
			continue
		}
		first := true
		for _, cat := range order {
			// A category the organisation reports in has its row even without a granted amount (granted
			// 0.00), so that its total row is the sum of the rows above it (FORMAT.md, rounding).
			g, ok := pb.Granted[cat]
			if !ok && (cat == data.BudgetTotal || pb.Reported[cat] == 0) {
				continue
			}
			org := cell{}
			if first {
				org, first = partnerCell(doc, pb.Partner), false
			}
			en, loc := l.Both("bud.short." + cat)
			bold := cat == data.BudgetTotal
			if bold {
				en, loc = l.Both("row.total")
			}
			rest := g - pb.Reported[cat] // the budget's Remaining where granted; what is over the grant where not
			if cat == data.BudgetTotal {
				sumGranted, sumReported, sumRest = sumGranted+g, sumReported+pb.Reported[cat], sumRest+rest
			}
			var c *rgb
			if rest < 0 {
				c = &colError
			}
			t.row(7.4, nil, org, cell{text: en, sub: loc, bold: bold}, cell{text: money(g), bold: bold},
				cell{text: money(pb.Reported[cat]), bold: bold}, cell{text: money(rest), color: c, bold: bold})
		}
		t.rule()
	}
	en, loc := l.Both("row.total")
	var c *rgb
	if sumRest < 0 {
		c = &colError
	}
	t.row(7.4, &colTotal, cell{text: en, sub: loc, bold: true, span: 2}, cell{text: money(sumGranted), bold: true},
		cell{text: money(sumReported), bold: true}, cell{text: money(sumRest), bold: true, color: c})
	t.rule()
	t.end()
}

// budgetCategories are a rule set's categories in the report's order.
func budgetCategories(rules string) []string {
	if rules == data.Rules2021 {
		return []string{data.BudgetWorkPackage}
	}
	return []string{data.BudgetManagement, data.BudgetOutputs, data.BudgetMeetings, data.BudgetMultiplier, data.BudgetLearning,
		data.BudgetSpecialNeeds, data.BudgetExceptional}
}

// amountCells ends a budget row: the amount before the cap when the table has that column, then the amount.
func amountCells(cells []cell, ln data.BudgetLine, capped bool) []cell {
	if capped {
		before := ""
		if ln.CappedFrom != nil {
			before = money(*ln.CappedFrom)
		}
		cells = append(cells, cell{text: before, color: &colWarning})
	}
	return append(cells, cell{text: money(deref(ln.Amount))})
}
