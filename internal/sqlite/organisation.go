package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

var _ alliance.OrganisationService = (*OrganisationService)(nil)

// OrganisationService keeps the member organisations and their profiles
// in the local store.
type OrganisationService struct {
	db *DB
}

// NewOrganisationService returns the organisation service of db.
func NewOrganisationService(db *DB) *OrganisationService { return &OrganisationService{db: db} }

// orgColumns are the columns an organisation is read from.
const orgColumns = `id, name, kind, region_id, secretariat, profile`

// profileFields are the wire fields kept in the profile column.
var profileFields = []string{alliance.FieldOrgNameRU, alliance.FieldOrgNameEN, alliance.FieldOrgRegions, alliance.FieldOrgAreas,
	alliance.FieldOrgAddress, alliance.FieldOrgPhone, alliance.FieldOrgEmail, alliance.FieldOrgWebsite,
	alliance.FieldOrgFocalPerson, alliance.FieldOrgJoined, alliance.FieldOrgLogo}

// scanOrg reads one row of orgColumns.
func scanOrg(row interface{ Scan(...any) error }) (*alliance.Organisation, error) {
	var id, name, kind, region, profile string
	var secretariat bool
	if err := row.Scan(&id, &name, &kind, &region, &secretariat, &profile); err != nil {
		return nil, err
	}
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal([]byte(profile), &fields); err != nil {
		return nil, fmt.Errorf("profile of organisation %s: %w", id, err)
	}
	o, _, err := syncproto.OrganisationFromFields(id, fields)
	if err != nil {
		return nil, fmt.Errorf("profile of organisation %s: %w", id, err)
	}
	o.Name, o.Kind, o.RegionID, o.Secretariat = name, alliance.OrgKind(kind), region, secretariat
	return o, nil
}

// profileJSON is the profile column of o.
func profileJSON(o *alliance.Organisation) (string, error) {
	all := syncproto.OrganisationFields(o, false)
	m := make(map[string]json.RawMessage, len(profileFields))
	for _, name := range profileFields {
		if v, ok := all[name]; ok { // an empty one is left out
			m[name] = v
		}
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// orgFields are o's synced fields as a change carries them.
func orgFields(o *alliance.Organisation) []field {
	p := o.OrgProfile
	return []field{{syncproto.FieldOrgName, o.Name}, {syncproto.FieldOrgKind, string(o.Kind)},
		{syncproto.FieldOrgRegion, o.RegionID}, {syncproto.FieldOrgSecretariat, o.Secretariat},
		{alliance.FieldOrgNameRU, p.NameRU}, {alliance.FieldOrgNameEN, p.NameEN},
		{alliance.FieldOrgRegions, nonNil(p.Regions)}, {alliance.FieldOrgAreas, nonNil(p.Areas)},
		{alliance.FieldOrgAddress, p.Address}, {alliance.FieldOrgPhone, p.Phone}, {alliance.FieldOrgEmail, p.Email},
		{alliance.FieldOrgWebsite, p.Website}, {alliance.FieldOrgFocalPerson, p.FocalPerson}, {alliance.FieldOrgJoined, p.Joined},
		{alliance.FieldOrgLogo, p.Logo}}
}

// normalizeOrg trims the texts, writes a website with its scheme and puts
// regions and areas in their canonical order.
func normalizeOrg(o *alliance.Organisation) {
	p := &o.OrgProfile
	for _, s := range []*string{&o.Name, &p.NameRU, &p.NameEN, &p.Address, &p.Phone, &p.Email, &p.FocalPerson} {
		*s = strings.TrimSpace(*s)
	}
	p.Website = alliance.NormalizeWebsite(p.Website)
	p.Regions = canonical(alliance.RegionIDs, p.Regions)
	p.Areas = canonical(alliance.Areas, p.Areas)
}

// FindOrganisations returns the live organisations ordered by name.
func (s *OrganisationService) FindOrganisations(ctx context.Context) ([]alliance.Organisation, error) {
	var out []alliance.Organisation
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE deleted = 0 ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scanOrg(rows)
			if err != nil {
				return err
			}
			out = append(out, *o)
		}
		return rows.Err()
	})
	return out, err
}

// FindOrganisationByID returns the organisation with id, or ENOTFOUND.
func (s *OrganisationService) FindOrganisationByID(ctx context.Context, id string) (*alliance.Organisation, error) {
	var o *alliance.Organisation
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		o, err = scanOrg(tx.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = ? AND deleted = 0`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(id)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find organisation %s: %w", id, err)
	}
	return o, nil
}

// CreateOrganisation validates o, gives it an id when it has none and
// saves it with its stamps and outbox entry.
func (s *OrganisationService) CreateOrganisation(ctx context.Context, o *alliance.Organisation) error {
	normalizeOrg(o)
	if err := o.Validate(); err != nil {
		return err
	}
	if o.ID == "" {
		o.ID = alliance.NewID()
	}
	profile, err := profileJSON(o)
	if err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := checkRegion(ctx, tx, o.RegionID); err != nil {
			return err
		}
		h := tx.db.Clock.Now()
		stamps := newStamps(h)
		now := tx.now.Format(timeFormat)
		if _, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, name, kind, region_id, secretariat, profile, stamps, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Name, string(o.Kind), o.RegionID, sqlValue(o.Secretariat), profile, stamps, now, now); err != nil {
			return err
		}
		if err := queueLogo(ctx, tx, o); err != nil {
			return err
		}
		var fs []field // a new organisation's change leaves out its empty profile fields
		wire := syncproto.OrganisationFields(o, false)
		for _, f := range orgFields(o) {
			if _, ok := wire[f.name]; ok {
				fs = append(fs, f)
			}
		}
		return tx.change(ctx, syncproto.EntityOrganisation, o.ID, o.ID, syncproto.OpCreate, h, fs, nil, nil)
	})
}

// UpdateOrganisation saves the fields of o that changed, with their stamps
// and an outbox entry (a member's laptop sends its own profile; the server
// sets aside what the laptop may not write, and its value comes back).
func (s *OrganisationService) UpdateOrganisation(ctx context.Context, o *alliance.Organisation) error {
	normalizeOrg(o)
	if err := o.Validate(); err != nil {
		return err
	}
	profile, err := profileJSON(o)
	if err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := mayEditOrg(ctx, tx, o.ID); err != nil {
			return err
		}
		prev, err := scanOrg(tx.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = ? AND deleted = 0`, o.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(o.ID)
		} else if err != nil {
			return err
		}
		changed := changedFields(orgFields(prev), orgFields(o))
		if len(changed) == 0 {
			return nil
		}
		if err := checkRegion(ctx, tx, o.RegionID); err != nil {
			return err
		}
		var stored string
		if err := tx.QueryRowContext(ctx, `SELECT stamps FROM organisations WHERE id = ?`, o.ID).Scan(&stored); err != nil {
			return err
		}
		h := tx.db.Clock.Now()
		stamps, base, err := stampFields(stored, changed, h)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE organisations SET name = ?, kind = ?, region_id = ?, secretariat = ?, profile = ?,
			stamps = ?, updated_at = ? WHERE id = ?`, o.Name, string(o.Kind), o.RegionID, sqlValue(o.Secretariat), profile,
			stamps, tx.now.Format(timeFormat), o.ID); err != nil {
			return err
		}
		old, err := fieldsJSON(orgFields(prev))
		if err != nil {
			return err
		}
		if err := queueLogo(ctx, tx, o); err != nil {
			return err
		}
		return tx.change(ctx, syncproto.EntityOrganisation, o.ID, o.ID, syncproto.OpUpdate, h, changed, base, old)
	})
}

// mayEditOrg refuses, on a member's laptop, a change of another
// organisation's profile (the server would set it aside): the secretariat's
// laptops edit any, a member's its own.
func mayEditOrg(ctx context.Context, tx *Tx, id string) error {
	err := requireSecretariat(ctx, tx)
	if alliance.ErrorCode(err) != alliance.EFORBIDDEN {
		return err
	}
	var org string
	if err := defaultOrg(ctx, tx, &org); err != nil {
		return err
	}
	if org == id {
		return nil
	}
	return alliance.Keyed(alliance.EFORBIDDEN, "error.not_own_profile", nil, "organisation %s is another's: only the secretariat edits it", id)
}

// queueLogo puts the organisation's logo in the upload queue.
func queueLogo(ctx context.Context, tx *Tx, o *alliance.Organisation) error {
	if o.Logo == nil {
		return nil
	}
	b, err := json.Marshal(o.Logo)
	if err != nil {
		return err
	}
	return queueUploads(ctx, tx, syncproto.EntityOrganisation, map[string]json.RawMessage{alliance.FieldOrgLogo: b})
}

// Logos are the organisations' logos: every laptop keeps them.
func (s *SyncStore) Logos(ctx context.Context) ([]alliance.FileRef, error) {
	orgs, err := NewOrganisationService(s.db).FindOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	var out []alliance.FileRef
	for _, o := range orgs {
		if o.Logo != nil {
			out = append(out, *o.Logo)
		}
	}
	return out, nil
}
