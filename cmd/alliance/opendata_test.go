package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestOpenData_Sealed: a command on a laptop whose children's data is
// sealed signs in first: without a profile and its secret it stops and
// says how to give them; with a wrong PIN it stops; with the right ones it
// exports the participants' names.
func TestOpenData_Sealed(t *testing.T) {
	dir := t.TempDir()
	if err := runDemo([]string{"--data", dir, "--activities", "20", "--trainings", "2", "--entries", "0", "--seed", "3"}); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
	if err := sqlite.NewProfileService(db).CreateProfile(context.Background(), &alliance.Profile{Name: "Aynur Məmmədova", Kind: alliance.SecretPIN}, "480915"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	terminal.in = strings.NewReader("") // not a terminal: nobody to ask
	t.Cleanup(func() { terminal.in = os.Stdin })

	csv := filepath.Join(t.TempDir(), "participants.csv")
	export := func() error {
		var log strings.Builder
		return runExport([]string{"--data", dir, "--format", "csv", "--table", "participants", "--out", csv}, &log)
	}
	t.Setenv(profileEnv, "")
	t.Setenv(secretEnv, "")
	if err := export(); err == nil || !strings.Contains(err.Error(), profileEnv) {
		t.Fatalf("no one signed in: %v", err)
	}
	t.Setenv(profileEnv, "aynur məmmədova") // as typed
	t.Setenv(secretEnv, "480916")
	if err := export(); alliance.ErrorCode(err) != alliance.EUNAUTHORIZED {
		t.Fatalf("a wrong PIN: %v", err)
	}
	t.Setenv(secretEnv, "480915")
	if err := export(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(csv)
	if err != nil || strings.Count(string(b), "\n") < 3 {
		t.Fatalf("participants exported: %q, %v", b, err)
	}
}
