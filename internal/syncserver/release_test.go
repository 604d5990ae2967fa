package syncserver_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"aead.dev/minisign"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
	"github.com/ngo-alliance/alliance/internal/update"
)

// releaseFile writes a release file for rel, signed with priv, and
// returns its path and signature.
func releaseFile(t *testing.T, priv minisign.PrivateKey, content string, rel update.Release) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Alliance-"+rel.Version+"-"+rel.Platform+".update")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	r := minisign.NewReader(bytes.NewReader([]byte(content)))
	if _, err := io.Copy(io.Discard, r); err != nil {
		t.Fatal(err)
	}
	return path, r.SignWithComments(priv, rel.Comment(), "test")
}

func releaseKey(t *testing.T) (minisign.PublicKey, minisign.PrivateKey) {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

// pullRelease pulls as a laptop running version on platform and returns
// the release offered.
func (a *actor) pullRelease(version, platform string) *syncproto.ReleaseOffer {
	a.w.t.Helper()
	var resp syncproto.PullResponse
	if st, eb := a.call("POST", syncproto.PathPull, syncproto.PullRequest{Protocol: syncproto.Version, Cursor: 1 << 40, App: version, Platform: platform}, &resp); st != 200 {
		a.w.t.Fatalf("pull: %d %+v", st, eb)
	}
	return resp.Release
}

func TestStore_AddRelease(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	pub, priv := releaseKey(t)
	_, otherPriv := releaseKey(t)
	keys := []minisign.PublicKey{pub}
	rel := update.Release{Version: "1.3.0", Platform: "windows-amd64"}

	file, sig := releaseFile(t, otherPriv, "program 1.3.0", rel)
	if _, err := w.store.AddRelease(ctx, file, sig, "1.3.0", "", 100, keys); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a release signed with another key: %v", err)
	}
	file, sig = releaseFile(t, priv, "program 1.3.0", rel)
	if _, err := w.store.AddRelease(ctx, file, sig, "1.4.0", "", 100, keys); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a release added as another version than signed: %v", err)
	}
	if _, err := w.store.AddRelease(ctx, file, sig, "1.3.0", "", 100, nil); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a release added by a server that trusts no key: %v", err)
	}
	if err := os.WriteFile(file, []byte("program 1.3.0, changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddRelease(ctx, file, sig, "1.3.0", "", 100, keys); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a changed release file: %v", err)
	}
	file, sig = releaseFile(t, priv, "program 1.3.0", rel)
	r, err := w.store.AddRelease(ctx, file, sig, "1.3.0", "", 100, keys)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("program 1.3.0"))
	if r.SHA256 != hex.EncodeToString(sum[:]) || r.Platform != "windows-amd64" || r.Size != 13 {
		t.Fatalf("added %+v", r)
	}
	if _, err := w.store.AddRelease(ctx, file, sig, "1.3.0", "", 100, keys); alliance.ErrorCode(err) != alliance.ECONFLICT {
		t.Fatalf("the same version added twice: %v", err)
	}
	if err := w.store.SetRollout(ctx, "9.9.9", "", 50); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("rollout of an unknown version: %v", err)
	}
	if err := w.store.SetRollout(ctx, "1.3.0", "", 101); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("rollout of 101%%: %v", err)
	}
}

// TestStore_PullOffersRelease: a laptop is offered the newest release for
// its platform that is newer than what it runs, within the rollout, not
// withdrawn; it may read that file (and no other laptop's), and the
// server notes what each laptop runs.
func TestStore_PullOffersRelease(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	pub, priv := releaseKey(t)
	keys := []minisign.PublicKey{pub}
	for _, rel := range []update.Release{{Version: "1.3.0", Platform: "windows-amd64"}, {Version: "1.2.5", Platform: "windows-amd64"}, {Version: "1.3.0", Platform: "linux-amd64"}} {
		file, sig := releaseFile(t, priv, "program "+rel.Version+" "+rel.Platform, rel)
		if _, err := w.store.AddRelease(ctx, file, sig, rel.Version, rel.Platform, 100, keys); err != nil {
			t.Fatal(err)
		}
	}
	a := w.enrol(w.orgA)
	if o := a.pullRelease("", ""); o != nil {
		t.Fatalf("a laptop that says no version was offered %+v", o)
	}
	o := a.pullRelease("1.2.0", "windows-amd64")
	if o == nil || o.Version != "1.3.0" || o.Platform != "windows-amd64" || o.Signature == "" {
		t.Fatalf("offered %+v; want 1.3.0 for windows", o)
	}
	if st, _, _ := a.roundTrip("GET", syncproto.PathBlobs+o.SHA256, nil, nil); st != 200 {
		t.Fatalf("the release's file: %d", st)
	}
	if o := a.pullRelease("1.3.0", "windows-amd64"); o != nil {
		t.Fatalf("a laptop on 1.3.0 was offered %+v", o)
	}
	if o := a.pullRelease("1.4.0", "windows-amd64"); o != nil {
		t.Fatalf("a laptop on 1.4.0 was offered an older %+v", o)
	}
	if o := a.pullRelease("1.2.0", "linux-amd64"); o == nil || o.Platform != "linux-amd64" {
		t.Fatalf("a Linux laptop was offered %+v", o)
	}
	if o := a.pullRelease("1.2.0", "darwin-arm64"); o != nil {
		t.Fatalf("a platform without releases was offered %+v", o)
	}
	for _, bad := range [][2]string{{"v1.2.0", "windows-amd64"}, {"1.2", "windows-amd64"}, {"1.2.0", "WINDOWS"}, {"1.2.0+evil", "windows-amd64"}} {
		if o := a.pullRelease(bad[0], bad[1]); o != nil {
			t.Fatalf("a laptop saying %q %q was offered %+v", bad[0], bad[1], o)
		}
	}

	a.pullRelease("1.2.0", "windows-amd64")
	rs, err := w.store.Releases(ctx)
	if err != nil || len(rs) != 3 || rs[0].Version != "1.3.0" || rs[2].Version != "1.2.5" {
		t.Fatalf("Releases = %+v, %v", rs, err)
	}
	devs, err := w.store.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if d.ID == a.id && (d.AppVersion != "1.2.0" || d.Platform != "windows-amd64") {
			t.Fatalf("the server noted %q %q", d.AppVersion, d.Platform)
		}
	}

	// Withdrawn: the next newest is offered, and the file is not served.
	if err := w.store.WithdrawRelease(ctx, "1.3.0", "windows-amd64"); err != nil {
		t.Fatal(err)
	}
	if o2 := a.pullRelease("1.2.0", "windows-amd64"); o2 == nil || o2.Version != "1.2.5" {
		t.Fatalf("after withdrawing 1.3.0, offered %+v; want 1.2.5", o2)
	}
	if st, _, _ := a.roundTrip("GET", syncproto.PathBlobs+o.SHA256, nil, nil); st != 404 {
		t.Fatalf("a withdrawn release's file: %d", st)
	}
}

// TestStore_Rollout: a percentage offers a release to about that share of
// the laptops, the same ones as it grows, then all.
func TestStore_Rollout(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	pub, priv := releaseKey(t)
	rel := update.Release{Version: "1.3.0", Platform: "windows-amd64"}
	file, sig := releaseFile(t, priv, "program", rel)
	if _, err := w.store.AddRelease(ctx, file, sig, "1.3.0", "", 0, []minisign.PublicKey{pub}); err != nil {
		t.Fatal(err)
	}
	// A thousand laptops, asked of the store itself (enrolling them would
	// meet the enrolment's rate limit).
	offered := func(percent int) map[string]bool {
		if err := w.store.SetRollout(ctx, "1.3.0", "", percent); err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for i := range 1000 {
			dev := &syncserver.Device{ID: fmt.Sprintf("laptop-%04d", i), OrgID: w.orgA}
			resp, err := w.store.Pull(ctx, dev, syncproto.PullRequest{Protocol: syncproto.Version, App: "1.2.0", Platform: "windows-amd64"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Release != nil {
				out[dev.ID] = true
			}
		}
		return out
	}
	if got := offered(0); len(got) != 0 {
		t.Fatalf("held at 0%%: offered to %d", len(got))
	}
	tenth := offered(10)
	half := offered(50)
	if len(tenth) < 70 || len(tenth) > 130 || len(half) < 440 || len(half) > 560 {
		t.Fatalf("10%% offered to %d laptops of 1000, 50%% to %d", len(tenth), len(half))
	}
	for id := range tenth {
		if !half[id] {
			t.Fatalf("laptop %s offered at 10%% but not at 50%%", id)
		}
	}
	if all := offered(100); len(all) != 1000 {
		t.Fatalf("100%% offered to %d", len(all))
	}
	rs, _ := w.store.Releases(ctx)
	if rs[0].Rollout != 100 {
		t.Fatalf("Releases = %+v", rs)
	}
	// A real laptop through the API, as well.
	if o := w.enrol(w.orgB).pullRelease("1.2.0", "windows-amd64"); o == nil {
		t.Fatal("at 100%, a laptop was not offered the release")
	}
}
