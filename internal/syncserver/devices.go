package syncserver

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// DefaultInviteTTL is how long an enrolment code stays valid.
const DefaultInviteTTL = 72 * time.Hour

// Device is an enrolled laptop.
type Device struct {
	ID          string
	OrgID       string
	Name        string
	Node        string // its HLC node name
	PushHWM     int64
	Secretariat bool
	EnrolledAt  time.Time
	RevokedAt   time.Time
	LastSeen    time.Time
	AppVersion  string // the version of the app it said it runs at its last pull
	Platform    string
	Erase       bool      // revoked as lost: told to erase children's data
	EraseToldAt time.Time // when it was last told
	LastBundle  time.Time // when it last synced by file (a bundle imported)
}

// DefaultOverdueDays is how long a laptop may go without syncing, by any
// path, before the secretariat is shown it.
const DefaultOverdueDays = 14

// DeviceList is the active laptops and their last sync, for a laptop of
// the secretariat (EFORBIDDEN for any other).
func (s *Store) DeviceList(ctx context.Context, dev *Device) (*syncproto.DevicesResponse, error) {
	if !dev.Secretariat {
		return nil, alliance.Errorf(alliance.EFORBIDDEN, "only the secretariat's laptops see the laptops")
	}
	devs, err := s.Devices(ctx)
	if err != nil {
		return nil, err
	}
	resp := &syncproto.DevicesResponse{OverdueDays: s.OverdueDays, Devices: []syncproto.DeviceInfo{}}
	for _, d := range devs {
		if !d.RevokedAt.IsZero() {
			continue
		}
		resp.Devices = append(resp.Devices, syncproto.DeviceInfo{ID: d.ID, Name: d.Name, OrgID: d.OrgID, Enrolled: d.EnrolledAt,
			LastSync: d.LastSync(), ByFile: d.LastBundle, Overdue: d.Overdue(s.Now(), s.OverdueDays)})
	}
	return resp, nil
}

// remindDays is OverdueDays as laptops are told it (-1: never remind).
func (s *Store) remindDays() int {
	if s.OverdueDays <= 0 {
		return -1
	}
	return s.OverdueDays
}

// LastSync is when the laptop last synced by any path (online or by file).
func (d *Device) LastSync() time.Time {
	if d.LastBundle.After(d.LastSeen) {
		return d.LastBundle
	}
	return d.LastSeen
}

// Overdue reports whether an active laptop has not synced for days
// (counted from its enrolment when it never did).
func (d *Device) Overdue(now time.Time, days int) bool {
	last := d.LastSync()
	if last.IsZero() {
		last = d.EnrolledAt
	}
	return d.RevokedAt.IsZero() && days > 0 && now.Sub(last) > time.Duration(days)*24*time.Hour
}

// codeAlphabet is Crockford's base32: no I, L, O or U to misread.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Invite makes a one-time enrolment code for a laptop of organisation
// orgID, valid for ttl. Only its hash is stored.
func (s *Store) Invite(ctx context.Context, orgID string, ttl time.Duration) (code string, expires time.Time, err error) {
	if ttl <= 0 {
		ttl = DefaultInviteTTL
	}
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, err
	}
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(x)%len(codeAlphabet)])
	}
	code = sb.String()
	expires = s.Now().Add(ttl).UTC()
	err = s.update(ctx, func(tx *Tx) error {
		if _, err := organisation(ctx, tx, orgID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO invites (code_hash, org_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashCode(code), orgID, s.now(), expires.Format(time.RFC3339Nano))
		return err
	})
	return code, expires, err
}

// normalizeCode reads a code as people type it: any case, with or without
// dashes and spaces, O for 0 and I or L for 1.
func normalizeCode(code string) string {
	code = strings.ToUpper(code)
	code = strings.NewReplacer("-", "", " ", "", "O", "0", "I", "1", "L", "1").Replace(code)
	return code
}

func hashCode(code string) string { return hashHex("code:" + normalizeCode(code)) }

func hashToken(token string) string { return hashHex("token:" + token) }

func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Enroll spends a one-time code: a new device, with an identity the
// server mints and a new token, joins the code's organisation. Nothing a
// laptop sends names an existing device: enrolling again (after a
// revocation, or a laptop restored from a copy) makes another device. The
// laptop keeps its clock node unless an active device has it (a copied
// laptop), then it gets a new one. Its sequence starts at NextSeq.
func (s *Store) Enroll(ctx context.Context, req syncproto.EnrollRequest) (*syncproto.EnrollResponse, error) {
	if normalizeCode(req.Code) == "" {
		return nil, alliance.Errorf(alliance.EINVALID, "code is empty")
	}
	if req.NextSeq < 0 || req.NextSeq > syncproto.MaxSeq/2 {
		return nil, alliance.Errorf(alliance.EINVALID, "next_seq %d is outside 0–%d", req.NextSeq, int64(syncproto.MaxSeq/2))
	}
	name := strings.TrimSpace(req.Name)
	if len(name) > 200 {
		name = name[:200]
	}
	tokenBytes := make([]byte, 32)
	if _, err := rand.Read(tokenBytes); err != nil {
		return nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(tokenBytes)
	resp := &syncproto.EnrollResponse{DeviceID: alliance.NewID(), Token: token, Epoch: s.epoch, RecoveryKey: s.RecoveryKey(), Columns: true,
		ServerKey: s.BundleKey()}
	err := s.update(ctx, func(tx *Tx) error {
		var orgID, expires string
		var used sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT org_id, expires_at, used_at FROM invites WHERE code_hash = ?`,
			hashCode(req.Code)).Scan(&orgID, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return alliance.Errorf(alliance.EUNAUTHORIZED, "unknown enrolment code")
		} else if err != nil {
			return err
		}
		exp, _ := time.Parse(time.RFC3339Nano, expires)
		if used.Valid || s.Now().After(exp) {
			return alliance.Errorf(alliance.EEXPIRED, "this enrolment code was used or has expired; ask the secretariat for a new one")
		}
		org, err := organisation(ctx, tx, orgID)
		if err != nil {
			return err
		}
		node, err := freeNode(ctx, tx, strings.ToLower(req.Node), resp.DeviceID)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE invites SET used_at = ?, device_id = ? WHERE code_hash = ?`,
			now, resp.DeviceID, hashCode(req.Code)); err != nil {
			return err
		}
		hwm := max(req.NextSeq-1, 0)
		if _, err := tx.ExecContext(ctx, `INSERT INTO devices (id, org_id, name, node, token_hash, enrolled_at, push_hwm, digests_from)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, resp.DeviceID, orgID, name, node, hashToken(token), now, hwm, hwm+1); err != nil {
			return err
		}
		resp.Node, resp.OrgID, resp.OrgName, resp.Secretariat = node, org.ID, org.Name, org.Secretariat
		return nil
	})
	if err != nil {
		return nil, err
	}
	resp.ServerHLC = s.Clock.Now().String()
	return resp, nil
}

// freeNode returns the clock node a new device gets: the one its laptop
// asks for when it is well-formed and no active device has it, else one
// made from its new id.
func freeNode(ctx context.Context, tx *Tx, want, deviceID string) (string, error) {
	for _, n := range []string{want, NodeOf(deviceID)} {
		if !validNode(n) {
			continue
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM devices WHERE node = ? AND revoked_at IS NULL`, n).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return n, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", alliance.Errorf(alliance.ECONFLICT, "no free clock node; try again")
}

// validNode reports whether n is a clock node: 8 lowercase hex digits.
func validNode(n string) bool { return alliance.LowerHex(n, 8) }

// NodeOf returns the HLC node name of a device: the last 8 hex digits of
// its id, as the laptop's store makes them.
func NodeOf(deviceID string) string {
	x := strings.ReplaceAll(deviceID, "-", "")
	if len(x) < 8 {
		return x
	}
	return x[len(x)-8:]
}

// Authenticate returns the device whose token this is.
func (s *Store) Authenticate(ctx context.Context, token string) (*Device, error) {
	if token == "" {
		return nil, alliance.Errorf(alliance.EUNAUTHORIZED, "no device token")
	}
	var d *Device
	err := s.view(ctx, func(tx *sql.Tx) (err error) {
		d, err = scanDevice(tx.QueryRowContext(ctx, deviceQuery+` WHERE d.token_hash = ?`, hashToken(token)))
		if errors.Is(err, sql.ErrNoRows) {
			return alliance.Errorf(alliance.EUNAUTHORIZED, "unknown device token")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !d.RevokedAt.IsZero() {
		if d.Erase {
			// Noted, for `device list`: when the lost laptop was last told.
			if err := s.update(ctx, func(tx *Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE devices SET erase_told_at = ? WHERE id = ?`, s.now(), d.ID)
				return err
			}); err != nil {
				return nil, err
			}
		}
		return nil, &RevokedError{Erase: d.Erase}
	}
	return d, nil
}

const deviceQuery = `SELECT d.id, d.org_id, d.name, d.node, d.push_hwm, d.enrolled_at, COALESCE(d.revoked_at, ''),
	COALESCE(d.last_seen, ''), COALESCE(json_extract(r.fields, '$.secretariat'), 0), d.app_version, d.platform, d.erase, COALESCE(d.erase_told_at, ''), COALESCE(d.last_bundle_at, '')
	FROM devices d LEFT JOIN records r ON r.entity = 'organisation' AND r.id = d.org_id`

func scanDevice(row interface{ Scan(...any) error }) (*Device, error) {
	var d Device
	var enrolled, revoked, seen, told, bundled string
	if err := row.Scan(&d.ID, &d.OrgID, &d.Name, &d.Node, &d.PushHWM, &enrolled, &revoked, &seen, &d.Secretariat, &d.AppVersion, &d.Platform,
		&d.Erase, &told, &bundled); err != nil {
		return nil, err
	}
	d.LastBundle, _ = time.Parse(time.RFC3339Nano, bundled)
	d.EnrolledAt, _ = time.Parse(time.RFC3339Nano, enrolled)
	d.RevokedAt, _ = time.Parse(time.RFC3339Nano, revoked)
	d.EraseToldAt, _ = time.Parse(time.RFC3339Nano, told)
	d.LastSeen, _ = time.Parse(time.RFC3339Nano, seen)
	return &d, nil
}

// Devices lists the enrolled laptops.
func (s *Store) Devices(ctx context.Context) ([]Device, error) {
	var out []Device
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, deviceQuery+` ORDER BY d.enrolled_at`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDevice(rows)
			if err != nil {
				return err
			}
			out = append(out, *d)
		}
		return rows.Err()
	})
	return out, err
}

// Revoke disconnects a device: its token is refused from now on.
func (s *Store) Revoke(ctx context.Context, id string) error {
	return s.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return alliance.Errorf(alliance.ENOTFOUND, "no enrolled device %s", id)
		}
		return nil
	})
}

// RevokeLost disconnects a lost or stolen laptop (revoked already or not)
// and tells it, at its next contact, to erase the children's data it holds
// and sign everyone out.
func (s *Store) RevokeLost(ctx context.Context, id string) error {
	return s.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = COALESCE(revoked_at, ?), erase = 1 WHERE id = ?`, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return alliance.Errorf(alliance.ENOTFOUND, "no enrolled device %s", id)
		}
		return nil
	})
}

// RevokedError refuses a revoked laptop; Erase tells one revoked as lost
// to erase the children's data it holds.
type RevokedError struct {
	Erase bool
}

func (e *RevokedError) Error() string {
	if e.Erase {
		return "this laptop was disconnected by the secretariat as lost: it erases the children's data it holds"
	}
	return "this laptop was disconnected by the secretariat; ask it for a new enrolment code"
}

// Unwrap is the EREVOKED error it is.
func (e *RevokedError) Unwrap() error { return alliance.Errorf(alliance.EREVOKED, "%s", e.Error()) }

// SetAsideEntry is a change the server refused, as kept for the
// secretariat: which laptop sent it, what it was and why it was refused.
type SetAsideEntry struct {
	DeviceID string
	Seq      int64
	Entity   string
	RecordID string
	Code     string
	Message  string
	At       time.Time
}

// SetAside lists the refused changes, newest first (of one device when
// deviceID is set), at most limit of them.
func (s *Store) SetAside(ctx context.Context, deviceID string, limit int) ([]SetAsideEntry, error) {
	var out []SetAsideEntry
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT device_id, seq, entity, record_id, code, message, created_at FROM set_aside
			WHERE ? = '' OR device_id = ? ORDER BY id DESC LIMIT ?`, deviceID, deviceID, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e SetAsideEntry
			var at string
			if err := rows.Scan(&e.DeviceID, &e.Seq, &e.Entity, &e.RecordID, &e.Code, &e.Message, &at); err != nil {
				return err
			}
			e.At, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
