package alliance

import (
	"fmt"
	"time"
)

// Category is the kind of work a contest entry is.
type Category string

const (
	CatDrawing Category = "drawing"
	CatPoster  Category = "poster"
	CatFilm    Category = "film" // a one-minute film
	CatPhoto   Category = "photo"
	CatEssay   Category = "essay"
)

// Categories lists the categories in display order.
var Categories = []Category{CatDrawing, CatPoster, CatFilm, CatPhoto, CatEssay}

// AgeGroup is a band of ages (inclusive) entries compete in.
type AgeGroup struct {
	ID  string `json:"id"`
	Min int    `json:"min"`
	Max int    `json:"max"`
}

// Label is the group as people write it: "7–10".
func (g AgeGroup) Label() string { return fmt.Sprintf("%d–%d", g.Min, g.Max) }

// Criterion is one line of the jury's rubric; Weight is its share of the
// weighted mean (any positive number: weights 2 and 1 count twice and once).
type Criterion struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
}

// Juror is a member of a contest's jury.
type Juror struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Contest is a nation-wide contest the secretariat runs. It is shared
// reference data: every laptop receives it, only the secretariat writes it.
type Contest struct {
	ID          string      `json:"-"`
	OrgID       string      `json:"org_id"` // the secretariat's organisation
	Title       string      `json:"title"`
	Theme       string      `json:"theme"`
	Categories  []Category  `json:"categories"`
	AgeGroups   []AgeGroup  `json:"age_groups"`
	Opens       Date        `json:"opens"`        // first day entries are taken
	Closes      Date        `json:"closes"`       // last day entries are taken
	JudgingEnds Date        `json:"judging_ends"` // the jury's last day
	Criteria    []Criterion `json:"criteria"`
	Jury        []Juror     `json:"jury"`
	// Winners is how many places per category and age group are winners
	// (ties share a place, so there may be more winners).
	Winners     int       `json:"winners"`
	Published   bool      `json:"published"` // the results are out
	PublishedAt time.Time `json:"published_at,omitempty"`
	Notes       string    `json:"notes"`
	Deleted     bool      `json:"deleted"`
}

// Field names of a contest that forms report errors on.
const (
	FieldTheme       = "theme"
	FieldCategories  = "categories"
	FieldAgeGroups   = "age_groups"
	FieldOpens       = "opens"
	FieldCloses      = "closes"
	FieldJudgingEnds = "judging_ends"
	FieldCriteria    = "criteria"
	FieldJury        = "jury"
	FieldWinners     = "winners"
)

// Limits of a contest.
const (
	MinChildAge      = 3
	MaxChildAge      = 18
	MaxMark          = 10 // marks run from 1 to MaxMark
	DefaultWinners   = 3
	MaxCriterionName = 120
)

// DisputeSpread is how far apart (on the 1–10 scale) two judges' weighted
// marks of one entry may be before the entry is flagged for discussion.
const DisputeSpread = 3.0

// Validate checks every field of the contest.
func (c *Contest) Validate() error {
	var v validator
	v.required(FieldTitle, c.Title)
	v.maxLen(FieldTitle, c.Title, MaxTitle)
	v.maxLen(FieldTheme, c.Theme, MaxLongText)
	v.maxLen(FieldNotes, c.Notes, MaxLongText)
	if len(c.Categories) == 0 {
		v.add(FieldCategories, "validation.choose_one_or_more", nil)
	}
	for _, cat := range c.Categories {
		if !contains(Categories, cat) {
			v.add(FieldCategories, "validation.unknown_value", Args{"Value": string(cat)})
		}
	}
	if hasDuplicates(c.Categories) {
		v.add(FieldCategories, "validation.duplicate", nil)
	}
	c.validateAgeGroups(&v)
	switch {
	case c.Opens.IsZero():
		v.add(FieldOpens, "validation.date_required", nil)
	case c.Closes.IsZero():
		v.add(FieldCloses, "validation.date_required", nil)
	case c.Closes.Before(c.Opens):
		v.add(FieldCloses, "validation.closes_before_opens", nil)
	case c.JudgingEnds.IsZero():
		v.add(FieldJudgingEnds, "validation.date_required", nil)
	case c.JudgingEnds.Before(c.Closes):
		v.add(FieldJudgingEnds, "validation.judging_before_closes", nil)
	}
	if len(c.Criteria) == 0 {
		v.add(FieldCriteria, "validation.criteria_required", nil)
	}
	ids := map[string]bool{}
	for i, cr := range c.Criteria {
		n := Args{"N": i + 1}
		switch {
		case cr.ID == "" || ids[cr.ID]:
			v.add(FieldCriteria, "validation.row_id", n)
		case cr.Name == "":
			v.add(FieldCriteria, "validation.criterion_name", n)
		case len([]rune(cr.Name)) > MaxCriterionName:
			v.add(FieldCriteria, "validation.criterion_name", n)
		case !(cr.Weight > 0 && cr.Weight <= 100):
			v.add(FieldCriteria, "validation.criterion_weight", n)
		}
		ids[cr.ID] = true
	}
	if len(c.Jury) == 0 {
		v.add(FieldJury, "validation.jury_required", nil)
	}
	for i, j := range c.Jury {
		if j.ID == "" || ids[j.ID] || j.Name == "" {
			v.add(FieldJury, "validation.juror", Args{"N": i + 1})
		}
		ids[j.ID] = true
	}
	if c.Winners < 1 || c.Winners > 10 {
		v.add(FieldWinners, "validation.winners", nil)
	}
	return v.err("contest")
}

func (c *Contest) validateAgeGroups(v *validator) {
	if len(c.AgeGroups) == 0 {
		v.add(FieldAgeGroups, "validation.age_groups_required", nil)
	}
	ids := map[string]bool{}
	for i, g := range c.AgeGroups {
		n := Args{"N": i + 1, "Min": MinChildAge, "Max": MaxChildAge}
		if g.ID == "" || ids[g.ID] || g.Min < MinChildAge || g.Max > MaxChildAge || g.Min > g.Max {
			v.add(FieldAgeGroups, "validation.age_group", n)
		}
		ids[g.ID] = true
		for _, h := range c.AgeGroups[:i] {
			if g.Min <= h.Max && h.Min <= g.Max {
				v.add(FieldAgeGroups, "validation.age_groups_overlap", Args{"A": h.Label(), "B": g.Label()})
			}
		}
	}
}

// AgeGroupFor returns the group a child of age competes in.
func (c *Contest) AgeGroupFor(age int) (AgeGroup, bool) {
	for _, g := range c.AgeGroups {
		if age >= g.Min && age <= g.Max {
			return g, true
		}
	}
	return AgeGroup{}, false
}

// AgeGroupByID returns the group with id.
func (c *Contest) AgeGroupByID(id string) (AgeGroup, bool) {
	for _, g := range c.AgeGroups {
		if g.ID == id {
			return g, true
		}
	}
	return AgeGroup{}, false
}

// HasCategory reports whether the contest takes entries of cat.
func (c *Contest) HasCategory(cat Category) bool { return contains(c.Categories, cat) }

// TakesEntries reports whether entries can be submitted on day.
func (c *Contest) TakesEntries(day Date) bool {
	return !day.Before(c.Opens) && !day.After(c.Closes) && !c.Published
}

// JurorByID returns the jury member with id.
func (c *Contest) JurorByID(id string) (Juror, bool) {
	for _, j := range c.Jury {
		if j.ID == id {
			return j, true
		}
	}
	return Juror{}, false
}
