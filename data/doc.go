// Package data holds Partnerdesk's domain: the records of an Erasmus+ partnership
// project, the programme's rules, the budget, timesheets and the bbolt store.
//
// It imports neither fyne nor export nor sync: every other package builds on it.
//
// The store is one bbolt file. Its bucket tree:
//
//	meta
//	    schema            uint32, big-endian: the schema version migrations brought it to
//	    installation      this installation's ID (UUIDv7), owner of the records it creates
//	projects
//	    <project id>      16-byte UUID, one bucket per project
//	        record                    the project record (JSON)
//	        partners/<id>             JSON records, keyed by 16-byte UUID, tombstones included
//	        people/<id>
//	        outputs/<id>
//	        events/<id>
//	        participants/<id>
//	        entries/<id>
//	        approvals/<id>
//	        idx_entries_by_person/<person><day uint32><entry>  → <output><minutes uint64>
//	        idx_entries_by_output/<output><person><day><entry> → <minutes uint64>
//	        idx_people_by_identity/'e' fold(e-mail) 0 <person>, or 'n' fold(name) 0 <person> → empty
//	                                  (live people; the checks across projects find a person by it)
//	audit
//	    <seq uint64>      append-only AuditEvent (JSON): who changed what, when
//	staging
//	    <project id>      a project being imported, moved under projects by the import's last transaction
//	sync
//	    <project id>/<space>/<key>    davsync's state: the files journal, share settings
//
// The indexes are written in the same transaction as the entry they point to,
// so a month sheet or the budget reads them without decoding any record.
// Money is integer cents, work is integer minutes; days are derived from the
// organisation's working day.
//
// Beside the file, backups/<name>-<YYYYMMDD-HHMMSS>[-before-schema-N].db are consistent
// copies made at open (daily, and before a migration), the last KeepBackups kept.
// Open checks the file's length against its meta page first: bbolt would read past the
// end of a cut-off file and crash the process.
package data
