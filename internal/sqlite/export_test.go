package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/ngo-alliance/alliance/internal/sqlitex"
)

// Pragmas returns the pragmas of the write connection that Open sets.
func Pragmas(t *testing.T, db *DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range []string{"journal_mode", "synchronous", "foreign_keys", "busy_timeout"} {
		var v string
		if err := db.write.QueryRow("PRAGMA " + p).Scan(&v); err != nil {
			t.Fatal(err)
		}
		out[p] = v
	}
	return out
}

// CurrentVersion returns the newest migration recorded in the file.
func CurrentVersion(t *testing.T, db *DB) int {
	t.Helper()
	var v int
	if err := db.read.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// ApplyExtraMigration migrates db with the embedded migrations plus one
// more, as a newer build would.
func ApplyExtraMigration(t *testing.T, db *DB, version int, sql string) {
	t.Helper()
	ms := append(migrations(), sqlitex.Migration{Version: version, Name: "999_test.sql", SQL: sql})
	if err := db.migrateTo(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
}

// LimitPages caps the file at n pages, so that writes fail as on a full disk.
func LimitPages(t *testing.T, db *DB, n int) {
	t.Helper()
	if _, err := db.write.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", n)); err != nil {
		t.Fatal(err)
	}
}

// PageCount returns the file's current page count.
func PageCount(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.write.QueryRow("PRAGMA page_count").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Stamps returns the stored field stamps of the activity with id.
func Stamps(t *testing.T, db *DB, id string) string {
	t.Helper()
	var s string
	if err := db.read.QueryRow(`SELECT stamps FROM activities WHERE id = ?`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// CountRows returns the number of rows of table.
func CountRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
