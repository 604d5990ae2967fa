package syncserver_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// TestStore_DeviceList: twenty days on, a laptop that never synced since
// its enrolment is overdue and one that just pulled is not; the list and
// the reminder's days reach the secretariat's laptops only, and every
// laptop learns after how many days to remind its user.
func TestStore_DeviceList(t *testing.T) {
	w := newWorld(t)
	sec, quiet, busy := w.enrol(w.orgS), w.enrol(w.orgA), w.enrol(w.orgA)
	later := time.Now().Add(20 * 24 * time.Hour)
	w.store.Now = func() time.Time { return later }
	var page syncproto.PullResponse
	if st, eb := busy.call("POST", syncproto.PathPull, syncproto.PullRequest{Protocol: syncproto.Version, Limit: 100}, &page); st != 200 {
		t.Fatalf("pull: %d %+v", st, eb)
	}
	if page.RemindDays != 14 {
		t.Fatalf("the laptop is told to remind after %d days", page.RemindDays)
	}
	var list syncproto.DevicesResponse
	if st, eb := sec.call("GET", syncproto.PathDevices, nil, &list); st != 200 {
		t.Fatalf("the secretariat's list: %d %+v", st, eb)
	}
	overdue := map[string]bool{}
	for _, d := range list.Devices {
		overdue[d.ID] = d.Overdue
	}
	if len(list.Devices) != 3 || !overdue[quiet.id] || overdue[busy.id] || list.OverdueDays != 14 {
		t.Fatalf("list %+v", list)
	}
	if st, eb := quiet.call("GET", syncproto.PathDevices, nil, &list); st != http.StatusForbidden || eb.Code != alliance.EFORBIDDEN {
		t.Fatalf("a member's laptop asked for the list: %d %+v", st, eb)
	}
}
