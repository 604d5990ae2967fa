package syncclient_test

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// link is a slow link between laptops and the server, shared by all
// their connections as a phone's link is (toxiproxy slows each connection
// on its own): each direction carries rate bytes a second, every byte
// arriving latency after it was sent.
type link struct {
	ln       net.Listener
	upstream string
	latency  time.Duration
	up, down *rate.Limiter
}

func newLink(t testing.TB, upstream string, bytesPerSecond int, latency time.Duration) *link {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &link{ln: ln, upstream: upstream, latency: latency,
		up: rate.NewLimiter(rate.Limit(bytesPerSecond), 1024), down: rate.NewLimiter(rate.Limit(bytesPerSecond), 1024)}
	t.Cleanup(func() { ln.Close() })
	go l.serve()
	return l
}

func (l *link) url() string { return "http://" + l.ln.Addr().String() }

func (l *link) serve() {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			u, err := net.Dial("tcp", l.upstream)
			if err != nil {
				c.Close()
				return
			}
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done(); l.carry(u, c, l.up) }()
			go func() { defer wg.Done(); l.carry(c, u, l.down) }()
			wg.Wait()
			c.Close()
			u.Close()
		}()
	}
}

// carry copies src to dst at the direction's shared rate, each chunk
// delivered latency after it was read.
func (l *link) carry(dst, src net.Conn, lim *rate.Limiter) {
	type chunk struct {
		b  []byte
		at time.Time
	}
	q := make(chan chunk, 1024)
	go func() {
		defer func() {
			if tc, ok := dst.(*net.TCPConn); ok {
				tc.CloseWrite()
			}
		}()
		for ch := range q {
			time.Sleep(time.Until(ch.at))
			if _, err := dst.Write(ch.b); err != nil {
				for range q {
				}
				return
			}
		}
	}()
	defer close(q)
	buf := make([]byte, 1024)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if lim.WaitN(context.Background(), n) != nil {
				return
			}
			q <- chunk{append([]byte(nil), buf[:n]...), time.Now().Add(l.latency)}
		}
		if err != nil {
			return // io.EOF or a closed connection: the other side is told by CloseWrite
		}
	}
}
