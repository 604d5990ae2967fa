package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Documents are records kept whole as JSON (trainings, participants,
// certificates): what is generic about storing, stamping and syncing them
// lives here; docSpecs say what each kind indexes.

// docSpec says how a kind of document is listed and looked up.
type docSpec struct {
	// keys returns its parent (the training), its sort key and its unique
	// key (nil for none) from its fields.
	keys func(f map[string]json.RawMessage) (parent, sort string, unique *string)
	// sortSealed: the sort key names a person, so a sealed document keeps
	// none in the table and its list is sorted once opened.
	sortSealed bool
}

var docSpecs = map[string]docSpec{
	syncproto.EntityTraining: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var t alliance.Training
		_ = syncproto.Decode(f, &t)
		from, _ := t.Period()
		return "", from.String(), nil
	}},
	syncproto.EntityParticipant: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var p alliance.Participant
		_ = syncproto.Decode(f, &p)
		return p.TrainingID, string(titleKey(p.FullName)), nil
	}, sortSealed: true},
	syncproto.EntityCertificate: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var c alliance.Certificate
		_ = syncproto.Decode(f, &c)
		serial := c.Serial
		return c.TrainingID, c.Serial, &serial
	}},
	syncproto.EntityResource: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var r alliance.Resource
		_ = syncproto.Decode(f, &r)
		return "", strings.ToLower(r.Version("az").Title), nil
	}},
	syncproto.EntityCampaign: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var c alliance.Campaign
		_ = syncproto.Decode(f, &c)
		return "", c.Start.String(), nil
	}},
	syncproto.EntityContest: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var c alliance.Contest
		_ = syncproto.Decode(f, &c)
		return "", c.Opens.String(), nil
	}},
	syncproto.EntityEntry: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var e alliance.Entry
		_ = syncproto.Decode(f, &e)
		return e.ContestID, e.CreatedAt.UTC().Format(timeFormat), nil
	}},
	syncproto.EntityEntryVersion: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var v alliance.EntryVersion
		_ = syncproto.Decode(f, &v)
		return v.EntryID, fmt.Sprintf("%06d", v.Version), nil
	}},
	// A score's id is derived from its entry and judge, so there is one
	// per pair on every laptop: no unique key needed (nor safe to sync).
	syncproto.EntityScore: {keys: func(f map[string]json.RawMessage) (string, string, *string) {
		var s alliance.Score
		_ = syncproto.Decode(f, &s)
		return s.ContestID, s.EntryID + "/" + s.JurorID, nil
	}},
}

// doc is a stored document.
type doc struct {
	n      int64
	fields map[string]json.RawMessage
	stamps string
}

// loadDoc reads the document id of entity (tombstones too).
func loadDoc(ctx context.Context, q querier, entity, id string) (*doc, error) {
	var d doc
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT n, data, stamps FROM docs WHERE entity = ? AND id = ?`, entity, id).Scan(&d.n, &data, &d.stamps)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	} else if err != nil {
		return nil, err
	}
	if data, err = unseal(data, id); err != nil {
		return nil, err
	}
	return &d, json.Unmarshal(data, &d.fields)
}

// getDoc decodes the live document id into v.
func getDoc(ctx context.Context, q querier, entity, id string, v any) error {
	d, err := loadDoc(ctx, q, entity, id)
	if err != nil {
		return err
	}
	if string(d.fields[syncproto.FieldDeleted]) == "true" {
		return notFound(id)
	}
	return syncproto.Decode(d.fields, v)
}

// listDocs decodes the live documents of entity under parent, in their
// sort order, giving each its id with setID.
func listDocs[T any](ctx context.Context, q querier, entity, parent string, desc bool, setID func(*T, string)) ([]T, error) {
	order := "sort_key, n"
	if desc {
		order = "sort_key DESC, n DESC"
	}
	rows, err := q.QueryContext(ctx, `SELECT id, data FROM docs WHERE entity = ? AND deleted = 0 AND parent_id = ? ORDER BY `+order, entity, parent)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	var sorts []string // the sort keys, when sealed documents keep none in the table
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		if data, err = unseal(data, id); err != nil {
			return nil, err
		}
		// data is the document's fields as one JSON object: straight into
		// the record (what syncproto.Decode does, without its round trip).
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, alliance.Errorf(alliance.EINVALID, "%v", err)
		}
		setID(&v, id)
		out = append(out, v)
		if docSpecs[entity].sortSealed {
			sorts = append(sorts, sortKeyOf(entity, data))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if docSpecs[entity].sortSealed {
		sortBy(out, sorts, desc)
	}
	return out, nil
}

// sortKeyOf is the sort key of a document's JSON (for sealed ones, whose
// key the table does not keep).
func sortKeyOf(entity string, data []byte) string {
	var f map[string]json.RawMessage
	if json.Unmarshal(data, &f) != nil {
		return ""
	}
	_, key, _ := docSpecs[entity].keys(f)
	return key
}

// sortBy orders items by keys (stable: the table's order breaks ties).
func sortBy[T any](items []T, keys []string, desc bool) {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if desc {
			return keys[idx[a]] > keys[idx[b]]
		}
		return keys[idx[a]] < keys[idx[b]]
	})
	sorted := make([]T, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	copy(items, sorted)
}

// writeDoc stores fields as document id at row n (0: a new row).
func writeDoc(ctx context.Context, tx *Tx, entity, id string, n int64, fields map[string]json.RawMessage, stamps string) error {
	spec, ok := docSpecs[entity]
	if !ok {
		return fmt.Errorf("no documents of kind %q", entity)
	}
	parent, sortKey, unique := spec.keys(fields)
	var org string
	_ = json.Unmarshal(fields[alliance.FieldOrg], &org)
	data, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	deleted := string(fields[syncproto.FieldDeleted]) == "true"
	now := tx.now.Format(timeFormat)
	stored, err := tx.seal(entity, id, data)
	if err != nil {
		return err
	}
	if _, sealed := stored.([]byte); sealed && spec.sortSealed {
		sortKey = "" // a name: sorted once opened
	}
	var uk any
	if unique != nil {
		uk = *unique
	}
	files := "[]"
	if syncproto.CarriesFiles(entity) {
		hashes := []string{}
		for _, f := range syncproto.FileRefs(fields) {
			hashes = append(hashes, f.Hash)
		}
		b, _ := json.Marshal(hashes)
		files = string(b)
	}
	if n == 0 {
		_, err = tx.exec(ctx, `INSERT INTO docs (entity, id, org_id, parent_id, sort_key, unique_key, data, stamps, deleted, created_at, updated_at, files)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, entity, id, org, parent, sortKey, uk, stored, stamps, deleted, now, now, files)
	} else {
		_, err = tx.exec(ctx, `UPDATE docs SET org_id = ?, parent_id = ?, sort_key = ?, unique_key = ?, data = ?, stamps = ?,
			deleted = ?, updated_at = ?, files = ? WHERE n = ?`, org, parent, sortKey, uk, stored, stamps, deleted, now, files, n)
	}
	return err
}

// createDoc saves a new document v (a record type with JSON tags) with its
// stamp and outbox entry.
func createDoc(ctx context.Context, tx *Tx, entity, id, org string, v any) error {
	fields, err := syncproto.Fields(v)
	if err != nil {
		return err
	}
	h := tx.db.Clock.Now()
	if err := writeDoc(ctx, tx, entity, id, 0, fields, newStamps(h)); err != nil {
		return err
	}
	if err := queueUploads(ctx, tx, entity, fields); err != nil {
		return err
	}
	return tx.change(ctx, entity, id, org, syncproto.OpCreate, h, docFields(fields), nil, nil)
}

// updateDoc saves the fields of v that differ from the stored document;
// when none differ it writes nothing.
func updateDoc(ctx context.Context, tx *Tx, entity, id string, v any) error {
	fields, err := syncproto.Fields(v)
	if err != nil {
		return err
	}
	return patchDoc(ctx, tx, entity, id, syncproto.OpUpdate, fields)
}

// patchDoc sets some fields of a document.
func patchDoc(ctx context.Context, tx *Tx, entity, id, op string, set map[string]json.RawMessage) error {
	d, err := loadDoc(ctx, tx, entity, id)
	if err != nil {
		return err
	}
	var changed []field
	old := map[string]json.RawMessage{} // for the history
	for k, v := range set {
		if !bytes.Equal(bytes.TrimSpace(d.fields[k]), bytes.TrimSpace(v)) {
			changed = append(changed, field{k, json.RawMessage(v)})
			old[k] = d.fields[k]
			d.fields[k] = v
		}
	}
	if len(changed) == 0 {
		return nil
	}
	changed = withGroups(entity, changed, func(name string) (any, bool) {
		v, ok := d.fields[name]
		return json.RawMessage(v), ok
	})
	h := tx.db.Clock.Now()
	stamps, base, err := stampFields(d.stamps, changed, h)
	if err != nil {
		return err
	}
	if err := writeDoc(ctx, tx, entity, id, d.n, d.fields, stamps); err != nil {
		return err
	}
	if err := queueUploads(ctx, tx, entity, d.fields); err != nil {
		return err
	}
	var org string
	_ = json.Unmarshal(d.fields[alliance.FieldOrg], &org)
	for _, f := range changed { // a group's other fields, sent along, did not change
		if _, ok := old[f.name]; !ok {
			old[f.name] = d.fields[f.name]
		}
	}
	return tx.change(ctx, entity, id, org, op, h, changed, base, old)
}

// deleteDoc leaves a tombstone of a document.
func deleteDoc(ctx context.Context, tx *Tx, entity, id string) error {
	if _, err := loadLive(ctx, tx, entity, id); err != nil {
		return err
	}
	return patchDoc(ctx, tx, entity, id, syncproto.OpDelete, map[string]json.RawMessage{syncproto.FieldDeleted: json.RawMessage("true")})
}

func loadLive(ctx context.Context, tx *Tx, entity, id string) (*doc, error) {
	d, err := loadDoc(ctx, tx, entity, id)
	if err == nil && string(d.fields[syncproto.FieldDeleted]) == "true" {
		return nil, notFound(id)
	}
	return d, err
}

func docFields(m map[string]json.RawMessage) []field {
	out := make([]field, 0, len(m))
	for k, v := range m {
		out = append(out, field{k, v})
	}
	return out
}

// docTypes make an empty record of each kind of document, to check that a
// pulled one can be read before it is kept.
var docTypes = map[string]func() any{
	syncproto.EntityTraining: func() any { return new(alliance.Training) }, syncproto.EntityParticipant: func() any { return new(alliance.Participant) },
	syncproto.EntityCertificate: func() any { return new(alliance.Certificate) }, syncproto.EntityContest: func() any { return new(alliance.Contest) },
	syncproto.EntityEntry: func() any { return new(alliance.Entry) }, syncproto.EntityEntryVersion: func() any { return new(alliance.EntryVersion) },
	syncproto.EntityScore: func() any { return new(alliance.Score) }, syncproto.EntityCampaign: func() any { return new(alliance.Campaign) },
	syncproto.EntityResource: func() any { return new(alliance.Resource) },
}

// applyDoc applies a pulled document: the server's fields, except the
// laptop's newer values still waiting to be sent. One that cannot be read
// as its kind is refused (and held): it would break the lists it is in.
func applyDoc(ctx context.Context, tx *Tx, r *syncproto.Record) error {
	if mk := docTypes[r.Entity]; mk != nil {
		if err := syncproto.Decode(r.Fields, mk()); err != nil {
			return alliance.Errorf(alliance.EINVALID, "%s %s cannot be read: %v", r.Entity, r.ID, err)
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
	var n int64
	var before []alliance.FileRef // files the local copy names
	d, err := loadDoc(ctx, tx, r.Entity, r.ID)
	if err == nil && syncproto.CarriesFiles(r.Entity) {
		before = syncproto.FileRefs(d.fields)
	}
	switch {
	case alliance.ErrorCode(err) == alliance.ENOTFOUND:
		if string(fields[syncproto.FieldDeleted]) == "true" {
			return nil // deleted before this laptop ever saw it
		}
	case err != nil:
		return err
	default:
		n = d.n
		pending, err := pendingFields(ctx, tx, r.Entity, r.ID)
		if err != nil {
			return err
		}
		if len(pending) > 0 {
			var local syncproto.Stamps
			if err := json.Unmarshal([]byte(d.stamps), &local); err != nil {
				return err
			}
			overlay(fields, stamps, d.fields, local, pending)
		}
	}
	st, err := json.Marshal(stamps)
	if err != nil {
		return err
	}
	if err := writeDoc(ctx, tx, r.Entity, r.ID, n, fields, string(st)); err != nil {
		return err
	}
	if d != nil { // a record held here: its history notes the change (a new one came whole)
		if err := noteSynced(ctx, tx, r.Entity, r.ID, d.fields, r.Fields, r.By, r.Device); err != nil {
			return err
		}
	}
	switch {
	case r.Entity == syncproto.EntityEntry && syncproto.EntryAnonymised(r.Fields): // anonymised elsewhere
		if err := scrubHistory(ctx, tx, r.ID); err != nil {
			return err
		}
	case r.Entity == syncproto.EntityEntryVersion && string(r.Fields["previous"]) == "{}": // emptied with its entry
		if _, err := tx.exec(ctx, `UPDATE history SET fields = '{}' WHERE record_id = ?`, r.ID); err != nil {
			return err
		}
	}
	if len(before) == 0 {
		return nil
	}
	after := map[string]bool{}
	for _, f := range syncproto.FileRefs(fields) {
		after[f.Hash] = true
	}
	var dropped []alliance.FileRef
	for _, f := range before {
		if !after[f.Hash] {
			dropped = append(dropped, f)
		}
	}
	return forgetDropped(ctx, tx, dropped)
}

// forgetDropped notes, of the files a record named before a pull, those
// no record names any more: the file store forgets them (an entry
// anonymised elsewhere takes the child's artwork with it).
func forgetDropped(ctx context.Context, tx *Tx, before []alliance.FileRef) error {
	if len(before) == 0 {
		return nil
	}
	gone, err := unreferenced(ctx, tx, before)
	if err != nil {
		return err
	}
	for _, f := range gone {
		if _, err := tx.exec(ctx, `INSERT OR IGNORE INTO forget_files (hash) VALUES (?)`, f.Hash); err != nil {
			return err
		}
	}
	return nil
}
