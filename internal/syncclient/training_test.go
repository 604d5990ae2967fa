package syncclient_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// TestSync_Certificates: a trainer records a training offline, marks
// attendance and issues certificates; after sync the secretariat has them
// and the server's check page, opened from the QR code, says valid; a
// revoke made later travels and the page says so.
func TestSync_Certificates(t *testing.T) {
	srv := startServer(t)
	orgS := srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	trainer, sec, other := newLaptop(t, "trainer"), newLaptop(t, "sec"), newLaptop(t, "other")
	trainer.enroll(srv, orgA)
	sec.enroll(srv, orgS)
	other.enroll(srv, srv.org("Quba QHT", "guba-khachmaz", false))
	trainer.sync() // the organisations arrive

	ctx := context.Background()
	ts, cs := sqlite.NewTrainingService(trainer.db), sqlite.NewCertificateService(trainer.db)
	tr := &alliance.Training{Title: "Uşaq hüquqları", Area: alliance.AreaEducation, Audience: alliance.AudTeachers, RegionID: "shaki-zagatala",
		Sessions: []alliance.Session{{Date: alliance.NewDate(2025, 3, 3), Hours: 6}}}
	if err := ts.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	p := &alliance.Participant{TrainingID: tr.ID, FullName: "Gülnarə İsmayılova", Gender: alliance.Female, Role: alliance.RoleTeacher}
	if err := ts.CreateParticipants(ctx, []*alliance.Participant{p}); err != nil {
		t.Fatal(err)
	}
	if err := ts.SetAttendance(ctx, p.ID, tr.Sessions[0].ID, true); err != nil {
		t.Fatal(err)
	}
	certs, err := cs.Issue(ctx, tr.ID, nil, "")
	if err != nil || len(certs) != 1 {
		t.Fatalf("issue: %v %v", certs, err)
	}
	c := certs[0]
	if c.OrgName != "Şəki Uşaq Mərkəzi" {
		t.Fatalf("org name on the certificate %q", c.OrgName)
	}
	trainer.sync()
	sec.sync()
	other.sync()

	got, err := sqlite.NewCertificateService(sec.db).FindCertificateBySerial(ctx, c.Serial)
	if err != nil || got.HolderName != "Gülnarə İsmayılova" {
		t.Fatalf("the secretariat does not have the certificate: %v %v", got, err)
	}
	if roster, _ := sqlite.NewTrainingService(sec.db).FindParticipants(ctx, tr.ID); len(roster) != 1 || len(roster[0].Attended) != 1 {
		t.Fatalf("the secretariat's roster %+v", roster)
	}
	if ts, _ := sqlite.NewTrainingService(other.db).FindTrainings(ctx); len(ts) != 0 {
		t.Fatal("another organisation's laptop sees the training")
	}

	page := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	url := syncproto.VerifyURL(srv.url, c.Serial, c.Code)
	status, body := page(url)
	if status != 200 || !strings.Contains(body, "Bu sertifikat etibarlıdır.") || !strings.Contains(body, "Gülnarə İsmayılova") {
		t.Fatalf("check page %d:\n%s", status, body)
	}
	if status, body := page(url + "&lang=en"); status != 200 || !strings.Contains(body, "This certificate is valid.") {
		t.Fatalf("English check page %d", status)
	}
	for _, bad := range []string{syncproto.VerifyURL(srv.url, c.Serial, "WRONGCOD"), syncproto.VerifyURL(srv.url, "NOPE-1", c.Code)} {
		status, body := page(bad)
		if status != 404 || strings.Contains(body, "Gülnarə") || !strings.Contains(body, "tapılmadı") {
			t.Fatalf("%s: %d, revealing %v", bad, status, strings.Contains(body, "Gülnarə"))
		}
	}

	if err := cs.Revoke(ctx, c.ID, "səhv"); err != nil {
		t.Fatal(err)
	}
	trainer.sync()
	if _, body := page(url + "&lang=ru"); !strings.Contains(body, "Этот сертификат отозван") {
		t.Fatalf("revoked check page:\n%s", body)
	}
}

// TestSync_TrainingBeforeEnrolment: a training and its roster recorded on a
// laptop not yet connected take the laptop's organisation at enrolment and
// reach the secretariat (they are not refused as another organisation's).
func TestSync_TrainingBeforeEnrolment(t *testing.T) {
	srv := startServer(t)
	orgS := srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Mərkəzi", "shaki-zagatala", false)
	early, sec := newLaptop(t, "early"), newLaptop(t, "sec")
	ctx := context.Background()
	ts := sqlite.NewTrainingService(early.db)
	tr := &alliance.Training{Title: "Erkən təlim", Area: alliance.AreaHealth, Audience: alliance.AudParents, RegionID: "shaki-zagatala",
		Sessions: []alliance.Session{{Date: alliance.NewDate(2025, 3, 3), Hours: 2}}}
	if err := ts.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if err := ts.CreateParticipants(ctx, []*alliance.Participant{{TrainingID: tr.ID, FullName: "Ilqar Çələbi", Gender: alliance.Male, Role: alliance.RoleParent}}); err != nil {
		t.Fatal(err)
	}
	early.enroll(srv, orgA)
	sec.enroll(srv, orgS)
	early.sync()
	sec.sync()
	if n, _ := sqlite.NewSyncStore(early.db).SetAside(ctx); len(n) != 0 {
		t.Fatalf("set aside: %+v", n)
	}
	got, err := sqlite.NewTrainingService(sec.db).FindTrainingByID(ctx, tr.ID)
	if err != nil || got.OrgID != orgA {
		t.Fatalf("the secretariat has %+v, %v", got, err)
	}
	if roster, _ := sqlite.NewTrainingService(sec.db).FindParticipants(ctx, tr.ID); len(roster) != 1 || roster[0].OrgID != orgA {
		t.Fatalf("the secretariat's roster %+v", roster)
	}
}
