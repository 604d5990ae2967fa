package syncserver

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	tusfile "github.com/tus/tusd/v2/pkg/filestore"
	tus "github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	"golang.org/x/exp/slog" // the logger tusd takes

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// The server's files: uploads arrive over tus into <dir>/uploads (a cut
// upload resumes from the last byte written, across restarts too); a
// finished upload is checked against the SHA-256 it was announced with and
// only then kept, by that hash, in <dir>/blobs — once, however many
// laptops send it. A laptop reads a file when a record it may see names it.

// Errors of the file side, with the HTTP status the client acts on.
var (
	errStorageFull = tus.NewError("ERR_STORAGE_FULL", "the server's disk is full: the file will be sent later", http.StatusInsufficientStorage)
	errBadChecksum = tus.NewError("ERR_CHECKSUM_MISMATCH", "the file that arrived does not match its SHA-256", 460)
	errBadMeta     = tus.NewError("ERR_BAD_METADATA", "an upload needs its length and the sha256 of its content", http.StatusBadRequest)
)

// fileSide is the tus handler and the file store behind the API.
type fileSide struct {
	s       *Store
	blobs   *filestore.Store
	uploads string
	tus     http.Handler
}

func newFileSide(s *Store) (*fileSide, error) {
	blobs, err := filestore.Open(filepath.Join(s.Dir, "blobs"))
	if err != nil {
		return nil, err
	}
	f := &fileSide{s: s, blobs: blobs, uploads: filepath.Join(s.Dir, "uploads")}
	if err := os.MkdirAll(f.uploads, 0o700); err != nil {
		return nil, alliance.OSError(err, f.uploads)
	}
	store := checkedStore{FileStore: tusfile.New(f.uploads), f: f}
	composer := tus.NewStoreComposer()
	composer.UseCore(store)
	composer.UseTerminater(store)
	memorylocker.New().UseIn(composer)
	h, err := tus.NewHandler(tus.Config{
		StoreComposer:             composer,
		BasePath:                  syncproto.PathFiles,
		MaxSize:                   syncproto.MaxFileBytes,
		DisableDownload:           true, // files are read from blobs, by hash
		DisableConcatenation:      true,
		Cors:                      &tus.CorsConfig{Disable: true},
		Logger:                    slog.New(slog.NewTextHandler(io.Discard, nil)),
		PreUploadCreateCallback:   f.beforeCreate,
		PreFinishResponseCallback: f.finish,
	})
	if err != nil {
		return nil, err
	}
	f.tus = http.StripPrefix(strings.TrimSuffix(syncproto.PathFiles, "/"), h)
	return f, nil
}

// beforeCreate accepts an upload with a length and a SHA-256 that fits
// on the server's disk (and under its quota).
func (f *fileSide) beforeCreate(hook tus.HookEvent) (tus.HTTPResponse, tus.FileInfoChanges, error) {
	info := hook.Upload
	if info.SizeIsDeferred || info.Size <= 0 || !alliance.ValidHash(info.MetaData[syncproto.MetaSHA256]) {
		return tus.HTTPResponse{}, tus.FileInfoChanges{}, errBadMeta
	}
	if !f.room(info.Size) {
		return tus.HTTPResponse{}, tus.FileInfoChanges{}, errStorageFull
	}
	return tus.HTTPResponse{}, tus.FileInfoChanges{}, nil
}

// finish checks a complete upload against its SHA-256 and keeps it by that
// hash; an upload that does not match is dropped and refused.
func (f *fileSide) finish(hook tus.HookEvent) (tus.HTTPResponse, error) {
	info := hook.Upload
	want := info.MetaData[syncproto.MetaSHA256]
	err := f.blobs.Adopt(info.Storage[tusfile.StorageKeyPath], want)
	os.Remove(info.Storage[tusfile.StorageKeyInfoPath])
	switch {
	case filestore.IsCorrupt(err):
		return tus.HTTPResponse{}, errBadChecksum
	case isNoSpace(err):
		return tus.HTTPResponse{}, errStorageFull
	case err != nil:
		return tus.HTTPResponse{}, err
	}
	return tus.HTTPResponse{}, nil
}

// room reports whether size more bytes fit: under the quota (when one is
// set) and on the disk, with a margin for the database.
func (f *fileSide) room(size int64) bool {
	if q := f.s.FilesQuota; q > 0 && f.used()+size > q {
		return false
	}
	free, ok := freeBytes(f.s.Dir)
	return !ok || free >= uint64(size)+64<<20
}

// used is the bytes the files and the uploads take.
func (f *fileSide) used() int64 {
	var n int64
	for _, dir := range []string{f.blobs.Dir(), f.uploads} {
		filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					n += fi.Size()
				}
			}
			return nil
		})
	}
	return n
}

func isNoSpace(err error) bool {
	return err != nil && (errors.Is(err, syscall.ENOSPC) || alliance.ErrorCode(err) == alliance.EDISKFULL)
}

// checkedStore is tusd's file store with the quota checked as bytes come
// and a full disk answered as such (507), not as a server error.
type checkedStore struct {
	tusfile.FileStore
	f *fileSide
}

func (s checkedStore) NewUpload(ctx context.Context, info tus.FileInfo) (tus.Upload, error) {
	u, err := s.FileStore.NewUpload(ctx, info)
	if isNoSpace(err) {
		return nil, errStorageFull
	}
	return checkedUpload{Upload: u, f: s.f}, err
}

func (s checkedStore) GetUpload(ctx context.Context, id string) (tus.Upload, error) {
	u, err := s.FileStore.GetUpload(ctx, id)
	if err != nil {
		return nil, err
	}
	return checkedUpload{Upload: u, f: s.f}, nil
}

func (s checkedStore) AsTerminatableUpload(u tus.Upload) tus.TerminatableUpload {
	return s.FileStore.AsTerminatableUpload(u.(checkedUpload).Upload)
}

type checkedUpload struct {
	tus.Upload
	f *fileSide
}

func (u checkedUpload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	if q := u.f.s.FilesQuota; q > 0 && u.f.used() >= q {
		return 0, errStorageFull
	}
	n, err := u.Upload.WriteChunk(ctx, offset, src)
	if isNoSpace(err) {
		return n, errStorageFull
	}
	return n, err
}

// serveBlob answers HEAD (is the file here?) to any laptop, and GET — the
// file, whole or a byte range — only to a laptop that may see a record
// naming it (the secretariat's may see all). Anything else is "not found":
// it tells nothing about a child's picture.
func (f *fileSide) serveBlob(w http.ResponseWriter, r *http.Request, dev *Device) {
	hash := strings.TrimPrefix(r.URL.Path, syncproto.PathBlobs)
	notFound := alliance.Errorf(alliance.ENOTFOUND, "no such file")
	if !alliance.ValidHash(hash) || !f.blobs.Has(hash) {
		writeError(w, r, notFound)
		return
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	if ok, err := f.s.maySee(r.Context(), dev, hash); err != nil || !ok {
		writeError(w, r, notFound)
		return
	}
	file, err := os.Open(f.blobs.Path(hash))
	if err != nil {
		writeError(w, r, notFound)
		return
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	http.ServeContent(w, r, "", st.ModTime(), file)
}

// maySee reports whether dev may read the file hash.
func (s *Store) maySee(ctx context.Context, dev *Device, hash string) (bool, error) {
	if dev.Secretariat {
		return true, nil
	}
	var one int
	err := s.read.QueryRowContext(ctx, `SELECT 1 FROM file_refs WHERE hash = ? AND scope IN (?, '') LIMIT 1`, hash, dev.OrgID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// recordFiles notes the files a record names, for the scope that may read
// them.
func recordFiles(ctx context.Context, tx *Tx, entity, scope string, st *syncproto.State) error {
	if !syncproto.CarriesFiles(entity) {
		return nil
	}
	for _, h := range syncproto.FileHashes(st.Fields) {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO file_refs (hash, scope) VALUES (?, ?)`, h, scope); err != nil {
			return err
		}
	}
	return nil
}
