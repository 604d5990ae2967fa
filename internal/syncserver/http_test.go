package syncserver_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// fixture is a server store with two organisations and one enrolled
// device of the first, behind the real handler.
type fixture struct {
	store      *syncserver.Store
	h          http.Handler
	orgA, orgB string
	device     string
	token      string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	s, err := syncserver.OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	f := &fixture{store: s, h: syncserver.Handler(s)}
	ctx := context.Background()
	for _, p := range []*string{&f.orgA, &f.orgB} {
		o := &alliance.Organisation{Name: "Org " + fmt.Sprint(len(*p)), Kind: alliance.OrgNGO, RegionID: "baku"}
		if err := s.AddOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		*p = o.ID
	}
	code, _, err := s.Invite(ctx, f.orgA, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.Enroll(ctx, syncproto.EnrollRequest{Protocol: syncproto.Version, Code: code, Node: "abcd1234", NextSeq: 1, Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	f.device, f.token = resp.DeviceID, resp.Token
	return f
}

// do sends a request and decodes the answer, which must always be JSON.
func (f *fixture) do(t testing.TB, method, path string, body []byte, headers map[string]string, out any) int {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s %s: answer of type %q: %s", method, path, ct, rec.Body.String())
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %v: %s", method, path, err, rec.Body.String())
		}
	}
	return rec.Code
}

func (f *fixture) auth() map[string]string {
	return map[string]string{"Authorization": "Bearer " + f.token}
}

func activityChange(seq int64, org, title string) syncproto.Change {
	a := &alliance.Activity{Kind: alliance.KindMeeting, Title: title, Start: alliance.NewDate(2025, 1, 2),
		End: alliance.NewDate(2025, 1, 2), RegionID: "baku", Areas: []alliance.Area{alliance.AreaHealth}, RecordedBy: "x", OrgID: org}
	h := syncproto.HLC{Wall: time.Now().UnixMilli(), Logical: int32(seq), Node: "abcd1234"}
	return syncproto.Change{Seq: seq, Entity: syncproto.EntityActivity, ID: alliance.NewID(), Org: org, Op: syncproto.OpCreate,
		HLC: h.String(), Fields: syncproto.ActivityFields(a)}
}

func pushBody(t testing.TB, changes ...syncproto.Change) []byte {
	b, err := json.Marshal(syncproto.PushRequest{Protocol: syncproto.Version, Changes: changes})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (f *fixture) records(t testing.TB) int {
	t.Helper()
	n, err := f.store.CountRecords(context.Background(), syncproto.EntityActivity)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestHandler_BadInput(t *testing.T) {
	f := newFixture(t)
	var eb syncproto.ErrorBody
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	huge := bytes.Repeat([]byte(" "), syncproto.MaxPushBody+10)
	for _, tc := range []struct {
		name    string
		method  string
		path    string
		body    []byte
		headers map[string]string
		status  int
		code    string
	}{
		{"MalformedJSON", "POST", syncproto.PathPush, []byte(`{"protocol":2,"changes":[{`), f.auth(), 400, alliance.EPROTOCOL},
		{"NotJSON", "POST", syncproto.PathPush, []byte("PK\x03\x04 a zip file"), f.auth(), 400, alliance.EPROTOCOL},
		{"WrongTypes", "POST", syncproto.PathPush, []byte(`{"protocol":"one","changes":7}`), f.auth(), 400, alliance.EPROTOCOL},
		{"UnknownProtocol", "POST", syncproto.PathPush, []byte(`{"protocol":99,"changes":[]}`), f.auth(), 400, alliance.EPROTOCOL},
		{"TwoValues", "POST", syncproto.PathPull, []byte(`{"protocol":2}{"protocol":1}`), f.auth(), 400, alliance.EPROTOCOL},
		{"Oversized", "POST", syncproto.PathPush, bytes.Repeat([]byte("x"), syncproto.MaxPushBody+1), f.auth(), 413, alliance.ETOOLARGE},
		{"GzipBomb", "POST", syncproto.PathPush, gz(huge), map[string]string{"Authorization": "Bearer " + f.token, "Content-Encoding": "gzip"}, 413, alliance.ETOOLARGE},
		{"BrokenGzip", "POST", syncproto.PathPush, []byte("not gzip"), map[string]string{"Authorization": "Bearer " + f.token, "Content-Encoding": "gzip"}, 400, alliance.EPROTOCOL},
		{"NoToken", "POST", syncproto.PathPush, pushBody(t), nil, 401, alliance.EUNAUTHORIZED},
		{"BadToken", "POST", syncproto.PathPull, []byte(`{"protocol":2}`), map[string]string{"Authorization": "Bearer nope"}, 401, alliance.EUNAUTHORIZED},
		{"WrongMethod", "GET", syncproto.PathPush, nil, f.auth(), 405, alliance.EPROTOCOL},
		{"UnknownPath", "GET", "/v1/nothing", nil, nil, 404, alliance.ENOTFOUND},
		{"UnknownCode", "POST", syncproto.PathEnroll, []byte(`{"protocol":2,"code":"AAAA-BBBB-CCCC","node":"abcdef12"}`), nil, 401, alliance.EUNAUTHORIZED},
		{"EnrollBadSeq", "POST", syncproto.PathEnroll, []byte(`{"protocol":2,"code":"AAAA","next_seq":-4}`), nil, 400, alliance.EINVALID},
		{"TooManyChanges", "POST", syncproto.PathPush, pushBody(t, make([]syncproto.Change, syncproto.MaxPushChanges+1)...), f.auth(), 413, alliance.ETOOLARGE},
		{"SeqsOutOfOrder", "POST", syncproto.PathPush, pushBody(t, activityChange(2, f.orgA, "x"), activityChange(1, f.orgA, "y")), f.auth(), 400, alliance.EPROTOCOL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eb = syncproto.ErrorBody{}
			status := f.do(t, tc.method, tc.path, tc.body, tc.headers, &eb)
			if status != tc.status || eb.Code != tc.code || eb.Message == "" {
				t.Fatalf("status %d body %+v, want %d %s", status, eb, tc.status, tc.code)
			}
		})
	}
	if n := f.records(t); n != 0 {
		t.Fatalf("bad requests applied %d records", n)
	}
}

func TestHandler_Push(t *testing.T) {
	t.Run("ExactlyOnce", func(t *testing.T) {
		f := newFixture(t)
		body := pushBody(t, activityChange(1, f.orgA, "bir"), activityChange(2, f.orgA, "iki"))
		for i := 0; i < 3; i++ { // sent again: the answer was lost
			var resp syncproto.PushResponse
			if status := f.do(t, "POST", syncproto.PathPush, body, f.auth(), &resp); status != 200 || resp.AckedUpTo != 2 {
				t.Fatalf("push %d: %d %+v", i, status, resp)
			}
		}
		if n := f.records(t); n != 2 {
			t.Fatalf("%d records after sending the batch three times", n)
		}
	})

	t.Run("OutsideOrganisationSetAside", func(t *testing.T) {
		f := newFixture(t)
		// Shared reference data is the secretariat's to write.
		org := syncproto.Change{Seq: 4, Entity: syncproto.EntityOrganisation, ID: alliance.NewID(), Org: f.orgA, Op: syncproto.OpCreate,
			HLC:    syncproto.HLC{Wall: time.Now().UnixMilli(), Node: "x"}.String(),
			Fields: syncproto.OrganisationFields(&alliance.Organisation{Name: "Mine", Kind: alliance.OrgNGO, RegionID: "baku"}, false)}
		body := pushBody(t, activityChange(1, f.orgA, "mine"), activityChange(2, f.orgB, "theirs"), activityChange(3, f.orgA, "mine too"), org)
		var resp syncproto.PushResponse
		if status := f.do(t, "POST", syncproto.PathPush, body, f.auth(), &resp); status != 200 || resp.AckedUpTo != 4 ||
			len(resp.SetAside) != 2 || resp.SetAside[0].Seq != 2 || resp.SetAside[0].Code != alliance.EFORBIDDEN ||
			resp.SetAside[1].Seq != 4 || resp.SetAside[1].Code != alliance.EFORBIDDEN {
			t.Fatalf("%d %+v", status, resp)
		}
		if n := f.records(t); n != 2 {
			t.Fatalf("%d records, want the 2 of the laptop's own organisation", n)
		}
	})

	t.Run("InvalidSetAsideQueueMoves", func(t *testing.T) {
		f := newFixture(t)
		bad := activityChange(2, f.orgA, "")
		var badDate = activityChange(3, f.orgA, "far future")
		badDate.Fields[alliance.FieldStart] = json.RawMessage(`"2999-01-01"`)
		badDate.Fields[alliance.FieldEnd] = json.RawMessage(`"2999-01-01"`)
		noStamp := activityChange(4, f.orgA, "no stamp")
		noStamp.HLC = "yesterday"
		body := pushBody(t, activityChange(1, f.orgA, "good"), bad, badDate, noStamp, activityChange(5, f.orgA, "also good"))
		var resp syncproto.PushResponse
		if status := f.do(t, "POST", syncproto.PathPush, body, f.auth(), &resp); status != 200 {
			t.Fatalf("status %d", status)
		}
		if resp.AckedUpTo != 5 || len(resp.SetAside) != 3 || resp.SetAside[0].Seq != 2 || resp.SetAside[0].Code != alliance.EINVALID {
			t.Fatalf("%+v", resp)
		}
		if n := f.records(t); n != 2 {
			t.Fatalf("%d records, want the 2 good ones", n)
		}
	})

	t.Run("EntryWithoutConsentSetAside", func(t *testing.T) {
		w := newWorld(t)
		b := w.base()
		noConsent := validEntry(w.orgA, b.contest, alliance.StateSubmitted)
		noConsent.Consent = alliance.Consent{}
		draft := validEntry(w.orgA, b.contest, alliance.StateDraft)
		draft.Consent = alliance.Consent{}
		a := b.memA
		aside := a.mustPush(a.change(syncproto.EntityEntry, alliance.NewID(), w.orgA, fieldsOf(t, draft), nil),
			a.change(syncproto.EntityEntry, alliance.NewID(), w.orgA, fieldsOf(t, noConsent), nil),
			a.change(syncproto.EntityEntry, alliance.NewID(), w.orgA, fieldsOf(t, validEntry(w.orgA, b.contest, alliance.StateSubmitted)), nil))
		if len(aside) != 1 || !strings.HasPrefix(aside[a.seq-1], alliance.EINVALID) {
			t.Fatalf("a submitted entry without consent was not set aside: %v", aside)
		}
	})

	t.Run("Revoked", func(t *testing.T) {
		f := newFixture(t)
		if err := f.store.Revoke(context.Background(), f.device); err != nil {
			t.Fatal(err)
		}
		var eb syncproto.ErrorBody
		if status := f.do(t, "POST", syncproto.PathPull, []byte(`{"protocol":2}`), f.auth(), &eb); status != 401 || eb.Code != alliance.EREVOKED {
			t.Fatalf("%d %+v", status, eb)
		}
	})

	t.Run("CodeIsOneTime", func(t *testing.T) {
		f := newFixture(t)
		code, _, _ := f.store.Invite(context.Background(), f.orgB, time.Hour)
		req := func() []byte {
			b, _ := json.Marshal(syncproto.EnrollRequest{Protocol: syncproto.Version, Code: strings.ToLower(code), Node: "12345678"})
			return b
		}
		var ok syncproto.EnrollResponse
		if status := f.do(t, "POST", syncproto.PathEnroll, req(), nil, &ok); status != 200 || ok.OrgID != f.orgB || ok.Token == "" {
			t.Fatalf("%d %+v", status, ok)
		}
		var eb syncproto.ErrorBody
		if status := f.do(t, "POST", syncproto.PathEnroll, req(), nil, &eb); status != 401 || eb.Code != alliance.EEXPIRED {
			t.Fatalf("second use: %d %+v", status, eb)
		}
	})
}

func TestHandler_Status(t *testing.T) {
	f := newFixture(t)
	var st syncproto.StatusResponse
	if status := f.do(t, "GET", syncproto.PathStatus, nil, nil, &st); status != 200 || st.Protocol != syncproto.Version || st.ServerHLC == "" {
		t.Fatalf("%d %+v", status, st)
	}
}

// FuzzHandler_Push feeds arbitrary bodies to the push handler: whatever
// arrives, the answer is JSON and never a 500.
func FuzzHandler_Push(f *testing.F) {
	fx := newFixture(f)
	f.Add(pushBody(f, activityChange(1, fx.orgA, "seed")))
	f.Add([]byte(`{"protocol":2,"changes":[{"seq":1,"entity":"activity","id":"x","fields":{"title":7}}]}`))
	f.Add([]byte(`{"protocol":2,"changes":[{"seq":9,"entity":"organisation","id":"` + alliance.NewID() + `","org":"` + fx.orgA + `","hlc":"0000000000001-000000-a","fields":{"name":"x"}}]}`))
	f.Add([]byte(`{"protocol":2,"changes":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte{0x1f, 0x8b, 0, 0})
	f.Fuzz(func(t *testing.T, body []byte) { fx.pushAnyway(t, body, "", body) })
}

// pushAnyway posts body to the push handler as contentType and fails
// (saying what) when the answer is a 500 or not JSON.
func (fx *fixture) pushAnyway(t *testing.T, body []byte, contentType string, what []byte) {
	req := httptest.NewRequest("POST", syncproto.PathPush, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+fx.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	fx.h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("status %d for %q: %s", rec.Code, what, rec.Body.String())
	}
	raw, _ := io.ReadAll(rec.Body)
	if !json.Valid(raw) {
		t.Fatalf("answer is not JSON: %q", raw)
	}
}

// FuzzHandler_PushCompact feeds arbitrary compact pushes to the push
// handler: the body before its compression is fuzzed (compressed bytes
// would mostly stop at zstd), seeded with real pushes; whatever arrives,
// the answer is JSON and never a 500.
func FuzzHandler_PushCompact(f *testing.F) {
	fx := newFixture(f)
	dec, _ := zstd.NewReader(nil, zstd.WithDecoderDicts(syncproto.ColumnsDict()))
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderDict(syncproto.ColumnsDict()))
	for _, changes := range [][]syncproto.Change{
		{activityChange(1, fx.orgA, "seed")},
		{activityChange(1, fx.orgA, "a"), activityChange(2, fx.orgA, "b"), activityChange(3, fx.orgA, "c"), activityChange(4, fx.orgA, "d")},
	} {
		b, err := (&syncproto.PushRequest{Protocol: syncproto.Version, Changes: changes}).MarshalCompact()
		if err != nil {
			f.Fatal(err)
		}
		plain, err := dec.DecodeAll(b, nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(plain)
	}
	f.Fuzz(func(t *testing.T, plain []byte) {
		fx.pushAnyway(t, enc.EncodeAll(plain, nil), syncproto.ContentColumns, plain)
	})
}

func jsonMarshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

var fuzzAddr int

// httptestRequest is a POST of body to path, with a token and a content
// encoding (gzip: body is compressed) when given, from a new address each
// time (the rate limits would otherwise answer most of a fuzzing run).
func httptestRequest(path string, body []byte, token, encoding string) *http.Request {
	if encoding == "gzip" {
		body = gz(body)
	}
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if encoding != "" {
		req.Header.Set("Content-Encoding", encoding)
	}
	fuzzAddr++
	req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4000", fuzzAddr>>16&255, fuzzAddr>>8&255, fuzzAddr&255)
	return req
}

func serveRecorded(fx *fixture, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	fx.h.ServeHTTP(rec, req)
	return rec
}
