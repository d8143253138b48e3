package export

import (
	"sort"
	"strconv"

	"partnerdesk/data"
)

// effortLine is one printed line of an output or work-package report, every figure as printed: days are
// the line's exact hours ÷ the working day rounded to two decimals, the amount those days × the rate
// rounded to the cent (FORMAT.md, "Rounding: every printed figure adds up").
type effortLine struct {
	data.Effort
	days   data.Days
	rate   data.Cents
	source string
	group  int
	amount data.Cents
}

// rateNone marks a line no rate is known for.
const rateNone = "none"

// effortLines prices the effort on the outputs by the rule set's rates (RateFor, as the budget does).
func effortLines(doc *data.Document, work []data.Work, outputIDs []string) []effortLine {
	rules, err := data.RulesByName(doc.Project.Rules)
	if err != nil {
		return nil
	}
	var out []effortLine
	for _, e := range data.OutputEffort(doc, work, outputIDs...) {
		ln := effortLine{Effort: e, days: e.Days(), source: rateNone}
		if p := doc.PartnerByID(e.Partner); p != nil {
			if r := rules.RateFor(*p, e.Category); r.OK {
				ln.rate, ln.source = r.Rate, r.Source
			}
			ln.group = rules.CountryGroup(p.Country)
		}
		ln.amount = data.DaysTimesRate(ln.days, ln.rate)
		out = append(out, ln)
	}
	return out
}

// rateSource is where a line's rate comes from, in English, short enough for the rate column.
func rateSource(l lang, ln effortLine) string {
	g := strconv.Itoa(ln.group)
	switch ln.source {
	case data.RateUnitCost:
		return l.EF("rate.src.table", "group", g)
	case data.RateOwn:
		return l.E("rate.src.own")
	case data.RateEstimate:
		return l.EF("rate.src.estimate", "group", g)
	}
	return l.E("rate.src.none")
}

// effortTable writes days per organisation and staff category on the outputs: planned days, hours, days,
// the rate and its source, and the amount; a subtotal per organisation with several lines, and the total.
// Every subtotal and total is the sum of the printed lines above it. It returns each organisation's
// printed amount, and whether any line is an estimate.
func effortTable(d *doc, doc *data.Document, lines []effortLine, amountKey string) (map[string]data.Cents, bool) {
	l := d.lang
	byPartner := map[string]data.Cents{}
	if len(lines) == 0 {
		d.font("", sizeBody)
		d.paragraph(l.Joined("out.no_days"), 4.2, colGrey)
		d.y += 3
		return byPartner, false
	}
	t := d.newTable([]column{
		{key: "col.organisation", align: "L"},
		{key: "col.category", w: 27, align: "L"},
		{key: "col.planned_days", w: 17, align: "R"},
		{key: "col.hours", w: 17, align: "R"},
		{key: "col.days", w: 15, align: "R"},
		{key: "col.rate", w: 31, align: "R"},
		{key: amountKey, w: 24, align: "R"},
	}, 8, false)
	rowH := 7.4
	t.header()
	var tPlanned, tDays data.Days
	var tSeconds data.Seconds
	var tAmount data.Cents
	hasPlanned, over, estimate := false, false, false
	plannedText := func(p data.Days, has bool) string {
		if !has {
			return "—"
		}
		return days(p)
	}
	for i := 0; i < len(lines); {
		j := i
		var gPlanned, gDays data.Days
		var gSeconds data.Seconds
		var gAmount data.Cents
		gHas := false
		for ; j < len(lines) && lines[j].Partner == lines[i].Partner; j++ {
			ln := lines[j]
			catEN, catLoc := l.Both("category.short." + ln.Category)
			var pl data.Days
			if ln.Planned != nil {
				pl, gHas = *ln.Planned, true
			}
			var clr *rgb
			if ln.Planned != nil && ln.days > *ln.Planned {
				clr, over = &colWarning, true
			}
			rate := cell{text: money(ln.rate), sub: rateSource(l, ln)}
			if ln.source == rateNone {
				rate = cell{text: l.E("rate.unknown"), sub: rateSource(l, ln), color: &colWarning}
			}
			estimate = estimate || ln.source == data.RateEstimate
			t.row(rowH, nil, partnerCell(doc, ln.Partner), cell{text: catEN, sub: catLoc, top: true},
				cell{text: plannedText(pl, ln.Planned != nil), top: true}, cell{text: hoursTotal(ln.Seconds), top: true},
				cell{text: days(ln.days), color: clr, top: true}, rate, cell{text: money(ln.amount), top: true})
			gPlanned += pl
			gDays += ln.days
			gSeconds += ln.Seconds
			gAmount += ln.amount
		}
		if j-i > 1 {
			t.row(5.2, &colTotal, cell{text: l.E("row.subtotal") + " " + partnerLabel(doc, lines[i].Partner), bold: true, span: 2},
				cell{text: plannedText(gPlanned, gHas), bold: true}, cell{text: hoursTotal(gSeconds), bold: true},
				cell{text: days(gDays), bold: true}, cell{}, cell{text: money(gAmount), bold: true})
		}
		byPartner[lines[i].Partner] += gAmount
		tPlanned += gPlanned
		tDays += gDays
		tSeconds += gSeconds
		tAmount += gAmount
		hasPlanned = hasPlanned || gHas
		i = j
	}
	t.rule()
	en, loc := l.Both("row.total")
	t.row(rowH, &colTotal, cell{text: en, sub: loc, bold: true, span: 2, top: true}, cell{text: plannedText(tPlanned, hasPlanned), bold: true, top: true},
		cell{text: hoursTotal(tSeconds), bold: true, top: true}, cell{text: days(tDays), bold: true, top: true}, cell{},
		cell{text: money(tAmount), bold: true, top: true})
	t.rule()
	t.end()
	if over {
		d.y -= 2.5
		d.font("", sizeSmall)
		d.paragraph(l.Joined("out.over_plan"), 3.5, colGrey)
		d.y += 3
	}
	return byPartner, estimate
}

// allocationTable writes each organisation's allocation of a work package against the staff cost printed
// above it, and the share used.
func allocationTable(d *doc, doc *data.Document, o *data.Output, cost map[string]data.Cents, order []string) {
	l := d.lang
	alloc := map[string]data.Cents{}
	for _, a := range o.Allocation {
		alloc[a.Partner] += a.Amount
	}
	var ids []string
	seen := map[string]bool{}
	for _, id := range order {
		_, a := alloc[id]
		_, c := cost[id]
		if (a || c) && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	d.heading("out.allocation", 20, "")
	t := d.newTable([]column{
		{key: "col.organisation", align: "L"},
		{key: "col.allocated", w: 30, align: "R"},
		{key: "col.staff_cost", w: 30, align: "R"},
		{key: "col.used", w: 20, align: "R"},
	}, 8, false)
	t.header()
	var tAlloc, tCost data.Cents
	for _, id := range ids {
		var over *rgb
		if alloc[id] > 0 && cost[id] > alloc[id] {
			over = &colWarning
		}
		t.row(7.4, nil, partnerCell(doc, id), cell{text: money(alloc[id]), top: true}, cell{text: money(cost[id]), color: over, top: true},
			cell{text: percent(cost[id], alloc[id]), color: over, top: true})
		tAlloc += alloc[id]
		tCost += cost[id]
	}
	t.rule()
	en, loc := l.Both("row.total")
	t.row(7.4, &colTotal, cell{text: en, sub: loc, bold: true, top: true}, cell{text: money(tAlloc), bold: true, top: true},
		cell{text: money(tCost), bold: true, top: true}, cell{text: percent(tCost, tAlloc), bold: true, top: true})
	t.rule()
	t.end()
}

// ownRatesBeside lists, under 2014–2020, the organisations' own day rates for the categories on the report,
// beside the unit costs the grant pays (for their own accounts only).
func ownRatesBeside(d *doc, doc *data.Document, lines []effortLine) {
	l := d.lang
	var notes []string
	seen := map[string]bool{}
	for _, ln := range lines {
		p := doc.PartnerByID(ln.Partner)
		if p == nil || ln.source != data.RateUnitCost || seen[ln.Partner+ln.Category] {
			continue
		}
		seen[ln.Partner+ln.Category] = true
		if own, ok := p.Rates[ln.Category]; ok && own != ln.rate {
			s := p.Label() + ", " + l.E("category.short."+ln.Category) + ": " + l.EF("rate.src.own_beside", "rate", money(own))
			if loc := l.LF("rate.src.own_beside", "rate", money(own)); loc != "" {
				s += " / " + loc
			}
			notes = append(notes, s)
		}
	}
	if len(notes) == 0 {
		return
	}
	d.font("", sizeSmall)
	for _, n := range notes {
		d.paragraph(n, 3.5, colGrey)
	}
	d.y += 2
}

// livePartners lists the live organisations, the coordinator first, then as the budget orders them.
func livePartners(doc *data.Document) []string {
	rank := partnerRanks(doc)
	var ids []string
	for _, p := range doc.Partners {
		if !p.Deleted {
			ids = append(ids, p.ID)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return rank[ids[i]] < rank[ids[j]] })
	return ids
}
