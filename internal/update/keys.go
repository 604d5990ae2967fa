package update

import (
	_ "embed"
	"fmt"
	"strings"

	"aead.dev/minisign"
)

// releaseKeys are the public keys whose signatures this build accepts, as
// the secretariat's `alliance-server release keygen` printed them. More
// than one line lets a new key take over from an old one.
//
//go:embed release-keys.txt
var releaseKeys string

// extraKeys are keys given at build time, separated by ";" (-ldflags
// "-X github.com/ngo-alliance/alliance/internal/update.extraKeys=KEY"): a
// build trusting another key without changing the file, as the tests of
// the real program do.
var extraKeys string

// BuiltInKeys returns the keys built into this program (none: it takes no
// updates).
func BuiltInKeys() ([]minisign.PublicKey, error) {
	return ParseKeys(releaseKeys + "\n" + strings.ReplaceAll(extraKeys, ";", "\n"))
}

// ParseKeys reads public keys, one per line as a minisign .pub file holds
// them; empty lines, # comments and minisign's "untrusted comment:" lines
// are skipped.
func ParseKeys(text string) ([]minisign.PublicKey, error) {
	var keys []minisign.PublicKey
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "untrusted comment:") {
			continue
		}
		var k minisign.PublicKey
		if err := k.UnmarshalText([]byte(line)); err != nil {
			return nil, fmt.Errorf("release key on line %d: %w", i+1, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}
