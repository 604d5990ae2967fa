package alliance

import (
	"context"
	"io"
)

// EntryFilter selects the entries of a contest for the gallery. Zero
// fields do not filter.
type EntryFilter struct {
	ContestID  string
	Category   Category
	AgeGroupID string
	RegionID   string
	State      EntryState
	OrgID      string
}

// EntrySummary is what a gallery tile shows of an entry.
type EntrySummary struct {
	ID          string
	OrgID       string
	Code        string
	FirstName   string
	LastName    string
	Publication bool // the guardian allowed publication
	Age         int
	Category    Category
	AgeGroupID  string
	RegionID    string
	Title       string
	State       EntryState
	Rank        int
	Work        *FileRef // the first file of the work: a picture when there is one
	Film        bool     // holds a film
}

// NameFor is the child's name as a viewer of organisation orgID may see it
// (see Entry.NameFor).
func (s *EntrySummary) NameFor(orgID string) string {
	if orgID == s.OrgID || s.Publication {
		return s.FirstName + " " + s.LastName
	}
	return ShortName(s.FirstName, s.LastName)
}

// ContestService keeps contests (the secretariat's), their entries (the
// members'), the jury's scores and the results.
type ContestService interface {
	FindContests(ctx context.Context) ([]Contest, error)
	FindContestByID(ctx context.Context, id string) (*Contest, error)
	CreateContest(ctx context.Context, c *Contest) error
	UpdateContest(ctx context.Context, c *Contest) error

	FindEntries(ctx context.Context, f EntryFilter) ([]EntrySummary, error)
	FindEntryByID(ctx context.Context, id string) (*Entry, error)
	// CreateEntry saves a new draft; UpdateEntry saves a draft's changes
	// and refuses a locked entry.
	CreateEntry(ctx context.Context, e *Entry) error
	UpdateEntry(ctx context.Context, e *Entry) error
	// SubmitEntry checks that the entry is complete with consent and locks it.
	SubmitEntry(ctx context.Context, id string) error
	// CorrectEntry saves changes to a locked entry as a new version,
	// keeping the one before with the reason.
	CorrectEntry(ctx context.Context, e *Entry, reason string) error
	// WithdrawConsent anonymises an entry whose guardian withdrew consent,
	// everywhere it has travelled; it returns the files no record names
	// any more, for the file store to forget.
	WithdrawConsent(ctx context.Context, id string) ([]FileRef, error)
	FindEntryVersions(ctx context.Context, entryID string) ([]EntryVersion, error)
	// DeleteEntry removes a draft.
	DeleteEntry(ctx context.Context, id string) error
	// SetEntryState moves a submitted entry to or from the shortlist.
	SetEntryState(ctx context.Context, id string, state EntryState) error

	// FindJuryEntries returns the entries the jury judges, without who made them.
	FindJuryEntries(ctx context.Context, contestID string) ([]JuryEntry, error)
	FindScores(ctx context.Context, contestID, jurorID string) ([]Score, error)
	// SaveScore keeps a judge's marks for an entry (complete or not).
	SaveScore(ctx context.Context, s *Score) error
	Results(ctx context.Context, contestID string) ([]Result, error)
	// PublishResults writes each judged entry's rank, score and state
	// (winner or participant) and marks the contest published.
	PublishResults(ctx context.Context, contestID string) error
}

// FileService keeps the files of entries in a content-addressed store.
type FileService interface {
	// AddFile stores the content of r (named name) for purpose, checking
	// its type and limits first: a file that breaks them is refused with a
	// translated message and nothing is kept.
	AddFile(ctx context.Context, name string, r io.Reader, purpose FilePurpose) (FileRef, error)
	// HasFile reports whether the file is on this laptop (an entry synced
	// from elsewhere may have files not uploaded yet).
	HasFile(hash string) bool
	// OpenFile opens a file; reading it to the end checks its hash.
	OpenFile(ctx context.Context, hash string) (io.ReadCloser, error)
	// Thumbnail returns a JPEG of the picture at most size pixels wide and
	// high, made once and cached.
	Thumbnail(ctx context.Context, f FileRef, size int) ([]byte, error)
	// ClearCopy writes the file's clear content to a temporary copy named
	// name, for opening in another program; it returns the copy's path.
	ClearCopy(ctx context.Context, hash, name string) (string, error)
	// Forget removes a file and its pictures (a withdrawn child's work).
	Forget(hash string) error
}
