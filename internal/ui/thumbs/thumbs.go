// Package thumbs keeps the thumbnails of the store's pictures the screens
// show, loading them off the UI goroutine.
package thumbs

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/ui/env"
)

// State is what the UI knows of one file's picture.
type State struct {
	Res     fyne.Resource // the thumbnail, once made
	Missing bool          // the file is not on this laptop (not uploaded yet)
	Failed  bool          // the file is damaged or unreadable
}

// Cache keeps the thumbnails the screens showed, in memory, and loads
// the others off the UI goroutine (from the disk cache, or made from the
// file). It calls changed on the UI goroutine when some arrived, once for a
// batch.
type Cache struct {
	u       env.Env
	size    int
	mu      sync.Mutex
	m       map[string]*State
	loading map[string]bool
	pending bool
	changed func()
}

const cacheMax = 1200 // ~20 MB of small JPEGs

// New returns a cache of thumbnails size pixels wide; changed runs when
// some arrived.
func New(u env.Env, size int, changed func()) *Cache {
	return &Cache{u: u, size: size, m: map[string]*State{}, loading: map[string]bool{}, changed: changed}
}

// Get returns what is known of f's picture, or nil while it loads (it
// starts loading, and asks the server for a file not on this laptop).
func (c *Cache) Get(f alliance.FileRef) *State { return c.load(f, true) }

// Local is Get for a file the server will not give this laptop (another
// organisation's private photo): it is shown only if it is here already.
func (c *Cache) Local(f alliance.FileRef) *State { return c.load(f, false) }

func (c *Cache) load(f alliance.FileRef, fetch bool) *State {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[f.Hash]; ok {
		return st
	}
	if c.loading[f.Hash] {
		return nil
	}
	c.loading[f.Hash] = true
	var st State
	c.u.Background(func(ctx context.Context) error {
		if !f.IsImage() {
			if st.Missing = !c.u.Services().Files.HasFile(f.Hash); st.Missing && fetch {
				c.fetch(f)
			}
			return nil
		}
		b, err := c.u.Services().Files.Thumbnail(ctx, f, c.size)
		switch {
		case alliance.ErrorCode(err) == alliance.ENOTFOUND:
			st.Missing = true
			if fetch {
				c.fetch(f)
			}
		case err != nil:
			st.Failed = true
		default:
			st.Res = fyne.NewStaticResource(f.Hash[:16]+".jpg", b)
		}
		return nil
	}, func(error) {
		c.mu.Lock()
		if len(c.m) >= cacheMax {
			c.m = map[string]*State{}
		}
		c.m[f.Hash] = &st
		delete(c.loading, f.Hash)
		notify := !c.pending
		c.pending = true
		c.mu.Unlock()
		if notify {
			// One refresh for the thumbnails that arrive together.
			c.u.Post(func() {
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
func (c *Cache) fetch(f alliance.FileRef) {
	if c.u.Services().Transfers != nil {
		c.u.Services().Transfers.Fetch(f)
	}
}

// ForgetMissing drops what is known of missing files: some have arrived.
func (c *Cache) ForgetMissing() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, st := range c.m {
		if st.Missing {
			delete(c.m, h)
		}
	}
}
