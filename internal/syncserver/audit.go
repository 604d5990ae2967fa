package syncserver

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// How a change came to be, in the audit.
const (
	AuditCreate   = "create"   // a laptop made the record (its values: the record's, then the next change's "from")
	AuditChange   = "change"   // a laptop's change, applied
	AuditConflict = "conflict" // a laptop's value that lost to a newer one
	AuditServer   = "server"   // the server's own write (anonymised, retention)
)

// AuditEntry is one change of one record, as the server keeps it.
type AuditEntry struct {
	At       time.Time
	DeviceID string
	OrgID    string
	Person   *alliance.Person
	Entity   string
	RecordID string
	How      string
	Fields   map[string][2]json.RawMessage // field → from, to
}

// audit keeps one change of a record: diff maps each field to its value
// before and after (a missing before: the field was new).
func audit(ctx context.Context, tx *Tx, at, device, org, person, entity, id, how string, diff map[string][2]json.RawMessage) error {
	if len(diff) == 0 && how != AuditCreate {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, device_id, org_id, person, entity, record_id, how, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		at, device, org, person, entity, id, how, syncproto.EncodeDiff(diff))
	return err
}

// scrubAudit empties the values the server keeps of records besides the
// records themselves — the audit, the conflicts, the changes set aside —
// (an entry and its versions, anonymised): who changed what and when stays.
func scrubAudit(ctx context.Context, tx *Tx, ids []string) error {
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE conflicts SET loser_value = 'null', winner_value = 'null' WHERE record_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE set_aside SET change = '{}' WHERE record_id = ?`, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT n, diff FROM audit WHERE record_id = ?`, id)
		if err != nil {
			return err
		}
		type row struct {
			n    int64
			diff string
		}
		var rs []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.n, &r.diff); err != nil {
				rows.Close()
				return err
			}
			rs = append(rs, r)
		}
		rows.Close()
		for _, r := range rs {
			var d map[string][2]json.RawMessage
			if json.Unmarshal([]byte(r.diff), &d) != nil {
				continue
			}
			for f := range d {
				d[f] = [2]json.RawMessage{json.RawMessage(`null`), json.RawMessage(`null`)}
			}
			b, _ := json.Marshal(d)
			if _, err := tx.ExecContext(ctx, `UPDATE audit SET diff = ? WHERE n = ?`, string(b), r.n); err != nil {
				return err
			}
		}
	}
	return nil
}

// AuditFilter narrows the audit: by organisation, person (id or a part of
// the name), record, and period; at most Limit entries, newest first.
type AuditFilter struct {
	OrgID    string
	Person   string
	RecordID string
	From, To alliance.Date
	Limit    int
}

// Audit lists the changes the server applied, newest first.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q := `SELECT at, device_id, org_id, person, entity, record_id, how, diff FROM audit WHERE 1 = 1`
	var args []any
	if f.OrgID != "" {
		q += ` AND org_id = ?`
		args = append(args, f.OrgID)
	}
	if f.RecordID != "" {
		q += ` AND record_id = ?`
		args = append(args, f.RecordID)
	}
	if f.Person != "" {
		q += ` AND CASE WHEN person = '' THEN 0 ELSE json_extract(person, '$.id') = ? OR json_extract(person, '$.name') LIKE ? END`
		args = append(args, f.Person, "%"+strings.ReplaceAll(f.Person, "%", "")+"%")
	}
	if !f.From.IsZero() {
		q += ` AND at >= ?`
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		q += ` AND at < ?`
		args = append(args, f.To.AddDays(1).String())
	}
	q += ` ORDER BY n DESC LIMIT ?`
	args = append(args, f.Limit)
	var out []AuditEntry
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e AuditEntry
			var at, person, diff string
			if err := rows.Scan(&at, &e.DeviceID, &e.OrgID, &person, &e.Entity, &e.RecordID, &e.How, &diff); err != nil {
				return err
			}
			e.At, _ = time.Parse(time.RFC3339Nano, at)
			if person != "" {
				e.Person = &alliance.Person{}
				_ = json.Unmarshal([]byte(person), e.Person)
			}
			_ = json.Unmarshal([]byte(diff), &e.Fields)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
