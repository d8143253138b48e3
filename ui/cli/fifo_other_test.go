//go:build !unix

package cli

import "testing"

// makeFifo: no named pipes in the file system here.
func makeFifo(t *testing.T, dir string) string { return "" }
