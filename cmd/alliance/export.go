package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// runExport writes a report of a period: an Excel file (summary and every
// table), one table as CSV, or the printed summary as PDF.
func runExport(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("alliance export", flag.ContinueOnError)
	dir := dataFlag(flags)
	format := flags.String("format", "xlsx", "xlsx, csv or pdf")
	from := flags.String("from", "", "first day, YYYY-MM-DD or dd.mm.yyyy (empty: from the start)")
	to := flags.String("to", "", "last day (empty: until today)")
	file := flags.String("out", "", "the file to write")
	lang := flags.String("lang", "az", "language: az, ru or en")
	org := flags.String("org", "", "one organisation's id (empty: all the laptop holds)")
	region := flags.String("region", "", "one region's id")
	table := flags.String("table", string(report.Activities), "for csv: activities, trainings, participants, certificates or entries")
	names := flags.Bool("include-child-names", false, "children's full names (contest entries: only where the guardian allowed publication)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *file == "" {
		return fmt.Errorf("export needs --out FILE")
	}
	f := alliance.ReportFilter{OrgID: *org, RegionID: *region}
	var err error
	if f.From, err = parseDay(*from); err != nil {
		return err
	}
	if f.To, err = parseDay(*to); err != nil {
		return err
	}
	db, err := sqlite.Open(*dir, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	regions, err := sqlite.NewRegionService(db).FindRegions(ctx)
	if err != nil {
		return err
	}
	orgs, err := sqlite.NewOrganisationService(db).FindOrganisations(ctx)
	if err != nil {
		return err
	}
	o := report.Options{Lang: *lang, Regions: regions, Orgs: map[string]string{}, IncludeChildNames: *names,
		Progress: func(n int) { fmt.Fprintf(out, "%d rows\n", n) }}
	for _, x := range orgs {
		o.Orgs[x.ID] = x.Name
	}
	// Written beside the target and renamed: a cut export never leaves a
	// half file under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(*file), ".export-*")
	if err != nil {
		return alliance.OSError(err, filepath.Dir(*file))
	}
	defer os.Remove(tmp.Name())
	src := sqlite.NewReportService(db)
	switch strings.ToLower(*format) {
	case "xlsx":
		err = report.WriteXLSX(ctx, tmp, src, f, o)
	case "csv":
		err = report.WriteCSV(ctx, tmp, src, report.Table(*table), f, o)
	case "pdf":
		err = report.WritePDF(ctx, tmp, src, f, o)
	default:
		err = fmt.Errorf("unknown format %q: xlsx, csv or pdf", *format)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	var pe *fs.PathError
	if errors.As(err, &pe) || errors.Is(err, syscall.ENOSPC) {
		return alliance.OSError(err, filepath.Dir(*file)) // the disk, not the data
	} else if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *file); err != nil {
		return alliance.OSError(err, filepath.Dir(*file))
	}
	fmt.Fprintf(out, "written to %s\n", *file)
	return nil
}

// parseDay reads a day typed either way; "" is no bound.
func parseDay(s string) (alliance.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return alliance.Date{}, nil
	}
	if d, err := alliance.ParseISODate(s); err == nil {
		return d, nil
	}
	d, err := alliance.ParseDMY(s)
	if err != nil {
		return d, fmt.Errorf("%q is not a date: write YYYY-MM-DD or dd.mm.yyyy", s)
	}
	return d, nil
}
