// Package safefile writes the files people keep outside the data folder —
// exports, printed certificates — so that a full disk, a removed stick, a
// cut or a power failure never leaves half a file (or an empty one) under
// the name chosen: the file is written beside it, flushed to the disk,
// renamed when complete, and the rename flushed with its folder.
package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Write writes the file at path through write, readable by its owner only
// (exports and certificates hold children's names). Trouble with the
// folder or the disk comes back as the translated OS error; any other
// error of write comes back as it is. Nothing is left behind on error.
func Write(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".alliance-*")
	if err != nil {
		return alliance.OSError(err, dir)
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if err == nil {
		err = syncFile(tmp) // the bytes are on the disk before the name is
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	var pe *fs.PathError
	if errors.As(err, &pe) || errors.Is(err, syscall.ENOSPC) {
		return alliance.OSError(err, dir) // the disk or the folder, not the data
	} else if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return alliance.OSError(err, dir)
	}
	syncDir(dir)
	return nil
}

// syncFile flushes a file's bytes to the disk; syncDir makes a rename in
// dir durable where the system allows it (not on Windows, where a folder
// cannot be opened for syncing). Tests watch them.
var syncFile = (*os.File).Sync

var syncDir = func(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// WriteBytes writes b as the file at path, as Write does.
func WriteBytes(path string, b []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
