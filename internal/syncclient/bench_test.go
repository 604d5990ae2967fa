package syncclient_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/syncclient"
)

// The sync's figures, measured against the physical limit of these
// machines: a raw modernc-SQLite bulk insert of the same wide rows into a
// bare table, in one transaction, in the same run.

func benchActivities(n int, orgID string) []*alliance.Activity {
	rng := rand.New(rand.NewPCG(5, 5))
	orgs := []alliance.Organisation{{ID: orgID, RegionID: "baku"}}
	today := alliance.Today()
	out := make([]*alliance.Activity, n)
	for i := range out {
		out[i] = demo.Activity(rng, orgs, today)
	}
	return out
}

// rawInsert times the baseline: the activities' fields as one wide row
// each, one prepared INSERT, one transaction, no index.
func rawInsert(b *testing.B, as []*alliance.Activity) time.Duration {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "raw.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE a (id TEXT, org_id TEXT, kind TEXT, title TEXT, start_date TEXT, end_date TEXT,
		region_id TEXT, settlement TEXT, areas TEXT, audiences TEXT, girls INT, boys INT, women INT, men INT,
		disabled INT, partners TEXT, description TEXT, results TEXT, follow_up TEXT, recorded_by TEXT, stamps TEXT)`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	tx, _ := db.Begin()
	st, err := tx.Prepare(`INSERT INTO a VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range as {
		if _, err := st.Exec(alliance.NewID(), a.OrgID, a.Kind, a.Title, a.Start.String(), a.End.String(), a.RegionID,
			a.Settlement, `["health"]`, `["children"]`, a.Reached.Girls, a.Reached.Boys, a.Reached.Women, a.Reached.Men,
			a.Reached.Disabled, a.Partners, a.Description, a.Results, a.FollowUp, a.RecordedBy,
			`{"_":"0001764244700000-000000-abcdef12"}`); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// laptopWith is a server and an enrolled laptop holding n saved
// activities waiting to be sent (production batch sizes).
func laptopWith(b *testing.B, n int) (*server, string, *laptop) {
	b.Helper()
	srv := startServer(b)
	org := srv.org("Bench QHT", "baku", false)
	l := newLaptop(b, "bench")
	l.syncer = syncclient.New(l.store, syncclient.Options{})
	l.enroll(srv, org)
	as := benchActivities(n, org)
	for i := 0; i < n; i += 500 {
		if err := l.acts.CreateActivities(context.Background(), as[i:i+500]); err != nil {
			b.Fatal(err)
		}
	}
	return srv, org, l
}

// BenchmarkPush10k pushes 10,000 saved activities from a laptop to the
// server over loopback: server ingest in changes/s.
func BenchmarkPush10k(b *testing.B) {
	const n = 10000
	for range b.N {
		b.StopTimer()
		srv, org, l := laptopWith(b, n)
		raw := rawInsert(b, benchActivities(n, org))
		b.StartTimer()
		start := time.Now()
		l.sync()
		took := time.Since(start)
		if got := serverCount(b, srv); got != n {
			b.Fatalf("server has %d", got)
		}
		b.ReportMetric(n/took.Seconds(), "changes/s")
		b.ReportMetric(n/raw.Seconds(), "raw_rows/s")
		b.ReportMetric(raw.Seconds()/took.Seconds(), "ingest/raw")
	}
}

// BenchmarkFiles measures the file transfer: a 64 MB film up and then
// down over loopback (MB/s), and a 512 KB drawing up over an emulated 2G
// link (20 KB/s, 300 ms of latency each way, toxiproxy): the bytes on the
// wire beyond the payload (HTTP and tus headers, the check that the
// server lacks the file) and the time beyond what the link's rate needs.
func BenchmarkFiles(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		w := newContestWorld(b, nil)
		film := w.member.randomFile(b, 64<<20)
		w.entry(b, w.member, film)
		start := time.Now()
		if err := w.member.tr.Pass(ctx); err != nil {
			b.Fatal(err)
		}
		up := time.Since(start)
		if st := w.member.state(b, film.Hash, true); st.State != alliance.TransferDone {
			b.Fatalf("film not sent: %+v", st)
		}
		w.sec.sync()
		start = time.Now()
		if err := w.sec.tr.Pass(ctx); err != nil {
			b.Fatal(err)
		}
		down := time.Since(start)
		if !w.sec.files.Has(film.Hash) {
			b.Fatal("film not received")
		}
		mb := float64(film.Size) / (1 << 20)
		b.ReportMetric(mb/up.Seconds(), "up_MB/s")
		b.ReportMetric(mb/down.Seconds(), "down_MB/s")

		var px *proxy
		slow := newContestWorld(b, func(srv *server) string { px = newProxy(b, srv.addr); return px.url() })
		drawing := slow.member.randomFile(b, 512<<10)
		slow.entry(b, slow.member, drawing)
		px.toxic("rate", "bandwidth", "upstream", `{"rate":20}`)
		px.toxic("up_latency", "latency", "upstream", `{"latency":300}`)
		px.toxic("down_latency", "latency", "downstream", `{"latency":300}`)
		sent0, recv0 := slow.member.syncer.Traffic()
		start = time.Now()
		if err := slow.member.tr.Pass(ctx); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		sent1, recv1 := slow.member.syncer.Traffic()
		if st := slow.member.state(b, drawing.Hash, true); st.State != alliance.TransferDone {
			b.Fatalf("drawing not sent over 2G: %+v", st)
		}
		wire := (sent1 - sent0) + (recv1 - recv0)
		ideal := time.Duration(float64(drawing.Size) / (20 * 1024) * float64(time.Second))
		b.ReportMetric(100*float64(wire-drawing.Size)/float64(drawing.Size), "2G_bytes_overhead_%")
		b.ReportMetric(100*(took.Seconds()-ideal.Seconds())/ideal.Seconds(), "2G_time_overhead_%")
		b.ReportMetric(took.Seconds(), "2G_512KB_s")
	}
}

// BenchmarkBundle10k: 10,000 activities saved on a laptop without a
// connection go by file: the bundle's bytes a record, the server's import,
// the reply's bytes a record for a new laptop of the same organisation
// (all 10,000 to pull) and that laptop's reading of it, against the
// online push and first pull of the same records in the same run.
func BenchmarkBundle10k(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		srv, org, l := laptopWith(b, n)
		fresh := newLaptop(b, "fresh")
		fresh.syncer = syncclient.New(fresh.store, syncclient.Options{})
		fresh.enroll(srv, org)
		b.StartTimer()

		var out bytes.Buffer
		start := time.Now()
		if _, err := l.syncer.WriteBundle(ctx, &out, nil); err != nil {
			b.Fatal(err)
		}
		write := time.Since(start)
		start = time.Now()
		if _, err := srv.store.ImportBundle(ctx, bytes.NewReader(out.Bytes()), io.Discard); err != nil {
			b.Fatal(err)
		}
		imported := time.Since(start)
		var fb bytes.Buffer
		if _, err := fresh.syncer.WriteBundle(ctx, &fb, nil); err != nil {
			b.Fatal(err)
		}
		var reply bytes.Buffer
		if _, err := srv.store.ImportBundle(ctx, bytes.NewReader(fb.Bytes()), &reply); err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		info, err := fresh.syncer.ReadReply(ctx, bytes.NewReader(reply.Bytes()), nil)
		if err != nil || info.Records < n {
			b.Fatalf("reply: %+v, %v", info, err)
		}
		read := time.Since(start)
		b.ReportMetric(float64(out.Len())/n, "bundle_bytes/record")
		b.ReportMetric(float64(reply.Len())/n, "reply_bytes/record")
		b.ReportMetric(n/write.Seconds(), "write_records/s")
		b.ReportMetric(n/imported.Seconds(), "import_records/s")
		b.ReportMetric(n/read.Seconds(), "reply_read_records/s")
	}
}

// BenchmarkWire: what a record costs on the wire, HTTP included (issue
// 15, point 6) — 2,000 activities pushed by one laptop and pulled by
// another through a proxy, counted by the laptops' connections — and the
// first pull of 10,000 over an emulated 2G link (20 KB/s each way shared
// by the laptop's connections, 300 ms of latency each way), against the
// time the link's rate alone needs for the bytes it carried.
func BenchmarkWire(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		srv := startServer(b)
		org := srv.org("Bench QHT", "baku", false)
		px := newProxy(b, srv.addr)
		through := func(name string) *laptop {
			l := newLaptop(b, name)
			l.syncer = syncclient.New(l.store, syncclient.Options{})
			if err := l.syncer.Enroll(ctx, px.url(), srv.invite(org), name, false); err != nil {
				b.Fatal(err)
			}
			return l
		}
		const n = 2000
		a := through("a")
		if err := a.acts.CreateActivities(ctx, benchActivities(n, org)); err != nil {
			b.Fatal(err)
		}
		a.sync()
		push := a.syncer.Status()
		c := through("c")
		c.sync()
		pull := c.syncer.Status()
		if got := serverCount(b, srv); got != n || pull.Done < n {
			b.Fatalf("server %d, pulled %d", got, pull.Done)
		}

		// 10,000 more, and a new laptop's first pull over 2G.
		const slow = 10000
		if err := a.acts.CreateActivities(ctx, benchActivities(slow, org)[:slow-n]); err != nil {
			b.Fatal(err)
		}
		a.sync()
		slowLink := newLink(b, srv.addr, 20*1024, 300*time.Millisecond)
		d := newLaptop(b, "d")
		d.syncer = syncclient.New(d.store, syncclient.Options{})
		if err := d.syncer.Enroll(ctx, slowLink.url(), srv.invite(org), "d", false); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		d.sync()
		took := time.Since(start)
		st := d.syncer.Status()
		if st.Done < slow {
			b.Fatalf("pulled %d over 2G", st.Done)
		}
		// The link's rate alone: each direction's bytes at 20 KB/s, the
		// two directions at once.
		ideal := time.Duration(float64(max(st.BytesRecv, st.BytesSent)) / (20 * 1024) * float64(time.Second))

		b.ReportMetric(float64(push.BytesSent+push.BytesRecv)/n, "push_bytes/record")
		b.ReportMetric(float64(pull.BytesSent+pull.BytesRecv)/n, "pull_bytes/record")
		b.ReportMetric(took.Seconds(), "2G_pull_10k_s")
		b.ReportMetric(took.Seconds()/ideal.Seconds(), "2G_time/link_rate")
	}
}
