package syncclient_test

import (
	"context"
	"os"
	"runtime/pprof"
	"testing"

	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

func TestProfApply(t *testing.T) {
	if os.Getenv("PROF") == "" {
		t.Skip()
	}
	const n = 20000
	srv := startServer(t)
	org := srv.org("Bench QHT", "baku", true)
	seed := newLaptop(t, "seed")
	seed.enroll(srv, org)
	as := benchActivities(n, org)
	for i := 0; i < n; i += 500 {
		if err := seed.acts.CreateActivities(context.Background(), as[i:i+500]); err != nil {
			t.Fatal(err)
		}
	}
	if err := seed.syncer.Round(context.Background()); err != nil {
		t.Fatal(err)
	}
	e, _ := seed.store.Enrolment(context.Background())
	c, _ := syncclient.NewClient(srv.url, e.Token)
	var pages []*syncproto.PullResponse
	for cursor := int64(0); ; {
		p, err := c.Pull(context.Background(), syncproto.PullRequest{Cursor: cursor, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
		cursor = p.Cursor
		if !p.More {
			break
		}
	}
	empty := newLaptop(t, "apply")
	st := sqlite.NewSyncStore(empty.db)
	f, _ := os.Create("/tmp/apply.prof")
	pprof.StartCPUProfile(f)
	for _, p := range pages {
		if err := st.ApplyPull(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	pprof.StopCPUProfile()
	f.Close()
}
