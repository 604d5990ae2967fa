package syncing

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncserver"
	"github.com/ngo-alliance/alliance/internal/ui/connect"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// testServer is a real alliance server on 127.0.0.1:0.
type testServer struct {
	store *syncserver.Store
	url   string
	stop  func()
}

func startTestServer(t *testing.T) *testServer {
	t.Helper()
	store, err := syncserver.OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	running, err := syncserver.Start(store, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			running.Stop()
			store.Close()
		})
	}
	t.Cleanup(stop)
	return &testServer{store: store, url: running.URL, stop: stop}
}

func (s *testServer) org(t *testing.T, name string) string {
	o := &alliance.Organisation{Name: name, Kind: alliance.OrgNGO, RegionID: "baku"}
	if err := s.store.AddOrganisation(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func (s *testServer) code(t *testing.T, org string) string {
	code, _, err := s.store.Invite(context.Background(), org, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// syncUI is the Sync screen of a laptop whose sync runs against a real
// server; rounds are run by the test, and their statuses reach the screen
// as the shell passes them on.
type syncUI struct {
	*uitest.Env
	s         *Screen
	syncer    *syncclient.Syncer
	transfers *syncclient.Transfers
}

func openSyncUI(t *testing.T, dir string) *syncUI {
	t.Helper()
	var syncer *syncclient.Syncer
	var transfers *syncclient.Transfers
	e := uitest.OpenIn(t, dir, fyne.NewSize(1366, 768), func(db *sqlite.DB, svc *env.Services) {
		syncer = syncclient.New(sqlite.NewSyncStore(db), syncclient.Options{})
		transfers = syncclient.NewTransfers(syncer, sqlite.NewSyncStore(db), svc.Files.(*media.Library).Store(), syncclient.TransferOptions{})
		svc.Sync, svc.Transfers = syncer, transfers
		svc.Bundles = &syncclient.Bundles{Syncer: syncer, Files: svc.Files.(*media.Library).Store(),
			Relay: syncclient.NewRelay(filepath.Join(dir, "relay"), syncer)}
	})
	u := &syncUI{Env: e, syncer: syncer, transfers: transfers}
	syncer.OnStatus(func(st alliance.SyncStatus) {
		e.Post(func() {
			u.s.Update(st)
			if st.State != alliance.SyncSyncing {
				u.s.LoadLists()
			}
		})
	})
	transfers.OnTransfers(func(st alliance.TransferStatus) { e.Post(func() { u.s.FilesChanged(st) }) })
	u.show()
	return u
}

// show makes the screen anew and shows it, as the shell does.
func (u *syncUI) show() {
	u.s = New(u.Env)
	u.ShowScreen(env.ScreenSync, u.s.Object())
}

// openFake is the Sync screen over a sync service that answers as told.
func openFake(t *testing.T, fake *uitest.Sync) *syncUI {
	t.Helper()
	e := uitest.Open(t, fyne.NewSize(1366, 768), func(_ *sqlite.DB, svc *env.Services) { svc.Sync = fake })
	u := &syncUI{Env: e}
	u.show()
	return u
}

func (u *syncUI) round(t *testing.T) error {
	t.Helper()
	err := u.syncer.Round(context.Background())
	u.Wait()
	return err
}

func TestSyncScreen_Enroll(t *testing.T) {
	srv := startTestServer(t)
	org := srv.org(t, "Şəki Uşaq Mərkəzi")
	u := openSyncUI(t, t.TempDir())
	u.show()
	form := uitest.FindButton(u.s.Object(), i18n.T("sync.connect"))
	if form == nil {
		t.Fatal("before enrolment the Sync screen offers to connect")
	}
	f := newEnrolFormOn(t, u)
	// A wrong code: a clear message, nothing changes.
	test.Type(f.Server, srv.url)
	test.Type(f.Code, "AAAA-BBBB-CCCC")
	test.Tap(f.Connect)
	u.Wait()
	if !f.Message.Visible() || f.Message.Text != i18n.T("sync.error.unauthorized") {
		t.Fatalf("wrong code: %q", f.Message.Text)
	}
	f.Code.SetText(srv.code(t, org))
	test.Tap(f.Connect)
	u.Wait()
	if u.syncer.Status().OrgName != "Şəki Uşaq Mərkəzi" {
		t.Fatalf("not enrolled: %+v", u.syncer.Status())
	}
	uitest.TapDialogButton(t, u.Window(), i18n.T("dialog.close"))
	if u.Rebuilds != 1 {
		t.Fatalf("the screens were made anew %d times after joining, want 1", u.Rebuilds)
	}
	u.show() // as the shell does
	if uitest.FindLabel(u.s.Object(), i18n.Tf("sync.org", i18n.Args{"Org": "Şəki Uşaq Mərkəzi"})) == nil {
		t.Fatal("the Sync screen does not show the organisation after enrolment")
	}
	// A record made now goes up with the next round; the status says so.
	if err := sqlite.NewActivityService(u.DB).CreateActivity(context.Background(), uitest.Activity("Göndəriləcək")); err != nil {
		t.Fatal(err)
	}
	if err := u.round(t); err != nil {
		t.Fatal(err)
	}
	if n, _ := srv.store.CountRecords(context.Background(), "activity"); n != 1 {
		t.Fatalf("server has %d activities", n)
	}
	if got := uitest.FindLabel(u.s.Object(), i18n.T("sync.state.up_to_date")); got == nil {
		t.Fatal("the Sync screen does not say up to date")
	}
}

// newEnrolFormOn returns the enrol form on the current Sync screen.
func newEnrolFormOn(t *testing.T, u *syncUI) *connect.Form {
	t.Helper()
	if u.s == nil || u.s.enrol == nil {
		t.Fatal("no enrol form")
	}
	return u.s.enrol
}

// openOtherDB opens a second laptop's data folder.
func openOtherDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSyncScreen_ConflictReview(t *testing.T) {
	srv := startTestServer(t)
	org := srv.org(t, "Quba QHT")
	u := openSyncUI(t, t.TempDir())
	if err := u.syncer.Enroll(context.Background(), srv.url, srv.code(t, org), "ui", false); err != nil {
		t.Fatal(err)
	}
	otherDB := openOtherDB(t)
	other := syncclient.New(sqlite.NewSyncStore(otherDB), syncclient.Options{})
	if err := other.Enroll(context.Background(), srv.url, srv.code(t, org), "other", false); err != nil {
		t.Fatal(err)
	}
	acts := sqlite.NewActivityService(u.DB)
	a := uitest.Activity("Ortaq")
	a.OrgID = org
	if err := acts.CreateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if err := u.round(t); err != nil {
		t.Fatal(err)
	}
	if err := other.Round(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Both edit the title; the other laptop's edit is later and wins.
	mine, _ := acts.FindActivityByID(context.Background(), a.ID)
	mine.Title = "Mənim adım"
	if err := acts.UpdateActivity(context.Background(), mine); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	otherActs := sqlite.NewActivityService(otherDB)
	theirs, _ := otherActs.FindActivityByID(context.Background(), a.ID)
	theirs.Title = "Onların adı"
	if err := otherActs.UpdateActivity(context.Background(), theirs); err != nil {
		t.Fatal(err)
	}
	if err := other.Round(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := u.round(t); err != nil {
		t.Fatal(err)
	}
	u.show()
	keep := uitest.FindButton(u.s.Object(), i18n.T("sync.keep_mine"))
	if keep == nil || uitest.FindLabel(u.s.Object(), i18n.Tf("sync.conflict.mine", i18n.Args{"Value": "Mənim adım"})) == nil {
		t.Fatal("the conflict is not shown for review")
	}
	test.Tap(keep)
	u.Wait()
	if uitest.FindButton(u.s.Object(), i18n.T("sync.keep_mine")) != nil {
		t.Fatal("the resolved conflict is still listed")
	}
	if err := u.round(t); err != nil {
		t.Fatal(err)
	}
	if err := other.Round(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := otherActs.FindActivityByID(context.Background(), a.ID); got.Title != "Mənim adım" {
		t.Fatalf("keeping mine did not reach the other laptop: %q", got.Title)
	}
}

func TestSyncScreen_Revoked(t *testing.T) {
	srv := startTestServer(t)
	org := srv.org(t, "Lerik QHT")
	u := openSyncUI(t, t.TempDir())
	if err := u.syncer.Enroll(context.Background(), srv.url, srv.code(t, org), "ui", false); err != nil {
		t.Fatal(err)
	}
	devs, _ := srv.store.Devices(context.Background())
	if err := srv.store.Revoke(context.Background(), devs[0].ID); err != nil {
		t.Fatal(err)
	}
	u.show()
	if err := u.round(t); alliance.ErrorCode(err) != alliance.EREVOKED {
		t.Fatalf("round: %v", err)
	}
	if uitest.FindLabel(u.s.Object(), i18n.T("sync.error.revoked")) == nil {
		t.Fatal("the Sync screen does not say the laptop was disconnected")
	}
}

// TestSyncScreen_Files: an entry's drawing goes to the server after its
// record; the Sync screen lists it with its state and can pause the
// transfers (the Contests area's tests check that the entry's form says
// the file was sent).
func TestSyncScreen_Files(t *testing.T) {
	srv := startTestServer(t)
	ctx := context.Background()
	o := &alliance.Organisation{Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true}
	if err := srv.store.AddOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	u := openSyncUI(t, t.TempDir())
	if err := u.syncer.Enroll(ctx, srv.url, srv.code(t, o.ID), "Aynur", false); err != nil {
		t.Fatal(err)
	}
	cs := sqlite.NewContestService(u.DB)
	c := uitest.OpenContest(t, cs)
	ref, err := u.Services().Files.AddFile(ctx, "rəsm.jpg", bytes.NewReader(uitest.Drawing(t)), alliance.PurposeArtwork)
	if err != nil {
		t.Fatal(err)
	}
	e := &alliance.Entry{ContestID: c.ID, FirstName: "Aysel", Age: 9, Category: alliance.CatDrawing, Files: []alliance.FileRef{ref}}
	if err := cs.CreateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	u.show()
	panel := u.s.files
	if panel == nil || !strings.Contains(uitest.LabelsIn(panel.list), "rəsm.jpg") {
		t.Fatalf("the Sync screen does not list the waiting drawing:\n%s", uitest.LabelsIn(panel.box))
	}
	if err := u.round(t); err != nil {
		t.Fatal(err)
	}
	if err := u.transfers.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	u.Wait()
	want := kit.TransferText(alliance.FileTransfer{Upload: true, State: alliance.TransferDone, Size: ref.Size})
	if !strings.Contains(uitest.LabelsIn(panel.list), want) {
		t.Fatalf("the drawing is not shown sent (%q):\n%s", want, uitest.LabelsIn(panel.box))
	}
	test.Tap(panel.pause)
	u.Wait()
	if !u.transfers.Transfers().Paused || panel.pause.Text != i18n.T("files.resume") {
		t.Fatal("pause did not pause the transfers")
	}
	test.Tap(panel.pause)
	u.Wait()
	if u.transfers.Transfers().Paused {
		t.Fatal("resume did not resume")
	}

}

// TestSyncScreen_PlainHTTP: an http:// address of a public host is not
// connected to before the user reads why it is unsafe and chooses it;
// cancelling connects nowhere.
func TestSyncScreen_PlainHTTP(t *testing.T) {
	fake := &uitest.Sync{Now: alliance.SyncStatus{State: alliance.SyncNotEnrolled}}
	fake.EnrollErr = func(insecure bool) error {
		if !insecure {
			return syncclient.CheckAddress("http://alliance.example.az", false)
		}
		fake.Now = alliance.SyncStatus{State: alliance.SyncUpToDate, Server: "http://alliance.example.az", OrgName: "Quba QHT"}
		return nil
	}
	u := openFake(t, fake)
	u.show()
	f := u.s.enrol
	test.Type(f.Server, "http://alliance.example.az")
	test.Type(f.Code, "K7QM-4ZXD-92HT")
	test.Tap(f.Connect)
	u.Wait()
	if uitest.FindLabel(uitest.DialogOf(t, u.Window()), i18n.Tf("sync.error.insecure", i18n.Args{"Host": "alliance.example.az"})) == nil {
		t.Fatal("no warning before connecting without encryption")
	}
	uitest.TapDialogButton(t, u.Window(), i18n.T("form.cancel"))
	u.Wait()
	if len(fake.Enrolls) != 1 || fake.Enrolls[0] {
		t.Fatalf("enrolments %v after cancel", fake.Enrolls)
	}
	test.Tap(f.Connect)
	u.Wait()
	uitest.TapDialogButton(t, u.Window(), i18n.T("sync.insecure.connect"))
	u.Wait()
	if len(fake.Enrolls) != 3 || !fake.Enrolls[2] {
		t.Fatalf("enrolments %v: connecting anyway was not asked for", fake.Enrolls)
	}
}

// TestSyncScreen_HeldAndCopied: the records received but not taken are
// listed with why; a laptop found to be a copy shows the form to connect
// again.
func TestSyncScreen_HeldAndCopied(t *testing.T) {
	fake := &uitest.Sync{Now: alliance.SyncStatus{State: alliance.SyncError, Server: "https://alliance.example.az", OrgName: "Quba QHT",
		Err: alliance.Keyed(alliance.ECLONED, "sync.error.cloned", nil, "copied")},
		Kept: []alliance.Held{{Entity: "activity", Title: "Kampaniya", Code: "newer"}, {Entity: "certificate", Code: "duplicate"}}}
	u := openFake(t, fake)
	u.show()
	for _, want := range []string{i18n.T("sync.held.title"), i18n.T("sync.held.newer"), i18n.T("sync.held.duplicate"), "Kampaniya",
		i18n.T("sync.held.record"), i18n.T("sync.error.cloned"), i18n.T("sync.connect.title")} {
		if uitest.FindLabel(u.s.Object(), want) == nil {
			t.Errorf("the Sync screen does not show %q", want)
		}
	}
	if uitest.FindButton(u.s.Object(), i18n.T("sync.connect")) == nil {
		t.Fatal("a copied laptop is not offered to connect again")
	}
}

// TestSyncScreen_Bundles: without a connection, the Sync screen saves the
// laptop's changes to a file, and opens the secretariat's answer, saying
// what each did; a colleague's file is carried and its answer given back.
func TestSyncScreen_Bundles(t *testing.T) {
	ctx := context.Background()
	srv := startTestServer(t)
	org := srv.org(t, "Şəki Uşaq Mərkəzi")
	u := openSyncUI(t, t.TempDir())
	if err := u.syncer.Enroll(ctx, srv.url, srv.code(t, org), "test", false); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewActivityService(u.DB).CreateActivity(ctx, uitest.Activity("Kənddə görüş")); err != nil {
		t.Fatal(err)
	}
	u.show()
	p := u.s.bundles
	if p == nil || uitest.FindButton(u.s.Object(), i18n.T("bundle.save")) == nil || uitest.FindButton(u.s.Object(), i18n.T("bundle.open")) == nil {
		t.Fatal("the Sync screen offers no sync by file")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "changes.alliance-bundle")
	p.saveTo(out)
	u.Wait()
	if p.result.Text != i18n.Tf("bundle.saved", i18n.Args{"Changes": "1", "Files": "0", "Path": out}) {
		t.Fatalf("saved: %q", p.result.Text)
	}
	in, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	reply := filepath.Join(dir, "changes.alliance-reply")
	rf, _ := os.Create(reply)
	if _, err := srv.store.ImportBundle(ctx, in, rf); err != nil {
		t.Fatal(err)
	}
	in.Close()
	rf.Close()
	p.openPath(reply)
	u.Wait()
	if !strings.HasPrefix(p.result.Text, i18n.Tf("bundle.opened", i18n.Args{"Records": "0", "Files": "0"})[:10]) || p.result.Importance == widget.DangerImportance {
		t.Fatalf("opened: %q", p.result.Text)
	}
	if n, _ := sqlite.NewOutboxService(u.DB).PendingChanges(ctx); n != 0 {
		t.Fatalf("%d changes wait after the answer", n)
	}
	// A file that is not a bundle: said, in red.
	junk := filepath.Join(dir, "photo.jpg")
	os.WriteFile(junk, []byte("\xff\xd8\xff not a bundle"), 0o644)
	p.openPath(junk)
	u.Wait()
	if p.result.Importance != widget.DangerImportance || p.result.Text == "" {
		t.Fatalf("a wrong file: %q", p.result.Text)
	}
	p.carryPath(junk)
	u.Wait()
	if p.result.Text != i18n.T("error.bundle_damaged") {
		t.Fatalf("carrying a wrong file: %q", p.result.Text)
	}
	// A colleague's bundle, carried and handed in at this laptop's sync.
	p.carryPath(out)
	u.Wait()
	if uitest.FindLabel(u.s.Object(), i18n.N("bundle.waiting", 1, nil)) == nil {
		t.Fatal("the carried file is not listed")
	}
	if _, err := u.Services().Bundles.(*syncclient.Bundles).Relay.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	p.reload()
	u.Wait()
	give := uitest.FindButton(u.s.Object(), i18n.T("bundle.give"))
	if give == nil {
		t.Fatal("no answer to give back")
	}
	back := filepath.Join(dir, "for-colleague.alliance-reply")
	p.giveTo("changes.alliance-reply", back)
	u.Wait()
	if st, err := os.Stat(back); err != nil || st.Size() == 0 || uitest.FindButton(u.s.Object(), i18n.T("bundle.give")) != nil {
		t.Fatalf("given back: %v", err)
	}
}

// TestSyncScreen_Laptops: the secretariat's Sync screen lists the laptops
// that have not synced for too long.
func TestSyncScreen_Laptops(t *testing.T) {
	last := time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC)
	fake := &uitest.Sync{Now: alliance.SyncStatus{State: alliance.SyncUpToDate, Server: "https://alliance.example.az", OrgName: "Katiblik",
		Secretariat: true}, Others: []alliance.Laptop{{Name: "Ordubad", LastSync: last, Overdue: true}, {Name: "Şəki", Overdue: false},
		{Name: "Culfa", Overdue: true}}}
	u := openFake(t, fake)
	u.show()
	for _, want := range []string{i18n.Tf("sync.overdue.title", i18n.Args{"Days": 14}), "Ordubad — ", "Culfa — ",
		i18n.Tf("sync.overdue.last", i18n.Args{"Date": "02.10.2026"}), i18n.T("sync.overdue.never")} {
		if uitest.FindLabel(u.s.Object(), want) == nil {
			t.Errorf("the Sync screen does not show %q", want)
		}
	}
	if uitest.FindLabel(u.s.Object(), "Şəki — ") != nil {
		t.Error("a laptop that synced is listed")
	}
}

// TestSyncScreen_Kept: while a pull's pages are kept aside, the Sync
// screen says how many records came and that they appear together at the
// end, in every language, wrapping within a 1024×600 window.
func TestSyncScreen_Kept(t *testing.T) {
	srv := startTestServer(t)
	u := openSyncUI(t, t.TempDir())
	if err := u.syncer.Enroll(context.Background(), srv.url, srv.code(t, srv.org(t, "Şəki Uşaq Mərkəzi")), "test", false); err != nil {
		t.Fatal(err)
	}
	u.Window().Resize(fyne.NewSize(1024, 600))
	u.show()
	for _, lang := range i18n.Languages {
		u.SetLanguage(lang)
		u.show()
		u.Wait()
		s := u.s
		s.Update(alliance.SyncStatus{State: alliance.SyncSyncing, Done: 23000, Total: 23000, Kept: 23000, BytesRecv: 860 << 10})
		want := i18n.N("sync.kept", 23000, nil)
		if !strings.Contains(s.moving.Text, want) {
			t.Fatalf("%s: %q does not say %q", lang, s.moving.Text, want)
		}
		if s.moving.MinSize().Width > u.Window().Canvas().Size().Width {
			t.Errorf("%s: the line is %.0f wide in a window of %.0f", lang, s.moving.MinSize().Width, u.Window().Canvas().Size().Width)
		}
		s.Update(alliance.SyncStatus{State: alliance.SyncSyncing, Done: 10, Total: 10})
		if strings.Contains(s.moving.Text, "\n") {
			t.Fatalf("%s: %q says records are kept when none is", lang, s.moving.Text)
		}
	}
}
