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

// PartnersEditor lists the project's organisations and edits the selected one.
type PartnersEditor struct {
	*recordEditor
	Name, ShortName, OID, Country, City, Address, WorkingDay, Region *widget.Entry
	// Rates are the organisation's own day rates per staff category; Granted the grant agreement's amounts per budget category.
	Rates, Granted map[string]*widget.Entry
	m              *Main
}

func newPartnersEditor(m *Main) *PartnersEditor {
	v := &PartnersEditor{m: m, Rates: map[string]*widget.Entry{}, Granted: map[string]*widget.Entry{}}
	v.recordEditor = newRecordEditor(m, v, "partner", lang.L("Add a partner"))
	f := v.Form
	v.Name, v.ShortName, v.OID, v.Country = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	v.City, v.Address, v.WorkingDay, v.Region = widget.NewEntry(), widget.NewMultiLineEntry(), widget.NewEntry(), widget.NewEntry()
	v.Address.Wrapping = fyne.TextWrapWord
	v.Address.SetMinRowsVisible(2)
	v.OID.SetPlaceHolder("E10012345")
	v.Country.SetPlaceHolder("DE, PL, EL …")
	v.WorkingDay.SetPlaceHolder("8")
	v.Region.SetPlaceHolder(lang.L("optional, e.g. DE-BY: regional holidays"))
	// The OID is checked as typed: a wrong one is a typo people fix at once.
	v.OID.OnChanged = func(s string) { checkOIDField(f, "oid", s) }
	f.add(lang.L("Organisation"), v.Name, "name")
	f.add(lang.L("Short name"), v.ShortName, "short_name")
	f.add(lang.L("OID"), v.OID, "oid")
	f.add(lang.L("Country"), v.Country, "country")
	f.add(lang.L("City"), v.City, "city")
	f.add(lang.L("Address"), v.Address, "address")
	f.add(lang.L("Working day (hours)"), v.WorkingDay, "working_day_hours")
	f.add(lang.L("Region"), v.Region, "region")
	rates := container.NewGridWithColumns(2)
	for _, c := range data.StaffCategories {
		e := widget.NewEntry()
		v.Rates[c] = e
		rates.Add(widget.NewLabel(lang.L(c)))
		rates.Add(e)
	}
	f.add(lang.L("Own day rates"), rates, "rates")
	granted := container.NewGridWithColumns(2)
	for _, c := range data.BudgetCategories {
		e := widget.NewEntry()
		v.Granted[c] = e
		granted.Add(widget.NewLabel(kindLabel(c)))
		granted.Add(e)
	}
	f.add(lang.L("Granted amounts"), granted, "granted")
	return v
}

// checkOIDField shows at once whether a typed OID or PIC has the right shape.
func checkOIDField(f *recordForm, name, s string) {
	fl := f.Field(name)
	if fl == nil {
		return
	}
	if s = strings.TrimSpace(s); s == "" {
		fl.Error.Hide()
		return
	}
	if err := data.CheckOrganisationID(s); err != nil {
		f.fail(name, err)
		return
	}
	fl.Error.Hide()
}

func (v *PartnersEditor) load(doc *data.Document) {
	v.scope = doc.Project.ID
	v.recordEditor.load()
}

// Len is the number of organisations.
func (v *PartnersEditor) Len() int {
	if v.m.doc == nil {
		return 0
	}
	return len(v.m.doc.Partners)
}

// Item is an organisation's name with its short name, country, city and role.
func (v *PartnersEditor) Item(i int) (string, string) {
	p := v.m.doc.Partners[i]
	role := lang.L("partner")
	if p.ID == v.m.doc.Project.Coordinator {
		role = lang.L("coordinator")
	}
	return p.Name, joinNonEmpty(" · ", p.ShortName, p.Country, p.City, role, p.Day().String()+" h")
}

// ID is the organisation's record ID.
func (v *PartnersEditor) ID(i int) string { return v.m.doc.Partners[i].ID }

// Fill shows organisation i (or a blank one).
func (v *PartnersEditor) Fill(i int) {
	var p data.Partner
	if i >= 0 {
		p = v.m.doc.Partners[i]
	}
	v.Name.SetText(p.Name)
	v.ShortName.SetText(p.ShortName)
	v.OID.SetText(p.OID)
	v.Country.SetText(p.Country)
	v.City.SetText(p.City)
	v.Address.SetText(p.Address)
	v.WorkingDay.SetText("")
	if p.WorkingDay > 0 {
		v.WorkingDay.SetText(p.WorkingDay.String())
	}
	v.Region.SetText(p.Region)
	// The rule set's rate for the country shows what an empty field means.
	// Under lump sums the 2014–2020 table is the estimate used where an organisation has no rates.
	rs, source := data.Erasmus2014, lang.L("rule set")
	if v.m.doc.Project.Rules == data.Rules2021 {
		source = lang.L("estimate from the 2014–2020 table")
	}
	for c, e := range v.Rates {
		e.SetText(amountText(p.Rates, c))
		e.SetPlaceHolder(lang.L("none in the rule set: enter the organisation's own"))
		if rate, _, ok := rs.DayRate(data.Partner{Country: p.Country}, c); ok {
			e.SetPlaceHolder(fmt.Sprintf("%s (%s)", formatEuro(rate), source))
		}
	}
	for c, e := range v.Granted {
		e.SetText(amountText(p.Granted, c))
	}
}

// amountText is a map's amount for a key, formatted, or "" when it has none.
func amountText(m map[string]data.Cents, key string) string {
	if c, ok := m[key]; ok {
		return formatEuro(c)
	}
	return ""
}

// Store stores the form as organisation i.
func (v *PartnersEditor) Store(i int) (string, error) {
	p := data.Partner{ID: data.NewID()}
	if i >= 0 {
		p = v.m.doc.Partners[i]
		p.Meta = data.Meta{} // a hand edit: the store bumps the revision and keeps the owner
	}
	p.Name, p.ShortName = strings.TrimSpace(v.Name.Text), strings.TrimSpace(v.ShortName.Text)
	p.OID, p.Country = strings.TrimSpace(v.OID.Text), strings.ToUpper(strings.TrimSpace(v.Country.Text))
	p.City, p.Address = strings.TrimSpace(v.City.Text), strings.TrimSpace(v.Address.Text)
	p.Region = strings.ToUpper(strings.TrimSpace(v.Region.Text))
	ok := true
	p.WorkingDay = 0
	if s := strings.TrimSpace(v.WorkingDay.Text); s != "" {
		h, err := data.ParseHours(s)
		if err != nil {
			v.Form.fail("working_day_hours", err)
			ok = false
		}
		p.WorkingDay = h
	}
	var rok, gok bool
	p.Rates, rok = amounts(v.Form, "rates", v.Rates)
	p.Granted, gok = amounts(v.Form, "granted", v.Granted)
	if !ok || !rok || !gok {
		return "", errTyped
	}
	return p.ID, v.m.saveRecords(&data.Document{Partners: []data.Partner{p}}, "edit", "partner "+p.Label()+" saved")
}

// amounts reads a column of typed amounts; empty ones are left out.
func amounts(f *recordForm, name string, entries map[string]*widget.Entry) (map[string]data.Cents, bool) {
	var out map[string]data.Cents
	for key, e := range entries {
		if strings.TrimSpace(e.Text) == "" {
			continue
		}
		c, err := parseEuro(e.Text)
		if err != nil {
			f.fail(name, fmt.Errorf("%s: %v", kindLabel(key), err))
			return nil, false
		}
		if out == nil {
			out = map[string]data.Cents{}
		}
		out[key] = c
	}
	return out, true
}

// Remove leaves a tombstone of organisation i, unless records still name it.
func (v *PartnersEditor) Remove(i int) error {
	doc := v.m.doc
	p := doc.Partners[i]
	if uses := partnerUses(doc, p.ID); uses != "" {
		return fmt.Errorf(lang.L("%s is not deleted: %s still name it. Change or delete those first."), p.Label(), uses)
	}
	p.Deleted, p.Rev, p.Updated = true, p.Rev+1, v.m.store.Now().UTC()
	return v.m.saveRecords(&data.Document{Partners: []data.Partner{p}}, "delete", "partner "+p.Label()+" deleted")
}

// partnerUses names what refers to an organisation: a deleted one would leave them pointing nowhere.
func partnerUses(doc *data.Document, id string) string {
	var uses []string
	count := func(n int, what string) {
		if n > 0 {
			uses = append(uses, fmt.Sprintf("%d %s", n, lang.L(what)))
		}
	}
	if doc.Project.Coordinator == id {
		uses = append(uses, lang.L("the project (as its coordinator)"))
	}
	n := 0
	for _, x := range doc.People {
		if x.Partner == id {
			n++
		}
	}
	count(n, "people")
	n = 0
	for _, o := range doc.Outputs {
		used := o.Lead == id
		for _, pl := range o.Planned {
			used = used || pl.Partner == id
		}
		for _, al := range o.Allocation {
			used = used || al.Partner == id
		}
		if used {
			n++
		}
	}
	count(n, "outputs")
	n = 0
	for _, e := range doc.Events {
		if e.Host == id {
			n++
		}
	}
	count(n, "events")
	n = 0
	for _, x := range doc.Participants {
		if x.Partner == id {
			n++
		}
	}
	count(n, "participants")
	return strings.Join(uses, ", ")
}

// Refusal says why this installation may not change organisation i.
func (v *PartnersEditor) Refusal(i int) string {
	if i < 0 {
		return v.m.refusal(data.KindPartner, "", nil)
	}
	return v.m.refusal(data.KindPartner, "", &v.m.doc.Partners[i].Meta)
}

// joinNonEmpty joins the parts that are not empty.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
