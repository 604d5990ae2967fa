package safefile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/safefile"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hesabat.csv")
	if err := safefile.WriteBytes(path, []byte("Şəki")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "Şəki" {
		t.Fatalf("%q %v", b, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	// Written again: replaced whole.
	if err := safefile.WriteBytes(path, []byte("Quba")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "Quba" {
		t.Fatalf("%q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left in the folder: %v", entries)
	}
}

func TestWrite_Failed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hesabat.pdf")
	if err := safefile.WriteBytes(path, []byte("the old one")); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("the export broke")
	err := safefile.Write(path, func(w io.Writer) error {
		w.Write([]byte("half"))
		return broken
	})
	if !errors.Is(err, broken) {
		t.Fatalf("err %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "the old one" {
		t.Fatalf("a failed write touched the file: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left in the folder: %v", entries)
	}
}

func TestWrite_MissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "yoxdur")
	err := safefile.WriteBytes(filepath.Join(dir, "x.pdf"), []byte("x"))
	var ae *alliance.Error
	if !errors.As(err, &ae) || ae.Key != "error.folder_not_writable" {
		t.Fatalf("err %#v", err)
	}
}
