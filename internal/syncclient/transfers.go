package syncclient

import (
	"context"
	"errors"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// FileQueue is what the transfers need of the laptop's store.
type FileQueue interface {
	FileTransfers(ctx context.Context) ([]alliance.FileTransfer, error)
	DueTransfers(ctx context.Context, now time.Time) ([]alliance.FileTransfer, error)
	SaveTransfer(ctx context.Context, t alliance.FileTransfer) error
	RemoveTransfer(ctx context.Context, hash string, upload bool) error
	QueueDownload(ctx context.Context, f alliance.FileRef, now bool) error
	// LibraryFiles are the library's files of at most max bytes.
	LibraryFiles(ctx context.Context, max int64) ([]alliance.FileRef, error)
	// Logos are the organisations' logos.
	Logos(ctx context.Context) ([]alliance.FileRef, error)
	RetryTransfer(ctx context.Context, hash string, upload bool) error
	ReferencedFiles(ctx context.Context) ([]alliance.FileRef, error)
	FilesPaused(ctx context.Context) (bool, error)
	SetFilesPaused(ctx context.Context, paused bool) error
}

// Files is the laptop's content-addressed file store.
type Files interface {
	Has(hash string) bool
	// OpenAt reads a file's clear content at any offset.
	OpenAt(hash string) (r io.ReaderAt, size int64, closer io.Closer, err error)
	Verify(hash string) error
	TempDir() string
	// OpenPart, AdoptPart and DropPart keep a download until it is whole
	// (sealed as it arrives on a laptop whose data is sealed).
	OpenPart(hash string) (*filestore.Part, error)
	AdoptPart(hash string) error
	DropPart(hash string)
}

// TransferOptions tune the transfers; zero values take the defaults.
type TransferOptions struct {
	Ready      func() bool   // as Options.Ready: no pass until it is true (nil: always)
	Chunk      int64         // bytes per request (default syncproto.FileChunk)
	Interval   time.Duration // a pass at least this often (default 1 min)
	MinBackoff time.Duration // first retry when the server cannot be reached (default 2 s)
	MaxBackoff time.Duration // longest wait (default 5 min)
	Now        func() time.Time
}

// Transfers moves files between the laptop and the server in the
// background, one at a time, after their records: uploads resume from the
// last byte the server confirmed (tus), downloads from the last byte this
// laptop has (ranges), and both are checked against the file's SHA-256. A
// file that cannot go now waits with its reason; one that is refused fails
// with it; neither holds up the others. Open starts it, Close stops it.
type Transfers struct {
	syncer *Syncer
	queue  FileQueue
	files  Files
	opt    TransferOptions

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	wake   chan struct{}

	mu         sync.Mutex
	status     alliance.TransferStatus
	live       map[transferKey]int64 // bytes moved of the transfer in flight
	listeners  []func(alliance.TransferStatus)
	stopPass   context.CancelFunc // cuts the pass in flight (pause)
	lastNotify time.Time
}

type transferKey struct {
	hash   string
	upload bool
}

var _ alliance.TransferService = (*Transfers)(nil)

// NewTransfers returns the transfers of the laptop whose syncer is s.
func NewTransfers(s *Syncer, q FileQueue, f Files, opt TransferOptions) *Transfers {
	if opt.Chunk <= 0 {
		opt.Chunk = syncproto.FileChunk
	}
	if opt.Interval <= 0 {
		opt.Interval = time.Minute
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 2 * time.Second
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 5 * time.Minute
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	t := &Transfers{syncer: s, queue: q, files: f, opt: opt, wake: make(chan struct{}, 1), live: map[transferKey]int64{}}
	s.OnRound(t.Kick) // files follow their records
	return t
}

// Open loads the queue and starts the loop.
func (t *Transfers) Open() error {
	t.ctx, t.cancel = context.WithCancel(context.Background())
	if err := t.refresh(t.ctx); err != nil {
		return err
	}
	t.wg.Add(1)
	go t.loop()
	return nil
}

// Close stops the loop; a transfer cut off goes on from where it was.
func (t *Transfers) Close() error {
	if t.cancel != nil {
		t.cancel()
	}
	t.wg.Wait()
	return nil
}

// Kick starts a pass now (or right after the current one).
func (t *Transfers) Kick() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// Transfers returns the queue with the progress of the file in flight.
func (t *Transfers) Transfers() alliance.TransferStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := alliance.TransferStatus{Paused: t.status.Paused, Files: append([]alliance.FileTransfer(nil), t.status.Files...)}
	for i := range st.Files {
		f := &st.Files[i]
		if n, ok := t.live[transferKey{f.Hash, f.Upload}]; ok {
			f.State, f.Done = alliance.TransferActive, max(f.Done, n)
		}
	}
	return st
}

// OnTransfers registers fn for every change of the queue or progress.
func (t *Transfers) OnTransfers(fn func(alliance.TransferStatus)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.listeners = append(t.listeners, fn)
}

func (t *Transfers) notify() {
	st := t.Transfers()
	t.mu.Lock()
	ls := append([]func(alliance.TransferStatus){}, t.listeners...)
	t.lastNotify = time.Now()
	t.mu.Unlock()
	for _, fn := range ls {
		fn(st)
	}
}

// Refresh reads the queue again and tells the listeners.
func (t *Transfers) Refresh(ctx context.Context) error { return t.refresh(ctx) }

func (t *Transfers) refresh(ctx context.Context) error {
	files, err := t.queue.FileTransfers(ctx)
	if err != nil {
		return err
	}
	paused, err := t.queue.FilesPaused(ctx)
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.status = alliance.TransferStatus{Files: files, Paused: paused}
	t.mu.Unlock()
	t.notify()
	return nil
}

// SetPaused stops the transfers (cutting the one in flight, which resumes
// later from where it was) or lets them go on.
func (t *Transfers) SetPaused(paused bool) {
	ctx := t.context()
	if err := t.queue.SetFilesPaused(ctx, paused); err != nil {
		log.Printf("syncclient: %v", err)
	}
	t.mu.Lock()
	t.status.Paused = paused
	stop := t.stopPass
	t.mu.Unlock()
	if paused && stop != nil {
		stop()
	}
	t.notify()
	if !paused {
		t.Kick()
	}
}

func (t *Transfers) context() context.Context {
	if t.ctx != nil {
		return t.ctx
	}
	return context.Background()
}

// Fetch asks for the file from the server now.
func (t *Transfers) Fetch(f alliance.FileRef) {
	if t.files.Has(f.Hash) {
		return
	}
	if err := t.queue.QueueDownload(t.context(), f, true); err != nil {
		log.Printf("syncclient: %v", err)
		return
	}
	_ = t.refresh(t.context())
	t.Kick()
}

// Drop takes a download no longer wanted out of the queue, with the bytes
// of it already here (a release withdrawn before it arrived). A download
// in flight is cut at the next pass's start; one already done stays.
func (t *Transfers) Drop(hash string) {
	ctx := t.context()
	for _, f := range t.Transfers().Files {
		if f.Hash == hash && !f.Upload && f.State != alliance.TransferDone {
			if err := t.queue.RemoveTransfer(ctx, hash, false); err != nil {
				log.Printf("syncclient: %v", err)
				return
			}
			t.files.DropPart(hash)
		}
	}
	_ = t.refresh(ctx)
}

// Retry puts a failed transfer back in the queue.
func (t *Transfers) Retry(hash string, upload bool) {
	if err := t.queue.RetryTransfer(t.context(), hash, upload); err != nil {
		log.Printf("syncclient: %v", err)
		return
	}
	_ = t.refresh(t.context())
	t.Kick()
}

// loop runs passes: on a kick (after each sync round, on Fetch and Retry),
// on the timer, and after a failure to reach the server with growing,
// jittered waits.
func (t *Transfers) loop() {
	defer t.wg.Done()
	backoff, next := time.Duration(0), time.Duration(0)
	for {
		timer := time.NewTimer(next)
		select {
		case <-t.ctx.Done():
			timer.Stop()
			return
		case <-t.wake:
		case <-timer.C:
		}
		timer.Stop()
		if t.opt.Ready != nil && !t.opt.Ready() {
			next = t.opt.Interval // a sign-in wakes it (Kick)
			continue
		}
		err := t.Pass(t.ctx)
		switch {
		case t.ctx.Err() != nil:
			return
		case err != nil && ErrorCode(err) == alliance.EUNAVAILABLE:
			backoff = min(max(2*backoff, t.opt.MinBackoff), t.opt.MaxBackoff)
			next = backoff/2 + time.Duration(rand.Int64N(int64(backoff)+1))
		default:
			backoff, next = 0, t.opt.Interval
		}
	}
}

// Pass moves every file that is due, one after the other. It stops at the
// first failure to reach the server (the others would fail the same way)
// and returns it; a file's own trouble is kept with the file.
func (t *Transfers) Pass(ctx context.Context) error {
	c := t.syncer.apiClient()
	if c == nil {
		return nil // not enrolled: files wait with their records
	}
	t.mu.Lock()
	paused := t.status.Paused
	ctx, stop := context.WithCancel(ctx)
	t.stopPass = stop
	t.mu.Unlock()
	defer func() {
		stop()
		t.mu.Lock()
		t.stopPass = nil
		t.mu.Unlock()
	}()
	if paused {
		return nil
	}
	if t.syncer.Status().Secretariat {
		// The secretariat keeps every file: those its records name and it
		// lacks join the queue (a file already there keeps its turn).
		refs, err := t.queue.ReferencedFiles(ctx)
		if err != nil {
			return err
		}
		for _, f := range refs {
			if !t.files.Has(f.Hash) {
				if err := t.queue.QueueDownload(ctx, f, false); err != nil {
					return err
				}
			}
		}
	}
	// Every laptop keeps the library's small files; large ones come when
	// asked for.
	lib, err := t.queue.LibraryFiles(ctx, alliance.SmallResource)
	if err != nil {
		return err
	}
	logos, err := t.queue.Logos(ctx) // and every organisation's logo
	if err != nil {
		return err
	}
	lib = append(lib, logos...)
	for _, f := range lib {
		if !t.files.Has(f.Hash) {
			if err := t.queue.QueueDownload(ctx, f, false); err != nil {
				return err
			}
		}
	}
	due, err := t.queue.DueTransfers(ctx, t.opt.Now())
	if err != nil {
		return err
	}
	defer t.refresh(context.WithoutCancel(ctx))
	for _, tr := range due {
		if err := t.refresh(ctx); err != nil {
			return err
		}
		var err error
		if tr.Upload {
			err = t.upload(ctx, c, tr)
		} else {
			err = t.download(ctx, c, tr)
		}
		t.mu.Lock()
		delete(t.live, transferKey{tr.Hash, tr.Upload})
		t.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}

// progress tells the listeners how far the file in flight has come, at
// most every quarter second.
func (t *Transfers) progress(tr *alliance.FileTransfer, n int64) {
	t.mu.Lock()
	t.live[transferKey{tr.Hash, tr.Upload}] = n
	due := time.Since(t.lastNotify) > 250*time.Millisecond
	t.mu.Unlock()
	if due {
		t.notify()
	}
}

// save stores the transfer; the context of a stopped pass does not keep
// its last state from being written.
func (t *Transfers) save(ctx context.Context, tr *alliance.FileTransfer) error {
	tr.UpdatedAt = t.opt.Now()
	return t.queue.SaveTransfer(context.WithoutCancel(ctx), *tr)
}

// waitFor keeps a transfer waiting, with its reason, until after a pause
// that grows with the attempts (the server is full, the file not uploaded
// yet by its laptop…).
func (t *Transfers) waitFor(ctx context.Context, tr *alliance.FileTransfer, code, msg string, base time.Duration) error {
	tr.Attempts++
	tr.State, tr.Code, tr.Message = alliance.TransferWaiting, code, msg
	tr.NextTry = t.opt.Now().Add(min(base<<min(tr.Attempts-1, 6), 6*time.Hour))
	return t.save(ctx, tr)
}

// fail keeps a transfer failed with its reason, until the user retries.
func (t *Transfers) fail(ctx context.Context, tr *alliance.FileTransfer, code, msg string) error {
	tr.State, tr.Code, tr.Message = alliance.TransferFailed, code, msg
	return t.save(ctx, tr)
}

// interrupted keeps a transfer cut by the network or a pause waiting, and
// returns err to stop the pass.
func (t *Transfers) interrupted(ctx context.Context, tr *alliance.FileTransfer, err error) error {
	tr.State = alliance.TransferWaiting
	if ctx.Err() == nil {
		tr.Code, tr.Message = alliance.EUNAVAILABLE, err.Error()
	}
	if serr := t.save(ctx, tr); serr != nil {
		return serr
	}
	if ctx.Err() != nil {
		return nil // paused or stopping: not a failure
	}
	return err
}

// apiTrouble sorts an API error of a file: the server is full (wait),
// refuses the file (fail), or cannot be reached (stop the pass).
func (t *Transfers) apiTrouble(ctx context.Context, tr *alliance.FileTransfer, err error) error {
	var ae *APIError
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusInsufficientStorage:
		return t.waitFor(ctx, tr, alliance.EDISKFULL, ae.Body.Message, 10*time.Minute)
	case errors.As(err, &ae) && (ae.Status == http.StatusUnauthorized):
		return t.interrupted(ctx, tr, err) // revoked: the syncer tells the user
	case errors.As(err, &ae) && ae.Status < 500:
		return t.fail(ctx, tr, ae.Body.Code, ae.Body.Message)
	}
	return t.interrupted(ctx, tr, err)
}

// upload sends a file of this laptop: asked first whether the server has
// it already (the same file from another laptop is not sent again), then
// in chunks from the offset the server confirms.
func (t *Transfers) upload(ctx context.Context, c *Client, tr alliance.FileTransfer) error {
	if !t.files.Has(tr.Hash) {
		return t.queue.RemoveTransfer(ctx, tr.Hash, true) // another laptop's file: its to send
	}
	f, size, closer, err := t.files.OpenAt(tr.Hash)
	if alliance.ErrorCode(err) == alliance.EUNAVAILABLE {
		return t.interrupted(ctx, &tr, err) // the data key is locked: later
	} else if err != nil {
		return t.fail(ctx, &tr, alliance.EUNAVAILABLE, err.Error())
	}
	defer closer.Close()
	tr.Size = size
	if tr.Size > syncproto.MaxFileBytes {
		return t.fail(ctx, &tr, alliance.ETOOLARGE, "the file is over the server's limit")
	}
	tr.State, tr.Code, tr.Message = alliance.TransferActive, "", ""
	if err := t.save(ctx, &tr); err != nil {
		return err
	}
	if tr.URL == "" {
		// Checked before it starts (a resumed upload was; the server checks
		// the whole file at the end anyway).
		if err := t.files.Verify(tr.Hash); err != nil {
			if filestore.IsCorrupt(err) {
				return t.fail(ctx, &tr, alliance.EINTERNAL, "the file is damaged on this laptop")
			}
			return t.fail(ctx, &tr, alliance.EUNAVAILABLE, err.Error())
		}
	}
	exists, err := c.FileExists(ctx, tr.Hash)
	if err != nil {
		return t.apiTrouble(ctx, &tr, err)
	}
	if exists {
		return t.finished(ctx, &tr)
	}
	for restarts := 0; ; restarts++ {
		offset := int64(0)
		if tr.URL != "" {
			offset, err = c.UploadOffset(ctx, tr.URL)
			if errors.Is(err, ErrUploadGone) {
				// Taken in already (its answer was lost), or dropped.
				if exists, err := c.FileExists(ctx, tr.Hash); err == nil && exists {
					return t.finished(ctx, &tr)
				}
				tr.URL, offset, err = "", 0, nil
			}
			if err != nil {
				return t.apiTrouble(ctx, &tr, err)
			}
		}
		if tr.URL == "" {
			if tr.URL, err = c.CreateUpload(ctx, tr.Hash, tr.Name, tr.Size); err != nil {
				return t.apiTrouble(ctx, &tr, err)
			}
			tr.Done = 0
			if err := t.save(ctx, &tr); err != nil {
				return err
			}
		}
		for offset < tr.Size {
			n := min(t.opt.Chunk, tr.Size-offset)
			body := &countingReader{r: io.NewSectionReader(f, offset, n), on: func(sent int64) { t.progress(&tr, offset+sent) }}
			next, err := c.UploadChunk(ctx, tr.URL, offset, body, n)
			var ae *APIError
			switch {
			case errors.Is(err, ErrUploadGone), errors.As(err, &ae) && ae.Status == http.StatusConflict:
				next, err = offset, errRestart // ask the server's offset again
			case errors.Is(err, ErrChecksum):
				if restarts >= 2 {
					return t.fail(ctx, &tr, alliance.EINVALID, err.Error())
				}
				tr.URL, err = "", errRestart // sent again from the start
			case err != nil:
				tr.Done = offset
				return t.apiTrouble(ctx, &tr, err)
			}
			if err == errRestart {
				break
			}
			offset, tr.Done = next, next
			if err := t.save(ctx, &tr); err != nil {
				return err
			}
		}
		if offset >= tr.Size && tr.URL != "" {
			return t.finished(ctx, &tr)
		}
		if restarts >= 5 {
			return t.waitFor(ctx, &tr, alliance.EUNAVAILABLE, "the upload keeps restarting", time.Minute)
		}
	}
}

var errRestart = errors.New("restart the upload")

func (t *Transfers) finished(ctx context.Context, tr *alliance.FileTransfer) error {
	tr.State, tr.Done, tr.URL, tr.Code, tr.Message, tr.Attempts, tr.NextTry = alliance.TransferDone, tr.Size, "", "", "", 0, time.Time{}
	return t.save(ctx, tr)
}

// download fetches a file in ranges into a part file beside the store,
// going on from the bytes already there, and takes it in once it is whole
// and matches its SHA-256.
func (t *Transfers) download(ctx context.Context, c *Client, tr alliance.FileTransfer) error {
	if t.files.Has(tr.Hash) {
		return t.finished(ctx, &tr)
	}
	tr.State, tr.Code, tr.Message = alliance.TransferActive, "", ""
	if err := t.save(ctx, &tr); err != nil {
		return err
	}
	for {
		f, err := t.files.OpenPart(tr.Hash)
		if alliance.ErrorCode(err) == alliance.EUNAVAILABLE {
			return t.interrupted(ctx, &tr, err) // the data key is locked: later
		} else if err != nil {
			return t.fail(ctx, &tr, alliance.ErrorCode(err), err.Error())
		}
		have := f.Have()
		if tr.Size > 0 && have >= tr.Size {
			f.Close()
			switch err := t.files.AdoptPart(tr.Hash); {
			case err == nil:
				return t.finished(ctx, &tr)
			case filestore.IsCorrupt(err):
				tr.Attempts++
				if tr.Attempts >= 3 {
					return t.fail(ctx, &tr, alliance.EINVALID, "the file arrived damaged, again and again")
				}
				continue // the part is gone: from the start
			default:
				return t.fail(ctx, &tr, alliance.ErrorCode(err), err.Error())
			}
		}
		body := &countingWriter{w: f, on: func(n int64) { t.progress(&tr, have+n) }}
		n, total, err := c.DownloadRange(ctx, tr.Hash, have, t.opt.Chunk, body)
		cerr := f.Close()
		tr.Done = have + n
		if total > 0 {
			tr.Size = total
		}
		var ne *NetError
		var ae *APIError
		switch {
		case notFound(err):
			return t.waitFor(ctx, &tr, alliance.ENOTFOUND, "the file is not on the server yet", 5*time.Minute)
		case errors.As(err, &ne), errors.As(err, &ae), ctx.Err() != nil:
			return t.apiTrouble(ctx, &tr, err)
		case err != nil || cerr != nil:
			return t.fail(ctx, &tr, alliance.ErrorCode(alliance.OSError(errors.Join(err, cerr), t.files.TempDir())), errors.Join(err, cerr).Error())
		}
		if err := t.save(ctx, &tr); err != nil {
			return err
		}
	}
}

// countingReader tells on how many bytes were read.
type countingReader struct {
	r  io.Reader
	n  int64
	on func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.on(c.n)
	return n, err
}

// countingWriter tells on how many bytes were written.
type countingWriter struct {
	w  io.Writer
	n  int64
	on func(int64)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.on(c.n)
	return n, err
}
