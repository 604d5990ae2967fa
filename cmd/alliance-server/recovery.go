package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ngo-alliance/alliance/internal/syncserver"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// recoveryEnv holds the recovery key's passphrase when it is not typed.
const recoveryEnv = "ALLIANCE_RECOVERY_PASSPHRASE"

// runRecovery carries out a recovery command: keygen and open on the
// machine that keeps the private key, set on the server.
func runRecovery(ctx context.Context, cmd string, fs *flag.FlagSet, dir *string, args []string, out io.Writer) error {
	switch cmd {
	case "recovery keygen":
		keyFile := fs.String("out", "", "file to write the private key to (on a USB stick kept off the server)")
		if _, err := parseAll(fs, args); err != nil {
			return err
		}
		if *keyFile == "" {
			return fmt.Errorf("recovery keygen needs --out FILE for the private key")
		}
		if _, err := os.Stat(*keyFile); err == nil {
			return fmt.Errorf("%s exists: a recovery key is never overwritten (the laptops' data is wrapped for it)", *keyFile)
		}
		pass, err := passphraseOf(out, "the recovery key", recoveryEnv, true)
		if err != nil {
			return err
		}
		if len(pass) < 12 {
			return fmt.Errorf("the recovery key opens every laptop's data: give it a passphrase of 12 characters at least")
		}
		private, public, err := vault.NewRecoveryKey(pass)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*keyFile, private, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(out, "private key written to %s: keep it and its passphrase off the server, in two places\n", *keyFile)
		fmt.Fprintf(out, "public key, for the server (alliance-server recovery set --data DIR %s):\n%s\n", public, public)
		return nil

	case "recovery set":
		rest, err := parseAll(fs, args)
		if err != nil {
			return err
		}
		if len(rest) != 1 {
			return fmt.Errorf("recovery set needs the public key (age1…) that recovery keygen printed")
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			if err := s.SetRecoveryKey(ctx, rest[0]); err != nil {
				return err
			}
			fmt.Fprintln(out, "laptops wrap their data key for it at their next sync")
			return nil
		})

	case "recovery open":
		keyFile := fs.String("key", "", "the private key (recovery keygen)")
		rest, err := parseAll(fs, args)
		if err != nil {
			return err
		}
		if len(rest) != 1 || *keyFile == "" {
			return fmt.Errorf("recovery open needs --key FILE and the request file the laptop saved (- : read it from the input)")
		}
		private, err := os.ReadFile(*keyFile)
		if err != nil {
			return err
		}
		var req []byte
		if rest[0] == "-" {
			req, err = io.ReadAll(io.LimitReader(stdin, 64<<10))
			stdin = nil // the passphrase cannot come from there too
		} else {
			req, err = os.ReadFile(rest[0])
		}
		if err != nil {
			return err
		}
		pass, err := passphraseOf(out, "the recovery key", recoveryEnv, false)
		if err != nil {
			return err
		}
		about, code, err := vault.OpenRecovery(string(req), private, pass)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "request from %s\nrecovery code (give it to the laptop's coordinator by another way than the request came):\n%s\n", about, code)
		return nil
	}
	return fmt.Errorf("unknown command %q", cmd)
}
