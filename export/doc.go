// Package export makes documents out of records: the PDF evidence (gofpdf) and CSV.
// It writes to an io.Writer from plain values and never opens the store.
package export
