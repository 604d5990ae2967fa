package syncclient_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestSync_Contest is the contest's whole way: the secretariat creates a
// contest, it reaches the members; a member records an entry with consent
// and artwork offline and submits it; the secretariat receives it (without
// the file, which is another issue's transfer); the jury scores blind; the
// secretariat publishes; the member's laptop gets the result. Another
// member never sees the entry, and a member cannot make a contest.
func TestSync_Contest(t *testing.T) {
	srv := startServer(t)
	orgS := srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	orgB := srv.org("Quba Gənclər Evi", "guba-khachmaz", false)
	sec, a, b := newLaptop(t, "sec"), newLaptop(t, "a"), newLaptop(t, "b")
	sec.enroll(srv, orgS)
	a.enroll(srv, orgA)
	b.enroll(srv, orgB)
	ctx := context.Background()
	secCS, aCS, bCS := sqlite.NewContestService(sec.db), sqlite.NewContestService(a.db), sqlite.NewContestService(b.db)

	today := alliance.Today()
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 7, Max: 10}}, Opens: today.AddDays(-5), Closes: today.AddDays(5), JudgingEnds: today.AddDays(20),
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}, Jury: []alliance.Juror{{Name: "Aynur Məmmədova"}}}
	if err := secCS.CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := aCS.CreateContest(ctx, &alliance.Contest{Title: "x"}); err == nil {
		t.Fatal("a member laptop created a contest")
	}
	sec.sync()
	a.sync()
	b.sync()
	if got, err := aCS.FindContestByID(ctx, c.ID); err != nil || got.Title != c.Title || len(got.Criteria) != 1 {
		t.Fatalf("the member did not get the contest: %+v %v", got, err)
	}

	// Offline on the member's laptop: the artwork into its file store, the
	// entry with consent, submitted.
	lib, err := media.Open(a.dir)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(10, 10, color.Black)
	var pic bytes.Buffer
	png.Encode(&pic, img)
	art, err := lib.AddFile(ctx, "rəsm.png", &pic, alliance.PurposeArtwork)
	if err != nil {
		t.Fatal(err)
	}
	no := false
	e := &alliance.Entry{ContestID: c.ID, FirstName: "Aysel", LastName: "Məmmədova", Age: 9, Gender: alliance.Female,
		School: "5 nömrəli məktəb", RegionID: "shaki-zagatala", Category: alliance.CatDrawing, Title: "Evimiz",
		Files:   []alliance.FileRef{art},
		Consent: alliance.Consent{GuardianName: "Gülnarə Məmmədova", Relation: alliance.RelMother, Date: today, Publication: &no}}
	if err := aCS.CreateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := aCS.SubmitEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	a.sync()
	sec.sync()
	b.sync()

	got, err := secCS.FindEntryByID(ctx, e.ID)
	if err != nil || got.State != alliance.StateSubmitted || got.Files[0].Hash != art.Hash {
		t.Fatalf("the secretariat has %+v, %v", got, err)
	}
	secLib, _ := media.Open(sec.dir)
	if secLib.HasFile(art.Hash) {
		t.Fatal("the file arrived with the record: files travel on their own")
	}
	if name := got.NameFor(orgS); name != "Aysel M." {
		t.Fatalf("publication refused, the secretariat's gallery shows %q", name)
	}
	if es, _ := bCS.FindEntries(ctx, alliance.EntryFilter{ContestID: c.ID}); len(es) != 0 {
		t.Fatalf("another member sees %+v", es)
	}

	pool, _ := secCS.FindJuryEntries(ctx, c.ID)
	if len(pool) != 1 || pool[0].Code != e.Code {
		t.Fatalf("jury pool %+v", pool)
	}
	if err := secCS.SaveScore(ctx, &alliance.Score{EntryID: pool[0].EntryID, JurorID: c.Jury[0].ID, Marks: map[string]int{c.Criteria[0].ID: 9}}); err != nil {
		t.Fatal(err)
	}
	if err := secCS.PublishResults(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	sec.sync()
	a.sync()
	mine, _ := aCS.FindEntryByID(ctx, e.ID)
	if mine.State != alliance.StateWinner || mine.Rank != 1 || mine.Score != 9 {
		t.Fatalf("the member's entry after publication: %+v", mine)
	}
	if pc, _ := aCS.FindContestByID(ctx, c.ID); !pc.Published {
		t.Fatal("the member does not see the results published")
	}
	if ss, _ := aCS.FindScores(ctx, c.ID, ""); len(ss) != 0 {
		t.Fatalf("the jury's scores reached a member: %+v", ss)
	}
	for _, l := range []*laptop{a, sec} {
		if sa, _ := sqlite.NewSyncStore(l.db).SetAside(ctx); len(sa) != 0 {
			t.Fatalf("%s: set aside %+v", l.name, sa)
		}
	}
}
