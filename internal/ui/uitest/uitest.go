// Package uitest runs a screen of an area over a real store in a temporary
// folder, on Fyne's software driver, with the work it sends off the UI
// goroutine coming back only at Wait — as the shell does in its own tests.
// It also finds widgets on a screen by their text. It is for tests only.
package uitest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// Services are the services of a real store and file library in dir.
func Services(tb testing.TB, db *sqlite.DB, dir string) env.Services {
	tb.Helper()
	files, err := media.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	files.UseKeys(db.FileKeys) // as the app: sealed once the laptop has people
	return env.Services{
		Activities: sqlite.NewActivityService(db), Regions: sqlite.NewRegionService(db),
		Organisations: sqlite.NewOrganisationService(db), Settings: sqlite.NewSettingsService(db),
		Outbox: sqlite.NewOutboxService(db), OnChange: db.OnChange,
		Trainings: sqlite.NewTrainingService(db), Certificates: sqlite.NewCertificateService(db),
		Contests: sqlite.NewContestService(db), Files: files, Reports: sqlite.NewReportService(db),
		Campaigns: sqlite.NewCampaignService(db), Library: sqlite.NewLibraryService(db),
		Backups: db, History: sqlite.NewHistoryService(db),
	}
}

// Env is an env.Env over a real store, with a test window.
type Env struct {
	DB  *sqlite.DB
	Dir string
	// IsSecretariat is what Secretariat answers (false: a member's
	// laptop).
	IsSecretariat bool
	// Person is who is signed in (nil: nobody).
	Person *alliance.Profile
	// Staff is what StaffName answers.
	Staff string
	// Changes counts FormChanged's calls.
	Changes int
	// Rebuilds counts Rebuild's calls.
	Rebuilds int

	win       fyne.Window
	svc       env.Services
	jobs      *env.Jobs
	drafts    env.Serial
	closeOnce sync.Once
	regions   []alliance.Region
	orgs      []alliance.Organisation
	campaigns []alliance.Campaign
	resources []alliance.Resource
	orgID     string
}

var _ env.Env = (*Env)(nil)

// Open opens a store in a new temporary folder (prepare, when not nil,
// may fill it and change the services first), reads the reference data as
// the shell does and opens a test window of size.
func Open(t testing.TB, size fyne.Size, prepare func(db *sqlite.DB, svc *env.Services)) *Env {
	t.Helper()
	return OpenIn(t, t.TempDir(), size, prepare)
}

// OpenIn is Open on the data folder dir (a test opens the same folder
// again, as after the app was killed).
func OpenIn(t testing.TB, dir string, size fyne.Size, prepare func(db *sqlite.DB, svc *env.Services)) *Env {
	t.Helper()
	test.NewTempApp(t)
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	svc := Services(t, db, dir)
	if prepare != nil {
		prepare(db, &svc)
	}
	return With(t, size, db, dir, svc)
}

// With is Open over a store the caller opened (and closes) with its
// services: a benchmark opens the same store in a new window each round.
func With(t testing.TB, size fyne.Size, db *sqlite.DB, dir string, svc env.Services) *Env {
	t.Helper()
	e := &Env{DB: db, Dir: dir, svc: svc, jobs: env.NewJobs(true)}
	ctx := context.Background()
	var err error
	if e.regions, err = svc.Regions.FindRegions(ctx); err != nil {
		t.Fatal(err)
	}
	if e.orgs, err = svc.Organisations.FindOrganisations(ctx); err != nil {
		t.Fatal(err)
	}
	if e.orgID, err = svc.Settings.Setting(ctx, alliance.SettingOrgID); err != nil {
		t.Fatal(err)
	}
	if e.campaigns, err = svc.Campaigns.FindCampaigns(ctx); err != nil {
		t.Fatal(err)
	}
	if e.resources, err = svc.Library.FindResources(ctx); err != nil {
		t.Fatal(err)
	}
	e.win = test.NewWindow(nil)
	e.win.Resize(size)
	t.Cleanup(e.Close)
	return e
}

// Close runs the work left and closes the window (at the test's end, or
// before it).
func (e *Env) Close() {
	e.closeOnce.Do(func() {
		e.jobs.Wait()
		e.jobs.Close()
		e.win.Close()
		kit.SetLanguage(i18n.Default)
	})
}

// Show puts o in the window and runs the work in flight.
func (e *Env) Show(o fyne.CanvasObject) {
	size := e.win.Canvas().Size()
	e.win.SetContent(o)
	e.win.Resize(size)
	e.Wait()
}

// Wait runs the work in flight and what it sends back, until none is left.
func (e *Env) Wait() { e.jobs.Wait() }

// Window is the test window (env.Env).
func (e *Env) Window() fyne.Window { return e.win }

// Services are the store's services (env.Env).
func (e *Env) Services() *env.Services { return &e.svc }

// Info describes the test installation (env.Env).
func (e *Env) Info() env.Info {
	return env.Info{DataDir: e.Dir, DeviceID: e.DB.DeviceID, Version: "test"}
}

// Background runs work off the UI goroutine (env.Env).
func (e *Env) Background(work func(ctx context.Context) error, done func(err error)) {
	e.jobs.Go(e.asPerson(work), done)
}

// Post runs fn at the next Wait (env.Env).
func (e *Env) Post(fn func()) { e.jobs.Post(fn) }

// ShowError shows err's translated message (env.Env).
func (e *Env) ShowError(err error) {
	kit.ShowMessage(e.win, i18n.T("error.title"), i18n.Error(err))
}

// Regions are the store's regions (env.Env).
func (e *Env) Regions() []alliance.Region { return e.regions }

// Organisations are the store's organisations (env.Env).
func (e *Env) Organisations() []alliance.Organisation { return e.orgs }

// ReloadReference reads the store's organisations and campaigns again
// (env.Env).
func (e *Env) ReloadReference(then func()) {
	var orgs []alliance.Organisation
	var campaigns []alliance.Campaign
	var resources []alliance.Resource
	e.Background(func(ctx context.Context) (err error) {
		if orgs, err = e.svc.Organisations.FindOrganisations(ctx); err != nil {
			return err
		}
		if campaigns, err = e.svc.Campaigns.FindCampaigns(ctx); err != nil {
			return err
		}
		resources, err = e.svc.Library.FindResources(ctx)
		return err
	}, func(err error) {
		if err == nil {
			e.orgs, e.campaigns, e.resources = orgs, campaigns, resources
		}
		if then != nil {
			then()
		}
	})
}

// SetOrgID makes the test laptop one of organisation id.
func (e *Env) SetOrgID(id string) { e.orgID = id }

// Resources are the store's resources (env.Env).
func (e *Env) Resources() []alliance.Resource { return e.resources }

// Campaigns are the store's campaigns (env.Env).
func (e *Env) Campaigns() []alliance.Campaign { return e.campaigns }

// OrgID is the laptop's organisation (env.Env).
func (e *Env) OrgID() string { return e.orgID }

// Secretariat is IsSecretariat, or whether the laptop's organisation is
// the secretariat, as the shell says of a laptop not connected (env.Env).
func (e *Env) Secretariat() bool {
	if e.IsSecretariat {
		return true
	}
	i := slices.IndexFunc(e.orgs, func(o alliance.Organisation) bool { return o.ID == e.orgID })
	return i >= 0 && e.orgs[i].Secretariat
}

// LaptopOf makes the test laptop one of organisation id, as stored in its
// settings, and reads the reference data again.
func (e *Env) LaptopOf(t testing.TB, id string) {
	t.Helper()
	if err := e.svc.Settings.SetSetting(context.Background(), alliance.SettingOrgID, id); err != nil {
		t.Fatal(err)
	}
	e.orgID = id
	e.ReloadReference(nil)
	e.Wait()
}

// StaffName is the test laptop's staff name (env.Env).
func (e *Env) StaffName() string { return e.Staff }

// After runs fn at a Wait after d (env.Env).
func (e *Env) After(d time.Duration, fn func()) (stop func()) { return e.jobs.After(d, fn) }

// Drafts runs work on drafts one job at a time, in order (env.Env).
func (e *Env) Drafts(work func(ctx context.Context) error, done func(err error)) {
	e.drafts.Add(e.jobs.Job(e.asPerson(work), done))
}

// asPerson makes work act as Person, when someone is signed in.
func (e *Env) asPerson(work func(ctx context.Context) error) func(ctx context.Context) error {
	p := e.Person
	if p == nil {
		return work
	}
	return func(ctx context.Context) error { return work(alliance.WithPerson(ctx, p)) }
}

// Rebuild counts the calls (env.Env): a test makes its screen anew.
func (e *Env) Rebuild() { e.Rebuilds++ }

// FormChanged counts the calls (env.Env).
func (e *Env) FormChanged() { e.Changes++ }

// SignedIn is Person (env.Env).
func (e *Env) SignedIn() *alliance.Profile { return e.Person }

// Activity is a valid activity in Baku titled title, of 1 May 2025.
func Activity(title string) *alliance.Activity {
	return &alliance.Activity{
		Kind: alliance.KindMeeting, Title: title, Start: alliance.NewDate(2025, 5, 1), End: alliance.NewDate(2025, 5, 1),
		RegionID: "baku", Areas: []alliance.Area{alliance.AreaHealth}, RecordedBy: "Leyla",
	}
}

// SetLanguage switches the app's texts and Fyne's to code (until the test
// ends); a screen made after it speaks code.
func (e *Env) SetLanguage(code string) { kit.SetLanguage(code) }

// RegionIndex is the index of region id in the Env's regions (-1: none).
func (e *Env) RegionIndex(id string) int {
	return slices.IndexFunc(e.regions, func(r alliance.Region) bool { return r.ID == id })
}

// FakeViewer puts a recording xdg-open, lp and open first on PATH and
// returns the file they write their arguments to.
func FakeViewer(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "args")
	for _, name := range []string{"xdg-open", "lp", "open"} {
		script := "#!/bin/sh\necho \"$@\" >> " + log + "\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

// Drawing is a 640×480 JPEG, a child's drawing in the tests.
func Drawing(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 3), 120, uint8(y / 2), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// OpenContest saves a contest of drawings taking entries today.
func OpenContest(t testing.TB, cs *sqlite.ContestService) *alliance.Contest {
	t.Helper()
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}, Jury: []alliance.Juror{{Name: "X"}}}
	if err := cs.CreateContest(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}
