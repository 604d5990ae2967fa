package sqlite

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
)

//go:embed migration/*.sql
var migrationFS embed.FS

func migrations() []sqlitex.Migration {
	ms, err := sqlitex.LoadMigrations(migrationFS, "migration")
	if err != nil {
		panic(err) // embedded at build time: a bad name is a build defect, caught by every test
	}
	return ms
}

// SchemaVersion is the newest schema this build knows.
func SchemaVersion() int { return sqlitex.Latest(migrations()) }

// SchemaID identifies the exact schema this build makes (a hash of its
// migrations), for caches of data folders such as the benchmarks' fixtures.
func SchemaID() string { return sqlitex.Hash(migrations()) + "-search" + searchIndexVersion }

// migrate brings the file to the newest schema, after copying it aside
// when it holds an older one (see backupBeforeMigration). A file written
// by a newer version is refused untouched.
func (db *DB) migrate(ctx context.Context) error {
	ms := migrations()
	var current int
	err := db.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current)
	if err == nil && current > 0 && current < sqlitex.Latest(ms) {
		if err := db.backupBeforeMigration(ctx, current); err != nil {
			return err
		}
	}
	return db.migrateTo(ctx, ms)
}

// keptBackups is how many copies made before migrations, and before
// updates, are kept.
const keptBackups = 3

// backupBeforeMigration copies the database, at schema version, into
// <data>/backups before a new version migrates it: a migration gone wrong
// (or a version the user goes back from) loses nothing.
func (db *DB) backupBeforeMigration(ctx context.Context, version int) error {
	return db.backupAside(ctx, "before-schema-", fmt.Sprintf("%03d", version+1))
}

// BackupBeforeUpdate copies the database into <data>/backups before the
// app is updated to version.
func (db *DB) BackupBeforeUpdate(ctx context.Context, version string) error {
	return db.backupAside(ctx, "before-update-", version)
}

// SchemaVersion is the schema the data is at.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, mapErr(err)
}

// backupAside writes <data>/backups/<prefix><what>-<time>.db; only the
// newest keptBackups copies of a prefix are kept (by name: what, then
// time). The files of the folder never change, so the database is enough.
func (db *DB) backupAside(ctx context.Context, prefix, what string) error {
	dir := filepath.Join(db.Dir, "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return alliance.OSError(err, dir)
	}
	name := prefix + what + "-" + db.Now().UTC().Format("20060102-150405") + ".db"
	_ = os.Remove(filepath.Join(dir, name)) // VACUUM INTO refuses an existing file
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("copy the data aside before updating it: %w", mapErr(err))
	}
	old, _ := filepath.Glob(filepath.Join(dir, prefix+"*.db"))
	sort.Slice(old, func(i, j int) bool { return fileTime(old[i]) < fileTime(old[j]) })
	for len(old) > keptBackups {
		_ = os.Remove(old[0])
		old = old[1:]
	}
	return nil
}

// fileTime is a backup's time as its name holds it (…-YYYYMMDD-HHMMSS.db).
func fileTime(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), ".db")
	if len(base) < 15 {
		return base
	}
	return base[len(base)-15:]
}

func (db *DB) migrateTo(ctx context.Context, ms []sqlitex.Migration) error {
	err := sqlitex.Migrate(ctx, db.write, ms)
	var newer *sqlitex.NewerError
	if errors.As(err, &newer) {
		return alliance.Keyed(alliance.EINCOMPATIBLE, "error.newer_schema", alliance.Args{"Dir": db.Dir},
			"the data in %s was written by a newer version of Alliance (schema %d, this version knows %d); update Alliance to open it",
			db.Dir, newer.Current, newer.Latest)
	}
	return err
}
