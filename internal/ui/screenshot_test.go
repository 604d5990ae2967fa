package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// TestScreenshots renders what the shell itself shows in every language
// at 1366×768 and 1024×600 (make screenshots; each area shoots its own
// screens): the first start, the sign-in, the question before a form with
// changes is left, and Settings as the navigation opens it.
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		testWindowSize = sh.Size
		sh.T.Cleanup(func() { testWindowSize = fyne.Size{} })
		shoot := func(u *testUI, name string) {
			u.Wait()
			sh.ShootWindow(u.win, name)
		}
		empty := openTestUI(sh.T, sh.T.TempDir(), nil)
		sh.Theme()
		empty.SetLanguage(sh.Lang)
		shoot(empty, "01-activities-empty")
		shootSignIn(sh, shoot)

		u := openTestUIWith(sh.T, sh.T.TempDir(), func(db *sqlite.DB, svc *Services) {
			uitest.Demo(sh.T, db, svc)
			// A new version is ready, and this one replaced another:
			// Settings shows both, the status bar the link.
			svc.Updates = uitest.NewUpdates(alliance.UpdateStatus{Current: "1.3.0", Previous: "1.2.0", Updated: "1.2.0",
				Version: "1.4.0", State: alliance.UpdateReady, Size: 9 << 20, Done: 9 << 20})
		})
		sh.Theme()
		u.SetLanguage(sh.Lang)
		u.Wait()
		test.Type(newActivityTitle(sh.T, u), "Yarımçıq qeyd") // a form holding changes
		u.ShowScreen(ScreenSettings)
		shoot(u, "09-discard-changes")
		tapDialogButton(sh.T, u.win, i18n.T("confirm.discard.discard"))
		shoot(u, "10-settings")
	})
}

// shootSignIn shoots the first-profile screen, the sign-in (and a wrong
// PIN) and the people in Settings.
func shootSignIn(sh *uitest.Shooter, shoot func(u *testUI, name string)) {
	t := sh.T
	t.Helper()
	gate := openSignInUI(t, t.TempDir(), nil)
	sh.Theme()
	gate.SetLanguage(sh.Lang)
	gate.Wait()
	shoot(gate, "00a-first-profile")
	f := gate.lock.first
	f.name.SetText("Aynur Məmmədova")
	f.secret.Secret.SetText("480915")
	f.secret.Repeat.SetText("480916")
	f.submit()
	shoot(gate, "00b-first-profile-mismatch")
	f.secret.Repeat.SetText("480915")
	f.submit()
	gate.Wait()
	ps := gate.svc.Profiles
	for _, name := range []string{"Rəşad Əliyev", "Günay Hüseynova"} {
		if err := ps.CreateProfile(context.Background(), &alliance.Profile{Name: name, Role: alliance.RoleStaff, Kind: alliance.SecretPIN}, "270418"); err != nil {
			t.Fatal(err)
		}
	}
	gate.ShowScreen(ScreenSettings)
	shoot(gate, "10c-settings-people")
	gate.Lock()
	gate.Wait()
	shoot(gate, "00c-sign-in")
	gate.lock.signIn.secret.SetText("000001")
	gate.lock.signIn.submit()
	shoot(gate, "00d-sign-in-wrong")
	// Every PIN forgotten: the request for the secretariat, once its
	// recovery key came with a sync.
	_, public, err := vault.NewRecoveryKey("the secretariat's passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSyncStore(gate.db).ApplyPull(context.Background(), &syncproto.PullResponse{RecoveryKey: public}); err != nil {
		t.Fatal(err)
	}
	findButton(gate.win.Content(), i18n.T("recovery.forgot")).OnTapped()
	gate.Wait()
	shoot(gate, "00e-sign-in-recovery")
}
