package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

var _ alliance.SettingsService = (*SettingsService)(nil)

// SettingsService keeps the laptop's preferences and form drafts. They are
// never synced and write no outbox entries.
type SettingsService struct {
	db *DB
}

// NewSettingsService returns the settings service of db.
func NewSettingsService(db *DB) *SettingsService { return &SettingsService{db: db} }

// Setting returns the value under key, "" when unset.
func (s *SettingsService) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return v, err
}

// SetSetting stores value under key.
func (s *SettingsService) SetSetting(ctx context.Context, key, value string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
}

// Draft returns the draft saved under key, nil when there is none.
func (s *SettingsService) Draft(ctx context.Context, key string) ([]byte, error) {
	var b []byte
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT data FROM drafts WHERE key = ?`, key).Scan(&b)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		b, err = unseal(b, key) // a form's fields: a child's, often
		return err
	})
	return b, err
}

// SaveDraft stores data under key, replacing an earlier draft.
func (s *SettingsService) SaveDraft(ctx context.Context, key string, data []byte) error {
	return s.db.update(ctx, func(tx *Tx) error {
		stored, err := tx.seal(anyEntity, key, data)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO drafts (key, data, saved_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at`,
			key, stored, tx.now.Format(timeFormat))
		return err
	})
}

// DeleteDraft removes the draft under key, if any.
func (s *SettingsService) DeleteDraft(ctx context.Context, key string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE key = ?`, key)
		return err
	})
}

// HoldsRecords reports whether the data folder holds any organisation,
// activity or document (a training, an entry…), deleted ones included.
func (db *DB) HoldsRecords(ctx context.Context) (bool, error) {
	var any bool
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM organisations) OR EXISTS (SELECT 1 FROM activities)
			OR EXISTS (SELECT 1 FROM docs)`).Scan(&any)
	})
	return any, err
}
