package syncserver

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// stored is a record as the server holds it.
type stored struct {
	scope   string
	state   syncproto.State
	seq     int64
	writer  string
	exact   bool
	baseSeq int64
}

// origin says who made a record's state and on what: see the records
// table's writer, exact and base_seq.
type origin struct {
	writer  string
	exact   bool
	baseSeq int64
	person  string // JSON alliance.Person of who made the change on the laptop
}

// loadRecord reads a record in tx; nil when there is none.
func loadRecord(ctx context.Context, tx *Tx, entity, id string) (*stored, error) {
	var r stored
	var fields, stamps, writers string
	err := tx.QueryRowContext(ctx, `SELECT scope, fields, stamps, writers, seq, writer, exact, base_seq FROM records WHERE entity = ? AND id = ?`,
		entity, id).Scan(&r.scope, &fields, &stamps, &writers, &r.seq, &r.writer, &r.exact, &r.baseSeq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if r.state.Fields, err = syncproto.SplitObject([]byte(fields)); err != nil {
		return nil, err
	}
	if r.state.Stamps, err = syncproto.SplitStamps([]byte(stamps)); err != nil {
		return nil, err
	}
	if r.state.Writers, err = syncproto.SplitStamps([]byte(writers)); err != nil {
		return nil, err
	}
	return &r, nil
}

// putRecord writes a record's state at change-log position seq.
func (s *Store) putRecord(ctx context.Context, tx *Tx, entity, id, scope string, st *syncproto.State, seq int64, o origin) error {
	fields, err := encodeFields(st.Fields)
	if err != nil {
		return err
	}
	stamps, err := json.Marshal(st.Stamps)
	if err != nil {
		return err
	}
	writers := []byte("{}")
	if len(st.Writers) > 0 {
		if writers, err = json.Marshal(st.Writers); err != nil {
			return err
		}
	}
	deleted := string(st.Fields[syncproto.FieldDeleted]) == "true"
	if _, err = tx.ExecContext(ctx, `INSERT INTO records (entity, id, scope, fields, stamps, writers, deleted, seq, writer, exact, base_seq, updated_at, person)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (entity, id) DO UPDATE SET scope = excluded.scope, fields = excluded.fields,
			stamps = excluded.stamps, writers = excluded.writers, deleted = excluded.deleted, seq = excluded.seq,
			writer = excluded.writer, exact = excluded.exact, base_seq = excluded.base_seq, updated_at = excluded.updated_at,
			person = excluded.person`,
		entity, id, scope, string(fields), string(stamps), string(writers), deleted, seq,
		o.writer, o.exact, o.baseSeq, s.now(), o.person); err != nil {
		return err
	}
	return recordFiles(ctx, tx, entity, id, scope, deleted, st)
}

// encodeFields writes a record's fields as one JSON object, in name
// order, each value as it came (it was read as JSON): what json.Marshal
// does, without compacting every value again.
func encodeFields(m map[string]json.RawMessage) ([]byte, error) {
	keys := make([]string, 0, len(m))
	n := 2
	for k, v := range m {
		keys = append(keys, k)
		n += len(k) + len(v) + 4
	}
	sort.Strings(keys)
	out := make([]byte, 0, n)
	out = append(out, '{')
	for i, k := range keys {
		if i > 0 {
			out = append(out, ',')
		}
		if plainName(k) {
			out = append(out, '"')
			out = append(out, k...)
			out = append(out, '"')
		} else {
			q, err := json.Marshal(k)
			if err != nil {
				return nil, err
			}
			out = append(out, q...)
		}
		out = append(out, ':')
		if v := m[k]; len(v) > 0 {
			out = append(out, v...)
		} else {
			out = append(out, "null"...)
		}
	}
	return append(out, '}'), nil
}

// plainName reports whether a field name needs no escaping in JSON.
func plainName(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// CountRecords returns how many live records of entity the server holds.
func (s *Store) CountRecords(ctx context.Context, entity string) (int, error) {
	var n int
	err := s.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM records WHERE entity = ? AND deleted = 0`, entity).Scan(&n)
	})
	return n, err
}

// CountDeleted returns how many tombstones of entity the server holds.
func (s *Store) CountDeleted(ctx context.Context, entity string) (int, error) {
	var n int
	err := s.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM records WHERE entity = ? AND deleted = 1`, entity).Scan(&n)
	})
	return n, err
}

// Records returns every record of entity the server holds, tombstones
// included, in change-log order, with its organisation in Org (for
// support, and for tests that compare a laptop with the server's view).
func (s *Store) Records(ctx context.Context, entity string) ([]syncproto.Record, error) {
	var out []syncproto.Record
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, recordQuery+` WHERE entity = ? ORDER BY seq`, entity)
		if err != nil {
			return err
		}
		recs, _, err := scanRecords(rows, 0)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := r.decode(); err != nil {
				return err
			}
			out = append(out, r.Record)
		}
		return nil
	})
	return out, err
}

// personOf is who made a change, as the server keeps it: the laptop's
// word, kept only when it is well formed (an id, and a name a person
// could have); anything else is kept as no one, the change itself stands.
func personOf(by *alliance.Person) string {
	if by == nil || !alliance.ValidID(by.ID) {
		return ""
	}
	name := strings.TrimSpace(by.Name)
	if name == "" || utf8.RuneCountInString(name) > 120 || strings.IndexFunc(name, unicode.IsControl) >= 0 || !utf8.ValidString(name) {
		return ""
	}
	b, _ := json.Marshal(alliance.Person{ID: by.ID, Name: name})
	return string(b)
}
