// Package syncclient is the laptop's side of the sync: a client of the
// secretariat server's API over resty, and the Syncer, a background loop
// that pushes the outbox and pulls the organisation's records whenever
// the server can be reached, and tells the UI how it goes.
package syncclient

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Client calls the server's API. Every call carries a context; bodies are
// gzip-compressed JSON both ways, or pulls and pushes in the compact
// encoding (syncproto.ContentColumns) where the server speaks it. Bytes
// counts what crossed the wire.
type Client struct {
	base  string
	token string
	http  *resty.Client
	sent  atomic.Int64
	recv  atomic.Int64
	// columns: the server reads the compact encoding (it said so at
	// enrolment or in a pull): pushes go in it.
	columns atomic.Bool
}

// SetColumns says whether the server reads the compact encoding.
func (c *Client) SetColumns(on bool) { c.columns.Store(on) }

// Columns reports whether pushes go in the compact encoding.
func (c *Client) Columns() bool { return c.columns.Load() }

// NewClient returns a client of the server at base (https://host, or
// http://host:port on this machine or a private network; insecure allows
// plain HTTP to other addresses, see CheckAddress). token may be "" before
// enrolment.
func NewClient(base, token string, insecure bool) (*Client, error) {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		if base == "" {
			return nil, alliance.Keyed(alliance.EINVALID, "sync.error.bad_address", nil, "the server address is empty")
		}
		base = "https://" + base
	}
	if err := CheckAddress(base, insecure); err != nil {
		return nil, err
	}
	c := &Client{base: base, token: token}
	dialer := &net.Dialer{Timeout: 20 * time.Second, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &countingConn{Conn: conn, c: c}, nil
		},
		TLSHandshakeTimeout:   20 * time.Second,
		ResponseHeaderTimeout: time.Minute, // the body is sent by then; a silent dead link is given up
		IdleConnTimeout:       90 * time.Second,
	}
	c.http = resty.New().SetTransport(transport).SetBaseURL(base).SetTimeout(5*time.Minute).
		SetHeader("User-Agent", "alliance/"+fmt.Sprint(syncproto.Version))
	return c, nil
}

// Base returns the server address.
func (c *Client) Base() string { return c.base }

// Bytes returns the bytes sent and received so far.
func (c *Client) Bytes() (sent, recv int64) { return c.sent.Load(), c.recv.Load() }

// Status probes the server: cheap, no token.
func (c *Client) Status(ctx context.Context) (*syncproto.StatusResponse, error) {
	var out syncproto.StatusResponse
	return &out, c.call(ctx, http.MethodGet, syncproto.PathStatus, nil, &out)
}

// Enroll spends a one-time enrolment code.
func (c *Client) Enroll(ctx context.Context, req syncproto.EnrollRequest) (*syncproto.EnrollResponse, error) {
	req.Protocol = syncproto.Version
	var out syncproto.EnrollResponse
	return &out, c.call(ctx, http.MethodPost, syncproto.PathEnroll, req, &out)
}

// Push sends a batch of changes. A push may be sent twice (it takes
// effect once), so it is marked idempotent: a connection found dead when
// it is reused (the server restarted, a proxy dropped it) is replaced and
// the push sent again at once, rather than the round failing as offline.
func (c *Client) Push(ctx context.Context, req syncproto.PushRequest) (*syncproto.PushResponse, error) {
	req.Protocol = syncproto.Version
	var out syncproto.PushResponse
	return &out, c.call(ctx, http.MethodPost, syncproto.PathPush, &req, &out, idempotent)
}

// Pull reads one page of the change log (idempotent: it only reads).
func (c *Client) Pull(ctx context.Context, req syncproto.PullRequest) (*syncproto.PullResponse, error) {
	req.Protocol = syncproto.Version
	var out syncproto.PullResponse
	if err := c.call(ctx, http.MethodPost, syncproto.PathPull, req, &out, idempotent, acceptColumns); err != nil {
		return nil, err
	}
	if out.Columns {
		c.columns.Store(true)
	}
	return &out, nil
}

// Devices lists the laptops and their last sync (the secretariat's
// laptops only).
func (c *Client) Devices(ctx context.Context) (*syncproto.DevicesResponse, error) {
	var out syncproto.DevicesResponse
	return &out, c.call(ctx, http.MethodGet, syncproto.PathDevices, nil, &out, idempotent)
}

// PullEarly is Pull, and calls next with where the page after this one
// starts as soon as the answer's head says it (before its body comes),
// when there is a next page and the body is long enough to be worth a
// second request meanwhile (earlyMinBytes: on a slow link, seconds).
func (c *Client) PullEarly(ctx context.Context, req syncproto.PullRequest, next func(cursor, conflictCursor int64)) (*syncproto.PullResponse, error) {
	return c.Pull(context.WithValue(ctx, headKey{}, func(h http.Header) {
		if n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64); err != nil || n < earlyMinBytes {
			return
		}
		var cursor, conflict int64
		if v := h.Get(syncproto.HeaderNextCursor); v != "" {
			if n, err := fmt.Sscanf(v, "%d %d", &cursor, &conflict); err == nil && n == 2 {
				next(cursor, conflict)
			}
		}
	}), req)
}

// earlyMinBytes is the shortest page body for which the next page is
// asked for before this one has come: 16 KB take most of a second on 2G,
// and a short page over a fast link would only open a second connection.
const earlyMinBytes = 16 << 10

// headKey carries in a call's context what reads its answer's head.
type headKey struct{}

// acceptColumns asks for the answer in the compact encoding.
func acceptColumns(r *resty.Request) {
	r.SetHeader("Accept", syncproto.ContentColumns+", application/json;q=0.5")
}

// idempotent marks a request that may be sent again: Go's transport then
// retries it on a fresh connection when a reused one turns out dead.
func idempotent(r *resty.Request) { r.SetHeader("X-Idempotency-Key", "1") }

// APIError is an answer of the server that is not a success.
type APIError struct {
	Status int
	Body   syncproto.ErrorBody
}

func (e *APIError) Error() string {
	return fmt.Sprintf("server answered %d %s: %s", e.Status, e.Body.Code, e.Body.Message)
}

// NetError is a failure to reach the server or to get its whole answer:
// the connection failed, was cut or timed out.
type NetError struct{ Err error }

func (e *NetError) Error() string { return "cannot reach the server: " + e.Err.Error() }
func (e *NetError) Unwrap() error { return e.Err }

func (c *Client) call(ctx context.Context, method, path string, in, out any, opts ...func(*resty.Request)) error {
	req := c.http.R().SetContext(ctx).SetDoNotParseResponse(true)
	for _, o := range opts {
		o(req)
	}
	if c.token != "" {
		req.SetAuthToken(c.token)
	}
	if cm, ok := in.(interface{ MarshalCompact() ([]byte, error) }); ok && c.columns.Load() {
		b, err := cm.MarshalCompact()
		if err != nil {
			return err
		}
		req.SetHeader("Content-Type", syncproto.ContentColumns).SetBody(b)
	} else if in != nil {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if err := json.NewEncoder(zw).Encode(in); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		req.SetHeader("Content-Type", "application/json").SetHeader("Content-Encoding", "gzip").SetBody(buf.Bytes())
	}
	resp, err := req.Execute(method, path)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &NetError{Err: err}
	}
	body := resp.RawBody()
	defer body.Close()
	if resp.StatusCode() >= 300 {
		var eb syncproto.ErrorBody
		if err := json.NewDecoder(io.LimitReader(body, 64<<10)).Decode(&eb); err != nil || eb.Code == "" {
			// Not our server's whole answer: a proxy's page, or an answer
			// cut on the way. Nothing to act on: try again later.
			return &NetError{Err: fmt.Errorf("server answered %d without a readable reason", resp.StatusCode())}
		}
		eb.Code = syncproto.CodeOf(resp.StatusCode(), eb)
		return &APIError{Status: resp.StatusCode(), Body: eb}
	}
	if head, ok := ctx.Value(headKey{}).(func(http.Header)); ok {
		head(resp.Header())
	}
	if ct := resp.Header().Get("Content-Type"); strings.HasPrefix(ct, syncproto.ContentColumns) {
		cu, ok := out.(interface{ UnmarshalCompact([]byte) error })
		if !ok {
			return &NetError{Err: fmt.Errorf("an answer in %s to %s", ct, path)}
		}
		b, err := io.ReadAll(io.LimitReader(body, maxCompactAnswer+1))
		if err == nil && len(b) > maxCompactAnswer {
			err = fmt.Errorf("more than %d bytes", maxCompactAnswer)
		}
		if err == nil {
			err = cu.UnmarshalCompact(b)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &NetError{Err: fmt.Errorf("incomplete answer: %w", err)}
		}
		return nil
	}
	if err := json.NewDecoder(body).Decode(out); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &NetError{Err: fmt.Errorf("incomplete answer: %w", err)}
	}
	return nil
}

// maxCompactAnswer is the most a compact answer may be as sent: a page of
// at most 2 MB of records' JSON is far smaller compressed.
const maxCompactAnswer = 16 << 20

// ErrorCode returns the domain code of a call's error: EUNAVAILABLE for a
// network failure, the server's code for an answer.
func ErrorCode(err error) string {
	var ne *NetError
	var ae *APIError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ne):
		return alliance.EUNAVAILABLE
	case errors.As(err, &ae):
		return ae.Body.Code
	}
	return alliance.ErrorCode(err)
}

// countingConn counts the bytes of a connection.
type countingConn struct {
	net.Conn
	c *Client
}

func (cc *countingConn) Read(p []byte) (int, error) {
	n, err := cc.Conn.Read(p)
	cc.c.recv.Add(int64(n))
	return n, err
}

func (cc *countingConn) Write(p []byte) (int, error) {
	n, err := cc.Conn.Write(p)
	cc.c.sent.Add(int64(n))
	return n, err
}
