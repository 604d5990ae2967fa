package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// sealedFolder makes a data folder whose data is sealed, with a training
// and one child on its roster, a coordinator Aynur (PIN 480915), and the
// secretariat's recovery key; it returns the folder, Aynur and the
// recovery key's private part.
func sealedFolder(t *testing.T) (string, alliance.Profile, []byte) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.KDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}
	ts := sqlite.NewTrainingService(db)
	tr := &alliance.Training{Title: "Uşaq hüquqları", Area: alliance.AreaEducation, Audience: alliance.AudChildren,
		RegionID: "baku", Sessions: []alliance.Session{{Date: alliance.NewDate(2026, 3, 4), Hours: 2}}}
	if err := ts.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if err := ts.CreateParticipants(ctx, []*alliance.Participant{{TrainingID: tr.ID, FullName: "Zəhra Quliyeva",
		Gender: alliance.Female, BirthYear: 2014, Role: alliance.RoleChild}}); err != nil {
		t.Fatal(err)
	}
	aynur := alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}
	if err := sqlite.NewProfileService(db).CreateProfile(ctx, &aynur, "480915"); err != nil {
		t.Fatal(err)
	}
	private, public, err := vault.NewRecoveryKey("the secretariat's passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSyncStore(db).ApplyPull(ctx, &syncproto.PullResponse{RecoveryKey: public}); err != nil {
		t.Fatal(err)
	}
	return dir, aynur, private
}

// TestSignIn_SealedData: started on a sealed laptop, the app opens on the
// sign-in screen without reading a child's data; signed in, the roster
// shows the child.
func TestSignIn_SealedData(t *testing.T) {
	dir, _, _ := sealedFolder(t)
	u := openSignInUI(t, dir, nil)
	if u.db.Unlocked() {
		t.Fatal("the data is open before anyone signed in")
	}
	s := signInOf(t, u)
	s.secret.SetText("480915")
	s.submit()
	u.Wait()
	if u.Locked() || !u.db.Unlocked() {
		t.Fatal("the PIN did not open the data")
	}
	trs, _ := u.svc.Trainings.FindTrainings(context.Background())
	ps, err := u.svc.Trainings.FindParticipants(context.Background(), trs[0].ID)
	if err != nil || len(ps) != 1 || ps[0].FullName != "Zəhra Quliyeva" {
		t.Fatalf("roster after signing in: %+v, %v", ps, err)
	}
}

// TestRecoveryDialog: every PIN forgotten, the sign-in screen shows the
// laptop's recovery request; the code the secretariat sends back, with a
// new PIN typed twice, opens the data and signs in.
func TestRecoveryDialog(t *testing.T) {
	dir, _, private := sealedFolder(t)
	u := openSignInUI(t, dir, nil)
	s := signInOf(t, u)
	findButton(u.win.Content(), i18n.T("recovery.forgot")).OnTapped()
	u.Wait()
	d := dialogOf(t, u.win)
	var request string
	walk(d, func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok && strings.Contains(e.Text, "Alliance recovery request") {
			request = e.Text
		}
		return false
	})
	if request == "" {
		t.Fatal("the dialog shows no recovery request")
	}
	_, code, err := vault.OpenRecovery(request, private, "the secretariat's passphrase")
	if err != nil {
		t.Fatal(err)
	}
	var entries []*widget.Entry
	walk(d, func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok && !e.MultiLine {
			entries = append(entries, e)
		}
		return false
	})
	if len(entries) != 3 { // the code, the new PIN, again
		t.Fatalf("%d entries in the dialog", len(entries))
	}
	entries[0].SetText("WRONG-CODE")
	entries[1].SetText("260417")
	entries[2].SetText("260417")
	tapDialogButton(t, u.win, i18n.T("recovery.open"))
	u.Wait()
	if !u.Locked() || findLabel(d, i18n.T("error.recovery_code")) == nil {
		t.Fatal("a wrong code was not said")
	}
	entries[0].SetText(strings.ToLower(code))
	tapDialogButton(t, u.win, i18n.T("recovery.open"))
	u.Wait()
	if u.Locked() || u.signedIn == nil || u.signedIn.Name != "Aynur" {
		t.Fatal("the recovery code did not sign Aynur in")
	}
	if s.u != u.UI {
		t.Fatal("another UI")
	}
}
