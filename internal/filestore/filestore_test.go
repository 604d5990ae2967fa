package filestore_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
)

func TestStore_Put(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("Uşaq rəsmi: günəş, ev, ağac")
	sum := sha256.Sum256(data)
	hash, size, fresh, err := s.Put(bytes.NewReader(data), 0)
	if err != nil || hash != hex.EncodeToString(sum[:]) || size != int64(len(data)) || !fresh {
		t.Fatalf("put: %s %d %v %v", hash, size, fresh, err)
	}
	if _, _, fresh, err := s.Put(bytes.NewReader(data), 0); err != nil || fresh {
		t.Fatalf("the same content again was new: %v", err)
	}
	if !s.Has(hash) || s.Has(strings.Repeat("0", 64)) || s.Has("../../etc/passwd") {
		t.Fatal("Has")
	}
	f, err := s.Open(hash)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	f.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %q %v", got, err)
	}
	if _, _, _, err := s.Put(bytes.NewReader(make([]byte, 101)), 100); alliance.ErrorCode(err) != alliance.ETOOLARGE {
		t.Fatalf("over the limit: %v", err)
	}
	if entries, _ := os.ReadDir(s.Dir() + "/tmp"); len(entries) != 0 {
		t.Fatalf("%d temporary files left", len(entries))
	}
	if _, err := s.Open(strings.Repeat("ab", 32)); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("a missing file: %v", err)
	}
}

func TestStore_Verify(t *testing.T) {
	s, _ := filestore.Open(t.TempDir())
	hash, _, _, err := s.Put(strings.NewReader(strings.Repeat("film ", 1000)), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(hash); err != nil {
		t.Fatalf("an intact file: %v", err)
	}
	data, _ := os.ReadFile(s.Path(hash))
	data[10] = 'X'
	os.WriteFile(s.Path(hash), data, 0o644)
	if err := s.Verify(hash); !filestore.IsCorrupt(err) {
		t.Fatalf("a changed byte: %v", err)
	}
	os.WriteFile(s.Path(hash), data[:100], 0o644)
	if err := s.Verify(hash); !filestore.IsCorrupt(err) {
		t.Fatalf("a truncated file: %v", err)
	}
}

func TestStore_Adopt(t *testing.T) {
	s, _ := filestore.Open(t.TempDir())
	data := []byte("bir dəqiqəlik film")
	sum := sha256.Sum256(data)
	want := hex.EncodeToString(sum[:])
	part := s.TempDir() + "/part"
	os.WriteFile(part, data, 0o644)
	if err := s.Adopt(part, want); err != nil || !s.Has(want) {
		t.Fatalf("adopt: %v", err)
	}
	os.WriteFile(part, []byte("something else"), 0o644)
	if err := s.Adopt(part, want); !filestore.IsCorrupt(err) {
		t.Fatalf("a file not matching its hash was taken: %v", err)
	}
	if _, err := os.Stat(part); !os.IsNotExist(err) {
		t.Fatal("the wrong file was left behind")
	}
	if err := s.Verify(want); err != nil {
		t.Fatalf("the stored file was touched: %v", err)
	}
}
