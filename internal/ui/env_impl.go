package ui

import (
	"context"
	"strconv"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/ui/env"
)

// The UI is the Env of every area's screens.
var _ env.Env = (*UI)(nil)

// Services are the store's services (env.Env).
func (u *UI) Services() *env.Services { return &u.svc }

// Info describes the installation (env.Env).
func (u *UI) Info() env.Info { return u.info }

// Background runs work off the UI goroutine as the person signed in
// (env.Env).
func (u *UI) Background(work func(ctx context.Context) error, done func(err error)) {
	u.background(work, done)
}

// Post runs fn on the UI goroutine (env.Env).
func (u *UI) Post(fn func()) { u.post(fn) }

// ShowError shows err's translated message (env.Env).
func (u *UI) ShowError(err error) { u.showError(err) }

// Regions are the country's regions (env.Env).
func (u *UI) Regions() []alliance.Region { return u.regions }

// Organisations are the alliance's members (env.Env).
func (u *UI) Organisations() []alliance.Organisation { return u.orgs }

// ReloadReference reads the organisations and campaigns again (env.Env).
func (u *UI) ReloadReference(then func()) { u.reloadReference(then) }

// Resources are the library's live resources (env.Env).
func (u *UI) Resources() []alliance.Resource { return u.resources }

// Campaigns are the live campaigns and projects (env.Env).
func (u *UI) Campaigns() []alliance.Campaign { return u.campaigns }

// OrgID is the laptop's organisation (env.Env).
func (u *UI) OrgID() string { return u.orgID }

// Secretariat tells whether the laptop does the secretariat's work
// (env.Env).
func (u *UI) Secretariat() bool { return u.secretariat() }

// SignedIn is the person signed in (env.Env).
func (u *UI) SignedIn() *alliance.Profile { return u.signedIn }

// StaffName is the laptop's default staff name (env.Env).
func (u *UI) StaffName() string { return u.staffName }

// After runs fn on the UI goroutine after d (env.Env).
func (u *UI) After(d time.Duration, fn func()) (stop func()) { return u.jobs.After(d, fn) }

// Drafts runs work on drafts one job at a time, in order (env.Env).
func (u *UI) Drafts(work func(ctx context.Context) error, done func(err error)) {
	u.serial(&u.drafts, work, done)
}

// FormChanged has the status bar say whether a form holds changes
// (env.Env).
func (u *UI) FormChanged() { u.status.recheck() }

// Rebuild makes every screen anew (env.Env).
func (u *UI) Rebuild() { u.rebuild() }

// LockAfter is how long the app may go unused before it locks
// (settings.Shell).
func (u *UI) LockAfter() time.Duration { return u.lock.after }

// SetLockAfter changes it to minutes (0: never) (settings.Shell).
func (u *UI) SetLockAfter(minutes int) { u.lock.after = lockAfterSetting(strconv.Itoa(minutes)) }

// Unsaved tells whether a form holds changes not saved (settings.Shell).
func (u *UI) Unsaved() bool { return u.unsavedForm() }

// Quit closes the app; program ("" none) is started after the window
// closed (settings.Shell).
func (u *UI) Quit(program string) {
	u.restartWith = program
	u.app.Quit()
}

// SetLaptop takes the staff name and organisation Settings saved
// (settings.Shell).
func (u *UI) SetLaptop(staffName, orgID string) { u.staffName, u.orgID = staffName, orgID }
