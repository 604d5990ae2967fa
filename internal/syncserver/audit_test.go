package syncserver_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// TestStore_Audit: the server keeps who changed which field of which
// record from what to what — the laptop, its organisation, the person
// signed in — and a value that lost a conflict; the secretariat filters it
// by organisation, person and record.
func TestStore_Audit(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a, b := w.enrol(w.orgA), w.enrol(w.orgA)
	var all []syncserver.AuditEntry
	aynur := &alliance.Person{ID: alliance.NewID(), Name: "Aynur Məmmədova"}
	id := alliance.NewID()
	c := a.change(syncproto.EntityActivity, id, w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil)
	c.By = aynur
	a.mustPush(c)
	created := c.HLC
	edit := a.change(syncproto.EntityActivity, id, w.orgA, map[string]json.RawMessage{"title": raw("Valideynlərlə görüş")},
		map[string]string{"title": created})
	edit.By = aynur
	a.mustPush(edit)
	// Laptop b edits the same title from the state before, with an older
	// stamp: its value loses.
	stale := b.change(syncproto.EntityActivity, id, w.orgA, map[string]json.RawMessage{"title": raw("Köhnə ad")}, map[string]string{"title": created})
	h, err := syncproto.ParseHLC(edit.HLC)
	if err != nil {
		t.Fatal(err)
	}
	stale.HLC = syncproto.HLC{Wall: h.Wall - 500, Node: b.node}.String()
	b.mustPush(stale)

	all, err = w.store.Audit(ctx, syncserver.AuditFilter{RecordID: id})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Fatalf("%d audit entries, want 3: %+v", len(all), all)
	}
	lost, changed, first := all[0], all[1], all[2] // newest first
	if lost.How != syncserver.AuditConflict || string(lost.Fields["title"][1]) != `"Köhnə ad"` || lost.DeviceID != b.id {
		t.Fatalf("the value that lost: %+v", lost)
	}
	if changed.How != syncserver.AuditChange || string(changed.Fields["title"][0]) != `"Görüş"` ||
		string(changed.Fields["title"][1]) != `"Valideynlərlə görüş"` || changed.Person == nil || *changed.Person != *aynur ||
		changed.DeviceID != a.id || changed.OrgID != w.orgA {
		t.Fatalf("the edit: %+v", changed)
	}
	if first.How != syncserver.AuditCreate || first.Person == nil || first.DeviceID != a.id {
		t.Fatalf("the creation: %+v", first)
	}
	for _, f := range []syncserver.AuditFilter{{Person: "Aynur"}, {Person: aynur.ID}, {OrgID: w.orgA, RecordID: id, Person: "məmməd"}} {
		got, err := w.store.Audit(ctx, f)
		if err != nil || len(got) != 2 {
			t.Errorf("filter %+v: %d entries, %v", f, len(got), err)
		}
	}
	if got, _ := w.store.Audit(ctx, syncserver.AuditFilter{OrgID: w.orgB}); len(got) != 0 {
		t.Fatalf("another organisation's: %d", len(got))
	}
	if got, _ := w.store.Audit(ctx, syncserver.AuditFilter{From: alliance.Today().AddDays(1)}); len(got) != 0 {
		t.Fatalf("from tomorrow: %d", len(got))
	}
	if got, _ := w.store.Audit(ctx, syncserver.AuditFilter{From: alliance.Today(), To: alliance.Today(), Limit: 1}); len(got) != 1 {
		t.Fatalf("today, limit 1: %d", len(got))
	}
}
