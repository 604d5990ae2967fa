package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// The file queue: what files go to the server and come from it, each with
// its state, how far it has come and where its upload is. Saving a record
// that names files puts them in the queue, in the same transaction.

const stFilesPaused = "files_paused"

// queueUploads puts the files a locally saved record names in the upload
// queue (a file already queued stays as it is).
func queueUploads(ctx context.Context, tx *Tx, entity string, fields map[string]json.RawMessage) error {
	if !syncproto.CarriesFiles(entity) {
		return nil
	}
	now := tx.now.Format(timeFormat)
	for _, f := range syncproto.FileRefs(fields) {
		name, err := tx.sealText(anyEntity, f.Hash, f.Name) // a child's name, often
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT OR IGNORE INTO file_queue (hash, upload, name, size, created_at, updated_at)
			VALUES (?, 1, ?, ?, ?, ?)`, f.Hash, name, f.Size, now, now); err != nil {
			return err
		}
	}
	return nil
}

const transferColumns = `hash, upload, name, size, done, state, code, message, attempts, next_try, url, updated_at`

func scanTransfers(rows *sql.Rows, err error) ([]alliance.FileTransfer, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []alliance.FileTransfer
	for rows.Next() {
		var t alliance.FileTransfer
		var state, next, updated string
		var name []byte
		if err := rows.Scan(&t.Hash, &t.Upload, &name, &t.Size, &t.Done, &state, &t.Code, &t.Message, &t.Attempts, &next, &t.URL, &updated); err != nil {
			return nil, err
		}
		if t.Name, err = unsealText(name, t.Hash); err != nil {
			return nil, err
		}
		t.State = alliance.TransferState(state)
		t.NextTry, _ = time.Parse(timeFormat, next)
		t.UpdatedAt, _ = time.Parse(timeFormat, updated)
		out = append(out, t)
	}
	return out, rows.Err()
}

// FileTransfers returns the queue: waiting and active files first (uploads
// before downloads, oldest first), then failed ones, then the last done.
func (s *SyncStore) FileTransfers(ctx context.Context) ([]alliance.FileTransfer, error) {
	var out []alliance.FileTransfer
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = scanTransfers(tx.QueryContext(ctx, `SELECT `+transferColumns+` FROM file_queue
			ORDER BY CASE state WHEN 'active' THEN 0 WHEN 'waiting' THEN 1 WHEN 'failed' THEN 2 ELSE 3 END,
				CASE WHEN state = 'done' THEN updated_at END DESC, upload DESC, created_at, hash
			LIMIT 500`))
		return err
	})
	return out, err
}

// DueTransfers returns the files to move now: waiting (or left active by a
// stop) and due, uploads first.
func (s *SyncStore) DueTransfers(ctx context.Context, now time.Time) ([]alliance.FileTransfer, error) {
	var out []alliance.FileTransfer
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = scanTransfers(tx.QueryContext(ctx, `SELECT `+transferColumns+` FROM file_queue
			WHERE state IN ('waiting', 'active') AND next_try <= ?
			ORDER BY upload DESC, created_at, hash`, now.UTC().Format(timeFormat)))
		return err
	})
	return out, err
}

// SaveTransfer stores a transfer's state and progress.
func (s *SyncStore) SaveTransfer(ctx context.Context, t alliance.FileTransfer) error {
	return s.db.update(ctx, func(tx *Tx) error {
		next := ""
		if !t.NextTry.IsZero() {
			next = t.NextTry.UTC().Format(timeFormat)
		}
		now := tx.now.Format(timeFormat)
		name, err := tx.sealText(anyEntity, t.Hash, t.Name)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO file_queue (hash, upload, name, size, done, state, code, message, attempts, next_try, url, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (hash, upload) DO UPDATE SET name = excluded.name, size = excluded.size, done = excluded.done,
				state = excluded.state, code = excluded.code, message = excluded.message, attempts = excluded.attempts,
				next_try = excluded.next_try, url = excluded.url, updated_at = excluded.updated_at`,
			t.Hash, t.Upload, name, t.Size, t.Done, string(t.State), t.Code, t.Message, t.Attempts, next, t.URL, now, now)
		return err
	})
}

// RemoveTransfer drops a file from the queue (an upload of a file this
// laptop does not have: another laptop's to send).
func (s *SyncStore) RemoveTransfer(ctx context.Context, hash string, upload bool) error {
	return s.db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM file_queue WHERE hash = ? AND upload = ?`, hash, upload)
		return err
	})
}

// QueueDownload asks for a file from the server. now asks for it at once
// (someone is waiting to see it: a wait or a failure is cut short);
// otherwise a file already queued keeps its turn.
func (s *SyncStore) QueueDownload(ctx context.Context, f alliance.FileRef, now bool) error {
	return s.db.update(ctx, func(tx *Tx) error {
		at := tx.now.Format(timeFormat)
		q := `INSERT OR IGNORE INTO file_queue (hash, upload, name, size, created_at, updated_at) VALUES (?, 0, ?, ?, ?, ?)`
		if now {
			q = `INSERT INTO file_queue (hash, upload, name, size, created_at, updated_at) VALUES (?, 0, ?, ?, ?, ?)
				ON CONFLICT (hash, upload) DO UPDATE SET state = 'waiting', next_try = '', attempts = 0, updated_at = excluded.updated_at
				WHERE state NOT IN ('active', 'done')`
		}
		name, err := tx.sealText(anyEntity, f.Hash, f.Name)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, q, f.Hash, name, f.Size, at, at)
		return err
	})
}

// RetryTransfer puts a failed transfer back in the queue.
func (s *SyncStore) RetryTransfer(ctx context.Context, hash string, upload bool) error {
	return s.db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE file_queue SET state = 'waiting', next_try = '', code = '', message = '', attempts = 0
			WHERE hash = ? AND upload = ? AND state = 'failed'`, hash, upload)
		return err
	})
}

// ReferencedFiles returns every file the laptop's live records name (the
// secretariat's laptop fetches them all): entries' and the library's files
// and activities' attachments, but the photos of children kept within
// their organisation.
func (s *SyncStore) ReferencedFiles(ctx context.Context) ([]alliance.FileRef, error) {
	var out []alliance.FileRef
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, data FROM docs WHERE entity IN (?, ?) AND deleted = 0`,
			syncproto.EntityEntry, syncproto.EntityResource)
		if err != nil {
			return err
		}
		defer rows.Close()
		seen := map[string]bool{}
		for rows.Next() {
			var id string
			var data []byte
			if err := rows.Scan(&id, &data); err != nil {
				return err
			}
			if data, err = unseal(data, id); err != nil {
				return err
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(data, &fields); err != nil {
				continue
			}
			for _, f := range syncproto.FileRefs(fields) {
				if !seen[f.Hash] {
					seen[f.Hash] = true
					out = append(out, f)
				}
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// Activities' files, but those kept within their organisation:
		// the server gives them to no other laptop.
		acts, err := tx.QueryContext(ctx, `SELECT attachments FROM activities WHERE deleted = 0 AND attachments != '[]'`)
		if err != nil {
			return err
		}
		defer acts.Close()
		for acts.Next() {
			var text string
			if err := acts.Scan(&text); err != nil {
				return err
			}
			var as []alliance.Attachment
			if json.Unmarshal([]byte(text), &as) != nil {
				continue
			}
			for _, a := range as {
				if !a.Private() && !seen[a.Hash] {
					seen[a.Hash] = true
					out = append(out, a.FileRef)
				}
			}
		}
		return acts.Err()
	})
	return out, err
}

// FilesPaused reports whether the user paused the transfers.
func (s *SyncStore) FilesPaused(ctx context.Context) (bool, error) {
	var v string
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		v, err = getState(ctx, tx, stFilesPaused)
		return err
	})
	return v == "1", err
}

// SetFilesPaused remembers whether the transfers are paused.
func (s *SyncStore) SetFilesPaused(ctx context.Context, paused bool) error {
	v := "0"
	if paused {
		v = "1"
	}
	return s.db.update(ctx, func(tx *Tx) error { return setState(ctx, tx, stFilesPaused, v) })
}
