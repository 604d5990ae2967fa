package report

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// directoryColumns are the member directory's columns, as keys of
// "export.col.".
var directoryColumns = []string{"org_name", "org_name_az", "org_kind", "base_region", "works_in", "priority_areas",
	"focal_person", "phone", "email", "website", "address", "joined"}

// WriteDirectoryXLSX writes the member directory as a workbook: one row an
// organisation (the secretariat's first), names in the language chosen and
// in Azerbaijani, in that language's order. Texts are cells of text, never
// formulas, whatever they begin with.
func WriteDirectoryXLSX(w io.Writer, orgs []alliance.Organisation, o Options) error {
	x := newExporter(o)
	rows := make([]alliance.Organisation, len(orgs))
	copy(rows, orgs)
	i18n.SortBy(rows, func(org alliance.Organisation) string {
		if org.Secretariat {
			return "" // first
		}
		return org.NameIn(x.o.Lang)
	})
	xf := excelize.NewFile()
	defer xf.Close()
	st, err := newStyles(xf)
	if err != nil {
		return err
	}
	sheet := x.loc.T("export.sheet.directory")
	if err := xf.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head := make([]any, len(directoryColumns))
	for i, k := range directoryColumns {
		head[i] = x.loc.T("export.col." + k)
	}
	if err := xf.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	xf.SetCellStyle(sheet, "A1", cellName(len(head), 1), st.header)
	for i, org := range rows {
		p := org.OrgProfile
		regions := make([]string, len(p.Regions))
		for j, id := range p.Regions {
			regions[j] = x.region(id)
		}
		areas := make([]string, len(p.Areas))
		for j, a := range p.Areas {
			areas[j] = x.loc.T("area." + string(a))
		}
		var joined any = ""
		if p.Joined != 0 {
			joined = p.Joined
		}
		values := []any{org.NameIn(x.o.Lang), org.Name, x.loc.T("org_kind." + string(org.Kind)), x.region(org.RegionID),
			strings.Join(regions, ", "), strings.Join(areas, "; "), p.FocalPerson, p.Phone, p.Email, p.Website, p.Address, joined}
		if err := xf.SetSheetRow(sheet, cellName(1, i+2), &values); err != nil {
			return err
		}
	}
	for i, width := range []float64{36, 36, 18, 18, 30, 30, 26, 18, 24, 24, 30, 8} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		xf.SetColWidth(sheet, col, col, width)
	}
	xf.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	_, err = xf.WriteTo(w)
	return err
}
