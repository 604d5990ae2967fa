package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// storeServices are the services of a real store and file library in dir.
var storeServices = uitest.Services

// testWindowSize, when set, is the size test windows are given once shown
// (the screenshots render every screen at each screen size in turn).
var testWindowSize fyne.Size

// testUI is a UI on the software driver over a real store in a temp dir.
type testUI struct {
	*UI
	db  *sqlite.DB
	dir string
}

func newTestUI(t *testing.T) *testUI {
	t.Helper()
	return openTestUI(t, t.TempDir(), nil)
}

// openTestUI opens the data folder dir (prepare may fill it first) and
// shows the UI.
func openTestUI(t *testing.T, dir string, prepare func(db *sqlite.DB)) *testUI {
	t.Helper()
	return openTestUIWith(t, dir, func(db *sqlite.DB, _ *Services) {
		if prepare != nil {
			prepare(db)
		}
	})
}

// openTestUIWith is openTestUI where prepare may also change the services.
func openTestUIWith(t *testing.T, dir string, prepare func(db *sqlite.DB, svc *Services)) *testUI {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(kit.Theme())
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := storeServices(t, db, dir)
	prepare(db, &svc)
	u := New(a, svc, Info{DataDir: dir, DeviceID: db.DeviceID, Version: "test"})
	u.jobs.SetQueue(true)
	if err := u.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	u.Show()
	if testWindowSize != (fyne.Size{}) {
		u.win.Resize(testWindowSize)
	}
	u.Wait()
	t.Cleanup(func() {
		u.Wait()
		u.Close()
		_ = db.Close()
		_ = i18n.SetLanguage(i18n.Default)
	})
	return &testUI{UI: u, db: db, dir: dir}
}

func regionIDs(rs []alliance.Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

var testActivity = uitest.Activity

func TestActivitiesScreen_ConfirmLeave(t *testing.T) {
	u := newTestUI(t)
	title := newActivityTitle(t, u)
	test.Type(title, "Yazılmış, saxlanmamış")
	u.ShowScreen(ScreenSettings)
	if u.screen != ScreenActivities {
		t.Fatal("left a form with unsaved changes without asking")
	}
	tapDialogButton(t, u.win, i18n.T("confirm.discard.keep"))
	if u.screen != ScreenActivities || title.Text != "Yazılmış, saxlanmamış" || !u.activities.Dirty() {
		t.Fatal("'keep editing' lost the form")
	}
	u.ShowScreen(ScreenSettings)
	tapDialogButton(t, u.win, i18n.T("confirm.discard.discard"))
	u.Wait()
	if u.screen != ScreenSettings {
		t.Fatal("'discard' did not leave")
	}
	// Closing the window asks too (the window closed would ask nothing).
	u.ShowScreen(ScreenActivities)
	test.Type(newActivityTitle(t, u), "x")
	u.requestClose()
	tapDialogButton(t, u.win, i18n.T("confirm.discard.keep"))
	if !u.activities.Dirty() {
		t.Fatal("the form was closed over unsaved changes")
	}
}

func TestUI_SetLanguage(t *testing.T) {
	u := newTestUI(t)
	if got := u.win.Title(); got != "Alyans" {
		t.Fatalf("title %q", got)
	}
	u.ShowScreen(ScreenSettings)
	u.Wait()
	settings := findSelect(u.body, i18n.T("lang.az"))
	if settings == nil {
		t.Fatal("no language select on the settings screen")
	}
	settings.SetSelectedIndex(slices.Index(i18n.Languages, "ru"))
	u.Wait()
	if i18n.Language() != "ru" || u.win.Title() != "Альянс" {
		t.Fatalf("language %s, title %q", i18n.Language(), u.win.Title())
	}
	if u.screen != ScreenSettings {
		t.Fatal("switching language left the screen")
	}
	if got := findLabel(u.win.Content(), "Язык"); got == nil {
		t.Fatal("the settings screen was not rebuilt in Russian")
	}
	// Fyne's own widget texts follow.
	if got := fyneText("Cancel"); got != "Отмена" {
		t.Fatalf("Fyne's Cancel is %q", got)
	}
	if v, _ := sqlite.NewSettingsService(u.db).Setting(context.Background(), alliance.SettingLanguage); v != "ru" {
		t.Fatalf("language not remembered: %q", v)
	}
	kit.SetLanguage("az")
	if got := fyneText("Cancel"); got != "Ləğv et" {
		t.Fatalf("Fyne's Cancel in az is %q", got)
	}
}

func TestStatusBar(t *testing.T) {
	u := newTestUI(t)
	if got := u.status.detail.Text; got != i18n.T("status.saved_locally") {
		t.Fatalf("status %q", got)
	}
	if got := u.status.state.Text; got != i18n.T("status.not_enrolled") {
		t.Fatalf("state %q", got)
	}
	if err := sqlite.NewActivityService(u.db).CreateActivity(context.Background(), testActivity("x")); err != nil {
		t.Fatal(err)
	}
	u.Wait()
	if got := u.status.detail.Text; got != i18n.N("status.pending", 1, nil) {
		t.Fatalf("status after a change %q", got)
	}
}

// TestStatusBar_Show: on a 1024×600 screen, in every language and every
// state, the bar breaks no word in two and its lines never overlap (a
// state taking another line lays the bar out again).
func TestStatusBar_Show(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1024, 600))
	now := time.Date(2026, 3, 3, 23, 59, 0, 0, time.Local)
	states := []alliance.SyncStatus{
		{State: alliance.SyncNotEnrolled}, {State: alliance.SyncOffline, Pending: 859},
		{State: alliance.SyncSyncing, Done: 35, Total: 100, Pending: 3}, {State: alliance.SyncUpToDate, LastSuccess: now},
		{State: alliance.SyncError, Pending: 1}, {State: alliance.SyncUpToDate, LastSuccess: now},
	}
	for _, lang := range i18n.Languages {
		u.SetLanguage(lang)
		u.Wait()
		for _, st := range states {
			u.status.show(st)
			s := u.status
			for _, l := range []*widget.Label{s.state, s.detail} {
				room := l.Size().Width - 2*theme.InnerPadding()
				for _, word := range strings.Fields(l.Text) {
					if w := fyne.MeasureText(word, theme.TextSize()*sizeScale(l), l.TextStyle).Width; w > room+0.5 {
						t.Errorf("%s: %q is %.0f wide in a %.0f label: broken in two", lang, word, w, room)
					}
				}
			}
			if need, got := s.state.MinSize().Height, s.state.Size().Height; need > got+0.5 {
				t.Errorf("%s %v: the state (%q) needs %.0f high, laid out in %.0f: it runs over the detail", lang, st.State, s.state.Text, need, got)
			}
			if bottom := s.state.Position().Y + s.state.Size().Height; bottom > s.detail.Position().Y+0.5 {
				t.Errorf("%s %v: the state (%q) ends at %.0f, over the detail at %.0f", lang, st.State, s.state.Text, bottom, s.detail.Position().Y)
			}
		}
	}
}

// sizeScale is a label's text size against the body text size.
func sizeScale(l *widget.Label) float32 {
	if l.SizeName == theme.SizeNameCaptionText {
		return theme.CaptionTextSize() / theme.TextSize()
	}
	return 1
}

func TestUI_OrganisationsInAzerbaijaniOrder(t *testing.T) {
	u := openTestUI(t, t.TempDir(), func(db *sqlite.DB) {
		s := sqlite.NewOrganisationService(db)
		for _, name := range []string{"Zaqatala Gənclər Evi", "Çinarlı Uşaq Qrupu", "Cəlilabad QHT", "Ələt Birliyi", "Eyvazlı Klubu"} {
			if err := s.CreateOrganisation(context.Background(), &alliance.Organisation{Name: name, Kind: alliance.OrgNGO, RegionID: "baku"}); err != nil {
				t.Fatal(err)
			}
		}
	})
	var got []string
	for _, o := range u.orgs {
		got = append(got, o.Name)
	}
	want := "Cəlilabad QHT,Çinarlı Uşaq Qrupu,Eyvazlı Klubu,Ələt Birliyi,Zaqatala Gənclər Evi"
	if strings.Join(got, ",") != want {
		t.Fatalf("order %v", got)
	}
}

// TestUI_FitScreen: the window opens within a netbook's screen and at its
// usual size on a larger one; no screen needs more than it is given.
func TestUI_FitScreen(t *testing.T) {
	u := newTestUI(t)
	u.FitScreen(1024, 576) // 1024×600 less a 24 px panel
	got := u.win.Canvas().Size()
	if got.Width > 1024-frameSize.Width || got.Height > 576-frameSize.Height {
		t.Fatalf("on a 1024×576 work area the window is %v", got)
	}
	if m := u.win.Content().MinSize(); m.Width > got.Width || m.Height > got.Height {
		t.Fatalf("the window of %v needs %v", got, m)
	}
	u.FitScreen(1920, 1040)
	if got := u.win.Canvas().Size(); got != preferredSize {
		t.Fatalf("on a large screen the window is %v, want %v", got, preferredSize)
	}
}

// TestStatusBar_UnsavedForm: the status bar does not say "all saved" while
// a form holds changes — typed, or refused with messages — and says it
// again once they are dropped.
func TestStatusBar_UnsavedForm(t *testing.T) {
	u := newTestUI(t)
	detail := func() string { u.Wait(); return u.status.detail.Text }
	if got := detail(); got != i18n.T("status.saved_locally") {
		t.Fatalf("at start the status says %q", got)
	}
	test.Type(newActivityTitle(t, u), "Məktəbdə görüş")
	if got := detail(); got != i18n.T("status.unsaved") {
		t.Fatalf("with a title typed the status says %q", got)
	}
	u.activities.Save() // refused: fields missing
	if got := detail(); got != i18n.T("status.unsaved") {
		t.Fatalf("after a refused save the status says %q", got)
	}
	u.ShowScreen(ScreenSettings) // the changes dropped
	tapDialogButton(t, u.win, i18n.T("confirm.discard.discard"))
	if got := detail(); got != i18n.T("status.saved_locally") {
		t.Fatalf("after the changes were dropped the status says %q", got)
	}

	// The Trainings area tells the shell of its form's changes too.
	u.ShowScreen(ScreenTrainings)
	u.Wait()
	test.Tap(findButton(u.body, i18n.T("trainings.new")))
	u.Wait()
	title := uitest.FindAll[*widget.Entry](u.body)[0] // the form's first field
	test.Type(title, "Təlim")
	test.Tap(findButton(u.body, i18n.T("form.save")))
	if got := detail(); got != i18n.T("status.unsaved") {
		t.Fatalf("after a training's refused save the status says %q", got)
	}
}

// TestShowFileDialog_Places: the file dialog names its places (Home,
// Documents…) in the app's language, not in Fyne's English.
func TestShowFileDialog_Places(t *testing.T) {
	u := newTestUI(t)
	u.SetLanguage("az")
	u.Wait()
	d := dialog.NewFileSave(func(fyne.URIWriteCloser, error) {}, u.win)
	kit.ShowFileDialog(d, u.win, "file.save_title")
	pop, ok := u.win.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		t.Fatal("no file dialog on top")
	}
	list := kit.FilePlaces(pop.Content)
	if list == nil {
		t.Fatal("no list of places in the file dialog: has Fyne changed its layout?")
	}
	var names []string
	for i := range list.Length() {
		row := list.CreateItem()
		list.UpdateItem(i, row)
		names = append(names, row.(*fyne.Container).Objects[1].(*widget.Label).Text)
	}
	if len(names) == 0 || names[0] != "Ev qovluğu" {
		t.Fatalf("the places are %q, want the home folder first as %q", names, "Ev qovluğu")
	}
	for _, n := range names {
		if n == "Home" || n == "Computer" || n == "Documents" {
			t.Fatalf("a place is in English: %q", names)
		}
	}
}
