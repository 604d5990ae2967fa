package alliance

import (
	"time"
)

// ActivityKind is what an activity was. The list follows the alliance's own
// description of its work; "other" catches what fits none.
type ActivityKind string

const (
	KindTraining   ActivityKind = "training"
	KindSeminar    ActivityKind = "seminar"
	KindMeeting    ActivityKind = "meeting"
	KindCampaign   ActivityKind = "campaign_event"
	KindConference ActivityKind = "conference"
	KindExhibition ActivityKind = "exhibition"
	KindMarch      ActivityKind = "march"
	KindContest    ActivityKind = "contest"
	KindFilm       ActivityKind = "film"
	KindManual     ActivityKind = "manual"
	KindResearch   ActivityKind = "research"
	KindDialogue   ActivityKind = "dialogue"
	KindUNReport   ActivityKind = "un_report"
	KindOther      ActivityKind = "other"
)

// ActivityKinds lists the kinds in display order.
var ActivityKinds = []ActivityKind{
	KindTraining, KindSeminar, KindMeeting, KindCampaign, KindConference,
	KindExhibition, KindMarch, KindContest, KindFilm, KindManual,
	KindResearch, KindDialogue, KindUNReport, KindOther,
}

// Area is a thematic (priority) area of the alliance's work.
type Area string

const (
	AreaProtection    Area = "protection"
	AreaEducation     Area = "education"
	AreaHealth        Area = "health"
	AreaSocialCulture Area = "social_cultural"
	AreaDisabilities  Area = "disabilities"
	AreaChildLabour   Area = "child_labour"
	AreaTrafficking   Area = "trafficking"
	AreaViolence      Area = "violence"
	AreaExploitation  Area = "exploitation"
	AreaParticipation Area = "participation"
)

// Areas lists the thematic areas in display order.
var Areas = []Area{
	AreaProtection, AreaEducation, AreaHealth, AreaSocialCulture, AreaDisabilities,
	AreaChildLabour, AreaTrafficking, AreaViolence, AreaExploitation, AreaParticipation,
}

// Audience is a group an activity was for.
type Audience string

const (
	AudChildren   Audience = "children"
	AudTeachers   Audience = "teachers"
	AudParents    Audience = "parents"
	AudCentral    Audience = "central_authorities"
	AudLocal      Audience = "local_authorities"
	AudNGOs       Audience = "ngos"
	AudMedia      Audience = "media"
	AudUNAgencies Audience = "un_ingos"
)

// Audiences lists the audiences in display order.
var Audiences = []Audience{AudChildren, AudTeachers, AudParents, AudCentral, AudLocal, AudNGOs, AudMedia, AudUNAgencies}

// Reached counts the people an activity reached. Disabled counts those of
// them with disabilities, so it is at most the total.
type Reached struct {
	Girls    int
	Boys     int
	Women    int
	Men      int
	Disabled int
}

// Total is girls + boys + women + men.
func (r Reached) Total() int { return r.Girls + r.Boys + r.Women + r.Men }

// Children is girls + boys.
func (r Reached) Children() int { return r.Girls + r.Boys }

// Activity is one entry of an organisation's activity log.
type Activity struct {
	ID          string // UUIDv7, made on the laptop
	OrgID       string // the organisation that ran it; "" until the laptop belongs to one
	Kind        ActivityKind
	Title       string
	Start       Date
	End         Date
	RegionID    string
	Settlement  string
	Areas       []Area
	Audiences   []Audience
	CRC         []Article     // the Convention's articles it concerns
	Attachments []Attachment  // photos, signed attendance sheets, reports
	Campaigns   []string      // the ids of the campaigns and projects it counts for
	Resources   []ResourceUse // the library's resources it used or handed out
	Reached     Reached
	Partners    string
	Description string
	Results     string
	FollowUp    string
	RecordedBy  string

	CreatedAt time.Time
	UpdatedAt time.Time
	Deleted   bool // a tombstone: hidden, kept for sync
}

// Field names of Activity. They name form fields, validation messages and
// the columns and wire fields of the store.
const (
	FieldOrg         = "org_id"
	FieldKind        = "kind"
	FieldTitle       = "title"
	FieldStart       = "start_date"
	FieldEnd         = "end_date"
	FieldRegion      = "region_id"
	FieldSettlement  = "settlement"
	FieldAreas       = "areas"
	FieldAudiences   = "audiences"
	FieldCRC         = "crc_articles"
	FieldGirls       = "girls"
	FieldBoys        = "boys"
	FieldWomen       = "women"
	FieldMen         = "men"
	FieldDisabled    = "disabled"
	FieldPartners    = "partners"
	FieldDescription = "description"
	FieldResults     = "results"
	FieldFollowUp    = "follow_up"
	FieldRecordedBy  = "recorded_by"
	FieldDeleted     = "deleted"
)

// Limits of activity fields.
const (
	MaxTitle      = 200
	MaxSettlement = 100
	MaxPartners   = 500
	MaxLongText   = 5000
	MaxRecordedBy = 100
	MaxCount      = 1000000
	MaxFutureDays = 366 // planned activities may be entered up to a year ahead
	EarliestYear  = 2000
)

// Validate checks every field against today's date.
func (a *Activity) Validate() error { return a.ValidateAt(Today()) }

// ValidateAt checks every field and returns an EINVALID *Error listing each
// broken rule per field, or nil.
func (a *Activity) ValidateAt(today Date) error {
	var v validator
	if !contains(ActivityKinds, a.Kind) {
		v.add(FieldKind, "validation.choose", nil)
	}
	v.required(FieldTitle, a.Title)
	v.maxLen(FieldTitle, a.Title, MaxTitle)

	earliest := NewDate(EarliestYear, time.January, 1)
	latest := today.AddDays(MaxFutureDays)
	for _, f := range []struct {
		name string
		d    Date
	}{{FieldStart, a.Start}, {FieldEnd, a.End}} {
		switch {
		case f.d.IsZero():
			v.add(f.name, "validation.date_required", nil)
		case f.d.Before(earliest):
			v.add(f.name, "validation.date_too_early", Args{"Year": EarliestYear})
		case f.d.After(latest):
			v.add(f.name, "validation.date_too_late", Args{"Date": latest.DMY()})
		}
	}
	if !a.Start.IsZero() && !a.End.IsZero() && a.End.Before(a.Start) {
		v.add(FieldEnd, "validation.end_before_start", nil)
	}

	if a.RegionID == "" {
		v.add(FieldRegion, "validation.choose", nil)
	}
	v.maxLen(FieldSettlement, a.Settlement, MaxSettlement)

	if len(a.Areas) == 0 {
		v.add(FieldAreas, "validation.choose_one_or_more", nil)
	}
	for _, x := range a.Areas {
		if !contains(Areas, x) {
			v.add(FieldAreas, "validation.unknown_value", Args{"Value": string(x)})
		}
	}
	for _, x := range a.Audiences {
		if !contains(Audiences, x) {
			v.add(FieldAudiences, "validation.unknown_value", Args{"Value": string(x)})
		}
	}
	if hasDuplicates(a.Areas) {
		v.add(FieldAreas, "validation.duplicate", nil)
	}
	if hasDuplicates(a.Audiences) {
		v.add(FieldAudiences, "validation.duplicate", nil)
	}
	v.articles(a.CRC)
	v.attachments(a.Attachments)
	v.uses(a.Resources)
	if len(a.Campaigns) > MaxCampaigns {
		v.add(FieldCampaigns, "validation.too_many", Args{"Max": MaxCampaigns})
	}
	for _, id := range a.Campaigns {
		if !ValidID(id) {
			v.add(FieldCampaigns, "validation.unknown_value", Args{"Value": id})
		}
	}
	if hasDuplicates(a.Campaigns) {
		v.add(FieldCampaigns, "validation.duplicate", nil)
	}

	r := a.Reached
	for _, c := range []struct {
		name string
		n    int
	}{{FieldGirls, r.Girls}, {FieldBoys, r.Boys}, {FieldWomen, r.Women}, {FieldMen, r.Men}, {FieldDisabled, r.Disabled}} {
		switch {
		case c.n < 0:
			v.add(c.name, "validation.count_negative", nil)
		case c.n > MaxCount:
			v.add(c.name, "validation.count_too_large", Args{"Max": MaxCount})
		}
	}
	if r.Disabled > 0 && r.Disabled > r.Total() {
		v.add(FieldDisabled, "validation.disabled_over_total", Args{"Total": r.Total()})
	}

	v.maxLen(FieldPartners, a.Partners, MaxPartners)
	v.maxLen(FieldDescription, a.Description, MaxLongText)
	v.maxLen(FieldResults, a.Results, MaxLongText)
	v.maxLen(FieldFollowUp, a.FollowUp, MaxLongText)
	v.required(FieldRecordedBy, a.RecordedBy)
	v.maxLen(FieldRecordedBy, a.RecordedBy, MaxRecordedBy)
	return v.err("activity")
}
