//go:build !linux

package benchdata

import "errors"

var errNoCold = errors.New("dropping a file's cache and counting bytes read are measured on Linux only")

// DropCache is measured on Linux only.
func DropCache(string) error { return errNoCold }

// ReadBytes is measured on Linux only.
func ReadBytes() (int64, error) { return 0, errNoCold }
