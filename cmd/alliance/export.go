package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/report"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// runExport writes a report of a period: an Excel file (summary and every
// table), one table as CSV, or the printed summary as PDF; with --evidence,
// the evidence for the alternative report to the UN Committee, by cluster
// and article of the Convention, as a Word document or a workbook.
func runExport(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("alliance export", flag.ContinueOnError)
	dir := dataFlag(flags)
	format := flags.String("format", "xlsx", "xlsx, csv or pdf; with --evidence docx or xlsx")
	evidence := flags.Bool("evidence", false, "the evidence for the alternative report (CRC), by cluster and article")
	from := flags.String("from", "", "first day, YYYY-MM-DD or dd.mm.yyyy (empty: from the start)")
	to := flags.String("to", "", "last day (empty: no end)")
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
	switch {
	case *evidence && !slices.Contains(report.EvidenceFormats, strings.ToLower(*format)):
		return fmt.Errorf("unknown format %q for the evidence: docx or xlsx", *format)
	case !*evidence && !slices.Contains(report.Formats, strings.ToLower(*format)):
		return fmt.Errorf("unknown format %q: xlsx, csv or pdf", *format)
	}
	if !slices.Contains(i18n.Languages, *lang) {
		return fmt.Errorf("unknown language %q: az, ru or en", *lang)
	}
	if !slices.Contains(report.Tables, report.Table(*table)) {
		return fmt.Errorf("unknown table %q: activities, trainings, participants, certificates or entries", *table)
	}
	f := alliance.ReportFilter{OrgID: *org, RegionID: *region}
	var err error
	if f.From, err = parseDay(*from); err != nil {
		return err
	}
	if f.To, err = parseDay(*to); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		return fmt.Errorf("--from %s is after --to %s", f.From, f.To)
	}
	db, err := openData(*dir)
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
	o := report.Options{Lang: *lang, Regions: regions, Orgs: map[string]string{}, IncludeChildNames: *names, Device: db.DeviceID,
		Progress: func(n int) { fmt.Fprintf(out, "%d rows\n", n) }}
	for _, x := range orgs {
		o.Orgs[x.ID] = x.NameIn(*lang)
	}
	campaigns, err := sqlite.NewCampaignService(db).FindCampaigns(ctx)
	if err != nil {
		return err
	}
	o.Campaigns = map[string]string{}
	for _, c := range campaigns {
		o.Campaigns[c.ID] = c.NameIn(*lang)
	}
	resources, err := sqlite.NewLibraryService(db).FindResources(ctx)
	if err != nil {
		return err
	}
	o.Resources = map[string]string{}
	for _, r := range resources {
		o.Resources[r.ID] = r.Version(*lang).Title
	}
	src := sqlite.NewReportService(db)
	err = safefile.Write(*file, func(w io.Writer) error {
		if *evidence {
			return report.WriteEvidence(ctx, w, *format, src, f, o)
		}
		return report.Export(ctx, w, *format, src, report.Table(*table), f, o)
	})
	if err != nil {
		return err
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
