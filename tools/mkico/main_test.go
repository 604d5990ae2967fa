package main

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestRun: the icon holds the emblem at each size, each entry a PNG of the
// size its directory entry says (256 written as 0).
func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "alliance.ico")
	if err := run(filepath.Join("..", "..", "assets", "icon.png"), out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(b[0:]) != 0 || le.Uint16(b[2:]) != 1 || le.Uint16(b[4:]) != 6 {
		t.Fatalf("header % x", b[:6])
	}
	for i := range 6 {
		e := b[6+16*i:]
		size, off := le.Uint32(e[8:]), le.Uint32(e[12:])
		img, err := png.Decode(bytes.NewReader(b[off : off+size]))
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		want := int(e[0])
		if want == 0 {
			want = 256
		}
		if w := img.Bounds().Dx(); w != want {
			t.Fatalf("entry %d is %d wide, its entry says %d", i, w, want)
		}
	}
}
