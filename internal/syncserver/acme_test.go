package syncserver_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/letsencrypt/pebble/v2/ca"
	"github.com/letsencrypt/pebble/v2/db"
	"github.com/letsencrypt/pebble/v2/va"
	"github.com/letsencrypt/pebble/v2/wfe"
	"github.com/miekg/dns"

	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

const acmeDomain = "alliance.example.az"

// loopbackDNS answers every A question with 127.0.0.1 (and nothing else),
// over TCP (as pebble asks) at a free loopback port: the test CA finds the
// server under its public name without leaving the machine.
func loopbackDNS(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{Listener: ln, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		for _, question := range q.Question {
			if question.Qtype == dns.TypeA {
				m.Answer = append(m.Answer, &dns.A{
					Hdr: dns.RR_Header{Name: question.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
					A:   net.IPv4(127, 0, 0, 1),
				})
			}
		}
		_ = w.WriteMsg(m)
	})}
	go func() { _ = srv.ActivateAndServe() }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return ln.Addr().String()
}

// testCA is letsencrypt's pebble in this process: an ACME server that
// really validates (http-01 or tls-alpn-01 against the ports it is given)
// and signs with its own root.
type testCA struct {
	ts      *httptest.Server
	mu      sync.Mutex
	handler http.Handler
	ca      *ca.CAImpl
}

// newTestCA starts pebble's front end; start gives it the ports the server
// answers challenges on (known only once the server listens).
func newTestCA(t *testing.T) *testCA {
	t.Setenv("PEBBLE_VA_NOSLEEP", "1")
	t.Setenv("PEBBLE_WFE_NONCEREJECT", "0")
	c := &testCA{}
	c.ts = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		h := c.handler
		c.mu.Unlock()
		if h == nil {
			http.Error(w, "not started", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(c.ts.Close)
	return c
}

func (c *testCA) start(t *testing.T, httpPort, tlsPort int, resolver string) {
	logger := log.New(io.Discard, "", 0)
	store := db.NewMemoryStore()
	c.ca = ca.New(logger, store, "", "rsa", 0, 1, map[string]ca.Profile{"default": {Description: "default"}})
	v := va.New(logger, httpPort, tlsPort, false, resolver, store)
	w := wfe.New(logger, store, v, c.ca, []string{"pebble.letsencrypt.org"}, false, false, 3, 5)
	c.mu.Lock()
	c.handler = w.Handler()
	c.mu.Unlock()
}

// roots trusts the test CA's root.
func (c *testCA) roots() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(c.ca.GetRootCert(0).Cert)
	return p
}

func port(t *testing.T, addr string) int {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(p)
	return n
}

// serveACME starts the server under acmeDomain with certificates from the
// test CA; it returns the HTTPS and HTTP addresses and a stop function.
func serveACME(t *testing.T, dir string, c *testCA) (https, plain string, stop func()) {
	s, err := syncserver.OpenStore(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready, httpReady := make(chan string, 1), make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- syncserver.Serve(ctx, s, syncserver.ServeOptions{Addr: "127.0.0.1:0", Ready: func(a string) { ready <- a },
			ACME: syncserver.ACMEOptions{Domains: []string{acmeDomain}, Email: "it@alliance.example.az",
				Directory: c.ts.URL + "/dir", Client: c.ts.Client(), HTTPAddr: "127.0.0.1:0",
				HTTPReady: func(a string) { httpReady <- a }}})
	}()
	select {
	case plain = <-httpReady:
	case err := <-done:
		t.Fatal(err)
	}
	https = <-ready
	return https, plain, func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		s.Close()
	}
}

// getStatus asks the server's status over HTTPS, by its public name, at
// the loopback address, trusting roots only.
func getStatus(t *testing.T, addr string, roots *x509.CertPool) (*http.Response, *tls.ConnectionState) {
	t.Helper()
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: acmeDomain},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("https://" + acmeDomain + syncproto.PathStatus)
	if err != nil {
		t.Fatalf("HTTPS: %v", err)
	}
	resp.Body.Close()
	return resp, resp.TLS
}

// TestServe_ACME: the server obtains its certificate from an ACME
// authority (pebble, validating for real over loopback), serves HTTPS with
// it, sends plain HTTP to HTTPS, and after a restart serves the kept
// certificate without asking the authority again.
func TestServe_ACME(t *testing.T) {
	dir := t.TempDir()
	c := newTestCA(t)
	https, plain, stop := serveACME(t, dir, c)
	c.start(t, port(t, plain), port(t, https), loopbackDNS(t))

	resp, st := getStatus(t, https, c.roots())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status over HTTPS: %d", resp.StatusCode)
	}
	if got := st.PeerCertificates[0].DNSNames; len(got) != 1 || got[0] != acmeDomain {
		t.Fatalf("the certificate names %v", got)
	}
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS header over HTTPS")
	}
	serial := st.PeerCertificates[0].SerialNumber

	// Plain HTTP: to HTTPS, path kept.
	req, _ := http.NewRequest("GET", "http://"+plain+"/v1/verify?serial=X", nil)
	req.Host = acmeDomain
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if loc := r.Header.Get("Location"); r.StatusCode/100 != 3 || loc != "https://"+acmeDomain+"/v1/verify?serial=X" {
		t.Fatalf("plain HTTP: %d to %q", r.StatusCode, loc)
	}
	// Another name is refused a certificate.
	tr := &tls.Config{RootCAs: c.roots(), ServerName: "other.example.az"}
	if conn, err := tls.Dial("tcp", https, tr); err == nil {
		conn.Close()
		t.Fatal("a handshake for another name succeeded")
	}
	stop()

	if entries, err := os.ReadDir(filepath.Join(dir, "acme")); err != nil || len(entries) == 0 {
		t.Fatalf("no certificate kept in the data folder: %v", err)
	}
	// Restarted, with the authority gone: the kept certificate.
	c.mu.Lock()
	c.handler = nil
	c.mu.Unlock()
	https, _, stop = serveACME(t, dir, c)
	defer stop()
	_, st = getStatus(t, https, c.roots())
	if st.PeerCertificates[0].SerialNumber.Cmp(serial) != 0 {
		t.Fatal("after a restart the server has another certificate")
	}
}
