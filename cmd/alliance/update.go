package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/update"
)

// runUpdate asks the server for a new version (one sync round), fetches
// and checks it; --install puts it in place of this program, --go-back
// puts the previous version back. Neither starts the program.
func runUpdate(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("alliance update", flag.ContinueOnError)
	dir := dataFlag(fs)
	install := fs.Bool("install", false, "install the new version once it is here and checked")
	goBack := fs.Bool("go-back", false, "put the version this one replaced back")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	db, err := openData(*dir)
	if err != nil {
		return err
	}
	defer db.Close()
	files, err := openFiles(*dir, db)
	if err != nil {
		return err
	}
	syncer := syncclient.New(sqlite.NewSyncStore(db), syncclient.Options{App: version, Platform: update.Platform()})
	transfers := syncclient.NewTransfers(syncer, sqlite.NewSyncStore(db), files.Store(), syncclient.TransferOptions{})
	u := newUpdater(db, files, transfers)
	syncer.OnRelease(u.Offer)
	if err := u.Open(); err != nil {
		return err
	}
	defer u.Close()
	if *goBack {
		st := u.Status()
		if _, err := u.GoBack(ctx); err != nil {
			return err
		}
		fmt.Fprintf(out, "version %s is back in place of %s; start Alliance again\n", st.Previous, version)
		return nil
	}
	if err := syncer.Round(ctx); err != nil {
		return err
	}
	if err := u.Check(ctx); err != nil {
		return err
	}
	if u.Status().State == alliance.UpdateDownloading {
		fmt.Fprintf(out, "fetching version %s (%d KB)\n", u.Status().Version, u.Status().Size>>10)
		if err := transfers.Pass(ctx); err != nil {
			return err
		}
		if err := u.Check(ctx); err != nil {
			return err
		}
	}
	st := u.Status()
	switch st.State {
	case alliance.UpdateNone:
		fmt.Fprintf(out, "Alliance %s is the newest version the secretariat has sent\n", version)
		return nil
	case alliance.UpdateDownloading:
		why := ""
		for _, f := range transfers.Transfers().Files {
			if !f.Upload && f.Name != "" && f.State != alliance.TransferDone && f.Code != "" && strings.Contains(f.Name, st.Version) {
				why = fmt.Sprintf(" (%s: %s)", f.Code, f.Message)
			}
		}
		return fmt.Errorf("version %s is not here yet%s: run alliance update again", st.Version, why)
	case alliance.UpdateRefused:
		return fmt.Errorf("version %s is refused: %w", st.Version, st.Err)
	}
	if !*install {
		fmt.Fprintf(out, "version %s is here and checked: alliance update --install puts it in place\n", st.Version)
		return nil
	}
	if _, err := u.Install(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "version %s is installed in place of %s (kept: alliance update --go-back); start Alliance again\n", st.Version, version)
	return nil
}
