// Command alliance is the desktop app of the NGO Alliance for Child Rights:
// the activity log (and later trainings, contests, reports) kept offline on
// the laptop. This file only wires the parts together.
//
//	alliance [--data DIR]                         open the app
//	alliance demo [--data DIR] [--activities N]   fill a data folder with demo data
//	alliance enroll [--data DIR] --server URL --code CODE
//	alliance sync [--data DIR]                    one sync round, with progress
//	alliance certificates [--data DIR] (--training ID | --all) --out FILE.pdf
//	alliance update [--data DIR] [--install | --go-back]
//	alliance version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/assets"
	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/ui"
	"github.com/ngo-alliance/alliance/internal/update"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0"

const appID = "az.ngoalliance.alliance"

func main() {
	args := os.Args[1:]
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "":
		if err = runApp(args); errors.Is(err, errRestart) {
			err = restart() // runApp has closed the data folder
		}
	case "demo":
		err = runDemo(args)
	case "enroll":
		err = runEnroll(args, os.Stdout)
	case "sync":
		err = runSync(args, os.Stdout)
	case "certificates":
		err = runCertificates(args, os.Stdout)
	case "export":
		err = runExport(args, os.Stdout)
	case "backup":
		err = runBackup(args, os.Stdout)
	case "restore":
		err = runRestore(args, os.Stdout)
	case "update":
		err = runUpdate(args, os.Stdout)
	case "bundle":
		err = runBundle(args, os.Stdout)
	case "version":
		fmt.Println("alliance", version)
	case "help":
		usage()
	default:
		fmt.Fprintf(os.Stderr, "alliance: unknown command %q\n\n", cmd)
		usage()
		os.Exit(2)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "alliance:", alliance.ErrorMessage(err))
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  alliance [--data DIR]                          open the app on the data folder
  alliance demo [--data DIR] [--activities N] [--trainings N] [--entries N]
                                                 fill the data folder with demo data
  alliance enroll [--data DIR] --server URL --code CODE [--name NAME]
                                                 connect this laptop to the secretariat's server
  alliance sync [--data DIR]                     run one sync round, printing progress
  alliance certificates [--data DIR] (--training ID | --all) --out FILE.pdf [--languages az+en]
                                                 issue and print the certificates of who completed
  alliance export [--data DIR] --format xlsx|csv|pdf --from DATE --to DATE --out FILE
                 [--lang az|ru|en] [--org ID] [--region ID] [--table activities|trainings|participants|certificates|entries]
                 [--include-child-names]          the figures and records of a period
  alliance backup [--data DIR] --out FOLDER      the records and files to a new folder (a USB stick)
  alliance restore --from FOLDER [--data NEWDIR] a new laptop from a backup: connect it again with a new code
  alliance update [--data DIR] [--install | --go-back]
                                                 fetch and check a new version the secretariat sent; put it in place
  alliance bundle save --out FILE [--files]      without a connection: what the server has not acknowledged,
                                                 to a file for the secretariat (--files: with the files)
  alliance bundle open FILE                      take the secretariat's reply: acknowledgements, records, files
  alliance version                               print the version

The default data folder is `+defaultDataDir()+`
`)
}

func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", defaultDataDir(), "data folder (created when missing)")
}

// runApp opens the data folder and shows the window.
func runApp(args []string) error {
	fs := flag.NewFlagSet("alliance", flag.ContinueOnError)
	dir := dataFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	// A backup chosen in Settings on a new installation is restored now,
	// before the data is opened.
	if due, _, err := sqlite.FinishRestore(context.Background(), *dir); due && err != nil {
		showOpenError(a, err)
		return err
	}
	db, err := sqlite.Open(*dir, nil)
	if err != nil {
		showOpenError(a, err)
		return err
	}
	defer db.Close()
	files, err := openFiles(*dir, db)
	if err != nil {
		showOpenError(a, err)
		return err
	}
	// The files kept in the clear before the data was sealed (an update
	// brought sealing) are sealed once the key is open.
	db.OnUnlock(func() {
		go func() {
			if n, err := files.SealAll(); err != nil {
				log.Printf("alliance: seal the files: %v (again at the next start)", err)
			} else if n > 0 {
				log.Printf("alliance: sealed %d files kept in the clear", n)
			}
		}()
	})

	// Until a sign-in opens the data key, nothing syncs (the pulled
	// children's data could not be sealed).
	syncer := syncclient.New(sqlite.NewSyncStore(db), syncclient.Options{App: version, Platform: update.Platform(), Ready: db.Unlocked})
	transfers := syncclient.NewTransfers(syncer, sqlite.NewSyncStore(db), files.Store(), syncclient.TransferOptions{Ready: db.Unlocked})
	db.OnUnlock(func() { syncer.SyncNow(); transfers.Kick() })
	updater := newUpdater(db, files, transfers)
	db.OnUnlock(updater.Kick) // a release fetched before the start is checked once its file opens
	syncer.OnRelease(updater.Offer)
	eraseWhenLost(syncer, db, files)
	forgetWithdrawn(syncer, sqlite.NewSyncStore(db), files)
	if err := syncer.Open(); err != nil {
		showOpenError(a, err)
		return err
	}
	defer syncer.Close()
	if err := transfers.Open(); err != nil {
		showOpenError(a, err)
		return err
	}
	defer transfers.Close()
	if err := updater.Open(); err != nil {
		showOpenError(a, err)
		return err
	}
	defer updater.Close()

	svc := services(db, files, syncer, transfers)
	svc.Updates = updater
	// Colleagues' bundles carried: handed in after each round online, and
	// the round after brings what they carried.
	relay := syncclient.NewRelay(filepath.Join(*dir, "relay"), syncer)
	syncer.OnRound(func() {
		if n, err := relay.Pass(context.Background()); err != nil {
			log.Printf("alliance: hand in the carried bundles: %v", err)
		} else if n > 0 {
			syncer.SyncNow()
		}
	})
	svc.Bundles = &syncclient.Bundles{Syncer: syncer, Files: files.Store(), Relay: relay}
	svc.Profiles = sqlite.NewProfileService(db)
	svc.History = sqlite.NewHistoryService(db)
	u := ui.New(a, svc, ui.Info{DataDir: *dir, DeviceID: db.DeviceID, Version: version})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	err = u.Load(ctx)
	cancel()
	if err != nil {
		showOpenError(a, err)
		return err
	}
	fitScreen(a, u)
	u.Show()
	a.Run()
	u.Close()
	if sqlite.RestorePending(*dir) {
		return errRestart // the user chose a backup: starting again restores it
	}
	if p := u.RestartWith(); p != "" {
		restartProgram = p // a new version (or the previous one) put in place
		return errRestart
	}
	return nil
}

func services(db *sqlite.DB, files alliance.FileService, syncer alliance.SyncService, transfers alliance.TransferService) ui.Services {
	return ui.Services{
		Activities:    sqlite.NewActivityService(db),
		Regions:       sqlite.NewRegionService(db),
		Organisations: sqlite.NewOrganisationService(db),
		Settings:      sqlite.NewSettingsService(db),
		Outbox:        sqlite.NewOutboxService(db),
		Trainings:     sqlite.NewTrainingService(db),
		Certificates:  sqlite.NewCertificateService(db),
		Contests:      sqlite.NewContestService(db),
		Campaigns:     sqlite.NewCampaignService(db),
		Library:       sqlite.NewLibraryService(db),
		Files:         files,
		Transfers:     transfers,
		Reports:       sqlite.NewReportService(db),
		Sync:          syncer,
		OnChange:      db.OnChange,
		Backups:       db,
	}
}

// showOpenError shows why the data could not be opened, in the system's
// language when it is one of the app's (the chosen one is in the data).
func showOpenError(a fyne.App, err error) {
	if l := systemLanguage(); l != "" {
		_ = i18n.SetLanguage(l)
	}
	w := a.NewWindow(i18n.T("app.name"))
	msg := widget.NewLabel(i18n.Error(err))
	msg.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle(i18n.T("error.open_failed"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		msg,
		widget.NewButton(i18n.T("dialog.close"), a.Quit),
	)))
	w.Resize(fyne.NewSize(560, 220))
	w.ShowAndRun()
}

// runDemo fills a data folder with demo data.
func runDemo(args []string) error {
	fs := flag.NewFlagSet("alliance demo", flag.ContinueOnError)
	dir := dataFlag(fs)
	n := fs.Int("activities", 2000, "number of activities to make")
	orgs := fs.Int("organisations", 59, "number of organisations to make")
	trainings := fs.Int("trainings", 12, "number of trainings to make (with rosters, attendance, certificates)")
	entries := fs.Int("entries", 300, "number of contest entries to make (with drawings), -1 for none")
	seed := fs.Uint64("seed", 1, "random seed; the same seed makes the same data")
	force := fs.Bool("force", false, "add demo data to a folder that already holds records (never to a connected laptop's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openData(*dir)
	if err != nil {
		return err
	}
	defer db.Close()
	// Demo data on a laptop connected to the secretariat would be sent as
	// real work (and its organisations replace the laptop's); mixed into a
	// folder of real records it could not be told apart.
	ctx := context.Background()
	if e, err := sqlite.NewSyncStore(db).Enrolment(ctx); err != nil {
		return err
	} else if e.Enrolled() {
		return alliance.Errorf(alliance.EINVALID, "%s belongs to a laptop connected to %s: demo data would be sent as real work; "+
			"use another folder (--data)", *dir, e.Server)
	}
	if held, err := db.HoldsRecords(ctx); err != nil {
		return err
	} else if held && !*force {
		return alliance.Errorf(alliance.EINVALID, "%s already holds records: demo data would mix with them; use another folder "+
			"(--data), or --force to add it anyway", *dir)
	}
	start := time.Now()
	files, err := openFiles(*dir, db)
	if err != nil {
		return err
	}
	err = demo.Generate(ctx, demo.ServicesOf(db, files), demo.Options{
		Organisations: *orgs, Activities: *n, Trainings: *trainings, Entries: *entries, Seed: *seed,
		Progress: func(done, total int) { fmt.Printf("\r%d / %d activities", done, total) },
	})
	fmt.Println()
	if err != nil {
		return err
	}
	fmt.Printf("%d organisations, %d activities, %d trainings and %d contest entries written to %s in %s\n",
		*orgs, *n, *trainings, max(*entries, 0), *dir, time.Since(start).Round(time.Millisecond))
	return nil
}
