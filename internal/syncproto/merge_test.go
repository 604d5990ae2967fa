package syncproto_test

import (
	"encoding/json"
	"testing"

	"github.com/ngo-alliance/alliance/internal/syncproto"
)

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func TestMerge(t *testing.T) {
	const h1, h2, h3 = "0000000000001-000000-a", "0000000000002-000000-b", "0000000000003-000000-a"
	create := syncproto.Change{Fields: map[string]json.RawMessage{"title": raw("A"), "girls": raw(3)}}

	t.Run("CreateKeepsOneStamp", func(t *testing.T) {
		var st syncproto.State
		changed, lost := syncproto.Merge(&st, create, h1, "")
		if len(changed) != 2 || len(lost) != 0 {
			t.Fatalf("changed %v lost %v", changed, lost)
		}
		if len(st.Stamps) != 1 || st.Stamps.Of("title") != h1 || st.Stamps.Of("girls") != h1 {
			t.Fatalf("stamps %v", st.Stamps)
		}
	})

	t.Run("Idempotent", func(t *testing.T) {
		var st syncproto.State
		syncproto.Merge(&st, create, h1, "")
		changed, lost := syncproto.Merge(&st, create, h1, "")
		if len(changed) != 0 || len(lost) != 0 {
			t.Fatalf("second apply changed %v lost %v", changed, lost)
		}
	})

	t.Run("LaterWinsWhateverTheArrivalOrder", func(t *testing.T) {
		newer := syncproto.Change{Fields: map[string]json.RawMessage{"title": raw("new")}, Base: map[string]string{"title": h1}}
		older := syncproto.Change{Fields: map[string]json.RawMessage{"title": raw("old")}, Base: map[string]string{"title": h1}}
		for _, order := range [][]struct {
			c syncproto.Change
			h string
		}{{{newer, h3}, {older, h2}}, {{older, h2}, {newer, h3}}} {
			var st syncproto.State
			syncproto.Merge(&st, create, h1, "")
			var lost []syncproto.Lost
			for _, x := range order {
				_, l := syncproto.Merge(&st, x.c, x.h, "")
				lost = append(lost, l...)
			}
			if string(st.Fields["title"]) != `"new"` || st.Stamps.Of("title") != h3 {
				t.Fatalf("title %s stamp %s", st.Fields["title"], st.Stamps.Of("title"))
			}
			if len(lost) != 1 || string(lost[0].Loser) != `"old"` || string(lost[0].Winner) != `"new"` {
				t.Fatalf("conflict log %+v", lost)
			}
		}
	})

	t.Run("SequentialEditIsNoConflict", func(t *testing.T) {
		var st syncproto.State
		syncproto.Merge(&st, create, h1, "")
		_, lost := syncproto.Merge(&st, syncproto.Change{Fields: map[string]json.RawMessage{"title": raw("B")}, Base: map[string]string{"title": h1}}, h2, "")
		if len(lost) != 0 {
			t.Fatalf("an edit made after seeing the value is no conflict: %+v", lost)
		}
	})

	t.Run("DifferentFieldsBothKept", func(t *testing.T) {
		var st syncproto.State
		syncproto.Merge(&st, create, h1, "")
		syncproto.Merge(&st, syncproto.Change{Fields: map[string]json.RawMessage{"title": raw("T")}, Base: map[string]string{"title": h1}}, h3, "")
		_, lost := syncproto.Merge(&st, syncproto.Change{Fields: map[string]json.RawMessage{"girls": raw(9)}, Base: map[string]string{"girls": h1}}, h2, "")
		if string(st.Fields["title"]) != `"T"` || string(st.Fields["girls"]) != "9" || len(lost) != 0 {
			t.Fatalf("fields %v lost %v", st.Fields, lost)
		}
	})
}

func TestActivityFields_RoundTrip(t *testing.T) {
	f := map[string]json.RawMessage{
		"title": raw("Şəki təlimi"), "kind": raw("training"), "start_date": raw("2025-03-01"), "end_date": raw("2025-03-02"),
		"areas": raw([]string{"health"}), "girls": raw(4), "deleted": raw(true), "from_the_future": raw(1),
	}
	a, err := syncproto.ActivityFromFields("id1", f)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Şəki təlimi" || a.Reached.Girls != 4 || !a.Deleted || a.Start.Day != 1 || len(a.Areas) != 1 {
		t.Fatalf("%+v", a)
	}
	back := syncproto.ActivityFields(a)
	if string(back["title"]) != `"Şəki təlimi"` || string(back["deleted"]) != "true" {
		t.Fatalf("%s", back["title"])
	}
	if _, err := syncproto.ActivityFromFields("x", map[string]json.RawMessage{"girls": raw("many")}); err == nil {
		t.Fatal("a string count was accepted")
	}
}
