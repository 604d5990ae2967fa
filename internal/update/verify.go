package update

import (
	"fmt"
	"io"

	"aead.dev/minisign"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// errNotSigned says a file is not what the alliance signed.
func errNotSigned(why string) error {
	return alliance.Keyed(alliance.EINVALID, "error.update_not_signed", nil,
		"the release is not signed by the alliance's release key: %s", why)
}

// Verify checks that the file read from r is signed by one of keys with
// signature sig (minisign's text), and returns the release the signature
// names. A file changed by one byte, a signature by another key, or a
// signed comment changed, are all refused.
func Verify(keys []minisign.PublicKey, r io.Reader, sig []byte) (Release, error) {
	if len(keys) == 0 {
		return Release{}, alliance.Keyed(alliance.EINVALID, "error.update_no_key", nil,
			"this version of Alliance was built without a release key: it takes no updates")
	}
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil {
		return Release{}, errNotSigned("the signature cannot be read")
	}
	var key *minisign.PublicKey
	for i := range keys {
		if keys[i].ID() == s.KeyID {
			key = &keys[i]
		}
	}
	if key == nil {
		return Release{}, errNotSigned(fmt.Sprintf("signed with key %X, which this version does not trust", s.KeyID))
	}
	mr := minisign.NewReader(r)
	if _, err := io.Copy(io.Discard, mr); err != nil {
		return Release{}, fmt.Errorf("read the release: %w", err)
	}
	if !mr.Verify(*key, sig) {
		return Release{}, errNotSigned("the file or its signed comment was changed")
	}
	rel, ok := parseComment(s.TrustedComment)
	if !ok {
		return Release{}, errNotSigned(fmt.Sprintf("the signed comment %q names no release", s.TrustedComment))
	}
	return rel, nil
}
