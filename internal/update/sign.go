package update

import (
	"crypto/rand"
	"fmt"
	"io"

	"aead.dev/minisign"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// MinPassphrase is the shortest passphrase a release key is kept under.
const MinPassphrase = 12

// GenerateKey makes a release key pair: the public key as one line (for
// release-keys.txt) and the private key encrypted with passphrase, in
// minisign's format.
func GenerateKey(passphrase string) (public string, private []byte, err error) {
	if len([]rune(passphrase)) < MinPassphrase {
		return "", nil, alliance.Errorf(alliance.EINVALID, "the passphrase needs at least %d characters", MinPassphrase)
	}
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		return "", nil, err
	}
	if private, err = minisign.EncryptKey(passphrase, priv); err != nil {
		return "", nil, err
	}
	text, err := pub.MarshalText()
	return string(text), private, err
}

// Sign signs the release file read from r as rel with the private key
// (as GenerateKey wrote it) and returns the signature file's content.
func Sign(private []byte, passphrase string, r io.Reader, rel Release) ([]byte, error) {
	if !ValidVersion(rel.Version) || !ValidPlatform(rel.Platform) {
		return nil, alliance.Errorf(alliance.EINVALID, "%q is not a version like 1.3.0, or %q not a platform like windows-amd64", rel.Version, rel.Platform)
	}
	key, err := minisign.DecryptKey(passphrase, private)
	if err != nil {
		return nil, alliance.Errorf(alliance.EINVALID, "the release key cannot be opened with this passphrase (%v)", err)
	}
	mr := minisign.NewReader(r)
	if _, err := io.Copy(io.Discard, mr); err != nil {
		return nil, fmt.Errorf("read the release: %w", err)
	}
	return mr.SignWithComments(key, rel.Comment(), "Alliance "+rel.Version+" for "+rel.Platform), nil
}
