package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/media"
)

func mustOpen(t testing.TB) *media.Library {
	t.Helper()
	l, err := media.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// picture is a w×h red picture whose left band (x < band) is blue.
func picture(w, h, band int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x < band {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func jpegOf(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation puts an EXIF block with the orientation tag right after
// the JPEG's start marker, as cameras and phones write it.
func withOrientation(jpg []byte, o uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	binary.Write(&tiff, binary.BigEndian, uint32(8)) // first IFD
	binary.Write(&tiff, binary.BigEndian, uint16(1)) // one entry
	binary.Write(&tiff, binary.BigEndian, uint16(0x0112))
	binary.Write(&tiff, binary.BigEndian, uint16(3)) // SHORT
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, o)
	binary.Write(&tiff, binary.BigEndian, uint16(0))
	binary.Write(&tiff, binary.BigEndian, uint32(0)) // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2]) // SOI
	out.Write([]byte{0xff, 0xe1})
	binary.Write(&out, binary.BigEndian, uint16(len(payload)+2))
	out.Write(payload)
	out.Write(jpg[2:])
	return out.Bytes()
}

// mp4 is a minimal MP4: ftyp, a moov with a movie header of the given
// length, and some media data; the moov comes last when moovLast.
func mp4(seconds int, moovLast bool) []byte {
	box := func(typ string, body []byte) []byte {
		b := make([]byte, 8, 8+len(body))
		binary.BigEndian.PutUint32(b, uint32(8+len(body)))
		copy(b[4:], typ)
		return append(b, body...)
	}
	ftyp := box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
	mvhd := make([]byte, 100)
	binary.BigEndian.PutUint32(mvhd[12:], 1000)                 // timescale
	binary.BigEndian.PutUint32(mvhd[16:], uint32(seconds*1000)) // duration
	moov := box("moov", box("mvhd", mvhd))
	mdat := box("mdat", bytes.Repeat([]byte{0x42}, 4000))
	if moovLast {
		return append(append(ftyp, mdat...), moov...)
	}
	return append(append(ftyp, moov...), mdat...)
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func isBlue(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return b > 2*r
}

func isRed(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return r > 2*b
}

func TestLibrary_AddFile(t *testing.T) {
	l, ctx := mustOpen(t), context.Background()
	jpg := jpegOf(t, picture(640, 480, 100))
	ref, err := l.AddFile(ctx, "/home/x/rəsm.JPG", bytes.NewReader(jpg), alliance.PurposeArtwork)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Type != alliance.TypeJPEG || ref.Width != 640 || ref.Height != 480 || ref.Size != int64(len(jpg)) || ref.Name != "rəsm.JPG" || !alliance.ValidHash(ref.Hash) {
		t.Fatalf("ref %+v", ref)
	}
	again, err := l.AddFile(ctx, "copy.jpg", bytes.NewReader(jpg), alliance.PurposeArtwork)
	if err != nil || again.Hash != ref.Hash {
		t.Fatalf("the same content again: %+v %v", again, err)
	}
	if n := countFiles(t, l.Store().Dir()); n != 1 {
		t.Fatalf("%d files stored for one content", n)
	}
	film, err := l.AddFile(ctx, "film.mp4", bytes.NewReader(mp4(45, true)), alliance.PurposeArtwork)
	if err != nil || film.Type != alliance.TypeMP4 || film.Seconds != 45 {
		t.Fatalf("a 45 s film with its moov last: %+v %v", film, err)
	}
	scan := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	if ref, err := l.AddFile(ctx, "razılıq.pdf", bytes.NewReader(scan), alliance.PurposeConsent); err != nil || ref.Type != alliance.TypePDF {
		t.Fatalf("a consent scan: %+v %v", ref, err)
	}
	if ref, err := l.AddFile(ctx, "iştirak.pdf", bytes.NewReader(scan), alliance.PurposeAttachment); err != nil || ref.Type != alliance.TypePDF {
		t.Fatalf("an attendance sheet: %+v %v", ref, err)
	}
	if ref, err := l.AddFile(ctx, "qrup.jpg", bytes.NewReader(jpg), alliance.PurposeAttachment); err != nil || ref.Width != 640 {
		t.Fatalf("an activity's photo: %+v %v", ref, err)
	}

	for name, tc := range map[string]struct {
		name    string
		data    []byte
		purpose alliance.FilePurpose
		key     string
	}{
		"text as artwork":     {"notes.jpg", []byte("just words, named .jpg"), alliance.PurposeArtwork, "error.file_type_artwork"},
		"film as consent":     {"f.mp4", mp4(10, false), alliance.PurposeConsent, "error.file_type_consent"},
		"film as attachment":  {"f.mp4", mp4(10, false), alliance.PurposeAttachment, "error.file_type_attachment"},
		"long film":           {"long.mp4", mp4(95, false), alliance.PurposeArtwork, "error.film_too_long"},
		"film without header": {"broken.mp4", mp4(10, false)[:40], alliance.PurposeArtwork, "error.file_damaged"},
		"truncated picture":   {"half.png", pngHeader(100, 100), alliance.PurposeArtwork, "error.file_damaged"},
		"truncated JPEG":      {"half.jpg", jpegOf(t, picture(200, 200, 50))[:900], alliance.PurposeArtwork, "error.file_damaged"},
		"huge picture":        {"huge.png", pngHeader(20000, 20000), alliance.PurposeArtwork, "error.picture_too_big"},
		"truncated pdf":       {"p.pdf", []byte("%PDF-1.4\n1 0 obj<<"), alliance.PurposeConsent, "error.file_damaged"},
		"empty":               {"e.jpg", nil, alliance.PurposeArtwork, "error.file_empty"},
	} {
		before := countFiles(t, l.Store().Dir())
		_, err := l.AddFile(ctx, tc.name, bytes.NewReader(tc.data), tc.purpose)
		if key, _ := alliance.ErrorKey(err); key != tc.key {
			t.Errorf("%s: %v (key %q), want %s", name, err, key, tc.key)
		}
		if after := countFiles(t, l.Store().Dir()); after != before {
			t.Errorf("%s: a refused file was kept (%d files, were %d)", name, after, before)
		}
	}
}

// pngHeader is the start of a PNG that claims w×h pixels and stops there.
func pngHeader(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	out := b.Bytes()[:33] // signature + IHDR
	binary.BigEndian.PutUint32(out[16:], uint32(w))
	binary.BigEndian.PutUint32(out[20:], uint32(h))
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
	return out
}

func TestLibrary_AddFile_TooLarge(t *testing.T) {
	l := mustOpen(t)
	big := padded(pngHeader(10, 10), alliance.MaxImageBytes+1)
	_, err := l.AddFile(context.Background(), "big.png", big, alliance.PurposeArtwork)
	if key, _ := alliance.ErrorKey(err); key != "error.file_too_large" {
		t.Fatalf("%v", err)
	}
	if n := countFiles(t, l.Store().Dir()); n != 0 {
		t.Fatalf("%d files kept", n)
	}
	if entries, _ := os.ReadDir(filepath.Join(l.Store().Dir(), "tmp")); len(entries) != 0 {
		t.Fatalf("%d temporary files left", len(entries))
	}
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, path)
		if err == nil && !d.IsDir() && !strings.HasPrefix(rel, "tmp"+string(filepath.Separator)) {
			n++
		}
		return nil
	})
	return n
}

func TestLibrary_Thumbnail(t *testing.T) {
	l, ctx := mustOpen(t), context.Background()
	add := func(name string, data []byte) alliance.FileRef {
		ref, err := l.AddFile(ctx, name, bytes.NewReader(data), alliance.PurposeArtwork)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return ref
	}
	t.Run("scaled to fit, never up", func(t *testing.T) {
		th, err := l.Thumbnail(ctx, add("wide.jpg", jpegOf(t, picture(1200, 600, 0))), media.ThumbSize)
		if err != nil {
			t.Fatal(err)
		}
		if b := decode(t, th).Bounds(); b.Dx() != 256 || b.Dy() != 128 {
			t.Fatalf("thumbnail %v", b)
		}
		small, _ := l.Thumbnail(ctx, add("small.jpg", jpegOf(t, picture(100, 50, 0))), media.ThumbSize)
		if b := decode(t, small).Bounds(); b.Dx() != 100 {
			t.Fatalf("a small picture was scaled up: %v", b)
		}
	})
	t.Run("rotated by EXIF", func(t *testing.T) {
		// Stored 120×60 with a blue left band; orientation 6 turns it a
		// quarter clockwise: 60×120, the band on top.
		ref := add("phone.jpg", withOrientation(jpegOf(t, picture(120, 60, 30)), 6))
		th, err := l.Thumbnail(ctx, ref, media.ThumbSize)
		if err != nil {
			t.Fatal(err)
		}
		img := decode(t, th)
		if b := img.Bounds(); b.Dx() != 60 || b.Dy() != 120 {
			t.Fatalf("not turned: %v", b)
		}
		if !isBlue(img.At(30, 5)) || !isRed(img.At(30, 110)) {
			t.Fatalf("turned the wrong way: top %v bottom %v", img.At(30, 5), img.At(30, 110))
		}
	})
	t.Run("CMYK JPEG", func(t *testing.T) {
		data, err := os.ReadFile("testdata/cmyk.jpg") // ImageMagick: red, blue right half, -colorspace CMYK
		if err != nil {
			t.Fatal(err)
		}
		th, err := l.Thumbnail(ctx, add("cmyk.jpg", data), media.ThumbSize)
		if err != nil {
			t.Fatal(err)
		}
		img := decode(t, th)
		if !isRed(img.At(10, 40)) || !isBlue(img.At(110, 40)) {
			t.Fatalf("colours of a CMYK scan: left %v right %v", img.At(10, 40), img.At(110, 40))
		}
	})
	t.Run("huge PNG", func(t *testing.T) {
		var b bytes.Buffer
		img := image.NewGray(image.Rect(0, 0, 7000, 5000)) // 35 megapixels
		for x := 0; x < 7000; x++ {
			img.Pix[x] = 255 // a white line on top
		}
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		th, err := l.Thumbnail(ctx, add("scan.png", b.Bytes()), media.ThumbSize)
		if err != nil {
			t.Fatal(err)
		}
		if got := decode(t, th).Bounds(); got.Dx() != 256 || got.Dy() != 182 {
			t.Fatalf("thumbnail %v", got)
		}
	})
	t.Run("cached", func(t *testing.T) {
		ref := add("c.jpg", jpegOf(t, picture(800, 800, 400)))
		first, _ := l.Thumbnail(ctx, ref, media.ThumbSize)
		os.Remove(l.Store().Path(ref.Hash)) // the original is gone: the thumbnail still comes
		again, err := l.Thumbnail(ctx, ref, media.ThumbSize)
		if err != nil || !bytes.Equal(first, again) {
			t.Fatalf("not from the cache: %v", err)
		}
	})
	t.Run("corrupted original detected", func(t *testing.T) {
		ref := add("d.jpg", jpegOf(t, picture(300, 300, 100)))
		data, _ := os.ReadFile(l.Store().Path(ref.Hash))
		data[len(data)/2] ^= 0xff
		if err := os.WriteFile(l.Store().Path(ref.Hash), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Thumbnail(ctx, ref, 100); !filestore.IsCorrupt(err) { // a size not cached yet
			t.Fatalf("a damaged file gave %v", err)
		}
		if err := l.Store().Verify(ref.Hash); !filestore.IsCorrupt(err) {
			t.Fatalf("Verify: %v", err)
		}
	})
}

// padded is head followed by zero bytes, n in all.
func padded(head []byte, n int64) io.Reader {
	return io.LimitReader(io.MultiReader(bytes.NewReader(head), zeros{}), n)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestLibrary_AddFile_LongName: a name longer than a record keeps (a long
// Russian title) is cut between letters, its extension kept, so that the
// activity or resource that names it is not refused.
func TestLibrary_AddFile_LongName(t *testing.T) {
	l, ctx := mustOpen(t), context.Background()
	long := strings.Repeat("Лист присутствия участников тренинга ", 10) + ".pdf"
	ref, err := l.AddFile(ctx, long, bytes.NewReader([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")), alliance.PurposeAttachment)
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.Name) > alliance.MaxFileName || !strings.HasSuffix(ref.Name, "….pdf") || !utf8.ValidString(ref.Name) {
		t.Fatalf("name %q (%d bytes)", ref.Name, len(ref.Name))
	}
}
