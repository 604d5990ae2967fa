package syncproto

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/klauspost/compress/zstd"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// ContentColumns is the media type of a compact body: a pull page or a
// push whose records are written as Columns, compressed with zstd. A
// laptop asks for pull pages in it (Accept) and sends its pushes in it
// once the server has said it reads them (EnrollResponse.Columns,
// PullResponse.Columns); a server that does not know it answers JSON, and
// a laptop that does not know it is answered JSON.
const ContentColumns = "application/vnd.alliance.columns+zstd"

// maxCompactBody is the most a compact body may come to once
// decompressed, whatever it is: a page's records are at most
// MaxPullBytes of JSON and a push's MaxPushBody, and columns are smaller.
const maxCompactBody = 16 << 20

// ColumnsDictID names the zstd dictionary compact bodies are compressed
// with (columns.dict: trained on the alliance's demo activities — their
// columns' names, codes and words — so that a push of one form is about
// half of its gzipped JSON). A new dictionary takes a new id and a new
// media type; a decoder keeps the old ones.
const ColumnsDictID = 1

//go:embed columns.dict
var columnsDict []byte

// ColumnsDict returns the dictionary compact bodies are compressed with
// (for tools and tests that write or read them by hand).
func ColumnsDict() []byte { return bytes.Clone(columnsDict) }

var compactEncoder, compactDecoder = compactCoders()

// compactCoders are the encoder and decoder of compact bodies, with the
// dictionary (without it while the dictionary is being made).
func compactCoders() (*zstd.Encoder, *zstd.Decoder) {
	eo := []zstd.EOption{zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1)}
	do := []zstd.DOption{zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxCompactBody)}
	if len(columnsDict) > 0 {
		eo = append(eo, zstd.WithEncoderDict(columnsDict))
		do = append(do, zstd.WithDecoderDicts(columnsDict))
	}
	enc, err := zstd.NewWriter(nil, eo...)
	if err != nil {
		panic(fmt.Sprintf("syncproto: the compact encoder: %v", err))
	}
	dec, err := zstd.NewReader(nil, do...)
	if err != nil {
		panic(fmt.Sprintf("syncproto: the compact decoder: %v", err))
	}
	return enc, dec
}

// ErrCompact is a compact body that cannot be read.
var ErrCompact = errors.New("malformed compact body")

// marshalCompact writes head (as JSON, without its rows) and the rows'
// columns, compressed.
func marshalCompact(head any, cols []byte) ([]byte, error) {
	h, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	plain := binary.AppendUvarint(make([]byte, 0, len(h)+len(cols)+8), uint64(len(h)))
	plain = append(append(plain, h...), cols...)
	return compactEncoder.EncodeAll(plain, nil), nil
}

// jsonString is s as a JSON string.
func jsonString(s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= 0x80 {
			b, _ := json.Marshal(s)
			return b
		}
	}
	return []byte(`"` + s + `"`)
}

// addCommon adds the members records and changes share.
func (cb *colBuilder) addCommon(i int, seq int64, entity, id, org string, fields map[string]json.RawMessage, by *alliance.Person) error {
	cb.add(i, "seq", strconv.AppendInt(nil, seq, 10))
	cb.add(i, "entity", jsonString(entity))
	cb.add(i, "id", jsonString(id))
	if org != "" {
		cb.add(i, "org", jsonString(org))
	}
	cb.object(i, "fields")
	for k, v := range fields {
		if !json.Valid(v) {
			return fmt.Errorf("%s %s: field %s is not JSON", entity, id, k)
		}
		cb.add(i, "fields"+pathSep+k, v)
	}
	if by != nil {
		cb.object(i, "by")
		cb.add(i, "by"+pathSep+"id", jsonString(by.ID))
		cb.add(i, "by"+pathSep+"name", jsonString(by.Name))
	}
	return nil
}

// unmarshalCompact reads a body of marshalCompact: head into head, and
// its rows' columns (at most maxRows rows, maxBytes of values).
func unmarshalCompact(b []byte, head any, maxRows, maxBytes int) (readCols, int, error) {
	plain, err := compactDecoder.DecodeAll(b, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %v", ErrCompact, err)
	}
	n, k := binary.Uvarint(plain)
	if k <= 0 || n > uint64(len(plain)-k) {
		return nil, 0, fmt.Errorf("%w: no head", ErrCompact)
	}
	if err := json.Unmarshal(plain[k:k+int(n)], head); err != nil {
		return nil, 0, fmt.Errorf("%w: head: %v", ErrCompact, err)
	}
	cols, rows, err := readColumns(plain[k+int(n):], maxRows, maxBytes)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %v", ErrCompact, err)
	}
	return cols, rows, nil
}

// each calls fn with every value of the columns: the row, the object it
// is a member of ("" for the row itself), its name and its JSON. An
// object's column comes before its members' (fn is called with v nil).
func (cols readCols) each(fn func(i int, object, name string, v []byte) error) error {
	for c := range cols {
		col := &cols[c]
		object := ""
		if col.parent >= 0 {
			object = cols[col.parent].path
		}
		j := 0
		for i, h := range col.has {
			if !h {
				continue
			}
			var v []byte
			if col.vals != nil {
				v = col.vals[j]
				j++
			}
			if err := fn(i, object, col.name, v); err != nil {
				return fmt.Errorf("%w: row %d, %s: %v", ErrCompact, i, col.name, err)
			}
		}
	}
	return nil
}

// unquote is the JSON string v.
func unquote(v []byte) (string, error) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), nil
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}

// common sets the members records and changes share; ok false: not one.
func common(v []byte, name string, seq *int64, entity, id, org *string) (ok bool, err error) {
	switch name {
	case "seq":
		*seq, err = strconv.ParseInt(string(v), 10, 64)
	case "entity":
		*entity, err = unquote(v)
	case "id":
		*id, err = unquote(v)
	case "org":
		*org, err = unquote(v)
	default:
		return false, nil
	}
	return true, err
}

// person sets a member of a person.
func person(p **alliance.Person, name string, v []byte) (err error) {
	if *p == nil {
		*p = &alliance.Person{}
	}
	switch name {
	case "id":
		(*p).ID, err = unquote(v)
	case "name":
		(*p).Name, err = unquote(v)
	}
	return err
}

// MarshalCompact writes the page as a compact body.
func (p *PullResponse) MarshalCompact() ([]byte, error) {
	head := *p
	head.Records, head.Compact = nil, nil
	cb := newColBuilder(len(p.Records))
	for i := range p.Records {
		r := &p.Records[i]
		if err := cb.addCommon(i, r.Seq, r.Entity, r.ID, r.Org, r.Fields, r.By); err != nil {
			return nil, err
		}
		cb.object(i, "stamps")
		for k, v := range r.Stamps {
			cb.add(i, "stamps"+pathSep+k, jsonString(v))
		}
		if r.Device != "" {
			cb.add(i, "device", jsonString(r.Device))
		}
	}
	return marshalCompact(&head, cb.bytes())
}

// UnmarshalCompact reads a page from a compact body. Members a newer
// version adds are left out, as JSON decoding would.
func (p *PullResponse) UnmarshalCompact(b []byte) error {
	var head PullResponse
	cols, n, err := unmarshalCompact(b, &head, MaxPullRecords, maxCompactBody)
	if err != nil {
		return err
	}
	recs := make([]Record, n)
	err = cols.each(func(i int, object, name string, v []byte) (err error) {
		r := &recs[i]
		switch object {
		case "":
			if ok, err := common(v, name, &r.Seq, &r.Entity, &r.ID, &r.Org); ok || err != nil {
				return err
			}
			switch {
			case name == "fields" && v == nil:
				r.Fields = map[string]json.RawMessage{}
			case name == "stamps" && v == nil:
				r.Stamps = Stamps{}
			case name == "device":
				r.Device, err = unquote(v)
			}
		case "fields":
			if len(v) > MaxRecordBytes {
				return fmt.Errorf("a value of %d bytes", len(v))
			}
			r.Fields[name] = v
		case "stamps":
			r.Stamps[name], err = unquote(v)
		case "by":
			err = person(&r.By, name, v)
		}
		return err
	})
	if err != nil {
		return err
	}
	head.Records = recs
	head.Compact = b
	*p = head
	return nil
}

// MarshalCompact writes the push as a compact body.
func (p *PushRequest) MarshalCompact() ([]byte, error) {
	head := *p
	head.Changes = nil
	cb := newColBuilder(len(p.Changes))
	for i := range p.Changes {
		c := &p.Changes[i]
		if err := cb.addCommon(i, c.Seq, c.Entity, c.ID, c.Org, c.Fields, c.By); err != nil {
			return nil, err
		}
		cb.add(i, "op", jsonString(c.Op))
		cb.add(i, "hlc", jsonString(c.HLC))
		if len(c.Base) > 0 {
			cb.object(i, "base")
			for k, v := range c.Base {
				cb.add(i, "base"+pathSep+k, jsonString(v))
			}
		}
		if c.Replay {
			cb.add(i, "replay", []byte("true"))
		}
	}
	return marshalCompact(&head, cb.bytes())
}

// UnmarshalCompact reads a push from a compact body.
func (p *PushRequest) UnmarshalCompact(b []byte) error {
	var head PushRequest
	cols, n, err := unmarshalCompact(b, &head, MaxPushChanges, MaxPushBody)
	if err != nil {
		return err
	}
	changes := make([]Change, n)
	err = cols.each(func(i int, object, name string, v []byte) (err error) {
		c := &changes[i]
		switch object {
		case "":
			if ok, err := common(v, name, &c.Seq, &c.Entity, &c.ID, &c.Org); ok || err != nil {
				return err
			}
			switch {
			case name == "fields" && v == nil:
				c.Fields = map[string]json.RawMessage{}
			case name == "base" && v == nil:
				c.Base = map[string]string{}
			case name == "op":
				c.Op, err = unquote(v)
			case name == "hlc":
				c.HLC, err = unquote(v)
			case name == "replay":
				err = json.Unmarshal(v, &c.Replay)
			}
		case "fields":
			if len(v) > MaxRecordBytes {
				return fmt.Errorf("a value of %d bytes", len(v))
			}
			c.Fields[name] = v
		case "base":
			c.Base[name], err = unquote(v)
		case "by":
			err = person(&c.By, name, v)
		}
		return err
	})
	if err != nil {
		return err
	}
	head.Changes = changes
	*p = head
	return nil
}
