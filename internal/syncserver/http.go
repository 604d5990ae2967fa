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
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Handler returns the HTTP API over s. Every answer is JSON; every error
// has a code and a message; bad input never gets a 500 and never applies
// anything.
func Handler(s *Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(syncproto.PathStatus, method("GET", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, r, http.StatusOK, syncproto.StatusResponse{Protocol: syncproto.Version, ServerHLC: s.Clock.Now().String()})
	}))
	mux.HandleFunc(syncproto.PathEnroll, method("POST", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, func(req syncproto.EnrollRequest) (any, error) { return s.Enroll(r.Context(), req) })
	}))
	mux.HandleFunc(syncproto.PathPush, method("POST", authed(s, func(w http.ResponseWriter, r *http.Request, dev *Device) {
		serve(w, r, func(req syncproto.PushRequest) (any, error) {
			if len(req.Changes) > syncproto.MaxPushChanges {
				return nil, alliance.Errorf(alliance.ETOOLARGE, "at most %d changes per push", syncproto.MaxPushChanges)
			}
			return s.Push(r.Context(), dev, req.Changes)
		})
	})))
	mux.HandleFunc(syncproto.PathPull, method("POST", authed(s, func(w http.ResponseWriter, r *http.Request, dev *Device) {
		serve(w, r, func(req syncproto.PullRequest) (any, error) { return s.Pull(r.Context(), dev, req) })
	})))
	mux.HandleFunc(syncproto.PathVerify, method("GET", verifyPage(s)))
	if files, err := newFileSide(s); err != nil {
		log.Printf("syncserver: files cannot be taken: %v", err)
		mux.HandleFunc(syncproto.PathFiles, func(w http.ResponseWriter, r *http.Request) {
			writeError(w, r, alliance.Keyed(alliance.EUNAVAILABLE, "sync.error.server", nil, "files cannot be taken: %v", err))
		})
	} else {
		mux.Handle(syncproto.PathFiles, authed(s, func(w http.ResponseWriter, r *http.Request, _ *Device) { files.tus.ServeHTTP(w, r) }))
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
		writeError(w, r, alliance.Errorf(alliance.ENOTFOUND, "no such API: %s %s", r.Method, r.URL.Path))
	})
	return recoverer(mux)
}

// serve decodes a request, checks its protocol version, runs do and
// answers its result or its error.
func serve[Req syncproto.Versioned](w http.ResponseWriter, r *http.Request, do func(req Req) (any, error)) {
	var req Req
	if err := decode(w, r, &req); err != nil {
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

// decode reads a JSON body, gzip-compressed or not, within the limits:
// a body too large (as sent or once decompressed) is a 413, a broken one a
// 400. The body is read whole before it is parsed, so that its size, not
// its first bad byte, decides.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, syncproto.MaxBodyBytes))
	if errors.Is(err, io.ErrUnexpectedEOF) {
		// The connection broke while the body came: to retry, not a bad request.
		return alliance.Errorf(alliance.EUNAVAILABLE, "the request was cut off: %v", err)
	} else if err != nil {
		return bodyError(err)
	}
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return bodyError(err)
		}
		if raw, err = io.ReadAll(&limitedReader{r: zr, left: syncproto.MaxDecodedBytes}); err != nil {
			return bodyError(err)
		}
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

	return alliance.Errorf(alliance.EPROTOCOL, "malformed request: %v", err)
}

var errTooLarge = errors.New("decompressed body too large")

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

// writeJSON answers v, gzip-compressed when the client accepts it.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
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

// writeError answers err with its code's status and a JSON body.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := alliance.ErrorCode(err)
	body := syncproto.ErrorBody{Code: code, Message: alliance.ErrorMessage(err)}
	var fe *ForbiddenError
	if errors.As(err, &fe) {
		body = syncproto.ErrorBody{Code: alliance.EFORBIDDEN, Message: fe.Error(), Seqs: fe.Seqs}
		code = alliance.EFORBIDDEN
	}
	if code == alliance.EINTERNAL {
		log.Printf("syncserver: %s %s: %v", r.Method, r.URL.Path, err)
		body.Message = "internal error"
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
