package alliance

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Session is one sitting of a training.
type Session struct {
	ID    string  `json:"id"`
	Date  Date    `json:"date"`
	Start string  `json:"start,omitempty"` // "HH:MM", optional
	Hours float64 `json:"hours"`
}

// Training is a training the alliance runs: its sessions, its roster (the
// participants, kept as their own records) and its completion rule.
type Training struct {
	ID            string    `json:"-"`
	OrgID         string    `json:"org_id"`
	Title         string    `json:"title"`
	Area          Area      `json:"area"`
	CRC           []Article `json:"crc_articles,omitempty"` // the Convention's articles it concerns
	Campaigns     []string  `json:"campaigns,omitempty"`    // the campaigns and projects it counts for
	Trainers      string    `json:"trainers"`
	Audience      Audience  `json:"audience"`
	RegionID      string    `json:"region_id"`
	Settlement    string    `json:"settlement"`
	Place         string    `json:"place"`
	Sessions      []Session `json:"sessions"`
	MinAttendance int       `json:"min_attendance"` // percent of the hours, default 80
	Notes         string    `json:"notes"`
	Signatories   string    `json:"signatories"`           // who signs the certificates: "Name, title" per line
	ActivityID    string    `json:"activity_id,omitempty"` // its entry in the activity log, if any
	Deleted       bool      `json:"deleted"`
}

// DefaultMinAttendance is the completion rule unless a training sets one.
const DefaultMinAttendance = 80

// Field names of a training that forms report errors on.
const (
	FieldSessions      = "sessions"
	FieldMinAttendance = "min_attendance"
	FieldTrainers      = "trainers"
	FieldPlace         = "place"
	FieldNotes         = "notes"
	FieldArea          = "area"
	FieldAudience      = "audience"
)

// TotalHours is the hours of all sessions.
func (t *Training) TotalHours() float64 {
	var h float64
	for _, s := range t.Sessions {
		h += s.Hours
	}
	return h
}

// Period returns the first and the last session's dates.
func (t *Training) Period() (from, to Date) {
	for i, s := range t.Sessions {
		if i == 0 || s.Date.Before(from) {
			from = s.Date
		}
		if i == 0 || s.Date.After(to) {
			to = s.Date
		}
	}
	return from, to
}

// Validate checks the training against today's date.
func (t *Training) Validate() error { return t.ValidateAt(Today()) }

// ValidateAt checks every field of the training.
func (t *Training) ValidateAt(today Date) error {
	var v validator
	v.required(FieldTitle, t.Title)
	v.maxLen(FieldTitle, t.Title, MaxTitle)
	if !contains(Areas, t.Area) {
		v.add(FieldArea, "validation.choose", nil)
	}
	if !contains(Audiences, t.Audience) {
		v.add(FieldAudience, "validation.choose", nil)
	}
	v.articles(t.CRC)
	for _, id := range t.Campaigns {
		if !ValidID(id) {
			v.add(FieldCampaigns, "validation.unknown_value", Args{"Value": id})
		}
	}
	if hasDuplicates(t.Campaigns) || len(t.Campaigns) > MaxCampaigns {
		v.add(FieldCampaigns, "validation.duplicate", nil)
	}
	if t.RegionID == "" {
		v.add(FieldRegion, "validation.choose", nil)
	}
	v.maxLen(FieldSettlement, t.Settlement, MaxSettlement)
	v.maxLen(FieldPlace, t.Place, MaxTitle)
	v.maxLen(FieldTrainers, t.Trainers, MaxPartners)
	v.maxLen(FieldNotes, t.Notes, MaxLongText)
	v.maxLen("signatories", t.Signatories, MaxPartners)
	if t.MinAttendance < 1 || t.MinAttendance > 100 {
		v.add(FieldMinAttendance, "validation.percent", nil)
	}
	if len(t.Sessions) == 0 {
		v.add(FieldSessions, "validation.sessions_required", nil)
	}
	earliest, latest := NewDate(EarliestYear, time.January, 1), today.AddDays(MaxFutureDays)
	ids := map[string]bool{}
	for i, s := range t.Sessions {
		n := Args{"N": i + 1}
		switch {
		case s.ID == "" || ids[s.ID]:
			v.add(FieldSessions, "validation.session_id", n)
		case s.Date.IsZero():
			v.add(FieldSessions, "validation.session_date", n)
		case s.Date.Before(earliest) || s.Date.After(latest):
			v.add(FieldSessions, "validation.session_date_range", n)
		case s.Hours <= 0 || s.Hours > 24:
			v.add(FieldSessions, "validation.session_hours", n)
		case s.Start != "" && !validClock(s.Start):
			v.add(FieldSessions, "validation.session_start", n)
		}
		ids[s.ID] = true
	}
	return v.err("training")
}

func validClock(s string) bool {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil {
		return false
	}
	return h >= 0 && h < 24 && m >= 0 && m < 60
}

// Gender of a participant.
type Gender string

const (
	Female Gender = "female"
	Male   Gender = "male"
)

// Genders lists the genders in display order.
var Genders = []Gender{Female, Male}

// Role is what a participant is: a child, or an adult's role.
type Role string

const (
	RoleChild    Role = "child"
	RoleTeacher  Role = "teacher"
	RoleParent   Role = "parent"
	RoleCentral  Role = "central_authority"
	RoleLocal    Role = "local_authority"
	RoleNGO      Role = "ngo"
	RoleMedia    Role = "media"
	RoleOtherAdt Role = "other"
)

// Roles lists the roles in display order.
var Roles = []Role{RoleChild, RoleTeacher, RoleParent, RoleCentral, RoleLocal, RoleNGO, RoleMedia, RoleOtherAdt}

// AgeGroups of children, when the birth year is not known.
var AgeGroups = []string{"6-9", "10-13", "14-17"}

// Participant is one person on a training's roster, with the sessions
// they attended and optional test scores.
type Participant struct {
	ID            string   `json:"-"`
	OrgID         string   `json:"org_id"`
	TrainingID    string   `json:"training_id"`
	FullName      string   `json:"full_name"`
	Gender        Gender   `json:"gender"`
	BirthYear     int      `json:"birth_year,omitempty"` // children
	AgeGroup      string   `json:"age_group,omitempty"`  // children, when the year is not known
	Role          Role     `json:"role"`
	Organisation  string   `json:"organisation,omitempty"` // adults: where they work
	Phone         string   `json:"phone,omitempty"`
	Email         string   `json:"email,omitempty"`
	Accessibility string   `json:"accessibility,omitempty"`
	PreScore      *int     `json:"pre_score,omitempty"`
	PostScore     *int     `json:"post_score,omitempty"`
	Attended      []string `json:"attended"` // session ids
	Deleted       bool     `json:"deleted"`
}

// Participant field names forms report errors on.
const (
	FieldFullName  = "full_name"
	FieldGender    = "gender"
	FieldBirthYear = "birth_year"
	FieldRole      = "role"
	FieldEmail     = "email"
	FieldPhone     = "phone"
	FieldScore     = "score"
)

// IsChild reports whether the participant is a child.
func (p *Participant) IsChild() bool { return p.Role == RoleChild }

// GenderKey is the translation key of a gender as said of a child (girl,
// boy) or of an adult (woman, man).
func GenderKey(g Gender, child bool) string {
	if g == "" {
		return "gender.unknown"
	}
	if child {
		return "gender.child." + string(g)
	}
	return "gender." + string(g)
}

// Validate checks the participant against this year.
func (p *Participant) Validate() error { return p.ValidateAt(Today()) }

// ValidateAt checks every field of the participant.
func (p *Participant) ValidateAt(today Date) error {
	var v validator
	v.required(FieldFullName, p.FullName)
	v.maxLen(FieldFullName, p.FullName, 150)
	if !contains(Genders, p.Gender) {
		v.add(FieldGender, "validation.choose", nil)
	}
	if !contains(Roles, p.Role) {
		v.add(FieldRole, "validation.choose", nil)
	}
	if p.IsChild() {
		switch {
		case p.BirthYear == 0 && p.AgeGroup == "":
			v.add(FieldBirthYear, "validation.birth_year_or_group", nil)
		case p.BirthYear != 0 && (p.BirthYear < today.Year-19 || p.BirthYear > today.Year-3):
			v.add(FieldBirthYear, "validation.birth_year_child", Args{"From": today.Year - 19, "To": today.Year - 3})
		case p.AgeGroup != "" && !contains(AgeGroups, p.AgeGroup):
			v.add(FieldBirthYear, "validation.unknown_value", Args{"Value": p.AgeGroup})
		}
	}
	v.maxLen(FieldPhone, p.Phone, 30)
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			v.add(FieldEmail, "validation.email", nil)
		}
	}
	for _, s := range []*int{p.PreScore, p.PostScore} {
		if s != nil && (*s < 0 || *s > 100) {
			v.add(FieldScore, "validation.score", nil)
		}
	}
	v.maxLen("accessibility", p.Accessibility, MaxPartners)
	v.maxLen("organisation", p.Organisation, MaxTitle)
	return v.err("participant")
}

// AttendedHours is the hours of the training's sessions p attended.
func (p *Participant) AttendedHours(t *Training) float64 {
	var h float64
	for _, s := range t.Sessions {
		for _, id := range p.Attended {
			if id == s.ID {
				h += s.Hours
				break
			}
		}
	}
	return h
}

// Completed reports whether p met the training's completion rule: at
// least MinAttendance percent of its hours.
func (p *Participant) Completed(t *Training) bool {
	total := t.TotalHours()
	if total <= 0 {
		return false
	}
	min := t.MinAttendance
	if min <= 0 {
		min = DefaultMinAttendance
	}
	return p.AttendedHours(t)*100 >= float64(min)*total-1e-9
}

// NormalizeName trims a person's name and collapses inner spaces.
func NormalizeName(s string) string { return strings.Join(strings.Fields(s), " ") }
