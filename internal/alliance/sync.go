package alliance

import (
	"context"
	"io"
	"time"
)

// SyncState is where the sync stands, as the status indicator shows it.
type SyncState string

const (
	SyncNotEnrolled SyncState = "not_enrolled" // the laptop is not connected to a server yet
	SyncOffline     SyncState = "offline"      // the server cannot be reached; it will retry by itself
	SyncSyncing     SyncState = "syncing"
	SyncUpToDate    SyncState = "up_to_date"
	SyncError       SyncState = "error" // needs attention: revoked, refused, a broken server
)

// SyncStatus is a snapshot of the sync for the UI.
type SyncStatus struct {
	State       SyncState
	Pending     int // saved changes not yet acknowledged by the server
	Done, Total int // records moved and to move in the current round
	// Kept is how many records of the pull under way were received and
	// kept aside: they appear all at once when its last page arrives.
	Kept        int
	BytesSent   int64
	BytesRecv   int64
	LastSuccess time.Time
	NextTry     time.Time // when offline: the next attempt
	Err         error     // the last error, for SyncError and SyncOffline
	Server      string
	OrgName     string
	Secretariat bool
	// RemindDays is after how many days without a sync (online or by
	// file) the laptop reminds its user; -1: never.
	RemindDays int
}

// DefaultRemindDays is RemindDays until the server says otherwise.
const DefaultRemindDays = 14

// Overdue reports whether the laptop should remind its user to sync: it
// is connected and its last sync is older than RemindDays.
func (st SyncStatus) Overdue(now time.Time) bool {
	days := st.RemindDays
	if days == 0 {
		days = DefaultRemindDays
	}
	return st.State != SyncNotEnrolled && days > 0 && !st.LastSuccess.IsZero() &&
		now.Sub(st.LastSuccess) > time.Duration(days)*24*time.Hour
}

// SetAside is a saved change the server did not accept, with its reason.
type SetAside struct {
	Seq      int64
	Entity   string
	RecordID string
	Title    string
	Code     string
	Message  string
	At       time.Time
}

// Held is a record from the server this laptop could not take (from a
// newer version, a serial another certificate here has, a value it cannot
// read): kept aside with why, tried again after every sync.
type Held struct {
	Entity   string
	RecordID string
	Title    string
	Code     string // newer, duplicate, invalid
	Message  string
	At       time.Time
}

// Conflict is a value of this laptop that lost to a concurrent edit on
// another laptop: kept for review, mine against theirs.
type Conflict struct {
	ID       int64
	Entity   string
	RecordID string
	Title    string
	Field    string
	Mine     string // the values as text
	Theirs   string
	At       time.Time
}

// SyncService is the sync as the UI sees it.
type SyncService interface {
	Status() SyncStatus
	// OnStatus registers fn for every status change; fn may run on any
	// goroutine and must not block.
	OnStatus(fn func(SyncStatus))
	// SyncNow starts a round at once.
	SyncNow()
	// Enroll connects the laptop to the server at address with a one-time
	// code. Plain http:// to a public address is refused (EINSECURE) unless
	// insecure is set, after the user was asked.
	Enroll(ctx context.Context, address, code, deviceName string, insecure bool) error
	SetAside(ctx context.Context) ([]SetAside, error)
	// Held lists the pulled records this laptop could not take.
	Held(ctx context.Context) ([]Held, error)
	Conflicts(ctx context.Context) ([]Conflict, error)
	// ResolveConflict keeps either value: keepMine writes mine again as a
	// new change; otherwise theirs stays.
	ResolveConflict(ctx context.Context, id int64, keepMine bool) error
	// Laptops asks the server for the laptops and their last sync (the
	// secretariat's laptops only), with after how many days one is
	// overdue.
	Laptops(ctx context.Context) ([]Laptop, int, error)
}

// Laptop is an enrolled laptop as the secretariat sees it.
type Laptop struct {
	Name     string
	OrgID    string
	LastSync time.Time // by any path; zero: never since enrolled
	ByFile   time.Time // its last bundle
	Overdue  bool
}

// BundleService is the sync by file (a USB stick, a messenger), for a
// laptop without a connection, and the carrying of colleagues' files by a
// laptop that has one.
type BundleService interface {
	// SaveBundle writes what the server has not acknowledged to w, with
	// the files waiting to be sent when withFiles; it returns how many
	// changes and files it carries.
	SaveBundle(ctx context.Context, w io.Writer, withFiles bool) (changes, files int, err error)
	// OpenReply takes the server's reply to this laptop's bundle.
	OpenReply(ctx context.Context, r io.Reader) (BundleReply, error)
	// Carry takes a colleague's bundle to hand in at the next sync online.
	Carry(name string, r io.Reader) error
	// Carried lists the colleagues' bundles waiting to go, their replies
	// waiting to be given back, and those the server refused (name: why).
	Carried() (out, replies []string, refused map[string]string)
	// CopyReply writes a colleague's reply to w; DropReply forgets it
	// once given.
	CopyReply(name string, w io.Writer) error
	DropReply(name string) error
}

// BundleReply says what a reply brought.
type BundleReply struct {
	AckedUpTo int64
	SetAside  int
	Records   int
	Files     int
	Stale     bool   // older than the laptop's last sync: its records were not taken
	More      bool   // the server has more for this laptop: the next file brings it
	Stopped   string // why the server stopped taking the laptop's changes
}
