package uitest

import (
	"context"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Sync is a sync service that answers as told, for the screens' decisions
// that must not reach a network (plain http to a public host).
type Sync struct {
	Now       alliance.SyncStatus // what Status answers
	Enrolls   []bool              // the insecure flag of each Enroll
	Kept      []alliance.Held     // what Held answers
	Others    []alliance.Laptop   // what Laptops answers, of 14 days
	EnrollErr func(insecure bool) error
}

var _ alliance.SyncService = (*Sync)(nil)

// Status is Now.
func (f *Sync) Status() alliance.SyncStatus { return f.Now }

// Laptops are Others, of the last 14 days.
func (f *Sync) Laptops(context.Context) ([]alliance.Laptop, int, error) { return f.Others, 14, nil }

// OnStatus does nothing: the status changes when the test says.
func (f *Sync) OnStatus(func(alliance.SyncStatus)) {}

// SyncNow does nothing.
func (f *Sync) SyncNow() {}

// SetAside is none.
func (f *Sync) SetAside(context.Context) ([]alliance.SetAside, error) { return nil, nil }

// Held is Kept.
func (f *Sync) Held(context.Context) ([]alliance.Held, error) { return f.Kept, nil }

// Conflicts are none.
func (f *Sync) Conflicts(context.Context) ([]alliance.Conflict, error) { return nil, nil }

// ResolveConflict does nothing.
func (f *Sync) ResolveConflict(context.Context, int64, bool) error { return nil }

// Enroll notes the call and answers EnrollErr's error.
func (f *Sync) Enroll(_ context.Context, _, _, _ string, insecure bool) error {
	f.Enrolls = append(f.Enrolls, insecure)
	return f.EnrollErr(insecure)
}
