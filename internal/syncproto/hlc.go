// Package syncproto holds what the laptop and the secretariat server agree
// on: the hybrid logical clock, the change records an outbox sends and the
// protocol version. It does no I/O.
package syncproto

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HLC is a hybrid logical clock stamp: wall-clock milliseconds, a logical
// counter for events within the same millisecond (or while the wall clock
// is behind the last stamp), and the node that made it. Stamps compare by
// (Wall, Logical, Node), so every two stamps are ordered.
type HLC struct {
	Wall    int64 // Unix milliseconds
	Logical int32
	Node    string
}

const maxLogical = 999999

// String encodes the stamp so that string order is stamp order:
// 13-digit wall, 6-digit counter, node.
func (h HLC) String() string {
	if h.IsZero() {
		return ""
	}
	return fmt.Sprintf("%013d-%06d-%s", h.Wall, h.Logical, h.Node)
}

// IsZero reports whether h is the zero stamp, older than every other.
func (h HLC) IsZero() bool { return h.Wall == 0 && h.Logical == 0 && h.Node == "" }

// Compare returns -1, 0 or +1.
func (h HLC) Compare(o HLC) int {
	switch {
	case h.Wall != o.Wall:
		return cmp64(h.Wall, o.Wall)
	case h.Logical != o.Logical:
		return cmp64(int64(h.Logical), int64(o.Logical))
	default:
		return strings.Compare(h.Node, o.Node)
	}
}

// After reports whether h is later than o.
func (h HLC) After(o HLC) bool { return h.Compare(o) > 0 }

// ParseHLC decodes String's form; "" gives the zero stamp.
func ParseHLC(s string) (HLC, error) {
	if s == "" {
		return HLC{}, nil
	}
	parts := strings.SplitN(s, "-", 3)
	if len(parts) != 3 || len(parts[0]) != 13 || len(parts[1]) != 6 || parts[2] == "" {
		return HLC{}, fmt.Errorf("invalid hlc %q", s)
	}
	wall, err1 := strconv.ParseInt(parts[0], 10, 64)
	logical, err2 := strconv.ParseInt(parts[1], 10, 32)
	if err1 != nil || err2 != nil || wall < 0 || logical < 0 {
		return HLC{}, fmt.Errorf("invalid hlc %q", s)
	}
	return HLC{Wall: wall, Logical: int32(logical), Node: parts[2]}, nil
}

// Clock makes HLC stamps for one node. It never goes backwards, whatever
// the wall clock does, and it moves forward past stamps it has seen.
// It is safe for concurrent use.
type Clock struct {
	mu   sync.Mutex
	node string
	last HLC
	now  func() time.Time
}

// NewClock returns a clock for node reading the wall time from now
// (time.Now when nil).
func NewClock(node string, now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{node: node, now: now}
}

// Node returns the clock's node id.
func (c *Clock) Node() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.node
}

// SetNode makes the clock stamp as node from now on (the server gave the
// laptop another one: a copy of it already stamps with the old).
func (c *Clock) SetNode(node string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.node = node
}

// Now returns a stamp later than every stamp this clock made or observed.
func (c *Clock) Now() HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	if wall > c.last.Wall {
		c.last = HLC{Wall: wall, Node: c.node}
	} else {
		c.last = c.tick(c.last)
	}
	return c.last
}

// Observe moves the clock past a stamp seen elsewhere (a stored stamp after
// a restart, or one received from another node).
func (c *Clock) Observe(h HLC) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h.Wall > c.last.Wall || (h.Wall == c.last.Wall && h.Logical > c.last.Logical) {
		c.last = HLC{Wall: h.Wall, Logical: h.Logical, Node: c.node}
	}
}

// Last returns the latest stamp made or observed.
func (c *Clock) Last() HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// tick returns the next stamp after h on this node; when the counter is
// exhausted the wall part moves one millisecond ahead instead.
func (c *Clock) tick(h HLC) HLC { // c.mu held
	if h.Logical >= maxLogical {
		return HLC{Wall: h.Wall + 1, Node: c.node}
	}
	return HLC{Wall: h.Wall, Logical: h.Logical + 1, Node: c.node}
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
