package syncproto_test

import (
	"sort"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/syncproto"
)

func TestClock_Now(t *testing.T) {
	t.Run("MonotonicWhenWallClockJumpsBack", func(t *testing.T) {
		wall := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
		c := syncproto.NewClock("aa", func() time.Time { return wall })
		var stamps []syncproto.HLC
		for i := 0; i < 1000; i++ {
			switch i {
			case 300:
				wall = wall.Add(-30 * 24 * time.Hour) // clock set back a month
			case 600:
				wall = wall.Add(45 * 24 * time.Hour)
			case 700:
				wall = wall.Add(-time.Millisecond)
			}
			stamps = append(stamps, c.Now())
		}
		for i := 1; i < len(stamps); i++ {
			if !stamps[i].After(stamps[i-1]) {
				t.Fatalf("stamp %d %v not after %v", i, stamps[i], stamps[i-1])
			}
			if stamps[i].String() <= stamps[i-1].String() {
				t.Fatalf("string order broken at %d: %s <= %s", i, stamps[i], stamps[i-1])
			}
		}
	})

	t.Run("CounterOverflowMovesWall", func(t *testing.T) {
		wall := time.UnixMilli(1000)
		c := syncproto.NewClock("n", func() time.Time { return wall })
		c.Observe(syncproto.HLC{Wall: 1000, Logical: 999999, Node: "x"})
		h := c.Now()
		if h.Wall != 1001 || h.Logical != 0 {
			t.Fatalf("after overflow %v", h)
		}
	})

	t.Run("ObserveMovesPastRemote", func(t *testing.T) {
		wall := time.UnixMilli(5000)
		c := syncproto.NewClock("a", func() time.Time { return wall })
		remote := syncproto.HLC{Wall: 9000, Logical: 7, Node: "b"}
		c.Observe(remote)
		if h := c.Now(); !h.After(remote) {
			t.Fatalf("%v not after observed %v", h, remote)
		}
		c.Observe(syncproto.HLC{Wall: 10, Node: "c"}) // an older stamp changes nothing
		if h := c.Now(); h.Wall != 9000 {
			t.Fatalf("older stamp moved the clock: %v", h)
		}
	})
}

func TestParseHLC(t *testing.T) {
	hs := []syncproto.HLC{
		{Wall: 1, Logical: 2, Node: "a1b2c3d4"},
		{Wall: 1732700000000, Logical: 0, Node: "ffff"},
		{Wall: 1732700000000, Logical: 12, Node: "0000"},
		{Wall: 1732700000001, Logical: 0, Node: "0000"},
	}
	for _, h := range hs {
		got, err := syncproto.ParseHLC(h.String())
		if err != nil || got != h {
			t.Fatalf("round trip of %v: %v, %v", h, got, err)
		}
	}
	strs := make([]string, len(hs))
	for i, h := range hs {
		strs[i] = h.String()
	}
	if !sort.StringsAreSorted(strs) {
		t.Fatalf("string order differs from stamp order: %v", strs)
	}
	for _, bad := range []string{"x", "1-2-3", "abcdefghijklm-000001-n", "0000000000001-000001-", "-000000000001-000001-n"} {
		if _, err := syncproto.ParseHLC(bad); err == nil {
			t.Errorf("ParseHLC(%q) accepted", bad)
		}
	}
	if h, err := syncproto.ParseHLC(""); err != nil || !h.IsZero() {
		t.Fatalf("empty: %v %v", h, err)
	}
}
