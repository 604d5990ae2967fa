package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

var _ alliance.TrainingService = (*TrainingService)(nil)

// TrainingService keeps trainings, their participants and attendance.
type TrainingService struct {
	db *DB
}

// NewTrainingService returns the training service of db.
func NewTrainingService(db *DB) *TrainingService { return &TrainingService{db: db} }

// FindTrainings returns the live trainings, latest first.
func (s *TrainingService) FindTrainings(ctx context.Context) ([]alliance.Training, error) {
	var out []alliance.Training
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = listDocs(ctx, tx, syncproto.EntityTraining, "", true, func(t *alliance.Training, id string) { t.ID = id })
		return err
	})
	return out, err
}

// FindTrainingByID returns the live training id.
func (s *TrainingService) FindTrainingByID(ctx context.Context, id string) (*alliance.Training, error) {
	var t alliance.Training
	err := s.db.view(ctx, func(tx *sql.Tx) error { return getDoc(ctx, tx, syncproto.EntityTraining, id, &t) })
	if err != nil {
		return nil, err
	}
	t.ID = id
	return &t, nil
}

func normalizeTraining(t *alliance.Training) {
	for _, p := range []*string{&t.Title, &t.Trainers, &t.Settlement, &t.Place, &t.Notes} {
		*p = strings.TrimSpace(*p)
	}
	if t.MinAttendance == 0 {
		t.MinAttendance = alliance.DefaultMinAttendance
	}
	for i := range t.Sessions {
		if t.Sessions[i].ID == "" {
			t.Sessions[i].ID = alliance.NewID()
		}
	}
	sort.SliceStable(t.Sessions, func(i, j int) bool {
		a, b := t.Sessions[i], t.Sessions[j]
		return a.Date.Before(b.Date) || (a.Date == b.Date && a.Start < b.Start)
	})
}

// CreateTraining validates t, gives it (and its sessions) ids and saves it.
func (s *TrainingService) CreateTraining(ctx context.Context, t *alliance.Training) error {
	normalizeTraining(t)
	if err := t.Validate(); err != nil {
		return err
	}
	if t.ID == "" {
		t.ID = alliance.NewID()
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := checkRegion(ctx, tx, t.RegionID); err != nil {
			return err
		}
		if err := defaultOrg(ctx, tx, &t.OrgID); err != nil {
			return err
		}
		return createDoc(ctx, tx, syncproto.EntityTraining, t.ID, t.OrgID, t)
	})
}

// UpdateTraining saves the fields of t that changed.
func (s *TrainingService) UpdateTraining(ctx context.Context, t *alliance.Training) error {
	normalizeTraining(t)
	if err := t.Validate(); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if _, err := loadLive(ctx, tx, syncproto.EntityTraining, t.ID); err != nil {
			return err
		}
		if err := checkRegion(ctx, tx, t.RegionID); err != nil {
			return err
		}
		return updateDoc(ctx, tx, syncproto.EntityTraining, t.ID, t)
	})
}

// DeleteTraining leaves a tombstone of the training.
func (s *TrainingService) DeleteTraining(ctx context.Context, id string) error {
	return s.db.update(ctx, func(tx *Tx) error { return deleteDoc(ctx, tx, syncproto.EntityTraining, id) })
}

// FindParticipants returns a training's roster in alphabetical order.
func (s *TrainingService) FindParticipants(ctx context.Context, trainingID string) ([]alliance.Participant, error) {
	var out []alliance.Participant
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = participantsOf(ctx, tx, trainingID)
		return err
	})
	return out, err
}

func normalizeParticipant(p *alliance.Participant) {
	p.FullName = alliance.NormalizeName(p.FullName)
	for _, x := range []*string{&p.Organisation, &p.Phone, &p.Email, &p.Accessibility, &p.AgeGroup} {
		*x = strings.TrimSpace(*x)
	}
	if p.Attended == nil {
		p.Attended = []string{}
	}
}

// CreateParticipants saves all of ps in one transaction, or none.
func (s *TrainingService) CreateParticipants(ctx context.Context, ps []*alliance.Participant) error {
	for _, p := range ps {
		normalizeParticipant(p)
		if err := p.Validate(); err != nil {
			return err
		}
		if p.ID == "" {
			p.ID = alliance.NewID()
		}
	}
	return s.db.update(ctx, func(tx *Tx) error {
		for _, p := range ps {
			var t alliance.Training
			if err := getDoc(ctx, tx, syncproto.EntityTraining, p.TrainingID, &t); err != nil {
				return err
			}
			p.OrgID = t.OrgID
			if err := createDoc(ctx, tx, syncproto.EntityParticipant, p.ID, p.OrgID, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateParticipant saves the fields of p that changed.
func (s *TrainingService) UpdateParticipant(ctx context.Context, p *alliance.Participant) error {
	normalizeParticipant(p)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if _, err := loadLive(ctx, tx, syncproto.EntityParticipant, p.ID); err != nil {
			return err
		}
		return updateDoc(ctx, tx, syncproto.EntityParticipant, p.ID, p)
	})
}

// DeleteParticipant leaves a tombstone of the participant.
func (s *TrainingService) DeleteParticipant(ctx context.Context, id string) error {
	return s.db.update(ctx, func(tx *Tx) error { return deleteDoc(ctx, tx, syncproto.EntityParticipant, id) })
}

// SetAttendance marks whether a participant attended a session.
func (s *TrainingService) SetAttendance(ctx context.Context, participantID, sessionID string, present bool) error {
	return s.db.update(ctx, func(tx *Tx) error {
		var p alliance.Participant
		if err := getDoc(ctx, tx, syncproto.EntityParticipant, participantID, &p); err != nil {
			return err
		}
		var t alliance.Training
		if err := getDoc(ctx, tx, syncproto.EntityTraining, p.TrainingID, &t); err != nil {
			return err
		}
		var attended []string
		for _, ses := range t.Sessions { // in session order, each once
			was := false
			for _, id := range p.Attended {
				was = was || id == ses.ID
			}
			if (ses.ID == sessionID && present) || (ses.ID != sessionID && was) {
				attended = append(attended, ses.ID)
			}
		}
		if attended == nil {
			attended = []string{}
		}
		b, _ := json.Marshal(attended)
		return patchDoc(ctx, tx, syncproto.EntityParticipant, participantID, syncproto.OpUpdate,
			map[string]json.RawMessage{"attended": b})
	})
}

// defaultOrg gives a record without an organisation the laptop's.
func defaultOrg(ctx context.Context, tx *Tx, org *string) error {
	if *org != "" {
		return nil
	}
	return tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM settings WHERE key = ?), '')`,
		alliance.SettingOrgID).Scan(org)
}
