package syncserver

import (
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/crypto/acme"
	"golang.org/x/crypto/acme/autocert"
)

// ACMEOptions put the server on the internet under its own name: the
// certificate for Domains is obtained from an ACME certificate authority
// (Let's Encrypt) at the first HTTPS connection, kept in <data>/acme and
// renewed 30 days before it expires, all by autocert; plain HTTP on
// HTTPAddr answers the authority's http-01 challenge and sends everything
// else to HTTPS.
type ACMEOptions struct {
	Domains []string
	// Email is given to the authority for notices about the certificate.
	Email string
	// Directory is the authority's ACME directory; "" is Let's Encrypt's.
	Directory string
	// Client talks to the authority (tests: one that trusts a test CA).
	Client *http.Client
	// HTTPAddr is where plain HTTP is served (default ":80").
	HTTPAddr string
	// HTTPReady, when set, is called with the address HTTP listens on.
	HTTPReady func(addr string)
}

// manager is the certificate manager of o for the data folder dir.
func (o ACMEOptions) manager(dir string) *autocert.Manager {
	client := &acme.Client{DirectoryURL: o.Directory, HTTPClient: o.Client}
	if o.Directory == "" {
		client.DirectoryURL = autocert.DefaultACMEDirectory
	}
	return &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		HostPolicy: autocert.HostWhitelist(o.Domains...),
		Cache:      autocert.DirCache(filepath.Join(dir, "acme")),
		Email:      o.Email,
		Client:     client,
	}
}

// serveHTTP starts the plain HTTP server: the ACME challenge, and a
// redirect to HTTPS for everything else.
func (o ACMEOptions) serveHTTP(m *autocert.Manager) (*http.Server, error) {
	addr := o.HTTPAddr
	if addr == "" {
		addr = ":80"
	}
	ln, err := listen(addr)
	if err != nil {
		return nil, fmt.Errorf("HTTP for the certificate's challenges and the redirect to HTTPS: %w", err)
	}
	srv := &http.Server{
		Handler:           m.HTTPHandler(nil),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	if o.HTTPReady != nil {
		o.HTTPReady(ln.Addr().String())
	}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Printf("syncserver: HTTP: %v", err)
		}
	}()
	return srv, nil
}

// hsts tells browsers (the certificate check page) to come back over HTTPS
// only.
func hsts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		h.ServeHTTP(w, r)
	})
}

// listen listens on addr; a port below 1024 refused says what it needs.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EACCES) {
		return nil, fmt.Errorf("listen on %s: %w (ports below 1024 need root or the CAP_NET_BIND_SERVICE capability, "+
			"which deploy/alliance-server.service gives)", addr, err)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}
