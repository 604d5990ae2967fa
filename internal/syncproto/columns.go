package syncproto

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Columns is the compact encoding of a list of records or changes, for
// pulls and pushes over a slow link and for bundles sent by messenger
// (issue 15): JSON objects written column by column — every record's
// title together, every start date together — each column in the form
// that suits its values, and the whole compressed with zstd and a
// dictionary of the alliance's own records (compact.go). A list of
// records costs about half of what gzipped JSON does: a column holds no
// field names, and values that repeat (an organisation, a region, a
// kind) become small numbers.
//
// The encoding is generic: a row is any JSON object, and each of its
// object values (fields, stamps, base, by) is spread one level further
// into columns of its own; decoding gives every row back as a JSON object
// equal to the one encoded (the same members with the same values, in
// the columns' order). A column is one of:
//
//   - raw: the JSON values, each with its length;
//   - table: the distinct values once, then each row's index (organisation
//     ids, regions, kinds, who recorded, the areas of an activity);
//   - int: integers, each as a zigzag varint of its difference from the
//     one before in the column (sequence numbers, counts of people);
//   - date: "YYYY-MM-DD" as days, each the difference from the row's date
//     in the column before it (an end from its start) or from the one
//     before in the column;
//   - uuid: ids as their 16 bytes;
//   - stamp: HLC stamps as the difference of their wall time from the one
//     before, their counter and their node from a table;
//   - object: only which rows have the object whose members follow.
//
// Which rows have a column is a bitmap when not all do. Decoding checks
// every length against what is left and against the limits it is given:
// a hostile body fails with an error, never a panic or an allocation its
// size does not justify.

const columnsMagic = "ALC1"

// Column kinds.
const (
	colRaw byte = iota + 1
	colTable
	colInt
	colDate
	colUUID
	colStamp
	colObject
)

// pathSep joins a member's name to the object's it belongs to.
const pathSep = "\x00"

// ErrColumns is a columns body that cannot be read.
var ErrColumns = errors.New("malformed columns")

// column is one column while it is written.
type column struct {
	path   string
	has    []bool
	vals   [][]byte // present rows' values, in row order
	count  int
	object bool // the rows' values are objects, spread in columns of their own
}

// colBuilder gathers rows' members into columns.
type colBuilder struct {
	n    int
	cols map[string]*column
	last *column // the column added to last, most often the next one too
}

func newColBuilder(n int) *colBuilder { return &colBuilder{n: n, cols: map[string]*column{}} }

func (cb *colBuilder) col(path string) *column {
	if cb.last != nil && cb.last.path == path {
		return cb.last
	}
	c := cb.cols[path]
	if c == nil {
		c = &column{path: path, has: make([]bool, cb.n)}
		cb.cols[path] = c
	}
	cb.last = c
	return c
}

// add gives row i the value v (JSON) at path.
func (cb *colBuilder) add(i int, path string, v []byte) {
	c := cb.col(path)
	c.has[i] = true
	c.vals = append(c.vals, v)
	c.count++
}

// object marks that row i has an object at path, its members added at
// path+pathSep+name.
func (cb *colBuilder) object(i int, path string) {
	c := cb.col(path)
	c.has[i] = true
	c.object = true
	c.count++
}

// MarshalColumns writes rows (each a JSON object) column by column.
func MarshalColumns(rows []json.RawMessage) ([]byte, error) {
	cb := newColBuilder(len(rows))
	tops := make([]map[string]json.RawMessage, len(rows))
	notObject := map[string]bool{} // a member that is not an object in some row is never spread
	for i, row := range rows {
		if err := json.Unmarshal(row, &tops[i]); err != nil || tops[i] == nil {
			return nil, fmt.Errorf("columns: row %d is not a JSON object", i)
		}
		for k, v := range tops[i] {
			v = bytes.TrimSpace(v)
			tops[i][k] = v
			if len(v) == 0 || v[0] != '{' {
				notObject[k] = true
			}
		}
	}
	for i, top := range tops {
		for k, v := range top {
			if notObject[k] {
				cb.add(i, k, v)
				continue
			}
			var inner map[string]json.RawMessage
			if err := json.Unmarshal(v, &inner); err != nil {
				return nil, fmt.Errorf("columns: row %d, %s: %w", i, k, err)
			}
			cb.object(i, k)
			for ik, iv := range inner {
				cb.add(i, k+pathSep+ik, bytes.TrimSpace(iv))
			}
		}
	}
	return cb.bytes(), nil
}

// bytes writes the columns gathered.
func (cb *colBuilder) bytes() []byte {
	paths := make([]string, 0, len(cb.cols))
	for p := range cb.cols {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	w := &colWriter{}
	w.buf = append(w.buf, columnsMagic...)
	w.uvarint(uint64(cb.n))
	w.uvarint(uint64(len(paths)))
	// The date in the row's column before, for a date column's reference.
	lastDate := make([]int64, cb.n)
	hasDate := make([]bool, cb.n)
	for _, p := range paths {
		c := cb.cols[p]
		w.str(p)
		if c.count == cb.n {
			w.buf = append(w.buf, 0)
		} else {
			w.buf = append(w.buf, 1)
			w.buf = append(w.buf, bitmap(c.has)...)
		}
		if c.object {
			w.buf = append(w.buf, colObject)
			continue
		}
		w.column(c, lastDate, hasDate)
	}
	return w.buf
}

// bitmap packs has, row i in bit i%8 of byte i/8.
func bitmap(has []bool) []byte {
	b := make([]byte, (len(has)+7)/8)
	for i, h := range has {
		if h {
			b[i/8] |= 1 << (i % 8)
		}
	}
	return b
}

type colWriter struct{ buf []byte }

func (w *colWriter) uvarint(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }
func (w *colWriter) varint(v int64)   { w.buf = binary.AppendVarint(w.buf, v) }
func (w *colWriter) str(s string)     { w.uvarint(uint64(len(s))); w.buf = append(w.buf, s...) }
func (w *colWriter) bytes(b []byte)   { w.uvarint(uint64(len(b))); w.buf = append(w.buf, b...) }

// column writes c's kind and values in the most compact form that gives
// them back exactly.
func (w *colWriter) column(c *column, lastDate []int64, hasDate []bool) {
	switch {
	case allOf(c.vals, isDate):
		w.buf = append(w.buf, colDate)
		var prev int64
		j := 0
		for i, h := range c.has {
			if !h {
				continue
			}
			d := dateDays(c.vals[j])
			j++
			ref := prev
			if hasDate[i] {
				ref = lastDate[i]
			}
			w.varint(d - ref)
			prev, lastDate[i], hasDate[i] = d, d, true
		}
	case allOf(c.vals, isInt):
		w.buf = append(w.buf, colInt)
		var prev int64
		for _, v := range c.vals {
			n, _ := strconv.ParseInt(string(v), 10, 64)
			w.varint(n - prev)
			prev = n
		}
	case len(c.vals) >= 4 && distinct(c.vals)*4 <= len(c.vals):
		w.table(c.vals)
	case allOf(c.vals, isUUID):
		w.buf = append(w.buf, colUUID)
		for _, v := range c.vals {
			id := uuid.MustParse(string(v[1 : len(v)-1]))
			w.buf = append(w.buf, id[:]...)
		}
	case allOf(c.vals, isStamp):
		w.buf = append(w.buf, colStamp)
		nodes := map[string]int{}
		var order []string
		for _, v := range c.vals {
			h, _ := ParseHLC(string(v[1 : len(v)-1]))
			if _, ok := nodes[h.Node]; !ok {
				nodes[h.Node] = len(order)
				order = append(order, h.Node)
			}
		}
		w.uvarint(uint64(len(order)))
		for _, n := range order {
			w.str(n)
		}
		var prev int64
		for _, v := range c.vals {
			h, _ := ParseHLC(string(v[1 : len(v)-1]))
			w.varint(h.Wall - prev)
			prev = h.Wall
			w.uvarint(uint64(h.Logical))
			w.uvarint(uint64(nodes[h.Node]))
		}
	default:
		w.buf = append(w.buf, colRaw)
		for _, v := range c.vals {
			w.bytes(v)
		}
	}
}

// table writes vals as their distinct values and each one's index.
func (w *colWriter) table(vals [][]byte) {
	w.buf = append(w.buf, colTable)
	index := map[string]int{}
	var order [][]byte
	for _, v := range vals {
		if _, ok := index[string(v)]; !ok {
			index[string(v)] = len(order)
			order = append(order, v)
		}
	}
	w.uvarint(uint64(len(order)))
	for _, v := range order {
		w.bytes(v)
	}
	for _, v := range vals {
		w.uvarint(uint64(index[string(v)]))
	}
}

func allOf(vals [][]byte, is func([]byte) bool) bool {
	if len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		if !is(v) {
			return false
		}
	}
	return true
}

func distinct(vals [][]byte) int {
	seen := map[string]bool{}
	for _, v := range vals {
		seen[string(v)] = true
	}
	return len(seen)
}

// isInt: a JSON integer written as Go writes it (so that it comes back
// byte for byte).
func isInt(v []byte) bool {
	if len(v) == 0 || len(v) > 19 {
		return false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return err == nil && strconv.FormatInt(n, 10) == string(v)
}

// isDate: a JSON string "YYYY-MM-DD" of a real day.
func isDate(v []byte) bool {
	if len(v) != 12 || v[0] != '"' || v[11] != '"' {
		return false
	}
	t, err := time.Parse(time.DateOnly, string(v[1:11]))
	return err == nil && t.Format(time.DateOnly) == string(v[1:11])
}

func dateDays(v []byte) int64 {
	t, _ := time.Parse(time.DateOnly, string(v[1:11]))
	return t.Unix() / 86400
}

func daysDate(d int64) string {
	return `"` + time.Unix(d*86400, 0).UTC().Format(time.DateOnly) + `"`
}

// isUUID: a JSON string of a UUID in its canonical lower-case form.
func isUUID(v []byte) bool {
	if len(v) != 38 || v[0] != '"' || v[37] != '"' {
		return false
	}
	id, err := uuid.Parse(string(v[1:37]))
	return err == nil && id.String() == string(v[1:37])
}

// isStamp: a JSON string of an HLC stamp as HLC.String writes it.
func isStamp(v []byte) bool {
	if len(v) < 24 || v[0] != '"' || v[len(v)-1] != '"' || bytes.ContainsAny(v[1:len(v)-1], `"\`) {
		return false
	}
	h, err := ParseHLC(string(v[1 : len(v)-1]))
	return err == nil && h.Logical >= 0 && h.String() == string(v[1:len(v)-1])
}

// UnmarshalColumns reads rows written by MarshalColumns: at most maxRows
// rows, and at most maxBytes of them once they are JSON again.
func UnmarshalColumns(b []byte, maxRows, maxBytes int) ([]json.RawMessage, error) {
	cols, n, err := readColumns(b, maxRows, maxBytes)
	if err != nil {
		return nil, err
	}
	return cols.rows(n), nil
}

// readCol is a column read: its values are the present rows', in order.
type readCol struct {
	path, name, key string // name: the member's (in its object); key: the name as JSON
	parent          int    // the object column this member belongs to (-1: the row)
	has             []bool
	vals            [][]byte // nil for an object
}

type readCols []readCol

// readColumns reads and checks the columns of b (at most maxRows rows
// and maxBytes of values) and returns them with the number of rows.
func readColumns(b []byte, maxRows, maxBytes int) (readCols, int, error) {
	r := &colReader{b: b}
	if !bytes.HasPrefix(b, []byte(columnsMagic)) {
		return nil, 0, fmt.Errorf("%w: not a columns body", ErrColumns)
	}
	r.off = len(columnsMagic)
	n := r.count(maxRows)
	ncols := r.count(1 << 12)
	if r.err != nil {
		return nil, 0, r.err
	}
	cols := make(readCols, 0, ncols)
	objects := map[string]int{}
	lastDate := make([]int64, n)
	hasDate := make([]bool, n)
	size := 0
	var prevPath string
	for c := 0; c < ncols && r.err == nil; c++ {
		path := r.str(1 << 10)
		if r.err == nil && c > 0 && path <= prevPath {
			r.fail("columns out of order")
		}
		prevPath = path
		has := make([]bool, n)
		switch r.byte() {
		case 0:
			for i := range has {
				has[i] = true
			}
		case 1:
			bm := r.take((n + 7) / 8)
			for i := range has {
				has[i] = r.err == nil && bm[i/8]&(1<<(i%8)) != 0
			}
		default:
			r.fail("bad presence")
		}
		present := 0
		for _, h := range has {
			if h {
				present++
			}
		}
		parent, name := -1, path
		if head, tail, ok := strings.Cut(path, pathSep); ok {
			p, isObj := objects[head]
			if !isObj || strings.Contains(tail, pathSep) {
				r.fail("member of no object")
				break
			}
			for i, h := range has {
				if h && !cols[p].has[i] {
					r.fail("member of an object the row does not have")
					break
				}
			}
			parent, name = p, tail
		}
		key, _ := json.Marshal(name)
		kind := r.byte()
		var vals [][]byte
		if kind == colObject {
			if parent >= 0 {
				r.fail("object in an object")
			}
			objects[path] = len(cols)
		} else {
			vals = r.values(kind, has, present, lastDate, hasDate)
		}
		for _, v := range vals {
			size += len(v) + len(key) + 2
		}
		if size > maxBytes {
			return nil, 0, fmt.Errorf("%w: more than %d bytes", ErrColumns, maxBytes)
		}
		cols = append(cols, readCol{path: path, name: name, key: string(key), parent: parent, has: has, vals: vals})
	}
	if r.err == nil && r.off != len(b) {
		r.fail("bytes after the last column")
	}
	if r.err != nil {
		return nil, 0, r.err
	}
	return cols, n, nil
}

// rows gives each of the n rows back as a JSON object.
func (cols readCols) rows(n int) []json.RawMessage {
	// Each row as JSON again: the members in the columns' order, an
	// object's members right after it (they sort after its name).
	next := make([]int, len(cols))
	rows := make([]json.RawMessage, n)
	var buf []byte
	for i := 0; i < n; i++ {
		buf = append(buf[:0], '{')
		first, inObject := true, -1
		for c := range cols {
			col := &cols[c]
			if !col.has[i] {
				continue
			}
			if inObject >= 0 && col.parent != inObject {
				buf = append(buf, '}')
				inObject = -1
			}
			if !first && !(col.parent >= 0 && buf[len(buf)-1] == '{') {
				buf = append(buf, ',')
			}
			first = false
			buf = append(buf, col.key...)
			buf = append(buf, ':')
			if col.vals == nil {
				buf = append(buf, '{')
				inObject = c
				continue
			}
			buf = append(buf, col.vals[next[c]]...)
			next[c]++
		}
		if inObject >= 0 {
			buf = append(buf, '}')
		}
		buf = append(buf, '}')
		rows[i] = append(json.RawMessage(nil), buf...)
	}
	return rows
}

type colReader struct {
	b   []byte
	off int
	err error
}

func (r *colReader) fail(why string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s at byte %d", ErrColumns, why, r.off)
	}
}

func (r *colReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad number")
		return 0
	}
	r.off += n
	return v
}

func (r *colReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad number")
		return 0
	}
	r.off += n
	return v
}

// count reads a number of at most max.
func (r *colReader) count(max int) int {
	v := r.uvarint()
	if r.err == nil && (max < 0 || v > uint64(max)) {
		r.fail(fmt.Sprintf("%d is more than %d", v, max))
		return 0
	}
	return int(v)
}

func (r *colReader) byte() byte {
	if r.err != nil || r.off >= len(r.b) {
		r.fail("cut short")
		return 0
	}
	r.off++
	return r.b[r.off-1]
}

func (r *colReader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b)-r.off {
		r.fail("cut short")
		return make([]byte, max(n, 0))
	}
	r.off += n
	return r.b[r.off-n : r.off]
}

func (r *colReader) str(max int) string { return string(r.take(r.count(max))) }

// value reads a length-prefixed JSON value and checks it is one.
func (r *colReader) value() []byte {
	v := r.take(r.count(len(r.b)))
	if r.err == nil && !json.Valid(v) {
		r.fail("not a JSON value")
	}
	return v
}

// values reads the present rows' values of a column of kind.
func (r *colReader) values(kind byte, has []bool, present int, lastDate []int64, hasDate []bool) [][]byte {
	vals := make([][]byte, 0, present)
	switch kind {
	case colRaw:
		for range present {
			vals = append(vals, r.value())
		}
	case colTable:
		t := r.count(present)
		table := make([][]byte, 0, t)
		for range t {
			table = append(table, r.value())
		}
		for range present {
			i := r.count(len(table) - 1)
			if r.err != nil {
				break
			}
			vals = append(vals, table[i])
		}
	case colInt:
		var prev int64
		for range present {
			prev += r.varint()
			vals = append(vals, strconv.AppendInt(nil, prev, 10))
		}
	case colDate:
		var prev int64
		for i, h := range has {
			if !h || r.err != nil {
				continue
			}
			ref := prev
			if hasDate[i] {
				ref = lastDate[i]
			}
			d := ref + r.varint()
			if d < -1e6 || d > 1e6 {
				r.fail("date out of range")
				break
			}
			vals = append(vals, []byte(daysDate(d)))
			prev, lastDate[i], hasDate[i] = d, d, true
		}
	case colUUID:
		for range present {
			b := r.take(16)
			var id uuid.UUID
			copy(id[:], b)
			vals = append(vals, []byte(`"`+id.String()+`"`))
		}
	case colStamp:
		nodes := make([]string, r.count(present))
		for i := range nodes {
			nodes[i] = r.str(64)
			if r.err == nil && (nodes[i] == "" || strings.ContainsAny(nodes[i], "\"\\") || !json.Valid([]byte(`"`+nodes[i]+`"`))) {
				r.fail("bad node")
			}
		}
		var prev int64
		for range present {
			prev += r.varint()
			logical := r.uvarint()
			node := r.count(len(nodes) - 1)
			if r.err != nil {
				break
			}
			if prev < 0 || prev > 1e13-1 || logical > 999999 {
				r.fail("stamp out of range")
				break
			}
			h := HLC{Wall: prev, Logical: int32(logical), Node: nodes[node]}
			vals = append(vals, []byte(`"`+h.String()+`"`))
		}
	default:
		r.fail("unknown kind")
	}
	if r.err != nil {
		return nil
	}
	return vals
}
