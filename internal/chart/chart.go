// Package chart draws the reports' charts — bars, horizontal bars (regions,
// areas) and lines (months) — as pictures, with the app's Noto Sans, so
// that a chart looks the same in the app, in the printed summary and in
// the Excel file. The texts come in already translated. No Fyne import.
package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/ngo-alliance/alliance/assets"
)

// Kind is how a chart shows its values.
type Kind int

const (
	Bars  Kind = iota // vertical bars, labels under them
	HBars             // horizontal bars, labels on the left: for long names (regions, areas)
	Line              // a line over time (months)
)

// Chart is a titled series of labelled values.
type Chart struct {
	Title  string
	Kind   Kind
	Labels []string
	Values []float64
	// Colors colours the bars one by one (girls, boys…); empty: the
	// alliance's blue for all.
	Colors []color.Color
	// Number writes a value the reader's way (grouping, decimal mark);
	// nil: plain digits.
	Number func(v float64) string
}

var (
	blue  = color.NRGBA{0x1d, 0x5f, 0xa8, 0xff}
	ink   = color.NRGBA{0x22, 0x22, 0x22, 0xff}
	muted = color.NRGBA{0x66, 0x66, 0x66, 0xff}
	rule  = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
)

var (
	fontOnce sync.Once
	regular  *opentype.Font
	bold     *opentype.Font
	fontErr  error
)

func fonts() error {
	fontOnce.Do(func() {
		if regular, fontErr = opentype.Parse(assets.NotoSansRegular); fontErr == nil {
			bold, fontErr = opentype.Parse(assets.NotoSansBold)
		}
	})
	return fontErr
}

// canvas is a picture being drawn at a scale (1 = 96 dpi-ish pixels).
type canvas struct {
	img   *image.RGBA
	scale float64
	faces map[[2]int]font.Face
}

func (c *canvas) face(size float64, isBold bool) font.Face {
	key := [2]int{int(size * 10), 0}
	if isBold {
		key[1] = 1
	}
	if f, ok := c.faces[key]; ok {
		return f
	}
	fnt := regular
	if isBold {
		fnt = bold
	}
	f, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: size * c.scale, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // the embedded font is known good
	}
	c.faces[key] = f
	return f
}

// text draws s with its left (align 0), centre (0.5) or right (1) at x,
// its baseline at y, within width maxW (cut with "…" when longer).
func (c *canvas) text(s string, x, y, size float64, isBold bool, col color.Color, align, maxW float64) {
	f := c.face(size, isBold)
	if maxW > 0 {
		s = fit(f, s, maxW*c.scale)
	}
	w := float64(font.MeasureString(f, s)) / 64
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: f,
		Dot: fixed.P(int(x*c.scale-w*align), int(y*c.scale))}
	d.DrawString(s)
}

// lines breaks s between words into at most n lines of width maxW; the
// last one is cut by text when still too long.
func (c *canvas) lines(s string, size, maxW float64, n int) []string {
	f := c.face(size, false)
	width := func(t string) float64 { return float64(font.MeasureString(f, t)) / 64 / c.scale }
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case width(line+" "+w) <= maxW || len(out) == n-1:
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
	}
	return append(out, line)
}

func fit(f font.Face, s string, maxW float64) string {
	if float64(font.MeasureString(f, s))/64 <= maxW {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; float64(font.MeasureString(f, t))/64 <= maxW {
			return t
		}
	}
	return string(r)
}

func (c *canvas) rect(x0, y0, x1, y1 float64, col color.Color) {
	r := image.Rect(int(x0*c.scale), int(y0*c.scale), int(math.Ceil(x1*c.scale)), int(math.Ceil(y1*c.scale)))
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Over)
}

// Image draws the chart w×h (in points) at scale (2 for sharp pictures on
// screens and paper).
func (ch *Chart) Image(w, h int, scale float64) (*image.RGBA, error) {
	if err := fonts(); err != nil {
		return nil, err
	}
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, int(float64(w)*scale), int(float64(h)*scale))), scale: scale, faces: map[[2]int]font.Face{}}
	draw.Draw(c.img, c.img.Bounds(), image.White, image.Point{}, draw.Src)
	c.text(ch.Title, 8, 20, 13, true, ink, 0, float64(w)-16)
	if len(ch.Values) == 0 {
		c.text("—", float64(w)/2, float64(h)/2, 13, false, muted, 0.5, 0)
		return c.img, nil
	}
	top, fw, fh := 34.0, float64(w), float64(h)
	switch ch.Kind {
	case HBars:
		ch.hbars(c, top, fw, fh)
	case Line:
		ch.line(c, top, fw, fh)
	default:
		ch.bars(c, top, fw, fh)
	}
	return c.img, nil
}

// PNG is Image encoded as PNG.
func (ch *Chart) PNG(w, h int, scale float64) ([]byte, error) {
	img, err := ch.Image(w, h, scale)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = png.Encode(&b, img)
	return b.Bytes(), err
}

func (ch *Chart) max() float64 {
	m := 0.0
	for _, v := range ch.Values {
		m = math.Max(m, v)
	}
	if m == 0 {
		m = 1
	}
	return m
}

func (ch *Chart) color(i int) color.Color {
	if len(ch.Colors) > 0 {
		return ch.Colors[i%len(ch.Colors)]
	}
	return blue
}

// number writes v as the chart's Number says.
func (ch *Chart) number(v float64) string {
	if ch.Number != nil {
		return ch.Number(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (ch *Chart) bars(c *canvas, top, w, h float64) {
	bottom, left, right := h-44, 12.0, w-12 // room for labels of two lines
	n := float64(len(ch.Values))
	slot := (right - left) / n
	bw := math.Min(slot*0.7, 60)
	m := ch.max()
	c.rect(left, bottom, right, bottom+1, rule)
	for i, v := range ch.Values {
		x := left + slot*float64(i) + (slot-bw)/2
		y := bottom - (bottom-top-16)*v/m
		c.rect(x, y, x+bw, bottom, ch.color(i))
		c.text(ch.number(v), x+bw/2, y-4, 10.5, false, ink, 0.5, 0)
		for j, line := range c.lines(ch.Labels[i], 10.5, slot-2, 2) {
			c.text(line, x+bw/2, bottom+16+13*float64(j), 10.5, false, muted, 0.5, slot-2)
		}
	}
}

func (ch *Chart) hbars(c *canvas, top, w, h float64) {
	n := float64(len(ch.Values))
	row := math.Min((h-top-8)/n, 26)
	labelW := math.Min(w*0.38, 190)
	left, right := 8+labelW+6, w-48
	m := ch.max()
	for i, v := range ch.Values {
		y := top + row*float64(i)
		c.text(ch.Labels[i], 8+labelW, y+row*0.68, 10.5, false, ink, 1, labelW)
		bar := (right - left) * v / m
		c.rect(left, y+row*0.18, left+math.Max(bar, 1), y+row*0.82, ch.color(i))
		c.text(ch.number(v), left+bar+4, y+row*0.68, 10.5, false, ink, 0, 0)
	}
}

func (ch *Chart) line(c *canvas, top, w, h float64) {
	bottom, left, right := h-34, 36.0, w-22
	m := 2 * math.Ceil(ch.max()/2) // an even top: the middle rule is a whole number
	n := len(ch.Values)
	step := (right - left) / math.Max(float64(n-1), 1)
	for _, f := range []float64{0, 0.5, 1} {
		y := bottom - (bottom-top-10)*f
		c.rect(left, y, right, y+1, rule)
		c.text(ch.number(math.Round(m*f)), left-4, y+4, 9.5, false, muted, 1, 0)
	}
	var path vector.Rasterizer
	path.Reset(c.img.Bounds().Dx(), c.img.Bounds().Dy())
	pt := func(i int) (float32, float32) {
		return float32((left + step*float64(i)) * c.scale), float32((bottom - (bottom-top-10)*ch.Values[i]/m) * c.scale)
	}
	// The line as a thin polygon: each segment widened to 2.5 points.
	wd := float32(1.25 * c.scale)
	for i := 0; i+1 < n; i++ {
		x0, y0 := pt(i)
		x1, y1 := pt(i + 1)
		dx, dy := x1-x0, y1-y0
		l := float32(math.Hypot(float64(dx), float64(dy)))
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*wd, dx/l*wd
		path.MoveTo(x0+nx, y0+ny)
		path.LineTo(x1+nx, y1+ny)
		path.LineTo(x1-nx, y1-ny)
		path.LineTo(x0-nx, y0-ny)
		path.ClosePath()
	}
	path.Draw(c.img, c.img.Bounds(), image.NewUniform(ch.color(0)), image.Point{})
	// Labels every 1, 2, 3, 4, 6 or 12 points (months: quarters, years),
	// as often as they fit whole.
	widest := 0.0
	f := c.face(9.5, false)
	for _, l := range ch.Labels {
		widest = math.Max(widest, float64(font.MeasureString(f, l))/64/c.scale)
	}
	every := 1
	for _, e := range []int{1, 2, 3, 4, 6, 12, 24, 60, 120} {
		every = e
		if step*float64(e) >= widest+6 {
			break
		}
	}
	for i := 0; i < n; i++ {
		x, y := pt(i)
		c.rect(float64(x)/c.scale-2.5, float64(y)/c.scale-2.5, float64(x)/c.scale+2.5, float64(y)/c.scale+2.5, ch.color(0))
		if i%every == 0 {
			c.text(ch.Labels[i], float64(x)/c.scale, bottom+16, 9.5, false, muted, 0.5, step*float64(every))
		}
	}
}
