package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/backup"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
)

// FilesDir is the laptop's file store (drawings, films, consent scans) in
// the data folder.
const FilesDir = "files"

// Backup writes the laptop's data — the database as one snapshot taken
// while the app runs, and the files its records name — to the new folder
// out (a USB stick), telling progress the bytes copied of the total.
func (db *DB) Backup(ctx context.Context, out string, progress func(done, total int64)) (*backup.Manifest, error) {
	files, err := filestore.Open(filepath.Join(db.Dir, FilesDir))
	if err != nil {
		return nil, err
	}
	m, err := backup.Write(ctx, backup.Source{
		Kind: "laptop", Database: DBFile, Files: files, Names: laptopFiles, Progress: progress,
		Extra: map[string]string{"device_id": db.DeviceID},
		Snapshot: func(ctx context.Context, path string) error {
			_, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path)
			return err
		},
	}, out)
	return m, err
}

// RestoreBackup makes the new data folder dir a laptop holding the backup
// in from: every record, every file, and the changes the backed-up laptop
// had not sent. The restored laptop is a new device — a new id and clock
// node, so it never sends under the old laptop's numbers nor prints a
// certificate serial the old one printed after the backup — and is not
// connected: it connects again with a new code (the server it knew is
// kept for the form), then sends what the backup had not.
func RestoreBackup(ctx context.Context, from, dir string) (*backup.Manifest, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, alliance.OSError(err, dir)
	}
	m, err := backup.Restore(ctx, from, "laptop", filepath.Join(dir, DBFile), filepath.Join(dir, FilesDir), laptopFiles)
	if err != nil {
		return nil, err
	}
	db, err := Open(dir, nil) // migrates a backup of an older version
	if err != nil {
		return nil, err
	}
	defer db.Close()
	err = db.update(ctx, func(tx *Tx) error {
		id := alliance.NewID()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE meta SET value = ? WHERE key = 'device_id'`, []any{id}},
			{`DELETE FROM meta WHERE key = 'node'`, nil},
			{`DELETE FROM sync_state WHERE key IN (?, ?)`, []any{stToken, stDevice}},
		} {
			if _, err := tx.exec(ctx, q.sql, q.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("make the restored laptop a new device: %w", err)
	}
	return m, nil
}

// laptopFiles lists the files a laptop's database names: the entries'
// works and consent scans, and the files waiting to travel. A sealed
// document keeps the hashes of its files in the clear (docs.files, since
// schema 12); a backup of an older version has only the clear JSON.
func laptopFiles(ctx context.Context, db *sql.DB) ([]string, error) {
	var sealing int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info('docs') WHERE name = 'files'`).Scan(&sealing); err != nil {
		return nil, err
	}
	if sealing == 0 {
		return sqlitex.Strings(ctx, db, clearFiles)
	}
	return sqlitex.Strings(ctx, db, `SELECT f.value FROM docs d, json_each(d.files) f WHERE typeof(d.data) = 'blob'
		UNION `+clearFiles)
}

// clearFiles lists the files of the documents kept in the clear.
const clearFiles = `
	SELECT json_extract(f.value, '$.hash') FROM docs d, json_each(CASE WHEN typeof(d.data) = 'text' THEN d.data ELSE '{}' END, '$.files') f
		WHERE d.entity = 'entry' AND json_extract(f.value, '$.hash') IS NOT NULL
	UNION SELECT json_extract(data, '$.consent.scan.hash') FROM docs
		WHERE entity = 'entry' AND typeof(data) = 'text' AND json_extract(data, '$.consent.scan.hash') IS NOT NULL
	UNION SELECT hash FROM file_queue
	ORDER BY 1`

// restoreMarker, in the data folder, names the backup to restore at the
// next start (PrepareRestore, FinishRestore).
const restoreMarker = "restore-from"

// PrepareRestore checks the backup in from and that this laptop may take
// it — a new installation: no records, not connected — and marks it to be
// restored when the app starts again (the data cannot be replaced while it
// is open).
func (db *DB) PrepareRestore(ctx context.Context, from string) (*backup.Manifest, error) {
	var used bool
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM activities) OR EXISTS (SELECT 1 FROM docs)
			OR EXISTS (SELECT 1 FROM sync_state WHERE key = ? AND value != '')`, stToken).Scan(&used)
	})
	if err != nil {
		return nil, err
	}
	if used {
		return nil, alliance.Keyed(alliance.EINVALID, "error.restore_not_new", nil,
			"a backup is restored only on a new installation: this laptop holds records or is connected")
	}
	m, _, err := backup.Check(ctx, from, "laptop", laptopFiles)
	if err != nil {
		return nil, err // says in words what is wrong with it
	}
	if err := safefile.WriteBytes(filepath.Join(db.Dir, restoreMarker), []byte(from)); err != nil {
		return nil, err
	}
	return m, nil
}

// FinishRestore restores the backup PrepareRestore marked in the data
// folder dir, before the app opens it: the new installation's empty
// database is put aside (and back, when the restore fails). It reports
// whether a restore was due; the mark is dropped either way.
func FinishRestore(ctx context.Context, dir string) (due bool, m *backup.Manifest, err error) {
	marker := filepath.Join(dir, restoreMarker)
	b, err := os.ReadFile(marker)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil, nil
	} else if err != nil {
		return true, nil, alliance.OSError(err, dir)
	}
	defer os.Remove(marker)
	aside := filepath.Join(dir, "replaced-"+time.Now().UTC().Format("20060102-150405"))
	if err := os.MkdirAll(aside, 0o700); err != nil {
		return true, nil, alliance.OSError(err, dir)
	}
	var moved []string
	for _, name := range []string{DBFile, DBFile + "-wal", DBFile + "-shm"} {
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(aside, name)); err == nil {
			moved = append(moved, name)
		}
	}
	if len(moved) == 0 {
		_ = os.Remove(aside)
	}
	m, err = RestoreBackup(ctx, string(b), dir)
	if err != nil {
		for _, name := range moved {
			_ = os.Rename(filepath.Join(aside, name), filepath.Join(dir, name))
		}
		_ = os.Remove(aside)
		return true, nil, err
	}
	return true, m, nil
}

// RestorePending tells whether a backup is marked to be restored in the
// data folder dir at the next start.
func RestorePending(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, restoreMarker))
	return err == nil
}

// CancelRestore drops the mark PrepareRestore left.
func (db *DB) CancelRestore() error {
	if err := os.Remove(filepath.Join(db.Dir, restoreMarker)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return alliance.OSError(err, db.Dir)
	}
	return nil
}
