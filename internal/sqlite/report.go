package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// ReportService computes the figures of reports and streams the records
// behind them, from the laptop's live records (deleted ones left out,
// edited ones as they are now).
type ReportService struct {
	db *DB
}

var _ alliance.ReportService = (*ReportService)(nil)

// NewReportService returns the report service of db.
func NewReportService(db *DB) *ReportService { return &ReportService{db: db} }

// period returns the filter's bounds as ISO dates (open ends widened).
func period(f alliance.ReportFilter) (from, to string) {
	from, to = "0000-01-01", "9999-12-31"
	if !f.From.IsZero() {
		from = f.From.String()
	}
	if !f.To.IsZero() {
		to = f.To.String()
	}
	return from, to
}

// inPeriod reports whether day d is within the filter's period.
func inPeriod(f alliance.ReportFilter, d alliance.Date) bool {
	return (f.From.IsZero() || !d.Before(f.From)) && (f.To.IsZero() || !d.After(f.To))
}

// reportWhere is the filter as SQL over live activities.
func reportWhere(f alliance.ReportFilter) (string, []any) {
	from, to := period(f)
	where, args := `deleted = 0 AND start_date <= ? AND end_date >= ?`, []any{to, from}
	if f.OrgID != "" {
		where, args = where+` AND org_id = ?`, append(args, f.OrgID)
	}
	if f.RegionID != "" {
		where, args = where+` AND region_id = ?`, append(args, f.RegionID)
	}
	return where, args
}

// Summary computes the figures of the filter in one read transaction.
func (s *ReportService) Summary(ctx context.Context, f alliance.ReportFilter) (*alliance.Summary, error) {
	sum := &alliance.Summary{Filter: f}
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		if err := activityFigures(ctx, tx, f, sum); err != nil {
			return err
		}
		if err := trainingFigures(ctx, tx, f, sum); err != nil {
			return err
		}
		return entryFigures(ctx, tx, f, sum)
	})
	return sum, err
}

// ResourceUses counts the resources the filter's activities used and the
// copies they handed out (LibraryService.ResourceUses).
func (s *ReportService) ResourceUses(ctx context.Context, f alliance.ReportFilter) ([]alliance.ResourceCount, error) {
	return NewLibraryService(s.db).ResourceUses(ctx, f)
}

// reportKinds and reportRegions are the codes of the report columns (see
// migration 005): code i+1 is element i. They only grow, at the end.
var (
	reportKinds = []alliance.ActivityKind{
		alliance.KindTraining, alliance.KindSeminar, alliance.KindMeeting, alliance.KindCampaign,
		alliance.KindConference, alliance.KindExhibition, alliance.KindMarch, alliance.KindContest,
		alliance.KindFilm, alliance.KindManual, alliance.KindResearch, alliance.KindDialogue,
		alliance.KindUNReport, alliance.KindOther,
	}
	reportRegions = []string{
		"baku", "absheron-khizi", "mountainous-shirvan", "ganja-dashkasan", "karabakh", "gazakh-tovuz",
		"guba-khachmaz", "lankaran-astara", "central-aran", "mil-mughan", "shaki-zagatala",
		"east-zangezur", "nakhchivan", "shirvan-salyan",
	}
	// reportArticles are the bits of crc_bits (migration 014): bit i is
	// element i. They only grow, at the end (at most 63).
	reportArticles = []alliance.Article{
		"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "18.3",
		"19", "20", "21", "22", "23", "24", "24.3", "25", "26", "27", "27.4", "28", "28.2", "29", "30", "31", "32",
		"33", "34", "35", "36", "37.a", "37", "38", "39", "40", "41", "42", "44.6", "opsc", "opac",
	}
)

// bitClusters are the clusters of each bit of crc_bits.
var bitClusters = func() [][]int {
	out := make([][]int, len(reportArticles))
	for i, code := range reportArticles {
		a, _ := alliance.LookupArticle(code)
		for _, c := range a.Clusters {
			out[i] = append(out[i], slices.Index(alliance.Clusters, c))
		}
	}
	return out
}()

// activityFigures counts the activities of the filter from the packed
// report columns of their index: three integers a row.
func activityFigures(ctx context.Context, tx *sql.Tx, f alliance.ReportFilter, sum *alliance.Summary) error {
	where, args := reportWhere(f)
	rows, err := tx.QueryContext(ctx, `SELECT report_key, report_people, report_more, crc_bits
		FROM activities INDEXED BY activities_live_start WHERE `+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	const counts = 1<<20 - 1
	kinds := make([]int, len(reportKinds)+1)
	regions := make([]int, len(reportRegions)+1)
	areas := make([]int, len(alliance.Areas))
	months := map[int]int{}
	first, last := -1, -1
	clusters := make([]int, len(alliance.Clusters))
	masks := map[int64]uint16{} // a row's articles → its clusters, worked out once a set
	for rows.Next() {
		var key, people, more, crc int64
		if err := rows.Scan(&key, &people, &more, &crc); err != nil {
			return err
		}
		sum.Activities++
		if crc != 0 {
			sum.Tagged++
			mask, ok := masks[crc]
			if !ok {
				for i, bits := 0, crc; bits != 0 && i < len(bitClusters); i, bits = i+1, bits>>1 {
					if bits&1 != 0 {
						for _, c := range bitClusters[i] {
							mask |= 1 << c
						}
					}
				}
				masks[crc] = mask
			}
			for c := 0; mask != 0; c, mask = c+1, mask>>1 {
				clusters[c] += int(mask & 1)
			}
		}
		kinds[min(int(key&63), len(reportKinds))]++
		regions[min(int(key>>6&63), len(reportRegions))]++
		month := int(key >> 12 & (1<<17 - 1))
		months[month]++
		if first < 0 || month < first {
			first = month
		}
		last = max(last, month)
		for i, bits := 0, key>>29; bits != 0 && i < len(areas); i, bits = i+1, bits>>1 {
			areas[i] += int(bits & 1)
		}
		sum.Reached.Girls += int(people & counts)
		sum.Reached.Boys += int(people >> 20 & counts)
		sum.Reached.Women += int(people >> 40 & counts)
		sum.Reached.Men += int(more & counts)
		sum.Reached.Disabled += int(more >> 20 & counts)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	kinds[slices.Index(reportKinds, alliance.KindOther)+1] += kinds[0] // a kind of a newer version
	for i, k := range reportKinds {
		if n := kinds[i+1]; n > 0 {
			sum.ActivitiesByKind = append(sum.ActivitiesByKind, alliance.Count{Key: string(k), Value: n})
		}
	}
	for _, id := range alliance.RegionIDs {
		if i := slices.Index(reportRegions, id); i >= 0 && regions[i+1] > 0 {
			sum.ByRegion = append(sum.ByRegion, alliance.Count{Key: id, Value: regions[i+1]})
			sum.RegionsCovered++
		}
	}
	for i, a := range alliance.Areas {
		if areas[i] > 0 {
			sum.ByArea = append(sum.ByArea, alliance.Count{Key: string(a), Value: areas[i]})
		}
	}
	for i, c := range alliance.Clusters {
		if clusters[i] > 0 {
			sum.ByCluster = append(sum.ByCluster, alliance.Count{Key: string(c), Value: clusters[i]})
		}
	}
	byCampaign, err := campaignFigures(ctx, tx, f)
	if err != nil {
		return err
	}
	for id, n := range byCampaign {
		sum.ByCampaign = append(sum.ByCampaign, alliance.Count{Key: id, Value: n})
	}
	slices.SortFunc(sum.ByCampaign, func(a, b alliance.Count) int {
		if a.Value != b.Value {
			return b.Value - a.Value
		}
		return strings.Compare(a.Key, b.Key)
	})
	byMonth := make(map[string]int, len(months))
	for m, n := range months {
		byMonth[monthKey(m)] = n
	}
	from, to := "", ""
	if first >= 0 {
		from, to = monthKey(first), monthKey(last)
	}
	sum.ActivitiesByMonth = monthly(f, from, to, byMonth)
	return nil
}

// campaignFigures counts the filter's activities by campaign from the
// partial index of the linked ones (migration 017): the ids are read out
// of the JSON array without decoding it (they are UUIDs, in quotes).
func campaignFigures(ctx context.Context, tx *sql.Tx, f alliance.ReportFilter) (map[string]int, error) {
	where, args := reportWhere(f)
	rows, err := tx.QueryContext(ctx, `SELECT campaigns FROM activities INDEXED BY activities_campaigns
		WHERE campaigns != '[]' AND `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type tally struct {
		id []byte
		n  int
	}
	var seen []tally // the campaigns are few: a list beats a map of new strings
	var links sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&links); err != nil {
			return nil, err
		}
	ids:
		for rest := links; ; {
			i := bytes.IndexByte(rest, '"')
			if i < 0 {
				break
			}
			j := bytes.IndexByte(rest[i+1:], '"')
			if j < 0 {
				break
			}
			id := rest[i+1 : i+1+j]
			rest = rest[i+j+2:]
			for k := range seen {
				if bytes.Equal(seen[k].id, id) {
					seen[k].n++
					continue ids
				}
			}
			seen = append(seen, tally{id: bytes.Clone(id), n: 1})
		}
	}
	out := make(map[string]int, len(seen))
	for _, t := range seen {
		out[string(t.id)] = t.n
	}
	return out, rows.Err()
}

// monthKey writes month number m (year × 12 + month − 1) as "2006-01".
func monthKey(m int) string {
	return fmt.Sprintf("%04d-%02d", m/12, m%12+1)
}

// monthly lists every month of the period (or of the activities, for an
// open period) with its count. An activity that began before the period
// counts in its first month.
func monthly(f alliance.ReportFilter, first, last string, months map[string]int) []alliance.Count {
	if !f.From.IsZero() {
		from := f.From.String()[:7]
		for m, n := range months {
			if m < from {
				months[from] += n
				delete(months, m)
			}
		}
		first = from
	}
	if !f.To.IsZero() {
		last = f.To.String()[:7]
	}
	if first == "" || last == "" {
		return nil
	}
	var out []alliance.Count
	t, _ := time.Parse("2006-01", first)
	end, _ := time.Parse("2006-01", last)
	for n := 0; !t.After(end) && n < 1200; n++ {
		m := t.Format("2006-01")
		out = append(out, alliance.Count{Key: m, Value: months[m]})
		t = t.AddDate(0, 1, 0)
	}
	return out
}

// trainingInReport reports whether training t is in the filter.
func trainingInReport(f alliance.ReportFilter, t *alliance.Training) bool {
	from, _ := t.Period()
	return inPeriod(f, from) && (f.OrgID == "" || t.OrgID == f.OrgID) && (f.RegionID == "" || t.RegionID == f.RegionID)
}

func trainingFigures(ctx context.Context, tx *sql.Tx, f alliance.ReportFilter, sum *alliance.Summary) error {
	trainings, err := listDocs(ctx, tx, syncproto.EntityTraining, "", false, func(t *alliance.Training, id string) { t.ID = id })
	if err != nil {
		return err
	}
	region := map[string]string{}
	for i := range trainings {
		t := &trainings[i]
		region[t.ID] = t.RegionID
		if !trainingInReport(f, t) {
			continue
		}
		sum.Trainings++
		sum.TrainingHours += t.TotalHours()
		roster, err := participantsOf(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		for j := range roster {
			p := &roster[j]
			sum.Participants++
			if p.Completed(t) {
				sum.Completed++
				switch p.Gender {
				case alliance.Female:
					sum.CompletedFemale++
				case alliance.Male:
					sum.CompletedMale++
				}
			}
		}
	}
	return eachDoc(ctx, tx, syncproto.EntityCertificate, func(c *alliance.Certificate) error {
		if certificateInReport(f, c, region) {
			sum.CertificatesIssued++
		}
		return nil
	})
}

// certificateInReport reports whether a valid certificate of a live
// training was issued in the filter (its region is its training's; region
// maps the live trainings to theirs).
func certificateInReport(f alliance.ReportFilter, c *alliance.Certificate, regions map[string]string) bool {
	region, live := regions[c.TrainingID]
	return live && !c.Revoked && inPeriod(f, alliance.DateOf(c.IssuedAt.Local())) &&
		(f.OrgID == "" || c.OrgID == f.OrgID) && (f.RegionID == "" || region == f.RegionID)
}

// entryInReport reports whether an entry was submitted in the filter.
func entryInReport(f alliance.ReportFilter, e *alliance.Entry) bool {
	return e.State != alliance.StateDraft && !e.SubmittedAt.IsZero() && inPeriod(f, alliance.DateOf(e.SubmittedAt.Local())) &&
		(f.OrgID == "" || e.OrgID == f.OrgID) && (f.RegionID == "" || e.RegionID == f.RegionID)
}

func entryFigures(ctx context.Context, tx *sql.Tx, f alliance.ReportFilter, sum *alliance.Summary) error {
	cats, regions, contests := map[alliance.Category]int{}, map[string]int{}, map[string]bool{}
	err := eachDoc(ctx, tx, syncproto.EntityContest, func(c *alliance.Contest) error {
		contests[c.ID] = true
		return nil
	})
	if err != nil {
		return err
	}
	err = eachDoc(ctx, tx, syncproto.EntityEntry, func(e *alliance.Entry) error {
		if entryInReport(f, e) && contests[e.ContestID] { // as in the export: a deleted contest's entries do not count
			sum.EntriesSubmitted++
			cats[e.Category]++
			regions[e.RegionID]++
		}
		return nil
	})
	for _, c := range alliance.Categories {
		if n := cats[c]; n > 0 {
			sum.EntriesByCategory = append(sum.EntriesByCategory, alliance.Count{Key: string(c), Value: n})
		}
	}
	for _, id := range alliance.RegionIDs {
		if n := regions[id]; n > 0 {
			sum.EntriesByRegion = append(sum.EntriesByRegion, alliance.Count{Key: id, Value: n})
		}
	}
	return err
}

// eachDoc calls fn for every live document of entity, decoded.
func eachDoc[T any](ctx context.Context, q querier, entity string, fn func(*T) error) error {
	rows, err := q.QueryContext(ctx, `SELECT id, data FROM docs WHERE entity = ? AND deleted = 0 ORDER BY sort_key, n`, entity)
	if err != nil {
		return err
	}
	defer rows.Close()
	// Sealed documents whose sort key names a person keep none in the
	// table: those are sorted once opened, before fn sees them.
	later := docSpecs[entity].sortSealed
	var all []T
	var keys []string
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return err
		}
		if data, err = unseal(data, id); err != nil {
			return err
		}
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return alliance.Errorf(alliance.EINVALID, "%s %s: %v", entity, id, err)
		}
		setDocID(&v, id)
		if later {
			all, keys = append(all, v), append(keys, sortKeyOf(entity, data))
			continue
		}
		if err := fn(&v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sortBy(all, keys, false)
	for i := range all {
		if err := fn(&all[i]); err != nil {
			return err
		}
	}
	return nil
}

// setDocID gives a decoded document its id.
func setDocID(v any, id string) {
	switch x := v.(type) {
	case *alliance.Training:
		x.ID = id
	case *alliance.Participant:
		x.ID = id
	case *alliance.Certificate:
		x.ID = id
	case *alliance.Entry:
		x.ID = id
	case *alliance.Contest:
		x.ID = id
	}
}

// EachActivity streams the live activities of the filter, by start date.
func (s *ReportService) EachActivity(ctx context.Context, f alliance.ReportFilter, fn func(a *alliance.Activity) error) error {
	return s.db.view(ctx, func(tx *sql.Tx) error {
		where, args := reportWhere(f)
		rows, err := tx.QueryContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE `+where+` ORDER BY start_date, n`, args...)
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
	})
}

// EachTraining streams the trainings of the filter with their rosters.
func (s *ReportService) EachTraining(ctx context.Context, f alliance.ReportFilter, fn func(t *alliance.Training, roster []alliance.Participant) error) error {
	return s.db.view(ctx, func(tx *sql.Tx) error {
		trainings, err := listDocs(ctx, tx, syncproto.EntityTraining, "", false, func(t *alliance.Training, id string) { t.ID = id })
		if err != nil {
			return err
		}
		for i := range trainings {
			t := &trainings[i]
			if !trainingInReport(f, t) {
				continue
			}
			roster, err := participantsOf(ctx, tx, t.ID)
			if err != nil {
				return err
			}
			if err := fn(t, roster); err != nil {
				return err
			}
		}
		return nil
	})
}

// EachCertificate streams the valid certificates issued in the filter,
// each with its holder on the roster.
func (s *ReportService) EachCertificate(ctx context.Context, f alliance.ReportFilter, fn func(c *alliance.Certificate, holder *alliance.Participant) error) error {
	return s.db.view(ctx, func(tx *sql.Tx) error {
		region := map[string]string{}
		err := eachDoc(ctx, tx, syncproto.EntityTraining, func(t *alliance.Training) error {
			region[t.ID] = t.RegionID
			return nil
		})
		if err != nil {
			return err
		}
		holders := map[string]*alliance.Participant{}
		err = eachDoc(ctx, tx, syncproto.EntityParticipant, func(p *alliance.Participant) error {
			holders[p.ID] = p
			return nil
		})
		if err != nil {
			return err
		}
		return eachDoc(ctx, tx, syncproto.EntityCertificate, func(c *alliance.Certificate) error {
			if !certificateInReport(f, c, region) {
				return nil
			}
			return fn(c, holders[c.ParticipantID])
		})
	})
}

// EachEntry streams the contest entries submitted in the filter.
func (s *ReportService) EachEntry(ctx context.Context, f alliance.ReportFilter, fn func(e *alliance.Entry, c *alliance.Contest) error) error {
	return s.db.view(ctx, func(tx *sql.Tx) error {
		contests := map[string]*alliance.Contest{}
		err := eachDoc(ctx, tx, syncproto.EntityContest, func(c *alliance.Contest) error {
			contests[c.ID] = c
			return nil
		})
		if err != nil {
			return err
		}
		return eachDoc(ctx, tx, syncproto.EntityEntry, func(e *alliance.Entry) error {
			c := contests[e.ContestID]
			if !entryInReport(f, e) || c == nil {
				return nil
			}
			return fn(e, c)
		})
	})
}
