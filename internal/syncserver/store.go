// Package syncserver is the secretariat's server: enrolment of laptops,
// the sync API (exactly-once push, scoped pull, field-level conflicts),
// and the data behind them in one embedded SQLite file.
package syncserver

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"filippo.io/age"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/vault"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DBFile is the server's database in its data folder.
const DBFile = "server.db"

// ServerNode is the HLC node name of stamps the server makes itself.
const ServerNode = "server"

// Store is the server's data folder.
type Store struct {
	Dir   string
	Path  string
	Clock *syncproto.Clock
	Now   func() time.Time
	// FilesQuota caps the bytes of files the server keeps (0: the disk is
	// the limit). An upload that does not fit is answered 507 and sent
	// again later; nothing else waits for it.
	FilesQuota int64
	// KeepEntriesYears is how many years after a contest's judging ended
	// its children's entries keep naming them, unless publication was
	// consented (0: for ever); then the server anonymises them.
	KeepEntriesYears int
	// OverdueDays is how long a laptop may go without syncing before it
	// reminds its user and the secretariat is shown it (0: never); laptops
	// learn it at every pull.
	OverdueDays int

	write *sql.DB
	read  *sql.DB
	epoch string // meta's: see migration 004

	bundleIdentity *age.X25519Identity // laptops encrypt their bundles for it (bundle.go)

	recoveryMu  sync.Mutex
	recoveryKey string // meta's 'recovery_key': the secretariat's recovery key, public part
}

// OpenStore opens (creating when needed) the data folder dir.
func OpenStore(dir string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, sqlitex.MapErr(err)
	}
	s := &Store{Dir: dir, Path: filepath.Join(dir, DBFile), Now: now, OverdueDays: DefaultOverdueDays}
	if err := s.open(); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) open() (err error) {
	if s.write, err = sql.Open("sqlite", sqlitex.DSN(s.Path, false)); err != nil {
		return err
	}
	s.write.SetMaxOpenConns(1)
	if s.read, err = sql.Open("sqlite", sqlitex.WithCache(sqlitex.DSN(s.Path, true), 8)); err != nil {
		return err
	}
	s.read.SetMaxOpenConns(8)
	ms, err := sqlitex.LoadMigrations(migrationFS, "migration")
	if err != nil {
		return err
	}
	ctx := context.Background()
	if err := sqlitex.Migrate(ctx, s.write, ms); err != nil {
		var newer *sqlitex.NewerError
		if errors.As(err, &newer) {
			return alliance.Errorf(alliance.EINCOMPATIBLE, "the data in %s was written by a newer alliance-server (%v)", s.Dir, err)
		}
		return err
	}
	var last string
	if err := s.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'hlc'`).Scan(&last); err != nil {
		return sqlitex.MapErr(err)
	}
	h, err := syncproto.ParseHLC(last)
	if err != nil {
		return fmt.Errorf("stored clock: %w", err)
	}
	s.Clock = syncproto.NewClock(ServerNode, s.Now)
	s.Clock.Observe(h)
	if err := s.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'epoch'`).Scan(&s.epoch); err != nil {
		return sqlitex.MapErr(err)
	}
	err = s.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'recovery_key'`).Scan(&s.recoveryKey)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return sqlitex.MapErr(err)
	}
	return s.loadBundleKey(ctx)
}

// SetRecoveryKey keeps the public part of the secretariat's recovery key:
// laptops receive it at enrolment and at every sync and wrap their data
// key for it.
func (s *Store) SetRecoveryKey(ctx context.Context, public string) error {
	r, err := vault.ParseRecoveryPublic(public)
	if err != nil {
		return alliance.Errorf(alliance.EINVALID, "%v", err)
	}
	public = r.String()
	if err := s.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('recovery_key', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, public)
		return err
	}); err != nil {
		return err
	}
	s.recoveryMu.Lock()
	s.recoveryKey = public
	s.recoveryMu.Unlock()
	return nil
}

// RecoveryKey is the recovery key laptops are given ("" : none yet).
func (s *Store) RecoveryKey() string {
	s.recoveryMu.Lock()
	defer s.recoveryMu.Unlock()
	return s.recoveryKey
}

// Close closes the database.
func (s *Store) Close() error {
	var errs []error
	if s.write != nil {
		errs = append(errs, s.write.Close())
	}
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	return errors.Join(errs...)
}

// Tx is a write transaction whose statements are prepared once: a push
// runs the same few statements for each of its changes.
type Tx = sqlitex.Tx

// update runs fn in one write transaction and saves the clock with it.
func (s *Store) update(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return sqlitex.MapErr(err)
	}
	tx := sqlitex.NewTx(sqlTx)
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return sqlitex.MapErr(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'hlc'`, s.Clock.Last().String()); err != nil {
		return sqlitex.MapErr(err)
	}
	return sqlitex.MapErr(tx.Commit())
}

// view runs fn in one read transaction.
func (s *Store) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return sqlitex.MapErr(err)
	}
	defer func() { _ = tx.Rollback() }()
	return sqlitex.MapErr(fn(tx))
}

func (s *Store) now() string { return s.Now().UTC().Format(time.RFC3339Nano) }

// seqs hands out change-log sequence numbers within one transaction: they
// only grow, even when the newest records are purged.
type seqs struct {
	last int64
	used bool
}

func loadSeqs(ctx context.Context, tx *Tx) (*seqs, error) {
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'last_seq'`).Scan(&v); err != nil {
		return nil, err
	}
	var n int64
	_, err := fmt.Sscan(v, &n)
	return &seqs{last: n}, err
}

func (q *seqs) next() int64 {
	q.last++
	q.used = true
	return q.last
}

func (q *seqs) save(ctx context.Context, tx *Tx) error {
	if !q.used {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'last_seq'`, fmt.Sprint(q.last))
	return err
}
