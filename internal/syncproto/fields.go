package syncproto

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// The fields each kind of record travels with: the activity's and the
// organisation's from their codecs, the others' from their JSON tags. The
// server refuses a field not listed here (nobody may write it); a laptop
// keeps aside a pulled record with one (it comes from a newer version).

var knownFields = map[string][]string{
	EntityActivity:     mapKeys(ActivityFields(&alliance.Activity{})),
	EntityOrganisation: organisationFieldNames(),
	EntityTraining:     jsonFields(alliance.Training{}),
	EntityParticipant:  jsonFields(alliance.Participant{}),
	EntityCertificate:  jsonFields(alliance.Certificate{}),
	EntityContest:      jsonFields(alliance.Contest{}),
	EntityEntry:        jsonFields(alliance.Entry{}),
	EntityEntryVersion: jsonFields(alliance.EntryVersion{}),
	EntityScore:        jsonFields(alliance.Score{}),
	EntityCampaign:     jsonFields(alliance.Campaign{}),
	EntityResource:     jsonFields(alliance.Resource{}),
}

// organisationFieldNames are every field an organisation travels with
// (OrganisationFields leaves the empty ones of a profile out).
func organisationFieldNames() []string {
	names := mapKeys(OrganisationFields(&alliance.Organisation{}, false))
	for name := range ProfileFields(&alliance.Organisation{}) {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Entities lists every kind of record that travels, in a fixed order.
var Entities = []string{EntityOrganisation, EntityActivity, EntityTraining, EntityParticipant, EntityCertificate,
	EntityContest, EntityEntry, EntityEntryVersion, EntityScore, EntityCampaign, EntityResource}

// KnownFields returns the fields records of entity travel with, sorted;
// nil for a kind this version does not know.
func KnownFields(entity string) []string { return knownFields[entity] }

// KnownField reports whether records of entity travel with field.
func KnownField(entity, field string) bool {
	fs := knownFields[entity]
	i := sort.SearchStrings(fs, field)
	return i < len(fs) && fs[i] == field
}

// UnknownFields returns the fields of a record this version does not know
// (sorted), or all of them for an unknown kind.
func UnknownFields(entity string, fields map[string]json.RawMessage) []string {
	var out []string
	for name := range fields {
		if !KnownField(entity, name) {
			out = append(out, name)
		}
	}
	if len(out) > 1 {
		sort.Strings(out)
	}
	return out
}

// fieldGroups are fields that hold one value together: a change that
// sets one of them carries all, and they win or lose together, so that a
// merge never pairs one laptop's start with another's end.
var fieldGroups = map[string][][]string{
	EntityActivity: {{alliance.FieldStart, alliance.FieldEnd}},
	EntityContest:  {{alliance.FieldOpens, alliance.FieldCloses, alliance.FieldJudgingEnds}},
	EntityCampaign: {{"start", "end"}},
}

// FieldGroup returns the fields that travel together with field (field
// itself included), or nil when it travels alone.
func FieldGroup(entity, field string) []string {
	for _, g := range fieldGroups[entity] {
		for _, f := range g {
			if f == field {
				return g
			}
		}
	}
	return nil
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// jsonFields returns the JSON names of a struct's exported fields.
func jsonFields(v any) []string {
	t := reflect.TypeOf(v)
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// AnonymousEntryFields are the values an anonymised entry has in its
// personal fields (alliance.EntryPersonalFields), as they travel.
func AnonymousEntryFields() map[string]json.RawMessage {
	var e alliance.Entry
	e.Anonymise(time.Time{}, alliance.AnonymisedWithdrawn)
	all, err := Fields(&e)
	if err != nil {
		panic(err) // a plain struct always encodes
	}
	out := make(map[string]json.RawMessage, len(alliance.EntryPersonalFields))
	for _, f := range alliance.EntryPersonalFields {
		out[f] = all[f]
	}
	return out
}

// EntryAnonymised tells whether an entry's fields say it is anonymised.
func EntryAnonymised(fields map[string]json.RawMessage) bool {
	var why string
	return json.Unmarshal(fields["anonymised"], &why) == nil && why != ""
}
