package syncproto

import (
	"encoding/json"
	"errors"
)

// errObject is JSON that SplitObject does not take (it is then decoded
// by encoding/json, which says why).
var errObject = errors.New("not a plain JSON object")

// SplitObject decodes a JSON object into its members' raw values, as
// json.Unmarshal into a map[string]json.RawMessage does, without
// reflection: the server splits every record it sends this way. The
// values are slices of b. Anything it does not handle itself (escapes in
// a name, a malformed object) goes to encoding/json.
func SplitObject(b []byte) (map[string]json.RawMessage, error) {
	m, err := splitObject(b)
	if err == nil {
		return m, nil
	}
	m = nil
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func splitObject(b []byte) (map[string]json.RawMessage, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, errObject
	}
	m := make(map[string]json.RawMessage, 24)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		if skipSpace(b, i+1) != len(b) {
			return nil, errObject
		}
		return m, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, errObject
		}
		end := i + 1
		for end < len(b) && b[end] != '"' {
			if b[end] == '\\' || b[end] < 0x20 {
				return nil, errObject // a name with an escape: encoding/json's
			}
			end++
		}
		if end >= len(b) {
			return nil, errObject
		}
		name := string(b[i+1 : end])
		i = skipSpace(b, end+1)
		if i >= len(b) || b[i] != ':' {
			return nil, errObject
		}
		i = skipSpace(b, i+1)
		vend, ok := valueEnd(b, i)
		if !ok || !json.Valid(b[i:vend]) {
			return nil, errObject
		}
		m[name] = b[i:vend:vend]
		i = skipSpace(b, vend)
		if i >= len(b) {
			return nil, errObject
		}
		if b[i] == '}' {
			if skipSpace(b, i+1) != len(b) {
				return nil, errObject
			}
			return m, nil
		}
		if b[i] != ',' {
			return nil, errObject
		}
		i = skipSpace(b, i+1)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd is where the JSON value starting at i ends: strings skipped
// whole, brackets counted; the value is checked afterwards.
func valueEnd(b []byte, i int) (int, bool) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch c := b[j]; c {
		case '"':
			j++
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(b) {
				return 0, false
			}
			if depth == 0 {
				return j + 1, true
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return j, j > i
			}
			depth--
			if depth == 0 {
				return j + 1, true
			}
		case ',':
			if depth == 0 {
				return j, j > i
			}
		case ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j, j > i
			}
		}
	}
	return len(b), depth == 0 && len(b) > i
}

// SplitStamps decodes a JSON object of stamps, as SplitObject does.
func SplitStamps(b []byte) (Stamps, error) {
	m, err := SplitObject(b)
	if err != nil {
		return nil, err
	}
	st := make(Stamps, len(m))
	for k, v := range m {
		if st[k], err = unquote(v); err != nil {
			return nil, err
		}
	}
	return st, nil
}
