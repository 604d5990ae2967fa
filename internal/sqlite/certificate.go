package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

var _ alliance.CertificateService = (*CertificateService)(nil)

// CertificateService issues and revokes certificates.
type CertificateService struct {
	db *DB
}

// NewCertificateService returns the certificate service of db.
func NewCertificateService(db *DB) *CertificateService { return &CertificateService{db: db} }

// FindCertificates returns a training's certificates by serial.
func (s *CertificateService) FindCertificates(ctx context.Context, trainingID string) ([]alliance.Certificate, error) {
	var out []alliance.Certificate
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = certificatesOf(ctx, tx, trainingID)
		return err
	})
	return out, err
}

func certificatesOf(ctx context.Context, q querier, trainingID string) ([]alliance.Certificate, error) {
	return listDocs(ctx, q, syncproto.EntityCertificate, trainingID, false, func(c *alliance.Certificate, id string) { c.ID = id })
}

// FindCertificateBySerial returns the certificate with serial.
func (s *CertificateService) FindCertificateBySerial(ctx context.Context, serial string) (*alliance.Certificate, error) {
	var c alliance.Certificate
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM docs WHERE entity = ? AND unique_key = ? AND deleted = 0`,
			syncproto.EntityCertificate, serial).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(serial)
		} else if err != nil {
			return err
		}
		c.ID = id
		return getDoc(ctx, tx, syncproto.EntityCertificate, id, &c)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Issue gives a certificate to each participant of the training who
// completed it and holds no valid one yet (only participantIDs when
// given). A participant who did not complete it is refused with EINVALID.
// It returns the valid certificates of those participants, old and new,
// in serial order.
func (s *CertificateService) Issue(ctx context.Context, trainingID string, participantIDs []string, languages string) ([]alliance.Certificate, error) {
	if languages == "" {
		languages = alliance.LanguagePairs[0]
	}
	var out []alliance.Certificate
	err := s.db.update(ctx, func(tx *Tx) error {
		out = nil
		var t alliance.Training
		if err := getDoc(ctx, tx, syncproto.EntityTraining, trainingID, &t); err != nil {
			return err
		}
		t.ID = trainingID
		roster, err := participantsOf(ctx, tx, trainingID)
		if err != nil {
			return err
		}
		existing, err := certificatesOf(ctx, tx, trainingID)
		if err != nil {
			return err
		}
		valid := map[string]alliance.Certificate{}
		for _, c := range existing {
			if !c.Revoked {
				valid[c.ParticipantID] = c
			}
		}
		want := map[string]bool{}
		for _, id := range participantIDs {
			want[id] = true
		}
		orgName := organisationName(ctx, tx, t.OrgID)
		from, to := t.Period()
		for _, p := range roster {
			if len(want) > 0 && !want[p.ID] {
				continue
			}
			if !p.Completed(&t) {
				if len(want) > 0 {
					return alliance.Keyed(alliance.EINVALID, "certificates.not_completed", alliance.Args{"Name": p.FullName},
						"%s did not complete the training", p.FullName)
				}
				continue
			}
			if c, ok := valid[p.ID]; ok {
				out = append(out, c) // a reprint keeps its serial
				continue
			}
			serial, err := nextSerial(ctx, tx, t.OrgID)
			if err != nil {
				return err
			}
			c := alliance.Certificate{
				ID: alliance.NewID(), OrgID: t.OrgID, TrainingID: t.ID, ParticipantID: p.ID,
				Serial: serial, Code: verificationCode(), HolderName: p.FullName, TrainingTitle: t.Title,
				Hours: t.TotalHours(), From: from, To: to, Place: place(&t), OrgName: orgName, Signatories: signatories(&t),
				Languages: languages, IssuedAt: tx.now,
			}
			if by := tx.db.acting(ctx); by != nil {
				person := by.Person()
				c.IssuedBy = &person
			}
			if err := c.Validate(); err != nil {
				return err
			}
			if err := createDoc(ctx, tx, syncproto.EntityCertificate, c.ID, c.OrgID, &c); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// Revoke records that a certificate is no longer valid, and why.
func (s *CertificateService) Revoke(ctx context.Context, id, reason string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		if _, err := loadLive(ctx, tx, syncproto.EntityCertificate, id); err != nil {
			return err
		}
		at, _ := json.Marshal(tx.now)
		why, _ := json.Marshal(strings.TrimSpace(reason))
		return patchDoc(ctx, tx, syncproto.EntityCertificate, id, syncproto.OpUpdate, map[string]json.RawMessage{
			"revoked": json.RawMessage("true"), "revoked_at": at, "revoke_reason": why,
		})
	})
}

func participantsOf(ctx context.Context, q querier, trainingID string) ([]alliance.Participant, error) {
	return listDocs(ctx, q, syncproto.EntityParticipant, trainingID, false, func(p *alliance.Participant, id string) { p.ID = id })
}

// nextSerial returns a serial no other laptop can make, without asking the
// server: the organisation's short code, this laptop's HLC node (unique per
// device) and the laptop's own certificate counter, e.g. 7F3A-3C91D2E0-00042.
func nextSerial(ctx context.Context, tx *Tx, orgID string) (string, error) {
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'cert_seq'`).Scan(&v); err != nil {
		return "", err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return "", err
	}
	n++
	if _, err := tx.exec(ctx, `UPDATE meta SET value = ? WHERE key = 'cert_seq'`, strconv.FormatInt(n, 10)); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s-%s-%05d", alliance.OrgCode(orgID), strings.ToUpper(tx.db.Clock.Node()), n), nil
}

// verificationCode returns 8 random characters of Crockford's base32.
func verificationCode() string { return alliance.RandomCode(8) }

func organisationName(ctx context.Context, tx *Tx, id string) string {
	var name string
	_ = tx.QueryRowContext(ctx, `SELECT name FROM organisations WHERE id = ?`, id).Scan(&name)
	return name
}

// place is where a training was: place, settlement (region is on the
// certificate through them).
func place(t *alliance.Training) string {
	var parts []string
	for _, p := range []string{t.Place, t.Settlement} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// signatories are who sign a training's certificates: its signatories, or
// else its trainers.
func signatories(t *alliance.Training) string {
	if strings.TrimSpace(t.Signatories) != "" {
		return t.Signatories
	}
	return t.Trainers
}
