package roster

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeText turns the bytes of a text file into UTF-8, whatever Excel or
// Notepad saved it as: UTF-8 with or without its mark, UTF-16 (with its
// mark, or without one, told by its zero bytes), or a Windows code page —
// 1251 for Russian (Cyrillic), else 1254 (Turkish, the one Azerbaijani
// Latin is saved in).
func decodeText(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return b[3:], nil
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), b)
	}
	// Text has no zero bytes; UTF-16 has one in every other byte of its
	// Latin letters, digits and separators (they are valid UTF-8 too).
	if le, be := zeros(b, 1), zeros(b, 0); le > len(b)/4 || be > len(b)/4 {
		order := unicode.LittleEndian
		if be > le {
			order = unicode.BigEndian
		}
		return decodeWith(unicode.UTF16(order, unicode.IgnoreBOM), b)
	}
	if utf8.Valid(b) {
		return b, nil
	}
	if cyrillic1251(b) {
		return decodeWith(charmap.Windows1251, b)
	}
	return decodeWith(charmap.Windows1254, b)
}

func decodeWith(e encoding.Encoding, b []byte) ([]byte, error) {
	return e.NewDecoder().Bytes(b)
}

// zeros counts the zero bytes at positions of the given parity.
func zeros(b []byte, parity int) int {
	n := 0
	for i := parity; i < len(b); i += 2 {
		if b[i] == 0 {
			n++
		}
	}
	return n
}

// cyrillic1251 tells Russian text in Windows-1251 (most letters are bytes
// 0xC0–0xFF) from Azerbaijani or Turkish text in Windows-1254 (a few
// letters in that range among plain Latin ones).
func cyrillic1251(b []byte) bool {
	high, latin := 0, 0
	for _, c := range b {
		switch {
		case c >= 0xC0:
			high++
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			latin++
		}
	}
	return high > latin
}
