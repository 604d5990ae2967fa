package syncserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// The server trusts no laptop: what a member's laptop may not write is set
// aside with a forbidden reason, nothing of it applied, and the queue goes
// on; the secretariat's laptop may.

func TestPush_JuryWorkIsTheSecretariats(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	scoreID, score := validScore(w.orgA, b.contest, b.entry, "j1")
	score.Marks["idea"] = 10
	f := fieldsOf(t, score)
	aside := b.memA.mustPush(
		b.memA.change(syncproto.EntityScore, scoreID, w.orgA, f, nil),
		b.memA.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"state": raw("winner"), "rank": raw(1)},
			map[string]string{"state": "", "rank": ""}),
		b.memA.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"state": raw("shortlisted")}, map[string]string{"state": ""}),
		b.memA.change(syncproto.EntityContest, b.contest, w.orgS, map[string]json.RawMessage{"published": raw(true)}, map[string]string{"published": ""}),
		b.memA.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil),
	)
	for seq := int64(1); seq <= 4; seq++ {
		if !strings.HasPrefix(aside[b.memA.seq-5+seq], alliance.EFORBIDDEN) {
			t.Errorf("change %d of the jury's work was not refused: %q", seq, aside[b.memA.seq-5+seq])
		}
	}
	if len(aside) != 4 {
		t.Fatalf("the member's own activity was refused too, or more: %v", aside)
	}
	if r := b.sec.record(syncproto.EntityScore, scoreID); r != nil {
		t.Fatalf("a member's score reached the server: %s", r.Fields)
	}
	e := b.sec.record(syncproto.EntityEntry, b.entry)
	if string(e.Fields["state"]) != `"submitted"` || e.Fields["rank"] != nil {
		t.Fatalf("a member moved its entry: state %s rank %s", e.Fields["state"], e.Fields["rank"])
	}

	// The secretariat's laptop does the same, and it takes.
	sid, sc := validScore(w.orgS, b.contest, b.entry, "j1")
	if aside := b.sec.mustPush(
		b.sec.change(syncproto.EntityScore, sid, w.orgS, fieldsOf(t, sc), nil),
		b.sec.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"state": raw("winner"), "rank": raw(1)},
			map[string]string{"state": "", "rank": ""}),
	); len(aside) > 0 {
		t.Fatalf("the secretariat's jury work was refused: %v", aside)
	}
	// A score under another id, or of a judge not on the jury, is not a score.
	bad, sc2 := validScore(w.orgS, b.contest, b.entry, "j9")
	other := alliance.NewID()
	_, sc3 := validScore(w.orgS, b.contest, b.entry, "j1")
	aside = b.sec.mustPush(b.sec.change(syncproto.EntityScore, bad, w.orgS, fieldsOf(t, sc2), nil),
		b.sec.change(syncproto.EntityScore, other, w.orgS, fieldsOf(t, sc3), nil))
	if len(aside) != 2 {
		t.Fatalf("a score of a judge not on the jury, or under a made-up id, was taken: %v", aside)
	}
}

func TestPush_EntryStatesOfAMember(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	a := b.memA
	draft := alliance.NewID()
	e := validEntry(w.orgA, b.contest, alliance.StateDraft)
	submitted := alliance.NewID()
	for _, tc := range []struct {
		name   string
		change syncproto.Change
		refuse bool
	}{
		{"draft", a.change(syncproto.EntityEntry, draft, w.orgA, fieldsOf(t, e), nil), false},
		{"submit", a.change(syncproto.EntityEntry, submitted, w.orgA, fieldsOf(t, validEntry(w.orgA, b.contest, alliance.StateSubmitted)), nil), false},
		{"back to draft", a.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"state": raw("draft")}, map[string]string{"state": ""}), true},
		{"delete submitted", a.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"deleted": raw(true)}, map[string]string{"deleted": ""}), true},
		{"correct submitted", a.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"last_name": raw("Məmmədli"), "version": raw(2)},
			map[string]string{"last_name": "", "version": ""}), false},
		{"delete draft", a.change(syncproto.EntityEntry, draft, w.orgA, map[string]json.RawMessage{"deleted": raw(true)}, map[string]string{"deleted": ""}), false},
		{"created as a winner", a.change(syncproto.EntityEntry, alliance.NewID(), w.orgA, fieldsOf(t, validEntry(w.orgA, b.contest, alliance.StateWinner)), nil), true},
		{"moved to another contest", a.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"contest_id": raw(alliance.NewID())},
			map[string]string{"contest_id": ""}), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aside := a.mustPush(tc.change)
			if got := strings.HasPrefix(aside[tc.change.Seq], alliance.EFORBIDDEN); got != tc.refuse {
				t.Fatalf("refused %v, want %v: %v", got, tc.refuse, aside)
			}
		})
	}
}

func TestPush_OtherOrganisationsRecords(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	for _, c := range []syncproto.Change{
		b.memB.change(syncproto.EntityTraining, b.training, w.orgA, map[string]json.RawMessage{"title": raw("Mine")}, map[string]string{"title": ""}),
		// Naming its own organisation does not make another's record its own.
		b.memB.change(syncproto.EntityTraining, b.training, w.orgB, map[string]json.RawMessage{"title": raw("Mine")}, map[string]string{"title": ""}),
		b.memB.change(syncproto.EntityParticipant, b.participant, w.orgA, map[string]json.RawMessage{"full_name": raw("X")}, map[string]string{"full_name": ""}),
		b.memB.change(syncproto.EntityCertificate, b.cert, w.orgA, map[string]json.RawMessage{"revoked": raw(true)}, map[string]string{"revoked": ""}),
		b.memB.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"title": raw("X")}, map[string]string{"title": ""}),
		b.memB.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil),
	} {
		if aside := b.memB.mustPush(c); !strings.HasPrefix(aside[c.Seq], alliance.EFORBIDDEN) {
			t.Errorf("%s %s of another organisation: %v", c.Entity, c.Op, aside)
		}
	}
	if tr := b.sec.record(syncproto.EntityTraining, b.training); string(tr.Fields["title"]) == `"Mine"` {
		t.Fatal("another organisation renamed the training")
	}
}

func TestPush_SetAsideSendsTheServersStateBack(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	recs := b.memA.pull(0)
	last := int64(0)
	for _, r := range recs {
		last = max(last, r.Seq)
	}
	c := b.memA.change(syncproto.EntityEntry, b.entry, w.orgA, map[string]json.RawMessage{"rank": raw(1)}, map[string]string{"rank": ""})
	if aside := b.memA.mustPush(c); len(aside) != 1 {
		t.Fatalf("%v", aside)
	}
	back := b.memA.pull(last)
	if len(back) != 1 || back[0].ID != b.entry || back[0].Fields["rank"] != nil {
		t.Fatalf("the refused laptop did not get the entry back as the server holds it: %+v", back)
	}
}

// Certificates: serials unique across the alliance, numbered by the
// laptop that sends them, and the organisation on the check page is the
// server's.
func TestPush_CertificateSerials(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	a2 := w.enrol(w.orgA) // a second laptop of A
	cert := func(by *actor, org, serial string) syncproto.Change {
		return by.change(syncproto.EntityCertificate, alliance.NewID(), org,
			fieldsOf(t, validCertificate(org, b.training, b.participant, serial)), nil)
	}
	trainingB := alliance.NewID()
	partB := alliance.NewID()
	b.memB.mustPush(b.memB.change(syncproto.EntityTraining, trainingB, w.orgB, fieldsOf(t, validTraining(w.orgB)), nil),
		b.memB.change(syncproto.EntityParticipant, partB, w.orgB, fieldsOf(t, validParticipant(w.orgB, trainingB)), nil))
	certB := func(serial string) syncproto.Change {
		return b.memB.change(syncproto.EntityCertificate, alliance.NewID(), w.orgB,
			fieldsOf(t, validCertificate(w.orgB, trainingB, partB, serial)), nil)
	}
	for _, tc := range []struct {
		name   string
		by     *actor
		change syncproto.Change
		code   string
	}{
		{"another organisation's serial", b.memB, certB(b.serial), alliance.EFORBIDDEN},
		{"squatting A's next serial", b.memB, certB(b.memA.serial(w.orgA, 2)), alliance.EFORBIDDEN},
		{"the same laptop's serial twice", b.memA, cert(b.memA, w.orgA, b.serial), alliance.ECONFLICT},
		{"another laptop of the organisation", a2, cert(a2, w.orgA, b.memA.serial(w.orgA, 3)), alliance.EFORBIDDEN},
		{"not a serial", b.memA, cert(b.memA, w.orgA, "NOT-A-SERIAL"), alliance.EINVALID},
		{"a serial that changes", b.memA, b.memA.change(syncproto.EntityCertificate, b.cert, w.orgA,
			map[string]json.RawMessage{"serial": raw(b.memA.serial(w.orgA, 9))}, map[string]string{"serial": ""}), alliance.EFORBIDDEN},
		{"its own next serial", b.memA, cert(b.memA, w.orgA, b.memA.serial(w.orgA, 2)), ""},
		{"printed before enrolment", a2, cert(a2, w.orgA, a2.serial("", 1)), ""},
		{"its own organisation, its own number", b.memB, certB(b.memB.serial(w.orgB, 1)), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aside := tc.by.mustPush(tc.change)
			got := strings.SplitN(aside[tc.change.Seq], ":", 2)[0]
			if got != tc.code {
				t.Fatalf("set aside as %q, want %q: %v", got, tc.code, aside)
			}
		})
	}
	// The secretariat pulls every certificate: no two share a serial.
	seen := map[string]bool{}
	for _, r := range b.sec.pull(0) {
		if r.Entity == syncproto.EntityCertificate {
			var c alliance.Certificate
			_ = syncproto.Decode(r.Fields, &c)
			if seen[c.Serial] {
				t.Fatalf("two certificates with serial %s reach the secretariat", c.Serial)
			}
			seen[c.Serial] = true
		}
	}
}

// The sequence: a push continues the device's sequence, a change sent
// again must be the same change; nothing else is acknowledged.
func TestPush_Sequence(t *testing.T) {
	w := newWorld(t)
	a := w.enrol(w.orgA)
	act := func() map[string]json.RawMessage { return syncproto.ActivityFields(validActivity(w.orgA)) }
	one := a.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, act(), nil)
	two := a.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, act(), nil)
	a.mustPush(one, two)
	a.mustPush(one, two) // the answer was lost: the same changes again

	gap := one
	gap.Seq, gap.ID = 5, alliance.NewID()
	if st, _, eb := a.push(gap); st != 409 || eb.Code != alliance.ESEQUENCE || eb.Expected != 3 {
		t.Fatalf("a gap: %d %+v", st, eb)
	}
	for _, seq := range []int64{1 << 62, -1, 0} {
		c := one
		c.Seq = seq
		if st, _, eb := a.push(c); st != 400 || eb.Code != alliance.EPROTOCOL {
			t.Fatalf("seq %d: %d %+v", seq, st, eb)
		}
	}
	holes := []syncproto.Change{a.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, act(), nil), gap}
	if st, _, eb := a.push(holes...); st != 400 {
		t.Fatalf("a gap inside a push: %d %+v", st, eb)
	}
	// The same seq with other content: this laptop is a copy.
	copied := two
	copied.Fields = act()
	copied.Fields["title"] = raw("made on the copy")
	if st, _, eb := a.push(copied); st != 409 || eb.Code != alliance.ECLONED {
		t.Fatalf("a reused seq: %d %+v", st, eb)
	}
	// The laptop declares the changes it set aside itself.
	var resp syncproto.PushResponse
	gap.Seq = 6
	if st, eb := a.call("POST", syncproto.PathPush, syncproto.PushRequest{Protocol: syncproto.Version, Changes: []syncproto.Change{gap},
		SkipTo: 5}, &resp); st != 200 || resp.AckedUpTo != 6 {
		t.Fatalf("a declared gap: %d %+v %+v", st, eb, resp)
	}
	if st, eb := a.call("POST", syncproto.PathPush, syncproto.PushRequest{Protocol: syncproto.Version, SkipTo: 1 << 40}, &resp); st != 400 {
		t.Fatalf("an absurd skip: %d %+v", st, eb)
	}
	n, _ := w.store.CountRecords(t.Context(), syncproto.EntityActivity)
	if n != 3 {
		t.Fatalf("%d activities, want 3: only what was acknowledged", n)
	}
}

// Enrolment never moves a device: each one makes a new identity.
func TestEnroll_NewIdentityEveryTime(t *testing.T) {
	w := newWorld(t)
	sec := w.enrol(w.orgS)
	a := w.enrol(w.orgA)
	if a.id == sec.id {
		t.Fatal("two enrolments, one device")
	}
	// A copy of the secretariat's laptop asks for its node with B's code.
	code, _, _ := w.store.Invite(t.Context(), w.orgB, 0)
	var resp syncproto.EnrollResponse
	anon := &actor{w: w}
	if st, eb := anon.call("POST", syncproto.PathEnroll, syncproto.EnrollRequest{Protocol: syncproto.Version, Code: code,
		Node: sec.node, NextSeq: 1}, &resp); st != 200 {
		t.Fatalf("%d %+v", st, eb)
	}
	if resp.DeviceID == sec.id || resp.Node == sec.node || resp.OrgID != w.orgB {
		t.Fatalf("the new device took over the secretariat's: %+v", resp)
	}
	// The secretariat's laptop still works, as the secretariat.
	if st, _, eb := sec.push(sec.change(syncproto.EntityContest, alliance.NewID(), w.orgS, fieldsOf(t, validContest(w.orgS)), nil)); st != 200 {
		t.Fatalf("%d %+v", st, eb)
	}
}

// Conflicts go to the device that wrote the losing value, whatever clock
// node a change names.
func TestPush_ConflictsByDevice(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	a2 := w.enrol(w.orgA)
	id := alliance.NewID()
	created := b.memA.change(syncproto.EntityActivity, id, w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil)
	b.memA.mustPush(created)
	// a2 writes the title with a stamp that names memA's node…
	forged := a2.change(syncproto.EntityActivity, id, w.orgA, map[string]json.RawMessage{"title": raw("a2's title")},
		map[string]string{"title": created.HLC})
	forged.HLC = syncproto.HLC{Wall: a2.wall + 10, Node: b.memA.node}.String()
	a2.mustPush(forged)
	// …then overwrites it without having seen it: a conflict for a2.
	a2.wall += 20
	again := a2.change(syncproto.EntityActivity, id, w.orgA, map[string]json.RawMessage{"title": raw("a2 again")},
		map[string]string{"title": created.HLC})
	a2.mustPush(again)
	conflicts := func(x *actor) int {
		var resp syncproto.PullResponse
		x.call("POST", syncproto.PathPull, syncproto.PullRequest{Protocol: syncproto.Version}, &resp)
		return len(resp.Conflicts)
	}
	if n := conflicts(b.memA); n != 0 {
		t.Fatalf("memA received %d conflicts of values it never wrote", n)
	}
	if n := conflicts(a2); n != 0 {
		t.Fatalf("a2 conflicts with its own earlier value: %d", n)
	}
	// memA, which never saw a2's title, writes it: a2's value loses, and
	// the conflict is a2's to review.
	b.memA.wall = a2.wall + 100
	b.memA.mustPush(b.memA.change(syncproto.EntityActivity, id, w.orgA, map[string]json.RawMessage{"title": raw("memA's")},
		map[string]string{"title": created.HLC}))
	if n, m := conflicts(a2), conflicts(b.memA); n != 1 || m != 0 {
		t.Fatalf("the lost value went to a2 %d times, to memA %d times; want 1 and 0", n, m)
	}
}

// Date pairs win or lose together.
func TestPush_DatePairTogether(t *testing.T) {
	w := newWorld(t)
	a := w.enrol(w.orgA)
	a2 := w.enrol(w.orgA)
	id := alliance.NewID()
	created := a.change(syncproto.EntityActivity, id, w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil)
	a.mustPush(created)
	base := map[string]string{alliance.FieldStart: created.HLC, alliance.FieldEnd: created.HLC}
	// a2 moves the activity to March (later stamp); a moves only its start
	// to February 1 with an older stamp, sent after.
	a2.wall = a.wall + 1000
	late := a2.change(syncproto.EntityActivity, id, w.orgA, map[string]json.RawMessage{
		alliance.FieldStart: raw("2025-03-01"), alliance.FieldEnd: raw("2025-03-02")}, base)
	early := a.change(syncproto.EntityActivity, id, w.orgA, map[string]json.RawMessage{
		alliance.FieldStart: raw("2025-02-01"), alliance.FieldEnd: raw("2025-01-03")}, base)
	a2.mustPush(late)
	a.mustPush(early)
	r := a.record(syncproto.EntityActivity, id)
	if got := string(r.Fields[alliance.FieldStart]) + string(r.Fields[alliance.FieldEnd]); got != `"2025-03-01""2025-03-02"` {
		t.Fatalf("the dates kept are %s: not one laptop's pair", got)
	}
}

// TestPush_CRCArticles: a laptop's articles of the Convention are kept when
// they are the Convention's; one that is not, or one twice, is set aside
// as invalid and the activity stays as it was.
func TestPush_CRCArticles(t *testing.T) {
	w := newWorld(t)
	a := w.enrol(w.orgA)
	id := alliance.NewID()
	act := validActivity(w.orgA)
	act.CRC = []alliance.Article{"19", "24.3"}
	created := a.change(syncproto.EntityActivity, id, w.orgA, syncproto.ActivityFields(act), nil)
	if aside := a.mustPush(created); len(aside) > 0 {
		t.Fatalf("valid articles set aside: %v", aside)
	}
	for _, bad := range []string{`["99"]`, `["19","19"]`, `"19"`, `[19]`, `["<script>"]`} {
		c := a.change(syncproto.EntityActivity, id, w.orgA, map[string]json.RawMessage{alliance.FieldCRC: json.RawMessage(bad)},
			map[string]string{alliance.FieldCRC: created.HLC})
		aside := a.mustPush(c)
		if !strings.HasPrefix(aside[c.Seq], alliance.EINVALID+":") {
			t.Errorf("%s: set aside as %q", bad, aside[c.Seq])
		}
	}
	if got := string(a.record(syncproto.EntityActivity, id).Fields[alliance.FieldCRC]); got != `["19","24.3"]` {
		t.Fatalf("articles now %s", got)
	}
}

// TestPush_InvalidChangeLeavesRecord: a change that breaks the record's
// rules once merged (a negative count, an unknown region, an end before
// the start) is set aside, and the record the server keeps and gives every
// laptop is the one before it — the merge once wrote into the stored
// state, so an invalid value set aside still reached the record.
func TestPush_InvalidChangeLeavesRecord(t *testing.T) {
	w := newWorld(t)
	a := w.enrol(w.orgA)
	id := alliance.NewID()
	created := a.change(syncproto.EntityActivity, id, w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil)
	a.mustPush(created)
	other := w.enrol(w.orgA)
	before := other.record(syncproto.EntityActivity, id)
	for _, bad := range []map[string]json.RawMessage{
		{alliance.FieldGirls: raw(-5)},
		{alliance.FieldRegion: raw("atlantis")},
		{alliance.FieldEnd: raw("2000-01-01")},
		{alliance.FieldTitle: raw(""), alliance.FieldGirls: raw(7)},
	} {
		base := map[string]string{}
		for f := range bad {
			base[f] = created.HLC
		}
		c := a.change(syncproto.EntityActivity, id, w.orgA, bad, base)
		if aside := a.mustPush(c); !strings.HasPrefix(aside[c.Seq], alliance.EINVALID+":") {
			t.Fatalf("%s: set aside as %q", bad, aside[c.Seq])
		}
	}
	for _, by := range []*actor{a, other, w.enrol(w.orgA)} {
		got := by.record(syncproto.EntityActivity, id)
		if got == nil {
			t.Fatal("the record is not given")
		}
		for f, v := range before.Fields {
			if string(got.Fields[f]) != string(v) {
				t.Errorf("%s is %s after invalid changes, was %s", f, got.Fields[f], v)
			}
		}
	}
}
