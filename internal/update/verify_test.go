package update

import (
	"bytes"
	"strings"
	"testing"

	"aead.dev/minisign"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

func TestVerify(t *testing.T) {
	pub, priv := testKey(t)
	other, _ := testKey(t)
	rel := Release{Version: "1.3.0", Platform: "windows-amd64"}
	file, sig := signed(t, priv, "new program", rel)

	got, err := Verify([]minisign.PublicKey{other, pub}, bytes.NewReader(file), sig)
	if err != nil || got != rel {
		t.Fatalf("Verify = %+v, %v; want %+v", got, err, rel)
	}

	tampered := bytes.Clone(file)
	tampered[len(tampered)/2] ^= 1
	// The trusted comment says 1.3.0; one claiming 9.0.0 breaks the
	// signature over it.
	forged := []byte(strings.Replace(string(sig), "version=1.3.0", "version=9.0.0", 1))
	for _, tc := range []struct {
		name string
		keys []minisign.PublicKey
		file []byte
		sig  []byte
		key  string
	}{
		{"tampered file", []minisign.PublicKey{pub}, tampered, sig, "error.update_not_signed"},
		{"wrong key", []minisign.PublicKey{other}, file, sig, "error.update_not_signed"},
		{"forged comment", []minisign.PublicKey{pub}, file, forged, "error.update_not_signed"},
		{"garbage signature", []minisign.PublicKey{pub}, file, []byte("not a signature"), "error.update_not_signed"},
		{"no key built in", nil, file, sig, "error.update_no_key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Verify(tc.keys, bytes.NewReader(tc.file), tc.sig)
			var e *alliance.Error
			if !asError(err, &e) || e.Key != tc.key {
				t.Fatalf("Verify = %v; want %s", err, tc.key)
			}
		})
	}
}

// TestSign goes the way of `release keygen` and `release sign`: a key
// under a passphrase, a signature Verify takes, and a wrong passphrase or
// a short one refused.
func TestSign(t *testing.T) {
	const passphrase = "correct horse battery"
	if _, _, err := GenerateKey("short"); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("GenerateKey with a short passphrase = %v", err)
	}
	pubText, priv, err := GenerateKey(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := ParseKeys(pubText)
	if err != nil || len(keys) != 1 {
		t.Fatalf("ParseKeys(%q) = %v, %v", pubText, keys, err)
	}
	rel := Release{Version: "1.3.0", Platform: "linux-amd64"}
	file := packed(t, "program")
	sig, err := Sign(priv, passphrase, bytes.NewReader(file), rel)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Verify(keys, bytes.NewReader(file), sig); err != nil || got != rel {
		t.Fatalf("Verify of Sign's signature = %+v, %v", got, err)
	}
	if _, err := Sign(priv, "not the passphrase", bytes.NewReader(file), rel); err == nil {
		t.Fatal("Sign with a wrong passphrase succeeded")
	}
}

func TestRelease_Check(t *testing.T) {
	for _, tc := range []struct {
		rel      Release
		platform string
		current  string
		key      string
	}{
		{Release{"1.3.0", "windows-amd64"}, "windows-amd64", "1.2.9", ""},
		{Release{"1.10.0", "linux-amd64"}, "linux-amd64", "1.9.0", ""},
		{Release{"1.3.0", "windows-amd64"}, "windows-amd64", "1.3.0", "error.update_not_newer"},
		{Release{"1.2.0", "windows-amd64"}, "windows-amd64", "1.3.0", "error.update_not_newer"},
		{Release{"1.3.0-rc.1", "windows-amd64"}, "windows-amd64", "1.3.0", "error.update_not_newer"},
		{Release{"1.3.0", "linux-amd64"}, "windows-amd64", "1.2.0", "error.update_wrong_platform"},
	} {
		err := tc.rel.Check(tc.platform, tc.current)
		var e *alliance.Error
		if tc.key == "" && err != nil || tc.key != "" && (!asError(err, &e) || e.Key != tc.key) {
			t.Errorf("%+v.Check(%s, %s) = %v; want %q", tc.rel, tc.platform, tc.current, err, tc.key)
		}
	}
}

func TestParseKeys(t *testing.T) {
	pub, _ := testKey(t)
	text, _ := pub.MarshalText()
	keys, err := ParseKeys("# comment\n\nuntrusted comment: minisign public key\n" + string(text) + "\n")
	if err != nil || len(keys) != 1 || keys[0].ID() != pub.ID() {
		t.Fatalf("ParseKeys = %v, %v", keys, err)
	}
	if _, err := ParseKeys("RWnotakey\n"); err == nil {
		t.Fatal("ParseKeys took a malformed key")
	}
	if _, err := BuiltInKeys(); err != nil {
		t.Fatalf("the keys built in do not parse: %v", err)
	}
}
