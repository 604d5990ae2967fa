package syncserver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"filippo.io/age"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/bundle"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// loadBundleKey reads (or makes, at the first open) the server's key pair
// for bundles: laptops encrypt their bundles for its public part.
func (s *Store) loadBundleKey(ctx context.Context) error {
	var secret string
	err := s.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'bundle_identity'`).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return err
		}
		secret = id.String()
		if _, err := s.write.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('bundle_identity', ?)`, secret); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	id, err := age.ParseX25519Identity(secret)
	if err != nil {
		return fmt.Errorf("the server's bundle key: %w", err)
	}
	s.bundleIdentity = id
	return nil
}

// BundleKey is the public key laptops encrypt their bundles for.
func (s *Store) BundleKey() string { return s.bundleIdentity.Recipient().String() }

// ImportResult says what a bundle brought and what its reply carries.
type ImportResult struct {
	Device    *Device
	Acked     int64 // the laptop's changes acknowledged up to this seq
	SetAside  int
	PushError string // why the pushes stopped, when they did
	Files     int    // files taken in
	Records   int    // records in the reply
	Sent      int    // files in the reply

	received []string // hashes of the files taken in

	// Erased: the laptop was revoked as lost; nothing was applied and the
	// reply tells it to erase its children's data.
	Erased bool
	// More: the laptop has more to pull than one reply carries.
	More bool
}

// MaxReplyRecords is about the most records one reply carries when its
// pages are in its document (a laptop of before the compact encoding: the
// server holds that reply in memory while it writes it), and
// MaxStreamedReplyRecords when they are parts written as they are made:
// a laptop with more to pull gets the rest with its next bundle.
// (Variables: tests lower them.)
var (
	MaxReplyRecords         = 20000
	MaxStreamedReplyRecords = 500000
)

// ImportBundle applies a laptop's bundle read from r exactly as its
// pushes would have been applied online (a bundle taken twice, or after
// the laptop synced online, changes nothing) and writes the reply to w:
// the acknowledgement and every page the laptop would pull, encrypted for
// it. A bundle not made for this server, damaged, or from a laptop
// revoked or unknown applies nothing.
func (s *Store) ImportBundle(ctx context.Context, r io.Reader, w io.Writer) (*ImportResult, error) {
	var out bundle.Out
	o, err := bundle.Open(r, s.bundleIdentity, &out, bundle.MaxOutDocument)
	if err != nil {
		return nil, err
	}
	if out.Kind != bundle.KindOut || out.Version != bundle.Version {
		return nil, alliance.Errorf(alliance.EPROTOCOL, "not a laptop's bundle of version %d", bundle.Version)
	}
	dev, err := s.Authenticate(ctx, out.Token)
	var revoked *RevokedError
	if errors.As(err, &revoked) && revoked.Erase && o.Proved(out.Token) {
		return s.eraseReply(ctx, &out, w)
	} else if err != nil {
		return nil, err
	}
	if dev.ID != out.Device || !o.Proved(out.Token) {
		return nil, alliance.Errorf(alliance.EUNAUTHORIZED, "the bundle does not prove the laptop it names")
	}
	to, err := age.ParseX25519Recipient(out.ReplyTo)
	if err != nil {
		return nil, alliance.Errorf(alliance.EPROTOCOL, "the bundle names no key to answer to: %v", err)
	}
	res := &ImportResult{Device: dev}
	rep := bundle.Reply{Kind: bundle.KindReply, Version: bundle.Version, ID: out.ID, Device: dev.ID, MadeAt: s.Now().UTC(),
		RecoveryKey: s.RecoveryKey(), ServerKey: s.BundleKey(), UpTo: out.UpTo}
	// The pushes, one part at a time: the server holds one batch in
	// memory whatever the bundle's size.
	for {
		var p syncproto.PushRequest
		more, err := o.NextPart(&p)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		if rep.PushError != nil {
			continue // the rest waits for the laptop's next bundle
		}
		resp, err := s.Push(ctx, dev, p)
		if err != nil {
			body := errorBody(err)
			rep.PushError, res.PushError = &body, body.Message
			continue
		}
		rep.Pushes = append(rep.Pushes, *resp)
		res.Acked, res.SetAside = resp.AckedUpTo, res.SetAside+len(resp.SetAside)
	}
	if err := s.takeFiles(ctx, o, dev, res); err != nil {
		return nil, err
	}
	rep.Received = res.received
	rep.From = out.Pull.Cursor
	if err := s.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE devices SET last_bundle_at = ?, last_seen = ? WHERE id = ?`, s.now(), s.now(), dev.ID)
		return err
	}); err != nil {
		return nil, err
	}
	if out.Columns {
		// Pages as parts, made as they are written: one page in memory.
		rep.PagesInParts = true
		var refs fileRefs
		err := bundle.WriteStream(w, to, out.Token, rep, func(put func(any) error) error {
			return s.replyPages(ctx, dev, out.Pull, MaxStreamedReplyRecords, res, func(page *syncproto.PullResponse) error {
				if out.WantFiles {
					refs.add(page)
				}
				return put(page)
			})
		}, func() ([]bundle.File, error) {
			if !out.WantFiles {
				return nil, nil
			}
			files, err := s.filesFor(ctx, dev, refs.refs, out.Need)
			res.Sent = len(files)
			return files, err
		})
		if err != nil {
			return nil, fmt.Errorf("write the reply: %w", err)
		}
		return res, nil
	}
	var refs fileRefs
	if err := s.replyPages(ctx, dev, out.Pull, MaxReplyRecords, res, func(page *syncproto.PullResponse) error {
		rep.Pulls = append(rep.Pulls, *page)
		refs.add(page)
		return nil
	}); err != nil {
		return nil, err
	}
	var files []bundle.File
	if out.WantFiles {
		if files, err = s.filesFor(ctx, dev, refs.refs, out.Need); err != nil {
			return nil, err
		}
		for _, f := range files {
			rep.Files = append(rep.Files, f.Ref)
		}
		res.Sent = len(files)
	}
	if err := bundle.Write(w, to, out.Token, rep, nil, files); err != nil {
		return nil, fmt.Errorf("write the reply: %w", err)
	}
	return res, nil
}

// replyPages pulls for a reply from req, page after page, giving each to
// fn, until the laptop has all or about max records came.
func (s *Store) replyPages(ctx context.Context, dev *Device, req syncproto.PullRequest, max int, res *ImportResult,
	fn func(*syncproto.PullResponse) error) error {
	req.Limit = min(syncproto.MaxPullRecords, max)
	for {
		page, err := s.Pull(ctx, dev, req)
		if err != nil {
			return err
		}
		if err := fn(page); err != nil {
			return err
		}
		res.Records += len(page.Records)
		if page.Resync { // the cursor is older than the kept history: everything, from the start
			req.Cursor, req.ConflictCursor, req.Full = 0, 0, true
			continue
		}
		if !page.More || res.Records >= max {
			res.More = page.More // the rest comes with the laptop's next bundle
			return nil
		}
		req.Cursor, req.ConflictCursor = page.Cursor, page.ConflictCursor
	}
}

// fileRefs are the files the pulled records name.
type fileRefs struct{ refs []alliance.FileRef }

func (f *fileRefs) add(page *syncproto.PullResponse) {
	for _, r := range page.Records {
		if syncproto.CarriesFiles(r.Entity) {
			f.refs = append(f.refs, syncproto.FileRefs(r.Fields)...)
		}
	}
}

// eraseReply answers the bundle of a laptop revoked as lost: nothing of it
// is applied, and its reply tells it to erase the children's data.
func (s *Store) eraseReply(ctx context.Context, out *bundle.Out, w io.Writer) (*ImportResult, error) {
	to, err := age.ParseX25519Recipient(out.ReplyTo)
	if err != nil {
		return nil, alliance.Errorf(alliance.EPROTOCOL, "the bundle names no key to answer to: %v", err)
	}
	var d *Device
	err = s.view(ctx, func(tx *sql.Tx) (err error) {
		d, err = scanDevice(tx.QueryRowContext(ctx, deviceQuery+` WHERE d.token_hash = ?`, hashToken(out.Token)))
		return err
	})
	if err != nil || d.ID != out.Device {
		return nil, alliance.Errorf(alliance.EUNAUTHORIZED, "the bundle does not prove the laptop it names")
	}
	if err := s.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE devices SET erase_told_at = ? WHERE id = ?`, s.now(), d.ID)
		return err
	}); err != nil {
		return nil, err
	}
	rep := bundle.Reply{Kind: bundle.KindReply, Version: bundle.Version, ID: out.ID, Device: d.ID, MadeAt: s.Now().UTC(), Erase: true,
		From: -1}
	if err := bundle.Write(w, to, out.Token, rep, nil, nil); err != nil {
		return nil, fmt.Errorf("write the reply: %w", err)
	}
	return &ImportResult{Device: d, Erased: true}, nil
}

// takeFiles keeps the files a bundle carries, each checked against its
// hash, as an upload of that laptop would be.
func (s *Store) takeFiles(ctx context.Context, o *bundle.Opened, dev *Device, res *ImportResult) error {
	blobs, err := filestore.Open(filepath.Join(s.Dir, "blobs"))
	if err != nil {
		return err
	}
	for {
		hash, size, r, err := o.Next()
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		got, n, fresh, err := blobs.Put(r, syncproto.MaxFileBytes)
		if err != nil {
			return err
		}
		if got != hash || n != size {
			if fresh {
				os.Remove(blobs.Path(got))
			}
			return alliance.Keyed(alliance.EINVALID, "error.bundle_damaged", nil, "file %s in the bundle does not match its name", hash)
		}
		if err := s.update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO blob_owners (hash, org_id) VALUES (?, ?)`, hash, dev.OrgID)
			return err
		}); err != nil {
			return err
		}
		res.Files++
		res.received = append(res.received, hash)
	}
}

// filesFor are the files the pulled records name that the laptop may read
// and the server holds.
func (s *Store) filesFor(ctx context.Context, dev *Device, named []alliance.FileRef, need []string) ([]bundle.File, error) {
	blobs, err := filestore.Open(filepath.Join(s.Dir, "blobs"))
	if err != nil {
		return nil, err
	}
	var refs []alliance.FileRef
	for _, h := range need {
		if alliance.ValidHash(h) {
			refs = append(refs, alliance.FileRef{Hash: h})
		}
	}
	refs = append(refs, named...)
	seen := map[string]bool{}
	var out []bundle.File
	for _, ref := range refs {
		if seen[ref.Hash] || !blobs.Has(ref.Hash) {
			continue
		}
		seen[ref.Hash] = true
		if ok, err := s.maySee(ctx, dev, ref.Hash); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		st, err := os.Stat(blobs.Path(ref.Hash))
		if err != nil {
			continue
		}
		ref.Size = st.Size()
		path := blobs.Path(ref.Hash)
		out = append(out, bundle.File{Ref: ref, Open: func() (io.ReadCloser, error) { return os.Open(path) }})
	}
	return out, nil
}

// errorBody is err as the API answers it (writeError's words).
func errorBody(err error) syncproto.ErrorBody {
	body := syncproto.ErrorBody{Code: alliance.ErrorCode(err), Message: alliance.ErrorMessage(err)}
	var gap *SeqGapError
	if errors.As(err, &gap) {
		body = syncproto.ErrorBody{Code: alliance.ESEQUENCE, Message: gap.Error(), Expected: gap.Expected}
	}
	if body.Code == alliance.EINTERNAL {
		body.Message = "internal error"
	}
	return body
}

// MaxBundleBytes is the largest bundle a laptop may hand in through the
// API (a relay carrying a colleague's films: those travel by USB stick
// and `bundle import` beyond this).
const MaxBundleBytes = 2 << 30

// serveBundle takes a bundle that an enrolled laptop carried (its own or
// a colleague's: the bundle proves its own laptop) and answers with the
// reply, written whole before the answer starts so that a failure is
// answered as one.
func serveBundle(w http.ResponseWriter, r *http.Request, s *Store, g *gate) {
	leave, err := g.enter(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	defer leave()
	// A bundle with films takes longer than a push: an hour, not the
	// server's five minutes.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(time.Hour))
	_ = rc.SetWriteDeadline(time.Now().Add(time.Hour))
	if r.ContentLength > MaxBundleBytes {
		writeError(w, r, alliance.Errorf(alliance.ETOOLARGE, "a bundle of over %d MB: import it with alliance-server bundle import", MaxBundleBytes>>20))
		return
	}
	tmp, err := os.CreateTemp(s.Dir, "reply-*")
	if err != nil {
		writeError(w, r, alliance.OSError(err, s.Dir))
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := s.ImportBundle(r.Context(), http.MaxBytesReader(w, r.Body, MaxBundleBytes), tmp); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			err = alliance.Errorf(alliance.ETOOLARGE, "a bundle of over %d MB", MaxBundleBytes>>20)
		}
		writeError(w, r, err)
		return
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		writeError(w, r, alliance.OSError(err, s.Dir))
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, tmp)
}
