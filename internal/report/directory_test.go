package report_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestWriteDirectoryXLSX: the directory in Russian — the secretariat
// first, then by Russian name (an organisation without one by its
// Azerbaijani name); regions, areas and kinds by name; a text that looks
// like a formula stays text.
func TestWriteDirectoryXLSX(t *testing.T) {
	orgs := []alliance.Organisation{
		{ID: "b", Name: "Şəki Uşaq Mərkəzi", Kind: alliance.OrgNGO, RegionID: "shaki-zagatala",
			OrgProfile: alliance.OrgProfile{NameRU: "Шекинский детский центр", Regions: []string{"baku", "shaki-zagatala"},
				Areas: []alliance.Area{alliance.AreaEducation}, Phone: "+994 24 244 00 00", Email: "info@seki.az", Joined: 2012,
				FocalPerson: "=HYPERLINK(\"http://x\")"}},
		{ID: "s", Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true},
		{ID: "a", Name: "Abşeron Gənclər", Kind: alliance.OrgYouthGroup, RegionID: "absheron-khizi"},
	}
	var buf bytes.Buffer
	if err := report.WriteDirectoryXLSX(&buf, orgs, report.Options{Lang: "ru", Regions: regionsOf(t)}); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	loc := i18n.For("ru")
	rows, err := xf.GetRows(loc.T("export.sheet.directory"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != loc.T("export.col.org_name") {
		t.Fatalf("rows %q", rows)
	}
	if rows[1][0] != "Katiblik" || rows[2][0] != "Abşeron Gənclər" || rows[3][0] != "Шекинский детский центр" {
		t.Fatalf("order %q, %q, %q", rows[1][0], rows[2][0], rows[3][0])
	}
	b := rows[3]
	if b[1] != "Şəki Uşaq Mərkəzi" || b[3] != "Шеки-Загатала" || b[4] != "Баку, Шеки-Загатала" || b[5] != loc.T("area.education") ||
		b[7] != "+994 24 244 00 00" || b[11] != "2012" || b[2] != loc.T("org_kind.ngo") {
		t.Fatalf("row %q", b)
	}
	if f, _ := xf.GetCellFormula(loc.T("export.sheet.directory"), "G4"); f != "" || b[6] != "=HYPERLINK(\"http://x\")" {
		t.Fatalf("a focal person became the formula %q", f)
	}
}

// regionsOf are the regions of a new store.
func regionsOf(t *testing.T) []alliance.Region {
	t.Helper()
	db, err := sqlite.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := sqlite.NewRegionService(db).FindRegions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestWriteXLSX_Resources: the workbook counts the library's resources the
// period's activities used, with the copies handed out.
func TestWriteXLSX_Resources(t *testing.T) {
	db, o := evidenceFixture(t)
	ctx := context.Background()
	res := &alliance.Resource{Category: alliance.ResManual, Year: 2024, Versions: []alliance.ResourceVersion{{Lang: "az",
		Title: "Dərslik", File: alliance.FileRef{Hash: strings.Repeat("a", 64), Name: "d.pdf", Type: alliance.TypePDF, Size: 10}}}}
	if err := sqlite.NewLibraryService(db).CreateResource(ctx, res); err != nil {
		t.Fatal(err)
	}
	acts := sqlite.NewActivityService(db)
	list, _ := acts.FindActivities(ctx, alliance.ActivityFilter{Limit: 3})
	for i, s := range list {
		a, _ := acts.FindActivityByID(ctx, s.ID)
		a.Resources = []alliance.ResourceUse{{ResourceID: res.ID, Copies: 10 * (i + 1)}}
		if err := acts.UpdateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	o.Resources = map[string]string{res.ID: "Dərslik"}
	var buf bytes.Buffer
	if err := report.WriteXLSX(ctx, &buf, sqlite.NewReportService(db), year, o); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	rows, _ := xf.GetRows(i18n.For("az").T("export.sheet.resources"))
	if len(rows) != 2 || strings.Join(rows[1], "|") != "Dərslik|3|60" {
		t.Fatalf("rows %q", rows)
	}
}
