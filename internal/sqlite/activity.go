package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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

const insertActivitySQL = `INSERT INTO activities (id, org_id, kind, title, title_key, start_date, end_date,
	region_id, settlement, areas, area_bits, audiences, girls, boys, women, men, disabled, partners, description,
	results, follow_up, recorded_by, stamps, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING n`

const activityColumns = `n, id, org_id, kind, title, start_date, end_date, region_id, settlement,
	areas, audiences, girls, boys, women, men, disabled, partners, description, results,
	follow_up, recorded_by, deleted, created_at, updated_at`

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
	fs := activityFields(a)
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
	return tx.change(ctx, syncproto.EntityActivity, a.ID, a.OrgID, syncproto.OpCreate, h, fs, nil, nil)
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
	if _, err := tx.exec(ctx, `UPDATE activities SET org_id = ?, kind = ?, title = ?, title_key = ?,
		start_date = ?, end_date = ?, region_id = ?, settlement = ?, areas = ?, area_bits = ?, audiences = ?, girls = ?,
		boys = ?, women = ?, men = ?, disabled = ?, partners = ?, description = ?, results = ?,
		follow_up = ?, recorded_by = ?, deleted = ?, stamps = ?, updated_at = ? WHERE n = ?`, args...); err != nil {
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

func scanActivity(row interface{ Scan(...any) error }) (*alliance.Activity, int64, error) {
	var (
		a                       alliance.Activity
		n                       int64
		start, end, areas, auds string
		created, updated        string
	)
	err := row.Scan(&n, &a.ID, &a.OrgID, &a.Kind, &a.Title, &start, &end, &a.RegionID, &a.Settlement,
		&areas, &auds, &a.Reached.Girls, &a.Reached.Boys, &a.Reached.Women, &a.Reached.Men, &a.Reached.Disabled,
		&a.Partners, &a.Description, &a.Results, &a.FollowUp, &a.RecordedBy, &a.Deleted, &created, &updated)
	if err != nil {
		return nil, 0, err
	}
	a.Start, _ = alliance.ParseISODate(start)
	a.End, _ = alliance.ParseISODate(end)
	if err := json.Unmarshal([]byte(areas), &a.Areas); err != nil {
		return nil, 0, err
	}
	if err := json.Unmarshal([]byte(auds), &a.Audiences); err != nil {
		return nil, 0, err
	}
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return &a, n, nil
}

// activityFields lists the synced fields of a (all but deleted).
func activityFields(a *alliance.Activity) []field {
	return []field{
		{alliance.FieldOrg, a.OrgID},
		{alliance.FieldKind, string(a.Kind)},
		{alliance.FieldTitle, a.Title},
		{alliance.FieldStart, a.Start.String()},
		{alliance.FieldEnd, a.End.String()},
		{alliance.FieldRegion, a.RegionID},
		{alliance.FieldSettlement, a.Settlement},
		{alliance.FieldAreas, nonNil(a.Areas)},
		{alliance.FieldAudiences, nonNil(a.Audiences)},
		{alliance.FieldGirls, a.Reached.Girls},
		{alliance.FieldBoys, a.Reached.Boys},
		{alliance.FieldWomen, a.Reached.Women},
		{alliance.FieldMen, a.Reached.Men},
		{alliance.FieldDisabled, a.Reached.Disabled},
		{alliance.FieldPartners, a.Partners},
		{alliance.FieldDescription, a.Description},
		{alliance.FieldResults, a.Results},
		{alliance.FieldFollowUp, a.FollowUp},
		{alliance.FieldRecordedBy, a.RecordedBy},
	}
}

// activityArgs are the column values from org_id to recorded_by, in the
// order of the INSERT and UPDATE statements (title_key after title,
// area_bits after areas).
func activityArgs(a *alliance.Activity) []any {
	fs := activityFields(a)
	args := make([]any, 0, len(fs)+2)
	for _, f := range fs {
		args = append(args, sqlValue(f.value))
		switch f.name {
		case alliance.FieldTitle:
			args = append(args, titleKey(a.Title))
		case alliance.FieldAreas:
			args = append(args, areaBits(a.Areas))
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

// normalizeActivity trims text and puts areas and audiences in their
// canonical order, so that equal records compare equal.
func normalizeActivity(a *alliance.Activity) {
	for _, p := range []*string{&a.Title, &a.Settlement, &a.Partners, &a.Description, &a.Results, &a.FollowUp, &a.RecordedBy} {
		*p = strings.TrimSpace(*p)
	}
	a.Areas = canonical(alliance.Areas, a.Areas)
	a.Audiences = canonical(alliance.Audiences, a.Audiences)
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
