package syncproto

import (
	"encoding/json"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Version is the sync protocol version both sides must speak.
const Version = 2

// Entities that travel between laptops and the server.
const (
	EntityActivity     = "activity"
	EntityOrganisation = "organisation"
	EntityTraining     = "training"
	EntityParticipant  = "participant"
	EntityCertificate  = "certificate"
	EntityContest      = "contest"       // shared: the secretariat's, on every laptop
	EntityEntry        = "entry"         // a child's contest entry
	EntityEntryVersion = "entry_version" // an entry as it was before a correction
	EntityScore        = "score"         // one judge's marks for one entry
	EntityCampaign     = "campaign"      // shared: a campaign or donor project, the secretariat's
	EntityResource     = "resource"      // shared: a manual, kit, poster or film of the library, the secretariat's
)

// Shared reports whether records of entity reach every device (reference
// data) rather than their organisation's devices only.
func Shared(entity string) bool {
	return entity == EntityOrganisation || entity == EntityContest || entity == EntityCampaign || entity == EntityResource
}

// FieldDeleted is the field a delete sets to true and a restore to false.
const FieldDeleted = "deleted"

// Operations of a change. They say why a change was made; applying it only
// needs Fields, which hold the new value of every changed field (a delete
// sets "deleted" to true, a restore sets it to false).
const (
	OpCreate  = "create"
	OpUpdate  = "update"
	OpDelete  = "delete"
	OpRestore = "restore"
)

// Change is one write to one record: what the laptop's outbox keeps and a
// push sends. All its fields carry the same stamp, HLC. Base holds, for
// each changed field of an existing record, the stamp the field had when
// the edit was made: a stored stamp other than Base means someone else
// wrote the field meanwhile, a real conflict.
type Change struct {
	Seq    int64                      `json:"seq"` // the device's outbox sequence number
	Entity string                     `json:"entity"`
	ID     string                     `json:"id"`
	Org    string                     `json:"org,omitempty"` // owner organisation, for scope checks
	Op     string                     `json:"op"`
	HLC    string                     `json:"hlc"`
	Fields map[string]json.RawMessage `json:"fields"`
	Base   map[string]string          `json:"base,omitempty"`
	// Replay marks a change sent again to a server restored from a backup:
	// merged by its stamp like any other, but a replayed value that loses
	// to a newer one is not a conflict (nobody edited concurrently).
	Replay bool `json:"replay,omitempty"`
	// By is the person signed in on the laptop who made the change (nil:
	// nobody — the command line, or a laptop of before profiles). The
	// server keeps it as the laptop says it: it vouches for the device,
	// the device for its people.
	By *alliance.Person `json:"by,omitempty"`
}
