package export

import (
	"fmt"
	"sort"

	"partnerdesk/data"
)

// The tables of the events' and the staff's detail.
const (
	TableMeetings    = "meetings"
	TableMultiplier  = "multiplier-events"
	TableLearning    = "learning-activities"
	TableStaffMonths = "staff-days-by-month"
)

// wbMonth is a month cell: the first of the month as a date, shown (and written to CSV) as YYYY-MM.
type wbMonth data.Date

// bandLabel names a distance band: "100–1,999 km", "8,000 km or more".
func bandLabel(b data.DistanceBand) string {
	if b.MaxKM == 0 {
		return fmt.Sprintf("%s km or more", thousands(b.MinKM))
	}
	return fmt.Sprintf("%s–%s km", thousands(b.MinKM), thousands(b.MaxKM))
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// eventRules is the rule set the document names (the sheets are empty under rules that have no bands).
func eventRules(doc *data.Document) (*data.RuleSet, error) {
	return data.RulesByName(doc.Project.Rules)
}

// partnerOrder sorts partner IDs as the budget does: the coordinator first, then by ID.
func partnerOrder(doc *data.Document, ids []string) {
	sort.SliceStable(ids, func(i, j int) bool {
		ci, cj := ids[i] == doc.Project.Coordinator, ids[j] == doc.Project.Coordinator
		if ci != cj {
			return ci
		}
		return ids[i] < ids[j]
	})
}

// meetingsTable is one row per transnational meeting and sending organisation: the participants counted,
// how many travelled in each distance band (and under the first), and the amount, all from data.EventCosts.
func meetingsTable(doc *data.Document) (wbTable, error) {
	t := wbTable{name: TableMeetings, sheet: "Meetings", cols: []wbColumn{{"Event", colText}, {"Title", colText},
		{"Start", colDate}, {"End", colDate}, {"Host", colText}, {"Sending organisation", colText}, {"Participants counted", colInt}}}
	rules, err := eventRules(doc)
	if err != nil {
		return t, err
	}
	costs, err := data.EventCosts(doc, data.EventMeeting)
	if err != nil {
		return t, err
	}
	under := "Under first band"
	if len(rules.MeetingBands) > 0 {
		under = fmt.Sprintf("Under %s km", thousands(rules.MeetingBands[0].MinKM))
	}
	t.cols = append(t.cols, wbColumn{under, colInt})
	for _, b := range rules.MeetingBands {
		t.cols = append(t.cols, wbColumn{bandLabel(b), colInt})
	}
	t.cols = append(t.cols, wbColumn{"Amount", colMoney})
	type acc struct {
		counted int
		bands   []int // [0] under the first band, then one per band
		amount  data.Cents
	}
	for i := 0; i < len(costs); {
		e := costs[i].Event
		by := map[string]*acc{}
		var ids []string
		for ; i < len(costs) && costs[i].Event == e; i++ {
			x := costs[i]
			if x.Partner == "" {
				continue // no sending partner: the budget warns, nobody is paid
			}
			a := by[x.Partner]
			if a == nil {
				a = &acc{bands: make([]int, len(rules.MeetingBands)+1)}
				by[x.Partner] = a
				ids = append(ids, x.Partner)
			}
			a.bands[x.Band+1]++
			if x.Counted {
				a.counted++
				a.amount += x.Amount
			}
		}
		partnerOrder(doc, ids)
		for _, id := range ids {
			a := by[id]
			row := []any{e.Code, e.Title, e.Start, e.End, doc.PartnerLabel(e.Host), doc.PartnerLabel(id), a.counted}
			for _, n := range a.bands {
				row = append(row, n)
			}
			t.rows = append(t.rows, append(row, a.amount))
		}
	}
	return t, nil
}

// multiplierTable is one row per multiplier event and its host: local and foreign participants, the
// partners' staff left out, and the amount; when the per-project cap cut the event, the amount is the
// budget's and Before cap what the participants came to.
func multiplierTable(doc *data.Document, b *data.Budget) (wbTable, error) {
	t := wbTable{name: TableMultiplier, sheet: "Multiplier events", cols: []wbColumn{{"Event", colText}, {"Title", colText},
		{"Start", colDate}, {"End", colDate}, {"Country", colText}, {"Organisation", colText}, {"Local participants", colInt},
		{"Foreign participants", colInt}, {"Partner staff excluded", colInt}, {"Amount", colMoney}, {"Before cap", colMoney}}}
	costs, err := data.EventCosts(doc, data.EventMultiplier)
	if err != nil {
		return t, err
	}
	capped := map[string]data.BudgetLine{}
	for _, l := range b.Lines {
		if l.Category == data.BudgetMultiplier && l.CappedFrom != nil {
			capped[l.Event] = l
		}
	}
	for i := 0; i < len(costs); {
		e := costs[i].Event
		var local, foreign, excluded int
		var amount data.Cents
		for ; i < len(costs) && costs[i].Event == e; i++ {
			x := costs[i]
			switch {
			case x.Excluded:
				excluded++
			case x.Local:
				local++
			default:
				foreign++
			}
			if x.Counted {
				amount += x.Amount
			}
		}
		var before any
		if l, ok := capped[e.ID]; ok {
			before, amount = amount, l.Value()
		}
		t.rows = append(t.rows, []any{e.Code, e.Title, e.Start, e.End, e.Country, doc.PartnerLabel(e.Host),
			local, foreign, excluded, amount, before})
	}
	return t, nil
}

// learningTable is one row per participant of a learning activity: distance band and travel, days and
// individual support, and the total, from data.EventCosts.
func learningTable(doc *data.Document) (wbTable, error) {
	t := wbTable{name: TableLearning, sheet: "Learning activities", cols: []wbColumn{{"Event", colText}, {"Name", colText},
		{"Sending organisation", colText}, {"Organisation", colText}, {"Country", colText}, {"Role", colText},
		{"Distance km", colInt}, {"Distance band", colText}, {"Travel", colMoney}, {"Days", colInt},
		{"Individual support", colMoney}, {"Total", colMoney}}}
	rules, err := eventRules(doc)
	if err != nil {
		return t, err
	}
	costs, err := data.EventCosts(doc, data.EventLearning)
	if err != nil {
		return t, err
	}
	for _, x := range costs {
		p := x.Participant
		band, sending := "", ""
		if x.Band >= 0 {
			band = bandLabel(rules.TravelBands[x.Band])
		}
		if x.Partner != "" {
			sending = doc.PartnerLabel(x.Partner)
		}
		role := p.Role
		if role == "" {
			role = data.RoleStaff
		}
		t.rows = append(t.rows, []any{x.Event.Code, p.Name, sending, p.Organisation, p.Country, role,
			p.DistanceKM, band, x.Travel, p.Days, x.Support, x.Amount})
	}
	return t, nil
}

// staffMonthsTable is each person's hours per month and the days they make: hours ÷ the organisation's
// working day, to 2 decimals half away from zero (data.SecondsToDays, as the budget converts).
func staffMonthsTable(doc *data.Document, entries []data.Entry) wbTable {
	t := wbTable{name: TableStaffMonths, sheet: "Staff days by month", cols: []wbColumn{{"Organisation", colText},
		{"Person", colText}, {"Staff category", colText}, {"Month", colMonth}, {"Hours", colHours}, {"Days", colDays}}}
	type key struct {
		person string
		month  data.Month
	}
	sum := map[key]data.Seconds{}
	var keys []key
	for _, e := range entries {
		if e.Deleted {
			continue
		}
		k := key{e.Person, e.Date.Month()}
		if _, ok := sum[k]; !ok {
			keys = append(keys, k)
		}
		sum[k] += e.Hours
	}
	type row struct {
		org, name, cat string
		day            data.Seconds
		k              key
	}
	rows := make([]row, 0, len(keys))
	for _, k := range keys {
		r := row{name: k.person, day: data.DefaultWorkingDay, k: k}
		if p := doc.PersonByID(k.person); p != nil {
			r.name, r.cat = p.Name, p.Category
			if pa := doc.PartnerByID(p.Partner); pa != nil {
				r.org, r.day = pa.Label(), pa.Day()
			}
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.org != b.org {
			return a.org < b.org
		}
		if a.name != b.name {
			return a.name < b.name
		}
		if a.k.person != b.k.person {
			return a.k.person < b.k.person
		}
		return a.k.month.First().Before(b.k.month.First())
	})
	for _, r := range rows {
		m := sum[r.k]
		t.rows = append(t.rows, []any{r.org, r.name, r.cat, wbMonth(r.k.month.First()), m, data.SecondsToDays(m, r.day)})
	}
	return t
}
