package syncproto

import (
	"bytes"
	"encoding/json"
)

// BaseStamp is the key, in a record's stamps, of the stamp of every field
// the stamps do not name: a new record keeps one stamp, not one per field.
const BaseStamp = "_"

// Stamps are the HLC stamps of a record's fields, as strings that compare
// in stamp order.
type Stamps map[string]string

// Of returns the stamp of field.
func (s Stamps) Of(field string) string {
	if h, ok := s[field]; ok {
		return h
	}
	return s[BaseStamp]
}

// State is a record as a replica holds it: values and stamps by field.
type State struct {
	Fields map[string]json.RawMessage
	Stamps Stamps
}

// Lost is a value that lost a last-writer-wins decision to a concurrent
// write of the same field.
type Lost struct {
	Field               string
	Loser, Winner       json.RawMessage
	LoserHLC, WinnerHLC string
	IncomingLost        bool // the change's value lost (else the stored one did)
}

// Merge applies change c, stamped h, to the record state st (nil for a
// record not seen before), field by field, last writer wins by stamp (not
// by arrival order). It returns the fields that took c's value and the
// real conflicts: concurrent writes of one field with different values.
// Applying the same change twice changes nothing the second time.
func Merge(st *State, c Change, h string) (changed []string, lost []Lost) {
	if st.Fields == nil {
		st.Fields = map[string]json.RawMessage{}
	}
	if st.Stamps == nil {
		st.Stamps = Stamps{}
	}
	if len(st.Stamps) == 0 {
		st.Stamps[BaseStamp] = h // a new record: one stamp for all its fields
	}
	defer st.Stamps.Compact()
	for name, v := range c.Fields {
		cur, exists := st.Fields[name]
		stored := st.Stamps.Of(name)
		if !exists {
			stored = ""
		}
		switch {
		case h > stored:
			base, hasBase := c.Base[name]
			if exists && stored != "" && hasBase && base != stored && !sameJSON(cur, v) {
				// The writer had not seen the stored value: it loses.
				lost = append(lost, Lost{Field: name, Loser: cur, LoserHLC: stored, Winner: v, WinnerHLC: h})
			}
			st.Fields[name] = v
			st.Stamps[name] = h
			changed = append(changed, name)
		case h < stored && !sameJSON(cur, v):
			lost = append(lost, Lost{Field: name, Loser: v, LoserHLC: h, Winner: cur, WinnerHLC: stored, IncomingLost: true})
		}
	}
	return changed, lost
}

// Compact drops per-field stamps equal to the base stamp.
func (s Stamps) Compact() {
	base, ok := s[BaseStamp]
	if !ok {
		return
	}
	for k, v := range s {
		if k != BaseStamp && v == base {
			delete(s, k)
		}
	}
}

func sameJSON(a, b json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
}
