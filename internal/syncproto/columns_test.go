package syncproto_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// randomRow is a JSON object of the shapes records and changes have, and
// of shapes they do not (nulls, nested objects, a member that is an object
// in one row and not in another, numbers that are not integers, odd keys).
func randomRow(rng *rand.Rand, i int) map[string]any {
	row := map[string]any{"seq": int64(i*3 + rng.IntN(3)), "id": alliance.NewID()}
	if rng.IntN(4) > 0 {
		row["entity"] = []string{"activity", "participant", "entry"}[rng.IntN(3)]
	}
	fields := map[string]any{}
	for _, k := range []string{"title", "start_date", "end_date", "girls", "areas", "note", "ratio", "odd \"key\"<>", "nested"} {
		if rng.IntN(5) == 0 {
			continue
		}
		switch k {
		case "title":
			fields[k] = []string{"Görüş", "Təlim", "Конференция", "a\nb\t\"c\"", ""}[rng.IntN(5)]
		case "start_date", "end_date":
			fields[k] = time.Date(2020+rng.IntN(6), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		case "girls":
			fields[k] = rng.Int64N(1<<40) - 1<<39
		case "areas":
			fields[k] = []string{"health", "education"}[:rng.IntN(3)]
		case "note":
			fields[k] = nil
		case "ratio":
			fields[k] = rng.Float64()
		case "odd \"key\"<>":
			fields[k] = "2024-02-30" // not a day: stays a string
		case "nested":
			fields[k] = map[string]any{"a": []any{1, "x", nil}}
		}
	}
	row["fields"] = fields
	h := syncproto.HLC{Wall: 1764244700000 + int64(rng.IntN(100000)), Logical: int32(rng.IntN(3)), Node: []string{"abcd1234", "00ff00ff"}[rng.IntN(2)]}
	row["stamps"] = map[string]string{"_": h.String(), "title": h.String()}
	if rng.IntN(3) == 0 {
		row["by"] = nil // an object in other rows
	} else {
		row["by"] = map[string]string{"id": alliance.NewID(), "name": "Aynur Məmmədova"}
	}
	if rng.IntN(10) == 0 {
		row["empty"] = map[string]any{}
	}
	return row
}

// sameJSON says whether a and b are the same JSON value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// TestMarshalColumns: rows of every shape come back as the same JSON
// objects, whatever the page's size; a page of pulled activities costs
// far less than its JSON.
func TestMarshalColumns(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 5, 17, 300} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rows := make([]json.RawMessage, n)
			for i := range rows {
				b, err := json.Marshal(randomRow(rng, i))
				if err != nil {
					t.Fatal(err)
				}
				rows[i] = b
			}
			enc, err := syncproto.MarshalColumns(rows)
			if err != nil {
				t.Fatal(err)
			}
			got, err := syncproto.UnmarshalColumns(enc, n, 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("%d rows back, want %d", len(got), n)
			}
			for i := range rows {
				if !sameJSON(t, rows[i], got[i]) {
					t.Fatalf("row %d:\n%s\ncame back as\n%s", i, rows[i], got[i])
				}
			}
		})
	}
}

// TestUnmarshalColumns_Hostile: a body cut anywhere, with a byte changed
// anywhere, or claiming more rows or bytes than allowed fails with
// ErrColumns — never a panic — and what does decode is JSON objects.
func TestUnmarshalColumns_Hostile(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rows := make([]json.RawMessage, 40)
	for i := range rows {
		rows[i], _ = json.Marshal(randomRow(rng, i))
	}
	enc, err := syncproto.MarshalColumns(rows)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncproto.UnmarshalColumns(enc, 39, 1<<30); !errors.Is(err, syncproto.ErrColumns) {
		t.Fatalf("40 rows read with a limit of 39: %v", err)
	}
	if _, err := syncproto.UnmarshalColumns(enc, 40, 1000); !errors.Is(err, syncproto.ErrColumns) {
		t.Fatalf("rows read past the byte limit: %v", err)
	}
	for cut := 0; cut < len(enc); cut++ {
		if _, err := syncproto.UnmarshalColumns(enc[:cut], 40, 1<<30); !errors.Is(err, syncproto.ErrColumns) {
			t.Fatalf("cut at %d of %d: %v", cut, len(enc), err)
		}
	}
	for range 20000 {
		b := bytes.Clone(enc)
		for range 1 + rng.IntN(3) {
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
		}
		got, err := syncproto.UnmarshalColumns(b, 40, 1<<30)
		if err != nil {
			if !errors.Is(err, syncproto.ErrColumns) {
				t.Fatalf("a changed byte: %v, want ErrColumns", err)
			}
			continue
		}
		for _, r := range got {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(r, &m); err != nil {
				t.Fatalf("a changed byte decoded to %s: %v", r, err)
			}
		}
	}
	// A row count the body cannot hold is refused before anything is made.
	huge := append([]byte("ALC1"), 0xff, 0xff, 0xff, 0xff, 0x0f, 0)
	if _, err := syncproto.UnmarshalColumns(huge, 1000, 1<<30); !errors.Is(err, syncproto.ErrColumns) {
		t.Fatalf("a huge row count: %v", err)
	}
}

// TestPullResponse_MarshalCompact: a page of records and a push of
// changes come back from the compact encoding as they were, with their
// head; a body that is not one is refused.
func TestPullResponse_MarshalCompact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	page := &syncproto.PullResponse{Cursor: 812, More: true, ConflictCursor: 3, ServerHLC: "1764244700000-000001-abcd1234",
		Columns: true, Conflicts: []syncproto.Conflict{{ID: 3, Entity: "activity", RecordID: alliance.NewID(), Field: "title",
			Mine: json.RawMessage(`"a"`), Theirs: json.RawMessage(`"b"`)}}}
	push := &syncproto.PushRequest{Protocol: syncproto.Version, Cursor: 77, SkipTo: 4}
	for i := range 250 {
		row := randomRow(rng, i)
		fields := map[string]json.RawMessage{}
		for k, v := range row["fields"].(map[string]any) {
			fields[k], _ = json.Marshal(v)
		}
		stamps := syncproto.Stamps{}
		for k, v := range row["stamps"].(map[string]string) {
			stamps[k] = v
		}
		var by *alliance.Person
		if rng.IntN(2) == 0 {
			by = &alliance.Person{ID: alliance.NewID(), Name: []string{"Aynur", "Leyla <\"x\">", ""}[rng.IntN(3)]}
		}
		page.Records = append(page.Records, syncproto.Record{Seq: int64(i + 1), Entity: "activity", ID: alliance.NewID(),
			Org: []string{"", alliance.NewID()}[rng.IntN(2)], Fields: fields, Stamps: stamps, By: by, Device: []string{"", "d1"}[rng.IntN(2)]})
		var base map[string]string
		if rng.IntN(2) == 0 {
			base = map[string]string{"title": stamps["_"]}
		}
		push.Changes = append(push.Changes, syncproto.Change{Seq: int64(i + 1), Entity: "entry", ID: alliance.NewID(), Op: "upsert",
			HLC: stamps["_"], Fields: fields, Base: base, Replay: rng.IntN(2) == 0, By: by})
	}
	b, err := page.MarshalCompact()
	if err != nil {
		t.Fatal(err)
	}
	var gotPage syncproto.PullResponse
	if err := gotPage.UnmarshalCompact(b); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(page)
	got, _ := json.Marshal(&gotPage)
	if !sameJSON(t, want, got) {
		t.Fatalf("the page came back as\n%s\nwant\n%s", got, want)
	}
	b, err = push.MarshalCompact()
	if err != nil {
		t.Fatal(err)
	}
	var gotPush syncproto.PushRequest
	if err := gotPush.UnmarshalCompact(b); err != nil {
		t.Fatal(err)
	}
	want, _ = json.Marshal(push)
	got, _ = json.Marshal(&gotPush)
	if !sameJSON(t, want, got) {
		t.Fatalf("the push came back as\n%s\nwant\n%s", got, want)
	}
	if err := gotPush.UnmarshalCompact([]byte(`{"protocol":1}`)); !errors.Is(err, syncproto.ErrCompact) {
		t.Fatalf("JSON read as a compact body: %v", err)
	}
	if err := gotPush.UnmarshalCompact(b[:len(b)/2]); !errors.Is(err, syncproto.ErrCompact) {
		t.Fatalf("half a body: %v", err)
	}
}
