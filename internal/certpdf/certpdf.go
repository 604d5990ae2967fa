// Package certpdf prints the alliance's PDFs: certificates (A4 landscape,
// in one or two languages, with the emblem and a QR code of the
// certificate's check page), children's certificates, and the printed
// summary of a report. Names keep their Azerbaijani and Cyrillic letters:
// the Noto Sans fonts are embedded (subset) as Unicode TrueType. It does
// not import Fyne.
package certpdf

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"runtime"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/boombuler/barcode/qr"

	"github.com/ngo-alliance/alliance/assets"
	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// Options say how certificates are printed.
type Options struct {
	// VerifyURL returns the address the QR code opens for a certificate.
	VerifyURL func(c *alliance.Certificate) string
	// Progress, when set, is called after each page.
	Progress func(done, total int)
	// Cancelled, when set, stops the rendering when it returns true.
	Cancelled func() bool
}

// ErrCancelled is returned when Options.Cancelled stopped the rendering.
var ErrCancelled = fmt.Errorf("certificates: cancelled")

const (
	family   = "noto"
	pageW    = 297.0
	pageH    = 210.0
	margin   = 12.0
	blueR    = 0x1d
	blueG    = 0x5f
	blueB    = 0xa8
	qrSize   = 32.0
	emblemSz = 26.0
)

// Write prints certs, one page each, into one PDF on w.
func Write(w io.Writer, certs []alliance.Certificate, opt Options) error {
	pdf := newDocument("L", "Certificates")
	codes := encodeAhead(certs, opt)
	defer codes.stop()
	for i := range certs {
		if opt.Cancelled != nil && opt.Cancelled() {
			return ErrCancelled
		}
		page(pdf, &certs[i], <-codes.results[i])
		if err := pdf.Error(); err != nil {
			return err
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(certs))
		}
	}
	return pdf.Output(w)
}

// newDocument is an A4 PDF ("L"andscape or "P"ortrait) with the fonts
// (embedded once, as subsets) and the emblem every page may use.
func newDocument(orientation, title string) *fpdf.Fpdf {
	pdf := fpdf.New(orientation, "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Alliance", true)
	pdf.AddUTF8FontFromBytes(family, "", assets.NotoSansRegular)
	pdf.AddUTF8FontFromBytes(family, "B", assets.NotoSansBold)
	pdf.RegisterImageOptionsReader("emblem", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(assets.IconPNG))
	return pdf
}

// newPage starts a page with its double frame in colour (r, g, b), outer
// line width w, and the emblem on top.
func newPage(pdf *fpdf.Fpdf, r, g, b int, w float64) {
	pdf.AddPage()
	pdf.SetDrawColor(r, g, b)
	pdf.SetLineWidth(w)
	pdf.Rect(margin/2, margin/2, pageW-margin, pageH-margin, "D")
	inset := 2 + w
	pdf.SetLineWidth(w / 4)
	pdf.Rect(margin/2+inset, margin/2+inset, pageW-margin-2*inset, pageH-margin-2*inset, "D")
	pdf.ImageOptions("emblem", (pageW-emblemSz)/2, 12, emblemSz, emblemSz, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
}

// languages returns the localizers of a certificate's language pair.
func languages(pair string) []*i18n.Localizer {
	var out []*i18n.Localizer
	for _, code := range strings.Split(pair, "+") {
		if i18n.Supported(code) {
			out = append(out, i18n.For(code))
		}
	}
	if len(out) == 0 {
		out = []*i18n.Localizer{i18n.For("az"), i18n.For("en")}
	}
	return out
}

// qrResult is a certificate's verification address and its QR code.
type qrResult struct {
	url  string
	code image.Image
	err  error
}

// pipeline encodes QR codes ahead of the pages, on every core: encoding
// (its mask penalties) costs more than drawing a page.
type pipeline struct {
	results []chan qrResult
	done    chan struct{}
}

func encodeAhead(certs []alliance.Certificate, opt Options) *pipeline {
	p := &pipeline{results: make([]chan qrResult, len(certs)), done: make(chan struct{})}
	for i := range p.results {
		p.results[i] = make(chan qrResult, 1)
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	sem := make(chan struct{}, workers*2) // at most this many codes ahead
	go func() {
		for i := range certs {
			select {
			case sem <- struct{}{}:
			case <-p.done:
				return
			}
			go func(i int) {
				defer func() { <-sem }()
				var r qrResult
				if opt.VerifyURL != nil {
					r.url = opt.VerifyURL(&certs[i])
				}
				if r.url != "" {
					r.code, r.err = qr.Encode(r.url, qr.M, qr.Auto)
				}
				p.results[i] <- r
			}(i)
		}
	}()
	return p
}

func (p *pipeline) stop() { close(p.done) }

// page draws one certificate.
func page(pdf *fpdf.Fpdf, c *alliance.Certificate, q qrResult) {
	ls := languages(c.Languages)
	primary := ls[0]
	newPage(pdf, blueR, blueG, blueB, 1.2)
	y := 41.0
	small := func(text string) {
		pdf.SetFont(family, "", 10)
		pdf.SetTextColor(80, 80, 80)
		centre(pdf, y, 5, text)
		y += 6
	}
	pdf.SetFont(family, "", 10)
	pdf.SetTextColor(80, 80, 80)
	centre(pdf, y, 5, primary.T("verify.alliance"))
	y += 9

	// "Certificate" in each language: the first large, the others below.
	for i, l := range ls {
		size := 30.0
		if i > 0 {
			size = 16
		}
		pdf.SetFont(family, "B", size)
		pdf.SetTextColor(blueR, blueG, blueB)
		centre(pdf, y, size*0.45, l.Upper(l.T("cert.title")))
		y += size*0.45 + 2
	}
	y += 2
	small(joinLangs(ls, func(l *i18n.Localizer) string { return l.T("cert.awarded") }))

	pdf.SetFont(family, "B", 26)
	pdf.SetTextColor(20, 20, 20)
	centre(pdf, y+1, 12, c.HolderName)
	y += 16
	small(joinLangs(ls, func(l *i18n.Localizer) string { return l.T("cert.completed") }))
	pdf.SetFont(family, "B", 17)
	pdf.SetTextColor(30, 30, 30)
	for _, line := range pdf.SplitText(c.TrainingTitle, pageW-2*margin-40) {
		centre(pdf, y, 8, line)
		y += 8
	}
	y += 2

	dates := c.From.DMY()
	if c.To != c.From {
		dates += " – " + c.To.DMY()
	}
	details := []string{dates, joinLangs(ls, func(l *i18n.Localizer) string {
		return l.Hours(c.Hours)
	})}
	if c.Place != "" {
		details = append(details, c.Place)
	}
	pdf.SetFont(family, "", 12)
	pdf.SetTextColor(40, 40, 40)
	centre(pdf, y, 6, strings.Join(details, "   ·   "))
	y += 8
	if c.OrgName != "" {
		pdf.SetFont(family, "", 11)
		centre(pdf, y, 6, joinLangs(ls, func(l *i18n.Localizer) string { return l.T("cert.organised") })+": "+c.OrgName)
	}

	signatures(pdf, c.Signatories)
	footer(pdf, c, ls, q)
}

// signatures draws up to three signature lines with names and titles.
func signatures(pdf *fpdf.Fpdf, text string) {
	var people []string
	for _, line := range strings.Split(text, "\n") {
		for _, p := range strings.Split(line, ";") {
			if p = strings.TrimSpace(p); p != "" {
				people = append(people, p)
			}
		}
	}
	if len(people) > 3 {
		people = people[:3]
	}
	if len(people) == 0 {
		return
	}
	slot := (pageW - 2*margin - qrSize - 20) / float64(len(people))
	for i, p := range people {
		x := margin + 6 + float64(i)*slot
		pdf.SetDrawColor(60, 60, 60)
		pdf.SetLineWidth(0.3)
		pdf.Line(x+4, 172, x+slot-8, 172)
		name, title, _ := strings.Cut(p, ",")
		pdf.SetFont(family, "B", 10)
		pdf.SetTextColor(30, 30, 30)
		pdf.SetXY(x, 174)
		pdf.CellFormat(slot-4, 5, strings.TrimSpace(name), "", 0, "C", false, 0, "")
		pdf.SetFont(family, "", 9)
		pdf.SetTextColor(80, 80, 80)
		pdf.SetXY(x, 179)
		pdf.CellFormat(slot-4, 5, strings.TrimSpace(title), "", 0, "C", false, 0, "")
	}
}

// footer draws the serial, the code and the QR code of the check page.
func footer(pdf *fpdf.Fpdf, c *alliance.Certificate, ls []*i18n.Localizer, q qrResult) {
	primary := ls[0]
	x, y := pageW-margin-qrSize-2, pageH-margin-qrSize-6
	url := q.url
	if q.err != nil {
		pdf.SetError(q.err)
		return
	}
	if q.code != nil {
		drawQR(pdf, q.code, x, y, qrSize)
	}
	pdf.SetFont(family, "", 8)
	pdf.SetTextColor(80, 80, 80)
	pdf.SetXY(margin+4, pageH-margin-8)
	pdf.CellFormat(120, 4, primary.Tf("cert.serial", i18n.Args{"Serial": c.Serial})+"   "+
		primary.Tf("cert.code", i18n.Args{"Code": c.Code}), "", 0, "L", false, 0, "")
	if url != "" {
		pdf.SetXY(margin+4, pageH-margin-4)
		pdf.CellFormat(200, 4, primary.Tf("cert.verify", i18n.Args{"URL": url}), "", 0, "L", false, 0, "")
	}
}

// drawQR draws a QR code as vector squares (crisp at any zoom, small once
// compressed), runs of dark modules merged into one rectangle.
func drawQR(pdf *fpdf.Fpdf, code image.Image, x, y, size float64) {
	n := code.Bounds().Dx()
	const quiet = 2
	m := size / float64(n+2*quiet)
	pdf.SetFillColor(255, 255, 255)
	pdf.Rect(x, y, size, size, "F")
	pdf.SetFillColor(0, 0, 0)
	for row := 0; row < n; row++ {
		for col := 0; col < n; {
			if !dark(code, col, row) {
				col++
				continue
			}
			start := col
			for col < n && dark(code, col, row) {
				col++
			}
			pdf.Rect(x+float64(quiet+start)*m, y+float64(quiet+row)*m, float64(col-start)*m+0.01, m+0.01, "F")
		}
	}
}

func dark(img image.Image, x, y int) bool {
	r, _, _, _ := img.At(x, y).RGBA()
	return r < 0x8000
}

func centre(pdf *fpdf.Fpdf, y, h float64, text string) {
	pdf.SetXY(margin, y)
	pdf.CellFormat(pageW-2*margin, h, text, "", 0, "C", false, 0, "")
}

func joinLangs(ls []*i18n.Localizer, text func(l *i18n.Localizer) string) string {
	parts := make([]string, 0, len(ls))
	seen := map[string]bool{}
	for _, l := range ls {
		if t := text(l); !seen[t] {
			parts = append(parts, t)
			seen[t] = true
		}
	}
	return strings.Join(parts, " / ")
}
