package certpdf

import (
	"io"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// ChildCertificate is what a child's contest certificate says: a diploma
// for a winner (with the place), a certificate of participation otherwise.
// It is printed for the child, so it carries the full name whatever the
// guardian said about publication; it has no check page (the server never
// shows a child's name to the public).
type ChildCertificate struct {
	Name         string // the child's full name
	WorkTitle    string
	Category     alliance.Category
	AgeGroup     string // "7–10"
	ContestTitle string
	Winner       bool
	Rank         int
	OrgName      string
	Date         alliance.Date // when the results were published
	Code         string        // the entry's code
	Languages    string        // language pair, as for training certificates
}

// Warm colours for children's certificates.
const (
	warmR, warmG, warmB = 0xd9, 0x6c, 0x1e
)

// WriteChildren prints children's certificates, one page each, into one
// PDF on w, with the same fonts and emblem as training certificates.
func WriteChildren(w io.Writer, certs []ChildCertificate, opt Options) error {
	pdf := newDocument("L", "Certificates")
	for i := range certs {
		if opt.Cancelled != nil && opt.Cancelled() {
			return ErrCancelled
		}
		childPage(pdf, &certs[i])
		if err := pdf.Error(); err != nil {
			return err
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(certs))
		}
	}
	return pdf.Output(w)
}

func childPage(pdf *fpdf.Fpdf, c *ChildCertificate) {
	ls := languages(c.Languages)
	newPage(pdf, warmR, warmG, warmB, 1.6)

	y := 41.0
	line := func(style string, size float64, r, g, b int, text string) {
		pdf.SetFont(family, style, size)
		pdf.SetTextColor(r, g, b)
		for _, part := range pdf.SplitText(text, pageW-2*margin-30) {
			centre(pdf, y, size*0.45, part)
			y += size*0.45 + 1.5
		}
	}
	line("", 10, 80, 80, 80, ls[0].T("verify.alliance"))
	y += 3
	title := "childcert.participation"
	if c.Winner {
		title = "childcert.diploma"
	}
	for i, l := range ls {
		size := 30.0
		if i > 0 {
			size = 16
		}
		line("B", size, warmR, warmG, warmB, l.Upper(l.T(title)))
	}
	y += 1
	line("", 10, 80, 80, 80, joinLangs(ls, func(l *i18n.Localizer) string { return l.T("cert.awarded") }))
	y += 1
	line("B", 26, 20, 20, 20, c.Name)
	y += 2
	if c.Winner && c.Rank > 0 {
		line("B", 15, warmR, warmG, warmB, joinLangs(ls, func(l *i18n.Localizer) string { return l.Place(c.Rank) }))
	}
	line("", 11, 60, 60, 60, joinLangs(ls, func(l *i18n.Localizer) string {
		return l.Tf("childcert.for_work", i18n.Args{"Category": l.T("category." + string(c.Category)), "AgeGroup": c.AgeGroup})
	}))
	if c.WorkTitle != "" {
		line("B", 14, 30, 30, 30, "«"+c.WorkTitle+"»")
	}
	y += 1
	line("", 11, 60, 60, 60, joinLangs(ls, func(l *i18n.Localizer) string { return l.T("childcert.in_contest") }))
	line("B", 15, 30, 30, 30, c.ContestTitle)

	pdf.SetFont(family, "", 9)
	pdf.SetTextColor(80, 80, 80)
	pdf.SetXY(margin+4, pageH-margin-14)
	if c.OrgName != "" {
		pdf.CellFormat(pageW-2*margin-8, 4, joinLangs(ls, func(l *i18n.Localizer) string { return l.T("childcert.entered_by") })+": "+c.OrgName, "", 0, "L", false, 0, "")
	}
	pdf.SetXY(margin+4, pageH-margin-8)
	footerText := c.Date.DMY()
	if c.Code != "" {
		footerText += "   ·   " + ls[0].Tf("childcert.code", i18n.Args{"Code": c.Code})
	}
	pdf.CellFormat(pageW-2*margin-8, 4, footerText, "", 0, "L", false, 0, "")
}
