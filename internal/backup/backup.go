// Package backup writes and restores the backup folders of the server and
// of a laptop: the database as one snapshot taken while it is in use, the
// files (by their SHA-256, as the file stores keep them) that the snapshot
// names, and a manifest of what is there. A restore checks everything
// first — the manifest, the database's digest and integrity, each file
// against its hash — and writes nothing when a check fails; the database
// is written last, complete or not at all.
package backup

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
)

// Names in a backup folder.
const (
	ManifestFile = "manifest.json"
	FilesDir     = "files"
	format       = 1
)

// Manifest describes a backup.
type Manifest struct {
	Format   int       `json:"format"`
	Kind     string    `json:"kind"` // "server" or "laptop"
	Created  time.Time `json:"created"`
	Database string    `json:"database"` // its file name in the folder
	SHA256   string    `json:"sha256"`   // of the database file
	Files    int       `json:"files"`
	Bytes    int64     `json:"bytes"`
	// Missing are files the records name that the store did not hold
	// (not yet sent or fetched).
	Missing []string `json:"missing,omitempty"`
	// Extra is what the kind of backup adds (the server's epoch…).
	Extra map[string]string `json:"extra,omitempty"`
}

// Source is what a backup is made of.
type Source struct {
	Kind     string
	Database string // the database's file name in the folder
	// Snapshot writes a consistent copy of the database to path (VACUUM
	// INTO, while it is in use).
	Snapshot func(ctx context.Context, path string) error
	// Names lists the files a snapshot's records name.
	Names Names
	Files *filestore.Store
	Extra map[string]string
	// Progress, when set, is told the bytes copied and the total expected
	// (the database counts as its size).
	Progress func(done, total int64)
}

// Write makes the backup folder out (new, or empty) from src.
func Write(ctx context.Context, src Source, out string) (*Manifest, error) {
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return nil, alliance.Keyed(alliance.EINVALID, "error.backup_folder_not_empty", alliance.Args{"Dir": out},
			"%s is not empty; back up into a new folder", out)
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return nil, alliance.OSError(err, out)
	}
	dbPath := filepath.Join(out, src.Database)
	if err := src.Snapshot(ctx, dbPath); err != nil {
		return nil, fmt.Errorf("copy the database: %w", sqlitex.MapErr(err))
	}
	m := &Manifest{Format: format, Kind: src.Kind, Created: time.Now().UTC(), Database: src.Database, Extra: src.Extra}
	var err error
	if m.SHA256, err = fileSHA256(dbPath); err != nil {
		return nil, err
	}
	names, err := listNames(ctx, dbPath, src.Names)
	if err != nil {
		return nil, err
	}
	var have []string
	var total int64
	st, _ := os.Stat(dbPath)
	if st != nil {
		total = st.Size()
	}
	done := total
	for _, h := range names {
		if !src.Files.Has(h) {
			m.Missing = append(m.Missing, h)
			continue
		}
		have = append(have, h)
		if f, err := os.Stat(src.Files.Path(h)); err == nil {
			total += f.Size()
		}
	}
	report := func() {
		if src.Progress != nil {
			src.Progress(done, total)
		}
	}
	report()
	to, err := filestore.Open(filepath.Join(out, FilesDir))
	if err != nil {
		return nil, err
	}
	for _, h := range have {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := copyFile(src.Files, to, h)
		if err != nil {
			return nil, err
		}
		m.Files++
		m.Bytes += n
		done += n
		report()
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := safefile.WriteBytes(filepath.Join(out, ManifestFile), b); err != nil {
		return nil, err
	}
	return m, nil
}

// Check reads the backup in from and checks it: the manifest (of kind),
// the database's digest and integrity, every file against its hash, every
// file its records name (names) but those the manifest lists as missing.
// It returns the manifest and the files to restore.
func Check(ctx context.Context, from, kind string, names Names) (*Manifest, []string, error) {
	b, err := os.ReadFile(filepath.Join(from, ManifestFile))
	if err != nil {
		return nil, nil, alliance.Keyed(alliance.EINVALID, "error.backup_not_a_backup", alliance.Args{"Dir": from},
			"%s holds no backup (no %s): %v", from, ManifestFile, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Format != format || m.Database == "" || m.Kind != kind {
		return nil, nil, alliance.Keyed(alliance.EINVALID, "error.backup_not_a_backup", alliance.Args{"Dir": from},
			"%s holds no %s backup this version reads", from, kind)
	}
	damaged := func(format string, args ...any) error {
		return alliance.Keyed(alliance.EINVALID, "error.backup_damaged", alliance.Args{"Dir": from},
			"the backup in %s is damaged: "+format, append([]any{from}, args...)...)
	}
	dbPath := filepath.Join(from, filepath.Base(m.Database))
	sum, err := fileSHA256(dbPath)
	if err != nil {
		return nil, nil, damaged("%v", err)
	}
	if sum != m.SHA256 {
		return nil, nil, damaged("the database's digest is not the manifest's")
	}
	if err := integrity(ctx, dbPath); err != nil {
		return nil, nil, damaged("%v", err)
	}
	all, err := listNames(ctx, dbPath, names)
	if err != nil {
		return nil, nil, err
	}
	missing := map[string]bool{}
	for _, h := range m.Missing {
		missing[h] = true
	}
	files, err := filestore.Open(filepath.Join(from, FilesDir))
	if err != nil {
		return nil, nil, err
	}
	var keep []string
	for _, h := range all {
		if missing[h] {
			continue
		}
		if err := files.Verify(h); err != nil {
			return nil, nil, damaged("file %s: %v", h, err)
		}
		keep = append(keep, h)
	}
	return &m, keep, nil
}

// Restore checks the backup in from (see Check) and copies its files into
// the file store in filesDir and its database to dbPath, which must not
// exist; the database last, complete or not at all.
func Restore(ctx context.Context, from, kind, dbPath, filesDir string, names Names) (*Manifest, error) {
	if _, err := os.Stat(dbPath); err == nil {
		return nil, alliance.Keyed(alliance.EINVALID, "error.restore_not_new", nil,
			"%s already holds data; restore into a new folder", filepath.Dir(dbPath))
	}
	m, keep, err := Check(ctx, from, kind, names)
	if err != nil {
		return nil, err
	}
	files, err := filestore.Open(filesDir) // makes the folders
	if err != nil {
		return nil, err
	}
	src, err := filestore.Open(filepath.Join(from, FilesDir))
	if err != nil {
		return nil, err
	}
	for _, h := range keep {
		if _, err := copyFile(src, files, h); err != nil {
			return nil, err
		}
	}
	err = safefile.Write(dbPath, func(w io.Writer) error {
		in, err := os.Open(filepath.Join(from, filepath.Base(m.Database)))
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
	return m, nil
}

// Names lists the files a snapshot's records name, from its database
// (of this version's schema or an older one).
type Names func(ctx context.Context, db *sql.DB) ([]string, error)

// Query is the Names of one query, whatever the schema.
func Query(q string) Names {
	return func(ctx context.Context, db *sql.DB) ([]string, error) { return sqlitex.Strings(ctx, db, q) }
}

// listNames lists the files a backup's database names, reading it without
// changing a byte of it (the manifest holds its digest).
func listNames(ctx context.Context, dbPath string, names Names) ([]string, error) {
	db, err := openSnapshot(dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	out, err := names(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("list the backup's files: %w", sqlitex.MapErr(err))
	}
	return out, nil
}

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

// copyFile copies the file hash from one store to another, checked against
// its hash on the way.
func copyFile(from, to *filestore.Store, hash string) (int64, error) {
	n, err := to.Import(from, hash) // as kept: a laptop's files stay sealed
	if err != nil {
		return 0, fmt.Errorf("file %s: %w", hash, err)
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
