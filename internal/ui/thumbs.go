package ui

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// thumbState is what the UI knows of one file's picture.
type thumbState struct {
	res     fyne.Resource // the thumbnail, once made
	missing bool          // the file is not on this laptop (not uploaded yet)
	failed  bool          // the file is damaged or unreadable
}

// thumbCache keeps the thumbnails the screens showed, in memory, and loads
// the others off the UI goroutine (from the disk cache, or made from the
// file). It calls changed on the UI goroutine when some arrived, once for a
// batch.
type thumbCache struct {
	u       *UI
	size    int
	mu      sync.Mutex
	m       map[string]*thumbState
	loading map[string]bool
	pending bool
	changed func()
}

const thumbCacheMax = 1200 // ~20 MB of small JPEGs

func newThumbCache(u *UI, size int, changed func()) *thumbCache {
	return &thumbCache{u: u, size: size, m: map[string]*thumbState{}, loading: map[string]bool{}, changed: changed}
}

// get returns what is known of f's picture, or nil while it loads (it
// starts loading, and asks the server for a file not on this laptop).
func (c *thumbCache) get(f alliance.FileRef) *thumbState { return c.load(f, true) }

// local is get for a file the server will not give this laptop (another
// organisation's private photo): it is shown only if it is here already.
func (c *thumbCache) local(f alliance.FileRef) *thumbState { return c.load(f, false) }

func (c *thumbCache) load(f alliance.FileRef, fetch bool) *thumbState {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[f.Hash]; ok {
		return st
	}
	if c.loading[f.Hash] {
		return nil
	}
	c.loading[f.Hash] = true
	var st thumbState
	c.u.background(func(ctx context.Context) error {
		if !f.IsImage() {
			if st.missing = !c.u.svc.Files.HasFile(f.Hash); st.missing && fetch {
				c.fetch(f)
			}
			return nil
		}
		b, err := c.u.svc.Files.Thumbnail(ctx, f, c.size)
		switch {
		case alliance.ErrorCode(err) == alliance.ENOTFOUND:
			st.missing = true
			if fetch {
				c.fetch(f)
			}
		case err != nil:
			st.failed = true
		default:
			st.res = fyne.NewStaticResource(f.Hash[:16]+".jpg", b)
		}
		return nil
	}, func(error) {
		c.mu.Lock()
		if len(c.m) >= thumbCacheMax {
			c.m = map[string]*thumbState{}
		}
		c.m[f.Hash] = &st
		delete(c.loading, f.Hash)
		notify := !c.pending
		c.pending = true
		c.mu.Unlock()
		if notify {
			// One refresh for the thumbnails that arrive together.
			c.u.post(func() {
				c.mu.Lock()
				c.pending = false
				c.mu.Unlock()
				c.changed()
			})
		}
	})
	return nil
}

// fetch asks the server for a missing file (off the UI goroutine): it is
// shown when it arrives.
func (c *thumbCache) fetch(f alliance.FileRef) {
	if c.u.svc.Transfers != nil {
		c.u.svc.Transfers.Fetch(f)
	}
}

// forgetMissing drops what is known of missing files: some have arrived.
func (c *thumbCache) forgetMissing() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, st := range c.m {
		if st.missing {
			delete(c.m, h)
		}
	}
}
