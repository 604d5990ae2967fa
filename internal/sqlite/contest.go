package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// ContestService keeps contests, entries, scores and results as documents
// with the same stamps and outbox as every record.
type ContestService struct {
	db *DB
}

var _ alliance.ContestService = (*ContestService)(nil)

// NewContestService returns the contest service of db.
func NewContestService(db *DB) *ContestService { return &ContestService{db: db} }

// FindContests returns the live contests, latest first.
func (s *ContestService) FindContests(ctx context.Context) ([]alliance.Contest, error) {
	var out []alliance.Contest
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = listDocs(ctx, tx, syncproto.EntityContest, "", true, func(c *alliance.Contest, id string) { c.ID = id })
		return err
	})
	return out, err
}

// FindContestByID returns the live contest id.
func (s *ContestService) FindContestByID(ctx context.Context, id string) (*alliance.Contest, error) {
	var c *alliance.Contest
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		c, err = contestOf(ctx, tx, id)
		return err
	})
	return c, err
}

func contestOf(ctx context.Context, q querier, id string) (*alliance.Contest, error) {
	var c alliance.Contest
	if err := getDoc(ctx, q, syncproto.EntityContest, id, &c); err != nil {
		return nil, err
	}
	c.ID = id
	return &c, nil
}

func normalizeContest(c *alliance.Contest) {
	for _, p := range []*string{&c.Title, &c.Theme, &c.Notes} {
		*p = strings.TrimSpace(*p)
	}
	if c.Winners == 0 {
		c.Winners = alliance.DefaultWinners
	}
	for i := range c.AgeGroups {
		if c.AgeGroups[i].ID == "" {
			c.AgeGroups[i].ID = alliance.NewID()
		}
	}
	for i := range c.Criteria {
		c.Criteria[i].Name = strings.TrimSpace(c.Criteria[i].Name)
		if c.Criteria[i].ID == "" {
			c.Criteria[i].ID = alliance.NewID()
		}
	}
	for i := range c.Jury {
		c.Jury[i].Name = strings.TrimSpace(c.Jury[i].Name)
		if c.Jury[i].ID == "" {
			c.Jury[i].ID = alliance.NewID()
		}
	}
}

// CreateContest validates c, gives it ids and saves it. Only the
// secretariat's laptops create contests.
func (s *ContestService) CreateContest(ctx context.Context, c *alliance.Contest) error {
	normalizeContest(c)
	c.Published = false
	if err := c.Validate(); err != nil {
		return err
	}
	if c.ID == "" {
		c.ID = alliance.NewID()
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		if err := defaultOrg(ctx, tx, &c.OrgID); err != nil {
			return err
		}
		return createDoc(ctx, tx, syncproto.EntityContest, c.ID, c.OrgID, c)
	})
}

// UpdateContest saves the fields of c that changed. The results, once
// published, are PublishResults' to write.
func (s *ContestService) UpdateContest(ctx context.Context, c *alliance.Contest) error {
	normalizeContest(c)
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		old, err := contestOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		c.OrgID, c.Published, c.PublishedAt = old.OrgID, old.Published, old.PublishedAt
		return updateDoc(ctx, tx, syncproto.EntityContest, c.ID, c)
	})
}

// requireSecretariat refuses what only the secretariat does (contests,
// the shortlist, judging, results) on a member organisation's laptop. A
// laptop with no organisation yet (not connected, no demo data) may: the
// server refuses it later if it is not the secretariat's.
func requireSecretariat(ctx context.Context, tx *Tx) error {
	if sec, err := getState(ctx, tx, stSecretariat); err != nil || sec == "1" {
		return err
	}
	var org string
	if err := defaultOrg(ctx, tx, &org); err != nil {
		return err
	}
	if org == "" {
		return nil
	}
	var secretariat bool
	err := tx.QueryRowContext(ctx, `SELECT secretariat FROM organisations WHERE id = ?`, org).Scan(&secretariat)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	if server, err := getState(ctx, tx, stServer); err != nil || (secretariat && server == "") {
		return err
	}
	return alliance.Keyed(alliance.EFORBIDDEN, "error.secretariat_only", nil, "only the secretariat's laptops do this")
}
