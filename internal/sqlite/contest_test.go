package sqlite_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

const fileHash = "a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

// newContest is a contest open today.
func newContest() *alliance.Contest {
	today := alliance.Today()
	return &alliance.Contest{
		Title: "Mənim hüquqlarım", Theme: "Uşaq hüquqları hər gün",
		Categories: []alliance.Category{alliance.CatDrawing, alliance.CatFilm},
		AgeGroups:  []alliance.AgeGroup{{Min: 7, Max: 10}, {Min: 11, Max: 14}},
		Opens:      today.AddDays(-10), Closes: today.AddDays(10), JudgingEnds: today.AddDays(30),
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 2}, {Name: "İfadə", Weight: 1}},
		Jury:     []alliance.Juror{{Name: "Aynur Məmmədova"}, {Name: "Rəşad Hüseynov"}},
	}
}

func newEntry(contestID, first, last string, age int) *alliance.Entry {
	yes := true
	return &alliance.Entry{
		ContestID: contestID, FirstName: first, LastName: last, Age: age, Gender: alliance.Female,
		School: "12 nömrəli məktəb", Grade: "4", RegionID: "shaki-zagatala", Settlement: "Şəki",
		Category: alliance.CatDrawing, Title: "Evimiz",
		Files:   []alliance.FileRef{{Hash: fileHash, Name: "evimiz.jpg", Type: alliance.TypeJPEG, Size: 1000, Width: 800, Height: 600}},
		Consent: alliance.Consent{GuardianName: "Gülnarə Məmmədova", Relation: alliance.RelMother, Date: alliance.Today(), Publication: &yes},
	}
}

// contestWithEntries saves a contest and submits an entry per name.
func contestWithEntries(t *testing.T, cs *sqlite.ContestService, names ...string) (*alliance.Contest, []*alliance.Entry) {
	t.Helper()
	ctx := context.Background()
	c := newContest()
	if err := cs.CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	var es []*alliance.Entry
	for _, n := range names {
		first, last, _ := strings.Cut(n, " ")
		e := newEntry(c.ID, first, last, 9)
		if err := cs.CreateEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		if err := cs.SubmitEntry(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	return c, es
}

func TestContestService_Entries(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	cs := sqlite.NewContestService(db)
	c, _ := contestWithEntries(t, cs)

	// A draft needs little; submitting needs the guardian's consent.
	e := newEntry(c.ID, "  Aysel ", "Məmmədova", 9)
	e.Consent = alliance.Consent{}
	if err := cs.CreateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if e.State != alliance.StateDraft || len(e.Code) != 9 || e.Version != 1 || e.FirstName != "Aysel" {
		t.Fatalf("draft %+v", e)
	}
	if g, _ := c.AgeGroupFor(9); e.AgeGroupID != g.ID {
		t.Fatalf("age group %q, want %q", e.AgeGroupID, g.ID)
	}
	err := cs.SubmitEntry(ctx, e.ID)
	if fields := fieldNames(err); !strings.Contains(fields, "guardian_name") || !strings.Contains(fields, "publication") {
		t.Fatalf("submitted without consent: %v", err)
	}
	yes := true
	e.Consent = alliance.Consent{GuardianName: "Gülnarə Məmmədova", Relation: alliance.RelMother, Date: alliance.Today(), Publication: &yes}
	e.Title = "Bizim həyət"
	if err := cs.UpdateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := cs.SubmitEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}

	// Submitted: locked against edits and deletion.
	e.Title = "Başqa ad"
	if err := cs.UpdateEntry(ctx, e); alliance.ErrorCode(err) != alliance.ECONFLICT {
		t.Fatalf("edited a submitted entry: %v", err)
	}
	if err := cs.DeleteEntry(ctx, e.ID); alliance.ErrorCode(err) != alliance.ECONFLICT {
		t.Fatalf("deleted a submitted entry: %v", err)
	}
	// A correction is a new version; the one before is kept with the reason.
	if err := cs.CorrectEntry(ctx, e, " "); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a correction without a reason: %v", err)
	}
	e.LastName = "Məmmədli"
	e.State, e.Code = alliance.StateWinner, "FAKE-CODE" // not the form's to change
	if err := cs.CorrectEntry(ctx, e, "Soyadı səhv yazılmışdı"); err != nil {
		t.Fatal(err)
	}
	got, _ := cs.FindEntryByID(ctx, e.ID)
	if got.Version != 2 || got.LastName != "Məmmədli" || got.Title != "Başqa ad" || got.State != alliance.StateSubmitted || got.Code == "FAKE-CODE" {
		t.Fatalf("corrected %+v", got)
	}
	vs, err := cs.FindEntryVersions(ctx, e.ID)
	if err != nil || len(vs) != 1 || vs[0].Version != 1 || vs[0].Reason != "Soyadı səhv yazılmışdı" {
		t.Fatalf("versions %+v %v", vs, err)
	}
	var before alliance.Entry
	if err := syncproto.Decode(decodeMap(t, vs[0].Previous), &before); err != nil || before.LastName != "Məmmədova" || before.Title != "Bizim həyət" {
		t.Fatalf("the version before: %+v %v", before, err)
	}
	// A correction must leave the entry complete.
	got.Consent.GuardianName = ""
	if err := cs.CorrectEntry(ctx, got, "səhv"); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a correction removed the consent: %v", err)
	}

	// A draft can be deleted.
	d := newEntry(c.ID, "Murad", "Əliyev", 12)
	if err := cs.CreateEntry(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := cs.DeleteEntry(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	all, _ := cs.FindEntries(ctx, alliance.EntryFilter{ContestID: c.ID})
	if len(all) != 1 || all[0].Work == nil || all[0].Work.Hash != fileHash {
		t.Fatalf("gallery %+v", all)
	}
	if f, _ := cs.FindEntries(ctx, alliance.EntryFilter{ContestID: c.ID, State: alliance.StateDraft}); len(f) != 0 {
		t.Fatalf("filtered by state: %+v", f)
	}
}

func decodeMap(t *testing.T, raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func fieldNames(err error) string {
	var out []string
	for _, f := range alliance.ErrorFields(err) {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

func TestContestService_SecretariatOnly(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	orgs := sqlite.NewOrganisationService(db)
	member := &alliance.Organisation{Name: "Şəki Uşaq Mərkəzi", Kind: alliance.OrgNGO, RegionID: "shaki-zagatala"}
	if err := orgs.CreateOrganisation(ctx, member); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSettingsService(db).SetSetting(ctx, alliance.SettingOrgID, member.ID); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewContestService(db).CreateContest(ctx, newContest()); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("a member laptop created a contest: %v", err)
	}
}

func TestContestService_Judging(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	cs := sqlite.NewContestService(db)
	c, es := contestWithEntries(t, cs, "Aysel Məmmədova", "Murad Əliyev", "Leyla Quliyeva")
	j1, j2 := c.Jury[0].ID, c.Jury[1].ID
	idea, craft := c.Criteria[0].ID, c.Criteria[1].ID

	// The jury sees codes and work, nothing of the child.
	pool, err := cs.FindJuryEntries(ctx, c.ID)
	if err != nil || len(pool) != 3 {
		t.Fatalf("pool %v %v", pool, err)
	}
	blob, _ := json.Marshal(pool)
	for _, leak := range []string{"Aysel", "Məmmədova", "Murad", "nömrəli məktəb", "Gülnarə", "shaki", "Şəki"} {
		if strings.Contains(string(blob), leak) {
			t.Errorf("the jury's view shows %q: %s", leak, blob)
		}
	}
	// A shortlist narrows the pool.
	if err := cs.SetEntryState(ctx, es[0].ID, alliance.StateShortlisted); err != nil {
		t.Fatal(err)
	}
	if err := cs.SetEntryState(ctx, es[1].ID, alliance.StateShortlisted); err != nil {
		t.Fatal(err)
	}
	if pool, _ := cs.FindJuryEntries(ctx, c.ID); len(pool) != 2 {
		t.Fatalf("shortlisted pool %d", len(pool))
	}

	// A judge stops half-way and comes back: one score per entry and judge.
	mark := func(entry, juror string, marks map[string]int) {
		t.Helper()
		if err := cs.SaveScore(ctx, &alliance.Score{EntryID: entry, JurorID: juror, Marks: marks, Comments: map[string]string{idea: "Rəngli"}}); err != nil {
			t.Fatal(err)
		}
	}
	mark(es[0].ID, j1, map[string]int{idea: 9})
	if rs, _ := cs.Results(ctx, c.ID); rs[0].Judges != 0 {
		t.Fatalf("an unfinished score counted: %+v", rs)
	}
	mark(es[0].ID, j1, map[string]int{idea: 9, craft: 6})
	mark(es[0].ID, j2, map[string]int{idea: 8, craft: 8})
	mark(es[1].ID, j1, map[string]int{idea: 10, craft: 1})
	mark(es[1].ID, j2, map[string]int{idea: 2, craft: 2})
	if ss, _ := cs.FindScores(ctx, c.ID, j1); len(ss) != 2 || ss[0].Comments[idea] != "Rəngli" {
		t.Fatalf("judge 1's scores %+v", ss)
	}
	if err := cs.SaveScore(ctx, &alliance.Score{EntryID: es[2].ID, JurorID: j1, Marks: map[string]int{idea: 5}}); err == nil {
		t.Fatal("scored an entry off the shortlist")
	}
	if err := cs.SaveScore(ctx, &alliance.Score{EntryID: es[0].ID, JurorID: j1, Marks: map[string]int{idea: 11}}); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("mark 11: %v", err)
	}

	rs, err := cs.Results(ctx, c.ID)
	if err != nil || len(rs) != 2 {
		t.Fatalf("results %+v %v", rs, err)
	}
	if rs[0].EntryID != es[0].ID || rs[0].Score != 8 || rs[0].Rank != 1 || rs[1].Rank != 2 || !rs[1].Disputed {
		t.Fatalf("results %+v", rs)
	}

	if err := cs.PublishResults(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	for i, want := range []alliance.EntryState{alliance.StateWinner, alliance.StateWinner, alliance.StateParticipant} {
		got, _ := cs.FindEntryByID(ctx, es[i].ID)
		if got.State != want {
			t.Errorf("%s: %s, want %s (rank %d)", got.FirstName, got.State, want, got.Rank)
		}
	}
	if got, _ := cs.FindContestByID(ctx, c.ID); !got.Published || got.PublishedAt.IsZero() {
		t.Fatalf("contest not published: %+v", got)
	}
	if err := cs.SaveScore(ctx, &alliance.Score{EntryID: es[0].ID, JurorID: j1, Marks: map[string]int{idea: 1, craft: 1}}); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("scored after publication: %v", err)
	}
}
