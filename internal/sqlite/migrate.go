package sqlite

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

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

// keptMigrationBackups is how many copies made before migrations are kept.
const keptMigrationBackups = 3

// backupBeforeMigration copies the database, at schema version, into
// <data>/backups before a new version migrates it: a migration gone wrong
// (or a version the user goes back from) loses nothing. Only the newest
// keptMigrationBackups copies are kept; the files of the folder never
// change, so the database is enough.
func (db *DB) backupBeforeMigration(ctx context.Context, version int) error {
	dir := filepath.Join(db.Dir, "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return alliance.OSError(err, dir)
	}
	name := fmt.Sprintf("before-schema-%03d-%s.db", version+1, db.Now().UTC().Format("20060102-150405"))
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("copy the data aside before updating it: %w", mapErr(err))
	}
	old, _ := filepath.Glob(filepath.Join(dir, "before-schema-*.db"))
	sort.Strings(old) // by version, then time
	for len(old) > keptMigrationBackups {
		_ = os.Remove(old[0])
		old = old[1:]
	}
	return nil
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
