package syncing

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestScreenshots renders the Sync screen in every language at both sizes
// (make screenshots): without a sync service, then connected to a real
// server (to connect, plain http asked about, a conflict to review and a
// change set aside, the file queue, a copied laptop, offline, by file).
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		t := sh.T
		e := sh.Open(nil)
		s := New(e)
		e.ShowScreen(env.ScreenSync, s.Object())
		sh.Shoot(e, "08-sync")

		// The sync, connected to a real server: a conflict to review and
		// a change the server set aside; then the server goes away.
		srv := startTestServer(t)
		org := srv.org(t, "Şəki Uşaq Hüquqları Mərkəzi")
		su := openSyncUI(t, t.TempDir())
		sh.Dress(su.Env)
		su.show()
		sh.Shoot(su.Env, "16-sync-connect")
		// Plain http:// to a public host: the laptop asks first (and
		// connects nowhere before the answer).
		su.s.enrol.Server.SetText("http://alliance.example.az")
		su.s.enrol.Code.SetText("K7QM-4ZXD-92HT")
		test.Tap(su.s.enrol.Connect)
		sh.Shoot(su.Env, "16a-sync-insecure")
		uitest.TapDialogButton(t, su.Window(), i18n.T("form.cancel"))
		if err := su.syncer.Enroll(context.Background(), srv.url, srv.code(t, org), "Aynur", false); err != nil {
			t.Fatal(err)
		}
		makeConflict(t, su, srv, org)
		su.show()
		sh.Shoot(su.Env, "17-sync-review")
		fileQueue(t, su)
		su.show()
		su.Wait()
		su.s.root.(*container.Scroll).ScrollToOffset(fyne.NewPos(0, 420))
		sh.Shoot(su.Env, "19-sync-files")
		copiedLaptop(t, su)
		su.show()
		su.Wait()
		sh.Shoot(su.Env, "16b-sync-copied")
		srv.stop()
		_ = su.round(t)
		sh.Shoot(su.Env, "18-sync-offline")
		// Without a connection: the changes saved to a file, a
		// colleague's file carried.
		p := su.s.bundles
		p.saveTo(filepath.Join(t.TempDir(), "Alliance.alliance-bundle"))
		su.Wait()
		p.carryPath(filepath.Join(su.Dir, "..", "none.alliance-bundle")) // not there: said in red
		su.Wait()
		su.s.root.(*container.Scroll).ScrollToOffset(fyne.NewPos(0, p.box.Position().Y))
		su.s.root.Refresh()
		sh.Shoot(su.Env, "18b-sync-by-file")
	})
}

// fileQueue puts files in every state in the laptop's queue.
func fileQueue(t *testing.T, u *syncUI) {
	ctx := context.Background()
	store := sqlite.NewSyncStore(u.DB)
	h := func(c byte) string { return strings.Repeat(string(c), 64) }
	for _, f := range []alliance.FileTransfer{
		{Hash: h('a'), Name: "Nigar_film_Şəki.mp4", Upload: true, Size: 84 << 20, Done: 31 << 20, State: alliance.TransferWaiting, Code: alliance.EUNAVAILABLE},
		{Hash: h('b'), Name: "scan-0042.jpg", Upload: true, Size: 3 << 20, State: alliance.TransferWaiting, Code: alliance.EDISKFULL},
		{Hash: h('c'), Name: "rəsm-Aysel.png", Upload: false, Size: 2 << 20, State: alliance.TransferWaiting, Code: alliance.ENOTFOUND},
		{Hash: h('d'), Name: "plakat.jpg", Upload: true, Size: 400 << 20, State: alliance.TransferFailed, Code: alliance.ETOOLARGE},
		{Hash: h('e'), Name: "razılıq-forması.pdf", Upload: true, Size: 1 << 20, Done: 1 << 20, State: alliance.TransferDone},
	} {
		if err := store.SaveTransfer(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := u.transfers.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
}

// makeConflict gives su a conflict to review and a change set aside.
func makeConflict(t *testing.T, su *syncUI, srv *testServer, org string) {
	t.Helper()
	ctx := context.Background()
	acts := sqlite.NewActivityService(su.DB)
	a := uitest.Activity("Uşaq hüquqları üzrə təlim")
	if err := acts.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := su.round(t); err != nil {
		t.Fatal(err)
	}
	otherDB := openOtherDB(t)
	other := syncclient.New(sqlite.NewSyncStore(otherDB), syncclient.Options{})
	if err := other.Enroll(ctx, srv.url, srv.code(t, org), "other", false); err != nil {
		t.Fatal(err)
	}
	if err := other.Round(ctx); err != nil {
		t.Fatal(err)
	}
	mine, _ := acts.FindActivityByID(ctx, a.ID)
	mine.Title = "Uşaq hüquqları üzrə iki günlük təlim"
	if err := acts.UpdateActivity(ctx, mine); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	otherActs := sqlite.NewActivityService(otherDB)
	theirs, _ := otherActs.FindActivityByID(ctx, a.ID)
	theirs.Title = "Müəllimlər üçün təlim (Şəki)"
	if err := otherActs.UpdateActivity(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	if err := other.Round(ctx); err != nil {
		t.Fatal(err)
	}
	// A change of another organisation's record: refused, set aside.
	foreign := uitest.Activity("Başqa təşkilatın qeydi")
	foreign.OrgID = alliance.NewID()
	if err := acts.CreateActivity(ctx, foreign); err != nil {
		t.Fatal(err)
	}
	if err := su.round(t); err != nil {
		t.Fatal(err)
	}
	// A record from a newer version: received, kept aside.
	newer := syncproto.Record{Seq: 1 << 40, Entity: syncproto.EntityActivity, ID: alliance.NewID(), Org: org,
		Fields: syncproto.ActivityFields(uitest.Activity("Kampaniya: LNCO")), Stamps: syncproto.Stamps{syncproto.BaseStamp: "0000000000001-000000-a"}}
	newer.Fields["campaign_id"] = json.RawMessage(`"lnco"`)
	if err := sqlite.NewSyncStore(su.DB).ApplyPull(ctx, &syncproto.PullResponse{Cursor: 0, More: true, Records: []syncproto.Record{newer}}); err != nil {
		t.Fatal(err)
	}
}

// copiedLaptop makes the server find the laptop a copy of another: a
// change under the laptop's next number, with other content, arrived
// first (from "the original").
func copiedLaptop(t *testing.T, su *syncUI) {
	t.Helper()
	ctx := context.Background()
	store := sqlite.NewSyncStore(su.DB)
	e, err := store.Enrolment(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next, err := store.NextSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := syncclient.NewClient(e.Server, e.Token, false)
	if err != nil {
		t.Fatal(err)
	}
	a := uitest.Activity("Orijinal noutbukda")
	a.OrgID, a.ID = e.OrgID, alliance.NewID()
	if _, err := c.Push(ctx, syncproto.PushRequest{Changes: []syncproto.Change{{Seq: next, Entity: syncproto.EntityActivity, ID: a.ID,
		Org: e.OrgID, Op: syncproto.OpCreate, HLC: syncproto.HLC{Wall: time.Now().UnixMilli(), Node: e.Node}.String(),
		Fields: syncproto.ActivityFields(a)}}}); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewActivityService(su.DB).CreateActivity(ctx, uitest.Activity("Surətdə yazılıb")); err != nil {
		t.Fatal(err)
	}
	if err := su.round(t); alliance.ErrorCode(err) != alliance.ECLONED {
		t.Fatalf("the copy's round: %v", err)
	}
}
