package osprint_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/osprint"
)

// fakeCommand puts a script named name on PATH that records its arguments.
func fakeCommand(t *testing.T, name string, exit int) string {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "args")
	script := "#!/bin/sh\necho \"$@\" > " + log + "\nexit " + string(rune('0'+exit)) + "\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	return log
}

func TestPrint(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the print verb needs a Windows desktop")
	}
	log := fakeCommand(t, "lp", 0)
	if err := osprint.Print(context.Background(), "/tmp/sertifikat Şəki.pdf"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(log)
	if strings.TrimSpace(string(b)) != "/tmp/sertifikat Şəki.pdf" {
		t.Fatalf("lp got %q", b)
	}
	fakeCommand(t, "lp", 1)
	if err := osprint.Print(context.Background(), "x.pdf"); alliance.ErrorCode(err) != alliance.EUNAVAILABLE {
		t.Fatalf("a failing lp: %v", err)
	}
	t.Setenv("PATH", t.TempDir())
	if err := osprint.Print(context.Background(), "x.pdf"); alliance.ErrorCode(err) != alliance.EUNAVAILABLE {
		t.Fatalf("no lp: %v", err)
	} else if key, _ := alliance.ErrorKey(err); key != "print.error.no_printer" {
		t.Fatalf("key %s", key)
	}
}

func TestOpen(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("xdg-open is Linux's")
	}
	log := fakeCommand(t, "xdg-open", 0)
	if err := osprint.Open(context.Background(), "/tmp/a.pdf"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(log); strings.TrimSpace(string(b)) != "/tmp/a.pdf" {
		t.Fatalf("xdg-open got %q", b)
	}
}
