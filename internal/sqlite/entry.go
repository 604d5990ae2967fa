package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// FindEntries returns a contest's live entries, newest first, as the
// gallery shows them.
func (s *ContestService) FindEntries(ctx context.Context, f alliance.EntryFilter) ([]alliance.EntrySummary, error) {
	var entries []alliance.Entry
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		entries, err = entriesOf(ctx, tx, f.ContestID)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]alliance.EntrySummary, 0, len(entries))
	for i := range entries {
		e := &entries[i]
		if (f.Category != "" && e.Category != f.Category) || (f.AgeGroupID != "" && e.AgeGroupID != f.AgeGroupID) ||
			(f.RegionID != "" && e.RegionID != f.RegionID) || (f.State != "" && e.State != f.State) || (f.OrgID != "" && e.OrgID != f.OrgID) {
			continue
		}
		out = append(out, summarize(e))
	}
	return out, nil
}

func summarize(e *alliance.Entry) alliance.EntrySummary {
	sum := alliance.EntrySummary{
		ID: e.ID, OrgID: e.OrgID, Code: e.Code, FirstName: e.FirstName, LastName: e.LastName,
		Publication: e.Consent.PublicationAllowed(), Age: e.Age, Category: e.Category, AgeGroupID: e.AgeGroupID,
		RegionID: e.RegionID, Title: e.Title, State: e.State, Rank: e.Rank,
	}
	for i := range e.Files {
		f := e.Files[i]
		if sum.Work == nil || (f.IsImage() && !sum.Work.IsImage()) {
			sum.Work = &f
		}
		sum.Film = sum.Film || f.Type == alliance.TypeMP4
	}
	return sum
}

func entriesOf(ctx context.Context, q querier, contestID string) ([]alliance.Entry, error) {
	return listDocs(ctx, q, syncproto.EntityEntry, contestID, true, func(e *alliance.Entry, id string) { e.ID = id })
}

// FindEntryByID returns the live entry id.
func (s *ContestService) FindEntryByID(ctx context.Context, id string) (*alliance.Entry, error) {
	var e *alliance.Entry
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		e, err = entryOf(ctx, tx, id)
		return err
	})
	return e, err
}

func entryOf(ctx context.Context, q querier, id string) (*alliance.Entry, error) {
	var e alliance.Entry
	if err := getDoc(ctx, q, syncproto.EntityEntry, id, &e); err != nil {
		return nil, err
	}
	e.ID = id
	return &e, nil
}

func normalizeEntry(e *alliance.Entry, c *alliance.Contest) {
	for _, p := range []*string{&e.FirstName, &e.LastName, &e.School, &e.Grade, &e.Settlement, &e.Title, &e.Description, &e.Consent.GuardianName} {
		*p = strings.Join(strings.Fields(*p), " ")
	}
	e.FirstName, e.LastName = alliance.NormalizeName(e.FirstName), alliance.NormalizeName(e.LastName)
	e.AgeGroupID = ""
	if g, ok := c.AgeGroupFor(e.Age); ok {
		e.AgeGroupID = g.ID
	}
	if e.Files == nil {
		e.Files = []alliance.FileRef{}
	}
}

// CreateEntry saves a new draft with a fresh jury code.
func (s *ContestService) CreateEntry(ctx context.Context, e *alliance.Entry) error {
	return s.db.update(ctx, func(tx *Tx) error {
		c, err := contestOf(ctx, tx, e.ContestID)
		if err != nil {
			return err
		}
		normalizeEntry(e, c)
		e.State, e.Version, e.CreatedAt, e.Rank, e.Score = alliance.StateDraft, 1, tx.now, 0, 0
		e.Code = alliance.RandomCode(4) + "-" + alliance.RandomCode(4)
		if err := defaultOrg(ctx, tx, &e.OrgID); err != nil {
			return err
		}
		if err := e.ValidateDraft(c, alliance.DateOf(tx.now)); err != nil {
			return err
		}
		if e.ID == "" {
			e.ID = alliance.NewID()
		}
		return createDoc(ctx, tx, syncproto.EntityEntry, e.ID, e.OrgID, e)
	})
}

// keepSystemFields copies onto e what only the store writes.
func keepSystemFields(e, old *alliance.Entry) {
	e.ID, e.OrgID, e.ContestID, e.Code = old.ID, old.OrgID, old.ContestID, old.Code
	e.State, e.Version, e.CreatedAt, e.SubmittedAt, e.Rank, e.Score = old.State, old.Version, old.CreatedAt, old.SubmittedAt, old.Rank, old.Score
}

// UpdateEntry saves a draft's changes; a submitted entry is locked.
func (s *ContestService) UpdateEntry(ctx context.Context, e *alliance.Entry) error {
	return s.db.update(ctx, func(tx *Tx) error {
		old, c, err := draftWithContest(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		keepSystemFields(e, old)
		normalizeEntry(e, c)
		if err := e.ValidateDraft(c, alliance.DateOf(tx.now)); err != nil {
			return err
		}
		return updateDoc(ctx, tx, syncproto.EntityEntry, e.ID, e)
	})
}

// entryWithContest reads the live entry id and its contest.
func entryWithContest(ctx context.Context, q querier, id string) (*alliance.Entry, *alliance.Contest, error) {
	e, err := entryOf(ctx, q, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := contestOf(ctx, q, e.ContestID)
	return e, c, err
}

// draftWithContest is entryWithContest for an entry that must still be a
// draft.
func draftWithContest(ctx context.Context, q querier, id string) (*alliance.Entry, *alliance.Contest, error) {
	e, c, err := entryWithContest(ctx, q, id)
	if err == nil && e.Locked() {
		err = lockedErr(e)
	}
	return e, c, err
}

func lockedErr(e *alliance.Entry) error {
	return alliance.Keyed(alliance.ECONFLICT, "error.entry_locked", alliance.Args{"Code": e.Code},
		"entry %s is %s: corrections make a new version", e.Code, e.State)
}

// SubmitEntry checks that the draft is complete, with consent, and that
// its contest takes entries today; then locks it.
func (s *ContestService) SubmitEntry(ctx context.Context, id string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		e, c, err := draftWithContest(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := e.ValidateSubmit(c, alliance.DateOf(tx.now)); err != nil {
			return err
		}
		e.State, e.SubmittedAt = alliance.StateSubmitted, tx.now
		return updateDoc(ctx, tx, syncproto.EntityEntry, id, e)
	})
}

// CorrectEntry saves changes to a locked entry as its next version. The
// entry as it was is kept, with the reason, as an EntryVersion; the entry
// must stay complete (the contest need not be open any more).
func (s *ContestService) CorrectEntry(ctx context.Context, e *alliance.Entry, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return alliance.Invalid("entry", alliance.FieldError{Field: "reason", Key: "validation.required"})
	}
	return s.db.update(ctx, func(tx *Tx) error {
		old, c, err := entryWithContest(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if !old.Locked() {
			return alliance.Errorf(alliance.EINVALID, "entry %s is a draft: edit it instead", old.Code)
		}
		keepSystemFields(e, old)
		normalizeEntry(e, c)
		if err := e.ValidateComplete(c, alliance.DateOf(tx.now)); err != nil {
			return err
		}
		before, err := syncproto.Fields(old)
		if err != nil {
			return err
		}
		after, err := syncproto.Fields(e)
		if err != nil {
			return err
		}
		if sameFields(before, after) {
			return nil // nothing corrected
		}
		prev, err := json.Marshal(before)
		if err != nil {
			return err
		}
		v := alliance.EntryVersion{ID: alliance.NewID(), OrgID: old.OrgID, EntryID: old.ID, Version: old.Version,
			Reason: reason, At: tx.now, Previous: prev}
		if err := createDoc(ctx, tx, syncproto.EntityEntryVersion, v.ID, v.OrgID, &v); err != nil {
			return err
		}
		e.Version = old.Version + 1
		return updateDoc(ctx, tx, syncproto.EntityEntry, e.ID, e)
	})
}

func sameFields(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if string(b[k]) != string(v) {
			return false
		}
	}
	return true
}

// FindEntryVersions returns the versions an entry had before its
// corrections, oldest first.
func (s *ContestService) FindEntryVersions(ctx context.Context, entryID string) ([]alliance.EntryVersion, error) {
	var out []alliance.EntryVersion
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = listDocs(ctx, tx, syncproto.EntityEntryVersion, entryID, false, func(v *alliance.EntryVersion, id string) { v.ID = id })
		return err
	})
	return out, err
}

// DeleteEntry removes a draft; a submitted entry stays (it is the child's).
func (s *ContestService) DeleteEntry(ctx context.Context, id string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		e, err := entryOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Locked() {
			return lockedErr(e)
		}
		return deleteDoc(ctx, tx, syncproto.EntityEntry, id)
	})
}

// SetEntryState puts a submitted entry on the shortlist or takes it off.
func (s *ContestService) SetEntryState(ctx context.Context, id string, state alliance.EntryState) error {
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		e, c, err := entryWithContest(ctx, tx, id)
		if err != nil {
			return err
		}
		movable := e.State == alliance.StateSubmitted || e.State == alliance.StateShortlisted
		target := state == alliance.StateSubmitted || state == alliance.StateShortlisted
		if !movable || !target || c.Published {
			return alliance.Keyed(alliance.EINVALID, "error.entry_state", nil, "entry %s cannot go from %s to %s", e.Code, e.State, state)
		}
		e.State = state
		return updateDoc(ctx, tx, syncproto.EntityEntry, id, e)
	})
}
