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

// AddOrganisation creates an organisation. It is shared reference data:
// it reaches every laptop with the next pull.
func (s *Store) AddOrganisation(ctx context.Context, o *alliance.Organisation) error {
	o.Name = strings.TrimSpace(o.Name)
	if o.Kind == "" {
		o.Kind = alliance.OrgNGO
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if !knownRegion(o.RegionID) {
		return alliance.Errorf(alliance.EINVALID, "unknown region %q; one of %s", o.RegionID, strings.Join(alliance.RegionIDs, ", "))
	}
	if o.ID == "" {
		o.ID = alliance.NewID()
	}
	return s.update(ctx, func(tx *Tx) error {
		q, err := loadSeqs(ctx, tx)
		if err != nil {
			return err
		}
		st := &syncproto.State{}
		syncproto.Merge(st, syncproto.Change{Fields: syncproto.OrganisationFields(o, false)}, s.Clock.Now().String(), "")
		if err := s.putRecord(ctx, tx, syncproto.EntityOrganisation, o.ID, "", st, q.next(), origin{}); err != nil {
			return err
		}
		return q.save(ctx, tx)
	})
}

// Organisations returns the live organisations.
func (s *Store) Organisations(ctx context.Context) ([]alliance.Organisation, error) {
	var out []alliance.Organisation
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, fields FROM records WHERE entity = ? AND deleted = 0 ORDER BY seq`, syncproto.EntityOrganisation)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, fields string
			if err := rows.Scan(&id, &fields); err != nil {
				return err
			}
			o, err := decodeOrg(id, fields)
			if err != nil {
				return err
			}
			out = append(out, *o)
		}
		return rows.Err()
	})
	return out, err
}

// organisation reads one live organisation in tx.
func organisation(ctx context.Context, tx querier, id string) (*alliance.Organisation, error) {
	var fields string
	err := tx.QueryRowContext(ctx, `SELECT fields FROM records WHERE entity = ? AND id = ? AND deleted = 0`,
		syncproto.EntityOrganisation, id).Scan(&fields)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, alliance.Errorf(alliance.ENOTFOUND, "no organisation %s", id)
	} else if err != nil {
		return nil, err
	}
	return decodeOrg(id, fields)
}

func decodeOrg(id, fields string) (*alliance.Organisation, error) {
	var f map[string]json.RawMessage
	if err := json.Unmarshal([]byte(fields), &f); err != nil {
		return nil, err
	}
	o, _, err := syncproto.OrganisationFromFields(id, f)
	return o, err
}

func knownRegion(id string) bool {
	for _, r := range alliance.RegionIDs {
		if r == id {
			return true
		}
	}
	return false
}

// querier is what read and write transactions share.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
