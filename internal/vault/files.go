package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// Files are sealed with age (chunks of 64 KiB, each authenticated, read
// at any offset) under a file key wrapped by the data key: a stanza of
// our own kind, "alliance-data", naming the data key by its id.
const stanzaType = "alliance-data"

type recipient struct{ k *Key }

func (r recipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	return []*age.Stanza{{Type: stanzaType, Args: []string{r.k.ID()}, Body: r.k.Seal(fileKey, []byte(stanzaType))}}, nil
}

type identity struct{}

// Unwrap finds, among the unlocked keys, the one a stanza names.
func (identity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		if s.Type != stanzaType || len(s.Args) != 1 {
			continue
		}
		fk, err := Open(s.Body, []byte(stanzaType))
		if errors.Is(err, ErrLocked) {
			return nil, ErrLocked
		} else if err != nil {
			return nil, fmt.Errorf("a sealed file's key: %w", err)
		}
		return fk, nil
	}
	return nil, age.ErrIncorrectIdentity
}

// SealWriter returns a writer that seals what is written to it into dst;
// Close finishes the file (it does not close dst).
func (k *Key) SealWriter(dst io.Writer) (io.WriteCloser, error) {
	return age.Encrypt(dst, recipient{k})
}

// fileMagic starts an age file.
var fileMagic = []byte("age-encryption.org/v1\n")

// IsSealedFile reports whether a file starting with head is sealed.
func IsSealedFile(head []byte) bool { return bytes.HasPrefix(head, fileMagic) }

// OpenFile reads a sealed file at any offset: it returns a reader of the
// clear content and its size (ErrLocked when its key is locked).
func OpenFile(src io.ReaderAt, size int64) (io.ReaderAt, int64, error) {
	ra, n, err := age.DecryptReaderAt(src, size, identity{})
	if errors.Is(err, ErrLocked) {
		return nil, 0, ErrLocked
	}
	return ra, n, err
}

// OpenStream reads a sealed file from its start.
func OpenStream(src io.Reader) (io.Reader, error) {
	r, err := age.Decrypt(src, identity{})
	if errors.Is(err, ErrLocked) {
		return nil, ErrLocked
	}
	return r, err
}
