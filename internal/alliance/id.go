package alliance

import "github.com/google/uuid"

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
