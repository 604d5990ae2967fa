// Package safefile writes the files people keep outside the data folder —
// exports, printed certificates — so that a full disk, a removed stick or
// a cut never leaves half a file under the name chosen: the file is
// written beside it and renamed when complete.
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
	return nil
}

// WriteBytes writes b as the file at path, as Write does.
func WriteBytes(path string, b []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
