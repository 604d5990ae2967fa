package syncproto

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Paths of the sync API. Bodies are JSON, gzip-compressed both ways, or
// for pulls and pushes the compact encoding (ContentColumns, compact.go).
const (
	PathStatus = "/v1/status"
	PathEnroll = "/v1/enroll"
	PathPush   = "/v1/push"
	PathPull   = "/v1/pull"
	// PathBundles takes a laptop's bundle (sync by file) from any enrolled
	// laptop that carried it, and answers with the reply to carry back.
	PathBundles = "/v1/bundles"
	// PathDevices lists the laptops and their last sync, for the
	// secretariat's laptops only.
	PathDevices = "/v1/devices"
	// PathVerify is the public page a certificate's QR code opens.
	PathVerify = "/verify/"
)

// HeaderNextCursor is the header of a pull's answer with more to come:
// the cursor and conflict cursor the next page starts at ("812 3"), before
// the page's body, so that a laptop asks for the next page while this
// one comes down a slow link.
const HeaderNextCursor = "Alliance-Next-Cursor"

// VerifyURL is the address printed in a certificate's QR code.
func VerifyURL(server, serial, code string) string {
	return strings.TrimRight(server, "/") + PathVerify + serial + "?c=" + code
}

// Limits the server enforces and the client respects. Every endpoint
// bounds the bytes it reads as sent and once decompressed; a push is
// decompressed into memory, so its bounds are tighter than a file's.
const (
	MaxPushChanges = 500     // changes in one push
	MaxPushBytes   = 1 << 20 // about this much JSON of fields per push (the client's batches)
	// MaxRecordBytes caps one change's fields, and one record's, as JSON:
	// the largest legitimate record (a training with its sessions, an entry
	// with its consent) is a few kilobytes.
	MaxRecordBytes = 256 << 10
	// MaxJSONDepth caps how deep a record's values nest (a request's own
	// structure adds a few levels): records nest three or four deep.
	MaxJSONDepth = 16
	// MaxPushBody is the largest push as sent and once decompressed.
	MaxPushBody = 4 << 20
	// MaxSmallBody is the largest enrolment or pull request, as sent and
	// once decompressed.
	MaxSmallBody   = 8 << 10
	MaxPullRecords = 1000
	DefaultPull    = 500
	// MaxPullBytes caps one pull page's records as JSON (at least one
	// record is always sent).
	MaxPullBytes = 2 << 20
	// MaxSeq is the largest sequence number a device may use; MaxSkip the
	// most sequence numbers one push may declare skipped.
	MaxSeq  = 1 << 53
	MaxSkip = 1 << 24
)

// ErrorBody is the JSON body of every error answer.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Expected is, for a push that does not continue the device's
	// sequence (ESEQUENCE), the sequence number the server waits for.
	Expected int64 `json:"expected,omitempty"`
	// Erase tells a laptop revoked as lost (EREVOKED) to erase the
	// children's data it holds and sign everyone out.
	Erase bool `json:"erase,omitempty"`
}

// StatusResponse answers GET /v1/status (no token needed): a probe.
type StatusResponse struct {
	Protocol  int    `json:"protocol"`
	ServerHLC string `json:"server_hlc"`
}

// Versioned is a request that says which protocol version it speaks.
type Versioned interface {
	ProtocolVersion() int
}

// ProtocolVersion is the version the request speaks.
func (r EnrollRequest) ProtocolVersion() int { return r.Protocol }

// ProtocolVersion is the version the request speaks.
func (r PushRequest) ProtocolVersion() int { return r.Protocol }

// ProtocolVersion is the version the request speaks.
func (r PullRequest) ProtocolVersion() int { return r.Protocol }

// EnrollRequest turns a one-time code into a device token. The server
// mints the device's identity; Node is the clock node (8 hex digits) the
// laptop stamps with and prints in its certificates' serials, kept when no
// other active device has it; NextSeq is the first outbox sequence number
// the laptop will push (its changes made before enrolment included).
type EnrollRequest struct {
	Protocol int    `json:"protocol"`
	Code     string `json:"code"`
	Node     string `json:"node"`
	NextSeq  int64  `json:"next_seq"`
	Name     string `json:"name"`
}

// EnrollResponse carries the device's token (shown once, stored only as a
// hash on the server), its identity and node, and its organisation. A
// Node other than the one asked for must be used from now on.
type EnrollResponse struct {
	DeviceID    string `json:"device_id"`
	Node        string `json:"node"`
	Token       string `json:"token"`
	OrgID       string `json:"org_id"`
	OrgName     string `json:"org_name"`
	Secretariat bool   `json:"secretariat"`
	ServerHLC   string `json:"server_hlc"`
	// Epoch names the server's history; a new one after a restore.
	Epoch string `json:"epoch,omitempty"`
	// RecoveryKey is the public part of the secretariat's recovery key
	// ("age1…"): the laptop keeps its data key wrapped for it.
	RecoveryKey string `json:"recovery_key,omitempty"`
	// ServerKey is the server's public key ("age1…") a laptop encrypts its
	// bundles for (sync by file).
	ServerKey string `json:"server_key,omitempty"`
	// Columns says the server reads pushes and bundles in the compact
	// encoding (ContentColumns); a server before it leaves it out.
	Columns bool `json:"columns,omitempty"`
}

// PushRequest sends outbox entries, in the device's sequence order: each
// seq one more than the one before, the first one more than the last the
// server acknowledged. SkipTo declares that the sequence numbers after the
// server's mark up to SkipTo are not on this laptop any more (set aside
// here): the server notes the skip instead of waiting for them. Cursor is
// how far the laptop has pulled: the server knows from it which records'
// states the laptop holds, and does not send its own changes back when
// they were made on a state it held.
type PushRequest struct {
	Protocol int      `json:"protocol"`
	Changes  []Change `json:"changes"`
	SkipTo   int64    `json:"skip_to,omitempty"`
	Cursor   int64    `json:"cursor"`
}

// PushResponse acknowledges every change up to AckedUpTo: applied, found
// already applied, or set aside with its reason.
type PushResponse struct {
	AckedUpTo int64      `json:"acked_up_to"`
	SetAside  []SetAside `json:"set_aside,omitempty"`
	ServerHLC string     `json:"server_hlc"`
	Epoch     string     `json:"epoch,omitempty"` // as in EnrollResponse
}

// SetAside is a change the server did not apply and will not: it breaks a
// rule. It is acknowledged so that it never blocks the queue.
type SetAside struct {
	Seq     int64  `json:"seq"`
	Entity  string `json:"entity"`
	ID      string `json:"id"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// PullRequest asks for the records changed after Cursor and for this
// device's conflicts after ConflictCursor. Records the device itself wrote
// on a state it held, and holds as they are, are left out unless Full (a
// full resync) is set.
type PullRequest struct {
	Protocol       int   `json:"protocol"`
	Cursor         int64 `json:"cursor"`
	ConflictCursor int64 `json:"conflict_cursor"`
	Limit          int   `json:"limit"`
	Full           bool  `json:"full,omitempty"`
	// App and Platform are the version of the app the laptop runs and
	// what it runs on (1.2.0, windows-amd64): the server offers it a newer
	// release, and shows the secretariat which laptops run what.
	App      string `json:"app,omitempty"`
	Platform string `json:"platform,omitempty"`
}

// ReleaseOffer is a new version of the app the server offers a laptop:
// its file is read like any other (PathBlobs + SHA256, by ranges); the
// laptop installs it only when Signature (minisign's text) is by a key
// built into it and names a newer version for its platform.
type ReleaseOffer struct {
	Version   string `json:"version"`
	Platform  string `json:"platform"`
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
	Signature string `json:"signature"`
}

// PullResponse is one page of the change log. Resync says the cursor is
// older than the kept history: start again from 0 and drop what the full
// pass does not bring.
type PullResponse struct {
	Records        []Record   `json:"records"`
	Cursor         int64      `json:"cursor"`
	More           bool       `json:"more"`
	Resync         bool       `json:"resync,omitempty"`
	Conflicts      []Conflict `json:"conflicts,omitempty"`
	ConflictCursor int64      `json:"conflict_cursor"`
	ServerHLC      string     `json:"server_hlc"`
	Epoch          string     `json:"epoch,omitempty"` // as in EnrollResponse
	// Release is the newest version offered to this laptop, on the last
	// page (More false); none: keep the version it runs.
	Release *ReleaseOffer `json:"release,omitempty"`
	// RecoveryKey and ServerKey are as in EnrollResponse, on the last page.
	RecoveryKey string `json:"recovery_key,omitempty"`
	ServerKey   string `json:"server_key,omitempty"`
	// RemindDays is after how many days without a sync the laptop reminds
	// its user (-1: never; 0: not said), on the last page.
	RemindDays int `json:"remind_days,omitempty"`
	// Columns is as in EnrollResponse.
	Columns bool `json:"columns,omitempty"`
	// Compact is the page as it came in the compact encoding (nil: it came
	// as JSON): a laptop keeps it aside as it is.
	Compact []byte `json:"-"`
}

// Record is the server's current state of one record: every field's value
// and stamp. Deletes travel as "deleted": true.
type Record struct {
	Seq    int64                      `json:"seq"`
	Entity string                     `json:"entity"`
	ID     string                     `json:"id"`
	Org    string                     `json:"org,omitempty"`
	Fields map[string]json.RawMessage `json:"fields"`
	Stamps Stamps                     `json:"stamps"`
	// By and Device are who made the record's last change and on which
	// laptop ("" and nil: the server, or not said), for the history.
	By     *alliance.Person `json:"by,omitempty"`
	Device string           `json:"device,omitempty"`
}

// Conflict is a value that lost to a concurrent edit of the same field:
// Mine is this device's losing value, Theirs the one that won.
type Conflict struct {
	ID        int64           `json:"id"`
	Entity    string          `json:"entity"`
	RecordID  string          `json:"record_id"`
	Field     string          `json:"field"`
	Mine      json.RawMessage `json:"mine"`
	MineHLC   string          `json:"mine_hlc"`
	Theirs    json.RawMessage `json:"theirs"`
	TheirsHLC string          `json:"theirs_hlc"`
}

// Enrolment is how a laptop is connected to the server, as it keeps it.
// Insecure says the user chose plain HTTP to a public address.
type Enrolment struct {
	Server      string
	DeviceID    string // the identity the server gave this laptop
	Node        string // the clock node the server confirmed or gave
	Token       string
	OrgID       string
	OrgName     string
	Secretariat bool
	Insecure    bool
	Epoch       string // the server's, when it enrolled the laptop
	RecoveryKey string // the secretariat's recovery key, public part
	ServerKey   string // the server's key for bundles
	RemindDays  int    // remind the user after this many days without a sync (-1: never, 0: the default)
	Columns     bool   // the server reads the compact encoding (ContentColumns)
}

// Enrolled reports whether the laptop has a server and a token.
func (e Enrolment) Enrolled() bool { return e.Server != "" && e.Token != "" }

// DevicesResponse lists the active laptops, for the secretariat.
type DevicesResponse struct {
	Devices     []DeviceInfo `json:"devices"`
	OverdueDays int          `json:"overdue_days"`
}

// DeviceInfo is a laptop as the secretariat sees it: when it last synced,
// by any path, and whether that is too long ago.
type DeviceInfo struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	OrgID    string    `json:"org_id"`
	Enrolled time.Time `json:"enrolled"`
	LastSync time.Time `json:"last_sync,omitzero"`
	ByFile   time.Time `json:"by_file,omitzero"`
	Overdue  bool      `json:"overdue,omitempty"`
}
