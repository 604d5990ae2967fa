package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// Children's data at rest. Once a laptop has a data key (its first
// profile makes it), the records that name children or participants are
// kept sealed (vault) wherever their fields are written: the documents,
// the outbox, the history, what the sync set aside, held or found in
// conflict, the drafts of forms and the names of files waiting to move.
// What is not personal stays in the clear, so that lists, filters, sort
// orders and reports keep their indexes: ids, dates, regions, kinds,
// counts, the activities (which count children, never name them).

// sealedEntities are the records that name a child or a participant.
var sealedEntities = map[string]bool{
	syncproto.EntityParticipant: true, syncproto.EntityCertificate: true,
	syncproto.EntityEntry: true, syncproto.EntityEntryVersion: true,
}

// anyEntity seals whatever the entity: drafts and file names.
const anyEntity = "*"

// Sealed reports whether the laptop's children's data is sealed (it has
// a data key); Unlocked whether that key is open in this program.
func (db *DB) Sealed() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.keyID != ""
}

// Unlocked reports whether the data can be read and written: not sealed,
// or its key opened by a sign-in.
func (db *DB) Unlocked() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.keyID == "" || db.key != nil
}

// OnUnlock registers fn to run (once per unlock) when a sign-in opens the
// data key: the sync waits for it.
func (db *DB) OnUnlock(fn func()) {
	db.mu.Lock()
	db.unlockers = append(db.unlockers, fn)
	db.mu.Unlock()
}

// FileKeys is how the laptop's files are kept (filestore.Keys): sealed
// with the open data key once the data is sealed.
func (db *DB) FileKeys() (*vault.Key, bool) {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.key, db.keyID != ""
}

// useKey makes k the open data key.
func (db *DB) useKey(k *vault.Key) {
	vault.Register(k)
	db.mu.Lock()
	first := !db.unlockedOnce
	db.key, db.keyID, db.unlockedOnce = k, k.ID(), true
	fns := append([]func(){}, db.unlockers...)
	db.mu.Unlock()
	if first {
		for _, fn := range fns {
			fn()
		}
	}
}

// dropKey forgets a key made in a transaction that was rolled back.
func (db *DB) dropKey(k *vault.Key) {
	vault.Forget(k)
	db.mu.Lock()
	if db.key == k {
		db.key, db.keyID = nil, ""
	}
	db.mu.Unlock()
}

func (db *DB) dataKey() (*vault.Key, string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.key, db.keyID
}

// seal is the value to store for a column of entity's record id: the
// clear text when the entity is not personal or the laptop has no data
// key yet, else the sealed bytes.
func (tx *Tx) seal(entity, id string, plain []byte) (any, error) {
	if entity != anyEntity && !sealedEntities[entity] {
		return string(plain), nil
	}
	k, keyID := tx.db.dataKey()
	switch {
	case keyID == "":
		return string(plain), nil
	case k == nil:
		return nil, vault.Locked()
	}
	return k.Seal(plain, []byte(id)), nil
}

// sealText is seal of a string.
func (tx *Tx) sealText(entity, id, plain string) (any, error) {
	return tx.seal(entity, id, []byte(plain))
}

// unseal is the clear value of a stored column of record id.
func unseal(stored []byte, id string) ([]byte, error) {
	plain, err := vault.Open(stored, []byte(id))
	switch {
	case errors.Is(err, vault.ErrLocked):
		return nil, vault.Locked()
	case err != nil:
		return nil, alliance.Errorf(alliance.EINTERNAL, "record %s: %v", id, err)
	}
	return plain, nil
}

// unsealText is unseal as a string.
func unsealText(stored []byte, id string) (string, error) {
	b, err := unseal(stored, id)
	return string(b), err
}

// makeDataKey gives the laptop its data key at its first profile (or the
// first sign-in after an update brought sealing) and seals what it
// holds, in the transaction that stores the key's id.
func makeDataKey(ctx context.Context, tx *Tx) (*vault.Key, error) {
	k, err := vault.NewKey()
	if err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, `INSERT INTO meta (key, value) VALUES ('data_key', ?)`, k.ID()); err != nil {
		return nil, err
	}
	vault.Register(k)
	tx.db.mu.Lock()
	tx.db.key, tx.db.keyID = k, k.ID()
	tx.db.mu.Unlock()
	if err := sealAll(ctx, tx); err != nil {
		tx.db.dropKey(k)
		return nil, fmt.Errorf("seal the children's data: %w", err)
	}
	return k, nil
}

// wrapDataKey wraps the laptop's data key with a person's kek: the key
// open in this program or, at the laptop's first profile (or its first
// sign-in after an update brought sealing), one made now, which seals
// what the laptop holds in tx and is handed back in *made for settleKey.
// locked is the error when the data is sealed and its key not open.
func wrapDataKey(ctx context.Context, tx *Tx, kek []byte, locked error, made **vault.Key) ([]byte, error) {
	key, keyID := tx.db.dataKey()
	switch {
	case keyID == "":
		var err error
		if key, err = makeDataKey(ctx, tx); err != nil {
			return nil, err
		}
		*made = key
	case key == nil:
		return nil, locked
	}
	return vault.Wrap(key, kek)
}

// settleKey ends what wrapDataKey began once its transaction is over
// (err its outcome): a key made in a transaction rolled back is
// forgotten; one committed is opened, and the clear copies of the data
// go.
func (db *DB) settleKey(ctx context.Context, made *vault.Key, err error) error {
	switch {
	case made == nil:
		return err
	case err != nil:
		db.dropKey(made)
		return err
	}
	db.useKey(made)
	return db.forgetClearCopies(ctx)
}

// sealColumn seals, in table, the clear values of column of the rows
// where: key is the column the record id is in (its bound data).
func sealColumn(ctx context.Context, tx *Tx, table, rowid, key, column, entityCol, where string) error {
	entity := "'" + anyEntity + "'"
	if entityCol != "" {
		entity = entityCol
	}
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT %s, %s, %s, %s FROM %s WHERE typeof(%s) = 'text' AND %s`,
		rowid, entity, key, column, table, column, where))
	if err != nil {
		return err
	}
	type row struct {
		rowid       any
		entity, key string
		value       []byte
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.rowid, &r.entity, &r.key, &r.value); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	st, err := tx.stmt(ctx, fmt.Sprintf(`UPDATE %s SET %s = ? WHERE %s = ?`, table, column, rowid))
	if err != nil {
		return err
	}
	for _, r := range all {
		v, err := tx.seal(r.entity, r.key, r.value)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, v, r.rowid); err != nil {
			return err
		}
	}
	return nil
}

// sealedIn is the SQL list of the sealed entities.
func sealedIn() string {
	s := ""
	for e := range sealedEntities {
		if s != "" {
			s += ", "
		}
		s += "'" + e + "'"
	}
	return "(" + s + ")"
}

// sealAll seals every clear personal value the database holds.
func sealAll(ctx context.Context, tx *Tx) error {
	// Pages kept aside from a pull are fetched again rather than sealed.
	if err := dropStage(ctx, tx); err != nil {
		return err
	}
	in := sealedIn()
	// Documents are written again whole: sealed, with their files' hashes
	// and without a name for sort key.
	if err := rewriteDocs(ctx, tx, `typeof(data) = 'text' AND entity IN `+in, nil, func(map[string]json.RawMessage) {}); err != nil {
		return fmt.Errorf("docs: %w", err)
	}
	for _, c := range []struct{ table, rowid, key, column, entity, where string }{
		{"outbox", "seq", "entity_id", "fields", "entity", "entity IN " + in},
		{"history", "n", "record_id", "fields", "entity", "entity IN " + in},
		{"set_aside", "seq", "entity_id", "fields", "entity", "entity IN " + in},
		{"conflicts", "id", "record_id", "mine", "entity", "entity IN " + in},
		{"conflicts", "id", "record_id", "theirs", "entity", "entity IN " + in},
		{"held", "id", "id", "record", "entity", "entity IN " + in},
		{"drafts", "key", "key", "data", "", "1"},
		{"sync_state", "key", "key", "value", "", "key IN ('" + strings.Join(sealedStates, "', '") + "')"},
		{"file_queue", "hash", "hash", "name", "", "name <> ''"},
	} {
		if err := sealColumn(ctx, tx, c.table, c.rowid, c.key, c.column, c.entity, c.where); err != nil {
			return fmt.Errorf("%s.%s: %w", c.table, c.column, err)
		}
	}
	return nil
}

// forgetClearCopies removes what still holds the data in the clear once
// it is sealed: the copies taken before updates (backups/*.db) and the
// write-ahead log's old pages. The database's own freed pages are zeroed
// as they go (secure_delete).
func (db *DB) forgetClearCopies(ctx context.Context) error {
	// The log keeps old page images until it is cut: cut it, waiting for
	// a reader (a list being read) to let go.
	for try := 0; ; try++ {
		var busy, frames, done int
		err := db.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &done)
		if err != nil {
			return fmt.Errorf("checkpoint after sealing: %w", mapErr(err))
		}
		if busy == 0 || try == 50 {
			if busy != 0 {
				log.Printf("sqlite: the write-ahead log could not be cut after sealing; it is when the app closes")
			}
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	old, _ := filepath.Glob(filepath.Join(db.Dir, "backups", "*.db"))
	for _, p := range old {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return alliance.OSError(err, p)
		}
	}
	return nil
}

// loadKeyID reads whether the data is sealed, at open.
func (db *DB) loadKeyID(ctx context.Context) error {
	var id string
	err := db.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'data_key'`).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	db.keyID = id
	return nil
}

// rewriteDocs changes the documents chosen by where (SQL on docs) through
// fn and writes them again, sealed or not as the laptop keeps them: what
// json_set would do, which cannot read a sealed document.
func rewriteDocs(ctx context.Context, tx *Tx, where string, args []any, fn func(fields map[string]json.RawMessage)) error {
	rows, err := tx.QueryContext(ctx, `SELECT n, entity, id FROM docs WHERE `+where, args...)
	if err != nil {
		return err
	}
	type ref struct {
		n          int64
		entity, id string
	}
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.n, &r.entity, &r.id); err != nil {
			rows.Close()
			return err
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range refs {
		d, err := loadDoc(ctx, tx, r.entity, r.id)
		if err != nil {
			return err
		}
		fn(d.fields)
		if err := writeDoc(ctx, tx, r.entity, r.id, d.n, d.fields, d.stamps); err != nil {
			return err
		}
	}
	return nil
}

// setOutboxOrg gives the changes waiting without an organisation (made
// before enrolment) the one the laptop enrolled in, in their fields too
// when they name one.
func setOutboxOrg(ctx context.Context, tx *Tx, org string) error {
	orgJSON, _ := json.Marshal(org)
	rows, err := tx.QueryContext(ctx, `SELECT seq, entity, entity_id, fields FROM outbox WHERE org_id = '' AND entity <> ?`,
		syncproto.EntityOrganisation)
	if err != nil {
		return err
	}
	type change struct {
		seq        int64
		entity, id string
		fields     map[string]json.RawMessage
	}
	var all []change
	for rows.Next() {
		var c change
		var b []byte
		if err := rows.Scan(&c.seq, &c.entity, &c.id, &b); err != nil {
			rows.Close()
			return err
		}
		if b, err = unseal(b, c.id); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal(b, &c.fields); err != nil {
			rows.Close()
			return err
		}
		all = append(all, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range all {
		if _, ok := c.fields[alliance.FieldOrg]; !ok {
			if _, err := tx.exec(ctx, `UPDATE outbox SET org_id = ? WHERE seq = ?`, org, c.seq); err != nil {
				return err
			}
			continue
		}
		c.fields[alliance.FieldOrg] = orgJSON
		b, err := json.Marshal(c.fields)
		if err != nil {
			return err
		}
		v, err := tx.seal(c.entity, c.id, b)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE outbox SET org_id = ?, fields = ? WHERE seq = ?`, org, v, c.seq); err != nil {
			return err
		}
	}
	return nil
}
