package syncclient_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// TestSync_EditWhilePagesKept: a laptop whose pull was cut after a page it
// keeps aside (not applied) edits a record that page holds a newer state
// of, and syncs: its change is pushed with the cursor it has applied, so
// the server sends the merged record back in a later page, and the laptop
// ends with both edits, as the server and the other laptop do — its own
// edit is not undone by the older kept page.
func TestSync_EditWhilePagesKept(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	org := srv.org("Gənclər Evi", "baku", false)
	a, b := newLaptop(t, "a"), newLaptop(t, "b")
	a.enroll(srv, org)
	b.enroll(srv, org)
	r := a.add("Plan")
	a.sync()
	b.sync()

	// A gives the record a new title and adds four more.
	edited := a.get(r.ID)
	edited.Title = "Plan A"
	if err := a.acts.UpdateActivity(ctx, edited); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Two", "Three", "Four", "Five"} {
		a.add(title)
	}
	a.sync()

	// B's pull is cut after its first page (A's new title): kept aside.
	e, err := b.store.Enrolment(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := syncclient.NewClient(srv.url, e.Token, false)
	if err != nil {
		t.Fatal(err)
	}
	cursor, cc, _, err := b.store.PullCursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	page, err := c.Pull(ctx, syncproto.PullRequest{Cursor: cursor, ConflictCursor: cc, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !page.More || len(page.Records) != 1 || page.Records[0].ID != r.ID {
		t.Fatalf("first page: %+v", page)
	}
	if err := b.store.ApplyPull(ctx, page); err != nil {
		t.Fatal(err)
	}
	if got := b.get(r.ID).Title; got != "Plan" {
		t.Fatalf("B shows %q from a kept page", got)
	}

	// B edits the record as it holds it, then syncs (push, then the rest
	// of the pull).
	mine := b.get(r.ID)
	mine.Settlement = "Mərdəkan"
	if err := b.acts.UpdateActivity(ctx, mine); err != nil {
		t.Fatal(err)
	}
	b.sync()
	a.sync()
	for _, l := range []*laptop{a, b} {
		got := l.get(r.ID)
		if got.Title != "Plan A" || got.Settlement != "Mərdəkan" {
			t.Errorf("%s holds %q in %q, want both edits: \"Plan A\" in \"Mərdəkan\"", l.name, got.Title, got.Settlement)
		}
	}
	if a.titles() != b.titles() || b.titles() != "Five,Four,Plan A,Three,Two" {
		t.Fatalf("a %s, b %s", a.titles(), b.titles())
	}
}

// TestSyncer_Kept: a pull of several pages says, page after page, how many
// records it keeps aside, and nothing once the last page applied them.
func TestSyncer_Kept(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Gənclər Evi", "baku", false)
	a, b := newLaptop(t, "a"), newLaptop(t, "b")
	a.enroll(srv, org)
	for _, title := range []string{"Bir", "İki", "Üç", "Dörd", "Beş"} {
		a.add(title)
	}
	a.sync()
	b.syncer = syncclient.New(b.store, syncclient.Options{PullPage: 2})
	b.enroll(srv, org)
	var mu sync.Mutex
	var kept []int
	b.syncer.OnStatus(func(st alliance.SyncStatus) {
		mu.Lock()
		defer mu.Unlock()
		if len(kept) == 0 || kept[len(kept)-1] != st.Kept {
			kept = append(kept, st.Kept)
		}
	})
	b.sync()
	mu.Lock()
	defer mu.Unlock()
	if len(kept) < 3 || kept[len(kept)-1] != 0 || slices.Max(kept) < 4 {
		t.Fatalf("kept along the pull: %v, want it to rise to 4 and end at 0", kept)
	}
	if b.titles() != a.titles() {
		t.Fatalf("b %q, a %q", b.titles(), a.titles())
	}
}
