package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

var _ alliance.OutboxService = (*OutboxService)(nil)

// OutboxService reads the changes waiting to be pushed.
type OutboxService struct {
	db *DB
}

// NewOutboxService returns the outbox service of db.
func NewOutboxService(db *DB) *OutboxService { return &OutboxService{db: db} }

// PendingChanges returns how many changes wait to be pushed.
func (s *OutboxService) PendingChanges(ctx context.Context) (int, error) {
	var n int
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&n)
	})
	return n, err
}

// Pending returns up to limit waiting changes after seq, oldest first.
func (s *OutboxService) Pending(ctx context.Context, after int64, limit int) ([]syncproto.Change, error) {
	var out []syncproto.Change
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT seq, entity, entity_id, org_id, op, hlc, fields, base, replay, person FROM outbox
			WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c syncproto.Change
			var base, person string
			var fields []byte
			if err := rows.Scan(&c.Seq, &c.Entity, &c.ID, &c.Org, &c.Op, &c.HLC, &fields, &base, &c.Replay, &person); err != nil {
				return err
			}
			if fields, err = unseal(fields, c.ID); err != nil {
				return err
			}
			if person != "" {
				c.By = &alliance.Person{}
				if err := json.Unmarshal([]byte(person), c.By); err != nil {
					return err
				}
			}
			if err := json.Unmarshal(fields, &c.Fields); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(base), &c.Base); err != nil {
				return err
			}
			if len(c.Base) == 0 {
				c.Base = nil
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}
