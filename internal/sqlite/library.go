package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// LibraryService keeps the library's resources (documents the secretariat
// publishes) and counts how the activities used them.
type LibraryService struct {
	db *DB
}

var _ alliance.LibraryService = (*LibraryService)(nil)

// NewLibraryService returns the library service of db.
func NewLibraryService(db *DB) *LibraryService { return &LibraryService{db: db} }

// FindResources returns the live resources, by their Azerbaijani title.
func (s *LibraryService) FindResources(ctx context.Context) ([]alliance.Resource, error) {
	var out []alliance.Resource
	err := s.db.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = listDocs(ctx, tx, syncproto.EntityResource, "", false, func(r *alliance.Resource, id string) { r.ID = id })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find resources: %w", err)
	}
	return out, nil
}

// FindResourceByID returns the live resource id.
func (s *LibraryService) FindResourceByID(ctx context.Context, id string) (*alliance.Resource, error) {
	var r alliance.Resource
	err := s.db.view(ctx, func(tx *sql.Tx) error { return getDoc(ctx, tx, syncproto.EntityResource, id, &r) })
	if err != nil {
		return nil, fmt.Errorf("find resource %s: %w", id, err)
	}
	r.ID = id
	return &r, nil
}

// normalizeResource trims the texts and puts the versions in the
// languages' order.
func normalizeResource(r *alliance.Resource) {
	for i := range r.Versions {
		v := &r.Versions[i]
		v.Title, v.Description = strings.TrimSpace(v.Title), strings.TrimSpace(v.Description)
	}
	order := map[string]int{"az": 0, "ru": 1, "en": 2}
	slices.SortStableFunc(r.Versions, func(a, b alliance.ResourceVersion) int { return order[a.Lang] - order[b.Lang] })
	r.CRC = canonical(alliance.Articles, r.CRC)
	if len(r.CRC) == 0 {
		r.CRC = nil
	}
}

// CreateResource publishes a resource (the secretariat's laptops); its
// files go in the upload queue.
func (s *LibraryService) CreateResource(ctx context.Context, r *alliance.Resource) error {
	normalizeResource(r)
	if err := r.ValidateAt(alliance.Today()); err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = alliance.NewID()
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		if err := defaultOrg(ctx, tx, &r.OrgID); err != nil {
			return err
		}
		return createDoc(ctx, tx, syncproto.EntityResource, r.ID, r.OrgID, r)
	})
}

// UpdateResource saves the fields of r that changed.
func (s *LibraryService) UpdateResource(ctx context.Context, r *alliance.Resource) error {
	normalizeResource(r)
	if err := r.ValidateAt(alliance.Today()); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		var old alliance.Resource
		if err := getDoc(ctx, tx, syncproto.EntityResource, r.ID, &old); err != nil {
			return err
		}
		r.OrgID = old.OrgID
		return updateDoc(ctx, tx, syncproto.EntityResource, r.ID, r)
	})
}

// DeleteResource takes a resource out of the library; the activities that
// used it keep their note of it, which reports no longer name.
func (s *LibraryService) DeleteResource(ctx context.Context, id string) error {
	return s.db.update(ctx, func(tx *Tx) error {
		if err := requireSecretariat(ctx, tx); err != nil {
			return err
		}
		return deleteDoc(ctx, tx, syncproto.EntityResource, id)
	})
}

// ResourceUses counts, for the live activities of the filter, each
// resource's activities and copies handed out, the most copies first.
func (s *LibraryService) ResourceUses(ctx context.Context, f alliance.ReportFilter) ([]alliance.ResourceCount, error) {
	counts := map[string]*alliance.ResourceCount{}
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		where, args := reportWhere(f)
		rows, err := tx.QueryContext(ctx, `SELECT resources FROM activities WHERE `+where+` AND resources != '[]'`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var text string
			if err := rows.Scan(&text); err != nil {
				return err
			}
			var us []alliance.ResourceUse
			if json.Unmarshal([]byte(text), &us) != nil {
				continue
			}
			for _, u := range us {
				c := counts[u.ResourceID]
				if c == nil {
					c = &alliance.ResourceCount{ResourceID: u.ResourceID}
					counts[u.ResourceID] = c
				}
				c.Activities++
				c.Copies += u.Copies
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("resource uses: %w", err)
	}
	out := make([]alliance.ResourceCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b alliance.ResourceCount) int {
		if a.Copies != b.Copies {
			return b.Copies - a.Copies
		}
		if a.Activities != b.Activities {
			return b.Activities - a.Activities
		}
		return strings.Compare(a.ResourceID, b.ResourceID)
	})
	return out, nil
}

// LibraryFiles returns the files of the library's live resources of at
// most max bytes: every laptop fetches those at once.
func (s *SyncStore) LibraryFiles(ctx context.Context, max int64) ([]alliance.FileRef, error) {
	var out []alliance.FileRef
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		rs, err := listDocs(ctx, tx, syncproto.EntityResource, "", false, func(r *alliance.Resource, id string) { r.ID = id })
		if err != nil {
			return err
		}
		for _, r := range rs {
			for _, v := range r.Versions {
				if v.File.Size <= max {
					out = append(out, v.File)
				}
			}
		}
		return nil
	})
	return out, err
}
