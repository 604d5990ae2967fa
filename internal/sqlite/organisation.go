package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

var _ alliance.OrganisationService = (*OrganisationService)(nil)

// OrganisationService keeps the member organisations in the local store.
type OrganisationService struct {
	db *DB
}

// NewOrganisationService returns the organisation service of db.
func NewOrganisationService(db *DB) *OrganisationService { return &OrganisationService{db: db} }

// FindOrganisations returns the live organisations ordered by name.
func (s *OrganisationService) FindOrganisations(ctx context.Context) ([]alliance.Organisation, error) {
	var out []alliance.Organisation
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, kind, region_id, secretariat FROM organisations
			WHERE deleted = 0 ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o alliance.Organisation
			if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.RegionID, &o.Secretariat); err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, err
}

// FindOrganisationByID returns the organisation with id, or ENOTFOUND.
func (s *OrganisationService) FindOrganisationByID(ctx context.Context, id string) (*alliance.Organisation, error) {
	var o alliance.Organisation
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, name, kind, region_id, secretariat FROM organisations
			WHERE id = ? AND deleted = 0`, id).Scan(&o.ID, &o.Name, &o.Kind, &o.RegionID, &o.Secretariat)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(id)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// CreateOrganisation validates o, gives it an id when it has none and
// saves it with its stamps and outbox entry.
func (s *OrganisationService) CreateOrganisation(ctx context.Context, o *alliance.Organisation) error {
	o.Name = strings.TrimSpace(o.Name)
	if err := o.Validate(); err != nil {
		return err
	}
	if o.ID == "" {
		o.ID = alliance.NewID()
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := checkRegion(ctx, tx, o.RegionID); err != nil {
			return err
		}
		h := tx.db.Clock.Now()
		fs := []field{{"name", o.Name}, {"kind", string(o.Kind)}, {"region_id", o.RegionID}, {"secretariat", o.Secretariat}}
		stamps := newStamps(h)
		now := tx.now.Format(timeFormat)
		if _, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, name, kind, region_id, secretariat, stamps, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Name, string(o.Kind), o.RegionID, sqlValue(o.Secretariat), stamps, now, now); err != nil {
			return err
		}
		return tx.change(ctx, syncproto.EntityOrganisation, o.ID, o.ID, syncproto.OpCreate, h, fs, nil, nil)
	})
}
