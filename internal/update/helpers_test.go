package update

import (
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"testing"

	"aead.dev/minisign"
	"github.com/ulikunitz/xz"
)

// testKey makes a release key pair, kept in the clear: minisign keeps a
// private key under scrypt, which takes seconds each time it is opened
// (TestSign opens one).
func testKey(t *testing.T) (minisign.PublicKey, minisign.PrivateKey) {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

// packed is program compressed as a release file is.
func packed(t *testing.T, program string) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := xz.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(program)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// signed returns a release file for program and its signature, as
// Sign makes it (the file's hash signed, with rel in the trusted comment).
func signed(t *testing.T, priv minisign.PrivateKey, program string, rel Release) ([]byte, []byte) {
	t.Helper()
	file := packed(t, program)
	r := minisign.NewReader(bytes.NewReader(file))
	if _, err := io.Copy(io.Discard, r); err != nil {
		t.Fatal(err)
	}
	return file, r.SignWithComments(priv, rel.Comment(), "test")
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
