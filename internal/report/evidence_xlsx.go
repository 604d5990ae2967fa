package report

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// evidenceXLSX writes the evidence as a workbook: the figures of each
// cluster and its articles on one sheet, the examples on another.
func (x *exporter) evidenceXLSX(w io.Writer, ev *Evidence) error {
	xf := excelize.NewFile()
	defer xf.Close()
	st, err := newStyles(xf)
	if err != nil {
		return err
	}
	bold, err := xf.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	figures := x.loc.T("evidence.sheet.figures")
	if err := xf.SetSheetName("Sheet1", figures); err != nil {
		return err
	}
	period, scope := x.title(&alliance.Summary{Filter: ev.Filter})
	xf.SetCellValue(figures, "A1", x.loc.T("evidence.title"))
	xf.SetCellStyle(figures, "A1", "A1", st.title)
	xf.SetCellValue(figures, "A2", x.loc.T("export.col.period"))
	xf.SetCellValue(figures, "B2", period)
	xf.SetCellValue(figures, "A3", x.loc.T("export.col.scope"))
	xf.SetCellValue(figures, "B3", scope)
	xf.SetCellValue(figures, "A4", x.loc.Tf("evidence.overview", map[string]any{
		"Activities": x.loc.Number(ev.Activities), "Tagged": x.loc.Number(ev.Tagged)}))

	h := x.evidenceHeader() // cluster activities regions children adults disabled article girls boys women men region_names
	head := []any{h[0], h[6], h[1], h[2], h[7], h[8], h[9], h[10], h[3], h[4], h[5], h[11]}
	const first = 6
	if err := xf.SetSheetRow(figures, cellName(1, first), &head); err != nil {
		return err
	}
	xf.SetCellStyle(figures, cellName(1, first), cellName(len(head), first), st.header)
	row := first
	line := func(cluster, article string, r Reach, style int) error {
		row++
		names := make([]string, len(r.Regions))
		for i, id := range r.Regions {
			names[i] = x.region(id)
		}
		p := r.Reached
		values := []any{cluster, article, r.Activities, len(r.Regions), p.Girls, p.Boys, p.Women, p.Men,
			p.Children(), p.Women + p.Men, p.Disabled, strings.Join(names, ", ")}
		if err := xf.SetSheetRow(figures, cellName(1, row), &values); err != nil {
			return err
		}
		if style != 0 {
			return xf.SetCellStyle(figures, cellName(1, row), cellName(len(values), row), style)
		}
		return nil
	}
	for _, c := range ev.Clusters {
		if err := line(x.loc.Cluster(c.Cluster), "", c.Reach, bold); err != nil {
			return err
		}
		for _, a := range c.Articles {
			if err := line(x.loc.Cluster(c.Cluster), x.loc.Article(a.Article), a.Reach, 0); err != nil {
				return err
			}
		}
	}
	xf.SetColWidth(figures, "A", "B", 40)
	xf.SetColWidth(figures, "C", "K", 12)
	xf.SetColWidth(figures, "L", "L", 50)
	xf.SetPanes(figures, &excelize.Panes{Freeze: true, YSplit: first, TopLeftCell: cellName(1, first+1), ActivePane: "bottomLeft"})

	examples := x.loc.T("evidence.sheet.examples")
	if _, err := xf.NewSheet(examples); err != nil {
		return err
	}
	head = []any{h[0], h[6]}
	for _, k := range []string{"from", "to", "title", "organisation", "region", "settlement", "total", "description"} {
		head = append(head, x.loc.T("export.col."+k))
	}
	if err := xf.SetSheetRow(examples, "A1", &head); err != nil {
		return err
	}
	xf.SetCellStyle(examples, "A1", cellName(len(head), 1), st.header)
	row = 1
	day := func(d alliance.Date) any {
		if d.IsZero() {
			return ""
		}
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	}
	for _, c := range ev.Clusters {
		for _, a := range c.Articles {
			for _, e := range a.Examples {
				row++
				values := []any{x.loc.Cluster(c.Cluster), x.loc.Article(a.Article), day(e.Start), day(e.End), e.Title,
					x.o.Orgs[e.OrgID], x.region(e.RegionID), e.Settlement, e.Reached.Total(), e.Description}
				if err := xf.SetSheetRow(examples, cellName(1, row), &values); err != nil {
					return err
				}
				xf.SetCellStyle(examples, cellName(3, row), cellName(4, row), st.date)
			}
		}
	}
	xf.SetColWidth(examples, "A", "B", 34)
	xf.SetColWidth(examples, "C", "D", 12)
	xf.SetColWidth(examples, "E", "H", 24)
	xf.SetColWidth(examples, "J", "J", 60)
	xf.SetActiveSheet(0)
	_, err = xf.WriteTo(w)
	return err
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}
