package syncclient_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// carry writes l's bundle (with files when withFiles), has the server
// import it and returns the bundle and the reply's bytes.
func carry(t *testing.T, srv *server, l *fileLaptop, withFiles bool) (out, reply []byte, res *syncserver.ImportResult) {
	t.Helper()
	var b bytes.Buffer
	var err error
	if withFiles {
		_, err = l.syncer.WriteBundle(context.Background(), &b, l.files)
	} else {
		_, err = l.syncer.WriteBundle(context.Background(), &b, nil)
	}
	if err != nil {
		t.Fatalf("%s: write a bundle: %v", l.name, err)
	}
	var r bytes.Buffer
	res, err = srv.store.ImportBundle(context.Background(), bytes.NewReader(b.Bytes()), &r)
	if err != nil {
		t.Fatalf("import %s's bundle: %v", l.name, err)
	}
	return b.Bytes(), r.Bytes(), res
}

// audited is how many changes the server applied to record id.
func audited(t *testing.T, srv *server, id string) int {
	t.Helper()
	es, err := srv.store.Audit(context.Background(), syncserver.AuditFilter{RecordID: id, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestBundles: a member laptop that never goes online sends its work and
// its child's drawing by file and gets the contest back by file; the end
// state is what an online sync gives. A bundle imported twice, a reply
// lost (the next bundle carries the same changes again), a bundle older
// than an online sync, a tampered bundle, a reply for another laptop and a
// bundle from a revoked laptop change nothing and say why.
func TestBundles(t *testing.T) {
	ctx := context.Background()
	w := newContestWorld(t, nil)
	m := w.member
	// The member's laptop was enrolled online (codes are spent online),
	// then goes where there is no connection.
	a1 := m.add("Qusarda məktəb görüşü")
	art := m.randomFile(t, 200<<10)
	yes := true
	e := &alliance.Entry{ContestID: w.contest.ID, FirstName: "Xəyalə", LastName: "Qəmbərova", Age: 12, Gender: alliance.Female,
		RegionID: "guba-khachmaz", Category: alliance.CatFilm, Title: "Dağlar", Files: []alliance.FileRef{art},
		Consent: alliance.Consent{GuardianName: "Səbinə", Relation: alliance.RelMother, Date: alliance.Today(), Publication: &yes}}
	cs := sqlite.NewContestService(m.db)
	if err := cs.CreateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := cs.SubmitEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	// Meanwhile the secretariat announces a contest the member should get.
	today := alliance.Today()
	c2 := &alliance.Contest{Title: "Payız rəsmləri", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 7, Max: 17}}, Opens: today, Closes: today.AddDays(30), JudgingEnds: today.AddDays(40),
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}, Jury: []alliance.Juror{{Name: "Aynur"}}}
	if err := sqlite.NewContestService(w.sec.db).CreateContest(ctx, c2); err != nil {
		t.Fatal(err)
	}
	w.sec.sync()

	out1, reply1, res := carry(t, w.srv, m, true)
	if res.Files != 1 || res.Acked == 0 || res.PushError != "" {
		t.Fatalf("first import: %+v", res)
	}
	if n := audited(t, w.srv, a1.ID); n != 1 {
		t.Fatalf("the activity applied %d times", n)
	}
	// Imported again (a second copy of the file handed in): nothing more.
	if _, err := w.srv.store.ImportBundle(ctx, bytes.NewReader(out1), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if n := audited(t, w.srv, a1.ID); n != 1 {
		t.Fatalf("a bundle imported twice applied the activity %d times", n)
	}

	// The first reply is lost on the way back; the laptop works on and
	// sends a new bundle, which carries the first one's changes again.
	a2 := m.add("Valideynlərlə görüş")
	_, reply2, res2 := carry(t, w.srv, m, true)
	if res2.PushError != "" {
		t.Fatalf("second import: %+v", res2)
	}
	if audited(t, w.srv, a1.ID) != 1 || audited(t, w.srv, a2.ID) != 1 {
		t.Fatal("a change applied twice, or not at all")
	}
	info, err := m.syncer.ReadReply(ctx, bytes.NewReader(reply2), m.files)
	if err != nil {
		t.Fatal(err)
	}
	if info.Stale || info.Records == 0 {
		t.Fatalf("reply: %+v", info)
	}
	if m.pending() != 0 {
		t.Fatalf("%d changes still wait after the reply", m.pending())
	}
	if got, err := cs.FindContestByID(ctx, c2.ID); err != nil || got.Title != "Payız rəsmləri" {
		t.Fatalf("the secretariat's contest did not come with the reply: %v", err)
	}
	if got := m.state(t, art.Hash, true); got.State != alliance.TransferDone {
		t.Fatalf("the drawing's upload after the reply: %+v", got)
	}
	// The lost reply turns up after all: older than where the laptop is.
	info, err = m.syncer.ReadReply(ctx, bytes.NewReader(reply1), m.files)
	if err != nil || !info.Stale || info.Records != 0 {
		t.Fatalf("an older reply: %+v, %v", info, err)
	}
	// The same state as an online sync: a laptop of the same organisation
	// syncing online sees what the member sees.
	twin := newLaptop(t, "twin")
	twin.enroll(w.srv, w.orgA)
	twin.sync()
	if twin.titles() != m.titles() {
		t.Fatalf("by file %q, online %q", m.titles(), twin.titles())
	}
	if w.sec.sync(); w.sec.get(a2.ID) == nil {
		t.Fatal("the secretariat does not see the member's work")
	}

	// A bundle older than an online sync: written, then the laptop found a
	// connection and synced; the bundle handed in later changes nothing.
	a3 := m.add("Yay düşərgəsi")
	var late bytes.Buffer
	if _, err := m.syncer.WriteBundle(ctx, &late, nil); err != nil {
		t.Fatal(err)
	}
	m.sync()
	var lateReply bytes.Buffer
	if _, err := w.srv.store.ImportBundle(ctx, bytes.NewReader(late.Bytes()), &lateReply); err != nil {
		t.Fatal(err)
	}
	if n := audited(t, w.srv, a3.ID); n != 1 {
		t.Fatalf("the late bundle applied its change again (%d)", n)
	}
	if info, err := m.syncer.ReadReply(ctx, bytes.NewReader(lateReply.Bytes()), m.files); err != nil || !info.Stale {
		t.Fatalf("the late bundle's reply: %+v, %v", info, err)
	}

	// Tampered on the way: refused, nothing applied.
	a4 := m.add("Dəyişdirilmiş")
	var b4 bytes.Buffer
	if _, err := m.syncer.WriteBundle(ctx, &b4, nil); err != nil {
		t.Fatal(err)
	}
	bad := append([]byte{}, b4.Bytes()...)
	bad[len(bad)-40] ^= 0x20
	if _, err := w.srv.store.ImportBundle(ctx, bytes.NewReader(bad), &bytes.Buffer{}); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a tampered bundle: %v", err)
	}
	if _, err := w.srv.store.ImportBundle(ctx, bytes.NewReader(bad[:len(bad)/2]), &bytes.Buffer{}); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a bundle cut short: %v", err)
	}
	if audited(t, w.srv, a4.ID) != 0 {
		t.Fatal("a tampered bundle applied a change")
	}
	// Another laptop's reply: refused.
	var r4 bytes.Buffer
	if _, err := w.srv.store.ImportBundle(ctx, bytes.NewReader(b4.Bytes()), &r4); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sec.syncer.ReadReply(ctx, bytes.NewReader(r4.Bytes()), w.sec.files); err == nil {
		t.Fatal("the secretariat's laptop took the member's reply")
	}

	// The secretariat's laptop asks for the drawing by file too.
	w.sec.tr.Fetch(art)
	_, secReply, _ := carry(t, w.srv, w.sec, true)
	if info, err := w.sec.syncer.ReadReply(ctx, bytes.NewReader(secReply), w.sec.files); err != nil || info.Files != 1 || !w.sec.files.Has(art.Hash) {
		t.Fatalf("the secretariat's files by file: %+v, %v", info, err)
	}

	// Revoked: its bundle applies nothing.
	a5 := m.add("Ləğv edilmiş noutbukdan")
	var b5 bytes.Buffer
	if _, err := m.syncer.WriteBundle(ctx, &b5, nil); err != nil {
		t.Fatal(err)
	}
	e2, _ := m.store.Enrolment(ctx)
	if err := w.srv.store.Revoke(ctx, e2.DeviceID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.srv.store.ImportBundle(ctx, bytes.NewReader(b5.Bytes()), &bytes.Buffer{}); alliance.ErrorCode(err) != alliance.EREVOKED {
		t.Fatalf("a revoked laptop's bundle: %v", err)
	}
	if audited(t, w.srv, a5.ID) != 0 {
		t.Fatal("a revoked laptop's bundle applied a change")
	}

	// Revoked as lost, and reachable only by file: its bundle applies
	// nothing, and the reply tells it to erase the children's data.
	lost := newLaptop(t, "lost")
	lost.enroll(w.srv, w.orgA)
	erased := 0
	lost.syncer.OnErase(func(context.Context) error { erased++; return nil })
	a6 := lost.add("Dağ kəndində")
	var b6 bytes.Buffer
	if _, err := lost.syncer.WriteBundle(ctx, &b6, nil); err != nil {
		t.Fatal(err)
	}
	e6, _ := lost.store.Enrolment(ctx)
	if err := w.srv.store.RevokeLost(ctx, e6.DeviceID); err != nil {
		t.Fatal(err)
	}
	var r6 bytes.Buffer
	res6, err := w.srv.store.ImportBundle(ctx, bytes.NewReader(b6.Bytes()), &r6)
	if err != nil || !res6.Erased || audited(t, w.srv, a6.ID) != 0 {
		t.Fatalf("a lost laptop's bundle: %+v, %v", res6, err)
	}
	if _, err := lost.syncer.ReadReply(ctx, bytes.NewReader(r6.Bytes()), nil); alliance.ErrorCode(err) != alliance.EREVOKED || erased != 1 {
		t.Fatalf("the lost laptop's reply: %v, erased %d times", err, erased)
	}
}

// TestRelay: a colleague travelling to Baku carries three laptops'
// bundles; when her laptop syncs (its own changes too) it hands them in
// and brings the replies back; each laptop takes its own and is then where
// an online sync leaves it. A bundle from a revoked laptop comes back
// refused, with why.
func TestRelay(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	orgB := srv.org("Naxçıvan QHT", "nakhchivan", false)
	relay := newLaptop(t, "relay")
	relay.enroll(srv, orgA)
	var far []*laptop
	for i, org := range []string{orgA, orgB, orgB, orgA} {
		l := newLaptop(t, fmt.Sprintf("far-%d", i))
		l.enroll(srv, org)
		far = append(far, l)
	}
	r := syncclient.NewRelay(filepath.Join(relay.dir, "relay"), relay.syncer)
	for i, l := range far {
		l.add(fmt.Sprintf("Kənd görüşü %d", i))
		l.add(fmt.Sprintf("Məktəbdə dərs %d", i))
		var b bytes.Buffer
		if _, err := l.syncer.WriteBundle(ctx, &b, nil); err != nil {
			t.Fatal(err)
		}
		if err := r.Carry(l.name+".alliance-bundle", &b); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Carry("photo.jpg", strings.NewReader("\xff\xd8 not a bundle")); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a file that is not a bundle: %v", err)
	}
	// The last one's laptop was revoked meanwhile.
	lost, _ := far[3].store.Enrolment(ctx)
	if err := srv.store.Revoke(ctx, lost.DeviceID); err != nil {
		t.Fatal(err)
	}
	relay.add("Bakıda iclas")
	relay.sync()
	n, err := r.Pass(ctx)
	if err != nil || n != 3 {
		t.Fatalf("handed %d, %v", n, err)
	}
	relay.sync() // the next round brings what the bundles carried
	out, replies, refused := r.Carried()
	if len(out) != 0 || len(replies) != 3 || len(refused) != 1 || refused["far-3"] == "" {
		t.Fatalf("after the pass: out %v, replies %v, refused %v", out, replies, refused)
	}
	for _, l := range far[:3] {
		var b bytes.Buffer
		if err := r.CopyReply(l.name+".alliance-reply", &b); err != nil {
			t.Fatal(err)
		}
		if err := r.DropReply(l.name + ".alliance-reply"); err != nil {
			t.Fatal(err)
		}
		if _, err := l.syncer.ReadReply(ctx, &b, nil); err != nil {
			t.Fatalf("%s: %v", l.name, err)
		}
		if l.pending() != 0 {
			t.Fatalf("%s: %d changes wait", l.name, l.pending())
		}
	}
	// Every replica of an organisation holds the same: compared with a
	// laptop of each that syncs online.
	for _, org := range []string{orgA, orgB} {
		twin := newLaptop(t, "twin")
		twin.enroll(srv, org)
		twin.sync()
		for _, l := range append([]*laptop{relay}, far[:3]...) {
			if e, _ := l.store.Enrolment(ctx); e.OrgID == org && l.titles() != twin.titles() {
				t.Errorf("%s holds %q, online %q", l.name, l.titles(), twin.titles())
			}
		}
	}
	if _, replies, _ := r.Carried(); len(replies) != 0 {
		t.Fatalf("replies given back are still kept: %v", replies)
	}
}

// TestBundles_ReplyInParts: a laptop with more to pull than one reply
// carries gets it over several exchanges, each said — and sees none of it
// until the last (the pages are kept aside) — and ends where an online
// sync would.
func TestBundles_ReplyInParts(t *testing.T) {
	ctx := context.Background()
	was, wasStreamed := syncserver.MaxReplyRecords, syncserver.MaxStreamedReplyRecords
	syncserver.MaxReplyRecords, syncserver.MaxStreamedReplyRecords = 3, 3
	t.Cleanup(func() { syncserver.MaxReplyRecords, syncserver.MaxStreamedReplyRecords = was, wasStreamed })
	srv := startServer(t)
	org := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	online := newLaptop(t, "online")
	online.enroll(srv, org)
	for i := range 5 {
		online.add(fmt.Sprintf("Görüş %d", i))
	}
	online.sync()
	far := newLaptop(t, "far")
	far.enroll(srv, org)
	for round := 0; ; round++ {
		var b, r bytes.Buffer
		if _, err := far.syncer.WriteBundle(ctx, &b, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.store.ImportBundle(ctx, &b, &r); err != nil {
			t.Fatal(err)
		}
		info, err := far.syncer.ReadReply(ctx, &r, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !info.More {
			if round == 0 {
				t.Fatal("one reply carried more than its limit")
			}
			break
		}
		if got := far.titles(); got != "" {
			t.Fatalf("part of a pull shows before its end: %q", got)
		}
		if round > 10 {
			t.Fatal("the replies never end")
		}
	}
	if far.titles() != online.titles() {
		t.Fatalf("by file %q, online %q", far.titles(), online.titles())
	}
}
