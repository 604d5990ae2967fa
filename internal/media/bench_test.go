package media_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/benchdata"
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// BenchmarkThumbnails measures how fast thumbnails are made when none is
// cached: A4 scans at 300 dpi (2480×3508, 8.7 megapixels), each read whole,
// checked against its hash, decoded and scaled to a gallery tile. Printed:
// thumbnails per second on one core and on all of them (the app decodes as
// many at once as there are cores), and megapixels per second.
func BenchmarkThumbnails(b *testing.B) {
	const scans = 6
	l, err := media.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	refs := make([]alliance.FileRef, scans)
	for i := range refs {
		if refs[i], err = l.AddFile(ctx, "scan.jpg", bytes.NewReader(demo.Artwork(rng, 2480, 3508)), alliance.PurposeArtwork); err != nil {
			b.Fatal(err)
		}
	}
	cache := filepath.Join(filepath.Dir(l.Store().Dir()), "cache", "thumbs")
	clear := func() {
		if err := os.RemoveAll(cache); err != nil {
			b.Fatal(err)
		}
		os.MkdirAll(cache, 0o755)
	}
	thumb := func(ref alliance.FileRef) {
		if _, err := l.Thumbnail(ctx, ref, media.ThumbSize); err != nil {
			b.Fatal(err)
		}
	}
	for range b.N {
		clear()
		start := time.Now()
		for _, ref := range refs {
			thumb(ref)
		}
		one := time.Since(start)
		clear()
		start = time.Now()
		var wg sync.WaitGroup
		for _, ref := range refs {
			wg.Add(1)
			go func() { defer wg.Done(); thumb(ref) }()
		}
		wg.Wait()
		all := time.Since(start)
		b.ReportMetric(scans/one.Seconds(), "thumbs/s_1core")
		b.ReportMetric(scans/all.Seconds(), "thumbs/s_all")
		b.ReportMetric(scans*2480*3508/1e6/all.Seconds(), "MPix/s_all")
	}
}

// BenchmarkSealedLibrary takes in drawings as the entry form does (stored,
// checked, decoded, preview and thumbnail made) and shows a gallery of
// their thumbnails (cached), in a library that seals and in one that does
// not, alternately three times; it reports the best times and their ratio
// (target: sealed at most 1.15 × clear).
func BenchmarkSealedLibrary(b *testing.B) {
	const drawings = 6
	rng := rand.New(rand.NewPCG(5, 6))
	art := make([][]byte, drawings)
	for i := range art {
		art[i] = demo.Artwork(rng, 1600, 2200)
	}
	k, _ := vault.NewKey()
	vault.Register(k)
	defer vault.Forget(k)
	ctx := context.Background()
	run := func(sealed bool) (add, gallery time.Duration) {
		l, err := media.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		if sealed {
			l.UseKeys(func() (*vault.Key, bool) { return k, true })
		}
		refs := make([]alliance.FileRef, drawings)
		start := time.Now()
		for i := range refs {
			if refs[i], err = l.AddFile(ctx, "rəsm.jpg", bytes.NewReader(art[i]), alliance.PurposeArtwork); err != nil {
				b.Fatal(err)
			}
		}
		add = time.Since(start)
		start = time.Now()
		for range 50 {
			for _, ref := range refs {
				if _, err := l.Thumbnail(ctx, ref, media.ThumbSize); err != nil {
					b.Fatal(err)
				}
			}
		}
		return add, time.Since(start) / 50
	}
	for range b.N {
		var ca, cg, sa, sg time.Duration
		for range 3 {
			a, g := run(false)
			benchdata.KeepMin(&ca, a)
			benchdata.KeepMin(&cg, g)
			a, g = run(true)
			benchdata.KeepMin(&sa, a)
			benchdata.KeepMin(&sg, g)
		}
		b.ReportMetric(float64(ca.Milliseconds())/drawings, "add_ms/drawing")
		b.ReportMetric(float64(sa.Milliseconds())/drawings, "sealed_add_ms/drawing")
		b.ReportMetric(float64(cg.Microseconds())/1000, "gallery_6_thumbs_ms")
		b.ReportMetric(float64(sg.Microseconds())/1000, "sealed_gallery_6_thumbs_ms")
		b.ReportMetric(sa.Seconds()/ca.Seconds(), "add_sealed/clear")
		b.ReportMetric(sg.Seconds()/cg.Seconds(), "gallery_sealed/clear")
	}
}
