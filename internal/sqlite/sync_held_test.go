package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

func pulledActivity(seq int64, title, region string) syncproto.Record {
	a := &alliance.Activity{OrgID: "org", Kind: alliance.KindMeeting, Title: title, Start: alliance.NewDate(2025, 1, 2),
		End: alliance.NewDate(2025, 1, 2), RegionID: region, Areas: []alliance.Area{alliance.AreaHealth}, RecordedBy: "x"}
	h := syncproto.HLC{Wall: time.Now().UnixMilli(), Node: "abcd1234"}.String()
	return syncproto.Record{Seq: seq, Entity: syncproto.EntityActivity, ID: alliance.NewID(), Org: "org",
		Fields: syncproto.ActivityFields(a), Stamps: syncproto.Stamps{syncproto.BaseStamp: h}}
}

func pulledCertificate(t *testing.T, seq int64, serial string) syncproto.Record {
	c := &alliance.Certificate{OrgID: "org", TrainingID: alliance.NewID(), Serial: serial, Code: "ABCD1234", HolderName: "Leyla",
		TrainingTitle: "T", Languages: "az+en"}
	f, err := syncproto.Fields(c)
	if err != nil {
		t.Fatal(err)
	}
	h := syncproto.HLC{Wall: time.Now().UnixMilli(), Node: "abcd1234"}.String()
	return syncproto.Record{Seq: seq, Entity: syncproto.EntityCertificate, ID: alliance.NewID(), Org: "org", Fields: f,
		Stamps: syncproto.Stamps{syncproto.BaseStamp: h}}
}

// TestSyncStore_ApplyPullHolds: a pulled record this laptop cannot take
// (a serial another certificate here has, a kind or field of a newer
// version, a region it does not know, a value it cannot read) is kept
// aside with why; the rest of the page applies and the cursor moves on;
// the held records are tried again after the last page, and one that now
// applies leaves the list.
func TestSyncStore_ApplyPullHolds(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := sqlite.NewSyncStore(db)
	acts := sqlite.NewActivityService(db)

	newer := pulledActivity(3, "from a newer version", "baku")
	newer.Fields["mood"] = json.RawMessage(`"sunny"`)
	unreadable := pulledActivity(5, "girls as text", "baku")
	unreadable.Fields["girls"] = json.RawMessage(`"many"`)
	brokenDoc := pulledCertificate(t, 8, "0000-ABCD1234-00009")
	brokenDoc.Fields["hours"] = json.RawMessage(`"four"`)
	page := &syncproto.PullResponse{Cursor: 9, Records: []syncproto.Record{
		pulledActivity(1, "good one", "baku"),
		pulledCertificate(t, 2, "0000-ABCD1234-00001"),
		newer,
		pulledCertificate(t, 4, "0000-ABCD1234-00001"), // the same serial as seq 2
		unreadable,
		pulledActivity(6, "unknown region", "atlantis"),
		{Seq: 7, Entity: "petition", ID: alliance.NewID(), Fields: map[string]json.RawMessage{"title": json.RawMessage(`"LNCO"`)}},
		brokenDoc,
		pulledActivity(9, "good two", "baku"),
	}}
	if err := s.ApplyPull(ctx, page); err != nil {
		t.Fatalf("a page with records this laptop cannot take failed whole: %v", err)
	}
	if got, _ := acts.FindActivities(ctx, alliance.ActivityFilter{Limit: 10}); len(got) != 2 {
		t.Fatalf("%d activities applied, want the 2 good ones", len(got))
	}
	if _, err := sqlite.NewCertificateService(db).FindCertificateBySerial(ctx, "0000-ABCD1234-00001"); err != nil {
		t.Fatalf("the first certificate: %v", err)
	}
	held, err := s.Held(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{0: sqlite.HeldNewer, 1: sqlite.HeldDuplicate, 2: sqlite.HeldInvalid, 3: sqlite.HeldInvalid,
		4: sqlite.HeldNewer, 5: sqlite.HeldInvalid}
	if len(held) != len(want) {
		t.Fatalf("%d held, want %d: %+v", len(held), len(want), held)
	}
	for i, code := range want {
		if held[i].Code != code || held[i].Message == "" {
			t.Errorf("held %d (%s %s): %s %q, want %s", i, held[i].Entity, held[i].Title, held[i].Code, held[i].Message, code)
		}
	}
	cursor, _, _, _ := s.PullCursor(ctx)
	if cursor != 9 {
		t.Fatalf("cursor %d, want 9: the page moved it past what it held", cursor)
	}
	if pc, _ := s.PushCursor(ctx); pc != 2 {
		t.Fatalf("push cursor %d: the laptop does not hold the state at seq 3", pc)
	}
	// The search index holds the two good activities only.
	if got, _ := acts.FindActivities(ctx, alliance.ActivityFilter{Query: "region", Limit: 10}); len(got) != 0 {
		t.Fatalf("a held activity is in the search index: %+v", got)
	}

	// A newer state of a held record that this laptop can take replaces
	// it; after the last page, what still cannot be taken stays held.
	fixed := unreadable
	fixed.Seq, fixed.Fields = 10, pulledActivity(0, "girls as a number", "baku").Fields
	if err := s.ApplyPull(ctx, &syncproto.PullResponse{Cursor: 10, Records: []syncproto.Record{fixed}}); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.Held(ctx); len(h) != len(want)-1 {
		t.Fatalf("%d held after the record was fixed on the server, want %d", len(h), len(want)-1)
	}
	if _, err := acts.FindActivityByID(ctx, unreadable.ID); err != nil {
		t.Fatalf("the fixed record: %v", err)
	}

	// After an upgrade: a record an older version held (it did not know
	// a field this one knows) applies with the next sync.
	older := pulledActivity(11, "held by the older version", "baku")
	b, _ := json.Marshal(older)
	side, err := sql.Open("sqlite", db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer side.Close()
	if _, err := side.Exec(`INSERT INTO held (entity, id, seq, record, code, message, at) VALUES (?, ?, ?, ?, 'newer', 'x', '')`,
		older.Entity, older.ID, older.Seq, string(b)); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplyPull(ctx, &syncproto.PullResponse{Cursor: 11}); err != nil {
		t.Fatal(err)
	}
	if _, err := acts.FindActivityByID(ctx, older.ID); err != nil {
		t.Fatalf("a held record that this version can take was not taken: %v", err)
	}
	if h, _ := s.Held(ctx); len(h) != len(want)-1 {
		t.Fatalf("%d held, want %d", len(h), len(want)-1)
	}
}
