package report_test

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/benchdata"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// benchStore opens a copy of the 100,000-activity demo folder.
func benchStore(b *testing.B) (*sqlite.DB, report.Options) {
	b.Helper()
	db, err := sqlite.Open(benchdata.Folder(b, 100000), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ctx := context.Background()
	regions, err := sqlite.NewRegionService(db).FindRegions(ctx)
	if err != nil {
		b.Fatal(err)
	}
	orgs, err := sqlite.NewOrganisationService(db).FindOrganisations(ctx)
	if err != nil {
		b.Fatal(err)
	}
	o := report.Options{Lang: "az", Regions: regions, Orgs: map[string]string{}}
	for _, x := range orgs {
		o.Orgs[x.ID] = x.Name
	}
	return db, o
}

// BenchmarkDashboard100k computes the dashboard's figures over 100,000
// activities for the periods and scopes people choose (all time, a year,
// the last 12 months; the alliance, a region, an organisation), and
// separately draws its six charts. The first computation of the session
// (all time, nothing in memory yet) is reported apart. Baseline: one plain
// pass over the
// activity table (count and people of the live rows), on its own
// connection.
func BenchmarkDashboard100k(b *testing.B) {
	db, o := benchStore(b)
	src := sqlite.NewReportService(db)
	ctx := context.Background()
	raw, err := sql.Open("sqlite", "file:"+db.Path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	orgs := make([]string, 0, len(o.Orgs))
	for id := range o.Orgs {
		orgs = append(orgs, id)
	}
	today := alliance.Today()
	year := alliance.ReportFilter{From: alliance.NewDate(today.Year-1, 1, 1), To: alliance.NewDate(today.Year-1, 12, 31)}
	filters := []alliance.ReportFilter{
		{}, year, {From: today.AddDays(-365), To: today},
		{RegionID: "baku"}, {RegionID: "shaki-zagatala", From: year.From, To: year.To},
		{OrgID: orgs[0]}, {OrgID: orgs[1], From: year.From, To: year.To},
	}
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if _, err := src.Summary(ctx, filters[0]); err != nil {
			b.Fatal(err)
		}
		first := time.Since(start) // the first of the session: pages not yet in memory
		var times []time.Duration
		for round := 0; round < 3; round++ {
			for _, f := range filters {
				start := time.Now()
				if _, err := src.Summary(ctx, f); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
		}
		sum, err := src.Summary(ctx, alliance.ReportFilter{})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		_, charts := report.Dashboard(sum, o)
		for _, c := range charts {
			if _, err := c.PNG(460, 260, 2); err != nil {
				b.Fatal(err)
			}
		}
		drawn := time.Since(start)
		start = time.Now()
		var n, people int
		if err := raw.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(girls+boys+women+men), 0) FROM activities WHERE deleted = 0`).Scan(&n, &people); err != nil {
			b.Fatal(err)
		}
		scan := time.Since(start)
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(times, 50)), "p50_ms")
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(times, 100)), "max_ms")
		b.ReportMetric(benchdata.Ms(benchdata.Percentile(times, 100))/benchdata.Ms(scan), "max/scan")
		b.ReportMetric(benchdata.Ms(scan), "scan_ms")
		b.ReportMetric(benchdata.Ms(drawn), "charts_ms")
		b.ReportMetric(benchdata.Ms(first), "first_ms")
	}
}

// measured runs fn, sampling the heap in use every 20 ms.
func measured(b *testing.B, fn func() error) (took time.Duration, peakHeap, allocated uint64) {
	b.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	err := fn()
	took = time.Since(start)
	close(stop)
	<-done
	if err != nil {
		b.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	return took, peak.Load(), after.TotalAlloc - before.TotalAlloc
}

// BenchmarkXLSX100k writes the Excel export of all time — the summary
// and every table, 100,000 activities among them — to a file, sampling
// the heap as it goes, and the same for the last 12 months (about a
// third of the rows): the streaming writer keeps the heap the same
// whatever the number of rows. Baseline: the 100,000 activities as CSV.
func BenchmarkXLSX100k(b *testing.B) {
	db, o := benchStore(b)
	src := sqlite.NewReportService(db)
	ctx := context.Background()
	dir := b.TempDir()
	today := alliance.Today()
	lastYear := alliance.ReportFilter{From: today.AddDays(-365), To: today}
	export := func(path string, f alliance.ReportFilter, rows *int) func() error {
		o := o
		o.Progress = func(n int) { *rows = n }
		return func() error {
			return safefile.Write(path, func(w io.Writer) error { return report.WriteXLSX(ctx, w, src, f, o) })
		}
	}
	b.ResetTimer()
	for range b.N {
		var rows, small int
		path := filepath.Join(dir, "all.xlsx")
		took, peak, allocated := measured(b, export(path, alliance.ReportFilter{}, &rows))
		_, smallPeak, _ := measured(b, export(filepath.Join(dir, "year.xlsx"), lastYear, &small))
		csvTook, _, _ := measured(b, func() error {
			return safefile.Write(filepath.Join(dir, "all.csv"), func(w io.Writer) error {
				return report.WriteCSV(ctx, w, src, report.Activities, alliance.ReportFilter{}, o)
			})
		})
		st, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(took.Seconds(), "xlsx_s")
		b.ReportMetric(float64(rows), "rows")
		b.ReportMetric(float64(rows)/took.Seconds(), "rows/s")
		b.ReportMetric(float64(st.Size())/1e6, "file_MB")
		b.ReportMetric(float64(peak)/1e6, "peak_heap_MB")
		b.ReportMetric(float64(small), "year_rows")
		b.ReportMetric(float64(smallPeak)/1e6, "year_peak_heap_MB")
		b.ReportMetric(float64(allocated)/1e6, "allocated_MB")
		b.ReportMetric(csvTook.Seconds(), "csv_activities_s")
		b.ReportMetric(took.Seconds()/csvTook.Seconds(), "xlsx/csv")
	}
}
