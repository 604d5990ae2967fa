package syncclient_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		if info.Name() == sqlite.LockFile {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSync_RestoredCopy: a laptop's data folder is copied (a backup, or a
// clone); the original goes on working; the copy writes and syncs. The
// server finds the copy's changes under the original's numbers with other
// content: it refuses them, saying so, and acknowledges nothing. Connected
// again with a new code, the copy is a new laptop and sends everything it
// holds; nothing of either is lost or doubled.
func TestSync_RestoredCopy(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Gəncə QHT", "ganja-dashkasan", false)
	orig := newLaptop(t, "original")
	orig.enroll(srv, org)
	orig.add("before the copy")
	orig.sync()
	orig.add("unsent when copied")

	orig.close()
	cp := &laptop{t: t, name: "copy", dir: t.TempDir()}
	copyDir(t, orig.dir, cp.dir)
	orig.open()
	cp.open()
	t.Cleanup(cp.close)

	orig.add("the original's after the copy")
	orig.sync()
	cp.add("made on the copy")
	err := cp.syncer.Round(context.Background())
	if alliance.ErrorCode(err) != alliance.ECLONED {
		t.Fatalf("the copy's sync: %v, want %s", err, alliance.ECLONED)
	}
	if st := cp.syncer.Status(); st.State != alliance.SyncError || cp.pending() != 2 {
		t.Fatalf("the copy: %s with %d waiting, want needs attention with 2", st.State, cp.pending())
	}
	if got := serverCount(t, srv); got != 3 {
		t.Fatalf("the server holds %d records, want the original's 3", got)
	}

	cp.enroll(srv, org) // a new code: a new laptop
	if cp.store.Node() == orig.store.Node() {
		t.Fatal("the copy stamps with the original's clock node")
	}
	cp.sync()
	orig.sync()
	cp.sync()
	want := "before the copy,made on the copy,the original's after the copy,unsent when copied"
	for _, l := range []*laptop{orig, cp} {
		if got := l.titles(); got != want {
			t.Errorf("%s: %s, want %s", l.name, got, want)
		}
		if l.pending() != 0 {
			t.Errorf("%s: %d changes still waiting", l.name, l.pending())
		}
	}
	if got := serverCount(t, srv); got != 4 {
		t.Fatalf("the server holds %d records, want 4", got)
	}
	// The copy numbers its certificates with its own node from now on.
	ts := sqlite.NewTrainingService(cp.db)
	tr := &alliance.Training{Title: "T", Area: alliance.AreaEducation, Audience: alliance.AudTeachers, RegionID: "baku",
		Sessions: []alliance.Session{{Date: alliance.NewDate(2025, 3, 3), Hours: 2}}}
	if err := ts.CreateTraining(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	p := &alliance.Participant{TrainingID: tr.ID, FullName: "Leyla Əliyeva", Gender: alliance.Female, Role: alliance.RoleTeacher}
	if err := ts.CreateParticipants(context.Background(), []*alliance.Participant{p}); err != nil {
		t.Fatal(err)
	}
	if err := ts.SetAttendance(context.Background(), p.ID, tr.Sessions[0].ID, true); err != nil {
		t.Fatal(err)
	}
	certs, err := sqlite.NewCertificateService(cp.db).Issue(context.Background(), tr.ID, nil, "")
	if err != nil || len(certs) != 1 || !strings.Contains(certs[0].Serial, strings.ToUpper(cp.store.Node())) {
		t.Fatalf("certificate %+v: %v", certs, err)
	}
	cp.sync()
	if aside, _ := cp.syncer.SetAside(context.Background()); len(aside) != 0 {
		t.Fatalf("the copy's certificate was refused: %+v", aside)
	}
}

// TestSync_EchoOfUnseenChange: a laptop edits a record someone else
// changed since it last pulled, and pulls a backlog larger than a page.
// Its own change must not be skipped as an echo: it does not hold the
// other laptop's fields. (Issue 11: S kept B's old title for good.)
func TestSync_EchoOfUnseenChange(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Şirvan QHT", "shirvan-salyan", false)
	s, b := newLaptop(t, "s"), newLaptop(t, "b")
	s.enroll(srv, org)
	b.enroll(srv, org)
	r := s.add("the record")
	s.sync()
	b.sync()
	for i := range 120 { // a backlog of more than two pages of 50
		b.add(fmt.Sprintf("backlog %03d", i))
	}
	edit(t, b, r.ID, func(x *alliance.Activity) { x.Title = "b's title"; x.Settlement = "Salyan" })
	b.sync()
	for i := range 60 {
		b.add(fmt.Sprintf("more %03d", i))
	}
	b.sync()
	edit(t, s, r.ID, func(x *alliance.Activity) { x.Reached.Girls = 12 })
	s.sync()
	s.sync()
	got := s.get(r.ID)
	if got.Title != "b's title" || got.Settlement != "Salyan" || got.Reached.Girls != 12 {
		t.Fatalf("s holds %q in %q with %d girls: not the server's record", got.Title, got.Settlement, got.Reached.Girls)
	}
}

// TestSync_ClockAheadNoSelfConflict: a laptop whose clock runs a day
// ahead edits one field twice before it syncs: the server clamps both
// stamps, and the laptop is not shown a conflict with its own value.
func TestSync_ClockAheadNoSelfConflict(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Quba QHT", "guba-khachmaz", false)
	ahead := &clock{}
	ahead.Set(24 * time.Hour)
	a := &laptop{t: t, name: "ahead", dir: t.TempDir(), now: ahead.Now}
	a.open()
	t.Cleanup(a.close)
	a.enroll(srv, org)
	x := a.add("first")
	a.sync()
	edit(t, a, x.ID, func(v *alliance.Activity) { v.Title = "second" })
	edit(t, a, x.ID, func(v *alliance.Activity) { v.Title = "third" })
	a.sync()
	a.sync()
	if cs, _ := a.syncer.Conflicts(context.Background()); len(cs) != 0 {
		t.Fatalf("a conflict with its own earlier value: %+v", cs)
	}
	if got := a.get(x.ID).Title; got != "third" {
		t.Fatalf("title %q, want its last edit", got)
	}
}

// TestSync_KeepMineDatePair: two laptops move an activity at once; the
// loser keeps its own dates after review: both dates, together.
func TestSync_KeepMineDatePair(t *testing.T) {
	_, a, b, id := twoLaptops(t)
	edit(t, a, id, func(x *alliance.Activity) {
		x.Start, x.End = alliance.NewDate(2025, 5, 10), alliance.NewDate(2025, 5, 12)
	})
	time.Sleep(5 * time.Millisecond)
	edit(t, b, id, func(x *alliance.Activity) {
		x.Start, x.End = alliance.NewDate(2025, 4, 1), alliance.NewDate(2025, 4, 2)
	})
	for _, l := range []*laptop{b, a, b, a} {
		l.sync()
	}
	cs, err := a.syncer.Conflicts(context.Background())
	if err != nil || len(cs) != 2 {
		t.Fatalf("conflicts %+v %v, want the start and the end", cs, err)
	}
	if err := a.syncer.ResolveConflict(context.Background(), cs[0].ID, true); err != nil {
		t.Fatalf("keep mine: %v", err)
	}
	if left, _ := a.syncer.Conflicts(context.Background()); len(left) != 0 {
		t.Fatalf("the other date's conflict stays: %+v", left)
	}
	for _, l := range []*laptop{a, b, a} {
		l.sync()
	}
	for _, l := range []*laptop{a, b} {
		if x := l.get(id); x.Start != alliance.NewDate(2025, 5, 10) || x.End != alliance.NewDate(2025, 5, 12) {
			t.Errorf("%s: %s–%s, want a's pair", l.name, x.Start, x.End)
		}
	}
}

// TestClient_CutErrorAnswer: an error answer cut on the way is a network
// failure (offline, retried by itself), not a refusal that needs a person.
func TestClient_CutErrorAnswer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				buf := make([]byte, 4096)
				_, _ = conn.Read(buf)
				io.WriteString(conn, "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"+
					`{"code":"forbidden","mess`)
			}()
		}
	}()
	c, err := syncclient.NewClient("http://"+ln.Addr().String(), "token", false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Pull(context.Background(), syncproto.PullRequest{})
	if code := alliance.ErrorCode(syncclient.UserError(err)); code != alliance.EUNAVAILABLE {
		t.Fatalf("a cut 403: %v (%s), want offline", err, code)
	}
}

// TestCheckAddress: plain http:// only to this machine or a private
// network, unless the user chose it; decided without connecting.
func TestCheckAddress(t *testing.T) {
	for _, tc := range []struct {
		url      string
		insecure bool
		code     string
	}{
		{"https://alliance.example.az", false, ""},
		{"https://203.0.113.7:8443", false, ""},
		{"http://127.0.0.1:8080", false, ""},
		{"http://localhost:8080", false, ""},
		{"http://[::1]:8080", false, ""},
		{"http://10.0.0.5", false, ""},
		{"http://172.20.1.1:8080", false, ""},
		{"http://192.168.1.20", false, ""},
		{"http://[fe80::1%25eth0]:8080", false, ""},
		{"http://alliance.example.az", false, alliance.EINSECURE},
		{"http://203.0.113.7:8080", false, alliance.EINSECURE},
		{"http://100.64.0.1", false, alliance.EINSECURE},
		{"http://[2001:db8::1]", false, alliance.EINSECURE},
		{"http://localhost.example.az", false, alliance.EINSECURE},
		{"http://203.0.113.7:8080", true, ""},
		{"ftp://alliance.example.az", false, alliance.EINVALID},
		{"http://", false, alliance.EINVALID},
	} {
		if got := alliance.ErrorCode(syncclient.CheckAddress(tc.url, tc.insecure)); got != tc.code {
			t.Errorf("%s (insecure %v): %q, want %q", tc.url, tc.insecure, got, tc.code)
		}
	}
	// The syncer refuses before it connects, with a message to show.
	l := newLaptop(t, "l")
	err := l.syncer.Enroll(context.Background(), "http://alliance.example.az", "K7QM-4ZXD-92HT", "l", false)
	if key, args := alliance.ErrorKey(err); alliance.ErrorCode(err) != alliance.EINSECURE || key != "sync.error.insecure" || args["Host"] != "alliance.example.az" {
		t.Fatalf("%v: %s %v", err, key, args)
	}
}

// TestSync_GapDeclared: changes set aside on the laptop itself (an older
// version did so for a 403) leave a gap in its sequence. The server
// refuses the gap, the laptop declares it, and the rest goes through;
// the server notes the skip.
func TestSync_GapDeclared(t *testing.T) {
	srv := startServer(t)
	org := srv.org("Lerik QHT", "lankaran-astara", false)
	l := newLaptop(t, "l")
	l.enroll(srv, org)
	l.add("one")
	l.sync()
	l.add("set aside here")
	l.add("three")
	cs, err := sqlite.NewOutboxService(l.db).Pending(context.Background(), 0, 10)
	if err != nil || len(cs) != 2 {
		t.Fatalf("%v %v", cs, err)
	}
	if err := l.store.SetAsideLocally(context.Background(), []int64{cs[0].Seq}, alliance.ETOOLARGE, "too large"); err != nil {
		t.Fatal(err)
	}
	l.sync()
	if got := serverCount(t, srv); got != 2 || l.pending() != 0 {
		t.Fatalf("the server holds %d, %d waiting; want 2 and 0", got, l.pending())
	}
	entries, err := srv.store.SetAside(context.Background(), "", 10)
	if err != nil || len(entries) != 1 || entries[0].Code != "skipped" || entries[0].Seq != cs[0].Seq {
		t.Fatalf("the server's note of the skip: %+v %v", entries, err)
	}
}
