package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"maps"
	"strconv"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// ApplyPull applies one page of the server's change log and moves the
// cursor, in one transaction: a page is applied whole or not at all; a
// page with more to come is kept aside until the last, and then all are
// applied in one transaction (stage.go). The
// server's state of a record replaces the laptop's, except for fields with
// changes not yet acknowledged whose stamp is newer: those stay until the
// server has decided on them. A record this laptop cannot take (a newer
// version's, one that breaks a unique index here, one it cannot read) is
// kept in held with why, and the rest of the page applies; after the last
// page the held records are tried again.
func (s *SyncStore) ApplyPull(ctx context.Context, page *syncproto.PullResponse) error {
	err := s.db.update(ctx, func(tx *Tx) error {
		if page.Resync {
			// The cursor is older than the kept history: start over, and
			// drop at the end what the full pass did not bring.
			if err := dropStage(ctx, tx); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `DELETE FROM resync_seen`); err != nil {
				return err
			}
			if err := setState(ctx, tx, stResyncing, "1"); err != nil {
				return err
			}
			return setState(ctx, tx, stCursor, "0")
		}
		staged, err := stateInt(ctx, tx, stStagePages)
		if err != nil {
			return err
		}
		switch {
		case page.More:
			return stagePage(ctx, tx, page, staged)
		case staged > 0:
			return applyStaged(ctx, tx, page)
		}
		resyncing, err := getState(ctx, tx, stResyncing)
		if err != nil {
			return err
		}
		if err := applyPage(ctx, tx, page, resyncing == "1"); err != nil {
			return err
		}
		return endPull(ctx, tx, page, resyncing == "1")
	})
	if err != nil || page.RecoveryKey == "" {
		return err
	}
	return s.db.ensureRecoveryWrap(ctx)
}

// applyPage applies a page's records and conflicts.
func applyPage(ctx context.Context, tx *Tx, page *syncproto.PullResponse, resyncing bool) error {
	known, err := knownActivities(ctx, tx, page.Records)
	if err != nil {
		return err
	}
	for i := range page.Records {
		r := &page.Records[i]
		if err := applyOrHold(ctx, tx, r, known[r.ID]); err != nil {
			return err
		}
		if resyncing {
			if _, err := tx.exec(ctx, `INSERT OR IGNORE INTO resync_seen (entity, id) VALUES (?, ?)`, r.Entity, r.ID); err != nil {
				return err
			}
		}
	}
	for _, c := range page.Conflicts {
		mine, err := tx.seal(c.Entity, c.RecordID, c.Mine)
		if err != nil {
			return err
		}
		theirs, err := tx.seal(c.Entity, c.RecordID, c.Theirs)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT OR IGNORE INTO conflicts (id, entity, record_id, field, mine, mine_hlc, theirs, theirs_hlc, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.Entity, c.RecordID, c.Field, mine, c.MineHLC,
			theirs, c.TheirsHLC, tx.now.Format(timeFormat)); err != nil {
			return err
		}
		if err := noteHistory(ctx, tx, c.Entity, c.RecordID, alliance.HistoryConflict, "", "",
			map[string][2]json.RawMessage{c.Field: {c.Mine, c.Theirs}}); err != nil {
			return err
		}
	}
	return nil
}

// endPull ends a pull at its last page: the held records tried again, a
// full resync finished, and the page's cursors and what the server says
// on a last page kept.
func endPull(ctx context.Context, tx *Tx, page *syncproto.PullResponse, resyncing bool) error {
	if err := retryHeld(ctx, tx); err != nil {
		return err
	}
	if resyncing {
		if err := finishResync(ctx, tx); err != nil {
			return err
		}
	}
	if err := setState(ctx, tx, stCursor, strconv.FormatInt(page.Cursor, 10)); err != nil {
		return err
	}
	if err := setState(ctx, tx, stConflictCursor, strconv.FormatInt(page.ConflictCursor, 10)); err != nil {
		return err
	}
	if err := setRecoveryKey(ctx, tx, page.RecoveryKey); err != nil {
		return err
	}
	if page.ServerKey != "" {
		if err := setState(ctx, tx, stServerKey, page.ServerKey); err != nil {
			return err
		}
	}
	if page.RemindDays != 0 {
		if err := setState(ctx, tx, stRemindDays, strconv.Itoa(page.RemindDays)); err != nil {
			return err
		}
	}
	if page.Columns {
		if err := setState(ctx, tx, stColumns, "1"); err != nil {
			return err
		}
	}
	return observe(tx, page.ServerHLC)
}

// Reasons a pulled record is held.
const (
	HeldNewer     = "newer"     // a kind or field this version does not know: update Alliance
	HeldDuplicate = "duplicate" // another record here has its unique key (a certificate's serial)
	HeldInvalid   = "invalid"   // a value this laptop cannot read or use
)

// applyOrHold applies one pulled record inside a savepoint. A record this
// laptop cannot take leaves nothing behind (rolled back to the savepoint)
// and is kept in held; a failure of the store itself (a full disk) fails
// the page, which is then pulled again.
func applyOrHold(ctx context.Context, tx *Tx, r *syncproto.Record, known bool) error {
	if code, msg := newerThanThis(r); code != "" {
		return hold(ctx, tx, r, code, msg)
	}
	if _, err := tx.exec(ctx, `SAVEPOINT pulled`); err != nil {
		return err
	}
	ftsAdd, ftsDel := len(tx.ftsAdd), len(tx.ftsDel)
	err := applyRecord(ctx, tx, r, known)
	if err == nil {
		if _, err := tx.exec(ctx, `RELEASE pulled`); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM held WHERE entity = ? AND id = ?`, r.Entity, r.ID)
		return err
	}
	if _, rerr := tx.exec(ctx, `ROLLBACK TO pulled`); rerr != nil {
		return rerr
	}
	if _, rerr := tx.exec(ctx, `RELEASE pulled`); rerr != nil {
		return rerr
	}
	tx.ftsAdd, tx.ftsDel = tx.ftsAdd[:ftsAdd], tx.ftsDel[:ftsDel]
	switch code := alliance.ErrorCode(mapErr(err)); {
	case ctx.Err() != nil:
		return ctx.Err()
	case code == alliance.EDISKFULL || code == alliance.EUNAVAILABLE || code == alliance.EINCOMPATIBLE:
		return err
	case sqlitex.IsConstraint(err):
		return hold(ctx, tx, r, HeldDuplicate, err.Error())
	default:
		return hold(ctx, tx, r, HeldInvalid, alliance.ErrorMessage(err))
	}
}

// newerThanThis says why a record comes from a newer version: a kind or
// fields this one does not know.
func newerThanThis(r *syncproto.Record) (code, message string) {
	if syncproto.KnownFields(r.Entity) == nil {
		return HeldNewer, fmt.Sprintf("records of kind %q are not known to this version", r.Entity)
	}
	if unknown := syncproto.UnknownFields(r.Entity, r.Fields); len(unknown) > 0 {
		return HeldNewer, fmt.Sprintf("fields %s of %s records are not known to this version", strings.Join(unknown, ", "), r.Entity)
	}
	return "", ""
}

// hold keeps a pulled record this laptop could not take, replacing an
// older held state of it.
func hold(ctx context.Context, tx *Tx, r *syncproto.Record, code, message string) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	log.Printf("sqlite: pulled %s %s kept aside (%s): %s", r.Entity, r.ID, code, message)
	stored, err := tx.seal(r.Entity, r.ID, b)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO held (entity, id, seq, record, code, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (entity, id) DO UPDATE SET seq = excluded.seq, record = excluded.record, code = excluded.code,
			message = excluded.message, at = excluded.at WHERE excluded.seq >= held.seq`,
		r.Entity, r.ID, r.Seq, stored, code, message, tx.now.Format(timeFormat))
	return err
}

// retryHeld tries the held records again, oldest first: after an upgrade
// (or once what stood in the way is gone) they apply.
func retryHeld(ctx context.Context, tx *Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, record FROM held ORDER BY seq LIMIT 1000`)
	if err != nil {
		return err
	}
	var recs []syncproto.Record
	for rows.Next() {
		var id string
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			rows.Close()
			return err
		}
		if raw, err = unseal(raw, id); err != nil {
			rows.Close()
			return err
		}
		var r syncproto.Record
		if json.Unmarshal(raw, &r) == nil {
			recs = append(recs, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(recs) == 0 {
		return err
	}
	known, err := knownActivities(ctx, tx, recs)
	if err != nil {
		return err
	}
	for i := range recs {
		if err := applyOrHold(ctx, tx, &recs[i], known[recs[i].ID]); err != nil {
			return err
		}
	}
	return nil
}

// knownActivities returns which activities of a page the laptop has: one
// query per page, so that a first sync does not look for each new record.
func knownActivities(ctx context.Context, tx *Tx, recs []syncproto.Record) (map[string]bool, error) {
	known := map[string]bool{}
	var ids []any
	for _, r := range recs {
		if r.Entity == syncproto.EntityActivity {
			ids = append(ids, r.ID)
		}
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		rows, err := tx.QueryContext(ctx, `SELECT id FROM activities WHERE id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			known[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return known, nil
}

func applyRecord(ctx context.Context, tx *Tx, r *syncproto.Record, known bool) error {
	switch r.Entity {
	case syncproto.EntityActivity:
		return applyActivity(ctx, tx, r, known)
	case syncproto.EntityOrganisation:
		return applyOrganisation(ctx, tx, r)
	}
	if _, ok := docSpecs[r.Entity]; ok {
		return applyDoc(ctx, tx, r)
	}
	return alliance.Errorf(alliance.EINVALID, "records of kind %q are not known to this version", r.Entity)
}

// pendingFields returns the fields of a record that have changes waiting
// in the outbox.
func pendingFields(ctx context.Context, tx *Tx, entity, id string) (map[string]bool, error) {
	st, err := tx.stmt(ctx, `SELECT fields FROM outbox WHERE entity = ? AND entity_id = ?`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, entity, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out map[string]bool
	for rows.Next() {
		var fields []byte
		if err := rows.Scan(&fields); err != nil {
			return nil, err
		}
		if fields, err = unseal(fields, id); err != nil {
			return nil, err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(fields, &m); err != nil {
			return nil, err
		}
		if out == nil {
			out = map[string]bool{}
		}
		for k := range m {
			out[k] = true
		}
	}
	return out, rows.Err()
}

// overlay keeps, over the server's state, the laptop's pending values that
// are newer than the server's.
func overlay(fields map[string]json.RawMessage, stamps syncproto.Stamps, local map[string]json.RawMessage,
	localStamps syncproto.Stamps, pending map[string]bool) {
	for f := range pending {
		if ls := localStamps.Of(f); ls > stamps.Of(f) {
			fields[f] = local[f]
			stamps[f] = ls
		}
	}
}

func applyActivity(ctx context.Context, tx *Tx, r *syncproto.Record, known bool) error {
	if p := tx.ahead[r]; p != nil && !known {
		// A new record decoded ahead, as the server sent it.
		if err := checkRegion(ctx, tx, p.a.RegionID); err != nil {
			return alliance.Errorf(alliance.EINVALID, "activity %s has an unknown region %q", r.ID, p.a.RegionID)
		}
		if p.a.Deleted {
			return nil
		}
		return insertActivity(ctx, tx, p.a, p.stamps, p.body)
	}
	var prev *alliance.Activity
	var n int64
	if known {
		var err error
		if prev, n, err = findActivity(ctx, tx, r.ID); err != nil {
			return err
		}
	}
	fields := make(map[string]json.RawMessage, len(r.Fields))
	for k, v := range r.Fields {
		fields[k] = v
	}
	stamps := syncproto.Stamps{}
	for k, v := range r.Stamps {
		stamps[k] = v
	}
	if prev != nil {
		pending, err := pendingFields(ctx, tx, syncproto.EntityActivity, r.ID)
		if err != nil {
			return err
		}
		if len(pending) > 0 {
			var local syncproto.Stamps
			ls, err := stampsOf(ctx, tx, n)
			if err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(ls), &local); err != nil {
				return err
			}
			overlay(fields, stamps, syncproto.ActivityFields(prev), local, pending)
		}
	}
	a, err := syncproto.ActivityFromFields(r.ID, fields)
	if err != nil {
		return alliance.Errorf(alliance.EINVALID, "activity %s cannot be read: %v", r.ID, err)
	}
	if err := checkRegion(ctx, tx, a.RegionID); err != nil {
		return alliance.Errorf(alliance.EINVALID, "activity %s has an unknown region %q", r.ID, a.RegionID)
	}
	stampJSON, err := json.Marshal(stamps)
	if err != nil {
		return err
	}
	if prev != nil {
		if err := writeActivity(ctx, tx, n, prev, a, string(stampJSON)); err != nil {
			return err
		}
		return noteSynced(ctx, tx, syncproto.EntityActivity, r.ID, syncproto.ActivityFields(prev), r.Fields, r.By, r.Device)
	}
	if a.Deleted {
		return nil // deleted before this laptop ever saw it
	}
	return insertActivity(ctx, tx, a, string(stampJSON), searchBody(a))
}

// insertActivity adds a row for a (not deleted) with its stamps and
// indexes it by its search text body; no outbox entry: it came from the
// server.
func insertActivity(ctx context.Context, tx *Tx, a *alliance.Activity, stamps, body string) error {
	args := append([]any{a.ID}, activityArgs(a)...)
	now := tx.now.Format(timeFormat)
	args = append(args, stamps, now, now)
	st, err := tx.stmt(ctx, insertActivitySQL)
	if err != nil {
		return err
	}
	var n int64
	if err := st.QueryRowContext(ctx, args...).Scan(&n); err != nil {
		return err
	}
	tx.ftsAdd = append(tx.ftsAdd, ftsDoc{ftsRowid(a.Start, n), body})
	return nil
}

// applyOrganisation stores a pulled organisation; a profile field this
// laptop changed and has not pushed yet keeps its newer value.
func applyOrganisation(ctx context.Context, tx *Tx, r *syncproto.Record) error {
	fields, stamps := maps.Clone(r.Fields), maps.Clone(r.Stamps)
	if stamps == nil {
		stamps = syncproto.Stamps{}
	}
	pending, err := pendingFields(ctx, tx, syncproto.EntityOrganisation, r.ID)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		var stored string
		prev, err := scanOrg(tx.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = ?`, r.ID))
		if err == nil {
			err = tx.QueryRowContext(ctx, `SELECT stamps FROM organisations WHERE id = ?`, r.ID).Scan(&stored)
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil {
			local, err := fieldsJSON(orgFields(prev))
			if err != nil {
				return err
			}
			localStamps := syncproto.Stamps{}
			if err := json.Unmarshal([]byte(stored), &localStamps); err != nil {
				return fmt.Errorf("stored stamps of organisation %s: %w", r.ID, err)
			}
			overlay(fields, stamps, local, localStamps, pending)
		}
	}
	o, deleted, err := syncproto.OrganisationFromFields(r.ID, fields)
	if err == nil {
		err = checkRegion(ctx, tx, o.RegionID)
	}
	if err != nil {
		return alliance.Errorf(alliance.EINVALID, "organisation %s cannot be read: %v", r.ID, err)
	}
	profile, err := profileJSON(o)
	if err != nil {
		return err
	}
	stampsJSON, err := json.Marshal(stamps)
	if err != nil {
		return err
	}
	now := tx.now.Format(timeFormat)
	_, err = tx.exec(ctx, `INSERT INTO organisations (id, name, kind, region_id, secretariat, profile, deleted, stamps, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, region_id = excluded.region_id,
			secretariat = excluded.secretariat, profile = excluded.profile, deleted = excluded.deleted, stamps = excluded.stamps,
			updated_at = excluded.updated_at`,
		o.ID, o.Name, string(o.Kind), o.RegionID, sqlValue(o.Secretariat), profile, sqlValue(deleted), string(stampsJSON), now, now)
	return err
}

// finishResync ends a full resync: records the pass did not bring, and
// that have no waiting changes, were deleted on the server so long ago
// that their tombstones are gone: they become tombstones here too.
func finishResync(ctx context.Context, tx *Tx) error {
	gone, err := sqlitex.Strings(ctx, tx, `SELECT a.id FROM activities a
		WHERE a.deleted = 0 AND NOT EXISTS (SELECT 1 FROM resync_seen s WHERE s.entity = 'activity' AND s.id = a.id)
		AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'activity' AND o.entity_id = a.id)`)
	if err != nil {
		return err
	}
	for _, id := range gone {
		a, n, err := findActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE activities SET deleted = 1 WHERE n = ?`, n); err != nil {
			return err
		}
		if err := unindexActivity(ctx, tx, n, a); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `UPDATE organisations SET deleted = 1 WHERE deleted = 0 AND NOT EXISTS
		(SELECT 1 FROM resync_seen s WHERE s.entity = 'organisation' AND s.id = organisations.id)`); err != nil {
		return err
	}
	const unseen = `deleted = 0 AND NOT EXISTS (SELECT 1 FROM resync_seen s WHERE s.entity = docs.entity AND s.id = docs.id)
		AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = docs.entity AND o.entity_id = docs.id)`
	if err := rewriteDocs(ctx, tx, unseen, nil, func(f map[string]json.RawMessage) {
		f[syncproto.FieldDeleted] = json.RawMessage("true")
	}); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM resync_seen`); err != nil {
		return err
	}
	return setState(ctx, tx, stResyncing, "0")
}
