package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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

// fillValidForm types a complete activity into the open form.
func fillValidForm(t *testing.T, u *testUI, title string) {
	t.Helper()
	f := u.activities.form
	f.kind.SetSelectedIndex(slices.Index(kit.KindCodes(), string(alliance.KindTraining)))
	test.Type(f.title, title)
	test.Type(f.start.Entry, "03.03.2025")
	f.region.SetSelectedIndex(slices.Index(regionIDs(u.regions), "shaki-zagatala"))
	test.Type(f.settlement, "Şəki")
	f.areas.Add.SetSelectedIndex(0)
	f.audiences.Add.SetSelectedIndex(1)
	test.Type(f.counts[alliance.FieldGirls], "12")
	test.Type(f.counts[alliance.FieldBoys], "9")
	test.Type(f.counts[alliance.FieldDisabled], "2")
	test.Type(f.desc, "Məktəb müəllimləri üçün iki günlük təlim.")
	if f.recordedBy.Text == "" {
		test.Type(f.recordedBy, "Aynur Məmmədova")
	}
}

func regionIDs(rs []alliance.Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func storedActivities(t *testing.T, u *testUI) []alliance.ActivitySummary {
	t.Helper()
	rows, err := sqlite.NewActivityService(u.db).FindActivities(context.Background(), alliance.ActivityFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestActivityForm_Save(t *testing.T) {
	u := newTestUI(t)
	if u.activities.count != 0 || len(u.activities.listArea.Objects) != 1 || u.activities.listArea.Objects[0] == fyne.CanvasObject(u.activities.list) {
		t.Fatal("an empty log should show the empty state, not an empty list")
	}
	u.activities.newActivity()
	fillValidForm(t, u, "Uşaq hüquqları üzrə təlim")
	if f := u.activities.form; f.end.Text() != "03.03.2025" {
		t.Fatalf("end date %q did not follow the start", f.end.Text())
	}
	test.Tap(u.activities.form.save)
	u.Wait()

	rows := storedActivities(t, u)
	if len(rows) != 1 || rows[0].Title != "Uşaq hüquqları üzrə təlim" || rows[0].Reached != 21 {
		t.Fatalf("stored %+v", rows)
	}
	if u.activities.count != 1 {
		t.Fatalf("list count %d", u.activities.count)
	}
	if got := u.activities.countLabel.Text; got != "1 fəaliyyət" {
		t.Fatalf("count label %q", got)
	}
	// The list shows the row, and the form now edits the saved record.
	item := renderedRow(t, u, 0)
	if item != "Uşaq hüquqları üzrə təlim" {
		t.Fatalf("list row %q", item)
	}
	f := u.activities.form
	if f.editing == nil || f.editing.ID != rows[0].ID || f.dirty() {
		t.Fatalf("after save the form should edit the saved record, clean")
	}
	if !f.banner.Visible() || f.banner.Text != i18n.T("form.saved") {
		t.Fatalf("banner %q", f.banner.Text)
	}
	a, _ := sqlite.NewActivityService(u.db).FindActivityByID(context.Background(), rows[0].ID)
	if a.Reached.Disabled != 2 || a.Settlement != "Şəki" || len(a.Areas) != 1 || a.Areas[0] != alliance.Areas[0] ||
		len(a.Audiences) != 1 || a.Audiences[0] != alliance.Audiences[1] || a.RecordedBy != "Aynur Məmmədova" {
		t.Fatalf("stored activity %+v", a)
	}
}

// renderedRow returns the title shown in list row i.
func renderedRow(t *testing.T, u *testUI, i int) string {
	t.Helper()
	var title string
	item := u.activities.list.CreateItem()
	u.activities.list.UpdateItem(i, item)
	title = item.(*fyne.Container).Objects[0].(*widget.Label).Text
	return title
}

func TestActivityForm_SaveAndAddAnother(t *testing.T) {
	u := newTestUI(t)
	u.activities.newActivity()
	fillValidForm(t, u, "Birinci")
	test.Tap(u.activities.form.saveNew)
	u.Wait()
	f := u.activities.form
	if f.editing != nil {
		t.Fatal("save and add another should open a new form")
	}
	st := f.state()
	if st.Title != "" || st.Start != "03.03.2025" || st.Region != "shaki-zagatala" || st.Settlement != "Şəki" ||
		st.Kind != string(alliance.KindTraining) || len(st.Areas) != 0 || st.Girls != "" {
		t.Fatalf("kept state %+v", st)
	}
	if u.win.Canvas().Focused() != f.title {
		t.Fatal("the title should have the focus for the next entry")
	}
	test.Type(f.title, "İkinci")
	f.areas.Add.SetSelectedIndex(2)
	test.Type(f.recordedBy, "")
	f.recordedBy.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter on the last field saves
	u.Wait()
	if rows := storedActivities(t, u); len(rows) != 2 {
		t.Fatalf("%d activities stored, want 2", len(rows))
	}
}

func TestActivityForm_Invalid(t *testing.T) {
	u := newTestUI(t)
	u.activities.newActivity()
	f := u.activities.form
	test.Type(f.start.Entry, "31.02.2025")
	test.Type(f.counts[alliance.FieldGirls], "beş")
	test.Type(f.counts[alliance.FieldBoys], "3")
	test.Type(f.counts[alliance.FieldDisabled], "9")
	test.Type(f.title, "Yarımçıq")
	test.Tap(f.save)
	u.Wait()

	if n := len(storedActivities(t, u)); n != 0 {
		t.Fatalf("%d activities saved from an invalid form", n)
	}
	want := map[string]string{
		alliance.FieldKind:       i18n.T("validation.choose"),
		alliance.FieldStart:      i18n.T("validation.date_format"),
		alliance.FieldRegion:     i18n.T("validation.choose"),
		alliance.FieldAreas:      i18n.T("validation.choose_one_or_more"),
		alliance.FieldGirls:      i18n.T("validation.count_format"),
		alliance.FieldDisabled:   i18n.Tf("validation.disabled_over_total", i18n.Args{"Total": 3}),
		alliance.FieldRecordedBy: i18n.T("validation.required"),
	}
	for field, msg := range want {
		l := f.errs[field]
		if !l.Visible() || l.Text != msg {
			t.Errorf("%s: message %q (visible %v), want %q", field, l.Text, l.Visible(), msg)
		}
	}
	if l := f.errs[alliance.FieldTitle]; l.Visible() {
		t.Errorf("title is fine but shows %q", l.Text)
	}
	if !f.banner.Visible() || f.banner.Text != i18n.T("error.form_invalid") {
		t.Errorf("banner %q", f.banner.Text)
	}
	if f.title.Text != "Yarımçıq" || f.start.Text() != "31.02.2025" {
		t.Error("the form lost what was typed")
	}
	if u.win.Canvas().Focused() != f.kind {
		t.Errorf("focus on %T, want the first bad field", u.win.Canvas().Focused())
	}
	// Fixing the fields clears their messages on the next save.
	f.kind.SetSelectedIndex(0)
	test.Tap(f.save)
	u.Wait()
	if f.errs[alliance.FieldKind].Visible() {
		t.Error("kind message stays after fixing it")
	}
}

func TestActivityForm_Edit(t *testing.T) {
	var id string
	u := openTestUI(t, t.TempDir(), func(db *sqlite.DB) {
		a := testActivity("Köhnə ad")
		if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		id = a.ID
	})
	u.activities.list.Select(0)
	u.Wait()
	f := u.activities.form
	if f == nil || f.editing == nil || f.editing.ID != id || f.title.Text != "Köhnə ad" {
		t.Fatal("selecting the row should open it in the form")
	}
	if !f.delete.Visible() {
		t.Fatal("editing shows Delete")
	}
	f.title.SetText("Yeni ad")
	test.Tap(f.save)
	u.Wait()
	a, err := sqlite.NewActivityService(u.db).FindActivityByID(context.Background(), id)
	if err != nil || a.Title != "Yeni ad" {
		t.Fatalf("after edit: %v %v", a, err)
	}
	if renderedRow(t, u, 0) != "Yeni ad" {
		t.Fatal("the list did not refresh")
	}
}

var testActivity = uitest.Activity

func TestActivitiesScreen_DeleteAndUndo(t *testing.T) {
	u := openTestUI(t, t.TempDir(), func(db *sqlite.DB) {
		if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), testActivity("Silinəcək")); err != nil {
			t.Fatal(err)
		}
	})
	u.activities.list.Select(0)
	u.Wait()
	test.Tap(u.activities.form.delete)
	tapDialogButton(t, u.win, i18n.T("confirm.delete.no"))
	u.Wait()
	if len(storedActivities(t, u)) != 1 {
		t.Fatal("'keep it' deleted the activity")
	}
	test.Tap(u.activities.form.delete)
	tapDialogButton(t, u.win, i18n.T("confirm.delete.yes"))
	u.Wait()
	if len(storedActivities(t, u)) != 0 || u.activities.count != 0 {
		t.Fatal("the activity is still listed after delete")
	}
	if u.activities.form != nil {
		t.Fatal("the form of a deleted activity stays open")
	}
	undo := findButton(u.activities.undoBar, i18n.T("activities.undo"))
	if undo == nil {
		t.Fatal("no undo button after delete")
	}
	test.Tap(undo)
	u.Wait()
	if len(storedActivities(t, u)) != 1 || u.activities.count != 1 {
		t.Fatal("undo did not restore the activity")
	}
}

func TestActivitiesScreen_ConfirmLeave(t *testing.T) {
	u := newTestUI(t)
	u.activities.newActivity()
	test.Type(u.activities.form.title, "Yazılmış, saxlanmamış")
	u.ShowScreen(ScreenSettings)
	if u.screen != ScreenActivities {
		t.Fatal("left a form with unsaved changes without asking")
	}
	tapDialogButton(t, u.win, i18n.T("confirm.discard.keep"))
	if u.screen != ScreenActivities || u.activities.form.title.Text != "Yazılmış, saxlanmamış" {
		t.Fatal("'keep editing' lost the form")
	}
	u.ShowScreen(ScreenSettings)
	tapDialogButton(t, u.win, i18n.T("confirm.discard.discard"))
	u.Wait()
	if u.screen != ScreenSettings {
		t.Fatal("'discard' did not leave")
	}
	// Closing the window asks too.
	u.ShowScreen(ScreenActivities)
	u.activities.newActivity()
	test.Type(u.activities.form.title, "x")
	u.requestClose()
	if u.jobs.Context().Err() != nil {
		t.Fatal("the window closed over unsaved changes")
	}
	tapDialogButton(t, u.win, i18n.T("confirm.discard.keep"))
}

func TestActivityForm_Draft(t *testing.T) {
	dir := t.TempDir()
	u := openTestUI(t, dir, nil)
	u.activities.newActivity()
	test.Type(u.activities.form.title, "Yarımçıq qaralama")
	test.Type(u.activities.form.settlement, "Lənkəran")
	u.Wait() // the draft is saved after a pause in typing
	b, err := sqlite.NewSettingsService(u.db).Draft(context.Background(), "activity:new")
	if err != nil || b == nil {
		t.Fatalf("no draft saved: %v", err)
	}
	// The app is killed here: a new one on the same folder offers the draft.
	u.Close()
	_ = u.db.Close()
	u2 := openTestUI(t, dir, nil)
	u2.activities.newActivity()
	u2.Wait()
	f := u2.activities.form
	if f.title.Text != "Yarımçıq qaralama" || f.settlement.Text != "Lənkəran" {
		t.Fatalf("draft not restored: %q %q", f.title.Text, f.settlement.Text)
	}
	if !f.banner.Visible() || f.banner.Text != i18n.T("form.draft_restored") {
		t.Fatal("restoring a draft should say so")
	}
	fillValidForm(t, u2, "")
	test.Tap(f.save)
	u2.Wait()
	if b, _ := sqlite.NewSettingsService(u2.db).Draft(context.Background(), "activity:new"); b != nil {
		t.Fatal("the draft stays after saving")
	}
}

func TestActivitiesScreen_Search(t *testing.T) {
	u := openTestUI(t, t.TempDir(), func(db *sqlite.DB) {
		s := sqlite.NewActivityService(db)
		for _, title := range []string{"Şəki görüşü", "Quba görüşü", "Şəkidə təlim"} {
			if err := s.CreateActivity(context.Background(), testActivity(title)); err != nil {
				t.Fatal(err)
			}
		}
	})
	if u.activities.count != 3 {
		t.Fatalf("count %d", u.activities.count)
	}
	test.Type(u.activities.search, "seki")
	u.Wait()
	if u.activities.count != 2 {
		t.Fatalf("search 'seki' lists %d, want 2", u.activities.count)
	}
	u.activities.region.SetSelectedIndex(1 + slices.Index(regionIDs(u.regions), "nakhchivan"))
	u.Wait()
	if u.activities.count != 0 || findButton(u.activities.listArea, i18n.T("filter.clear")) == nil {
		t.Fatal("no match should offer to clear the filters")
	}
	u.activities.clearFilters()
	u.Wait()
	if u.activities.count != 3 || u.activities.search.Text != "" {
		t.Fatalf("after clearing: %d", u.activities.count)
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

// failingActivities is the real store with one failure injected: saving
// fails as on a full disk.
type failingActivities struct {
	alliance.ActivityService
	err error
}

func (f failingActivities) CreateActivity(ctx context.Context, a *alliance.Activity) error {
	if f.err != nil {
		return f.err
	}
	return f.ActivityService.CreateActivity(ctx, a)
}

func TestActivityForm_DiskFull(t *testing.T) {
	u := newTestUI(t)
	full := alliance.Keyed(alliance.EDISKFULL, "error.disk_full", nil, "disk full")
	u.svc.Activities = failingActivities{u.svc.Activities, full}
	u.activities.newActivity()
	fillValidForm(t, u, "Saxlanmalı olan təlim")
	test.Tap(u.activities.form.save)
	u.Wait()
	f := u.activities.form
	if !f.banner.Visible() || f.banner.Text != i18n.T("error.disk_full") {
		t.Fatalf("banner %q", f.banner.Text)
	}
	if f.title.Text != "Saxlanmalı olan təlim" || f.editing != nil || !f.dirty() {
		t.Fatal("the form lost what was typed")
	}
	// Space is freed: the same form saves.
	u.svc.Activities = failingActivities{u.svc.Activities.(failingActivities).ActivityService, nil}
	test.Tap(f.save)
	u.Wait()
	if rows := storedActivities(t, u); len(rows) != 1 || rows[0].Title != "Saxlanmalı olan təlim" {
		t.Fatalf("after freeing space: %+v", rows)
	}
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

// TestActivityForm_ErrorsInView: saving a form scrolled to its end with a
// field missing near its top brings the message into view.
func TestActivityForm_ErrorsInView(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen(ScreenActivities)
	u.Wait()
	u.activities.newActivity()
	f := u.activities.form
	u.Wait()
	f.scroll.ScrollToBottom()
	bottom := f.scroll.Offset.Y
	if bottom <= 0 {
		t.Fatal("the form does not scroll: the test needs a window smaller than the form")
	}
	test.Tap(f.save) // the title, at the top, is empty
	u.Wait()
	msg := f.errs[alliance.FieldTitle]
	if !msg.Visible() {
		t.Fatal("no message under the title")
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(msg).Y - d.AbsolutePositionForObject(f.scroll.Content).Y
	if y < f.scroll.Offset.Y || y > f.scroll.Offset.Y+f.scroll.Size().Height {
		t.Fatalf("the title's message at %.0f is out of view (%.0f–%.0f)", y, f.scroll.Offset.Y, f.scroll.Offset.Y+f.scroll.Size().Height)
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

// TestActivitiesScreen_SuggestSearch: a search mistyped by a letter finds
// nothing, offers the near word, and finds with it.
func TestActivitiesScreen_SuggestSearch(t *testing.T) {
	u := openTestUI(t, t.TempDir(), func(db *sqlite.DB) {
		a := testActivity("Müəllimlər üçün təlim")
		if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	})
	test.Type(u.activities.search, "muelimler")
	u.activities.applyFilters()
	u.Wait()
	if u.activities.count != 0 || u.activities.suggestBtn == nil {
		t.Fatalf("a mistyped word: %d found, suggestion %v", u.activities.count, u.activities.suggestBtn)
	}
	test.Tap(u.activities.suggestBtn)
	u.Wait()
	if u.activities.search.Text != "müəllimlər" || u.activities.count != 1 {
		t.Fatalf("after the suggestion: %q finds %d", u.activities.search.Text, u.activities.count)
	}
	if u.activities.suggestBtn != nil {
		t.Fatal("a search that finds still offers a suggestion")
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
	u.activities.newActivity()
	u.Wait()
	test.Type(u.activities.form.title, "Məktəbdə görüş")
	if got := detail(); got != i18n.T("status.unsaved") {
		t.Fatalf("with a title typed the status says %q", got)
	}
	test.Tap(u.activities.form.save) // refused: fields missing
	if got := detail(); got != i18n.T("status.unsaved") {
		t.Fatalf("after a refused save the status says %q", got)
	}
	u.activities.closeForm()
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

// TestSettingsScreen_Backup: the backup from Settings writes the folder,
// says where, and a second one into the same folder is refused in words.
func TestSettingsScreen_Backup(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen(ScreenSettings)
	u.Wait()
	s := u.settings
	out := filepath.Join(t.TempDir(), "Alliance-2026-11-30")
	s.startBackup(out)
	u.Wait()
	if !s.backupMessage.Visible() || !strings.Contains(s.backupMessage.Text, out) || s.backupProgress.Visible() || s.backupBtn.Disabled() {
		t.Fatalf("after the backup: %q, progress shown %v", s.backupMessage.Text, s.backupProgress.Visible())
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	s.startBackup(out)
	u.Wait()
	if s.backupMessage.Importance != widget.DangerImportance || !strings.Contains(s.backupMessage.Text, out) {
		t.Fatalf("a backup into a full folder: %q", s.backupMessage.Text)
	}
}

// TestSettingsScreen_Restore: on a new installation a backup is checked
// and, confirmed, marked to be restored at the next start (cancelled, the
// mark goes); a laptop holding records is told, in words, that it cannot.
func TestSettingsScreen_Restore(t *testing.T) {
	// A backup of another laptop.
	src := openTestUI(t, t.TempDir(), func(db *sqlite.DB) {
		if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), testActivity("Köhnə noutbukdan")); err != nil {
			t.Fatal(err)
		}
	})
	folder := filepath.Join(t.TempDir(), "backup")
	src.ShowScreen(ScreenSettings)
	src.Wait()
	src.settings.startBackup(folder)
	src.Wait()
	src.settings.prepareRestore(folder) // this laptop holds a record
	src.Wait()
	if !strings.Contains(src.settings.backupMessage.Text, i18n.T("error.restore_not_new")) {
		t.Fatalf("a laptop with records: %q", src.settings.backupMessage.Text)
	}

	u := newTestUI(t)
	u.ShowScreen(ScreenSettings)
	u.Wait()
	empty := t.TempDir() // a folder that is not a backup: said in words
	u.settings.prepareRestore(empty)
	u.Wait()
	if want := i18n.Tf("error.backup_not_a_backup", i18n.Args{"Dir": empty}); u.settings.backupMessage.Text != want {
		t.Fatalf("a folder that is not a backup: %q, want %q", u.settings.backupMessage.Text, want)
	}
	u.settings.prepareRestore(folder)
	u.Wait()
	if !sqlite.RestorePending(u.dir) {
		t.Fatal("no restore marked")
	}
	tapDialogButton(t, u.win, i18n.T("form.cancel"))
	if sqlite.RestorePending(u.dir) {
		t.Fatal("a cancelled restore stayed marked")
	}
}

// TestActivityForm_CRC: the areas' usual articles are offered in one tap,
// one is taken away and another added from the list; they are stored in
// the Convention's order, shown again when the activity is opened, and a
// button with nothing to add is off.
func TestActivityForm_CRC(t *testing.T) {
	u := newTestUI(t)
	u.activities.newActivity()
	f := u.activities.form
	if !f.crcSuggest.Disabled() {
		t.Fatal("articles offered with no area chosen")
	}
	fillValidForm(t, u, "Zorakılığa qarşı seminar") // area: child rights protection
	if f.crcSuggest.Disabled() {
		t.Fatal("no articles offered for the area chosen")
	}
	test.Tap(f.crcSuggest)
	if got := f.crc.Chosen(); strings.Join(got, ",") != "3,12,19,42" {
		t.Fatalf("suggested %v", got)
	}
	if !f.crcSuggest.Disabled() {
		t.Fatal("the button stays on with nothing left to add")
	}
	f.crc.Toggle("42")
	f.crc.Add.SetSelected(i18n.Article("opsc"))
	if chip := findButton(f.scroll, i18n.Article("19")); chip == nil {
		t.Fatalf("no chip %q", i18n.Article("19"))
	}
	test.Tap(f.save)
	u.Wait()
	rows := storedActivities(t, u)
	a, err := sqlite.NewActivityService(u.db).FindActivityByID(context.Background(), rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(a.CRC); got != "[3 12 19 opsc]" {
		t.Fatalf("stored articles %s", got)
	}
	u.activities.closeForm()
	u.activities.openActivity(a.ID)
	u.Wait()
	if got := u.activities.form.crc.Chosen(); strings.Join(got, ",") != "3,12,19,opsc" || u.activities.form.dirty() {
		t.Fatalf("opened again with %v (dirty %v)", got, u.activities.form.dirty())
	}
}

// TestActivityForm_Attachments: a photo is taken for one with children
// until said otherwise, a PDF for a report; a film is refused with why and
// nothing added; saved, the files go in the upload queue; unticking the
// children drops the consent; another organisation's activity shows its
// private photo as such, with no way to open it.
func TestActivityForm_Attachments(t *testing.T) {
	fetched := &fetchLog{}
	u := openTestUIWith(t, t.TempDir(), func(_ *sqlite.DB, svc *Services) { svc.Transfers = fetched })
	u.activities.newActivity()
	f := u.activities.form
	fillValidForm(t, u, "Fotolu görüş")
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewRGBA(image.Rect(0, 0, 64, 48)), nil); err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	f.files.addReader("qrup.jpg", io.NopCloser(bytes.NewReader(jpg.Bytes())))
	u.Wait()
	f.files.addReader("hesabat.pdf", io.NopCloser(bytes.NewReader(pdf)))
	u.Wait()
	f.files.addReader("film.mp4", io.NopCloser(strings.NewReader("\x00\x00\x00\x18ftypmp42")))
	u.Wait()
	if l := f.errs[alliance.FieldAttachments]; !l.Visible() || !strings.Contains(l.Text, "film.mp4") {
		t.Fatalf("a film was not refused with why: %q", l.Text)
	}
	items := f.files.items
	if len(items) != 2 || items[0].Kind != alliance.AttachPhoto || !items[0].Children || items[0].Consent ||
		items[1].Kind != alliance.AttachReport || items[1].Children {
		t.Fatalf("files %+v", items)
	}
	test.Tap(f.save)
	u.Wait()
	rows := storedActivities(t, u)
	a, err := sqlite.NewActivityService(u.db).FindActivityByID(context.Background(), rows[0].ID)
	if err != nil || len(a.Attachments) != 2 || !a.Attachments[0].Private() {
		t.Fatalf("stored %+v (%v)", a.Attachments, err)
	}
	queue, err := sqlite.NewSyncStore(u.db).FileTransfers(context.Background())
	if err != nil || len(queue) != 2 || !queue[0].Upload {
		t.Fatalf("upload queue %+v (%v)", queue, err)
	}

	// Untick the children: the consent goes with them.
	f = u.activities.form
	f.files.items[0].Consent = true
	f.files.render()
	var children *widget.Check
	walk(f.files.box, func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok && c.Text == i18n.T("activity.file_children") {
			children = c
			return true
		}
		return false
	})
	test.Tap(children)
	if at := f.files.items[0]; at.Children || at.Consent || !f.dirty() {
		t.Fatalf("after unticking: %+v, dirty %v", at, f.dirty())
	}

	// Another organisation's activity (as the secretariat sees it), its
	// photo of children not on this laptop: never asked for.
	other := testActivity("Başqasının görüşü")
	other.OrgID = alliance.NewID()
	theirs := a.Attachments[0]
	theirs.Hash = strings.Repeat("cd", 32)
	other.Attachments = []alliance.Attachment{theirs}
	if err := sqlite.NewActivityService(u.db).CreateActivity(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	u.activities.closeForm()
	u.activities.openActivity(other.ID)
	u.Wait()
	box := u.activities.form.files.box
	if findLabel(box, kit.FileDetail(theirs.FileRef)+" · "+i18n.T("activity.file_private")) == nil {
		t.Fatal("another organisation's private photo is not shown as such")
	}
	if st := u.activities.form.files.thumbs.Local(theirs.FileRef); st == nil || !st.Missing {
		t.Fatalf("the photo's state %+v", st)
	}
	if fetched.has(theirs.Hash) {
		t.Fatal("the private photo was asked of the server")
	}
	var open *widget.Button
	walk(box, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && b.Icon == theme.VisibilityIcon() {
			open = b
			return true
		}
		return false
	})
	if open == nil || !open.Disabled() {
		t.Fatal("another organisation's private photo can be opened")
	}
}

// fetchLog is a transfer service that notes the files asked for.
type fetchLog struct {
	mu   sync.Mutex
	asks []string
}

func (l *fetchLog) Transfers() alliance.TransferStatus        { return alliance.TransferStatus{} }
func (l *fetchLog) Refresh(context.Context) error             { return nil }
func (l *fetchLog) OnTransfers(func(alliance.TransferStatus)) {}
func (l *fetchLog) SetPaused(bool)                            {}
func (l *fetchLog) Retry(string, bool)                        {}
func (l *fetchLog) Fetch(f alliance.FileRef) {
	l.mu.Lock()
	l.asks = append(l.asks, f.Hash)
	l.mu.Unlock()
}
func (l *fetchLog) has(hash string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Contains(l.asks, hash)
}

// TestActivityForm_Campaigns: an activity is linked to a campaign from the
// list; a link to a campaign this laptop does not hold is shown as such
// and kept through an edit.
func TestActivityForm_Campaigns(t *testing.T) {
	c := &alliance.Campaign{Kind: alliance.KindOfCampaign, Name: "LNCO kampaniyası", Start: alliance.NewDate(2025, 1, 1),
		End: alliance.NewDate(2026, 12, 31)}
	u := openTestUI(t, t.TempDir(), func(db *sqlite.DB) {
		if err := sqlite.NewCampaignService(db).CreateCampaign(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	})
	u.activities.newActivity()
	f := u.activities.form
	fillValidForm(t, u, "Kampaniya tədbiri")
	f.campaigns.Add.SetSelected("LNCO kampaniyası")
	test.Tap(f.save)
	u.Wait()
	acts := sqlite.NewActivityService(u.db)
	a, err := acts.FindActivityByID(context.Background(), storedActivities(t, u)[0].ID)
	if err != nil || fmt.Sprint(a.Campaigns) != fmt.Sprint([]string{c.ID}) {
		t.Fatalf("stored links %v (%v)", a.Campaigns, err)
	}
	unknown := alliance.NewID()
	a.Campaigns = append(a.Campaigns, unknown)
	if err := acts.UpdateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	u.activities.closeForm()
	u.activities.openActivity(a.ID)
	u.Wait()
	f = u.activities.form
	if findButton(f.scroll, i18n.T("campaign.unknown")) == nil {
		t.Fatal("a link to a campaign not here is not shown")
	}
	f.title.SetText("Kampaniya tədbiri (düzəliş)")
	test.Tap(f.save)
	u.Wait()
	a, _ = acts.FindActivityByID(context.Background(), a.ID)
	if len(a.Campaigns) != 2 || a.Campaigns[1] != unknown {
		t.Fatalf("after an edit the links are %v", a.Campaigns)
	}
}

// TestActivityForm_Resources: a resource of the library used, with the
// copies handed out; copies that are no number are said under the field.
func TestActivityForm_Resources(t *testing.T) {
	res := &alliance.Resource{Category: alliance.ResPoster, Year: 2025, Versions: []alliance.ResourceVersion{{Lang: "az",
		Title: "Uşaq hüquqları plakatı", File: alliance.FileRef{Hash: strings.Repeat("a", 64), Name: "plakat.pdf", Type: alliance.TypePDF, Size: 10}}}}
	u := openTestUI(t, t.TempDir(), func(db *sqlite.DB) {
		if err := sqlite.NewLibraryService(db).CreateResource(context.Background(), res); err != nil {
			t.Fatal(err)
		}
	})
	u.activities.newActivity()
	f := u.activities.form
	fillValidForm(t, u, "Plakat paylandı")
	f.resources.add.SetSelected("Uşaq hüquqları plakatı")
	if len(f.resources.rows) != 1 || f.resources.add.Selected != "" {
		t.Fatalf("rows %d, add shows %q", len(f.resources.rows), f.resources.add.Selected)
	}
	test.Type(f.resources.rows[0].copies, "çox")
	test.Tap(f.save)
	u.Wait()
	if l := f.errs[alliance.FieldUses]; !l.Visible() || l.Text != i18n.T("validation.count_format") {
		t.Fatalf("copies that are no number: %q", l.Text)
	}
	// A draft keeps the count as typed, wrong as it is.
	f.setState(f.state())
	if got := f.resources.rows[0].copies.Text; got != "çox" {
		t.Fatalf("the draft's count came back as %q", got)
	}
	f.resources.rows[0].copies.SetText("150")
	test.Tap(f.save)
	u.Wait()
	a, err := sqlite.NewActivityService(u.db).FindActivityByID(context.Background(), storedActivities(t, u)[0].ID)
	if err != nil || len(a.Resources) != 1 || a.Resources[0] != (alliance.ResourceUse{ResourceID: res.ID, Copies: 150}) {
		t.Fatalf("stored %+v (%v)", a.Resources, err)
	}
	if u.activities.form.dirty() {
		t.Fatal("the saved form has changes")
	}
}
