package sqlite_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// BenchmarkFirstSync50k: a new laptop's first sync of 50,000 activities
// from a real server over loopback (issue 15, point 5), beside what it is
// measured against in the same run on the same rows: (a) a bulk load of
// them into the laptop's own schema built the same way (the lists'
// indexes dropped and made again at the end, the full-text index written
// once, one transaction) and (b) a raw insert into a bare table. The
// laptop's apply alone (the same pages, fetched before) is printed too,
// and the same first sync by file: the server's reply of all 50,000
// records and the laptop's reading of it.
func BenchmarkFirstSync50k(b *testing.B) {
	const n = 50000
	ctx := context.Background()
	for range b.N {
		store, err := syncserver.OpenStore(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		srv, err := syncserver.Start(store, "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		org := &alliance.Organisation{Name: "Bench QHT", Kind: alliance.OrgNGO, RegionID: "baku"}
		if err := store.AddOrganisation(ctx, org); err != nil {
			b.Fatal(err)
		}
		enrol := func(db *sqlite.DB, name string) (*syncclient.Syncer, string) {
			code, _, err := store.Invite(ctx, org.ID, time.Hour)
			if err != nil {
				b.Fatal(err)
			}
			st := sqlite.NewSyncStore(db)
			s := syncclient.New(st, syncclient.Options{})
			if err := s.Enroll(ctx, srv.URL, code, name, false); err != nil {
				b.Fatal(err)
			}
			e, err := st.Enrolment(ctx)
			if err != nil {
				b.Fatal(err)
			}
			return s, e.Token
		}
		as := demoActivities(n, 3)
		for _, a := range as {
			a.OrgID = org.ID
		}
		seed := MustOpenDB(b)
		seeder, _ := enrol(seed, "seed")
		acts := sqlite.NewActivityService(seed)
		for i := 0; i < n; i += 500 {
			if err := acts.CreateActivities(ctx, as[i:i+500]); err != nil {
				b.Fatal(err)
			}
		}
		if err := seeder.Round(ctx); err != nil {
			b.Fatal(err)
		}

		fresh := MustOpenDB(b)
		syncer, token := enrol(fresh, "fresh")
		start := time.Now()
		if err := syncer.Round(ctx); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		if got, err := sqlite.NewActivityService(fresh).CountActivities(ctx, alliance.ActivityFilter{}); err != nil || got != n {
			b.Fatalf("the new laptop has %d activities (%v)", got, err)
		}
		recv := syncer.Status().BytesRecv

		// The same first sync by file: a new laptop's bundle, the server's
		// reply (all 50,000 records), the laptop reading it.
		byFile := MustOpenDB(b)
		fileSyncer, _ := enrol(byFile, "by file")
		var out, reply bytes.Buffer
		if _, err := fileSyncer.WriteBundle(ctx, &out, nil); err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		if _, err := store.ImportBundle(ctx, &out, &reply); err != nil {
			b.Fatal(err)
		}
		replyMade := time.Since(start)
		replySize := reply.Len()
		start = time.Now()
		info, err := fileSyncer.ReadReply(ctx, &reply, nil)
		if err != nil || info.Records < n || info.More {
			b.Fatalf("the reply: %+v, %v", info, err)
		}
		replyRead := time.Since(start)

		// The apply alone: the same pages, fetched first.
		c, err := syncclient.NewClient(srv.URL, token, false)
		if err != nil {
			b.Fatal(err)
		}
		var pages []*syncproto.PullResponse
		for cursor := int64(0); ; {
			p, err := c.Pull(ctx, syncproto.PullRequest{Cursor: cursor, Limit: syncproto.MaxPullRecords})
			if err != nil {
				b.Fatal(err)
			}
			pages = append(pages, p)
			if cursor = p.Cursor; !p.More {
				break
			}
		}
		_ = srv.Stop()
		_ = store.Close()
		st := sqlite.NewSyncStore(MustOpenDB(b))
		start = time.Now()
		for _, p := range pages {
			if err := st.ApplyPull(ctx, p); err != nil {
				b.Fatal(err)
			}
		}
		apply := time.Since(start)

		bare := rawInsert(b, as)
		deferredDB := MustOpenDB(b)
		start = time.Now()
		sqlite.RawSchemaInsertDeferred(b, deferredDB, as)
		bulk := time.Since(start)

		b.ReportMetric(took.Seconds(), "first_sync_s")
		b.ReportMetric(took.Seconds()/bulk.Seconds(), "sync/bulk_load")
		b.ReportMetric(took.Seconds()/bare.Seconds(), "sync/bare")
		b.ReportMetric(apply.Seconds(), "apply_s")
		b.ReportMetric(apply.Seconds()/bulk.Seconds(), "apply/bulk_load")
		b.ReportMetric(bulk.Seconds(), "bulk_load_s")
		b.ReportMetric(bare.Seconds(), "bare_s")
		b.ReportMetric(float64(recv)/n, "pull_bytes/record")
		b.ReportMetric(replyMade.Seconds(), "reply_made_s")
		b.ReportMetric(float64(replySize)/n, "reply_bytes/record")
		b.ReportMetric(replyRead.Seconds(), "reply_read_s")
		b.ReportMetric(replyRead.Seconds()/bulk.Seconds(), "reply_read/bulk_load")
		b.ReportMetric(replyRead.Seconds()/bare.Seconds(), "reply_read/bare")
	}
}
