package sqlite

import (
	"context"
	"database/sql"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

var _ alliance.RegionService = (*RegionService)(nil)

// RegionService reads the seeded regions.
type RegionService struct {
	db *DB
}

// NewRegionService returns the region service of db.
func NewRegionService(db *DB) *RegionService { return &RegionService{db: db} }

// FindRegions returns all regions in their usual order.
func (s *RegionService) FindRegions(ctx context.Context) ([]alliance.Region, error) {
	var out []alliance.Region
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name_az, name_ru, name_en, sort FROM regions ORDER BY sort`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r alliance.Region
			if err := rows.Scan(&r.ID, &r.NameAZ, &r.NameRU, &r.NameEN, &r.Sort); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
