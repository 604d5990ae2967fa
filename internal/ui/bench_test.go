package ui

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/benchdata"
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// BenchmarkStartup100k measures app start to first window on a data
// folder with 100,000 activities: opening (and locking) the folder, loading
// preferences and reference data, building every widget of the main window
// and showing the first page of the list with its count. The OpenGL driver
// is left out: the software driver builds the same widgets.
func BenchmarkStartup100k(b *testing.B) {
	dir := benchdata.Folder(b, 100000)
	for range b.N {
		a := test.NewTempApp(b)
		start := time.Now()
		db, err := sqlite.Open(dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		opened := time.Since(start)
		svc := storeServices(b, db, dir)
		u := New(a, svc, Info{DataDir: dir, DeviceID: db.DeviceID})
		u.jobs.SetQueue(true)
		if err := u.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		u.Show()
		u.Wait()
		total := time.Since(start)
		if u.activities.count != 100000 || len(u.activities.pages[0]) == 0 {
			b.Fatalf("first window shows %d activities, page 0 has %d rows", u.activities.count, len(u.activities.pages[0]))
		}
		u.Close()
		_ = db.Close()
		b.ReportMetric(benchdata.Ms(opened), "open_ms")
		b.ReportMetric(benchdata.Ms(total), "first_window_ms")
	}
}

// BenchmarkGallery2000 measures a contest gallery's first screen with
// 2,000 entries, the thumbnails already made on disk (made when the files
// were added): from choosing the entries tab to every visible tile showing
// its picture, rendered. Each round is a new window, so no thumbnail is in
// memory yet. Also printed: reading the 2,000 entries alone. The same is
// measured on a laptop whose children's data is sealed, and the ratio
// (target: at most 1.15).
func BenchmarkGallery2000(b *testing.B) {
	for range b.N {
		var clear, sealed []time.Duration
		var clearList, sealedList time.Duration
		for range 2 {
			t, l := galleryRounds(b, false)
			clear = append(clear, t...)
			benchdata.KeepMin(&clearList, l)
			t, l = galleryRounds(b, true)
			sealed = append(sealed, t...)
			benchdata.KeepMin(&sealedList, l)
		}
		sortDurations(clear)
		sortDurations(sealed)
		b.ReportMetric(benchdata.Ms(clear[len(clear)/2]), "first_screen_p50_ms")
		b.ReportMetric(benchdata.Ms(clear[len(clear)-1]), "first_screen_max_ms")
		b.ReportMetric(benchdata.Ms(clearList), "read_2000_ms")
		b.ReportMetric(benchdata.Ms(sealed[len(sealed)/2]), "sealed_first_screen_p50_ms")
		b.ReportMetric(benchdata.Ms(sealedList), "sealed_read_2000_ms")
		b.ReportMetric(sealed[len(sealed)/2].Seconds()/clear[len(clear)/2].Seconds(), "first_screen_sealed/clear")
		b.ReportMetric(sealedList.Seconds()/clearList.Seconds(), "read_sealed/clear")
	}
}

func sortDurations(d []time.Duration) { sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }

// galleryRounds makes a laptop with a contest of 2,000 entries (sealed:
// its data sealed by a first profile) and opens its gallery five times;
// it returns the times of the first screen and of reading the entries.
func galleryRounds(b *testing.B, sealed bool) ([]time.Duration, time.Duration) {
	const n, pictures = 2000, 150
	dir := b.TempDir()
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if sealed {
		db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
		p := &alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}
		if err := sqlite.NewProfileService(db).CreateProfile(ctx, p, "480915"); err != nil {
			b.Fatal(err)
		}
	}
	svc := storeServices(b, db, dir)
	c := &alliance.Contest{Title: "Uşaq gözü ilə", Categories: []alliance.Category{alliance.CatDrawing, alliance.CatPoster},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 9}, {Min: 10, Max: 13}, {Min: 14, Max: 17}},
		Opens:     alliance.Today().AddDays(-9), Closes: alliance.Today().AddDays(9), JudgingEnds: alliance.Today().AddDays(30),
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}, Jury: []alliance.Juror{{Name: "Aynur"}}}
	if err := svc.Contests.CreateContest(ctx, c); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	refs := make([]alliance.FileRef, pictures)
	for i := range refs {
		if refs[i], err = svc.Files.AddFile(ctx, "scan.jpg", bytes.NewReader(demo.Artwork(rng, 720, 540)), alliance.PurposeArtwork); err != nil {
			b.Fatal(err)
		}
	}
	yes := true
	for i := 0; i < n; i++ {
		e := &alliance.Entry{ContestID: c.ID, FirstName: "Aysel", LastName: "Məmmədova", Age: 6 + i%12, Gender: alliance.Female,
			Category: c.Categories[i%2], Title: "Evimiz", Files: []alliance.FileRef{refs[i%pictures]}, Consent: alliance.Consent{Publication: &yes}}
		if err := svc.Contests.CreateEntry(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	if es, err := svc.Contests.FindEntries(ctx, alliance.EntryFilter{ContestID: c.ID}); err != nil || len(es) != n {
		b.Fatalf("%d entries, %v", len(es), err)
	}
	list := time.Since(start)
	var times []time.Duration
	for round := 0; round < 5; round++ {
		a := test.NewTempApp(b)
		u := New(a, svc, Info{DataDir: dir, DeviceID: db.DeviceID})
		u.jobs.SetQueue(true)
		if err := u.Load(ctx); err != nil {
			b.Fatal(err)
		}
		u.Show()
		u.ShowScreen(ScreenContests)
		u.Wait()
		u.contests.pane.List.Select(0)
		u.Wait()
		start := time.Now()
		u.contests.view.tabs.SelectIndex(1)
		u.Wait()
		u.win.Canvas().Capture()
		times = append(times, time.Since(start))
		g := u.contests.view.gallery
		if len(g.entries) != n {
			b.Fatalf("gallery holds %d entries", len(g.entries))
		}
		if st := g.thumbs.Get(*g.entries[0].Work); st == nil || st.Res == nil {
			b.Fatal("the first tile has no picture")
		}
		u.Close()
		a.Quit()
	}
	return times, list
}

// BenchmarkColdStart100k measures app start to first window as after a
// reboot: the data folder's pages dropped from the file cache first. It
// prints the time, the bytes the process read from disk in each step and
// their share of the database file.
func BenchmarkColdStart100k(b *testing.B) {
	dir := benchdata.Folder(b, 100000)
	st, err := os.Stat(filepath.Join(dir, sqlite.DBFile))
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
		if err := benchdata.DropCache(dir); err != nil {
			b.Skipf("cannot start cold here: %v", err)
		}
		a := test.NewTempApp(b)
		r0, err := benchdata.ReadBytes()
		if err != nil {
			b.Skipf("cannot count bytes read here: %v", err)
		}
		start := time.Now()
		db, err := sqlite.Open(dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		r1, _ := benchdata.ReadBytes()
		svc := storeServices(b, db, dir)
		u := New(a, svc, Info{DataDir: dir, DeviceID: db.DeviceID})
		u.jobs.SetQueue(true)
		if err := u.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		r2, _ := benchdata.ReadBytes()
		u.Show()
		u.Wait()
		total := time.Since(start)
		r3, _ := benchdata.ReadBytes()
		if u.activities.count != 100000 {
			b.Fatalf("first window shows %d activities", u.activities.count)
		}
		u.Close()
		_ = db.Close()
		mb := func(n int64) float64 { return float64(n) / (1 << 20) }
		b.ReportMetric(benchdata.Ms(total), "first_window_ms")
		b.ReportMetric(mb(r3-r0), "read_MB")
		b.ReportMetric(float64(r3-r0)/float64(st.Size())*100, "read_%_of_db")
		b.ReportMetric(mb(st.Size()), "db_MB")
		b.ReportMetric(mb(r1-r0), "open_read_MB")
		b.ReportMetric(mb(r2-r1), "load_read_MB")
		b.ReportMetric(mb(r3-r2), "show_read_MB")
	}
}
