package syncserver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ngo-alliance/alliance/internal/backup"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
)

// Backup writes a consistent copy of the server in dir — its database and
// every file the database names — to the new folder out, while it keeps
// serving (package backup). Files are written once and never changed, so
// copying them after the snapshot gives the snapshot's files; one a record
// names but no laptop has sent yet is listed in the manifest as missing.
func Backup(ctx context.Context, dir, out string) (*backup.Manifest, error) {
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		return nil, fmt.Errorf("no server data in %s: %w", dir, err)
	}
	s, err := OpenStore(dir, nil)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	blobs, err := filestore.Open(filepath.Join(dir, "blobs"))
	if err != nil {
		return nil, err
	}
	return backup.Write(ctx, backup.Source{
		Kind: "server", Database: DBFile, Files: blobs, Names: backup.Query(serverFiles),
		Extra: map[string]string{"epoch": s.epoch},
		Snapshot: func(ctx context.Context, path string) error {
			_, err := s.write.ExecContext(ctx, `VACUUM INTO ?`, path)
			return err
		},
	}, out)
}

// Restore checks the backup in from and makes dir (which must hold no
// server data) a server holding it, with a new epoch: laptops that synced
// with the server after the backup learn that it went back in time, and
// send their records again (see the laptop's replay.go).
func Restore(ctx context.Context, from, dir string) (*backup.Manifest, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	m, err := backup.Restore(ctx, from, "server", filepath.Join(dir, DBFile), filepath.Join(dir, "blobs"), backup.Query(serverFiles))
	if err != nil {
		return nil, err
	}
	s, err := OpenStore(dir, nil) // migrates a backup of an older version
	if err != nil {
		return nil, err
	}
	defer s.Close()
	_, err = s.write.ExecContext(ctx, `UPDATE meta SET value = lower(hex(randomblob(16))) WHERE key = 'epoch'`)
	if err == nil {
		_, err = s.write.ExecContext(ctx, `INSERT OR REPLACE INTO meta (key, value) VALUES ('restored_from', ?)`, m.Created.Format(time.RFC3339))
	}
	if err != nil {
		return nil, sqlitex.MapErr(err)
	}
	return m, nil
}

// serverFiles lists the files a server's database names: the records'
// files and those laptops sent.
const serverFiles = `SELECT hash FROM file_refs UNION SELECT hash FROM blob_owners ORDER BY 1`
