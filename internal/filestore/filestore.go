// Package filestore keeps files by the SHA-256 of their content in a
// folder: a file is written once whatever its name or how often it is
// added, is never changed afterwards, and is checked against its name
// whenever it is read to the end.
package filestore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Store is a folder of files named by their SHA-256: <dir>/ab/ab12…ef.
type Store struct {
	dir string
}

// Open opens (and creates) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return nil, alliance.OSError(err, dir)
	}
	return &Store{dir: dir}, nil
}

// Dir is the store's folder.
func (s *Store) Dir() string { return s.dir }

// Path is where the file with hash is (or would be).
func (s *Store) Path(hash string) string {
	if !alliance.ValidHash(hash) {
		return filepath.Join(s.dir, "invalid")
	}
	return filepath.Join(s.dir, hash[:2], hash)
}

// Has reports whether the file with hash is in the store.
func (s *Store) Has(hash string) bool {
	if !alliance.ValidHash(hash) {
		return false
	}
	_, err := os.Stat(s.Path(hash))
	return err == nil
}

// Put copies r into the store and returns its hash and size, and whether
// the content is new to the store. More than max bytes (when max > 0) is
// refused with ETOOLARGE and nothing is kept. The file is synced to disk
// before it gets its name, so a crash leaves either the whole file or none.
func (s *Store) Put(r io.Reader, max int64) (hash string, size int64, fresh bool, err error) {
	tmp, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "put-*")
	if err != nil {
		return "", 0, false, alliance.OSError(err, s.dir)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	src := r
	if max > 0 {
		src = io.LimitReader(r, max+1)
	}
	size, err = io.Copy(io.MultiWriter(tmp, h), src)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) && pe.Path == tmp.Name() {
			return "", 0, false, alliance.OSError(err, s.dir)
		}
		return "", 0, false, alliance.Keyed(alliance.EUNAVAILABLE, "error.file_unreadable", nil, "cannot read the file: %v", err)
	}
	if max > 0 && size > max {
		return "", 0, false, alliance.Keyed(alliance.ETOOLARGE, "error.file_too_large", alliance.Args{"Max": max >> 20}, "the file is over %d bytes", max)
	}
	if err = tmp.Sync(); err != nil {
		return "", 0, false, alliance.OSError(err, s.dir)
	}
	if err = tmp.Close(); err != nil {
		return "", 0, false, alliance.OSError(err, s.dir)
	}
	hash = hex.EncodeToString(h.Sum(nil))
	final := s.Path(hash)
	if _, statErr := os.Stat(final); statErr == nil {
		os.Remove(tmp.Name()) // the same content is there already
		return hash, size, false, nil
	}
	if err = os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", 0, false, alliance.OSError(err, s.dir)
	}
	if err = os.Rename(tmp.Name(), final); err != nil {
		return "", 0, false, alliance.OSError(err, s.dir)
	}
	syncDir(filepath.Dir(final))
	return hash, size, true, nil
}

// TempDir is where files on their way into the store are written (the
// same disk as the store, so that taking them in is a rename).
func (s *Store) TempDir() string { return filepath.Join(s.dir, "tmp") }

// Adopt takes the file at path into the store when its content hashes to
// want: it is synced and renamed in (or dropped when the store holds the
// content already). A file that does not match is removed and a
// corruption error returned: nothing wrong ever gets a name.
func (s *Store) Adopt(path, want string) error {
	// Opened for writing too: Windows flushes (Sync) only a handle that
	// may write, and refuses a read-only one with "Access is denied".
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return alliance.OSError(err, s.dir)
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	if err == nil {
		err = f.Sync()
	}
	f.Close()
	if err != nil {
		return alliance.OSError(err, s.dir)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		os.Remove(path)
		return corrupt(want)
	}
	final := s.Path(want)
	if _, err := os.Stat(final); err == nil {
		os.Remove(path)
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return alliance.OSError(err, s.dir)
	}
	if err := os.Rename(path, final); err != nil {
		return alliance.OSError(err, s.dir)
	}
	syncDir(filepath.Dir(final))
	return nil
}

// syncDir makes a rename in dir durable (where the system allows it).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// ErrCorrupt is returned (wrapped in an *alliance.Error) when a file's
// content no longer matches its hash.
var ErrCorrupt = errors.New("file content does not match its hash")

// Open opens the file with hash for reading. Reading it to the end checks
// the content: a file damaged on disk gives an error at EOF instead of
// passing for the original.
func (s *Store) Open(hash string) (*File, error) {
	if !alliance.ValidHash(hash) {
		return nil, alliance.Errorf(alliance.EINVALID, "not a file hash: %q", hash)
	}
	f, err := os.Open(s.Path(hash))
	if errors.Is(err, os.ErrNotExist) {
		return nil, alliance.Keyed(alliance.ENOTFOUND, "error.file_missing", nil, "no file %s on this laptop", hash)
	} else if err != nil {
		return nil, alliance.OSError(err, s.dir)
	}
	return &File{f: f, want: hash, h: sha256.New()}, nil
}

// Verify reads the whole file and checks it against its hash.
func (s *Store) Verify(hash string) error {
	f, err := s.Open(hash)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

// File is a stored file open for reading; it checks its hash at EOF.
type File struct {
	f    *os.File
	want string
	h    hash.Hash
	err  error
}

// Read reads from the file; at EOF it returns a corruption error instead
// when the content read does not hash to the file's name.
func (f *File) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.f.Read(p)
	f.h.Write(p[:n])
	if errors.Is(err, io.EOF) {
		if got := hex.EncodeToString(f.h.Sum(nil)); got != f.want {
			f.err = corrupt(f.want)
			return n, f.err
		}
	}
	return n, err
}

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// Size returns the file's size.
func (f *File) Size() (int64, error) {
	st, err := f.f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

func corrupt(hash string) error {
	return &alliance.Error{Code: alliance.EINTERNAL, Key: "error.file_corrupt",
		Message: fmt.Sprintf("%v: %s", ErrCorrupt, hash)}
}

// IsCorrupt reports whether err says a file was damaged.
func IsCorrupt(err error) bool {
	var ae *alliance.Error
	return errors.As(err, &ae) && ae.Key == "error.file_corrupt"
}
