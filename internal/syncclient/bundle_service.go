package syncclient

import (
	"context"
	"io"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

var _ alliance.BundleService = (*Bundles)(nil)

// Bundles is the laptop's sync by file and its relay, as the app uses
// them.
type Bundles struct {
	Syncer *Syncer
	Files  BundleFiles
	Relay  *Relay
}

// SaveBundle writes the laptop's bundle (see Syncer.WriteBundle).
func (b *Bundles) SaveBundle(ctx context.Context, w io.Writer, withFiles bool) (int, int, error) {
	var files BundleFiles
	if withFiles {
		files = b.Files
	}
	info, err := b.Syncer.WriteBundle(ctx, w, files)
	if err != nil {
		return 0, 0, err
	}
	return info.Changes, info.Files, nil
}

// OpenReply takes a reply (see Syncer.ReadReply).
func (b *Bundles) OpenReply(ctx context.Context, r io.Reader) (alliance.BundleReply, error) {
	info, err := b.Syncer.ReadReply(ctx, r, b.Files)
	if err != nil {
		return alliance.BundleReply{}, err
	}
	return alliance.BundleReply{AckedUpTo: info.AckedUpTo, SetAside: info.SetAside, Records: info.Records, Files: info.Files,
		Stale: info.Stale, More: info.More, Stopped: info.PushError}, nil
}

// Carry takes a colleague's bundle (see Relay.Carry).
func (b *Bundles) Carry(name string, r io.Reader) error { return b.Relay.Carry(name, r) }

// Carried lists what the relay holds (see Relay.Carried).
func (b *Bundles) Carried() ([]string, []string, map[string]string) { return b.Relay.Carried() }

// CopyReply copies a colleague's reply (see Relay.CopyReply).
func (b *Bundles) CopyReply(name string, w io.Writer) error { return b.Relay.CopyReply(name, w) }

// DropReply forgets a reply given back (see Relay.DropReply).
func (b *Bundles) DropReply(name string) error { return b.Relay.DropReply(name) }
