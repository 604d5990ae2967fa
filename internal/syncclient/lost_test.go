package syncclient_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestLostLaptop_Erased: the secretariat revokes a member's laptop as
// lost; at its next contact it erases the children's data — sent or not,
// drafts, files — and says why; a copy of its data folder then holds no
// child's name, byte by byte, while its activities stay.
func TestLostLaptop_Erased(t *testing.T) {
	ctx := context.Background()
	w := newContestWorld(t, nil)
	m := w.member
	lib, err := media.Open(m.dir)
	if err != nil {
		t.Fatal(err)
	}
	m.syncer.OnErase(func(ctx context.Context) error {
		if _, err := m.db.EraseChildrenData(ctx); err != nil {
			return err
		}
		_, err := lib.EraseAll()
		return err
	})
	scan := m.randomFile(t, 200<<10)
	cs := sqlite.NewContestService(m.db)
	sent := &alliance.Entry{ContestID: w.contest.ID, FirstName: "Xəyalə", LastName: "Qəmbərova", Age: 12,
		Category: alliance.CatFilm, School: "Qusar 3 nömrəli məktəb", Files: []alliance.FileRef{scan}}
	if err := cs.CreateEntry(ctx, sent); err != nil {
		t.Fatal(err)
	}
	m.sync()
	if err := m.pass(); err != nil {
		t.Fatal(err)
	}
	unsent := &alliance.Entry{ContestID: w.contest.ID, FirstName: "Nərmin", LastName: "Şahverdiyeva", Age: 9, Category: alliance.CatFilm}
	if err := cs.CreateEntry(ctx, unsent); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSettingsService(m.db).SaveDraft(ctx, "entry:new", []byte(`{"first_name":"Zümrüd Hacıyeva"}`)); err != nil {
		t.Fatal(err)
	}
	act := m.add("Valideynlərlə görüş")
	if holding(t, m.dir, "Nərmin") == 0 || holding(t, m.dir, "Xəyalə") == 0 {
		t.Fatal("the names are nowhere in the data folder before the erase: the search below proves nothing")
	}

	devs, err := w.srv.store.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if d.Name == "member" {
			if err := w.srv.store.RevokeLost(ctx, d.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = m.syncer.Round(ctx)
	if key, _ := alliance.ErrorKey(err); key != "sync.error.erased" {
		t.Fatalf("the round after the revocation: %v", err)
	}
	if got, err := m.acts.FindActivityByID(ctx, act.ID); err != nil || got.Title != act.Title {
		t.Fatalf("the activity after the erase: %v", err)
	}
	if _, err := cs.FindEntryByID(ctx, sent.ID); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("the entry after the erase: %v", err)
	}
	m.close()
	for _, name := range []string{"Xəyalə", "Qəmbərova", "Nərmin", "Şahverdiyeva", "Zümrüd", "Qusar 3 nömrəli"} {
		if n := holding(t, m.dir, name); n > 0 {
			t.Errorf("%d files of the data folder still hold %q", n, name)
		}
	}
	if holding(t, m.dir, "Valideynlərlə görüş") == 0 {
		t.Error("the activity is not in the data folder any more")
	}
	if _, err := os.Stat(lib.Store().Path(scan.Hash)); !os.IsNotExist(err) {
		t.Fatalf("the film is still on the laptop: %v", err)
	}
	// The server noted when it told the laptop.
	devs, _ = w.srv.store.Devices(ctx)
	for _, d := range devs {
		if d.Name == "member" && (!d.Erase || d.EraseToldAt.IsZero()) {
			t.Fatalf("the server's record of the lost laptop: %+v", d)
		}
	}
}

// holding counts the files under dir whose bytes hold text.
func holding(t *testing.T, dir, text string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(text)) {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
