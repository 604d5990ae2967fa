package alliance

import (
	"context"
	"strings"
)

// CampaignKind says whether a campaign is the alliance's own or a donor's
// project.
type CampaignKind string

const (
	KindOfCampaign CampaignKind = "campaign" // the alliance's own (the LNCO campaign)
	KindOfProject  CampaignKind = "project"  // a donor's project
)

// CampaignKinds lists the kinds in display order.
var CampaignKinds = []CampaignKind{KindOfCampaign, KindOfProject}

// Measure is what an indicator counts. All but MeasureManual are computed
// from the activities linked to the campaign; a manual one from the
// progress entered.
type Measure string

const (
	MeasureActivities Measure = "activities" // activities linked
	MeasureTrainings  Measure = "trainings"  // of them, trainings
	MeasurePeople     Measure = "people"     // people reached
	MeasureChildren   Measure = "children"   // children reached
	MeasureGirls      Measure = "girls"
	MeasureBoys       Measure = "boys"
	MeasureWomen      Measure = "women"
	MeasureMen        Measure = "men"
	MeasureDisabled   Measure = "disabled" // people with disabilities reached
	MeasureRegions    Measure = "regions"  // regions covered
	MeasureManual     Measure = "manual"   // entered as progress
)

// Measures lists the measures in display order.
var Measures = []Measure{MeasureActivities, MeasureTrainings, MeasurePeople, MeasureChildren, MeasureGirls,
	MeasureBoys, MeasureWomen, MeasureMen, MeasureDisabled, MeasureRegions, MeasureManual}

// Breakdown is how an indicator's progress is split.
type Breakdown string

const (
	ByNothing Breakdown = ""
	ByGender  Breakdown = "gender" // girls, boys, women, men (people reached)
	ByAge     Breakdown = "age"    // children, adults (people reached)
	ByRegion  Breakdown = "region" // each region of the linked activities (or of the progress entered)
)

// Breakdowns lists the breakdowns in display order.
var Breakdowns = []Breakdown{ByNothing, ByGender, ByAge, ByRegion}

// Indicator is a result a campaign is measured by: what it counts and the
// target for the whole campaign.
type Indicator struct {
	ID        string     `json:"id"` // UUIDv7, kept when the indicator is edited
	Name      string     `json:"name"`
	Measure   Measure    `json:"measure"`
	Unit      string     `json:"unit,omitempty"` // a manual indicator's ("schools", "reports")
	Target    float64    `json:"target"`
	Breakdown Breakdown  `json:"breakdown,omitempty"`
	Progress  []Progress `json:"progress,omitempty"` // a manual indicator's entries
}

// Splits tells whether the measure can be split by b: people reached by
// gender and by age, children by gender, anything by region.
func (m Measure) Splits(b Breakdown) bool {
	switch b {
	case ByNothing, ByRegion:
		return true
	case ByGender:
		return m == MeasurePeople || m == MeasureChildren
	case ByAge:
		return m == MeasurePeople
	}
	return false
}

// Progress is a value entered for a manual indicator.
type Progress struct {
	Date     Date    `json:"date"`
	Value    float64 `json:"value"`
	RegionID string  `json:"region_id,omitempty"`
	Note     string  `json:"note,omitempty"`
}

// Campaign is a campaign of the alliance or a donor's project: its period,
// donor, regions and indicators. The secretariat keeps them; activities
// (and, through their entries in the log, trainings) are linked to them.
type Campaign struct {
	ID          string       `json:"-"`
	OrgID       string       `json:"org_id"` // the secretariat's
	Kind        CampaignKind `json:"kind"`
	Name        string       `json:"name"`
	NameRU      string       `json:"name_ru,omitempty"`
	NameEN      string       `json:"name_en,omitempty"`
	Donor       string       `json:"donor,omitempty"`
	Start       Date         `json:"start"`
	End         Date         `json:"end"`
	Regions     []string     `json:"regions,omitempty"` // where it runs (none: everywhere)
	Description string       `json:"description,omitempty"`
	Indicators  []Indicator  `json:"indicators"`
	Deleted     bool         `json:"deleted"`
}

// NameIn is the campaign's name in lang, its Azerbaijani name when it has
// none in lang.
func (c Campaign) NameIn(lang string) string {
	switch {
	case lang == "ru" && c.NameRU != "":
		return c.NameRU
	case lang == "en" && c.NameEN != "":
		return c.NameEN
	}
	return c.Name
}

// Limits of a campaign.
const (
	MaxIndicators = 40
	MaxProgress   = 500 // entries of one manual indicator
	MaxTarget     = 1e9
	MaxCampaigns  = 50 // an activity's links
)

// Field names of a campaign that forms report errors on.
const (
	FieldDonor      = "donor"
	FieldIndicators = "indicators"
	FieldCampaigns  = "campaigns" // an activity's links
)

// ValidateAt checks every field and returns an EINVALID *Error listing each
// broken rule per field, or nil.
func (c *Campaign) ValidateAt(today Date) error {
	var v validator
	if !contains(CampaignKinds, c.Kind) {
		v.add(FieldKind, "validation.choose", nil)
	}
	v.required(FieldTitle, c.Name)
	v.maxLen(FieldTitle, c.Name, MaxTitle)
	v.maxLen(FieldOrgNameRU, c.NameRU, MaxTitle)
	v.maxLen(FieldOrgNameEN, c.NameEN, MaxTitle)
	v.maxLen(FieldDonor, c.Donor, MaxTitle)
	v.maxLen(FieldDescription, c.Description, MaxLongText)
	switch {
	case c.Start.IsZero():
		v.add(FieldStart, "validation.date_required", nil)
	case c.Start.Year < EarliestYear:
		v.add(FieldStart, "validation.date_too_early", Args{"Year": EarliestYear})
	}
	switch {
	case c.End.IsZero():
		v.add(FieldEnd, "validation.date_required", nil)
	case !c.Start.IsZero() && c.End.Before(c.Start):
		v.add(FieldEnd, "validation.end_before_start", nil)
	case c.End.Year > today.Year+10:
		v.add(FieldEnd, "validation.date_too_late", Args{"Date": NewDate(today.Year+10, 12, 31).DMY()})
	}
	for _, r := range c.Regions {
		if !contains(RegionIDs, r) {
			v.add(FieldOrgRegions, "validation.unknown_value", Args{"Value": r})
		}
	}
	if hasDuplicates(c.Regions) {
		v.add(FieldOrgRegions, "validation.duplicate", nil)
	}
	if len(c.Indicators) > MaxIndicators {
		v.add(FieldIndicators, "validation.too_many_indicators", Args{"Max": MaxIndicators})
	}
	ids := map[string]bool{}
	for i, ind := range c.Indicators {
		n := Args{"N": i + 1}
		switch {
		case !ValidID(ind.ID) || ids[ind.ID]:
			v.add(FieldIndicators, "validation.indicator_id", n)
		case strings.TrimSpace(ind.Name) == "" || len(ind.Name) > MaxTitle:
			v.add(FieldIndicators, "validation.indicator_name", n)
		case !contains(Measures, ind.Measure):
			v.add(FieldIndicators, "validation.indicator_measure", n)
		case ind.Target < 0 || ind.Target > MaxTarget:
			v.add(FieldIndicators, "validation.indicator_target", n)
		case !ind.Measure.Splits(ind.Breakdown):
			v.add(FieldIndicators, "validation.indicator_breakdown", n)
		case len(ind.Unit) > 50:
			v.add(FieldIndicators, "validation.indicator_name", n)
		case len(ind.Progress) > 0 && ind.Measure != MeasureManual, len(ind.Progress) > MaxProgress:
			v.add(FieldIndicators, "validation.indicator_progress", n)
		}
		ids[ind.ID] = true
		for _, p := range ind.Progress {
			if p.Date.IsZero() || p.Value < 0 || p.Value > MaxTarget || len(p.Note) > MaxPartners ||
				(p.RegionID != "" && !contains(RegionIDs, p.RegionID)) {
				v.add(FieldIndicators, "validation.indicator_progress", n)
				break
			}
		}
	}
	return v.err("campaign")
}

// IndicatorProgress is an indicator with how far it has come: computed
// from the linked activities, or the sum of the progress entered.
type IndicatorProgress struct {
	Indicator Indicator
	Actual    float64
	Breakdown []Count // as the indicator splits it (gender: girls, boys, women, men; age: children, adults; region: region ids)
}

// Percent is the actual value as a share of the target (0 without one).
func (p IndicatorProgress) Percent() float64 {
	if p.Indicator.Target <= 0 {
		return 0
	}
	return 100 * p.Actual / p.Indicator.Target
}

// CampaignReport is a campaign with what its linked activities did.
type CampaignReport struct {
	Campaign   Campaign
	Activities int     // live activities linked
	Reached    Reached // summed over them
	Regions    []string
	Indicators []IndicatorProgress
}

// CampaignService keeps the campaigns and donor projects and tells their
// progress.
type CampaignService interface {
	FindCampaigns(ctx context.Context) ([]Campaign, error)
	FindCampaignByID(ctx context.Context, id string) (*Campaign, error)
	CreateCampaign(ctx context.Context, c *Campaign) error
	UpdateCampaign(ctx context.Context, c *Campaign) error
	DeleteCampaign(ctx context.Context, id string) error
	// CampaignProgress computes the campaign's indicators from the live
	// activities linked to it.
	CampaignProgress(ctx context.Context, id string) (*CampaignReport, error)
	// EachCampaignActivity calls fn for each live activity linked to the
	// campaign, by start date.
	EachCampaignActivity(ctx context.Context, id string, fn func(a *Activity) error) error
}
