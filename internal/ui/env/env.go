// Package env is what a screen needs from the app around it: the store's
// services, the window, work off the UI goroutine and back, the reference
// data loaded at start and who is signed in. The shell (package ui)
// implements Env; each area of the app (reports, …) is a package that
// takes an Env and never imports another area, and its tests run it over
// a real store with package uitest.
package env

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/backup"
)

// Services are what the UI needs from the store.
type Services struct {
	Activities    alliance.ActivityService
	Regions       alliance.RegionService
	Organisations alliance.OrganisationService
	Settings      alliance.SettingsService
	Outbox        alliance.OutboxService
	Trainings     alliance.TrainingService
	Certificates  alliance.CertificateService
	Contests      alliance.ContestService
	Campaigns     alliance.CampaignService
	Library       alliance.LibraryService
	Files         alliance.FileService
	Transfers     alliance.TransferService // nil: files stay on the laptop
	Reports       alliance.ReportService
	Sync          alliance.SyncService // nil: the sync screens say it is not available
	// OnChange subscribes fn to every committed local change (may be nil).
	OnChange func(fn func())
	Backups  Backups                // nil: no backups from the app
	Updates  alliance.UpdateService // nil: no updates from the app
	Bundles  alliance.BundleService // nil: no sync by file
	// Profiles are the laptop's people (nil: nobody signs in — tests of
	// the screens themselves).
	Profiles alliance.ProfileService
	History  alliance.HistoryService // nil: no history to show
}

// Backups are the data folder's backups (sqlite.DB).
type Backups interface {
	// Backup writes the records and files to the new folder out, telling
	// progress.
	Backup(ctx context.Context, out string, progress func(done, total int64)) (*backup.Manifest, error)
	// PrepareRestore checks the backup in folder and marks it to be
	// restored when the app starts again, on a new installation only.
	PrepareRestore(ctx context.Context, folder string) (*backup.Manifest, error)
	// CancelRestore drops the mark PrepareRestore left.
	CancelRestore() error
}

// Info describes the running installation, for the Settings screen.
type Info struct {
	DataDir  string
	DeviceID string
	Version  string
}

// Env is what a screen is given. Every method is called on the UI
// goroutine.
type Env interface {
	// Window is the app's main window, for dialogs.
	Window() fyne.Window
	// Services are the store's services.
	Services() *Services
	// Info describes the installation.
	Info() Info
	// Background runs work off the UI goroutine, as the person signed in
	// when it was asked for; done (may be nil) then runs on the UI
	// goroutine with work's error.
	Background(work func(ctx context.Context) error, done func(err error))
	// Post runs fn on the UI goroutine.
	Post(fn func())
	// ShowError shows err's translated message in a dialog.
	ShowError(err error)
	// Regions are the country's regions, in their order.
	Regions() []alliance.Region
	// Organisations are the alliance's members, in the language's order.
	Organisations() []alliance.Organisation
	// ReloadReference reads the organisations, campaigns and resources again (after
	// one was added or changed), then runs then (may be nil).
	ReloadReference(then func())
	// Campaigns are the live campaigns and projects, the latest first.
	Campaigns() []alliance.Campaign
	// Resources are the library's live resources.
	Resources() []alliance.Resource
	// OrgID is the laptop's organisation ("" before it is set).
	OrgID() string
	// Secretariat tells whether the laptop does the secretariat's work.
	Secretariat() bool
	// SignedIn is the person signed in (nil when nobody signs in).
	SignedIn() *alliance.Profile
	// StaffName is the name the laptop's staff record under by default.
	StaffName() string
	// After runs fn on the UI goroutine after d, unless stop is called
	// first.
	After(d time.Duration, fn func()) (stop func())
	// Drafts is Background for the work on drafts: it runs one job at a
	// time in the order asked (a draft deleted after a save is gone
	// before the next form looks for a draft).
	Drafts(work func(ctx context.Context) error, done func(err error))
	// Rebuild makes every screen anew (the laptop joined an organisation:
	// what the screens offer changes).
	Rebuild()
	// FormChanged tells the app that a form's changes were made, saved or
	// dropped (the status bar says whether something is unsaved).
	FormChanged()
}

// Fetch reads one record off the UI goroutine and hands it to show; when
// it cannot be read (deleted meanwhile, a locked file) the error is shown
// and failed runs instead (a screen reloads its list).
func Fetch[T any](e Env, read func(ctx context.Context) (T, error), show func(T), failed func()) {
	var v T
	e.Background(func(ctx context.Context) (err error) {
		v, err = read(ctx)
		return err
	}, func(err error) {
		if err != nil {
			e.ShowError(err)
			failed()
			return
		}
		show(v)
	})
}
