package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"filippo.io/age"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
)

// BundleIdentity is the laptop's key its reply bundles are encrypted for
// (made at the first bundle, kept sealed like the token).
func (s *SyncStore) BundleIdentity(ctx context.Context) (*age.X25519Identity, error) {
	var secret string
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		secret, err = getSealedState(ctx, tx, stBundleIdentity)
		return err
	})
	if err != nil {
		return nil, err
	}
	if secret == "" {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return nil, err
		}
		err = s.db.update(ctx, func(tx *Tx) error {
			// Made meanwhile by another call: that one stays.
			if had, err := getSealedState(ctx, tx, stBundleIdentity); err != nil || had != "" {
				secret = had
				return err
			}
			secret = id.String()
			return setSealedState(ctx, tx, stBundleIdentity, secret)
		})
		if err != nil {
			return nil, err
		}
	}
	id, err := age.ParseX25519Identity(secret)
	if err != nil {
		return nil, fmt.Errorf("the laptop's bundle key: %w", err)
	}
	return id, nil
}

// PendingUploads are the files waiting to be sent to the server.
func (s *SyncStore) PendingUploads(ctx context.Context) ([]alliance.FileRef, error) {
	var out []alliance.FileRef
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT hash, name, size FROM file_queue WHERE upload = 1 AND state <> 'done' ORDER BY created_at, hash`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f alliance.FileRef
			var name []byte
			if err := rows.Scan(&f.Hash, &name, &f.Size); err != nil {
				return err
			}
			if f.Name, err = unsealText(name, f.Hash); err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, err
}

// MarkUploaded notes files the server took from a bundle: their uploads
// are done.
func (s *SyncStore) MarkUploaded(ctx context.Context, hashes []string) error {
	if len(hashes) == 0 {
		return nil
	}
	return s.db.update(ctx, func(tx *Tx) error {
		for _, h := range hashes {
			if _, err := tx.exec(ctx, `UPDATE file_queue SET state = 'done', done = size, updated_at = ? WHERE hash = ? AND upload = 1`,
				tx.now.Format(timeFormat), h); err != nil {
				return err
			}
		}
		return nil
	})
}

// PendingDownloads are the files the laptop waits for from the server.
func (s *SyncStore) PendingDownloads(ctx context.Context) ([]string, error) {
	var out []string
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = sqlitex.Strings(ctx, tx, `SELECT hash FROM file_queue WHERE upload = 0 AND state <> 'done' ORDER BY created_at, hash`)
		return err
	})
	return out, err
}
