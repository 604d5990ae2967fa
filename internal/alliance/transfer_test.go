package alliance_test

import (
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// TestTransferStatus_Totals: the bytes moved grow as files go — a file
// sent counts as moved, not as gone from the queue (the Sync screen stayed
// at "0 B of 6,5 MB" while files went).
func TestTransferStatus_Totals(t *testing.T) {
	st := alliance.TransferStatus{Files: []alliance.FileTransfer{
		{State: alliance.TransferActive, Size: 4 << 20, Done: 1 << 20},
		{State: alliance.TransferWaiting, Size: 2 << 20},
		{State: alliance.TransferDone, Size: 1 << 20, Done: 1 << 20},
		{State: alliance.TransferFailed, Size: 9 << 20},
	}}
	left, failed, done, total := st.Totals()
	if left != 2 || failed != 1 || done != 2<<20 || total != 7<<20 {
		t.Fatalf("left %d failed %d, %d of %d bytes", left, failed, done, total)
	}
}
