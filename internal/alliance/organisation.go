package alliance

import (
	"net/mail"
	"net/url"
	"strings"
)

// OrgKind says what kind of member an organisation is.
type OrgKind string

const (
	OrgNGO        OrgKind = "ngo"
	OrgChildGroup OrgKind = "children_group"
	OrgYouthGroup OrgKind = "youth_group"
)

// OrgKinds lists the kinds in display order.
var OrgKinds = []OrgKind{OrgNGO, OrgChildGroup, OrgYouthGroup}

// Organisation is a member of the alliance, or its secretariat, with the
// profile the member directory shows.
type Organisation struct {
	ID          string
	Name        string // its name in Azerbaijani: the one it is known by
	Kind        OrgKind
	RegionID    string // where it is based
	Secretariat bool
	OrgProfile
}

// OrgProfile is what the member directory says of an organisation beyond
// its name: a member writes its own, the secretariat anyone's (and alone
// the year it joined).
type OrgProfile struct {
	NameRU      string   // its name in Russian ("": as in Azerbaijani)
	NameEN      string   // in English
	Regions     []string // the regions it works in, in RegionIDs order
	Areas       []Area   // its priority areas, in Areas order
	Address     string
	Phone       string
	Email       string
	Website     string
	FocalPerson string   // who to ask: "Name, role"
	Joined      int      // the year it joined the alliance (0: not known)
	Logo        *FileRef // a JPEG or PNG of at most MaxLogoBytes (nil: none)
}

// NameIn is the organisation's name in lang ("az", "ru", "en"): its
// Azerbaijani name when it has none in lang.
func (o Organisation) NameIn(lang string) string {
	switch {
	case lang == "ru" && o.NameRU != "":
		return o.NameRU
	case lang == "en" && o.NameEN != "":
		return o.NameEN
	}
	return o.Name
}

// Limits of an organisation's profile.
const (
	MaxOrgName    = 200
	MaxOrgText    = 300 // address, focal person
	MaxOrgContact = 100 // phone, e-mail
	MaxWebsite    = 200
	FoundedYear   = 2000 // the alliance was founded before anyone joined after it
)

// Field names of an organisation's profile: the form's and the wire's.
const (
	FieldOrgNameRU      = "name_ru"
	FieldOrgNameEN      = "name_en"
	FieldOrgRegions     = "regions"
	FieldOrgAreas       = "areas"
	FieldOrgAddress     = "address"
	FieldOrgPhone       = "phone"
	FieldOrgEmail       = "email"
	FieldOrgWebsite     = "website"
	FieldOrgFocalPerson = "focal_person"
	FieldOrgJoined      = "joined"
	FieldOrgLogo        = "logo"
)

// PurposeLogo is an organisation's logo: a picture of at most MaxLogoBytes.
const PurposeLogo FilePurpose = "logo"

// MaxLogoBytes is the largest logo: every laptop keeps every logo.
const MaxLogoBytes = 1 << 20

// Validate checks the organisation's fields against this year.
func (o *Organisation) Validate() error { return o.ValidateAt(Today()) }

// ValidateAt checks every field and returns an EINVALID *Error listing each
// broken rule per field, or nil.
func (o *Organisation) ValidateAt(today Date) error {
	var v validator
	v.required("name", o.Name)
	v.maxLen("name", o.Name, MaxOrgName)
	v.maxLen(FieldOrgNameRU, o.NameRU, MaxOrgName)
	v.maxLen(FieldOrgNameEN, o.NameEN, MaxOrgName)
	if !contains(OrgKinds, o.Kind) {
		v.add("kind", "validation.choose", nil)
	}
	v.required("region", o.RegionID)
	for _, r := range o.Regions {
		if !contains(RegionIDs, r) {
			v.add(FieldOrgRegions, "validation.unknown_value", Args{"Value": r})
		}
	}
	if hasDuplicates(o.Regions) {
		v.add(FieldOrgRegions, "validation.duplicate", nil)
	}
	for _, a := range o.Areas {
		if !contains(Areas, a) {
			v.add(FieldOrgAreas, "validation.unknown_value", Args{"Value": string(a)})
		}
	}
	if hasDuplicates(o.Areas) {
		v.add(FieldOrgAreas, "validation.duplicate", nil)
	}
	v.maxLen(FieldOrgAddress, o.Address, MaxOrgText)
	v.maxLen(FieldOrgFocalPerson, o.FocalPerson, MaxOrgText)
	v.maxLen(FieldOrgPhone, o.Phone, MaxOrgContact)
	v.maxLen(FieldOrgEmail, o.Email, MaxOrgContact)
	v.maxLen(FieldOrgWebsite, o.Website, MaxWebsite)
	if o.Phone != "" && !validPhone(o.Phone) {
		v.add(FieldOrgPhone, "validation.phone", nil)
	}
	if o.Email != "" && !validEmail(o.Email) {
		v.add(FieldOrgEmail, "validation.email", nil)
	}
	if o.Website != "" && !validWebsite(o.Website) {
		v.add(FieldOrgWebsite, "validation.website", nil)
	}
	if l := o.Logo; l != nil && (!ValidHash(l.Hash) || l.Size <= 0 || l.Size > MaxLogoBytes ||
		(l.Type != TypeJPEG && l.Type != TypePNG) || len(l.Name) > MaxFileName) {
		v.add(FieldOrgLogo, "validation.file_ref", Args{"Name": l.Name})
	}
	if o.Joined != 0 && (o.Joined < FoundedYear || o.Joined > today.Year) {
		v.add(FieldOrgJoined, "validation.year_range", Args{"From": FoundedYear, "To": today.Year})
	}
	return v.err("organisation")
}

// validPhone accepts what people write as a phone number: digits with
// spaces, dashes, brackets and a leading +, at least seven digits.
func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

// validWebsite accepts an http or https address with a host name.
func validWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && strings.Contains(u.Hostname(), ".") &&
		u.User == nil && !strings.ContainsAny(s, " \t\n<>\"")
}

// NormalizeWebsite adds https:// to an address typed without a scheme
// ("uhq.az" → "https://uhq.az").
func NormalizeWebsite(s string) string {
	s = strings.TrimSpace(s)
	if s != "" && !strings.Contains(s, "://") {
		s = "https://" + s
	}
	return s
}
