package syncclient

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/bundle"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// PostBundle hands a bundle to the server and writes its reply to w.
func (c *Client) PostBundle(ctx context.Context, body io.Reader, size int64, w io.Writer) error {
	req, err := c.fileRequest(ctx, http.MethodPost, syncproto.PathBundles, body, size)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := c.do(ctx, req, http.StatusOK)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	lw := &localWriter{w: w}
	if _, err := io.Copy(lw, resp.Body); err != nil {
		if lw.err != nil {
			return lw.err
		}
		return &NetError{Err: err}
	}
	return nil
}

// Relay carries colleagues' bundles: a laptop that goes online hands the
// bundles it was given to the server and keeps the replies for their
// laptops. Both are opaque to it (encrypted for the server, and for each
// laptop). They wait in <dir>/out and <dir>/in.
type Relay struct {
	dir    string
	syncer *Syncer
}

// NewRelay keeps the carried bundles under dir, handed over by syncer's
// connection.
func NewRelay(dir string, syncer *Syncer) *Relay { return &Relay{dir: dir, syncer: syncer} }

// Carried lists the bundles waiting to go (their names) and the replies
// waiting to be given back, and the bundles the server refused (name:
// why).
func (r *Relay) Carried() (out, replies []string, refused map[string]string) {
	names := func(sub, suffix string) []string {
		m, _ := filepath.Glob(filepath.Join(r.dir, sub, "*"+suffix))
		for i := range m {
			m[i] = filepath.Base(m[i])
		}
		sort.Strings(m)
		return m
	}
	refused = map[string]string{}
	for _, n := range names("in", ".refused") {
		b, _ := os.ReadFile(filepath.Join(r.dir, "in", n))
		refused[strings.TrimSuffix(n, ".refused")] = string(b)
	}
	return names("out", bundle.OutSuffix), names("in", bundle.ReplySuffix), refused
}

// maxCarried is the largest bundle a laptop carries (the server's limit
// for bundles handed in); maxAgain the largest handed in twice (records,
// not films: the second time brings the others' changes, and would send
// the files again).
const (
	maxCarried = 2 << 30
	maxAgain   = 8 << 20
)

// Carry takes a colleague's bundle (from a USB stick, a message) to hand in
// at the next sync online.
func (r *Relay) Carry(name string, src io.Reader) error {
	base := strings.TrimSuffix(filepath.Base(name), bundle.OutSuffix)
	if base == "" || base == "." || base == string(filepath.Separator) {
		base = "bundle"
	}
	br := bufio.NewReader(src)
	head, _ := br.Peek(len("age-encryption.org/v1"))
	if string(head) != "age-encryption.org/v1" {
		return alliance.Keyed(alliance.EINVALID, "error.bundle_damaged", nil, "%s is not an Alliance bundle", name)
	}
	dir := filepath.Join(r.dir, "out")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return alliance.OSError(err, dir)
	}
	return safefile.Write(filepath.Join(dir, base+bundle.OutSuffix), func(w io.Writer) error {
		n, err := io.Copy(w, io.LimitReader(br, maxCarried+1))
		if err == nil && n > maxCarried {
			err = alliance.Errorf(alliance.ETOOLARGE, "%s is over %d MB: the secretariat imports it from a USB stick", name, maxCarried>>20)
		}
		return err
	})
}

// CopyReply copies a reply waiting for a colleague to w.
func (r *Relay) CopyReply(name string, w io.Writer) error {
	path := filepath.Join(r.dir, "in", filepath.Base(name))
	f, err := os.Open(path)
	if err != nil {
		return alliance.OSError(err, filepath.Dir(path))
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// DropReply forgets a reply once given back (or a refusal once read).
func (r *Relay) DropReply(name string) error {
	path := filepath.Join(r.dir, "in", filepath.Base(name))
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return alliance.OSError(err, filepath.Dir(path))
	}
	return nil
}

// Pass hands every carried bundle to the server and keeps its reply; a
// bundle the server refuses for good (a damaged file, a revoked laptop)
// is kept aside with why. It returns how many went. Each reply reflects
// the server when it was made: the bundles handed before the last are
// handed again once all are in, so that every laptop's reply holds the
// others' changes too (their own come back as already taken).
func (r *Relay) Pass(ctx context.Context) (int, error) {
	c := r.syncer.apiClient()
	if c == nil {
		return 0, nil
	}
	out, _, _ := r.Carried()
	var handed []string
	for _, name := range out {
		err := r.hand(ctx, c, name)
		var ae *APIError
		switch {
		case err == nil:
			handed = append(handed, name)
		case errors.As(err, &ae) && ae.Status < 500 && ae.Status != http.StatusTooManyRequests:
			_ = os.WriteFile(filepath.Join(r.dir, "in", strings.TrimSuffix(name, bundle.OutSuffix)+".refused"), []byte(ae.Body.Message), 0o600)
			_ = os.Remove(filepath.Join(r.dir, "out", name))
			log.Printf("syncclient: the server refused the carried bundle %s: %s", name, ae.Body.Message)
		default:
			return 0, err // the connection: the next round tries them all again
		}
	}
	for i, name := range handed {
		if st, err := os.Stat(filepath.Join(r.dir, "out", name)); err == nil && i < len(handed)-1 && st.Size() <= maxAgain {
			if err := r.hand(ctx, c, name); err != nil {
				return 0, err
			}
		}
	}
	for _, name := range handed {
		if err := os.Remove(filepath.Join(r.dir, "out", name)); err != nil {
			return 0, fmt.Errorf("forget the carried bundle: %w", err)
		}
	}
	return len(handed), nil
}

func (r *Relay) hand(ctx context.Context, c *Client, name string) error {
	path := filepath.Join(r.dir, "out", name)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	in := filepath.Join(r.dir, "in")
	if err := os.MkdirAll(in, 0o700); err != nil {
		return alliance.OSError(err, in)
	}
	reply := filepath.Join(in, strings.TrimSuffix(name, bundle.OutSuffix)+bundle.ReplySuffix)
	return safefile.Write(reply, func(w io.Writer) error { return c.PostBundle(ctx, f, st.Size(), w) })
}
