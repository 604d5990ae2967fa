package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// runBackup writes the data folder's backup to a new folder (a USB stick);
// the app must be closed (in the app: Settings → Back up).
func runBackup(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("alliance backup", flag.ContinueOnError)
	dir := dataFlag(fs)
	to := fs.String("out", "", "a new folder for the backup (on a USB stick)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return fmt.Errorf("backup needs --out FOLDER")
	}
	db, err := openData(*dir)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.Backup(context.Background(), *to, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written to %s: the records and %d files (%d MB)\n", *to, m.Files, m.Bytes>>20)
	return nil
}

// runRestore makes a new data folder from a backup: the laptop is then a
// new device, to connect again with a new code.
func runRestore(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("alliance restore", flag.ContinueOnError)
	dir := dataFlag(fs)
	from := fs.String("from", "", "the backup folder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return fmt.Errorf("restore needs --from FOLDER (and --data with a new folder)")
	}
	m, err := sqlite.RestoreBackup(context.Background(), *from, *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "restored the backup of %s into %s (%d files); connect this laptop again with a new code from the secretariat: what the backup had not sent goes then\n",
		m.Created.Local().Format("02.01.2006 15:04"), *dir, m.Files)
	return nil
}

// errRestart asks main to start the app again once the data folder is
// closed: to restore the chosen backup, or as the version put in place.
var errRestart = errors.New("restart")

// restartProgram is the program to start again ("": this one).
var restartProgram string

// restart starts the app again with the same arguments, and returns.
func restart() error {
	exe := restartProgram
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return err
		}
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Start()
}
