package data

import (
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

// MonthState is where a person's month stands: the approvals overview shows one per cell.
type MonthState struct {
	Person               string
	Month                Month
	State                string // draft, submitted, approved or reopened
	Hours                Seconds
	ChangedAfterApproval bool
}

// MonthStates lists the state of every person-month of a project's period, people in
// document order. The hours come from the by-person index alone (no record decoded); only the
// entries of an approved month are read, to check them against the approval's hash.
func (s *Store) MonthStates(projectID string) ([]MonthState, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return nil, err
	}
	latest := map[[2]string]*Approval{} // by person and month as written, as LatestApproval matches them
	for i := range doc.Approvals {
		a := &doc.Approvals[i]
		if a.Deleted {
			continue
		}
		k := [2]string{a.Person, a.Month}
		if best := latest[k]; best == nil || a.At.After(best.At) || (a.At.Equal(best.At) && a.ID > best.ID) {
			latest[k] = a
		}
	}
	months := MonthsIn(doc.Project.Start, doc.Project.End)
	out := make([]MonthState, 0, len(doc.People)*len(months))
	err = s.view(func(tx *bolt.Tx) error {
		pb := projectBucket(tx, projectID)
		if pb == nil {
			return &NotFoundError{What: "project", Ref: projectID}
		}
		hours := map[SheetKey]Seconds{}
		c := pb.Bucket(bucketByPerson).Cursor()
		var person []byte
		var personID string
		var day uint32
		var month Month
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) < 20 || len(v) < 24 {
				continue
			}
			if person == nil || string(person) != string(k[:16]) {
				person = append(person[:0], k[:16]...)
				personID = keyID(person)
				day = 0
			}
			if d := binary.BigEndian.Uint32(k[16:20]); d != day {
				day, month = d, dateFromDayNumber(d).Month()
			}
			hours[SheetKey{personID, month}] += Seconds(binary.BigEndian.Uint64(v[16:]))
			if n++; n%16384 == 0 {
				releaseMapped(tx) // the index pages read so far
			}
		}
		for _, p := range doc.People {
			for _, m := range months {
				k := SheetKey{p.ID, m}
				st := MonthState{Person: p.ID, Month: m, State: StateDraft, Hours: hours[k]}
				if a := latest[[2]string{p.ID, m.String()}]; a != nil {
					st.State = a.State
					if a.State == StateApproved {
						es, err := personMonthEntries(pb, p.ID, m)
						if err != nil {
							return err
						}
						st.ChangedAfterApproval = a.EntriesSHA256 != EntriesHash(es)
					}
				}
				out = append(out, st)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
