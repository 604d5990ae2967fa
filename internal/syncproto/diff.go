package syncproto

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// EncodeDiff writes a diff — each field's value before and after — as
// JSON {"field": [from, to]}, its values as they are (they were read as
// JSON): json.Marshal would check and compact each one again, on every
// change. A missing value is null.
func EncodeDiff(diff map[string][2]json.RawMessage) string {
	names := make([]string, 0, len(diff))
	n := 2
	for k, v := range diff {
		names = append(names, k)
		n += len(k) + len(v[0]) + len(v[1]) + 12
	}
	sort.Strings(names)
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('{')
	for i, k := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(k))
		b.WriteString(":[")
		for j, v := range diff[k] {
			if j > 0 {
				b.WriteByte(',')
			}
			if len(v) == 0 {
				b.WriteString("null")
			} else {
				b.Write(v)
			}
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}
