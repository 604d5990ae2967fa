package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"strconv"
)

// searchIndexVersion names what the full-text index holds of an activity;
// a store indexed by an older version is indexed again after it opens,
// once. 1: the texts. 2: with the region's names and the settlement's
// spellings.
const searchIndexVersion = "2"

// reindexBatch is how many activities one transaction of the background
// reindexing takes: a form saved meanwhile waits for one batch at most.
var reindexBatch = 500

// ensureSearchIndex starts indexing the activities again, in the
// background, when the index was made by an older version: a laptop with
// 100,000 activities shows its window at once and finds everything
// meanwhile (each activity is in the index, by its old text or its new).
// A store without activities is marked current at once.
func (db *DB) ensureSearchIndex(ctx context.Context) error {
	var stale bool
	err := db.update(ctx, func(tx *Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'search_index'`).Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if v == searchIndexVersion {
			return nil
		}
		var any bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM activities)`).Scan(&any); err != nil {
			return err
		}
		if !any {
			_, err = tx.exec(ctx, `INSERT OR REPLACE INTO meta (key, value) VALUES ('search_index', ?)`, searchIndexVersion)
			return err
		}
		stale = true
		return nil
	})
	if err != nil || !stale {
		return err
	}
	bg, cancel := context.WithCancel(context.Background())
	db.stopIndex = cancel
	db.indexing.Add(1)
	go func() {
		defer db.indexing.Done()
		if err := db.reindex(bg); err != nil && bg.Err() == nil {
			log.Printf("sqlite: indexing activities for search: %v (tried again at the next start)", err)
		}
	}()
	return nil
}

// WaitIndexed waits until the background indexing that Open may have
// started is over.
func (db *DB) WaitIndexed() { db.indexing.Wait() }

// reindex indexes the activities again in batches of reindexBatch, in the
// order of their keys, from where the last batch (of this start or an
// earlier one) stopped; the last marks the index current.
func (db *DB) reindex(ctx context.Context) error {
	for {
		done := false
		err := db.update(ctx, func(tx *Tx) error {
			var at int64
			var v string
			err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'search_index_at'`).Scan(&v)
			if err == nil {
				at, _ = strconv.ParseInt(v, 10, 64)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			rows, err := tx.QueryContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE n > ? ORDER BY n LIMIT ?`, at, reindexBatch)
			if err != nil {
				return err
			}
			defer rows.Close()
			seen := 0
			for rows.Next() {
				a, n, err := scanActivity(rows)
				if err != nil {
					return err
				}
				seen, at = seen+1, n
				if !a.Deleted {
					// The old text out, the new in, at the end of the batch.
					tx.ftsDel = append(tx.ftsDel, ftsRowid(a.Start, n))
					tx.ftsAdd = append(tx.ftsAdd, ftsDoc{ftsRowid(a.Start, n), searchBody(a)})
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if seen < reindexBatch {
				done = true
				_, err = tx.exec(ctx, `INSERT OR REPLACE INTO meta (key, value) VALUES ('search_index', ?)`, searchIndexVersion)
				if err == nil {
					_, err = tx.exec(ctx, `DELETE FROM meta WHERE key = 'search_index_at'`)
				}
				return err
			}
			_, err = tx.exec(ctx, `INSERT OR REPLACE INTO meta (key, value) VALUES ('search_index_at', ?)`, strconv.FormatInt(at, 10))
			return err
		})
		if err != nil {
			return fmt.Errorf("index activities for search: %w", err)
		}
		if done {
			return nil
		}
	}
}
