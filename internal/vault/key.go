// Package vault seals children's data on a laptop: one data key per
// laptop (256 bits, random) encrypts the personal fields of the records
// that name children or participants, and the files of the file store.
// The data key never touches the disk in the clear: each profile keeps it
// wrapped by a key derived from its PIN or passphrase (argon2id), and a
// recovery copy is wrapped for the secretariat's recovery key (age X25519)
// whose private part stays off the server.
//
// Sealed values carry the id of the key that sealed them; Open finds that
// key among the keys unlocked in this process (Register), so code that
// reads the database needs no handle on the key.
package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// KeySize is the size of a data key.
const KeySize = 32

// magic starts every sealed value: no JSON document or text starts with
// a NUL byte, so sealed and clear values tell themselves apart.
var magic = []byte{0, 'A', 'V', '1'}

const idSize = 8

// ErrLocked says a sealed value's key is not unlocked here: nobody signed
// in since the program started.
var ErrLocked = errors.New("the data key is locked: sign in first")

// ErrDamaged says a sealed value does not open with its key: it was
// changed, cut, or sealed with another key of the same id.
var ErrDamaged = errors.New("a sealed value does not open: damaged")

// Key is a laptop's data key.
type Key struct {
	raw [KeySize]byte
	id  [idSize]byte
}

// NewKey makes a random data key.
func NewKey() (*Key, error) {
	var raw [KeySize]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, fmt.Errorf("make a data key: %w", err)
	}
	return KeyFrom(raw[:])
}

// KeyFrom is the data key of raw bytes.
func KeyFrom(raw []byte) (*Key, error) {
	if len(raw) != KeySize {
		return nil, fmt.Errorf("a data key is %d bytes, not %d", KeySize, len(raw))
	}
	k := &Key{}
	copy(k.raw[:], raw)
	m := hmac.New(sha256.New, k.raw[:])
	m.Write([]byte("alliance data key id"))
	copy(k.id[:], m.Sum(nil))
	return k, nil
}

// ID names the key (it reveals nothing of it): sealed values carry it.
func (k *Key) ID() string { return hex.EncodeToString(k.id[:]) }

// Bytes is the raw key, for wrapping.
func (k *Key) Bytes() []byte { return bytes.Clone(k.raw[:]) }

// Seal encrypts plain (XChaCha20-Poly1305, a random nonce) bound to ad
// (the record's id, so a sealed value cannot be moved to another record).
func (k *Key) Seal(plain, ad []byte) []byte {
	aead, _ := chacha20poly1305.NewX(k.raw[:])
	out := make([]byte, 0, len(magic)+idSize+chacha20poly1305.NonceSizeX+len(plain)+aead.Overhead())
	out = append(out, magic...)
	out = append(out, k.id[:]...)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(nonce); err != nil {
		panic(fmt.Sprintf("vault: no randomness: %v", err)) // crypto/rand does not fail on supported systems
	}
	out = append(out, nonce...)
	return aead.Seal(out, nonce, plain, ad)
}

// open decrypts a value this key sealed.
func (k *Key) open(sealed, ad []byte) ([]byte, error) {
	head := len(magic) + idSize
	if len(sealed) < head+chacha20poly1305.NonceSizeX || !bytes.Equal(sealed[len(magic):head], k.id[:]) {
		return nil, ErrDamaged
	}
	aead, _ := chacha20poly1305.NewX(k.raw[:])
	nonce := sealed[head : head+chacha20poly1305.NonceSizeX]
	plain, err := aead.Open(nil, nonce, sealed[head+chacha20poly1305.NonceSizeX:], ad)
	if err != nil {
		return nil, ErrDamaged
	}
	return plain, nil
}

// IsSealed reports whether b is a sealed value.
func IsSealed(b []byte) bool { return bytes.HasPrefix(b, magic) }

// SealedID is the id of the key that sealed b ("" when b is not sealed).
func SealedID(b []byte) string {
	if !IsSealed(b) || len(b) < len(magic)+idSize {
		return ""
	}
	return hex.EncodeToString(b[len(magic) : len(magic)+idSize])
}

var (
	mu       sync.RWMutex
	unlocked = map[[idSize]byte]*Key{}
)

// Register unlocks k in this process: Open finds it.
func Register(k *Key) {
	mu.Lock()
	unlocked[k.id] = k
	mu.Unlock()
}

// Forget locks k again (the data folder was closed or erased).
func Forget(k *Key) {
	mu.Lock()
	delete(unlocked, k.id)
	mu.Unlock()
}

// Open returns the clear value of b: b itself when it is not sealed, else
// b decrypted with its key (ErrLocked when that key is not unlocked).
func Open(b, ad []byte) ([]byte, error) {
	if !IsSealed(b) {
		return b, nil
	}
	if len(b) < len(magic)+idSize {
		return nil, ErrDamaged
	}
	var id [idSize]byte
	copy(id[:], b[len(magic):])
	mu.RLock()
	k := unlocked[id]
	mu.RUnlock()
	if k == nil {
		return nil, ErrLocked
	}
	return k.open(b, ad)
}

// Wrap seals the data key k with kek (a key derived from a secret).
func Wrap(k *Key, kek []byte) ([]byte, error) {
	w, err := KeyFrom(kek)
	if err != nil {
		return nil, err
	}
	return w.Seal(k.raw[:], []byte("alliance wrapped data key")), nil
}

// Unwrap opens a data key wrapped with kek (ErrDamaged: the wrong kek).
func Unwrap(wrapped, kek []byte) (*Key, error) {
	w, err := KeyFrom(kek)
	if err != nil {
		return nil, err
	}
	raw, err := w.open(wrapped, []byte("alliance wrapped data key"))
	if err != nil {
		return nil, err
	}
	return KeyFrom(raw)
}

// Locked is ErrLocked as the app says it: translated, and EUNAVAILABLE
// (the data opens at a sign-in: try again then).
func Locked() error {
	return alliance.Keyed(alliance.EUNAVAILABLE, "error.data_locked", nil, "%v", ErrLocked)
}

// IsLocked reports whether err says the data key is not open.
func IsLocked(err error) bool {
	key, _ := alliance.ErrorKey(err)
	return key == "error.data_locked" || errors.Is(err, ErrLocked)
}
