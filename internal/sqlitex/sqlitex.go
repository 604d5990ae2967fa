// Package sqlitex holds what the laptop's store and the server's store
// share about their SQLite files (modernc, no cgo): the connection string
// with the pragmas, numbered migrations embedded as .sql files and
// recorded in a table, and the mapping of SQLite's errors to the domain's
// codes.
package sqlitex

import (
	"errors"
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
		// Readers map the file (address space, not memory: the pages are
		// the system's file cache, shared by all readers): a list page or a
		// report reads its index without a system call a page, two to
		// three times faster once the pages are in; the first query after
		// opening pays for bringing them in. Writes still go through the
		// writer's own connection.
		q.Add("_pragma", "mmap_size(1073741824)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
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
