package syncserver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"time"

	"aead.dev/minisign"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/update"
)

// Release is a version of the app the secretariat published for one
// platform.
type Release struct {
	Version     string
	Platform    string
	SHA256      string
	Size        int64
	Signature   string
	Rollout     int // percent of the laptops offered it
	AddedAt     time.Time
	WithdrawnAt time.Time
	Running     int // laptops that said at their last pull they run it
}

// AddRelease publishes the release file (the app compressed with xz) with
// its signature: checked with keys (those built into the app, which the
// laptops check it with again) to be version for platform, then copied
// into the file store and offered to rollout percent of the laptops.
func (s *Store) AddRelease(ctx context.Context, file string, sig []byte, version, platform string, rollout int, keys []minisign.PublicKey) (*Release, error) {
	if rollout < 0 || rollout > 100 {
		return nil, alliance.Errorf(alliance.EINVALID, "the rollout is a percentage, 0 to 100")
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, alliance.OSError(err, filepath.Dir(file))
	}
	defer f.Close()
	rel, err := update.Verify(keys, f, sig)
	if err != nil {
		return nil, err
	}
	if rel.Version != version || (platform != "" && rel.Platform != platform) {
		return nil, alliance.Errorf(alliance.EINVALID, "the signature is for %s %s, not %s %s: sign the file again", rel.Version, rel.Platform, version, platform)
	}
	if _, err := f.Seek(0, 0); err != nil {
		return nil, err
	}
	blobs, err := filestore.Open(filepath.Join(s.Dir, "blobs"))
	if err != nil {
		return nil, err
	}
	hash, size, _, err := blobs.Put(f, syncproto.MaxFileBytes)
	if err != nil {
		return nil, err
	}
	r := &Release{Version: rel.Version, Platform: rel.Platform, SHA256: hash, Size: size, Signature: string(sig), Rollout: rollout, AddedAt: s.Now().UTC()}
	err = s.update(ctx, func(tx *Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM releases WHERE version = ? AND platform = ?`, r.Version, r.Platform).Scan(&one)
		if err == nil {
			return alliance.Errorf(alliance.ECONFLICT, "version %s for %s is published already: a changed build needs a new version", r.Version, r.Platform)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO releases (version, platform, sha256, size, signature, rollout, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.Version, r.Platform, r.SHA256, r.Size, r.Signature, r.Rollout, s.now())
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Releases lists the published releases, newest version first, with how
// many laptops run each.
func (s *Store) Releases(ctx context.Context) ([]Release, error) {
	var out []Release
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = releases(ctx, tx, "")
		return err
	})
	return out, err
}

func releases(ctx context.Context, tx *sql.Tx, platform string) ([]Release, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.version, r.platform, r.sha256, r.size, r.signature, r.rollout, r.added_at,
		COALESCE(r.withdrawn_at, ''),
		(SELECT COUNT(*) FROM devices d WHERE d.app_version = r.version AND d.platform = r.platform AND d.revoked_at IS NULL)
		FROM releases r WHERE ?1 = '' OR r.platform = ?1`, platform)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Release
	for rows.Next() {
		var r Release
		var added, withdrawn string
		if err := rows.Scan(&r.Version, &r.Platform, &r.SHA256, &r.Size, &r.Signature, &r.Rollout, &added, &withdrawn, &r.Running); err != nil {
			return nil, err
		}
		r.AddedAt, _ = time.Parse(time.RFC3339Nano, added)
		r.WithdrawnAt, _ = time.Parse(time.RFC3339Nano, withdrawn)
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Version != out[j].Version {
			return update.Newer(out[i].Version, out[j].Version)
		}
		return out[i].Platform < out[j].Platform
	})
	return out, rows.Err()
}

// SetRollout offers version (for platform, or every platform when empty)
// to percent of the laptops: more of them as confidence grows, 100 for
// all, 0 to hold it.
func (s *Store) SetRollout(ctx context.Context, version, platform string, percent int) error {
	if percent < 0 || percent > 100 {
		return alliance.Errorf(alliance.EINVALID, "the rollout is a percentage, 0 to 100")
	}
	return s.changeRelease(ctx, version, platform, `UPDATE releases SET rollout = ?3 WHERE version = ?1 AND (?2 = '' OR platform = ?2)`, percent)
}

// WithdrawRelease stops offering version: laptops that fetched it and did
// not install it drop it at their next sync; those that installed it go
// on to the next version published (or back, by their user's choice).
func (s *Store) WithdrawRelease(ctx context.Context, version, platform string) error {
	return s.changeRelease(ctx, version, platform, `UPDATE releases SET withdrawn_at = ?3 WHERE version = ?1 AND (?2 = '' OR platform = ?2) AND withdrawn_at IS NULL`, s.now())
}

func (s *Store) changeRelease(ctx context.Context, version, platform, query string, arg any) error {
	return s.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE version = ?1 AND (?2 = '' OR platform = ?2)`, version, platform).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return alliance.Errorf(alliance.ENOTFOUND, "no release %s %s (see release list)", version, platform)
		}
		_, err := tx.ExecContext(ctx, query, version, platform, arg)
		return err
	})
}

// inRollout tells whether a device is among the percent of laptops
// offered version: a fixed draw per device and version, so that a laptop
// once offered a version stays offered as the percentage grows, and the
// first laptops of one version are not always those of the next.
func inRollout(deviceID, version string, percent int) bool {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%s", deviceID, version)
	return int(h.Sum32()%100) < percent
}

// offerFor notes the version the device runs and returns the newest
// release offered to it, newer than that version (nil: none).
func (s *Store) offerFor(ctx context.Context, dev *Device, req syncproto.PullRequest) (*syncproto.ReleaseOffer, error) {
	if !update.ValidVersion(req.App) || !update.ValidPlatform(req.Platform) {
		return nil, nil // an older laptop, or one that says nothing valid
	}
	if req.App != dev.AppVersion || req.Platform != dev.Platform {
		if err := s.update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE devices SET app_version = ?, platform = ? WHERE id = ?`, req.App, req.Platform, dev.ID)
			return err
		}); err != nil {
			return nil, err
		}
	}
	var offer *syncproto.ReleaseOffer
	err := s.view(ctx, func(tx *sql.Tx) error {
		rs, err := releases(ctx, tx, req.Platform)
		if err != nil {
			return err
		}
		for _, r := range rs { // newest first
			if r.WithdrawnAt.IsZero() && update.Newer(r.Version, req.App) && inRollout(dev.ID, r.Version, r.Rollout) {
				offer = &syncproto.ReleaseOffer{Version: r.Version, Platform: r.Platform, SHA256: r.SHA256, Size: r.Size, Signature: r.Signature}
				return nil
			}
		}
		return nil
	})
	return offer, err
}
