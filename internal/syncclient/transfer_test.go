package syncclient_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// fileLaptop is a laptop with its file store and transfers.
type fileLaptop struct {
	*laptop
	files *filestore.Store
	tr    *syncclient.Transfers
	clock *clock
}

func withFiles(t testing.TB, l *laptop) *fileLaptop {
	t.Helper()
	fs, err := filestore.Open(filepath.Join(l.dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	ck := &clock{}
	tr := syncclient.NewTransfers(l.syncer, l.store, fs, syncclient.TransferOptions{Now: ck.Now})
	if err := l.store.SetFilesPaused(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	return &fileLaptop{laptop: l, files: fs, tr: tr, clock: ck}
}

// randomFile puts n random bytes in the laptop's store.
func (l *fileLaptop) randomFile(t testing.TB, n int) alliance.FileRef {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	hash, size, _, err := l.files.Put(bytes.NewReader(b), 0)
	if err != nil {
		t.Fatal(err)
	}
	return alliance.FileRef{Hash: hash, Name: fmt.Sprintf("film-%d.mp4", n), Type: alliance.TypeMP4, Size: size}
}

// pass runs one pass of the transfers and returns its error.
func (l *fileLaptop) pass() error { return l.tr.Pass(context.Background()) }

// state returns the transfer of a file.
func (l *fileLaptop) state(t testing.TB, hash string, upload bool) alliance.FileTransfer {
	t.Helper()
	all, err := l.store.FileTransfers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		if f.Hash == hash && f.Upload == upload {
			return f
		}
	}
	return alliance.FileTransfer{}
}

// contestWorld is a server with a secretariat laptop that made a contest,
// and a member laptop that got it.
type contestWorld struct {
	srv               *server
	orgS, orgA        string
	sec, member       *fileLaptop
	contest           *alliance.Contest
	secURL, memberURL string
}

func newContestWorld(t testing.TB, memberURL func(srv *server) string) *contestWorld {
	t.Helper()
	w := &contestWorld{srv: startServer(t)}
	w.orgS = w.srv.org("Katiblik", "baku", true)
	w.orgA = w.srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	w.sec, w.member = withFiles(t, newLaptop(t, "sec")), withFiles(t, newLaptop(t, "member"))
	w.sec.enroll(w.srv, w.orgS)
	url := w.srv.url
	if memberURL != nil {
		url = memberURL(w.srv)
	}
	if err := w.member.syncer.Enroll(context.Background(), url, w.srv.invite(w.orgA), "member", false); err != nil {
		t.Fatal(err)
	}
	today := alliance.Today()
	w.contest = &alliance.Contest{Title: "Bir dəqiqəlik film", Categories: []alliance.Category{alliance.CatFilm, alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 7, Max: 17}}, Opens: today.AddDays(-1), Closes: today.AddDays(9), JudgingEnds: today.AddDays(20),
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}, Jury: []alliance.Juror{{Name: "Aynur"}}}
	if err := sqlite.NewContestService(w.sec.db).CreateContest(context.Background(), w.contest); err != nil {
		t.Fatal(err)
	}
	w.sec.sync()
	w.member.sync()
	return w
}

// entry records an entry of the member naming files and syncs the record.
func (w *contestWorld) entry(t testing.TB, l *fileLaptop, files ...alliance.FileRef) *alliance.Entry {
	t.Helper()
	e := &alliance.Entry{ContestID: w.contest.ID, FirstName: "Aysel", LastName: "Məmmədova", Age: 12, Category: alliance.CatFilm, Files: files}
	if err := sqlite.NewContestService(l.db).CreateEntry(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	l.sync()
	return e
}

// serverHas reports whether the server keeps the file, intact.
func (w *contestWorld) serverHas(t testing.TB, hash string) bool {
	t.Helper()
	blobs, err := filestore.Open(filepath.Join(w.srv.dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	if !blobs.Has(hash) {
		return false
	}
	if err := blobs.Verify(hash); err != nil {
		t.Fatalf("the server's copy is damaged: %v", err)
	}
	return true
}

// TestTransfers_Cuts: a 20 MB film goes up through 50 cuts of the
// connection at random byte offsets, a server restart and an app restart;
// it arrives intact, and each cut costs at most one chunk sent again.
func TestTransfers_Cuts(t *testing.T) {
	var px *proxy
	w := newContestWorld(t, func(srv *server) string { px = newProxy(t, srv.addr); return px.url() })
	film := w.member.randomFile(t, 20<<20)
	w.entry(t, w.member, film)
	if st := w.member.state(t, film.Hash, true); st.State != alliance.TransferWaiting {
		t.Fatalf("the film is not queued with its record: %+v", st)
	}
	sent0, _ := w.member.syncer.Traffic()
	sentBefore := int64(0) // by the laptop before it was restarted
	rng := mrand.New(mrand.NewPCG(7, 8))
	cuts := 0
	for cuts < 50 {
		px.toxic("cut", "limit_data", "upstream", fmt.Sprintf(`{"bytes":%d}`, 1+rng.IntN(400<<10)))
		err := w.member.pass()
		px.heal()
		if err == nil {
			t.Fatalf("the film went through after %d cuts, before the 50th", cuts)
		}
		cuts++
		if st := w.member.state(t, film.Hash, true); st.State != alliance.TransferWaiting || st.Code != alliance.EUNAVAILABLE {
			t.Fatalf("after cut %d: %+v", cuts, st)
		}
		switch cuts {
		case 25:
			w.srv.restart() // the server goes down mid-upload and comes back
		case 40:
			// The app is closed mid-upload and started again: the queue
			// remembers the upload and goes on from the server's offset.
			sent, _ := w.member.syncer.Traffic()
			sentBefore += sent - sent0
			w.member.close()
			w.member.open()
			w.member.tr = syncclient.NewTransfers(w.member.syncer, w.member.store, w.member.files, syncclient.TransferOptions{})
			w.member.sync() // the app's first round (nothing to push)
			sent0, _ = w.member.syncer.Traffic()
		}
	}
	mid := w.member.state(t, film.Hash, true)
	if mid.Done == 0 || mid.Done >= film.Size {
		t.Fatalf("after the cuts the server has %d of %d bytes", mid.Done, film.Size)
	}
	if err := w.member.pass(); err != nil {
		t.Fatal(err)
	}
	if st := w.member.state(t, film.Hash, true); st.State != alliance.TransferDone {
		t.Fatalf("the film did not arrive: %+v", st)
	}
	if !w.serverHas(t, film.Hash) {
		t.Fatal("the server does not keep the film")
	}
	sent1, _ := w.member.syncer.Traffic()
	resent := sentBefore + (sent1 - sent0) - film.Size
	t.Logf("%d cuts: %d bytes sent again (%.1f KB a cut) for %d", cuts, resent, float64(resent)/float64(cuts)/1024, film.Size)
	if resent > int64(cuts)*syncproto.FileChunk {
		t.Fatalf("%d bytes sent again for %d cuts: more than a chunk (%d) a cut", resent, cuts, syncproto.FileChunk)
	}
}

// TestTransfers_Download: the secretariat's laptop fetches the files its
// records name, by ranges through cuts, checked; another member's laptop
// may not fetch them; the same file from a second laptop is not sent again.
func TestTransfers_Download(t *testing.T) {
	w := newContestWorld(t, nil)
	ctx := context.Background()
	scan := w.member.randomFile(t, 3<<20+12345)
	w.entry(t, w.member, scan)
	if err := w.member.pass(); err != nil {
		t.Fatal(err)
	}
	if !w.serverHas(t, scan.Hash) {
		t.Fatal("the scan did not arrive")
	}

	// The secretariat, behind a proxy that cuts downloads.
	px := newProxy(t, w.srv.addr)
	sec := withFiles(t, newLaptop(t, "sec2"))
	if err := sec.syncer.Enroll(ctx, px.url(), w.srv.invite(w.orgS), "sec2", false); err != nil {
		t.Fatal(err)
	}
	sec.sync()
	for i := 0; i < 4; i++ {
		px.toxic("cut", "limit_data", "downstream", fmt.Sprintf(`{"bytes":%d}`, 200<<10+i*150<<10))
		if err := sec.pass(); err == nil {
			t.Fatalf("cut %d did not cut", i)
		}
		px.heal()
	}
	if err := sec.pass(); err != nil {
		t.Fatal(err)
	}
	if !sec.files.Has(scan.Hash) || sec.files.Verify(scan.Hash) != nil {
		t.Fatal("the secretariat does not have the scan, intact")
	}

	// Another organisation's laptop cannot fetch it.
	other := withFiles(t, newLaptop(t, "other"))
	other.enroll(w.srv, w.srv.org("Quba QHT", "guba-khachmaz", false))
	other.sync()
	other.tr.Fetch(scan)
	if err := other.pass(); err != nil {
		t.Fatal(err)
	}
	if other.files.Has(scan.Hash) {
		t.Fatal("another organisation's laptop got the file")
	}
	if st := other.state(t, scan.Hash, false); st.State != alliance.TransferWaiting || st.Code != alliance.ENOTFOUND {
		t.Fatalf("another organisation's fetch: %+v", st)
	}

	// A second laptop of the member with the same file sends no bytes of it.
	twin := withFiles(t, newLaptop(t, "twin"))
	twin.enroll(w.srv, w.orgA)
	twin.sync()
	same := twin.randomFile(t, 10)
	os.Remove(twin.files.Path(same.Hash))
	data, _ := os.ReadFile(w.member.files.Path(scan.Hash))
	if _, _, _, err := twin.files.Put(bytes.NewReader(data), 0); err != nil {
		t.Fatal(err)
	}
	w.entry(t, twin, scan)
	sent0, _ := twin.syncer.Traffic()
	if err := twin.pass(); err != nil {
		t.Fatal(err)
	}
	sent1, _ := twin.syncer.Traffic()
	if st := twin.state(t, scan.Hash, true); st.State != alliance.TransferDone || sent1-sent0 > 10000 {
		t.Fatalf("the same file again: %+v, %d bytes sent", st, sent1-sent0)
	}
}

// TestTransfers_Refused: a file whose content does not match its SHA-256
// is refused and not kept; a full server disk makes a file wait (with its
// reason) and lets the others go; when there is room again it goes.
func TestTransfers_Refused(t *testing.T) {
	w := newContestWorld(t, nil)
	ctx := context.Background()
	e, err := w.member.store.Enrolment(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := syncclient.NewClient(w.srv.url, e.Token, false)
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("a drawing, as it left the laptop")
	sum := sha256.Sum256([]byte("another drawing"))
	wrong := hex.EncodeToString(sum[:])
	url, err := c.CreateUpload(ctx, wrong, "x.jpg", int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UploadChunk(ctx, url, 0, bytes.NewReader(content), int64(len(content))); err != syncclient.ErrChecksum {
		t.Fatalf("a file not matching its hash: %v", err)
	}
	if w.serverHas(t, wrong) {
		t.Fatal("the server kept a file not matching its hash")
	}
	if _, err := c.CreateUpload(ctx, "not-a-hash", "x.jpg", 10); syncclient.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("an upload without its hash: %v", err)
	}
	if _, err := c.CreateUpload(ctx, wrong, "x.mp4", syncproto.MaxFileBytes+1); syncclient.ErrorCode(err) != alliance.ETOOLARGE {
		t.Fatalf("an upload over the limit: %v", err)
	}

	// A file damaged on the laptop is not sent: it fails, saying so.
	damaged := w.member.randomFile(t, 50<<10)
	data, _ := os.ReadFile(w.member.files.Path(damaged.Hash))
	data[100] ^= 0xff
	os.WriteFile(w.member.files.Path(damaged.Hash), data, 0o644)
	w.entry(t, w.member, damaged)
	if err := w.member.pass(); err != nil {
		t.Fatal(err)
	}
	if st := w.member.state(t, damaged.Hash, true); st.State != alliance.TransferFailed || st.Code != alliance.EINTERNAL || w.serverHas(t, damaged.Hash) {
		t.Fatalf("a damaged file: %+v", st)
	}

	// The server's disk "fills": 1 MB left for files.
	w.srv.store.FilesQuota = 1 << 20
	big, small := w.member.randomFile(t, 3<<20), w.member.randomFile(t, 200<<10)
	w.entry(t, w.member, big, small)
	if err := w.member.pass(); err != nil {
		t.Fatal(err)
	}
	if st := w.member.state(t, big.Hash, true); st.State != alliance.TransferWaiting || st.Code != alliance.EDISKFULL {
		t.Fatalf("the big film on a full server: %+v", st)
	}
	if st := w.member.state(t, small.Hash, true); st.State != alliance.TransferDone {
		t.Fatalf("the small file waited for the big one: %+v", st)
	}
	w.srv.store.FilesQuota = 0
	if err := w.member.pass(); err != nil {
		t.Fatal(err)
	}
	if st := w.member.state(t, big.Hash, true); st.State != alliance.TransferWaiting {
		t.Fatalf("retried before its time: %+v", st)
	}
	w.member.clock.Set(time.Hour)
	if err := w.member.pass(); err != nil {
		t.Fatal(err)
	}
	if st := w.member.state(t, big.Hash, true); st.State != alliance.TransferDone || !w.serverHas(t, big.Hash) {
		t.Fatalf("the big film once there is room: %+v", st)
	}
}
