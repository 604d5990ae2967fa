package syncclient_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestSync_Report is issue 7's "done when": two members record their year
// offline (one deletes an activity and edits another after they synced),
// the secretariat syncs and produces the alliance's yearly figures by
// region and theme as an Excel file and a printed summary, in each
// language, straight from the synced data.
func TestSync_Report(t *testing.T) {
	srv := startServer(t)
	orgS := srv.org("Katiblik", "baku", true)
	orgA := srv.org("Şəki Uşaq Hüquqları Mərkəzi", "shaki-zagatala", false)
	orgB := srv.org("Quba Gənclər Evi", "guba-khachmaz", false)
	sec, a, b := newLaptop(t, "sec"), newLaptop(t, "a"), newLaptop(t, "b")
	sec.enroll(srv, orgS)
	a.enroll(srv, orgA)
	b.enroll(srv, orgB)
	ctx := context.Background()
	year := alliance.Today().Year - 1
	record := func(l *laptop, org, title, region string, month int, r alliance.Reached, areas ...alliance.Area) *alliance.Activity {
		act := &alliance.Activity{OrgID: org, Kind: alliance.KindSeminar, Title: title, RegionID: region, RecordedBy: l.name,
			Start: alliance.NewDate(year, time.Month(month), 10), End: alliance.NewDate(year, time.Month(month), 11), Areas: areas, Reached: r}
		if err := l.acts.CreateActivity(ctx, act); err != nil {
			t.Fatal(err)
		}
		return act
	}
	record(a, orgA, "Şəkidə zorakılığa qarşı seminar", "shaki-zagatala", 3, alliance.Reached{Girls: 20, Boys: 15, Disabled: 3}, alliance.AreaViolence, alliance.AreaEducation)
	record(a, orgA, "Qaxda valideynlərlə görüş", "shaki-zagatala", 9, alliance.Reached{Women: 12, Men: 4}, alliance.AreaViolence)
	old := record(a, orgA, "Keçən ilin seminarı", "shaki-zagatala", 5, alliance.Reached{Girls: 500}, alliance.AreaHealth)
	old.Start, old.End = alliance.NewDate(year-1, 5, 1), alliance.NewDate(year-1, 5, 2)
	if err := a.acts.UpdateActivity(ctx, old); err != nil {
		t.Fatal(err)
	}
	edited := record(b, orgB, "Qubada uşaq əməyi", "guba-khachmaz", 6, alliance.Reached{Boys: 1}, alliance.AreaChildLabour)
	gone := record(b, orgB, "Səhvən yazılmış", "guba-khachmaz", 7, alliance.Reached{Boys: 999}, alliance.AreaHealth)
	a.sync()
	b.sync()
	sec.sync()
	// After the sync: one deleted, one corrected.
	if err := b.acts.DeleteActivity(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	edited = b.get(edited.ID)
	edited.Reached = alliance.Reached{Girls: 6, Boys: 8, Disabled: 1}
	if err := b.acts.UpdateActivity(ctx, edited); err != nil {
		t.Fatal(err)
	}
	b.sync()
	sec.sync()

	// The figures, by hand: 3 activities (2 in Şəki-Zaqatala, 1 in
	// Quba-Xaçmaz); girls 26, boys 23, women 12, men 4, with disabilities
	// 4; violence 2, education 1, child labour 1.
	src := sqlite.NewReportService(sec.db)
	f := alliance.ReportFilter{From: alliance.NewDate(year, 1, 1), To: alliance.NewDate(year, 12, 31)}
	regions, _ := sqlite.NewRegionService(sec.db).FindRegions(ctx)
	orgs, _ := sqlite.NewOrganisationService(sec.db).FindOrganisations(ctx)
	o := report.Options{Regions: regions, Orgs: map[string]string{}}
	for _, x := range orgs {
		o.Orgs[x.ID] = x.Name
	}
	want := map[string]map[string]any{
		"az": {"title": "Xülasə", "kinds": "Növlər üzrə fəaliyyətlər", "regions": "Regionlar üzrə fəaliyyətlər", "areas": "Tematik sahələr üzrə fəaliyyətlər",
			"shaki": "Şəki-Zaqatala", "guba": "Quba-Xaçmaz", "violence": "Uşaqlara qarşı zorakılıq", "text": "Əhatə olunan insanlar"},
		"ru": {"title": "Сводка", "kinds": "Мероприятия по видам", "regions": "Мероприятия по регионам", "areas": "Мероприятия по тематическим направлениям",
			"shaki": "Шеки-Загатала", "guba": "Губа-Хачмаз", "violence": "Насилие в отношении детей", "text": "Охвачено людей"},
		"en": {"title": "Summary", "kinds": "Activities by kind", "regions": "Activities by region", "areas": "Activities by thematic area",
			"shaki": "Shaki-Zagatala", "guba": "Guba-Khachmaz", "violence": "Violence against children", "text": "People reached"},
	}
	for _, lang := range []string{"az", "ru", "en"} {
		o.Lang = lang
		w := want[lang]
		var buf bytes.Buffer
		if err := report.WriteXLSX(ctx, &buf, src, f, o); err != nil {
			t.Fatal(err)
		}
		xf, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		sheet := xf.GetSheetList()[0]
		if sheet != w["title"] {
			t.Fatalf("%s: first sheet %q", lang, sheet)
		}
		rows, _ := xf.GetRows(sheet)
		cells := map[string]string{} // section/label → value
		section := ""
		for _, r := range rows {
			switch {
			case len(r) > 0 && (r[0] == w["kinds"] || r[0] == w["regions"] || r[0] == w["areas"]):
				section = r[0]
			case len(r) >= 2:
				cells[section+"/"+r[0]] = r[1]
			}
		}
		xf.Close()
		for key, v := range map[string]string{
			"/" + w["text"].(string):                           "65",
			w["regions"].(string) + "/" + w["shaki"].(string):  "2",
			w["regions"].(string) + "/" + w["guba"].(string):   "1",
			w["areas"].(string) + "/" + w["violence"].(string): "2",
		} {
			if cells[key] != v {
				t.Errorf("%s: %s = %q, want %s (%v)", lang, key, cells[key], v, cells)
			}
		}

		path := filepath.Join(t.TempDir(), "summary.pdf")
		if err := safefile.Write(path, func(out io.Writer) error { return report.WritePDF(ctx, out, src, f, o) }); err != nil {
			t.Fatal(err)
		}
		text, err := exec.Command("pdftotext", "-layout", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{w["text"].(string), "Şəkidə zorakılığa qarşı seminar", "Qubada uşaq əməyi"} {
			if !strings.Contains(string(text), s) {
				t.Errorf("%s: the printed summary lacks %q", lang, s)
			}
		}
		if strings.Contains(string(text), "Səhvən yazılmış") || strings.Contains(string(text), "Keçən ilin seminarı") {
			t.Errorf("%s: the printed summary lists a deleted or last year's activity", lang)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := src.Summary(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if got := (alliance.Reached{Girls: 26, Boys: 23, Women: 12, Men: 4, Disabled: 4}); sum.Activities != 3 || sum.Reached != got || sum.RegionsCovered != 2 {
		t.Fatalf("summary %+v", sum)
	}
}
