package syncclient_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"testing"

	"pgregory.net/rapid"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// replica is one laptop of the convergence test, with its own clock and
// page sizes.
type replica struct {
	*laptop
	clock *clock
	px    *proxy
	org   string // "" for the secretariat: it sees every organisation
}

func (r *replica) opts(push, pull int) {
	r.laptop.syncer = syncclient.New(r.store, syncclient.Options{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
		Debounce: 20 * time.Millisecond, Interval: time.Hour, PushBatch: push, PullPage: pull})
}

// TestSync_PropertyConvergence: four laptops of two organisations and the
// secretariat — one pulling pages of a single record, others small pages
// — create and edit activities, trainings and participants; syncs are cut
// at random byte offsets both ways (inside and between pages), the server
// and the apps restart, clocks go up to 30 days off. After the network
// heals and everyone syncs until quiet, every laptop's copy of every
// record in its scope equals the server's, no laptop holds a record
// outside its scope, nothing waits, nothing was set aside, and every
// record made is on the server once.
func TestSync_PropertyConvergence(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		it := &iteration{TB: t}
		defer it.done()
		srv := startServer(it)
		orgA := srv.org("Property A", "baku", false)
		orgB := srv.org("Property B", "karabakh", false)
		orgS := srv.org("Katiblik", "baku", true)
		var rs []*replica
		for i, spec := range []struct {
			org        string
			push, pull int
		}{{orgA, 1, 1}, {orgA, 50, 3}, {orgB, 50, 50}, {orgS, 7, 2}} {
			r := &replica{laptop: &laptop{t: it, name: fmt.Sprintf("r%d", i), dir: it.TempDir()}, clock: &clock{}, org: spec.org}
			r.now = r.clock.Now
			r.open()
			r.opts(spec.push, spec.pull)
			it.Cleanup(r.close)
			r.px = newProxy(it, srv.addr)
			if err := r.syncer.Enroll(context.Background(), r.px.url(), srv.invite(spec.org), r.name, false); err != nil {
				rt.Fatal(err)
			}
			if spec.org == orgS {
				r.org = ""
			}
			rs = append(rs, r)
		}
		made := map[string]string{} // record id -> entity
		ctx := context.Background()
		pick := func(rt *rapid.T) *replica { return rs[rapid.IntRange(0, len(rs)-1).Draw(rt, "laptop")] }
		members := func(rt *rapid.T) *replica { return rs[rapid.IntRange(0, 2).Draw(rt, "member")] }
		known := func(rt *rapid.T, entity string) (string, bool) {
			var ids []string
			for id, e := range made {
				if e == entity {
					ids = append(ids, id)
				}
			}
			if len(ids) == 0 {
				return "", false
			}
			sortStrings(ids)
			return rapid.SampledFrom(ids).Draw(rt, entity), true
		}
		actions := map[string]func(*rapid.T){
			"activity": func(rt *rapid.T) {
				r := members(rt)
				a := r.add(fmt.Sprintf("a%d", rapid.IntRange(0, 99).Draw(rt, "title")))
				made[a.ID] = syncproto.EntityActivity
			},
			"editActivity": func(rt *rapid.T) {
				r := pick(rt)
				id, ok := known(rt, syncproto.EntityActivity)
				if !ok {
					rt.Skip("none")
				}
				a, err := r.acts.FindActivityByID(ctx, id)
				if err != nil {
					rt.Skip("not here")
				}
				switch rapid.IntRange(0, 3).Draw(rt, "what") {
				case 0:
					a.Title = fmt.Sprintf("e%d", rapid.IntRange(0, 99).Draw(rt, "title"))
				case 1:
					a.Reached.Girls = rapid.IntRange(0, 50).Draw(rt, "girls")
				case 2:
					d := rapid.IntRange(1, 20).Draw(rt, "day")
					a.Start, a.End = alliance.NewDate(2025, 6, d), alliance.NewDate(2025, 6, d+rapid.IntRange(0, 5).Draw(rt, "days"))
				case 3:
					if err := r.acts.DeleteActivity(ctx, id); err != nil {
						rt.Fatal(err)
					}
					return
				}
				if err := r.acts.UpdateActivity(ctx, a); err != nil {
					rt.Fatal(err)
				}
			},
			"training": func(rt *rapid.T) {
				r := members(rt)
				tr := &alliance.Training{Title: fmt.Sprintf("t%d", rapid.IntRange(0, 99).Draw(rt, "title")), Area: alliance.AreaEducation,
					Audience: alliance.AudTeachers, RegionID: "baku", Sessions: []alliance.Session{{Date: alliance.NewDate(2025, 3, 3), Hours: 4}}}
				if err := sqlite.NewTrainingService(r.db).CreateTraining(ctx, tr); err != nil {
					rt.Fatal(err)
				}
				made[tr.ID] = syncproto.EntityTraining
			},
			"editTraining": func(rt *rapid.T) {
				r := pick(rt)
				id, ok := known(rt, syncproto.EntityTraining)
				if !ok {
					rt.Skip("none")
				}
				ts := sqlite.NewTrainingService(r.db)
				tr, err := ts.FindTrainingByID(ctx, id)
				if err != nil {
					rt.Skip("not here")
				}
				tr.Title = fmt.Sprintf("te%d", rapid.IntRange(0, 99).Draw(rt, "title"))
				tr.MinAttendance = rapid.IntRange(50, 100).Draw(rt, "min")
				if err := ts.UpdateTraining(ctx, tr); err != nil {
					rt.Fatal(err)
				}
			},
			"participant": func(rt *rapid.T) {
				r := pick(rt)
				id, ok := known(rt, syncproto.EntityTraining)
				if !ok {
					rt.Skip("none")
				}
				ts := sqlite.NewTrainingService(r.db)
				if _, err := ts.FindTrainingByID(ctx, id); err != nil {
					rt.Skip("not here")
				}
				p := &alliance.Participant{TrainingID: id, FullName: fmt.Sprintf("Ad%d Soyad", rapid.IntRange(0, 99).Draw(rt, "name")),
					Gender: alliance.Female, Role: alliance.RoleTeacher}
				if err := ts.CreateParticipants(ctx, []*alliance.Participant{p}); err != nil {
					rt.Fatal(err)
				}
				made[p.ID] = syncproto.EntityParticipant
			},
			"editParticipant": func(rt *rapid.T) {
				r := pick(rt)
				id, ok := known(rt, syncproto.EntityParticipant)
				if !ok {
					rt.Skip("none")
				}
				rec, err := r.store.LocalRecord(ctx, syncproto.EntityParticipant, id)
				if err != nil {
					rt.Skip("not here")
				}
				var p alliance.Participant
				if err := syncproto.Decode(rec.Fields, &p); err != nil || p.Deleted {
					rt.Skip("not live")
				}
				p.ID = id
				p.Phone = fmt.Sprintf("+99450%07d", rapid.IntRange(0, 9999999).Draw(rt, "phone"))
				if err := sqlite.NewTrainingService(r.db).UpdateParticipant(ctx, &p); err != nil {
					rt.Fatal(err)
				}
			},
			"sync": func(rt *rapid.T) {
				r := pick(rt)
				if err := r.syncer.Round(ctx); err != nil {
					rt.Fatalf("%s: %v", r.name, err)
				}
			},
			"cutSync": func(rt *rapid.T) {
				r := pick(rt)
				stream := rapid.SampledFrom([]string{"upstream", "downstream"}).Draw(rt, "stream")
				r.px.toxic("cut", "limit_data", stream, fmt.Sprintf(`{"bytes":%d}`, rapid.IntRange(1, 20000).Draw(rt, "bytes")))
				_ = r.syncer.Round(ctx)
				r.px.heal()
			},
			"restartServer": func(rt *rapid.T) { srv.restart() },
			"restartApp": func(rt *rapid.T) {
				r := pick(rt)
				push, pull := []int{1, 50, 50, 7}, []int{1, 3, 50, 2}
				i := 0
				for j := range rs {
					if rs[j] == r {
						i = j
					}
				}
				r.close()
				r.open()
				r.opts(push[i], pull[i])
			},
			"skewClock": func(rt *rapid.T) {
				r := pick(rt)
				r.clock.Set(time.Duration(rapid.IntRange(-30, 30).Draw(rt, "days")) * 24 * time.Hour)
			},
		}
		// Histories long enough for a laptop to fall a few pages behind
		// (three times rapid's steps).
		for range 3 {
			rt.Repeat(actions)
		}

		// Heal: true clocks, whole connections, everyone syncs until quiet.
		for _, r := range rs {
			r.clock.Set(0)
			r.px.heal()
		}
		for pass := 0; pass < 3; pass++ {
			for _, r := range rs {
				if err := r.syncer.Round(ctx); err != nil {
					rt.Fatalf("%s after healing: %v", r.name, err)
				}
			}
		}
		for id, entity := range made {
			if !onServer(rt, srv, entity, id) {
				rt.Fatalf("%s %s was made but the server does not hold it", entity, id)
			}
		}
		for _, entity := range []string{syncproto.EntityActivity, syncproto.EntityTraining, syncproto.EntityParticipant} {
			server, err := srv.store.Records(ctx, entity)
			if err != nil {
				rt.Fatal(err)
			}
			byID := map[string]syncproto.Record{}
			for _, rec := range server {
				byID[rec.ID] = rec
			}
			for _, r := range rs {
				if n := r.pending(); n != 0 {
					rt.Fatalf("%s: %d changes still waiting", r.name, n)
				}
				if aside, _ := r.syncer.SetAside(ctx); len(aside) != 0 {
					rt.Fatalf("%s: set aside %+v", r.name, aside)
				}
				for _, rec := range server {
					if r.org != "" && rec.Org != r.org {
						continue
					}
					local, err := r.store.LocalRecord(ctx, entity, rec.ID)
					if alliance.ErrorCode(err) == alliance.ENOTFOUND && string(rec.Fields[syncproto.FieldDeleted]) == "true" {
						continue // deleted before this laptop saw it
					}
					if err != nil {
						rt.Fatalf("%s: %s %s on the server, not here: %v", r.name, entity, rec.ID, err)
					}
					if diff := differ(local.Fields, rec.Fields); diff != "" {
						rt.Fatalf("%s: %s %s differs from the server's: %s", r.name, entity, rec.ID, diff)
					}
				}
				ids, _ := r.store.LocalIDs(ctx, entity)
				for _, id := range ids {
					rec, ok := byID[id]
					if !ok {
						rt.Fatalf("%s: holds %s %s the server does not", r.name, entity, id)
					}
					if r.org != "" && rec.Org != r.org {
						rt.Fatalf("%s: holds %s %s of another organisation", r.name, entity, id)
					}
				}
			}
		}
	})
}

func onServer(rt *rapid.T, srv *server, entity, id string) bool {
	recs, err := srv.store.Records(context.Background(), entity)
	if err != nil {
		rt.Fatal(err)
	}
	for _, r := range recs {
		if r.ID == id {
			return true
		}
	}
	return false
}

// differ compares two records' fields as values; "" when equal.
func differ(a, b map[string]json.RawMessage) string {
	for k := range b {
		if _, ok := a[k]; !ok {
			a[k] = nil
		}
	}
	for k, va := range a {
		var x, y any
		_ = json.Unmarshal(va, &x)
		_ = json.Unmarshal(b[k], &y)
		if !reflect.DeepEqual(x, y) && !(x == nil && isZero(y)) && !(y == nil && isZero(x)) {
			return fmt.Sprintf("%s: here %s, server %s", k, va, b[k])
		}
	}
	return ""
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case float64:
		return x == 0
	case bool:
		return !x
	case []any:
		return len(x) == 0
	}
	return false
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

var _ = testing.Short
