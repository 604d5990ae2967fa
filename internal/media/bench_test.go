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
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/media"
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
