package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// reportData is a fixed data set whose figures are counted by hand below:
// activities of two organisations, one deleted, one edited after it came
// from the server, one outside the period; a training with a roster.
func reportData(t *testing.T, db *sqlite.DB) (orgA, orgB string) {
	t.Helper()
	ctx := context.Background()
	orgA, orgB = alliance.NewID(), alliance.NewID()
	acts := sqlite.NewActivityService(db)
	act := func(org string, kind alliance.ActivityKind, start, end alliance.Date, region string, areas []alliance.Area, r alliance.Reached) *alliance.Activity {
		a := &alliance.Activity{OrgID: org, Kind: kind, Title: "Uşaq hüquqları — " + string(kind), Start: start, End: end, RegionID: region,
			Areas: areas, Reached: r, RecordedBy: "Aynur"}
		if err := acts.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	d := alliance.NewDate
	act(orgA, alliance.KindTraining, d(2025, 1, 10), d(2025, 1, 12), "baku", []alliance.Area{alliance.AreaProtection, alliance.AreaEducation},
		alliance.Reached{Girls: 10, Boys: 5, Women: 2, Men: 1, Disabled: 3})
	act(orgA, alliance.KindMeeting, d(2025, 3, 1), d(2025, 3, 1), "shaki-zagatala", []alliance.Area{alliance.AreaEducation},
		alliance.Reached{Women: 20, Men: 4})
	act(orgB, alliance.KindTraining, d(2024, 12, 30), d(2025, 1, 2), "baku", []alliance.Area{alliance.AreaHealth},
		alliance.Reached{Girls: 1, Boys: 1}) // began before the period: counts in January
	gone := act(orgB, alliance.KindCampaign, d(2025, 5, 5), d(2025, 5, 5), "karabakh", []alliance.Area{alliance.AreaViolence},
		alliance.Reached{Girls: 500})
	if err := acts.DeleteActivity(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	act(orgA, alliance.KindTraining, d(2026, 2, 1), d(2026, 2, 1), "baku", []alliance.Area{alliance.AreaHealth},
		alliance.Reached{Girls: 99}) // outside the period

	// A record from the server, edited here afterwards: its figures now.
	pulled := &alliance.Activity{ID: alliance.NewID(), OrgID: orgB, Kind: alliance.KindConference, Title: "Konfrans", Start: d(2025, 6, 1),
		End: d(2025, 6, 2), RegionID: "karabakh", Areas: []alliance.Area{alliance.AreaViolence, alliance.AreaParticipation},
		Reached: alliance.Reached{Girls: 100, Boys: 100}, RecordedBy: "Server"}
	h := syncproto.HLC{Wall: time.Now().Add(-time.Hour).UnixMilli(), Node: "server"}
	if err := sqlite.NewSyncStore(db).ApplyPull(ctx, &syncproto.PullResponse{Cursor: 1, Records: []syncproto.Record{{Seq: 1,
		Entity: syncproto.EntityActivity, ID: pulled.ID, Org: orgB, Fields: syncproto.ActivityFields(pulled),
		Stamps: syncproto.Stamps{syncproto.BaseStamp: h.String()}}}}); err != nil {
		t.Fatal(err)
	}
	edited, err := acts.FindActivityByID(ctx, pulled.ID)
	if err != nil {
		t.Fatal(err)
	}
	edited.Reached = alliance.Reached{Girls: 7, Boys: 8, Disabled: 1}
	if err := acts.UpdateActivity(ctx, edited); err != nil {
		t.Fatal(err)
	}

	ts := sqlite.NewTrainingService(db)
	tr := &alliance.Training{OrgID: orgA, Title: "Uşaq hüquqları üzrə təlim", Area: alliance.AreaEducation, Audience: alliance.AudTeachers,
		RegionID: "baku", Sessions: []alliance.Session{{Date: d(2025, 4, 1), Hours: 4}, {Date: d(2025, 4, 2), Hours: 4}}}
	if err := ts.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	ps := []*alliance.Participant{
		{TrainingID: tr.ID, FullName: "Gülnarə İsmayılova", Gender: alliance.Female, Role: alliance.RoleTeacher},
		{TrainingID: tr.ID, FullName: "Ilqar Çələbi", Gender: alliance.Male, Role: alliance.RoleTeacher},
		{TrainingID: tr.ID, FullName: "Şəhla Əliyeva", Gender: alliance.Female, Role: alliance.RoleTeacher},
	}
	if err := ts.CreateParticipants(ctx, ps); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps[:2] {
		for _, s := range tr.Sessions {
			if err := ts.SetAttendance(ctx, p.ID, s.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := ts.SetAttendance(ctx, ps[2].ID, tr.Sessions[0].ID, true); err != nil { // half: not completed
		t.Fatal(err)
	}
	old := &alliance.Training{OrgID: orgB, Title: "Köhnə təlim", Area: alliance.AreaHealth, Audience: alliance.AudParents,
		RegionID: "karabakh", Sessions: []alliance.Session{{Date: d(2024, 4, 1), Hours: 2}}}
	if err := ts.CreateTraining(ctx, old); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.NewCertificateService(db).Issue(ctx, tr.ID, nil, ""); err != nil {
		t.Fatal(err)
	}
	return orgA, orgB
}

func TestReportService_Summary(t *testing.T) {
	db := MustOpenDB(t)
	orgA, _ := reportData(t, db)
	rs := sqlite.NewReportService(db)
	ctx := context.Background()
	year := alliance.ReportFilter{From: alliance.NewDate(2025, 1, 1), To: alliance.NewDate(2025, 12, 31)}
	s, err := rs.Summary(ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: 4 live activities in 2025 (the deleted one and the 2026 one
	// left out); reached girls 10+1+7, boys 5+1+8, women 2+20, men 1+4,
	// disabled 3+1.
	if s.Activities != 4 {
		t.Errorf("activities %d, want 4", s.Activities)
	}
	if want := (alliance.Reached{Girls: 18, Boys: 14, Women: 22, Men: 5, Disabled: 4}); s.Reached != want {
		t.Errorf("reached %+v, want %+v", s.Reached, want)
	}
	if s.Children() != 32 || s.RegionsCovered != 3 {
		t.Errorf("children %d (want 32), regions %d (want 3)", s.Children(), s.RegionsCovered)
	}
	check := func(what string, got []alliance.Count, want ...alliance.Count) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %v, want %v", what, got, want)
			return
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: %v, want %v", what, got, want)
				return
			}
		}
	}
	c := func(k string, v int) alliance.Count { return alliance.Count{Key: k, Value: v} }
	check("by kind", s.ActivitiesByKind, c(string(alliance.KindTraining), 2), c(string(alliance.KindMeeting), 1), c(string(alliance.KindConference), 1))
	check("by region", s.ByRegion, c("baku", 2), c("karabakh", 1), c("shaki-zagatala", 1))
	check("by area", s.ByArea, c(string(alliance.AreaProtection), 1), c(string(alliance.AreaEducation), 2), c(string(alliance.AreaHealth), 1),
		c(string(alliance.AreaViolence), 1), c(string(alliance.AreaParticipation), 1))
	if len(s.ActivitiesByMonth) != 12 || s.ActivitiesByMonth[0] != c("2025-01", 2) || s.ActivitiesByMonth[2] != c("2025-03", 1) ||
		s.ActivitiesByMonth[5] != c("2025-06", 1) || s.ActivitiesByMonth[4] != c("2025-05", 0) {
		t.Errorf("by month %v", s.ActivitiesByMonth)
	}
	// The April training: 3 participants, 2 completed (a woman, a man), 8 h.
	if s.Trainings != 1 || s.TrainingHours != 8 || s.Participants != 3 || s.Completed != 2 || s.CompletedFemale != 1 || s.CompletedMale != 1 {
		t.Errorf("trainings %+v", s)
	}
	// Its certificates were issued today, outside 2025.
	if s.CertificatesIssued != 0 {
		t.Errorf("certificates issued in 2025: %d", s.CertificatesIssued)
	}
	all, _ := rs.Summary(ctx, alliance.ReportFilter{})
	if all.CertificatesIssued != 2 || all.Trainings != 2 || all.Activities != 5 {
		t.Errorf("all time: %d certificates (want 2), %d trainings (want 2), %d activities (want 5)", all.CertificatesIssued, all.Trainings, all.Activities)
	}
	// One organisation, one region.
	mine, _ := rs.Summary(ctx, alliance.ReportFilter{From: year.From, To: year.To, OrgID: orgA})
	if mine.Activities != 2 || mine.Reached.Women != 22 || mine.Trainings != 1 {
		t.Errorf("organisation A: %+v", mine)
	}
	baku, _ := rs.Summary(ctx, alliance.ReportFilter{From: year.From, To: year.To, RegionID: "baku"})
	if baku.Activities != 2 || baku.Children() != 17 || baku.RegionsCovered != 1 {
		t.Errorf("Baku: %+v", baku)
	}
	n := 0
	if err := rs.EachActivity(ctx, year, func(a *alliance.Activity) error { n++; return nil }); err != nil || n != 4 {
		t.Errorf("EachActivity: %d, %v", n, err)
	}
}
