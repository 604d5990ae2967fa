package syncserver_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// The hostile-client suite: its own client, speaking the wire protocol,
// sends what a broken or malicious laptop (or a stranger) would, to a real
// server on 127.0.0.1:0. Every answer must be JSON with a code, never a
// 500, never a path or SQL text (actor.call checks), and nothing refused
// may be applied.

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// send posts a raw body with headers and returns the status and the
// error body (checked as every answer is, by actor.call's rules).
func (a *actor) send(path string, body []byte, headers map[string]string) (int, syncproto.ErrorBody) {
	a.w.t.Helper()
	status, got, _ := a.roundTrip("POST", path, body, headers)
	if status >= 300 {
		return status, a.w.errorBody("POST "+path, status, got)
	}
	return status, syncproto.ErrorBody{}
}

func nested(depth int) string { return strings.Repeat("[", depth) + strings.Repeat("]", depth) }

func TestHostile_Bodies(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	a := b.memA
	anon := &actor{w: w}
	gzh := map[string]string{"Content-Encoding": "gzip"}
	bomb := gz(bytes.Repeat([]byte(" "), 31<<20)) // 30 KB that decode to 31 MB
	compact := map[string]string{"Content-Type": syncproto.ContentColumns}
	enc, _ := zstd.NewWriter(nil)
	zstdBomb := enc.EncodeAll(make([]byte, 64<<20), nil) // a few KB that decode to 64 MB
	validCompact, err := (&syncproto.PushRequest{Protocol: syncproto.Version, Changes: []syncproto.Change{{Seq: 1,
		Entity: syncproto.EntityActivity, ID: alliance.NewID(), Op: "upsert", Fields: syncproto.ActivityFields(validActivity(w.orgA))}}}).MarshalCompact()
	if err != nil {
		t.Fatal(err)
	}
	var many syncproto.PushRequest
	many.Protocol = syncproto.Version
	for i := range syncproto.MaxPushChanges + 1 {
		many.Changes = append(many.Changes, syncproto.Change{Seq: int64(i + 1), Entity: "activity", ID: alliance.NewID(), Op: "upsert"})
	}
	tooMany, err := many.MarshalCompact()
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name    string
		by      *actor
		path    string
		body    []byte
		headers map[string]string
		status  int
		code    string
	}{
		{"enrol bomb", anon, syncproto.PathEnroll, bomb, gzh, 413, alliance.ETOOLARGE},
		{"enrol large", anon, syncproto.PathEnroll, bytes.Repeat([]byte(" "), 64<<10), nil, 413, alliance.ETOOLARGE},
		{"pull bomb", a, syncproto.PathPull, bomb, gzh, 413, alliance.ETOOLARGE},
		{"push bomb", a, syncproto.PathPush, gz(bytes.Repeat([]byte(" "), syncproto.MaxPushBody+1)), gzh, 413, alliance.ETOOLARGE},
		{"push large", a, syncproto.PathPush, bytes.Repeat([]byte(" "), syncproto.MaxPushBody+1), nil, 413, alliance.ETOOLARGE},
		{"nested 1001 deep", a, syncproto.PathPush, []byte(`{"protocol":2,"changes":[{"seq":1,"entity":"certificate","fields":{"x":` +
			nested(1001) + `}}]}`), nil, 400, alliance.EPROTOCOL},
		{"truncated gzip", a, syncproto.PathPush, gz([]byte(`{"protocol":2}`))[:12], gzh, 400, alliance.EPROTOCOL},
		{"unknown encoding", a, syncproto.PathPush, []byte(`{}`), map[string]string{"Content-Encoding": "br"}, 400, alliance.EPROTOCOL},
		{"not JSON", a, syncproto.PathPull, []byte("\x00\x01"), nil, 400, alliance.EPROTOCOL},
		{"compact garbage", a, syncproto.PathPush, []byte("\x28\xb5\x2f\xfdnot a frame"), compact, 400, alliance.EPROTOCOL},
		{"compact bomb", a, syncproto.PathPush, zstdBomb, compact, 400, alliance.EPROTOCOL},
		{"compact gzipped", a, syncproto.PathPush, gz(validCompact), map[string]string{"Content-Type": syncproto.ContentColumns,
			"Content-Encoding": "gzip"}, 400, alliance.EPROTOCOL},
		{"compact pull request", a, syncproto.PathPull, validCompact, compact, 400, alliance.EPROTOCOL},
		{"compact, too many changes", a, syncproto.PathPush, tooMany, compact, 400, alliance.EPROTOCOL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 2 { // and the same again: the same answer
				if st, eb := tc.by.send(tc.path, tc.body, tc.headers); st != tc.status || eb.Code != tc.code {
					t.Fatalf("%d %+v, want %d %s", st, eb, tc.status, tc.code)
				}
			}
		})
	}

	// Inside a push, what breaks a record's bounds is set aside; the queue
	// goes on with the next change.
	deep := syncproto.ActivityFields(validActivity(w.orgA))
	deep["areas"] = json.RawMessage(nested(syncproto.MaxJSONDepth + 2))
	big := syncproto.ActivityFields(validActivity(w.orgA))
	big["description"] = raw(strings.Repeat("ə", syncproto.MaxRecordBytes))
	unknown := syncproto.ActivityFields(validActivity(w.orgA))
	unknown["payload"] = raw(strings.Repeat("x", 100<<10))
	cs := []syncproto.Change{
		a.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, deep, nil),
		a.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, big, nil),
		a.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, unknown, nil),
		a.change(syncproto.EntityActivity, alliance.NewID(), w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil),
	}
	aside := a.mustPush(cs...)
	for i, code := range []string{alliance.EINVALID, alliance.ETOOLARGE, alliance.EINVALID} {
		if !strings.HasPrefix(aside[cs[i].Seq], code+":") {
			t.Errorf("change %d: set aside as %q, want %s", i+1, aside[cs[i].Seq], code)
		}
	}
	if len(aside) != 3 {
		t.Fatalf("the good change after them was refused too: %v", aside)
	}
	// The same certificate, nested deep, sent again and again, never 500s
	// and never blocks: it is set aside once.
	cert := fieldsOf(t, validCertificate(w.orgA, b.training, b.participant, a.serial(w.orgA, 7)))
	cert["signatories"] = json.RawMessage(nested(20))
	c := a.change(syncproto.EntityCertificate, alliance.NewID(), w.orgA, cert, nil)
	if aside := a.mustPush(c); !strings.HasPrefix(aside[c.Seq], alliance.EINVALID+":") {
		t.Fatalf("%v", aside)
	}
	for range 2 {
		a.mustPush(c) // sent again: acknowledged again
	}
}

// pushLong pushes 100 activities of a's organisation, each about 15 KB.
func (a *actor) pushLong() {
	a.w.t.Helper()
	long := strings.Repeat("Uşaq hüquqları üzrə təlim. ", 180) // under 5,000 letters, about 5 KB
	var cs []syncproto.Change
	for range 100 {
		act := validActivity(a.org)
		act.Description, act.Results, act.FollowUp = long, long, long
		cs = append(cs, a.change(syncproto.EntityActivity, alliance.NewID(), a.org, syncproto.ActivityFields(act), nil))
	}
	if aside := a.mustPush(cs...); len(aside) > 0 {
		a.w.t.Fatalf("%v", aside)
	}
}

func TestHostile_PullPageBytes(t *testing.T) {
	w := newWorld(t)
	a := w.enrol(w.orgA)
	for range 10 {
		a.pushLong()
	}
	other := w.enrol(w.orgA)
	var resp syncproto.PullResponse
	if st, eb := other.call("POST", syncproto.PathPull, syncproto.PullRequest{Protocol: syncproto.Version, Limit: 1000}, &resp); st != 200 {
		t.Fatalf("%d %+v", st, eb)
	}
	size := 0
	for _, r := range resp.Records {
		b, _ := json.Marshal(r.Fields)
		size += len(b)
	}
	if !resp.More || len(resp.Records) >= 1000 || size > syncproto.MaxPullBytes+64<<10 {
		t.Fatalf("a page of %d records, %d bytes, more %v: not capped by bytes", len(resp.Records), size, resp.More)
	}
	got := 0
	for _, r := range other.pull(0) {
		if r.Entity == syncproto.EntityActivity {
			got++
		}
	}
	if got != 1000 {
		t.Fatalf("%d activities over all pages, want 1000", got)
	}
}

// A page cut by size in one scope must not carry the cursor past records
// of that scope it did not read because the other scope (the shared
// contests) ran further — even when the records that filled the page are
// the pulling laptop's own and are not sent back to it.
func TestHostile_PullPageBytesAcrossScopes(t *testing.T) {
	w := newWorld(t)
	a, colleague, sec := w.enrol(w.orgA), w.enrol(w.orgA), w.enrol(w.orgS)
	acts, contests := map[string]bool{}, map[string]bool{}
	for range 5 {
		a.pushLong()
		id := alliance.NewID()
		acts[id] = true
		if aside := colleague.mustPush(colleague.change(syncproto.EntityActivity, id, w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil)); len(aside) > 0 {
			t.Fatalf("%v", aside)
		}
		id = alliance.NewID()
		contests[id] = true
		if aside := sec.mustPush(sec.change(syncproto.EntityContest, id, w.orgS, fieldsOf(t, validContest(w.orgS)), nil)); len(aside) > 0 {
			t.Fatalf("%v", aside)
		}
	}
	for _, r := range a.pull(0) {
		switch r.Entity {
		case syncproto.EntityActivity:
			delete(acts, r.ID)
		case syncproto.EntityContest:
			delete(contests, r.ID)
		}
	}
	if len(acts) > 0 || len(contests) > 0 {
		t.Fatalf("the laptop never received %d of its colleague's activities and %d contests", len(acts), len(contests))
	}
}

func TestHostile_RateLimits(t *testing.T) {
	w := newWorld(t)
	anon := &actor{w: w}
	limited := 0
	for i := range syncserver.EnrollBurst + 5 {
		body := fmt.Sprintf(`{"protocol":2,"code":"WRONG-%04d"}`, i)
		req, _ := http.NewRequest("POST", w.url+syncproto.PathEnroll, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case 401:
		case 429:
			limited++
			if resp.Header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		default:
			t.Fatalf("enrolment guess %d: %d", i, resp.StatusCode)
		}
	}
	if limited != 5 {
		t.Fatalf("%d of %d guesses were limited, want 5 (after a burst of %d)", limited, syncserver.EnrollBurst+5, syncserver.EnrollBurst)
	}
	_ = anon
	limited = 0
	for range syncserver.VerifyBurst + 3 {
		resp, err := http.Get(w.url + syncproto.PathVerify + "0000-00000000-00001?c=GUESS123")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 429 {
			limited++
		} else if resp.StatusCode != 404 {
			t.Fatalf("verify: %d", resp.StatusCode)
		}
	}
	if limited != 3 {
		t.Fatalf("%d code guesses limited, want 3", limited)
	}
}

func TestHostile_VerifyPage(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	// A member names the secretariat on its certificate's text.
	forged := validCertificate(w.orgA, b.training, b.participant, b.memA.serial(w.orgA, 2))
	forged.OrgName = "Katiblik"
	b.memA.mustPush(b.memA.change(syncproto.EntityCertificate, alliance.NewID(), w.orgA, fieldsOf(t, forged), nil))
	resp, err := http.Get(syncproto.VerifyURL(w.url, forged.Serial, forged.Code) + "&lang=en")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "Şəki Uşaq Mərkəzi") || strings.Contains(string(page), "Katiblik") {
		t.Fatalf("%d: the page does not name the organisation the server knows:\n%s", resp.StatusCode, page)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
		"Referrer-Policy": "no-referrer", "Content-Security-Policy": "default-src 'none'"} {
		if !strings.Contains(resp.Header.Get(h), want) {
			t.Errorf("%s: %q, want %q", h, resp.Header.Get(h), want)
		}
	}
	// The style the page carries is the one its policy allows, by hash.
	csp := resp.Header.Get("Content-Security-Policy")
	i, j := strings.Index(string(page), "<style>"), strings.Index(string(page), "</style>")
	sum := sha256.Sum256(page[i+len("<style>") : j])
	if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
		t.Fatalf("the policy does not allow the page's style: %s", csp)
	}
}

// upload sends content as dev's laptop would, whole.
func upload(t *testing.T, w *world, a *actor, content []byte) string {
	t.Helper()
	c, err := syncclient.NewClient(w.url, a.token, false)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	hash := hex.EncodeToString(sum[:])
	url, err := c.CreateUpload(context.Background(), hash, "x.jpg", int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UploadChunk(context.Background(), url, 0, bytes.NewReader(content), int64(len(content))); err != nil {
		t.Fatal(err)
	}
	return hash
}

func blobStatus(t *testing.T, w *world, a *actor, method, hash string) int {
	t.Helper()
	req, _ := http.NewRequest(method, w.url+syncproto.PathBlobs+hash, nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestHostile_Files(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	rng := rand.New(rand.NewPCG(1, 2))
	drawing := make([]byte, 10<<10)
	for i := range drawing {
		drawing[i] = byte(rng.Uint32())
	}
	hash := upload(t, w, b.memA, drawing)
	// A's own laptop and the secretariat's may read it; B may not even
	// learn that the server holds it.
	for _, tc := range []struct {
		by   *actor
		want int
	}{{b.memA, 200}, {b.sec, 200}, {b.memB, 404}} {
		for _, m := range []string{"HEAD", "GET"} {
			if got := blobStatus(t, w, tc.by, m, hash); got != tc.want {
				t.Errorf("%s by %s: %d, want %d", m, tc.by.org, got, tc.want)
			}
		}
	}
	// B names A's file in its own entry: that is not enough.
	trB, e := alliance.NewID(), validEntry(w.orgB, b.contest, alliance.StateSubmitted)
	e.Files[0].Hash = hash
	b.memB.mustPush(b.memB.change(syncproto.EntityEntry, trB, w.orgB, fieldsOf(t, e), nil))
	if got := blobStatus(t, w, b.memB, "GET", hash); got != 404 {
		t.Fatalf("naming another organisation's file gave it away: %d", got)
	}
	// B proves it holds the file by sending it: then it may.
	if upload(t, w, b.memB, drawing) != hash || blobStatus(t, w, b.memB, "GET", hash) != 200 {
		t.Fatal("B sent the file and still cannot read it")
	}

	// A file the secretariat sent, named by a draft of A: readable by A
	// while the draft names it, not after it is deleted.
	sheet := []byte("the secretariat's guidance for the contest")
	sh := upload(t, w, b.sec, sheet)
	draft := validEntry(w.orgA, b.contest, alliance.StateDraft)
	draft.Files[0].Hash = sh
	id := alliance.NewID()
	b.memA.mustPush(b.memA.change(syncproto.EntityEntry, id, w.orgA, fieldsOf(t, draft), nil))
	if got := blobStatus(t, w, b.memA, "GET", sh); got != 200 {
		t.Fatalf("A's draft names the secretariat's file: %d", got)
	}
	b.memA.mustPush(b.memA.change(syncproto.EntityEntry, id, w.orgA, map[string]json.RawMessage{"deleted": raw(true)}, map[string]string{"deleted": ""}))
	if got := blobStatus(t, w, b.memA, "GET", sh); got != 404 {
		t.Fatalf("the file stays readable after the entry naming it was deleted: %d", got)
	}

	// Unfinished uploads: a few per laptop, not another laptop's, expiring.
	c, _ := syncclient.NewClient(w.url, b.memB.token, false)
	var urls []string
	for i := range syncserver.MaxUploadsPerDevice + 1 {
		sum := sha256.Sum256([]byte{byte(i)})
		u, err := c.CreateUpload(context.Background(), hex.EncodeToString(sum[:]), "film.mp4", 10<<20)
		if i == syncserver.MaxUploadsPerDevice {
			if syncclient.ErrorCode(err) != alliance.ELIMITED {
				t.Fatalf("upload %d of one laptop, none finished: %v", i+1, err)
			}
			break
		}
		if err != nil {
			t.Fatalf("upload %d: %v", i+1, err)
		}
		urls = append(urls, u)
	}
	// Nor more bytes declared than a couple of the largest films.
	cS, _ := syncclient.NewClient(w.url, b.sec.token, false)
	for i := range 3 {
		sum := sha256.Sum256([]byte{byte(i), 1})
		_, err := cS.CreateUpload(context.Background(), hex.EncodeToString(sum[:]), "film.mp4", syncproto.MaxFileBytes)
		if (i == 2) != (syncclient.ErrorCode(err) == alliance.ELIMITED) {
			t.Fatalf("film %d of 300 MB, none finished: %v", i+1, err)
		}
	}
	cA, _ := syncclient.NewClient(w.url, b.memA.token, false)
	if _, err := cA.UploadOffset(context.Background(), urls[0]); err != syncclient.ErrUploadGone {
		t.Fatalf("another laptop's upload: %v", err)
	}
	if _, err := cA.UploadChunk(context.Background(), urls[0], 0, strings.NewReader("x"), 1); err != syncclient.ErrUploadGone {
		t.Fatalf("writing into another laptop's upload: %v", err)
	}
	if n, err := w.store.PurgeUploads(context.Background(), syncserver.UploadTTL); err != nil || n != 0 {
		t.Fatalf("uploads started a moment ago expired: %d %v", n, err)
	}
	if n, err := w.store.PurgeUploads(context.Background(), 0); err != nil || n != syncserver.MaxUploadsPerDevice+2 {
		t.Fatalf("purged %d: %v", n, err)
	}
	sum := sha256.Sum256([]byte("again"))
	if _, err := c.CreateUpload(context.Background(), hex.EncodeToString(sum[:]), "film.mp4", 10); err != nil {
		t.Fatalf("after the purge: %v", err)
	}

	// Paths tusd never made do not reach it.
	for _, p := range []string{"x%00.info", "..%2f..%2fserver.db", "0123456789abcdef0123456789abcdeg", "a/b"} {
		req, _ := http.NewRequest("HEAD", w.url+syncproto.PathFiles+p, nil)
		req.Header.Set("Authorization", "Bearer "+b.memA.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
		if st, eb := b.memA.call("PATCH", syncproto.PathFiles+p, []byte("x"), nil); st != 404 || eb.Code != alliance.ENOTFOUND {
			t.Errorf("PATCH %s: %d %+v", p, st, eb)
		}
	}
}

// TestHostile_Garbage sends random bodies, methods and paths to every
// endpoint: the server answers JSON, never a 5xx, and stays up.
func TestHostile_Garbage(t *testing.T) {
	w := newWorld(t)
	a := w.enrol(w.orgA)
	rng := rand.New(rand.NewPCG(7, 7))
	paths := []string{syncproto.PathEnroll, syncproto.PathPush, syncproto.PathPull, syncproto.PathStatus, syncproto.PathFiles,
		syncproto.PathBlobs + hashA, "/v1/../v1/push", "/verify/x", "/nothing"}
	seeds := [][]byte{[]byte(`{"protocol":2,"changes":[{"seq":1,"entity":"activity","id":"` + alliance.NewID() + `","org":"` + w.orgA +
		`","hlc":"9999999999999-999999-zz","fields":{"title":[[[[]]]]}}]}`), []byte(`{"protocol":2,"cursor":-5,"limit":-1}`),
		[]byte(`{"protocol":2,"code":"` + strings.Repeat("x", 5000) + `"}`), []byte(`null`), []byte(`"`)}
	for i := range 300 {
		body := seeds[rng.IntN(len(seeds))]
		body = append([]byte(nil), body...)
		for range rng.IntN(4) {
			if len(body) > 0 {
				body[rng.IntN(len(body))] = byte(rng.Uint32())
			}
		}
		method := []string{"GET", "POST", "PUT", "HEAD", "PATCH", "DELETE"}[rng.IntN(6)]
		req, _ := http.NewRequest(method, w.url+paths[rng.IntN(len(paths))], bytes.NewReader(body))
		if rng.IntN(2) == 0 {
			req.Header.Set("Authorization", "Bearer "+a.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("request %d %s %s: %d %s", i, method, req.URL.Path, resp.StatusCode, got)
		}
		ct := resp.Header.Get("Content-Type")
		if resp.StatusCode >= 400 && method != "HEAD" && !strings.HasPrefix(req.URL.Path, "/verify/") && !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("request %d %s %s: %d of type %q: %s", i, method, req.URL.Path, resp.StatusCode, ct, got)
		}
	}
}

// Fuzzing of the enrolment and pull decoders (the push's is in http_test).
func FuzzHandler_Enroll(f *testing.F) {
	fx := newFixture(f)
	f.Add([]byte(`{"protocol":2,"code":"AAAA-BBBB-CCCC","node":"abcdef12","next_seq":1}`))
	f.Add([]byte(`{"protocol":2,"code":"","next_seq":9007199254740993}`))
	f.Add(gz([]byte(`{"protocol":2}`)))
	fuzzEndpoint(f, fx, syncproto.PathEnroll, "")
}

func FuzzHandler_Pull(f *testing.F) {
	fx := newFixture(f)
	f.Add([]byte(`{"protocol":2,"cursor":0,"limit":500}`))
	f.Add([]byte(`{"protocol":2,"cursor":-1,"conflict_cursor":-9,"limit":100000,"full":true}`))
	f.Add([]byte(`{"protocol":2,"cursor":9223372036854775807}`))
	fuzzEndpoint(f, fx, syncproto.PathPull, fx.token)
}

func fuzzEndpoint(f *testing.F, fx *fixture, path, token string) {
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, enc := range []string{"", "gzip"} {
			req := httptestRequest(path, body, token, enc)
			rec := serveRecorded(fx, req)
			if rec.Code >= 500 && rec.Code != 503 {
				t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.String())
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("answer is not JSON: %q", rec.Body.String())
			}
		}
	})
}
