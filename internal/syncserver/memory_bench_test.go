package syncserver_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// BenchmarkServer_HostileMemory runs alliance-server as its own process
// and sends it 32 concurrent hostile requests of each kind — enrolment
// bombs from a stranger, pushes of the largest bodies a laptop may send,
// pulls of the fullest pages, check-page lookups, uploads — and prints the
// process's peak memory (VmHWM) after each kind. Target: under 256 MB.
func BenchmarkServer_HostileMemory(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs /proc to read the server's memory")
	}
	bin := filepath.Join(b.TempDir(), "alliance-server")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/ngo-alliance/alliance/cmd/alliance-server").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	for range b.N {
		dir := b.TempDir()
		member, sec := prepareServer(b, dir)
		cmd := exec.Command(bin, "serve", "--data", dir, "--addr", "127.0.0.1:0")
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		addr := make(chan string, 1)
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				if _, a, ok := strings.Cut(sc.Text(), " on "); ok && strings.Contains(sc.Text(), "serving") {
					addr <- a
				}
			}
		}()
		var url string
		select {
		case a := <-addr:
			url = "http://" + a
		case <-time.After(30 * time.Second):
			b.Fatal("the server did not start")
		}
		pid := cmd.Process.Pid
		idle := procMB(b, pid, "VmRSS")

		big := strings.Repeat("Uşaq hüquqları üzrə təlim. ", 180)
		var cs []syncproto.Change
		for i := range 220 {
			a := validActivity(member.org)
			a.Description, a.Results, a.FollowUp = big, big, big
			cs = append(cs, syncproto.Change{Seq: int64(3001 + i), Entity: syncproto.EntityActivity, ID: alliance.NewID(), Org: member.org,
				Op: syncproto.OpCreate, HLC: syncproto.HLC{Wall: time.Now().UnixMilli(), Node: member.node}.String(),
				Fields: syncproto.ActivityFields(a)})
		}
		pushBody, _ := json.Marshal(syncproto.PushRequest{Protocol: syncproto.Version, Changes: cs})
		bomb := gz(bytes.Repeat([]byte(" "), 31<<20))
		pullBody, _ := json.Marshal(syncproto.PullRequest{Protocol: syncproto.Version, Limit: syncproto.MaxPullRecords})
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		do := func(r *http.Request, err error) (*http.Response, error) {
			if err != nil {
				return nil, err
			}
			return http.DefaultClient.Do(r)
		}
		kinds := []struct {
			name string
			send func(i int) (*http.Request, error)
		}{
			{"enrolment bombs (30 KB → 31 MB, no token)", func(int) (*http.Request, error) {
				r, err := http.NewRequest("POST", url+syncproto.PathEnroll, bytes.NewReader(bomb))
				if err == nil {
					r.Header.Set("Content-Encoding", "gzip")
				}
				return r, err
			}},
			{"push bombs (→ 31 MB)", func(int) (*http.Request, error) {
				r, err := http.NewRequest("POST", url+syncproto.PathPush, bytes.NewReader(bomb))
				if err == nil {
					r.Header.Set("Content-Encoding", "gzip")
					r.Header.Set("Authorization", "Bearer "+member.token)
				}
				return r, err
			}},
			{fmt.Sprintf("largest pushes (%.1f MB of records)", float64(len(pushBody))/(1<<20)), func(int) (*http.Request, error) {
				r, err := http.NewRequest("POST", url+syncproto.PathPush, bytes.NewReader(pushBody))
				if err == nil {
					r.Header.Set("Authorization", "Bearer "+member.token)
				}
				return r, err
			}},
			{"fullest pulls (secretariat, 1,000 records asked)", func(int) (*http.Request, error) {
				r, err := http.NewRequest("POST", url+syncproto.PathPull, bytes.NewReader(pullBody))
				if err == nil {
					r.Header.Set("Authorization", "Bearer "+sec.token)
				}
				return r, err
			}},
			{"check-page guesses", func(i int) (*http.Request, error) {
				return http.NewRequest("GET", url+syncproto.PathVerify+fmt.Sprintf("7B43-E2AB74CA-%05d?c=GUESS%03d", i, i), nil)
			}},
			{"uploads (created, and a 1 MB chunk sent)", nil},
		}
		b.ReportMetric(idle, "idle_MB")
		peak := idle
		for _, kind := range kinds {
			var wg sync.WaitGroup
			statuses := sync.Map{}
			for i := range 32 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var resp *http.Response
					var err error
					if kind.send == nil {
						resp, err = uploadOnce(url, member.token, chunk, i)
					} else {
						resp, err = do(kind.send(i))
					}
					if err != nil {
						statuses.Store("error", true)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					n, _ := statuses.LoadOrStore(resp.StatusCode, new(int))
					*n.(*int)++
				}()
			}
			wg.Wait()
			var summary []string
			statuses.Range(func(k, v any) bool {
				if s, ok := k.(int); ok {
					summary = append(summary, fmt.Sprintf("%d×%d", *v.(*int), s))
				} else {
					summary = append(summary, "errors")
				}
				return true
			})
			peak = procMB(b, pid, "VmHWM")
			b.Logf("32 × %-48s answers %-22s peak so far %.0f MB", kind.name, strings.Join(summary, " "), peak)
		}
		b.ReportMetric(peak, "peak_MB")
		b.ReportMetric(peak/256, "peak/target")
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}
}

// uploadOnce starts an upload and sends one 1 MB chunk of it.
func uploadOnce(url, token string, chunk []byte, i int) (*http.Response, error) {
	req, _ := http.NewRequest("POST", url+syncproto.PathFiles, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Tus-Resumable", syncproto.TusVersion)
	req.Header.Set("Upload-Length", strconv.Itoa(len(chunk)*2))
	req.Header.Set("Upload-Metadata", "sha256 "+base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("%064x", i))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusCreated || loc == "" {
		return resp, nil // over the laptop's quota: answered
	}
	if !strings.HasPrefix(loc, "http") {
		loc = url + loc
	}
	req, _ = http.NewRequest("PATCH", loc, bytes.NewReader(chunk))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Tus-Resumable", syncproto.TusVersion)
	req.Header.Set("Upload-Offset", "0")
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	return http.DefaultClient.Do(req)
}

// prepareServer fills dir with organisations, a member's and the
// secretariat's laptops and 3,000 large activities to pull.
func prepareServer(b *testing.B, dir string) (member, sec *actor) {
	s, err := syncserver.OpenStore(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	w := &world{t: b, dir: dir, store: s}
	w.orgS, w.orgA = w.org("Katiblik", true), w.org("Şəki Uşaq Mərkəzi", false)
	enrol := func(org string) *actor {
		code, _, err := s.Invite(context.Background(), org, time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		nodes++
		resp, err := s.Enroll(context.Background(), syncproto.EnrollRequest{Protocol: syncproto.Version, Code: code,
			Node: fmt.Sprintf("%08x", 0xb0000000+nodes), NextSeq: 1})
		if err != nil {
			b.Fatal(err)
		}
		return &actor{w: w, id: resp.DeviceID, token: resp.Token, node: resp.Node, org: org}
	}
	member, sec = enrol(w.orgA), enrol(w.orgS)
	dev, err := s.Authenticate(context.Background(), member.token)
	if err != nil {
		b.Fatal(err)
	}
	big := strings.Repeat("Uşaq hüquqları üzrə təlim. ", 180)
	seq := int64(0)
	for range 30 {
		var cs []syncproto.Change
		for range 100 {
			seq++
			a := validActivity(w.orgA)
			a.Description, a.Results, a.FollowUp = big, big, big
			cs = append(cs, syncproto.Change{Seq: seq, Entity: syncproto.EntityActivity, ID: alliance.NewID(), Org: w.orgA,
				Op: syncproto.OpCreate, HLC: syncproto.HLC{Wall: time.Now().UnixMilli(), Node: member.node}.String(),
				Fields: syncproto.ActivityFields(a)})
		}
		if _, err := s.Push(context.Background(), dev, syncproto.PushRequest{Changes: cs}); err != nil {
			b.Fatal(err)
		}
	}
	return member, sec
}

// procMB reads a memory figure (VmRSS, VmHWM) of process pid in MB.
func procMB(b *testing.B, pid int, field string) float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	b.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
