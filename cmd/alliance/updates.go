package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/ngo-alliance/alliance/internal/media"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/syncclient"
	"github.com/ngo-alliance/alliance/internal/update"
)

// newUpdater follows the releases the server offers, checked with the keys
// built into this program. The program's path is taken now: once it is
// renamed aside by an install, os.Executable names the old file.
func newUpdater(db *sqlite.DB, files *media.Library, transfers *syncclient.Transfers) *update.Updater {
	program, err := os.Executable()
	if err == nil {
		program, err = filepath.EvalSymlinks(program)
	}
	if err != nil {
		log.Printf("alliance: the program's path: %v (updates cannot be installed)", err)
		program = ""
	}
	keys, err := update.BuiltInKeys()
	if err != nil {
		log.Printf("alliance: %v (no update will be taken)", err)
	}
	return update.New(sqlite.NewSettingsService(db), files.Store(), transfers, db,
		update.Options{Version: version, Program: program, Keys: keys})
}
