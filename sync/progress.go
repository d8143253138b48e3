package davsync

// Progress is how far a sync run is, for the window and the command line.
type Progress struct {
	Phase      string // "listing", "records", "hashing", "files", "done"
	Path       string // the file being transferred, when there is one
	Files      int    // file steps done
	FilesTotal int
	Bytes      int64 // bytes transferred (both ways)
	BytesTotal int64
}

// ProgressFunc receives progress. A run transfers several files at once, so it may be called from
// more than one goroutine, but never by two at the same time, and Files and Bytes never go back.
type ProgressFunc func(Progress)
