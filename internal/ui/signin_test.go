package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// openSignInUI opens a UI whose laptop has people (prepare may add them).
func openSignInUI(t *testing.T, dir string, prepare func(db *sqlite.DB, ps *sqlite.ProfileService)) *testUI {
	t.Helper()
	return openTestUIWith(t, dir, func(db *sqlite.DB, svc *Services) {
		db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
		ps := sqlite.NewProfileService(db)
		if prepare != nil {
			prepare(db, ps)
		}
		svc.Profiles = ps
	})
}

// TestFirstProfileScreen: a laptop without people asks for the first
// profile (its coordinator's) before anything else; a PIN typed twice
// differently, or too easy, is said; made, it signs in and shows the app.
func TestFirstProfileScreen(t *testing.T) {
	u := openSignInUI(t, t.TempDir(), nil)
	if !u.Locked() || u.lock.first == nil || findButton(u.win.Content(), i18n.T("signin.create")) == nil {
		t.Fatal("the first start does not ask for a profile")
	}
	if findLabel(u.win.Content(), i18n.T("nav.activities")) != nil {
		t.Fatal("the app shows behind the first-profile screen")
	}
	s := u.lock.first
	s.name.SetText("Aynur Məmmədova")
	s.secret.Secret.SetText("480915")
	s.secret.Repeat.SetText("480916")
	s.submit()
	u.Wait()
	if s.message.Text != i18n.T("validation.secret_mismatch") {
		t.Fatalf("different PINs: %q", s.message.Text)
	}
	s.secret.Secret.SetText("123456")
	s.secret.Repeat.SetText("123456")
	s.submit()
	u.Wait()
	if s.message.Text != i18n.T("validation.pin_weak") {
		t.Fatalf("an easy PIN: %q", s.message.Text)
	}
	s.secret.Secret.SetText("480915")
	s.secret.Repeat.SetText("480915")
	s.submit()
	u.Wait()
	if u.Locked() || u.signedIn == nil || u.signedIn.Role != alliance.RoleCoordinator || u.staffName != "Aynur Məmmədova" {
		t.Fatalf("after the first profile: locked %v, signed in %+v", u.Locked(), u.signedIn)
	}
}

// TestLock: Ctrl+L and the idle time show only the sign-in screen; the
// form being typed comes back as it was, dialogs too; a wrong PIN is
// said; nothing behind the lock answers a shortcut.
func TestLock(t *testing.T) {
	var aynur, reshad alliance.Profile
	u := openSignInUI(t, t.TempDir(), func(db *sqlite.DB, ps *sqlite.ProfileService) {
		ctx := context.Background()
		aynur = alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}
		if err := ps.CreateProfile(ctx, &aynur, "480915"); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.SignIn(ctx, aynur.ID, "480915"); err != nil {
			t.Fatal(err)
		}
		reshad = alliance.Profile{Name: "Rəşad", Role: alliance.RoleStaff, Kind: alliance.SecretPassphrase}
		if err := ps.CreateProfile(ctx, &reshad, "uzun bir parol"); err != nil {
			t.Fatal(err)
		}
		ps.SignOut()
	})
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	u.now = func() time.Time { return now }
	s := signInOf(t, u)
	if len(s.profiles) != 2 || s.name.Text != i18n.Tf("signin.pin", i18n.Args{"Name": "Aynur"}) {
		t.Fatalf("sign-in screen: %d people, %q", len(s.profiles), s.name.Text)
	}
	s.choose(1)
	if s.name.Text != i18n.Tf("signin.passphrase", i18n.Args{"Name": "Rəşad"}) {
		t.Fatalf("Rəşad chosen: %q", s.name.Text)
	}
	s.secret.SetText("yanlış parol")
	s.submit()
	u.Wait()
	if !u.Locked() || s.message.Text != i18n.T("error.wrong_passphrase") {
		t.Fatalf("a wrong passphrase: locked %v, %q", u.Locked(), s.message.Text)
	}
	s.secret.SetText("uzun bir parol")
	s.submit()
	u.Wait()
	if u.Locked() || u.signedIn.ID != reshad.ID {
		t.Fatal("the right passphrase did not sign in")
	}

	// A form being typed, then Ctrl+L.
	u.ShowScreen(ScreenActivities)
	u.Wait()
	title := newActivityTitle(t, u)
	title.SetText("Yarımçıq qeyd")
	kit.ShowMessage(u.win, "Dialog", "a dialog open when it locks")
	ctrlL(u)
	u.Wait()
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog shows over the sign-in screen")
	}
	if !u.Locked() || u.signedIn != nil || u.svc.Profiles.Current() != nil {
		t.Fatal("Ctrl+L did not lock and sign out")
	}
	if findLabel(u.win.Content(), i18n.T("nav.activities")) != nil {
		t.Fatal("the app shows behind the lock")
	}
	// Behind the lock, Ctrl+N does nothing.
	ctrl(u, fyne.KeyN)
	if !u.activities.Dirty() || title.Text != "Yarımçıq qeyd" {
		t.Fatal("a shortcut reached the app behind the lock")
	}
	s = signInOf(t, u)
	if s.profiles[s.chosen].ID != reshad.ID {
		t.Fatal("the sign-in does not offer who was signed in")
	}
	s.secret.SetText("uzun bir parol")
	s.submit()
	u.Wait()
	if u.Locked() || !slices.Contains(uitest.FindAll[*widget.Entry](u.body), title) || title.Text != "Yarımçıq qeyd" {
		t.Fatalf("after the sign-in the form is not as it was: locked %v", u.Locked())
	}
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the dialog open when it locked did not come back")
	}
	tapDialogButton(t, u.win, i18n.T("dialog.close"))

	// Ten minutes without use lock it; nine do not.
	u.touch()
	now = now.Add(9 * time.Minute)
	u.checkIdle()
	if u.Locked() {
		t.Fatal("locked after nine minutes")
	}
	title.SetText("Yarımçıq qeyd, davamı") // typing counts as use
	now = now.Add(9 * time.Minute)
	u.checkIdle()
	if u.Locked() {
		t.Fatal("locked nine minutes after the last keystroke")
	}
	now = now.Add(time.Minute)
	u.checkIdle()
	u.Wait()
	if !u.Locked() {
		t.Fatal("not locked after ten minutes without use")
	}
	if !strings.Contains(i18n.T("people.lock"), "Ctrl+L") {
		t.Fatal("the lock button does not say its shortcut")
	}
}

// openSignedIn opens a UI whose laptop has one person, its coordinator
// (name, PIN 480915), signed in through the sign-in screen.
func openSignedIn(t *testing.T, name string) (*testUI, alliance.Profile) {
	t.Helper()
	var p alliance.Profile
	u := openSignInUI(t, t.TempDir(), func(db *sqlite.DB, ps *sqlite.ProfileService) {
		p = alliance.Profile{Name: name, Kind: alliance.SecretPIN}
		if err := ps.CreateProfile(context.Background(), &p, "480915"); err != nil {
			t.Fatal(err)
		}
	})
	s := signInOf(t, u)
	s.secret.SetText("480915")
	s.submit()
	u.Wait()
	if u.Locked() {
		t.Fatal("the coordinator's PIN did not sign in")
	}
	return u, p
}

func signInOf(t *testing.T, u *testUI) *signInScreen {
	t.Helper()
	if !u.Locked() || u.lock.signIn == nil || findButton(u.win.Content(), i18n.T("signin.button")) == nil {
		t.Fatal("no sign-in screen")
	}
	return u.lock.signIn
}

func ctrlL(u *testUI) { ctrl(u, fyne.KeyL) }

// ctrl types Ctrl+key on the window's canvas.
func ctrl(u *testUI, key fyne.KeyName) {
	u.win.Canvas().(interface {
		TypedShortcut(fyne.Shortcut)
	}).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
}

// TestJudging_AsSignedInJudge: signing in tells the open contest who
// judges now: the coordinator signed in cannot judge; after a lock, the
// judge signed in judges as themselves (the Contests area's own test
// checks that the marks are theirs).
func TestJudging_AsSignedInJudge(t *testing.T) {
	u, _ := openSignedIn(t, "Katib")
	ctx := context.Background()
	sec := &alliance.Organisation{Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true}
	if err := sqlite.NewOrganisationService(u.db).CreateOrganisation(ctx, sec); err != nil {
		t.Fatal(err)
	}
	if err := u.svc.Settings.SetSetting(ctx, alliance.SettingOrgID, sec.ID); err != nil {
		t.Fatal(err)
	}
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Jury: []alliance.Juror{{Name: "Aynur"}, {Name: "Rəşad"}},
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}}
	if err := sqlite.NewContestService(u.db).CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	judge := &alliance.Profile{ID: c.Jury[0].ID, Name: "Aynur", Role: alliance.RoleJudge, Kind: alliance.SecretPIN}
	if err := u.svc.Profiles.CreateProfile(ctx, judge, "270418"); err != nil {
		t.Fatal(err)
	}
	u.reloadReference(nil)
	u.Wait()
	u.rebuild()
	u.ShowScreen(ScreenContests)
	u.Wait()
	uitest.FindAll[*widget.List](u.body)[0].Select(0)
	u.Wait()
	uitest.FindAll[*container.AppTabs](u.body)[0].SelectIndex(2)
	u.Wait()
	if findLabel(u.body, i18n.Tf("judging.not_juror", i18n.Args{"Name": "Katib"})) == nil {
		t.Fatal("the coordinator is not told they are not on the jury")
	}
	u.Lock()
	u.Wait()
	s := signInOf(t, u)
	for i, p := range s.profiles {
		if p.ID == judge.ID {
			s.choose(i)
		}
	}
	s.secret.SetText("270418")
	s.submit()
	u.Wait()
	if findLabel(u.body, i18n.Tf("judging.as", i18n.Args{"Name": "Aynur"})) == nil {
		t.Fatal("after signing in, the judge does not judge as themselves")
	}
}

// TestLostLaptop_Told: when the laptop erased its children's data as the
// secretariat told it, the app locks (what the screens held goes) and
// says why, once.
func TestLostLaptop_Told(t *testing.T) {
	u, _ := openSignedIn(t, "Aynur")
	erased := alliance.SyncStatus{State: alliance.SyncError,
		Err: alliance.Keyed(alliance.EREVOKED, "sync.error.erased", nil, "revoked as lost")}
	u.onSync(erased)
	u.Wait()
	if !u.Locked() || u.signedIn != nil {
		t.Fatal("the app did not lock when the laptop was erased")
	}
	d := dialogOf(t, u.win)
	if findLabel(d, i18n.T("sync.error.erased")) == nil {
		t.Fatal("the app does not say why")
	}
	tapDialogButton(t, u.win, i18n.T("dialog.close"))
	u.onSync(erased) // the next round says it again: not shown twice
	u.Wait()
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("told twice")
	}
}
