package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// campaignFixture is a project with three indicators and two activities
// linked to it (one more not linked).
func campaignFixture(t *testing.T) (*sqlite.DB, *alliance.Campaign, report.Options) {
	t.Helper()
	db, o := evidenceFixture(t)
	ctx := context.Background()
	c := &alliance.Campaign{Kind: alliance.KindOfProject, Name: "Uşaq iştirakı layihəsi", NameRU: "Проект участия детей", Donor: "UNICEF",
		Start: alliance.NewDate(2025, 1, 1), End: alliance.NewDate(2025, 12, 31), Regions: []string{"baku"},
		Indicators: []alliance.Indicator{
			{Name: "Uşaqlar", Measure: alliance.MeasureChildren, Target: 50, Breakdown: alliance.ByGender},
			{Name: "Tədbirlər", Measure: alliance.MeasureActivities, Target: 4, Breakdown: alliance.ByRegion},
			{Name: "Məktəblər", Measure: alliance.MeasureManual, Unit: "məktəb", Target: 10,
				Progress: []alliance.Progress{{Date: alliance.NewDate(2025, 5, 1), Value: 3}}},
		}}
	cs := sqlite.NewCampaignService(db)
	if err := cs.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	acts := sqlite.NewActivityService(db)
	list, err := acts.FindActivities(ctx, alliance.ActivityFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, s := range list {
		if s.Title != "Şəkidə məktəb təlimi" && s.Title != "Встреча с родителями" {
			continue
		}
		a, err := acts.FindActivityByID(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.Campaigns = []string{c.ID}
		if err := acts.UpdateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		linked++
	}
	if linked != 2 {
		t.Fatalf("%d linked", linked)
	}
	o.Campaigns = map[string]string{c.ID: c.Name}
	return db, c, o
}

func TestWriteCampaign_XLSX(t *testing.T) {
	db, c, o := campaignFixture(t)
	o.Lang = "ru"
	var buf bytes.Buffer
	if err := report.WriteCampaign(context.Background(), &buf, "xlsx", sqlite.NewCampaignService(db), c.ID, o); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	loc := i18n.For("ru")
	rows, err := xf.GetRows(loc.T("campaign.sheet.indicators"))
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Проект участия детей" || !strings.Contains(rows[2][0], "UNICEF") {
		t.Fatalf("head %q", rows[:3])
	}
	want := [][]string{
		{"Uşaqlar", loc.T("campaign.measure.children"), "50", "21", "42.00%", "девочки 12; мальчики 9"},
		{"Tədbirlər", loc.T("campaign.measure.activities"), "4", "2", "50.00%", "Баку 1; Шеки-Загатала 1"},
		{"Məktəblər", "məktəb", "10", "3", "30.00%", ""},
	}
	for i, w := range want {
		got := rows[6+i]
		for len(got) < len(w) {
			got = append(got, "")
		}
		if strings.Join(got[:len(w)], "|") != strings.Join(w, "|") {
			t.Errorf("indicator %d: %q, want %q", i, got, w)
		}
	}
	acts, err := xf.GetRows(loc.T("export.sheet.activities"))
	if err != nil || len(acts) != 3 {
		t.Fatalf("%d rows of activities (%v)", len(acts), err)
	}
	col := -1
	for i, h := range acts[0] {
		if h == loc.T("export.col.campaigns") {
			col = i
		}
	}
	if col < 0 || acts[1][col] != c.Name {
		t.Fatalf("the activities' campaign column: %d %q", col, acts[1])
	}
}

func TestWriteCampaign_PDF(t *testing.T) {
	db, c, o := campaignFixture(t)
	path := filepath.Join(t.TempDir(), "layihe.pdf")
	var buf bytes.Buffer
	if err := report.WriteCampaign(context.Background(), &buf, "pdf", sqlite.NewCampaignService(db), c.ID, o); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	loc := i18n.For("az")
	for _, s := range []string{"Uşaq iştirakı layihəsi", "UNICEF", "01.01.2025 – 31.12.2025", loc.T("campaign.sheet.indicators"),
		"Məktəblər (məktəb)", "qızlar 12; oğlanlar 9", "42 %", "30 %"} {
		if !strings.Contains(string(text), s) {
			t.Errorf("the report does not say %q:\n%s", s, text)
		}
	}
	if err := report.WriteCampaign(context.Background(), &buf, "docx", sqlite.NewCampaignService(db), c.ID, o); err == nil {
		t.Fatal("an unknown format written")
	}
}
