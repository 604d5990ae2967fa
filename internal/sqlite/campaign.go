package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// CampaignService keeps the campaigns and donor projects (documents the
// secretariat writes) and computes their progress from the activities
// linked to them.
type CampaignService struct {
	db *DB
}

var _ alliance.CampaignService = (*CampaignService)(nil)

// NewCampaignService returns the campaign service of db.
func NewCampaignService(db *DB) *CampaignService { return &CampaignService{db: db} }

// FindCampaigns returns the live campaigns, the latest started first.
func (s *CampaignService) FindCampaigns(ctx context.Context) ([]alliance.Campaign, error) {
	var out []alliance.Campaign
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = listDocs(ctx, tx, syncproto.EntityCampaign, "", true, func(c *alliance.Campaign, id string) { c.ID = id })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find campaigns: %w", err)
	}
	return out, nil
}

// FindCampaignByID returns the live campaign id.
func (s *CampaignService) FindCampaignByID(ctx context.Context, id string) (*alliance.Campaign, error) {
	var c *alliance.Campaign
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		c, err = campaignOf(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find campaign %s: %w", id, err)
	}
	return c, nil
}

func campaignOf(ctx context.Context, q querier, id string) (*alliance.Campaign, error) {
	var c alliance.Campaign
	if err := getDoc(ctx, q, syncproto.EntityCampaign, id, &c); err != nil {
		return nil, err
	}
	c.ID = id
	return &c, nil
}

// normalizeCampaign trims the texts, orders the regions and gives new
// indicators their ids.
func normalizeCampaign(c *alliance.Campaign) {
	for _, p := range []*string{&c.Name, &c.NameRU, &c.NameEN, &c.Donor, &c.Description} {
		*p = strings.TrimSpace(*p)
	}
	c.Regions = canonical(alliance.RegionIDs, c.Regions)
	if len(c.Regions) == 0 {
		c.Regions = nil
	}
	if c.Indicators == nil {
		c.Indicators = []alliance.Indicator{}
	}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		ind.Name, ind.Unit = strings.TrimSpace(ind.Name), strings.TrimSpace(ind.Unit)
		if ind.ID == "" {
			ind.ID = alliance.NewID()
		}
		if ind.Measure != alliance.MeasureManual {
			ind.Unit, ind.Progress = "", nil
		}
	}
}

// CreateCampaign validates and saves a new campaign (the secretariat's
// laptops only).
func (s *CampaignService) CreateCampaign(ctx context.Context, c *alliance.Campaign) error {
	normalizeCampaign(c)
	if err := c.ValidateAt(alliance.Today()); err != nil {
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
		return createDoc(ctx, tx, syncproto.EntityCampaign, c.ID, c.OrgID, c)
	})
}

// UpdateCampaign saves the fields of c that changed (its indicators and
// their progress travel as one field).
func (s *CampaignService) UpdateCampaign(ctx context.Context, c *alliance.Campaign) error {
	normalizeCampaign(c)
	if err := c.ValidateAt(alliance.Today()); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		old, err := campaignOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		c.OrgID = old.OrgID
		return updateDoc(ctx, tx, syncproto.EntityCampaign, c.ID, c)
	})
}

// DeleteCampaign makes the campaign a tombstone; its activities keep the
// link, which no report counts any more.
func (s *CampaignService) DeleteCampaign(ctx context.Context, id string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		return deleteDoc(ctx, tx, syncproto.EntityCampaign, id)
	})
}

// EachCampaignActivity calls fn for each live activity linked to the
// campaign, by start date.
func (s *CampaignService) EachCampaignActivity(ctx context.Context, id string, fn func(a *alliance.Activity) error) error {
	return s.db.view(ctx, func(tx *sql.Tx) error { return eachCampaignActivity(ctx, tx, id, fn) })
}

func eachCampaignActivity(ctx context.Context, tx *sql.Tx, id string, fn func(a *alliance.Activity) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+activityColumns+` FROM activities
		WHERE deleted = 0 AND campaigns != '[]' AND EXISTS (SELECT 1 FROM json_each(activities.campaigns) WHERE value = ?)
		ORDER BY start_date, n`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, _, err := scanActivity(rows)
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CampaignProgress computes the campaign's indicators: a manual one sums
// its progress entered; the others count the live activities linked to
// it, whatever their dates (linking says they belong to it). The campaign
// and its activities are read in one transaction.
func (s *CampaignService) CampaignProgress(ctx context.Context, id string) (*alliance.CampaignReport, error) {
	var rep *alliance.CampaignReport
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		rep, err = campaignProgress(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("campaign %s progress: %w", id, err)
	}
	return rep, nil
}

func campaignProgress(ctx context.Context, tx *sql.Tx, id string) (*alliance.CampaignReport, error) {
	c, err := campaignOf(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	rep := &alliance.CampaignReport{Campaign: *c}
	type tally struct {
		activities, trainings int
		reached               alliance.Reached
	}
	regions := map[string]*tally{}
	var all tally
	err = eachCampaignActivity(ctx, tx, id, func(a *alliance.Activity) error {
		t := regions[a.RegionID]
		if t == nil {
			t = &tally{}
			regions[a.RegionID] = t
		}
		for _, x := range []*tally{t, &all} {
			x.activities++
			if a.Kind == alliance.KindTraining {
				x.trainings++
			}
			x.reached = addReached(x.reached, a.Reached)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep.Activities, rep.Reached = all.activities, all.reached
	for _, r := range alliance.RegionIDs {
		if regions[r] != nil {
			rep.Regions = append(rep.Regions, r)
		}
	}
	value := func(m alliance.Measure, t *tally) float64 {
		r := t.reached
		switch m {
		case alliance.MeasureActivities:
			return float64(t.activities)
		case alliance.MeasureTrainings:
			return float64(t.trainings)
		case alliance.MeasurePeople:
			return float64(r.Total())
		case alliance.MeasureChildren:
			return float64(r.Children())
		case alliance.MeasureGirls:
			return float64(r.Girls)
		case alliance.MeasureBoys:
			return float64(r.Boys)
		case alliance.MeasureWomen:
			return float64(r.Women)
		case alliance.MeasureMen:
			return float64(r.Men)
		case alliance.MeasureDisabled:
			return float64(r.Disabled)
		case alliance.MeasureRegions:
			if t == &all {
				return float64(len(rep.Regions))
			}
			return 1
		}
		return 0
	}
	for _, ind := range c.Indicators {
		p := alliance.IndicatorProgress{Indicator: ind}
		if ind.Measure == alliance.MeasureManual {
			byRegion := map[string]float64{}
			for _, e := range ind.Progress {
				p.Actual += e.Value
				byRegion[e.RegionID] += e.Value
			}
			if ind.Breakdown == alliance.ByRegion {
				for _, r := range append(slices.Clone(alliance.RegionIDs), "") {
					if v, ok := byRegion[r]; ok {
						p.Breakdown = append(p.Breakdown, alliance.Count{Key: r, Value: int(v)})
					}
				}
			}
			rep.Indicators = append(rep.Indicators, p)
			continue
		}
		p.Actual = value(ind.Measure, &all)
		r := all.reached
		switch ind.Breakdown {
		case alliance.ByGender:
			parts := map[alliance.Measure][]alliance.Count{
				alliance.MeasurePeople: {{Key: "girls", Value: r.Girls}, {Key: "boys", Value: r.Boys},
					{Key: "women", Value: r.Women}, {Key: "men", Value: r.Men}},
				alliance.MeasureChildren: {{Key: "girls", Value: r.Girls}, {Key: "boys", Value: r.Boys}},
			}
			p.Breakdown = parts[ind.Measure]
		case alliance.ByAge:
			switch ind.Measure {
			case alliance.MeasurePeople:
				p.Breakdown = []alliance.Count{{Key: "children", Value: r.Children()}, {Key: "adults", Value: r.Women + r.Men}}
			}
		case alliance.ByRegion:
			for _, id := range rep.Regions {
				p.Breakdown = append(p.Breakdown, alliance.Count{Key: id, Value: int(value(ind.Measure, regions[id]))})
			}
		}
		rep.Indicators = append(rep.Indicators, p)
	}
	return rep, nil
}

func addReached(a, b alliance.Reached) alliance.Reached {
	return alliance.Reached{Girls: a.Girls + b.Girls, Boys: a.Boys + b.Boys, Women: a.Women + b.Women,
		Men: a.Men + b.Men, Disabled: a.Disabled + b.Disabled}
}
