package syncserver

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

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
	case syncproto.EntityResource:
		var r alliance.Resource
		if err := syncproto.Decode(fields, &r); err != nil {
			return err
		}
		return r.ValidateAt(today)
	case syncproto.EntityCampaign:
		var c alliance.Campaign
		if err := syncproto.Decode(fields, &c); err != nil {
			return err
		}
		return c.ValidateAt(today)
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
		return o.ValidateAt(today)
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
	if (e.FirstName == "" && !e.IsAnonymised()) || e.ContestID == "" || e.Code == "" {
		return alliance.Errorf(alliance.EINVALID, "an entry needs a first name, a contest and a code")
	}
	known := false
	for _, s := range alliance.EntryStates {
		known = known || e.State == s
	}
	if !known {
		return alliance.Errorf(alliance.EINVALID, "unknown entry state %q", e.State)
	}
	if e.Locked() && !e.Consent.Given() && !e.IsAnonymised() {
		return alliance.Errorf(alliance.EINVALID, "entry %s is %s without the guardian's consent", e.Code, e.State)
	}
	for _, f := range e.Files {
		if !alliance.ValidHash(f.Hash) {
			return alliance.Errorf(alliance.EINVALID, "entry %s refers to a file without a SHA-256", e.Code)
		}
	}
	return nil
}

// checkReferences checks, when a record is made, that what it belongs to
// is there and may be pointed at: a participant's and a certificate's
// training, an entry version's entry, of the same organisation; an entry's
// contest; a score's entry, whose contest's jury has the score's juror,
// under the one id each judge's score of an entry has.
func checkReferences(ctx context.Context, tx *Tx, entity, id, scope string, fields map[string]json.RawMessage) (reason, err error) {
	ref := func(field, of string, sameScope bool) (*stored, error) {
		target := jsonString(fields[field])
		var r *stored
		if alliance.ValidID(target) {
			var err error
			if r, err = loadRecord(ctx, tx, of, target); err != nil {
				return nil, err
			}
		}
		if r == nil || (sameScope && r.scope != scope) {
			return nil, alliance.Errorf(alliance.EINVALID, "%s %s names %s %q, which the server does not hold", entity, id, of, target)
		}
		return r, nil
	}
	var refErr error
	switch entity {
	case syncproto.EntityParticipant, syncproto.EntityCertificate:
		_, refErr = ref("training_id", syncproto.EntityTraining, true)
	case syncproto.EntityEntryVersion:
		_, refErr = ref("entry_id", syncproto.EntityEntry, true)
	case syncproto.EntityEntry:
		_, refErr = ref("contest_id", syncproto.EntityContest, false)
	case syncproto.EntityScore:
		var entry, contest *stored
		if entry, refErr = ref("entry_id", syncproto.EntityEntry, false); refErr == nil {
			contest, refErr = ref("contest_id", syncproto.EntityContest, false)
		}
		if refErr == nil {
			refErr = checkScore(id, fields, entry, contest)
		}
	}
	if refErr != nil && alliance.ErrorCode(refErr) == alliance.EINTERNAL {
		return nil, refErr
	}
	return refErr, nil
}

// checkScore: a score belongs to its entry's contest, its juror sits on
// that contest's jury, and its id is the one every laptop derives.
func checkScore(id string, fields map[string]json.RawMessage, entry, contest *stored) error {
	entryID, juror := jsonString(fields["entry_id"]), jsonString(fields["juror_id"])
	if jsonString(entry.state.Fields["contest_id"]) != jsonString(fields["contest_id"]) {
		return alliance.Errorf(alliance.EINVALID, "score %s: entry %s is not in contest %s", id, entryID, jsonString(fields["contest_id"]))
	}
	var c alliance.Contest
	if err := syncproto.Decode(contest.state.Fields, &c); err != nil {
		return alliance.Errorf(alliance.EINVALID, "score %s: its contest cannot be read", id)
	}
	if _, ok := c.JurorByID(juror); !ok {
		return alliance.Errorf(alliance.EINVALID, "score %s: %q is not on the jury of %s", id, juror, c.Title)
	}
	if id != alliance.DerivedID(syncproto.EntityScore, entryID, juror) {
		return alliance.Errorf(alliance.EINVALID, "score %s: a judge's score of an entry has the id both derive", id)
	}
	return nil
}

// claimSerial gives a new certificate its serial for good. The serial must
// be of the form ORG-DEVICE-NUMBER with the certificate's organisation's
// code (or 0000, printed before the laptop was enrolled) and the clock
// node of the device that sends it, and must not be another certificate's:
// a laptop can only number its own certificates.
func claimSerial(ctx context.Context, tx *Tx, dev *Device, id, scope string, fields map[string]json.RawMessage) (reason, err error) {
	serial := jsonString(fields["serial"])
	org, node, _, ok := alliance.SerialParts(serial)
	switch {
	case !ok:
		return alliance.Errorf(alliance.EINVALID, "serial %q is not of the form ORG-DEVICE-NUMBER", serial), nil
	case org != alliance.OrgCode(scope) && org != alliance.OrgCode(""):
		return alliance.Errorf(alliance.EFORBIDDEN, "serial %s does not carry its organisation's code %s", serial, alliance.OrgCode(scope)), nil
	case node != strings.ToUpper(dev.Node):
		return alliance.Errorf(alliance.EFORBIDDEN, "serial %s was not numbered by this laptop (%s)", serial, strings.ToUpper(dev.Node)), nil
	}
	var holder string
	err = tx.QueryRowContext(ctx, `SELECT cert_id FROM serials WHERE serial = ?`, serial).Scan(&holder)
	switch {
	case err == nil && holder != id:
		return alliance.Errorf(alliance.ECONFLICT, "serial %s belongs to another certificate", serial), nil
	case err == nil:
		return nil, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO serials (serial, cert_id) VALUES (?, ?)`, serial, id)
	return nil, err
}
