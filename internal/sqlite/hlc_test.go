package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestDB_Clock checks that stamps keep growing when the laptop's clock is
// set back, within one run and across a restart.
func TestDB_Clock(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	db, err := sqlite.Open(dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	s := sqlite.NewActivityService(db)
	a := newActivity()
	if err := s.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	clock.Set(clock.Now().Add(-10 * 24 * time.Hour))
	b := newActivity()
	if err := s.CreateActivity(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	clock.Set(clock.Now().Add(-20 * 24 * time.Hour))
	db = MustOpenDBAt(t, dir, clock.Now)
	if err := sqlite.NewActivityService(db).DeleteActivity(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	cs := pending(t, db)
	if len(cs) != 3 {
		t.Fatalf("%d outbox entries", len(cs))
	}
	for i := 1; i < len(cs); i++ {
		if cs[i].HLC <= cs[i-1].HLC {
			t.Fatalf("stamp %d (%s) not after %s", i, cs[i].HLC, cs[i-1].HLC)
		}
		if cs[i].Seq <= cs[i-1].Seq {
			t.Fatalf("outbox seq not increasing")
		}
	}
}
