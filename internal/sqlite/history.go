package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

var _ alliance.HistoryService = (*HistoryService)(nil)

// HistoryService reads the history of the laptop's records (migration
// 011): each line keeps the values it set, and a field's value before is
// the one the line before set.
type HistoryService struct {
	db *DB
}

// NewHistoryService returns the history of db.
func NewHistoryService(db *DB) *HistoryService { return &HistoryService{db: db} }

// noteHistory keeps one change of a record: each field from what to what
// ({} for a record made: its values are the record's, then the "from" of
// its next change).
func noteHistory(ctx context.Context, tx *Tx, entity, id, how, person, device string, diff map[string][2]json.RawMessage) error {
	if len(diff) == 0 && how != alliance.HistoryCreated {
		return nil
	}
	fields, err := tx.sealText(entity, id, syncproto.EncodeDiff(diff))
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO history (at, entity, record_id, how, person, device, fields) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		tx.now.Format(timeFormat), entity, id, how, person, device, fields)
	return err
}

// noteSynced keeps a pulled change of a record this laptop held: the
// fields whose values it changes, from the values held here.
func noteSynced(ctx context.Context, tx *Tx, entity, id string, local, incoming map[string]json.RawMessage, by *alliance.Person, device string) error {
	diff := map[string][2]json.RawMessage{}
	for k, v := range incoming {
		if string(local[k]) != string(v) {
			diff[k] = [2]json.RawMessage{local[k], v}
		}
	}
	if len(diff) == 0 {
		return nil
	}
	person := ""
	if by != nil {
		p, _ := json.Marshal(by)
		person = string(p)
	}
	return noteHistory(ctx, tx, entity, id, alliance.HistorySync, person, device, diff)
}

// History returns a record's changes, oldest first, each field from what
// to what (From nil: not known, or the record was made).
func (s *HistoryService) History(ctx context.Context, entity, id string) ([]alliance.HistoryEntry, error) {
	var out []alliance.HistoryEntry
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT at, how, person, device, fields FROM history WHERE record_id = ? AND entity = ? ORDER BY n`, id, entity)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var at, how, person, device string
			var fields []byte
			if err := rows.Scan(&at, &how, &person, &device, &fields); err != nil {
				return err
			}
			if fields, err = unseal(fields, id); err != nil {
				return err
			}
			e := alliance.HistoryEntry{At: parseTime(at), How: how, Device: device}
			if person != "" {
				e.Person = &alliance.Person{}
				if json.Unmarshal([]byte(person), e.Person) != nil {
					e.Person = nil
				}
			}
			var diff map[string][2]json.RawMessage
			if err := json.Unmarshal(fields, &diff); err != nil {
				continue
			}
			names := make([]string, 0, len(diff))
			for k := range diff {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				from := diff[k][0]
				if string(from) == "null" {
					from = nil
				}
				e.Fields = append(e.Fields, alliance.FieldChange{Field: k, From: from, To: diff[k][1]})
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// scrubHistory empties the values the history, the conflicts and the
// changes set aside keep of an entry and its versions (anonymised): who
// changed it and when stays.
func scrubHistory(ctx context.Context, tx *Tx, entryID string) error {
	for _, q := range []string{
		`UPDATE history SET fields = '{}' WHERE record_id = ?1
			OR record_id IN (SELECT id FROM docs WHERE entity = 'entry_version' AND parent_id = ?1)`,
		`DELETE FROM conflicts WHERE record_id = ?1`,
		`UPDATE set_aside SET fields = '{}' WHERE entity_id = ?1`,
	} {
		if _, err := tx.exec(ctx, q, entryID); err != nil {
			return err
		}
	}
	return nil
}
