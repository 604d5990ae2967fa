package syncserver_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// What README's authorisation table promises, written out again here (not
// read from the code): for each kind of record and field, what a member's
// laptop and the secretariat's laptop may do. "write": set and change;
// "create": set when the record is made, never change; "never". Fields
// not named take the kind's "*".
var promised = map[string]map[string][2]string{
	syncproto.EntityOrganisation: {"*": {"own", "write"}, "deleted": {"never", "never"}, "secretariat": {"never", "special"},
		"kind": {"never", "write"}, "region_id": {"never", "write"}, "joined": {"never", "write"}},
	syncproto.EntityActivity:    {"*": {"write", "write"}, "org_id": {"create", "create"}},
	syncproto.EntityTraining:    {"*": {"write", "write"}, "org_id": {"create", "create"}},
	syncproto.EntityParticipant: {"*": {"write", "write"}, "org_id": {"create", "create"}, "training_id": {"create", "create"}},
	syncproto.EntityCertificate: {"*": {"create", "create"}, "deleted": {"never", "write"}, "revoked": {"special", "special"},
		"revoked_at": {"write", "write"}, "revoke_reason": {"write", "write"}},
	syncproto.EntityContest:  {"*": {"never", "write"}, "org_id": {"never", "create"}},
	syncproto.EntityCampaign: {"*": {"never", "write"}, "org_id": {"never", "create"}},
	syncproto.EntityResource: {"*": {"never", "write"}, "org_id": {"never", "create"}},
	syncproto.EntityEntry: {"*": {"write", "write"}, "org_id": {"create", "create"}, "contest_id": {"create", "create"},
		"code": {"create", "create"}, "created_at": {"create", "create"}, "state": {"special", "write"},
		"rank": {"never", "write"}, "score": {"never", "write"}, "deleted": {"special", "write"}},
	syncproto.EntityEntryVersion: {"*": {"create", "create"}, "deleted": {"never", "write"}},
	syncproto.EntityScore: {"*": {"never", "write"}, "org_id": {"never", "create"}, "contest_id": {"never", "create"},
		"entry_id": {"never", "create"}, "juror_id": {"never", "create"}},
}

func promise(entity, field string, role int) string {
	if p, ok := promised[entity][field]; ok {
		return p[role]
	}
	return promised[entity]["*"][role]
}

// cells builds records of every kind for the table's tests.
type cells struct {
	t      *testing.T
	w      *world
	b      *base
	jurors int
	serial int
}

// fields returns a valid new record of entity as by would make it: its
// id, organisation and fields.
func (c *cells) fields(entity string, by *actor) (string, string, map[string]json.RawMessage) {
	w, b := c.w, c.b
	org := w.orgA
	id := alliance.NewID()
	switch entity {
	case syncproto.EntityOrganisation:
		return id, w.orgS, syncproto.OrganisationFields(&alliance.Organisation{Name: "Yeni QHT", Kind: alliance.OrgNGO, RegionID: "baku"}, false)
	case syncproto.EntityActivity:
		return id, org, syncproto.ActivityFields(validActivity(org))
	case syncproto.EntityTraining:
		return id, org, fieldsOf(c.t, validTraining(org))
	case syncproto.EntityParticipant:
		return id, org, fieldsOf(c.t, validParticipant(org, b.training))
	case syncproto.EntityCertificate:
		c.serial++
		return id, org, fieldsOf(c.t, validCertificate(org, b.training, b.participant, by.serial(org, c.serial)))
	case syncproto.EntityContest:
		return id, w.orgS, fieldsOf(c.t, validContest(w.orgS))
	case syncproto.EntityCampaign:
		return id, w.orgS, fieldsOf(c.t, validCampaign(w.orgS))
	case syncproto.EntityResource:
		return id, w.orgS, fieldsOf(c.t, validResource(w.orgS))
	case syncproto.EntityEntry:
		return id, org, fieldsOf(c.t, validEntry(org, b.contest, alliance.StateSubmitted))
	case syncproto.EntityEntryVersion:
		return id, org, fieldsOf(c.t, &alliance.EntryVersion{OrgID: org, EntryID: b.entry, Version: 1, Reason: "düzəliş",
			At: time.Date(2025, 3, 11, 0, 0, 0, 0, time.UTC), Previous: json.RawMessage(`{}`)})
	case syncproto.EntityScore:
		c.jurors++
		sid, sc := validScore(by.org, b.contest, b.entry, fmt.Sprintf("j%d", c.jurors))
		return sid, by.org, fieldsOf(c.t, sc)
	}
	c.t.Fatalf("no record of kind %s", entity)
	return "", "", nil
}

// other returns a value of field unlike cur (nil: the field is absent).
func (c *cells) other(entity, field string, cur json.RawMessage, by *actor) json.RawMessage {
	switch field {
	case "org_id":
		return raw(c.w.orgB)
	case "serial":
		c.serial++
		return raw(by.serial(c.w.orgA, c.serial))
	case "rank", "score", "version", "hours", "winners", "age", "girls":
		var n float64
		_ = json.Unmarshal(cur, &n)
		return raw(n + 1)
	}
	var v any
	if cur == nil || json.Unmarshal(cur, &v) != nil {
		return raw("x")
	}
	switch x := v.(type) {
	case bool:
		return raw(!x)
	case float64:
		return raw(x + 1)
	case string:
		return raw(x + "x")
	case []any:
		return raw(append(x, "x"))
	case map[string]any:
		x["x"] = 1
		return raw(x)
	}
	return raw("x")
}

func forbidden(aside map[int64]string, seq int64) bool {
	return strings.HasPrefix(aside[seq], alliance.EFORBIDDEN+":")
}

// TestAuthz_Table tries every cell of the table: each role creating a
// record with the field set, and changing the field of a record that
// exists. A refusal is a change set aside as forbidden (nothing applied,
// the queue goes on); what is allowed is never refused as forbidden.
func TestAuthz_Table(t *testing.T) {
	w := newWorld(t)
	c := &cells{t: t, w: w}
	// A contest with a big jury, for one score per judge.
	c.b = w.base()
	var jury []alliance.Juror
	for i := 0; i <= 40; i++ {
		jury = append(jury, alliance.Juror{ID: fmt.Sprintf("j%d", i), Name: fmt.Sprintf("Münsif %d", i)})
	}
	c.b.sec.mustPush(c.b.sec.change(syncproto.EntityContest, c.b.contest, w.orgS, map[string]json.RawMessage{"jury": raw(jury)},
		map[string]string{"jury": ""}))
	roles := []*actor{c.b.memA, c.b.sec}
	for _, entity := range syncproto.Entities {
		for _, field := range syncproto.KnownFields(entity) {
			for role, by := range roles {
				want := promise(entity, field, role)
				name := fmt.Sprintf("%s/%s/%s", entity, field, []string{"member", "secretariat"}[role])
				if want == "special" {
					continue // TestAuthz_Values
				}
				if want == "own" {
					want = "never" // on records not its organisation's: TestAuthz_OwnProfile
				}
				t.Run(name+"/create", func(t *testing.T) {
					id, org, f := c.fields(entity, by)
					f[field] = c.other(entity, field, f[field], by)
					if field == "org_id" {
						f[field] = raw(org) // its own organisation; another's is TestPush_OtherOrganisationsRecords
					}
					ch := by.change(entity, id, org, f, nil)
					refused := forbidden(by.mustPush(ch), ch.Seq)
					if refused != (want == "never") {
						t.Fatalf("promised %q; refused: %v", want, refused)
					}
				})
				t.Run(name+"/edit", func(t *testing.T) {
					id, org, f := c.fields(entity, c.b.sec)
					if aside := c.b.sec.mustPush(c.b.sec.change(entity, id, org, f, nil)); len(aside) > 0 {
						t.Fatalf("the secretariat cannot make the record: %v", aside)
					}
					v := c.other(entity, field, f[field], by)
					ch := by.change(entity, id, org, map[string]json.RawMessage{field: v}, map[string]string{field: ""})
					refused := forbidden(by.mustPush(ch), ch.Seq)
					if refused != (want != "write") {
						t.Fatalf("promised %q; refused: %v", want, refused)
					}
				})
			}
		}
	}
}

// TestAuthz_Values tries the cells that depend on the value written.
func TestAuthz_Values(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	c := &cells{t: t, w: w, b: b}
	type step struct {
		by     *actor
		field  string
		value  any
		refuse bool
	}
	for _, tc := range []struct {
		name    string
		entity  string
		creator *actor
		edit    func(f map[string]json.RawMessage) // the record as made
		create  []step                             // on a new record
		steps   []step                             // in order, on the record made
	}{
		{name: "organisation flag", entity: syncproto.EntityOrganisation, creator: b.sec,
			create: []step{{b.sec, "secretariat", true, true}, {b.sec, "secretariat", false, false}},
			steps:  []step{{b.sec, "secretariat", true, true}}},
		{name: "revoke", entity: syncproto.EntityCertificate, creator: b.memA,
			create: []step{{b.memA, "revoked", true, false}},
			steps:  []step{{b.memA, "revoked", true, false}, {b.memA, "revoked", false, true}, {b.sec, "revoked", false, true}}},
		{name: "draft entry", entity: syncproto.EntityEntry, creator: b.memA,
			edit: func(f map[string]json.RawMessage) { f["state"] = raw("draft") },
			create: []step{{b.memA, "state", "winner", true}, {b.memA, "state", "shortlisted", true},
				{b.memA, "state", "draft", false}, {b.memA, "deleted", true, true}},
			steps: []step{{b.memA, "state", "shortlisted", true}, {b.memA, "deleted", true, false}, {b.memA, "deleted", false, false},
				{b.memA, "state", "submitted", false}, {b.memA, "state", "draft", true}, {b.memA, "deleted", true, true},
				{b.sec, "state", "shortlisted", false}, {b.memA, "state", "submitted", true}, {b.sec, "state", "submitted", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range tc.create {
				id, org, f := c.fields(tc.entity, s.by)
				if tc.edit != nil {
					tc.edit(f)
				}
				f[s.field] = raw(s.value)
				ch := s.by.change(tc.entity, id, org, f, nil)
				if got := forbidden(s.by.mustPush(ch), ch.Seq); got != s.refuse {
					t.Fatalf("creating with %s = %v: refused %v, want %v", s.field, s.value, got, s.refuse)
				}
			}
			id, org, f := c.fields(tc.entity, tc.creator)
			if tc.edit != nil {
				tc.edit(f)
			}
			if aside := tc.creator.mustPush(tc.creator.change(tc.entity, id, org, f, nil)); len(aside) > 0 {
				t.Fatalf("making the record: %v", aside)
			}
			for i, s := range tc.steps {
				ch := s.by.change(tc.entity, id, org, map[string]json.RawMessage{s.field: raw(s.value)}, map[string]string{s.field: ""})
				if got := forbidden(s.by.mustPush(ch), ch.Seq); got != s.refuse {
					t.Fatalf("step %d, %s = %v: refused %v, want %v", i+1, s.field, s.value, got, s.refuse)
				}
			}
		})
	}
}

// TestAuthz_Markdown: README holds the table as the server enforces it.
func TestAuthz_Markdown(t *testing.T) {
	md := syncserver.AuthzMarkdown()
	readme := readFile(t, "../../README.md")
	if !strings.Contains(readme, md) {
		t.Fatalf("README.md does not hold the authorisation table as enforced; paste:\n%s", md)
	}
	for entity := range promised {
		if !strings.Contains(md, "| "+entity+" |") {
			t.Errorf("the table has no row for %s", entity)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAuthz_OwnProfile: a member's laptop changes its own organisation's
// profile in the fields the table gives it, never another organisation's,
// never its own kind, base region, year of joining, flag or tombstone,
// and never makes an organisation; what it writes must be valid.
func TestAuthz_OwnProfile(t *testing.T) {
	w := newWorld(t)
	b := w.base()
	own := map[string]any{"name": "Yeni ad", "name_ru": "Новое имя", "name_en": "New name", "regions": []string{"baku", "karabakh"},
		"areas": []string{"education"}, "address": "Bakı, Nizami küç. 1", "phone": "+994 12 555-12-34",
		"email": "info@uhq.az", "website": "https://uhq.az", "focal_person": "Leyla Əliyeva, sədr"}
	for field, v := range own {
		ch := b.memA.change(syncproto.EntityOrganisation, w.orgA, "", map[string]json.RawMessage{field: raw(v)},
			map[string]string{field: ""})
		if aside := b.memA.mustPush(ch); len(aside) > 0 {
			t.Errorf("its own %s: %v", field, aside)
		}
		ch = b.memA.change(syncproto.EntityOrganisation, w.orgB, "", map[string]json.RawMessage{field: raw(v)},
			map[string]string{field: ""})
		if !forbidden(b.memA.mustPush(ch), ch.Seq) {
			t.Errorf("another organisation's %s was taken", field)
		}
	}
	for field, v := range map[string]any{"kind": "youth_group", "region_id": "karabakh", "joined": 2010, "secretariat": true, "deleted": true} {
		ch := b.memA.change(syncproto.EntityOrganisation, w.orgA, "", map[string]json.RawMessage{field: raw(v)},
			map[string]string{field: ""})
		if !forbidden(b.memA.mustPush(ch), ch.Seq) {
			t.Errorf("its own %s was taken from a member", field)
		}
	}
	for field, v := range map[string]any{"email": "not an address", "website": "javascript:alert(1)", "phone": "call me",
		"regions": []string{"atlantis"}, "name": ""} {
		ch := b.memA.change(syncproto.EntityOrganisation, w.orgA, "", map[string]json.RawMessage{field: raw(v)},
			map[string]string{field: ""})
		if aside := b.memA.mustPush(ch); !strings.HasPrefix(aside[ch.Seq], alliance.EINVALID+":") {
			t.Errorf("%s = %v: %q", field, v, aside[ch.Seq])
		}
	}
	got := w.enrol(w.orgB).record(syncproto.EntityOrganisation, w.orgA)
	o, _, err := syncproto.OrganisationFromFields(w.orgA, got.Fields)
	if err != nil {
		t.Fatal(err)
	}
	if o.Name != "Yeni ad" || o.Email != "info@uhq.az" || len(o.Regions) != 2 || o.Kind != alliance.OrgNGO {
		t.Fatalf("another member sees %+v", o)
	}
}
