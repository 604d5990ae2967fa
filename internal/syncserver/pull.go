package syncserver

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Pull returns the records changed after the cursor that the device may
// see — its organisation's and the shared ones; everything for the
// secretariat — oldest change first, and the device's new conflicts. A
// page holds at most the asked number of records and about
// syncproto.MaxPullBytes of them (always one at least). A record the
// device made itself, on a state it held (exact), is left out: the device
// holds it as it is, whatever page size or cut brought it here.
func (s *Store) Pull(ctx context.Context, dev *Device, req syncproto.PullRequest) (*syncproto.PullResponse, error) {
	limit := req.Limit
	if limit <= 0 {
		limit = syncproto.DefaultPull
	}
	limit = min(limit, syncproto.MaxPullRecords)
	resp := &syncproto.PullResponse{Cursor: req.Cursor, ConflictCursor: req.ConflictCursor, Records: []syncproto.Record{}, Epoch: s.epoch,
		Columns: true}
	err := s.view(ctx, func(tx *sql.Tx) error {
		var purged int64
		var v string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'purged_seq'`).Scan(&v); err != nil {
			return err
		}
		fmt.Sscan(v, &purged)
		if req.Cursor > 0 && req.Cursor < purged {
			resp.Resync, resp.Cursor, resp.More = true, 0, true
			return nil
		}
		var recs []pulled
		var cut bool
		if dev.Secretariat {
			rows, err := tx.QueryContext(ctx, recordQuery+` WHERE seq > ? ORDER BY seq LIMIT ?`, req.Cursor, limit+1)
			if err != nil {
				return err
			}
			if recs, cut, err = scanRecords(rows, syncproto.MaxPullBytes); err != nil {
				return err
			}
		} else {
			var err error
			if recs, cut, err = mergeScopes(ctx, tx, []string{"", dev.OrgID}, req.Cursor, limit+1); err != nil {
				return err
			}
		}
		// Cut by size, the records read end before the scope's: there are
		// more, whatever the loop below sends.
		resp.More = cut
		if len(recs) > limit {
			recs, resp.More = recs[:limit], true
		}
		size := 0
		for i, r := range recs {
			if i > 0 && size+len(r.fields)+len(r.stamps) > syncproto.MaxPullBytes {
				resp.More = true
				break
			}
			resp.Cursor = r.Seq
			// The device's own change, taken whole and made on a state it
			// held: it holds this record already. A full resync gets all.
			if !req.Full && r.writer == dev.ID && r.exact {
				continue
			}
			if err := r.decode(); err != nil {
				return err
			}
			size += len(r.fields) + len(r.stamps)
			resp.Records = append(resp.Records, r.Record)
		}
		return s.conflictsFor(ctx, tx, dev, resp)
	})
	if err != nil {
		return nil, err
	}
	if !resp.More {
		// A laptop that only pulls (nothing to send) has synced too; noted
		// once an hour, not at every pull.
		if s.Now().Sub(dev.LastSeen) > time.Hour {
			if err := s.update(ctx, func(tx *Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE devices SET last_seen = ? WHERE id = ?`, s.now(), dev.ID)
				return err
			}); err != nil {
				return nil, err
			}
		}
		if resp.Release, err = s.offerFor(ctx, dev, req); err != nil {
			return nil, err
		}
		resp.RecoveryKey, resp.ServerKey, resp.RemindDays = s.RecoveryKey(), s.BundleKey(), s.remindDays()
	}
	resp.ServerHLC = s.Clock.Now().String()
	return resp, nil
}

const recordQuery = `SELECT seq, entity, id, scope, fields, stamps, writer, exact, base_seq, person FROM records`

// pulled is a record read for a pull, with its origin; its JSON is
// decoded only when it is sent.
type pulled struct {
	syncproto.Record
	origin
	fields, stamps string
}

func (r *pulled) decode() (err error) {
	if r.Fields, err = syncproto.SplitObject([]byte(r.fields)); err != nil {
		return err
	}
	r.Stamps, err = syncproto.SplitStamps([]byte(r.stamps))
	return err
}

// mergeScopes reads the first n records after cursor of each scope and
// keeps the first n of them all, in seq order. A scope whose reading was
// cut by size may have records past its last one read: nothing of the
// other scopes past that point is kept either (it would move the cursor
// over them), and the page says it was cut.
func mergeScopes(ctx context.Context, tx *sql.Tx, scopes []string, cursor int64, n int) (out []pulled, cut bool, _ error) {
	var lists [][]pulled
	bound := int64(-1) // the last seq the merge may keep; -1: any
	for _, sc := range scopes {
		rows, err := tx.QueryContext(ctx, recordQuery+` WHERE scope = ? AND seq > ? ORDER BY seq LIMIT ?`, sc, cursor, n)
		if err != nil {
			return nil, false, err
		}
		recs, c, err := scanRecords(rows, syncproto.MaxPullBytes)
		if err != nil {
			return nil, false, err
		}
		if c {
			last := recs[len(recs)-1].Seq
			if bound < 0 || last < bound {
				bound = last
			}
			cut = true
		}
		lists = append(lists, recs)
	}
	idx := make([]int, len(lists))
	for len(out) < n {
		best := -1
		for i, l := range lists {
			if idx[i] < len(l) && (best < 0 || l[idx[i]].Seq < lists[best][idx[best]].Seq) {
				best = i
			}
		}
		if best < 0 || (bound >= 0 && lists[best][idx[best]].Seq > bound) {
			break
		}
		out = append(out, lists[best][idx[best]])
		idx[best]++
	}
	return out, cut, nil
}

// scanRecords reads records and closes rows. With maxBytes > 0 it stops
// once their JSON passes maxBytes (keeping the record that passed it) and
// says it was cut, so that a page of large records is never read whole
// into memory.
func scanRecords(rows *sql.Rows, maxBytes int) (out []pulled, cut bool, _ error) {
	defer rows.Close()
	size := 0
	for rows.Next() {
		var r pulled
		var person string
		if err := rows.Scan(&r.Seq, &r.Entity, &r.ID, &r.Org, &r.fields, &r.stamps, &r.writer, &r.exact, &r.baseSeq, &person); err != nil {
			return nil, false, err
		}
		// Who made its last change: for the laptops' history.
		r.Device = r.writer
		if person != "" {
			r.By = &alliance.Person{}
			if json.Unmarshal([]byte(person), r.By) != nil {
				r.By = nil
			}
		}
		out = append(out, r)
		if size += len(r.fields) + len(r.stamps); maxBytes > 0 && size > maxBytes {
			return out, true, rows.Err()
		}
	}
	return out, false, rows.Err()
}

// conflictsFor adds the device's conflicts after the request's cursor.
func (s *Store) conflictsFor(ctx context.Context, tx *sql.Tx, dev *Device, resp *syncproto.PullResponse) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, entity, record_id, field, loser_value, loser_hlc, winner_value, winner_hlc
		FROM conflicts WHERE loser_device = ? AND id > ? ORDER BY id LIMIT 200`, dev.ID, resp.ConflictCursor)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c syncproto.Conflict
		var mine, theirs string
		if err := rows.Scan(&c.ID, &c.Entity, &c.RecordID, &c.Field, &mine, &c.MineHLC, &theirs, &c.TheirsHLC); err != nil {
			return err
		}
		c.Mine, c.Theirs = json.RawMessage(mine), json.RawMessage(theirs)
		resp.Conflicts = append(resp.Conflicts, c)
		resp.ConflictCursor = c.ID
	}
	return rows.Err()
}
