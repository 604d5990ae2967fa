package syncclient_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// forgetting has the laptop's file store forget, after a round, the files
// pulled records stopped naming (as the app does).
func forgetting(t *testing.T, l *fileLaptop) {
	t.Helper()
	lib, err := media.Open(l.dir)
	if err != nil {
		t.Fatal(err)
	}
	l.syncer.OnRound(func() {
		hashes, err := l.store.ForgottenFiles(context.Background())
		if err != nil {
			t.Error(err)
		}
		for _, h := range hashes {
			if err := lib.Forget(h); err != nil {
				t.Error(err)
			}
		}
	})
}

// TestWithdrawConsent: a guardian withdraws consent on a laptop other than
// the one that recorded the entry; after a sync the child's name, school,
// guardian, artwork and consent scan are gone from every laptop's database
// and file store and from the server's, while the contest still counts
// the entry (its category, age group, region).
func TestWithdrawConsent(t *testing.T) {
	ctx := context.Background()
	w := newContestWorld(t, nil)
	forgetting(t, w.sec)
	forgetting(t, w.member)
	other := withFiles(t, newLaptop(t, "member-2"))
	other.enroll(w.srv, w.orgA)
	forgetting(t, other)

	art, scan := w.member.randomFile(t, 300<<10), w.member.randomFile(t, 50<<10)
	yes := true
	e := &alliance.Entry{ContestID: w.contest.ID, FirstName: "Xəyalə", LastName: "Qəmbərova", Age: 12, Gender: alliance.Female,
		School: "Qusar 3 nömrəli məktəb", Grade: "6", RegionID: "guba-khachmaz", Settlement: "Qusar", Category: alliance.CatFilm,
		Title: "Qusarın dağları", Files: []alliance.FileRef{art},
		Consent: alliance.Consent{GuardianName: "Səbinə Qəmbərova", Relation: alliance.RelMother, Date: alliance.Today(), Publication: &yes, Scan: &scan}}
	cs := sqlite.NewContestService(w.member.db)
	if err := cs.CreateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := cs.SubmitEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	corrected, _ := cs.FindEntryByID(ctx, e.ID)
	corrected.Grade = "7"
	if err := cs.CorrectEntry(ctx, corrected, "sinif səhv idi"); err != nil {
		t.Fatal(err)
	}
	w.member.sync()
	if err := w.member.pass(); err != nil {
		t.Fatal(err)
	}
	for _, l := range []*fileLaptop{w.sec, other} {
		l.sync()
		l.tr.Fetch(art)
		l.tr.Fetch(scan)
		if err := l.pass(); err != nil {
			t.Fatal(err)
		}
		if !l.files.Has(art.Hash) || !l.files.Has(scan.Hash) {
			t.Fatalf("%s did not get the files", l.name)
		}
	}
	names := []string{"Xəyalə", "Qəmbərova", "Qusar 3 nömrəli", "Səbinə", "Qusarın dağları"}
	if holding(t, other.dir, "Xəyalə") == 0 || holding(t, w.srv.dir, "Xəyalə") == 0 {
		t.Fatal("the name is not in the folders before: the search below proves nothing")
	}

	// The guardian comes to the other laptop's office.
	gone, err := sqlite.NewContestService(other.db).WithdrawConsent(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(gone) != 2 {
		t.Fatalf("files to forget on the withdrawing laptop: %v", gone)
	}
	lib, _ := media.Open(other.dir)
	for _, f := range gone {
		lib.Forget(f.Hash)
	}
	other.sync()
	w.sec.sync()
	w.member.sync()
	if sa, _ := other.syncer.SetAside(ctx); len(sa) > 0 {
		t.Fatalf("the withdrawal was set aside: %+v", sa)
	}

	for _, l := range []*fileLaptop{w.member, w.sec, other} {
		got, err := sqlite.NewContestService(l.db).FindEntryByID(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.IsAnonymised() || got.FirstName != "" || got.Category != alliance.CatFilm || got.RegionID != "guba-khachmaz" || got.Age != 12 {
			t.Fatalf("%s holds %+v", l.name, got)
		}
		if vs, _ := sqlite.NewContestService(l.db).FindEntryVersions(ctx, e.ID); len(vs) != 0 {
			t.Fatalf("%s keeps the entry's versions: %+v", l.name, vs)
		}
		if l.files.Has(art.Hash) || l.files.Has(scan.Hash) {
			t.Errorf("%s keeps the files", l.name)
		}
	}
	blobs, _ := filestore.Open(filepath.Join(w.srv.dir, "blobs"))
	if blobs.Has(art.Hash) || blobs.Has(scan.Hash) {
		t.Error("the server keeps the files")
	}
	// Byte by byte, on every laptop and on the server, once closed.
	for _, l := range []*fileLaptop{w.member, w.sec, other} {
		l.close()
	}
	w.srv.stop()
	for _, dir := range []string{w.member.dir, w.sec.dir, other.dir, w.srv.dir} {
		for _, name := range names {
			if n := holding(t, dir, name); n > 0 {
				t.Errorf("%d files in %s still hold %q", n, filepath.Base(dir), name)
			}
		}
	}
}
