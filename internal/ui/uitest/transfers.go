package uitest

import (
	"context"
	"slices"
	"sync"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Transfers is a file transfer service that moves nothing: it answers
// Status and notes the files asked for, for a screen's tests.
type Transfers struct {
	Status alliance.TransferStatus
	mu     sync.Mutex
	asked  []string
}

var _ alliance.TransferService = (*Transfers)(nil)

// Transfers is Status.
func (f *Transfers) Transfers() alliance.TransferStatus { return f.Status }

// Refresh does nothing.
func (f *Transfers) Refresh(context.Context) error { return nil }

// OnTransfers does nothing: the status never changes by itself.
func (f *Transfers) OnTransfers(func(alliance.TransferStatus)) {}

// SetPaused notes the pause in Status.
func (f *Transfers) SetPaused(paused bool) { f.Status.Paused = paused }

// Retry does nothing.
func (f *Transfers) Retry(string, bool) {}

// Fetch notes the file asked for.
func (f *Transfers) Fetch(ref alliance.FileRef) {
	f.mu.Lock()
	f.asked = append(f.asked, ref.Hash)
	f.mu.Unlock()
}

// Asked tells whether the file with hash was asked for.
func (f *Transfers) Asked(hash string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Contains(f.asked, hash)
}
