package syncclient_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// TestRestore_LaptopsContinue: the server is backed up while a laptop
// syncs, work goes on after the backup, the server is lost and restored
// from it; then every laptop syncs on: the server and every laptop end
// with every activity once — none lost, none doubled — and an edit made
// after the backup wins over the backup's older value.
func TestRestore_LaptopsContinue(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	orgB := srv.org("Quba QHT", "guba-khachmaz", false)
	a1, a2, b1 := newLaptop(t, "a1"), newLaptop(t, "a2"), newLaptop(t, "b1")
	a1.enroll(srv, orgA)
	a2.enroll(srv, orgA)
	b1.enroll(srv, orgB)
	for i := range 5 {
		a1.add(fmt.Sprintf("a1 before %d", i))
		a2.add(fmt.Sprintf("a2 before %d", i))
		b1.add(fmt.Sprintf("b1 before %d", i))
	}
	edited := a1.add("to be edited")
	for _, l := range []*laptop{a1, a2, b1, a1, a2} {
		l.sync()
	}

	// The backup, taken while a1 keeps writing and syncing.
	backup := filepath.Join(t.TempDir(), "backup")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 20 {
			a1.add(fmt.Sprintf("a1 during %d", i))
			if err := a1.syncer.Round(ctx); err != nil {
				t.Errorf("a1 during the backup: %v", err)
				return
			}
		}
	}()
	if _, err := syncserver.Backup(ctx, srv.dir, backup); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	// Work after the backup, synced to the server that will be lost.
	for i := range 5 {
		a1.add(fmt.Sprintf("a1 after %d", i))
		b1.add(fmt.Sprintf("b1 after %d", i))
	}
	e := a1.get(edited.ID)
	e.Title = "edited after the backup"
	if err := a1.acts.UpdateActivity(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, l := range []*laptop{a1, b1, a2} {
		l.sync()
	}
	a2.add("a2 after, not yet sent")

	// The server is lost; a new one is restored from the backup at the
	// same address.
	addr := srv.addr
	srv.stop()
	restored := filepath.Join(t.TempDir(), "restored")
	if _, err := syncserver.Restore(ctx, backup, restored); err != nil {
		t.Fatal(err)
	}
	srv.dir = restored
	srv.start(addr)

	for range 2 {
		for _, l := range []*laptop{a1, a2, b1} {
			l.sync()
		}
	}
	// A laptop enrolled now reads the server's whole state.
	fresh := newLaptop(t, "fresh")
	fresh.enroll(srv, orgA)
	fresh.sync()

	want := func(l *laptop) string {
		var all []string
		for _, name := range []string{"a1 before", "a2 before", "b1 before"} {
			for i := range 5 {
				all = append(all, fmt.Sprintf("%s %d", name, i))
			}
		}
		for i := range 20 {
			all = append(all, fmt.Sprintf("a1 during %d", i))
		}
		for i := range 5 {
			all = append(all, fmt.Sprintf("a1 after %d", i), fmt.Sprintf("b1 after %d", i))
		}
		all = append(all, "edited after the backup", "a2 after, not yet sent")
		var out []string
		for _, s := range all {
			if l == b1 == strings.HasPrefix(s, "b1") {
				out = append(out, s)
			}
		}
		return sortedJoin(out)
	}
	for _, l := range []*laptop{a1, a2, fresh, b1} {
		if got, w := l.titles(), want(l); got != w {
			t.Errorf("%s after the restore:\n got %s\nwant %s", l.name, got, w)
		}
		if n := l.pending(); n != 0 {
			t.Errorf("%s has %d changes still waiting", l.name, n)
		}
	}
	// Nothing was taken for a conflict: nobody edited concurrently.
	for _, l := range []*laptop{a1, a2, b1} {
		if cs, err := l.store.Conflicts(ctx); err != nil || len(cs) != 0 {
			t.Errorf("%s: %d conflicts (%v)", l.name, len(cs), err)
		}
	}
	if got := fresh.get(edited.ID).Title; got != "edited after the backup" {
		t.Errorf("the edit made after the backup is lost: %q", got)
	}
}

func sortedJoin(s []string) string {
	sort.Strings(s)
	return strings.Join(s, ",")
}

// TestRestoreBackup_NewLaptop: a laptop is backed up, works on (some of it
// synced), and is lost; its backup restored on another machine connects
// again as a new device: what the backup had not sent reaches the server,
// what the lost laptop synced after the backup comes back from the server,
// nothing twice, and the restored laptop numbers with a clock node of its
// own.
func TestRestoreBackup_NewLaptop(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	org := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	old := newLaptop(t, "old")
	old.enroll(srv, org)
	old.add("synced before")
	old.sync()
	old.add("not sent at the backup")
	stick := filepath.Join(t.TempDir(), "stick", "backup")
	var last int64
	if _, err := old.db.Backup(ctx, stick, func(done, total int64) { last = total - done }); err != nil {
		t.Fatal(err)
	}
	if last != 0 {
		t.Fatalf("the backup's progress ended %d bytes short", last)
	}
	old.add("synced after the backup")
	old.sync()
	old.add("lost with the laptop")
	oldNode := old.store.Node()
	old.close() // stolen

	dir := filepath.Join(t.TempDir(), "new-laptop")
	if _, err := sqlite.RestoreBackup(ctx, stick, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.RestoreBackup(ctx, stick, dir); err == nil {
		t.Fatal("a restore over a laptop's data succeeded")
	}
	restored := &laptop{t: t, name: "restored", dir: dir}
	restored.open()
	t.Cleanup(restored.close)
	if e, _ := restored.store.Enrolment(ctx); e.Enrolled() {
		t.Fatal("the restored laptop is still connected as the old one")
	}
	if restored.store.Node() == oldNode {
		t.Fatal("the restored laptop stamps with the old laptop's node")
	}
	if got := restored.titles(); got != "not sent at the backup,synced before" {
		t.Fatalf("restored: %s", got)
	}
	restored.enroll(srv, org)
	restored.sync()
	restored.sync()

	fresh := newLaptop(t, "fresh")
	fresh.enroll(srv, org)
	fresh.sync()
	want := "not sent at the backup,synced after the backup,synced before"
	for _, l := range []*laptop{restored, fresh} {
		if got := l.titles(); got != want {
			t.Errorf("%s: %s, want %s", l.name, got, want)
		}
	}
	if n := restored.pending(); n != 0 {
		t.Errorf("%d changes still waiting on the restored laptop", n)
	}
}
