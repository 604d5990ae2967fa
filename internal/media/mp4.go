package media

import (
	"encoding/binary"
	"errors"
	"io"
)

var errNoDuration = errors.New("no movie header (mvhd) in the MP4 file")

// mp4Seconds reads a film's length from its movie header box (moov/mvhd),
// wherever in the file the moov box is (phones often write it last).
func mp4Seconds(r io.ReaderAt, size int64) (float64, error) {
	moov, moovEnd, err := findBox(r, 0, size, "moov")
	if err != nil {
		return 0, err
	}
	mvhd, _, err := findBox(r, moov, moovEnd, "mvhd")
	if err != nil {
		return 0, err
	}
	var head [32]byte
	if _, err := r.ReadAt(head[:], mvhd); err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	var scale, duration uint64
	if head[0] == 1 { // version 1: 64-bit times
		scale = uint64(binary.BigEndian.Uint32(head[20:24]))
		duration = binary.BigEndian.Uint64(head[24:32])
	} else {
		scale = uint64(binary.BigEndian.Uint32(head[12:16]))
		duration = uint64(binary.BigEndian.Uint32(head[16:20]))
	}
	if scale == 0 {
		return 0, errNoDuration
	}
	return float64(duration) / float64(scale), nil
}

// findBox returns where the content of the first box of type typ between
// from and to begins and ends.
func findBox(r io.ReaderAt, from, to int64, typ string) (start, end int64, err error) {
	for off := from; off+8 <= to; {
		var h [16]byte
		if _, err := r.ReadAt(h[:8], off); err != nil {
			return 0, 0, errNoDuration
		}
		size, header := int64(binary.BigEndian.Uint32(h[:4])), int64(8)
		switch size {
		case 1: // a 64-bit size follows the type
			if _, err := r.ReadAt(h[8:16], off+8); err != nil {
				return 0, 0, errNoDuration
			}
			size, header = int64(binary.BigEndian.Uint64(h[8:16])), 16
		case 0: // the box runs to the end
			size = to - off
		}
		if size < header || off+size > to {
			return 0, 0, errNoDuration
		}
		if string(h[4:8]) == typ {
			return off + header, off + size, nil
		}
		off += size
	}
	return 0, 0, errNoDuration
}
