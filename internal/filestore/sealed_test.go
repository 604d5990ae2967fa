package filestore_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// sealedStore is a store sealing with a fresh key; open says whether the
// key is open (a sign-in) at the moment.
func sealedStore(t *testing.T) (*filestore.Store, *vault.Key, *bool) {
	t.Helper()
	s, err := filestore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k, _ := vault.NewKey()
	vault.Register(k)
	t.Cleanup(func() { vault.Forget(k) })
	open := true
	s.UseKeys(func() (*vault.Key, bool) {
		if open {
			return k, true
		}
		return nil, true
	})
	return s, k, &open
}

// inFolder reports whether any file under dir holds text.
func inFolder(t *testing.T, dir string, text []byte) bool {
	t.Helper()
	found := false
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(path); bytes.Contains(b, text) {
				found = true
			}
		}
		return nil
	})
	return found
}

func TestStore_Sealed(t *testing.T) {
	s, k, open := sealedStore(t)
	drawing := bytes.Repeat([]byte("Aysel-in rəsmi "), 10000)
	hash, size, _, err := s.Put(bytes.NewReader(drawing), 0)
	sum := sha256.Sum256(drawing)
	if err != nil || hash != hex.EncodeToString(sum[:]) || size != int64(len(drawing)) {
		t.Fatalf("put: %s %d %v (named by the clear content's hash)", hash, size, err)
	}
	if inFolder(t, s.Dir(), []byte("Aysel")) {
		t.Fatal("the stored file is in the clear")
	}
	f, err := s.Open(hash)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	f.Close()
	if err != nil || !bytes.Equal(got, drawing) {
		t.Fatalf("read back: %v", err)
	}
	ra, n, closer, err := s.OpenAt(hash)
	if err != nil || n != int64(len(drawing)) {
		t.Fatalf("open at: %d %v", n, err)
	}
	part := make([]byte, 15)
	if _, err := ra.ReadAt(part, 70000*15/15); err != nil || !bytes.Equal(part, drawing[70000:70015]) {
		t.Fatalf("read at an offset: %q %v", part, err)
	}
	closer.Close()

	// Locked (nobody signed in): nothing is read or written.
	*open = false
	vault.Forget(k)
	if _, err := s.Open(hash); errKey(err) != "error.data_locked" {
		t.Fatalf("open while locked: %v", err)
	}
	if _, _, _, err := s.Put(bytes.NewReader([]byte("x")), 0); errKey(err) != "error.data_locked" {
		t.Fatalf("put while locked: %v", err)
	}
	if err := s.Verify(hash); err != nil {
		t.Fatalf("verify while locked (a backup checked before a sign-in): %v", err)
	}
	*open = true
	vault.Register(k)

	// A damaged sealed file is found out.
	path := s.Path(hash)
	raw, _ := os.ReadFile(path)
	raw[len(raw)-100] ^= 1
	os.WriteFile(path, raw, 0o644)
	if err := s.Verify(hash); !filestore.IsCorrupt(err) {
		t.Fatalf("damaged sealed file: %v", err)
	}
}

func errKey(err error) string {
	k, _ := alliance.ErrorKey(err)
	return k
}

// TestStore_SealAll: files taken in before the data was sealed are sealed
// in place, and still read back.
func TestStore_SealAll(t *testing.T) {
	dir := t.TempDir()
	clear, _ := filestore.Open(dir)
	data := []byte("razılıq: Gülnarə Həsənova")
	hash, _, _, err := clear.Put(bytes.NewReader(data), 0)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := vault.NewKey()
	vault.Register(k)
	defer vault.Forget(k)
	s, _ := filestore.Open(dir)
	s.UseKeys(func() (*vault.Key, bool) { return k, true })
	if n, err := s.SealAll(); err != nil || n != 1 {
		t.Fatalf("sealed %d, %v", n, err)
	}
	if n, _ := s.SealAll(); n != 0 {
		t.Fatalf("sealed again: %d", n)
	}
	if inFolder(t, dir, []byte("Gülnarə")) {
		t.Fatal("still in the clear")
	}
	if err := s.Verify(hash); err != nil {
		t.Fatal(err)
	}
	// A backup takes the file as it is kept: sealed.
	to, _ := filestore.Open(t.TempDir())
	if _, err := to.Import(s, hash); err != nil || inFolder(t, to.Dir(), []byte("Gülnarə")) || to.Verify(hash) != nil {
		t.Fatalf("import: %v", err)
	}
}

// TestStore_OpenPart: a download arriving in pieces on a sealed laptop is
// never in the clear on disk, survives a crash in the middle of a segment,
// and is taken in whole.
func TestStore_OpenPart(t *testing.T) {
	s, _, _ := sealedStore(t)
	film := bytes.Repeat([]byte("Xəyalənin filmi "), 30000)
	sum := sha256.Sum256(film)
	hash := hex.EncodeToString(sum[:])
	p, err := s.OpenPart(hash)
	if err != nil || p.Have() != 0 {
		t.Fatal(err)
	}
	p.Write(film[:200000])
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if inFolder(t, s.Dir(), []byte("Xəyalə")) {
		t.Fatal("the part is in the clear")
	}
	// A crash cut the last segment short.
	parts, _ := filepath.Glob(filepath.Join(s.TempDir(), "*.sealed-part"))
	if len(parts) != 1 {
		t.Fatalf("parts %v", parts)
	}
	st, _ := os.Stat(parts[0])
	os.Truncate(parts[0], st.Size()-10)
	p, err = s.OpenPart(hash)
	if err != nil {
		t.Fatal(err)
	}
	have := p.Have()
	if have >= 200000 || have%(64<<10) != 0 {
		t.Fatalf("have %d after a torn segment", have)
	}
	p.Write(film[have:])
	p.Close()
	if err := s.AdoptPart(hash); err != nil {
		t.Fatal(err)
	}
	f, err := s.Open(hash)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(got, film) || inFolder(t, s.Dir(), []byte("Xəyalə")) {
		t.Fatal("the adopted file is wrong or in the clear")
	}
	// A part that is not the file named is refused and dropped.
	p, _ = s.OpenPart(hex.EncodeToString(make([]byte, 32)))
	p.Write([]byte("something else"))
	p.Close()
	if err := s.AdoptPart(hex.EncodeToString(make([]byte, 32))); !filestore.IsCorrupt(err) {
		t.Fatalf("a wrong part: %v", err)
	}
}
