package syncproto_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

var updateDict = flag.Bool("update-dict", false, "make columns.dict again from demo activities")

// demoPushes are pushes of 1 to 20 demo activities, as laptops send them
// after a form or a few: what the dictionary is trained on (activities
// only: no person's name in it).
func demoPushes(seed uint64, count int) []*syncproto.PushRequest {
	rng := rand.New(rand.NewPCG(seed, seed))
	orgs := demo.Organisations(59, rng)
	today := alliance.NewDate(2026, time.November, 30)
	var out []*syncproto.PushRequest
	for p := range count {
		req := &syncproto.PushRequest{Protocol: syncproto.Version, Cursor: int64(rng.IntN(100000))}
		for i := range 1 + p%20 {
			a := demo.Activity(rng, orgs, today)
			a.ID = alliance.NewID()
			h := syncproto.HLC{Wall: 1764244700000 + rng.Int64N(1e9), Logical: int32(i), Node: "abcd1234"}.String()
			req.Changes = append(req.Changes, syncproto.Change{Seq: int64(i + 1), Entity: syncproto.EntityActivity, ID: a.ID,
				Org: a.OrgID, Op: syncproto.OpCreate, HLC: h, Fields: syncproto.ActivityFields(a),
				By: &alliance.Person{ID: alliance.NewID(), Name: a.RecordedBy}})
		}
		out = append(out, req)
	}
	return out
}

// TestColumnsDict: the shipped dictionary makes a small push far smaller
// than gzipped JSON (one change: about half); go test -run TestColumnsDict
// -update-dict makes it again.
func TestColumnsDict(t *testing.T) {
	if *updateDict {
		dec, _ := zstd.NewReader(nil)
		var samples [][]byte
		for _, req := range demoPushes(100, 400) {
			b, err := req.MarshalCompact()
			if err != nil {
				t.Fatal(err)
			}
			plain, err := dec.DecodeAll(b, nil)
			if err != nil {
				t.Fatal(err)
			}
			samples = append(samples, plain)
		}
		d, err := dict.BuildZstdDict(samples, dict.Options{MaxDictSize: 16 << 10, HashBytes: 6, ZstdDictID: syncproto.ColumnsDictID})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("columns.dict", d, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("columns.dict: %d bytes", len(d))
	}
	for _, req := range demoPushes(9, 10) {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		if err := json.NewEncoder(zw).Encode(req); err != nil {
			t.Fatal(err)
		}
		zw.Close()
		b, err := req.MarshalCompact()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("a push of %d changes: %d bytes compact, %d as gzipped JSON", len(req.Changes), len(b), gz.Len())
		if len(b) > gz.Len()*3/4 {
			t.Errorf("a push of %d changes: %d bytes compact, %d as gzipped JSON", len(req.Changes), len(b), gz.Len())
		}
		var back syncproto.PushRequest
		if err := back.UnmarshalCompact(b); err != nil || len(back.Changes) != len(req.Changes) {
			t.Fatalf("%d changes back (%v)", len(back.Changes), err)
		}
	}
}
