package sqlite_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// newActivity returns a valid activity that has not been saved.
func newActivity() *alliance.Activity {
	return &alliance.Activity{
		Kind:        alliance.KindTraining,
		Title:       "Uşaq hüquqları üzrə təlim",
		Start:       alliance.NewDate(2025, time.March, 3),
		End:         alliance.NewDate(2025, time.March, 4),
		RegionID:    "shaki-zagatala",
		Settlement:  "Şəki",
		Areas:       []alliance.Area{alliance.AreaEducation, alliance.AreaProtection},
		Audiences:   []alliance.Audience{alliance.AudTeachers},
		Reached:     alliance.Reached{Girls: 12, Boys: 9, Women: 4, Men: 1, Disabled: 2},
		Partners:    "UNICEF",
		Description: "Məktəb müəllimləri üçün iki günlük təlim.",
		Results:     "26 iştirakçı",
		FollowUp:    "Aprel ayında təkrar görüş",
		RecordedBy:  "Aynur Məmmədova",
	}
}

// stampOf returns a field's stamp from a stored stamps object: its own,
// or the record's base stamp "_".
func stampOf(m map[string]string, field string) string {
	if s, ok := m[field]; ok {
		return s
	}
	return m["_"]
}

func pending(t *testing.T, db *sqlite.DB) []syncproto.Change {
	t.Helper()
	cs, err := sqlite.NewOutboxService(db).Pending(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestActivityService_CreateActivity(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewActivityService(db)
		a := newActivity()
		a.Areas = []alliance.Area{alliance.AreaProtection, alliance.AreaEducation} // any order in, canonical out
		if err := s.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		if !alliance.ValidID(a.ID) || !strings.HasPrefix(a.ID[14:], "7") {
			t.Fatalf("id %q is not a UUIDv7", a.ID)
		}
		got, err := s.FindActivityByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != a.Title || got.Start != a.Start || got.End != a.End || got.Reached != a.Reached ||
			got.Settlement != "Şəki" || got.RecordedBy != a.RecordedBy || got.Description != a.Description {
			t.Fatalf("read back %+v\nwant %+v", got, a)
		}
		if len(got.Areas) != 2 || got.Areas[0] != alliance.AreaProtection || got.Areas[1] != alliance.AreaEducation {
			t.Fatalf("areas %v", got.Areas)
		}

		cs := pending(t, db)
		if len(cs) != 1 {
			t.Fatalf("%d outbox entries, want 1", len(cs))
		}
		c := cs[0]
		if c.Entity != syncproto.EntityActivity || c.ID != a.ID || c.Op != syncproto.OpCreate {
			t.Fatalf("outbox entry %+v", c)
		}
		var title string
		if err := json.Unmarshal(c.Fields["title"], &title); err != nil || title != a.Title {
			t.Fatalf("outbox title %q, %v", title, err)
		}
		// Every field but the later ones this activity leaves empty (a
		// laptop of before them takes the record then).
		if want := len(alliance.ActivityFields) - 4; len(c.Fields) != want {
			t.Fatalf("outbox has %d fields, want %d", len(c.Fields), want)
		}
		for _, later := range []string{alliance.FieldCRC, alliance.FieldAttachments, alliance.FieldCampaigns, alliance.FieldUses} {
			if _, ok := c.Fields[later]; ok {
				t.Fatalf("an empty %s travels", later)
			}
		}

		var stamps map[string]string
		if err := json.Unmarshal([]byte(sqlite.Stamps(t, db, a.ID)), &stamps); err != nil {
			t.Fatal(err)
		}
		for name := range c.Fields {
			if got := stampOf(stamps, name); got != c.HLC {
				t.Errorf("stamp of %s = %q, want the change's %q", name, got, c.HLC)
			}
		}
		if stampOf(stamps, "deleted") != c.HLC {
			t.Errorf("deleted not stamped")
		}
		if len(stamps) != 1 {
			t.Errorf("a new record keeps %d stamps, want the one base stamp: %v", len(stamps), stamps)
		}
	})

	t.Run("InvalidSavesNothing", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewActivityService(db)
		a := newActivity()
		a.Title = "  "
		a.End = a.Start.AddDays(-1)
		err := s.CreateActivity(ctx, a)
		if alliance.ErrorCode(err) != alliance.EINVALID {
			t.Fatalf("err %v, want EINVALID", err)
		}
		fields := map[string]bool{}
		for _, f := range alliance.ErrorFields(err) {
			fields[f.Field] = true
		}
		if !fields[alliance.FieldTitle] || !fields[alliance.FieldEnd] {
			t.Fatalf("field errors %v", alliance.ErrorFields(err))
		}
		if n := sqlite.CountRows(t, db, "activities"); n != 0 {
			t.Fatalf("%d rows saved", n)
		}
		if n := len(pending(t, db)); n != 0 {
			t.Fatalf("%d outbox entries", n)
		}
	})

	t.Run("FailedWriteLeavesNothing", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewActivityService(db)
		good, bad := newActivity(), newActivity()
		bad.RegionID = "atlantis" // passes Validate, fails inside the transaction
		err := s.CreateActivities(ctx, []*alliance.Activity{good, bad})
		if alliance.ErrorCode(err) != alliance.EINVALID {
			t.Fatalf("err %v, want EINVALID", err)
		}
		if f := alliance.ErrorFields(err); len(f) != 1 || f[0].Field != alliance.FieldRegion {
			t.Fatalf("field errors %v", f)
		}
		for _, table := range []string{"activities", "outbox", "activity_fts"} {
			if n := sqlite.CountRows(t, db, table); n != 0 {
				t.Errorf("%s has %d rows after a failed write", table, n)
			}
		}
	})

	t.Run("DuplicateID", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewActivityService(db)
		a := newActivity()
		if err := s.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		b := newActivity()
		b.ID = a.ID
		if err := s.CreateActivity(ctx, b); alliance.ErrorCode(err) != alliance.ECONFLICT {
			t.Fatalf("err %v, want ECONFLICT", err)
		}
		if n := len(pending(t, db)); n != 1 {
			t.Fatalf("%d outbox entries, want 1", n)
		}
	})

	t.Run("DiskFull", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewActivityService(db)
		if err := s.CreateActivity(ctx, newActivity()); err != nil {
			t.Fatal(err)
		}
		sqlite.LimitPages(t, db, sqlite.PageCount(t, db))
		big := newActivity()
		big.Description = strings.Repeat("ə", alliance.MaxLongText)
		big.Results = strings.Repeat("ş", alliance.MaxLongText)
		var err error
		for i := 0; i < 50 && err == nil; i++ { // fill the last free pages
			x := *big
			x.ID = ""
			err = s.CreateActivity(ctx, &x)
		}
		if alliance.ErrorCode(err) != alliance.EDISKFULL {
			t.Fatalf("err %v, want EDISKFULL", err)
		}
		if rows, out := sqlite.CountRows(t, db, "activities"), len(pending(t, db)); rows != out {
			t.Fatalf("%d rows but %d outbox entries after disk full", rows, out)
		}
	})
}

func TestActivityService_UpdateActivity(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewActivityService(db)
	a := newActivity()
	if err := s.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	created := pending(t, db)[0].HLC

	t.Run("OnlyChangedFields", func(t *testing.T) {
		b := *a
		b.Title = "Uşaq hüquqları üzrə seminar"
		b.Reached.Girls = 20
		if err := s.UpdateActivity(ctx, &b); err != nil {
			t.Fatal(err)
		}
		cs := pending(t, db)
		if len(cs) != 2 {
			t.Fatalf("%d outbox entries, want 2", len(cs))
		}
		c := cs[1]
		if c.Op != syncproto.OpUpdate || len(c.Fields) != 2 || c.Fields["title"] == nil || c.Fields["girls"] == nil {
			t.Fatalf("update entry %+v", c)
		}
		if c.HLC <= created {
			t.Fatalf("update stamp %s not after create stamp %s", c.HLC, created)
		}
		var stamps map[string]string
		_ = json.Unmarshal([]byte(sqlite.Stamps(t, db, a.ID)), &stamps)
		if stampOf(stamps, "title") != c.HLC || stampOf(stamps, "girls") != c.HLC || stampOf(stamps, "boys") != created {
			t.Fatalf("stamps %v", stamps)
		}
		got, _ := s.FindActivityByID(ctx, a.ID)
		if got.Title != b.Title || got.Reached.Girls != 20 {
			t.Fatalf("read back %+v", got)
		}
	})

	t.Run("NoChangeWritesNothing", func(t *testing.T) {
		before := len(pending(t, db))
		b, _ := s.FindActivityByID(ctx, a.ID)
		b.Title = "  " + b.Title + " " // trimmed to the same
		if err := s.UpdateActivity(ctx, b); err != nil {
			t.Fatal(err)
		}
		if after := len(pending(t, db)); after != before {
			t.Fatalf("outbox grew from %d to %d", before, after)
		}
	})

	t.Run("InvalidKeepsStored", func(t *testing.T) {
		b, _ := s.FindActivityByID(ctx, a.ID)
		b.Reached.Disabled = 1000
		if err := s.UpdateActivity(ctx, b); alliance.ErrorCode(err) != alliance.EINVALID {
			t.Fatalf("err %v", err)
		}
		got, _ := s.FindActivityByID(ctx, a.ID)
		if got.Reached.Disabled != 2 {
			t.Fatalf("disabled %d", got.Reached.Disabled)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		b := newActivity()
		b.ID = alliance.NewID()
		if err := s.UpdateActivity(ctx, b); alliance.ErrorCode(err) != alliance.ENOTFOUND {
			t.Fatalf("err %v, want ENOTFOUND", err)
		}
	})
}

func TestActivityService_DeleteActivity(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewActivityService(db)
	a := newActivity()
	if err := s.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteActivity(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindActivityByID(ctx, a.ID); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("find deleted: %v", err)
	}
	if n, _ := s.CountActivities(ctx, alliance.ActivityFilter{}); n != 0 {
		t.Fatalf("count %d after delete", n)
	}
	if n, _ := s.CountActivities(ctx, alliance.ActivityFilter{Query: "seki"}); n != 0 {
		t.Fatalf("search finds a deleted activity")
	}
	// The tombstone stays for the sync.
	if n := sqlite.CountRows(t, db, "activities"); n != 1 {
		t.Fatalf("%d rows: the tombstone is gone", n)
	}
	cs := pending(t, db)
	if c := cs[len(cs)-1]; c.Op != syncproto.OpDelete || string(c.Fields["deleted"]) != "true" {
		t.Fatalf("delete entry %+v", c)
	}
	if err := s.DeleteActivity(ctx, a.ID); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("second delete: %v", err)
	}

	t.Run("Restore", func(t *testing.T) {
		if err := s.RestoreActivity(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindActivityByID(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountActivities(ctx, alliance.ActivityFilter{Query: "seki"}); n != 1 {
			t.Fatalf("search after restore: %d", n)
		}
		cs := pending(t, db)
		if c := cs[len(cs)-1]; c.Op != syncproto.OpRestore || string(c.Fields["deleted"]) != "false" {
			t.Fatalf("restore entry %+v", c)
		}
	})
}

func TestActivityService_FindActivities(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewActivityService(db)
	mk := func(title, region string, kind alliance.ActivityKind, start alliance.Date, area alliance.Area, text string) *alliance.Activity {
		a := newActivity()
		a.Title, a.RegionID, a.Kind, a.Start, a.End = title, region, kind, start, start
		a.Areas = []alliance.Area{area}
		a.Description, a.Settlement, a.Results, a.FollowUp, a.Partners = text, "", "", "", ""
		return a
	}
	d := func(m time.Month, day int) alliance.Date { return alliance.NewDate(2025, m, day) }
	all := []*alliance.Activity{
		mk("Çıxış", "baku", alliance.KindMeeting, d(1, 10), alliance.AreaHealth, "Müəllimlər ilə görüş"),
		mk("Cəmiyyət", "shaki-zagatala", alliance.KindTraining, d(2, 10), alliance.AreaEducation, "Şəki rayonunda təlim"),
		mk("Əmək", "baku", alliance.KindTraining, d(3, 10), alliance.AreaChildLabour, "Uşaq əməyi"),
		mk("Eniş", "nakhchivan", alliance.KindConference, d(4, 10), alliance.AreaHealth, "Права ребёнка"),
		mk("İnam", "baku", alliance.KindMeeting, d(5, 10), alliance.AreaParticipation, "Ilqar Çələbi danışdı"),
		mk("Ideya", "baku", alliance.KindMeeting, d(6, 10), alliance.AreaParticipation, "Gülnarə İsmayılova"),
	}
	if err := s.CreateActivities(ctx, all); err != nil {
		t.Fatal(err)
	}
	titles := func(f alliance.ActivityFilter) string {
		t.Helper()
		rows, err := s.FindActivities(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.CountActivities(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if f.Limit == 0 && n != len(rows) {
			t.Fatalf("count %d, rows %d", n, len(rows))
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.Title)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		name string
		f    alliance.ActivityFilter
		want string
	}{
		{"NewestFirst", alliance.ActivityFilter{}, "Ideya,İnam,Eniş,Əmək,Cəmiyyət,Çıxış"},
		{"Oldest", alliance.ActivityFilter{Sort: alliance.SortOldest}, "Çıxış,Cəmiyyət,Əmək,Eniş,İnam,Ideya"},
		// Azerbaijani alphabet: C Ç … E Ə … I İ
		{"TitleAzerbaijaniOrder", alliance.ActivityFilter{Sort: alliance.SortTitle}, "Cəmiyyət,Çıxış,Eniş,Əmək,Ideya,İnam"},
		{"SearchWithoutAzLetters", alliance.ActivityFilter{Query: "seki"}, "Cəmiyyət"},
		{"SearchSchwa", alliance.ActivityFilter{Query: "muellim"}, "Çıxış"},
		{"SearchDotlessI", alliance.ActivityFilter{Query: "cixis"}, "Çıxış"},
		{"SearchPrefixAndWords", alliance.ActivityFilter{Query: "usaq əmə"}, "Əmək"},
		{"SearchRussian", alliance.ActivityFilter{Query: "ребенка"}, "Eniş"},
		{"SearchCapitalDottedI", alliance.ActivityFilter{Query: "ismayilova"}, "Ideya"},
		{"SearchCapitalI", alliance.ActivityFilter{Query: "ILQAR"}, "İnam"},
		{"SearchPunctuationOnly", alliance.ActivityFilter{Query: `"*()`}, "Ideya,İnam,Eniş,Əmək,Cəmiyyət,Çıxış"},
		{"Region", alliance.ActivityFilter{RegionID: "baku", Sort: alliance.SortOldest}, "Çıxış,Əmək,İnam,Ideya"},
		{"Kind", alliance.ActivityFilter{Kind: alliance.KindTraining}, "Əmək,Cəmiyyət"},
		{"Area", alliance.ActivityFilter{Area: alliance.AreaHealth}, "Eniş,Çıxış"},
		{"Period", alliance.ActivityFilter{From: d(2, 1), To: d(4, 10)}, "Eniş,Əmək,Cəmiyyət"},
		{"Combined", alliance.ActivityFilter{RegionID: "baku", Kind: alliance.KindMeeting, From: d(5, 1)}, "Ideya,İnam"},
		{"Page", alliance.ActivityFilter{Offset: 2, Limit: 2}, "Eniş,Əmək"},
		{"SearchPage", alliance.ActivityFilter{Query: "görüş", Offset: 1, Limit: 1}, ""},
		{"SearchOldest", alliance.ActivityFilter{Query: "a", Sort: alliance.SortOldest}, "Çıxış,Cəmiyyət,Əmək,Eniş,İnam,Ideya"},
		{"SearchSingleLetterIgnored", alliance.ActivityFilter{Query: "ş"}, "Ideya,İnam,Eniş,Əmək,Cəmiyyət,Çıxış"},
		{"SearchWithFilter", alliance.ActivityFilter{Query: "i", RegionID: "baku", Sort: alliance.SortTitle}, "Çıxış,Əmək,Ideya,İnam"},
		{"SearchTwoWordsOldest", alliance.ActivityFilter{Query: "ilqar danis", Sort: alliance.SortOldest}, "İnam"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := titles(tc.f); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestActivityService_SearchAfterEdit checks that the full-text index
// follows edits of the text and of the start date (which orders it).
func TestActivityService_SearchAfterEdit(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewActivityService(db)
	a, b := newActivity(), newActivity()
	b.Title, b.Start, b.End = "Quba görüşü", alliance.NewDate(2025, 1, 1), alliance.NewDate(2025, 1, 1)
	b.Description, b.Results, b.FollowUp, b.Settlement = "", "", "", "Quba"
	if err := s.CreateActivities(ctx, []*alliance.Activity{a, b}); err != nil {
		t.Fatal(err)
	}
	search := func(q string) string {
		t.Helper()
		rows, err := s.FindActivities(ctx, alliance.ActivityFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.CountActivities(ctx, alliance.ActivityFilter{Query: q})
		if err != nil || n != len(rows) {
			t.Fatalf("count %d (%v), rows %d", n, err, len(rows))
		}
		var ids []string
		for _, r := range rows {
			ids = append(ids, r.Title)
		}
		return strings.Join(ids, ",")
	}
	if got := search("quba telim"); got != "" {
		t.Fatalf("before: %q", got)
	}
	// b moves after a in time and gets new words.
	b.Start, b.End = alliance.NewDate(2025, 6, 1), alliance.NewDate(2025, 6, 2)
	b.Description = "Müəllimlər üçün təlim"
	if err := s.UpdateActivity(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got := search("telim"); got != "Quba görüşü,Uşaq hüquqları üzrə təlim" {
		t.Fatalf("after moving b: %q", got)
	}
	if got := search("quba telim"); got != "Quba görüşü" {
		t.Fatalf("after moving b, two words: %q", got)
	}
	b.Description = ""
	if err := s.UpdateActivity(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got := search("telim"); got != "Uşaq hüquqları üzrə təlim" {
		t.Fatalf("after removing the word: %q", got)
	}
}

// TestActivityService_FieldsAreColumns: the activities table has a column
// for every field of alliance.ActivityFields and no other column but the
// record's own and the derived ones: a column added without its field
// (or a field without its column) fails here; and an activity with every
// field set comes back whole from the store.
func TestActivityService_FieldsAreColumns(t *testing.T) {
	db := MustOpenDB(t)
	own := map[string]bool{"n": true, "id": true, "title_key": true, "area_bits": true, "deleted": true, "stamps": true,
		"created_at": true, "updated_at": true, "report_key": true, "report_people": true, "report_more": true, "crc_bits": true}
	cols := map[string]bool{}
	for _, c := range sqlite.Columns(t, db, "activities") {
		cols[c] = true
	}
	for _, f := range alliance.ActivityFields {
		if !cols[f.Name] {
			t.Errorf("field %s has no column", f.Name)
		}
		delete(cols, f.Name)
	}
	for c := range cols {
		if !own[c] {
			t.Errorf("column %s is no field of the list", c)
		}
	}
	ctx := context.Background()
	s := sqlite.NewActivityService(db)
	a := newActivity()
	a.Partners, a.Results, a.FollowUp = "UNICEF", "Nəticə", "Davamı"
	if err := s.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindActivityByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range alliance.ActivityFields {
		if !reflect.DeepEqual(f.Value(got), f.Value(a)) {
			t.Errorf("%s: %v, want %v", f.Name, f.Value(got), f.Value(a))
		}
	}
}
