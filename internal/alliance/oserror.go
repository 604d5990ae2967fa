package alliance

import (
	"errors"
	"os"
	"strings"
	"syscall"
)

// OSError turns an error of writing in dir into one users can act on: the
// disk is full, the folder cannot be written, or it cannot be reached.
func OSError(err error, dir string) error {
	if err == nil {
		return nil
	}
	msg := strings.ToLower(err.Error())
	switch {
	case errors.Is(err, syscall.ENOSPC) || strings.Contains(msg, "no space left") || strings.Contains(msg, "not enough space"):
		return Keyed(EDISKFULL, "error.disk_full", nil, "the disk is full: %v", err)
	case errors.Is(err, os.ErrPermission):
		return Keyed(EUNAVAILABLE, "error.folder_not_writable", Args{"Dir": dir}, "cannot write to %s: %v", dir, err)
	}
	return Keyed(EUNAVAILABLE, "error.folder_not_writable", Args{"Dir": dir}, "cannot write to %s: %v", dir, err)
}
