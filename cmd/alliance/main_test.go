package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

func TestRunDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := runDemo([]string{"--data", dir, "--activities", "120", "--entries", "30", "--seed", "3"}); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	n, err := sqlite.NewActivityService(db).CountActivities(ctx, alliance.ActivityFilter{})
	if err != nil || n != 120 {
		t.Fatalf("%d activities (%v), want 120", n, err)
	}
	orgs, err := sqlite.NewOrganisationService(db).FindOrganisations(ctx)
	if err != nil || len(orgs) != 59 {
		t.Fatalf("%d organisations (%v), want 59", len(orgs), err)
	}
	regions := map[string]bool{}
	secretariats := 0
	for _, o := range orgs {
		regions[o.RegionID] = true
		if o.Secretariat {
			secretariats++
		}
	}
	if len(regions) != len(alliance.RegionIDs) || secretariats != 1 {
		t.Fatalf("organisations cover %d regions with %d secretariats", len(regions), secretariats)
	}
	if org, _ := sqlite.NewSettingsService(db).Setting(ctx, alliance.SettingOrgID); org == "" {
		t.Fatal("demo leaves the laptop without an organisation")
	}
	// Two contests: last year's published, this year's being judged; every
	// entry with its drawing in the file store.
	cs := sqlite.NewContestService(db)
	contests, err := cs.FindContests(ctx)
	if err != nil || len(contests) != 2 || !contests[1].Published || contests[0].Published {
		t.Fatalf("contests %+v %v", contests, err)
	}
	files, err := media.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range contests {
		es, _ := cs.FindEntries(ctx, alliance.EntryFilter{ContestID: c.ID})
		total += len(es)
		for _, e := range es {
			if e.Work == nil || !files.HasFile(e.Work.Hash) {
				t.Fatalf("entry %s has no drawing", e.Code)
			}
		}
	}
	if total != 30 {
		t.Fatalf("%d entries, want 30", total)
	}
	if rs, _ := cs.Results(ctx, contests[1].ID); len(rs) == 0 || rs[0].Rank != 1 {
		t.Fatalf("last year's results %+v", rs)
	}
}

func TestRunDemo_FolderInUse(t *testing.T) {
	dir := t.TempDir()
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = runDemo([]string{"--data", dir, "--activities", "1", "--entries", "-1"})
	if alliance.ErrorCode(err) != alliance.ELOCKED {
		t.Fatalf("demo on a folder in use: %v", err)
	}
}

// TestRunDemo_RefusesRealData: demo data never goes into a connected
// laptop's folder, nor unasked into one that holds records.
func TestRunDemo_RefusesRealData(t *testing.T) {
	dir := t.TempDir()
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &alliance.Activity{Kind: alliance.KindMeeting, Title: "Real work", Start: alliance.Today(), End: alliance.Today(),
		RegionID: "baku", Areas: []alliance.Area{alliance.AreaHealth}, RecordedBy: "Aynur"}
	if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	db.Close()
	args := []string{"--data", dir, "--activities", "1", "--entries", "-1", "--trainings", "1", "--organisations", "3"}
	if err := runDemo(args); alliance.ErrorCode(err) != alliance.EINVALID || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("demo into a folder with records: %v", err)
	}
	if err := runDemo(append(args, "--force")); err != nil {
		t.Fatalf("--force: %v", err)
	}

	connected := t.TempDir()
	db, err = sqlite.Open(connected, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSyncStore(db).SaveEnrolment(context.Background(), syncproto.Enrolment{Server: "https://alliance.example.az",
		Token: "t", OrgID: alliance.NewID(), OrgName: "Quba QHT"}, ""); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, extra := range [][]string{nil, {"--force"}} {
		err := runDemo(append([]string{"--data", connected, "--activities", "1", "--entries", "-1"}, extra...))
		if alliance.ErrorCode(err) != alliance.EINVALID || !strings.Contains(err.Error(), "connected") {
			t.Fatalf("demo into a connected laptop's folder %v: %v", extra, err)
		}
	}
}

func TestRunDemo_BadFlag(t *testing.T) {
	if err := runDemo([]string{"--activities", "many"}); err == nil {
		t.Fatal("a bad flag was accepted")
	}
}

func TestDefaultDataDir(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/srv/xdg")
	if got := defaultDataDir(); got != "/srv/xdg/alliance" {
		t.Fatalf("default data dir %q", got)
	}
}

func TestSystemLanguage(t *testing.T) {
	for env, want := range map[string]string{"ru_RU.UTF-8": "ru", "az_AZ.UTF-8": "az", "de_DE.UTF-8": "", "C": ""} {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", env)
		if got := systemLanguage(); got != want {
			t.Errorf("LANG=%s: %q, want %q", env, got, want)
		}
	}
}

func TestRunEnrollAndSync(t *testing.T) {
	store, err := syncserver.OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	o := &alliance.Organisation{Name: "Naxçıvan QHT", Kind: alliance.OrgNGO, RegionID: "nakhchivan"}
	if err := store.AddOrganisation(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	code, _, err := store.Invite(context.Background(), o.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	running, err := syncserver.Start(store, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := running.URL

	dir := t.TempDir()
	if err := runDemo([]string{"--data", dir, "--activities", "0", "--entries", "-1"}); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := runEnroll([]string{"--data", dir, "--server", url, "--code", "WRONG-CODE"}, &out); alliance.ErrorCode(err) != alliance.EUNAUTHORIZED {
		t.Fatalf("wrong code: %v", err)
	}
	// Plain http:// to a public host: refused before any connection, saying why.
	err = runEnroll([]string{"--data", dir, "--server", "http://alliance.example.az", "--code", code}, &out)
	if alliance.ErrorCode(err) != alliance.EINSECURE || !strings.Contains(err.Error(), "--insecure") {
		t.Fatalf("plain http to a public host: %v", err)
	}
	if err := runEnroll([]string{"--data", dir, "--server", url, "--code", code, "--name", "test"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Naxçıvan QHT") {
		t.Fatalf("enroll printed %q", out.String())
	}
	out.Reset()
	if err := runSync([]string{"--data", dir}, &out); err != nil {
		t.Fatalf("sync: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "up to date") {
		t.Fatalf("sync printed %q", out.String())
	}
	if err := running.Stop(); err != nil {
		t.Fatal(err)
	}
	// The server is gone: sync fails, with a message, and keeps the data.
	if err := runSync([]string{"--data", dir, "--timeout", "10s"}, &out); alliance.ErrorCode(err) != alliance.EUNAVAILABLE {
		t.Fatalf("sync without a server: %v", err)
	}

	// Without a connection: the work goes by file and the answer comes back.
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &alliance.Activity{Kind: alliance.KindTraining, Title: "Ordubadda seminar", Start: alliance.Today(), End: alliance.Today(),
		RegionID: "nakhchivan", Areas: []alliance.Area{alliance.AreaEducation}, RecordedBy: "Leyla"}
	if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(t.TempDir(), "ordubad")
	out.Reset()
	if err := runBundle([]string{"save", "--data", dir, "--out", file, "--files"}, &out); err != nil || !strings.Contains(out.String(), "1 changes") {
		t.Fatalf("bundle save: %v\n%s", err, out.String())
	}
	in, err := os.Open(file + ".alliance-bundle")
	if err != nil {
		t.Fatal(err)
	}
	reply := filepath.Join(t.TempDir(), "ordubad.alliance-reply")
	rf, err := os.Create(reply)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportBundle(context.Background(), in, rf); err != nil {
		t.Fatal(err)
	}
	in.Close()
	rf.Close()
	out.Reset()
	if err := runBundle([]string{"open", "--data", dir, reply}, &out); err != nil || !strings.Contains(out.String(), "acknowledged the changes up to") {
		t.Fatalf("bundle open: %v\n%s", err, out.String())
	}
	db, err = sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := sqlite.NewOutboxService(db).PendingChanges(context.Background()); n != 0 {
		t.Fatalf("%d changes wait after the reply", n)
	}
	if err := runBundle([]string{"open", "--data", t.TempDir(), reply}, &out); err == nil {
		t.Fatal("a laptop not enrolled took another's reply")
	}
}

func TestRunCertificates(t *testing.T) {
	dir := t.TempDir()
	if err := runDemo([]string{"--data", dir, "--activities", "0", "--trainings", "3", "--entries", "-1", "--seed", "5"}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "all.pdf")
	var log strings.Builder
	if err := runCertificates([]string{"--data", dir, "--all", "--out", out}, &log); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if st, err := os.Stat(out); err != nil || st.Size() < 10000 {
		t.Fatalf("no PDF: %v", err)
	}
	if !strings.Contains(log.String(), "certificates written") {
		t.Fatalf("printed %q", log.String())
	}
	if err := runCertificates([]string{"--data", dir, "--out", out}, &log); err == nil {
		t.Fatal("neither --training nor --all was accepted")
	}
	var listed strings.Builder
	if err := runCertificates([]string{"--data", dir, "--list"}, &listed); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(listed.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("--list printed %d trainings, want 3:\n%s", len(lines), listed.String())
	}
	one := filepath.Join(t.TempDir(), "one.pdf")
	if err := runCertificates([]string{"--data", dir, "--training", strings.Fields(lines[0])[0], "--out", one}, &log); err != nil {
		t.Fatalf("the id --list printed: %v", err)
	}
	if err := runCertificates([]string{"--data", dir, "--training", alliance.NewID(), "--out", out}, &log); alliance.ErrorCode(err) != alliance.ENOTFOUND {
		t.Fatalf("unknown training: %v", err)
	}
}
