package syncserver

import (
	"encoding/json"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// validateRecord checks a record as it would be after a change, with the
// domain's own rules (judged against the server's date).
func validateRecord(entity, id, scope string, fields map[string]json.RawMessage, today alliance.Date) error {
	switch entity {
	case syncproto.EntityActivity:
		a, err := syncproto.ActivityFromFields(id, fields)
		if err != nil {
			return err
		}
		if a.OrgID != scope {
			return alliance.Errorf(alliance.EINVALID, "org_id %q does not match the record's organisation", a.OrgID)
		}
		if !knownRegion(a.RegionID) && a.RegionID != "" {
			return alliance.Errorf(alliance.EINVALID, "unknown region %q", a.RegionID)
		}
		return a.ValidateAt(today)
	case syncproto.EntityTraining:
		var t alliance.Training
		if err := decodeOwned(fields, scope, &t, &t.OrgID); err != nil {
			return err
		}
		if !knownRegion(t.RegionID) {
			return alliance.Errorf(alliance.EINVALID, "unknown region %q", t.RegionID)
		}
		return t.ValidateAt(today)
	case syncproto.EntityParticipant:
		var p alliance.Participant
		if err := decodeOwned(fields, scope, &p, &p.OrgID); err != nil {
			return err
		}
		return p.ValidateAt(today)
	case syncproto.EntityCertificate:
		var c alliance.Certificate
		if err := decodeOwned(fields, scope, &c, &c.OrgID); err != nil {
			return err
		}
		return c.Validate()
	case syncproto.EntityContest:
		var c alliance.Contest
		if err := syncproto.Decode(fields, &c); err != nil {
			return err
		}
		return c.Validate()
	case syncproto.EntityEntry:
		var e alliance.Entry
		if err := decodeOwned(fields, scope, &e, &e.OrgID); err != nil {
			return err
		}
		return validateEntry(&e)
	case syncproto.EntityEntryVersion:
		var v alliance.EntryVersion
		return decodeOwned(fields, scope, &v, &v.OrgID)
	case syncproto.EntityScore:
		var sc alliance.Score
		if err := decodeOwned(fields, scope, &sc, &sc.OrgID); err != nil {
			return err
		}
		for id, m := range sc.Marks {
			if m < 1 || m > alliance.MaxMark {
				return alliance.Errorf(alliance.EINVALID, "mark %d for %s is outside 1–%d", m, id, alliance.MaxMark)
			}
		}
		return nil
	case syncproto.EntityOrganisation:
		o, _, err := syncproto.OrganisationFromFields(id, fields)
		if err != nil {
			return err
		}
		if !knownRegion(o.RegionID) {
			return alliance.Errorf(alliance.EINVALID, "unknown region %q", o.RegionID)
		}
		return o.Validate()
	}
	return alliance.Errorf(alliance.EINVALID, "unknown kind of record %q", entity)
}

// decodeOwned decodes a record of an organisation into v and checks that
// its org_id (*org, once decoded) is the record's scope.
func decodeOwned(fields map[string]json.RawMessage, scope string, v any, org *string) error {
	if err := syncproto.Decode(fields, v); err != nil {
		return err
	}
	if *org != scope {
		return alliance.Errorf(alliance.EINVALID, "org_id %q does not match the record's organisation", *org)
	}
	return nil
}

// validateEntry checks what the server can of an entry without its
// contest (whose rules the laptop applied): names, a known state, file
// references, and above all the guardian's consent once it is submitted.
func validateEntry(e *alliance.Entry) error {
	if e.Deleted {
		return nil
	}
	if e.FirstName == "" || e.ContestID == "" || e.Code == "" {
		return alliance.Errorf(alliance.EINVALID, "an entry needs a first name, a contest and a code")
	}
	known := false
	for _, s := range alliance.EntryStates {
		known = known || e.State == s
	}
	if !known {
		return alliance.Errorf(alliance.EINVALID, "unknown entry state %q", e.State)
	}
	if e.Locked() && !e.Consent.Given() {
		return alliance.Errorf(alliance.EINVALID, "entry %s is %s without the guardian's consent", e.Code, e.State)
	}
	for _, f := range e.Files {
		if !alliance.ValidHash(f.Hash) {
			return alliance.Errorf(alliance.EINVALID, "entry %s refers to a file without a SHA-256", e.Code)
		}
	}
	return nil
}
