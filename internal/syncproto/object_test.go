package syncproto_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// TestSplitObject: objects of every shape split as encoding/json splits
// them, and whatever encoding/json refuses is refused, whatever bytes are
// changed or cut.
func TestSplitObject(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	check := func(b []byte) {
		t.Helper()
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(b, &want)
		got, err := syncproto.SplitObject(b)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: error %v, encoding/json %v", b, err, wantErr)
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d members, want %d", b, len(got), len(want))
		}
		for k, v := range want {
			if !bytes.Equal(bytes.TrimSpace(got[k]), bytes.TrimSpace(v)) {
				t.Fatalf("%q: %s is %q, want %q", b, k, got[k], v)
			}
		}
	}
	for _, s := range []string{`{}`, ` { } `, `{"a":1}`, `{"a" : [1, {"b":"}"}] , "c":"x\"y", "d":null}`, `{"a\u0062":1}`,
		`{"a":1,}`, `{"a":1 "b":2}`, `[]`, `null`, `{"a":}`, `{"a":tru}`, `{"a":"x}`, `{"a":1}x`, `{"a":{"b":[}]}}`, `{"a":1,"a":2}`,
		"{\"a\":\"\x01\"}", `{"a":-0.5e3}`, `{"a":01}`} {
		check([]byte(s))
	}
	for i := range 2000 {
		row, _ := json.Marshal(randomRow(rng, i))
		check(row)
		for range 3 {
			b := bytes.Clone(row)
			b[rng.IntN(len(b))] = `{}[]",: \x0`[rng.IntN(11)]
			check(b)
			check(row[:rng.IntN(len(row))])
		}
	}
	// The values are the input's own bytes, not copies.
	b := []byte(`{"title":"Görüş","girls":12}`)
	m, _ := syncproto.SplitObject(b)
	if !reflect.DeepEqual(m["girls"], json.RawMessage("12")) {
		t.Fatalf("%q", m["girls"])
	}
}
