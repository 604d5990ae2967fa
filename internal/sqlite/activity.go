package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/places"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Ensure the service implements its interface.
var _ alliance.ActivityService = (*ActivityService)(nil)

// ActivityService keeps the activity log in the local store.
type ActivityService struct {
	db *DB
}

// NewActivityService returns the activity service of db.
func NewActivityService(db *DB) *ActivityService { return &ActivityService{db: db} }

// The activities table's SQL, made from alliance.ActivityFields: each
// field is the column of its name, and two columns derive from a field
// and follow it (the title's collation key, the areas as a bit set).
var (
	// insertActivitySQL inserts id, the fields' columns (activityArgs),
	// stamps, created_at and updated_at, and returns n.
	insertActivitySQL string
	// updateActivitySQL sets the fields' columns (activityArgs), deleted,
	// stamps and updated_at of row n.
	updateActivitySQL string
	// activityColumns are what scanActivity reads.
	activityColumns string
)

// derivedColumns are the columns that follow a field's, made from it.
var derivedColumns = map[string]struct {
	column string
	value  func(a *alliance.Activity) any
}{
	alliance.FieldTitle: {"title_key", func(a *alliance.Activity) any { return titleKey(a.Title) }},
	alliance.FieldAreas: {"area_bits", func(a *alliance.Activity) any { return areaBits(a.Areas) }},
	alliance.FieldCRC:   {"crc_bits", func(a *alliance.Activity) any { return articleBits(a.CRC) }},
}

func init() {
	var cols, names []string
	for _, f := range alliance.ActivityFields {
		cols = append(cols, f.Name)
		names = append(names, f.Name)
		if d, ok := derivedColumns[f.Name]; ok {
			cols = append(cols, d.column)
		}
	}
	insertActivitySQL = `INSERT INTO activities (id, ` + strings.Join(cols, ", ") + `, stamps, created_at, updated_at)
		VALUES (?` + strings.Repeat(", ?", len(cols)+3) + `) RETURNING n`
	updateActivitySQL = `UPDATE activities SET ` + strings.Join(cols, " = ?, ") + ` = ?, deleted = ?, stamps = ?, updated_at = ?
		WHERE n = ?`
	activityColumns = `n, id, ` + strings.Join(names, ", ") + `, deleted, created_at, updated_at`
}

// FindActivityByID returns the live activity with id, or ENOTFOUND.
func (s *ActivityService) FindActivityByID(ctx context.Context, id string) (*alliance.Activity, error) {
	var a *alliance.Activity
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		a, _, err = findActivity(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if a.Deleted {
		return nil, notFound(id)
	}
	return a, nil
}

// CreateActivity validates a, gives it an id when it has none and saves it
// with its stamps and outbox entry.
func (s *ActivityService) CreateActivity(ctx context.Context, a *alliance.Activity) error {
	return s.CreateActivities(ctx, []*alliance.Activity{a})
}

// CreateActivities saves all of as in one transaction, or none of them.
func (s *ActivityService) CreateActivities(ctx context.Context, as []*alliance.Activity) error {
	for _, a := range as {
		normalizeActivity(a)
		if err := a.Validate(); err != nil {
			return err
		}
		if a.ID == "" {
			a.ID = alliance.NewID()
		} else if !alliance.ValidID(a.ID) {
			return alliance.Errorf(alliance.EINVALID, "invalid activity id %q", a.ID)
		}
	}
	return s.db.update(ctx, func(tx *Tx) error {
		for _, a := range as {
			if err := createActivity(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

func createActivity(ctx context.Context, tx *Tx, a *alliance.Activity) error {
	if err := checkRegion(ctx, tx, a.RegionID); err != nil {
		return err
	}
	// The laptop's organisation (set at enrolment) owns what it records.
	if err := defaultOrg(ctx, tx, &a.OrgID); err != nil {
		return err
	}
	h := tx.db.Clock.Now()
	fs := withoutUnusedLater(activityFields(a))
	stamps := newStamps(h)
	a.CreatedAt, a.UpdatedAt, a.Deleted = tx.now, tx.now, false
	args := append([]any{a.ID}, activityArgs(a)...)
	args = append(args, stamps, tx.now.Format(timeFormat), tx.now.Format(timeFormat))
	var n int64
	st, err := tx.stmt(ctx, insertActivitySQL)
	if err != nil {
		return err
	}
	if err := st.QueryRowContext(ctx, args...).Scan(&n); err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return alliance.Errorf(alliance.ECONFLICT, "activity %s exists already", a.ID)
		}
		return err
	}
	if err := indexActivity(ctx, tx, n, a); err != nil {
		return err
	}
	if err := queueActivityFiles(ctx, tx, a); err != nil {
		return err
	}
	return tx.change(ctx, syncproto.EntityActivity, a.ID, a.OrgID, syncproto.OpCreate, h, fs, nil, nil)
}

// laterFields are the activity's fields added after the first laptops
// were in the field (issue 16): articles, files, campaigns, resources.
var laterFields = map[string]bool{alliance.FieldCRC: true, alliance.FieldAttachments: true,
	alliance.FieldCampaigns: true, alliance.FieldUses: true}

// withoutUnusedLater leaves out of a new activity's change the later
// fields it does not use (empty lists): a laptop of an earlier version
// takes such a record instead of keeping it aside as one from a newer
// version, and each push carries less. A missing field is an empty one
// everywhere; a later change that empties a list sends it.
func withoutUnusedLater(fs []field) []field {
	out := fs[:0:0]
	for _, f := range fs {
		if laterFields[f.name] && reflect.ValueOf(f.value).Len() == 0 {
			continue
		}
		out = append(out, f)
	}
	return out
}

// queueActivityFiles puts the files a names in the upload queue.
func queueActivityFiles(ctx context.Context, tx *Tx, a *alliance.Activity) error {
	if len(a.Attachments) == 0 {
		return nil
	}
	b, err := json.Marshal(a.Attachments)
	if err != nil {
		return err
	}
	return queueUploads(ctx, tx, syncproto.EntityActivity, map[string]json.RawMessage{alliance.FieldAttachments: b})
}

// UpdateActivity saves the fields of a that differ from the stored record;
// when nothing differs it writes nothing.
func (s *ActivityService) UpdateActivity(ctx context.Context, a *alliance.Activity) error {
	normalizeActivity(a)
	if err := a.Validate(); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx) error { return updateActivity(ctx, tx, a) })
}

// updateActivity is UpdateActivity inside tx, for a validated a.
func updateActivity(ctx context.Context, tx *Tx, a *alliance.Activity) error {
	prev, n, err := findActivity(ctx, tx, a.ID)
	if err != nil {
		return err
	} else if prev.Deleted {
		return notFound(a.ID)
	}
	next := activityFields(a)
	changed := changedFields(activityFields(prev), next)
	if len(changed) == 0 {
		*a = *prev
		return nil
	}
	changed = withGroups(syncproto.EntityActivity, changed, func(name string) (any, bool) {
		for _, f := range next {
			if f.name == name {
				return f.value, true
			}
		}
		return nil, false
	})
	if err := checkRegion(ctx, tx, a.RegionID); err != nil {
		return err
	}
	h := tx.db.Clock.Now()
	stamps, err := stampsOf(ctx, tx, n)
	if err != nil {
		return err
	}
	stamps, base, err := stampFields(stamps, changed, h)
	if err != nil {
		return err
	}
	if err := writeActivity(ctx, tx, n, prev, a, stamps); err != nil {
		return err
	}
	if err := queueActivityFiles(ctx, tx, a); err != nil {
		return err
	}
	a.CreatedAt, a.UpdatedAt = prev.CreatedAt, tx.now
	old, err := fieldsJSON(activityFields(prev))
	if err != nil {
		return err
	}
	return tx.change(ctx, syncproto.EntityActivity, a.ID, a.OrgID, syncproto.OpUpdate, h, changed, base, old)
}

// writeActivity stores a over the row n that held prev (a tombstone when
// a.Deleted), with its stamps, and updates the full-text index.
func writeActivity(ctx context.Context, tx *Tx, n int64, prev, a *alliance.Activity, stamps string) error {
	args := append(activityArgs(a), sqlValue(a.Deleted), stamps, tx.now.Format(timeFormat), n)
	if _, err := tx.exec(ctx, updateActivitySQL, args...); err != nil {
		return err
	}
	if !prev.Deleted {
		if err := unindexActivity(ctx, tx, n, prev); err != nil {
			return err
		}
	}
	if !a.Deleted {
		return indexActivity(ctx, tx, n, a)
	}
	return nil
}

// DeleteActivity leaves a tombstone: the row stays, hidden, so that the
// delete can travel and be undone.
func (s *ActivityService) DeleteActivity(ctx context.Context, id string) error {
	return s.setDeleted(ctx, id, true)
}

// RestoreActivity undoes DeleteActivity.
func (s *ActivityService) RestoreActivity(ctx context.Context, id string) error {
	return s.setDeleted(ctx, id, false)
}

func (s *ActivityService) setDeleted(ctx context.Context, id string, deleted bool) error {
	return s.db.update(ctx, func(tx *Tx) error { return setDeletedTx(ctx, tx, id, deleted) })
}

// setDeletedTx deletes (tombstones) or restores activity id inside tx.
func setDeletedTx(ctx context.Context, tx *Tx, id string, deleted bool) error {
	a, n, err := findActivity(ctx, tx, id)
	if err != nil {
		return err
	} else if a.Deleted == deleted {
		if deleted {
			return notFound(id)
		}
		return nil
	}
	h := tx.db.Clock.Now()
	fs := []field{{alliance.FieldDeleted, deleted}}
	stamps, err := stampsOf(ctx, tx, n)
	if err != nil {
		return err
	}
	stamps, base, err := stampFields(stamps, fs, h)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE activities SET deleted = ?, stamps = ?, updated_at = ? WHERE n = ?`,
		sqlValue(deleted), stamps, tx.now.Format(timeFormat), n); err != nil {
		return err
	}
	op := syncproto.OpRestore
	if deleted {
		op = syncproto.OpDelete
		err = unindexActivity(ctx, tx, n, a)
	} else {
		err = indexActivity(ctx, tx, n, a)
	}
	if err != nil {
		return err
	}
	return tx.change(ctx, syncproto.EntityActivity, id, a.OrgID, op, h, fs, base,
		map[string]json.RawMessage{syncproto.FieldDeleted: json.RawMessage(strconv.FormatBool(!deleted))})
}

// findActivity reads the activity with id, tombstones included.
func findActivity(ctx context.Context, q querier, id string) (*alliance.Activity, int64, error) {
	row := q.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = ?`, id)
	a, n, err := scanActivity(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, notFound(id)
	}
	return a, n, err
}

// scanBuf is what scanActivity reads a row through, kept for the next.
type scanBuf struct {
	dest  []any
	other []string
}

var scanBufs = sync.Pool{New: func() any {
	return &scanBuf{other: make([]string, len(alliance.ActivityFields))}
}}

// scanActivity reads a row of activityColumns: texts and counts straight
// into the activity, dates and codes through their plain values.
func scanActivity(row interface{ Scan(...any) error }) (*alliance.Activity, int64, error) {
	var (
		a                alliance.Activity
		n                int64
		created, updated string
	)
	fs := alliance.ActivityFields
	buf := scanBufs.Get().(*scanBuf)
	defer scanBufs.Put(buf)
	other := buf.other[:len(fs)] // dates, and codes as a JSON array
	dest := append(buf.dest[:0], &n, &a.ID)
	for i, f := range fs {
		if p := f.StringPtr(&a); p != nil {
			dest = append(dest, p)
		} else if p := f.IntPtr(&a); p != nil {
			dest = append(dest, p)
		} else {
			dest = append(dest, &other[i])
		}
	}
	dest = append(dest, &a.Deleted, &created, &updated)
	buf.dest = dest
	if err := row.Scan(dest...); err != nil {
		return nil, 0, err
	}
	for i, f := range fs {
		switch f.Type {
		case alliance.TypeDate:
			_ = f.SetValue(&a, other[i]) // a date the store cannot read stays empty
		case alliance.TypeCodes:
			s := []string{}
			if other[i] != "[]" { // most lists are empty: no decoding for them
				if err := json.Unmarshal([]byte(other[i]), &s); err != nil {
					return nil, 0, fmt.Errorf("activity %s, %s: %w", a.ID, f.Name, err)
				}
			}
			if err := f.SetValue(&a, s); err != nil {
				return nil, 0, fmt.Errorf("activity %s: %w", a.ID, err)
			}
		case alliance.TypeFiles:
			if other[i] == "[]" {
				continue
			}
			var as []alliance.Attachment
			if err := json.Unmarshal([]byte(other[i]), &as); err != nil {
				return nil, 0, fmt.Errorf("activity %s, %s: %w", a.ID, f.Name, err)
			}
			if len(as) > 0 {
				a.Attachments = as
			}
		case alliance.TypeUses:
			if other[i] == "[]" {
				continue
			}
			var us []alliance.ResourceUse
			if err := json.Unmarshal([]byte(other[i]), &us); err != nil {
				return nil, 0, fmt.Errorf("activity %s, %s: %w", a.ID, f.Name, err)
			}
			if len(us) > 0 {
				a.Resources = us
			}
		}
	}
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return &a, n, nil
}

// activityFields lists the synced fields of a (all but deleted), with
// their plain values.
func activityFields(a *alliance.Activity) []field {
	fs := make([]field, len(alliance.ActivityFields))
	for i, f := range alliance.ActivityFields {
		fs[i] = field{f.Name, f.Value(a)}
	}
	return fs
}

// activityArgs are the values of the fields' columns, in the order of
// insertActivitySQL and updateActivitySQL (with the derived columns).
func activityArgs(a *alliance.Activity) []any {
	args := make([]any, 0, len(alliance.ActivityFields)+len(derivedColumns))
	for _, f := range alliance.ActivityFields {
		args = append(args, sqlValue(f.Value(a)))
		if d, ok := derivedColumns[f.Name]; ok {
			args = append(args, d.value(a))
		}
	}
	return args
}

// areaBits is the bit set of areas: bit i stands for alliance.Areas[i].
func areaBits(areas []alliance.Area) int64 {
	var bits int64
	for _, x := range areas {
		for i, y := range alliance.Areas {
			if x == y {
				bits |= 1 << i
			}
		}
	}
	return bits
}

// articleBits is the bit set of the Convention's articles: bit i stands
// for reportArticles[i] (an article this version does not know, none).
func articleBits(arts []alliance.Article) int64 {
	var bits int64
	for _, x := range arts {
		if i := slices.Index(reportArticles, x); i >= 0 {
			bits |= 1 << i
		}
	}
	return bits
}

// ftsRowid is the full-text rowid of activity n starting on start: the
// day in the high bits, so the index runs in date order.
func ftsRowid(start alliance.Date, n int64) int64 {
	days := max(start.Time().Unix()/86400, 0)
	return days<<32 | n
}

// ftsN returns the activity key n of a full-text rowid.
func ftsN(rowid int64) int64 { return rowid & 0xffffffff }

// indexActivity adds the folded text of activity n (a) to the index at
// the end of the transaction.
func indexActivity(_ context.Context, tx *Tx, n int64, a *alliance.Activity) error {
	tx.ftsAdd = append(tx.ftsAdd, ftsDoc{ftsRowid(a.Start, n), searchBody(a)})
	return nil
}

// searchBody is what the index holds of a: its texts folded, its region's
// names in three languages and every spelling of the places its
// settlement names (Şəki: Шеки, Shaki, Sheki), so that a search finds it
// by the name the user knows.
func searchBody(a *alliance.Activity) string {
	x := placeIndex()
	body := Fold(strings.Join([]string{a.Title, a.Settlement, a.Partners, a.Description, a.Results, a.FollowUp, a.RecordedBy}, "\n"))
	var b strings.Builder
	b.WriteString(body)
	for _, names := range [][]string{x.RegionNames(a.RegionID), x.Spellings(a.Settlement)} {
		for _, n := range names {
			b.WriteByte(' ')
			b.WriteString(n)
		}
	}
	return b.String()
}

// placeIndex finds places by their folded names.
var placeIndex = sync.OnceValue(func() *places.Index { return places.NewIndex(Fold) })

// unindexActivity removes activity n, as stored (a), from the index at the
// end of the transaction.
func unindexActivity(_ context.Context, tx *Tx, n int64, a *alliance.Activity) error {
	tx.ftsDel = append(tx.ftsDel, ftsRowid(a.Start, n))
	return nil
}

// normalizeActivity trims text and puts areas, audiences and articles in their
// canonical order, so that equal records compare equal.
func normalizeActivity(a *alliance.Activity) {
	for _, p := range []*string{&a.Title, &a.Settlement, &a.Partners, &a.Description, &a.Results, &a.FollowUp, &a.RecordedBy} {
		*p = strings.TrimSpace(*p)
	}
	a.Areas = canonical(alliance.Areas, a.Areas)
	a.Audiences = canonical(alliance.Audiences, a.Audiences)
	a.CRC = canonical(alliance.Articles, a.CRC)
}

// canonical returns the members of chosen in the order of all, then any
// unknown values (which Validate reports) in the order given.
func canonical[T comparable](all, chosen []T) []T {
	out := make([]T, 0, len(chosen))
	for _, x := range all {
		for _, y := range chosen {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	for _, y := range chosen {
		known := false
		for _, x := range all {
			known = known || x == y
		}
		if !known {
			out = append(out, y)
		}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func checkRegion(ctx context.Context, tx *Tx, id string) error {
	var one int
	st, err := tx.stmt(ctx, `SELECT 1 FROM regions WHERE id = ?`)
	if err != nil {
		return err
	}
	err = st.QueryRowContext(ctx, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return &alliance.Error{Code: alliance.EINVALID, Key: "error.form_invalid",
			Message: "unknown region " + id,
			Fields:  []alliance.FieldError{{Field: alliance.FieldRegion, Key: "validation.unknown_value", Args: alliance.Args{"Value": id}}}}
	}
	return err
}

func stampsOf(ctx context.Context, tx *Tx, n int64) (string, error) {
	var s string
	err := tx.QueryRowContext(ctx, `SELECT stamps FROM activities WHERE n = ?`, n).Scan(&s)
	return s, err
}

func notFound(id string) error {
	return alliance.Keyed(alliance.ENOTFOUND, "error.not_found", nil, "record %s not found", id)
}

// querier is what *sql.Tx and *Tx share for reading.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}
