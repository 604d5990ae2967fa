package syncclient_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// TestClient_Columns: pushes go in the compact encoding only to a server
// that said it reads it (a server of before answers every push); pulls
// ask for it, and an answer in JSON — a server of before — is read as
// well as a compact one, which also tells the client the server reads it.
func TestClient_Columns(t *testing.T) {
	var mu sync.Mutex
	var sent []string
	compactPull := false
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sent = append(sent, r.Header.Get("Content-Type"))
		answerCompact := compactPull
		mu.Unlock()
		io.Copy(io.Discard, r.Body)
		switch r.URL.Path {
		case syncproto.PathPush:
			json.NewEncoder(w).Encode(syncproto.PushResponse{AckedUpTo: 1})
		case syncproto.PathPull:
			page := &syncproto.PullResponse{Cursor: 1, Records: []syncproto.Record{{Seq: 1, Entity: "activity", ID: alliance.NewID(),
				Fields: map[string]json.RawMessage{"title": json.RawMessage(`"Görüş"`)}}}}
			if answerCompact {
				page.Columns = true
				b, err := page.MarshalCompact()
				if err != nil {
					t.Error(err)
				}
				w.Header().Set("Content-Type", syncproto.ContentColumns)
				w.Write(b)
				return
			}
			json.NewEncoder(w).Encode(page)
		}
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, err := syncclient.NewClient(srv.URL, "token", false)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	push := syncproto.PushRequest{Changes: []syncproto.Change{{Seq: 1, Entity: "activity", ID: alliance.NewID(), Op: "upsert",
		Fields: map[string]json.RawMessage{"title": json.RawMessage(`"x"`)}}}}
	if _, err := c.Push(ctx, push); err != nil {
		t.Fatal(err)
	}
	page, err := c.Pull(ctx, syncproto.PullRequest{})
	if err != nil || len(page.Records) != 1 || string(page.Records[0].Fields["title"]) != `"Görüş"` {
		t.Fatalf("a JSON page: %+v, %v", page, err)
	}
	if c.Columns() {
		t.Fatal("a server that never said it reads columns is sent them")
	}
	mu.Lock()
	compactPull = true
	mu.Unlock()
	if page, err = c.Pull(ctx, syncproto.PullRequest{}); err != nil || len(page.Records) != 1 || string(page.Records[0].Fields["title"]) != `"Görüş"` {
		t.Fatalf("a compact page: %+v, %v", page, err)
	}
	if !c.Columns() {
		t.Fatal("a compact page saying the server reads columns was not noted")
	}
	if _, err := c.Push(ctx, push); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"application/json", "application/json", "application/json", syncproto.ContentColumns}
	if len(sent) != len(want) {
		t.Fatalf("sent %v", sent)
	}
	for i := range want {
		if sent[i] != want[i] {
			t.Fatalf("request %d went as %q, want %q (%v)", i, sent[i], want[i], sent)
		}
	}
}

// TestClient_PullEarly: the next page's cursor is handed on from the
// answer's head — before its body is read — when the page is long enough
// to be worth a second request meanwhile, and not for a short page or
// from a server that does not say it.
func TestClient_PullEarly(t *testing.T) {
	var size int
	var header string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if header != "" {
			w.Header().Set(syncproto.HeaderNextCursor, header)
		}
		body, _ := json.Marshal(syncproto.PullResponse{Cursor: 812, ConflictCursor: 3, More: true,
			Records: []syncproto.Record{{Seq: 812, Entity: "activity", ID: alliance.NewID(),
				Fields: map[string]json.RawMessage{"title": json.RawMessage(`"` + strings.Repeat("a", size) + `"`)}}}})
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	defer srv.Close()
	c, err := syncclient.NewClient(srv.URL, "token", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		size   int
		header string
		want   bool
	}{{20 << 10, "812 3", true}, {100, "812 3", false}, {20 << 10, "", false}, {20 << 10, "not numbers", false}} {
		size, header = tc.size, tc.header
		var got []int64
		page, err := c.PullEarly(context.Background(), syncproto.PullRequest{}, func(cursor, conflict int64) {
			got = append(got, cursor, conflict)
		})
		if err != nil || page.Cursor != 812 {
			t.Fatalf("%+v: %v", tc, err)
		}
		if tc.want != (len(got) == 2 && got[0] == 812 && got[1] == 3) {
			t.Errorf("a page of %d bytes, header %q: next %v", tc.size, tc.header, got)
		}
	}
}
