package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/update"
)

// runEnroll connects the data folder to a server with a one-time code.
func runEnroll(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("alliance enroll", flag.ContinueOnError)
	dir := dataFlag(fs)
	server := fs.String("server", "", "the secretariat server's address, e.g. https://alliance.example.az")
	code := fs.String("code", "", "the one-time enrolment code from the secretariat")
	host, _ := os.Hostname()
	name := fs.String("name", host, "a name for this laptop, as the secretariat will see it")
	insecure := insecureFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *server == "" || *code == "" {
		return fmt.Errorf("enroll needs --server and --code")
	}
	db, err := openData(*dir)
	if err != nil {
		return err
	}
	defer db.Close()
	s := syncclient.New(sqlite.NewSyncStore(db), syncclient.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := s.Enroll(ctx, *server, *code, *name, *insecure); err != nil {
		return err
	}
	st := s.Status()
	fmt.Fprintf(out, "enrolled with %s as a laptop of %s\n", st.Server, st.OrgName)
	return nil
}

func insecureFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("insecure", false, "allow plain http:// to a server that is not on this machine or a private network "+
		"(anyone on the way can read and change what is sent)")
}

// runSync runs one round and prints its progress; it fails when the round
// does.
func runSync(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("alliance sync", flag.ContinueOnError)
	dir := dataFlag(fs)
	timeout := fs.Duration("timeout", 30*time.Minute, "give up after this long")
	insecure := insecureFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openData(*dir)
	if err != nil {
		return err
	}
	defer db.Close()
	s := syncclient.New(sqlite.NewSyncStore(db), syncclient.Options{Insecure: *insecure, App: version, Platform: update.Platform()})
	last := time.Time{}
	s.OnStatus(func(st alliance.SyncStatus) {
		if st.State == alliance.SyncSyncing && time.Since(last) > 200*time.Millisecond {
			last = time.Now()
			fmt.Fprintf(out, "%d/%d records, %d bytes sent, %d received\n", st.Done, st.Total, st.BytesSent, st.BytesRecv)
		}
	})
	files, err := openFiles(*dir, db)
	if err != nil {
		return err
	}
	eraseWhenLost(s, db, files)
	forgetWithdrawn(s, sqlite.NewSyncStore(db), files)
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := s.Round(ctx); err != nil {
		return err
	}
	st := s.Status()
	fmt.Fprintf(out, "up to date: %d records moved, %d bytes sent, %d received, %d changes waiting\n",
		st.Done, st.BytesSent, st.BytesRecv, st.Pending)
	// Then the files the records name, each resuming where it stopped.
	tr := syncclient.NewTransfers(s, sqlite.NewSyncStore(db), files.Store(), syncclient.TransferOptions{})
	tr.OnTransfers(func(ts alliance.TransferStatus) {
		if time.Since(last) > time.Second {
			last = time.Now()
			left, _, done, total := ts.Totals()
			fmt.Fprintf(out, "files: %d left, %d of %d bytes\n", left, done, total)
		}
	})
	if err := tr.Pass(ctx); err != nil {
		return err
	}
	left, failed := 0, 0
	for _, f := range tr.Transfers().Files {
		switch f.State {
		case alliance.TransferWaiting, alliance.TransferActive:
			left++
		case alliance.TransferFailed:
			failed++
			fmt.Fprintf(out, "file %s (%s) failed: %s\n", f.Name, f.Hash[:12], f.Message)
		}
	}
	fmt.Fprintf(out, "files: %d waiting, %d failed\n", left, failed)
	return nil
}
