package main

import (
	"context"
	"errors"
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

// eraseWhenLost has the syncer erase the children's data (records and
// files) and sign everyone out when the server says this laptop was
// revoked as lost.
func eraseWhenLost(syncer *syncclient.Syncer, db *sqlite.DB, files *media.Library) {
	syncer.OnErase(func(ctx context.Context) error {
		sqlite.NewProfileService(db).SignOut()
		n, err := db.EraseChildrenData(ctx)
		m, ferr := files.EraseAll()
		log.Printf("alliance: revoked as lost: erased %d records and %d files", n, m)
		return errors.Join(err, ferr)
	})
}

// forgetWithdrawn has the file store forget, after each sync round, the
// files that pulled records stopped naming (an entry anonymised on another
// laptop or by the server).
func forgetWithdrawn(syncer *syncclient.Syncer, store *sqlite.SyncStore, files *media.Library) {
	syncer.OnRound(func() {
		hashes, err := store.ForgottenFiles(context.Background())
		if err != nil {
			log.Printf("alliance: %v", err)
			return
		}
		for _, h := range hashes {
			if err := files.Forget(h); err != nil {
				log.Printf("alliance: forget %s: %v", h, err)
			}
		}
	})
}
