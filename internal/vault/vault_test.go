package vault

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestKey_Seal(t *testing.T) {
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte(`{"full_name":"Aysel Məmmədova"}`)
	s := k.Seal(plain, []byte("rec-1"))
	if !IsSealed(s) || bytes.Contains(s, []byte("Aysel")) || SealedID(s) != k.ID() {
		t.Fatalf("sealed value %q", s)
	}
	if _, err := Open(s, []byte("rec-1")); !errors.Is(err, ErrLocked) {
		t.Fatalf("open before the key is unlocked: %v", err)
	}
	Register(k)
	defer Forget(k)
	got, err := Open(s, []byte("rec-1"))
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("open = %q, %v", got, err)
	}
	if _, err := Open(s, []byte("rec-2")); !errors.Is(err, ErrDamaged) {
		t.Fatalf("moved to another record: %v", err)
	}
	s[len(s)-1] ^= 1
	if _, err := Open(s, []byte("rec-1")); !errors.Is(err, ErrDamaged) {
		t.Fatalf("changed byte: %v", err)
	}
	if got, err := Open([]byte(`{"a":1}`), nil); err != nil || string(got) != `{"a":1}` {
		t.Fatalf("a clear value passes through: %q, %v", got, err)
	}
}

func TestWrap(t *testing.T) {
	k, _ := NewKey()
	kek := bytes.Repeat([]byte{7}, KeySize)
	w, err := Wrap(k, kek)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unwrap(w, kek)
	if err != nil || got.ID() != k.ID() {
		t.Fatalf("unwrap = %v, %v", got, err)
	}
	if _, err := Unwrap(w, bytes.Repeat([]byte{8}, KeySize)); !errors.Is(err, ErrDamaged) {
		t.Fatalf("wrong kek: %v", err)
	}
}

func TestRecovery(t *testing.T) {
	private, public, err := NewRecoveryKey("long enough passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(public, "age1") || bytes.Contains(private, []byte("AGE-SECRET-KEY")) {
		t.Fatalf("public %q, private in the clear: %q", public, private)
	}
	k, _ := NewKey()
	req, err := WrapForRecovery(k, public, "Laptop of Uşaq Hüquqları, Gəncə")
	if err != nil {
		t.Fatal(err)
	}
	// Pasted into a messenger: surrounding words and CRLF line ends.
	pasted := "hello, here it is:\r\n" + strings.ReplaceAll(req, "\n", "\r\n") + "thanks"
	pasted = strings.Replace(pasted, "thanks", "", 1)
	about, code, err := OpenRecovery(pasted, private, "long enough passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if about != "Laptop of Uşaq Hüquqları, Gəncə" {
		t.Fatalf("about = %q", about)
	}
	back, err := KeyFromCode(strings.ToLower(strings.ReplaceAll(code, "-", " ")))
	if err != nil || back.ID() != k.ID() {
		t.Fatalf("code %q = %v, %v", code, back, err)
	}
	if _, _, err := OpenRecovery(req, private, "wrong"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	other, _, _ := NewRecoveryKey("another passphrase")
	if _, _, err := OpenRecovery(req, other, "another passphrase"); err == nil {
		t.Fatal("another recovery key opened the request")
	}
	if _, err := KeyFromCode("ABCD-EFGH"); err == nil {
		t.Fatal("a short code passed")
	}
}

func TestKey_SealWriter(t *testing.T) {
	k, _ := NewKey()
	plain := bytes.Repeat([]byte("drawing of a house "), 20000) // several chunks
	var buf bytes.Buffer
	w, err := k.SealWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	sealed := buf.Bytes()
	if !IsSealedFile(sealed) || bytes.Contains(sealed, []byte("house")) {
		t.Fatal("not sealed")
	}
	if _, _, err := OpenFile(bytes.NewReader(sealed), int64(len(sealed))); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	Register(k)
	defer Forget(k)
	ra, n, err := OpenFile(bytes.NewReader(sealed), int64(len(sealed)))
	if err != nil || n != int64(len(plain)) {
		t.Fatalf("open: %d, %v", n, err)
	}
	part := make([]byte, 1000)
	if _, err := ra.ReadAt(part, 70000); err != nil || !bytes.Equal(part, plain[70000:71000]) {
		t.Fatalf("read at an offset: %v", err)
	}
	r, err := OpenStream(bytes.NewReader(sealed))
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(all, plain) {
		t.Fatalf("stream: %v", err)
	}
}
