package syncclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// twoLaptops returns a server and two laptops of one organisation that
// share one synced activity.
func twoLaptops(t *testing.T) (*server, *laptop, *laptop, string) {
	srv := startServer(t)
	org := srv.org("Lənkəran QHT", "lankaran-astara", false)
	a, b := newLaptop(t, "a"), newLaptop(t, "b")
	a.enroll(srv, org)
	b.enroll(srv, org)
	x := a.add("Ortaq fəaliyyət")
	a.sync()
	b.sync()
	return srv, a, b, x.ID
}

func edit(t *testing.T, l *laptop, id string, fn func(a *alliance.Activity)) {
	t.Helper()
	a := l.get(id)
	fn(a)
	if err := l.acts.UpdateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

func TestSync_ConcurrentEdits(t *testing.T) {
	t.Run("DifferentFieldsBothKept", func(t *testing.T) {
		_, a, b, id := twoLaptops(t)
		edit(t, a, id, func(x *alliance.Activity) { x.Title = "Yeni ad" })
		edit(t, b, id, func(x *alliance.Activity) { x.Reached.Girls = 17 })
		for _, l := range []*laptop{a, b, a} {
			l.sync()
		}
		for _, l := range []*laptop{a, b} {
			x := l.get(id)
			if x.Title != "Yeni ad" || x.Reached.Girls != 17 {
				t.Errorf("%s: title %q girls %d: both edits must survive", l.name, x.Title, x.Reached.Girls)
			}
			if cs, _ := l.syncer.Conflicts(context.Background()); len(cs) != 0 {
				t.Errorf("%s: %d conflicts for edits of different fields", l.name, len(cs))
			}
		}
	})

	t.Run("SameFieldLastWriterWinsLoserKept", func(t *testing.T) {
		_, a, b, id := twoLaptops(t)
		edit(t, a, id, func(x *alliance.Activity) { x.Title = "A-nın adı" })
		time.Sleep(5 * time.Millisecond)
		edit(t, b, id, func(x *alliance.Activity) { x.Title = "B-nin adı" }) // later: wins
		// b pushes first, a second: the later write wins, not the later arrival.
		for _, l := range []*laptop{b, a, b, a} {
			l.sync()
		}
		for _, l := range []*laptop{a, b} {
			if got := l.get(id).Title; got != "B-nin adı" {
				t.Errorf("%s: title %q, want the later write", l.name, got)
			}
		}
		cs, err := a.syncer.Conflicts(context.Background())
		if err != nil || len(cs) != 1 || cs[0].Mine != "A-nın adı" || cs[0].Theirs != "B-nin adı" || cs[0].Field != "title" {
			t.Fatalf("a's conflicts %+v (%v)", cs, err)
		}
		if cs, _ := b.syncer.Conflicts(context.Background()); len(cs) != 0 {
			t.Fatalf("the winner has conflicts: %+v", cs)
		}
		// a keeps its own value after review: it wins everywhere.
		if err := a.syncer.ResolveConflict(context.Background(), cs[0].ID, true); err != nil {
			t.Fatal(err)
		}
		for _, l := range []*laptop{a, b} {
			l.sync()
		}
		for _, l := range []*laptop{a, b} {
			if got := l.get(id).Title; got != "A-nın adı" {
				t.Errorf("%s: after keeping mine, title %q", l.name, got)
			}
		}
		if cs, _ := a.syncer.Conflicts(context.Background()); len(cs) != 0 {
			t.Fatalf("resolved conflict still listed")
		}
		if cs, _ := b.syncer.Conflicts(context.Background()); len(cs) != 0 {
			t.Fatalf("keeping mine after review made a new conflict on b: %+v", cs)
		}
	})

	t.Run("SequentialEditsNoConflict", func(t *testing.T) {
		_, a, b, id := twoLaptops(t)
		edit(t, a, id, func(x *alliance.Activity) { x.Title = "Birinci" })
		a.sync()
		b.sync()
		edit(t, b, id, func(x *alliance.Activity) { x.Title = "İkinci" })
		b.sync()
		a.sync()
		if got := a.get(id).Title; got != "İkinci" {
			t.Fatalf("title %q", got)
		}
		for _, l := range []*laptop{a, b} {
			if cs, _ := l.syncer.Conflicts(context.Background()); len(cs) != 0 {
				t.Errorf("%s: a sequential edit was logged as a conflict: %+v", l.name, cs)
			}
		}
	})

	t.Run("DeleteAgainstEdit", func(t *testing.T) {
		_, a, b, id := twoLaptops(t)
		if err := a.acts.DeleteActivity(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		edit(t, b, id, func(x *alliance.Activity) { x.Results = "Nəticə yazıldı" })
		for _, l := range []*laptop{a, b, a} {
			l.sync()
		}
		// The delete and the edit touch different fields: the record stays
		// deleted, with the edit inside it, the same on both laptops.
		for _, l := range []*laptop{a, b} {
			if _, err := l.acts.FindActivityByID(context.Background(), id); alliance.ErrorCode(err) != alliance.ENOTFOUND {
				t.Errorf("%s: deleted record still live: %v", l.name, err)
			}
		}
		if err := a.acts.RestoreActivity(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		a.sync()
		b.sync()
		if got := b.get(id).Results; got != "Nəticə yazıldı" {
			t.Fatalf("restored record lost the concurrent edit: %q", got)
		}
	})
}

// TestSync_ClockSkew: a laptop whose clock is 30 days ahead cannot make its
// edits win over later ones, and one 30 days behind does not overwrite
// newer data and catches up with the server's clock.
func TestSync_ClockSkew(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Gəncə QHT", "ganja-dashkasan", false)
	ahead, behind, right := newLaptop(t, "ahead"), newLaptop(t, "behind"), newLaptop(t, "right")
	aheadClock, behindClock := &clock{}, &clock{}
	aheadClock.Set(30 * 24 * time.Hour)
	behindClock.Set(-30 * 24 * time.Hour)
	ahead.close()
	ahead.now = aheadClock.Now
	ahead.open()
	behind.close()
	behind.now = behindClock.Now
	behind.open()
	for _, l := range []*laptop{ahead, behind, right} {
		l.enroll(srv, org)
	}
	x := right.add("Saat sınağı")
	right.sync()
	ahead.sync()
	behind.sync()

	// The laptop set ahead edits first; the correct one edits after it.
	edit(t, ahead, x.ID, func(a *alliance.Activity) { a.Title = "from the future" })
	ahead.sync()
	time.Sleep(5 * time.Millisecond)
	edit(t, right, x.ID, func(a *alliance.Activity) { a.Title = "later, on time" })
	right.sync()
	for _, l := range []*laptop{ahead, behind, right} {
		l.sync()
	}
	for _, l := range []*laptop{ahead, behind, right} {
		if got := l.get(x.ID).Title; got != "later, on time" {
			t.Errorf("%s: title %q: a clock set ahead must not win over a later edit", l.name, got)
		}
	}
	// The laptop set behind saw the server's clock: its next edit is newer
	// than everything it has seen, and wins.
	edit(t, behind, x.ID, func(a *alliance.Activity) { a.Title = "behind, but after syncing" })
	behind.sync()
	right.sync()
	if got := right.get(x.ID).Title; got != "behind, but after syncing" {
		t.Errorf("an edit made after syncing lost because of the laptop's clock: %q", got)
	}
}
