package syncserver_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/klauspost/compress/zstd"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/bundle"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// TestStore_ImportBundle_Hostile: bundles made to break the server — a
// document or a part that unpacks to gigabytes, a token that is not the
// laptop's it names, a file that is not what its name says, a reply key
// that is not one — are refused with a reason, apply nothing and keep
// nothing, within bounded memory.
func TestStore_ImportBundle_Hostile(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a, b := w.enrol(w.orgA), w.enrol(w.orgA)
	server, err := age.ParseX25519Recipient(w.store.BundleKey())
	if err != nil {
		t.Fatal(err)
	}
	self, _ := age.GenerateX25519Identity()
	out := func(dev string, token string) bundle.Out {
		return bundle.Out{Kind: bundle.KindOut, Version: bundle.Version, ID: alliance.NewID(), Device: dev, Token: token,
			MadeAt: time.Now(), ReplyTo: self.Recipient().String(), Pull: syncproto.PullRequest{Protocol: syncproto.Version}}
	}
	imp := func(doc bundle.Out, parts []any, files []bundle.File) error {
		var buf bytes.Buffer
		if err := bundle.Write(&buf, server, doc.Token, doc, parts, files); err != nil {
			t.Fatal(err)
		}
		_, err := w.store.ImportBundle(ctx, &buf, io.Discard)
		return err
	}
	id := alliance.NewID()
	c := a.change(syncproto.EntityActivity, id, w.orgA, syncproto.ActivityFields(validActivity(w.orgA)), nil)
	push := syncproto.PushRequest{Protocol: syncproto.Version, Changes: []syncproto.Change{c}}

	// A's token naming B: refused, nothing applied.
	if err := imp(out(b.id, a.token), []any{push}, nil); alliance.ErrorCode(err) != alliance.EUNAUTHORIZED {
		t.Fatalf("another laptop's name: %v", err)
	}
	// A document that unpacks to more than the limit (compressed, it is
	// small): refused before it is held whole.
	big := out(a.id, a.token)
	big.Files = []alliance.FileRef{{Name: strings.Repeat("x", bundle.MaxOutDocument)}}
	if err := imp(big, nil, nil); alliance.ErrorCode(err) != alliance.ETOOLARGE {
		t.Fatalf("a document of 16 MB: %v", err)
	}
	// A part of the same kind.
	hugePart := map[string]string{"padding": strings.Repeat("y", bundle.MaxPart)}
	if err := imp(out(a.id, a.token), []any{hugePart}, nil); alliance.ErrorCode(err) != alliance.ETOOLARGE {
		t.Fatalf("a part of 16 MB: %v", err)
	}
	// Compact parts that are not one, or that unpack to 64 MB: refused as
	// damaged, nothing applied.
	enc, _ := zstd.NewWriter(nil)
	for name, part := range map[string]rawCompact{
		"garbage": rawCompact("\x28\xb5\x2f\xfd not a frame"),
		"bomb":    rawCompact(enc.EncodeAll(make([]byte, 64<<20), nil)),
		"columns": rawCompact(enc.EncodeAll([]byte("\x02{}ALC1\xff\xff\xff\x0f"), nil)),
	} {
		if err := imp(out(a.id, a.token), []any{part}, nil); alliance.ErrorCode(err) != alliance.EINVALID {
			t.Fatalf("a compact part of %s: %v", name, err)
		}
	}
	// A file that is not what its name says: refused, not kept.
	real := []byte("a drawing")
	sum := sha256.Sum256([]byte("another drawing"))
	liar := bundle.File{Ref: alliance.FileRef{Hash: hex.EncodeToString(sum[:]), Size: int64(len(real))},
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(real)), nil }}
	if err := imp(out(a.id, a.token), nil, []bundle.File{liar}); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a file under another's name: %v", err)
	}
	// No key to answer to.
	noKey := out(a.id, a.token)
	noKey.ReplyTo = "age1notakey"
	if err := imp(noKey, []any{push}, nil); alliance.ErrorCode(err) != alliance.EPROTOCOL {
		t.Fatalf("a reply key that is not one: %v", err)
	}
	if n, _ := w.store.CountRecords(ctx, "activity"); n != 0 {
		t.Fatalf("hostile bundles applied %d records", n)
	}
	// Not a bundle at all, or for another server.
	if _, err := w.store.ImportBundle(ctx, strings.NewReader("PK\x03\x04 a zip"), io.Discard); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("not a bundle: %v", err)
	}
	other, _ := age.GenerateX25519Identity()
	var buf bytes.Buffer
	if err := bundle.Write(&buf, other.Recipient(), "", out(a.id, a.token), []any{push}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.ImportBundle(ctx, &buf, io.Discard); err == nil {
		t.Fatal("a bundle for another server was taken")
	}
	// And the honest one goes through.
	if err := imp(out(a.id, a.token), []any{push}, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.store.CountRecords(ctx, "activity"); n != 1 {
		t.Fatalf("the honest bundle applied %d records", n)
	}
}

// rawCompact is a part written as the compact encoding, whatever it holds.
type rawCompact []byte

func (r rawCompact) MarshalCompact() ([]byte, error) { return r, nil }
