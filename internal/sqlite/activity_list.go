package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// DefaultPage is the number of rows a list query returns without a limit.
const DefaultPage = 100

const summaryColumns = `a.n, a.id, a.kind, a.title, a.start_date, a.end_date, a.region_id, a.settlement,
	a.girls + a.boys + a.women + a.men`

// FindActivities returns one page of live activities matching f, in f's order.
func (s *ActivityService) FindActivities(ctx context.Context, f alliance.ActivityFilter) ([]alliance.ActivitySummary, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPage
	}
	offset := max(f.Offset, 0)
	var out []alliance.ActivitySummary
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		if q := ftsQuery(f.Query); q != "" && onlyQuery(f) {
			out, err = searchPage(ctx, tx, q, f.Sort == alliance.SortOldest, limit, offset)
			return err
		}
		where, args := activityWhere(f)
		args = append(args, limit, offset)
		rows, err := scanSummaries(tx.QueryContext(ctx, `SELECT `+summaryColumns+` FROM activities a WHERE `+where+
			` ORDER BY `+activityOrder(f.Sort)+` LIMIT ? OFFSET ?`, args...))
		for _, r := range rows {
			out = append(out, r.ActivitySummary)
		}
		return err
	})
	return out, err
}

// searchPage reads a page of a words-only search in date order straight
// from the full-text index, whose rowids run in date order: the newest
// hundred matches of a word found in every activity cost as little as
// those of a rare one. Title and last-edited orders take the general path.
func searchPage(ctx context.Context, tx *sql.Tx, q string, oldest bool, limit, offset int) ([]alliance.ActivitySummary, error) {
	dir := "DESC"
	if oldest {
		dir = "ASC"
	}
	rows, err := tx.QueryContext(ctx, `SELECT rowid FROM activity_fts WHERE activity_fts MATCH ? ORDER BY rowid `+dir+` LIMIT ? OFFSET ?`, q, limit, offset)
	if err != nil {
		return nil, err
	}
	var ns []any
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return nil, err
		}
		ns = append(ns, ftsN(r))
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ns) == 0 {
		return nil, err
	}
	found, err := scanSummaries(tx.QueryContext(ctx, `SELECT `+summaryColumns+` FROM activities a WHERE a.n IN (?`+
		strings.Repeat(", ?", len(ns)-1)+`)`, ns...))
	if err != nil {
		return nil, err
	}
	byN := make(map[int64]alliance.ActivitySummary, len(found))
	for i, r := range found {
		byN[found[i].n] = r.ActivitySummary
	}
	out := make([]alliance.ActivitySummary, 0, len(ns))
	for _, n := range ns {
		if r, ok := byN[n.(int64)]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// summary is a list row with its key n.
type summary struct {
	alliance.ActivitySummary
	n int64
}

func scanSummaries(rows *sql.Rows, err error) ([]summary, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []summary
	for rows.Next() {
		var r summary
		var start, end string
		if err := rows.Scan(&r.n, &r.ID, &r.Kind, &r.Title, &start, &end, &r.RegionID, &r.Settlement, &r.Reached); err != nil {
			return nil, err
		}
		r.Start, _ = alliance.ParseISODate(start)
		r.End, _ = alliance.ParseISODate(end)
		out = append(out, r)
	}
	return out, rows.Err()
}

// CountActivities returns how many live activities match f.
func (s *ActivityService) CountActivities(ctx context.Context, f alliance.ActivityFilter) (int, error) {
	var n int
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		if q := ftsQuery(f.Query); q != "" && onlyQuery(f) {
			// The index holds live activities only.
			return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_fts WHERE activity_fts MATCH ?`, q).Scan(&n)
		}
		where, args := activityWhere(f)
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities a WHERE `+where, args...).Scan(&n)
	})
	return n, err
}

// onlyQuery reports whether f filters by words and nothing else.
func onlyQuery(f alliance.ActivityFilter) bool {
	f.Query, f.Sort, f.Offset, f.Limit = "", "", 0, 0
	return f == alliance.ActivityFilter{}
}

// activityWhere builds the WHERE clause of f.
func activityWhere(f alliance.ActivityFilter) (string, []any) {
	conds := []string{"a.deleted = 0"}
	var args []any
	if q := ftsQuery(f.Query); q != "" {
		conds = append(conds, "a.n IN (SELECT rowid & 4294967295 FROM activity_fts WHERE activity_fts MATCH ?)")
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
		conds = append(conds, "a.area_bits & ? != 0")
		args = append(args, areaBits([]alliance.Area{f.Area}))
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
