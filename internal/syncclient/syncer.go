package syncclient

import (
	"context"
	"errors"
	"log"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"filippo.io/age"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Store is what the syncer needs of the laptop's store.
type Store interface {
	// Node is the clock node the laptop stamps with (and numbers its
	// certificates by); NextSeq the first outbox seq it will push.
	Node() string
	NextSeq(ctx context.Context) (int64, error)
	Enrolment(ctx context.Context) (syncproto.Enrolment, error)
	// SaveEnrolment stores the connection and gives the records made
	// before it (with no organisation) the device's organisation.
	SaveEnrolment(ctx context.Context, e syncproto.Enrolment, serverHLC string) error
	PendingChanges(ctx context.Context) (int, error)
	// PushBatch returns the oldest waiting changes, at most max of them
	// and about maxBytes of JSON.
	PushBatch(ctx context.Context, max, maxBytes int) ([]syncproto.Change, error)
	// PushBatchAfter is PushBatch of the changes after seq (a bundle).
	PushBatchAfter(ctx context.Context, after int64, max, maxBytes int) ([]syncproto.Change, error)
	// BundleIdentity is the laptop's key its reply bundles are
	// encrypted for; PendingUploads the files waiting to be sent, and
	// MarkUploaded notes those a reply says the server took.
	BundleIdentity(ctx context.Context) (*age.X25519Identity, error)
	PendingUploads(ctx context.Context) ([]alliance.FileRef, error)
	PendingDownloads(ctx context.Context) ([]string, error)
	MarkUploaded(ctx context.Context, hashes []string) error
	// Acknowledge drops the changes the server acknowledged, keeping those
	// it set aside (with their reasons) for the user to see.
	Acknowledge(ctx context.Context, resp *syncproto.PushResponse) error
	// SetAsideLocally keeps changes the server cannot take at all (413).
	SetAsideLocally(ctx context.Context, seqs []int64, code, message string) error
	// PushCursor is how far the laptop has pulled, as the server may count
	// on it (before any record held here).
	PushCursor(ctx context.Context) (int64, error)
	// PullCursor returns where the next pull starts, and whether a full
	// resync is under way (the server then leaves nothing out).
	PullCursor(ctx context.Context) (cursor, conflictCursor int64, full bool, err error)
	// ApplyPull applies one page and its cursor in one transaction.
	ApplyPull(ctx context.Context, page *syncproto.PullResponse) error
	// NoteEpoch remembers the server's epoch from an answer; when it knew
	// another, the server was restored from a backup: it queues this
	// laptop's records again and pulls from the start (restored true).
	NoteEpoch(ctx context.Context, epoch string) (restored bool, err error)
	SetLastSuccess(ctx context.Context, t time.Time) error
	LastSuccess(ctx context.Context) (time.Time, error)
	SetAside(ctx context.Context) ([]alliance.SetAside, error)
	Held(ctx context.Context) ([]alliance.Held, error)
	Conflicts(ctx context.Context) ([]alliance.Conflict, error)
	ResolveConflict(ctx context.Context, id int64, keepMine bool) error
	// OnChange registers fn for every committed local change.
	OnChange(fn func())
}

// Options tune the syncer; zero values take the defaults.
type Options struct {
	// Ready tells whether the laptop's data can be read and written (its
	// data key opened by a sign-in); until it is, no round runs. nil:
	// always.
	Ready      func() bool
	Interval   time.Duration // a round at least this often (default 2 min)
	Debounce   time.Duration // wait this long after a local change (default 3 s)
	MinBackoff time.Duration // first retry after a failure (default 2 s)
	MaxBackoff time.Duration // longest wait between probes (default 5 min)
	PushBatch  int           // changes per push (default syncproto.MaxPushChanges)
	PullPage   int           // records per pull (default syncproto.MaxPullRecords)
	Now        func() time.Time
	// Insecure allows plain HTTP to a public address even when the
	// enrolment did not (the command line's --insecure).
	Insecure bool
	// App and Platform tell the server the version the laptop runs and
	// what on (1.2.0, windows-amd64), for it to offer a newer one.
	App      string
	Platform string
}

// Syncer pushes and pulls in the background. Open starts it, Close stops
// it; it wakes on a local change (debounced), on a timer and on SyncNow,
// and when the server cannot be reached it backs off with jitter, probing
// until it answers.
type Syncer struct {
	store Store
	opt   Options

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	wake   chan struct{} // a local change
	now    chan struct{} // SyncNow

	busy sync.Mutex // a round, or a bundle written or read: one at a time

	mu        sync.Mutex
	status    alliance.SyncStatus
	listeners []func(alliance.SyncStatus)
	rounds    []func() // after each successful round
	releases  []func(*syncproto.ReleaseOffer)
	erasers   []func(ctx context.Context) error
	client    *Client
}

// New returns a syncer over store; call Open to start it.
func New(store Store, opt Options) *Syncer {
	if opt.Interval <= 0 {
		opt.Interval = 2 * time.Minute
	}
	if opt.Debounce <= 0 {
		opt.Debounce = 3 * time.Second
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 2 * time.Second
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 5 * time.Minute
	}
	if opt.PushBatch <= 0 || opt.PushBatch > syncproto.MaxPushChanges {
		opt.PushBatch = syncproto.MaxPushChanges
	}
	if opt.PullPage <= 0 {
		opt.PullPage = syncproto.MaxPullRecords
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Syncer{store: store, opt: opt, wake: make(chan struct{}, 1), now: make(chan struct{}, 1),
		status: alliance.SyncStatus{State: alliance.SyncNotEnrolled}}
}

// Open loads the enrolment and starts the loop.
func (s *Syncer) Open() error {
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if err := s.loadStatus(s.ctx); err != nil {
		return err
	}
	s.store.OnChange(func() {
		select {
		case s.wake <- struct{}{}:
		default:
		}
		s.refreshPending()
	})
	s.wg.Add(1)
	go s.loop()
	return nil
}

// Close stops the loop and waits for it: a round in flight is cut off
// (what it did not finish is done again next time, exactly once).
func (s *Syncer) Close() error {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
	return nil
}

// SyncNow starts a round at once (or right after the current one).
func (s *Syncer) SyncNow() {
	select {
	case s.now <- struct{}{}:
	default:
	}
}

// Status returns the current status.
func (s *Syncer) Status() alliance.SyncStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// OnStatus registers fn for every status change.
func (s *Syncer) OnStatus(fn func(alliance.SyncStatus)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, fn)
}

// OnErase registers fn to run when the server says this laptop was
// revoked as lost: fn erases the children's data of its part (records,
// files) and signs everyone out.
func (s *Syncer) OnErase(fn func(ctx context.Context) error) {
	s.mu.Lock()
	s.erasers = append(s.erasers, fn)
	s.mu.Unlock()
}

// erase runs the erasers; each runs whatever the others did.
func (s *Syncer) erase(ctx context.Context) error {
	s.mu.Lock()
	fns := append([]func(ctx context.Context) error{}, s.erasers...)
	s.mu.Unlock()
	var errs []error
	for _, fn := range fns {
		errs = append(errs, fn(context.WithoutCancel(ctx)))
	}
	return errors.Join(errs...)
}

// OnRelease registers fn for the release the server offers at the end of
// every pull (nil: none).
func (s *Syncer) OnRelease(fn func(*syncproto.ReleaseOffer)) {
	s.mu.Lock()
	s.releases = append(s.releases, fn)
	s.mu.Unlock()
}

// OnRound registers fn to run after every successful round (the file
// transfers follow the records).
func (s *Syncer) OnRound(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rounds = append(s.rounds, fn)
}

func (s *Syncer) setStatus(edit func(st *alliance.SyncStatus)) {
	s.mu.Lock()
	edit(&s.status)
	st := s.status
	ls := append([]func(alliance.SyncStatus){}, s.listeners...)
	s.mu.Unlock()
	for _, fn := range ls {
		fn(st)
	}
}

func (s *Syncer) refreshPending() {
	ctx := s.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	n, err := s.store.PendingChanges(ctx)
	if err == nil {
		s.setStatus(func(st *alliance.SyncStatus) { st.Pending = n })
	}
}

func (s *Syncer) loadStatus(ctx context.Context) error {
	e, err := s.store.Enrolment(ctx)
	if err != nil {
		return err
	}
	last, err := s.store.LastSuccess(ctx)
	if err != nil {
		return err
	}
	n, err := s.store.PendingChanges(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	if e.Enrolled() {
		s.client, err = NewClient(e.Server, e.Token, e.Insecure || s.opt.Insecure)
		if err != nil {
			s.mu.Unlock()
			return err
		}
		s.client.SetColumns(e.Columns)
	}
	s.mu.Unlock()
	s.setStatus(func(st *alliance.SyncStatus) {
		st.Pending, st.LastSuccess, st.Server, st.OrgName, st.Secretariat = n, last, e.Server, e.OrgName, e.Secretariat
		st.RemindDays = e.RemindDays
		if e.Enrolled() {
			st.State = alliance.SyncSyncing // a round starts right away
		} else {
			st.State = alliance.SyncNotEnrolled
		}
	})
	return nil
}

// loop runs rounds: right away, then on a local change (after a pause in
// changes), on SyncNow and on the timer; after a failure it probes with
// growing, jittered waits until the server answers.
func (s *Syncer) loop() {
	defer s.wg.Done()
	backoff := time.Duration(0)
	next := time.Duration(0) // run at once at start
	for {
		timer := time.NewTimer(next)
		select {
		case <-s.ctx.Done():
			timer.Stop()
			return
		case <-s.now:
			backoff = 0
		case <-s.wake:
			if !s.debounce() {
				timer.Stop()
				return
			}
		case <-timer.C:
			if backoff > 0 && !s.probe() {
				backoff = s.nextBackoff(backoff)
				next = s.jitter(backoff)
				continue
			}
		}
		timer.Stop()
		if s.opt.Ready != nil && !s.opt.Ready() {
			next = s.opt.Interval // a sign-in wakes it (SyncNow)
			continue
		}
		err := s.Round(s.ctx)
		switch {
		case s.ctx.Err() != nil:
			return
		case err == nil:
			backoff, next = 0, s.opt.Interval
		case alliance.ErrorCode(err) == alliance.EUNAVAILABLE:
			backoff = s.nextBackoff(backoff)
			next = s.jitter(backoff)
			s.setStatus(func(st *alliance.SyncStatus) { st.NextTry = s.opt.Now().Add(next) })
		default:
			// Needs a person (revoked, refused): try again on the timer.
			backoff, next = 0, s.opt.Interval
		}
	}
}

// debounce waits until local changes pause; false when the syncer stops.
func (s *Syncer) debounce() bool {
	t := time.NewTimer(s.opt.Debounce)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return false
		case <-s.wake:
			t.Reset(s.opt.Debounce)
		case <-s.now:
			return true
		case <-t.C:
			return true
		}
	}
}

func (s *Syncer) nextBackoff(b time.Duration) time.Duration {
	if b == 0 {
		return s.opt.MinBackoff
	}
	return min(2*b, s.opt.MaxBackoff)
}

// jitter spreads d over [d/2, 3d/2) so that laptops do not retry together.
func (s *Syncer) jitter(d time.Duration) time.Duration {
	return d/2 + time.Duration(rand.Int64N(int64(d)+1))
}

// probe asks the server for its status: cheap, to learn when it is back.
func (s *Syncer) probe() bool {
	c := s.apiClient()
	if c == nil {
		return true // not enrolled: let the round say so
	}
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	_, err := c.Status(ctx)
	return err == nil
}

// Traffic returns the bytes sent to and received from the server since
// the laptop connected (records and files).
func (s *Syncer) Traffic() (sent, recv int64) {
	if c := s.apiClient(); c != nil {
		return c.Bytes()
	}
	return 0, 0
}

func (s *Syncer) apiClient() *Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

// errTryLater is a server error (5xx): like an unreachable server, it is
// retried by itself.
var errTryLater = &NetError{Err: errors.New("the server asks to try later")}

// Round pushes every waiting change and pulls every new record once. It
// returns nil when all went through.
func (s *Syncer) Round(ctx context.Context) error {
	s.busy.Lock()
	defer s.busy.Unlock()
	c := s.apiClient()
	if c == nil {
		if err := s.loadStatus(ctx); err != nil {
			return err
		}
		c = s.apiClient()
	}
	if c == nil {
		s.setStatus(func(st *alliance.SyncStatus) { st.State = alliance.SyncNotEnrolled })
		return errNotEnrolled()
	}
	pending, err := s.store.PendingChanges(ctx)
	if err != nil {
		return err
	}
	sent0, recv0 := c.Bytes()
	s.setStatus(func(st *alliance.SyncStatus) {
		st.State, st.Done, st.Total, st.Pending, st.Err, st.Kept = alliance.SyncSyncing, 0, pending, pending, nil, 0
	})
	progress := func(done int) {
		sent, recv := c.Bytes()
		s.setStatus(func(st *alliance.SyncStatus) {
			st.Done, st.BytesSent, st.BytesRecv = done, sent-sent0, recv-recv0
			st.Total = max(st.Total, done)
		})
	}
	done, err := s.push(ctx, c, progress)
	if err == nil {
		err = s.pull(ctx, c, done, progress)
	}
	if err == nil {
		// Changes queued while pulling (this laptop's records replayed to a
		// server restored from a backup, a form saved meanwhile) go now.
		var more int
		if more, err = s.store.PendingChanges(ctx); err == nil && more > 0 {
			_, err = s.push(ctx, c, progress)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var ae *APIError
		lost := errors.As(err, &ae) && ae.Body.Code == alliance.EREVOKED && ae.Body.Erase
		err = UserError(err)
		if lost {
			// Revoked as lost or stolen: what names children goes from
			// this laptop, and it says why.
			if eerr := s.erase(ctx); eerr != nil {
				log.Printf("syncclient: erase as told: %v", eerr)
				err = alliance.Keyed(alliance.EREVOKED, "sync.error.erase_failed", nil, "revoked as lost; erasing failed: %v", eerr)
			} else {
				err = alliance.Keyed(alliance.EREVOKED, "sync.error.erased", nil,
					"the secretariat disconnected this laptop as lost: the children's data on it was erased")
			}
		}
		state := alliance.SyncError
		if alliance.ErrorCode(err) == alliance.EUNAVAILABLE {
			state = alliance.SyncOffline
		}
		s.setStatus(func(st *alliance.SyncStatus) { st.State, st.Err = state, err })
		s.refreshPending()
		return err
	}
	now := s.opt.Now()
	if err := s.store.SetLastSuccess(ctx, now); err != nil {
		log.Printf("syncclient: %v", err)
	}
	pending, _ = s.store.PendingChanges(ctx)
	s.setStatus(func(st *alliance.SyncStatus) {
		st.State, st.LastSuccess, st.Pending, st.Err, st.NextTry = alliance.SyncUpToDate, now, pending, nil, time.Time{}
	})
	s.mu.Lock()
	rounds := append([]func(){}, s.rounds...)
	s.mu.Unlock()
	for _, fn := range rounds {
		fn()
	}
	return nil
}

// push sends the outbox in batches until it is empty. A batch that does
// not continue where the server's count stands (changes set aside here in
// between) is sent again with the gap declared; a change too large to be
// taken at all is set aside here; a laptop the server finds to be a copy
// of another (ECLONED) stops until it is connected again.
func (s *Syncer) push(ctx context.Context, c *Client, progress func(int)) (int, error) {
	done, size := 0, s.opt.PushBatch
	var skipTo int64
	for {
		batch, err := s.store.PushBatch(ctx, size, syncproto.MaxPushBytes)
		if err != nil || len(batch) == 0 {
			return done, err
		}
		cursor, err := s.store.PushCursor(ctx)
		if err != nil {
			return done, err
		}
		resp, err := c.Push(ctx, syncproto.PushRequest{Changes: batch, Cursor: cursor, SkipTo: skipTo})
		var ae *APIError
		switch {
		case errors.As(err, &ae) && ae.Body.Code == alliance.ESEQUENCE && ae.Body.Expected > 0 &&
			ae.Body.Expected < batch[0].Seq && skipTo == 0:
			// The changes from Expected to the batch's first are not in
			// this laptop's outbox (set aside here, or sent before this
			// version): say so, once.
			skipTo = batch[0].Seq - 1
			continue
		case errors.As(err, &ae) && ae.Status == 413:
			if len(batch) == 1 {
				if err := s.store.SetAsideLocally(ctx, []int64{batch[0].Seq}, alliance.ETOOLARGE, ae.Body.Message); err != nil {
					return done, err
				}
				continue
			}
			size = max(1, len(batch)/2)
			continue
		case errors.As(err, &ae) && (ae.Status >= 500 || ae.Status == 429):
			return done, errTryLater
		case err != nil:
			return done, err
		}
		skipTo = 0
		if err := s.store.Acknowledge(ctx, resp); err != nil {
			return done, err
		}
		done += len(batch)
		progress(done)
		if err := s.noteEpoch(ctx, resp.Epoch); err != nil {
			return done, err
		}
	}
}

// noteEpoch tells the store the server's epoch; a server restored from a
// backup is logged (the store has queued this laptop's records again and
// the pull starts over).
func (s *Syncer) noteEpoch(ctx context.Context, epoch string) error {
	restored, err := s.store.NoteEpoch(ctx, epoch)
	if restored {
		log.Printf("syncclient: the server was restored from a backup: this laptop's records are sent again, and read again from it")
	}
	return err
}

// pull applies pages until the server has no more. The next page is
// asked for as soon as the answer's head says where it starts (before the
// page's body comes down a slow link; after the page, from a server that
// does not say), so that the server and the wire work while the laptop
// receives and writes; a page asked for at a cursor the store does not
// then give (the page before failed, a resync) is never applied.
func (s *Syncer) pull(ctx context.Context, c *Client, done int, progress func(int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type fetch struct {
		req   syncproto.PullRequest
		early chan syncproto.PullRequest // the next page's request, from this one's head
		page  *syncproto.PullResponse
		err   error
		done  chan struct{}
	}
	start := func(req syncproto.PullRequest) *fetch {
		f := &fetch{req: req, early: make(chan syncproto.PullRequest, 1), done: make(chan struct{})}
		go func() {
			defer close(f.done)
			f.page, f.err = c.PullEarly(ctx, req, func(cursor, conflict int64) {
				next := req
				next.Cursor, next.ConflictCursor = cursor, conflict
				f.early <- next
			})
		}()
		return f
	}
	cursor, ccursor, full, err := s.store.PullCursor(ctx)
	if err != nil {
		return err
	}
	kept := 0
	cur := start(syncproto.PullRequest{Cursor: cursor, ConflictCursor: ccursor, Limit: s.opt.PullPage, Full: full,
		App: s.opt.App, Platform: s.opt.Platform})
	for {
		var ahead *fetch
		for waiting := true; waiting; {
			select {
			case next := <-cur.early:
				ahead = start(next)
			case <-cur.done:
				waiting = false
			}
		}
		var ae *APIError
		if errors.As(cur.err, &ae) && ae.Status >= 500 {
			return errTryLater
		} else if cur.err != nil {
			return cur.err
		}
		page := cur.page
		if ahead == nil && page.More && !page.Resync {
			next := cur.req
			next.Cursor, next.ConflictCursor = page.Cursor, page.ConflictCursor
			ahead = start(next)
		}
		if err := s.store.ApplyPull(ctx, page); err != nil {
			return err
		}
		done += len(page.Records)
		if page.More && !page.Resync {
			kept += len(page.Records)
		} else {
			kept = 0 // applied, or started over
		}
		s.setStatus(func(st *alliance.SyncStatus) { st.Kept = kept })
		progress(done)
		if err := s.noteEpoch(ctx, page.Epoch); err != nil {
			return err
		}
		if !page.More {
			s.mu.Lock()
			fns := append([]func(*syncproto.ReleaseOffer){}, s.releases...)
			s.mu.Unlock()
			for _, fn := range fns {
				fn(page.Release)
			}
			return nil
		}
		cursor, ccursor, full, err := s.store.PullCursor(ctx)
		if err != nil {
			return err
		}
		want := cur.req
		want.Cursor, want.ConflictCursor, want.Full = cursor, ccursor, full
		if ahead != nil && ahead.req == want {
			cur = ahead
		} else {
			cur = start(want)
		}
	}
}

// Enroll connects the laptop: it spends the code with the server, stores
// the token and starts syncing. The server makes the laptop a new device
// each time (after a revocation, or when it found the laptop to be a copy
// of another), which continues the laptop's outbox: nothing unsent is
// lost. Plain http:// to a public address needs insecure.
func (s *Syncer) Enroll(ctx context.Context, address, code, deviceName string, insecure bool) error {
	c, err := NewClient(address, "", insecure)
	if err != nil {
		return err
	}
	if strings.TrimSpace(code) == "" {
		return alliance.Keyed(alliance.EINVALID, "sync.error.no_code", nil, "the enrolment code is empty")
	}
	next, err := s.store.NextSeq(ctx)
	if err != nil {
		return err
	}
	resp, err := c.Enroll(ctx, syncproto.EnrollRequest{Code: code, Node: s.store.Node(), NextSeq: next, Name: deviceName})
	if err != nil {
		return UserError(err)
	}
	e := syncproto.Enrolment{Server: c.Base(), DeviceID: resp.DeviceID, Node: resp.Node, Token: resp.Token, OrgID: resp.OrgID,
		OrgName: resp.OrgName, Secretariat: resp.Secretariat, Insecure: insecure, Epoch: resp.Epoch,
		RecoveryKey: resp.RecoveryKey, ServerKey: resp.ServerKey, Columns: resp.Columns}
	if err := s.store.SaveEnrolment(ctx, e, resp.ServerHLC); err != nil {
		return err
	}
	if err := s.loadStatus(ctx); err != nil {
		return err
	}
	s.SyncNow()
	return nil
}

// SetAside returns the changes the server did not accept.
func (s *Syncer) SetAside(ctx context.Context) ([]alliance.SetAside, error) {
	return s.store.SetAside(ctx)
}

// Held returns the pulled records this laptop keeps aside.
func (s *Syncer) Held(ctx context.Context) ([]alliance.Held, error) {
	return s.store.Held(ctx)
}

// Conflicts returns the conflicts to review.
func (s *Syncer) Conflicts(ctx context.Context) ([]alliance.Conflict, error) {
	return s.store.Conflicts(ctx)
}

// ResolveConflict keeps either value of a conflict.
func (s *Syncer) ResolveConflict(ctx context.Context, id int64, keepMine bool) error {
	return s.store.ResolveConflict(ctx, id, keepMine)
}

var _ alliance.SyncService = (*Syncer)(nil)
