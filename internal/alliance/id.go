package alliance

import (
	"crypto/rand"

	"github.com/google/uuid"
)

// NewID returns a new UUIDv7: made on the laptop without asking anyone,
// unique across laptops, and ordered by creation time.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// ValidID reports whether s is a UUID in canonical form.
func ValidID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

// DerivedID returns the same UUID for the same parts on every laptop: for
// a record that must be one record wherever it is made (one judge's score
// of one entry), so that two laptops writing it merge instead of clashing.
func DerivedID(parts ...string) string {
	name := ""
	for _, p := range parts {
		name += p + "\x00"
	}
	return uuid.NewSHA1(idSpace, []byte(name)).String()
}

var idSpace = uuid.MustParse("6f1c0a52-8d3e-4b7a-9a51-0c2e7d4b9f10")

// RandomCode returns n random characters of Crockford's base 32 (no I, L,
// O, U: nothing to misread when typed from paper).
func RandomCode(n int) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
