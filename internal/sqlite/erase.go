package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// personalEntities are the records that name children (contest entries
// and the versions they were corrected from) or people (training rosters
// and the certificates printed for them).
var personalEntities = []string{syncproto.EntityEntry, syncproto.EntityEntryVersion, syncproto.EntityParticipant, syncproto.EntityCertificate}

// EraseChildrenData removes from the laptop every record that names a
// child or a participant — entries, their versions, rosters, certificates
// — with what waits to be sent of them, the drafts, the records held
// aside, the pages of a pull kept aside, the conflicts, the file queue, and the copies kept before
// migrations and updates; then the database is rewritten (VACUUM) so that
// nothing deleted stays in its free pages or its journal. Activities,
// trainings and contests stay. It returns how many records it removed.
// The files (artwork, consent scans) are the file store's to erase.
func (db *DB) EraseChildrenData(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		for _, e := range personalEntities {
			res, err := tx.exec(ctx, `DELETE FROM docs WHERE entity = ?`, e)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += k
			for _, q := range []string{`DELETE FROM outbox WHERE entity = ?`, `DELETE FROM held WHERE entity = ?`,
				`DELETE FROM conflicts WHERE entity = ?`, `DELETE FROM set_aside WHERE entity = ?`, `DELETE FROM history WHERE entity = ?`} {
				if _, err := tx.exec(ctx, q, e); err != nil {
					return err
				}
			}
		}
		for _, q := range []string{`DELETE FROM drafts`, `DELETE FROM file_queue`} {
			if _, err := tx.exec(ctx, q); err != nil {
				return err
			}
		}
		// Pages kept aside from a pull may hold children's records.
		return dropStage(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("erase children's data: %w", err)
	}
	// The deleted rows stay in the file's free pages and the journal until
	// the database is written anew.
	for _, q := range []string{`VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("erase children's data: %s: %w", q, mapErr(err))
		}
	}
	backups, _ := filepath.Glob(filepath.Join(db.Dir, "backups", "*.db"))
	for _, b := range backups {
		if err := os.Remove(b); err != nil {
			return 0, alliance.OSError(err, filepath.Dir(b))
		}
	}
	return int(n), nil
}
