package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// The secretariat's recovery key: its public part comes with the
// enrolment and every pull (meta 'recovery_key'); while the data key is
// open the laptop keeps that key wrapped for it ('recovery_wrap', for
// 'recovery_for'), shown as a request when every PIN is forgotten.

// setRecoveryKey keeps the recovery key the server sent ("" : none said).
func setRecoveryKey(ctx context.Context, tx *Tx, public string) error {
	public = strings.TrimSpace(public)
	if public == "" {
		return nil
	}
	if _, err := vault.ParseRecoveryPublic(public); err != nil {
		log.Printf("sqlite: the server's recovery key is not one, kept the last: %v", err) // the sync goes on
		return nil
	}
	_, err := tx.exec(ctx, `INSERT INTO meta (key, value) VALUES ('recovery_key', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, public)
	return err
}

func metaValue(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// ensureRecoveryWrap wraps the open data key for the recovery key when
// it is not wrapped for that one yet.
func (db *DB) ensureRecoveryWrap(ctx context.Context) error {
	k, _ := db.dataKey()
	if k == nil {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		public, err := metaValue(ctx, tx, "recovery_key")
		if err != nil || public == "" {
			return err
		}
		done, err := metaValue(ctx, tx, "recovery_for")
		if err != nil || done == public {
			return err
		}
		var names []string
		rows, err := tx.QueryContext(ctx, `SELECT name FROM profiles WHERE disabled_at = '' ORDER BY name`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			names = append(names, n)
		}
		rows.Close()
		about := fmt.Sprintf("laptop %s, people %s", db.DeviceID, strings.Join(names, ", "))
		req, err := vault.WrapForRecovery(k, public, about)
		if err != nil {
			return err
		}
		for key, v := range map[string]string{"recovery_wrap": req, "recovery_for": public} {
			if _, err := tx.exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecoveryRequest is the text to send the secretariat when every PIN of
// the laptop is forgotten: the data key wrapped for its recovery key.
func (s *ProfileService) RecoveryRequest(ctx context.Context) (string, error) {
	var req string
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		req, err = metaValue(ctx, tx, "recovery_wrap")
		return err
	})
	if err == nil && req == "" {
		return "", alliance.Keyed(alliance.ENOTFOUND, "error.no_recovery", nil,
			"this laptop has no recovery request: it never synced with a server that has a recovery key")
	}
	return req, err
}

// Recover opens the data key with the code the secretariat sent for the
// recovery request, and gives the person id a new secret.
func (s *ProfileService) Recover(ctx context.Context, code, id string, kind alliance.SecretKind, secret string) error {
	if err := alliance.ValidateSecret(kind, secret); err != nil {
		return err
	}
	k, err := vault.KeyFromCode(code)
	if _, keyID := s.db.dataKey(); err != nil || k.ID() != keyID {
		return alliance.Keyed(alliance.EINVALID, "error.recovery_code", nil, "this recovery code is not this laptop's")
	}
	s.db.useKey(k)
	return s.setSecret(ctx, id, kind, secret)
}
