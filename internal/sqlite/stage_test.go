package sqlite_test

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// stagedPull is three pages of a pull: 2 × 5 activities with more to
// come, then the last 5.
func stagedPull() []*syncproto.PullResponse {
	var pages []*syncproto.PullResponse
	for p := range 3 {
		page := &syncproto.PullResponse{More: p < 2, Cursor: int64(5 * (p + 1)), ConflictCursor: int64(p)}
		for i := range 5 {
			seq := int64(5*p + i + 1)
			page.Records = append(page.Records, pulledActivity(seq, fmt.Sprintf("Kitabxana görüşü %d", seq), "baku"))
		}
		pages = append(pages, page)
	}
	return pages
}

// TestSyncStore_ApplyPullStaged: pages with more to come are kept aside —
// nothing of them is seen, in the list or in search — and survive a
// restart, the next pull going on from after them while pushes still say
// the applied cursor; the last page applies them all at once, with the
// lists' indexes made again as they were (a bulk load) and every record
// found by search. A failed last apply leaves the kept pages to try again.
func TestSyncStore_ApplyPullStaged(t *testing.T) {
	for _, bulk := range []bool{true, false} {
		t.Run(fmt.Sprintf("bulk=%v", bulk), func(t *testing.T) {
			if bulk {
				sqlite.SetBulkMin(t, 10)
			}
			ctx := context.Background()
			dir := t.TempDir()
			db := MustOpenDBAt(t, dir, nil)
			acts := sqlite.NewActivityService(db)
			mine := newActivity()
			if err := acts.CreateActivity(ctx, mine); err != nil {
				t.Fatal(err)
			}
			indexes := sqlite.Indexes(t, db)
			pages := stagedPull()
			for _, p := range pages[:2] {
				if err := sqlite.NewSyncStore(db).ApplyPull(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			seen := func(db *sqlite.DB) (int, int) {
				t.Helper()
				a := sqlite.NewActivityService(db)
				list, err := a.CountActivities(ctx, alliance.ActivityFilter{})
				if err != nil {
					t.Fatal(err)
				}
				found, err := a.FindActivities(ctx, alliance.ActivityFilter{Query: "kitabxana", Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				return list, len(found)
			}
			if list, found := seen(db); list != 1 || found != 0 {
				t.Fatalf("while pages are kept aside: %d in the list, %d found; want only the laptop's own", list, found)
			}
			if got := len(sqlite.StagedPages(t, db)); got != 2 {
				t.Fatalf("%d pages kept", got)
			}

			// A restart: the pull goes on after the kept pages.
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			db = MustOpenDBAt(t, dir, nil)
			s := sqlite.NewSyncStore(db)
			if cursor, cc, _, err := s.PullCursor(ctx); err != nil || cursor != 10 || cc != 1 {
				t.Fatalf("pull cursor %d, %d (%v), want 10, 1: after the kept pages", cursor, cc, err)
			}
			if pc, err := s.PushCursor(ctx); err != nil || pc != 0 {
				t.Fatalf("push cursor %d (%v), want 0: the kept pages are not applied", pc, err)
			}

			// A last apply that fails keeps everything to try again.
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.ApplyPull(cancelled, pages[2]); err == nil {
				t.Fatal("a cancelled apply went through")
			}
			if list, _ := seen(db); list != 1 || len(sqlite.StagedPages(t, db)) != 2 {
				t.Fatalf("after a failed last apply: %d in the list, %d pages kept", list, len(sqlite.StagedPages(t, db)))
			}

			if err := s.ApplyPull(ctx, pages[2]); err != nil {
				t.Fatal(err)
			}
			if list, found := seen(db); list != 16 || found != 15 {
				t.Fatalf("after the last page: %d in the list, %d found by search; want 16 and 15", list, found)
			}
			if got := sqlite.Indexes(t, db); !maps.Equal(got, indexes) {
				t.Fatalf("indexes after the pull:\n%v\nwant\n%v", got, indexes)
			}
			if got := len(sqlite.StagedPages(t, db)); got != 0 {
				t.Fatalf("%d pages still kept", got)
			}
			if cursor, cc, _, _ := s.PullCursor(ctx); cursor != 15 || cc != 2 {
				t.Fatalf("cursor %d, %d after the last page, want 15, 2", cursor, cc)
			}
			if pc, _ := s.PushCursor(ctx); pc != 15 {
				t.Fatalf("push cursor %d after the last page, want 15", pc)
			}
			// Sorted by title through the index made again.
			list, err := sqlite.NewActivityService(db).FindActivities(ctx, alliance.ActivityFilter{Sort: alliance.SortTitle, Limit: 3})
			if err != nil || len(list) != 3 || list[0].Title != "Kitabxana görüşü 1" {
				t.Fatalf("by title: %v (%v)", list, err)
			}
		})
	}
}

// TestSyncStore_ApplyPullStagedResync: a server that no longer has the
// history a pull was going through starts it over: the kept pages are
// dropped and the pull starts from the beginning.
func TestSyncStore_ApplyPullStagedResync(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewSyncStore(db)
	pages := stagedPull()
	if err := s.ApplyPull(ctx, pages[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplyPull(ctx, &syncproto.PullResponse{Resync: true, More: true}); err != nil {
		t.Fatal(err)
	}
	if cursor, _, full, _ := s.PullCursor(ctx); cursor != 0 || !full {
		t.Fatalf("cursor %d, full %v after a resync, want 0, true", cursor, full)
	}
	if got := len(sqlite.StagedPages(t, db)); got != 0 {
		t.Fatalf("%d pages kept after a resync", got)
	}
	for _, p := range pages {
		if err := s.ApplyPull(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := sqlite.NewActivityService(db).CountActivities(ctx, alliance.ActivityFilter{}); n != 15 {
		t.Fatalf("%d activities after the resync, want 15", n)
	}
}

// TestSyncStore_ApplyPullStagedSealed: on a laptop that seals, the pages
// kept aside are sealed; a laptop sealing for the first time drops the
// pages it kept in the clear (they are fetched again).
func TestSyncStore_ApplyPullStagedSealed(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	db.KDF = cheapKDF
	s := sqlite.NewSyncStore(db)
	pages := stagedPull()
	if err := s.ApplyPull(ctx, pages[0]); err != nil {
		t.Fatal(err)
	}
	if kept := sqlite.StagedPages(t, db); len(kept) != 1 || vault.IsSealed(kept[0]) {
		t.Fatalf("kept before sealing: %d pages", len(kept))
	}
	if err := sqlite.NewProfileService(db).CreateProfile(ctx, &alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}, "480915"); err != nil {
		t.Fatal(err)
	}
	if kept := sqlite.StagedPages(t, db); len(kept) != 0 {
		t.Fatalf("%d clear pages kept after sealing", len(kept))
	}
	if cursor, _, _, _ := s.PullCursor(ctx); cursor != 0 {
		t.Fatalf("cursor %d: the dropped pages are fetched again", cursor)
	}
	for _, p := range pages[:2] {
		if err := s.ApplyPull(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	kept := sqlite.StagedPages(t, db)
	if len(kept) != 2 || !vault.IsSealed(kept[0]) || !vault.IsSealed(kept[1]) {
		t.Fatalf("kept pages on a sealing laptop: %d, not sealed", len(kept))
	}
	if err := s.ApplyPull(ctx, pages[2]); err != nil {
		t.Fatal(err)
	}
	if n, _ := sqlite.NewActivityService(db).CountActivities(ctx, alliance.ActivityFilter{}); n != 15 {
		t.Fatalf("%d activities from sealed pages, want 15", n)
	}
}
