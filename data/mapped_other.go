//go:build !linux

package data

import bolt "go.etcd.io/bbolt"

// ReleaseMapped is a no-op where the resident pages of the file's map are not given back.
func (s *Store) ReleaseMapped() {}

func releaseMapped(*bolt.Tx) {}

// mappedSpan is a no-op where the resident pages of the file's map are not given back.
type mappedSpan struct{}

func (*mappedSpan) note(*bolt.Tx, []byte) {}

func (*mappedSpan) release(*bolt.Tx) {}
