package report

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/certpdf"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// MaxPrintedRows is how many activities the printed summary lists; the
// Excel file has them all.
const MaxPrintedRows = 3000

var errEnough = errors.New("enough rows")

// WritePDF prints the summary of the filter: the figures, the charts and
// the list of activities, in the export's language, through the same PDF
// code as the certificates.
func WritePDF(ctx context.Context, w io.Writer, src alliance.ReportService, f alliance.ReportFilter, o Options) error {
	x := newExporter(o)
	sum, err := src.Summary(ctx, f)
	if err != nil {
		return err
	}
	period, scope := x.title(sum)
	doc := &certpdf.Summary{
		Title: x.loc.T("report.title"), Period: period, Scope: scope, Page: x.loc.T("report.page"),
		Made:       strings.TrimSpace(x.loc.Tf("report.made", i18n.Args{"Date": time.Now().Format("02.01.2006 15:04")}) + " " + x.madeBy()),
		TableTitle: x.loc.T("report.table.activities"),
		Columns: []string{x.loc.T("export.col.from"), x.loc.T("export.col.title"), x.loc.T("export.col.kind"),
			x.loc.T("export.col.region"), x.loc.T("export.col.total")},
		Widths: []float64{13, 45, 20, 18, 10},
	}
	for _, fig := range x.figures(sum) {
		doc.Figures = append(doc.Figures, [2]string{fig.Label, x.loc.Figure(fig.Value)})
	}
	for _, ch := range x.charts(sum) {
		if empty(ch.Values) {
			continue // paper is for what happened: no empty charts
		}
		png, err := ch.PNG(460, 260, 2)
		if err != nil {
			return err
		}
		doc.Charts = append(doc.Charts, png)
	}
	err = src.EachActivity(ctx, f, func(a *alliance.Activity) error {
		if len(doc.Rows) == MaxPrintedRows {
			return errEnough
		}
		doc.Rows = append(doc.Rows, []string{a.Start.DMY(), a.Title, x.loc.T("kind." + string(a.Kind)), x.region(a.RegionID),
			strconv.Itoa(a.Reached.Total())})
		return nil
	})
	if errors.Is(err, errEnough) {
		doc.More = x.loc.Tf("report.more", i18n.Args{"Shown": MaxPrintedRows, "All": sum.Activities})
	} else if err != nil {
		return err
	}
	return certpdf.WriteSummary(w, doc)
}

// empty reports whether a chart has nothing to show.
func empty(values []float64) bool {
	for _, v := range values {
		if v != 0 {
			return false
		}
	}
	return true
}
