package syncserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// The authorisation table: for every kind of record and every field, what
// a member organisation's laptop and the secretariat's laptop may write.
// Every change a laptop pushes is checked against it, field by field,
// before anything is merged; a change that breaks it is set aside with its
// reason. A member writes only its own organisation's records; the
// secretariat writes everyone's. README's table is rendered from this one
// (AuthzMarkdown), and the tests try every cell.

// Role is who pushes a change.
type Role string

const (
	RoleMember      Role = "member"
	RoleSecretariat Role = "secretariat"
)

// Roles lists the roles in the table's column order.
var Roles = []Role{RoleMember, RoleSecretariat}

// Access is what a role may do to one field.
type Access struct {
	// Create: the field may be set when the record is made; Edit: changed
	// afterwards (for "deleted": deleting and restoring).
	Create, Edit bool
	// Check, when set, decides about one value: prev is the record as the
	// server holds it (nil for a new record), value the change's value.
	Check func(prev map[string]json.RawMessage, value json.RawMessage) error
	// Note says in words what Check allows (README).
	Note string
}

var (
	no       = Access{}
	yes      = Access{Create: true, Edit: true}
	onCreate = Access{Create: true, Note: "when created"}
	ownOrg   = Access{Edit: true, Note: "its own organisation's profile"}
)

// kindRule is the table's rows for one kind of record.
type kindRule struct {
	entity string
	// shared records (organisations, contests) have no owner organisation.
	shared bool
	// ownRecord: a member may change (never make) the shared record whose
	// id is its organisation's — its own profile — in the fields its
	// column allows.
	ownRecord bool
	// fields not listed take def.
	def    map[Role]Access
	fields map[string]map[Role]Access
}

func both(a Access) map[Role]Access { return map[Role]Access{RoleMember: a, RoleSecretariat: a} }

func roles(member, secretariat Access) map[Role]Access {
	return map[Role]Access{RoleMember: member, RoleSecretariat: secretariat}
}

var authzTable = []kindRule{
	{entity: syncproto.EntityOrganisation, shared: true, ownRecord: true, def: roles(no, yes), fields: map[string]map[Role]Access{
		syncproto.FieldOrgSecretariat: roles(no, Access{Create: true, Check: mustBe("false"),
			Note: "false only (the server's command line names the secretariat)"}),
		syncproto.FieldDeleted: roles(no, no),
		// Its profile a member keeps itself; kind, base region and the
		// year it joined are the secretariat's record.
		syncproto.FieldOrgName: roles(ownOrg, yes), alliance.FieldOrgNameRU: roles(ownOrg, yes),
		alliance.FieldOrgNameEN: roles(ownOrg, yes), alliance.FieldOrgRegions: roles(ownOrg, yes),
		alliance.FieldOrgAreas: roles(ownOrg, yes), alliance.FieldOrgAddress: roles(ownOrg, yes),
		alliance.FieldOrgPhone: roles(ownOrg, yes), alliance.FieldOrgEmail: roles(ownOrg, yes),
		alliance.FieldOrgWebsite: roles(ownOrg, yes), alliance.FieldOrgFocalPerson: roles(ownOrg, yes),
		alliance.FieldOrgLogo: roles(ownOrg, yes),
	}},
	{entity: syncproto.EntityActivity, def: both(yes), fields: map[string]map[Role]Access{
		alliance.FieldOrg: both(onCreate),
	}},
	{entity: syncproto.EntityTraining, def: both(yes), fields: map[string]map[Role]Access{
		alliance.FieldOrg: both(onCreate),
	}},
	{entity: syncproto.EntityParticipant, def: both(yes), fields: map[string]map[Role]Access{
		alliance.FieldOrg: both(onCreate), "training_id": both(onCreate),
	}},
	// A certificate says what it said when it was printed; it can only be
	// revoked. Its serial is checked on its own (checkSerial).
	{entity: syncproto.EntityCertificate, def: both(onCreate), fields: map[string]map[Role]Access{
		"revoked":       both(Access{Create: true, Edit: true, Check: revokeOnly, Note: "to true only (revoke)"}),
		"revoked_at":    both(yes),
		"revoke_reason": both(yes),
		"deleted":       roles(no, yes),
	}},
	{entity: syncproto.EntityContest, shared: true, def: roles(no, yes), fields: map[string]map[Role]Access{
		alliance.FieldOrg: roles(no, onCreate),
	}},
	// Campaigns and donor projects, with their indicators and the progress
	// entered, are the secretariat's; members link their activities.
	{entity: syncproto.EntityCampaign, shared: true, def: roles(no, yes), fields: map[string]map[Role]Access{
		alliance.FieldOrg: roles(no, onCreate),
	}},
	// The library is the secretariat's to publish; every laptop reads it.
	{entity: syncproto.EntityResource, shared: true, def: roles(no, yes), fields: map[string]map[Role]Access{
		alliance.FieldOrg: roles(no, onCreate),
	}},
	// Members enter and correct their children's entries; the state past
	// "submitted", the place and the score are the secretariat's.
	{entity: syncproto.EntityEntry, def: both(yes), fields: map[string]map[Role]Access{
		alliance.FieldOrg:      both(onCreate),
		"contest_id":           both(onCreate),
		"code":                 both(onCreate),
		"created_at":           both(onCreate),
		"state":                roles(Access{Create: true, Edit: true, Check: memberEntryState, Note: "draft, then submitted"}, yes),
		"rank":                 roles(no, yes),
		"score":                roles(no, yes),
		syncproto.FieldDeleted: roles(Access{Create: true, Edit: true, Check: draftOnly, Note: "drafts only"}, yes),
	}},
	{entity: syncproto.EntityEntryVersion, def: both(onCreate), fields: map[string]map[Role]Access{
		syncproto.FieldDeleted: roles(no, yes),
	}},
	// The jury judges on the secretariat's laptops.
	{entity: syncproto.EntityScore, def: roles(no, yes), fields: map[string]map[Role]Access{
		alliance.FieldOrg: roles(no, onCreate), "contest_id": roles(no, onCreate),
		"entry_id": roles(no, onCreate), "juror_id": roles(no, onCreate),
	}},
}

var authzByEntity = func() map[string]*kindRule {
	m := map[string]*kindRule{}
	for i := range authzTable {
		m[authzTable[i].entity] = &authzTable[i]
	}
	return m
}()

// accessByField holds every cell of the table, looked up once per field
// of a change: entity → field → what each role (member 0, secretariat 1)
// may do. A field not in it is not known: nobody may write it.
var accessByField = func() map[string]map[string][2]Access {
	m := map[string]map[string][2]Access{}
	for _, k := range authzTable {
		m[k.entity] = map[string][2]Access{}
		for _, f := range syncproto.KnownFields(k.entity) {
			var cell [2]Access
			for i, r := range Roles {
				cell[i] = k.def[r]
				if a, ok := k.fields[f][r]; ok {
					cell[i] = a
				}
			}
			m[k.entity][f] = cell
		}
	}
	return m
}()

// access returns what role may do to field of entity.
func access(entity, field string, role Role) Access {
	return accessByField[entity][field][roleIndex(role)]
}

func roleIndex(r Role) int {
	if r == RoleSecretariat {
		return 1
	}
	return 0
}

// authorize checks a change of dev against the table. prev is the record
// as the server holds it (nil: the change creates it). The error says
// which rule the change breaks; nothing of it may be applied then.
func authorize(dev *Device, c *syncproto.Change, prev *stored) error {
	k := authzByEntity[c.Entity]
	if k == nil {
		return alliance.Errorf(alliance.EINVALID, "unknown kind of record %q", c.Entity)
	}
	role := RoleMember
	if dev.Secretariat {
		role = RoleSecretariat
	}
	if !dev.Secretariat {
		switch {
		case k.shared && k.ownRecord && prev != nil && c.ID == dev.OrgID:
			// its own organisation's record: the fields' cells decide
		case k.shared:
			return alliance.Errorf(alliance.EFORBIDDEN, "only the secretariat writes %s records", c.Entity)
		case c.Org != dev.OrgID || (prev != nil && prev.scope != dev.OrgID):
			return alliance.Errorf(alliance.EFORBIDDEN, "%s %s belongs to another organisation", c.Entity, c.ID)
		}
	}
	cells := accessByField[c.Entity]
	var prevFields map[string]json.RawMessage
	if prev != nil {
		prevFields = prev.state.Fields
	}
	for name := range c.Fields {
		if _, known := cells[name]; !known {
			unknown := syncproto.UnknownFields(c.Entity, c.Fields)
			return alliance.Errorf(alliance.EINVALID, "%s records have no field %s", c.Entity, strings.Join(unknown, ", "))
		}
	}
	// The refusal names the first refused field in name order, so that a
	// change is always refused for the same reason.
	var refused error
	refusedField := ""
	for name, v := range c.Fields {
		if refused != nil && name > refusedField {
			continue
		}
		if old, had := prevFields[name]; prev != nil && had && sameJSON(old, v) {
			continue // not a change of this field
		}
		if err := cells[name][roleIndex(role)].allows(prevFields, prev == nil, v); err != nil {
			refused, refusedField = err, name
		}
	}
	if refused == errNotSet || refused == errNotChanged {
		return alliance.Errorf(alliance.EFORBIDDEN, "a %s laptop may not %s the field %s of %s records", role, refused, refusedField, c.Entity)
	} else if refused != nil {
		return alliance.Errorf(alliance.EFORBIDDEN, "%s of %s %s: %v", refusedField, c.Entity, c.ID, refused)
	}
	return nil
}

var (
	errNotSet     = errors.New("set")
	errNotChanged = errors.New("change")
)

// zeroJSON reports whether v is an empty value: false, 0, "", null, [] or {}.
func zeroJSON(v json.RawMessage) bool {
	switch strings.TrimSpace(string(v)) {
	case "false", "0", `""`, "null", "[]", "{}":
		return true
	}
	return false
}

// allows decides one value: on a new record (create) or a change of one.
func (a Access) allows(prev map[string]json.RawMessage, create bool, v json.RawMessage) error {
	allowed := a.Edit
	if create {
		// A new record may carry a field its writer may not set at its
		// empty value (a live record's "deleted": false).
		allowed = a.Create || (a.Check == nil && zeroJSON(v))
	}
	switch {
	case !allowed && create:
		return errNotSet
	case !allowed:
		return errNotChanged
	case a.Check != nil:
		return a.Check(prev, v)
	}
	return nil
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sameJSON(a, b json.RawMessage) bool {
	return strings.TrimSpace(string(a)) == strings.TrimSpace(string(b))
}

func mustBe(want string) func(map[string]json.RawMessage, json.RawMessage) error {
	return func(_ map[string]json.RawMessage, v json.RawMessage) error {
		if !sameJSON(v, json.RawMessage(want)) {
			return fmt.Errorf("must be %s", want)
		}
		return nil
	}
}

func revokeOnly(prev map[string]json.RawMessage, v json.RawMessage) error {
	if prev != nil && !sameJSON(v, json.RawMessage("true")) {
		return fmt.Errorf("a revoked certificate stays revoked")
	}
	return nil
}

func jsonString(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// memberEntryState lets a member keep an entry a draft or submit it; the
// states past that are the secretariat's.
func memberEntryState(prev map[string]json.RawMessage, v json.RawMessage) error {
	next := alliance.EntryState(jsonString(v))
	was := alliance.StateDraft
	if prev != nil {
		was = alliance.EntryState(jsonString(prev["state"]))
	}
	if was != alliance.StateDraft || (next != alliance.StateDraft && next != alliance.StateSubmitted) {
		return fmt.Errorf("a member laptop cannot move an entry from %s to %s", was, next)
	}
	return nil
}

// draftOnly lets a member delete (or restore) a draft only: a submitted
// entry is the child's.
func draftOnly(prev map[string]json.RawMessage, v json.RawMessage) error {
	if prev == nil {
		if sameJSON(v, json.RawMessage("false")) {
			return nil
		}
		return fmt.Errorf("a new entry cannot be deleted")
	}
	if s := alliance.EntryState(jsonString(prev["state"])); s != alliance.StateDraft {
		return fmt.Errorf("a %s entry cannot be deleted", s)
	}
	return nil
}

// AuthzMarkdown renders the table for README: one row per kind and field,
// what each role may do.
func AuthzMarkdown() string {
	var b strings.Builder
	b.WriteString("| Record | Field | Member laptop (own organisation) | Secretariat laptop (any) |\n|---|---|---|---|\n")
	for _, k := range authzTable {
		rows := map[string][]string{} // cells → fields
		var order []string
		for _, f := range syncproto.KnownFields(k.entity) {
			var cells []string
			for _, r := range Roles {
				cells = append(cells, describe(access(k.entity, f, r), k.shared && r == RoleMember))
			}
			key := strings.Join(cells, "\x00")
			if _, ok := rows[key]; !ok {
				order = append(order, key)
			}
			rows[key] = append(rows[key], f)
		}
		// The row of most fields ("every other field") comes last.
		sort.SliceStable(order, func(i, j int) bool { return len(rows[order[i]]) < len(rows[order[j]]) })
		for _, key := range order {
			cells := strings.Split(key, "\x00")
			fields := rows[key]
			name := "`" + strings.Join(fields, "`, `") + "`"
			if len(fields) > 4 && len(order) > 1 {
				name = "every other field"
			} else if len(order) == 1 {
				name = "every field"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", k.entity, name, cells[0], cells[1])
		}
	}
	return b.String()
}

func describe(a Access, shared bool) string {
	var s string
	switch {
	case a.Create && a.Edit:
		s = "write"
	case a.Create:
		s = "set when created"
	case a.Edit:
		s = "change"
	default:
		return "never"
	}
	if a.Check != nil || (a.Note != "" && !a.Create) {
		s += ": " + a.Note
	}
	return s
}
