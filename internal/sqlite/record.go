package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// timeFormat is how created/updated times are stored: UTC, sortable.
const timeFormat = "2006-01-02T15:04:05.000Z"

// field is one synced field of a record: its name (= column = wire name)
// and its value.
type field struct {
	name  string
	value any // string, int, bool or a slice (stored as JSON text)
}

// fieldsJSON encodes fields as the wire form of a change.
func fieldsJSON(fs []field) (map[string]json.RawMessage, error) {
	m := make(map[string]json.RawMessage, len(fs))
	for _, f := range fs {
		b, err := json.Marshal(f.value)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f.name, err)
		}
		m[f.name] = b
	}
	return m, nil
}

// sqlValue converts a field value to what the column holds.
func sqlValue(v any) any {
	switch x := v.(type) {
	case string, int, int64:
		return x
	case bool:
		if x {
			return 1
		}
		return 0
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// changedFields returns the fields of next whose value differs from prev
// (all of next when prev is nil).
func changedFields(prev, next []field) []field {
	if prev == nil {
		return next
	}
	old := make(map[string][]byte, len(prev))
	for _, f := range prev {
		b, _ := json.Marshal(f.value)
		old[f.name] = b
	}
	var out []field
	for _, f := range next {
		b, _ := json.Marshal(f.value)
		if !bytes.Equal(old[f.name], b) {
			out = append(out, f)
		}
	}
	return out
}

// withGroups adds to changed the fields that travel together with one of
// them (syncproto.FieldGroup: an activity's start and end), with their
// values in all, so that they win or lose together on the server.
func withGroups(entity string, changed []field, all func(name string) (any, bool)) []field {
	have := map[string]bool{}
	for _, f := range changed {
		have[f.name] = true
	}
	for _, f := range changed {
		for _, g := range syncproto.FieldGroup(entity, f.name) {
			if have[g] {
				continue
			}
			if v, ok := all(g); ok {
				changed = append(changed, field{g, v})
				have[g] = true
			}
		}
	}
	return changed
}

// newStamps returns the stamps object of a record created at h: one base
// stamp (syncproto.BaseStamp) that every field has until it changes.
func newStamps(h syncproto.HLC) string {
	return `{"` + syncproto.BaseStamp + `":"` + h.String() + `"}`
}

// stampFields sets the stamp of every changed field to h in the JSON
// object of stamps. base returns each changed field's stamp before: what
// the edit was based on, for the server to tell a conflict.
func stampFields(stamps string, fs []field, h syncproto.HLC) (out string, base map[string]string, err error) {
	m := syncproto.Stamps{}
	if stamps != "" {
		if err := json.Unmarshal([]byte(stamps), &m); err != nil {
			return "", nil, fmt.Errorf("stored stamps: %w", err)
		}
	}
	base = make(map[string]string, len(fs))
	for _, f := range fs {
		base[f.name] = m.Of(f.name)
		m[f.name] = h.String()
	}
	b, err := json.Marshal(m)
	return string(b), base, err
}

// change records one write: it stamps nothing itself but writes the outbox
// entry for entity/id with the changed fields, all stamped h, and the
// stamps they replaced (base; nil for a new record), and notes it in the
// history with the values they replaced (old).
func (tx *Tx) change(ctx context.Context, entity, id, org, op string, h syncproto.HLC, fs []field, base map[string]string, old map[string]json.RawMessage) error {
	m, err := fieldsJSON(fs)
	if err != nil {
		return err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	bb := []byte("{}")
	if len(base) > 0 {
		if bb, err = json.Marshal(base); err != nil {
			return err
		}
	}
	stored, err := tx.seal(entity, id, b)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO outbox (entity, entity_id, org_id, op, hlc, fields, base, created_at, person)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, entity, id, org, op, h.String(), stored, string(bb), tx.now.Format(timeFormat), tx.db.personJSON(ctx)); err != nil {
		return err
	}
	diff, how := map[string][2]json.RawMessage{}, alliance.HistoryLocal
	if op == syncproto.OpCreate {
		how = alliance.HistoryCreated // its values are the record's, then its next change's "from"
	} else {
		for k, v := range m {
			if string(old[k]) != string(v) { // a group's other fields go along unchanged
				diff[k] = [2]json.RawMessage{old[k], v}
			}
		}
	}
	if err := noteHistory(ctx, tx, entity, id, how, tx.db.personJSON(ctx), tx.db.DeviceID, diff); err != nil {
		return err
	}
	tx.changed = true
	return nil
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}
