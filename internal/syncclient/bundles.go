package syncclient

import (
	"context"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/bundle"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// BundleFiles is the laptop's file store as bundles use it.
type BundleFiles interface {
	Has(hash string) bool
	Open(hash string) (*filestore.File, error)
	Put(r io.Reader, max int64) (hash string, size int64, fresh bool, err error)
}

// BundleInfo says what a bundle carries.
type BundleInfo struct {
	Changes int
	Files   int
}

// WriteBundle writes to w everything the server has not acknowledged — the
// waiting changes, and when files is not nil the files waiting to be
// sent — with where the laptop's pull stands, encrypted for the server;
// its reply brings the laptop to where an online sync would (ReadReply).
// Writing one changes nothing on the laptop: a bundle lost on the way is
// written again, with whatever came since.
func (s *Syncer) WriteBundle(ctx context.Context, w io.Writer, files BundleFiles) (*BundleInfo, error) {
	s.busy.Lock()
	defer s.busy.Unlock()
	e, err := s.enrolment(ctx)
	if err != nil {
		return nil, err
	}
	if e.ServerKey == "" {
		return nil, alliance.Keyed(alliance.EUNAVAILABLE, "bundle.error.no_server_key", nil,
			"the server's key for files has not reached this laptop: it comes with the next sync online")
	}
	server, err := age.ParseX25519Recipient(e.ServerKey)
	if err != nil {
		return nil, fmt.Errorf("the server's key for files: %w", err)
	}
	self, err := s.store.BundleIdentity(ctx)
	if err != nil {
		return nil, err
	}
	out := bundle.Out{Kind: bundle.KindOut, Version: bundle.Version, ID: alliance.NewID(), Device: e.DeviceID, Token: e.Token,
		MadeAt: s.opt.Now().UTC(), ReplyTo: self.Recipient().String(), WantFiles: files != nil, Columns: true}
	cursor, err := s.store.PushCursor(ctx)
	if err != nil {
		return nil, err
	}
	info := &BundleInfo{}
	var pushes []any
	var after int64
	for {
		batch, err := s.store.PushBatchAfter(ctx, after, syncproto.MaxPushChanges, syncproto.MaxPushBytes)
		if err != nil {
			return nil, err
		}
		if len(batch) == 0 {
			break
		}
		// The laptop's outbox holds every change the server has not
		// acknowledged: those before a batch were acknowledged, or set
		// aside here — said, so that a gap never stops the bundle.
		push := &syncproto.PushRequest{Protocol: syncproto.Version, Changes: batch, Cursor: cursor, SkipTo: batch[0].Seq - 1}
		if e.Columns {
			pushes = append(pushes, push) // the compact encoding (bundle.Compact)
		} else {
			pushes = append(pushes, *push)
		}
		info.Changes += len(batch)
		after = batch[len(batch)-1].Seq
	}
	pc, cc, full, err := s.store.PullCursor(ctx)
	if err != nil {
		return nil, err
	}
	out.Pull = syncproto.PullRequest{Protocol: syncproto.Version, Cursor: pc, ConflictCursor: cc, Full: full,
		App: s.opt.App, Platform: s.opt.Platform}
	var carried []bundle.File
	if files != nil {
		refs, err := s.store.PendingUploads(ctx)
		if err != nil {
			return nil, err
		}
		for _, ref := range refs {
			if !files.Has(ref.Hash) {
				continue // another laptop's to send
			}
			f, err := files.Open(ref.Hash)
			if err != nil {
				return nil, err
			}
			f.Close()
			ref := ref
			out.Files = append(out.Files, ref)
			carried = append(carried, bundle.File{Ref: ref, Open: func() (io.ReadCloser, error) { return files.Open(ref.Hash) }})
		}
		info.Files = len(carried)
		if out.Need, err = s.store.PendingDownloads(ctx); err != nil {
			return nil, err
		}
	}
	out.Pushes, out.UpTo = len(pushes), after
	if after == 0 {
		next, err := s.store.NextSeq(ctx)
		if err != nil {
			return nil, err
		}
		out.UpTo = next - 1
	}
	if err := bundle.Write(w, server, e.Token, out, pushes, carried); err != nil {
		return nil, err
	}
	return info, nil
}

// enrolment is the laptop's connection, or why it has none.
func (s *Syncer) enrolment(ctx context.Context) (syncproto.Enrolment, error) {
	e, err := s.store.Enrolment(ctx)
	if err == nil && !e.Enrolled() {
		err = errNotEnrolled()
	}
	return e, err
}

func errNotEnrolled() error {
	return alliance.Keyed(alliance.EUNAUTHORIZED, "sync.not_enrolled", nil, "this laptop is not enrolled with a server")
}

// ReplyInfo says what a reply did.
type ReplyInfo struct {
	AckedUpTo int64  // the server acknowledged the laptop's changes up to this one
	SetAside  int    // of which it set aside
	PushError string // why the server stopped taking the bundle's changes
	Records   int    // records taken
	Stale     bool   // the reply is older than the laptop's last sync: its records were not taken
	More      bool   // the server has more for this laptop: the next bundle brings it
	Files     int    // files taken
}

// ReadReply takes the server's reply to a bundle of this laptop: the
// acknowledgement, then the pages it would have pulled — unless the laptop
// synced since (online, or with a newer reply), whose records are newer —
// and the files it carries. Taken twice, it changes nothing the second
// time.
func (s *Syncer) ReadReply(ctx context.Context, r io.Reader, files BundleFiles) (*ReplyInfo, error) {
	s.busy.Lock()
	defer s.busy.Unlock()
	e, err := s.enrolment(ctx)
	if err != nil {
		return nil, err
	}
	self, err := s.store.BundleIdentity(ctx)
	if err != nil {
		return nil, err
	}
	var rep bundle.Reply
	o, err := bundle.Open(r, self, &rep, bundle.MaxDocument)
	if errors.Is(err, bundle.ErrNotForUs) {
		return nil, alliance.Keyed(alliance.EINVALID, "bundle.error.not_ours", nil, "this reply was made for another laptop")
	} else if err != nil {
		return nil, err
	}
	if rep.Kind != bundle.KindReply || rep.Version != bundle.Version || rep.Device != e.DeviceID || !o.Proved(e.Token) {
		return nil, alliance.Keyed(alliance.EINVALID, "bundle.error.not_ours", nil, "this reply was not made for this laptop by its server")
	}
	if rep.Erase {
		// Revoked as lost, and told by file: the same as online.
		if err := s.erase(ctx); err != nil {
			return nil, alliance.Keyed(alliance.EREVOKED, "sync.error.erase_failed", nil, "revoked as lost; erasing failed: %v", err)
		}
		err := alliance.Keyed(alliance.EREVOKED, "sync.error.erased", nil,
			"the secretariat disconnected this laptop as lost: the children's data on it was erased")
		s.setStatus(func(st *alliance.SyncStatus) { st.State, st.Err = alliance.SyncError, err })
		return nil, err
	}
	info := &ReplyInfo{}
	for i := range rep.Pushes {
		resp := &rep.Pushes[i]
		if err := s.store.Acknowledge(ctx, resp); err != nil {
			return nil, err
		}
		info.AckedUpTo, info.SetAside = resp.AckedUpTo, info.SetAside+len(resp.SetAside)
		if err := s.noteEpoch(ctx, resp.Epoch); err != nil {
			return nil, err
		}
	}
	if rep.PushError != nil {
		info.PushError = rep.PushError.Message
	}
	cursor, _, _, err := s.store.PullCursor(ctx)
	if err != nil {
		return nil, err
	}
	// Its pages are the server's state when the bundle came in: not
	// applied over a newer pull, nor over changes this laptop pushed
	// online since the bundle (acknowledged, they are no longer kept
	// over older values).
	next, err := s.store.NextSeq(ctx)
	if err != nil {
		return nil, err
	}
	apply := func(page *syncproto.PullResponse) error {
		if err := s.store.ApplyPull(ctx, page); err != nil {
			return err
		}
		info.Records += len(page.Records)
		info.More = page.More
		return s.noteEpoch(ctx, page.Epoch)
	}
	switch {
	case rep.From != cursor || next > rep.UpTo+1:
		info.Stale = true
	case rep.PagesInParts:
		// One page at a time, as it is read (each kept aside but the last).
		for {
			var page syncproto.PullResponse
			ok, err := o.NextPart(&page)
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			if err := apply(&page); err != nil {
				return nil, err
			}
		}
	default:
		for i := range rep.Pulls {
			if err := apply(&rep.Pulls[i]); err != nil {
				return nil, err
			}
		}
	}
	for {
		hash, size, fr, err := o.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		if files == nil || files.Has(hash) {
			continue
		}
		got, n, _, err := files.Put(fr, syncproto.MaxFileBytes)
		if err != nil {
			return nil, err
		}
		if got != hash || n != size {
			return nil, alliance.Keyed(alliance.EINVALID, "error.bundle_damaged", nil, "file %s in the reply does not match its name", hash)
		}
		info.Files++
	}
	if err := s.store.MarkUploaded(ctx, rep.Received); err != nil {
		return nil, err
	}
	now := s.opt.Now()
	if err := s.store.SetLastSuccess(ctx, now); err != nil {
		return nil, err
	}
	if err := s.loadStatus(ctx); err != nil {
		return nil, err
	}
	return info, nil
}

// Laptops asks the server for the laptops and their last sync (see
// alliance.SyncService).
func (s *Syncer) Laptops(ctx context.Context) ([]alliance.Laptop, int, error) {
	c := s.apiClient()
	if c == nil {
		return nil, 0, errNotEnrolled()
	}
	resp, err := c.Devices(ctx)
	if err != nil {
		return nil, 0, UserError(err)
	}
	out := make([]alliance.Laptop, 0, len(resp.Devices))
	for _, d := range resp.Devices {
		out = append(out, alliance.Laptop{Name: d.Name, OrgID: d.OrgID, LastSync: d.LastSync, ByFile: d.ByFile, Overdue: d.Overdue})
	}
	return out, resp.OverdueDays, nil
}
