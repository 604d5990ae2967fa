// Package sqlitex holds what the laptop's store and the server's store
// share about their SQLite files (modernc, no cgo): the connection string
// with the pragmas, numbered migrations embedded as .sql files and
// recorded in a table, and the mapping of SQLite's errors to the domain's
// codes.
package sqlitex

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// DSN returns the connection string of the file at path: WAL,
// synchronous=FULL, foreign keys, a busy timeout, temporary data in
// memory; writers take the write lock at BEGIN (so a reader that upgrades
// never meets "database is locked"), readers are read-only.
func DSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		// Readers read pages with pread into a page cache of their own
		// (sized by WithCache, filled as queries need it). They do not map
		// the file: a fault in a mapping makes the kernel read around it by
		// the disk's read-ahead (8 MB on a virtual disk here), so the first
		// window after a cold boot read 96 % of a 350 MB file; with pread it
		// reads 7 % (BenchmarkColdStart100k), and a warm list page or report
		// is as fast as it was mapped.
		q.Add("_pragma", "mmap_size(0)")
	} else {
		q.Set("_txlock", "immediate")
		// What is deleted or overwritten is zeroed, not left in the file's
		// free space: a withdrawn child's name must not be found in a copy
		// of the data folder.
		q.Add("_pragma", "secure_delete(1)")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// WithCache gives the connections of dsn a page cache of up to mb
// megabytes each (SQLite's default is 2): a reader that keeps the pages of
// the list's indexes answers a warm page as fast as a mapped file did.
func WithCache(dsn string, mb int) string {
	return dsn + "&_pragma=" + url.QueryEscape(fmt.Sprintf("cache_size(-%d)", mb*1024))
}

// MapErr turns SQLite's errors that people can act on into *alliance.Error:
// a full disk, a busy or locked file, a damaged file, a file that cannot be
// written. Other errors pass unchanged.
func MapErr(err error) error {
	if err == nil {
		return nil
	}
	var e *alliance.Error
	if errors.As(err, &e) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return alliance.Keyed(alliance.EDISKFULL, "error.disk_full", nil, "the disk is full: %v", err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return alliance.Keyed(alliance.EUNAVAILABLE, "error.busy", nil, "the database is busy: %v", err)
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return alliance.Keyed(alliance.EINCOMPATIBLE, "error.not_a_database", nil, "the data file is damaged or not an Alliance file: %v", err)
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR:
			return alliance.Keyed(alliance.EUNAVAILABLE, "error.cannot_write", nil, "the data file cannot be written: %v", err)
		}
	}
	if strings.Contains(err.Error(), "no space left") {
		return alliance.Keyed(alliance.EDISKFULL, "error.disk_full", nil, "the disk is full: %v", err)
	}
	return err
}

// IsConstraint reports whether err is SQLite refusing a row that breaks a
// constraint (a unique index, a foreign key, a check).
func IsConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}

// Querier runs queries: a *sql.DB, *sql.Tx or *sqlitex.Tx.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Strings returns the first column of a query's rows as strings (the ids
// a loop goes on to change, say).
func Strings(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	return column[string](ctx, q, query, args...)
}

// Ints returns the first column of a query's rows as integers.
func Ints(ctx context.Context, q Querier, query string, args ...any) ([]int64, error) {
	return column[int64](ctx, q, query, args...)
}

func column[T any](ctx context.Context, q Querier, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
