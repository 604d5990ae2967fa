package syncproto

import (
	"encoding/json"
	"fmt"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// The record codecs: domain records to wire fields and back. The field
// names are the domain's Field* names, which are also the store's columns.

// ActivityFields returns every synced field of a (alliance.ActivityFields
// and deleted).
func ActivityFields(a *alliance.Activity) map[string]json.RawMessage {
	m := make(map[string]any, len(alliance.ActivityFields)+1)
	for _, f := range alliance.ActivityFields {
		m[f.Name] = f.Value(a)
	}
	m[FieldDeleted] = a.Deleted
	return encodeAll(m)
}

// ActivityFromFields decodes an activity from its fields. Missing fields
// keep their zero value; unknown ones (from a newer version) are ignored.
func ActivityFromFields(id string, fs map[string]json.RawMessage) (*alliance.Activity, error) {
	a := &alliance.Activity{ID: id}
	for _, f := range alliance.ActivityFields {
		raw, ok := fs[f.Name]
		if !ok {
			continue
		}
		v, err := plainValue(f.Type, raw)
		if err == nil {
			err = f.SetValue(a, v)
		}
		if err != nil {
			return nil, alliance.Errorf(alliance.EINVALID, "field %s: %v", f.Name, err)
		}
	}
	d := decoder{f: fs}
	d.val(FieldDeleted, &a.Deleted)
	return a, d.err
}

// plainValue decodes a field's JSON as the plain value of its type.
func plainValue(t alliance.FieldType, raw json.RawMessage) (any, error) {
	switch t {
	case alliance.TypeCount:
		var n int
		err := json.Unmarshal(raw, &n)
		return n, err
	case alliance.TypeCodes:
		var s []string
		err := json.Unmarshal(raw, &s)
		return s, err
	case alliance.TypeFiles:
		var as []alliance.Attachment
		err := json.Unmarshal(raw, &as)
		return as, err
	case alliance.TypeUses:
		var us []alliance.ResourceUse
		err := json.Unmarshal(raw, &us)
		return us, err
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// Organisation field names.
const (
	FieldOrgName        = "name"
	FieldOrgKind        = "kind"
	FieldOrgRegion      = "region_id"
	FieldOrgSecretariat = "secretariat"
)

// OrganisationFields returns the synced fields of o: its name, kind,
// region, flag and tombstone always, and the fields of its profile it has
// (an empty one is left out: a laptop of before profiles takes the record
// then, and a missing field is an empty one everywhere).
func OrganisationFields(o *alliance.Organisation, deleted bool) map[string]json.RawMessage {
	m := map[string]any{FieldOrgName: o.Name, FieldOrgKind: o.Kind, FieldOrgRegion: o.RegionID,
		FieldOrgSecretariat: o.Secretariat, FieldDeleted: deleted}
	for name, v := range ProfileFields(o) {
		m[name] = v
	}
	fs := encodeAll(m)
	for name := range m {
		if _, profile := profileNames[name]; profile && zeroValue(fs[name]) {
			delete(fs, name)
		}
	}
	return fs
}

// ProfileFields are the values of o's profile by wire name, every one.
func ProfileFields(o *alliance.Organisation) map[string]any {
	p := o.OrgProfile
	return map[string]any{
		alliance.FieldOrgNameRU: p.NameRU, alliance.FieldOrgNameEN: p.NameEN,
		alliance.FieldOrgRegions: nonNil(p.Regions), alliance.FieldOrgAreas: nonNil(p.Areas),
		alliance.FieldOrgAddress: p.Address, alliance.FieldOrgPhone: p.Phone, alliance.FieldOrgEmail: p.Email,
		alliance.FieldOrgWebsite: p.Website, alliance.FieldOrgFocalPerson: p.FocalPerson, alliance.FieldOrgJoined: p.Joined,
		alliance.FieldOrgLogo: p.Logo,
	}
}

// profileNames are the wire names of a profile's fields.
var profileNames = ProfileFields(&alliance.Organisation{})

// zeroValue reports whether v is an empty value: "", 0, [], null.
func zeroValue(v json.RawMessage) bool {
	switch string(v) {
	case `""`, "0", "[]", "null":
		return true
	}
	return false
}

// OrganisationFromFields decodes an organisation and its tombstone flag (a
// profile field a record of before profiles lacks stays empty).
func OrganisationFromFields(id string, f map[string]json.RawMessage) (*alliance.Organisation, bool, error) {
	o := &alliance.Organisation{ID: id}
	var deleted bool
	d := decoder{f: f}
	d.str(FieldOrgName, &o.Name)
	d.val(FieldOrgKind, &o.Kind)
	d.str(FieldOrgRegion, &o.RegionID)
	d.val(FieldOrgSecretariat, &o.Secretariat)
	d.val(FieldDeleted, &deleted)
	p := &o.OrgProfile
	d.str(alliance.FieldOrgNameRU, &p.NameRU)
	d.str(alliance.FieldOrgNameEN, &p.NameEN)
	d.str(alliance.FieldOrgAddress, &p.Address)
	d.str(alliance.FieldOrgPhone, &p.Phone)
	d.str(alliance.FieldOrgEmail, &p.Email)
	d.str(alliance.FieldOrgWebsite, &p.Website)
	d.str(alliance.FieldOrgFocalPerson, &p.FocalPerson)
	d.val(alliance.FieldOrgRegions, &p.Regions)
	d.val(alliance.FieldOrgAreas, &p.Areas)
	d.val(alliance.FieldOrgJoined, &p.Joined)
	d.val(alliance.FieldOrgLogo, &p.Logo)
	return o, deleted, d.err
}

func encodeAll(m map[string]any) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		b, err := json.Marshal(v)
		if err != nil {
			panic(fmt.Sprintf("syncproto: encode %s: %v", k, err)) // plain values always encode
		}
		out[k] = b
	}
	return out
}

// decoder reads fields, keeping the first error.
type decoder struct {
	f   map[string]json.RawMessage
	err error
}

func (d *decoder) val(name string, v any) {
	raw, ok := d.f[name]
	if !ok || d.err != nil {
		return
	}
	if err := json.Unmarshal(raw, v); err != nil {
		d.err = alliance.Errorf(alliance.EINVALID, "field %s: %v", name, err)
	}
}

func (d *decoder) str(name string, s *string) { d.val(name, s) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Fields returns the synced fields of a record type with JSON tags (a
// training, a participant, a certificate): its JSON object, field by field.
func Fields(v any) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	return m, json.Unmarshal(b, &m)
}

// Decode fills v (a record type with JSON tags) from its fields.
func Decode(fields map[string]json.RawMessage, v any) error {
	b, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return alliance.Errorf(alliance.EINVALID, "%v", err)
	}
	return nil
}
