package vault

import (
	"bytes"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// The secretariat's recovery key is an age X25519 key pair: its public
// part ("age1…") reaches every laptop at enrolment and at each sync; each
// laptop wraps its data key for it. The private part is kept in a file
// under a passphrase (age scrypt), off the server.

// NewRecoveryKey makes a recovery key pair: the private part encrypted
// under passphrase, armored, and the public part.
func NewRecoveryKey(passphrase string) (private []byte, public string, err error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, "", fmt.Errorf("make a recovery key: %w", err)
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, "", fmt.Errorf("make a recovery key: %w", err)
	}
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return nil, "", err
	}
	fmt.Fprintf(w, "# Alliance recovery key; public part %s\n%s\n", id.Recipient(), id)
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	if err := aw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), id.Recipient().String(), nil
}

// ParseRecoveryPublic checks a recovery key's public part.
func ParseRecoveryPublic(public string) (*age.X25519Recipient, error) {
	r, err := age.ParseX25519Recipient(strings.TrimSpace(public))
	if err != nil {
		return nil, fmt.Errorf("not a recovery key's public part: %w", err)
	}
	return r, nil
}

// requestHeader starts a recovery request: people paste it into messages.
const requestHeader = "Alliance recovery request"

// WrapForRecovery wraps the data key k for the recovery key public, as a
// request text the laptop shows when every PIN is forgotten; about names
// the laptop (shown to the secretariat before it opens the request).
func WrapForRecovery(k *Key, public, about string) (string, error) {
	r, err := ParseRecoveryPublic(public)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s: %s\n", requestHeader, strings.ReplaceAll(about, "\n", " "))
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(k.raw[:]); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	if err := aw.Close(); err != nil {
		return "", err
	}
	buf.WriteByte('\n')
	return buf.String(), nil
}

// ErrWrongPassphrase says the recovery key's passphrase is wrong.
var ErrWrongPassphrase = errors.New("wrong passphrase for the recovery key")

// OpenRecovery opens a recovery request with the private recovery key
// (as NewRecoveryKey wrote it) and its passphrase: it returns what the
// request says about the laptop and the code that unlocks it.
func OpenRecovery(request string, private []byte, passphrase string) (about, code string, err error) {
	sid, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return "", "", err
	}
	pr, err := age.Decrypt(armor.NewReader(bytes.NewReader(private)), sid)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
			return "", "", ErrWrongPassphrase
		}
		return "", "", fmt.Errorf("read the recovery key: %w", err)
	}
	ids, err := age.ParseIdentities(pr)
	if err != nil {
		return "", "", fmt.Errorf("read the recovery key: %w", err)
	}
	start := strings.Index(request, requestHeader)
	if start < 0 {
		return "", "", errors.New("not an Alliance recovery request")
	}
	request = request[start+len(requestHeader):]
	line, rest, _ := strings.Cut(request, "\n")
	about = strings.TrimSpace(strings.TrimPrefix(line, ":"))
	rd, err := age.Decrypt(armor.NewReader(strings.NewReader(strings.TrimSpace(rest))), ids...)
	if err != nil {
		return about, "", fmt.Errorf("the request was not made for this recovery key, or is damaged: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(rd, KeySize+1))
	if err != nil || len(raw) != KeySize {
		return about, "", errors.New("the recovery request is damaged")
	}
	return about, codeOf(raw), nil
}

var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// codeOf writes a data key as a recovery code: base32 in groups of four,
// to read over the phone or paste.
func codeOf(raw []byte) string {
	s := codeEncoding.EncodeToString(raw)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// KeyFromCode reads a recovery code back (spaces, dashes and case as
// typed).
func KeyFromCode(code string) (*Key, error) {
	s := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r':
			return -1
		case r == '0':
			return 'O' // base32 has no 0 or 1: a misread O or I
		case r == '1':
			return 'I'
		}
		return r
	}, strings.ToUpper(code))
	raw, err := codeEncoding.DecodeString(s)
	if err != nil || len(raw) != KeySize {
		return nil, errors.New("not a recovery code")
	}
	return KeyFrom(raw)
}
