package alliance

import "context"

// ReportFilter selects what a report covers: a period and a scope. Zero
// fields do not filter (the secretariat's "all"); a member's reports are
// its own organisation's.
type ReportFilter struct {
	From, To Date   // activities overlapping the period; trainings by their first day; entries by submission
	OrgID    string // one organisation
	RegionID string // one region
}

// Count is a figure under a key (a kind, a month "2025-03", a region id…).
type Count struct {
	Key   string
	Value int
}

// Summary is a report's figures.
type Summary struct {
	Filter ReportFilter

	Activities        int
	ActivitiesByKind  []Count // in Kinds order, zeros left out
	ActivitiesByMonth []Count // every month of the period, "2025-03", zeros included
	Reached           Reached // summed over the activities
	RegionsCovered    int     // regions with at least one activity
	ByRegion          []Count // activities per region, in RegionIDs order, zeros left out
	ByArea            []Count // activities per thematic area, in Areas order, zeros left out
	Tagged            int     // activities tagged with an article of the Convention
	ByCluster         []Count // activities per CRC cluster (each once), in Clusters order, zeros left out
	ByCampaign        []Count // activities per campaign id, the most first

	Trainings          int
	TrainingHours      float64
	Participants       int
	Completed          int // participants who completed their training
	CompletedFemale    int
	CompletedMale      int
	CertificatesIssued int // valid certificates issued in the period
	EntriesSubmitted   int // contest entries submitted in the period
	EntriesByCategory  []Count
	EntriesByRegion    []Count
}

// Children is the children reached: girls and boys.
func (s *Summary) Children() int { return s.Reached.Girls + s.Reached.Boys }

// ReportService reads what reports are made of: the figures, and the
// records one at a time (exports stream them, whatever their number).
type ReportService interface {
	Summary(ctx context.Context, f ReportFilter) (*Summary, error)
	// EachActivity calls fn for each live activity of the filter, by start date.
	EachActivity(ctx context.Context, f ReportFilter, fn func(a *Activity) error) error
	// EachTraining calls fn for each live training of the filter with its
	// roster, by first day.
	EachTraining(ctx context.Context, f ReportFilter, fn func(t *Training, roster []Participant) error) error
	// EachCertificate calls fn for each certificate issued in the period,
	// with its holder on the roster (nil when not found).
	EachCertificate(ctx context.Context, f ReportFilter, fn func(c *Certificate, holder *Participant) error) error
	// EachEntry calls fn for each entry submitted in the period, with its contest.
	EachEntry(ctx context.Context, f ReportFilter, fn func(e *Entry, c *Contest) error) error
	// ResourceUses counts, for the activities of the filter, the library's
	// resources they used and the copies they handed out.
	ResourceUses(ctx context.Context, f ReportFilter) ([]ResourceCount, error)
}
