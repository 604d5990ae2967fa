package syncserver

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// MaxSkew is how far ahead of the server's clock a stamp may be before it
// is clamped to the server's time.
const MaxSkew = 2 * time.Minute

// ForbiddenError refuses a push that writes outside the device's
// organisation; nothing of the push is applied.
type ForbiddenError struct {
	Seqs []int64
}

func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("changes %v write outside this laptop's organisation", e.Seqs)
}

// Push applies a batch of a device's changes in one transaction together
// with the device's high-water mark, so that a batch sent twice, cut in
// the middle or whose answer was lost takes effect exactly once. A change
// that breaks a rule is set aside with its reason and acknowledged.
func (s *Store) Push(ctx context.Context, dev *Device, changes []syncproto.Change) (*syncproto.PushResponse, error) {
	for i := 1; i < len(changes); i++ {
		if changes[i].Seq <= changes[i-1].Seq {
			return nil, alliance.Errorf(alliance.EPROTOCOL, "changes must come in increasing seq order")
		}
	}
	resp := &syncproto.PushResponse{}
	err := s.update(ctx, func(tx *Tx) error {
		resp.SetAside = nil
		var hwm int64
		if err := tx.QueryRowContext(ctx, `SELECT push_hwm FROM devices WHERE id = ?`, dev.ID).Scan(&hwm); err != nil {
			return err
		}
		q, err := loadSeqs(ctx, tx)
		if err != nil {
			return err
		}
		var forbidden []int64
		today := alliance.DateOf(s.Now())
		for _, c := range changes {
			if c.Seq <= hwm {
				continue // took effect in an earlier push
			}
			prev, err := loadRecord(ctx, tx, c.Entity, c.ID)
			if err != nil {
				return err
			}
			scope := c.Org
			if syncproto.Shared(c.Entity) {
				scope = ""
			}
			if !dev.Secretariat && (syncproto.Shared(c.Entity) || c.Org != dev.OrgID || (prev != nil && prev.scope != dev.OrgID)) {
				forbidden = append(forbidden, c.Seq)
				continue
			}
			if len(forbidden) > 0 {
				continue // the push is refused; look for the other refused changes only
			}
			hwm = c.Seq
			reason, err := s.applyChange(ctx, tx, q, dev, c, prev, scope, today)
			if err != nil {
				return err
			}
			if reason != nil {
				if err := s.setAside(ctx, tx, dev, c, reason); err != nil {
					return err
				}
				resp.SetAside = append(resp.SetAside, syncproto.SetAside{Seq: c.Seq, Entity: c.Entity, ID: c.ID,
					Code: alliance.ErrorCode(reason), Message: alliance.ErrorMessage(reason)})
			}
		}
		if len(forbidden) > 0 {
			return &ForbiddenError{Seqs: forbidden}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE devices SET push_hwm = ?, last_seen = ? WHERE id = ?`, hwm, s.now(), dev.ID); err != nil {
			return err
		}
		resp.AckedUpTo = hwm
		return q.save(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	resp.ServerHLC = s.Clock.Now().String()
	return resp, nil
}

// applyChange merges one change. It returns the rule the change breaks
// (it is then set aside, nothing applied) as reason, or a failure of the
// store as err.
func (s *Store) applyChange(ctx context.Context, tx *Tx, q *seqs, dev *Device, c syncproto.Change,
	prev *stored, scope string, today alliance.Date) (reason, err error) {
	if !alliance.ValidID(c.ID) || len(c.Fields) == 0 {
		return alliance.Errorf(alliance.EINVALID, "a change needs a record id and fields"), nil
	}
	h, clamped, err := s.stamp(c.HLC)
	if err != nil {
		return alliance.Errorf(alliance.EINVALID, "%v", err), nil
	}
	var st syncproto.State
	if prev != nil {
		st = prev.state
	}
	changed, lost := syncproto.Merge(&st, c, h)
	if err := validateRecord(c.Entity, c.ID, scope, st.Fields, today); err != nil {
		if alliance.ErrorCode(err) == alliance.EINVALID {
			return err, nil
		}
		return alliance.Errorf(alliance.EINVALID, "%v", err), nil
	}
	if len(changed) > 0 {
		o := origin{writer: dev.ID, exact: !clamped && !incomingLost(lost)}
		if prev != nil {
			o.baseSeq = prev.seq
			if prev.writer == dev.ID && prev.exact {
				o.baseSeq = prev.baseSeq // a run of this device's own changes
			}
		}
		if err := s.putRecord(ctx, tx, c.Entity, c.ID, scope, &st, q.next(), o); err != nil {
			return nil, err
		}
	}
	for _, l := range lost {
		loser := dev.ID
		if !l.IncomingLost {
			if hh, err := syncproto.ParseHLC(l.LoserHLC); err == nil {
				loser = deviceByNode(ctx, tx, hh.Node)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO conflicts (entity, record_id, field, loser_device, loser_value,
			loser_hlc, winner_value, winner_hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Entity, c.ID, l.Field, loser, string(l.Loser), l.LoserHLC, string(l.Winner), l.WinnerHLC, s.now()); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// stamp checks a change's stamp: one from the future (a laptop clock set
// ahead) is clamped to the server's time, keeping its node; the server's
// clock moves past every stamp it accepts.
func (s *Store) stamp(hlc string) (string, bool, error) {
	h, err := syncproto.ParseHLC(hlc)
	if err != nil || h.IsZero() {
		return "", false, fmt.Errorf("invalid stamp %q", hlc)
	}
	clamped := false
	if limit := s.Now().Add(MaxSkew).UnixMilli(); h.Wall > limit {
		now := s.Clock.Now()
		h, clamped = syncproto.HLC{Wall: now.Wall, Logical: now.Logical, Node: h.Node}, true
	}
	s.Clock.Observe(h)
	return h.String(), clamped, nil
}

func incomingLost(lost []syncproto.Lost) bool {
	for _, l := range lost {
		if l.IncomingLost {
			return true
		}
	}
	return false
}

func (s *Store) setAside(ctx context.Context, tx *Tx, dev *Device, c syncproto.Change, reason error) error {
	b, _ := json.Marshal(c)
	_, err := tx.ExecContext(ctx, `INSERT INTO set_aside (device_id, seq, entity, record_id, code, message, change, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, dev.ID, c.Seq, c.Entity, c.ID, alliance.ErrorCode(reason),
		alliance.ErrorMessage(reason), string(b), s.now())
	return err
}
