package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// SyncStore is the laptop's side of the sync: the connection, the outbox
// as batches, acknowledgements, and the pages pulled from the server.
type SyncStore struct {
	db *DB
}

// NewSyncStore returns the sync store of db.
func NewSyncStore(db *DB) *SyncStore { return &SyncStore{db: db} }

// Keys of sync_state.
const (
	stServer         = "server"
	stToken          = "token"
	stOrgID          = "org_id"
	stOrgName        = "org_name"
	stSecretariat    = "secretariat"
	stCursor         = "cursor"
	stConflictCursor = "conflict_cursor"
	stResyncing      = "resyncing"
	stLastSuccess    = "last_success"
	stDevice         = "device_id"       // the identity the server minted at enrolment
	stInsecure       = "insecure"        // the user chose plain HTTP to a public address
	stServerKey      = "server_key"      // the server's key for bundles (sync by file)
	stBundleIdentity = "bundle_identity" // this laptop's key its replies are encrypted for (sealed)
	stRemindDays     = "remind_days"     // the server's: remind after this many days without a sync
	stColumns        = "server_columns"  // "1": the server reads the compact encoding
)

// sealedStates are the sync states kept sealed: with them a copy of the
// data folder could sync as this laptop and pull the children's data.
var sealedStates = []string{stToken, stBundleIdentity}

// DeviceID returns the laptop's id.
func (s *SyncStore) DeviceID() string { return s.db.DeviceID }

// OnChange registers fn for every committed local change.
func (s *SyncStore) OnChange(fn func()) { s.db.OnChange(fn) }

func getState(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func setState(ctx context.Context, tx *Tx, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO sync_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// getSealedState reads a sync state kept sealed.
func getSealedState(ctx context.Context, q querier, key string) (string, error) {
	var v []byte
	err := q.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return unsealText(v, key)
}

// setSealedState keeps a sync state sealed (once the laptop seals).
func setSealedState(ctx context.Context, tx *Tx, key, value string) error {
	v, err := tx.sealText(anyEntity, key, value)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO sync_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, v)
	return err
}

func stateInt(ctx context.Context, q querier, key string) (int64, error) {
	v, err := getState(ctx, q, key)
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// Node returns the clock node the laptop stamps with and numbers its
// certificates by.
func (s *SyncStore) Node() string { return s.db.Clock.Node() }

// Enrolment returns the connection, zero before enrolment.
func (s *SyncStore) Enrolment(ctx context.Context) (syncproto.Enrolment, error) {
	e := syncproto.Enrolment{Node: s.db.Clock.Node()}
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		for key, p := range map[string]*string{stServer: &e.Server, stOrgID: &e.OrgID, stOrgName: &e.OrgName,
			stDevice: &e.DeviceID, stServerKey: &e.ServerKey} {
			v, err := getState(ctx, tx, key)
			if err != nil {
				return err
			}
			*p = v
		}
		// The token is sealed: until a sign-in opens it the laptop shows as
		// connected but cannot sync.
		token, err := getSealedState(ctx, tx, stToken)
		if err != nil && alliance.ErrorCode(err) != alliance.EUNAVAILABLE {
			return err
		}
		e.Token = token
		sec, err := getState(ctx, tx, stSecretariat)
		e.Secretariat = sec == "1"
		if err != nil {
			return err
		}
		insecure, err := getState(ctx, tx, stInsecure)
		e.Insecure = insecure == "1"
		if err != nil {
			return err
		}
		columns, err := getState(ctx, tx, stColumns)
		e.Columns = columns == "1"
		if err != nil {
			return err
		}
		days, err := stateInt(ctx, tx, stRemindDays)
		e.RemindDays = int(days)
		return err
	})
	return e, err
}

// NextSeq returns the first outbox sequence number the laptop will push:
// its oldest waiting change's, else the next one it will make.
func (s *SyncStore) NextSeq(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT MIN(seq) FROM outbox),
			(SELECT seq + 1 FROM sqlite_sequence WHERE name = 'outbox'), 1)`).Scan(&n)
	})
	return n, err
}

// SaveEnrolment stores the connection. The laptop's organisation becomes
// the device's; records made before enrolment, which have none, and their
// waiting changes take it too. The server's clock is observed.
func (s *SyncStore) SaveEnrolment(ctx context.Context, e syncproto.Enrolment, serverHLC string) error {
	err := s.db.update(ctx, func(tx *Tx) error {
		flag := map[bool]string{false: "0", true: "1"}
		for key, v := range map[string]string{stServer: e.Server, stOrgID: e.OrgID, stOrgName: e.OrgName,
			stSecretariat: flag[e.Secretariat], stDevice: e.DeviceID, stInsecure: flag[e.Insecure], stColumns: flag[e.Columns]} {
			if err := setState(ctx, tx, key, v); err != nil {
				return err
			}
		}
		if err := setSealedState(ctx, tx, stToken, e.Token); err != nil {
			return err
		}
		if e.ServerKey != "" {
			if err := setState(ctx, tx, stServerKey, e.ServerKey); err != nil {
				return err
			}
		}
		if err := setRecoveryKey(ctx, tx, e.RecoveryKey); err != nil {
			return err
		}
		if e.Epoch != "" {
			// The server as it is now: what this laptop has is not to be
			// replayed to it.
			if err := setState(ctx, tx, stEpoch, e.Epoch); err != nil {
				return err
			}
		}
		if e.Node != "" && e.Node != tx.db.Clock.Node() {
			// Another active laptop stamps with this node (this one is a
			// copy): stamp and number certificates with the new one.
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('node', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, e.Node); err != nil {
				return err
			}
			tx.db.Clock.SetNode(e.Node)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, alliance.SettingOrgID, e.OrgID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET org_id = ? WHERE org_id = ''`, e.OrgID); err != nil {
			return err
		}
		// Trainings, entries… (documents) keep org_id in their JSON too.
		orgJSON, _ := json.Marshal(e.OrgID)
		if err := rewriteDocs(ctx, tx, `org_id = ''`, nil, func(f map[string]json.RawMessage) {
			f[alliance.FieldOrg] = orgJSON
		}); err != nil {
			return err
		}
		if err := setOutboxOrg(ctx, tx, e.OrgID); err != nil {
			return err
		}
		return observe(tx, serverHLC)
	})
	if err != nil {
		return err
	}
	return s.db.ensureRecoveryWrap(ctx)
}

// observe moves the laptop's clock past the server's.
func observe(tx *Tx, hlc string) error {
	h, err := syncproto.ParseHLC(hlc)
	if err != nil {
		return nil // an unreadable clock is not worth failing a sync for
	}
	tx.db.Clock.Observe(h)
	tx.changed = tx.changed || !h.IsZero() // saves the clock
	return nil
}

// PendingChanges returns how many changes wait to be sent.
func (s *SyncStore) PendingChanges(ctx context.Context) (int, error) {
	return NewOutboxService(s.db).PendingChanges(ctx)
}

// PushBatch returns the oldest waiting changes: at most max, no more than
// about maxBytes of fields (always at least one), one after another in
// the laptop's sequence (a change set aside here ends the batch: the
// server is told of the gap by the next push).
func (s *SyncStore) PushBatch(ctx context.Context, max, maxBytes int) ([]syncproto.Change, error) {
	return s.PushBatchAfter(ctx, 0, max, maxBytes)
}

// PushBatchAfter is PushBatch of the changes after seq (a bundle carries
// them all, batch after batch).
func (s *SyncStore) PushBatchAfter(ctx context.Context, after int64, max, maxBytes int) ([]syncproto.Change, error) {
	cs, err := NewOutboxService(s.db).Pending(ctx, after, max)
	if err != nil {
		return nil, err
	}
	size := 0
	for i, c := range cs {
		for _, v := range c.Fields {
			size += len(v) + 16
		}
		if i > 0 && (size > maxBytes || c.Seq != cs[i-1].Seq+1) {
			return cs[:i], nil
		}
	}
	return cs, nil
}

// PushCursor is how far the laptop has pulled, as the server may count
// on it: the pull cursor, but before any record held here (it does not
// hold that state).
func (s *SyncStore) PushCursor(ctx context.Context) (int64, error) {
	var c int64
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		cursor, err := stateInt(ctx, tx, stCursor)
		if err != nil {
			return err
		}
		var held sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MIN(seq) FROM held`).Scan(&held); err != nil {
			return err
		}
		c = cursor
		if held.Valid {
			c = min(c, held.Int64-1)
		}
		return nil
	})
	return c, err
}

// Held lists the pulled records this laptop keeps aside, oldest first.
func (s *SyncStore) Held(ctx context.Context) ([]alliance.Held, error) {
	var out []alliance.Held
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT entity, id, CASE WHEN typeof(record) = 'blob' THEN NULL ELSE COALESCE(json_extract(record, '$.fields.title'),
			json_extract(record, '$.fields.name'), json_extract(record, '$.fields.serial'), '') END, code, message, at FROM held ORDER BY seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h alliance.Held
			var title any
			var at string
			if err := rows.Scan(&h.Entity, &h.RecordID, &title, &h.Code, &h.Message, &at); err != nil {
				return err
			}
			if t, ok := title.(string); ok {
				h.Title = t
			}
			h.At = parseTime(at)
			out = append(out, h)
		}
		return rows.Err()
	})
	return out, err
}

// Acknowledge drops the acknowledged changes from the outbox; those the
// server set aside are kept, with the reason, in set_aside.
func (s *SyncStore) Acknowledge(ctx context.Context, resp *syncproto.PushResponse) error {
	return s.db.update(ctx, func(tx *Tx) error {
		for _, sa := range resp.SetAside {
			if err := setAside(ctx, tx, sa.Seq, sa.Code, sa.Message); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM outbox WHERE seq <= ?`, resp.AckedUpTo); err != nil {
			return err
		}
		return observe(tx, resp.ServerHLC)
	})
}

// SetAsideLocally moves changes the server refused as a whole out of the
// outbox into set_aside, so that they never block the queue.
func (s *SyncStore) SetAsideLocally(ctx context.Context, seqs []int64, code, message string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		for _, seq := range seqs {
			if err := setAside(ctx, tx, seq, code, message); err != nil {
				return err
			}
		}
		return nil
	})
}

func setAside(ctx context.Context, tx *Tx, seq int64, code, message string) error {
	_, err := tx.exec(ctx, `INSERT OR REPLACE INTO set_aside (seq, entity, entity_id, op, fields, code, message, at)
		SELECT seq, entity, entity_id, op, fields, ?, ?, ? FROM outbox WHERE seq = ?`, code, message, tx.now.Format(timeFormat), seq)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `DELETE FROM outbox WHERE seq = ?`, seq)
	return err
}

// PullCursor returns where the next pull starts and whether a full resync
// is under way.
func (s *SyncStore) PullCursor(ctx context.Context) (cursor, conflictCursor int64, full bool, err error) {
	err = s.db.view(ctx, func(tx *sql.Tx) error {
		var staged bool
		if cursor, conflictCursor, staged, err = stagedCursors(ctx, tx); err != nil {
			return err
		}
		if !staged {
			if cursor, err = stateInt(ctx, tx, stCursor); err != nil {
				return err
			}
			if conflictCursor, err = stateInt(ctx, tx, stConflictCursor); err != nil {
				return err
			}
		}
		r, err := getState(ctx, tx, stResyncing)
		full = r == "1"
		return err
	})
	return cursor, conflictCursor, full, err
}

// SetLastSuccess remembers when a round last went through.
func (s *SyncStore) SetLastSuccess(ctx context.Context, t time.Time) error {
	return s.db.update(ctx, func(tx *Tx) error {
		return setState(ctx, tx, stLastSuccess, t.UTC().Format(time.RFC3339))
	})
}

// LastSuccess returns when a round last went through (zero: never).
func (s *SyncStore) LastSuccess(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		v, err := getState(ctx, tx, stLastSuccess)
		if err == nil && v != "" {
			t, _ = time.Parse(time.RFC3339, v)
		}
		return err
	})
	return t, err
}

// SetAside lists the changes the server did not accept, newest first.
func (s *SyncStore) SetAside(ctx context.Context) ([]alliance.SetAside, error) {
	var out []alliance.SetAside
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.seq, s.entity, s.entity_id, CASE WHEN typeof(s.fields) = 'blob' THEN '' ELSE COALESCE(a.title, json_extract(s.fields, '$.title'),
			json_extract(s.fields, '$.name'), '') END, s.code, s.message, s.at
			FROM set_aside s LEFT JOIN activities a ON s.entity = 'activity' AND a.id = s.entity_id ORDER BY s.seq DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x alliance.SetAside
			var at string
			if err := rows.Scan(&x.Seq, &x.Entity, &x.RecordID, &x.Title, &x.Code, &x.Message, &at); err != nil {
				return err
			}
			x.At = parseTime(at)
			out = append(out, x)
		}
		return rows.Err()
	})
	return out, err
}

// Conflicts lists the conflicts not yet reviewed.
func (s *SyncStore) Conflicts(ctx context.Context) ([]alliance.Conflict, error) {
	var out []alliance.Conflict
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.entity, c.record_id, COALESCE(a.title, ''), c.field, c.mine, c.theirs, c.at
			FROM conflicts c LEFT JOIN activities a ON c.entity = 'activity' AND a.id = c.record_id
			WHERE c.resolved = 0 ORDER BY c.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x alliance.Conflict
			var mineS, theirsS []byte
			var at string
			if err := rows.Scan(&x.ID, &x.Entity, &x.RecordID, &x.Title, &x.Field, &mineS, &theirsS, &at); err != nil {
				return err
			}
			mine, err := unsealText(mineS, x.RecordID)
			if err != nil {
				return err
			}
			theirs, err := unsealText(theirsS, x.RecordID)
			if err != nil {
				return err
			}
			x.Mine, x.Theirs, x.At = jsonText(mine), jsonText(theirs), parseTime(at)
			out = append(out, x)
		}
		return rows.Err()
	})
	return out, err
}

// jsonText shows a JSON value as plain text: strings unquoted, lists
// joined with commas.
func jsonText(raw string) string {
	var v any
	if json.Unmarshal([]byte(raw), &v) != nil {
		return raw
	}
	switch x := v.(type) {
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = jsonText(mustJSON(p))
		}
		return strings.Join(parts, ", ")
	case nil:
		return ""
	}
	return raw
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ResolveConflict closes a conflict: keepMine writes this laptop's value
// again as a new change (which then wins); otherwise theirs stays. The
// conflicts of fields that hold one value together (an activity's start
// and end) are resolved together, so that the dates kept are one pair.
func (s *SyncStore) ResolveConflict(ctx context.Context, id int64, keepMine bool) error {
	return s.db.update(ctx, func(tx *Tx) error {
		var entity, recordID, field, mine string
		err := tx.QueryRowContext(ctx, `SELECT entity, record_id, field, mine FROM conflicts WHERE id = ? AND resolved = 0`, id).
			Scan(&entity, &recordID, &field, &mine)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(strconv.FormatInt(id, 10))
		} else if err != nil {
			return err
		}
		ids, mines := []int64{id}, map[string]json.RawMessage{field: json.RawMessage(mine)}
		for _, other := range syncproto.FieldGroup(entity, field) {
			if other == field {
				continue
			}
			var oid int64
			var omine string
			err := tx.QueryRowContext(ctx, `SELECT id, mine FROM conflicts WHERE entity = ? AND record_id = ? AND field = ?
				AND resolved = 0 ORDER BY id DESC LIMIT 1`, entity, recordID, other).Scan(&oid, &omine)
			if err == nil {
				ids, mines[other] = append(ids, oid), json.RawMessage(omine)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if keepMine && entity == syncproto.EntityActivity {
			cur, _, err := findActivity(ctx, tx, recordID)
			if err != nil {
				return err
			}
			fields := syncproto.ActivityFields(cur)
			for f, v := range mines {
				fields[f] = v
			}
			a, err := syncproto.ActivityFromFields(recordID, fields)
			if err != nil {
				return err
			}
			normalizeActivity(a)
			if _, ok := mines[syncproto.FieldDeleted]; ok {
				if err := setDeletedTx(ctx, tx, recordID, a.Deleted); err != nil {
					return err
				}
			} else {
				if err := a.Validate(); err != nil {
					return err
				}
				if err := updateActivity(ctx, tx, a); err != nil {
					return err
				}
			}
		}
		for _, cid := range ids {
			if _, err := tx.exec(ctx, `UPDATE conflicts SET resolved = 1 WHERE id = ?`, cid); err != nil {
				return err
			}
		}
		return nil
	})
}

// LocalRecord returns the laptop's copy of a record, tombstones included,
// as the wire sees it: every field and its stamps (for support and tests).
func (s *SyncStore) LocalRecord(ctx context.Context, entity, id string) (*syncproto.Record, error) {
	r := &syncproto.Record{Entity: entity, ID: id}
	if _, ok := docSpecs[entity]; ok {
		err := s.db.view(ctx, func(tx *sql.Tx) error {
			d, err := loadDoc(ctx, tx, entity, id)
			if err != nil {
				return err
			}
			r.Fields = d.fields
			_ = json.Unmarshal(d.fields[alliance.FieldOrg], &r.Org)
			return json.Unmarshal([]byte(d.stamps), &r.Stamps)
		})
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	if entity != syncproto.EntityActivity {
		return nil, alliance.Errorf(alliance.EINVALID, "no local records of kind %q", entity)
	}
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		a, n, err := findActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		r.Org, r.Fields = a.OrgID, syncproto.ActivityFields(a)
		var stamps string
		if err := tx.QueryRowContext(ctx, `SELECT stamps FROM activities WHERE n = ?`, n).Scan(&stamps); err != nil {
			return err
		}
		return json.Unmarshal([]byte(stamps), &r.Stamps)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// LocalIDs returns the ids of the laptop's records of entity, tombstones
// included (for support and tests).
func (s *SyncStore) LocalIDs(ctx context.Context, entity string) ([]string, error) {
	q := `SELECT id FROM docs WHERE entity = ?`
	if entity == syncproto.EntityActivity {
		q = `SELECT id FROM activities WHERE ? <> ''`
	}
	var out []string
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, entity)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return rows.Err()
	})
	return out, err
}
