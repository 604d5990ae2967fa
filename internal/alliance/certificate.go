package alliance

import (
	"context"
	"strings"
	"time"
)

// Certificate is a printed proof that a participant completed a training.
// It keeps what it says (holder, title, hours, dates, place) as it was
// when issued, so that a reprint says the same and the server can show it.
type Certificate struct {
	ID            string    `json:"-"`
	OrgID         string    `json:"org_id"`
	TrainingID    string    `json:"training_id"`
	ParticipantID string    `json:"participant_id"`
	Serial        string    `json:"serial"` // unique across every laptop
	Code          string    `json:"code"`   // verification code, printed with the QR
	HolderName    string    `json:"holder_name"`
	TrainingTitle string    `json:"training_title"`
	Hours         float64   `json:"hours"`
	From          Date      `json:"from"`
	To            Date      `json:"to"`
	Place         string    `json:"place"`
	OrgName       string    `json:"org_name"`
	Signatories   string    `json:"signatories"`
	Languages     string    `json:"languages"` // the language pair printed, e.g. "az+en"
	IssuedAt      time.Time `json:"issued_at"`
	IssuedBy      *Person   `json:"issued_by,omitempty"` // who was signed in on the laptop that issued it
	Revoked       bool      `json:"revoked"`
	RevokedAt     time.Time `json:"revoked_at,omitempty"`
	RevokeReason  string    `json:"revoke_reason,omitempty"`
	Deleted       bool      `json:"deleted"`
}

// OrgCode is an organisation's short code in certificate serials
// (ORG-DEVICE-SEQUENCE): the last 4 hex digits of its id, upper case;
// "0000" for none (a certificate printed before the laptop was enrolled).
func OrgCode(orgID string) string {
	x := strings.ReplaceAll(orgID, "-", "")
	if len(x) < 4 {
		return "0000"
	}
	return strings.ToUpper(x[len(x)-4:])
}

// SerialParts splits a serial into the organisation's code, the device's
// node (both upper-case hex) and the laptop's counter; ok is false for a
// serial not of that form.
func SerialParts(serial string) (org, node string, n int64, ok bool) {
	parts := strings.Split(serial, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) != 8 || len(parts[2]) < 5 || len(parts[2]) > 12 {
		return "", "", 0, false
	}
	for _, p := range parts[:2] {
		for _, r := range p {
			if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'F') {
				return "", "", 0, false
			}
		}
	}
	for _, r := range parts[2] {
		if r < '0' || r > '9' {
			return "", "", 0, false
		}
		n = n*10 + int64(r-'0')
	}
	return parts[0], parts[1], n, true
}

// Language pairs a certificate can be printed in; the first is the default.
var LanguagePairs = []string{"az+en", "az+ru", "ru+en", "az", "en", "ru"}

// Validate checks a certificate.
func (c *Certificate) Validate() error {
	var v validator
	v.required("serial", c.Serial)
	v.required("code", c.Code)
	v.required("holder_name", c.HolderName)
	v.required("training_title", c.TrainingTitle)
	if !contains(LanguagePairs, c.Languages) {
		v.add("languages", "validation.choose", nil)
	}
	return v.err("certificate")
}

// TrainingService keeps trainings, their rosters and attendance.
type TrainingService interface {
	FindTrainings(ctx context.Context) ([]Training, error)
	FindTrainingByID(ctx context.Context, id string) (*Training, error)
	CreateTraining(ctx context.Context, t *Training) error
	UpdateTraining(ctx context.Context, t *Training) error
	DeleteTraining(ctx context.Context, id string) error

	FindParticipants(ctx context.Context, trainingID string) ([]Participant, error)
	// CreateParticipants saves all of ps (an imported roster) or none.
	CreateParticipants(ctx context.Context, ps []*Participant) error
	UpdateParticipant(ctx context.Context, p *Participant) error
	DeleteParticipant(ctx context.Context, id string) error
	// SetAttendance marks whether participant attended session.
	SetAttendance(ctx context.Context, participantID, sessionID string, present bool) error
}

// CertificateService issues certificates.
type CertificateService interface {
	FindCertificates(ctx context.Context, trainingID string) ([]Certificate, error)
	FindCertificateBySerial(ctx context.Context, serial string) (*Certificate, error)
	// Issue gives a certificate to each participant who completed the
	// training and has none yet (all of participantIDs when given, only
	// those). It returns the training's certificates for them, old and new.
	Issue(ctx context.Context, trainingID string, participantIDs []string, languages string) ([]Certificate, error)
	Revoke(ctx context.Context, id, reason string) error
}
