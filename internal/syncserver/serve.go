package syncserver

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"net/http"
	"time"
)

// ServeOptions configure Serve.
type ServeOptions struct {
	Addr              string // e.g. 127.0.0.1:8080
	CertFile, KeyFile string // both set: HTTPS
	// Ready, when set, is called with the address listened on.
	Ready func(addr string)
	// TombstoneRetention is how long deletes are kept for laptops offline
	// that long; 0 means DefaultRetention.
	TombstoneRetention time.Duration

	// ACME: see acme.go. Domains set: HTTPS on Addr with certificates
	// obtained and renewed by ACME.
	ACME ACMEOptions
}

// DefaultRetention keeps deletes for two years: a laptop offline longer
// does a full resync of its organisation's records.
const DefaultRetention = 2 * 365 * 24 * time.Hour

// Serve answers the API until ctx ends, then stops taking connections and
// lets the requests in flight finish (at most 30 s).
func Serve(ctx context.Context, s *Store, opt ServeOptions) error {
	ln, err := listen(opt.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           Handler(s),
		ReadHeaderTimeout: 30 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ReadTimeout:       5 * time.Minute, // a push over 2G is slow
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	var redirect *http.Server
	if len(opt.ACME.Domains) > 0 {
		m := opt.ACME.manager(s.Dir)
		srv.TLSConfig = m.TLSConfig()
		srv.Handler = hsts(srv.Handler)
		if redirect, err = opt.ACME.serveHTTP(m); err != nil {
			ln.Close()
			return err
		}
		defer redirect.Close()
	}
	if opt.Ready != nil {
		opt.Ready(ln.Addr().String())
	}
	retention := opt.TombstoneRetention
	if retention <= 0 {
		retention = DefaultRetention
	}
	go s.purgeLoop(ctx, retention)

	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
		} else if opt.CertFile != "" && opt.KeyFile != "" {
			errc <- srv.ServeTLS(ln, opt.CertFile, opt.KeyFile)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if redirect != nil {
		_ = redirect.Shutdown(shut)
	}
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// purgeLoop drops tombstones older than retention and uploads not
// finished within UploadTTL, and anonymises entries kept their years, now
// and then every six hours.
func (s *Store) purgeLoop(ctx context.Context, retention time.Duration) {
	t := time.NewTicker(6 * time.Hour)
	defer t.Stop()
	for {
		if n, err := s.PurgeTombstones(ctx, retention); err != nil {
			log.Printf("syncserver: purge: %v", err)
		} else if n > 0 {
			log.Printf("syncserver: purged %d tombstones older than %s", n, retention)
		}
		if n, err := s.PurgeUploads(ctx, UploadTTL); err != nil {
			log.Printf("syncserver: purge uploads: %v", err)
		} else if n > 0 {
			log.Printf("syncserver: dropped %d uploads not finished within %s", n, UploadTTL)
		}
		if n, err := s.ApplyRetention(ctx, s.KeepEntriesYears); err != nil {
			log.Printf("syncserver: retention: %v", err)
		} else if n > 0 {
			log.Printf("syncserver: anonymised %d entries kept %d years after their contest", n, s.KeepEntriesYears)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PurgeTombstones drops deletes older than retention. A laptop whose cursor
// is older than the newest purged one must resync its scope in full.
func (s *Store) PurgeTombstones(ctx context.Context, retention time.Duration) (int, error) {
	cutoff := s.Now().Add(-retention).UTC().Format(time.RFC3339Nano)
	var n int
	err := s.update(ctx, func(tx *Tx) error {
		var maxSeq sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(seq) FROM records WHERE deleted = 1 AND updated_at < ?`, cutoff).Scan(&maxSeq); err != nil {
			return err
		}
		if !maxSeq.Valid {
			return nil
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM records WHERE deleted = 1 AND updated_at < ?`, cutoff)
		if err != nil {
			return err
		}
		c, _ := res.RowsAffected()
		n = int(c)
		_, err = tx.ExecContext(ctx, `UPDATE meta SET value = MAX(CAST(value AS INTEGER), ?) WHERE key = 'purged_seq'`, maxSeq.Int64)
		return err
	})
	return n, err
}

// Running is a server started by Start in this process.
type Running struct {
	Addr   string // host:port listened on
	URL    string // http://host:port
	cancel context.CancelFunc
	done   chan error
}

// Start serves s on addr (127.0.0.1:0 picks a free port) in the
// background until Stop.
func Start(s *Store, addr string) (*Running, error) {
	ctx, cancel := context.WithCancel(context.Background())
	r := &Running{cancel: cancel, done: make(chan error, 1)}
	ready := make(chan string, 1)
	go func() { r.done <- Serve(ctx, s, ServeOptions{Addr: addr, Ready: func(a string) { ready <- a }}) }()
	select {
	case r.Addr = <-ready:
		r.URL = "http://" + r.Addr
		return r, nil
	case err := <-r.done:
		cancel()
		return nil, err
	}
}

// Stop shuts the server down gracefully and waits for it.
func (r *Running) Stop() error {
	r.cancel()
	return <-r.done
}
