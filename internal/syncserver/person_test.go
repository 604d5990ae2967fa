package syncserver_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// TestStore_PushKeepsPerson: the server keeps who made a change, as the
// laptop says it; a person that is not well formed (no id, a name of
// control characters or of a thousand letters) is kept as no one, and the
// change still applies.
func TestStore_PushKeepsPerson(t *testing.T) {
	w := newWorld(t)
	a := w.enrol(w.orgA)
	aynur := &alliance.Person{ID: alliance.NewID(), Name: "Aynur Məmmədova"}
	cases := []struct {
		by   *alliance.Person
		want string
	}{
		{aynur, `{"id":"` + aynur.ID + `","name":"Aynur Məmmədova"}`},
		{nil, ""},
		{&alliance.Person{ID: "not-an-id", Name: "X"}, ""},
		{&alliance.Person{ID: alliance.NewID(), Name: "a\x1b[31mred"}, ""},
		{&alliance.Person{ID: alliance.NewID(), Name: strings.Repeat("ə", 1000)}, ""},
	}
	ids := make([]string, len(cases))
	for i, tc := range cases {
		ids[i] = alliance.NewID()
		c := a.change(syncproto.EntityActivity, ids[i], w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil)
		c.By = tc.by
		if set := a.mustPush(c); len(set) != 0 {
			t.Fatalf("case %d set aside: %v", i, set)
		}
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(w.dir, syncserver.DBFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, tc := range cases {
		var got string
		if err := db.QueryRow(`SELECT person FROM records WHERE entity = 'activity' AND id = ?`, ids[i]).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("case %d: the server keeps %q, want %q", i, got, tc.want)
		}
	}
}

// TestStore_ScoreAsJudge: a laptop that says a person other than the
// judge gave a judge's marks has the score set aside; the judge's own
// marks, and marks from a laptop that names no one, take.
func TestStore_ScoreAsJudge(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	sid, sc := validScore(w.orgS, b.contest, b.entry, "j1")
	c := b.sec.change(syncproto.EntityScore, sid, w.orgS, fieldsOf(t, sc), nil)
	c.By = &alliance.Person{ID: "j2", Name: "Rəşad"}
	aside := b.sec.mustPush(c)
	if len(aside) != 1 || !strings.HasPrefix(aside[c.Seq], alliance.EFORBIDDEN) {
		t.Fatalf("marks given as another judge: %v", aside)
	}
	c = b.sec.change(syncproto.EntityScore, sid, w.orgS, fieldsOf(t, sc), nil)
	c.By = &alliance.Person{ID: "j1", Name: "Aynur"}
	if aside := b.sec.mustPush(c); len(aside) != 0 {
		t.Fatalf("the judge's own marks: %v", aside)
	}
	sc.Marks["idea"] = 9
	if aside := b.sec.mustPush(b.sec.change(syncproto.EntityScore, sid, w.orgS, fieldsOf(t, sc), nil)); len(aside) != 0 {
		t.Fatalf("marks from a laptop naming no one: %v", aside)
	}
}

// TestStore_KeepsAnonymous: once an entry is anonymised (consent
// withdrawn), a laptop that had not heard of it and sends the child's
// name again does not bring it back.
func TestStore_KeepsAnonymous(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	a := b.memA
	var e alliance.Entry
	e.Anonymise(time.Now(), alliance.AnonymisedWithdrawn)
	anon := map[string]json.RawMessage{"anonymised": raw(e.Anonymised), "anonymised_at": raw(e.AnonymisedAt)}
	for k, v := range syncproto.AnonymousEntryFields() {
		anon[k] = v
	}
	if aside := a.mustPush(a.change(syncproto.EntityEntry, b.entry, w.orgA, anon, map[string]string{})); len(aside) != 0 {
		t.Fatalf("the withdrawal: %v", aside)
	}
	late := a.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"first_name": raw("Xəyalə"), "school": raw("Qusar")},
		map[string]string{"first_name": "", "school": ""})
	a.mustPush(late)
	r := b.sec.record(syncproto.EntityEntry, b.entry)
	if string(r.Fields["first_name"]) != `""` || string(r.Fields["school"]) != `""` || jsonStr(r.Fields["anonymised"]) != alliance.AnonymisedWithdrawn {
		t.Fatalf("after a late change the server holds first_name %s, school %s", r.Fields["first_name"], r.Fields["school"])
	}
	// A laptop (broken, or hostile) that clears the marks to bring the
	// name back does not: the marks are put back, the name emptied.
	undo := a.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"anonymised": raw(""), "anonymised_at": raw(""),
		"first_name": raw("Xəyalə")}, map[string]string{"anonymised": "", "anonymised_at": "", "first_name": ""})
	a.mustPush(undo)
	r = b.sec.record(syncproto.EntityEntry, b.entry)
	if jsonStr(r.Fields["first_name"]) != "" || jsonStr(r.Fields["anonymised"]) != alliance.AnonymisedWithdrawn || jsonStr(r.Fields["anonymised_at"]) == "" {
		t.Fatalf("after clearing the marks the server holds first_name %s, anonymised %s", r.Fields["first_name"], r.Fields["anonymised"])
	}
}

func jsonStr(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// TestStore_ApplyRetention: the entries of a contest whose judging ended
// longer ago than the years kept are anonymised, except those whose
// guardian consented to publication; a contest within its years is left.
func TestStore_ApplyRetention(t *testing.T) {
	w := newWorld(t)
	b := w.base() // its entry: publication consented
	no := false
	private := validEntry(w.orgA, b.contest, alliance.StateSubmitted)
	private.Consent.Publication = &no
	private.FirstName = "Nərmin"
	pid := alliance.NewID()
	if aside := b.memA.mustPush(b.memA.change(syncproto.EntityEntry, pid, w.orgA, fieldsOf(t, private), nil)); len(aside) != 0 {
		t.Fatal(aside)
	}
	ctx := context.Background()
	// Judging ended on 20 May 2025: within five years, nothing happens.
	if n, err := w.store.ApplyRetention(ctx, 5); err != nil || n != 0 {
		t.Fatalf("within the years kept: %d, %v", n, err)
	}
	if n, err := w.store.ApplyRetention(ctx, 1); err != nil || n != 1 {
		t.Fatalf("past the years kept: %d anonymised, %v", n, err)
	}
	r := b.sec.record(syncproto.EntityEntry, pid)
	if jsonStr(r.Fields["first_name"]) != "" || jsonStr(r.Fields["anonymised"]) != alliance.AnonymisedRetention || jsonStr(r.Fields["category"]) != "drawing" {
		t.Fatalf("the private entry: first_name %s, anonymised %s", r.Fields["first_name"], r.Fields["anonymised"])
	}
	if r := b.sec.record(syncproto.EntityEntry, b.entry); jsonStr(r.Fields["first_name"]) != "Aysel" {
		t.Fatalf("an entry with publication consented was anonymised: %s", r.Fields["first_name"])
	}
	if n, _ := w.store.ApplyRetention(ctx, 1); n != 0 {
		t.Fatalf("anonymised again: %d", n)
	}
}
