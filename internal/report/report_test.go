package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

var (
	year = alliance.ReportFilter{From: alliance.NewDate(2025, 1, 1), To: alliance.NewDate(2025, 12, 31)}
	orgA = alliance.NewID()
)

// fixture is a store with a few records of every kind, with Azerbaijani
// text and children whose guardians did and did not allow publication.
func fixture(t *testing.T) (*sqlite.DB, report.Options) {
	t.Helper()
	db, err := sqlite.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	acts := sqlite.NewActivityService(db)
	for _, a := range []*alliance.Activity{
		{OrgID: orgA, Kind: alliance.KindTraining, Title: "Uşaq hüquqları: Şəki məktəblərində təlim", Start: alliance.NewDate(2025, 1, 10),
			End: alliance.NewDate(2025, 1, 12), RegionID: "shaki-zagatala", Settlement: "Şəki", Areas: []alliance.Area{alliance.AreaEducation},
			Reached: alliance.Reached{Girls: 12, Boys: 9, Women: 3, Disabled: 2}, RecordedBy: "Gülnarə İsmayılova", Description: "Çox maraqlı keçdi"},
		{OrgID: orgA, Kind: alliance.KindMeeting, Title: "Встреча с родителями", Start: alliance.NewDate(2025, 3, 5),
			End: alliance.NewDate(2025, 3, 5), RegionID: "baku", Areas: []alliance.Area{alliance.AreaHealth},
			Reached: alliance.Reached{Women: 14, Men: 6}, RecordedBy: "Ilqar Çələbi"},
	} {
		if err := acts.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	ts := sqlite.NewTrainingService(db)
	tr := &alliance.Training{OrgID: orgA, Title: "Uşaq iştirakı üzrə təlim", Area: alliance.AreaParticipation, Audience: alliance.AudChildren,
		RegionID: "shaki-zagatala", Sessions: []alliance.Session{{Date: alliance.NewDate(2025, 4, 1), Hours: 2.5}}}
	if err := ts.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	kids := []*alliance.Participant{
		{TrainingID: tr.ID, FullName: "Aysel Məmmədova", Gender: alliance.Female, Role: alliance.RoleChild, BirthYear: 2013},
		{TrainingID: tr.ID, FullName: "Şəhla Əliyeva", Gender: alliance.Female, Role: alliance.RoleTeacher},
	}
	if err := ts.CreateParticipants(ctx, kids); err != nil {
		t.Fatal(err)
	}
	for _, p := range kids {
		if err := ts.SetAttendance(ctx, p.ID, tr.Sessions[0].ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sqlite.NewCertificateService(db).Issue(ctx, tr.ID, nil, ""); err != nil {
		t.Fatal(err)
	}
	cs := sqlite.NewContestService(db)
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}, Jury: []alliance.Juror{{Name: "X"}}}
	if err := cs.CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	file := alliance.FileRef{Hash: strings.Repeat("ab", 32), Name: "r.jpg", Type: alliance.TypeJPEG, Size: 10}
	for _, e := range []*alliance.Entry{
		{ContestID: c.ID, OrgID: orgA, FirstName: "Nigar", LastName: "Quliyeva", Age: 9, Gender: alliance.Female, RegionID: "baku",
			Settlement: "Mərdəkan", Category: alliance.CatDrawing, Title: "Evimiz", Files: []alliance.FileRef{file},
			Consent: alliance.Consent{GuardianName: "Ana", Relation: alliance.RelMother, Date: alliance.Today(), Publication: &yes}},
		{ContestID: c.ID, OrgID: orgA, FirstName: "Tural", LastName: "Həsənov", Age: 10, Gender: alliance.Male, RegionID: "baku",
			Settlement: "Buzovna", Category: alliance.CatDrawing, Title: "Dostluq", Files: []alliance.FileRef{file},
			Consent: alliance.Consent{GuardianName: "Ata", Relation: alliance.RelFather, Date: alliance.Today(), Publication: &no}},
	} {
		if err := cs.CreateEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		if err := cs.SubmitEntry(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	regions, _ := sqlite.NewRegionService(db).FindRegions(ctx)
	return db, report.Options{Lang: "az", Regions: regions, Orgs: map[string]string{orgA: "Şəki Uşaq Hüquqları Mərkəzi"}}
}

func TestWriteXLSX(t *testing.T) {
	db, o := fixture(t)
	o.By, o.Device = &alliance.Person{ID: alliance.NewID(), Name: "Aynur Məmmədova"}, "01a22a44-26c3-7d5d-aa24-42fe9745fc68"
	src := sqlite.NewReportService(db)
	var buf bytes.Buffer
	since := alliance.ReportFilter{From: year.From} // the entries were submitted today
	if err := report.WriteXLSX(context.Background(), &buf, src, since, o); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	if got := strings.Join(xf.GetSheetList(), "|"); got != "Xülasə|Fəaliyyətlər|Təlimlər|İştirakçılar|Sertifikatlar|Müsabiqə işləri|Paylanan materiallar" {
		t.Fatalf("sheets %s", got)
	}
	// Who made it, on which laptop.
	a4, _ := xf.GetCellValue("Xülasə", "A4")
	b4, _ := xf.GetCellValue("Xülasə", "B4")
	if a4 != "Hazırlayan" || b4 != "— Aynur Məmmədova, noutbuk 01a22a44" {
		t.Fatalf("prepared by: %q %q", a4, b4)
	}
	cell := func(sheet, ref string) string {
		t.Helper()
		v, err := xf.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	raw := func(sheet, ref string) string {
		v, _ := xf.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		return v
	}
	typ := func(sheet, ref string) excelize.CellType {
		v, _ := xf.GetCellType(sheet, ref)
		return v
	}
	// Activities, cell by cell: a date as a date, text intact, numbers as numbers.
	for ref, want := range map[string]string{
		"A1": "Başlama", "B1": "Bitmə", "D1": "Ad", "J1": "Qızlar",
		"A2": "10.01.2025", "B2": "12.01.2025", "C2": "Təlim", "D2": "Uşaq hüquqları: Şəki məktəblərində təlim",
		"E2": "Şəki Uşaq Hüquqları Mərkəzi", "F2": "Şəki-Zaqatala", "G2": "Şəki", "J2": "12", "K2": "9", "L2": "3", "N2": "2", "O2": "24",
		"Q2": "Çox maraqlı keçdi", "T2": "Gülnarə İsmayılova",
		"D3": "Встреча с родителями", "F3": "Bakı", "O3": "20",
	} {
		if got := cell("Fəaliyyətlər", ref); got != want {
			t.Errorf("Fəaliyyətlər!%s = %q, want %q", ref, got, want)
		}
	}
	if raw("Fəaliyyətlər", "A2") != "45667" {
		t.Errorf("the date is not a date: raw %q", raw("Fəaliyyətlər", "A2"))
	}
	if tp := typ("Fəaliyyətlər", "J2"); tp != excelize.CellTypeNumber && tp != excelize.CellTypeUnset {
		t.Errorf("girls is not a number: %v", tp)
	}
	if cell("Fəaliyyətlər", "A4") != "" {
		t.Error("a third activity appeared")
	}
	// The summary's figures are numbers.
	if cell("Xülasə", "A5") != "Fəaliyyətlər" || cell("Xülasə", "B5") != "2" || cell("Xülasə", "B6") != "44" {
		t.Errorf("summary: %q %q %q", cell("Xülasə", "A5"), cell("Xülasə", "B5"), cell("Xülasə", "B6"))
	}
	pics, err := xf.GetPictures("Xülasə", "D1")
	if err != nil || len(pics) != 1 {
		t.Errorf("no chart on the summary sheet: %v %d", err, len(pics))
	}
	// Trainings: hours as a decimal number.
	if cell("Təlimlər", "A2") != "Uşaq iştirakı üzrə təlim" || raw("Təlimlər", "J2") != "2.5" || cell("Təlimlər", "M2") != "2" {
		t.Errorf("trainings: %q %q %q", cell("Təlimlər", "A2"), raw("Təlimlər", "J2"), cell("Təlimlər", "M2"))
	}
	// Children's names are redacted; adults' are not — on the roster and on
	// the certificates.
	if cell("İştirakçılar", "C2") != "Aysel M." || cell("İştirakçılar", "C3") != "Şəhla Əliyeva" {
		t.Errorf("participants: %q, %q", cell("İştirakçılar", "C2"), cell("İştirakçılar", "C3"))
	}
	// A girl is a girl, a woman a woman.
	if cell("İştirakçılar", "D2") != "Qız" || cell("İştirakçılar", "D3") != "Qadın" {
		t.Errorf("genders: %q, %q", cell("İştirakçılar", "D2"), cell("İştirakçılar", "D3"))
	}
	if holders := cell("Sertifikatlar", "B2") + "|" + cell("Sertifikatlar", "B3"); holders != "Aysel M.|Şəhla Əliyeva" && holders != "Şəhla Əliyeva|Aysel M." {
		t.Errorf("certificate holders: %s", holders)
	}
	names := cell("Müsabiqə işləri", "C2") + "|" + cell("Müsabiqə işləri", "C3")
	if names != "Nigar Q.|Tural H." {
		t.Errorf("contest entries by default: %s", names)
	}
	if cell("Müsabiqə işləri", "G2") != "6–12" || cell("Müsabiqə işləri", "A2") != "Mənim hüquqlarım" {
		t.Errorf("entries: %q %q", cell("Müsabiqə işləri", "G2"), cell("Müsabiqə işləri", "A2"))
	}
}

func TestWriteXLSX_IncludeChildNames(t *testing.T) {
	db, o := fixture(t)
	o.IncludeChildNames = true
	var buf bytes.Buffer
	if err := report.WriteXLSX(context.Background(), &buf, sqlite.NewReportService(db), alliance.ReportFilter{}, o); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	rows, _ := xf.GetRows("Müsabiqə işləri")
	got := map[string]bool{}
	for _, r := range rows[1:] {
		got[r[2]] = true
	}
	// Only the guardian who allowed publication gets the full name, and
	// the settlement where the child lives.
	if !got["Nigar Quliyeva"] || !got["Tural H."] || got["Tural Həsənov"] {
		t.Errorf("names included: %v", got)
	}
	for _, r := range rows[1:] {
		if settlement := r[8]; (r[2] == "Nigar Quliyeva") != (settlement == "Mərdəkan") || strings.Contains(settlement, "Buzovna") {
			t.Errorf("%s's settlement in the export: %q", r[2], settlement)
		}
	}
	if v, _ := xf.GetCellValue("İştirakçılar", "C2"); v != "Aysel Məmmədova" {
		t.Errorf("child participant with names included: %q", v)
	}
	holders, _ := xf.GetRows("Sertifikatlar")
	if len(holders) != 3 || holders[1][1]+holders[2][1] != "Aysel MəmmədovaŞəhla Əliyeva" && holders[1][1]+holders[2][1] != "Şəhla ƏliyevaAysel Məmmədova" {
		t.Errorf("certificate holders with names included: %v", holders)
	}
}

func TestWriteCSV(t *testing.T) {
	db, o := fixture(t)
	o.Lang = "ru"
	var buf bytes.Buffer
	if err := report.WriteCSV(context.Background(), &buf, sqlite.NewReportService(db), report.Activities, year, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")) {
		t.Fatal("no UTF-8 mark for Excel")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0][0] != "Начало" || recs[0][9] != "Девочки" {
		t.Fatalf("header %v (%d rows)", recs[0], len(recs))
	}
	if recs[1][0] != "2025-01-10" || recs[1][3] != "Uşaq hüquqları: Şəki məktəblərində təlim" || recs[1][5] != "Шеки-Загатала" || recs[1][14] != "24" {
		t.Errorf("row %v", recs[1])
	}
	buf.Reset()
	if err := report.WriteCSV(context.Background(), &buf, sqlite.NewReportService(db), report.Entries, alliance.ReportFilter{}, o); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "Həsənov") || strings.Contains(buf.String(), "Quliyeva") ||
		strings.Contains(buf.String(), "Buzovna") || strings.Contains(buf.String(), "Mərdəkan") {
		t.Errorf("children's names or settlements in the CSV:\n%s", buf.String())
	}
}

func TestWritePDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is needed (poppler-utils; .ci/deps installs it)")
	}
	db, o := fixture(t)
	o.By, o.Device = &alliance.Person{ID: alliance.NewID(), Name: "Aynur Məmmədova"}, "01a22a44-26c3-7d5d-aa24-42fe9745fc68"
	for _, lang := range []string{"az", "ru", "en"} {
		o.Lang = lang
		path := filepath.Join(t.TempDir(), "summary.pdf")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := report.WritePDF(context.Background(), f, sqlite.NewReportService(db), year, o); err != nil {
			t.Fatal(err)
		}
		f.Close()
		out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		want := map[string][]string{
			"az": {"Uşaq Hüquqları üzrə Azərbaycan QHT Alyansı", "Əhatə olunan uşaqlar", "01.01.2025 – 31.12.2025", "bütün alyans", "Aynur Məmmədova, noutbuk 01a22a44"},
			"ru": {"Азербайджанский альянс НПО", "Охвачено детей", "Мероприятия за период", "Aynur Məmmədova, ноутбук 01a22a44"},
			"en": {"Azerbaijan NGO Alliance", "Children reached", "Activities of the period", "by Aynur Məmmədova on laptop 01a22a44"},
		}[lang]
		for _, w := range append(want, "Uşaq hüquqları: Şəki məktəblərində", "Встреча с родителями") {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the PDF lacks %q", lang, w)
			}
		}
		if t.Failed() {
			t.Logf("%s:\n%s", lang, text)
			return
		}
	}
}

// TestWriteCSV_Formula: a text a spreadsheet would run as a formula is
// written as text.
func TestWriteCSV_Formula(t *testing.T) {
	db, err := sqlite.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := &alliance.Activity{Kind: alliance.KindMeeting, Title: `=HYPERLINK("http://x","Bax")`, Start: alliance.NewDate(2025, 2, 1),
		End: alliance.NewDate(2025, 2, 1), RegionID: "baku", Areas: []alliance.Area{alliance.AreaHealth}, RecordedBy: "@Aynur"}
	if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.WriteCSV(context.Background(), &buf, sqlite.NewReportService(db), report.Activities, alliance.ReportFilter{}, report.Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[1][3]; got != `'=HYPERLINK("http://x","Bax")` {
		t.Errorf("title %q", got)
	}
	if got := rows[1][slices.Index(rows[0], i18n.For("en").T("export.col.recorded_by"))]; got != "'@Aynur" {
		t.Errorf("recorded by %q", got)
	}
	if got := rows[1][0]; got != "2025-02-01" {
		t.Errorf("a date %q", got)
	}
}

// TestWriteCSV_ActivityFields: the activities export has a column for
// every field of alliance.ActivityFields, in its order, with the people's
// total after the counts — the export follows the list a field is added to.
func TestWriteCSV_ActivityFields(t *testing.T) {
	db, o := fixture(t)
	o.Lang = "en"
	var buf bytes.Buffer
	if err := report.WriteCSV(context.Background(), &buf, sqlite.NewReportService(db), report.Activities, year, o); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	loc := i18n.For("en")
	var want []string
	for _, f := range alliance.ActivityFields {
		want = append(want, loc.T("export.col."+f.Export))
		if f.Name == alliance.FieldDisabled {
			want = append(want, loc.T("export.col.total"))
		}
	}
	if !reflect.DeepEqual(recs[0], want) {
		t.Fatalf("header %q\nwant %q", recs[0], want)
	}
	for _, r := range recs[1:] {
		if len(r) != len(want) {
			t.Fatalf("a row of %d cells under %d columns: %q", len(r), len(want), r)
		}
	}
}
