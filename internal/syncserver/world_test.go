package syncserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// world is a real server on 127.0.0.1:0 over a real store in a temp
// folder, with the secretariat and two member organisations.
type world struct {
	t                testing.TB
	dir              string
	store            *syncserver.Store
	run              *syncserver.Running
	url              string
	orgS, orgA, orgB string
	clock            int64 // the wall time every laptop's clock reads, in ms
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir()}
	s, err := syncserver.OpenStore(w.dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.store = s
	if w.run, err = syncserver.Start(s, "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	w.url = w.run.URL
	t.Cleanup(func() {
		if err := w.run.Stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
		_ = s.Close()
	})
	w.orgS = w.org("Katiblik", true)
	w.orgA = w.org("Şəki Uşaq Mərkəzi", false)
	w.orgB = w.org("Quba QHT", false)
	return w
}

func (w *world) org(name string, secretariat bool) string {
	w.t.Helper()
	o := &alliance.Organisation{Name: name, Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: secretariat}
	if err := w.store.AddOrganisation(context.Background(), o); err != nil {
		w.t.Fatal(err)
	}
	return o.ID
}

// actor is a laptop as the server sees it: a token, a node, a sequence
// and a clock. It speaks the wire protocol itself, so that a test can send
// whatever a broken or hostile laptop would.
type actor struct {
	w     *world
	id    string
	token string
	node  string
	org   string
	seq   int64
	wall  int64
}

var nodes = 0

// enrol makes a laptop of org.
func (w *world) enrol(org string) *actor {
	w.t.Helper()
	code, _, err := w.store.Invite(context.Background(), org, time.Hour)
	if err != nil {
		w.t.Fatal(err)
	}
	nodes++
	var resp syncproto.EnrollResponse
	a := &actor{w: w, org: org, wall: time.Now().UnixMilli()}
	if st, eb := a.call("POST", syncproto.PathEnroll, syncproto.EnrollRequest{Protocol: syncproto.Version, Code: code,
		Node: fmt.Sprintf("%08x", 0xa0000000+nodes), NextSeq: 1, Name: "t"}, &resp); st != 200 {
		w.t.Fatalf("enrol: %d %+v", st, eb)
	}
	a.id, a.token, a.node = resp.DeviceID, resp.Token, resp.Node
	return a
}

// call sends a JSON request (body may be raw []byte) and decodes the
// answer, which must be JSON: into out on success, else as an error body.
func (a *actor) call(method, path string, body, out any) (int, syncproto.ErrorBody) {
	a.w.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(body); err != nil {
			a.w.t.Fatal(err)
		}
	}
	status, got, ct := a.roundTrip(method, path, raw, nil)
	switch {
	case method == "HEAD":
		return status, syncproto.ErrorBody{}
	case !strings.HasPrefix(ct, "application/json"):
		a.w.t.Fatalf("%s %s: answer of type %q: %s", method, path, ct, got)
	case status >= 300:
		return status, a.w.errorBody(method+" "+path, status, got)
	case out != nil:
		if err := json.Unmarshal(got, out); err != nil {
			a.w.t.Fatalf("%s %s: %v: %s", method, path, err, got)
		}
	}
	return status, syncproto.ErrorBody{}
}

// roundTrip sends a request of the laptop (with its token, and headers)
// and returns the answer's status, body and type.
func (a *actor) roundTrip(method, path string, body []byte, headers map[string]string) (int, []byte, string) {
	a.w.t.Helper()
	req, err := http.NewRequest(method, a.w.url+path, bytes.NewReader(body))
	if err != nil {
		a.w.t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, got, resp.Header.Get("Content-Type")
}

// errorBody checks an error answer as every one must be — JSON with a
// code and a message, never a 500, never a server path or SQL text — and
// returns it.
func (w *world) errorBody(what string, status int, got []byte) syncproto.ErrorBody {
	w.t.Helper()
	var eb syncproto.ErrorBody
	if err := json.Unmarshal(got, &eb); err != nil || eb.Code == "" || eb.Message == "" {
		w.t.Fatalf("%s: error %d without a JSON code and message: %s", what, status, got)
	}
	if status >= 500 && status != 503 && status != 507 {
		w.t.Fatalf("%s: %d %s", what, status, got)
	}
	for _, leak := range []string{w.dir, "SELECT", "sqlite", "UNIQUE", "/tmp/"} {
		if strings.Contains(string(got), leak) {
			w.t.Fatalf("%s: the answer shows %q: %s", what, leak, got)
		}
	}
	return eb
}

// stamp is the laptop's next clock stamp: the laptops' clocks agree and
// move on with every change (a.wall moves a laptop's own clock past it).
func (a *actor) stamp() string {
	if a.w.clock == 0 {
		a.w.clock = time.Now().UnixMilli()
	}
	a.w.clock++
	a.wall = max(a.wall+1, a.w.clock)
	return syncproto.HLC{Wall: a.wall, Node: a.node}.String()
}

// change makes the laptop's next change of a record (its next seq).
func (a *actor) change(entity, id, org string, fields map[string]json.RawMessage, base map[string]string) syncproto.Change {
	a.seq++
	op := syncproto.OpUpdate
	if base == nil {
		op = syncproto.OpCreate
	}
	return syncproto.Change{Seq: a.seq, Entity: entity, ID: id, Org: org, Op: op, HLC: a.stamp(), Fields: fields, Base: base}
}

// push sends changes; the answer's status, body and error body.
func (a *actor) push(cs ...syncproto.Change) (int, syncproto.PushResponse, syncproto.ErrorBody) {
	a.w.t.Helper()
	var resp syncproto.PushResponse
	st, eb := a.call("POST", syncproto.PathPush, syncproto.PushRequest{Protocol: syncproto.Version, Changes: cs}, &resp)
	return st, resp, eb
}

// mustPush pushes and returns what was set aside, by seq: code.
func (a *actor) mustPush(cs ...syncproto.Change) map[int64]string {
	a.w.t.Helper()
	st, resp, eb := a.push(cs...)
	if st != 200 {
		a.w.t.Fatalf("push: %d %+v", st, eb)
	}
	if len(cs) > 0 && resp.AckedUpTo != cs[len(cs)-1].Seq {
		a.w.t.Fatalf("acked up to %d, want %d", resp.AckedUpTo, cs[len(cs)-1].Seq)
	}
	out := map[int64]string{}
	for _, s := range resp.SetAside {
		out[s.Seq] = s.Code + ": " + s.Message
	}
	return out
}

// pull reads every page after cursor.
func (a *actor) pull(cursor int64) []syncproto.Record {
	a.w.t.Helper()
	out, _ := a.pullEpoch(cursor)
	return out
}

// pullEpoch pulls every page from cursor; it returns the records and the
// server's epoch.
func (a *actor) pullEpoch(cursor int64) ([]syncproto.Record, string) {
	a.w.t.Helper()
	var out []syncproto.Record
	for {
		var resp syncproto.PullResponse
		if st, eb := a.call("POST", syncproto.PathPull, syncproto.PullRequest{Protocol: syncproto.Version, Cursor: cursor}, &resp); st != 200 {
			a.w.t.Fatalf("pull: %d %+v", st, eb)
		}
		out = append(out, resp.Records...)
		cursor = resp.Cursor
		if !resp.More {
			return out, resp.Epoch
		}
	}
}

// record returns the server's state of a record (nil: none).
func (a *actor) record(entity, id string) *syncproto.Record {
	for _, r := range a.pull(0) {
		if r.Entity == entity && r.ID == id {
			return &r
		}
	}
	return nil
}

func fieldsOf(t testing.TB, v any) map[string]json.RawMessage {
	t.Helper()
	f, err := syncproto.Fields(v)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// Valid records of each kind, as a laptop of org would make them.

func validActivity(org string) *alliance.Activity {
	return &alliance.Activity{OrgID: org, Kind: alliance.KindMeeting, Title: "Görüş", Start: alliance.NewDate(2025, 1, 2),
		End: alliance.NewDate(2025, 1, 3), RegionID: "baku", Areas: []alliance.Area{alliance.AreaHealth}, RecordedBy: "Aynur"}
}

func validTraining(org string) *alliance.Training {
	return &alliance.Training{OrgID: org, Title: "Uşaq hüquqları", Area: alliance.AreaEducation, Audience: alliance.AudTeachers,
		RegionID: "baku", MinAttendance: 80, Sessions: []alliance.Session{{ID: "s1", Date: alliance.NewDate(2025, 3, 3), Hours: 4}}}
}

func validParticipant(org, training string) *alliance.Participant {
	return &alliance.Participant{OrgID: org, TrainingID: training, FullName: "Gülnarə İsmayılova", Gender: alliance.Female,
		Role: alliance.RoleTeacher, Attended: []string{"s1"}}
}

func validCertificate(org, training, participant, serial string) *alliance.Certificate {
	return &alliance.Certificate{OrgID: org, TrainingID: training, ParticipantID: participant, Serial: serial, Code: "ABCD1234",
		HolderName: "Gülnarə İsmayılova", TrainingTitle: "Uşaq hüquqları", Hours: 4, From: alliance.NewDate(2025, 3, 3),
		To: alliance.NewDate(2025, 3, 3), OrgName: "Şəki Uşaq Mərkəzi", Languages: "az+en", IssuedAt: time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)}
}

func validContest(org string) *alliance.Contest {
	return &alliance.Contest{OrgID: org, Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{ID: "a", Min: 7, Max: 10}},
		Opens:     alliance.NewDate(2025, 3, 1), Closes: alliance.NewDate(2025, 4, 30), JudgingEnds: alliance.NewDate(2025, 5, 20),
		Criteria: []alliance.Criterion{{ID: "idea", Name: "İdeya", Weight: 1}}, Jury: []alliance.Juror{{ID: "j1", Name: "Aynur"}},
		Winners: 3}
}

func validResource(org string) *alliance.Resource {
	return &alliance.Resource{OrgID: org, Category: alliance.ResManual, Year: 2024, Versions: []alliance.ResourceVersion{
		{Lang: "az", Title: "Uşaq hüquqları", File: alliance.FileRef{Hash: hashA, Name: "kitab.pdf", Type: alliance.TypePDF, Size: 1000}}}}
}

func validCampaign(org string) *alliance.Campaign {
	return &alliance.Campaign{OrgID: org, Kind: alliance.KindOfProject, Name: "Uşaq iştirakı", Donor: "UNICEF",
		Start: alliance.NewDate(2025, 1, 1), End: alliance.NewDate(2026, 12, 31), Regions: []string{"baku"},
		Indicators: []alliance.Indicator{{ID: alliance.NewID(), Name: "Uşaqlar", Measure: alliance.MeasureChildren, Target: 1000,
			Breakdown: alliance.ByGender}}}
}

const hashA = "a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

func validEntry(org, contest string, state alliance.EntryState) *alliance.Entry {
	yes := true
	return &alliance.Entry{OrgID: org, ContestID: contest, Code: "K7QM-4ZXD", FirstName: "Aysel", LastName: "Məmmədova", Age: 9,
		Gender: alliance.Female, RegionID: "baku", Category: alliance.CatDrawing, AgeGroupID: "a", Title: "Evimiz",
		Files:   []alliance.FileRef{{Hash: hashA, Name: "evimiz.jpg", Type: alliance.TypeJPEG, Size: 1000}},
		Consent: alliance.Consent{GuardianName: "Gülnarə", Relation: alliance.RelMother, Date: alliance.NewDate(2025, 3, 10), Publication: &yes},
		State:   state, Version: 1, CreatedAt: time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)}
}

func validScore(org, contest, entry, juror string) (string, *alliance.Score) {
	return alliance.DerivedID(syncproto.EntityScore, entry, juror), &alliance.Score{OrgID: org, ContestID: contest, EntryID: entry,
		JurorID: juror, Marks: map[string]int{"idea": 7}, Comments: map[string]string{}}
}

// serial is the next serial a laptop numbers for org.
func (a *actor) serial(org string, n int) string {
	return fmt.Sprintf("%s-%s-%05d", alliance.OrgCode(org), strings.ToUpper(a.node), n)
}

// base holds the records the tests build on: a contest of the
// secretariat; a training of A with a participant, a certificate and an
// entry (submitted) in the contest.
type base struct {
	sec, memA, memB *actor
	contest         string
	training        string
	participant     string
	cert, serial    string
	entry           string
}

func (w *world) base() *base {
	w.t.Helper()
	b := &base{sec: w.enrol(w.orgS), memA: w.enrol(w.orgA), memB: w.enrol(w.orgB)}
	b.contest, b.training, b.participant, b.cert, b.entry = alliance.NewID(), alliance.NewID(), alliance.NewID(), alliance.NewID(), alliance.NewID()
	if aside := b.sec.mustPush(b.sec.change(syncproto.EntityContest, b.contest, w.orgS, fieldsOf(w.t, validContest(w.orgS)), nil)); len(aside) > 0 {
		w.t.Fatalf("contest: %v", aside)
	}
	b.serial = b.memA.serial(w.orgA, 1)
	a := b.memA
	if aside := a.mustPush(
		a.change(syncproto.EntityTraining, b.training, w.orgA, fieldsOf(w.t, validTraining(w.orgA)), nil),
		a.change(syncproto.EntityParticipant, b.participant, w.orgA, fieldsOf(w.t, validParticipant(w.orgA, b.training)), nil),
		a.change(syncproto.EntityCertificate, b.cert, w.orgA, fieldsOf(w.t, validCertificate(w.orgA, b.training, b.participant, b.serial)), nil),
		a.change(syncproto.EntityEntry, b.entry, w.orgA, fieldsOf(w.t, validEntry(w.orgA, b.contest, alliance.StateSubmitted)), nil),
	); len(aside) > 0 {
		w.t.Fatalf("base records: %v", aside)
	}
	return b
}
