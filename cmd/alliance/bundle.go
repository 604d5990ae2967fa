package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/bundle"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/update"
)

// runBundle saves the laptop's changes to a file for the secretariat, or
// opens the reply it sent back (sync by file).
//
//	alliance bundle save --out FILE [--files]
//	alliance bundle open FILE
func runBundle(args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "save" && args[0] != "open") {
		return fmt.Errorf("bundle save --out FILE [--files], or bundle open FILE")
	}
	sub := args[0]
	fs := flag.NewFlagSet("alliance bundle "+sub, flag.ContinueOnError)
	dir := dataFlag(fs)
	file := fs.String("out", "", "the file to write (save)")
	withFiles := fs.Bool("files", false, "save: carry the files waiting to be sent, and ask for those waited for")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openData(*dir)
	if err != nil {
		return err
	}
	defer db.Close()
	files, err := openFiles(*dir, db)
	if err != nil {
		return err
	}
	s := syncclient.New(sqlite.NewSyncStore(db), syncclient.Options{App: version, Platform: update.Platform()})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()
	switch sub {
	case "save":
		if *file == "" {
			return fmt.Errorf("bundle save needs --out FILE")
		}
		if !strings.HasSuffix(*file, bundle.OutSuffix) {
			*file += bundle.OutSuffix
		}
		var bf syncclient.BundleFiles
		if *withFiles {
			bf = files.Store()
		}
		var info *syncclient.BundleInfo
		err := safefile.Write(*file, func(w io.Writer) (err error) {
			info, err = s.WriteBundle(ctx, w, bf)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%d changes and %d files saved to %s: give it to the secretariat\n", info.Changes, info.Files, *file)
		return nil
	default:
		if fs.NArg() != 1 {
			return fmt.Errorf("bundle open needs the reply file")
		}
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		info, err := s.ReadReply(ctx, f, files.Store())
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: the server acknowledged the changes up to %d (%d set aside); %d records and %d files taken\n",
			filepath.Base(fs.Arg(0)), info.AckedUpTo, info.SetAside, info.Records, info.Files)
		if info.More {
			fmt.Fprintln(out, "the secretariat has more for this laptop: save a bundle again, and its reply brings the rest")
		}
		if info.Stale {
			fmt.Fprintln(out, "its records are older than this laptop's last sync: they were not taken (the next sync brings newer ones)")
		}
		if info.PushError != "" {
			fmt.Fprintln(out, "the server stopped taking this laptop's changes:", info.PushError)
		}
		return nil
	}
}
