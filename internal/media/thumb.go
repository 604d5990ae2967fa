package media

import (
	"bytes"
	"image"
	"image/jpeg"

	"github.com/disintegration/imaging"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Sizes of the pictures the app shows, in pixels on the longer side.
const (
	ThumbSize   = 256  // a gallery tile
	PreviewSize = 1280 // an entry or the jury's view
)

// decodePicture decodes a picture (JPEG, including CMYK, or PNG) and turns
// it the way its EXIF orientation says.
func decodePicture(data []byte) (image.Image, error) {
	img, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		return nil, alliance.Keyed(alliance.EINVALID, "error.file_damaged", nil, "cannot decode the picture: %v", err)
	}
	return img, nil
}

// fitJPEG scales img to fit size×size, never up, and encodes it as a JPEG
// on white (a transparent PNG keeps its look).
func fitJPEG(img image.Image, size int) ([]byte, error) {
	b := img.Bounds()
	if b.Dx() > size || b.Dy() > size {
		// Box averages every source pixel into its target: a fast and
		// clean reduction for the large factors of scans.
		img = imaging.Fit(img, size, size, imaging.Box)
	}
	flat := imaging.New(img.Bounds().Dx(), img.Bounds().Dy(), image.White.C)
	flat = imaging.Overlay(flat, img, image.Point{}, 1)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, flat, &jpeg.Options{Quality: 82}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
