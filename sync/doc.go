// Package davsync shares a project's records and files with the partners through one WebDAV
// folder (Nextcloud, ownCloud, any WebDAV server), with no server of Partnerdesk's own.
//
// The share folder holds:
//
//	partnerdesk.json             the marker: project ID, coordinator installation, format version
//	records/<installation>.json  each installation's own records (partnerdesk/1), written only by it
//	files/...                    shared documents, synced three-way with a local folder
//
// Records never conflict: each installation writes only its own file (Records), and reading merges
// everyone's into the store by record ID and revision; a record may only come from its owner's file.
//
// Files sync three-way (Files): the journal, in the store's sync space, holds the state both sides had
// at the last sync (size, SHA-256, the server's ETag). It is written in batches, one transaction a
// second or per 256 records, and what is on disk is always the state of a moment of the run, so a
// run stopped at any point resumes without loss: a step whose record was lost is recognised again
// (a file alike on both sides is recorded, a deletion proved again). Uploads that may be under way
// are marked before they start, so the part of one that a crash broke off is never taken for a
// partner's version. Four files travel at once (Files.Transfers), fewer when the server answers
// 429 or 503. Clocks never decide. A file changed on both sides
// keeps both; nothing is deleted unless the journal proves it was synced and the other side is
// unchanged (and the server confirms the deletion). Nothing here is deleted or replaced without the
// previous version going to the trash folder first; an upload counts only once the server lists it
// with the size (and checksum where offered) sent; a listing that fails or a side that is empty
// aborts the run, and one that would delete more than half of the synced files asks first
// (DeletesError, Files.AllowDeletes). Names only capitals apart never delete each other; links and
// unreadable paths are left out, never read as deleted.
//
// Everything goes through the Remote interface, whose contract one test suite checks against the
// in-memory remote (Memory), the WebDAV remote (DAV) on go-webdav's server, and the fault-injecting
// wrapper (Faulty); Retry is a decorator for any of them.
package davsync
