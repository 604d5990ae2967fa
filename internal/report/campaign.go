package report

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/certpdf"
	"github.com/ngo-alliance/alliance/internal/chart"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// CampaignFormats are the kinds of file a project report is written as.
var CampaignFormats = []string{"xlsx", "pdf"}

// WriteCampaign writes the project report of campaign id: its indicators
// against their targets (with their breakdowns) and the activities linked
// to it, as a workbook (xlsx) or printed (pdf), in the language of o.
func WriteCampaign(ctx context.Context, w io.Writer, format string, src alliance.CampaignService, id string, o Options) error {
	rep, err := src.CampaignProgress(ctx, id)
	if err != nil {
		return err
	}
	x := newExporter(o)
	switch strings.ToLower(format) {
	case "xlsx":
		return x.campaignXLSX(ctx, w, src, rep)
	case "pdf":
		return x.campaignPDF(w, rep)
	}
	return fmt.Errorf("unknown project report format %q: xlsx or pdf", format)
}

// unit is what an indicator counts, in words.
func (x *exporter) unit(ind alliance.Indicator) string {
	if ind.Measure == alliance.MeasureManual {
		return ind.Unit
	}
	return x.loc.T("campaign.measure." + string(ind.Measure))
}

// breakdown says an indicator's split in one line: "girls 13; boys 5".
func (x *exporter) breakdown(p alliance.IndicatorProgress) string {
	out := make([]string, len(p.Breakdown))
	for i, c := range p.Breakdown {
		var label string
		switch p.Indicator.Breakdown {
		case alliance.ByRegion:
			label = x.loc.T("campaign.no_region")
			if c.Key != "" {
				label = x.region(c.Key)
			}
		default:
			label = x.loc.T("campaign.part." + c.Key)
		}
		out[i] = label + " " + x.loc.Number(c.Value)
	}
	return strings.Join(out, "; ")
}

// percent writes a share of the target ("—" without a target).
func (x *exporter) percent(p alliance.IndicatorProgress) string {
	if p.Indicator.Target <= 0 {
		return "—"
	}
	return x.loc.Figure(float64(int(p.Percent()*10+0.5))/10) + " %"
}

// campaignHead is the campaign's period and what it is: kind, donor,
// regions.
func (x *exporter) campaignHead(c alliance.Campaign) (period, scope string) {
	period = c.Start.DMY() + " – " + c.End.DMY()
	parts := []string{x.loc.T("campaign.kind." + string(c.Kind))}
	if c.Donor != "" {
		parts = append(parts, x.loc.Tf("campaign.donor_is", i18n.Args{"Donor": c.Donor}))
	}
	if len(c.Regions) > 0 {
		names := make([]string, len(c.Regions))
		for i, r := range c.Regions {
			names[i] = x.region(r)
		}
		parts = append(parts, strings.Join(names, ", "))
	}
	return period, strings.Join(parts, " · ")
}

func (x *exporter) campaignXLSX(ctx context.Context, w io.Writer, src alliance.CampaignService, rep *alliance.CampaignReport) error {
	xf := excelize.NewFile()
	defer xf.Close()
	st, err := newStyles(xf)
	if err != nil {
		return err
	}
	sheet := x.loc.T("campaign.sheet.indicators")
	if err := xf.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	c := rep.Campaign
	period, scope := x.campaignHead(c)
	xf.SetCellValue(sheet, "A1", c.NameIn(x.o.Lang))
	xf.SetCellStyle(sheet, "A1", "A1", st.title)
	xf.SetCellValue(sheet, "A2", period)
	xf.SetCellValue(sheet, "A3", scope)
	xf.SetCellValue(sheet, "A4", x.loc.Tf("campaign.linked", i18n.Args{"N": x.loc.Number(rep.Activities),
		"People": x.loc.Number(rep.Reached.Total())}))
	head := []any{}
	for _, k := range []string{"indicator", "unit", "target", "actual", "percent", "breakdown"} {
		head = append(head, x.loc.T("campaign.col."+k))
	}
	const first = 6
	if err := xf.SetSheetRow(sheet, cellName(1, first), &head); err != nil {
		return err
	}
	xf.SetCellStyle(sheet, cellName(1, first), cellName(len(head), first), st.header)
	for i, p := range rep.Indicators {
		var pct any = ""
		if p.Indicator.Target > 0 {
			pct = p.Percent() / 100
		}
		row := []any{p.Indicator.Name, x.unit(p.Indicator), p.Indicator.Target, p.Actual, pct, x.breakdown(p)}
		if err := xf.SetSheetRow(sheet, cellName(1, first+1+i), &row); err != nil {
			return err
		}
	}
	if pctStyle, err := xf.NewStyle(&excelize.Style{NumFmt: 10}); err == nil { // 0.00%
		xf.SetCellStyle(sheet, cellName(5, first+1), cellName(5, first+len(rep.Indicators)), pctStyle)
	}
	xf.SetColWidth(sheet, "A", "A", 40)
	xf.SetColWidth(sheet, "B", "B", 24)
	xf.SetColWidth(sheet, "C", "E", 12)
	xf.SetColWidth(sheet, "F", "F", 50)

	acts := x.loc.T("export.sheet.activities")
	if _, err := xf.NewSheet(acts); err != nil {
		return err
	}
	cols := x.activityColumns()
	head = make([]any, len(cols))
	for i, col := range cols {
		head[i] = col.header
	}
	if err := xf.SetSheetRow(acts, "A1", &head); err != nil {
		return err
	}
	xf.SetCellStyle(acts, "A1", cellName(len(head), 1), st.header)
	row := 1
	err = src.EachCampaignActivity(ctx, c.ID, func(a *alliance.Activity) error {
		row++
		values := x.activityRow(a)
		for i, v := range values {
			values[i] = cellOf(v, st)
		}
		return xf.SetSheetRow(acts, cellName(1, row), &values)
	})
	if err != nil {
		return err
	}
	xf.SetActiveSheet(0)
	_, err = xf.WriteTo(w)
	return err
}

// campaignPDF prints the indicators against their targets, with a chart
// of how far each has come.
func (x *exporter) campaignPDF(w io.Writer, rep *alliance.CampaignReport) error {
	c := rep.Campaign
	period, scope := x.campaignHead(c)
	doc := &certpdf.Summary{
		Title: c.NameIn(x.o.Lang), Period: period, Scope: scope, Page: x.loc.T("report.page"),
		Made:       strings.TrimSpace(x.loc.Tf("report.made", i18n.Args{"Date": time.Now().Format("02.01.2006 15:04")}) + " " + x.madeBy()),
		TableTitle: x.loc.T("campaign.sheet.indicators"),
		Columns: []string{x.loc.T("campaign.col.indicator"), x.loc.T("campaign.col.target"), x.loc.T("campaign.col.actual"),
			x.loc.T("campaign.col.percent"), x.loc.T("campaign.col.breakdown")},
		Widths: []float64{34, 12, 12, 10, 38},
	}
	r := rep.Reached
	for _, f := range []struct {
		key string
		n   int
	}{{"activities", rep.Activities}, {"reached", r.Total()}, {"children", r.Children()}, {"disabled", r.Disabled},
		{"regions", len(rep.Regions)}} {
		doc.Figures = append(doc.Figures, [2]string{x.loc.T("report.fig." + f.key), x.loc.Number(f.n)})
	}
	ch := &chart.Chart{Title: x.loc.T("campaign.chart"), Kind: chart.HBars, Number: func(v float64) string {
		return x.loc.Figure(float64(int(v+0.5))) + " %"
	}}
	for _, p := range rep.Indicators {
		unit := x.unit(p.Indicator)
		name := p.Indicator.Name
		if unit != "" {
			name += " (" + unit + ")"
		}
		doc.Rows = append(doc.Rows, []string{name, x.loc.Figure(p.Indicator.Target), x.loc.Figure(p.Actual), x.percent(p), x.breakdown(p)})
		if p.Indicator.Target > 0 {
			ch.Labels = append(ch.Labels, p.Indicator.Name)
			ch.Values = append(ch.Values, p.Percent())
		}
	}
	if len(ch.Values) > 0 {
		png, err := ch.PNG(460, 40+24*len(ch.Values), 2)
		if err != nil {
			return err
		}
		doc.Charts = append(doc.Charts, png)
	}
	if len(doc.Rows) == 0 {
		doc.More = x.loc.T("campaign.no_indicators")
	}
	return certpdf.WriteSummary(w, doc)
}

// Labels say a campaign's indicators as the project report does, for the
// screens: what one counts, its share of the target, its breakdown.
type Labels struct{ x *exporter }

// Labeller returns the labels of o's language.
func Labeller(o Options) Labels { return Labels{newExporter(o)} }

// Unit is what the indicator counts, in words.
func (l Labels) Unit(ind alliance.Indicator) string { return l.x.unit(ind) }

// Percent is the indicator's share of its target ("—" without one).
func (l Labels) Percent(p alliance.IndicatorProgress) string { return l.x.percent(p) }

// Breakdown is the indicator's split in one line.
func (l Labels) Breakdown(p alliance.IndicatorProgress) string { return l.x.breakdown(p) }
