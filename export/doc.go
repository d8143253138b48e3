// Package export makes the PDF evidence of an Erasmus+ partnership out of plain records:
// monthly timesheets (one, several in one file, or a batch of files), output and
// work-package reports, the budget report, attendance lists and certificates of attendance.
//
// Every document is A4 and carries, on each page, the project's number, acronym and title
// with the programme's funding statement, and "Page x of y" at the foot. Labels are in
// English plus the language of the organisation the document belongs to (de, fr, es, it,
// pl, el, bg, pt); the words live in labels/*.json. Text is set in Liberation Sans
// (github.com/go-fonts/liberation, embedded as subsets), which covers Latin, Greek and
// Cyrillic, so every name prints and copies back out unchanged.
//
// The package writes to an io.Writer from values the caller loaded; it never opens the
// store. WriteFile and TimesheetBatch put documents on disk atomically.
package export
