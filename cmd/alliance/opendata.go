package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// The environment a command signs in with, where nobody types.
const (
	profileEnv = "ALLIANCE_PROFILE" // a profile's name
	secretEnv  = "ALLIANCE_SECRET"  // its PIN or passphrase
)

// terminal is where a command asks who signs in (tests replace it).
var terminal = struct {
	in  io.Reader
	out io.Writer
}{os.Stdin, os.Stderr}

// openData opens the data folder dir for a command. When its children's
// data is sealed, someone signs in first: the profile and secret in
// ALLIANCE_PROFILE and ALLIANCE_SECRET, or typed at the terminal. The
// changes the command makes carry that person.
func openData(dir string) (*sqlite.DB, error) {
	db, err := sqlite.Open(dir, nil)
	if err != nil {
		return nil, err
	}
	if !db.Unlocked() {
		if err := signInCommand(context.Background(), db); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// openFiles opens the data folder's files, sealed as its data is.
func openFiles(dir string, db *sqlite.DB) (*media.Library, error) {
	files, err := media.Open(dir)
	if err != nil {
		return nil, err
	}
	files.UseKeys(db.FileKeys)
	return files, nil
}

func signInCommand(ctx context.Context, db *sqlite.DB) error {
	profiles := sqlite.NewProfileService(db)
	all, err := profiles.Profiles(ctx)
	if err != nil {
		return err
	}
	name, secret := os.Getenv(profileEnv), os.Getenv(secretEnv)
	f, isFile := terminal.in.(*os.File)
	typed := isFile && term.IsTerminal(int(f.Fd()))
	if name == "" && typed {
		names := make([]string, 0, len(all))
		for _, p := range all {
			if !p.Disabled {
				names = append(names, p.Name)
			}
		}
		fmt.Fprintf(terminal.out, "%s (%s): ", i18n.T("signin.who"), strings.Join(names, ", "))
		line, _ := bufio.NewReader(terminal.in).ReadString('\n')
		name = strings.TrimSpace(line)
	}
	var who *alliance.Profile
	for i := range all {
		if strings.EqualFold(all[i].Name, strings.TrimSpace(name)) {
			who = &all[i]
		}
	}
	if who == nil {
		return alliance.Errorf(alliance.EUNAUTHORIZED,
			"the children's data in %s is sealed: sign in with a profile's name and PIN or passphrase (%s and %s, or typed at a terminal)",
			db.Dir, profileEnv, secretEnv)
	}
	if secret == "" && typed {
		fmt.Fprintf(terminal.out, "%s: ", i18n.T("signin.secret"))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(terminal.out)
		if err != nil {
			return err
		}
		secret = string(b)
	}
	_, err = profiles.SignIn(ctx, who.ID, secret)
	return err
}
