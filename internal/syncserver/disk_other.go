//go:build !unix

package syncserver

// freeBytes is not known here: a full disk is noticed when a write fails.
func freeBytes(string) (uint64, bool) { return 0, false }
