package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/benchdata"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// sealedWork is the work of children's records a laptop does: saving
// participants one form at a time, reading a training's roster, the
// gallery's list of a contest's entries, and a first sync's pages of
// participants and entries. It returns the time of each.
type sealedTimes struct{ save, roster, gallery, pull time.Duration }

const (
	benchSaves   = 1000 // participants saved one by one
	benchRoster  = 300  // on the roster read
	benchEntries = 2000 // in the contest listed
	benchPulled  = 10000
)

func sealedWork(b *testing.B, sealed bool) sealedTimes {
	b.Helper()
	ctx := context.Background()
	db := MustOpenDB(b)
	db.KDF = cheapKDF
	if sealed {
		p := &alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}
		if err := sqlite.NewProfileService(db).CreateProfile(ctx, p, "480915"); err != nil {
			b.Fatal(err)
		}
	}
	var t sealedTimes
	ts := sqlite.NewTrainingService(db)
	tr := newTraining()
	if err := ts.CreateTraining(ctx, tr); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for i := range benchSaves {
		p := &alliance.Participant{TrainingID: tr.ID, FullName: fmt.Sprintf("Zəhra Quliyeva %d", i), Gender: alliance.Female,
			BirthYear: 2012, Role: alliance.RoleChild, Phone: "+994501234567"}
		if err := ts.CreateParticipants(ctx, []*alliance.Participant{p}); err != nil {
			b.Fatal(err)
		}
	}
	t.save = time.Since(start)

	// A first sync: pages of 1,000 participants of another training and
	// the entries of a contest.
	tr2 := newTraining()
	if err := ts.CreateTraining(ctx, tr2); err != nil {
		b.Fatal(err)
	}
	c := newContest()
	if err := sqlite.NewContestService(db).CreateContest(ctx, c); err != nil {
		b.Fatal(err)
	}
	var pages []*syncproto.PullResponse
	h := syncproto.HLC{Wall: time.Now().UnixMilli(), Node: "abcd1234"}
	for i := 0; i < benchPulled; i += 1000 {
		p := &syncproto.PullResponse{More: i+1000 < benchPulled, Cursor: int64(i + 1000)}
		for j := i; j < i+1000; j++ {
			var v any
			entity := syncproto.EntityParticipant
			if j < benchEntries {
				e := newEntry(c.ID, "Xəyalə", fmt.Sprintf("Qəmbərova %d", j), 9)
				e.CreatedAt = time.Now().Add(time.Duration(j) * time.Second)
				entity, v = syncproto.EntityEntry, e
			} else {
				tid := tr2.ID
				if j < benchEntries+benchRoster {
					tid = tr.ID // a roster read below grows
				}
				v = &alliance.Participant{TrainingID: tid, FullName: fmt.Sprintf("Nərminə Bayramova %d", j),
					Gender: alliance.Female, BirthYear: 2013, Role: alliance.RoleChild}
			}
			fields, err := syncproto.Fields(v)
			if err != nil {
				b.Fatal(err)
			}
			p.Records = append(p.Records, syncproto.Record{Seq: int64(j + 1), Entity: entity, ID: alliance.NewID(),
				Fields: fields, Stamps: syncproto.Stamps{syncproto.BaseStamp: h.String()}})
		}
		pages = append(pages, p)
	}
	st := sqlite.NewSyncStore(db)
	start = time.Now()
	for _, p := range pages {
		if err := st.ApplyPull(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	t.pull = time.Since(start)

	start = time.Now()
	for range 20 {
		if ps, err := ts.FindParticipants(ctx, tr.ID); err != nil || len(ps) != benchSaves+benchRoster {
			b.Fatalf("roster: %d, %v", len(ps), err)
		}
	}
	t.roster = time.Since(start) / 20
	cs := sqlite.NewContestService(db)
	start = time.Now()
	for range 10 {
		if es, err := cs.FindEntries(ctx, alliance.EntryFilter{ContestID: c.ID}); err != nil || len(es) != benchEntries {
			b.Fatalf("gallery: %d, %v", len(es), err)
		}
	}
	t.gallery = time.Since(start) / 10
	return t
}

// BenchmarkSealed does the same children's work on a laptop whose data is
// sealed and on one whose data is not, alternately three times, and
// reports the best time of each and their ratio (target: sealed at most
// 1.15 × clear).
func BenchmarkSealed(b *testing.B) {
	for range b.N {
		var clear, sealed sealedTimes
		best := func(have *sealedTimes, t sealedTimes) {
			benchdata.KeepMin(&have.save, t.save)
			benchdata.KeepMin(&have.roster, t.roster)
			benchdata.KeepMin(&have.gallery, t.gallery)
			benchdata.KeepMin(&have.pull, t.pull)
		}
		for range 3 {
			best(&clear, sealedWork(b, false))
			best(&sealed, sealedWork(b, true))
		}
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		b.ReportMetric(ms(clear.save)/benchSaves, "save_ms/participant")
		b.ReportMetric(ms(sealed.save)/benchSaves, "sealed_save_ms/participant")
		b.ReportMetric(ms(clear.roster), "roster_1300_ms")
		b.ReportMetric(ms(sealed.roster), "sealed_roster_1300_ms")
		b.ReportMetric(ms(clear.gallery), "gallery_2000_ms")
		b.ReportMetric(ms(sealed.gallery), "sealed_gallery_2000_ms")
		b.ReportMetric(benchPulled/clear.pull.Seconds(), "pull_records/s")
		b.ReportMetric(benchPulled/sealed.pull.Seconds(), "sealed_pull_records/s")
		b.ReportMetric(sealed.save.Seconds()/clear.save.Seconds(), "save_sealed/clear")
		b.ReportMetric(sealed.roster.Seconds()/clear.roster.Seconds(), "roster_sealed/clear")
		b.ReportMetric(sealed.gallery.Seconds()/clear.gallery.Seconds(), "gallery_sealed/clear")
		b.ReportMetric(sealed.pull.Seconds()/clear.pull.Seconds(), "pull_sealed/clear")
	}
}
