package filestore_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/benchdata"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// BenchmarkSealedFiles stores a 48 MB film and reads it back whole, in a
// store that seals and in one that does not, alternately three times;
// it reports the best rates and their ratio (target: sealed at most 1.15
// × the time of clear).
func BenchmarkSealedFiles(b *testing.B) {
	film := make([]byte, 48<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range film {
		film[i] = byte(rng.Uint32())
	}
	k, _ := vault.NewKey()
	vault.Register(k)
	defer vault.Forget(k)
	run := func(sealed bool) (put, read time.Duration) {
		s, err := filestore.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		if sealed {
			s.UseKeys(func() (*vault.Key, bool) { return k, true })
		}
		start := time.Now()
		hash, _, _, err := s.Put(bytes.NewReader(film), 0)
		if err != nil {
			b.Fatal(err)
		}
		put = time.Since(start)
		start = time.Now()
		f, err := s.Open(hash)
		if err != nil {
			b.Fatal(err)
		}
		if n, err := io.Copy(io.Discard, f); err != nil || n != int64(len(film)) {
			b.Fatalf("read %d, %v", n, err)
		}
		f.Close()
		return put, time.Since(start)
	}
	for range b.N {
		var cp, cr, sp, sr time.Duration
		for range 3 {
			p, r := run(false)
			benchdata.KeepMin(&cp, p)
			benchdata.KeepMin(&cr, r)
			p, r = run(true)
			benchdata.KeepMin(&sp, p)
			benchdata.KeepMin(&sr, r)
		}
		mb := float64(len(film)) / (1 << 20)
		b.ReportMetric(mb/cp.Seconds(), "put_MB/s")
		b.ReportMetric(mb/sp.Seconds(), "sealed_put_MB/s")
		b.ReportMetric(mb/cr.Seconds(), "read_MB/s")
		b.ReportMetric(mb/sr.Seconds(), "sealed_read_MB/s")
		b.ReportMetric(sp.Seconds()/cp.Seconds(), "put_sealed/clear")
		b.ReportMetric(sr.Seconds()/cr.Seconds(), "read_sealed/clear")
	}
}
