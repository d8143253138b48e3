package data

import (
	"errors"
	"strings"
	"testing"
)

func TestPartnerRegionAndGranted(t *testing.T) {
	s, id := importGreenskills(t)
	doc, _ := s.Load(id, LoadOptions{})
	for _, c := range []struct {
		region  string
		granted map[string]Cents
		want    string
	}{
		{"AT-6", map[string]Cents{BudgetManagement: EuroToCents(6000)}, ""},
		{"Styria", nil, `partner VHS: region: "Styria" is not an ISO 3166-2 region code`},
		{"DE-BY", nil, "partner VHS: region: DE-BY is not a region of AT"},
		{"", map[string]Cents{BudgetOutputs: -1}, "partner VHS: granted: intellectual_outputs amount -0.01 is negative"},
		{"", map[string]Cents{"travel": 1}, `partner VHS: granted: "travel" is not a budget category`},
	} {
		p := doc.Partners[0]
		p.Meta, p.Region, p.Granted = Meta{}, c.region, c.granted
		_, err := s.Import(&Document{Format: Format, Partners: []Partner{p}}, ImportOptions{Project: id, Single: true})
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("region %q granted %v: %v, want %q", c.region, c.granted, err, c.want)
		}
	}
}

func TestWriteRefusalFollowsWhoMayDoWhat(t *testing.T) {
	s, id := importGreenskills(t)
	fzl := "0192a000-0000-7000-8000-000000000011"
	// This installation is FZL's; the coordinator's is another.
	if err := s.SetAuthority(id, &Authority{Coordinator: "inst-coord", Members: map[string]string{s.Installation(): fzl}}); err != nil {
		t.Fatal(err)
	}
	own := &Meta{Owner: s.Installation()}
	theirs := &Meta{Owner: "inst-coord"}
	for _, c := range []struct {
		kind   Kind
		org    string
		stored *Meta
		want   string
	}{
		{KindPartner, "", nil, "only the coordinator's installation may change the project's partners"},
		{KindOutput, "", theirs, "belongs to the coordinator's installation"},
		{KindPerson, fzl, nil, ""},
		{KindPerson, fzl, own, ""},
		{KindPerson, "0192a000-0000-7000-8000-000000000010", nil, "belongs to VHS"},
		{KindParticipant, "", nil, "only the coordinator's installation may write it"},
	} {
		got, err := s.WriteRefusal(id, c.kind, c.org, c.stored)
		if err != nil || (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s of %q: %q, %v; want %q", c.kind, c.org, got, err, c.want)
		}
	}
	// The store refuses the same change with a ForbiddenError.
	doc, _ := s.Load(id, LoadOptions{})
	p := doc.Partners[1]
	p.Meta, p.City = Meta{}, "Łódź-Bałuty"
	var forbidden *ForbiddenError
	if _, err := s.Import(&Document{Format: Format, Partners: []Partner{p}}, ImportOptions{Project: id, Single: true}); !errors.As(err, &forbidden) {
		t.Errorf("partner change by a member = %v", err)
	}
}

func TestParticipantOwnDates(t *testing.T) {
	s, id := importGreenskills(t)
	doc, _ := s.Load(id, LoadOptions{})
	p := doc.Participants[0]
	p.Meta, p.Start, p.End = Meta{}, NewDate(2020, 5, 8), NewDate(2020, 5, 4)
	if _, err := s.Import(&Document{Format: Format, Participants: []Participant{p}}, ImportOptions{Project: id, Single: true}); err == nil ||
		!strings.Contains(err.Error(), ": end: 2020-05-04 is before the start 2020-05-08") {
		t.Errorf("participant ending before it starts = %v", err)
	}
}
