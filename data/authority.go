package data

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Authority is who may write what in a shared project (DOMAIN.md "Who may do what"): the
// coordinator's installation, and the installation admitted for each partner organisation.
// A project without one is this installation's alone and nothing is checked.
type Authority struct {
	Coordinator string            `json:"coordinator"`       // the coordinator's installation
	Members     map[string]string `json:"members,omitempty"` // an admitted installation → its organisation (partner ID)
	// Invited are organisations with an open invitation: the coordinator no longer writes their
	// records from then on, or partners would refuse what it typed once they are admitted.
	Invited []string `json:"invited,omitempty"`
}

// keyAuthority is the meta key of a project's authority; the project ID follows.
const keyAuthority = "authority/"

// SetAuthority stores who may write a project's records; nil forgets it (the project is no longer shared).
func (s *Store) SetAuthority(projectID string, a *Authority) error {
	return s.update(func(tx *bolt.Tx) error {
		key := []byte(keyAuthority + projectID)
		if a == nil {
			return tx.Bucket(bucketMeta).Delete(key)
		}
		raw, err := json.Marshal(a)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(key, raw)
	})
}

// Authority reads who may write a project's records; nil when the project is not shared.
func (s *Store) Authority(projectID string) (*Authority, error) {
	var a *Authority
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		a, err = readAuthority(tx, projectID)
		return err
	})
	return a, err
}

func readAuthority(tx *bolt.Tx, projectID string) (*Authority, error) {
	raw := tx.Bucket(bucketMeta).Get([]byte(keyAuthority + projectID))
	if raw == nil {
		return nil, nil
	}
	a := &Authority{}
	if err := json.Unmarshal(raw, a); err != nil {
		return nil, fmt.Errorf("the project's sharing rights are damaged: %v", err)
	}
	return a, nil
}

// Refusal is an incoming record that was not merged, and why; the file's other records still were.
type Refusal struct {
	Kind   Kind
	ID     string
	Label  string // "entry 2020-03-02 for Anna Kowalska"
	Reason string
	// Transient is a refusal that depends on the receiver (its clock, what it holds yet): the
	// same file is looked at again next time.
	Transient bool
}

// String names the record and why it was refused.
func (r Refusal) String() string { return r.Label + ": " + r.Reason }

// ForbiddenError is a local change this installation may not make.
type ForbiddenError struct{ Refusal }

func (e *ForbiddenError) Error() string { return e.Refusal.String() }

// futureSlack is how far ahead of this computer's clock an approval may be dated (clocks differ).
const futureSlack = 24 * time.Hour

// gate checks incoming records against the stored owner and the rules of who may do what,
// before anything is validated or written.
type gate struct {
	auth    *Authority // nil: only ownership is checked
	writer  string     // the installation the records come from
	project *Project
	w       *world
	people  map[string]*Person // stored, overlaid with the accepted incoming ones
	now     time.Time
	strict  bool // a local change: the first refusal is the error
	// snapshot: the coordinator's file read at join (see ImportOptions.Snapshot).
	snapshot bool
	exclude  map[string]string
	refused  []Refusal
	// transient is set by a rule whose answer depends on this receiver.
	transient bool
}

// boundElsewhere is the known installation, other than the writer, that made the ID; "" for none.
func (g *gate) boundElsewhere(id string) string {
	if g.auth == nil {
		return ""
	}
	if g.auth.Coordinator != g.writer && IDBoundTo(id, g.auth.Coordinator) {
		return g.auth.Coordinator
	}
	for inst := range g.auth.Members {
		if inst != g.writer && IDBoundTo(id, inst) {
			return inst
		}
	}
	return ""
}

// orgOf is the organisation an installation writes for; "" when it has none.
func (g *gate) orgOf(inst string) string {
	if g.auth == nil {
		return ""
	}
	if inst == g.auth.Coordinator && g.project != nil {
		return g.project.Coordinator
	}
	return g.auth.Members[inst]
}

// hasInstallation says whether an organisation writes its own records.
func (g *gate) hasInstallation(org string) bool {
	if g.project != nil && org == g.project.Coordinator {
		return true
	}
	for _, o := range g.auth.Members {
		if o == org {
			return true
		}
	}
	if g.strict {
		for _, o := range g.auth.Invited {
			if o == org {
				return true
			}
		}
	}
	return false
}

func (g *gate) orgLabel(id string) string {
	if p := g.w.partners[id]; p != nil {
		return p.Label()
	}
	return "organisation " + id
}

// coordinatorOnly refuses a project-level record from anyone but the coordinator's installation.
func (g *gate) coordinatorOnly(what string) string {
	return problemText(g.coordinatorOnlyProblem(what))
}

func (g *gate) coordinatorOnlyProblem(what string) *Problem {
	if g.auth == nil || g.writer == g.auth.Coordinator {
		return nil
	}
	return &Problem{Key: "only the coordinator's installation may change the project's " + what}
}

// problemText is a problem's English, "" for none.
func problemText(p *Problem) string {
	if p == nil {
		return ""
	}
	return p.Error()
}

// writesFor says why the writer may not write a record of organisation org ("" when it may).
// stored is the record as this store has it (nil when new here), in the incoming version.
func (g *gate) writesFor(org string, stored, in *Meta) string {
	return problemText(g.writesForProblem(org, stored, in))
}

func (g *gate) writesForProblem(org string, stored, in *Meta) *Problem {
	if g.auth == nil {
		return nil
	}
	if org != "" && g.orgOf(g.writer) == org {
		return nil
	}
	if g.writer == g.auth.Coordinator {
		if org == "" || !g.hasInstallation(org) {
			return nil
		}
		// A record the coordinator wrote before the organisation joined stays the coordinator's:
		// one this installation holds as the coordinator's, or one of the coordinator's file at join.
		// Never judged by the incoming copy's own revision or time, which its writer chooses.
		if (stored != nil && stored.Owner == g.writer) || (stored == nil && g.snapshot) {
			return nil
		}
		return &Problem{Key: "belongs to %s, whose own installation writes it", Args: []any{g.orgLabel(org)}}
	}
	if org == "" {
		return &Problem{Key: "only the coordinator's installation may write it"}
	}
	return &Problem{Key: "belongs to %s: only its installation (or the coordinator's, while it has none) may write it", Args: []any{g.orgLabel(org)}}
}

func (g *gate) person(id string) *Person { return g.people[id] }

// personOrg is a person's organisation, "" when the person is unknown.
func (g *gate) personOrg(id string) string {
	if p := g.person(id); p != nil {
		return p.Partner
	}
	return ""
}

// approvalRule checks who an approval says acted, and when.
func (g *gate) approvalRule(a *Approval) string {
	if a.Deleted {
		return ""
	}
	person, by := g.person(a.Person), g.person(a.By)
	if person == nil {
		g.transient = true
		return "refers to an unknown person"
	}
	if by == nil {
		g.transient = true
		return fmt.Sprintf("is signed by an unknown person (%s)", a.By)
	}
	if a.At.After(g.now.Add(futureSlack)) {
		g.transient = true // this computer's clock may be the one that is wrong
		return fmt.Sprintf("is dated %s, in the future", a.At.UTC().Format(time.RFC3339))
	}
	if a.State == StateSubmitted && by.ID == person.ID {
		return ""
	}
	switch {
	case by.ID == person.ID:
		return fmt.Sprintf("%s cannot %s their own timesheet", by.Name, verbOf(a.State))
	case by.Partner != person.Partner:
		return fmt.Sprintf("%s is not of %s's organisation: only a manager of %s may %s it", by.Name, person.Name, g.orgLabel(person.Partner), verbOf(a.State))
	case by.Category != CatManager && !by.Supervisor:
		return fmt.Sprintf("%s is neither a manager nor a supervisor: only they may %s a month", by.Name, verbOf(a.State))
	}
	return ""
}

func verbOf(state string) string {
	switch state {
	case StateApproved:
		return "approve"
	case StateReopened:
		return "reopen"
	}
	return "submit"
}

// CheckApprover says why a person may not take a month to a state; nil when they may.
func CheckApprover(doc *Document, a Approval, now time.Time) error {
	w := newWorld()
	w.overlay(doc)
	g := &gate{w: w, people: w.people, project: doc.Project, now: now}
	if reason := g.approvalRule(&a); reason != "" {
		return fmt.Errorf("timesheet %s of %s: %s", a.Month, doc.personName(a.Person), reason)
	}
	return nil
}

// wouldWrite says whether merging in over stored would change the store (mirrors decide).
func wouldWrite[S any, P recPtr[S]](stored, in *S) bool {
	if stored == nil {
		return true
	}
	im, sm := P(in).meta(), P(stored).meta()
	same := string(content[S, P](stored)) == string(content[S, P](in))
	switch {
	case im.Rev == 0:
		return !same
	case im.Rev > sm.Rev:
		return true
	case im.Rev == sm.Rev:
		return !same
	}
	return false
}

// admit checks one incoming record; false when it is refused (and noted).
func admit[S any, P recPtr[S]](g *gate, b *bolt.Bucket, kind Kind, in *S, label func(*S) string, rule func(stored, in *S) string) (bool, error) {
	var stored *S
	if b != nil {
		s := new(S)
		if ok, err := getJSON(b, idKey(P(in).recordID()), s); err != nil {
			return false, err
		} else if ok {
			stored = s
		}
	}
	if !wouldWrite[S, P](stored, in) {
		return true, nil
	}
	im := P(in).meta()
	reason := ""
	g.transient = false
	switch {
	case g.exclude[P(in).recordID()] != "":
		reason = g.exclude[P(in).recordID()]
	case !g.strict && im.Owner != "" && im.Owner != g.writer:
		reason = fmt.Sprintf("says it is installation %s's, but comes from installation %s's file", im.Owner, g.writer)
	case !g.strict && stored == nil && g.boundElsewhere(P(in).recordID()) != "":
		reason = fmt.Sprintf("has an ID made by installation %s, which alone may publish it", g.boundElsewhere(P(in).recordID()))
	case stored != nil && P(stored).meta().Owner != "" && P(stored).meta().Owner != g.writer:
		reason = "belongs to another installation (" + P(stored).meta().Owner + "), which alone may change or delete it"
	case g.auth != nil:
		reason = rule(stored, in)
	}
	if reason == "" {
		return true, nil
	}
	r := Refusal{Kind: kind, ID: P(in).recordID(), Label: label(in), Reason: reason, Transient: g.transient}
	if g.strict {
		return false, &ForbiddenError{r}
	}
	g.refused = append(g.refused, r)
	return false, nil
}

// admitAll keeps the records of list that pass.
func admitAll[S any, P recPtr[S]](g *gate, pb *bolt.Bucket, kind Kind, list []S, label func(*S) string, rule func(stored, in *S) string) ([]S, error) {
	var b *bolt.Bucket
	if pb != nil {
		b = pb.Bucket([]byte(kind))
	}
	kept := list[:0:0]
	for i := range list {
		ok, err := admit[S, P](g, b, kind, &list[i], label, rule)
		if err != nil {
			return nil, err
		}
		if ok {
			kept = append(kept, list[i])
		}
	}
	return kept, nil
}

// screen refuses what the writer may not change and returns the document of what it may.
func (g *gate) screen(pb *bolt.Bucket, doc *Document) (*Document, error) {
	out := *doc
	if doc.Project != nil {
		var stored *Project
		if pb != nil {
			stored = &Project{}
			ok, err := getJSON(pb, keyRecord, stored)
			if err != nil {
				return nil, err
			}
			if !ok {
				stored = nil
			}
		}
		if wouldWrite[Project, *Project](stored, doc.Project) {
			reason := ""
			switch {
			case !g.strict && doc.Project.Owner != "" && doc.Project.Owner != g.writer:
				reason = fmt.Sprintf("says it is installation %s's, but comes from installation %s's file", doc.Project.Owner, g.writer)
			case stored != nil && stored.Owner != "" && stored.Owner != g.writer:
				reason = "belongs to the coordinator's installation (" + stored.Owner + "), which alone may change or delete it"
			}
			if reason != "" {
				r := Refusal{Kind: KindProject, ID: doc.Project.ID, Label: "project " + doc.Project.Acronym, Reason: reason}
				if g.strict {
					return nil, &ForbiddenError{r}
				}
				g.refused = append(g.refused, r)
				out.Project = nil
			}
		}
	}
	var err error
	if out.Partners, err = admitAll(g, pb, KindPartner, doc.Partners, func(r *Partner) string { return "partner " + r.Label() },
		func(_, _ *Partner) string { return g.coordinatorOnly("partners") }); err != nil {
		return nil, err
	}
	for i := range out.Partners {
		g.w.partners[out.Partners[i].ID] = &out.Partners[i]
	}
	if out.People, err = admitAll(g, pb, KindPerson, doc.People, func(r *Person) string { return "person " + r.Name },
		func(stored, in *Person) string {
			if stored != nil {
				if why := g.writesFor(stored.Partner, &stored.Meta, &in.Meta); why != "" {
					return why
				}
				// Moving someone out of an organisation that writes for itself would take their hours with them.
				if stored.Partner != in.Partner && g.hasInstallation(stored.Partner) && g.orgOf(g.writer) != stored.Partner {
					return fmt.Sprintf("would move a person of %s, whose own installation writes for them, to another organisation", g.orgLabel(stored.Partner))
				}
			}
			return g.writesFor(in.Partner, metaOf(stored), &in.Meta)
		}); err != nil {
		return nil, err
	}
	for i := range out.People {
		g.people[out.People[i].ID] = &out.People[i]
	}
	if out.Outputs, err = admitAll(g, pb, KindOutput, doc.Outputs, func(r *Output) string { return "output " + r.Code },
		func(_, _ *Output) string { return g.coordinatorOnly("outputs and work packages") }); err != nil {
		return nil, err
	}
	if out.Events, err = admitAll(g, pb, KindEvent, doc.Events, func(r *Event) string { return "event " + r.Code },
		func(_, _ *Event) string { return g.coordinatorOnly("events") }); err != nil {
		return nil, err
	}
	if out.Participants, err = admitAll(g, pb, KindParticipant, doc.Participants, func(r *Participant) string { return "participant " + r.Name },
		func(stored, in *Participant) string {
			if stored != nil {
				if why := g.writesFor(stored.Partner, &stored.Meta, &in.Meta); why != "" {
					return why
				}
			}
			return g.writesFor(in.Partner, metaOf(stored), &in.Meta)
		}); err != nil {
		return nil, err
	}
	if out.Costs, err = admitAll(g, pb, KindCost, doc.Costs, func(r *Cost) string { return "cost " + quoteOr(r.Description, r.ID) },
		func(stored, in *Cost) string {
			if stored != nil {
				if why := g.writesFor(stored.Partner, &stored.Meta, &in.Meta); why != "" {
					return why
				}
			}
			return g.writesFor(in.Partner, metaOf(stored), &in.Meta)
		}); err != nil {
		return nil, err
	}
	entryLabel := func(r *Entry) string { return fmt.Sprintf("entry %s for %s", r.Date, g.w.personName(r.Person)) }
	if out.Entries, err = admitAll(g, pb, KindEntry, doc.Entries, entryLabel,
		func(stored, in *Entry) string {
			if stored != nil {
				if why := g.writesFor(g.personOrg(stored.Person), &stored.Meta, &in.Meta); why != "" {
					return why
				}
			}
			if g.person(in.Person) == nil {
				g.transient = true // its person may come with another file
				return "refers to an unknown person"
			}
			return g.writesFor(g.personOrg(in.Person), metaOf(stored), &in.Meta)
		}); err != nil {
		return nil, err
	}
	if out.Approvals, err = admitAll(g, pb, KindApproval, doc.Approvals,
		func(r *Approval) string {
			return fmt.Sprintf("timesheet %s of %s (%s)", r.Month, g.w.personName(r.Person), r.State)
		},
		func(stored, in *Approval) string {
			if stored != nil {
				if why := g.writesFor(g.personOrg(stored.Person), &stored.Meta, &in.Meta); why != "" {
					return why
				}
			}
			if why := g.writesFor(g.personOrg(in.Person), metaOf(stored), &in.Meta); why != "" {
				return why
			}
			return g.approvalRule(in)
		}); err != nil {
		return nil, err
	}
	return &out, nil
}

// metaOf is a stored record's sharing fields, nil when there is none.
func metaOf[S any, P recPtr[S]](r *S) *Meta {
	if r == nil {
		return nil
	}
	return P(r).meta()
}

// StoredIDs says which of ids this store holds as records of the project, of any kind.
func (s *Store) StoredIDs(projectID string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return nil
		}
		for _, id := range ids {
			if !validID(id) {
				continue
			}
			for _, k := range recordKinds {
				if b := pb.Bucket([]byte(k)); b != nil && b.Get(idKey(id)) != nil {
					out[id] = true
					break
				}
			}
		}
		return nil
	})
	return out, err
}

// WriteRefusal says why this installation may not write a record of kind belonging to organisation org
// (a person's or participant's partner; "" for project-level records); stored is the record as stored,
// nil when it is new. "" means it may: the UI shows such records read-only before anyone types.
func (s *Store) WriteRefusal(projectID string, kind Kind, org string, stored *Meta) (string, error) {
	p, err := s.WriteRefusalProblem(projectID, kind, org, stored)
	return problemText(p), err
}

// WriteRefusalProblem is WriteRefusal's reason as a Problem, for a front end that words it in
// its own language; nil when this installation may write the record.
func (s *Store) WriteRefusalProblem(projectID string, kind Kind, org string, stored *Meta) (*Problem, error) {
	var reason *Problem
	err := s.view(func(tx *bolt.Tx) error {
		auth, err := readAuthority(tx, projectID)
		if err != nil {
			return err
		}
		w, err := loadWorld(tx, projectID)
		if err != nil {
			return err
		}
		g := &gate{auth: auth, writer: s.installation, project: w.project, w: w, people: w.people, now: s.now(), strict: true}
		if stored != nil && stored.Owner != "" && stored.Owner != s.installation {
			reason = &Problem{Key: "belongs to %s, which alone may change or delete it", Args: []any{g.installationProblem(stored.Owner)}}
			return nil
		}
		if auth == nil {
			return nil
		}
		switch kind {
		case KindProject, KindPartner:
			reason = g.coordinatorOnlyProblem("partners")
			if kind == KindProject {
				reason = g.coordinatorOnlyProblem("details")
			}
		case KindOutput:
			reason = g.coordinatorOnlyProblem("outputs and work packages")
		case KindEvent:
			reason = g.coordinatorOnlyProblem("events")
		default:
			reason = g.writesForProblem(org, stored, &Meta{})
		}
		return nil
	})
	return reason, err
}

// installationProblem is installationLabel as a Problem, worded by the front end.
func (g *gate) installationProblem(inst string) *Problem {
	if g.auth != nil {
		if inst == g.auth.Coordinator {
			return &Problem{Key: "the coordinator's installation"}
		}
		if org, ok := g.auth.Members[inst]; ok {
			return &Problem{Key: "%s's installation", Args: []any{g.orgLabel(org)}}
		}
	}
	return &Problem{Key: "another installation (%s)", Args: []any{inst}}
}

// installationLabel names an installation by the organisation it writes for.
func (g *gate) installationLabel(inst string) string {
	if g.auth != nil {
		if inst == g.auth.Coordinator {
			return "the coordinator's installation"
		}
		if org, ok := g.auth.Members[inst]; ok {
			return g.orgLabel(org) + "'s installation"
		}
	}
	return "another installation (" + inst + ")"
}
