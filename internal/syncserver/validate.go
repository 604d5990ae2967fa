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
