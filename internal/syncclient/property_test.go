package syncclient_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"pgregory.net/rapid"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// iteration is the outer test with its own cleanups and temp dirs, run at
// the end of one rapid iteration instead of the whole test.
type iteration struct {
	testing.TB
	cleanups []func()
}

func (it *iteration) Cleanup(f func()) { it.cleanups = append(it.cleanups, f) }

func (it *iteration) TempDir() string {
	dir, err := os.MkdirTemp("", "alliance-prop-")
	if err != nil {
		it.Fatal(err)
	}
	it.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func (it *iteration) done() {
	for i := len(it.cleanups) - 1; i >= 0; i-- {
		it.cleanups[i]()
	}
}

// write is one saved edit of one field, with the stamp it got.
type write struct {
	hlc   string
	value string
}

// model remembers every write made on any laptop.
type model struct {
	ids    []string
	writes map[string]map[string][]write // id -> field -> writes
}

func (m *model) record(id, field, hlc, value string) {
	if m.writes[id] == nil {
		m.writes[id] = map[string][]write{}
	}
	m.writes[id][field] = append(m.writes[id][field], write{hlc, value})
}

// want returns the value of field that must win: the newest write's.
func (m *model) want(id, field string) string {
	var best write
	for _, w := range m.writes[id][field] {
		if w.hlc > best.hlc {
			best = w
		}
	}
	return best.value
}

func lastStamp(t *rapid.T, l *laptop) string {
	cs, err := sqlite.NewOutboxService(l.db).Pending(context.Background(), 0, 1000000)
	if err != nil || len(cs) == 0 {
		t.Fatalf("no outbox entry after a write: %v", err)
	}
	return cs[len(cs)-1].HLC
}

// TestSync_Property: random edits on three laptops of one organisation,
// random partial syncs, random cuts of the connection; then the network
// heals and everyone syncs. All replicas must be equal, every saved write
// must be there unless a newer write of the same field replaced it, and
// nothing may be applied twice.
func TestSync_Property(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		it := &iteration{TB: t}
		defer it.done()
		srv := startServer(it)
		org := srv.org("Property QHT", "baku", false)
		var ls []*laptop
		var pxs []*proxy
		for i := 0; i < 3; i++ {
			l := newLaptop(it, fmt.Sprintf("l%d", i))
			px := newProxy(it, srv.addr)
			if err := l.syncer.Enroll(context.Background(), px.url(), srv.invite(org), l.name, false); err != nil {
				rt.Fatal(err)
			}
			ls, pxs = append(ls, l), append(pxs, px)
		}
		m := &model{writes: map[string]map[string][]write{}}
		replies := make([][][]byte, len(ls)) // replies by file on their way to each laptop
		pickLaptop := func(rt *rapid.T) int { return rapid.IntRange(0, len(ls)-1).Draw(rt, "laptop") }
		// known returns a record the laptop has, live or not.
		known := func(rt *rapid.T, l *laptop) (*alliance.Activity, bool) {
			if len(m.ids) == 0 {
				return nil, false
			}
			id := rapid.SampledFrom(m.ids).Draw(rt, "record")
			a, err := l.acts.FindActivityByID(context.Background(), id)
			return a, err == nil
		}
		rt.Repeat(map[string]func(*rapid.T){
			"create": func(rt *rapid.T) {
				l := ls[pickLaptop(rt)]
				title := fmt.Sprintf("t%d", rapid.IntRange(0, 999).Draw(rt, "title"))
				a := l.add(title)
				m.ids = append(m.ids, a.ID)
				h := lastStamp(rt, l)
				m.record(a.ID, "title", h, title)
				m.record(a.ID, "girls", h, "0")
				m.record(a.ID, "deleted", h, "false")
			},
			"edit": func(rt *rapid.T) {
				l := ls[pickLaptop(rt)]
				a, ok := known(rt, l)
				if !ok {
					rt.Skip("no live record here")
				}
				if rapid.Bool().Draw(rt, "title?") {
					title := fmt.Sprintf("e%d", rapid.IntRange(0, 999).Draw(rt, "new title"))
					if title == a.Title {
						rt.Skip("no change")
					}
					a.Title = title
					if err := l.acts.UpdateActivity(context.Background(), a); err != nil {
						rt.Fatal(err)
					}
					m.record(a.ID, "title", lastStamp(rt, l), a.Title)
				} else {
					girls := rapid.IntRange(1, 99).Draw(rt, "girls")
					if girls == a.Reached.Girls {
						rt.Skip("no change")
					}
					a.Reached.Girls = girls
					if err := l.acts.UpdateActivity(context.Background(), a); err != nil {
						rt.Fatal(err)
					}
					m.record(a.ID, "girls", lastStamp(rt, l), fmt.Sprint(a.Reached.Girls))
				}
			},
			"delete": func(rt *rapid.T) {
				l := ls[pickLaptop(rt)]
				a, ok := known(rt, l)
				if !ok {
					rt.Skip("no live record here")
				}
				if err := l.acts.DeleteActivity(context.Background(), a.ID); err != nil {
					rt.Fatal(err)
				}
				m.record(a.ID, "deleted", lastStamp(rt, l), "true")
			},
			"sync": func(rt *rapid.T) {
				i := pickLaptop(rt)
				if err := ls[i].syncer.Round(context.Background()); err != nil {
					rt.Fatalf("%s: %v", ls[i].name, err)
				}
			},
			// By file: a bundle lost, imported, or imported twice; its
			// reply kept to be delivered later, in any order, or never.
			"fileSync": func(rt *rapid.T) {
				i := pickLaptop(rt)
				var b bytes.Buffer
				if _, err := ls[i].syncer.WriteBundle(context.Background(), &b, nil); err != nil {
					rt.Fatalf("%s: write a bundle: %v", ls[i].name, err)
				}
				fate := rapid.SampledFrom([]string{"lost", "imported", "twice"}).Draw(rt, "bundle")
				if fate == "lost" {
					return
				}
				var r bytes.Buffer
				if _, err := srv.store.ImportBundle(context.Background(), bytes.NewReader(b.Bytes()), &r); err != nil {
					rt.Fatalf("import %s's bundle: %v", ls[i].name, err)
				}
				if fate == "twice" {
					if _, err := srv.store.ImportBundle(context.Background(), bytes.NewReader(b.Bytes()), io.Discard); err != nil {
						rt.Fatalf("import %s's bundle again: %v", ls[i].name, err)
					}
				}
				replies[i] = append(replies[i], r.Bytes())
			},
			"deliverReply": func(rt *rapid.T) {
				i := pickLaptop(rt)
				if len(replies[i]) == 0 {
					rt.Skip("no reply on its way")
				}
				k := rapid.IntRange(0, len(replies[i])-1).Draw(rt, "reply")
				if _, err := ls[i].syncer.ReadReply(context.Background(), bytes.NewReader(replies[i][k]), nil); err != nil {
					rt.Fatalf("%s: read a reply: %v", ls[i].name, err)
				}
				replies[i] = append(replies[i][:k], replies[i][k+1:]...)
			},
			"faultySync": func(rt *rapid.T) {
				i := pickLaptop(rt)
				stream := rapid.SampledFrom([]string{"upstream", "downstream"}).Draw(rt, "stream")
				pxs[i].toxic("cut", "limit_data", stream, fmt.Sprintf(`{"bytes":%d}`, rapid.IntRange(1, 4000).Draw(rt, "bytes")))
				_ = ls[i].syncer.Round(context.Background())
				pxs[i].heal()
			},
		})

		// Heal: everyone syncs twice around.
		for pass := 0; pass < 2; pass++ {
			for _, l := range ls {
				if err := l.syncer.Round(context.Background()); err != nil {
					rt.Fatalf("%s after healing: %v", l.name, err)
				}
			}
		}
		if got := serverCount(it, srv) + deletedOnServer(rt, srv); got != len(m.ids) {
			rt.Fatalf("server holds %d records, %d were made", got, len(m.ids))
		}
		for _, id := range m.ids {
			want := fmt.Sprintf("%s/%s/%s", m.want(id, "title"), m.want(id, "girls"), m.want(id, "deleted"))
			for _, l := range ls {
				if l.pending() != 0 {
					rt.Fatalf("%s: %d changes still waiting", l.name, l.pending())
				}
				got := state(rt, l, id)
				if got == "absent" && m.want(id, "deleted") == "true" {
					continue // deleted before this laptop ever saw it: never shown
				}
				if got != want {
					rt.Fatalf("%s: record %s is %s, want %s (the newest write of each field)", l.name, id, got, want)
				}
			}
		}
	})
}

// state is title/girls/deleted of a record on a laptop.
func state(rt *rapid.T, l *laptop, id string) string {
	r, err := l.store.LocalRecord(context.Background(), "activity", id)
	if alliance.ErrorCode(err) == alliance.ENOTFOUND {
		return "absent"
	} else if err != nil {
		rt.Fatalf("%s: record %s: %v", l.name, id, err)
	}
	a, err := syncproto.ActivityFromFields(id, r.Fields)
	if err != nil {
		rt.Fatal(err)
	}
	return fmt.Sprintf("%s/%d/%v", a.Title, a.Reached.Girls, a.Deleted)
}

func deletedOnServer(rt *rapid.T, s *server) int {
	n, err := s.store.CountDeleted(context.Background(), "activity")
	if err != nil {
		rt.Fatal(err)
	}
	return n
}
