package sqlite

import (
	"context"
	"encoding/json"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlitex"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// WithdrawConsent records that a child's guardian withdrew their consent:
// the entry is anonymised — what names or shows the child goes, what the
// contest's figures count stays — and the versions it was corrected from
// are emptied and deleted. It returns the files the entry named that no
// other record names any more, for the file store to forget; they leave
// the upload queue too. The change travels like any other: the server
// anonymises the entry for good (whatever a laptop sends of it later) and
// empties its versions, and every laptop that holds them follows.
func (s *ContestService) WithdrawConsent(ctx context.Context, id string) ([]alliance.FileRef, error) {
	var gone []alliance.FileRef
	err := s.db.update(ctx, func(tx *Tx) error {
		e, err := entryOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.IsAnonymised() {
			return nil
		}
		before := entryFiles(e)
		e.Anonymise(tx.now, alliance.AnonymisedWithdrawn)
		if err := updateDoc(ctx, tx, syncproto.EntityEntry, id, e); err != nil {
			return err
		}
		// The versions it was corrected from are emptied here at once, and
		// by the server for every laptop (a member's laptop may not change
		// a version: it is the record of what was corrected).
		if err := rewriteDocs(ctx, tx, `entity = ? AND parent_id = ?`, []any{syncproto.EntityEntryVersion, id}, func(f map[string]json.RawMessage) {
			f["previous"], f["reason"], f[syncproto.FieldDeleted] = json.RawMessage("{}"), json.RawMessage(`""`), json.RawMessage("true")
		}); err != nil {
			return err
		}
		if err := scrubHistory(ctx, tx, id); err != nil {
			return err
		}
		gone, err = unreferenced(ctx, tx, before)
		return err
	})
	return gone, err
}

// entryFiles are the files an entry names: its works and its consent scan.
func entryFiles(e *alliance.Entry) []alliance.FileRef {
	out := append([]alliance.FileRef{}, e.Files...)
	if e.Consent.Scan != nil {
		out = append(out, *e.Consent.Scan)
	}
	return out
}

// unreferenced returns those of files that no live entry or entry
// version names, and takes them out of the file queue.
func unreferenced(ctx context.Context, tx *Tx, files []alliance.FileRef) ([]alliance.FileRef, error) {
	if len(files) == 0 {
		return nil, nil
	}
	named := map[string]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT id, data FROM docs WHERE entity IN (?, ?) AND deleted = 0`, syncproto.EntityEntry, syncproto.EntityEntryVersion)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		if data, err = unseal(data, id); err != nil {
			return nil, err
		}
		var fields map[string]json.RawMessage
		if json.Unmarshal(data, &fields) == nil {
			for _, f := range syncproto.FileRefs(fields) {
				named[f.Hash] = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []alliance.FileRef
	for _, f := range files {
		if named[f.Hash] {
			continue
		}
		if _, err := tx.exec(ctx, `DELETE FROM file_queue WHERE hash = ?`, f.Hash); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// ForgottenFiles returns, and clears, the files that records pulled from
// the server stopped naming for good (an entry anonymised elsewhere): the
// file store forgets them.
func (s *SyncStore) ForgottenFiles(ctx context.Context) ([]string, error) {
	var out []string
	err := s.db.update(ctx, func(tx *Tx) (err error) {
		if out, err = sqlitex.Strings(ctx, tx, `SELECT hash FROM forget_files`); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM forget_files`)
		return err
	})
	return out, err
}
