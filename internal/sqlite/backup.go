package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/backup"
	"github.com/ngo-alliance/alliance/internal/filestore"
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
	files, err := filestore.Open(filepath.Join(dir, FilesDir))
	if err != nil {
		return nil, err
	}
	m, err := backup.Restore(ctx, from, "laptop", filepath.Join(dir, DBFile), files, laptopFiles)
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
// works and consent scans, and the files waiting to travel.
func laptopFiles(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT json_extract(f.value, '$.hash') FROM docs d, json_each(d.data, '$.files') f
			WHERE d.entity = 'entry' AND json_extract(f.value, '$.hash') IS NOT NULL
		UNION SELECT json_extract(data, '$.consent.scan.hash') FROM docs
			WHERE entity = 'entry' AND json_extract(data, '$.consent.scan.hash') IS NOT NULL
		UNION SELECT hash FROM file_queue
		ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
