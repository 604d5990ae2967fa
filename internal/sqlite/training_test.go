package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

func newTraining() *alliance.Training {
	return &alliance.Training{
		Title: "Uşaq hüquqları üzrə təlim", Area: alliance.AreaEducation, Audience: alliance.AudTeachers,
		RegionID: "shaki-zagatala", Settlement: "Şəki", Place: "Gənclər evi", Trainers: "Aynur Məmmədova",
		Sessions: []alliance.Session{
			{Date: alliance.NewDate(2025, 3, 4), Hours: 4},
			{Date: alliance.NewDate(2025, 3, 3), Start: "10:00", Hours: 4},
			{Date: alliance.NewDate(2025, 3, 5), Hours: 2},
		},
	}
}

// withRoster saves a training and people on it; attended[i] lists the
// session indexes person i attended.
func withRoster(t *testing.T, db *sqlite.DB, names []string, attended [][]int) (*alliance.Training, []alliance.Participant) {
	t.Helper()
	ctx := context.Background()
	ts := sqlite.NewTrainingService(db)
	tr := newTraining()
	if err := ts.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	var ps []*alliance.Participant
	for _, n := range names {
		ps = append(ps, &alliance.Participant{TrainingID: tr.ID, FullName: n, Gender: alliance.Female, Role: alliance.RoleTeacher})
	}
	if err := ts.CreateParticipants(ctx, ps); err != nil {
		t.Fatal(err)
	}
	for i, sessions := range attended {
		for _, s := range sessions {
			if err := ts.SetAttendance(ctx, ps[i].ID, tr.Sessions[s].ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	roster, err := ts.FindParticipants(ctx, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	return tr, roster
}

func TestTrainingService(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ts := sqlite.NewTrainingService(db)
	tr := newTraining()
	if err := ts.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	got, err := ts.FindTrainingByID(ctx, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.MinAttendance != 80 || len(got.Sessions) != 3 || got.Sessions[0].Date != alliance.NewDate(2025, 3, 3) ||
		got.Sessions[0].ID == "" || got.TotalHours() != 10 || got.Title != tr.Title {
		t.Fatalf("read back %+v", got)
	}
	cs := pending(t, db)
	if len(cs) != 1 || cs[0].Entity != syncproto.EntityTraining || cs[0].Op != syncproto.OpCreate {
		t.Fatalf("outbox %+v", cs)
	}

	bad := newTraining()
	bad.Sessions = nil
	if err := ts.CreateTraining(ctx, bad); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("no sessions: %v", err)
	}

	got.Title = "Yeni ad"
	if err := ts.UpdateTraining(ctx, got); err != nil {
		t.Fatal(err)
	}
	cs = pending(t, db)
	if c := cs[len(cs)-1]; c.Op != syncproto.OpUpdate || len(c.Fields) != 1 || c.Fields["title"] == nil || c.Base["title"] == "" {
		t.Fatalf("update entry %+v", c)
	}

	// Roster and attendance.
	_, roster := withRoster(t, db, []string{"Zəhra", "Aysel", "Çinarə"}, [][]int{{0, 1}, {2}, {}})
	if len(roster) != 3 || roster[0].FullName != "Aysel" || roster[1].FullName != "Çinarə" || roster[2].FullName != "Zəhra" {
		t.Fatalf("roster order %v", roster)
	}
	z := roster[2]
	if len(z.Attended) != 2 {
		t.Fatalf("attended %v", z.Attended)
	}
	if err := ts.SetAttendance(ctx, z.ID, z.Attended[0], false); err != nil {
		t.Fatal(err)
	}
	after, _ := ts.FindParticipants(ctx, z.TrainingID)
	if len(after[2].Attended) != 1 || after[2].Attended[0] != z.Attended[1] {
		t.Fatalf("after unmarking %v", after[2].Attended)
	}
	if err := ts.DeleteParticipant(ctx, z.ID); err != nil {
		t.Fatal(err)
	}
	if left, _ := ts.FindParticipants(ctx, z.TrainingID); len(left) != 2 {
		t.Fatalf("%d after delete", len(left))
	}
	if err := ts.CreateParticipants(ctx, []*alliance.Participant{
		{TrainingID: z.TrainingID, FullName: "Ok", Gender: alliance.Male, Role: alliance.RoleNGO},
		{TrainingID: z.TrainingID, FullName: "", Gender: alliance.Male, Role: alliance.RoleNGO},
	}); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a roster with a bad row: %v", err)
	}
	if left, _ := ts.FindParticipants(ctx, z.TrainingID); len(left) != 2 {
		t.Fatal("a roster with a bad row saved part of itself")
	}
}

func TestCertificateService_Issue(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	cs := sqlite.NewCertificateService(db)
	// Şəhla: all; Gülnarə: 8 of 10 hours; Ilqar: 6 of 10 — not completed.
	tr, roster := withRoster(t, db, []string{"Şəhla Əliyeva", "Gülnarə İsmayılova", "Ilqar Çələbi"}, [][]int{{0, 1, 2}, {0, 1}, {0, 2}})
	// Issued by the person signed in (a call that carries who acts).
	issuer := &alliance.Profile{ID: alliance.NewID(), Name: "Aynur Məmmədova"}
	certs, err := cs.Issue(alliance.WithPerson(ctx, issuer), tr.ID, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(certs) != 2 {
		t.Fatalf("%d certificates, want the 2 who completed", len(certs))
	}
	holders := map[string]bool{}
	for _, c := range certs {
		holders[c.HolderName] = true
		if c.Hours != 10 || c.Languages != "az+en" || c.Code == "" || c.TrainingTitle != tr.Title || c.Place != "Gənclər evi, Şəki" {
			t.Errorf("certificate %+v", c)
		}
		if c.IssuedBy == nil || *c.IssuedBy != issuer.Person() {
			t.Errorf("certificate issued by %v", c.IssuedBy)
		}
	}
	if holders["Ilqar Çələbi"] {
		t.Fatal("a participant who did not complete got a certificate")
	}
	// Asking again keeps the serials (a reprint).
	again, err := cs.Issue(ctx, tr.ID, nil, "")
	if err != nil || len(again) != 2 || again[0].Serial != certs[0].Serial || again[1].Serial != certs[1].Serial {
		t.Fatalf("reprint: %v %v", again, err)
	}
	// One who did not complete, asked by name: a clear refusal.
	var ilqar string
	for _, p := range roster {
		if p.FullName == "Ilqar Çələbi" {
			ilqar = p.ID
		}
	}
	if _, err := cs.Issue(ctx, tr.ID, []string{ilqar}, ""); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("issuing to one who did not complete: %v", err)
	}
	// Revoked, then issued again: a new serial.
	if err := cs.Revoke(ctx, certs[0].ID, "yanlış ad"); err != nil {
		t.Fatal(err)
	}
	got, err := cs.FindCertificateBySerial(ctx, certs[0].Serial)
	if err != nil || !got.Revoked || got.RevokeReason != "yanlış ad" || got.RevokedAt.IsZero() {
		t.Fatalf("revoked: %+v %v", got, err)
	}
	renewed, err := cs.Issue(ctx, tr.ID, []string{certs[0].ParticipantID}, "az+ru")
	if err != nil || len(renewed) != 1 || renewed[0].Serial == certs[0].Serial || renewed[0].Languages != "az+ru" {
		t.Fatalf("after revoking: %+v %v", renewed, err)
	}
	all, _ := cs.FindCertificates(ctx, tr.ID)
	if len(all) != 3 {
		t.Fatalf("%d certificates kept", len(all))
	}
}

// TestCertificateService_SerialsNeverCollide: laptops issue certificates
// independently, in any order and number; no two serials are alike.
func TestCertificateService_SerialsNeverCollide(t *testing.T) {
	ctx := context.Background()
	dbs := []*sqlite.DB{MustOpenDB(t), MustOpenDB(t), MustOpenDB(t)}
	org := alliance.NewID()
	type laptop struct {
		ts *sqlite.TrainingService
		cs *sqlite.CertificateService
	}
	var ls []laptop
	for _, db := range dbs {
		if err := sqlite.NewSettingsService(db).SetSetting(ctx, alliance.SettingOrgID, org); err != nil {
			t.Fatal(err)
		}
		ls = append(ls, laptop{sqlite.NewTrainingService(db), sqlite.NewCertificateService(db)})
	}
	seen := map[string]string{}
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		i := rapid.IntRange(0, len(ls)-1).Draw(rt, "laptop")
		people := rapid.IntRange(1, 8).Draw(rt, "people")
		l := ls[i]
		tr := newTraining()
		if err := l.ts.CreateTraining(ctx, tr); err != nil {
			rt.Fatal(err)
		}
		var ps []*alliance.Participant
		for k := 0; k < people; k++ {
			ps = append(ps, &alliance.Participant{TrainingID: tr.ID, FullName: fmt.Sprintf("P%d", k), Gender: alliance.Male,
				Role: alliance.RoleNGO, Attended: []string{tr.Sessions[0].ID, tr.Sessions[1].ID, tr.Sessions[2].ID}})
		}
		if err := l.ts.CreateParticipants(ctx, ps); err != nil {
			rt.Fatal(err)
		}
		certs, err := l.cs.Issue(ctx, tr.ID, nil, "")
		if err != nil || len(certs) != people {
			rt.Fatalf("issued %d of %d: %v", len(certs), people, err)
		}
		for _, c := range certs {
			if other, dup := seen[c.Serial]; dup {
				rt.Fatalf("serial %s made twice (laptop %d and %s)", c.Serial, i, other)
			}
			seen[c.Serial] = fmt.Sprint(i)
			n++
		}
	})
	if n < 100 {
		t.Fatalf("only %d serials made", n)
	}
}
