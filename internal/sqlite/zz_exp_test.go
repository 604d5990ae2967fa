package sqlite

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
)

func TestZZExp(t *testing.T) {
	var as []*alliance.Activity
	b, _ := os.ReadFile("/tmp/exp/acts.json")
	if err := json.Unmarshal(b, &as); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, variant := range []string{"plain", "hash64", "cache64", "both", "noprefixmerge"} {
		db, err := Open(t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		var tRows, tIdx, tBody, tFTS, tCommit time.Duration
		s0 := time.Now()
		err = db.update(ctx, func(tx *Tx) error {
			if variant == "cache64" || variant == "both" || variant == "noprefixmerge" {
				tx.exec(ctx, `PRAGMA cache_size(-65536)`)
			}
			if variant == "hash64" || variant == "both" || variant == "noprefixmerge" {
				if _, err := tx.exec(ctx, `INSERT INTO activity_fts (activity_fts, rank) VALUES ('hashsize', 67108864)`); err != nil {
					return err
				}
			}
			if variant == "noprefixmerge" {
				tx.exec(ctx, `INSERT INTO activity_fts (activity_fts, rank) VALUES ('automerge', 0)`)
			}
			idx, _ := sqlitex.Strings(ctx, tx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities' AND sql IS NOT NULL`)
			names, _ := sqlitex.Strings(ctx, tx, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities' AND sql IS NOT NULL`)
			for _, n := range names {
				tx.exec(ctx, `DROP INDEX `+n)
			}
			s := time.Now()
			ns := make([]int64, len(as))
			for i, a := range as {
				args := append([]any{alliance.NewID()}, activityArgs(a)...)
				args = append(args, `{"_":"0001764244700000-000000-abcdef12"}`, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z")
				if err := tx.QueryRowContext(ctx, insertActivitySQL, args...).Scan(&ns[i]); err != nil {
					return err
				}
			}
			tRows = time.Since(s)
			s = time.Now()
			for _, q := range idx {
				if _, err := tx.exec(ctx, q); err != nil {
					return err
				}
			}
			tIdx = time.Since(s)
			s = time.Now()
			for i, a := range as {
				indexActivity(ctx, tx, ns[i], a)
			}
			tBody = time.Since(s)
			s = time.Now()
			err := tx.flushFTS(ctx)
			if variant == "noprefixmerge" {
				tx.exec(ctx, `INSERT INTO activity_fts (activity_fts) VALUES ('optimize')`)
			}
			tFTS = time.Since(s)
			s = time.Now()
			return err
		})
		tCommit = time.Since(s0) - tRows - tIdx - tBody - tFTS
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: rows %v idx %v body %v fts %v rest %v total %v", variant, tRows, tIdx, tBody, tFTS, tCommit, time.Since(s0))
		db.Close()
	}
}
