package sqlite_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// personal are what a copied data folder must not reveal: the children's
// and participants' names, schools, settlements, guardians and contacts
// the test below writes (in UTF-8, as SQLite keeps them).
var personal = []string{"Quliyeva", "Zəhra", "Nərminə", "Gülnarə", "12 nömrəli məktəb", "+994501234567", "zehra@example.az"}

// findPersonal lists the personal strings found in any file under dir.
func findPersonal(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range personal {
			if bytes.Contains(b, []byte(s)) {
				rel, _ := filepath.Rel(dir, path)
				found = append(found, s+" in "+rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestProfileService_SealsData: a laptop that held children's data in the
// clear (an update brought sealing) seals it all at its first profile; the
// folder copied afterwards — database, write-ahead log, backups — holds no
// child's name, school, guardian or contact; a new start reads nothing
// until a sign-in opens the key, and then lists, sorting and history
// work as before.
func TestProfileService_SealsData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := MustOpenDBAt(t, dir, nil)
	db.KDF = cheapKDF

	tr, ps := withRoster(t, db, []string{"Zəhra Quliyeva", "Aygün Əliyeva", "Nərminə Bayramova"}, nil)
	ts := sqlite.NewTrainingService(db)
	var p alliance.Participant
	for _, x := range ps {
		if x.FullName == "Zəhra Quliyeva" {
			p = x
		}
	}
	p.BirthYear, p.Phone, p.Email = 2012, "+994501234567", "zehra@example.az"
	if err := ts.UpdateParticipant(ctx, &p); err != nil {
		t.Fatal(err)
	}
	cs := sqlite.NewContestService(db)
	_, entries := contestWithEntries(t, cs, "Zəhra Quliyeva")
	if err := sqlite.NewSettingsService(db).SaveDraft(ctx, "entry:new", []byte(`{"first_name":"Nərminə"}`)); err != nil {
		t.Fatal(err)
	}
	if found := findPersonal(t, dir); len(found) == 0 {
		t.Fatal("the test's data is not where the scan looks: it would pass whatever the sealing")
	}
	// A copy made before an update, as migrate makes them.
	if err := db.BackupBeforeUpdate(ctx, "9.9.9"); err != nil {
		t.Fatal(err)
	}

	profiles := sqlite.NewProfileService(db)
	coord := &alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}
	if err := profiles.CreateProfile(ctx, coord, "480915"); err != nil {
		t.Fatal(err)
	}
	if !db.Sealed() || !db.Unlocked() {
		t.Fatalf("sealed %v, unlocked %v after the first profile", db.Sealed(), db.Unlocked())
	}
	// Signed in (the key open): everything reads as before.
	got, err := sqlite.NewTrainingService(db).FindParticipants(ctx, tr.ID)
	if err != nil || len(got) != 3 || got[0].FullName != "Aygün Əliyeva" || got[2].FullName != "Zəhra Quliyeva" || got[2].Phone != "+994501234567" {
		t.Fatalf("participants after sealing: %+v, %v", got, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if found := findPersonal(t, dir); len(found) > 0 {
		t.Fatalf("a copy of the sealed folder reveals %v", found)
	}

	// The next start: nothing personal reads until someone signs in.
	db = MustOpenDBAt(t, dir, nil)
	db.KDF = cheapKDF
	if !db.Sealed() || db.Unlocked() {
		t.Fatalf("sealed %v, unlocked %v at a new start", db.Sealed(), db.Unlocked())
	}
	if _, err := sqlite.NewTrainingService(db).FindParticipants(ctx, tr.ID); errKey(err) != "error.data_locked" {
		t.Fatalf("participants before a sign-in: %v", err)
	}
	if _, err := sqlite.NewTrainingService(db).FindTrainingByID(ctx, tr.ID); err != nil {
		t.Fatalf("a training (not personal) before a sign-in: %v", err)
	}
	profiles = sqlite.NewProfileService(db)
	if _, err := profiles.SignIn(ctx, coord.ID, "480916"); err == nil || db.Unlocked() {
		t.Fatal("a wrong PIN opened the key")
	}
	unlocked := 0
	db.OnUnlock(func() { unlocked++ })
	if _, err := profiles.SignIn(ctx, coord.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	if !db.Unlocked() || unlocked != 1 {
		t.Fatalf("unlocked %v, told %d times", db.Unlocked(), unlocked)
	}
	e, err := sqlite.NewContestService(db).FindEntryByID(ctx, entries[0].ID)
	if err != nil || e.LastName != "Quliyeva" || e.Consent.GuardianName != "Gülnarə Məmmədova" {
		t.Fatalf("entry after a sign-in: %+v, %v", e, err)
	}
	// New writes are sealed too, and their history.
	p.Phone = "+994501234567 (ana: Gülnarə)"
	if err := sqlite.NewTrainingService(db).UpdateParticipant(ctx, &p); err != nil {
		t.Fatal(err)
	}
	h, err := sqlite.NewHistoryService(db).History(ctx, syncproto.EntityParticipant, p.ID)
	if err != nil || len(h) < 2 || !strings.Contains(string(h[len(h)-1].Fields[0].To), "Gülnarə") {
		t.Fatalf("history: %+v, %v", h, err)
	}
	draft, err := sqlite.NewSettingsService(db).Draft(ctx, "entry:new")
	if err != nil || string(draft) != `{"first_name":"Nərminə"}` {
		t.Fatalf("draft: %q, %v", draft, err)
	}
	changes, err := sqlite.NewOutboxService(db).Pending(ctx, 0, 1000)
	if err != nil || len(changes) == 0 {
		t.Fatalf("outbox: %d, %v", len(changes), err)
	}
	db.Close()
	if found := findPersonal(t, dir); len(found) > 0 {
		t.Fatalf("a copy of the folder after new writes reveals %v", found)
	}
}
