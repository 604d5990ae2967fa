package syncclient_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// proxy is an in-process toxiproxy between a laptop and the server: it
// cuts connections at chosen byte offsets, resets them, slows them.
type proxy struct {
	t testing.TB
	p *toxiproxy.Proxy
}

func newProxy(t testing.TB, upstream string) *proxy {
	t.Helper()
	zerolog.SetGlobalLevel(zerolog.WarnLevel) // the toxics log every pipe at trace level
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, "alliance", "127.0.0.1:0", upstream)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return &proxy{t: t, p: p}
}

func (p *proxy) url() string { return "http://" + p.p.Listen }

// toxic adds one toxic, as toxiproxy's JSON API would.
func (p *proxy) toxic(name, typ, stream string, attrs string) {
	p.t.Helper()
	js := fmt.Sprintf(`{"name":%q,"type":%q,"stream":%q,"toxicity":1,"attributes":%s}`, name, typ, stream, attrs)
	if _, err := p.p.Toxics.AddToxicJson(strings.NewReader(js)); err != nil {
		p.t.Fatal(err)
	}
}

func (p *proxy) heal() { p.p.Toxics.ResetToxics(context.Background()) }

// serverCount returns how many live activities of org the server holds.
func serverCount(t testing.TB, s *server) int {
	t.Helper()
	n, err := s.store.CountRecords(context.Background(), "activity")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSync_Faults: connections cut at random byte offsets both ways, reset
// and slowed, while a laptop pushes and pulls; after healing, everything
// arrived exactly once and both laptops agree.
func TestSync_Faults(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Şirvan QHT", "shirvan-salyan", false)
	px := newProxy(t, srv.addr)
	a, b := newLaptop(t, "a"), newLaptop(t, "b")
	if err := a.syncer.Enroll(context.Background(), px.url(), srv.invite(org), "a", false); err != nil {
		t.Fatal(err)
	}
	b.enroll(srv, org)
	rng := rand.New(rand.NewPCG(7, 7))
	made := 0
	addSome := func(n int) {
		for i := 0; i < n; i++ {
			x := a.add(fmt.Sprintf("Fəaliyyət %03d", made))
			made++
			if rng.IntN(4) == 0 {
				x.Results = "düzəliş"
				if err := a.acts.UpdateActivity(context.Background(), x); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	addSome(120)
	b.add("B-nin fəaliyyəti")
	b.sync()

	failures := 0
	for i := 0; i < 50; i++ {
		switch rng.IntN(4) {
		case 0:
			px.toxic("cut", "limit_data", "upstream", fmt.Sprintf(`{"bytes":%d}`, 1+rng.IntN(6000)))
		case 1:
			px.toxic("cut", "limit_data", "downstream", fmt.Sprintf(`{"bytes":%d}`, 1+rng.IntN(6000)))
		case 2:
			px.toxic("reset", "reset_peer", "upstream", fmt.Sprintf(`{"timeout":%d}`, rng.IntN(30)))
		case 3:
			px.toxic("slow", "latency", "downstream", `{"latency":20,"jitter":10}`)
			px.toxic("cut", "limit_data", "downstream", fmt.Sprintf(`{"bytes":%d}`, 200+rng.IntN(3000)))
		}
		if err := a.syncer.Round(context.Background()); err != nil {
			failures++
			// A cut or reset connection is "cannot reach the server", to
			// retry by itself; never a refusal that would wait for a person.
			if code := alliance.ErrorCode(err); code != alliance.EUNAVAILABLE {
				t.Fatalf("round %d: %v (code %s)", i, err, code)
			}
		}
		px.heal()
		if i%10 == 0 {
			addSome(10)
		}
	}
	if failures < 10 {
		t.Fatalf("only %d of 50 rounds failed: the faults did not bite", failures)
	}
	a.sync()
	b.sync()
	a.sync()
	if a.pending() != 0 {
		t.Fatalf("%d changes still waiting", a.pending())
	}
	if got := serverCount(t, srv); got != made+1 {
		t.Fatalf("the server holds %d activities, want %d: something was lost or doubled", got, made+1)
	}
	if a.titles() != b.titles() {
		t.Fatalf("laptops differ after healing")
	}
	if n := strings.Count(b.titles(), "Fəaliyyət"); n != made {
		t.Fatalf("b has %d of a's %d activities", n, made)
	}
}

// TestSync_ServerRestart: the server is stopped and started again while a
// laptop's background syncer pushes over a slow link; the laptop carries on
// by itself once the server is back, and nothing is lost or doubled.
func TestSync_ServerRestart(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Qax QHT", "shaki-zagatala", false)
	px := newProxy(t, srv.addr)
	a := newLaptop(t, "a")
	if err := a.syncer.Enroll(context.Background(), px.url(), srv.invite(org), "a", false); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		a.add(fmt.Sprintf("Restart %03d", i))
	}
	px.toxic("slow", "latency", "upstream", `{"latency":15,"jitter":5}`)
	a.start()
	waitFor(t, "pushes in flight", func() bool { n := serverCount(t, srv); return n > 0 && n < 200 })
	srv.restart()
	px.heal()
	// No help from the test: the syncer finds the server back by itself.
	waitFor(t, "everything sent after the restart", func() bool {
		return a.pending() == 0 && a.syncer.Status().State == alliance.SyncUpToDate
	})
	if got := serverCount(t, srv); got != 200 {
		t.Fatalf("server holds %d activities, want 200", got)
	}
}

// TestSync_KilledMidPush: a laptop process is killed with SIGKILL while it
// pushes; started again, it finishes, and every change took effect once.
func TestSync_KilledMidPush(t *testing.T) {
	if os.Getenv("ALLIANCE_CHILD_DIR") != "" {
		t.Skip("child process")
	}
	srv := startServer(t)
	org := srv.org("Masallı QHT", "lankaran-astara", false)
	px := newProxy(t, srv.addr)
	a := newLaptop(t, "a")
	if err := a.syncer.Enroll(context.Background(), px.url(), srv.invite(org), "a", false); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		a.add(fmt.Sprintf("Kill %03d", i))
	}
	a.close() // the folder now belongs to the child process
	px.toxic("slow", "latency", "upstream", `{"latency":10,"jitter":5}`)

	cmd := exec.Command(os.Args[0], "-test.run", "^TestChildSyncer$", "-test.v")
	cmd.Env = append(os.Environ(), "ALLIANCE_CHILD_DIR="+a.dir)
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once the server has taken some, not all, of the changes.
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if n := serverCount(t, srv); n > 0 && n < 300 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	before := serverCount(t, srv)
	if before == 0 || before == 300 {
		t.Fatalf("the kill did not land mid-push (%d of 300 on the server)\n%s", before, out)
	}
	px.heal()
	a.open()
	a.sync()
	if a.pending() != 0 {
		t.Fatalf("%d changes waiting after restart", a.pending())
	}
	if got := serverCount(t, srv); got != 300 {
		t.Fatalf("server holds %d activities after the restart, want 300 (had %d at the kill)", got, before)
	}
}

// TestChildSyncer is the laptop process TestSync_KilledMidPush kills.
func TestChildSyncer(t *testing.T) {
	dir := os.Getenv("ALLIANCE_CHILD_DIR")
	if dir == "" {
		t.Skip("run by TestSync_KilledMidPush")
	}
	l := &laptop{t: t, name: "child", dir: dir}
	l.open()
	for i := 0; i < 100; i++ {
		_ = l.syncer.Round(context.Background())
	}
}
