package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"
	"github.com/ulikunitz/xz"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncserver"
	"github.com/ngo-alliance/alliance/internal/update"
)

// buildProgram builds this command as version, trusting the release key
// pub (none when empty), into out.
func buildProgram(t *testing.T, version, pub, out string) {
	t.Helper()
	ldflags := "-X main.version=" + version
	if pub != "" {
		ldflags += " -X github.com/ngo-alliance/alliance/internal/update.extraKeys=" + pub
	}
	cmd := exec.Command("go", "build", "-tags", "migrated_fynedo,no_emoji", "-ldflags", ldflags, "-o", out, ".")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", version, err, b)
	}
}

// program runs the built program and returns what it printed.
func program(t *testing.T, path string, wantErr bool, args ...string) string {
	t.Helper()
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
	b, err := cmd.CombinedOutput()
	if (err != nil) != wantErr {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(path), strings.Join(args, " "), err, b)
	}
	return string(b)
}

// TestUpdate_RealProgram: the real program, built as 0.0.1, learns of
// 0.0.2 from a real server, fetches and checks it, and puts it in place of
// itself; run again it is 0.0.2, and it goes back to 0.0.1. A build
// without the release key refuses the same release.
func TestUpdate_RealProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program three times")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build the program with")
	}
	ctx := context.Background()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pubText := pub.String() // the key's line, without minisign's comment line

	installed := filepath.Join(t.TempDir(), "alliance")
	buildProgram(t, "0.0.1", string(pubText), installed)
	newer := filepath.Join(t.TempDir(), "alliance")
	buildProgram(t, "0.0.2", string(pubText), newer)
	keyless := filepath.Join(t.TempDir(), "alliance")
	buildProgram(t, "0.0.1", "", keyless)

	// The release of 0.0.2, as make dist and release sign make it.
	raw, err := os.ReadFile(newer)
	if err != nil {
		t.Fatal(err)
	}
	var packed bytes.Buffer
	xw, _ := xz.NewWriter(&packed)
	xw.Write(raw)
	xw.Close()
	file := filepath.Join(t.TempDir(), "Alliance-0.0.2-"+update.Platform()+".update")
	if err := os.WriteFile(file, packed.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	mr := minisign.NewReader(bytes.NewReader(packed.Bytes()))
	io.Copy(io.Discard, mr)
	sig := mr.SignWithComments(priv, update.Release{Version: "0.0.2", Platform: update.Platform()}.Comment(), "test")

	store, err := syncserver.OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.AddRelease(ctx, file, sig, "0.0.2", "", 100, []minisign.PublicKey{pub}); err != nil {
		t.Fatal(err)
	}
	o := &alliance.Organisation{Name: "Lənkəran QHT", Kind: alliance.OrgNGO, RegionID: "lankaran-astara"}
	if err := store.AddOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	running, err := syncserver.Start(store, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer running.Stop()
	enrol := func(path string) string {
		code, _, err := store.Invite(ctx, o.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		data := t.TempDir()
		program(t, path, false, "enroll", "--data", data, "--server", running.URL, "--code", code)
		return data
	}

	data := enrol(installed)
	if out := program(t, installed, false, "update", "--data", data); !strings.Contains(out, "0.0.2 is here and checked") {
		t.Fatalf("update printed %q", out)
	}
	if out := program(t, installed, false, "version"); !strings.Contains(out, "0.0.1") {
		t.Fatalf("the program changed before it was asked to: %q", out)
	}
	if out := program(t, installed, false, "update", "--data", data, "--install"); !strings.Contains(out, "installed") {
		t.Fatalf("update --install printed %q", out)
	}
	if out := program(t, installed, false, "version"); strings.TrimSpace(out) != "alliance 0.0.2" {
		t.Fatalf("after the update the program says %q", out)
	}
	if out := program(t, installed, false, "update", "--data", data); !strings.Contains(out, "newest") {
		t.Fatalf("0.0.2 asking for updates: %q", out)
	}
	if backups, _ := filepath.Glob(filepath.Join(data, "backups", "before-update-0.0.2-*.db")); len(backups) != 1 {
		t.Fatalf("backups before the update: %v", backups)
	}
	if out := program(t, installed, false, "update", "--data", data, "--go-back"); !strings.Contains(out, "0.0.1 is back") {
		t.Fatalf("update --go-back printed %q", out)
	}
	if out := program(t, installed, false, "version"); strings.TrimSpace(out) != "alliance 0.0.1" {
		t.Fatalf("after going back the program says %q", out)
	}
	// Gone back from 0.0.2, the laptop does not take it again.
	if out := program(t, installed, false, "update", "--data", data); !strings.Contains(out, "newest") {
		t.Fatalf("after going back: %q", out)
	}

	// A build without the release key takes no update at all.
	data = enrol(keyless)
	if out := program(t, keyless, true, "update", "--data", data, "--install"); !strings.Contains(out, "without a release key") {
		t.Fatalf("a build without a key: %q", out)
	}
	if out := program(t, keyless, false, "version"); strings.TrimSpace(out) != "alliance 0.0.1" {
		t.Fatalf("the keyless build changed: %q", out)
	}
}
