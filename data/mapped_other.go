//go:build !linux

package data

// ReleaseMapped is a no-op where the resident pages of the file's map are not given back.
func (s *Store) ReleaseMapped() {}
