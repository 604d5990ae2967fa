package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
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

// ReaderPragmas returns the pragmas of a read connection that decide what
// a cold start reads: a mapped file is read around each fault.
func ReaderPragmas(t *testing.T, db *DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range []string{"mmap_size", "cache_size", "query_only"} {
		var v string
		if err := db.read.QueryRow("PRAGMA " + p).Scan(&v); err != nil {
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

// RawSchemaInsert inserts activities into db's own tables the plainest
// way: precomputed column values, one prepared INSERT for the row and one
// for its full-text entry, one transaction, no stamps logic, no lookups,
// no outbox: the baseline of the sync's apply path on the same schema.
func RawSchemaInsert(t testing.TB, db *DB, as []*alliance.Activity) {
	t.Helper()
	if err := db.update(context.Background(), func(tx *Tx) error { return rawRows(tx, as) }); err != nil {
		t.Fatal(err)
	}
}

// rawRows is RawSchemaInsert's work inside tx.
func rawRows(tx *Tx, as []*alliance.Activity) error {
	ctx := context.Background()
	for _, a := range as {
		args := append([]any{alliance.NewID()}, activityArgs(a)...)
		args = append(args, `{"_":"0001764244700000-000000-abcdef12"}`, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z")
		var n int64
		if err := tx.QueryRowContext(ctx, insertActivitySQL, args...).Scan(&n); err != nil {
			return err
		}
		if err := indexActivity(ctx, tx, n, a); err != nil {
			return err
		}
	}
	return nil
}

// SetReindexBatch makes the background search indexing take n activities
// a transaction until the test ends.
func SetReindexBatch(t *testing.T, n int) {
	was := reindexBatch
	reindexBatch = n
	t.Cleanup(func() { reindexBatch = was })
}

// RawSchemaInsertDeferred is RawSchemaInsert built the way a bulk load
// would be: the list's indexes dropped first and made again at the end (as
// a bulk pull does it), the full-text index written once at the end, all
// in one transaction (issue 15's baseline (a) for a first sync).
func RawSchemaInsertDeferred(t testing.TB, db *DB, as []*alliance.Activity) {
	t.Helper()
	err := db.update(context.Background(), func(tx *Tx) error {
		remake, err := bulkIndexes(context.Background(), tx, max(int64(len(as)), bulkMin))
		if err != nil {
			return err
		}
		if err := rawRows(tx, as); err != nil {
			return err
		}
		return remake()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// SetBulkMin makes a pull of n records or more a bulk load until the test
// ends.
func SetBulkMin(t *testing.T, n int64) {
	was := bulkMin
	bulkMin = n
	t.Cleanup(func() { bulkMin = was })
}

// Indexes returns the SQL of the indexes of the lists' tables, by name.
func Indexes(t *testing.T, db *DB) map[string]string {
	t.Helper()
	rows, err := db.read.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('activities', 'docs') AND sql IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			t.Fatal(err)
		}
		out[name] = q
	}
	return out
}

// StagedPages returns the stored pages kept aside from a pull.
func StagedPages(t *testing.T, db *DB) [][]byte {
	t.Helper()
	rows, err := db.read.Query(`SELECT page FROM pull_stage ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// Columns returns the names of a table's columns, generated ones too.
func Columns(t *testing.T, db *DB, table string) []string {
	t.Helper()
	cols, err := sqlitex.Strings(context.Background(), db.read, `SELECT name FROM pragma_table_xinfo(?)`, table)
	if err != nil {
		t.Fatal(err)
	}
	return cols
}
