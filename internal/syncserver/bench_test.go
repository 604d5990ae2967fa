package syncserver_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// BenchmarkStore_Push ingests 10,000 changes (20 pushes of 500) into the
// server's store, beside a raw bulk INSERT of the same records into a
// table of the same shape (fields and stamps as JSON, the same keys).
func BenchmarkStore_Push(b *testing.B) {
	const n = 10000
	for range b.N {
		b.StopTimer()
		f := newFixture(b)
		dev, err := f.store.Authenticate(context.Background(), f.token)
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(9, 9))
		orgs := []alliance.Organisation{{ID: f.orgA, RegionID: "baku"}}
		changes := make([]syncproto.Change, n)
		for i := range changes {
			a := demo.Activity(rng, orgs, alliance.Today())
			h := syncproto.HLC{Wall: time.Now().UnixMilli(), Logical: int32(i), Node: "abcd1234"}
			changes[i] = syncproto.Change{Seq: int64(i + 1), Entity: syncproto.EntityActivity, ID: alliance.NewID(), Org: f.orgA,
				Op: syncproto.OpCreate, HLC: h.String(), Fields: syncproto.ActivityFields(a)}
		}
		raw := rawRecords(b, changes)
		b.StartTimer()
		start := time.Now()
		for i := 0; i < n; i += 500 {
			if _, err := f.store.Push(context.Background(), dev, syncproto.PushRequest{Changes: changes[i : i+500]}); err != nil {
				b.Fatal(err)
			}
		}
		took := time.Since(start)
		b.ReportMetric(n/took.Seconds(), "changes/s")
		b.ReportMetric(n/raw.Seconds(), "raw_rows/s")
		b.ReportMetric(raw.Seconds()/took.Seconds(), "ingest/raw")
	}
}

func rawRecords(b *testing.B, cs []syncproto.Change) time.Duration {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "raw.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE records (entity TEXT, id TEXT, scope TEXT, fields TEXT, stamps TEXT, deleted INT,
		seq INT, updated_at TEXT)`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	tx, _ := db.Begin()
	st, _ := tx.Prepare(`INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	for i, c := range cs {
		fields, _ := jsonMarshal(c.Fields)
		if _, err := st.Exec(c.Entity, c.ID, c.Org, fields, `{"_":"`+c.HLC+`"}`, 0, i+1, "2026-01-01T00:00:00Z"); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}
