package sqlite

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/vault"
)

var _ alliance.ProfileService = (*ProfileService)(nil)

// KDF is argon2id's cost: passes over Memory KiB with Threads lanes.
type KDF struct {
	Time    uint32
	Memory  uint32
	Threads uint8
}

// DefaultKDF is RFC 9106's second recommendation with two lanes: about a
// fifth of a second on the members' laptops, each guess at a copied
// database as dear.
var DefaultKDF = KDF{Time: 3, Memory: 64 << 10, Threads: 2}

func (k KDF) String() string { return fmt.Sprintf("t=%d,m=%d,p=%d", k.Time, k.Memory, k.Threads) }

func parseKDF(s string) (KDF, error) {
	var k KDF
	if _, err := fmt.Sscanf(s, "t=%d,m=%d,p=%d", &k.Time, &k.Memory, &k.Threads); err != nil || k.Time == 0 || k.Memory < 8 || k.Threads == 0 {
		return KDF{}, fmt.Errorf("a profile's key derivation %q: %v", s, err)
	}
	return k, nil
}

// verifier is what proves a secret without keeping it: an HMAC keyed with
// the secret's argon2id key (the key itself may later unlock more).
func verifier(secret string, salt []byte, k KDF) []byte {
	return secretKey(secret, salt, k).verifier()
}

// secretKey is argon2id of a secret: it proves the secret (verifier) and
// wraps the laptop's data key (kek).
type secretKeyBytes []byte

func secretKey(secret string, salt []byte, k KDF) secretKeyBytes {
	return argon2.IDKey([]byte(secret), salt, k.Time, k.Memory, k.Threads, 32)
}

func (key secretKeyBytes) derive(label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

func (key secretKeyBytes) verifier() []byte { return key.derive("alliance sign-in") }
func (key secretKeyBytes) kek() []byte      { return key.derive("alliance data key") }

// waitAfter is how long the next attempt waits after failures in a row:
// none for the first two, then 30 s doubling to 15 minutes from the
// eighth (a 6-digit PIN then takes years to guess at the window).
func waitAfter(failures int) time.Duration {
	if failures < 3 {
		return 0
	}
	return min(30*time.Second<<min(failures-3, 10), 15*time.Minute)
}

// ProfileService keeps the laptop's people (migration 009) and who is
// signed in: the changes made meanwhile carry that person.
type ProfileService struct {
	db *DB
}

// NewProfileService returns the profile service of db.
func NewProfileService(db *DB) *ProfileService { return &ProfileService{db: db} }

const profileColumns = `id, name, role, kind, created_at, disabled_at`

func scanProfile(row interface{ Scan(...any) error }) (*alliance.Profile, error) {
	var p alliance.Profile
	var created, disabled string
	if err := row.Scan(&p.ID, &p.Name, &p.Role, &p.Kind, &created, &disabled); err != nil {
		return nil, err
	}
	p.CreatedAt, p.Disabled = parseTime(created), disabled != ""
	return &p, nil
}

// Profiles lists the people of this laptop, disabled ones last.
func (s *ProfileService) Profiles(ctx context.Context) ([]alliance.Profile, error) {
	var out []alliance.Profile
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+profileColumns+` FROM profiles ORDER BY disabled_at != '', name COLLATE NOCASE, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanProfile(rows)
			if err != nil {
				return err
			}
			out = append(out, *p)
		}
		return rows.Err()
	})
	return out, err
}

// CreateProfile adds a person with a secret: the laptop's first profile
// as its coordinator, later ones by a coordinator signed in; judges on
// the secretariat's laptops only.
func (s *ProfileService) CreateProfile(ctx context.Context, p *alliance.Profile, secret string) error {
	if p.Role == "" {
		p.Role = alliance.RoleStaff
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if err := alliance.ValidateSecret(p.Kind, secret); err != nil {
		return err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	k := s.db.KDF
	sk := secretKey(secret, salt, k) // before the transaction: it takes a while
	ver := sk.verifier()
	cur := s.Current()
	var made *vault.Key
	err := s.db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM profiles`).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			p.Role = alliance.RoleCoordinator // the first person looks after the others
		} else if cur == nil || cur.Role != alliance.RoleCoordinator {
			return alliance.Keyed(alliance.EFORBIDDEN, "error.profile_coordinator_only", nil, "only a coordinator signed in adds people")
		}
		if p.Role == alliance.RoleJudge {
			// Where the jury judges: the laptops that may judge at all.
			if err := requireSecretariat(ctx, tx); alliance.ErrorCode(err) == alliance.EFORBIDDEN {
				return alliance.Invalid("profile", alliance.FieldError{Field: alliance.FieldProfileRole, Key: "validation.judge_secretariat"})
			} else if err != nil {
				return err
			}
		}
		// A judge's profile takes the id of the jury member they are (set
		// by the caller), the same on every laptop; anyone else a new one.
		if p.Role != alliance.RoleJudge || !alliance.ValidID(p.ID) {
			p.ID = alliance.NewID()
		} else {
			var taken int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM profiles WHERE id = ?`, p.ID).Scan(&taken); err != nil {
				return err
			}
			if taken > 0 {
				return alliance.Invalid("profile", alliance.FieldError{Field: alliance.FieldProfileRole, Key: "validation.juror_has_profile"})
			}
		}
		// The data key, wrapped for this person: made with the first
		// profile, else the one a coordinator's sign-in opened.
		wrapped, err := wrapDataKey(ctx, tx, sk.kek(), vault.Locked(), &made)
		if err != nil {
			return err
		}
		p.CreatedAt, p.Disabled = tx.now, false
		_, err = tx.exec(ctx, `INSERT INTO profiles (id, name, role, kind, salt, kdf, verifier, wrapped, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.Name, p.Role, p.Kind, salt, k.String(), ver, wrapped, tx.now.Format(timeFormat))
		return err
	})
	if err := s.db.settleKey(ctx, made, err); err != nil || made == nil {
		return err
	}
	return s.db.ensureRecoveryWrap(ctx)
}

// check verifies a person's secret, counting a failure (and the wait it
// brings) or clearing them; it returns the profile.
func (s *ProfileService) check(ctx context.Context, id, secret string) (*alliance.Profile, secretKeyBytes, []byte, error) {
	var p *alliance.Profile
	var salt, ver, wrapped []byte
	var kdf, wait string
	var failures int
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		row := tx.QueryRowContext(ctx, `SELECT `+profileColumns+`, salt, kdf, verifier, failures, wait_until, wrapped FROM profiles WHERE id = ?`, id)
		var p2 alliance.Profile
		var created, disabled string
		if err = row.Scan(&p2.ID, &p2.Name, &p2.Role, &p2.Kind, &created, &disabled, &salt, &kdf, &ver, &failures, &wait, &wrapped); err != nil {
			return err
		}
		p2.CreatedAt, p2.Disabled = parseTime(created), disabled != ""
		p = &p2
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil, alliance.Errorf(alliance.ENOTFOUND, "no profile %s", id)
	} else if err != nil {
		return nil, nil, nil, err
	}
	if p.Disabled {
		return nil, nil, nil, alliance.Keyed(alliance.EFORBIDDEN, "error.profile_disabled", alliance.Args{"Name": p.Name}, "%s may not sign in on this laptop any more", p.Name)
	}
	now := s.db.Now().UTC()
	if until := parseTime(wait); now.Before(until) {
		return nil, nil, nil, alliance.Keyed(alliance.ELIMITED, "error.signin_wait", alliance.Args{"Time": until.Local().Format("15:04"), "Until": until},
			"too many wrong attempts: try again after %s", until.Local().Format(time.TimeOnly))
	}
	k, err := parseKDF(kdf)
	if err != nil {
		return nil, nil, nil, err
	}
	sk := secretKey(secret, salt, k)
	ok := hmac.Equal(sk.verifier(), ver)
	err = s.db.update(ctx, func(tx *Tx) error {
		if ok {
			_, err := tx.exec(ctx, `UPDATE profiles SET failures = 0, wait_until = '' WHERE id = ?`, id)
			return err
		}
		// Counted in the transaction: two windows guessing at once
		// count both.
		if err := tx.QueryRowContext(ctx, `SELECT failures FROM profiles WHERE id = ?`, id).Scan(&failures); err != nil {
			return err
		}
		failures++
		until := ""
		if d := waitAfter(failures); d > 0 {
			until = now.Add(d).Format(timeFormat)
		}
		_, err := tx.exec(ctx, `UPDATE profiles SET failures = ?, wait_until = ? WHERE id = ?`, failures, until, id)
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	if !ok {
		if d := waitAfter(failures); d > 0 {
			until := now.Add(d)
			return nil, nil, nil, alliance.Keyed(alliance.ELIMITED, "error.signin_wait", alliance.Args{"Time": until.Local().Format("15:04"), "Until": until},
				"wrong, %d times in a row: try again after %s", failures, until.Local().Format(time.TimeOnly))
		}
		key := "error.wrong_pin"
		if p.Kind == alliance.SecretPassphrase {
			key = "error.wrong_passphrase"
		}
		return nil, nil, nil, alliance.Keyed(alliance.EUNAUTHORIZED, key, nil, "wrong %s", p.Kind)
	}
	return p, sk, wrapped, nil
}

// SignIn checks a person's secret and makes them the one signed in.
// The data key it wraps is opened; a profile made before the data was
// sealed gets the key wrapped for it now (the first such sign-in makes
// the key and seals the laptop's data).
func (s *ProfileService) SignIn(ctx context.Context, id, secret string) (*alliance.Profile, error) {
	p, sk, wrapped, err := s.check(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	if err := s.openKey(ctx, p, sk, wrapped); err != nil {
		return nil, err
	}
	s.db.setSignedIn(p)
	if err := s.db.ensureRecoveryWrap(ctx); err != nil {
		log.Printf("sqlite: wrap the data key for recovery: %v", err)
	}
	return p, nil
}

// openKey opens the data key with a person's secret key.
func (s *ProfileService) openKey(ctx context.Context, p *alliance.Profile, sk secretKeyBytes, wrapped []byte) error {
	if len(wrapped) > 0 {
		k, err := vault.Unwrap(wrapped, sk.kek())
		if err != nil {
			return alliance.Errorf(alliance.EINTERNAL, "the data key of %s does not open: %v", p.Name, err)
		}
		if _, keyID := s.db.dataKey(); keyID != "" && k.ID() != keyID {
			return alliance.Errorf(alliance.EINTERNAL, "the data key of %s is not this laptop's", p.Name)
		}
		s.db.useKey(k)
		return nil
	}
	var made *vault.Key
	err := s.db.update(ctx, func(tx *Tx) error {
		locked := alliance.Keyed(alliance.EUNAVAILABLE, "error.profile_no_key", alliance.Args{"Name": p.Name},
			"%s's profile was made before the data was sealed: a coordinator signs in first", p.Name)
		w, err := wrapDataKey(ctx, tx, sk.kek(), locked, &made)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE profiles SET wrapped = ? WHERE id = ?`, w, p.ID)
		return err
	})
	return s.db.settleKey(ctx, made, err)
}

// SignOut forgets who is signed in.
func (s *ProfileService) SignOut() { s.db.setSignedIn(nil) }

// Current is who is signed in.
func (s *ProfileService) Current() *alliance.Profile { return s.db.SignedIn() }

// ChangeSecret sets a person's new secret: their own after the old one
// is checked, or another's by a coordinator signed in (a forgotten PIN).
func (s *ProfileService) ChangeSecret(ctx context.Context, id, old string, kind alliance.SecretKind, secret string) error {
	if err := alliance.ValidateSecret(kind, secret); err != nil {
		return err
	}
	cur := s.Current()
	if cur == nil || cur.ID == id || cur.Role != alliance.RoleCoordinator {
		p, sk, wrapped, err := s.check(ctx, id, old)
		if err != nil {
			return err
		}
		if err := s.openKey(ctx, p, sk, wrapped); err != nil {
			return err
		}
	}
	return s.setSecret(ctx, id, kind, secret)
}

// setSecret gives a person a new secret and wraps the open data key for
// it.
func (s *ProfileService) setSecret(ctx context.Context, id string, kind alliance.SecretKind, secret string) error {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	k := s.db.KDF
	sk := secretKey(secret, salt, k)
	ver := sk.verifier()
	return s.db.update(ctx, func(tx *Tx) error {
		var wrapped []byte // nil: the data is not sealed (a laptop without profiles before)
		if key, keyID := tx.db.dataKey(); key != nil {
			var err error
			if wrapped, err = vault.Wrap(key, sk.kek()); err != nil {
				return err
			}
		} else if keyID != "" {
			return vault.Locked()
		}
		res, err := tx.exec(ctx, `UPDATE profiles SET kind = ?, salt = ?, kdf = ?, verifier = ?, wrapped = ?, failures = 0, wait_until = '' WHERE id = ?`,
			kind, salt, k.String(), ver, wrapped, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return alliance.Errorf(alliance.ENOTFOUND, "no profile %s", id)
		}
		return nil
	})
}

// SetDisabled stops a person from signing in (or allows them again): a
// coordinator signed in does it, to anyone but themselves, and never to
// the last coordinator.
func (s *ProfileService) SetDisabled(ctx context.Context, id string, disabled bool) error {
	cur := s.Current()
	if cur == nil || cur.Role != alliance.RoleCoordinator || cur.ID == id {
		return alliance.Keyed(alliance.EFORBIDDEN, "error.profile_coordinator_only", nil, "only another coordinator signed in does this")
	}
	return s.db.update(ctx, func(tx *Tx) error {
		at := ""
		if disabled {
			at = tx.now.Format(timeFormat)
		}
		res, err := tx.exec(ctx, `UPDATE profiles SET disabled_at = ? WHERE id = ?`, at, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return alliance.Errorf(alliance.ENOTFOUND, "no profile %s", id)
		}
		var coordinators int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM profiles WHERE role = 'coordinator' AND disabled_at = ''`).Scan(&coordinators); err != nil {
			return err
		}
		if coordinators == 0 {
			return alliance.Keyed(alliance.EFORBIDDEN, "error.profile_last_coordinator", nil, "the laptop keeps one coordinator at least")
		}
		return nil
	})
}

// HasProfiles tells whether anyone has a profile on this laptop (none: the
// first start asks for the first).
func (db *DB) HasProfiles(ctx context.Context) (bool, error) {
	var n int
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM profiles`).Scan(&n)
	})
	return n > 0, err
}

// SignedIn is who is signed in (nil: nobody).
func (db *DB) SignedIn() *alliance.Profile {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.signedIn == nil {
		return nil
	}
	p := *db.signedIn
	return &p
}

func (db *DB) setSignedIn(p *alliance.Profile) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.signedIn = p
}

// acting is who acts in ctx: the person the call carries, else the one
// signed in (nil: nobody — the command line, a test).
func (db *DB) acting(ctx context.Context) *alliance.Profile {
	if p := alliance.ActingProfile(ctx); p != nil {
		return p
	}
	return db.SignedIn()
}

// personJSON is who makes a change, as the outbox keeps it.
func (db *DB) personJSON(ctx context.Context) string {
	p := db.acting(ctx)
	if p == nil {
		return ""
	}
	b, _ := json.Marshal(p.Person())
	return string(b)
}
