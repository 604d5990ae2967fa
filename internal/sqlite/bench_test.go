package sqlite_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/benchdata"
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// Each benchmark does its whole workload once per b.N (make bench runs
// b.N = 1) and reports its figures as metrics; nothing is asserted.

const insertN = 10000

func demoActivities(n int, seed uint64) []*alliance.Activity {
	rng := rand.New(rand.NewPCG(seed, seed))
	orgs := demo.Organisations(59, rng)
	today := alliance.Today()
	out := make([]*alliance.Activity, n)
	for i := range out {
		out[i] = demo.Activity(rng, orgs, today)
	}
	return out
}

// BenchmarkInsert10k writes 10,000 activities three ways: one form save
// (one transaction with stamps, outbox and index) per activity, batches of
// 500 (an import), and, as the baseline, a raw bulk INSERT of the same
// rows into a bare table in one transaction.
func BenchmarkInsert10k(b *testing.B) {
	as := demoActivities(insertN, 1)
	for range b.N {
		b.StopTimer()
		db := MustOpenDB(b)
		s := sqlite.NewActivityService(db)
		ctx := context.Background()
		b.StartTimer()

		start := time.Now()
		for _, a := range as {
			x := *a
			if err := s.CreateActivity(ctx, &x); err != nil {
				b.Fatal(err)
			}
		}
		single := time.Since(start)

		db2 := MustOpenDB(b)
		s2 := sqlite.NewActivityService(db2)
		start = time.Now()
		for i := 0; i < len(as); i += 500 {
			batch := make([]*alliance.Activity, 0, 500)
			for _, a := range as[i:min(i+500, len(as))] {
				x := *a
				batch = append(batch, &x)
			}
			if err := s2.CreateActivities(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
		batched := time.Since(start)

		raw := rawInsert(b, as)

		b.ReportMetric(float64(insertN)/single.Seconds(), "saves/s")
		b.ReportMetric(float64(insertN)/batched.Seconds(), "batched/s")
		b.ReportMetric(float64(insertN)/raw.Seconds(), "raw_rows/s")
		b.ReportMetric(raw.Seconds()/batched.Seconds(), "batched/raw")
	}
}

// rawInsert is the physical limit: the same rows, one prepared INSERT
// into a bare table without indexes, stamps or outbox, one transaction.
func rawInsert(b *testing.B, as []*alliance.Activity) time.Duration {
	path := filepath.Join(b.TempDir(), "raw.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE a (id TEXT, org_id TEXT, kind TEXT, title TEXT, start_date TEXT, end_date TEXT,
		region_id TEXT, settlement TEXT, areas TEXT, audiences TEXT, girls INT, boys INT, women INT, men INT,
		disabled INT, partners TEXT, description TEXT, results TEXT, follow_up TEXT, recorded_by TEXT)`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT INTO a VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range as {
		if _, err := st.Exec(alliance.NewID(), a.OrgID, a.Kind, a.Title, a.Start.String(), a.End.String(), a.RegionID,
			a.Settlement, `["x"]`, `["y"]`, a.Reached.Girls, a.Reached.Boys, a.Reached.Women, a.Reached.Men,
			a.Reached.Disabled, a.Partners, a.Description, a.Results, a.FollowUp, a.RecordedBy); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkSearch100k runs typical searches (typed without Azerbaijani
// letters, prefixes, two words, Russian, place names in English and
// Russian, transliterations) over 100,000 activities, each with the count
// and the first list page, as the screen does; then searches mistyped by a
// letter, which find nothing and ask for a suggestion (timed until it
// shows; searching for it is a search like the others).
func BenchmarkSearch100k(b *testing.B) {
	dir := benchdata.Folder(b, 100000)
	db := MustOpenDBAt(b, dir, nil)
	s := sqlite.NewActivityService(db)
	ctx := context.Background()
	queries := []string{"seki", "usaq", "muellim", "zorakiliq", "konvensiya", "telim seki", "əlillik", "istismar",
		"qerar", "плакат", "права ребенка", "lənkəran", "sərgi", "xaçmaz", "iştirak", "alver", "aynur", "unicef", "gigiyena", "qusar",
		"Sheki", "Ganja", "Lankaran", "Шеки", "Khachmaz", "ushaq huquq"}
	typos := []string{"muelimler", "zorakilq", "konvensya", "Shekki", "plakta", "iştirk telim"}
	b.ResetTimer()
	for range b.N {
		var typoTimes []time.Duration
		for round := 0; round < 5; round++ {
			for _, q := range typos {
				start := time.Now()
				f := alliance.ActivityFilter{Query: q, Limit: 100}
				if n, err := s.CountActivities(ctx, f); err != nil || n != 0 {
					b.Fatalf("%q: %d, %v", q, n, err)
				}
				near, err := s.SuggestQuery(ctx, q)
				if err != nil || near == "" {
					b.Fatalf("%q: no suggestion (%v)", q, err)
				}
				typoTimes = append(typoTimes, time.Since(start)) // until "did you mean" shows
				f.Query = near                                   // then a search like the others
				if n, err := s.CountActivities(ctx, f); err != nil || n == 0 {
					b.Fatalf("the suggestion %q for %q finds %d (%v)", near, q, n, err)
				}
			}
		}
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(typoTimes, 50)), "typo_p50_ms")
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(typoTimes, 95)), "typo_p95_ms")
		var times []time.Duration
		for round := 0; round < 5; round++ {
			for _, q := range queries {
				start := time.Now()
				f := alliance.ActivityFilter{Query: q, Limit: 100}
				if _, err := s.CountActivities(ctx, f); err != nil {
					b.Fatal(err)
				}
				if _, err := s.FindActivities(ctx, f); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
		}
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(times, 50)), "p50_ms")
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(times, 95)), "p95_ms")
	}
}

// BenchmarkListPage100k reads one list page (with the count) over
// 100,000 activities: the first page, a page deep in the list, pages under
// filters and in title order.
func BenchmarkListPage100k(b *testing.B) {
	dir := benchdata.Folder(b, 100000)
	db := MustOpenDBAt(b, dir, nil)
	s := sqlite.NewActivityService(db)
	ctx := context.Background()
	from := alliance.Today().AddDays(-365)
	filters := []alliance.ActivityFilter{
		{},
		{Offset: 50000},
		{Offset: 99900},
		{Sort: alliance.SortTitle, Offset: 30000},
		{Sort: alliance.SortOldest},
		{Sort: alliance.SortChanged},
		{RegionID: "shaki-zagatala"},
		{Kind: alliance.KindTraining, From: from},
		{Area: alliance.AreaChildLabour},
		{RegionID: "baku", Kind: alliance.KindMeeting, Area: alliance.AreaViolence, Sort: alliance.SortTitle},
	}
	b.ResetTimer()
	for range b.N {
		var times []time.Duration
		for round := 0; round < 5; round++ {
			for _, f := range filters {
				f.Limit = 100
				start := time.Now()
				if _, err := s.CountActivities(ctx, f); err != nil {
					b.Fatal(err)
				}
				rows, err := s.FindActivities(ctx, f)
				if err != nil || len(rows) == 0 {
					b.Fatalf("%+v: %d rows, %v", f, len(rows), err)
				}
				times = append(times, time.Since(start))
			}
		}
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(times, 50)), "p50_ms")
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(times, 95)), "p95_ms")
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(times, 100)), "max_ms")
	}
}

// BenchmarkReplay100k measures what a laptop with 100,000 activities does
// when it learns that the server was restored from a backup: queueing
// every record it wrote again, in one transaction.
func BenchmarkReplay100k(b *testing.B) {
	for range b.N {
		dir := benchdata.Folder(b, 100000)
		db := MustOpenDBAt(b, dir, nil)
		s := sqlite.NewSyncStore(db)
		ctx := context.Background()
		if _, err := s.NoteEpoch(ctx, "before"); err != nil {
			b.Fatal(err)
		}
		before, _ := s.PendingChanges(ctx)
		start := time.Now()
		restored, err := s.NoteEpoch(ctx, "after the restore")
		if err != nil || !restored {
			b.Fatalf("restored %v, %v", restored, err)
		}
		took := time.Since(start)
		after, _ := s.PendingChanges(ctx)
		b.ReportMetric(took.Seconds(), "replay_s")
		b.ReportMetric(float64(after-before), "changes_queued")
		b.ReportMetric(float64(after-before)/took.Seconds(), "changes/s")
	}
}
