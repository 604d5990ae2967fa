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
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/ngo-alliance/alliance/internal/alliance"
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
	key := argon2.IDKey([]byte(secret), salt, k.Time, k.Memory, k.Threads, 32)
	m := hmac.New(sha256.New, key)
	m.Write([]byte("alliance sign-in"))
	return m.Sum(nil)
}

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
	ver := verifier(secret, salt, k) // before the transaction: it takes a while
	cur := s.Current()
	return s.db.update(ctx, func(tx *Tx) error {
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
		p.CreatedAt, p.Disabled = tx.now, false
		_, err := tx.exec(ctx, `INSERT INTO profiles (id, name, role, kind, salt, kdf, verifier, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.Name, p.Role, p.Kind, salt, k.String(), ver, tx.now.Format(timeFormat))
		return err
	})
}

// check verifies a person's secret, counting a failure (and the wait it
// brings) or clearing them; it returns the profile.
func (s *ProfileService) check(ctx context.Context, id, secret string) (*alliance.Profile, error) {
	var p *alliance.Profile
	var salt, ver []byte
	var kdf, wait string
	var failures int
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		row := tx.QueryRowContext(ctx, `SELECT `+profileColumns+`, salt, kdf, verifier, failures, wait_until FROM profiles WHERE id = ?`, id)
		var p2 alliance.Profile
		var created, disabled string
		if err = row.Scan(&p2.ID, &p2.Name, &p2.Role, &p2.Kind, &created, &disabled, &salt, &kdf, &ver, &failures, &wait); err != nil {
			return err
		}
		p2.CreatedAt, p2.Disabled = parseTime(created), disabled != ""
		p = &p2
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, alliance.Errorf(alliance.ENOTFOUND, "no profile %s", id)
	} else if err != nil {
		return nil, err
	}
	if p.Disabled {
		return nil, alliance.Keyed(alliance.EFORBIDDEN, "error.profile_disabled", alliance.Args{"Name": p.Name}, "%s may not sign in on this laptop any more", p.Name)
	}
	now := s.db.Now().UTC()
	if until := parseTime(wait); now.Before(until) {
		return nil, alliance.Keyed(alliance.ELIMITED, "error.signin_wait", alliance.Args{"Time": until.Local().Format("15:04"), "Until": until},
			"too many wrong attempts: try again after %s", until.Local().Format(time.TimeOnly))
	}
	k, err := parseKDF(kdf)
	if err != nil {
		return nil, err
	}
	ok := hmac.Equal(verifier(secret, salt, k), ver)
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
		return nil, err
	}
	if !ok {
		if d := waitAfter(failures); d > 0 {
			until := now.Add(d)
			return nil, alliance.Keyed(alliance.ELIMITED, "error.signin_wait", alliance.Args{"Time": until.Local().Format("15:04"), "Until": until},
				"wrong, %d times in a row: try again after %s", failures, until.Local().Format(time.TimeOnly))
		}
		key := "error.wrong_pin"
		if p.Kind == alliance.SecretPassphrase {
			key = "error.wrong_passphrase"
		}
		return nil, alliance.Keyed(alliance.EUNAUTHORIZED, key, nil, "wrong %s", p.Kind)
	}
	return p, nil
}

// SignIn checks a person's secret and makes them the one signed in.
func (s *ProfileService) SignIn(ctx context.Context, id, secret string) (*alliance.Profile, error) {
	p, err := s.check(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	s.db.setSignedIn(p)
	return p, nil
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
		if _, err := s.check(ctx, id, old); err != nil {
			return err
		}
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	k := s.db.KDF
	ver := verifier(secret, salt, k)
	return s.db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE profiles SET kind = ?, salt = ?, kdf = ?, verifier = ?, failures = 0, wait_until = '' WHERE id = ?`,
			kind, salt, k.String(), ver, id)
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
