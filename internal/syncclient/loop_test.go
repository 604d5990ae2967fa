package syncclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSyncer_Loop: the background syncer goes offline when the server
// cannot be reached, syncs by itself as soon as it can, and wakes up on a
// local change.
func TestSyncer_Loop(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Zaqatala QHT", "shaki-zagatala", false)
	px := newProxy(t, srv.addr)
	a := newLaptop(t, "a")
	if err := a.syncer.Enroll(context.Background(), px.url(), srv.invite(org), "a", false); err != nil {
		t.Fatal(err)
	}
	px.p.Stop() // the link is down
	a.add("Offline yazılmış")
	a.start()
	waitFor(t, "offline", func() bool {
		st := a.syncer.Status()
		return st.State == alliance.SyncOffline && !st.NextTry.IsZero()
	})
	if st := a.syncer.Status(); st.Pending != 1 || st.Err == nil || st.NextTry.IsZero() {
		t.Fatalf("offline status %+v", st)
	}
	if err := px.p.Start(); err != nil { // the link is back
		t.Fatal(err)
	}
	waitFor(t, "the syncer to send by itself", func() bool { return serverCount(t, srv) == 1 })
	waitFor(t, "up to date", func() bool { return a.syncer.Status().State == alliance.SyncUpToDate })

	a.add("Sonra yazılmış")
	waitFor(t, "a local change to be sent", func() bool { return serverCount(t, srv) == 2 })
	waitFor(t, "nothing pending", func() bool { return a.syncer.Status().Pending == 0 })
	if a.syncer.Status().LastSuccess.IsZero() {
		t.Fatal("no last success")
	}
}

// TestSyncer_Revoked: a revoked laptop stops with a clear error, keeps its
// changes, and does not hammer the server.
func TestSyncer_Revoked(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Ağdam QHT", "karabakh", false)
	a := newLaptop(t, "a")
	a.enroll(srv, org)
	a.add("Saxlanılıb")
	devs, _ := srv.store.Devices(context.Background())
	if err := srv.store.Revoke(context.Background(), devs[0].ID); err != nil {
		t.Fatal(err)
	}
	err := a.syncer.Round(context.Background())
	if code := alliance.ErrorCode(err); code != alliance.EREVOKED {
		t.Fatalf("revoked round: %v (%s)", err, code)
	}
	if st := a.syncer.Status(); st.State != alliance.SyncError || a.pending() != 1 {
		t.Fatalf("status %+v, %d pending", st, a.pending())
	}
}

// TestSync_Resync: a laptop whose cursor is older than the kept history
// resyncs its scope in full: records deleted meanwhile (tombstones purged)
// go, the rest stay, its own waiting changes are kept.
func TestSync_Resync(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Bərdə QHT", "karabakh", false)
	a, b := newLaptop(t, "a"), newLaptop(t, "b")
	a.enroll(srv, org)
	b.enroll(srv, org)
	x := a.add("Silinəcək")
	a.add("Qalacaq")
	a.sync()
	b.sync()
	if err := a.acts.DeleteActivity(context.Background(), x.ID); err != nil {
		t.Fatal(err)
	}
	a.sync()
	if n, err := srv.store.PurgeTombstones(context.Background(), 0); err != nil || n != 1 {
		t.Fatalf("purged %d (%v)", n, err)
	}
	b.add("B-nin gözləyən işi")
	b.sync()
	if got := b.titles(); got != "B-nin gözləyən işi,Qalacaq" {
		t.Fatalf("after the full resync b sees %s", got)
	}
	if got := a.titles(); got != "Qalacaq" {
		t.Fatalf("a sees %s", got)
	}
	a.sync()
	if got := a.titles(); got != "B-nin gözləyən işi,Qalacaq" {
		t.Fatalf("a sees %s", got)
	}
}
