package data

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// AuditEvent is one line of the append-only audit log.
type AuditEvent struct {
	Seq          uint64    `json:"seq"`
	At           time.Time `json:"at"`
	Installation string    `json:"installation"`
	Project      string    `json:"project,omitempty"`
	Action       string    `json:"action"` // import, add, edit, delete, submit, approve, reopen, merge, …
	Kind         Kind      `json:"kind,omitempty"`
	Record       string    `json:"record,omitempty"`
	Detail       string    `json:"detail,omitempty"`
}

// appendAudit writes an audit event inside the caller's transaction, so it lands only with the change.
func (s *Store) appendAudit(tx *bolt.Tx, ev AuditEvent) error {
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	ev.Seq = seq
	if ev.At.IsZero() {
		ev.At = s.now().UTC()
	}
	if ev.Installation == "" {
		ev.Installation = s.installation
	}
	raw, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	return b.Put(binary.BigEndian.AppendUint64(nil, seq), raw)
}

// Audit returns the audit log of a project (all projects when projectID is empty), oldest first.
func (s *Store) Audit(projectID string) ([]AuditEvent, error) {
	var out []AuditEvent
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
			var ev AuditEvent
			if err := json.Unmarshal(v, &ev); err != nil {
				return fmt.Errorf("audit log entry %d is damaged: %w", binary.BigEndian.Uint64(k), err)
			}
			if projectID == "" || ev.Project == projectID {
				out = append(out, ev)
			}
			return nil
		})
	})
	return out, err
}
