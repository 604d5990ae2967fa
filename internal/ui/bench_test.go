package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/benchdata"
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
		if count, page := u.activities.Shown(); count != 100000 || page == 0 {
			b.Fatalf("first window shows %d activities, page 0 has %d rows", count, page)
		}
		u.Close()
		_ = db.Close()
		b.ReportMetric(benchdata.Ms(opened), "open_ms")
		b.ReportMetric(benchdata.Ms(total), "first_window_ms")
	}
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
		if count, _ := u.activities.Shown(); count != 100000 {
			b.Fatalf("first window shows %d activities", count)
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
