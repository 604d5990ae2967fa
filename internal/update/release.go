// Package update signs, checks and installs new versions of the app. A
// release is the program compressed with xz and signed with minisign
// (Ed25519, over the BLAKE2b hash of the file) by a key kept off the
// server; the signature's trusted comment names the version and the
// platform, so that an old release cannot pass for a new one, nor a
// Windows one for Linux. The public keys a build trusts are built into it
// (release-keys.txt). The Updater fetches a release the server offers,
// checks it, and installs it when the user asks, keeping the version it
// replaces to go back to.
package update

import (
	"fmt"
	"regexp"
	"runtime"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Release is what a signature vouches for.
type Release struct {
	Version  string // 1.3.0
	Platform string // windows-amd64
}

// commentPrefix starts the trusted comment of a release's signature.
const commentPrefix = "alliance-release"

// Comment is the trusted comment signed with the file.
func (r Release) Comment() string {
	return fmt.Sprintf("%s version=%s platform=%s", commentPrefix, r.Version, r.Platform)
}

// parseComment reads a trusted comment written by Comment.
func parseComment(s string) (Release, bool) {
	f := strings.Fields(s)
	if len(f) != 3 || f[0] != commentPrefix {
		return Release{}, false
	}
	v, ok1 := strings.CutPrefix(f[1], "version=")
	p, ok2 := strings.CutPrefix(f[2], "platform=")
	r := Release{Version: v, Platform: p}
	return r, ok1 && ok2 && ValidVersion(v) && ValidPlatform(p)
}

// Platform is the platform this program was built for.
func Platform() string { return runtime.GOOS + "-" + runtime.GOARCH }

var (
	platformRE = regexp.MustCompile(`^[a-z0-9]{2,12}-[a-z0-9]{2,12}$`)
	versionRE  = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)
)

// ValidPlatform reports whether p looks like os-arch.
func ValidPlatform(p string) bool { return platformRE.MatchString(p) }

// ValidVersion reports whether v is a semantic version (1.3.0, 1.4.0-rc.1).
func ValidVersion(v string) bool {
	return len(v) <= 32 && versionRE.MatchString(v) && semver.IsValid("v"+v)
}

// Newer reports whether version a comes after b (an invalid b is older
// than every valid a).
func Newer(a, b string) bool {
	if !ValidVersion(a) {
		return false
	}
	if !ValidVersion(b) {
		return true
	}
	return semver.Compare("v"+a, "v"+b) > 0
}

// Check refuses a release for another platform, or one not newer than the
// version running.
func (r Release) Check(platform, current string) error {
	if r.Platform != platform {
		return alliance.Keyed(alliance.EINVALID, "error.update_wrong_platform", alliance.Args{"Platform": r.Platform},
			"the release is for %s, this laptop runs %s", r.Platform, platform)
	}
	if !Newer(r.Version, current) {
		return alliance.Keyed(alliance.EINVALID, "error.update_not_newer", alliance.Args{"Version": r.Version, "Current": current},
			"version %s is not newer than %s, which runs here", r.Version, current)
	}
	return nil
}
