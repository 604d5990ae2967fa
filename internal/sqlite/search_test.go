package sqlite_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// placeActivities are activities in places staff spell many ways.
func placeActivities() []*alliance.Activity {
	mk := func(title, region, settlement string) *alliance.Activity {
		a := newActivity()
		a.Title, a.RegionID, a.Settlement = title, region, settlement
		a.Description, a.Results, a.FollowUp, a.Partners = "", "", "", ""
		return a
	}
	return []*alliance.Activity{
		mk("Uşaq hüquqları təlimi", "shaki-zagatala", "Şəki şəhəri"),
		mk("Valideynlərlə görüş", "ganja-dashkasan", "Gəncə"),
		mk("Məktəbdə dəyirmi masa", "lankaran-astara", "Lənkəranda 3 nömrəli məktəb"),
		mk("Kənd gənclərinin forumu", "guba-khachmaz", "Qımıl kəndi"),
		mk("Yay düşərgəsi", "baku", "Masazır"),
	}
}

// TestActivityService_SearchPlaces: a place is found by its name in any of
// the three languages and by the transliterations staff type; a region by
// its names although the text never says it.
func TestActivityService_SearchPlaces(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewActivityService(db)
	if err := s.CreateActivities(ctx, placeActivities()); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"Sheki":        "Uşaq hüquqları təlimi",
		"shaki":        "Uşaq hüquqları təlimi",
		"Шеки":         "Uşaq hüquqları təlimi",
		"seki":         "Uşaq hüquqları təlimi",
		"ushaq":        "Uşaq hüquqları təlimi", // sh for ş in any word
		"Ganja":        "Valideynlərlə görüş",
		"Гянджа":       "Valideynlərlə görüş",
		"Lankaran":     "Məktəbdə dəyirmi masa", // the settlement has a case ending
		"Ленкорань":    "Məktəbdə dəyirmi masa",
		"Khachmaz":     "Kənd gənclərinin forumu", // the region's name only
		"Хачмаз":       "Kənd gənclərinin forumu",
		"Guba":         "Kənd gənclərinin forumu",
		"Masazir":      "Yay düşərgəsi",
		"Baku":         "Yay düşərgəsi",
		"Баку":         "Yay düşərgəsi",
		"Sheki hüquq":  "Uşaq hüquqları təlimi",
		"Ganja Sheki":  "",
		"Gazakh":       "",
		"Nakhchivan":   "",
		"Shamakhi":     "",
		"Lankaran Vxz": "",
	} {
		rows, err := s.FindActivities(ctx, alliance.ActivityFilter{Query: q})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Title)
		}
		if strings.Join(got, ",") != want {
			t.Errorf("%q finds %q, want %q", q, got, want)
		}
	}
}

// TestDB_ReindexSearch: a store indexed by an older version (texts only)
// is indexed again when opened, and then finds places by their names.
func TestDB_ReindexSearch(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewActivityService(db).CreateActivities(ctx, placeActivities()); err != nil {
		t.Fatal(err)
	}
	path := db.Path
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// As version 1 left it: an index without places.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO activity_fts (activity_fts) VALUES ('delete-all')`,
		`INSERT INTO activity_fts (rowid, body) SELECT (CAST(julianday(start_date) - 2440587.5 AS INTEGER) << 32) | n, lower(title) FROM activities`,
		`UPDATE meta SET value = '1' WHERE key = 'search_index'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	sqlite.SetReindexBatch(t, 2) // three transactions for five activities
	db = MustOpenDBAt(t, dir, nil)
	s := sqlite.NewActivityService(db)
	// Meanwhile every activity is found by its old text.
	if n, err := s.CountActivities(ctx, alliance.ActivityFilter{Query: "forumu"}); err != nil || n != 1 {
		t.Fatalf("while indexing, a title word finds %d (%v)", n, err)
	}
	db.WaitIndexed()
	for _, q := range []string{"Sheki", "Khachmaz", "Гянджа", "forumu"} {
		n, err := s.CountActivities(ctx, alliance.ActivityFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("after opening again, %q finds %d", q, n)
		}
	}
	if n := sqlite.CountRows(t, db, "activity_fts"); n != len(placeActivities()) {
		t.Fatalf("the index holds %d rows, want %d", n, len(placeActivities()))
	}
}

// TestActivityService_SuggestQuery: a search that finds nothing because of
// one letter missing, extra, wrong or swapped is offered the word the
// activities hold; a search that finds something, or is too far from any
// word, is offered nothing.
func TestActivityService_SuggestQuery(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewActivityService(db)
	as := placeActivities()
	as[0].Description = "Müəllimlər üçün iki günlük təlim"
	as[1].Description = "Müəllif ilə görüş"
	as[2].Description = "Müəllimlərin iştirakı ilə"
	if err := s.CreateActivities(ctx, as); err != nil {
		t.Fatal(err)
	}
	for typed, want := range map[string]string{
		"muelimler":            "müəllimlər", // a letter missing; written as the activities write it
		"müəlimlər":            "müəllimlər",
		"muelllim":             "müəllim", // one too many
		"muellin":              "müəllim", // a wrong one at the end: the word two activities hold
		"meullim":              "müəllim", // two swapped
		"xmuellim":             "müəllim", // a letter before the word
		"telim muelim":         "təlim müəllim",
		"Shekki":               "sheki",
		"hüquqlari":            "", // finds
		"muellim":              "", // finds
		"xyzzyq":               "", // nothing near
		"mu":                   "", // finds
		"q":                    "",
		"dəyirmi masaa muelim": "dəyirmi masa müəllim",
	} {
		got, err := s.SuggestQuery(ctx, typed)
		if err != nil {
			t.Fatalf("%q: %v", typed, err)
		}
		if got != want {
			t.Errorf("%q: suggested %q, want %q", typed, got, want)
		}
		if got != "" {
			if n, _ := s.CountActivities(ctx, alliance.ActivityFilter{Query: got}); n == 0 {
				t.Errorf("%q: the suggestion %q finds nothing", typed, got)
			}
		}
	}
}
