package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/syncserver"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// TestRun_Recovery goes the secretariat's way with the recovery key: made
// off the server under a long passphrase, its public part set on the
// server (which gives it to laptops), and a laptop's request opened into
// the code that unlocks that laptop; a short passphrase, an overwrite, a
// wrong passphrase and a bad public key are refused.
func TestRun_Recovery(t *testing.T) {
	t.Cleanup(func() { stdin = os.Stdin })
	key := filepath.Join(t.TempDir(), "alliance-recovery.key")
	t.Setenv(recoveryEnv, "short")
	if err := run([]string{"recovery", "keygen", "--out", key}, io.Discard); err == nil || !strings.Contains(err.Error(), "12 characters") {
		t.Fatalf("a short passphrase: %v", err)
	}
	t.Setenv(recoveryEnv, "the secretariat's recovery passphrase")
	out := runOK(t, "recovery", "keygen", "--out", key)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	public := lines[len(lines)-1]
	if !strings.HasPrefix(public, "age1") {
		t.Fatalf("keygen printed %q", out)
	}
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the private key file: %v %v", st, err)
	}
	if err := run([]string{"recovery", "keygen", "--out", key}, io.Discard); err == nil {
		t.Fatal("keygen overwrote a recovery key")
	}

	dir := t.TempDir()
	if err := run([]string{"recovery", "set", "--data", dir, "age1notakey"}, io.Discard); err == nil {
		t.Fatal("a malformed public key was set")
	}
	runOK(t, "recovery", "set", "--data", dir, public)
	s, err := syncserver.OpenStore(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.RecoveryKey() != public {
		t.Fatalf("the server gives laptops %q", s.RecoveryKey())
	}
	s.Close()

	// A laptop's request, pasted into a file from a messenger.
	k, _ := vault.NewKey()
	req, err := vault.WrapForRecovery(k, public, "laptop 42, people Aynur")
	if err != nil {
		t.Fatal(err)
	}
	reqFile := filepath.Join(t.TempDir(), "request.txt")
	os.WriteFile(reqFile, []byte("Salam, sorğu budur:\n"+req), 0o644)
	out = runOK(t, "recovery", "open", "--key", key, reqFile)
	if !strings.Contains(out, "laptop 42, people Aynur") {
		t.Fatalf("open printed %q", out)
	}
	lines = strings.Split(strings.TrimSpace(out), "\n")
	got, err := vault.KeyFromCode(lines[len(lines)-1])
	if err != nil || got.ID() != k.ID() {
		t.Fatalf("the code printed does not unlock the laptop: %v", err)
	}
	// The request on the input, the passphrase from the environment.
	stdin = strings.NewReader(req)
	if out := runOK(t, "recovery", "open", "--key", key, "-"); !strings.Contains(out, lines[len(lines)-1]) {
		t.Fatalf("from the input: %q", out)
	}
	t.Setenv(recoveryEnv, "not the passphrase")
	if err := run([]string{"recovery", "open", "--key", key, reqFile}, io.Discard); err == nil || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Fatalf("a wrong passphrase: %v", err)
	}
}

// TestRun_BundleImport: a file that is not a bundle for this server is
// refused with a message, and no reply is left behind.
func TestRun_BundleImport(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "village.alliance-bundle")
	os.WriteFile(file, []byte("age-encryption.org/v1\n-> X25519 garbage\n"), 0o644)
	err := run([]string{"bundle", "import", "--data", dir, file}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "bundle") {
		t.Fatalf("a broken bundle: %v", err)
	}
	if _, err := os.Stat(strings.TrimSuffix(file, ".alliance-bundle") + ".alliance-reply"); !os.IsNotExist(err) {
		t.Fatalf("a reply was left for a refused bundle: %v", err)
	}
	if err := run([]string{"bundle", "import", "--data", dir}, io.Discard); err == nil {
		t.Fatal("import without a file")
	}
}
