package alliance

import "context"

// UpdateState is where a new version of the app stands on this laptop.
type UpdateState string

const (
	UpdateNone        UpdateState = ""            // nothing offered: this is the newest version
	UpdateDownloading UpdateState = "downloading" // offered, coming through the file transfer
	UpdateReady       UpdateState = "ready"       // here and verified: it can be installed
	UpdateRefused     UpdateState = "refused"     // here but not signed by the alliance (or older): never installed
)

// UpdateStatus is what the laptop knows of a new version.
type UpdateStatus struct {
	Current  string // the running version
	Platform string // windows-amd64, linux-amd64
	Version  string // the version offered, when one is
	State    UpdateState
	Size     int64 // bytes of the download
	Done     int64 // of them on this laptop
	Err      error // why it was refused, or why the last install failed
	// Previous is the version this one replaced, kept to go back to ("" when
	// none is kept).
	Previous string
	// Updated is the version this one replaced at this start (shown once:
	// "Alliance was updated from …"); Back says it went back from it.
	Updated string
	Back    bool
}

// UpdateService fetches, checks and installs new versions of the app. A
// version is only ever installed when the user asks, and only when it is
// signed with a key built into this version and newer than it.
type UpdateService interface {
	Status() UpdateStatus
	// OnStatus registers fn for every change; fn may run on any goroutine
	// and must not block.
	OnStatus(fn func(UpdateStatus))
	// Install verifies the ready version again, copies the data aside and
	// puts the new program in place of this one, keeping this one to go
	// back to. It returns the program to start; the caller quits.
	Install(ctx context.Context) (program string, err error)
	// GoBack puts the previous version back. It returns the program to
	// start; the caller quits.
	GoBack(ctx context.Context) (program string, err error)
}
