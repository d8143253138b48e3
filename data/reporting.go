package data

import "fmt"

// EventCost is one participant's part in an event's budget line, computed by the budget's own rules.
type EventCost struct {
	Event       *Event
	Participant *Participant
	// Partner is the organisation paid: the sending partner at meetings and learning activities ("" when
	// none is known), the host at multiplier events.
	Partner string
	// Counted says the participant is one of the line's participants.
	Counted bool
	// Excluded is a multiplier event's participant who is staff of a partner and does not count.
	Excluded bool
	// Local is a multiplier event's participant from the event's country.
	Local bool
	// Band is the index of the participant's distance band in the rule set's MeetingBands (meetings) or
	// TravelBands (learning activities), -1 below the first band or at multiplier events.
	Band int
	// Duplicate is a participant listed a second time at the event: paid once, warned about.
	Duplicate bool
	// Days is a learning activity's participant's own days (ParticipantDays); support stops after day 60.
	Days    int
	Travel  Cents // meetings: the meeting unit cost; learning activities: travel
	Support Cents // learning activities: individual support
	Amount  Cents // before the per-project multiplier cap
}

// EventCosts returns every live participant's cost at the live events of a kind, events in the budget's
// order (start date, then code), participants in the document's order.
func EventCosts(doc *Document, kind string) ([]EventCost, error) {
	if doc.Project == nil {
		return nil, fmt.Errorf("event costs: the document has no project")
	}
	rules, err := RulesByName(doc.Project.Rules)
	if err != nil {
		return nil, err
	}
	c := newBudgetContext(doc, rules, &Budget{})
	var out []EventCost
	for _, e := range c.events(kind) {
		out = append(out, c.costsOf(e)...)
	}
	return out, nil
}

// BandIndex returns the index of the band a distance falls in, or -1 below the first band.
func BandIndex(bands []DistanceBand, km int) int { return bandIndex(bands, km) }

// SecondsToDays converts work to days (hundredths, half away from zero) by an organisation's working day,
// as the budget does.
func SecondsToDays(m, day Seconds) Days { return secondsToDays(m, day) }
