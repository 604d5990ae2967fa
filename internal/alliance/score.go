package alliance

import (
	"math"
	"sort"
	"time"
)

// Score is one judge's marks for one entry. A judge may stop half-way and
// come back: the marks given so far are kept; the score counts in the
// results once every criterion has a mark.
type Score struct {
	ID        string            `json:"-"`
	OrgID     string            `json:"org_id"` // the organisation of the device the judge used
	ContestID string            `json:"contest_id"`
	EntryID   string            `json:"entry_id"`
	JurorID   string            `json:"juror_id"`
	Marks     map[string]int    `json:"marks"`    // criterion id → 1..MaxMark
	Comments  map[string]string `json:"comments"` // criterion id → comment
	At        time.Time         `json:"at"`
	Deleted   bool              `json:"deleted"`
}

// Validate checks the marks against the contest's rubric.
func (s *Score) Validate(c *Contest) error {
	var v validator
	if _, ok := c.JurorByID(s.JurorID); !ok {
		v.add(FieldJury, "validation.choose", nil)
	}
	known := map[string]bool{}
	for _, cr := range c.Criteria {
		known[cr.ID] = true
	}
	for id, m := range s.Marks {
		if !known[id] {
			v.add(FieldCriteria, "validation.unknown_value", Args{"Value": id})
		} else if m < 1 || m > MaxMark {
			v.add(id, "validation.mark", Args{"Max": MaxMark})
		}
	}
	for id, text := range s.Comments {
		v.maxLen(id, text, 1000)
	}
	return v.err("score")
}

// Complete reports whether every criterion of c has a mark.
func (s *Score) Complete(c *Contest) bool {
	for _, cr := range c.Criteria {
		if s.Marks[cr.ID] == 0 {
			return false
		}
	}
	return len(c.Criteria) > 0
}

// Weighted is the weighted mean of the marks by the criteria's weights.
func (s *Score) Weighted(c *Contest) float64 {
	var sum, weights float64
	for _, cr := range c.Criteria {
		if m, ok := s.Marks[cr.ID]; ok && m > 0 {
			sum += float64(m) * cr.Weight
			weights += cr.Weight
		}
	}
	if weights == 0 {
		return 0
	}
	return sum / weights
}

// JuryEntry is an entry as a judge sees it: the code, the work, its
// category and age group — never the child, the school, the organisation
// or the guardian. It is the only view of entries judging screens get.
type JuryEntry struct {
	EntryID    string
	Code       string
	ContestID  string
	Category   Category
	AgeGroupID string
	Title      string    // the work's title, as the child named it
	Files      []FileRef // the artwork only (never the consent scan)
}

// Result is an entry's place in its category and age group.
type Result struct {
	EntryID    string
	Code       string
	Category   Category
	AgeGroupID string
	Score      float64 // mean of the judges' weighted marks, 0 when none
	Judges     int     // complete scores counted
	Spread     float64 // highest minus lowest judge's weighted mark
	Disputed   bool    // Spread ≥ DisputeSpread: to discuss before publishing
	Rank       int     // 1 = first; tied entries share a rank (1, 1, 3)
	Tied       bool
}

// ComputeResults ranks the entries of a contest from the judges' complete
// scores: by weighted mean within each category and age group, ties sharing
// a place. Entries without a complete score come last, unranked (Rank 0).
// Results are ordered by category, age group and rank.
func ComputeResults(c *Contest, entries []JuryEntry, scores []Score) []Result {
	byEntry := map[string][]float64{}
	for i := range scores {
		s := &scores[i]
		if s.Deleted || !s.Complete(c) {
			continue
		}
		byEntry[s.EntryID] = append(byEntry[s.EntryID], s.Weighted(c))
	}
	out := make([]Result, 0, len(entries))
	for _, e := range entries {
		r := Result{EntryID: e.EntryID, Code: e.Code, Category: e.Category, AgeGroupID: e.AgeGroupID}
		marks := byEntry[e.EntryID]
		if len(marks) > 0 {
			lo, hi, sum := marks[0], marks[0], 0.0
			for _, m := range marks {
				sum += m
				lo, hi = math.Min(lo, m), math.Max(hi, m)
			}
			r.Score, r.Judges, r.Spread = round2(sum/float64(len(marks))), len(marks), round2(hi-lo)
			r.Disputed = len(marks) > 1 && r.Spread >= DisputeSpread
		}
		out = append(out, r)
	}
	catOrder := map[Category]int{}
	for i, cat := range Categories {
		catOrder[cat] = i
	}
	groupOrder := map[string]int{}
	for i, g := range c.AgeGroups {
		groupOrder[g.ID] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Category != b.Category {
			return catOrder[a.Category] < catOrder[b.Category]
		}
		if a.AgeGroupID != b.AgeGroupID {
			return groupOrder[a.AgeGroupID] < groupOrder[b.AgeGroupID]
		}
		if (a.Judges > 0) != (b.Judges > 0) {
			return a.Judges > 0
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Code < b.Code
	})
	for i := range out {
		r := &out[i]
		if r.Judges == 0 {
			continue
		}
		r.Rank = 1
		if i > 0 {
			p := &out[i-1]
			switch {
			case p.Category != r.Category || p.AgeGroupID != r.AgeGroupID:
				r.Rank = 1
			case p.Score == r.Score:
				r.Rank, r.Tied, p.Tied = p.Rank, true, true
			default:
				r.Rank = rankInGroup(out, i)
			}
		}
	}
	return out
}

// rankInGroup is 1 + the number of ranked entries before i in its group.
func rankInGroup(rs []Result, i int) int {
	n := 1
	for j := i - 1; j >= 0 && rs[j].Category == rs[i].Category && rs[j].AgeGroupID == rs[i].AgeGroupID; j-- {
		n++
	}
	return n
}

// round2 rounds to two decimals, so that equal marks compare equal
// whatever order they were summed in.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
