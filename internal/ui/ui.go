// Package ui is the shell of the Fyne desktop interface: one window with
// the navigation on the left, the sync state always visible under it, the
// sign-in and lock, the shortcuts. Each screen is an area's, in its own
// package (activities, trainings, contests, campaigns, library, directory,
// reports, syncing, settings), given an env.Env the shell implements; the
// shell passes the sync, file and update statuses on to the screen shown
// and asks it before it is left. Everything talks to the domain's service
// interfaces only. Callbacks never do I/O: store calls run in goroutines
// (UI.background) and come back through fyne.Do. It never imports Fyne's
// app driver, so tests run on the software driver.
package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/activities"
	"github.com/ngo-alliance/alliance/internal/ui/campaigns"
	"github.com/ngo-alliance/alliance/internal/ui/contests"
	"github.com/ngo-alliance/alliance/internal/ui/directory"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/library"
	"github.com/ngo-alliance/alliance/internal/ui/reports"
	"github.com/ngo-alliance/alliance/internal/ui/settings"
	"github.com/ngo-alliance/alliance/internal/ui/syncing"
	"github.com/ngo-alliance/alliance/internal/ui/trainings"
)

// Services, Backups and Info are the env package's: every screen sees
// them through its Env.
type (
	Services = env.Services
	Backups  = env.Backups
	Info     = env.Info
)

// Screen ids, in navigation order (env's: every area knows them).
const (
	ScreenActivities = env.ScreenActivities
	ScreenTrainings  = env.ScreenTrainings
	ScreenContests   = env.ScreenContests
	ScreenCampaigns  = env.ScreenCampaigns
	ScreenLibrary    = env.ScreenLibrary
	ScreenDirectory  = env.ScreenDirectory
	ScreenReports    = env.ScreenReports
	ScreenSync       = env.ScreenSync
	ScreenSettings   = env.ScreenSettings
)

// Screens lists the navigation entries in order.
var Screens = env.Screens

// UI is the app's window and its screens.
type UI struct {
	app  fyne.App
	win  fyne.Window
	svc  Services
	info Info

	// Reference data and preferences, loaded by Load.
	regions   []alliance.Region
	orgs      []alliance.Organisation
	campaigns []alliance.Campaign
	resources []alliance.Resource
	staffName string
	orgID     string

	screen      string
	nav         *widget.List
	body        *fyne.Container
	status      *statusBar
	activities  *activities.Screen
	trainings   *trainings.Screen
	contests    *contests.Screen
	reports     *reports.Screen   // made anew each time the screen is shown
	directory   *directory.Screen // likewise
	campaignsUI *campaigns.Screen // likewise
	library     *library.Screen   // likewise
	settings    *settings.Screen  // likewise
	syncScreen  *syncing.Screen
	lastState   alliance.SyncState
	received    map[string]bool // files fetched since the start, to show them
	restartWith string          // the program to start after the window closes
	signedIn    *alliance.Profile
	erased      bool // told once that the laptop was revoked as lost
	lock        lockState
	now         func() time.Time // the wall clock of the idle time; tests set it

	jobs   *env.Jobs  // work off the UI goroutine (queue mode in tests)
	drafts env.Serial // draft writes and reads, in the order asked
}

// New returns the UI for app over svc. Call Load, then Show.
func New(app fyne.App, svc Services, info Info) *UI {
	u := &UI{app: app, svc: svc, info: info, screen: ScreenActivities, jobs: env.NewJobs(false), now: time.Now}
	u.lock.after = DefaultLockAfter
	u.win = app.NewWindow("")
	u.win.Resize(preferredSize)
	u.win.SetCloseIntercept(u.requestClose)
	if svc.Sync != nil {
		svc.Sync.OnStatus(func(st alliance.SyncStatus) { u.post(func() { u.onSync(st) }) })
	} else if svc.OnChange != nil {
		svc.OnChange(func() { u.post(func() { u.status.refresh() }) })
	}
	if svc.Transfers != nil {
		svc.Transfers.OnTransfers(func(st alliance.TransferStatus) { u.post(func() { u.onTransfers(st) }) })
	}
	if svc.Updates != nil {
		svc.Updates.OnStatus(func(st alliance.UpdateStatus) { u.post(func() { u.onUpdate(st) }) })
	}
	return u
}

// onSync shows a new sync status; when a round has just finished, the
// records it brought (and new organisations) appear.
func (u *UI) onSync(st alliance.SyncStatus) {
	if u.status == nil {
		return
	}
	if key, _ := alliance.ErrorKey(st.Err); key == "sync.error.erased" && !u.erased {
		// Revoked as lost: the children's data is gone from the store;
		// what the screens hold of it goes too, and the user is told why.
		u.erased = true
		u.Lock()
		u.rebuild()
		kit.ShowMessage(u.win, i18n.T("sync.erased.title"), i18n.T("sync.error.erased"))
	}
	u.status.show(st)
	if u.screen == ScreenSync && u.syncScreen != nil {
		u.syncScreen.Update(st)
	}
	finished := u.lastState == alliance.SyncSyncing && st.State != alliance.SyncSyncing
	u.lastState = st.State
	if !finished {
		return
	}
	if u.screen == ScreenSync && u.syncScreen != nil {
		u.syncScreen.LoadLists()
	}
	if st.State == alliance.SyncUpToDate {
		u.reloadReference(func() {
			switch {
			case u.screen == ScreenActivities:
				u.activities.Reload()
			case u.screen == ScreenReports && u.reports != nil:
				u.reports.Reload() // the synced records count at once
			case u.screen == ScreenDirectory && u.directory != nil:
				u.directory.Reload() // profiles changed elsewhere
			case u.screen == ScreenCampaigns && u.campaignsUI != nil:
				u.campaignsUI.Reload() // the progress counts what came
			case u.screen == ScreenLibrary && u.library != nil:
				u.library.Reload() // resources published meanwhile
			}
		})
	}
}

// secretariat reports whether this laptop does the secretariat's work
// (contests, the shortlist, judging, results): a laptop enrolled as the
// secretariat's, or one not connected yet whose organisation (if any) is
// the secretariat. The store and the server check it again.
func (u *UI) secretariat() bool {
	if u.svc.Sync != nil {
		if st := u.svc.Sync.Status(); st.State != alliance.SyncNotEnrolled {
			return st.Secretariat
		}
	}
	// A laptop not connected is the secretariat's only when its
	// organisation is known to be the secretariat: one with no
	// organisation yet is a member's as far as the screens go (contests
	// come from the secretariat).
	for _, o := range u.orgs {
		if o.ID == u.orgID {
			return o.Secretariat
		}
	}
	return false
}

// reloadReference reads the organisations and the laptop's preferences
// again (after enrolment or a pull), then runs then.
func (u *UI) reloadReference(then func()) {
	var orgs []alliance.Organisation
	var campaigns []alliance.Campaign
	var resources []alliance.Resource
	var orgID string
	u.background(func(ctx context.Context) (err error) {
		if orgs, err = u.svc.Organisations.FindOrganisations(ctx); err != nil {
			return err
		}
		if u.svc.Campaigns != nil {
			if campaigns, err = u.svc.Campaigns.FindCampaigns(ctx); err != nil {
				return err
			}
		}
		if u.svc.Library != nil {
			if resources, err = u.svc.Library.FindResources(ctx); err != nil {
				return err
			}
		}
		orgID, err = u.svc.Settings.Setting(ctx, alliance.SettingOrgID)
		return err
	}, func(err error) {
		if err == nil {
			i18n.SortBy(orgs, func(o alliance.Organisation) string { return o.Name })
			u.orgs, u.orgID, u.campaigns, u.resources = orgs, orgID, campaigns, resources
		}
		if then != nil {
			then()
		}
	})
}

// Load reads the preferences and the reference data the screens need. It
// runs before the window is shown, never in a callback.
func (u *UI) Load(ctx context.Context) error {
	lang, err := u.svc.Settings.Setting(ctx, alliance.SettingLanguage)
	if err != nil {
		return err
	}
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	kit.SetLanguage(lang)
	if u.staffName, err = u.svc.Settings.Setting(ctx, alliance.SettingStaffName); err != nil {
		return err
	}
	if u.orgID, err = u.svc.Settings.Setting(ctx, alliance.SettingOrgID); err != nil {
		return err
	}
	lockAfter, err := u.svc.Settings.Setting(ctx, alliance.SettingLockAfter)
	if err != nil {
		return err
	}
	u.lock.after = lockAfterSetting(lockAfter)
	if u.regions, err = u.svc.Regions.FindRegions(ctx); err != nil {
		return err
	}
	if u.orgs, err = u.svc.Organisations.FindOrganisations(ctx); err != nil {
		return err
	}
	i18n.SortBy(u.orgs, func(o alliance.Organisation) string { return o.Name })
	if u.svc.Campaigns != nil {
		if u.campaigns, err = u.svc.Campaigns.FindCampaigns(ctx); err != nil {
			return err
		}
	}
	if u.svc.Library != nil {
		if u.resources, err = u.svc.Library.FindResources(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

// Show builds the content and shows the window: the sign-in screen first
// when the laptop has people.
func (u *UI) Show() {
	u.rebuild()
	u.Lock()
	u.startIdleClock()
	u.win.Show()
}

// Window sizes: the size the window opens at on a screen that has room,
// and what a window's frame takes from the screen's work area (a title bar
// and borders, as on Windows 10 at 100 %).
var (
	preferredSize = fyne.NewSize(1366, 768)
	frameSize     = fyne.NewSize(16, 39)
)

// FitScreen makes the window fit a screen whose work area (the screen less
// its panels and taskbar) is width×height pixels, and centres it there: on
// a 1024×600 netbook the window opens within the screen. The screens never
// need more than the 1024×529 this leaves (TestScreenshots).
func (u *UI) FitScreen(width, height int) {
	if width <= 0 || height <= 0 {
		return
	}
	scale := u.win.Canvas().Scale()
	if scale <= 0 {
		scale = 1
	}
	work := fyne.NewSize(float32(width)/scale, float32(height)/scale)
	size := preferredSize.Min(work.Subtract(frameSize))
	u.win.Resize(size)
	u.win.CenterOnScreen()
}

// Close stops background work.
func (u *UI) Close() {
	if u.lock.stopTicker != nil {
		u.lock.stopTicker()
	}
	u.jobs.Close()
}

// rebuild makes every screen anew in the current language, keeping the
// current screen.
func (u *UI) rebuild() {
	u.win.SetTitle(i18n.T("app.name"))
	u.status = newStatusBar(u)
	u.activities = activities.New(u)
	u.trainings = trainings.New(u)
	u.contests = contests.New(u)
	u.body = container.NewStack()
	u.nav = u.newNav()
	split := env.Frame(u.nav, u.status.object(), u.body)
	u.status.parent = split.Leading.(*fyne.Container)
	u.setContent(split)
	u.showScreen(u.screen)
	u.status.refresh()
	if u.svc.Transfers != nil {
		u.status.showFiles(u.svc.Transfers.Transfers())
	}
	if u.svc.Updates != nil {
		u.status.showUpdate(u.svc.Updates.Status())
	}
	u.addShortcuts()
	if u.lock.locked { // the sign-in screen, in the new language
		u.lock.locked = false
		u.Lock()
	}
}

func (u *UI) newNav() *widget.List {
	nav := env.NewNav()
	for i, s := range Screens {
		if s == u.screen {
			nav.Select(i)
		}
	}
	nav.OnSelected = func(id widget.ListItemID) {
		if Screens[id] == u.screen {
			return
		}
		to := Screens[id]
		u.leaveScreen(func(ok bool) {
			if ok {
				u.showScreen(to)
				return
			}
			for i, s := range Screens { // stay: put the selection back
				if s == u.screen {
					u.nav.Select(i)
				}
			}
		})
	}
	return nav
}

// leaver is an area's screen that may hold a form with changes.
type leaver interface {
	Dirty() bool
	ConfirmLeave(then func(ok bool))
}

// shown is the screen shown when it may hold a form (nil: it holds none).
func (u *UI) shown() leaver {
	switch {
	case u.screen == ScreenActivities && u.activities != nil:
		return u.activities
	case u.screen == ScreenTrainings && u.trainings != nil:
		return u.trainings
	case u.screen == ScreenContests && u.contests != nil:
		return u.contests
	case u.screen == ScreenDirectory && u.directory != nil:
		return u.directory
	case u.screen == ScreenCampaigns && u.campaignsUI != nil:
		return u.campaignsUI
	case u.screen == ScreenLibrary && u.library != nil:
		return u.library
	}
	return nil
}

// unsavedForm tells whether a form holds changes not saved: the one shown,
// or one of the screens kept between visits (activities, trainings,
// contests), whose forms wait there.
func (u *UI) unsavedForm() bool {
	if s := u.shown(); s != nil && s.Dirty() {
		return true
	}
	return (u.activities != nil && u.activities.Dirty()) || (u.trainings != nil && u.trainings.Dirty()) ||
		(u.contests != nil && u.contests.Dirty())
}

// leaveScreen asks the current screen whether it may be left (a form with
// unsaved changes asks the user) and calls then with the answer.
func (u *UI) leaveScreen(then func(ok bool)) {
	if s := u.shown(); s != nil {
		s.ConfirmLeave(then)
		return
	}
	then(true)
}

// ShowScreen switches to the screen with id (one of Screens), through the
// navigation, so that a form with unsaved changes asks first.
func (u *UI) ShowScreen(id string) {
	for i, s := range Screens {
		if s == id {
			u.nav.Select(i)
		}
	}
}

func (u *UI) showScreen(id string) {
	u.touch()
	u.screen = id
	var content fyne.CanvasObject
	switch id {
	case ScreenActivities:
		content = u.activities.Object()
		u.activities.Reload()
	case ScreenTrainings:
		content = u.trainings.Object()
		u.trainings.Reload()
	case ScreenContests:
		content = u.contests.Object()
		u.contests.Reload()
	case ScreenDirectory:
		u.directory = directory.New(u)
		content = u.directory.Object()
	case ScreenLibrary:
		u.library = library.New(u)
		content = u.library.Object()
	case ScreenCampaigns:
		u.campaignsUI = campaigns.New(u)
		content = u.campaignsUI.Object()
	case ScreenReports:
		u.reports = reports.New(u)
		content = u.reports.Object()
	case ScreenSync:
		u.syncScreen = syncing.New(u)
		content = u.syncScreen.Object()
	case ScreenSettings:
		u.settings = settings.New(u)
		content = u.settings.Object()
	}
	u.body.Objects = []fyne.CanvasObject{content}
	u.body.Refresh()
}

// requestClose closes the window unless a form with changes should stay.
func (u *UI) requestClose() {
	u.leaveScreen(func(ok bool) {
		if ok {
			u.Close()
			u.win.Close()
		}
	})
}

// SetLanguage switches the app to code, remembers it and rebuilds every
// screen.
func (u *UI) SetLanguage(code string) {
	if !i18n.Supported(code) || code == i18n.Language() {
		return
	}
	kit.SetLanguage(code)
	u.background(func(ctx context.Context) error {
		return u.svc.Settings.SetSetting(ctx, alliance.SettingLanguage, code)
	}, nil)
	u.rebuild()
}

// background runs work off the UI goroutine; done (may be nil) then runs
// on the UI goroutine with work's error.
func (u *UI) background(work func(ctx context.Context) error, done func(err error)) {
	u.touch()
	u.jobs.Go(u.asSignedIn(work), done)
}

// fetch is env.Fetch for the shell's own screens.
func fetch[T any](u *UI, read func(ctx context.Context) (T, error), show func(T), failed func()) {
	env.Fetch[T](u, read, show, failed)
}

// asSignedIn makes work act as the person signed in when it was asked
// for: what they saved is theirs even if it is stored after a lock.
func (u *UI) asSignedIn(work func(ctx context.Context) error) func(ctx context.Context) error {
	p := u.signedIn
	if p == nil {
		return work
	}
	return func(ctx context.Context) error { return work(alliance.WithPerson(ctx, p)) }
}

// serial is background for work whose order matters: jobs run one at a
// time in the order serial was called (a draft deleted after a save is
// gone before the next form looks for a draft).
func (u *UI) serial(q *env.Serial, work func(ctx context.Context) error, done func(err error)) {
	q.Add(u.jobs.Job(u.asSignedIn(work), done))
}

// post runs fn on the UI goroutine.
func (u *UI) post(fn func()) { u.jobs.Post(fn) }

// after runs fn on the UI goroutine after d, unless stop is called first.
func (u *UI) after(d time.Duration, fn func()) (stop func()) { return u.jobs.After(d, fn) }

// Wait blocks until no background work is in flight and, in queue mode,
// runs what it sent back to the UI, until nothing is left (for tests and
// screenshots, called on the goroutine that drives the UI).
func (u *UI) Wait() { u.jobs.Wait() }

// showError shows err's translated message in a dialog.
func (u *UI) showError(err error) {
	kit.ShowMessage(u.win, i18n.T("error.title"), i18n.Error(err))
}
