package syncclient_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
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
