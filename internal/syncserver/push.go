package syncserver

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// MaxSkew is how far ahead of the server's clock a stamp may be before it
// is clamped to the server's time.
const MaxSkew = 2 * time.Minute

// keepDigests is how many of each device's latest changes keep their
// digest: a change sent again is compared with what was applied. A resend
// older than that cannot be checked and is refused as a copied laptop's.
const keepDigests = 20000

// SeqGapError refuses a push that does not continue the device's
// sequence: Expected is the seq the server waits for.
type SeqGapError struct {
	Expected, Got int64
}

func (e *SeqGapError) Error() string {
	return fmt.Sprintf("this laptop's changes must continue at %d, not %d", e.Expected, e.Got)
}

// Push applies a batch of a device's changes in one transaction together
// with the device's high-water mark, so that a batch sent twice, cut in
// the middle or whose answer was lost takes effect exactly once. The
// changes must continue the device's sequence (a gap is refused, never
// acknowledged); one sent again must be the very change applied (else the
// laptop is a copy: ECLONED). A change that breaks a rule is set aside
// with its reason and acknowledged: it never blocks the queue.
func (s *Store) Push(ctx context.Context, dev *Device, req syncproto.PushRequest) (*syncproto.PushResponse, error) {
	changes := req.Changes
	if len(changes) > syncproto.MaxPushChanges {
		return nil, alliance.Errorf(alliance.ETOOLARGE, "at most %d changes per push", syncproto.MaxPushChanges)
	}
	for i, c := range changes {
		if c.Seq < 1 || c.Seq > syncproto.MaxSeq {
			return nil, alliance.Errorf(alliance.EPROTOCOL, "seq %d is outside 1–%d", c.Seq, int64(syncproto.MaxSeq))
		}
		if i > 0 && c.Seq != changes[i-1].Seq+1 {
			return nil, alliance.Errorf(alliance.EPROTOCOL, "changes must come one after another in the laptop's sequence (%d after %d)",
				c.Seq, changes[i-1].Seq)
		}
	}
	if req.SkipTo < 0 || req.SkipTo > syncproto.MaxSeq || (len(changes) > 0 && req.SkipTo >= changes[0].Seq) {
		return nil, alliance.Errorf(alliance.EPROTOCOL, "skip_to %d must come before the first change", req.SkipTo)
	}
	resp := &syncproto.PushResponse{Epoch: s.epoch}
	err := s.update(ctx, func(tx *Tx) error {
		resp.SetAside = nil
		var hwm, digestsFrom int64
		if err := tx.QueryRowContext(ctx, `SELECT push_hwm, digests_from FROM devices WHERE id = ?`, dev.ID).Scan(&hwm, &digestsFrom); err != nil {
			return err
		}
		if req.SkipTo > hwm {
			if req.SkipTo-hwm > syncproto.MaxSkip {
				return alliance.Errorf(alliance.EPROTOCOL, "cannot skip %d changes", req.SkipTo-hwm)
			}
			msg := fmt.Sprintf("changes %d–%d were set aside on the laptop and will not come", hwm+1, req.SkipTo)
			if _, err := tx.ExecContext(ctx, `INSERT INTO set_aside (device_id, seq, entity, record_id, code, message, change, created_at)
				VALUES (?, ?, '', '', 'skipped', ?, '{}', ?)`, dev.ID, req.SkipTo, msg, s.now()); err != nil {
				return err
			}
			hwm = req.SkipTo
		}
		if len(changes) > 0 && changes[0].Seq > hwm+1 {
			return &SeqGapError{Expected: hwm + 1, Got: changes[0].Seq}
		}
		q, err := loadSeqs(ctx, tx)
		if err != nil {
			return err
		}
		today := alliance.DateOf(s.Now())
		for i := range changes {
			c := &changes[i]
			d := digest(c)
			if c.Seq <= hwm {
				if err := checkResent(ctx, tx, dev, c.Seq, d, digestsFrom); err != nil {
					return err
				}
				continue // took effect in an earlier push
			}
			prev, err := loadRecord(ctx, tx, c.Entity, c.ID)
			if err != nil {
				return err
			}
			reason, err := s.applyChange(ctx, tx, q, dev, c, prev, req.Cursor, today)
			if err != nil {
				return err
			}
			if reason != nil {
				if err := s.setAside(ctx, tx, q, dev, c, prev, reason); err != nil {
					return err
				}
				resp.SetAside = append(resp.SetAside, syncproto.SetAside{Seq: c.Seq, Entity: c.Entity, ID: c.ID,
					Code: alliance.ErrorCode(reason), Message: alliance.ErrorMessage(reason)})
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO device_seqs (device_id, seq, digest) VALUES (?, ?, ?)`, dev.ID, c.Seq, d); err != nil {
				return err
			}
			hwm = c.Seq
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM device_seqs WHERE device_id = ? AND seq <= ?`, dev.ID, hwm-keepDigests); err != nil {
			return err
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

// digest identifies a change's content (not its seq): a resend of the same
// outbox entry, encoded the same way, has the same digest. Every part is
// written with its length, the fields in name order.
func digest(c *syncproto.Change) int64 {
	h := xxhash.New()
	var n [8]byte
	part := func(s []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write(s)
	}
	for _, s := range []string{c.Entity, c.ID, c.Org, c.Op, c.HLC} {
		part([]byte(s))
	}
	for _, k := range sortedKeys(c.Fields) {
		part([]byte(k))
		part(c.Fields[k])
	}
	bases := make([]string, 0, len(c.Base))
	for k := range c.Base {
		bases = append(bases, k)
	}
	sort.Strings(bases)
	for _, k := range bases {
		part([]byte(k))
		part([]byte(c.Base[k]))
	}
	return int64(h.Sum64())
}

// checkResent accepts a change the device sent before only when it is the
// same change: another one under a used seq means two laptops share this
// device's identity (one was copied, or restored from a backup).
func checkResent(ctx context.Context, tx *Tx, dev *Device, seq, d, digestsFrom int64) error {
	var stored int64
	err := tx.QueryRowContext(ctx, `SELECT digest FROM device_seqs WHERE device_id = ? AND seq = ?`, dev.ID, seq).Scan(&stored)
	switch {
	case err == nil && stored == d:
		return nil
	case err != nil && seq < digestsFrom:
		return nil // pushed before digests were kept
	}
	return alliance.Keyed(alliance.ECLONED, "sync.error.cloned", nil,
		"change %d of this laptop was already received with other content: the laptop's data was copied or restored from a backup; connect it again with a new code (nothing unsent is lost)", seq)
}

// applyChange authorises and merges one change into prev, the record as
// the server holds it (nil: none). It returns the rule the change breaks
// (it is then set aside, nothing applied) as reason, or a failure of the
// store as err. cursor is how far the device has pulled.
func (s *Store) applyChange(ctx context.Context, tx *Tx, q *seqs, dev *Device, c *syncproto.Change, prev *stored,
	cursor int64, today alliance.Date) (reason, err error) {
	if !alliance.ValidID(c.ID) || len(c.Fields) == 0 {
		return alliance.Errorf(alliance.EINVALID, "a change needs a record id and fields"), nil
	}
	if err := checkSize(c.Fields); err != nil {
		return err, nil
	}
	if err := authorize(dev, c, prev); err != nil {
		return err, nil
	}
	scope := c.Org
	switch {
	case syncproto.Shared(c.Entity):
		scope = ""
	case prev != nil:
		scope = prev.scope
	}
	h, clamped, err := s.stamp(c.HLC)
	if err != nil {
		return alliance.Errorf(alliance.EINVALID, "%v", err), nil
	}
	var st syncproto.State
	if prev != nil {
		// A copy: a change set aside after the merge (invalid once
		// merged) leaves the stored record as it was.
		st = prev.state.Clone()
	}
	wasAnonymous := prev != nil && c.Entity == syncproto.EntityEntry && syncproto.EntryAnonymised(prev.state.Fields)
	var filesBefore []string
	var marks map[string]json.RawMessage // an anonymous entry stays so
	if prev != nil && c.Entity == syncproto.EntityEntry {
		filesBefore = syncproto.FileHashes(prev.state.Fields)
		if wasAnonymous {
			marks = map[string]json.RawMessage{}
			for _, name := range anonymousMarks {
				marks[name] = prev.state.Fields[name]
			}
		}
	}
	old := make(map[string]json.RawMessage, len(c.Fields)) // for the audit
	for f := range c.Fields {
		if v, ok := st.Fields[f]; ok {
			old[f] = v
		}
	}
	changed, lost := syncproto.Merge(&st, *c, h, dev.ID)
	if c.Entity == syncproto.EntityEntry {
		for _, name := range keepAnonymous(&st, h, marks) {
			if !slices.Contains(changed, name) {
				changed = append(changed, name)
			}
		}
	}
	if prev != nil {
		if err := checkSize(st.Fields); err != nil {
			return err, nil
		}
	}
	if err := validateRecord(c.Entity, c.ID, scope, st.Fields, today); err != nil {
		if code := alliance.ErrorCode(err); code == alliance.EINVALID || code == alliance.EFORBIDDEN {
			return err, nil
		}
		return alliance.Errorf(alliance.EINVALID, "%v", err), nil
	}
	if c.Entity == syncproto.EntityScore && c.By != nil && c.By.ID != jsonString(st.Fields["juror_id"]) {
		// A judge signed in scores as themselves: a laptop that says
		// another person gave this judge's marks is refused.
		return alliance.Errorf(alliance.EFORBIDDEN, "score %s: given by %q as judge %q", c.ID, c.By.Name, jsonString(st.Fields["juror_id"])), nil
	}
	if prev == nil {
		if reason, err := checkReferences(ctx, tx, c.Entity, c.ID, scope, st.Fields); reason != nil || err != nil {
			return reason, err
		}
	}
	if c.Entity == syncproto.EntityCertificate && prev == nil {
		if reason, err := claimSerial(ctx, tx, dev, c.ID, scope, st.Fields); reason != nil || err != nil {
			return reason, err
		}
	}
	if len(changed) > 0 {
		// exact: the device's copy is now the server's, so the record is
		// not sent back to it. It holds the state its change was made on
		// when it has pulled past it, or made it itself.
		held := prev == nil || prev.seq <= cursor || (prev.writer == dev.ID && prev.exact)
		o := origin{writer: dev.ID, exact: held && !clamped && !incomingLost(lost), person: personOf(c.By)}
		if prev != nil {
			o.baseSeq = prev.seq
		}
		if err := s.putRecord(ctx, tx, c.Entity, c.ID, scope, &st, q.next(), o); err != nil {
			return nil, err
		}
		// A new record's values are the record's until it changes, and
		// then the "from" of that change: its creation is noted without them.
		how, diff := AuditCreate, map[string][2]json.RawMessage{}
		if prev != nil {
			how = AuditChange
			for _, f := range changed {
				diff[f] = [2]json.RawMessage{old[f], st.Fields[f]}
			}
		}
		if err := audit(ctx, tx, s.now(), dev.ID, dev.OrgID, o.person, c.Entity, c.ID, how, diff); err != nil {
			return nil, err
		}
		if c.Entity == syncproto.EntityEntry && !wasAnonymous && syncproto.EntryAnonymised(st.Fields) {
			if err := s.afterAnonymised(ctx, tx, q, c.ID, h, filesBefore); err != nil {
				return nil, err
			}
		}
	}
	lostDiff := map[string][2]json.RawMessage{}
	for _, l := range lost {
		if l.IncomingLost && !c.Replay {
			lostDiff[l.Field] = [2]json.RawMessage{l.Winner, l.Loser} // what stays, what this laptop wanted
		}
	}
	if err := audit(ctx, tx, s.now(), dev.ID, dev.OrgID, personOf(c.By), c.Entity, c.ID, AuditConflict, lostDiff); err != nil {
		return nil, err
	}
	for _, l := range lost {
		if c.Replay && l.IncomingLost {
			continue // a value sent again lost to a newer one: no conflict
		}
		loser := dev.ID
		if !l.IncomingLost {
			loser = l.LoserWriter // "" for a value written before writers were kept
		}
		if loser == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO conflicts (entity, record_id, field, loser_device, loser_value,
			loser_hlc, winner_value, winner_hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Entity, c.ID, l.Field, loser, string(l.Loser), l.LoserHLC, string(l.Winner), l.WinnerHLC, s.now()); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// checkSize refuses fields larger or deeper than a record may be.
func checkSize(fields map[string]json.RawMessage) error {
	n := 0
	for k, v := range fields {
		n += len(k) + len(v) + 4
		if d := jsonDepth(v); d > syncproto.MaxJSONDepth {
			return alliance.Errorf(alliance.EINVALID, "field %s nests %d deep (at most %d)", k, d, syncproto.MaxJSONDepth)
		}
	}
	if n > syncproto.MaxRecordBytes {
		return alliance.Errorf(alliance.ETOOLARGE, "the record is %d bytes (at most %d)", n, syncproto.MaxRecordBytes)
	}
	return nil
}

// jsonDepth returns how deep arrays and objects nest in a JSON value
// (0 for a plain value), reading it once without decoding.
func jsonDepth(b []byte) int {
	depth, deepest, inString, escaped := 0, 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
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

// maxSetAsideBytes caps the copy of a set-aside change the server keeps
// (for the secretariat to read): a hostile laptop cannot fill the disk.
const maxSetAsideBytes = 16 << 10

// setAside keeps a refused change with its reason. When the device may
// see the record (prev, as the server holds it), the record is written
// again at a new seq, so that the device's next pull replaces its refused
// copy.
func (s *Store) setAside(ctx context.Context, tx *Tx, q *seqs, dev *Device, c *syncproto.Change, prev *stored, reason error) error {
	b, _ := json.Marshal(c)
	if len(b) > maxSetAsideBytes {
		b, _ = json.Marshal(syncproto.Change{Seq: c.Seq, Entity: c.Entity, ID: c.ID, Org: c.Org, Op: c.Op, HLC: c.HLC})
	}
	msg := alliance.ErrorMessage(reason)
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO set_aside (device_id, seq, entity, record_id, code, message, change, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, dev.ID, c.Seq, c.Entity, c.ID, alliance.ErrorCode(reason),
		msg, string(b), s.now()); err != nil {
		return err
	}
	if prev == nil || (!dev.Secretariat && prev.scope != dev.OrgID && prev.scope != "") {
		return nil
	}
	return s.putRecord(ctx, tx, c.Entity, c.ID, prev.scope, &prev.state, q.next(), origin{baseSeq: prev.seq})
}
