package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// stEpoch is the server's epoch last heard (see the server's migration
// 004): another one means the server was restored from a backup.
const stEpoch = "server_epoch"

// NoteEpoch remembers the server's epoch from an answer. When the laptop
// knew another one, the server has gone back to a backup: in one
// transaction every record this laptop wrote any field of is queued again
// (replays, merged by their stamps, so nothing is doubled and a newer value
// on the server stays), and the pull starts over from the beginning (the
// restored server numbers its changes again from the backup's), keeping
// every record here. It reports whether that happened.
func (s *SyncStore) NoteEpoch(ctx context.Context, epoch string) (restored bool, err error) {
	if epoch == "" {
		return false, nil // a server before epochs
	}
	// Read first: every answer carries the epoch, and it seldom changes.
	var known string
	if err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		known, err = getState(ctx, tx, stEpoch)
		return err
	}); err != nil || known == epoch {
		return false, err
	}
	err = s.db.update(ctx, func(tx *Tx) error {
		known, err := getState(ctx, tx, stEpoch)
		if err != nil || known == epoch {
			return err
		}
		if known != "" {
			restored = true
			if err := replayAll(ctx, tx); err != nil {
				return fmt.Errorf("queue the records again for the restored server: %w", err)
			}
			if err := dropStage(ctx, tx); err != nil {
				return err
			}
			for _, k := range []string{stCursor, stConflictCursor} {
				if err := setState(ctx, tx, k, "0"); err != nil {
					return err
				}
			}
		}
		return setState(ctx, tx, stEpoch, epoch)
	})
	return restored, err
}

// replayAll queues every activity and document this laptop's clock node
// stamped any field of: first all its fields at the record's first stamp
// (so that a server without the record can make it whole), then each
// later stamp with its fields. Records are read and queued one at a time:
// a laptop with years of records does not hold them all in memory.
func replayAll(ctx context.Context, tx *Tx) error {
	node := tx.db.Clock.Node()
	rows, err := tx.QueryContext(ctx, `SELECT `+activityColumns+`, stamps FROM activities ORDER BY n`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var stamps string
		a, _, err := scanActivity(withExtra{rows, []any{&stamps}})
		if err != nil {
			return err
		}
		fields, err := fieldsJSON(activityFields(a))
		if err != nil {
			return err
		}
		fields[syncproto.FieldDeleted], _ = json.Marshal(a.Deleted)
		if err := queueReplay(ctx, tx, node, syncproto.EntityActivity, a.ID, a.OrgID, fields, stamps); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	drows, err := tx.QueryContext(ctx, `SELECT entity, id, org_id, data, stamps FROM docs ORDER BY n`)
	if err != nil {
		return err
	}
	defer drows.Close()
	for drows.Next() {
		var entity, id, org, stamps string
		var data []byte
		if err := drows.Scan(&entity, &id, &org, &data, &stamps); err != nil {
			return err
		}
		if data, err = unseal(data, id); err != nil {
			return err
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(data, &fields); err != nil {
			return fmt.Errorf("%s %s: %w", entity, id, err)
		}
		if err := queueReplay(ctx, tx, node, entity, id, org, fields, stamps); err != nil {
			return err
		}
	}
	return drows.Err()
}

// queueReplay queues record entity/id again when node stamped any of its
// fields.
func queueReplay(ctx context.Context, tx *Tx, node, entity, id, org string, fields map[string]json.RawMessage, stampsJSON string) error {
	st := syncproto.Stamps{}
	if err := json.Unmarshal([]byte(stampsJSON), &st); err != nil {
		return fmt.Errorf("stamps of %s %s: %w", entity, id, err)
	}
	mine := false
	for _, h := range st {
		if p, err := syncproto.ParseHLC(h); err == nil && p.Node == node {
			mine = true
		}
	}
	base := st[syncproto.BaseStamp]
	if !mine || base == "" {
		return nil
	}
	byStamp := map[string]map[string]json.RawMessage{}
	for name, v := range fields {
		if h := st.Of(name); h != base {
			if byStamp[h] == nil {
				byStamp[h] = map[string]json.RawMessage{}
			}
			byStamp[h][name] = v
		}
	}
	later := make([]string, 0, len(byStamp))
	for h := range byStamp {
		later = append(later, h)
	}
	sort.Strings(later) // HLC strings sort in time order
	if err := queueRaw(ctx, tx, entity, id, org, syncproto.OpCreate, base, fields); err != nil {
		return err
	}
	for _, h := range later {
		if err := queueRaw(ctx, tx, entity, id, org, syncproto.OpUpdate, h, byStamp[h]); err != nil {
			return err
		}
	}
	return nil
}

// queueRaw writes one replayed change to the outbox.
func queueRaw(ctx context.Context, tx *Tx, entity, id, org, op, hlc string, fields map[string]json.RawMessage) error {
	b, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	stored, err := tx.seal(entity, id, b)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO outbox (entity, entity_id, org_id, op, hlc, fields, base, created_at, replay)
		VALUES (?, ?, ?, ?, ?, ?, '{}', ?, 1)`, entity, id, org, op, hlc, stored, tx.now.Format(timeFormat))
	tx.changed = true
	return err
}

// withExtra scans a row's columns beyond those a scan function reads into
// extra.
type withExtra struct {
	rows  *sql.Rows
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra...)...) }
