package syncserver

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
)

// A backup is a folder: the database as one snapshot (VACUUM INTO, taken
// while the server serves), the files (drawings, films, consent scans)
// that snapshot knows of, by hash as in the server's blobs, and a manifest
// that says what is there, checked on restore.
const (
	backupDB       = "alliance-server.db"
	backupManifest = "manifest.json"
	backupFormat   = 1
)

// Manifest describes a backup.
type Manifest struct {
	Format   int       `json:"format"`
	Created  time.Time `json:"created"`
	Epoch    string    `json:"epoch"`  // the server's epoch when it was taken
	SHA256   string    `json:"sha256"` // of the database file
	Files    int       `json:"files"`
	Bytes    int64     `json:"bytes"`
	Missing  []string  `json:"missing,omitempty"` // named by records, not on the server when it was taken
	Database string    `json:"database"`
}

// Backup writes a consistent copy of the server in dir — its database and
// every file the database names — to the new folder out, while it keeps
// serving. Files are written once and never changed, so copying them after
// the snapshot gives the snapshot's files; one a record names but no
// laptop has sent yet is listed in the manifest as missing.
func Backup(ctx context.Context, dir, out string) (*Manifest, error) {
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		return nil, fmt.Errorf("no server data in %s: %w", dir, err)
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty; back up into a new folder", out)
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return nil, err
	}
	s, err := OpenStore(dir, nil)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	dbPath := filepath.Join(out, backupDB)
	if _, err := s.write.ExecContext(ctx, `VACUUM INTO ?`, dbPath); err != nil {
		return nil, fmt.Errorf("copy the database: %w", sqlitex.MapErr(err))
	}
	m := &Manifest{Format: backupFormat, Created: s.Now().UTC(), Database: backupDB}
	if m.SHA256, err = fileSHA256(dbPath); err != nil {
		return nil, err
	}
	hashes, epoch, err := snapshotFiles(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	m.Epoch = epoch
	from, err := filestore.Open(filepath.Join(dir, "blobs"))
	if err != nil {
		return nil, err
	}
	to, err := filestore.Open(filepath.Join(out, "blobs"))
	if err != nil {
		return nil, err
	}
	for _, h := range hashes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !from.Has(h) {
			m.Missing = append(m.Missing, h)
			continue
		}
		n, err := copyBlob(from, to, h)
		if err != nil {
			return nil, err
		}
		m.Files++
		m.Bytes += n
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := safefile.WriteBytes(filepath.Join(out, backupManifest), b); err != nil {
		return nil, err
	}
	return m, nil
}

// Restore checks the backup in from — the manifest, the database's digest
// and integrity, every file against its hash and every file the database
// names — and only then makes dir (which must hold no server data) a
// server holding it, with a new epoch: laptops that synced with the server
// after the backup learn that it went back in time.
func Restore(ctx context.Context, from, dir string) (*Manifest, error) {
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err == nil {
		return nil, fmt.Errorf("%s already holds server data; restore into a new folder", dir)
	}
	b, err := os.ReadFile(filepath.Join(from, backupManifest))
	if err != nil {
		return nil, fmt.Errorf("not a backup (no %s): %w", backupManifest, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Format != backupFormat || m.Database == "" {
		return nil, fmt.Errorf("%s: not a backup manifest this version reads", backupManifest)
	}
	dbPath := filepath.Join(from, filepath.Base(m.Database))
	sum, err := fileSHA256(dbPath)
	if err != nil {
		return nil, err
	}
	if sum != m.SHA256 {
		return nil, fmt.Errorf("the backup's database is damaged: its digest is not the manifest's")
	}
	if err := integrity(ctx, dbPath); err != nil {
		return nil, err
	}
	hashes, _, err := snapshotFiles(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	blobs, err := filestore.Open(filepath.Join(from, "blobs"))
	if err != nil {
		return nil, err
	}
	missing := map[string]bool{}
	for _, h := range m.Missing {
		missing[h] = true
	}
	for _, h := range hashes {
		if missing[h] {
			continue
		}
		if err := blobs.Verify(h); err != nil {
			return nil, fmt.Errorf("file %s of the backup: %w", h, err)
		}
	}

	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	to, err := filestore.Open(filepath.Join(dir, "blobs"))
	if err != nil {
		return nil, err
	}
	for _, h := range hashes {
		if !missing[h] {
			if _, err := copyBlob(blobs, to, h); err != nil {
				return nil, err
			}
		}
	}
	// The database last, complete or not at all (safefile writes beside
	// and renames): a restore cut short leaves no server data and can be
	// run again.
	err = safefile.Write(filepath.Join(dir, DBFile), func(w io.Writer) error {
		in, err := os.Open(dbPath)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = io.Copy(w, in)
		return err
	})
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
	return &m, nil
}

// snapshotFiles lists the files a backup's database names (records' files
// and the files laptops sent) and its epoch.
func snapshotFiles(ctx context.Context, dbPath string) ([]string, string, error) {
	db, err := openSnapshot(dbPath)
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	var epoch string
	if err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'epoch'`).Scan(&epoch); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, "", sqlitex.MapErr(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT hash FROM file_refs UNION SELECT hash FROM blob_owners ORDER BY 1`)
	if err != nil {
		return nil, "", sqlitex.MapErr(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, "", err
		}
		out = append(out, h)
	}
	return out, epoch, rows.Err()
}

// openSnapshot opens a backup's database to read it without changing a
// byte of it (the manifest holds its digest).
func openSnapshot(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&immutable=1")
}

// integrity runs SQLite's integrity check on the database at path.
func integrity(ctx context.Context, path string) error {
	db, err := openSnapshot(path)
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("the backup's database cannot be read: %w", sqlitex.MapErr(err))
	}
	if res != "ok" {
		return fmt.Errorf("the backup's database is damaged: %s", res)
	}
	return nil
}

// copyBlob copies the file hash from one store to another, checked against
// its hash on the way.
func copyBlob(from, to *filestore.Store, hash string) (int64, error) {
	f, err := from.Open(hash)
	if err != nil {
		return 0, fmt.Errorf("file %s: %w", hash, err)
	}
	defer f.Close()
	got, n, _, err := to.Put(f, 0)
	if err != nil {
		return 0, fmt.Errorf("file %s: %w", hash, err)
	}
	if got != hash {
		return 0, fmt.Errorf("file %s is damaged (its content hashes to %s)", hash, got)
	}
	return n, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
