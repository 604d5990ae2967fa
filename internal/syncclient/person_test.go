package syncclient_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// TestSync_CarriesPerson: what a person signed in on a laptop records
// reaches the server with their name as well as the laptop's.
func TestSync_CarriesPerson(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	org := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	l := newLaptop(t, "member")
	l.db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
	l.enroll(srv, org)
	ps := sqlite.NewProfileService(l.db)
	p := &alliance.Profile{Name: "Aynur Məmmədova", Kind: alliance.SecretPIN}
	if err := ps.CreateProfile(ctx, p, "480915"); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.SignIn(ctx, p.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	a := l.add("Valideynlərlə görüş")
	l.sync()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(srv.dir, syncserver.DBFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var person, writer string
	if err := db.QueryRow(`SELECT person, writer FROM records WHERE entity = 'activity' AND id = ?`, a.ID).Scan(&person, &writer); err != nil {
		t.Fatal(err)
	}
	if person != `{"id":"`+p.ID+`","name":"Aynur Məmmədova"}` || writer == "" {
		t.Fatalf("the server keeps person %q, device %q", person, writer)
	}
}

// signIn gives the laptop a person and signs them in.
func signIn(t *testing.T, l *laptop, name string) *alliance.Profile {
	t.Helper()
	ctx := context.Background()
	l.db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
	ps := sqlite.NewProfileService(l.db)
	p := &alliance.Profile{Name: name, Kind: alliance.SecretPIN}
	if err := ps.CreateProfile(ctx, p, "480915"); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.SignIn(ctx, p.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHistory_ThroughSync: a record's history on a laptop shows who
// changed which field from what to what: the changes made there, and
// those another laptop made, with its person and laptop.
func TestHistory_ThroughSync(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	org := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	a, b := newLaptop(t, "a"), newLaptop(t, "b")
	a.enroll(srv, org)
	b.enroll(srv, org)
	aynur, reshad := signIn(t, a, "Aynur"), signIn(t, b, "Rəşad")
	act := a.add("Görüş")
	act.Title = "Valideynlərlə görüş"
	if err := a.acts.UpdateActivity(ctx, act); err != nil {
		t.Fatal(err)
	}
	a.sync()
	b.sync()
	onB, err := b.acts.FindActivityByID(ctx, act.ID)
	if err != nil {
		t.Fatal(err)
	}
	onB.Title = "Valideynlərlə ikinci görüş"
	if err := b.acts.UpdateActivity(ctx, onB); err != nil {
		t.Fatal(err)
	}
	b.sync()
	a.sync()

	h, err := sqlite.NewHistoryService(a.db).History(ctx, syncproto.EntityActivity, act.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 {
		t.Fatalf("%d history entries on a, want 3: %+v", len(h), h)
	}
	title := func(e alliance.HistoryEntry) (string, string) {
		for _, f := range e.Fields {
			if f.Field == "title" {
				return string(f.From), string(f.To)
			}
		}
		return "", ""
	}
	if h[0].How != alliance.HistoryCreated || h[0].Person == nil || h[0].Person.ID != aynur.ID || h[0].Device != a.db.DeviceID {
		t.Fatalf("the creation: %+v", h[0])
	}
	if from, to := title(h[1]); h[1].How != alliance.HistoryLocal || from != `"Görüş"` || to != `"Valideynlərlə görüş"` {
		t.Fatalf("a's edit: %s → %s (%s)", from, to, h[1].How)
	}
	from, to := title(h[2])
	if h[2].How != alliance.HistorySync || h[2].Person == nil || h[2].Person.ID != reshad.ID || h[2].Device == "" || h[2].Device == a.db.DeviceID ||
		from != `"Valideynlərlə görüş"` || to != `"Valideynlərlə ikinci görüş"` {
		t.Fatalf("b's edit on a: %s → %s, %+v", from, to, h[2])
	}
	// b took the record whole (no history of its making there), then its own edit.
	if hb, _ := sqlite.NewHistoryService(b.db).History(ctx, syncproto.EntityActivity, act.ID); len(hb) != 1 || hb[0].How != alliance.HistoryLocal {
		t.Fatalf("b's history: %+v", hb)
	}
}
