package sqlite

import (
	"context"
	"database/sql"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// judged reports whether an entry is in the jury's pool: the shortlist
// when the secretariat made one, else every submitted entry (and, after
// publication, the entries that were).
func judged(e *alliance.Entry, shortlist bool) bool {
	switch e.State {
	case alliance.StateShortlisted, alliance.StateWinner:
		return true
	case alliance.StateSubmitted:
		return !shortlist
	case alliance.StateParticipant:
		return e.Rank > 0 || !shortlist
	}
	return false
}

// juryPool returns the entries of the contest the jury judges.
func juryPool(ctx context.Context, q querier, contestID string) ([]alliance.Entry, error) {
	entries, err := entriesOf(ctx, q, contestID)
	if err != nil {
		return nil, err
	}
	shortlist := false
	for i := range entries {
		shortlist = shortlist || entries[i].State == alliance.StateShortlisted
	}
	out := entries[:0]
	for i := range entries {
		if judged(&entries[i], shortlist) {
			out = append(out, entries[i])
		}
	}
	return out, nil
}

// blind is what a judge may see of an entry.
func blind(e *alliance.Entry) alliance.JuryEntry {
	return alliance.JuryEntry{EntryID: e.ID, Code: e.Code, ContestID: e.ContestID, Category: e.Category,
		AgeGroupID: e.AgeGroupID, Title: e.Title, Files: append([]alliance.FileRef(nil), e.Files...)}
}

// FindJuryEntries returns the entries the jury judges, by code, as the
// jury sees them: without the child, the school, the organisation or the
// guardian.
func (s *ContestService) FindJuryEntries(ctx context.Context, contestID string) ([]alliance.JuryEntry, error) {
	var out []alliance.JuryEntry
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		pool, err := juryPool(ctx, tx, contestID)
		for i := range pool {
			out = append(out, blind(&pool[i]))
		}
		return err
	})
	return out, err
}

// FindScores returns the scores of a contest, of one judge when jurorID is
// not empty.
func (s *ContestService) FindScores(ctx context.Context, contestID, jurorID string) ([]alliance.Score, error) {
	var out []alliance.Score
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = scoresOf(ctx, tx, contestID, jurorID)
		return err
	})
	return out, err
}

func scoresOf(ctx context.Context, q querier, contestID, jurorID string) ([]alliance.Score, error) {
	all, err := listDocs(ctx, q, syncproto.EntityScore, contestID, false, func(s *alliance.Score, id string) { s.ID = id })
	if err != nil || jurorID == "" {
		return all, err
	}
	out := all[:0]
	for _, s := range all {
		if s.JurorID == jurorID {
			out = append(out, s)
		}
	}
	return out, nil
}

// SaveScore keeps a judge's marks for an entry, complete or not: a judge
// can stop and come back. There is one score per entry and judge on every
// laptop (its id is derived from the two), so marks given on two laptops
// merge field by field.
func (s *ContestService) SaveScore(ctx context.Context, sc *alliance.Score) error {
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		if err := requireJudge(ctx, tx, sc.JurorID); err != nil {
			return err
		}
		e, c, err := entryWithContest(ctx, tx, sc.EntryID)
		if err != nil {
			return err
		}
		if c.Published {
			return alliance.Keyed(alliance.EINVALID, "error.results_published", nil, "the results of %s are published", c.Title)
		}
		pool, err := juryPool(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		inPool := false
		for i := range pool {
			inPool = inPool || pool[i].ID == e.ID
		}
		if !inPool {
			return alliance.Keyed(alliance.EINVALID, "error.entry_state", nil, "entry %s is %s, not for the jury", e.Code, e.State)
		}
		sc.ContestID = c.ID
		if err := sc.Validate(c); err != nil {
			return err
		}
		if sc.Marks == nil {
			sc.Marks = map[string]int{}
		}
		if sc.Comments == nil {
			sc.Comments = map[string]string{}
		}
		sc.ID, sc.At = alliance.DerivedID(syncproto.EntityScore, sc.EntryID, sc.JurorID), tx.now
		if err := defaultOrg(ctx, tx, &sc.OrgID); err != nil {
			return err
		}
		switch _, err := loadDoc(ctx, tx, syncproto.EntityScore, sc.ID); {
		case alliance.ErrorCode(err) == alliance.ENOTFOUND:
			return createDoc(ctx, tx, syncproto.EntityScore, sc.ID, sc.OrgID, sc)
		case err != nil:
			return err
		}
		sc.Deleted = false
		return updateDoc(ctx, tx, syncproto.EntityScore, sc.ID, sc)
	})
}

// Results ranks the jury's pool from the complete scores.
func (s *ContestService) Results(ctx context.Context, contestID string) ([]alliance.Result, error) {
	var out []alliance.Result
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, _, err = results(ctx, tx, contestID)
		return err
	})
	return out, err
}

func results(ctx context.Context, q querier, contestID string) ([]alliance.Result, *alliance.Contest, error) {
	c, err := contestOf(ctx, q, contestID)
	if err != nil {
		return nil, nil, err
	}
	pool, err := juryPool(ctx, q, contestID)
	if err != nil {
		return nil, nil, err
	}
	scores, err := scoresOf(ctx, q, contestID, "")
	if err != nil {
		return nil, nil, err
	}
	view := make([]alliance.JuryEntry, len(pool))
	for i := range pool {
		view[i] = blind(&pool[i])
	}
	return alliance.ComputeResults(c, view, scores), c, nil
}

// PublishResults writes every submitted entry's result — rank and score,
// winner for the first Winners places of its category and age group (ties
// included), participant otherwise — and marks the contest published, all
// in one transaction. The members' laptops receive their entries' results
// with the next sync.
func (s *ContestService) PublishResults(ctx context.Context, contestID string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		rs, c, err := results(ctx, tx, contestID)
		if err != nil {
			return err
		}
		if c.Published {
			return alliance.Keyed(alliance.EINVALID, "error.results_published", nil, "the results of %s are published", c.Title)
		}
		byEntry := map[string]alliance.Result{}
		judgedAny := false
		for _, r := range rs {
			byEntry[r.EntryID] = r
			judgedAny = judgedAny || r.Judges > 0
		}
		if !judgedAny {
			return alliance.Keyed(alliance.EINVALID, "error.no_scores", nil, "no entry of %s has a complete score", c.Title)
		}
		entries, err := entriesOf(ctx, tx, contestID)
		if err != nil {
			return err
		}
		for i := range entries {
			e := &entries[i]
			if e.State != alliance.StateSubmitted && e.State != alliance.StateShortlisted {
				continue
			}
			r := byEntry[e.ID]
			e.Rank, e.Score, e.State = r.Rank, r.Score, alliance.StateParticipant
			if r.Rank > 0 && r.Rank <= c.Winners {
				e.State = alliance.StateWinner
			}
			if err := updateDoc(ctx, tx, syncproto.EntityEntry, e.ID, e); err != nil {
				return err
			}
		}
		c.Published, c.PublishedAt = true, tx.now
		return updateDoc(ctx, tx, syncproto.EntityContest, c.ID, c)
	})
}

// requireJudge lets a score be given only as the judge signed in, on a
// laptop with people: a judge never scores as another. A laptop without
// profiles (before them, or the command line) lets the judge pick their
// name, as before.
func requireJudge(ctx context.Context, tx *Tx, jurorID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM profiles`).Scan(&n); err != nil || n == 0 {
		return err
	}
	if p := tx.db.acting(ctx); p == nil || p.Role != alliance.RoleJudge || p.ID != jurorID {
		return alliance.Keyed(alliance.EFORBIDDEN, "error.judge_as_other", nil, "a score is given by the judge signed in, as themselves")
	}
	return nil
}
