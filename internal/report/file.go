package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

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

// SaveFile writes a file through a temporary one beside path, renamed
// when complete: a cut or failed export never leaves a half file under
// the name chosen, nor a temporary one. The file is readable by its owner
// only — exports hold children's data. Trouble with the folder or the
// disk comes back as the translated OS error.
func SaveFile(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".export-*")
	if err != nil {
		return alliance.OSError(err, dir)
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	var pe *fs.PathError
	if errors.As(err, &pe) || errors.Is(err, syscall.ENOSPC) {
		return alliance.OSError(err, dir) // the disk or the folder, not the data
	} else if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return alliance.OSError(err, dir)
	}
	return nil
}
