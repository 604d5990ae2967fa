package syncserver

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	tusfile "github.com/tus/tusd/v2/pkg/filestore"
	tus "github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	"golang.org/x/exp/slog" // the logger tusd takes

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
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
	errUploadQuota = tus.NewError("ERR_UPLOAD_QUOTA", "this laptop has too many unfinished uploads; they expire after a week",
		http.StatusTooManyRequests)
)

// Limits of the unfinished uploads of one device: a laptop sends one file
// at a time and resumes it after a cut, so a few are plenty. Those not
// finished within UploadTTL are dropped (purge loop).
const (
	MaxUploadsPerDevice     = 8
	MaxUploadBytesPerDevice = 2 * syncproto.MaxFileBytes
	UploadTTL               = 7 * 24 * time.Hour
)

// deviceKey carries the authenticated device in a request's context to
// the upload hooks.
type deviceKey struct{}

func deviceOf(ctx context.Context) *Device {
	d, _ := ctx.Value(deviceKey{}).(*Device)
	return d
}

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
// on the server's disk (and under its quota) and within the device's
// unfinished uploads; it names the upload and notes whose it is.
func (f *fileSide) beforeCreate(hook tus.HookEvent) (tus.HTTPResponse, tus.FileInfoChanges, error) {
	info := hook.Upload
	dev := deviceOf(hook.Context)
	if dev == nil || info.SizeIsDeferred || info.Size <= 0 || !alliance.ValidHash(info.MetaData[syncproto.MetaSHA256]) {
		return tus.HTTPResponse{}, tus.FileInfoChanges{}, errBadMeta
	}
	if !f.room(info.Size) {
		return tus.HTTPResponse{}, tus.FileInfoChanges{}, errStorageFull
	}
	id := randomHex(16)
	err := f.s.update(hook.Context, func(tx *Tx) error {
		var n, bytes int64
		if err := tx.QueryRowContext(hook.Context, `SELECT COUNT(*), COALESCE(SUM(size), 0) FROM uploads WHERE device_id = ?`,
			dev.ID).Scan(&n, &bytes); err != nil {
			return err
		}
		if n >= MaxUploadsPerDevice || bytes+info.Size > MaxUploadBytesPerDevice {
			return errUploadQuota
		}
		_, err := tx.ExecContext(hook.Context, `INSERT INTO uploads (id, device_id, size, created_at) VALUES (?, ?, ?, ?)`,
			id, dev.ID, info.Size, f.s.now())
		return err
	})
	if errors.Is(err, errUploadQuota) {
		return tus.HTTPResponse{}, tus.FileInfoChanges{}, errUploadQuota
	} else if err != nil {
		return tus.HTTPResponse{}, tus.FileInfoChanges{}, err
	}
	meta := tus.MetaData{syncproto.MetaSHA256: info.MetaData[syncproto.MetaSHA256]}
	return tus.HTTPResponse{}, tus.FileInfoChanges{ID: id, MetaData: meta}, nil
}

// finish checks a complete upload against its SHA-256 and keeps it by that
// hash; an upload that does not match is dropped and refused. The sending
// device's organisation now holds the file: it may read it back, and its
// records' references to it count.
func (f *fileSide) finish(hook tus.HookEvent) (tus.HTTPResponse, error) {
	info := hook.Upload
	want := info.MetaData[syncproto.MetaSHA256]
	err := f.blobs.Adopt(info.Storage[tusfile.StorageKeyPath], want)
	os.Remove(info.Storage[tusfile.StorageKeyInfoPath])
	kept := err == nil
	if kept || filestore.IsCorrupt(err) {
		if uerr := f.s.update(hook.Context, func(tx *Tx) error {
			if _, err := tx.ExecContext(hook.Context, `DELETE FROM uploads WHERE id = ?`, info.ID); err != nil {
				return err
			}
			if dev := deviceOf(hook.Context); dev != nil && kept {
				_, err := tx.ExecContext(hook.Context, `INSERT OR IGNORE INTO blob_owners (hash, org_id) VALUES (?, ?)`, want, dev.OrgID)
				return err
			}
			return nil
		}); uerr != nil {
			return tus.HTTPResponse{}, uerr
		}
	}
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

// uploadID reports whether id can be an upload's name (what beforeCreate
// makes): anything else never reaches the store.
func uploadID(id string) bool { return alliance.LowerHex(id, 32) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// PurgeUploads drops the uploads not finished within ttl: their bytes and
// their place in their device's quota.
func (s *Store) PurgeUploads(ctx context.Context, ttl time.Duration) (int, error) {
	cutoff := s.Now().Add(-ttl).UTC().Format(time.RFC3339Nano)
	var ids []string
	err := s.update(ctx, func(tx *Tx) error {
		var err error
		if ids, err = sqlitex.Strings(ctx, tx, `SELECT id FROM uploads WHERE created_at < ?`, cutoff); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM uploads WHERE created_at < ?`, cutoff)
		return err
	})
	if err != nil {
		return 0, err
	}
	dir := filepath.Join(s.Dir, "uploads")
	for _, id := range ids {
		if uploadID(id) {
			os.Remove(filepath.Join(dir, id))
			os.Remove(filepath.Join(dir, id+".info"))
		}
	}
	return len(ids), nil
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
	if err != nil {
		// Not made after all: it takes no place in its laptop's quota.
		_ = s.f.s.update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM uploads WHERE id = ?`, info.ID)
			return err
		})
	}
	if isNoSpace(err) {
		return nil, errStorageFull
	}
	return checkedUpload{Upload: u, f: s.f}, err
}

// GetUpload finds an upload of the asking device only: another laptop's
// upload is "not found".
func (s checkedStore) GetUpload(ctx context.Context, id string) (tus.Upload, error) {
	dev := deviceOf(ctx)
	if dev == nil || !uploadID(id) {
		return nil, tus.ErrNotFound
	}
	var owner string
	err := s.f.s.read.QueryRowContext(ctx, `SELECT device_id FROM uploads WHERE id = ?`, id).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != dev.ID) {
		return nil, tus.ErrNotFound
	} else if err != nil {
		return nil, err
	}
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

// serveBlob answers HEAD (is the file here?) and GET — the file, whole or
// a byte range — only to a laptop that may read it (maySee). Anything else
// is "not found": it tells nothing about a child's picture, not even that
// the server holds it.
func (f *fileSide) serveBlob(w http.ResponseWriter, r *http.Request, dev *Device) {
	hash := strings.TrimPrefix(r.URL.Path, syncproto.PathBlobs)
	notFound := alliance.Errorf(alliance.ENOTFOUND, "no such file")
	if !alliance.ValidHash(hash) || !f.blobs.Has(hash) {
		writeError(w, r, notFound)
		return
	}
	if ok, err := f.s.maySee(r.Context(), dev, hash); err != nil || !ok {
		writeError(w, r, notFound)
		return
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
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

// maySee reports whether dev may read the file hash: the secretariat's
// laptops read every file but the photos of children other organisations
// keep to themselves; every laptop reads a published release and every
// organisation's logo (sent by that organisation); a member's reads the
// files its organisation sent, and the files that a live record of its
// organisation (or a shared one) names and the secretariat sent. Naming
// another organisation's file in a record is not enough: the laptop must
// send the file itself (which proves it holds it) before the server lets
// it read it.
func (s *Store) maySee(ctx context.Context, dev *Device, hash string) (bool, error) {
	var one int
	if dev.Secretariat {
		// Everything but what other organisations keep to themselves: a
		// file their records name privately, unless the secretariat's own
		// organisation sent it, or a record names it openly whose
		// organisation sent it (naming a hash one has not sent proves
		// nothing).
		err := s.read.QueryRowContext(ctx, `SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM file_refs WHERE hash = ?1 AND private = 1 AND scope != ?2)
			OR EXISTS (SELECT 1 FROM blob_owners WHERE hash = ?1 AND org_id = ?2)
			OR EXISTS (SELECT 1 FROM file_refs r JOIN blob_owners b ON b.hash = r.hash AND b.org_id = r.scope
				WHERE r.hash = ?1 AND r.private = 0)`, hash, dev.OrgID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return err == nil, err
	}
	err := s.read.QueryRowContext(ctx, `SELECT 1 WHERE EXISTS (SELECT 1 FROM blob_owners WHERE hash = ?1 AND org_id = ?2)
		OR EXISTS (SELECT 1 FROM releases WHERE sha256 = ?1 AND withdrawn_at IS NULL)
		OR EXISTS (SELECT 1 FROM file_refs r JOIN blob_owners b ON b.hash = r.hash AND b.org_id = r.record_id
			WHERE r.hash = ?1 AND r.entity = 'organisation')
		OR (EXISTS (SELECT 1 FROM file_refs WHERE hash = ?1 AND scope IN (?2, ''))
			AND EXISTS (SELECT 1 FROM blob_owners b JOIN records o ON o.entity = 'organisation' AND o.id = b.org_id
				AND json_extract(o.fields, '$.secretariat') = 1 WHERE b.hash = ?1))`, hash, dev.OrgID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// recordFiles notes the files a live record names (none once deleted),
// for the scope that may read them.
func recordFiles(ctx context.Context, tx *Tx, entity, id, scope string, deleted bool, st *syncproto.State) error {
	if !syncproto.CarriesFiles(entity) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM file_refs WHERE entity = ? AND record_id = ?`, entity, id); err != nil {
		return err
	}
	if deleted {
		return nil
	}
	private := privateFiles(entity, st.Fields)
	for _, h := range syncproto.FileHashes(st.Fields) {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO file_refs (hash, scope, entity, record_id, private) VALUES (?, ?, ?, ?, ?)`,
			h, scope, entity, id, private[h]); err != nil {
			return err
		}
	}
	return nil
}

// privateFiles are the files a record keeps within its organisation: an
// activity's attachments with children and no consent to share.
func privateFiles(entity string, fields map[string]json.RawMessage) map[string]bool {
	if entity != syncproto.EntityActivity {
		return nil
	}
	var as []alliance.Attachment
	if json.Unmarshal(fields[alliance.FieldAttachments], &as) != nil {
		return nil
	}
	out := map[string]bool{}
	for _, a := range as {
		if a.Private() {
			out[a.Hash] = true
		}
	}
	return out
}

// serveTus passes an upload request of dev to tusd: only the addresses
// tusd makes (POST to the base, an upload's own address) reach it, with
// the device in the request's context; tusd's plain-text errors are
// answered as JSON like every other error.
func (f *fileSide) serveTus(w http.ResponseWriter, r *http.Request, dev *Device) {
	id := strings.TrimPrefix(r.URL.Path, syncproto.PathFiles)
	switch {
	case id == "" && r.Method == http.MethodPost:
	case uploadID(id) && (r.Method == http.MethodHead || r.Method == http.MethodPatch || r.Method == http.MethodDelete):
	default:
		writeError(w, r, alliance.Errorf(alliance.ENOTFOUND, "no such upload"))
		return
	}
	jw := &jsonErrors{ResponseWriter: w, r: r}
	f.tus.ServeHTTP(jw, r.WithContext(context.WithValue(r.Context(), deviceKey{}, dev)))
	jw.finish()
}

// jsonErrors holds back an error answer of tusd ("ERR_CODE: message" in
// plain text) and answers it as JSON with the same status instead; what
// tusd says of an internal failure (it may name a path) is logged, not sent.
type jsonErrors struct {
	http.ResponseWriter
	r      *http.Request
	status int
	body   []byte
}

func (j *jsonErrors) WriteHeader(status int) {
	if status >= 400 && j.status == 0 {
		j.status = status
		return
	}
	if j.status == 0 {
		j.ResponseWriter.WriteHeader(status)
	}
}

func (j *jsonErrors) Write(p []byte) (int, error) {
	if j.status >= 400 {
		if len(j.body) < 4096 {
			j.body = append(j.body, p[:min(len(p), 4096-len(j.body))]...)
		}
		return len(p), nil
	}
	return j.ResponseWriter.Write(p)
}

// Unwrap lets tusd reach the connection (read deadlines).
func (j *jsonErrors) Unwrap() http.ResponseWriter { return j.ResponseWriter }

var tusCodes = map[int]string{
	http.StatusBadRequest: alliance.EINVALID, http.StatusNotFound: alliance.ENOTFOUND, http.StatusGone: alliance.ENOTFOUND,
	http.StatusConflict: alliance.ECONFLICT, http.StatusRequestEntityTooLarge: alliance.ETOOLARGE,
	http.StatusTooManyRequests: alliance.ELIMITED, http.StatusInsufficientStorage: alliance.EDISKFULL,
	http.StatusForbidden: alliance.EFORBIDDEN, 460: alliance.EINVALID,
}

func (j *jsonErrors) finish() {
	if j.status < 400 {
		return
	}
	tusCode, msg, _ := strings.Cut(strings.TrimSpace(string(j.body)), ": ")
	code, ok := tusCodes[j.status]
	switch {
	case j.status >= 500 && j.status != http.StatusInsufficientStorage:
		log.Printf("syncserver: upload %s %s: %d %s", j.r.Method, j.r.URL.Path, j.status, j.body)
		code, msg = alliance.EUNAVAILABLE, "the server cannot take this file now: it will be tried again"
	case !ok:
		code = alliance.EPROTOCOL
	}
	if msg == "" {
		msg = tusCode
	}
	h := j.ResponseWriter.Header()
	h.Del("Content-Length")
	h.Set("Content-Type", "application/json; charset=utf-8")
	j.ResponseWriter.WriteHeader(j.status)
	if j.r.Method != http.MethodHead {
		_ = json.NewEncoder(j.ResponseWriter).Encode(syncproto.ErrorBody{Code: code, Message: msg})
	}
}
