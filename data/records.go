package data

import (
	"time"
)

// Meta is what every record carries for sharing: who created it, how often it changed, when, and whether it is deleted.
type Meta struct {
	Owner   string    `json:"owner,omitempty"`
	Rev     int64     `json:"rev,omitempty"`
	Updated time.Time `json:"updated,omitzero"`
	Deleted bool      `json:"deleted,omitempty"`
}

// meta gives the store generic access to a record's sharing fields.
func (m *Meta) meta() *Meta { return m }

// Kind names a kind of record; it is also the record's bucket and its array in partnerdesk/1.
type Kind string

// The record kinds, in the order a document is validated and written (referenced kinds first).
const (
	KindProject     Kind = "project"
	KindPartner     Kind = "partners"
	KindPerson      Kind = "people"
	KindOutput      Kind = "outputs"
	KindEvent       Kind = "events"
	KindParticipant Kind = "participants"
	KindCost        Kind = "costs"
	KindEntry       Kind = "entries"
	KindApproval    Kind = "approvals"
)

// recordKinds lists the kinds held in a project's buckets, referenced kinds first.
var recordKinds = []Kind{KindPartner, KindPerson, KindOutput, KindEvent, KindParticipant, KindEntry, KindApproval, KindCost}

// Rule set names, as in partnerdesk/1's project.rules.
const (
	Rules2014 = "erasmus2014"
	Rules2021 = "erasmus2021"
)

// Staff categories of the unit-cost tables.
const (
	CatManager    = "manager"
	CatTeacher    = "teacher"
	CatTechnician = "technician"
	CatAdmin      = "admin"
)

// StaffCategories lists the staff categories in the order tables show them.
var StaffCategories = []string{CatManager, CatTeacher, CatTechnician, CatAdmin}

// Output kinds.
const (
	OutputIntellectual = "intellectual_output"
	OutputWorkPackage  = "work_package"
	OutputResult       = "result"
)

// Event kinds.
const (
	EventMeeting    = "meeting"
	EventMultiplier = "multiplier_event"
	EventLearning   = "learning_activity"
)

// Participant roles at learning activities.
const (
	RoleStaff   = "staff"
	RoleLearner = "learner"
)

// Approval states of a person's month.
const (
	StateSubmitted = "submitted"
	StateApproved  = "approved"
	StateReopened  = "reopened"
)

// Project is one Erasmus+ partnership project.
type Project struct {
	ID          string `json:"id"`
	Number      string `json:"number"`
	Acronym     string `json:"acronym"`
	Title       string `json:"title"`
	Action      string `json:"action"`
	Rules       string `json:"rules"`
	Start       Date   `json:"start"`
	End         Date   `json:"end"`
	LumpSum     Cents  `json:"lump_sum,omitempty"`
	Coordinator string `json:"coordinator"`
	Meta
}

// Partner is a participating organisation, the coordinator included.
type Partner struct {
	ID         string           `json:"id"`
	Name       string           `json:"name"`
	ShortName  string           `json:"short_name,omitempty"`
	OID        string           `json:"oid,omitempty"`
	Country    string           `json:"country"`
	City       string           `json:"city,omitempty"`
	Address    string           `json:"address,omitempty"`
	WorkingDay Seconds          `json:"working_day_hours,omitempty"`
	Rates      map[string]Cents `json:"rates,omitempty"`
	// Region is an ISO 3166-2 subdivision (DE-BY): regional public holidays.
	Region string `json:"region,omitempty"`
	// Granted is the grant agreement's amount per budget category.
	Granted map[string]Cents `json:"granted,omitempty"`
	// Added is when the organisation joined the project's records: management beyond ten organisations
	// pays partners in this order (set on first local save, in the order of an imported file).
	Added time.Time `json:"added,omitzero"`
	Meta
}

// DefaultWorkingDay is the working-day length when an organisation sets none.
const DefaultWorkingDay Seconds = 8 * 3600

// Day returns the organisation's working-day length.
func (p Partner) Day() Seconds {
	if p.WorkingDay <= 0 {
		return DefaultWorkingDay
	}
	return p.WorkingDay
}

// Label is the short name when there is one, else the name.
func (p Partner) Label() string {
	if p.ShortName != "" {
		return p.ShortName
	}
	return p.Name
}

// Person is a staff member of a partner, in one staff category.
type Person struct {
	ID       string `json:"id"`
	Partner  string `json:"partner"`
	Name     string `json:"name"`
	Email    string `json:"email,omitempty"`
	Category string `json:"category"`
	// Supervisor may approve the months of their organisation's staff, as a manager may.
	Supervisor bool `json:"supervisor,omitempty"`
	Meta
}

// PlannedDays is a partner's planned effort on an output in one staff category.
type PlannedDays struct {
	Partner  string `json:"partner"`
	Category string `json:"category"`
	Days     Days   `json:"days"`
}

// Allocation is a partner's share of a work package under a lump sum.
type Allocation struct {
	Partner string `json:"partner"`
	Amount  Cents  `json:"amount"`
}

// Output is an intellectual output (2014–2020), a work package or a result (2021–2027).
type Output struct {
	ID          string        `json:"id"`
	Code        string        `json:"code"`
	Title       string        `json:"title"`
	Description string        `json:"description,omitempty"`
	Kind        string        `json:"kind"`
	Lead        string        `json:"lead,omitempty"`
	Start       Date          `json:"start,omitzero"`
	End         Date          `json:"end,omitzero"`
	Planned     []PlannedDays `json:"planned,omitempty"`
	Allocation  []Allocation  `json:"allocation,omitempty"`
	Meta
}

// Event is a transnational meeting, a multiplier event or a learning activity.
type Event struct {
	ID      string   `json:"id"`
	Code    string   `json:"code"`
	Kind    string   `json:"kind"`
	Title   string   `json:"title"`
	Host    string   `json:"host"`
	Start   Date     `json:"start"`
	End     Date     `json:"end"`
	City    string   `json:"city,omitempty"`
	Country string   `json:"country"`
	Outputs []string `json:"outputs,omitempty"`
	Meta
}

// Participant is a person attending an event.
type Participant struct {
	ID           string `json:"id"`
	Event        string `json:"event"`
	Name         string `json:"name"`
	Organisation string `json:"organisation,omitempty"`
	Country      string `json:"country"`
	Partner      string `json:"partner,omitempty"`
	DistanceKM   int    `json:"distance_km,omitempty"`
	Days         int    `json:"days,omitempty"`
	Role         string `json:"role,omitempty"`
	// Start and End are the participant's own dates, when they differ from the event's.
	Start Date `json:"start,omitzero"`
	End   Date `json:"end,omitzero"`
	Meta
}

// Entry is time a person worked on an output on one day.
type Entry struct {
	ID     string  `json:"id"`
	Person string  `json:"person"`
	Date   Date    `json:"date"`
	Output string  `json:"output"`
	Hours  Seconds `json:"hours"`
	Note   string  `json:"note,omitempty"`
	Meta
}

// Kinds of real costs outside the unit costs (2014–2020).
const (
	CostSpecialNeeds = "special_needs" // paid at 100 % of the real cost
	CostExceptional  = "exceptional"   // paid at 75 %, capped per project
)

// CostKinds lists the kinds of real costs.
var CostKinds = []string{CostSpecialNeeds, CostExceptional}

// Cost is a real cost an organisation had outside the unit costs: special needs support or an exceptional cost.
type Cost struct {
	ID          string `json:"id"`
	Partner     string `json:"partner"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Date        Date   `json:"date"`
	Amount      Cents  `json:"amount"` // the real cost; the grant is computed by the rule set
	Meta
}

// Approval records a step of a person's month: submitted, approved or reopened.
type Approval struct {
	ID            string    `json:"id"`
	Person        string    `json:"person"`
	Month         string    `json:"month"`
	State         string    `json:"state"`
	By            string    `json:"by,omitempty"`
	At            time.Time `json:"at,omitzero"`
	EntriesSHA256 string    `json:"entries_sha256,omitempty"`
	Meta
}

// Days is a number of working days in hundredths (planned effort), written as a JSON number.
type Days int64

// MarshalJSON writes the days with at most two decimals.
func (d Days) MarshalJSON() ([]byte, error) { return Cents(d).MarshalJSON() }

// UnmarshalJSON reads days with at most two decimals.
func (d *Days) UnmarshalJSON(b []byte) error {
	v, err := parseFixed2(string(b))
	if err != nil {
		return err
	}
	*d = Days(v)
	return nil
}

// Float returns the days as a number.
func (d Days) Float() float64 { return float64(d) / 100 }

// record is what the store needs of every kind of record.
type record interface {
	meta() *Meta
	recordID() string
}

func (r *Project) recordID() string     { return r.ID }
func (r *Partner) recordID() string     { return r.ID }
func (r *Person) recordID() string      { return r.ID }
func (r *Output) recordID() string      { return r.ID }
func (r *Event) recordID() string       { return r.ID }
func (r *Participant) recordID() string { return r.ID }
func (r *Entry) recordID() string       { return r.ID }
func (r *Approval) recordID() string    { return r.ID }
func (r *Cost) recordID() string        { return r.ID }
