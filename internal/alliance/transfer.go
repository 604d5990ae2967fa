package alliance

import (
	"context"
	"time"
)

// TransferState is where one file's transfer stands.
type TransferState string

const (
	TransferWaiting TransferState = "waiting" // in the queue (maybe after a cut: it goes on from where it was)
	TransferActive  TransferState = "active"  // sending or receiving now
	TransferDone    TransferState = "done"
	TransferFailed  TransferState = "failed" // refused for a reason a person must see; retried when asked
)

// FileTransfer is one file on its way to or from the server. Files follow
// their records: a record syncs first, its files after, each on its own.
type FileTransfer struct {
	Hash      string
	Name      string
	Upload    bool // to the server; false: from it
	Size      int64
	Done      int64 // bytes the other side has (upload) or this laptop has (download)
	State     TransferState
	Code      string // why it waits or failed: an error code
	Message   string // and in words, for logs; the UI translates Code
	Attempts  int
	NextTry   time.Time
	UpdatedAt time.Time
	URL       string // the upload's address on the server, to resume it
}

// Percent is how far the transfer has come, 0–100.
func (t *FileTransfer) Percent() int {
	if t.Size <= 0 {
		return 0
	}
	return int(t.Done * 100 / t.Size)
}

// TransferStatus is the file queue as the UI shows it.
type TransferStatus struct {
	Files  []FileTransfer // waiting and active first, then failed, then done
	Paused bool
}

// Totals counts the files still to move and those failed, and sums the
// bytes of the queue (the files moved already included, so that the
// progress grows as files go instead of starting again with each file)
// and how much of them has moved.
func (s *TransferStatus) Totals() (left, failed int, bytesDone, bytes int64) {
	for _, f := range s.Files {
		switch f.State {
		case TransferDone:
			bytes += f.Size
			bytesDone += f.Size
		case TransferFailed:
			failed++
		default:
			left++
			bytes += f.Size
			bytesDone += f.Done
		}
	}
	return left, failed, bytesDone, bytes
}

// Of returns the transfer of the file hash, if any (an upload first).
func (s *TransferStatus) Of(hash string) (FileTransfer, bool) {
	var found FileTransfer
	ok := false
	for _, f := range s.Files {
		if f.Hash == hash && (!ok || f.Upload) {
			found, ok = f, true
		}
	}
	return found, ok
}

// TransferService moves the files of records between the laptop and the
// server, in the background.
type TransferService interface {
	Transfers() TransferStatus
	// Refresh reads the queue again (files newly named by saved records)
	// and tells the listeners.
	Refresh(ctx context.Context) error
	// OnTransfers registers fn for every change of the queue or progress;
	// fn may run on any goroutine and must not block.
	OnTransfers(fn func(TransferStatus))
	// SetPaused stops or restarts the transfers; a file cut by a pause
	// goes on from where it was.
	SetPaused(paused bool)
	// Fetch asks for a file from the server now (a member laptop gets
	// files when they are needed; the secretariat's gets them all).
	Fetch(f FileRef)
	// Retry puts a failed transfer back in the queue.
	Retry(hash string, upload bool)
}
