package alliance

import "context"

// ActivitySort orders an activity list.
type ActivitySort string

const (
	SortNewest  ActivitySort = "newest"  // start date, latest first (default)
	SortOldest  ActivitySort = "oldest"  // start date, earliest first
	SortTitle   ActivitySort = "title"   // title in Azerbaijani alphabetical order
	SortChanged ActivitySort = "changed" // last edited first
)

// ActivitySorts lists the sort orders in display order.
var ActivitySorts = []ActivitySort{SortNewest, SortOldest, SortTitle, SortChanged}

// ActivityFilter selects activities. Zero fields do not filter.
type ActivityFilter struct {
	Query    string // words to find in the text, typed with or without Azerbaijani letters
	From     Date   // the activity ends on or after From
	To       Date   // the activity starts on or before To
	RegionID string
	Kind     ActivityKind
	Area     Area
	OrgID    string
	Sort     ActivitySort

	Offset int
	Limit  int // 0 means a default page
}

// ActivitySummary is what a list row shows of an activity.
type ActivitySummary struct {
	ID         string
	Kind       ActivityKind
	Title      string
	Start      Date
	End        Date
	RegionID   string
	Settlement string
	Reached    int
}

// ActivityService keeps the activity log. Every write is one transaction
// that also records field stamps and an outbox entry.
type ActivityService interface {
	FindActivityByID(ctx context.Context, id string) (*Activity, error)
	FindActivities(ctx context.Context, f ActivityFilter) ([]ActivitySummary, error)
	CountActivities(ctx context.Context, f ActivityFilter) (int, error)
	// SuggestQuery returns what a search that finds nothing probably meant
	// (a word one letter away from one typed), or "".
	SuggestQuery(ctx context.Context, typed string) (string, error)
	// CreateActivity validates a, gives it an id when it has none and saves it.
	CreateActivity(ctx context.Context, a *Activity) error
	// CreateActivities saves many activities in one transaction: all or none.
	CreateActivities(ctx context.Context, as []*Activity) error
	// UpdateActivity saves the fields of a that differ from the stored record.
	UpdateActivity(ctx context.Context, a *Activity) error
	// DeleteActivity leaves a tombstone; RestoreActivity undoes it.
	DeleteActivity(ctx context.Context, id string) error
	RestoreActivity(ctx context.Context, id string) error
}

// RegionService reads the seeded regions.
type RegionService interface {
	FindRegions(ctx context.Context) ([]Region, error)
}

// OrganisationService keeps the alliance's member organisations.
type OrganisationService interface {
	FindOrganisations(ctx context.Context) ([]Organisation, error)
	FindOrganisationByID(ctx context.Context, id string) (*Organisation, error)
	CreateOrganisation(ctx context.Context, o *Organisation) error
	// UpdateOrganisation saves the fields of o that changed (its profile,
	// for the member directory).
	UpdateOrganisation(ctx context.Context, o *Organisation) error
}

// Setting keys of the laptop's own preferences (never synced).
const (
	SettingLanguage  = "language"   // "az", "ru" or "en"
	SettingStaffName = "staff_name" // default for "recorded by"
	SettingOrgID     = "org_id"     // the laptop's organisation
	SettingLockAfter = "lock_after" // minutes of no use before the app locks ("0": never)
)

// SettingsService keeps the laptop's own preferences and form drafts.
type SettingsService interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	// Draft returns the saved draft under key, or nil.
	Draft(ctx context.Context, key string) ([]byte, error)
	SaveDraft(ctx context.Context, key string, data []byte) error
	DeleteDraft(ctx context.Context, key string) error
}

// OutboxService tells what waits to be sent to the secretariat.
type OutboxService interface {
	PendingChanges(ctx context.Context) (int, error)
}
