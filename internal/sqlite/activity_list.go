package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// DefaultPage is the number of rows a list query returns without a limit.
const DefaultPage = 100

// FindActivities returns one page of live activities matching f, in f's order.
func (s *ActivityService) FindActivities(ctx context.Context, f alliance.ActivityFilter) ([]alliance.ActivitySummary, error) {
	where, args := activityWhere(f)
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPage
	}
	q := `SELECT a.id, a.kind, a.title, a.start_date, a.end_date, a.region_id, a.settlement,
		a.girls + a.boys + a.women + a.men
		FROM activities a WHERE ` + where + ` ORDER BY ` + activityOrder(f.Sort) + ` LIMIT ? OFFSET ?`
	args = append(args, limit, max(f.Offset, 0))

	var out []alliance.ActivitySummary
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r alliance.ActivitySummary
			var start, end string
			if err := rows.Scan(&r.ID, &r.Kind, &r.Title, &start, &end, &r.RegionID, &r.Settlement, &r.Reached); err != nil {
				return err
			}
			r.Start, _ = alliance.ParseISODate(start)
			r.End, _ = alliance.ParseISODate(end)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// CountActivities returns how many live activities match f.
func (s *ActivityService) CountActivities(ctx context.Context, f alliance.ActivityFilter) (int, error) {
	where, args := activityWhere(f)
	var n int
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities a WHERE `+where, args...).Scan(&n)
	})
	return n, err
}

// activityWhere builds the WHERE clause of f.
func activityWhere(f alliance.ActivityFilter) (string, []any) {
	conds := []string{"a.deleted = 0"}
	var args []any
	if q := ftsQuery(f.Query); q != "" {
		conds = append(conds, "a.n IN (SELECT rowid FROM activity_fts WHERE activity_fts MATCH ?)")
		args = append(args, q)
	}
	if !f.From.IsZero() {
		conds = append(conds, "a.end_date >= ?")
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		conds = append(conds, "a.start_date <= ?")
		args = append(args, f.To.String())
	}
	if f.RegionID != "" {
		conds = append(conds, "a.region_id = ?")
		args = append(args, f.RegionID)
	}
	if f.Kind != "" {
		conds = append(conds, "a.kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.OrgID != "" {
		conds = append(conds, "a.org_id = ?")
		args = append(args, f.OrgID)
	}
	if f.Area != "" {
		// areas is a JSON array of codes; a quoted code matches one element only.
		conds = append(conds, "instr(a.areas, ?) > 0")
		args = append(args, `"`+string(f.Area)+`"`)
	}
	return strings.Join(conds, " AND "), args
}

func activityOrder(s alliance.ActivitySort) string {
	switch s {
	case alliance.SortOldest:
		return "a.start_date ASC, a.n ASC"
	case alliance.SortTitle:
		return "a.title_key ASC, a.n ASC"
	case alliance.SortChanged:
		return "a.updated_at DESC, a.n DESC"
	}
	return "a.start_date DESC, a.n DESC"
}
