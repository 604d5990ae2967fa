package update

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"sync"

	"aead.dev/minisign"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// SettingUpdate is the laptop's setting that keeps what the Updater knows.
const SettingUpdate = "update"

// Settings keep the Updater's state between starts (the laptop's store).
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Fetcher brings a file from the server (the resumable file transfer).
type Fetcher interface {
	Fetch(f alliance.FileRef)
	// Drop forgets a download no longer wanted, and its bytes.
	Drop(hash string)
	OnTransfers(fn func(alliance.TransferStatus))
}

// Files is the laptop's file store, where a fetched release lands.
type Files interface {
	Has(hash string) bool
	// Open reads a file's clear content (it may be kept sealed).
	Open(hash string) (*filestore.File, error)
	TempDir() string
}

// Data is the laptop's database, copied aside before an update and asked
// which schema it is at (a version that changed it cannot be gone back
// from).
type Data interface {
	BackupBeforeUpdate(ctx context.Context, version string) error
	SchemaVersion(ctx context.Context) (int, error)
}

// Options describe the running program.
type Options struct {
	Version  string // the running version
	Platform string // default Platform()
	Program  string // the running program's path (os.Executable at start)
	Keys     []minisign.PublicKey
}

// state is what the Updater keeps in SettingUpdate.
type state struct {
	Offer          *syncproto.ReleaseOffer `json:"offer,omitempty"`
	Previous       string                  `json:"previous,omitempty"`        // the version kept at PreviousPath
	PreviousSchema int                     `json:"previous_schema,omitempty"` // the data's schema when it was replaced
	Moving         *move                   `json:"moving,omitempty"`          // an install or a way back under way
	Declined       string                  `json:"declined,omitempty"`        // gone back from: not offered again
}

type move struct {
	From string `json:"from"`
	To   string `json:"to"`
	Back bool   `json:"back,omitempty"`
}

// Updater follows the release the server offers: it fetches it through
// the file transfer, verifies it as soon as it is here, and installs it,
// or goes back to the version it replaced, when the user asks. Open
// starts it, Close stops it.
type Updater struct {
	settings Settings
	files    Files
	fetch    Fetcher
	data     Data
	opt      Options

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	kick   chan struct{}

	work sync.Mutex // held by whatever reads or changes st: one step, install or way back at a time
	st   state

	mu        sync.Mutex
	offered   *syncproto.ReleaseOffer // the last round's offer, not yet taken in
	noted     bool                    // whether offered is new
	hash      string                  // the file of st.Offer, for onTransfers
	status    alliance.UpdateStatus
	listeners []func(alliance.UpdateStatus)
}

// New returns an Updater; call Open to start it.
func New(settings Settings, files Files, fetch Fetcher, data Data, opt Options) *Updater {
	if opt.Platform == "" {
		opt.Platform = Platform()
	}
	u := &Updater{settings: settings, files: files, fetch: fetch, data: data, opt: opt, kick: make(chan struct{}, 1)}
	u.status = alliance.UpdateStatus{Current: opt.Version, Platform: opt.Platform}
	return u
}

// Open reads what the Updater knew, finishes an install or a way back
// that this start completes, and starts following the offers.
func (u *Updater) Open() error {
	ctx := context.Background()
	u.work.Lock()
	defer u.work.Unlock()
	raw, err := u.settings.Setting(ctx, SettingUpdate)
	if err != nil {
		return fmt.Errorf("read the update's state: %w", err)
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &u.st); err != nil {
			log.Printf("update: state %q unreadable, starting afresh: %v", raw, err)
			u.st = state{}
		}
	}
	if u.opt.Program != "" {
		CleanUp(u.opt.Program)
	}
	if m := u.st.Moving; m != nil {
		if m.To == u.opt.Version { // this start is the new (or previous) version
			u.status.Updated, u.status.Back = m.From, m.Back
			if m.Back {
				u.st.Previous, u.st.PreviousSchema = "", 0
			} else {
				u.st.Previous = m.From
			}
		}
		u.st.Moving = nil
	}
	if u.st.Previous != "" && (u.opt.Program == "" || !exists(PreviousPath(u.opt.Program))) {
		u.st.Previous = ""
	}
	if o := u.st.Offer; o != nil && !u.acceptable(o) {
		u.st.Offer = nil
	}
	if err := u.save(ctx); err != nil {
		return err
	}
	u.status.Previous = u.st.Previous
	u.ctx, u.cancel = context.WithCancel(ctx)
	if u.fetch != nil {
		u.fetch.OnTransfers(u.onTransfers)
	}
	u.wg.Add(1)
	go u.loop()
	u.Kick()
	return nil
}

// Close stops the Updater.
func (u *Updater) Close() error {
	if u.cancel != nil {
		u.cancel()
	}
	u.wg.Wait()
	return nil
}

// Offer takes the release the server offered in a sync round (nil: none,
// which drops one offered before and not installed: it was withdrawn).
func (u *Updater) Offer(o *syncproto.ReleaseOffer) {
	u.mu.Lock()
	u.offered, u.noted = o, true
	u.mu.Unlock()
	u.Kick()
}

// Kick asks the Updater to look again (a file may have arrived).
func (u *Updater) Kick() {
	select {
	case u.kick <- struct{}{}:
	default:
	}
}

// Status is what the laptop knows of a new version.
func (u *Updater) Status() alliance.UpdateStatus {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.status
}

// OnStatus registers fn for every change of the status.
func (u *Updater) OnStatus(fn func(alliance.UpdateStatus)) {
	u.mu.Lock()
	u.listeners = append(u.listeners, fn)
	u.mu.Unlock()
}

func (u *Updater) setStatus(edit func(st *alliance.UpdateStatus)) {
	u.mu.Lock()
	before := u.status
	edit(&u.status)
	st, fns := u.status, append([]func(alliance.UpdateStatus){}, u.listeners...)
	u.mu.Unlock()
	if st == before {
		return
	}
	for _, fn := range fns {
		fn(st)
	}
}

func (u *Updater) loop() {
	defer u.wg.Done()
	for {
		select {
		case <-u.ctx.Done():
			return
		case <-u.kick:
		}
		if err := u.step(u.ctx); err != nil && u.ctx.Err() == nil {
			log.Printf("update: %v", err)
		}
	}
}

// acceptable tells whether an offer may be followed at all: a release for
// this platform, newer than this version and than one gone back from.
func (u *Updater) acceptable(o *syncproto.ReleaseOffer) bool {
	return o.Platform == u.opt.Platform && Newer(o.Version, u.opt.Version) &&
		(u.st.Declined == "" || Newer(o.Version, u.st.Declined)) &&
		alliance.ValidHash(o.SHA256) && o.Size > 0 && o.Size <= syncproto.MaxFileBytes
}

// Check takes in the last offer and verifies a fetched release now, on
// the caller's goroutine (the command line; the app lets the Updater's
// goroutine do it).
func (u *Updater) Check(ctx context.Context) error { return u.step(ctx) }

// step takes in a new offer, and fetches or verifies the one it follows.
func (u *Updater) step(ctx context.Context) error {
	u.work.Lock()
	defer u.work.Unlock()
	u.mu.Lock()
	offered, noted := u.offered, u.noted
	u.noted = false
	u.mu.Unlock()
	if noted {
		switch {
		case offered == nil || !u.acceptable(offered):
			if u.st.Offer == nil {
				break
			}
			u.drop(u.st.Offer)
			u.st.Offer = nil
			if err := u.save(ctx); err != nil {
				return err
			}
		case u.st.Offer == nil || *u.st.Offer != *offered:
			if u.st.Offer != nil && u.st.Offer.SHA256 != offered.SHA256 {
				u.drop(u.st.Offer) // a newer one replaces it
			}
			o := *offered
			u.st.Offer = &o
			if err := u.save(ctx); err != nil {
				return err
			}
		}
	}
	o := u.st.Offer
	if o == nil {
		u.setStatus(func(st *alliance.UpdateStatus) {
			st.Version, st.State, st.Size, st.Done, st.Err = "", alliance.UpdateNone, 0, 0, nil
		})
		return nil
	}
	if !u.files.Has(o.SHA256) {
		// A signature this version cannot trust is refused before a byte
		// of the file crosses a slow link.
		if err := u.precheck(o); err != nil {
			u.setStatus(func(st *alliance.UpdateStatus) {
				st.Version, st.State, st.Size, st.Done, st.Err = o.Version, alliance.UpdateRefused, o.Size, 0, err
			})
			return nil
		}
		u.setStatus(func(st *alliance.UpdateStatus) {
			if st.Version != o.Version || st.State != alliance.UpdateDownloading {
				st.Done = 0
			}
			st.Version, st.State, st.Size, st.Err = o.Version, alliance.UpdateDownloading, o.Size, nil
		})
		if u.fetch != nil {
			u.fetch.Fetch(alliance.FileRef{Hash: o.SHA256, Size: o.Size, Name: fmt.Sprintf("Alliance-%s-%s.update", o.Version, o.Platform)})
		}
		return nil
	}
	err := u.verify(o)
	if vault.IsLocked(err) {
		return nil // the laptop's files open at a sign-in, which kicks this again
	}
	u.setStatus(func(st *alliance.UpdateStatus) {
		st.Version, st.Size, st.Done, st.Err = o.Version, o.Size, o.Size, err
		st.State = alliance.UpdateReady
		if err != nil {
			st.State = alliance.UpdateRefused
		}
	})
	return nil
}

// drop forgets the download of an offer no longer followed (withdrawn, or
// replaced by a newer one) unless it is here already.
func (u *Updater) drop(o *syncproto.ReleaseOffer) {
	if u.fetch != nil && !u.files.Has(o.SHA256) {
		u.fetch.Drop(o.SHA256)
	}
}

// precheck refuses an offer whose signature names a key this version does
// not hold, or another release than offered (what can be told without the
// file; verify checks the rest).
func (u *Updater) precheck(o *syncproto.ReleaseOffer) error {
	if len(u.opt.Keys) == 0 {
		_, err := Verify(nil, nil, nil)
		return err
	}
	var s minisign.Signature
	if err := s.UnmarshalText([]byte(o.Signature)); err != nil {
		return errNotSigned("the signature cannot be read")
	}
	known := false
	for _, k := range u.opt.Keys {
		known = known || k.ID() == s.KeyID
	}
	if !known {
		return errNotSigned(fmt.Sprintf("signed with key %X, which this version does not trust", s.KeyID))
	}
	return nil
}

// verify checks the fetched file of o: signed by a built-in key, naming
// the version and platform offered, newer than this one.
func (u *Updater) verify(o *syncproto.ReleaseOffer) error {
	f, err := u.files.Open(o.SHA256)
	if err != nil {
		return err
	}
	defer f.Close()
	rel, err := Verify(u.opt.Keys, f, []byte(o.Signature))
	if filestore.IsCorrupt(err) { // what the store holds is not what was fetched
		return errNotSigned("the release file is damaged on this laptop")
	} else if err != nil {
		return err
	}
	if rel.Version != o.Version || rel.Platform != o.Platform {
		return errNotSigned(fmt.Sprintf("the signature is for %s %s, the server offered %s %s", rel.Version, rel.Platform, o.Version, o.Platform))
	}
	return rel.Check(u.opt.Platform, u.opt.Version)
}

// onTransfers follows the download of the release on offer.
func (u *Updater) onTransfers(ts alliance.TransferStatus) {
	u.mu.Lock()
	hash := u.hash
	u.mu.Unlock()
	if hash == "" {
		return
	}
	for _, f := range ts.Files {
		if f.Upload || f.Hash != hash {
			continue
		}
		if f.State == alliance.TransferDone {
			u.Kick()
			return
		}
		done := f.Done
		u.setStatus(func(st *alliance.UpdateStatus) {
			if st.State == alliance.UpdateDownloading {
				st.Done = done
			}
		})
	}
}

// Install verifies the ready release again, copies the data aside, and
// puts the new program in place of this one (kept to go back to). It
// returns the program to start; the caller quits. On failure the running
// program is left as it was.
func (u *Updater) Install(ctx context.Context) (string, error) {
	u.work.Lock()
	defer u.work.Unlock()
	o := u.st.Offer
	if o == nil || u.Status().State != alliance.UpdateReady {
		return "", alliance.Errorf(alliance.ENOTFOUND, "no new version is ready to install")
	}
	if u.opt.Program == "" {
		return "", alliance.Errorf(alliance.EINTERNAL, "the running program's path is not known")
	}
	fail := func(err error) (string, error) {
		u.setStatus(func(st *alliance.UpdateStatus) {
			st.Err = err
			if alliance.ErrorCode(err) == alliance.EINVALID {
				st.State = alliance.UpdateRefused
			}
		})
		return "", err
	}
	if err := u.verify(o); err != nil {
		return fail(err)
	}
	schema, err := u.data.SchemaVersion(ctx)
	if err != nil {
		return fail(err)
	}
	if err := u.data.BackupBeforeUpdate(ctx, o.Version); err != nil {
		return fail(err)
	}
	before := u.st
	u.st.Moving, u.st.PreviousSchema = &move{From: u.opt.Version, To: o.Version}, schema
	if err := u.save(ctx); err != nil {
		u.st = before
		return fail(err)
	}
	if err := u.installFrom(o.SHA256); err != nil {
		u.st = before
		_ = u.save(context.WithoutCancel(ctx))
		return fail(err)
	}
	u.setStatus(func(st *alliance.UpdateStatus) { st.Err = nil })
	return u.opt.Program, nil
}

// GoBack puts the version this one replaced back in its place, when the
// data is still as that version left it. It returns the program to
// start; the caller quits.
func (u *Updater) GoBack(ctx context.Context) (string, error) {
	u.work.Lock()
	defer u.work.Unlock()
	prev := u.st.Previous
	if prev == "" || u.opt.Program == "" {
		return "", alliance.Keyed(alliance.ENOTFOUND, "error.update_no_previous", nil, "no previous version is kept")
	}
	schema, err := u.data.SchemaVersion(ctx)
	if err != nil {
		return "", err
	}
	if schema != u.st.PreviousSchema {
		return "", alliance.Keyed(alliance.EINCOMPATIBLE, "error.update_cannot_go_back", alliance.Args{"Version": prev},
			"version %s cannot open the data as this version keeps it (schema %d, it knew %d)", prev, schema, u.st.PreviousSchema)
	}
	before := u.st
	u.st.Moving, u.st.Declined = &move{From: u.opt.Version, To: prev, Back: true}, u.opt.Version
	if err := u.save(ctx); err != nil {
		u.st = before
		return "", err
	}
	if err := GoBack(u.opt.Program); err != nil {
		u.st = before
		_ = u.save(context.WithoutCancel(ctx))
		return "", err
	}
	return u.opt.Program, nil
}

// save keeps st (the caller holds work).
func (u *Updater) save(ctx context.Context) error {
	u.mu.Lock()
	u.hash = ""
	if u.st.Offer != nil {
		u.hash = u.st.Offer.SHA256
	}
	u.mu.Unlock()
	b, err := json.Marshal(u.st)
	if err != nil {
		return err
	}
	if err := u.settings.SetSetting(ctx, SettingUpdate, string(b)); err != nil {
		return fmt.Errorf("keep the update's state: %w", err)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil || !errors.Is(err, os.ErrNotExist)
}

// installFrom installs the release file hash: a clear copy is made for
// Install (the store may keep it sealed), then removed.
func (u *Updater) installFrom(hash string) error {
	in, err := u.files.Open(hash)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(u.files.TempDir(), "release-*")
	if err != nil {
		return alliance.OSError(err, u.files.TempDir())
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, in)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return alliance.OSError(err, u.files.TempDir())
	}
	return Install(u.opt.Program, tmp.Name())
}
