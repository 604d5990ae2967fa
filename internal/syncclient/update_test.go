package syncclient_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"aead.dev/minisign"
	"github.com/ulikunitz/xz"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/update"
)

// TestUpdate_ThroughSync: the secretariat publishes a signed release; a
// member's laptop behind a link that cuts learns of it in a sync, fetches
// it through the file transfer (going on after each cut from the bytes it
// has), verifies it, and installs it when asked; the program it ran is
// kept, untouched until then.
func TestUpdate_ThroughSync(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	px := newProxy(t, srv.addr)

	// The release: a program of 3 MB that does not compress, as xz.
	program := make([]byte, 3<<20)
	rand.Read(program)
	var packed bytes.Buffer
	xw, err := xz.NewWriter(&packed)
	if err != nil {
		t.Fatal(err)
	}
	xw.Write(program)
	xw.Close()
	file := filepath.Join(t.TempDir(), "Alliance-1.3.0-linux-amd64.update")
	if err := os.WriteFile(file, packed.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	mr := minisign.NewReader(bytes.NewReader(packed.Bytes()))
	io.Copy(io.Discard, mr)
	sig := mr.SignWithComments(priv, update.Release{Version: "1.3.0", Platform: "linux-amd64"}.Comment(), "test")
	keys := []minisign.PublicKey{pub}
	if _, err := srv.store.AddRelease(ctx, file, sig, "1.3.0", "", 100, keys); err != nil {
		t.Fatal(err)
	}

	// The laptop runs 1.2.0.
	l := newLaptop(t, "member")
	l.syncer = syncclient.New(l.store, syncclient.Options{App: "1.2.0", Platform: "linux-amd64", Interval: time.Hour})
	fl := withFiles(t, l)
	installed := filepath.Join(t.TempDir(), "alliance")
	if err := os.WriteFile(installed, []byte("the program of 1.2.0"), 0o755); err != nil {
		t.Fatal(err)
	}
	fetched := make(chan string, 10)
	u := update.New(sqlite.NewSettingsService(l.db), fl.files, fetchNotifier{fl.tr, fetched}, l.db,
		update.Options{Version: "1.2.0", Platform: "linux-amd64", Program: installed, Keys: keys})
	statuses := make(chan alliance.UpdateStatus, 100)
	u.OnStatus(func(st alliance.UpdateStatus) { statuses <- st })
	l.syncer.OnRelease(u.Offer)
	if err := u.Open(); err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if err := l.syncer.Enroll(ctx, px.url(), srv.invite(orgA), "member", false); err != nil {
		t.Fatal(err)
	}
	l.sync()
	if st := awaitUpdate(t, statuses, alliance.UpdateDownloading); st.Version != "1.3.0" || st.Size != int64(packed.Len()) {
		t.Fatalf("offered: %+v", st)
	}
	// The Updater asks for the file from its own goroutine.
	var hash string
	select {
	case hash = <-fetched:
	case <-time.After(20 * time.Second):
		t.Fatal("the release was never asked for")
	}
	if st := fl.state(t, hash, false); st.State != alliance.TransferWaiting {
		t.Fatalf("the release in the queue: %+v", st)
	}
	for i := 0; i < 3; i++ {
		px.toxic("cut", "limit_data", "downstream", fmt.Sprintf(`{"bytes":%d}`, 400<<10+i*300<<10))
		if err := fl.pass(); err == nil {
			t.Fatalf("cut %d did not cut", i)
		}
		px.heal()
		if st := fl.state(t, hash, false); st.State != alliance.TransferWaiting {
			t.Fatalf("after cut %d: %+v", i, st)
		}
	}
	if got, _ := os.ReadFile(installed); string(got) != "the program of 1.2.0" {
		t.Fatal("the program changed before it was asked to")
	}
	if err := fl.pass(); err != nil {
		t.Fatal(err)
	}
	awaitUpdate(t, statuses, alliance.UpdateReady)

	got, err := u.Install(ctx)
	if err != nil || got != installed {
		t.Fatalf("Install = %q, %v", got, err)
	}
	if b, _ := os.ReadFile(installed); !bytes.Equal(b, program) {
		t.Fatal("the program put in place is not the release's")
	}
	if b, _ := os.ReadFile(update.PreviousPath(installed)); string(b) != "the program of 1.2.0" {
		t.Fatal("the program it replaced is not kept")
	}
	backups, _ := filepath.Glob(filepath.Join(l.dir, "backups", "before-update-1.3.0-*.db"))
	if len(backups) != 1 {
		t.Fatalf("backups before the update: %v", backups)
	}
}

func awaitUpdate(t *testing.T, ch <-chan alliance.UpdateStatus, state alliance.UpdateState) alliance.UpdateStatus {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case st := <-ch:
			if st.State == state {
				return st
			}
			if st.State == alliance.UpdateRefused {
				t.Fatalf("refused: %v", st.Err)
			}
		case <-deadline:
			t.Fatalf("no status %q", state)
		}
	}
}

// fetchNotifier tells when the Updater asked for a file.
type fetchNotifier struct {
	*syncclient.Transfers
	ch chan<- string
}

func (f fetchNotifier) Fetch(r alliance.FileRef) {
	f.Transfers.Fetch(r)
	f.ch <- r.Hash
}

// TestTransfers_Drop: a download no longer wanted leaves the queue with
// the bytes it had gathered; one done stays.
func TestTransfers_Drop(t *testing.T) {
	l := withFiles(t, newLaptop(t, "member"))
	ref := alliance.FileRef{Hash: fileHashOf([]byte("a release withdrawn")), Name: "Alliance-9.9.9-linux-amd64.update", Size: 19}
	l.tr.Fetch(ref)
	part := filepath.Join(l.files.TempDir(), "download-"+ref.Hash+".part")
	if err := os.WriteFile(part, []byte("a rel"), 0o600); err != nil {
		t.Fatal(err)
	}
	if st := l.state(t, ref.Hash, false); st.State != alliance.TransferWaiting {
		t.Fatalf("queued: %+v", st)
	}
	l.tr.Drop(ref.Hash)
	if st := l.state(t, ref.Hash, false); st.Hash != "" {
		t.Fatalf("still queued after Drop: %+v", st)
	}
	if _, err := os.Stat(part); !os.IsNotExist(err) {
		t.Fatalf("the part is kept: %v", err)
	}
}

func fileHashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
