package alliance

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ProfileRole is what a person may do on a laptop.
type ProfileRole string

const (
	RoleStaff       ProfileRole = "staff"       // records activities, trainings, entries
	RoleCoordinator ProfileRole = "coordinator" // and adds the laptop's other people
	RoleJudge       ProfileRole = "judge"       // judges contests (on the secretariat's laptops only)
)

// ProfileRoles lists the roles in the order forms offer them.
var ProfileRoles = []ProfileRole{RoleStaff, RoleCoordinator, RoleJudge}

// SecretKind is how a person signs in.
type SecretKind string

const (
	SecretPIN        SecretKind = "pin"        // six digits
	SecretPassphrase SecretKind = "passphrase" // at least MinPassphrase characters
)

// PINLength and MinPassphrase bound a person's secret.
const (
	PINLength     = 6
	MinPassphrase = 10
	MaxPassphrase = 200
)

// Profile is a person who uses this laptop. Profiles stay on the laptop;
// what they do travels with their Person.
type Profile struct {
	ID        string
	Name      string
	Role      ProfileRole
	Kind      SecretKind
	CreatedAt time.Time
	Disabled  bool
}

// Person is who did something (a change, an export, a certificate): the
// profile's id and its name at the time.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Person returns who the profile is, to stamp what they do.
func (p *Profile) Person() Person { return Person{ID: p.ID, Name: p.Name} }

// Profile fields, for form errors.
const (
	FieldProfileName   = "name"
	FieldProfileRole   = "role"
	FieldProfileSecret = "secret"
)

// Validate checks a profile's name and role.
func (p *Profile) Validate() error {
	var fe []FieldError
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		fe = append(fe, FieldError{Field: FieldProfileName, Key: "validation.required"})
	} else if utf8.RuneCountInString(p.Name) > 120 {
		fe = append(fe, FieldError{Field: FieldProfileName, Key: "validation.too_long", Args: Args{"Max": 120, "Count": utf8.RuneCountInString(p.Name)}})
	}
	switch p.Role {
	case RoleStaff, RoleCoordinator, RoleJudge:
	default:
		fe = append(fe, FieldError{Field: FieldProfileRole, Key: "validation.required"})
	}
	if len(fe) == 0 {
		return nil
	}
	return Invalid("profile", fe...)
}

// ValidateSecret checks a PIN (six digits, not all one digit nor a run
// like 123456) or a passphrase (MinPassphrase characters or more).
func ValidateSecret(kind SecretKind, secret string) error {
	switch kind {
	case SecretPIN:
		if len(secret) != PINLength || strings.TrimFunc(secret, unicode.IsDigit) != "" {
			return Invalid("secret", FieldError{Field: FieldProfileSecret, Key: "validation.pin_digits", Args: Args{"N": PINLength}})
		}
		if weakPIN(secret) {
			return Invalid("secret", FieldError{Field: FieldProfileSecret, Key: "validation.pin_weak"})
		}
	case SecretPassphrase:
		n := utf8.RuneCountInString(secret)
		if n < MinPassphrase || n > MaxPassphrase || strings.TrimSpace(secret) == "" {
			return Invalid("secret", FieldError{Field: FieldProfileSecret, Key: "validation.passphrase_short", Args: Args{"N": MinPassphrase}})
		}
	default:
		return Invalid("secret", FieldError{Field: FieldProfileSecret, Key: "validation.required"})
	}
	return nil
}

// weakPIN tells a PIN anyone would try first: one digit six times, or a
// run up or down (123456, 987654).
func weakPIN(pin string) bool {
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		d := int(pin[i]) - int(pin[i-1])
		same = same && d == 0
		up = up && (d == 1 || d == -9)
		down = down && (d == -1 || d == 9)
	}
	return same || up || down
}

// ProfileService keeps the laptop's people and who is signed in.
type ProfileService interface {
	// Profiles lists the people of this laptop, disabled ones last.
	Profiles(ctx context.Context) ([]Profile, error)
	// CreateProfile adds a person with a secret. The first profile of a
	// laptop is its coordinator; later ones are added by a coordinator
	// signed in. Judges are added on the secretariat's laptops only.
	CreateProfile(ctx context.Context, p *Profile, secret string) error
	// SignIn checks a person's secret. After failed attempts the next ones
	// wait longer and longer (ELIMITED, until Args["Until"]).
	SignIn(ctx context.Context, id, secret string) (*Profile, error)
	// SignOut forgets who is signed in.
	SignOut()
	// Current is who is signed in (nil: nobody).
	Current() *Profile
	// ChangeSecret sets a person's new secret, after checking the old one.
	ChangeSecret(ctx context.Context, id, old string, kind SecretKind, secret string) error
	// SetDisabled stops (or allows again) a person from signing in; a
	// coordinator does it, never to the last coordinator.
	SetDisabled(ctx context.Context, id string, disabled bool) error
	// RecoveryRequest is the text to send the secretariat when every
	// coordinator's PIN is forgotten: the laptop's data key wrapped for
	// the secretariat's recovery key (ENOTFOUND: none yet).
	RecoveryRequest(ctx context.Context) (string, error)
	// Recover opens the laptop's data with the code the secretariat sent
	// back for the request, and gives the person id a new secret.
	Recover(ctx context.Context, code, id string, kind SecretKind, secret string) error
}

type personKey struct{}

// WithPerson returns ctx carrying who acts: a store call made with it is
// theirs even when it runs after they were signed out (a save in flight
// when the app locked).
func WithPerson(ctx context.Context, p *Profile) context.Context {
	if p == nil {
		return ctx
	}
	c := *p
	return context.WithValue(ctx, personKey{}, &c)
}

// ActingProfile is who acts in ctx (nil: not said).
func ActingProfile(ctx context.Context) *Profile {
	p, _ := ctx.Value(personKey{}).(*Profile)
	return p
}

// How a record's change came, in its history.
const (
	HistoryCreated  = "created"  // the record made on this laptop (its first values are the record's)
	HistoryLocal    = "local"    // changed on this laptop
	HistorySync     = "sync"     // came from the server (another laptop's change)
	HistoryConflict = "conflict" // this laptop's value lost to a newer one
)

// HistoryEntry is one change of a record: who, on which laptop, when,
// how, and each field from what to what (From is nil when the value
// before is not known: the record came whole, or before history was kept).
type HistoryEntry struct {
	At     time.Time
	How    string
	Person *Person
	Device string
	Fields []FieldChange
}

// FieldChange is one field's value before and after, as JSON.
type FieldChange struct {
	Field    string
	From, To []byte
}

// HistoryService reads the history of a record, oldest change first.
type HistoryService interface {
	History(ctx context.Context, entity, id string) ([]HistoryEntry, error)
}
