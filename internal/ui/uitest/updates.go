package uitest

import (
	"context"
	"sync"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Updates is an update service whose status the test sets; Install and
// GoBack count their calls and put /opt/alliance/alliance in place.
type Updates struct {
	mu        sync.Mutex
	st        alliance.UpdateStatus
	listeners []func(alliance.UpdateStatus)
	installs  int
	backs     int
	// Err, when set, is what Install fails with.
	Err error
}

var _ alliance.UpdateService = (*Updates)(nil)

// NewUpdates returns the service with status st.
func NewUpdates(st alliance.UpdateStatus) *Updates { return &Updates{st: st} }

// Status is the status last set.
func (f *Updates) Status() alliance.UpdateStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st
}

// OnStatus registers fn for Set.
func (f *Updates) OnStatus(fn func(alliance.UpdateStatus)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listeners = append(f.listeners, fn)
}

// Set changes the status and tells the listeners.
func (f *Updates) Set(st alliance.UpdateStatus) {
	f.mu.Lock()
	f.st = st
	fns := f.listeners
	f.mu.Unlock()
	for _, fn := range fns {
		fn(st)
	}
}

// Install counts the call.
func (f *Updates) Install(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.installs++
	if f.Err != nil {
		return "", f.Err
	}
	return "/opt/alliance/alliance", nil
}

// GoBack counts the call.
func (f *Updates) GoBack(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.backs++
	return "/opt/alliance/alliance", nil
}

// Calls are how many times Install and GoBack were called.
func (f *Updates) Calls() (installs, backs int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.installs, f.backs
}
