package syncclient_test

import (
	"context"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// server is a real alliance server on 127.0.0.1:0 over a real store.
type server struct {
	t       testing.TB
	dir     string
	store   *syncserver.Store
	url     string
	addr    string
	running *syncserver.Running
	now     func() time.Time
}

func startServer(t testing.TB) *server {
	t.Helper()
	s := &server{t: t, dir: t.TempDir()}
	s.start("127.0.0.1:0")
	t.Cleanup(s.stop)
	return s
}

func (s *server) start(addr string) {
	s.t.Helper()
	store, err := syncserver.OpenStore(s.dir, s.now)
	if err != nil {
		s.t.Fatal(err)
	}
	s.store = store
	if s.running, err = syncserver.Start(store, addr); err != nil {
		s.t.Fatal(err)
	}
	s.addr, s.url = s.running.Addr, s.running.URL
}

// stop shuts the server down gracefully and closes its store.
func (s *server) stop() {
	if s.running == nil {
		return
	}
	if err := s.running.Stop(); err != nil {
		s.t.Errorf("serve: %v", err)
	}
	s.running = nil
	_ = s.store.Close()
}

// restart stops the server and starts it again on the same address.
func (s *server) restart() {
	s.t.Helper()
	s.stop()
	s.start(s.addr)
}

func (s *server) org(name, region string, secretariat bool) string {
	s.t.Helper()
	o := &alliance.Organisation{Name: name, Kind: alliance.OrgNGO, RegionID: region, Secretariat: secretariat}
	if err := s.store.AddOrganisation(context.Background(), o); err != nil {
		s.t.Fatal(err)
	}
	return o.ID
}

func (s *server) invite(orgID string) string {
	s.t.Helper()
	code, _, err := s.store.Invite(context.Background(), orgID, time.Hour)
	if err != nil {
		s.t.Fatal(err)
	}
	return code
}

// laptop is a real data folder with its syncer (not started: rounds are
// run by the test, or by Open where the test says so).
type laptop struct {
	t      testing.TB
	name   string
	dir    string
	db     *sqlite.DB
	acts   *sqlite.ActivityService
	store  *sqlite.SyncStore
	syncer *syncclient.Syncer
	now    func() time.Time
}

func newLaptop(t testing.TB, name string) *laptop {
	t.Helper()
	l := &laptop{t: t, name: name, dir: t.TempDir()}
	l.open()
	t.Cleanup(l.close)
	return l
}

func (l *laptop) open() {
	l.t.Helper()
	db, err := sqlite.Open(l.dir, l.now)
	if err != nil {
		l.t.Fatal(err)
	}
	l.db, l.acts, l.store = db, sqlite.NewActivityService(db), sqlite.NewSyncStore(db)
	l.syncer = syncclient.New(l.store, syncclient.Options{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
		Debounce: 20 * time.Millisecond, Interval: time.Hour, PushBatch: 50, PullPage: 50})
}

// start runs the syncer's background loop (tests of the loop only; others
// run rounds by hand).
func (l *laptop) start() {
	l.t.Helper()
	if err := l.syncer.Open(); err != nil {
		l.t.Fatal(err)
	}
}

func (l *laptop) close() {
	if l.db == nil {
		return
	}
	_ = l.syncer.Close()
	_ = l.db.Close()
	l.db = nil
}

func (l *laptop) enroll(s *server, orgID string) {
	l.t.Helper()
	if err := l.syncer.Enroll(context.Background(), s.url, s.invite(orgID), l.name, false); err != nil {
		l.t.Fatalf("%s: enroll: %v", l.name, err)
	}
}

// sync runs one round and fails the test on error.
func (l *laptop) sync() {
	l.t.Helper()
	if err := l.syncer.Round(context.Background()); err != nil {
		l.t.Fatalf("%s: sync: %v", l.name, err)
	}
}

func (l *laptop) add(title string) *alliance.Activity {
	l.t.Helper()
	a := &alliance.Activity{
		Kind: alliance.KindMeeting, Title: title, Start: alliance.NewDate(2025, 5, 1), End: alliance.NewDate(2025, 5, 1),
		RegionID: "baku", Areas: []alliance.Area{alliance.AreaHealth}, RecordedBy: l.name,
	}
	if org, _ := sqlite.NewSettingsService(l.db).Setting(context.Background(), alliance.SettingOrgID); org != "" {
		a.OrgID = org
	}
	if err := l.acts.CreateActivity(context.Background(), a); err != nil {
		l.t.Fatal(err)
	}
	return a
}

// titles returns the sorted titles of the laptop's live activities.
func (l *laptop) titles() string {
	l.t.Helper()
	rows, err := l.acts.FindActivities(context.Background(), alliance.ActivityFilter{Limit: 100000})
	if err != nil {
		l.t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Title)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func (l *laptop) get(id string) *alliance.Activity {
	l.t.Helper()
	a, err := l.acts.FindActivityByID(context.Background(), id)
	if err != nil {
		l.t.Fatalf("%s: %v", l.name, err)
	}
	return a
}

func (l *laptop) pending() int {
	n, err := l.store.PendingChanges(context.Background())
	if err != nil {
		l.t.Fatal(err)
	}
	return n
}

// clock is a wall clock a test moves.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) Set(off time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off = off
}
