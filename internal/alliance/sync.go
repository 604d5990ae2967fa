package alliance

import (
	"context"
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
	BytesSent   int64
	BytesRecv   int64
	LastSuccess time.Time
	NextTry     time.Time // when offline: the next attempt
	Err         error     // the last error, for SyncError and SyncOffline
	Server      string
	OrgName     string
	Secretariat bool
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
}
