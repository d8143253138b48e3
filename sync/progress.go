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

// ProgressFunc receives progress; it is called from the goroutine running the sync.
type ProgressFunc func(Progress)
