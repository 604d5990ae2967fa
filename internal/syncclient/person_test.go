package syncclient_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
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
