package report

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Formats are the kinds of file an export can be.
var Formats = []string{"xlsx", "csv", "pdf"}

// Export writes one export to w: the Excel workbook (summary and every
// table), table t as CSV, or the printed summary as PDF.
func Export(ctx context.Context, w io.Writer, format string, src alliance.ReportService, t Table, f alliance.ReportFilter, o Options) error {
	switch strings.ToLower(format) {
	case "xlsx":
		return WriteXLSX(ctx, w, src, f, o)
	case "csv":
		return WriteCSV(ctx, w, src, t, f, o)
	case "pdf":
		return WritePDF(ctx, w, src, f, o)
	}
	return fmt.Errorf("unknown format %q: xlsx, csv or pdf", format)
}
