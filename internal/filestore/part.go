package filestore

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/vault"
)

// A Part gathers a file arriving in pieces (a download resumed across
// days) until it is whole and taken into the store. In a sealed store
// the part is sealed as it arrives, in segments of up to 64 KiB, each
// sealed on its own and written after its length: a cut connection or a
// crash loses at most the segment being written, never exposes a byte.
type Part struct {
	f      *os.File
	key    *vault.Key // nil: the part is kept in the clear
	hash   string
	have   int64 // clear bytes held, written or buffered
	buf    []byte
	closed bool
}

const segmentSize = 64 << 10

// partPaths are where a download of hash gathers: in the clear, sealed.
func (s *Store) partPaths(hash string) (clear, sealed string) {
	base := filepath.Join(s.TempDir(), "download-"+hash)
	return base + ".part", base + ".sealed-part"
}

// OpenPart opens (or starts) the part of the file with hash, to append
// to it; Have says how much of it is here.
func (s *Store) OpenPart(hash string) (*Part, error) {
	if !alliance.ValidHash(hash) {
		return nil, alliance.Errorf(alliance.EINVALID, "not a file hash: %q", hash)
	}
	key, err := s.sealKey()
	if err != nil {
		return nil, err
	}
	clear, sealed := s.partPaths(hash)
	if key == nil {
		f, err := os.OpenFile(clear, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, alliance.OSError(err, s.dir)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, alliance.OSError(err, s.dir)
		}
		return &Part{f: f, hash: hash, have: st.Size()}, nil
	}
	_ = os.Remove(clear) // begun before the data was sealed: begun again
	f, err := os.OpenFile(sealed, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, alliance.OSError(err, s.dir)
	}
	have, end, err := scanSegments(f, hash)
	if err == nil {
		err = f.Truncate(end) // a segment cut by a crash goes
	}
	if err == nil {
		_, err = f.Seek(end, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, alliance.OSError(err, s.dir)
	}
	return &Part{f: f, key: key, hash: hash, have: have}, nil
}

// scanSegments reads a sealed part's segments: the clear bytes they hold
// and where the last whole one ends.
func scanSegments(f *os.File, hash string) (have, end int64, err error) {
	r := bufio.NewReader(f)
	var n [4]byte
	for {
		if _, err := io.ReadFull(r, n[:]); err != nil {
			return have, end, nil
		}
		size := int64(binary.BigEndian.Uint32(n[:]))
		seg := make([]byte, size)
		if _, err := io.ReadFull(r, seg); err != nil {
			return have, end, nil
		}
		plain, err := vault.Open(seg, []byte(hash))
		if err != nil {
			return have, end, nil // not a whole segment of this file
		}
		have += int64(len(plain))
		end += 4 + size
	}
}

// Have is how many bytes of the file the part holds.
func (p *Part) Have() int64 { return p.have }

// Write appends to the part.
func (p *Part) Write(b []byte) (int, error) {
	if p.key == nil {
		n, err := p.f.Write(b)
		p.have += int64(n)
		return n, err
	}
	p.buf = append(p.buf, b...)
	p.have += int64(len(b))
	for len(p.buf) >= segmentSize {
		if err := p.flush(segmentSize); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// flush seals and writes the first n buffered bytes as a segment.
func (p *Part) flush(n int) error {
	seg := p.key.Seal(p.buf[:n], []byte(p.hash))
	var head [4]byte
	binary.BigEndian.PutUint32(head[:], uint32(len(seg)))
	if _, err := p.f.Write(append(head[:], seg...)); err != nil {
		return err
	}
	p.buf = append(p.buf[:0], p.buf[n:]...)
	return nil
}

// Close writes what is buffered and closes the part.
func (p *Part) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	var err error
	if len(p.buf) > 0 {
		err = p.flush(len(p.buf))
	}
	return errors.Join(err, p.f.Close())
}

// AdoptPart takes the whole part of hash into the store, checked against
// its hash (see Adopt); a part that does not match is removed.
func (s *Store) AdoptPart(hash string) error {
	clear, sealed := s.partPaths(hash)
	if _, err := os.Stat(sealed); err != nil {
		return s.Adopt(clear, hash)
	}
	key, err := s.sealKey()
	if err != nil {
		return err
	}
	if key == nil {
		return vault.Locked() // a sealed part in a store that no longer seals
	}
	in, err := os.Open(sealed)
	if err != nil {
		return alliance.OSError(err, s.dir)
	}
	h := sha256.New()
	tmp, err := s.sealInto(io.TeeReader(&segments{r: bufio.NewReader(in), hash: hash}, h), key)
	in.Close()
	if err == nil && hex.EncodeToString(h.Sum(nil)) != hash {
		os.Remove(tmp)
		err = corrupt(hash)
	}
	switch {
	case err == nil:
	case errors.Is(err, vault.ErrDamaged) || errors.Is(err, io.ErrUnexpectedEOF) || IsCorrupt(err):
		os.Remove(sealed) // not the file named: fetched again from the start
		return corrupt(hash)
	default:
		return alliance.OSError(err, s.dir) // this laptop's disk: the part is kept
	}
	defer os.Remove(tmp) // gone once renamed
	final := s.Path(hash)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return alliance.OSError(err, s.dir)
	}
	if err := os.Rename(tmp, final); err != nil {
		return alliance.OSError(err, s.dir)
	}
	os.Remove(sealed)
	syncDir(filepath.Dir(final))
	return nil
}

// segments reads a sealed part back as its clear bytes, segment after
// segment; one that is cut or does not open is an error.
type segments struct {
	r    *bufio.Reader
	hash string
	buf  []byte
}

func (g *segments) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		var n [4]byte
		if _, err := io.ReadFull(g.r, n[:]); err != nil {
			return 0, err // io.EOF between segments: the end
		}
		seg := make([]byte, binary.BigEndian.Uint32(n[:]))
		if _, err := io.ReadFull(g.r, seg); err != nil {
			return 0, io.ErrUnexpectedEOF
		}
		plain, err := vault.Open(seg, []byte(g.hash))
		if err != nil {
			return 0, err
		}
		g.buf = plain
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// DropPart removes the part of hash, whichever way it is kept.
func (s *Store) DropPart(hash string) {
	clear, sealed := s.partPaths(hash)
	os.Remove(clear)
	os.Remove(sealed)
}
