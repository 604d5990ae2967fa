package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aead.dev/minisign"

	"github.com/ngo-alliance/alliance/internal/update"
)

// TestRun_Release goes the secretariat's way: a key made and a release
// signed off the server (the passphrase typed on stdin), published, rolled
// out, listed and withdrawn; a wrong passphrase, a changed file and a
// version other than signed are refused.
func TestRun_Release(t *testing.T) {
	const pass = "a long passphrase for tests"
	stdin = strings.NewReader(pass + "\n")
	t.Setenv(passphraseEnv, pass)
	os.Unsetenv(passphraseEnv) // typed, not from the environment
	t.Cleanup(func() { stdin = os.Stdin })

	key := filepath.Join(t.TempDir(), "alliance-release.key")
	out := runOK(t, "release", "keygen", "--out", key)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	public := lines[len(lines)-1]
	keys, err := update.ParseKeys(public)
	if err != nil || len(keys) != 1 {
		t.Fatalf("keygen printed %q: %v", out, err)
	}
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the private key file: %v %v", st, err)
	}
	stdin = strings.NewReader(pass + "\n")
	if err := run([]string{"release", "keygen", "--out", key}, io.Discard); err == nil {
		t.Fatal("keygen overwrote a key")
	}
	releaseKeys = func() ([]minisign.PublicKey, error) { return keys, nil }
	t.Cleanup(func() { releaseKeys = update.BuiltInKeys })

	file := filepath.Join(t.TempDir(), "Alliance-1.3.0-windows-amd64.update")
	if err := os.WriteFile(file, []byte("the program, compressed"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdin = strings.NewReader("not the passphrase\n")
	if err := run([]string{"release", "sign", "--key", key, "--version", "1.3.0", file}, io.Discard); err == nil {
		t.Fatal("sign with a wrong passphrase succeeded")
	}
	t.Setenv(passphraseEnv, pass)
	// Flags after the file, as people type them.
	if out := runOK(t, "release", "sign", file, "--key", key, "--version", "1.3.0"); !strings.Contains(out, "windows-amd64") {
		t.Fatalf("sign printed %q", out)
	}

	dir := t.TempDir()
	if err := run([]string{"release", "add", "--data", dir, "--version", "1.4.0", file}, io.Discard); err == nil {
		t.Fatal("a release added as another version than signed")
	}
	if out := runOK(t, "release", "add", file, "--data", dir, "--version", "1.3.0"); !strings.Contains(out, "10%") {
		t.Fatalf("add printed %q", out)
	}
	runOK(t, "release", "rollout", "--data", dir, "--version", "1.3.0", "--percent", "100")
	list := runOK(t, "release", "list", "--data", dir)
	for _, want := range []string{"1.3.0", "windows-amd64", "100%", "0 laptops"} {
		if !strings.Contains(list, want) {
			t.Fatalf("release list lacks %q:\n%s", want, list)
		}
	}
	runOK(t, "release", "withdraw", "--data", dir, "--version", "1.3.0")
	list = runOK(t, "release", "list", "--data", dir)
	row := strings.Fields(strings.Split(list, "\n")[1])
	if withdrawn := row[len(row)-2]; withdrawn == "-" || !strings.HasPrefix(withdrawn, "20") {
		t.Fatalf("the withdrawn release has no date of withdrawal:\n%s", list)
	}

	if err := os.WriteFile(file, []byte("the program, changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	runOK(t, "release", "sign", file, "--key", key, "--version", "1.3.1")
	if err := os.WriteFile(file, []byte("the program, changed after signing"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"release", "add", file, "--data", dir, "--version", "1.3.1"}, io.Discard); err == nil {
		t.Fatal("a file changed after signing was published")
	}
	for _, args := range [][]string{
		{"release", "add", "--data", dir, file},
		{"release", "rollout", "--data", dir, "--version", "1.3.0"},
		{"release", "rollout", "--data", dir, "--version", "9.9.9", "--percent", "5"},
		{"release", "sign", "--key", key, "--version", "1.3.0", filepath.Join(t.TempDir(), "noplatform.bin")},
	} {
		if err := run(args, io.Discard); err == nil {
			t.Errorf("alliance-server %s succeeded", strings.Join(args, " "))
		}
	}
}
