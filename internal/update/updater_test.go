package update

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"aead.dev/minisign"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// laptop is an Updater's world: settings, a file store, a transfer that
// brings what it is asked for when the test says, and a database.
type laptop struct {
	mu       sync.Mutex
	settings map[string]string
	dir      string
	fetched  []string // hashes asked for
	dropped  []string // hashes no longer wanted
	served   map[string][]byte
	schema   int
	backups  []string
	listener func(alliance.TransferStatus)
	store    *filestore.Store
}

func newLaptop(t *testing.T) *laptop {
	dir := t.TempDir()
	store, err := filestore.Open(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	return &laptop{settings: map[string]string{}, dir: dir, served: map[string][]byte{}, schema: 12, store: store}
}

func (l *laptop) Setting(_ context.Context, key string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.settings[key], nil
}

func (l *laptop) SetSetting(_ context.Context, key, value string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.settings[key] = value
	return nil
}

func (l *laptop) Has(hash string) bool                      { return exists(l.Path(hash)) }
func (l *laptop) Path(hash string) string                   { return l.store.Path(hash) }
func (l *laptop) Open(hash string) (*filestore.File, error) { return l.store.Open(hash) }
func (l *laptop) TempDir() string                           { return l.store.TempDir() }

func (l *laptop) Fetch(f alliance.FileRef) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fetched = append(l.fetched, f.Hash)
}

func (l *laptop) OnTransfers(fn func(alliance.TransferStatus)) { l.listener = fn }

func (l *laptop) Drop(hash string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropped = append(l.dropped, hash)
}

func (l *laptop) BackupBeforeUpdate(_ context.Context, version string) error {
	l.backups = append(l.backups, version)
	return nil
}

func (l *laptop) SchemaVersion(context.Context) (int, error) { return l.schema, nil }

// arrive puts the file the server serves under hash on the laptop, as the
// transfer does when it is done, and tells the listener.
func (l *laptop) arrive(t *testing.T, hash string, data []byte) {
	t.Helper()
	writeFile(t, l.Path(hash), data)
	l.listener(alliance.TransferStatus{Files: []alliance.FileTransfer{{Hash: hash, Size: int64(len(data)), Done: int64(len(data)), State: alliance.TransferDone}}})
}

func (l *laptop) fetches() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.fetched)
}

// offer makes what the server sends for a release file.
func offer(file, sig []byte, rel Release) *syncproto.ReleaseOffer {
	sum := sha256.Sum256(file)
	return &syncproto.ReleaseOffer{Version: rel.Version, Platform: rel.Platform, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(file)), Signature: string(sig)}
}

// start opens an Updater of the program at version on the laptop, and a
// channel of its statuses.
func start(t *testing.T, l *laptop, program, version string, keys []minisign.PublicKey) (*Updater, <-chan alliance.UpdateStatus) {
	t.Helper()
	u := New(l, l, l, l, Options{Version: version, Platform: "linux-amd64", Program: program, Keys: keys})
	ch := make(chan alliance.UpdateStatus, 100)
	u.OnStatus(func(st alliance.UpdateStatus) { ch <- st })
	if err := u.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { u.Close() })
	return u, ch
}

// await returns the first status in state (waiting on the Updater's own
// goroutine, not on time).
func await(t *testing.T, ch <-chan alliance.UpdateStatus, state alliance.UpdateState) alliance.UpdateStatus {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case st := <-ch:
			if st.State == state {
				return st
			}
		case <-deadline:
			t.Fatalf("no status %q", state)
		}
	}
}

// TestUpdater_Install goes the whole way: an offer is fetched, verified,
// installed (the data copied aside first); the new version starts, says
// it was updated, and can go back; the version gone back from is not
// offered again.
func TestUpdater_Install(t *testing.T) {
	pub, priv := testKey(t)
	keys := []minisign.PublicKey{pub}
	program := filepath.Join(t.TempDir(), "alliance")
	writeFile(t, program, []byte("version 1.2.0"))
	l := newLaptop(t)
	rel := Release{Version: "1.3.0", Platform: "linux-amd64"}
	file, sig := signed(t, priv, "version 1.3.0", rel)
	o := offer(file, sig, rel)

	u, ch := start(t, l, program, "1.2.0", keys)
	if _, err := u.Install(context.Background()); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("Install with nothing ready = %v", err)
	}
	u.Offer(o)
	st := await(t, ch, alliance.UpdateDownloading)
	if st.Version != "1.3.0" || st.Size != o.Size {
		t.Fatalf("downloading status %+v", st)
	}
	l.arrive(t, o.SHA256, file)
	await(t, ch, alliance.UpdateReady)
	// Asked for after the status said so, on the Updater's goroutine: by
	// the time it is ready, at least once (a second pass may ask again,
	// which the file transfer takes as the same request).
	if n := l.fetches(); n < 1 {
		t.Fatalf("the file was asked for %d times", n)
	}
	got, err := u.Install(context.Background())
	if err != nil || got != program {
		t.Fatalf("Install = %q, %v", got, err)
	}
	if readFile(t, program) != "version 1.3.0" || len(l.backups) != 1 || l.backups[0] != "1.3.0" {
		t.Fatalf("program %q, backups %v", readFile(t, program), l.backups)
	}
	u.Close()

	// The new version starts.
	u, ch = start(t, l, program, "1.3.0", keys)
	if st := u.Status(); st.Updated != "1.2.0" || st.Back || st.Previous != "1.2.0" || st.State != alliance.UpdateNone {
		t.Fatalf("status after the update: %+v", st)
	}
	u.Offer(o) // the server still offers 1.3.0: nothing to do
	// A migration since the update: the previous version could not read
	// the data, so going back is refused and nothing moves.
	l.schema = 13
	if _, err := u.GoBack(context.Background()); alliance.ErrorCode(err) != alliance.EINCOMPATIBLE {
		t.Fatalf("GoBack after a migration = %v", err)
	}
	l.schema = 12
	if _, err := u.GoBack(context.Background()); err != nil {
		t.Fatal(err)
	}
	if readFile(t, program) != "version 1.2.0" {
		t.Fatalf("program after GoBack = %q", readFile(t, program))
	}
	u.Close()

	// Back on 1.2.0: it says so, and 1.3.0 is not offered again.
	u, ch = start(t, l, program, "1.2.0", keys)
	if st := u.Status(); st.Updated != "1.3.0" || !st.Back || st.Previous != "" {
		t.Fatalf("status after going back: %+v", st)
	}
	u.Offer(o)
	u.Offer(nil)
	rel2 := Release{Version: "1.3.1", Platform: "linux-amd64"}
	file2, sig2 := signed(t, priv, "version 1.3.1", rel2)
	u.Offer(offer(file2, sig2, rel2))
	if st := await(t, ch, alliance.UpdateDownloading); st.Version != "1.3.1" {
		t.Fatalf("after going back, the next version offered is %+v", st)
	}
	// Withdrawn by the secretariat before it arrived: dropped, and its
	// download with it.
	u.Offer(nil)
	await(t, ch, alliance.UpdateNone)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.dropped) != 1 || l.dropped[0] != offer(file2, sig2, rel2).SHA256 {
		t.Fatalf("downloads dropped: %v", l.dropped)
	}
}

// TestUpdater_Refuses: a tampered file, one signed with another key, and
// an older version are never installed, and the running program stays as
// it was.
func TestUpdater_Refuses(t *testing.T) {
	pub, priv := testKey(t)
	_, otherPriv := testKey(t)
	keys := []minisign.PublicKey{pub}
	rel := Release{Version: "1.3.0", Platform: "linux-amd64"}

	t.Run("tampered file", func(t *testing.T) {
		program := filepath.Join(t.TempDir(), "alliance")
		writeFile(t, program, []byte("version 1.2.0"))
		l := newLaptop(t)
		file, sig := signed(t, priv, "version 1.3.0", rel)
		o := offer(file, sig, rel)
		u, ch := start(t, l, program, "1.2.0", keys)
		u.Offer(o)
		await(t, ch, alliance.UpdateDownloading)
		bad := append([]byte{}, file...)
		bad[len(bad)/2] ^= 0xff
		l.arrive(t, o.SHA256, bad) // what the file store holds under the hash is not what was signed
		st := await(t, ch, alliance.UpdateRefused)
		var e *alliance.Error
		if !asError(st.Err, &e) || e.Key != "error.update_not_signed" {
			t.Fatalf("refused with %v", st.Err)
		}
		if _, err := u.Install(context.Background()); err == nil {
			t.Fatal("Install of a refused release succeeded")
		}
		if readFile(t, program) != "version 1.2.0" || len(l.backups) != 0 {
			t.Fatalf("program %q, backups %v", readFile(t, program), l.backups)
		}
	})

	t.Run("wrong key", func(t *testing.T) {
		program := filepath.Join(t.TempDir(), "alliance")
		writeFile(t, program, []byte("version 1.2.0"))
		l := newLaptop(t)
		file, sig := signed(t, otherPriv, "version 1.3.0", rel)
		u, ch := start(t, l, program, "1.2.0", keys)
		u.Offer(offer(file, sig, rel))
		st := await(t, ch, alliance.UpdateRefused)
		if alliance.ErrorCode(st.Err) != alliance.EINVALID || l.fetches() != 0 {
			t.Fatalf("refused with %v after %d fetches; want it refused before fetching", st.Err, l.fetches())
		}
	})

	t.Run("downgrade", func(t *testing.T) {
		program := filepath.Join(t.TempDir(), "alliance")
		writeFile(t, program, []byte("version 1.4.0"))
		l := newLaptop(t)
		file, sig := signed(t, priv, "version 1.3.0", rel)
		o := offer(file, sig, rel)
		u, _ := start(t, l, program, "1.4.0", keys)
		// An older version offered, even signed, is not even fetched
		// (step runs here what the Updater's goroutine runs after Offer).
		u.Offer(o)
		if err := u.step(context.Background()); err != nil {
			t.Fatal(err)
		}
		l.arrive(t, o.SHA256, file)
		if err := u.step(context.Background()); err != nil {
			t.Fatal(err)
		}
		if st := u.Status(); st.State != alliance.UpdateNone || st.Version != "" {
			t.Fatalf("status for an older version: %+v", st)
		}
		if _, err := u.Install(context.Background()); err == nil || readFile(t, program) != "version 1.4.0" || l.fetches() != 0 {
			t.Fatalf("Install = %v, program %q, %d fetches", err, readFile(t, program), l.fetches())
		}
	})

	t.Run("signed as an older version", func(t *testing.T) {
		// The server (or someone between) offers 1.3.0, but the file is
		// 1.1.0's, signed as 1.1.0: its signed comment gives it away.
		program := filepath.Join(t.TempDir(), "alliance")
		writeFile(t, program, []byte("version 1.2.0"))
		l := newLaptop(t)
		old := Release{Version: "1.1.0", Platform: "linux-amd64"}
		file, sig := signed(t, priv, "version 1.1.0", old)
		o := offer(file, sig, rel)
		u, ch := start(t, l, program, "1.2.0", keys)
		u.Offer(o)
		await(t, ch, alliance.UpdateDownloading)
		l.arrive(t, o.SHA256, file)
		st := await(t, ch, alliance.UpdateRefused)
		if st.Err == nil || readFile(t, program) != "version 1.2.0" {
			t.Fatalf("refused with %v; program %q", st.Err, readFile(t, program))
		}
	})
}
