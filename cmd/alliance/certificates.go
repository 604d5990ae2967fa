package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/certpdf"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// runCertificates issues the certificates of a training's (or, with --all,
// every training's) participants who completed it, and prints all the
// valid ones into one PDF.
func runCertificates(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("alliance certificates", flag.ContinueOnError)
	dir := dataFlag(fs)
	training := fs.String("training", "", "the training's id")
	all := fs.Bool("all", false, "every training")
	file := fs.String("out", "", "the PDF to write")
	langs := fs.String("languages", alliance.LanguagePairs[0], "language pair: az+en, az+ru, ru+en, az, en or ru")
	list := fs.Bool("list", false, "list the trainings with their ids, newest first")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*list && (*file == "" || (*training == "") == !*all) {
		return fmt.Errorf("certificates needs --out FILE and either --training ID or --all (--list shows the ids)")
	}
	db, err := openData(*dir)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	if *list {
		return listTrainings(ctx, db, out)
	}
	ids := []string{*training}
	if *all {
		ts, err := sqlite.NewTrainingService(db).FindTrainings(ctx)
		if err != nil {
			return err
		}
		ids = ids[:0]
		for _, t := range ts {
			ids = append(ids, t.ID)
		}
	}
	cs := sqlite.NewCertificateService(db)
	var certs []alliance.Certificate
	for _, id := range ids {
		issued, err := cs.Issue(ctx, id, nil, *langs)
		if err != nil {
			return err
		}
		certs = append(certs, issued...)
	}
	if len(certs) == 0 {
		return fmt.Errorf("no participant has completed the training yet: nothing to print")
	}
	e, err := sqlite.NewSyncStore(db).Enrolment(ctx)
	if err != nil {
		return err
	}
	err = safefile.Write(*file, func(w io.Writer) error {
		return certpdf.Write(w, certs, certpdf.Options{
			VerifyURL: func(c *alliance.Certificate) string {
				if e.Server == "" {
					return ""
				}
				return syncproto.VerifyURL(e.Server, c.Serial, c.Code)
			},
			Progress: func(done, total int) { fmt.Fprintf(out, "\r%d / %d certificates", done, total) },
		})
	})
	fmt.Fprintln(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d certificates written to %s\n", len(certs), *file)
	return nil
}

// listTrainings prints each training's id, dates, hours and title, so that
// a script (or support on the phone) can name one to --training.
func listTrainings(ctx context.Context, db *sqlite.DB, out io.Writer) error {
	ts, err := sqlite.NewTrainingService(db).FindTrainings(ctx)
	if err != nil {
		return err
	}
	for i := range ts {
		from, to := ts[i].Period()
		fmt.Fprintf(out, "%s  %s–%s  %5.1f h  %s\n", ts[i].ID, from, to, ts[i].TotalHours(), ts[i].Title)
	}
	return nil
}
