package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// WriteXLSX writes an Excel file of the filter: a summary sheet (period,
// scope, figures, charts) and one sheet per table, headers in the
// export's language, dates as dates and numbers as numbers. The sheets
// are streamed: memory stays bounded whatever the number of rows.
func WriteXLSX(ctx context.Context, w io.Writer, src alliance.ReportService, f alliance.ReportFilter, o Options) error {
	x := newExporter(o)
	sum, err := src.Summary(ctx, f)
	if err != nil {
		return err
	}
	xf := excelize.NewFile()
	defer xf.Close()
	styles, err := newStyles(xf)
	if err != nil {
		return err
	}
	summary := x.loc.T("export.sheet.summary")
	if err := xf.SetSheetName("Sheet1", summary); err != nil {
		return err
	}
	if err := x.summarySheet(xf, summary, sum, styles); err != nil {
		return err
	}
	written := 0
	for _, t := range Tables {
		if err := x.tableSheet(ctx, xf, src, t, f, styles, &written); err != nil {
			return err
		}
	}
	if err := x.resourcesSheet(ctx, xf, src, f, styles); err != nil {
		return err
	}
	x.done(written)
	xf.SetActiveSheet(0)
	_, err = xf.WriteTo(w)
	return err
}

type styles struct {
	header, date, number, title int
}

func newStyles(xf *excelize.File) (*styles, error) {
	var s styles
	var err error
	if s.header, err = xf.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F2"}}}); err != nil {
		return nil, err
	}
	date := "dd.mm.yyyy"
	if s.date, err = xf.NewStyle(&excelize.Style{CustomNumFmt: &date}); err != nil {
		return nil, err
	}
	number := "0.##"
	if s.number, err = xf.NewStyle(&excelize.Style{CustomNumFmt: &number}); err != nil {
		return nil, err
	}
	if s.title, err = xf.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}); err != nil {
		return nil, err
	}
	return &s, nil
}

// summarySheet writes the period, the scope, the figures and the charts.
func (x *exporter) summarySheet(xf *excelize.File, sheet string, sum *alliance.Summary, st *styles) error {
	period, scope := x.title(sum)
	set := func(cell string, v any) error { return xf.SetCellValue(sheet, cell, v) }
	if err := set("A1", x.loc.T("report.title")); err != nil {
		return err
	}
	xf.SetCellStyle(sheet, "A1", "A1", st.title)
	set("A2", x.loc.T("export.col.period"))
	set("B2", period)
	set("A3", x.loc.T("export.col.scope"))
	set("B3", scope)
	if by := x.madeBy(); by != "" {
		set("A4", x.loc.T("export.col.made_by"))
		set("B4", by)
	}
	figures := x.figures(sum)
	for i, fig := range figures {
		row := 5 + i
		set(fmt.Sprintf("A%d", row), fig.Label)
		set(fmt.Sprintf("B%d", row), fig.Value)
	}
	xf.SetColWidth(sheet, "A", "A", 42)
	xf.SetColWidth(sheet, "B", "B", 28)
	// Each chart's figures as cells too, to copy into a report: by kind,
	// month, region, thematic area, contest category and region.
	charts := x.charts(sum)
	row := 5 + len(figures) + 1
	for _, ch := range charts {
		if ch.Title == x.loc.T("report.chart.people") {
			continue // the figures above
		}
		cell := fmt.Sprintf("A%d", row)
		set(cell, ch.Title)
		xf.SetCellStyle(sheet, cell, fmt.Sprintf("B%d", row), st.header)
		row++
		for i, label := range ch.Labels {
			set(fmt.Sprintf("A%d", row), label)
			set(fmt.Sprintf("B%d", row), ch.Values[i])
			row++
		}
		row++
	}
	for i, ch := range charts {
		pic, err := ch.PNG(460, 260, 2)
		if err != nil {
			return err
		}
		cell := fmt.Sprintf("D%d", 1+i*14)
		if err := xf.AddPictureFromBytes(sheet, cell, &excelize.Picture{Extension: ".png", File: pic,
			Format: &excelize.GraphicOptions{ScaleX: 0.5, ScaleY: 0.5}}); err != nil {
			return err
		}
	}
	return nil
}

// tableSheet streams one table into its sheet.
func (x *exporter) tableSheet(ctx context.Context, xf *excelize.File, src alliance.ReportService, t Table, f alliance.ReportFilter, st *styles, written *int) error {
	name := x.loc.T("export.sheet." + string(t))
	if _, err := xf.NewSheet(name); err != nil {
		return err
	}
	sw, err := xf.NewStreamWriter(name)
	if err != nil {
		return err
	}
	cols := x.columns(t)
	for i, c := range cols {
		width := 14.0
		if c.kind == text {
			width = 24
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err // the header stays in view
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{StyleID: st.header}); err != nil {
		return err
	}
	row := 1
	err = x.rows(ctx, src, t, f, func(values []any) error {
		row++
		cells := make([]any, len(values))
		for i, v := range values {
			cells[i] = cellOf(v, st)
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		x.tick(written)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

// resourcesSheet lists the library's resources the period's activities
// used: in how many activities, and the copies handed out.
func (x *exporter) resourcesSheet(ctx context.Context, xf *excelize.File, src alliance.ReportService, f alliance.ReportFilter, st *styles) error {
	uses, err := src.ResourceUses(ctx, f)
	if err != nil {
		return err
	}
	name := x.loc.T("export.sheet.resources")
	if _, err := xf.NewSheet(name); err != nil {
		return err
	}
	head := []any{x.loc.T("export.col.resource"), x.loc.T("export.col.activities"), x.loc.T("export.col.copies")}
	if err := xf.SetSheetRow(name, "A1", &head); err != nil {
		return err
	}
	xf.SetCellStyle(name, "A1", "C1", st.header)
	row := 1
	for _, u := range uses {
		title, ok := x.o.Resources[u.ResourceID]
		if !ok {
			continue // withdrawn, or not on this laptop
		}
		row++
		values := []any{title, u.Activities, u.Copies}
		if err := xf.SetSheetRow(name, cellName(1, row), &values); err != nil {
			return err
		}
	}
	xf.SetColWidth(name, "A", "A", 50)
	xf.SetColWidth(name, "B", "C", 18)
	return nil
}

// cellOf types a value for Excel: a date as a date, a number as a number.
func cellOf(v any, st *styles) any {
	switch x := v.(type) {
	case alliance.Date:
		if x.IsZero() {
			return ""
		}
		return excelize.Cell{StyleID: st.date, Value: time.Date(x.Year, x.Month, x.Day, 0, 0, 0, 0, time.UTC)}
	case float64:
		return excelize.Cell{StyleID: st.number, Value: x}
	}
	return v
}

// WriteCSV writes one table of the filter as CSV: UTF-8 with the mark
// Excel looks for, headers in the export's language, dates as YYYY-MM-DD
// and numbers with a decimal point, so that any program reads them.
func WriteCSV(ctx context.Context, w io.Writer, src alliance.ReportService, t Table, f alliance.ReportFilter, o Options) error {
	x := newExporter(o)
	cols := x.columns(t)
	if cols == nil {
		return alliance.Errorf(alliance.EINVALID, "no such table %q", t)
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.header
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	written := 0
	err := x.rows(ctx, src, t, f, func(values []any) error {
		rec := make([]string, len(values))
		for i, v := range values {
			switch y := v.(type) {
			case alliance.Date:
				if !y.IsZero() {
					rec[i] = y.String()
				}
			case float64:
				rec[i] = fmt.Sprintf("%g", y)
			case string:
				rec[i] = inert(y)
			default:
				rec[i] = fmt.Sprint(y)
			}
		}
		x.tick(&written)
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	x.done(written)
	cw.Flush()
	return cw.Error()
}

// inert keeps a text a spreadsheet would take for a formula as text: a
// title typed on another laptop as "=HYPERLINK(…)" must not run when the
// CSV is opened. (The Excel file stores text as text already.)
func inert(s string) string {
	if s != "" && strings.ContainsRune("=+@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// tick counts a row written, telling Progress every thousand.
func (x *exporter) tick(n *int) {
	*n++
	if x.o.Progress != nil && *n%1000 == 0 {
		x.o.Progress(*n)
	}
}

// done tells Progress the rows written in all.
func (x *exporter) done(n int) {
	if x.o.Progress != nil {
		x.o.Progress(n)
	}
}
