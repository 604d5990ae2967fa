package media

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// Library is the laptop's files: the store under <data>/files and the
// thumbnails made from it under <data>/cache/thumbs (which may be deleted
// at any time; they are made again).
type Library struct {
	keys  filestore.Keys // nil: files kept as they come
	store *filestore.Store
	cache string
	work  chan struct{} // bounds the pictures decoded at once (memory)
}

var _ alliance.FileService = (*Library)(nil)

// Open opens the library of the data folder dir.
func Open(dir string) (*Library, error) {
	st, err := filestore.Open(filepath.Join(dir, "files"))
	if err != nil {
		return nil, err
	}
	cache := filepath.Join(dir, "cache", "thumbs")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, alliance.OSError(err, cache)
	}
	_ = os.RemoveAll(filepath.Join(st.TempDir(), "open")) // clear copies opened last time
	return &Library{store: st, cache: cache, work: make(chan struct{}, runtime.NumCPU())}, nil
}

// Store is the content-addressed store underneath.
func (l *Library) Store() *filestore.Store { return l.store }

// AddFile checks and stores a file: its type from its content, its size
// against the limit of that type as it is copied, then a picture's pixel
// count or a film's length. A refused file leaves nothing behind.
func (l *Library) AddFile(ctx context.Context, name string, r io.Reader, purpose alliance.FilePurpose) (alliance.FileRef, error) {
	br := bufio.NewReaderSize(r, 512)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return alliance.FileRef{}, alliance.Keyed(alliance.EUNAVAILABLE, "error.file_unreadable", nil, "cannot read %s: %v", name, err)
	}
	if len(head) == 0 {
		return alliance.FileRef{}, alliance.Keyed(alliance.EINVALID, "error.file_empty", alliance.Args{"Name": filepath.Base(name)}, "%s is empty", name)
	}
	t := sniff(head)
	if err := checkType(t, name, purpose); err != nil {
		return alliance.FileRef{}, err
	}
	limit := maxBytes(t, purpose)
	hash, size, fresh, err := l.store.Put(br, limit)
	if err != nil {
		if alliance.ErrorCode(err) == alliance.ETOOLARGE {
			return alliance.FileRef{}, alliance.Keyed(alliance.ETOOLARGE, "error.file_too_large",
				alliance.Args{"Name": filepath.Base(name), "Max": limit >> 20}, "%s is over %d MB", name, limit>>20)
		}
		return alliance.FileRef{}, err
	}
	f, _, closer, err := l.store.OpenAt(hash)
	if err != nil {
		return alliance.FileRef{}, err
	}
	defer closer.Close()
	ref, err := inspect(f, size, t, name, purpose)
	if err == nil && ref.IsImage() {
		// A picture is decoded whole now: a truncated or damaged scan is
		// refused while the child's paper is still at hand, and the
		// gallery's thumbnail and the preview are ready when needed.
		err = l.makePictures(ctx, hash, PreviewSize, ThumbSize)
	}
	if err != nil {
		if fresh {
			l.forget(hash)
		}
		if key, _ := alliance.ErrorKey(err); key == "error.file_damaged" {
			err = alliance.Keyed(alliance.EINVALID, "error.file_damaged", alliance.Args{"Name": ref.Name}, "%s: %v", name, err)
		}
		return alliance.FileRef{}, err
	}
	ref.Hash = hash
	return ref, nil
}

// forget removes a file that was refused after it was stored (only one the
// store did not hold before: that one may belong to a synced record).
func (l *Library) forget(hash string) { os.Remove(l.store.Path(hash)) }

// HasFile reports whether the file is on this laptop.
func (l *Library) HasFile(hash string) bool { return l.store.Has(hash) }

// OpenFile opens a stored file; reading it to the end checks its hash.
func (l *Library) OpenFile(ctx context.Context, hash string) (io.ReadCloser, error) {
	return l.store.Open(hash)
}

// ClearCopy writes the file's clear content to a copy named name under
// <data>/files/tmp/open, for another program to open (a film to play, a
// scan to print); the copies go when the library is next opened.
func (l *Library) ClearCopy(ctx context.Context, hash, name string) (string, error) {
	src, err := l.store.Open(hash)
	if err != nil {
		return "", err
	}
	defer src.Close()
	dir := filepath.Join(l.store.TempDir(), "open", hash[:min(len(hash), 16)])
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", alliance.OSError(err, dir)
	}
	base := filepath.Base(filepath.Clean("/" + name))
	if base == "/" || base == "." || base == "" {
		base = "file"
	}
	path := filepath.Join(dir, base)
	err = safefile.Write(path, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
	if err != nil {
		return "", alliance.OSError(err, dir)
	}
	return path, nil
}

// UseKeys seals the files and pictures kept from now on with the data key
// keys gives (filestore.Keys).
func (l *Library) UseKeys(keys filestore.Keys) {
	l.keys = keys
	l.store.UseKeys(keys)
}

// SealAll seals the files kept in the clear before the laptop's data was
// sealed, and drops the pictures made of them (made again, sealed).
func (l *Library) SealAll() (int, error) {
	n, err := l.store.SealAll()
	if err != nil {
		return n, err
	}
	err = filepath.WalkDir(l.cache, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil || vault.IsSealed(b) {
			return err
		}
		return os.Remove(path)
	})
	if err != nil {
		return n, alliance.OSError(err, l.cache)
	}
	return n, nil
}

// readPicture reads a cached picture (opened when sealed).
func (l *Library) readPicture(path, hash string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b, err = vault.Open(b, []byte(hash))
	if errors.Is(err, vault.ErrLocked) {
		return nil, vault.Locked()
	}
	return b, err
}

// sealPicture is a picture as the cache keeps it.
func (l *Library) sealPicture(data []byte, hash string) ([]byte, error) {
	if l.keys == nil {
		return data, nil
	}
	k, sealed := l.keys()
	switch {
	case k != nil:
		return k.Seal(data, []byte(hash)), nil
	case sealed:
		return nil, vault.Locked()
	}
	return data, nil
}

// Thumbnail returns a JPEG of the picture at most size pixels on its
// longer side, from the cache when it was made before.
func (l *Library) Thumbnail(ctx context.Context, f alliance.FileRef, size int) ([]byte, error) {
	if !f.IsImage() {
		return nil, alliance.Errorf(alliance.EINVALID, "%s has no thumbnail", f.Type)
	}
	path := l.thumbPath(f.Hash, size)
	if b, err := l.readPicture(path, f.Hash); err == nil {
		return b, nil
	}
	select {
	case l.work <- struct{}{}:
		defer func() { <-l.work }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if b, err := l.readPicture(path, f.Hash); err == nil { // made while this one waited
		return b, nil
	}
	if err := l.decodeAndCache(f.Hash, size); err != nil {
		return nil, err
	}
	return l.readPicture(path, f.Hash)
}

// makePictures makes the cached pictures of the file in the given sizes,
// one decode for all.
func (l *Library) makePictures(ctx context.Context, hash string, sizes ...int) error {
	select {
	case l.work <- struct{}{}:
		defer func() { <-l.work }()
	case <-ctx.Done():
		return ctx.Err()
	}
	return l.decodeAndCache(hash, sizes...)
}

// decodeAndCache reads the original whole, checked against its hash, so a
// damaged file gives an error, never a wrong picture; then it writes one
// JPEG per size to the cache.
func (l *Library) decodeAndCache(hash string, sizes ...int) error {
	src, err := l.store.Open(hash)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(src)
	src.Close()
	if err != nil {
		return err
	}
	img, err := decodePicture(data)
	if err != nil {
		return err
	}
	for _, size := range sizes {
		out, err := fitJPEG(img, size)
		if err != nil {
			return err
		}
		if out, err = l.sealPicture(out, hash); err != nil {
			return err
		}
		if err := writeAtomic(l.thumbPath(hash, size), out); err != nil {
			return alliance.OSError(err, l.cache)
		}
	}
	return nil
}

func (l *Library) thumbPath(hash string, size int) string {
	if !alliance.ValidHash(hash) {
		hash = "invalid"
	}
	return filepath.Join(l.cache, fmt.Sprintf("%s-%d.jpg", hash, size))
}

// writeAtomic writes data to path through a temporary file, so that a
// reader never sees half a thumbnail.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".thumb-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// EraseAll removes every file of the library — the artwork, consent scans
// and films — and the pictures made of them (a laptop revoked as lost).
// It returns how many files it removed.
func (l *Library) EraseAll() (int, error) {
	n := 0
	for _, dir := range []string{l.store.Dir(), l.cache} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if err := os.Remove(path); err != nil {
				return err
			}
			if dir == l.store.Dir() {
				n++
			}
			return nil
		})
		if err != nil {
			return n, alliance.OSError(err, dir)
		}
	}
	return n, nil
}

// Forget removes a file and the pictures made of it (a child's artwork
// whose entry was anonymised). A file not there is no error.
func (l *Library) Forget(hash string) error {
	if !alliance.ValidHash(hash) {
		return nil
	}
	thumbs, _ := filepath.Glob(filepath.Join(l.cache, hash+"-*.jpg"))
	for _, p := range append(thumbs, l.store.Path(hash)) {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return alliance.OSError(err, filepath.Dir(p))
		}
	}
	return nil
}
