package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// Artwork draws a child's drawing on the fly — sky, sun, a house, grass,
// a few people and scribbles, in crayon colours — as a JPEG of w×h: real
// pictures for the gallery, the thumbnails and the jury to look at.
func Artwork(rng *rand.Rand, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	paper := color.RGBA{250, 247, 238, 255}
	draw.Draw(img, img.Bounds(), &image.Uniform{paper}, image.Point{}, draw.Src)
	crayon := func() color.RGBA {
		palette := []color.RGBA{{230, 57, 70, 255}, {244, 162, 97, 255}, {233, 196, 106, 255}, {42, 157, 143, 255},
			{38, 70, 83, 255}, {69, 123, 157, 255}, {155, 93, 229, 255}, {241, 91, 181, 255}, {0, 187, 249, 255}, {106, 153, 78, 255}}
		return palette[rng.IntN(len(palette))]
	}
	// Sky and grass.
	fill(img, image.Rect(0, 0, w, h*2/3), color.RGBA{uint8(150 + rng.IntN(60)), uint8(200 + rng.IntN(40)), 245, 255})
	fill(img, image.Rect(0, h*2/3, w, h), color.RGBA{uint8(80 + rng.IntN(40)), uint8(160 + rng.IntN(60)), uint8(60 + rng.IntN(40)), 255})
	// Sun.
	sx, sy, sr := w/8+rng.IntN(w/4), h/8+rng.IntN(h/8), h/12+rng.IntN(h/16)
	disc(img, sx, sy, sr, color.RGBA{253, 200, 48, 255})
	for a := 0.0; a < 2*math.Pi; a += math.Pi / 6 {
		line(img, sx+int(float64(sr+6)*math.Cos(a)), sy+int(float64(sr+6)*math.Sin(a)),
			sx+int(float64(sr*2)*math.Cos(a)), sy+int(float64(sr*2)*math.Sin(a)), 4, color.RGBA{253, 180, 30, 255})
	}
	// A house with a roof, a door and a window.
	hx, hw, hh := w/2+rng.IntN(w/6), w/5+rng.IntN(w/10), h/4+rng.IntN(h/10)
	base := h * 2 / 3
	fill(img, image.Rect(hx, base-hh, hx+hw, base), crayon())
	roof := crayon()
	rh, centre := hh/2, hx+hw/2
	for y := 0; y < rh; y++ {
		half := (hw/2 + 12) * (y + 1) / rh
		fill(img, image.Rect(centre-half, base-hh-rh+y, centre+half, base-hh-rh+y+1), roof)
	}
	fill(img, image.Rect(hx+hw/2-hw/10, base-hh/2, hx+hw/2+hw/10, base), color.RGBA{120, 72, 40, 255})
	fill(img, image.Rect(hx+hw/8, base-hh+hh/6, hx+hw/8+hw/5, base-hh+hh/6+hw/5), color.RGBA{190, 230, 255, 255})
	// People: stick figures holding hands.
	n := 1 + rng.IntN(4)
	px := w/10 + rng.IntN(w/6)
	for i := 0; i < n; i++ {
		c := crayon()
		x, top := px+i*(w/14), base-h/6+rng.IntN(h/30)
		disc(img, x, top, h/40, c)
		line(img, x, top, x, top+h/12, 5, c)
		line(img, x, top+h/12, x-h/40, top+h/8, 5, c)
		line(img, x, top+h/12, x+h/40, top+h/8, 5, c)
		line(img, x-w/28, top+h/24, x+w/28, top+h/24, 5, c)
	}
	// Flowers and scribbles.
	for i := 0; i < 6+rng.IntN(10); i++ {
		disc(img, rng.IntN(w), base+rng.IntN(h-base), 4+rng.IntN(8), crayon())
	}
	for i := 0; i < 2+rng.IntN(4); i++ {
		x, y := rng.IntN(w), rng.IntN(h)
		c := crayon()
		for k := 0; k < 30; k++ {
			nx, ny := x+rng.IntN(41)-20, y+rng.IntN(41)-20
			line(img, x, y, nx, ny, 3, c)
			x, y = nx, ny
		}
	}
	var out bytes.Buffer
	_ = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	return out.Bytes()
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r.Intersect(img.Bounds()), &image.Uniform{c}, image.Point{}, draw.Src)
}

func disc(img *image.RGBA, cx, cy, r int, c color.RGBA) {
	for y := -r; y <= r; y++ {
		for x := -r; x <= r; x++ {
			if x*x+y*y <= r*r && image.Pt(cx+x, cy+y).In(img.Bounds()) {
				img.SetRGBA(cx+x, cy+y, c)
			}
		}
	}
}

// line draws a thick line as a row of discs.
func line(img *image.RGBA, x0, y0, x1, y1, width int, c color.RGBA) {
	steps := max(abs(x1-x0), abs(y1-y0), 1)
	for i := 0; i <= steps; i += max(1, width/2) {
		disc(img, x0+(x1-x0)*i/steps, y0+(y1-y0)*i/steps, width/2, c)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
