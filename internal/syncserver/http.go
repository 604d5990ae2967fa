package syncserver

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Handler returns the HTTP API over s. Every answer is JSON; every error
// has a code and a message; bad input never gets a 500, never a server
// path or SQL text, and never applies anything.
func Handler(s *Store) http.Handler {
	mux := http.NewServeMux()
	pushes, pulls := newGate(3, 30*time.Second), newGate(6, 30*time.Second)
	enrolments := newAddressLimiter(EnrollRate, EnrollBurst, s.Now)
	mux.HandleFunc(syncproto.PathStatus, method("GET", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, r, http.StatusOK, syncproto.StatusResponse{Protocol: syncproto.Version, ServerHLC: s.Clock.Now().String()})
	}))
	mux.HandleFunc(syncproto.PathEnroll, method("POST", func(w http.ResponseWriter, r *http.Request) {
		if enrolments.limited(w, r) {
			return
		}
		serve(w, r, syncproto.MaxSmallBody, nil, func(req syncproto.EnrollRequest) (any, error) { return s.Enroll(r.Context(), req) })
	}))
	mux.HandleFunc(syncproto.PathPush, method("POST", authed(s, func(w http.ResponseWriter, r *http.Request, dev *Device) {
		serve(w, r, syncproto.MaxPushBody, pushes, func(req syncproto.PushRequest) (any, error) { return s.Push(r.Context(), dev, req) })
	})))
	mux.HandleFunc(syncproto.PathPull, method("POST", authed(s, func(w http.ResponseWriter, r *http.Request, dev *Device) {
		serve(w, r, syncproto.MaxSmallBody, pulls, func(req syncproto.PullRequest) (any, error) {
			page, err := s.Pull(r.Context(), dev, req)
			if err == nil && page.More && !page.Resync {
				// Where the next page starts, before this one's body: a
				// laptop on a slow link asks for it while this one comes.
				w.Header().Set(syncproto.HeaderNextCursor, strconv.FormatInt(page.Cursor, 10)+" "+strconv.FormatInt(page.ConflictCursor, 10))
			}
			return page, err
		})
	})))
	mux.HandleFunc(syncproto.PathDevices, method("GET", authed(s, func(w http.ResponseWriter, r *http.Request, dev *Device) {
		resp, err := s.DeviceList(r.Context(), dev)
		if err != nil {
			writeError(w, r, err)
			return
		}
		writeJSON(w, r, http.StatusOK, resp)
	})))
	bundles := newGate(2, 30*time.Second)
	mux.HandleFunc(syncproto.PathBundles, method("POST", authed(s, func(w http.ResponseWriter, r *http.Request, dev *Device) {
		serveBundle(w, r, s, bundles)
	})))
	mux.HandleFunc(syncproto.PathVerify, method("GET", verifyPage(s, newAddressLimiter(VerifyRate, VerifyBurst, s.Now))))
	if files, err := newFileSide(s); err != nil {
		log.Printf("syncserver: files cannot be taken: %v", err)
		mux.HandleFunc(syncproto.PathFiles, func(w http.ResponseWriter, r *http.Request) {
			writeError(w, r, alliance.Keyed(alliance.EUNAVAILABLE, "sync.error.server", nil, "files cannot be taken now"))
		})
	} else {
		mux.Handle(syncproto.PathFiles, authed(s, files.serveTus))
		mux.HandleFunc(syncproto.PathBlobs, authed(s, func(w http.ResponseWriter, r *http.Request, dev *Device) {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				w.Header().Set("Allow", "GET, HEAD")
				writeJSON(w, r, http.StatusMethodNotAllowed, syncproto.ErrorBody{Code: alliance.EPROTOCOL, Message: "use GET or HEAD"})
				return
			}
			files.serveBlob(w, r, dev)
		}))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, alliance.Errorf(alliance.ENOTFOUND, "no such API"))
	})
	return recoverer(mux)
}

// serve decodes a request of at most max bytes (as sent and once
// decompressed) once it has a place at gate (nil: no gate), checks its
// protocol version, runs do and answers its result or its error.
func serve[Req syncproto.Versioned](w http.ResponseWriter, r *http.Request, max int64, g *gate, do func(req Req) (any, error)) {
	if g != nil {
		leave, err := g.enter(r.Context())
		if err != nil {
			writeError(w, r, err)
			return
		}
		defer leave()
	}
	var req Req
	if err := decode(w, r, &req, max); err != nil {
		writeError(w, r, err)
		return
	}
	if err := checkProtocol(req.ProtocolVersion()); err != nil {
		writeError(w, r, err)
		return
	}
	resp, err := do(req)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, resp)
}

func checkProtocol(v int) error {
	if v != syncproto.Version {
		return alliance.Errorf(alliance.EPROTOCOL, "protocol version %d is not spoken here (this server speaks %d); update Alliance", v, syncproto.Version)
	}
	return nil
}

// method answers a request of another method with a JSON 405.
func method(m string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != m {
			w.Header().Set("Allow", m)
			writeJSON(w, r, http.StatusMethodNotAllowed, syncproto.ErrorBody{Code: alliance.EPROTOCOL, Message: "use " + m})
			return
		}
		h(w, r)
	}
}

// authed checks the device token before h runs.
func authed(s *Store, h func(http.ResponseWriter, *http.Request, *Device)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			writeError(w, r, alliance.Errorf(alliance.EUNAUTHORIZED, "a device token is required"))
			return
		}
		dev, err := s.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			writeError(w, r, err)
			return
		}
		h(w, r, dev)
	}
}

// maxRequestDepth caps how deep a request's JSON nests: a record's
// values nest at most syncproto.MaxJSONDepth, under a few levels of the
// request's own structure.
const maxRequestDepth = syncproto.MaxJSONDepth + 8

// decode reads a JSON body, gzip-compressed or not, of at most max bytes
// as sent and once decompressed: a body too large is a 413, a broken or
// too deeply nested one a 400. The body is read whole before it is parsed,
// so that its size, not its first bad byte, decides.
func decode(w http.ResponseWriter, r *http.Request, v any, max int64) error {
	body := &cutReader{r: http.MaxBytesReader(w, r.Body, max)}
	var src io.Reader = body
	compact := mediaType(r.Header.Get("Content-Type")) == syncproto.ContentColumns
	raw, err := func() ([]byte, error) {
		if compact && r.Header.Get("Content-Encoding") != "" {
			return nil, alliance.Errorf(alliance.EPROTOCOL, "malformed request: a compact body is compressed already")
		}
		if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
			zr, err := gzip.NewReader(src)
			if err != nil {
				return nil, err
			}
			src = zr
		} else if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
			return nil, alliance.Errorf(alliance.EPROTOCOL, "malformed request: unknown content encoding")
		}
		return io.ReadAll(&limitedReader{r: src, left: max})
	}()
	if body.cut {
		// The connection broke while the body came: to retry, not a bad request.
		return alliance.Errorf(alliance.EUNAVAILABLE, "the request was cut off")
	} else if err != nil {
		return bodyError(err)
	}
	if compact {
		cd, ok := v.(interface{ UnmarshalCompact([]byte) error })
		if !ok {
			return alliance.Errorf(alliance.EPROTOCOL, "malformed request: this request is not taken in the compact encoding")
		}
		if err := cd.UnmarshalCompact(raw); err != nil {
			return alliance.Errorf(alliance.EPROTOCOL, "malformed request: %v", err)
		}
		return nil
	}
	if d := jsonDepth(raw); d > maxRequestDepth {
		return alliance.Errorf(alliance.EPROTOCOL, "malformed request: it nests %d deep (at most %d)", d, maxRequestDepth)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if dec.More() {
		return alliance.Errorf(alliance.EPROTOCOL, "malformed request: more than one JSON value")
	}
	return nil
}

func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || errors.Is(err, errTooLarge) {
		return alliance.Errorf(alliance.ETOOLARGE, "the request is too large")
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var ae *alliance.Error
	switch {
	case errors.As(err, &ae):
		return err
	case errors.As(err, &se):
		return alliance.Errorf(alliance.EPROTOCOL, "malformed request: %v (at byte %d)", se, se.Offset)
	case errors.As(err, &te):
		return alliance.Errorf(alliance.EPROTOCOL, "malformed request: %s cannot hold %s", te.Field, te.Value)
	}
	return alliance.Errorf(alliance.EPROTOCOL, "malformed request")
}

var errTooLarge = errors.New("decompressed body too large")

// cutReader notes whether the connection broke before the whole body came
// (the body's own reader says so), as opposed to a body that is malformed.
type cutReader struct {
	r   io.Reader
	cut bool
}

func (c *cutReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		c.cut = true
	}
	return n, err
}

// limitedReader fails, rather than stops, past its limit: a gzip bomb is
// refused, not truncated into something that parses.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// mediaType is a Content-Type's type without its parameters.
func mediaType(ct string) string {
	t, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// writeJSON answers v, gzip-compressed when the client accepts it, or in
// the compact encoding when the client asks for it and v has one.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	if c, ok := v.(interface{ MarshalCompact() ([]byte, error) }); ok && status == http.StatusOK &&
		strings.Contains(r.Header.Get("Accept"), syncproto.ContentColumns) {
		b, err := c.MarshalCompact()
		if err == nil {
			w.Header().Set("Content-Type", syncproto.ContentColumns)
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			w.Header().Add("Vary", "Accept")
			w.WriteHeader(status)
			if _, err := w.Write(b); err != nil && !errors.Is(err, context.Canceled) {
				log.Printf("syncserver: write answer: %v", err)
			}
			return
		}
		log.Printf("syncserver: compact answer: %v (answered in JSON)", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	var out io.Writer = w
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		zw := gzip.NewWriter(w)
		defer zw.Close()
		out = zw
	}
	w.WriteHeader(status)
	if err := json.NewEncoder(out).Encode(v); err != nil && !errors.Is(err, context.Canceled) {
		log.Printf("syncserver: write answer: %v", err)
	}
}

// writeError answers err with its code's status and a JSON body. A
// failure that is not the request's (a bug, the database) is logged and
// answered without its text: no path or SQL ever leaves the server.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := alliance.ErrorCode(err)
	body := syncproto.ErrorBody{Code: code, Message: alliance.ErrorMessage(err)}
	var gap *SeqGapError
	var busy *busyError
	var revoked *RevokedError
	switch {
	case errors.As(err, &revoked):
		body.Erase = revoked.Erase
	case errors.As(err, &gap):
		code = alliance.ESEQUENCE
		body = syncproto.ErrorBody{Code: code, Message: gap.Error(), Expected: gap.Expected}
	case errors.As(err, &busy):
		code = busy.code()
		body = syncproto.ErrorBody{Code: code, Message: busy.Error()}
		w.Header().Set("Retry-After", retryAfter(busy.retryAfter))
	case code == alliance.EINTERNAL || code == alliance.EINCOMPATIBLE || code == alliance.ELOCKED:
		log.Printf("syncserver: %s %s: %v", r.Method, r.URL.Path, err)
		code = alliance.EINTERNAL
		body = syncproto.ErrorBody{Code: code, Message: "internal error"}
	case code == alliance.EUNAVAILABLE || code == alliance.EDISKFULL:
		log.Printf("syncserver: %s %s: %v", r.Method, r.URL.Path, err)
		body.Message = "the server cannot take this now: try again later"
		if code == alliance.EDISKFULL {
			body.Message = "the server's disk is full"
		}
		w.Header().Set("Retry-After", "30")
	}
	writeJSON(w, r, syncproto.HTTPStatus(code), body)
}

// recoverer turns a panic (a bug) into a logged 500 with a JSON body.
func recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Printf("syncserver: panic on %s %s: %v", r.Method, r.URL.Path, p)
				writeError(w, r, alliance.Errorf(alliance.EINTERNAL, "%v", p))
			}
		}()
		h.ServeHTTP(w, r)
	})
}
