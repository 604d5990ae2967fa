package syncserver

import (
	"context"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// What the server spends on one request is bounded twice: every endpoint
// reads a bounded body (limits in syncproto), and the requests that decode
// a body into memory wait for a place at a gate, so that many of them at
// once take a bounded amount of memory, not one body's worth each.
// Public lookups (enrolment codes, certificate codes) are rate-limited by
// address, as Let's Encrypt limits its own.

// Rates of the public lookups, per address.
var (
	// EnrollRate: a laptop enrols once, a mistyped code a few times; a
	// training where twenty laptops enrol behind one address goes through.
	// Codes have 60 random bits: guessing at this rate is hopeless.
	EnrollRate  = rate.Every(6 * time.Second) // 10 a minute
	EnrollBurst = 20
	// VerifyRate: a hundred phones at a ceremony behind one address scan
	// their certificates at once; a guesser of 40-bit codes gets two a
	// second, thousands of years for one.
	VerifyRate  = rate.Limit(2)
	VerifyBurst = 120
)

// gate lets at most n requests at a time through; the others wait, and
// give up with 503 (try again) after wait.
type gate struct {
	slots chan struct{}
	wait  time.Duration
}

func newGate(n int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, n), wait: wait}
}

// enter takes a place; release it with the returned function.
func (g *gate) enter(ctx context.Context) (func(), error) {
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return func() { <-g.slots }, nil
	case <-ctx.Done():
		return nil, alliance.Errorf(alliance.EUNAVAILABLE, "the request was cut off")
	case <-t.C:
		return nil, &busyError{retryAfter: 5 * time.Second}
	}
}

// busyError is a request turned away to keep the server within its
// bounds: 503 or 429 with Retry-After.
type busyError struct {
	retryAfter time.Duration
	limited    bool // a rate limit (429), else the server is busy (503)
}

func (e *busyError) Error() string {
	if e.limited {
		return "too many attempts from this address: wait a little and try again"
	}
	return "the server is busy: try again shortly"
}

func (e *busyError) code() string {
	if e.limited {
		return alliance.ELIMITED
	}
	return alliance.EUNAVAILABLE
}

// addressLimiter keeps a token bucket per client address. Buckets unused
// for a while are forgotten, so that the map stays small.
type addressLimiter struct {
	limit rate.Limit
	burst int
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

const maxBuckets = 100000

func newAddressLimiter(limit rate.Limit, burst int, now func() time.Time) *addressLimiter {
	return &addressLimiter{limit: limit, burst: burst, now: now, buckets: map[string]*bucket{}}
}

// allow takes one token of r's address; when there is none it returns how
// long to wait.
func (a *addressLimiter) allow(r *http.Request) (bool, time.Duration) {
	addr := clientAddress(r)
	now := a.now()
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.buckets) > maxBuckets || now.Sub(a.swept) > 10*time.Minute {
		a.sweep(now)
	}
	b := a.buckets[addr]
	if b == nil {
		b = &bucket{l: rate.NewLimiter(a.limit, a.burst)}
		a.buckets[addr] = b
	}
	b.seen = now
	res := b.l.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep forgets buckets that have filled up again (idle long enough).
func (a *addressLimiter) sweep(now time.Time) {
	full := time.Duration(float64(a.burst) / float64(a.limit) * float64(time.Second))
	for k, b := range a.buckets {
		if now.Sub(b.seen) > full {
			delete(a.buckets, k)
		}
	}
	if len(a.buckets) > maxBuckets { // an attack from many addresses: start afresh
		a.buckets = map[string]*bucket{}
	}
	a.swept = now
}

// limited answers 429 with Retry-After when r's address is over its rate.
func (a *addressLimiter) limited(w http.ResponseWriter, r *http.Request) bool {
	ok, wait := a.allow(r)
	if ok {
		return false
	}
	writeError(w, r, &busyError{retryAfter: wait, limited: true})
	return true
}

// clientAddress is the address a request came from (the connection's:
// headers a client sets are not believed).
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		// An IPv6 client holds a whole /64: limit the network, not the address.
		return ip.Mask(net.CIDRMask(64, 128)).String()
	}
	return host
}

func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(d.Seconds()))))
}
