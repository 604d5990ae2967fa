package ui

import (
	"context"
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
		u.queue = true
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
