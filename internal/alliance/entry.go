package alliance

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// EntryState is where a contest entry stands.
type EntryState string

const (
	StateDraft       EntryState = "draft"       // being prepared; may be incomplete
	StateSubmitted   EntryState = "submitted"   // complete, with consent; locked
	StateShortlisted EntryState = "shortlisted" // pre-selected by the secretariat for the jury
	StateWinner      EntryState = "winner"      // published result
	StateParticipant EntryState = "participant" // published result
)

// EntryStates lists the states in their order.
var EntryStates = []EntryState{StateDraft, StateSubmitted, StateShortlisted, StateWinner, StateParticipant}

// Relation of a guardian to the child.
type Relation string

const (
	RelMother      Relation = "mother"
	RelFather      Relation = "father"
	RelGrandparent Relation = "grandparent"
	RelGuardian    Relation = "legal_guardian"
	RelOther       Relation = "other"
)

// Relations lists the relations in display order.
var Relations = []Relation{RelMother, RelFather, RelGrandparent, RelGuardian, RelOther}

// FileRef points at a file in the content-addressed store by its SHA-256,
// with what was learnt of it when it was added.
type FileRef struct {
	Hash    string  `json:"hash"` // lowercase hex SHA-256 of the content
	Name    string  `json:"name"` // the name it had on the laptop
	Type    string  `json:"type"` // image/jpeg, image/png, video/mp4, application/pdf
	Size    int64   `json:"size"`
	Width   int     `json:"width,omitempty"`
	Height  int     `json:"height,omitempty"`
	Seconds float64 `json:"seconds,omitempty"` // a film's length
}

// Media types files may have.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeMP4  = "video/mp4"
	TypePDF  = "application/pdf"
)

// IsImage reports whether the file is a picture.
func (f FileRef) IsImage() bool { return f.Type == TypeJPEG || f.Type == TypePNG }

// FilePurpose says what a file is added for, which decides its limits.
type FilePurpose string

const (
	PurposeArtwork FilePurpose = "artwork"
	PurposeConsent FilePurpose = "consent" // the scan of the signed consent form
)

// Limits of the files of an entry, checked when a file is added.
const (
	MaxImageBytes    = 40 << 20  // a 600 dpi A3 scan as JPEG is well under
	MaxImagePixels   = 120e6     // width × height; decoding needs 4 bytes each
	MaxFilmBytes     = 300 << 20 // one minute of 1080p video
	MaxFilmSeconds   = 61        // "one-minute film", with a second's grace
	MaxScanBytes     = 20 << 20
	MaxFilesPerEntry = 6
)

// Consent is the guardian's written consent for an entry.
type Consent struct {
	GuardianName string   `json:"guardian_name"`
	Relation     Relation `json:"relation"`
	Date         Date     `json:"date"`
	// Publication says whether the child's name and work may be published.
	// It must be answered (nil: not yet) before the entry is submitted.
	Publication *bool    `json:"publication"`
	Scan        *FileRef `json:"scan,omitempty"` // the signed form, optional
}

// Given reports whether the consent is complete enough to submit.
func (c *Consent) Given() bool {
	return strings.TrimSpace(c.GuardianName) != "" && c.Relation != "" && !c.Date.IsZero() && c.Publication != nil
}

// PublicationAllowed reports whether the guardian allowed publication.
func (c *Consent) PublicationAllowed() bool { return c.Publication != nil && *c.Publication }

// Entry is a child's work entered in a contest by a member organisation.
// Once submitted it is locked: a correction makes a new version, and the
// one before is kept as an EntryVersion.
type Entry struct {
	ID          string     `json:"-"`
	OrgID       string     `json:"org_id"`
	ContestID   string     `json:"contest_id"`
	Code        string     `json:"code"` // what the jury sees instead of the child: "K7QM-4ZXD"
	FirstName   string     `json:"first_name"`
	LastName    string     `json:"last_name"`
	Age         int        `json:"age"`
	Gender      Gender     `json:"gender"`
	School      string     `json:"school"`
	Grade       string     `json:"grade"`
	RegionID    string     `json:"region_id"`
	Settlement  string     `json:"settlement"`
	Category    Category   `json:"category"`
	AgeGroupID  string     `json:"age_group"` // follows from Age and the contest's groups
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Files       []FileRef  `json:"files"`
	Consent     Consent    `json:"consent"`
	State       EntryState `json:"state"`
	Version     int        `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	SubmittedAt time.Time  `json:"submitted_at,omitempty"`
	Rank        int        `json:"rank,omitempty"`  // published place in its category and age group
	Score       float64    `json:"score,omitempty"` // published weighted mean
	Deleted     bool       `json:"deleted"`
	// AnonymisedAt is when the entry lost what names the child (the
	// guardian withdrew consent, or the years kept ran out); Anonymised
	// says why. What the contest's figures count stays.
	AnonymisedAt time.Time `json:"anonymised_at,omitempty"`
	Anonymised   string    `json:"anonymised,omitempty"`
}

// Why an entry was anonymised.
const (
	AnonymisedWithdrawn = "consent_withdrawn"
	AnonymisedRetention = "retention"
)

// EntryPersonalFields are the synced fields of an entry that name or
// show the child (or their guardian): an anonymised entry has them as
// Anonymise leaves them. The age, gender, region, category, age group,
// state, rank and score stay: the contest's figures count them.
var EntryPersonalFields = []string{"first_name", "last_name", "school", "grade", "settlement", "title", "description", "files", "consent"}

// Anonymise empties what names or shows the child, for why, at at.
func (e *Entry) Anonymise(at time.Time, why string) {
	e.FirstName, e.LastName, e.School, e.Grade, e.Settlement, e.Title, e.Description = "", "", "", "", "", "", ""
	e.Files = []FileRef{}
	no := false
	e.Consent = Consent{Publication: &no}
	e.AnonymisedAt, e.Anonymised = at.UTC(), why
}

// IsAnonymised tells whether the entry no longer names the child.
func (e *Entry) IsAnonymised() bool { return e.Anonymised != "" }

// Field names of an entry that forms report errors on.
const (
	FieldFirstName   = "first_name"
	FieldLastName    = "last_name"
	FieldAge         = "age"
	FieldSchool      = "school"
	FieldGrade       = "grade"
	FieldCategory    = "category"
	FieldFiles       = "files"
	FieldGuardian    = "guardian_name"
	FieldRelation    = "relation"
	FieldConsentDate = "consent_date"
	FieldPublication = "publication"
	FieldContest     = "contest_id"
)

// Locked reports whether the entry can no longer be edited in place.
func (e *Entry) Locked() bool { return e.State != StateDraft && e.State != "" }

// FullName is the child's first and last name.
func (e *Entry) FullName() string { return strings.TrimSpace(e.FirstName + " " + e.LastName) }

// NameFor is the child's name as a viewer of organisation orgID may see it.
func (e *Entry) NameFor(orgID string) string {
	if !e.PrivateFor(orgID) {
		return e.FullName()
	}
	return ShortName(e.FirstName, e.LastName)
}

// PrivateFor reports whether a viewer of organisation orgID sees the child
// only as far as the guardian allowed: outside the child's organisation
// (a laptop sees its own organisation's children, and before it is
// connected all it holds is its own), without publication consent.
func (e *Entry) PrivateFor(orgID string) bool {
	return orgID != e.OrgID && !e.Consent.PublicationAllowed()
}

// SeenBy is the entry as a viewer of organisation orgID may see it: the
// whole entry, or — outside the child's organisation, without publication
// consent — the child as first name and initial ("Aysel M."), without the
// school, the settlement, the guardian's name or the signed form's scan.
// The one privacy rule of every screen, export and PDF that shows a child.
func (e Entry) SeenBy(orgID string) Entry {
	if !e.PrivateFor(orgID) {
		return e
	}
	e.LastName = strings.TrimPrefix(ShortName("", e.LastName), " ")
	e.School, e.Settlement = "", ""
	e.Consent.GuardianName, e.Consent.Scan = "", nil
	return e
}

// ShortName is a first name and the initial of a last name.
func ShortName(first, last string) string {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(last))
	if r == utf8.RuneError {
		return strings.TrimSpace(first)
	}
	return strings.TrimSpace(first) + " " + string(r) + "."
}

// ValidateDraft checks what a draft must already have right: a draft may be
// incomplete, but what it holds must be valid.
func (e *Entry) ValidateDraft(c *Contest, today Date) error {
	var v validator
	e.validateDraft(&v, c, today)
	return v.err("entry")
}

func (e *Entry) validateDraft(v *validator, c *Contest, today Date) {
	if c == nil || e.ContestID == "" {
		v.add(FieldContest, "validation.choose", nil)
	}
	v.required(FieldFirstName, e.FirstName)
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{FieldFirstName, e.FirstName, MaxSettlement}, {FieldLastName, e.LastName, MaxSettlement},
		{FieldSchool, e.School, MaxTitle}, {FieldGrade, e.Grade, 20}, {FieldSettlement, e.Settlement, MaxSettlement},
		{FieldTitle, e.Title, MaxTitle}, {FieldDescription, e.Description, 1000}, {FieldGuardian, e.Consent.GuardianName, MaxTitle},
	} {
		v.maxLen(f.name, f.value, f.max)
	}
	if e.Age != 0 {
		switch _, ok := c.ageGroupFor(e.Age); {
		case e.Age < MinChildAge || e.Age > MaxChildAge:
			v.add(FieldAge, "validation.child_age", Args{"Min": MinChildAge, "Max": MaxChildAge})
		case !ok:
			v.add(FieldAge, "validation.no_age_group", Args{"Age": e.Age})
		}
	}
	if e.Gender != "" && e.Gender != Female && e.Gender != Male {
		v.add(FieldGender, "validation.choose", nil)
	}
	if e.Category != "" && (c == nil || !c.HasCategory(e.Category)) {
		v.add(FieldCategory, "validation.choose", nil)
	}
	if len(e.Files) > MaxFilesPerEntry {
		v.add(FieldFiles, "validation.too_many_files", Args{"Max": MaxFilesPerEntry})
	}
	for _, f := range e.Files {
		if !validHash(f.Hash) {
			v.add(FieldFiles, "validation.file_ref", nil)
			break
		}
	}
	if s := e.Consent.Scan; s != nil && !validHash(s.Hash) {
		v.add(FieldFiles, "validation.file_ref", nil)
	}
	if e.Consent.Relation != "" && !contains(Relations, e.Consent.Relation) {
		v.add(FieldRelation, "validation.choose", nil)
	}
	if d := e.Consent.Date; !d.IsZero() && d.After(today) {
		v.add(FieldConsentDate, "validation.date_in_future", nil)
	}
	if !contains(EntryStates, e.State) {
		v.add("state", "validation.unknown_value", Args{"Value": string(e.State)})
	}
}

// ValidateSubmit checks that the entry is complete, has the guardian's
// consent and fits the contest, which must be taking entries on today.
func (e *Entry) ValidateSubmit(c *Contest, today Date) error {
	var v validator
	e.validateComplete(&v, c, today)
	if c != nil && !c.TakesEntries(today) {
		v.add(FieldContest, "validation.contest_closed", Args{"Opens": c.Opens.DMY(), "Closes": c.Closes.DMY()})
	}
	return v.err("entry")
}

// ValidateComplete checks that the entry is complete and has the
// guardian's consent, whether or not its contest still takes entries (a
// correction of a submitted entry).
func (e *Entry) ValidateComplete(c *Contest, today Date) error {
	var v validator
	e.validateComplete(&v, c, today)
	return v.err("entry")
}

func (e *Entry) validateComplete(v *validator, c *Contest, today Date) {
	e.validateDraft(v, c, today)
	v.required(FieldLastName, e.LastName)
	v.required(FieldTitle, e.Title)
	if e.Age == 0 {
		v.add(FieldAge, "validation.required", nil)
	}
	if e.Gender == "" {
		v.add(FieldGender, "validation.choose", nil)
	}
	if e.RegionID == "" {
		v.add(FieldRegion, "validation.choose", nil)
	}
	if e.Category == "" {
		v.add(FieldCategory, "validation.choose", nil)
	}
	if !e.hasArtwork() {
		key := "validation.artwork_required"
		if e.Category == CatFilm {
			key = "validation.film_required"
		}
		v.add(FieldFiles, key, nil)
	}
	v.required(FieldGuardian, e.Consent.GuardianName)
	if e.Consent.Relation == "" {
		v.add(FieldRelation, "validation.choose", nil)
	}
	if e.Consent.Date.IsZero() {
		v.add(FieldConsentDate, "validation.date_required", nil)
	}
	if e.Consent.Publication == nil {
		v.add(FieldPublication, "validation.publication_answer", nil)
	}
}

// hasArtwork reports whether the entry holds the work its category needs:
// a film for films, a picture or a PDF (essays) otherwise.
func (e *Entry) hasArtwork() bool {
	for _, f := range e.Files {
		switch {
		case e.Category == CatFilm && f.Type == TypeMP4:
			return true
		case e.Category != CatFilm && (f.IsImage() || (e.Category == CatEssay && f.Type == TypePDF)):
			return true
		}
	}
	return false
}

func (c *Contest) ageGroupFor(age int) (AgeGroup, bool) {
	if c == nil {
		return AgeGroup{}, true
	}
	return c.AgeGroupFor(age)
}

func validHash(h string) bool { return LowerHex(h, 64) }

// LowerHex reports whether s is n lowercase hex digits (a file's SHA-256,
// a clock node, an upload's name).
func LowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// ValidHash reports whether h is a lowercase hex SHA-256.
func ValidHash(h string) bool { return validHash(h) }

// EntryVersion is an entry as it was before a correction.
type EntryVersion struct {
	ID       string          `json:"-"`
	OrgID    string          `json:"org_id"`
	EntryID  string          `json:"entry_id"`
	Version  int             `json:"version"` // the version this one was
	Reason   string          `json:"reason"`  // why it was corrected
	At       time.Time       `json:"at"`
	Previous json.RawMessage `json:"previous"` // the entry's fields as they were
	Deleted  bool            `json:"deleted"`
}
