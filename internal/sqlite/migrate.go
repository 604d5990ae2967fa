package sqlite

import (
	"context"
	"embed"
	"errors"

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

// migrate brings the file to the newest schema. A file written by a newer
// version is refused untouched.
func (db *DB) migrate(ctx context.Context) error {
	return db.migrateTo(ctx, migrations())
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
