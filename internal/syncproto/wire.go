package syncproto

import (
	"encoding/json"
	"strings"
)

// Paths of the sync API. Bodies are JSON, gzip-compressed both ways.
const (
	PathStatus = "/v1/status"
	PathEnroll = "/v1/enroll"
	PathPush   = "/v1/push"
	PathPull   = "/v1/pull"
	// PathVerify is the public page a certificate's QR code opens.
	PathVerify = "/verify/"
)

// VerifyURL is the address printed in a certificate's QR code.
func VerifyURL(server, serial, code string) string {
	return strings.TrimRight(server, "/") + PathVerify + serial + "?c=" + code
}

// Limits the server enforces and the client respects.
const (
	MaxPushChanges  = 500     // changes in one push
	MaxPushBytes    = 1 << 20 // uncompressed JSON of one push's changes
	MaxBodyBytes    = 8 << 20 // a request body as sent (413 above)
	MaxDecodedBytes = 32 << 20
	MaxPullRecords  = 1000
	DefaultPull     = 500
)

// ErrorBody is the JSON body of every error answer.
type ErrorBody struct {
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Seqs    []int64 `json:"seqs,omitempty"` // the refused changes of a 403 push
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

// EnrollRequest turns a one-time code into a device token.
type EnrollRequest struct {
	Protocol int    `json:"protocol"`
	Code     string `json:"code"`
	DeviceID string `json:"device_id"`
	Name     string `json:"name"`
}

// EnrollResponse carries the device's token (shown once, stored only as a
// hash on the server) and its organisation.
type EnrollResponse struct {
	DeviceID    string `json:"device_id"`
	Token       string `json:"token"`
	OrgID       string `json:"org_id"`
	OrgName     string `json:"org_name"`
	Secretariat bool   `json:"secretariat"`
	ServerHLC   string `json:"server_hlc"`
}

// PushRequest sends outbox entries, in the device's sequence order.
type PushRequest struct {
	Protocol int      `json:"protocol"`
	Changes  []Change `json:"changes"`
}

// PushResponse acknowledges every change up to AckedUpTo: applied, found
// already applied, or set aside with its reason.
type PushResponse struct {
	AckedUpTo int64      `json:"acked_up_to"`
	SetAside  []SetAside `json:"set_aside,omitempty"`
	ServerHLC string     `json:"server_hlc"`
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
// device's conflicts after ConflictCursor. Records the device itself wrote,
// and holds as they are, are left out unless Full (a full resync) is set.
type PullRequest struct {
	Protocol       int   `json:"protocol"`
	Cursor         int64 `json:"cursor"`
	ConflictCursor int64 `json:"conflict_cursor"`
	Limit          int   `json:"limit"`
	Full           bool  `json:"full,omitempty"`
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
type Enrolment struct {
	Server      string
	DeviceID    string
	Token       string
	OrgID       string
	OrgName     string
	Secretariat bool
}

// Enrolled reports whether the laptop has a server and a token.
func (e Enrolment) Enrolled() bool { return e.Server != "" && e.Token != "" }
