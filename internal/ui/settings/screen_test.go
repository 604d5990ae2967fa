package settings

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// testShell is the app around Settings in its tests: it notes what
// Settings asks of it.
type testShell struct {
	*uitest.Env
	lang     string
	locks    int
	after    time.Duration
	unsaved  bool
	quit     bool
	program  string
	staff    string
	laptopOf string
}

func (s *testShell) SetLanguage(code string)       { s.lang = code }
func (s *testShell) Lock()                         { s.locks++ }
func (s *testShell) LockAfter() time.Duration      { return s.after }
func (s *testShell) SetLockAfter(m int)            { s.after = time.Duration(m) * time.Minute }
func (s *testShell) Unsaved() bool                 { return s.unsaved }
func (s *testShell) Quit(program string)           { s.quit, s.program = true, program }
func (s *testShell) SetLaptop(staff, orgID string) { s.staff, s.laptopOf = staff, orgID }

// openScreen is Settings over a store prepare may fill, shown as the shell
// shows it.
func openScreen(t *testing.T, prepare func(db *sqlite.DB, svc *env.Services)) (*Screen, *testShell) {
	t.Helper()
	sh := &testShell{Env: uitest.Open(t, fyne.NewSize(1366, 768), prepare), after: 10 * time.Minute}
	return showNew(sh), sh
}

func showNew(sh *testShell) *Screen {
	s := New(sh)
	sh.ShowScreen(env.ScreenSettings, s.Object())
	sh.Wait()
	return s
}

// TestScreen_Backup: the backup writes the folder and says where; a second
// one into the same folder is refused in words.
func TestScreen_Backup(t *testing.T) {
	s, sh := openScreen(t, nil)
	out := filepath.Join(t.TempDir(), "Alliance-2026-11-30")
	s.startBackup(out)
	sh.Wait()
	if !s.backupMessage.Visible() || !strings.Contains(s.backupMessage.Text, out) || s.backupProgress.Visible() || s.backupBtn.Disabled() {
		t.Fatalf("after the backup: %q, progress shown %v", s.backupMessage.Text, s.backupProgress.Visible())
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	s.startBackup(out)
	sh.Wait()
	if s.backupMessage.Importance != widget.DangerImportance || !strings.Contains(s.backupMessage.Text, out) {
		t.Fatalf("a backup into a full folder: %q", s.backupMessage.Text)
	}
}

// TestScreen_Restore: on a new installation a backup is checked and marked
// to be restored when the app starts again (it quits); a laptop holding
// records, or a folder that is no backup, is refused in words; a cancel
// drops the mark.
func TestScreen_Restore(t *testing.T) {
	src, srcShell := openScreen(t, func(db *sqlite.DB, _ *env.Services) {
		if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), uitest.Activity("Köhnə noutbukdan")); err != nil {
			t.Fatal(err)
		}
	})
	folder := filepath.Join(t.TempDir(), "backup")
	src.startBackup(folder)
	srcShell.Wait()
	src.prepareRestore(folder) // this laptop holds a record
	srcShell.Wait()
	if !strings.Contains(src.backupMessage.Text, i18n.T("error.restore_not_new")) {
		t.Fatalf("a laptop with records: %q", src.backupMessage.Text)
	}

	s, sh := openScreen(t, nil)
	empty := t.TempDir() // a folder that is not a backup: said in words
	s.prepareRestore(empty)
	sh.Wait()
	if want := i18n.Tf("error.backup_not_a_backup", i18n.Args{"Dir": empty}); s.backupMessage.Text != want {
		t.Fatalf("a folder that is not a backup: %q, want %q", s.backupMessage.Text, want)
	}
	s.prepareRestore(folder)
	sh.Wait()
	if !sqlite.RestorePending(sh.Dir) {
		t.Fatal("no restore marked")
	}
	uitest.TapDialogButton(t, sh.Window(), i18n.T("form.cancel"))
	if sqlite.RestorePending(sh.Dir) || sh.quit {
		t.Fatal("a cancelled restore stayed marked, or the app quit")
	}
	s.prepareRestore(folder)
	sh.Wait()
	uitest.TapDialogButton(t, sh.Window(), i18n.T("settings.restore.restart"))
	if !sqlite.RestorePending(sh.Dir) || !sh.quit || sh.program != "" {
		t.Fatalf("restart to restore: marked %v, quit %v", sqlite.RestorePending(sh.Dir), sh.quit)
	}
}

// TestScreen_SaveLaptop: the staff name and organisation are stored and
// the app told; the language is the app's to switch.
func TestScreen_SaveLaptop(t *testing.T) {
	var org alliance.Organisation
	s, sh := openScreen(t, func(db *sqlite.DB, _ *env.Services) {
		org = alliance.Organisation{Name: "Quba QHT", Kind: alliance.OrgNGO, RegionID: "guba-khachmaz"}
		if err := sqlite.NewOrganisationService(db).CreateOrganisation(context.Background(), &org); err != nil {
			t.Fatal(err)
		}
	})
	s.name.SetText("Aynur")
	s.saveWith(org.ID)
	sh.Wait()
	if sh.staff != "Aynur" || sh.laptopOf != org.ID || s.message.Text != i18n.T("settings.saved") {
		t.Fatalf("saved %q %q, said %q", sh.staff, sh.laptopOf, s.message.Text)
	}
	if v, _ := sh.Services().Settings.Setting(context.Background(), alliance.SettingStaffName); v != "Aynur" {
		t.Fatalf("stored name %q", v)
	}
	s.language.SetSelectedIndex(slices.Index(i18n.Languages, "ru"))
	if sh.lang != "ru" {
		t.Fatalf("language asked: %q", sh.lang)
	}
}

// TestPeopleSection_Add: a coordinator signed in adds a person, who is
// then listed; Lock asks the app to lock.
func TestPeopleSection_Add(t *testing.T) {
	var aynur alliance.Profile
	s, sh := openScreen(t, func(db *sqlite.DB, svc *env.Services) {
		ps := sqlite.NewProfileService(db)
		svc.Profiles = ps
		aynur = alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}
		if err := ps.CreateProfile(context.Background(), &aynur, "480915"); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.SignIn(context.Background(), aynur.ID, "480915"); err != nil {
			t.Fatal(err)
		}
	})
	sh.Person = &aynur
	s = showNew(sh)
	people := s.people
	if people == nil || uitest.FindButton(people.object(), i18n.T("people.add")) == nil {
		t.Fatal("a coordinator has no Add a person")
	}
	test.Tap(uitest.FindButton(people.object(), i18n.T("people.add")))
	d := uitest.DialogOf(t, sh.Window())
	var secrets, plain []*widget.Entry
	for _, e := range uitest.FindAll[*widget.Entry](d) {
		if e.Password {
			secrets = append(secrets, e)
		} else {
			plain = append(plain, e)
		}
	}
	if len(secrets) != 2 {
		t.Fatalf("the add dialog has %d secret fields", len(secrets))
	}
	plain[0].SetText("Rəşad")
	secrets[0].SetText("270418")
	secrets[1].SetText("270418")
	test.Tap(uitest.FindButton(d, i18n.T("form.save")))
	sh.Wait()
	ps, _ := sh.Services().Profiles.Profiles(context.Background())
	if len(ps) != 2 {
		t.Fatalf("people after adding: %+v", ps)
	}
	if uitest.FindLabel(people.object(), i18n.Tf("people.row", i18n.Args{"Name": "Rəşad", "Role": i18n.T("role.staff")})) == nil {
		t.Fatal("the new person is not listed")
	}
	test.Tap(uitest.FindButton(people.object(), i18n.T("people.lock")))
	if sh.locks != 1 {
		t.Fatal("Lock did not ask the app to lock")
	}
}

// TestUpdates_Ready: a version on its way shows its progress; a ready one
// is installed only when no form holds changes, and then the app quits to
// start the program put in place.
func TestUpdates_Ready(t *testing.T) {
	fake := uitest.NewUpdates(alliance.UpdateStatus{Current: "1.2.0", Platform: "linux-amd64"})
	s, sh := openScreen(t, func(_ *sqlite.DB, svc *env.Services) { svc.Updates = fake })
	u := s.updates
	if u == nil || u.install.Visible() || u.back.Visible() || !strings.Contains(u.text.Text, "1.2.0") {
		t.Fatalf("no update: %q, install shown %v", u.text.Text, u.install.Visible())
	}
	set := func(st alliance.UpdateStatus) { fake.Set(st); s.UpdateChanged(st) } // as the shell passes it on
	set(alliance.UpdateStatus{Current: "1.2.0", Version: "1.3.0", State: alliance.UpdateDownloading, Size: 9 << 20, Done: 3 << 20})
	if !u.progress.Visible() || u.progress.Value < 0.3 || u.progress.Value > 0.35 || u.install.Visible() {
		t.Fatalf("downloading: progress %v shown %v, install %v", u.progress.Value, u.progress.Visible(), u.install.Visible())
	}
	set(alliance.UpdateStatus{Current: "1.2.0", Version: "1.3.0", State: alliance.UpdateReady, Size: 9 << 20, Done: 9 << 20})
	if !u.install.Visible() || !strings.Contains(u.install.Text, "1.3.0") {
		t.Fatalf("ready: install %v %q", u.install.Visible(), u.install.Text)
	}
	// A form holding changes: the update waits, and says why.
	sh.unsaved = true
	u.confirmInstall()
	sh.Wait()
	if n, _ := fake.Calls(); n != 0 || !u.message.Visible() || u.message.Text != i18n.T("update.form_open") {
		t.Fatalf("with a form holding changes: %d installs, message %q", n, u.message.Text)
	}
	// The form saved: Install and restart.
	sh.unsaved = false
	u.confirmInstall()
	uitest.TapDialogButton(t, sh.Window(), i18n.T("update.restart"))
	sh.Wait()
	if n, _ := fake.Calls(); n != 1 || !sh.quit || sh.program != "/opt/alliance/alliance" {
		t.Fatalf("after Install: %d installs, quit %v with %q", n, sh.quit, sh.program)
	}
}

// TestUpdates_Refused: a refused version says why, in the user's
// language; the way back is offered when a previous version is kept.
func TestUpdates_Refused(t *testing.T) {
	fake := uitest.NewUpdates(alliance.UpdateStatus{Current: "1.3.0", Updated: "1.2.0", Previous: "1.2.0",
		Version: "1.4.0", State: alliance.UpdateRefused,
		Err: alliance.Keyed(alliance.EINVALID, "error.update_not_signed", nil, "not signed")})
	s, sh := openScreen(t, func(_ *sqlite.DB, svc *env.Services) { svc.Updates = fake })
	u := s.updates
	for _, w := range []string{i18n.Tf("update.updated", i18n.Args{"From": "1.2.0", "Current": "1.3.0"}), i18n.T("error.update_not_signed")} {
		if !strings.Contains(u.text.Text, w) {
			t.Fatalf("refused: %q lacks %q", u.text.Text, w)
		}
	}
	if u.install.Visible() || !u.back.Visible() || !strings.Contains(u.back.Text, "1.2.0") {
		t.Fatalf("install shown %v, back %v %q", u.install.Visible(), u.back.Visible(), u.back.Text)
	}
	u.confirmGoBack()
	uitest.TapDialogButton(t, sh.Window(), i18n.T("update.restart"))
	sh.Wait()
	if _, backs := fake.Calls(); backs != 1 || sh.program == "" {
		t.Fatalf("after Go back: %d, restart with %q", backs, sh.program)
	}
}
