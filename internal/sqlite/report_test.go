package sqlite_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// reportData is a fixed data set whose figures are counted by hand below:
// activities of two organisations, one deleted, one edited after it came
// from the server, one outside the period, one begun before it; a training
// with a roster, its certificates (one revoked and issued again).
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
	certs, err := sqlite.NewCertificateService(db).Issue(ctx, tr.ID, nil, "")
	if err != nil || len(certs) != 2 {
		t.Fatalf("%d certificates: %v", len(certs), err)
	}
	// One revoked, then issued again: it counts once.
	if err := sqlite.NewCertificateService(db).Revoke(ctx, certs[0].ID, "yazı səhvi"); err != nil {
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

// TestReportService_SummaryEveryCode checks the packed report columns of
// migration 005 against the Go lists: every kind in every region, every
// area, the largest counts, months across years, and an activity changed
// in place (the index follows the row).
func TestReportService_SummaryEveryCode(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	acts := sqlite.NewActivityService(db)
	var batch []*alliance.Activity
	for i, kind := range alliance.ActivityKinds {
		for j, region := range alliance.RegionIDs {
			batch = append(batch, &alliance.Activity{
				Kind: kind, Title: "Hesabat", RegionID: region, RecordedBy: "Leyla",
				Start: alliance.NewDate(2019+j%7, time.Month(1+i%12), 28), End: alliance.NewDate(2026, 1, 1),
				Areas:   []alliance.Area{alliance.Areas[(i+j)%len(alliance.Areas)]},
				Reached: alliance.Reached{Girls: 1, Boys: 2, Women: 3, Men: 4, Disabled: 5},
			})
		}
	}
	big := batch[0]
	big.Reached = alliance.Reached{Girls: alliance.MaxCount, Boys: alliance.MaxCount, Women: alliance.MaxCount, Men: alliance.MaxCount, Disabled: alliance.MaxCount}
	big.Areas = alliance.Areas
	if err := acts.CreateActivities(ctx, batch); err != nil {
		t.Fatal(err)
	}
	sum, err := sqlite.NewReportService(db).Summary(ctx, alliance.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n, regions := len(alliance.ActivityKinds), len(alliance.RegionIDs)
	if sum.Activities != n*regions || sum.RegionsCovered != regions {
		t.Fatalf("%d activities in %d regions", sum.Activities, sum.RegionsCovered)
	}
	for i, c := range sum.ActivitiesByKind {
		if c.Key != string(alliance.ActivityKinds[i]) || c.Value != regions {
			t.Fatalf("by kind %v", sum.ActivitiesByKind)
		}
	}
	for i, c := range sum.ByRegion {
		if c.Key != alliance.RegionIDs[i] || c.Value != n {
			t.Fatalf("by region %v", sum.ByRegion)
		}
	}
	areas := 0
	for _, c := range sum.ByArea {
		areas += c.Value
	}
	if len(sum.ByArea) != len(alliance.Areas) || areas != n*regions+len(alliance.Areas)-1 {
		t.Fatalf("by area %v", sum.ByArea)
	}
	rest := n*regions - 1
	m := alliance.MaxCount
	if want := (alliance.Reached{Girls: m + rest, Boys: m + 2*rest, Women: m + 3*rest, Men: m + 4*rest, Disabled: m + 5*rest}); sum.Reached != want {
		t.Fatalf("reached %+v, want %+v", sum.Reached, want)
	}
	months := sum.ActivitiesByMonth
	if months[0].Key != "2019-01" || months[len(months)-1].Key != "2025-12" || len(months) != 7*12 {
		t.Fatalf("months from %v to %v (%d)", months[0], months[len(months)-1], len(months))
	}
	if months[0].Value == 0 {
		t.Fatalf("January 2019: %v", months[0])
	}

	// Moved to another kind and region: counted there, not where it was.
	big.Kind, big.RegionID = alliance.KindOther, "nakhchivan"
	if err := acts.UpdateActivity(ctx, big); err != nil {
		t.Fatal(err)
	}
	sum, _ = sqlite.NewReportService(db).Summary(ctx, alliance.ReportFilter{})
	if sum.ActivitiesByKind[0].Value != regions-1 || sum.ActivitiesByKind[n-1].Value != regions+1 {
		t.Fatalf("after the edit, by kind %v", sum.ActivitiesByKind)
	}
	if sum.ByRegion[0].Value != n-1 || sum.ByRegion[slices.Index(alliance.RegionIDs, "nakhchivan")].Value != n+1 {
		t.Fatalf("after the edit, by region %v", sum.ByRegion)
	}
}

// TestReportService_SummaryDeletedTraining: a deleted training takes its
// participants and certificates out of the figures.
func TestReportService_SummaryDeletedTraining(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	ts := sqlite.NewTrainingService(db)
	tr := &alliance.Training{Title: "Silinəcək təlim", Area: alliance.AreaEducation, Audience: alliance.AudTeachers,
		RegionID: "baku", Sessions: []alliance.Session{{Date: alliance.NewDate(2025, 4, 1), Hours: 4}}}
	if err := ts.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	p := &alliance.Participant{TrainingID: tr.ID, FullName: "Səbinə Quliyeva", Gender: alliance.Female, Role: alliance.RoleTeacher}
	if err := ts.CreateParticipants(ctx, []*alliance.Participant{p}); err != nil {
		t.Fatal(err)
	}
	if err := ts.SetAttendance(ctx, p.ID, tr.Sessions[0].ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.NewCertificateService(db).Issue(ctx, tr.ID, nil, ""); err != nil {
		t.Fatal(err)
	}
	rs := sqlite.NewReportService(db)
	before, _ := rs.Summary(ctx, alliance.ReportFilter{})
	if before.Trainings != 1 || before.Completed != 1 || before.CertificatesIssued != 1 {
		t.Fatalf("before: %+v", before)
	}
	if err := ts.DeleteTraining(ctx, tr.ID); err != nil {
		t.Fatal(err)
	}
	after, _ := rs.Summary(ctx, alliance.ReportFilter{})
	if after.Trainings != 0 || after.Participants != 0 || after.CertificatesIssued != 0 {
		t.Fatalf("after the delete: %d trainings, %d participants, %d certificates", after.Trainings, after.Participants, after.CertificatesIssued)
	}
}

// TestReportService_SummaryClusters: activities count under every cluster
// of their articles, once a cluster, from the index's bits — each article
// of the Convention alone, then one activity with them all; an edit that
// takes the articles away takes the activity out; untagged ones are not
// counted as tagged.
func TestReportService_SummaryClusters(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	acts := sqlite.NewActivityService(db)
	var batch []*alliance.Activity
	for _, code := range alliance.Articles {
		a := &alliance.Activity{Kind: alliance.KindMeeting, Title: "Maddə " + string(code), RegionID: "baku", RecordedBy: "Leyla",
			Start: alliance.NewDate(2025, 3, 1), End: alliance.NewDate(2025, 3, 1), Areas: []alliance.Area{alliance.AreaHealth},
			CRC: []alliance.Article{code}}
		batch = append(batch, a)
	}
	all := &alliance.Activity{Kind: alliance.KindMeeting, Title: "Hamısı", RegionID: "baku", RecordedBy: "Leyla",
		Start: alliance.NewDate(2025, 3, 1), End: alliance.NewDate(2025, 3, 1), Areas: []alliance.Area{alliance.AreaHealth},
		CRC: slices.Clone(alliance.Articles)}
	none := &alliance.Activity{Kind: alliance.KindMeeting, Title: "Heç biri", RegionID: "baku", RecordedBy: "Leyla",
		Start: alliance.NewDate(2025, 3, 1), End: alliance.NewDate(2025, 3, 1), Areas: []alliance.Area{alliance.AreaHealth}}
	batch = append(batch, all, none)
	if err := acts.CreateActivities(ctx, batch); err != nil {
		t.Fatal(err)
	}
	check := func(extra int) {
		t.Helper()
		sum, err := sqlite.NewReportService(db).Summary(ctx, alliance.ReportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Tagged != len(alliance.Articles)+extra || sum.Activities != len(alliance.Articles)+2 {
			t.Fatalf("%d tagged of %d", sum.Tagged, sum.Activities)
		}
		if len(sum.ByCluster) != len(alliance.Clusters) {
			t.Fatalf("by cluster %v", sum.ByCluster)
		}
		for i, c := range alliance.Clusters {
			if want := len(alliance.ClusterArticles(c)) + extra; sum.ByCluster[i] != (alliance.Count{Key: string(c), Value: want}) {
				t.Errorf("cluster %s: %v, want %d", c, sum.ByCluster[i], want)
			}
		}
	}
	check(1)
	all.CRC = nil
	if err := acts.UpdateActivity(ctx, all); err != nil {
		t.Fatal(err)
	}
	check(0)
}
