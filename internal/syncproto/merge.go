package syncproto

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
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
// Writers (kept by the server only) says which device wrote each field,
// in the same compact form as the stamps.
type State struct {
	Fields  map[string]json.RawMessage
	Stamps  Stamps
	Writers Stamps
}

// Clone returns a copy of s whose maps are its own: merging into the copy
// leaves s as it was (a change set aside must not reach the record).
func (s State) Clone() State {
	return State{Fields: maps.Clone(s.Fields), Stamps: maps.Clone(s.Stamps), Writers: maps.Clone(s.Writers)}
}

// Lost is a value that lost a last-writer-wins decision to a concurrent
// write of the same field.
type Lost struct {
	Field               string
	Loser, Winner       json.RawMessage
	LoserHLC, WinnerHLC string
	LoserWriter         string // the device that wrote the losing stored value (IncomingLost false)
	IncomingLost        bool   // the change's value lost (else the stored one did)
}

// Merge applies change c, stamped h and written by device writer (""
// where writers are not kept), to the record state st, field by field,
// last writer wins by stamp (not by arrival order); the fields of a group
// (FieldGroup) win or lose together. It returns the fields that took c's
// value and the real conflicts: concurrent writes of one field with
// different values. A device never conflicts with its own earlier value,
// whatever stamp the server gave it. Applying the same change twice
// changes nothing the second time.
func Merge(st *State, c Change, h, writer string) (changed []string, lost []Lost) {
	if st.Fields == nil {
		st.Fields = make(map[string]json.RawMessage, len(c.Fields))
	}
	if st.Stamps == nil {
		st.Stamps = Stamps{}
	}
	keepWriters := writer != ""
	if keepWriters && st.Writers == nil {
		st.Writers = Stamps{}
	}
	if len(st.Stamps) == 0 {
		st.Stamps[BaseStamp] = h // a new record: one stamp for all its fields
		if keepWriters {
			st.Writers[BaseStamp] = writer
		}
	}
	if len(st.Fields) == 0 {
		// A new record: every field takes the base stamp and writer.
		for name, v := range c.Fields {
			st.Fields[name] = v
			changed = append(changed, name)
		}
		return changed, nil
	}
	defer st.Stamps.Compact()
	if keepWriters {
		defer st.Writers.Compact()
	}
	var done []string // the fields of groups already merged
	for name := range c.Fields {
		if slices.Contains(done, name) {
			continue
		}
		unit := []string{name}
		if g := FieldGroup(c.Entity, name); g != nil {
			unit = unit[:0]
			for _, f := range g {
				if _, ok := c.Fields[f]; ok {
					unit = append(unit, f)
				}
			}
			done = append(done, unit...)
		}
		// The unit's stored stamp is the newest of its fields'.
		stored := ""
		for _, f := range unit {
			if _, exists := st.Fields[f]; exists {
				stored = max(stored, st.Stamps.Of(f))
			}
		}
		switch {
		case h > stored:
			for _, f := range unit {
				v := c.Fields[f]
				cur, exists := st.Fields[f]
				was := st.Stamps.Of(f)
				base, hasBase := c.Base[f]
				self := keepWriters && st.Writers.Of(f) == writer
				if exists && was != "" && hasBase && base != was && !sameJSON(cur, v) && !self {
					// The writer had not seen the stored value: it loses.
					lost = append(lost, Lost{Field: f, Loser: cur, LoserHLC: was, Winner: v, WinnerHLC: h,
						LoserWriter: st.Writers.Of(f)})
				}
				st.Fields[f] = v
				st.Stamps[f] = h
				if keepWriters {
					st.Writers[f] = writer
				}
				changed = append(changed, f)
			}
		case h < stored:
			for _, f := range unit {
				if cur := st.Fields[f]; !sameJSON(cur, c.Fields[f]) {
					lost = append(lost, Lost{Field: f, Loser: c.Fields[f], LoserHLC: h, Winner: cur,
						WinnerHLC: st.Stamps.Of(f), IncomingLost: true})
				}
			}
		}
	}
	return changed, lost
}

// Compact drops per-field entries equal to the base one (stamps, or the
// writers kept the same way).
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
