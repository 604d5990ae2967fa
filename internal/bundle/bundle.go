// Package bundle is the sync by file: a laptop without a connection saves
// what the server has not acknowledged into a bundle (encrypted for the
// secretariat's server, with the laptop's token inside, so that it is the
// laptop's word and opaque to whoever carries it); the server applies it
// by the same rules as a push and answers with a reply bundle (encrypted
// for that laptop and proved with its token) holding the acknowledgement
// and what the laptop would pull. Both are age files (X25519) holding a
// tar: the document as gzipped JSON, a proof, its parts (pushes, or a
// reply's pages: gzipped JSON or the compact encoding) and the files it
// carries.
package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Kinds and the format's version.
const (
	KindOut   = "alliance-bundle" // a laptop's, to the server
	KindReply = "alliance-reply"  // the server's answer to one
	Version   = 1

	// MaxDocument is the most JSON a reply's document may unpack to (a
	// first reply of 100,000 records is about 60 MB); MaxOutDocument a
	// laptop's bundle's (its changes come in parts), MaxPart one part's.
	MaxDocument    = 512 << 20
	MaxOutDocument = 16 << 20
	MaxPart        = 16 << 20
	// MaxFiles is the most files one bundle carries.
	MaxFiles = 10000
)

// Suffixes of the files people carry.
const (
	OutSuffix   = ".alliance-bundle"
	ReplySuffix = ".alliance-reply"
)

// Out is a laptop's bundle: its changes the server has not acknowledged,
// in pushes as the online sync would send them, and where its pull stands.
type Out struct {
	Kind    string    `json:"kind"`
	Version int       `json:"version"`
	ID      string    `json:"id"` // names the bundle; its reply says which it answers
	Device  string    `json:"device"`
	Token   string    `json:"token"` // the laptop's device token: the server knows the laptop by it
	MadeAt  time.Time `json:"made_at"`
	// ReplyTo is the laptop's public key (age X25519) its reply is
	// encrypted for.
	ReplyTo string `json:"reply_to"`
	// UpTo is the laptop's last change the bundle carries (its sequence
	// so far when it carries none): a reply is not applied over changes
	// the laptop pushed online since.
	UpTo int64 `json:"up_to"`
	// Pushes is how many parts follow the document, each a
	// syncproto.PushRequest as the online sync would send it: the server
	// applies them one at a time, whatever their number.
	Pushes int                   `json:"pushes"`
	Pull   syncproto.PullRequest `json:"pull"`
	// WantFiles asks the reply to carry the files the pulled records
	// name; Files are those this bundle carries.
	WantFiles bool               `json:"want_files,omitempty"`
	Files     []alliance.FileRef `json:"files,omitempty"`
	// Need are files the laptop asked for (its downloads waiting), to
	// come with the reply when it asks for files.
	Need []string `json:"need,omitempty"`
	// Columns says the laptop reads a reply whose pages come as parts in
	// the compact encoding (syncproto.ContentColumns).
	Columns bool `json:"columns,omitempty"`
}

// Reply is the server's answer to a bundle: the acknowledgement of its
// pushes (or why they stopped), and the pages the laptop would pull.
type Reply struct {
	Kind    string                   `json:"kind"`
	Version int                      `json:"version"`
	ID      string                   `json:"id"` // the bundle answered
	Device  string                   `json:"device"`
	MadeAt  time.Time                `json:"made_at"`
	Pushes  []syncproto.PushResponse `json:"pushes"`
	// PushError says why the pushes stopped before the last (a gap in
	// the laptop's sequence, a revoked laptop…).
	PushError *syncproto.ErrorBody `json:"push_error,omitempty"`
	// From is the pull cursor the pages start at: a laptop whose cursor
	// moved on since (it synced online, or took a newer reply) does not
	// take them.
	From  int64                    `json:"from"`
	UpTo  int64                    `json:"up_to"` // the bundle's
	Pulls []syncproto.PullResponse `json:"pulls"`
	// PagesInParts says the pages follow the document as parts, in the
	// compact encoding, instead of in Pulls (for a laptop that said it
	// reads them: Out.Columns); Files is then left empty (the files follow
	// the parts).
	PagesInParts bool   `json:"pages_in_parts,omitempty"`
	RecoveryKey  string `json:"recovery_key,omitempty"`
	ServerKey    string `json:"server_key,omitempty"`
	// Erase tells a laptop revoked as lost to erase its children's data
	// (its bundle applied nothing): the way the word reaches a laptop
	// that only syncs by file.
	Erase bool `json:"erase,omitempty"`
	// Received are the files of the bundle the server took; Files those
	// the reply carries.
	Received []string           `json:"received,omitempty"`
	Files    []alliance.FileRef `json:"files,omitempty"`
}

// File is a file a bundle carries: its reference and its content.
type File struct {
	Ref  alliance.FileRef
	Open func() (io.ReadCloser, error)
}

// Names of the tar's entries.
const (
	entryDocument = "document.json.gz"
	entryProof    = "proof"
	partsPrefix   = "parts/"
	filesPrefix   = "files/"
)

// proof is the HMAC of a document's JSON keyed by the laptop's token:
// only the server and that laptop know it.
func proof(token string, doc []byte) string {
	k := sha256.Sum256([]byte("alliance bundle proof:" + token))
	m := hmac.New(sha256.New, k[:])
	m.Write(doc)
	return hex.EncodeToString(m.Sum(nil))
}

// Compact is a part written in the compact encoding
// (syncproto.ContentColumns, already compressed); other parts are written
// as gzipped JSON.
type Compact interface{ MarshalCompact() ([]byte, error) }

// compactSuffix and jsonSuffix end the names of parts by their encoding.
const (
	compactSuffix = ".alc"
	jsonSuffix    = ".json.gz"
)

// Write writes doc (an Out or a Reply), its parts and files to w,
// encrypted for to and proved with token.
func Write(w io.Writer, to age.Recipient, token string, doc any, parts []any, files []File) error {
	return WriteStream(w, to, token, doc, func(put func(any) error) error {
		for _, p := range parts {
			if err := put(p); err != nil {
				return err
			}
		}
		return nil
	}, func() ([]File, error) { return files, nil })
}

// WriteStream is Write with the parts made as they are written (parts
// puts each: one part in memory at a time) and the files known once the
// parts are written.
func WriteStream(w io.Writer, to age.Recipient, token string, doc any, parts func(put func(any) error) error, files func() ([]File, error)) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	enc, err := age.Encrypt(w, to)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(enc)
	var gz strings.Builder
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(raw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	for _, e := range []struct{ name, body string }{{entryDocument, gz.String()}, {entryProof, proof(token, raw)}} {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o600, Size: int64(len(e.body))}); err != nil {
			return err
		}
		if _, err := io.WriteString(tw, e.body); err != nil {
			return err
		}
	}
	i := 0
	if err := parts(func(p any) error {
		i++
		return writePart(tw, i-1, p)
	}); err != nil {
		return err
	}
	fs, err := files()
	if err != nil {
		return err
	}
	for _, f := range fs {
		if err := writeFile(tw, f); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return enc.Close()
}

func writePart(tw *tar.Writer, i int, v any) error {
	var body []byte
	suffix := jsonSuffix
	if c, ok := v.(Compact); ok {
		b, err := c.MarshalCompact()
		if err != nil {
			return err
		}
		body, suffix = b, compactSuffix
	} else {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		if err := json.NewEncoder(zw).Encode(v); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		body = gz.Bytes()
	}
	if err := tw.WriteHeader(&tar.Header{Name: fmt.Sprintf("%s%06d%s", partsPrefix, i, suffix), Mode: 0o600, Size: int64(len(body))}); err != nil {
		return err
	}
	_, err := tw.Write(body)
	return err
}

func writeFile(tw *tar.Writer, f File) error {
	r, err := f.Open()
	if err != nil {
		return fmt.Errorf("file %s: %w", f.Ref.Hash, err)
	}
	defer r.Close()
	if err := tw.WriteHeader(&tar.Header{Name: filesPrefix + f.Ref.Hash, Mode: 0o600, Size: f.Ref.Size}); err != nil {
		return err
	}
	n, err := io.Copy(tw, io.LimitReader(r, f.Ref.Size))
	if err == nil && n != f.Ref.Size {
		err = fmt.Errorf("file %s is %d bytes, not %d", f.Ref.Hash, n, f.Ref.Size)
	}
	return err
}

// ErrNotForUs says the file was not made for this key: another laptop's
// reply, a bundle for another server, or not a bundle at all.
var ErrNotForUs = errors.New("this file was not made for this laptop or server")

// Opened is a bundle being read: its document's JSON and proof are read;
// Next gives its files one after the other.
type Opened struct {
	tr      *tar.Reader
	doc     []byte
	proof   string
	files   int
	pending *tar.Header // read by NextPart, not a part: Next's
}

// Open decrypts a bundle with id and reads its document (at most max
// bytes of JSON) into doc. The document is not yet proved: check Proved
// with the laptop's token before trusting it.
func Open(r io.Reader, id age.Identity, doc any, max int64) (*Opened, error) {
	dec, err := age.Decrypt(r, id)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, ErrNotForUs
		}
		return nil, damaged("%v", err)
	}
	o := &Opened{tr: tar.NewReader(dec)}
	for range 2 {
		h, err := o.tr.Next()
		if err != nil {
			return nil, damaged("%v", err)
		}
		switch h.Name {
		case entryDocument:
			zr, err := gzip.NewReader(o.tr)
			if err != nil {
				return nil, damaged("%v", err)
			}
			if o.doc, err = io.ReadAll(io.LimitReader(zr, max+1)); err != nil {
				return nil, damaged("%v", err)
			}
			if int64(len(o.doc)) > max {
				return nil, alliance.Errorf(alliance.ETOOLARGE, "a bundle's document is over %d MB", max>>20)
			}
		case entryProof:
			b, err := io.ReadAll(io.LimitReader(o.tr, 128))
			if err != nil {
				return nil, damaged("%v", err)
			}
			o.proof = string(b)
		default:
			return nil, damaged("unexpected entry %q", h.Name)
		}
	}
	if o.doc == nil || o.proof == "" {
		return nil, damaged("no document")
	}
	if err := json.Unmarshal(o.doc, doc); err != nil {
		return nil, damaged("%v", err)
	}
	return o, nil
}

// Proved reports whether the document was made by one who knows token.
func (o *Opened) Proved(token string) bool {
	return hmac.Equal([]byte(o.proof), []byte(proof(token, o.doc)))
}

// NextPart decodes the bundle's next part into v (a compact part needs a
// v that reads one); false when the parts are over.
func (o *Opened) NextPart(v any) (bool, error) {
	if o.pending != nil {
		return false, nil
	}
	h, err := o.tr.Next()
	if errors.Is(err, io.EOF) {
		return false, nil
	} else if err != nil {
		return false, damaged("%v", err)
	}
	if !strings.HasPrefix(h.Name, partsPrefix) {
		o.pending = h
		return false, nil
	}
	if strings.HasSuffix(h.Name, compactSuffix) {
		cu, ok := v.(interface{ UnmarshalCompact([]byte) error })
		if !ok {
			return false, damaged("a compact part %q where none is read", h.Name)
		}
		raw, err := io.ReadAll(io.LimitReader(o.tr, MaxPart+1))
		if err != nil {
			return false, damaged("%v", err)
		}
		if len(raw) > MaxPart {
			return false, alliance.Errorf(alliance.ETOOLARGE, "a part of a bundle is over %d MB", MaxPart>>20)
		}
		if err := cu.UnmarshalCompact(raw); err != nil {
			return false, damaged("%v", err)
		}
		return true, nil
	}
	zr, err := gzip.NewReader(io.LimitReader(o.tr, MaxPart))
	if err != nil {
		return false, damaged("%v", err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, MaxPart+1))
	if err != nil {
		return false, damaged("%v", err)
	}
	if len(raw) > MaxPart {
		return false, alliance.Errorf(alliance.ETOOLARGE, "a part of a bundle is over %d MB", MaxPart>>20)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, damaged("%v", err)
	}
	return true, nil
}

// Next returns the next file the bundle carries (io.EOF after the last):
// its hash, size and content, to read before the next call. Parts not
// read are skipped.
func (o *Opened) Next() (hash string, size int64, r io.Reader, err error) {
	h := o.pending
	o.pending = nil
	for h == nil || strings.HasPrefix(h.Name, partsPrefix) {
		if h, err = o.tr.Next(); errors.Is(err, io.EOF) {
			return "", 0, nil, io.EOF
		} else if err != nil {
			return "", 0, nil, damaged("%v", err)
		}
	}
	o.files++
	hash = strings.TrimPrefix(h.Name, filesPrefix)
	if !strings.HasPrefix(h.Name, filesPrefix) || !alliance.ValidHash(hash) || o.files > MaxFiles {
		return "", 0, nil, damaged("unexpected entry %q", h.Name)
	}
	if h.Size < 0 || h.Size > syncproto.MaxFileBytes {
		return "", 0, nil, alliance.Errorf(alliance.ETOOLARGE, "a file of %d bytes in a bundle", h.Size)
	}
	return hash, h.Size, o.tr, nil
}

func damaged(format string, args ...any) error {
	return alliance.Keyed(alliance.EINVALID, "error.bundle_damaged", nil, "the bundle is damaged or cut short: "+format, args...)
}
