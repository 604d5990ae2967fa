// Package media keeps the files of contest entries — scans, photos, films,
// consent forms — and of activities (photos, signed attendance sheets,
// reports) in the content-addressed store, checks their type and
// limits when they are added, and makes cached thumbnails and previews.
package media

import (
	"bytes"
	"image"
	_ "image/jpeg" // decoders for image.DecodeConfig
	_ "image/png"
	"io"
	"math"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// allowed says which types each purpose takes.
var allowed = map[alliance.FilePurpose][]string{
	alliance.PurposeArtwork:    {alliance.TypeJPEG, alliance.TypePNG, alliance.TypeMP4, alliance.TypePDF},
	alliance.PurposeConsent:    {alliance.TypeJPEG, alliance.TypePNG, alliance.TypePDF},
	alliance.PurposeAttachment: {alliance.TypeJPEG, alliance.TypePNG, alliance.TypePDF},
	alliance.PurposeResource:   {alliance.TypeJPEG, alliance.TypePNG, alliance.TypePDF, alliance.TypeMP4},
	alliance.PurposeLogo:       {alliance.TypeJPEG, alliance.TypePNG},
}

// sniff tells a file's type from its first bytes (never from its name).
func sniff(head []byte) string {
	t := http.DetectContentType(head)
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	return t
}

// maxBytes is the largest file of type t for purpose.
func maxBytes(t string, purpose alliance.FilePurpose) int64 {
	switch {
	case purpose == alliance.PurposeConsent:
		return alliance.MaxScanBytes
	case purpose == alliance.PurposeAttachment && t == alliance.TypePDF:
		return alliance.MaxAttachmentPDF
	case purpose == alliance.PurposeResource && t == alliance.TypePDF:
		return alliance.MaxResourcePDF
	case purpose == alliance.PurposeLogo:
		return alliance.MaxLogoBytes
	case t == alliance.TypeMP4:
		return alliance.MaxFilmBytes
	}
	return alliance.MaxImageBytes
}

// checkType refuses a type the purpose does not take, saying which it does.
func checkType(t, name string, purpose alliance.FilePurpose) error {
	for _, ok := range allowed[purpose] {
		if t == ok {
			return nil
		}
	}
	key := map[alliance.FilePurpose]string{alliance.PurposeArtwork: "error.file_type_artwork",
		alliance.PurposeConsent: "error.file_type_consent", alliance.PurposeAttachment: "error.file_type_attachment",
		alliance.PurposeResource: "error.file_type_resource", alliance.PurposeLogo: "error.file_type_logo"}[purpose]
	return alliance.Keyed(alliance.EINVALID, key, alliance.Args{"Name": filepath.Base(name)},
		"%s is %s, which cannot be added as %s", name, t, purpose)
}

// inspect checks the stored content of a file of type t and fills in what
// the entry keeps of it: a picture's size, a film's length.
func inspect(r io.ReaderAt, size int64, t, name string, purpose alliance.FilePurpose) (alliance.FileRef, error) {
	ref := alliance.FileRef{Name: shortName(filepath.Base(name)), Type: t, Size: size}
	switch t {
	case alliance.TypeJPEG, alliance.TypePNG:
		cfg, _, err := image.DecodeConfig(io.NewSectionReader(r, 0, size))
		if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
			return ref, alliance.Keyed(alliance.EINVALID, "error.file_damaged", alliance.Args{"Name": ref.Name}, "%s is not a readable picture: %v", name, err)
		}
		if float64(cfg.Width)*float64(cfg.Height) > alliance.MaxImagePixels {
			return ref, alliance.Keyed(alliance.ETOOLARGE, "error.picture_too_big",
				alliance.Args{"Name": ref.Name, "Width": cfg.Width, "Height": cfg.Height, "Max": int(alliance.MaxImagePixels / 1e6)},
				"%s is %d×%d pixels, over %d megapixels", name, cfg.Width, cfg.Height, int(alliance.MaxImagePixels/1e6))
		}
		ref.Width, ref.Height = cfg.Width, cfg.Height
	case alliance.TypeMP4:
		secs, err := mp4Seconds(r, size)
		if err != nil {
			return ref, alliance.Keyed(alliance.EINVALID, "error.file_damaged", alliance.Args{"Name": ref.Name}, "%s: %v", name, err)
		}
		if secs > alliance.MaxFilmSeconds && purpose != alliance.PurposeResource { // a library's film may be long
			return ref, alliance.Keyed(alliance.ETOOLARGE, "error.film_too_long",
				alliance.Args{"Name": ref.Name, "Seconds": int(math.Round(secs)), "Max": alliance.MaxFilmSeconds - 1},
				"%s is %.0f s long, over %d s", name, secs, alliance.MaxFilmSeconds-1)
		}
		ref.Seconds = math.Round(secs*10) / 10
	case alliance.TypePDF:
		var tail [1024]byte
		off := max(size-int64(len(tail)), 0)
		n, _ := r.ReadAt(tail[:], off)
		if !bytes.Contains(tail[:n], []byte("%%EOF")) {
			return ref, alliance.Keyed(alliance.EINVALID, "error.file_damaged", alliance.Args{"Name": ref.Name}, "%s is a truncated PDF", name)
		}
	}
	return ref, nil
}

// shortName keeps a file's name within alliance.MaxFileName bytes (a long
// Russian name from a camera or a scanner is over it), cut between letters
// before its extension, which it keeps.
func shortName(name string) string {
	if len(name) <= alliance.MaxFileName {
		return name
	}
	ext := filepath.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	for len(string(stem))+len("…")+len(ext) > alliance.MaxFileName {
		stem = stem[:len(stem)-1]
	}
	return string(stem) + "…" + ext
}
