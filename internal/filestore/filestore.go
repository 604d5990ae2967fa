// Package filestore keeps files by the SHA-256 of their content in a
// folder: a file is written once whatever its name or how often it is
// added, is never changed afterwards, and is checked against its name
// whenever it is read to the end. On a laptop whose data is sealed the
// files are kept sealed (vault: age, chunks authenticated one by one),
// named by the hash of their clear content.
package filestore

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// Store is a folder of files named by their SHA-256: <dir>/ab/ab12…ef.
type Store struct {
	dir  string
	keys Keys
}

// Keys says how a store keeps its files: sealed with key, or in the
// clear when the data is not sealed. A sealed store whose key is not
// open (nobody signed in) neither writes nor reads a file.
type Keys func() (key *vault.Key, sealed bool)

// UseKeys makes the store seal the files it takes in from now on (a
// laptop's; the server's store keeps its files as they come).
func (s *Store) UseKeys(k Keys) { s.keys = k }

// sealKey is the key new files are sealed with (nil: kept in the clear).
func (s *Store) sealKey() (*vault.Key, error) {
	if s.keys == nil {
		return nil, nil
	}
	k, sealed := s.keys()
	if sealed && k == nil {
		return nil, vault.Locked()
	}
	return k, nil
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
	key, err := s.sealKey()
	if err != nil {
		return "", 0, false, err
	}
	var dst io.Writer = tmp
	var sealer io.WriteCloser
	buffered := bufio.NewWriterSize(tmp, 1<<20) // sealed chunks are 64 KiB: fewer, larger writes
	if key != nil {
		if sealer, err = key.SealWriter(buffered); err != nil {
			return "", 0, false, err
		}
		dst = sealer
	}
	var h summer = sha256.New()
	if sealer != nil {
		// Hashed beside the sealing, on another core: a sealed file is
		// taken in about as fast as a clear one.
		ah := newAsyncHash()
		defer ah.stop()
		h = ah
	}
	src := r
	if max > 0 {
		src = io.LimitReader(r, max+1)
	}
	size, err = io.Copy(io.MultiWriter(dst, h), src)
	if err == nil && sealer != nil {
		if err = sealer.Close(); err == nil {
			err = buffered.Flush()
		}
	}
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
	if key, err := s.sealKey(); err != nil {
		return err
	} else if key != nil {
		sealed, err := s.sealCopy(path, key)
		os.Remove(path) // the clear copy goes either way
		if err != nil {
			return err
		}
		path = sealed
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
	file := &File{f: f, r: f, want: hash, h: sha256.New()}
	if sealed, err := isSealed(f); err != nil {
		f.Close()
		return nil, alliance.OSError(err, s.dir)
	} else if sealed {
		r, err := vault.OpenStream(f)
		if err != nil {
			f.Close()
			return nil, sealedErr(hash, err)
		}
		file.r, file.sealed = r, true
	}
	return file, nil
}

// isSealed reads whether the open file f is sealed, and rewinds it.
func isSealed(f *os.File) (bool, error) {
	head := make([]byte, 32)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	return vault.IsSealedFile(head[:n]), nil
}

// sealedErr is why a sealed file does not open: its key is locked, or
// the file is damaged.
func sealedErr(hash string, err error) error {
	if errors.Is(err, vault.ErrLocked) {
		return vault.Locked()
	}
	return corrupt(hash)
}

// OpenAt opens the file with hash for reading at any offset (an upload
// resumed midway): its clear content and size; close it with closer.
func (s *Store) OpenAt(hash string) (r io.ReaderAt, size int64, closer io.Closer, err error) {
	if !alliance.ValidHash(hash) {
		return nil, 0, nil, alliance.Errorf(alliance.EINVALID, "not a file hash: %q", hash)
	}
	f, err := os.Open(s.Path(hash))
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil, alliance.Keyed(alliance.ENOTFOUND, "error.file_missing", nil, "no file %s on this laptop", hash)
	} else if err != nil {
		return nil, 0, nil, alliance.OSError(err, s.dir)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, nil, alliance.OSError(err, s.dir)
	}
	sealed, err := isSealed(f)
	if err != nil {
		f.Close()
		return nil, 0, nil, alliance.OSError(err, s.dir)
	}
	if !sealed {
		return f, st.Size(), f, nil
	}
	ra, n, err := vault.OpenFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, 0, nil, sealedErr(hash, err)
	}
	return ra, n, f, nil
}

// sealCopy writes a sealed copy of the clear file at path into the
// store's temporary folder, synced, and returns its path.
func (s *Store) sealCopy(path string, key *vault.Key) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", alliance.OSError(err, s.dir)
	}
	defer in.Close()
	tmp, err := s.sealInto(in, key)
	if err != nil {
		return "", alliance.OSError(err, s.dir)
	}
	return tmp, nil
}

// sealInto seals what src holds into a new file of the temporary folder,
// synced, and returns its path (none is left on an error).
func (s *Store) sealInto(src io.Reader, key *vault.Key) (string, error) {
	tmp, err := os.CreateTemp(s.TempDir(), "seal-*")
	if err != nil {
		return "", err
	}
	w, err := key.SealWriter(tmp)
	if err == nil {
		_, err = io.Copy(w, src)
	}
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}

// Verify reads the whole file and checks it against its hash. A sealed
// file whose key is not open (a backup checked before the laptop it
// restores has anyone signed in) cannot be read: it passes, and its
// chunks are checked when it is first read.
func (s *Store) Verify(hash string) error {
	f, err := s.Open(hash)
	if vault.IsLocked(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

// File is a stored file open for reading; it checks its hash at EOF. A
// sealed file is checked chunk by chunk as it is opened instead (its
// hash was checked when it was taken in; a changed or cut chunk does not
// open).
type File struct {
	f      *os.File
	r      io.Reader // f, or its clear content when it is sealed
	sealed bool
	want   string
	h      hash.Hash
	err    error
}

// Read reads from the file; at EOF it returns a corruption error instead
// when the content read does not hash to the file's name.
func (f *File) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.r.Read(p)
	if f.sealed {
		if err != nil && !errors.Is(err, io.EOF) {
			f.err = corrupt(f.want) // a sealed chunk that does not open
			return n, f.err
		}
		return n, err
	}
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

// Import copies the file hash of another store into this one as it is
// kept there (sealed or not: a backup keeps the laptop's files sealed),
// checked against its hash when it can be read. It returns the bytes
// copied.
func (s *Store) Import(from *Store, hash string) (int64, error) {
	if err := from.Verify(hash); err != nil {
		return 0, err
	}
	in, err := os.Open(from.Path(hash))
	if err != nil {
		return 0, alliance.OSError(err, from.dir)
	}
	defer in.Close()
	final := s.Path(hash)
	if st, err := os.Stat(final); err == nil {
		return st.Size(), nil
	}
	tmp, err := os.CreateTemp(s.TempDir(), "import-*")
	if err != nil {
		return 0, alliance.OSError(err, s.dir)
	}
	n, err := io.Copy(tmp, in)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.MkdirAll(filepath.Dir(final), 0o755)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), final)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return 0, alliance.OSError(err, s.dir)
	}
	syncDir(filepath.Dir(final))
	return n, nil
}

// SealAll seals the files kept in the clear (those taken in before the
// laptop's data was sealed); it returns how many it sealed.
func (s *Store) SealAll() (int, error) {
	key, err := s.sealKey()
	if err != nil || key == nil {
		return 0, err
	}
	n := 0
	err = filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == s.TempDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !alliance.ValidHash(d.Name()) {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		sealed, err := isSealed(f)
		f.Close()
		if err != nil || sealed {
			return err
		}
		tmp, err := s.sealCopy(path, key)
		if err != nil {
			return err
		}
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			return err
		}
		n++
		return nil
	})
	if err != nil {
		return n, alliance.OSError(err, s.dir)
	}
	syncDir(s.dir)
	return n, nil
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
