package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// A pull of more than one page — a new laptop's first sync, a restore, a
// month without a connection, a large reply by file — is kept aside page
// by page in pull_stage, each page in its own transaction (a cut
// connection loses at most the page in flight, and the next round goes on
// from the last page kept), and the pages are applied together in one
// transaction when the last arrives: the store goes from one whole state
// to the next, never half-pulled and never half-indexed. When the pages
// hold many records against what the laptop has, that transaction writes
// the rows first and makes the lists' indexes and the full-text index
// once at the end, as a bulk load would.
//
// The laptop counts on the server only for what it has applied: its
// pushes give the applied cursor (PushCursor), so a change it makes
// meanwhile to a record in a kept page is sent back to it in a later page.

// Keys of sync_state for the pages kept aside.
const (
	stStagePages    = "stage_pages"           // how many
	stStageRecords  = "stage_records"         // the records they hold
	stStageCursor   = "stage_cursor"          // the cursors after the last one
	stStageConflict = "stage_conflict_cursor" //
)

// bulkMin is the fewest records applied at once for which the lists'
// indexes are made again rather than kept up row by row (and then only
// when they are a quarter of what the laptop holds or more).
var bulkMin int64 = 1000

// ftsBatch is how many activities' search texts a bulk load keeps in
// memory before writing them to the full-text index.
const ftsBatch = 20000

// stageID is the bound data of kept page n when it is sealed.
func stageID(n int64) string { return "pull_stage:" + strconv.FormatInt(n, 10) }

// stagePage keeps a page with more to come, after the staged ones.
func stagePage(ctx context.Context, tx *Tx, page *syncproto.PullResponse, staged int64) error {
	b := page.Compact
	if b == nil {
		var err error
		if b, err = page.MarshalCompact(); err != nil {
			return fmt.Errorf("keep a pulled page: %w", err)
		}
	}
	n := staged + 1
	v, err := tx.seal(anyEntity, stageID(n), b)
	if err != nil {
		return err
	}
	if s, ok := v.(string); ok {
		v = []byte(s) // compressed bytes, not text
	}
	if _, err := tx.exec(ctx, `INSERT INTO pull_stage (n, page) VALUES (?, ?)`, n, v); err != nil {
		return err
	}
	records, err := stateInt(ctx, tx, stStageRecords)
	if err != nil {
		return err
	}
	for k, v := range map[string]int64{stStagePages: n, stStageRecords: records + int64(len(page.Records)),
		stStageCursor: page.Cursor, stStageConflict: page.ConflictCursor} {
		if err := setState(ctx, tx, k, strconv.FormatInt(v, 10)); err != nil {
			return err
		}
	}
	return observe(tx, page.ServerHLC)
}

// stagedCursors returns the cursors after the kept pages (ok false: none
// kept).
func stagedCursors(ctx context.Context, q querier) (cursor, conflict int64, ok bool, err error) {
	pages, err := stateInt(ctx, q, stStagePages)
	if err != nil || pages == 0 {
		return 0, 0, false, err
	}
	if cursor, err = stateInt(ctx, q, stStageCursor); err != nil {
		return 0, 0, false, err
	}
	conflict, err = stateInt(ctx, q, stStageConflict)
	return cursor, conflict, err == nil, err
}

// dropStage forgets the kept pages: the pull starts again from the
// applied cursor.
func dropStage(ctx context.Context, tx *Tx) error {
	if _, err := tx.exec(ctx, `DELETE FROM pull_stage`); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM sync_state WHERE key IN (?, ?, ?, ?)`,
		stStagePages, stStageRecords, stStageCursor, stStageConflict)
	return err
}

// applyStaged applies the kept pages in order and then last, and ends the
// pull, in the caller's transaction. Each page is read from the store
// here and decoded on another goroutine while the one before is written:
// decompressing, JSON and the search texts take the second core.
func applyStaged(ctx context.Context, tx *Tx, last *syncproto.PullResponse) error {
	resyncing, err := getState(ctx, tx, stResyncing)
	if err != nil {
		return err
	}
	records, err := stateInt(ctx, tx, stStageRecords)
	if err != nil {
		return err
	}
	remake, err := bulkIndexes(ctx, tx, records+int64(len(last.Records)))
	if err != nil {
		return err
	}
	ns, err := sqlitex.Ints(ctx, tx, `SELECT n FROM pull_stage ORDER BY n`)
	if err != nil {
		return err
	}
	defer func() { tx.ahead = nil }()
	var next <-chan decodedPage
	if len(ns) > 0 {
		if next, err = decodeStaged(ctx, tx, ns[0]); err != nil {
			return err
		}
	}
	for i := range ns {
		d := <-next
		if d.err != nil {
			return d.err
		}
		if i+1 < len(ns) {
			if next, err = decodeStaged(ctx, tx, ns[i+1]); err != nil {
				return err
			}
		}
		tx.ahead = d.ahead
		if err := applyPage(ctx, tx, d.page, resyncing == "1"); err != nil {
			return err
		}
		if len(tx.ftsAdd) >= ftsBatch {
			if err := tx.flushFTS(ctx); err != nil {
				return err
			}
		}
	}
	tx.ahead = nil
	if err := applyPage(ctx, tx, last, resyncing == "1"); err != nil {
		return err
	}
	if err := endPull(ctx, tx, last, resyncing == "1"); err != nil {
		return err
	}
	if err := dropStage(ctx, tx); err != nil {
		return err
	}
	return remake()
}

// aheadActivity is a new activity's record decoded ahead of its apply:
// the activity, its stamps as stored and its search text.
type aheadActivity struct {
	a            *alliance.Activity
	stamps, body string
}

// decodedPage is a kept page decoded, with its activities read ahead.
type decodedPage struct {
	page  *syncproto.PullResponse
	ahead map[*syncproto.Record]*aheadActivity
	err   error
}

// decodeStaged reads kept page n and decodes it on another goroutine; the
// channel gives it once.
func decodeStaged(ctx context.Context, tx *Tx, n int64) (<-chan decodedPage, error) {
	var stored []byte
	if err := tx.QueryRowContext(ctx, `SELECT page FROM pull_stage WHERE n = ?`, n).Scan(&stored); err != nil {
		return nil, err
	}
	out := make(chan decodedPage, 1)
	go func() { out <- decodePage(n, stored) }()
	return out, nil
}

// decodePage opens, decompresses and decodes kept page n, and reads its
// activities as a new record of each would be applied (what is not read
// here is read in the apply, which says why it cannot be).
func decodePage(n int64, stored []byte) decodedPage {
	b, err := unseal(stored, stageID(n))
	if err != nil {
		return decodedPage{err: err}
	}
	var page syncproto.PullResponse
	if err := page.UnmarshalCompact(b); err != nil {
		return decodedPage{err: fmt.Errorf("read kept page %d: %w", n, err)}
	}
	page.Compact = nil
	ahead := map[*syncproto.Record]*aheadActivity{}
	for i := range page.Records {
		r := &page.Records[i]
		if r.Entity != syncproto.EntityActivity {
			continue
		}
		if code, _ := newerThanThis(r); code != "" {
			continue
		}
		a, err := syncproto.ActivityFromFields(r.ID, r.Fields)
		if err != nil {
			continue
		}
		stamps, err := json.Marshal(r.Stamps)
		if err != nil {
			continue
		}
		ahead[r] = &aheadActivity{a: a, stamps: string(stamps), body: searchBody(a)}
	}
	return decodedPage{page: &page, ahead: ahead}
}

// bulkIndexes drops the lists' indexes of activities and documents when
// records is many against what the laptop holds, and returns what makes
// them again (nothing to do otherwise). The unique indexes stay: they
// decide which records are held.
func bulkIndexes(ctx context.Context, tx *Tx, records int64) (func() error, error) {
	none := func() error { return nil }
	if records < bulkMin {
		return none, nil
	}
	var held int64
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(n), 0) FROM activities) +
		(SELECT COALESCE(MAX(rowid), 0) FROM docs)`).Scan(&held); err != nil {
		return nil, err
	}
	if records*4 < held {
		return none, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index'
		AND tbl_name IN ('activities', 'docs') AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names, sqls []string
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			rows.Close()
			return nil, err
		}
		names, sqls = append(names, name), append(sqls, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.exec(ctx, `DROP INDEX `+name); err != nil {
			return nil, err
		}
	}
	return func() error {
		for _, q := range sqls {
			if _, err := tx.exec(ctx, q); err != nil {
				return fmt.Errorf("make an index again: %w", err)
			}
		}
		return nil
	}, nil
}
