package syncserver

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// anonymousMarks are the fields that say an entry was anonymised.
var anonymousMarks = []string{"anonymised", "anonymised_at"}

// keepAnonymous holds an anonymised entry anonymous: a change that clears
// the marks of an entry anonymous before it (kept: its marks then, nil for
// one that was not) has them put back, and whatever a change puts back in
// a personal field (a laptop that had not heard of the withdrawal, a
// correction made before it) is emptied again — stamped h, so that it wins
// where it travels. It returns the fields it set.
func keepAnonymous(st *syncproto.State, h string, kept map[string]json.RawMessage) []string {
	var set []string
	put := func(name string, v json.RawMessage) {
		if string(st.Fields[name]) == string(v) {
			return
		}
		st.Fields[name] = v
		if st.Stamps == nil {
			st.Stamps = syncproto.Stamps{}
		}
		if h > st.Stamps.Of(name) {
			st.Stamps[name] = h
		}
		set = append(set, name)
	}
	for _, name := range anonymousMarks {
		if v, ok := kept[name]; ok {
			put(name, v)
		}
	}
	if !syncproto.EntryAnonymised(st.Fields) {
		return set
	}
	for name, v := range syncproto.AnonymousEntryFields() {
		put(name, v)
	}
	return set
}

// afterAnonymised, once an entry became anonymous, empties and deletes the
// versions it was corrected from (they hold the child as they were) and
// removes from the server the files no record names any more.
func (s *Store) afterAnonymised(ctx context.Context, tx *Tx, q *seqs, entryID, h string, before []string) error {
	ids, err := sqlitex.Strings(ctx, tx, `SELECT id FROM records WHERE entity = ? AND deleted = 0 AND json_extract(fields, '$.entry_id') = ?`,
		syncproto.EntityEntryVersion, entryID)
	if err != nil {
		return err
	}
	if err := scrubAudit(ctx, tx, append([]string{entryID}, ids...)); err != nil {
		return err
	}
	for _, id := range ids {
		v, err := loadRecord(ctx, tx, syncproto.EntityEntryVersion, id)
		if err != nil || v == nil {
			return err
		}
		before = append(before, syncproto.FileHashes(v.state.Fields)...)
		for name, val := range map[string]json.RawMessage{"previous": json.RawMessage(`{}`), "reason": json.RawMessage(`""`),
			syncproto.FieldDeleted: json.RawMessage(`true`)} {
			v.state.Fields[name] = val
			v.state.Stamps[name] = h
		}
		if err := s.putRecord(ctx, tx, syncproto.EntityEntryVersion, id, v.scope, &v.state, q.next(), origin{baseSeq: v.seq}); err != nil {
			return err
		}
	}
	return s.dropUnnamedFiles(ctx, tx, before)
}

// dropUnnamedFiles removes the files of hashes that no record names now
// (nor a published release): a withdrawn child's artwork leaves the
// server, not only its records.
func (s *Store) dropUnnamedFiles(ctx context.Context, tx *Tx, hashes []string) error {
	for _, h := range hashes {
		var named int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM file_refs WHERE hash = ?1) + (SELECT COUNT(*) FROM releases WHERE sha256 = ?1)`, h).Scan(&named); err != nil {
			return err
		}
		if named > 0 || !alliance.ValidHash(h) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM blob_owners WHERE hash = ?`, h); err != nil {
			return err
		}
		path := filepath.Join(s.Dir, "blobs", h[:2], h)
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return alliance.OSError(err, filepath.Dir(path))
		}
	}
	return nil
}

// ApplyRetention anonymises the children's entries of every contest whose
// judging ended more than years ago (0: never), unless the guardian
// consented to publication: the server writes it, and the laptops follow
// at their next pull. It returns how many entries it anonymised.
func (s *Store) ApplyRetention(ctx context.Context, years int) (int, error) {
	if years <= 0 {
		return 0, nil
	}
	cutoff := alliance.DateOf(s.Now()).AddYears(-years)
	n := 0
	err := s.update(ctx, func(tx *Tx) error {
		q, err := loadSeqs(ctx, tx)
		if err != nil {
			return err
		}
		ids, err := sqlitex.Strings(ctx, tx, `SELECT e.id FROM records e JOIN records c ON c.entity = 'contest' AND c.deleted = 0
			AND c.id = json_extract(e.fields, '$.contest_id')
			WHERE e.entity = 'entry' AND e.deleted = 0 AND COALESCE(json_extract(e.fields, '$.anonymised'), '') = ''
			AND COALESCE(json_extract(e.fields, '$.consent.publication'), 0) != 1
			AND COALESCE(json_extract(c.fields, '$.judging_ends'), '') != '' AND json_extract(c.fields, '$.judging_ends') < ?`, cutoff.String())
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		for _, id := range ids {
			e, err := loadRecord(ctx, tx, syncproto.EntityEntry, id)
			if err != nil || e == nil {
				return err
			}
			h := s.Clock.Now().String()
			before := syncproto.FileHashes(e.state.Fields)
			at, _ := json.Marshal(now)
			e.state.Fields["anonymised"], e.state.Stamps["anonymised"] = json.RawMessage(`"`+alliance.AnonymisedRetention+`"`), h
			e.state.Fields["anonymised_at"], e.state.Stamps["anonymised_at"] = at, h
			keepAnonymous(&e.state, h, nil)
			if err := s.putRecord(ctx, tx, syncproto.EntityEntry, id, e.scope, &e.state, q.next(), origin{baseSeq: e.seq}); err != nil {
				return err
			}
			if err := s.afterAnonymised(ctx, tx, q, id, h, before); err != nil {
				return err
			}
			if err := audit(ctx, tx, s.now(), "", "", "", syncproto.EntityEntry, id, AuditServer,
				map[string][2]json.RawMessage{"anonymised": {nil, json.RawMessage(`"` + alliance.AnonymisedRetention + `"`)}}); err != nil {
				return err
			}
			n++
		}
		return q.save(ctx, tx)
	})
	return n, err
}
