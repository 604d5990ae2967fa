package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/ngo-alliance/alliance/internal/syncserver"
	"github.com/ngo-alliance/alliance/internal/update"
)

// releaseKeys are the keys `release add` checks a signature with: those
// built into the app, which the laptops check it with again.
var releaseKeys = update.BuiltInKeys

// passphraseEnv holds the release key's passphrase when it is not typed.
const passphraseEnv = "ALLIANCE_RELEASE_PASSPHRASE"

// stdin is where a passphrase is read when no terminal asks for it.
var stdin io.Reader = os.Stdin

// runRelease carries out a release command: keygen and sign on the
// machine that keeps the private key, the others on the server.
func runRelease(ctx context.Context, cmd string, fs *flag.FlagSet, dir *string, args []string, out io.Writer) error {
	switch cmd {
	case "release keygen":
		keyFile := fs.String("out", "", "file to write the private key to (on a USB stick kept off the server)")
		if _, err := parseAll(fs, args); err != nil {
			return err
		}
		if *keyFile == "" {
			return fmt.Errorf("release keygen needs --out FILE for the private key")
		}
		if _, err := os.Stat(*keyFile); err == nil {
			return fmt.Errorf("%s exists: a release key is never overwritten", *keyFile)
		}
		pass, err := passphrase(out, true)
		if err != nil {
			return err
		}
		public, private, err := update.GenerateKey(pass)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*keyFile, private, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(out, "private key written to %s: keep it and its passphrase off the server\n", *keyFile)
		fmt.Fprintf(out, "public key, for internal/update/release-keys.txt (then build the app):\n%s\n", public)
		return nil

	case "release sign":
		keyFile := fs.String("key", "", "the private key (release keygen)")
		version := fs.String("version", "", "the version the file is, like 1.3.0")
		platform := fs.String("platform", "", "windows-amd64 or linux-amd64 (default: from the file's name)")
		files, err := parseAll(fs, args)
		if err != nil {
			return err
		}
		if len(files) != 1 || *keyFile == "" || *version == "" {
			return fmt.Errorf("release sign needs --key FILE --version V and the release file")
		}
		p, err := platformOf(files[0], *platform)
		if err != nil {
			return err
		}
		private, err := os.ReadFile(*keyFile)
		if err != nil {
			return err
		}
		pass, err := passphrase(out, false)
		if err != nil {
			return err
		}
		f, err := os.Open(files[0])
		if err != nil {
			return err
		}
		defer f.Close()
		sig, err := update.Sign(private, pass, f, update.Release{Version: *version, Platform: p})
		if err != nil {
			return err
		}
		if err := os.WriteFile(files[0]+".minisig", sig, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(out, "signed %s as Alliance %s for %s: %s.minisig\n", files[0], *version, p, files[0])
		return nil

	case "release add":
		version := fs.String("version", "", "the version the file is, like 1.3.0")
		platform := fs.String("platform", "", "windows-amd64 or linux-amd64 (default: from the signature)")
		sigFile := fs.String("sig", "", "the signature (default: the file's name + .minisig)")
		rollout := fs.Int("rollout", 10, "percent of the laptops offered it first (release rollout offers it to more)")
		files, err := parseAll(fs, args)
		if err != nil {
			return err
		}
		if len(files) != 1 || *version == "" {
			return fmt.Errorf("release add needs --version V and the release file")
		}
		if *sigFile == "" {
			*sigFile = files[0] + ".minisig"
		}
		sig, err := os.ReadFile(*sigFile)
		if err != nil {
			return fmt.Errorf("read the signature: %w (release sign writes it)", err)
		}
		keys, err := releaseKeys()
		if err != nil {
			return err
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			r, err := s.AddRelease(ctx, files[0], sig, *version, *platform, *rollout, keys)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "published Alliance %s for %s (%d KB), offered to %d%% of the laptops at their next sync\n",
				r.Version, r.Platform, r.Size>>10, r.Rollout)
			if r.Rollout < 100 {
				fmt.Fprintf(out, "when they do well: alliance-server release rollout --version %s --percent 100\n", r.Version)
			}
			return nil
		})

	case "release list":
		if _, err := parseAll(fs, args); err != nil {
			return err
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			rs, err := s.Releases(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tPLATFORM\tSIZE KB\tROLLOUT\tRUNNING ON\tADDED\tWITHDRAWN")
			for _, r := range rs {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d%%\t%d laptops\t%s\t%s\n", r.Version, r.Platform, r.Size>>10, r.Rollout, r.Running, day(r.AddedAt), day(r.WithdrawnAt))
			}
			return tw.Flush()
		})

	case "release rollout", "release withdraw":
		version := fs.String("version", "", "the version")
		platform := fs.String("platform", "", "only for this platform (default: every platform)")
		percent := fs.Int("percent", -1, "percent of the laptops offered it (100: all)")
		if _, err := parseAll(fs, args); err != nil {
			return err
		}
		if *version == "" || (cmd == "release rollout" && *percent < 0) {
			return fmt.Errorf("%s needs --version V%s", cmd, map[bool]string{true: " --percent N"}[cmd == "release rollout"])
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			if cmd == "release withdraw" {
				if err := s.WithdrawRelease(ctx, *version, *platform); err != nil {
					return err
				}
				fmt.Fprintf(out, "withdrew %s: laptops that have not installed it drop it at their next sync\n", *version)
				return nil
			}
			if err := s.SetRollout(ctx, *version, *platform, *percent); err != nil {
				return err
			}
			fmt.Fprintf(out, "%s is offered to %d%% of the laptops\n", *version, *percent)
			return nil
		})
	}
	return nil
}

// parseAll parses flags given before, between and after the positional
// arguments (release add FILE --version V), and returns the positional
// ones.
func parseAll(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

var platformInName = regexp.MustCompile(`-((?:windows|linux|darwin)-(?:amd64|arm64))\.update$`)

// platformOf is the platform given, or the one the release file's name
// carries (Alliance-1.3.0-windows-amd64.update).
func platformOf(file, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	if m := platformInName.FindStringSubmatch(file); m != nil {
		return m[1], nil
	}
	return "", fmt.Errorf("say which platform %s is for: --platform windows-amd64 or linux-amd64", file)
}

// passphrase reads the release key's passphrase: from the environment,
// typed at a terminal (twice for a new key), or as a line of stdin.
func passphrase(out io.Writer, twice bool) (string, error) {
	return passphraseOf(out, "the release key", passphraseEnv, twice)
}

// passphraseOf reads the passphrase of what from env, else the terminal
// (twice: typed again), else a line of stdin.
func passphraseOf(out io.Writer, what, env string, twice bool) (string, error) {
	if p, ok := os.LookupEnv(env); ok {
		return p, nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(out, "passphrase of %s: ", what)
		p, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		if err != nil || !twice {
			return string(p), err
		}
		fmt.Fprint(out, "the same again: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		if err != nil {
			return "", err
		}
		if string(again) != string(p) {
			return "", fmt.Errorf("the two passphrases differ")
		}
		return string(p), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("no passphrase: type it, or set %s", env)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
