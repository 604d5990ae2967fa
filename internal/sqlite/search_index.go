package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// searchIndexVersion names what the full-text index holds of an activity;
// a store indexed by an older version is indexed again when opened, once.
// 1: the texts. 2: with the region's names and the settlement's spellings.
const searchIndexVersion = "2"

// ensureSearchIndex indexes the live activities again when the index was
// made by an older version, in one transaction: a search never sees half
// an index.
func (db *DB) ensureSearchIndex(ctx context.Context) error {
	return db.update(ctx, func(tx *Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'search_index'`).Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if v == searchIndexVersion {
			return nil
		}
		if err := reindexActivities(ctx, tx); err != nil {
			return fmt.Errorf("index activities for search: %w", err)
		}
		_, err = tx.exec(ctx, `INSERT OR REPLACE INTO meta (key, value) VALUES ('search_index', ?)`, searchIndexVersion)
		return err
	})
}

// reindexActivities empties the full-text index and fills it again from
// the live activities, in the index's rowid order (the day, then n).
func reindexActivities(ctx context.Context, tx *Tx) error {
	if _, err := tx.exec(ctx, `INSERT INTO activity_fts (activity_fts) VALUES ('delete-all')`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE deleted = 0 ORDER BY start_date, n`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, n, err := scanActivity(rows)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO activity_fts (rowid, body) VALUES (?, ?)`, ftsRowid(a.Start, n), searchBody(a)); err != nil {
			return err
		}
	}
	return rows.Err()
}
