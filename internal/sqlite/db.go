// Package sqlite is the laptop's local store: one SQLite file (modernc, no
// cgo) in WAL mode in the user's data folder. Every exported method is one
// transaction; every write also records per-field HLC stamps and an outbox
// entry for the sync, in that same transaction.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// File names inside a data folder.
const (
	DBFile   = "alliance.db"
	LockFile = "alliance.lock"
)

// DB is an open data folder. Open it with Open, release it with Close.
type DB struct {
	Dir   string
	Path  string
	Clock *syncproto.Clock
	// DeviceID is this laptop's id, made when the folder was first opened.
	DeviceID string
	// Now returns the wall time for created/updated times; tests replace it.
	Now func() time.Time
	// KDF is argon2id's cost for new secrets (profiles.go); tests lower it.
	KDF KDF

	write *sql.DB // one connection, BEGIN IMMEDIATE
	read  *sql.DB // readers, never blocked by the writer (WAL)
	lock  *flock.Flock

	mu           sync.Mutex
	listeners    []func()
	signedIn     *alliance.Profile // who changes are made by (nil: nobody, the command line)
	keyID        string            // the data key's id once the data is sealed (seal.go)
	key          *vault.Key        // that key, once a sign-in opened it
	unlockers    []func()
	unlockedOnce bool

	stopIndex context.CancelFunc // the background search indexing, if any
	indexing  sync.WaitGroup
}

// Open opens (creating when needed) the data folder dir: it takes the
// folder's lock, opens the database, migrates it and loads the device id
// and clock. now may be nil for time.Now.
func Open(dir string, now func() time.Time) (*DB, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, mapOSErr(err, dir)
	}
	db := &DB{Dir: dir, Path: filepath.Join(dir, DBFile), Now: now, KDF: DefaultKDF}

	db.lock = flock.New(filepath.Join(dir, LockFile))
	ok, err := db.lock.TryLock()
	if err != nil {
		return nil, mapOSErr(err, dir)
	} else if !ok {
		return nil, alliance.Keyed(alliance.ELOCKED, "error.folder_in_use", alliance.Args{"Dir": dir},
			"the data folder %s is open in another Alliance window or process", dir)
	}
	if err := db.open(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) open() (err error) {
	if db.write, err = sql.Open("sqlite", sqlitex.DSN(db.Path, false)); err != nil {
		return err
	}
	db.write.SetMaxOpenConns(1)
	// Up to 4 readers (the list, a report, the sync) of 32 MB: the list's
	// indexes of 100,000 activities stay in memory once read.
	if db.read, err = sql.Open("sqlite", sqlitex.WithCache(sqlitex.DSN(db.Path, true), 32)); err != nil {
		return err
	}
	db.read.SetMaxOpenConns(4)

	ctx := context.Background()
	if err := db.migrate(ctx); err != nil {
		return err
	}
	if err := db.loadMeta(ctx); err != nil {
		return err
	}
	if err := db.loadKeyID(ctx); err != nil {
		return err
	}
	return db.ensureSearchIndex(ctx)
}

// Close closes the database and releases the folder's lock.
func (db *DB) Close() error {
	if db.stopIndex != nil {
		db.stopIndex()
	}
	db.indexing.Wait()
	if k, _ := db.dataKey(); k != nil {
		vault.Forget(k)
	}
	var errs []error
	if db.write != nil {
		_, _ = db.write.Exec("PRAGMA optimize")
		errs = append(errs, db.write.Close())
	}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.lock != nil {
		errs = append(errs, db.lock.Unlock())
	}
	return errors.Join(errs...)
}

// OnChange registers fn to be called after every committed local change
// (the syncer wakes up on it). fn must not block.
func (db *DB) OnChange(fn func()) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.listeners = append(db.listeners, fn)
}

func (db *DB) notify() {
	db.mu.Lock()
	ls := append([]func(){}, db.listeners...)
	db.mu.Unlock()
	for _, fn := range ls {
		fn()
	}
}

// Tx is one write transaction of the store; its statements are prepared
// once (sqlitex.Tx).
type Tx struct {
	*sqlitex.Tx
	db      *DB
	now     time.Time
	changed bool // an outbox entry was written

	// Full-text index writes wait for the end of the transaction: FTS5
	// flushes its pending terms to disk at every statement savepoint, so
	// interleaving them with row writes would write one segment per row.
	ftsDel []int64
	ftsAdd []ftsDoc

	// ahead holds the new activities of the pulled pages being applied
	// that were decoded ahead on another goroutine (stage.go).
	ahead map[*syncproto.Record]*aheadActivity
}

type ftsDoc struct {
	rowid int64
	body  string
}

// exec is ExecContext.
func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.ExecContext(ctx, query, args...)
}

// stmt is query prepared in this transaction.
func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) { return tx.Stmt(ctx, query) }

// flushFTS writes the full-text changes of the transaction.
func (tx *Tx) flushFTS(ctx context.Context) error {
	for _, r := range tx.ftsDel {
		if _, err := tx.exec(ctx, `DELETE FROM activity_fts WHERE rowid = ?`, r); err != nil {
			return err
		}
	}
	// FTS5 keeps pending terms in memory only while rowids ascend; a
	// smaller rowid makes it write a segment first.
	sort.Slice(tx.ftsAdd, func(i, j int) bool { return tx.ftsAdd[i].rowid < tx.ftsAdd[j].rowid })
	for _, d := range tx.ftsAdd {
		if _, err := tx.exec(ctx, `INSERT INTO activity_fts (rowid, body) VALUES (?, ?)`, d.rowid, d.body); err != nil {
			return err
		}
	}
	tx.ftsDel, tx.ftsAdd = nil, nil
	return nil
}

// update runs fn in one write transaction and commits it; the clock's last
// stamp is saved in the same transaction so it survives a restart.
func (db *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	tx := &Tx{Tx: sqlitex.NewTx(sqlTx), db: db, now: db.Now().UTC()}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return mapErr(err)
	}
	if err := tx.flushFTS(ctx); err != nil {
		_ = sqlTx.Rollback()
		return mapErr(err)
	}
	if tx.changed {
		if _, err := sqlTx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'hlc'`, db.Clock.Last().String()); err != nil {
			_ = sqlTx.Rollback()
			return mapErr(err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return mapErr(err)
	}
	if tx.changed {
		db.notify()
	}
	return nil
}

// view runs fn in one read transaction.
func (db *DB) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapErr(err)
	}
	defer func() { _ = tx.Rollback() }()
	return mapErr(fn(tx))
}

// loadMeta reads (or makes, on first open) the device id and the last
// clock stamp.
func (db *DB) loadMeta(ctx context.Context) error {
	return db.update(ctx, func(tx *Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'device_id'`).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			id = alliance.NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('device_id', ?), ('hlc', '')`, id); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		db.DeviceID = id
		node := nodeOf(id)
		// A node the server gave at enrolment (another device had this one).
		var given string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'node'`).Scan(&given); err == nil && given != "" {
			node = given
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		db.Clock = syncproto.NewClock(node, db.Now)

		var last string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'hlc'`).Scan(&last); err != nil {
			return err
		}
		h, err := syncproto.ParseHLC(last)
		if err != nil {
			return fmt.Errorf("stored clock: %w", err)
		}
		db.Clock.Observe(h)
		return nil
	})
}

// nodeOf returns the HLC node name of a device: the last 8 hex digits of
// its UUIDv7, which are random (the first ones are the creation time).
func nodeOf(deviceID string) string {
	s := strings.ReplaceAll(deviceID, "-", "")
	return s[len(s)-8:]
}

// mapErr turns SQLite's errors that users can act on into *alliance.Error.
func mapErr(err error) error { return sqlitex.MapErr(err) }

func mapOSErr(err error, dir string) error { return alliance.OSError(err, dir) }
