package ui

import (
	"github.com/ngo-alliance/alliance/internal/alliance"
)

// onTransfers shows a change of the file queue wherever it is seen: the
// Sync screen, the open entry's files, and the pictures that were missing
// and have just arrived.
func (u *UI) onTransfers(st alliance.TransferStatus) {
	if u.status != nil {
		u.status.showFiles(st)
	}
	if u.screen == ScreenSync && u.syncScreen != nil {
		u.syncScreen.FilesChanged(st)
	}
	arrived := false
	for _, f := range st.Files {
		if !f.Upload && f.State == alliance.TransferDone && !u.received[f.Hash] {
			if u.received == nil {
				u.received = map[string]bool{}
			}
			u.received[f.Hash] = true
			arrived = true
		}
	}
	if u.contests != nil {
		u.contests.FilesChanged(arrived)
	}
}
