package sqlite_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// cheapKDF keeps argon2id quick in tests (TestProfileService_DefaultCost
// signs in at the real cost).
var cheapKDF = sqlite.KDF{Time: 1, Memory: 64, Threads: 1}

func errKey(err error) string {
	var e *alliance.Error
	if errors.As(err, &e) {
		if len(e.Fields) > 0 {
			return e.Fields[0].Key
		}
		return e.Key
	}
	return ""
}

func TestProfileService_CreateProfile(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	db.KDF = cheapKDF
	s := sqlite.NewProfileService(db)

	first := &alliance.Profile{Name: "  Aynur Məmmədova ", Role: alliance.RoleStaff, Kind: alliance.SecretPIN}
	for pin, key := range map[string]string{"12345": "validation.pin_digits", "12a456": "validation.pin_digits",
		"111111": "validation.pin_weak", "123456": "validation.pin_weak", "654321": "validation.pin_weak", "890123": "validation.pin_weak"} {
		if err := s.CreateProfile(ctx, first, pin); errKey(err) != key {
			t.Errorf("PIN %q: %v, want %s", pin, err, key)
		}
	}
	if err := s.CreateProfile(ctx, &alliance.Profile{Name: "X", Role: alliance.RoleStaff, Kind: alliance.SecretPassphrase}, "too short"); errKey(err) != "validation.passphrase_short" {
		t.Errorf("short passphrase: %v", err)
	}
	if err := s.CreateProfile(ctx, &alliance.Profile{Name: " ", Role: alliance.RoleStaff, Kind: alliance.SecretPIN}, "480915"); errKey(err) != "validation.required" {
		t.Errorf("no name: %v", err)
	}
	if has, _ := db.HasProfiles(ctx); has {
		t.Fatal("a refused profile was kept")
	}
	if err := s.CreateProfile(ctx, first, "480915"); err != nil {
		t.Fatal(err)
	}
	if first.Role != alliance.RoleCoordinator || first.Name != "Aynur Məmmədova" || !alliance.ValidID(first.ID) {
		t.Fatalf("the first profile: %+v (it is the laptop's coordinator)", first)
	}

	// Others are added by a coordinator signed in.
	second := &alliance.Profile{Name: "Rəşad", Role: alliance.RoleStaff, Kind: alliance.SecretPassphrase}
	if err := s.CreateProfile(ctx, second, "bir iki üç dörd beş"); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("a second profile with nobody signed in: %v", err)
	}
	if _, err := s.SignIn(ctx, first.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateProfile(ctx, second, "bir iki üç dörd beş"); err != nil {
		t.Fatal(err)
	}
	// A member organisation's laptop has no judges.
	member := &alliance.Organisation{Name: "Şəki Uşaq Mərkəzi", Kind: alliance.OrgNGO, RegionID: "shaki-zagatala"}
	if err := sqlite.NewOrganisationService(db).CreateOrganisation(ctx, member); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSettingsService(db).SetSetting(ctx, alliance.SettingOrgID, member.ID); err != nil {
		t.Fatal(err)
	}
	judge := &alliance.Profile{Name: "Münsif", Role: alliance.RoleJudge, Kind: alliance.SecretPIN}
	if err := s.CreateProfile(ctx, judge, "480915"); errKey(err) != "validation.judge_secretariat" {
		t.Fatalf("a judge on a member's laptop: %v", err)
	}
	if _, err := s.SignIn(ctx, second.ID, "bir iki üç dörd beş"); err != nil {
		t.Fatal(err)
	}
	third := &alliance.Profile{Name: "Üçüncü", Role: alliance.RoleStaff, Kind: alliance.SecretPIN}
	if err := s.CreateProfile(ctx, third, "480915"); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("a profile added by staff: %v", err)
	}
	ps, err := s.Profiles(ctx)
	if err != nil || len(ps) != 2 || ps[0].Name != "Aynur Məmmədova" || ps[1].Kind != alliance.SecretPassphrase {
		t.Fatalf("Profiles = %+v, %v", ps, err)
	}
}

// TestProfileService_SignIn: a wrong PIN is said; from the third wrong
// one in a row the next attempt waits, longer each time: ten wrong ones
// make it wait a quarter of an hour, even for the right PIN, even after
// the app is closed and opened again. The right PIN then clears them.
func TestProfileService_SignIn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := &fakeClock{t: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	db := MustOpenDBAt(t, dir, clock.Now)
	db.KDF = cheapKDF
	s := sqlite.NewProfileService(db)
	p := &alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}
	if err := s.CreateProfile(ctx, p, "480915"); err != nil {
		t.Fatal(err)
	}
	var wait time.Duration
	for i := 1; i <= 10; i++ {
		_, err := s.SignIn(ctx, p.ID, "000001")
		switch {
		case i < 3:
			if errKey(err) != "error.wrong_pin" || alliance.ErrorCode(err) != alliance.EUNAUTHORIZED {
				t.Fatalf("wrong PIN %d: %v", i, err)
			}
		default:
			var e *alliance.Error
			if !errors.As(err, &e) || e.Key != "error.signin_wait" {
				t.Fatalf("wrong PIN %d: %v", i, err)
			}
			until := e.Args["Until"].(time.Time)
			if d := until.Sub(clock.Now()); d < wait || (d == wait && d < 15*time.Minute) {
				t.Fatalf("wrong PIN %d waits %v, not longer than before (%v)", i, d, wait)
			} else {
				wait = d
			}
			// Even the right PIN waits.
			if _, err := s.SignIn(ctx, p.ID, "480915"); alliance.ErrorCode(err) != alliance.ELIMITED {
				t.Fatalf("the right PIN during the wait: %v", err)
			}
			if i < 10 {
				clock.Set(until.Add(time.Second))
			}
		}
	}
	if wait != 15*time.Minute {
		t.Fatalf("after ten wrong PINs the wait is %v", wait)
	}
	// Closed and opened again: still waiting.
	db.Close()
	db = MustOpenDBAt(t, dir, clock.Now)
	db.KDF = cheapKDF
	s = sqlite.NewProfileService(db)
	if _, err := s.SignIn(ctx, p.ID, "480915"); alliance.ErrorCode(err) != alliance.ELIMITED {
		t.Fatalf("after a restart, during the wait: %v", err)
	}
	clock.Set(clock.Now().Add(15*time.Minute + time.Second))
	got, err := s.SignIn(ctx, p.ID, "480915")
	if err != nil || got.ID != p.ID || s.Current().ID != p.ID {
		t.Fatalf("the right PIN after the wait: %v", err)
	}
	// Cleared: one wrong PIN is only wrong again.
	if _, err := s.SignIn(ctx, p.ID, "000001"); alliance.ErrorCode(err) != alliance.EUNAUTHORIZED {
		t.Fatalf("a wrong PIN after a good sign-in: %v", err)
	}
	s.SignOut()
	if s.Current() != nil {
		t.Fatal("still signed in after SignOut")
	}
	if _, err := s.SignIn(ctx, alliance.NewID(), "480915"); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("an unknown profile: %v", err)
	}
}

// TestProfileService_DefaultCost signs in at the real argon2id cost.
func TestProfileService_DefaultCost(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewProfileService(db)
	p := &alliance.Profile{Name: "Aynur", Kind: alliance.SecretPassphrase}
	if err := s.CreateProfile(ctx, p, "Şəkidə payız gəldi"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := s.SignIn(ctx, p.ID, "Şəkidə payız gəldi"); err != nil {
		t.Fatal(err)
	}
	t.Logf("a sign-in at %v took %v", sqlite.DefaultKDF, time.Since(start))
	if _, err := s.SignIn(ctx, p.ID, "şəkidə payız gəldi"); errKey(err) != "error.wrong_passphrase" {
		t.Fatalf("a passphrase in the wrong case: %v", err)
	}
}

// TestProfileService_Changes: what a person signed in saves carries them,
// in the change the laptop sends; with nobody signed in, nobody.
func TestProfileService_Changes(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	db.KDF = cheapKDF
	s := sqlite.NewProfileService(db)
	p := &alliance.Profile{Name: "Aynur Məmmədova", Kind: alliance.SecretPIN}
	if err := s.CreateProfile(ctx, p, "480915"); err != nil {
		t.Fatal(err)
	}
	acts := sqlite.NewActivityService(db)
	if err := acts.CreateActivity(ctx, newActivity()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, p.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	if err := acts.CreateActivity(ctx, newActivity()); err != nil {
		t.Fatal(err)
	}
	cs := pending(t, db)
	var by []*alliance.Person
	for _, c := range cs {
		if c.Entity == syncproto.EntityActivity {
			by = append(by, c.By)
		}
	}
	if len(by) != 2 || by[0] != nil || by[1] == nil || *by[1] != (alliance.Person{ID: p.ID, Name: "Aynur Məmmədova"}) {
		t.Fatalf("the changes carry %v", by)
	}
}

// TestProfileService_ChangeSecret: a person changes their own secret
// after the old one; a coordinator resets another's forgotten PIN;
// a coordinator disables a person, never the last coordinator.
func TestProfileService_ChangeSecret(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	db.KDF = cheapKDF
	s := sqlite.NewProfileService(db)
	coord := &alliance.Profile{Name: "Aynur", Kind: alliance.SecretPIN}
	if err := s.CreateProfile(ctx, coord, "480915"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, coord.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	staff := &alliance.Profile{Name: "Rəşad", Role: alliance.RoleStaff, Kind: alliance.SecretPIN}
	if err := s.CreateProfile(ctx, staff, "270418"); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeSecret(ctx, coord.ID, "000001", alliance.SecretPIN, "593017"); alliance.ErrorCode(err) != alliance.EUNAUTHORIZED {
		t.Fatalf("own PIN with a wrong old one: %v", err)
	}
	if err := s.ChangeSecret(ctx, coord.ID, "480915", alliance.SecretPassphrase, "yeni uzun parol"); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeSecret(ctx, staff.ID, "", alliance.SecretPIN, "861302"); err != nil { // forgotten: reset by the coordinator
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, staff.ID, "861302"); err != nil {
		t.Fatal(err)
	}
	// Staff cannot reset the coordinator's.
	if err := s.ChangeSecret(ctx, coord.ID, "", alliance.SecretPIN, "593017"); err == nil {
		t.Fatal("staff reset the coordinator's secret")
	}
	if err := s.SetDisabled(ctx, coord.ID, true); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("staff disabled the coordinator: %v", err)
	}
	if _, err := s.SignIn(ctx, coord.ID, "yeni uzun parol"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDisabled(ctx, coord.ID, true); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("the coordinator disabled themselves: %v", err)
	}
	if err := s.SetDisabled(ctx, staff.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, staff.ID, "861302"); errKey(err) != "error.profile_disabled" {
		t.Fatalf("a disabled person signing in: %v", err)
	}
}

// TestContestService_JudgeAsThemselves: on a laptop with people, a score
// is given only by the judge signed in, as themselves — not by another
// judge, not by the coordinator; a save made by a judge and stored after
// the app locked is still theirs.
func TestContestService_JudgeAsThemselves(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	db.KDF = cheapKDF
	cs := sqlite.NewContestService(db)
	c, es := contestWithEntries(t, cs, "Aysel Məmmədova")
	idea := c.Criteria[0].ID
	ps := sqlite.NewProfileService(db)
	coord := &alliance.Profile{Name: "Katib", Kind: alliance.SecretPIN}
	if err := ps.CreateProfile(ctx, coord, "480915"); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.SignIn(ctx, coord.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	var judges []*alliance.Profile
	for _, m := range c.Jury {
		j := &alliance.Profile{ID: m.ID, Name: m.Name, Role: alliance.RoleJudge, Kind: alliance.SecretPIN}
		if err := ps.CreateProfile(ctx, j, "270418"); err != nil {
			t.Fatal(err)
		}
		if j.ID != m.ID {
			t.Fatalf("the judge's profile is not the jury member: %s, %s", j.ID, m.ID)
		}
		judges = append(judges, j)
	}
	again := &alliance.Profile{ID: c.Jury[0].ID, Name: "Twice", Role: alliance.RoleJudge, Kind: alliance.SecretPIN}
	if err := ps.CreateProfile(ctx, again, "270418"); errKey(err) != "validation.juror_has_profile" {
		t.Fatalf("a second profile for one jury member: %v", err)
	}
	score := func(juror string) *alliance.Score {
		return &alliance.Score{EntryID: es[0].ID, JurorID: juror, Marks: map[string]int{idea: 7}}
	}
	if err := cs.SaveScore(ctx, score(judges[0].ID)); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("the coordinator gave a judge's marks: %v", err)
	}
	if _, err := ps.SignIn(ctx, judges[0].ID, "270418"); err != nil {
		t.Fatal(err)
	}
	if err := cs.SaveScore(ctx, score(judges[1].ID)); errKey(err) != "error.judge_as_other" {
		t.Fatalf("a judge gave another judge's marks: %v", err)
	}
	if err := cs.SaveScore(ctx, score(judges[0].ID)); err != nil {
		t.Fatal(err)
	}
	// Stored after the lock, as the judge who gave it.
	acting := ps.Current()
	ps.SignOut()
	if err := cs.SaveScore(alliance.WithPerson(ctx, acting), score(judges[0].ID)); err != nil {
		t.Fatalf("a save in flight when the app locked: %v", err)
	}
	if err := cs.SaveScore(ctx, score(judges[0].ID)); alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		t.Fatalf("a score with nobody signed in: %v", err)
	}
	var by *alliance.Person
	for _, ch := range pending(t, db) {
		if ch.Entity == syncproto.EntityScore {
			by = ch.By
		}
	}
	if by == nil || by.ID != judges[0].ID {
		t.Fatalf("the score's change carries %v", by)
	}
}
