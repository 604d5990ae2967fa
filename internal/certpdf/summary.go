package certpdf

import (
	"bytes"
	"fmt"
	"io"

	"codeberg.org/go-pdf/fpdf"
)

// Summary is a printed report of a period: its heading, its figures, its
// charts (PNG pictures) and a table of records. Every text comes in
// translated; the page footer's "Page" word too.
type Summary struct {
	Title   string
	Period  string
	Scope   string
	Made    string      // when and by what it was made
	Figures [][2]string // label, value
	Charts  [][]byte    // PNG, drawn at 2× for 90 mm wide
	// The table: its title, columns with relative widths, rows.
	TableTitle string
	Columns    []string
	Widths     []float64
	Rows       [][]string
	More       string // said under the table when rows were left out
	Page       string // "Page", followed by the number and the total
}

// WriteSummary prints s as an A4 portrait PDF on w.
func WriteSummary(w io.Writer, s *Summary) error {
	const pw, m = 210.0, 14.0
	pdf := newDocument("P", s.Title)
	pdf.SetAutoPageBreak(true, 16)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(family, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, fmt.Sprintf("%s · %s %d / {nb}", s.Title, s.Page, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.ImageOptions("emblem", m, 10, 16, 16, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.SetXY(m+20, 11)
	size := 16.0 // smaller until the title fits its line
	pdf.SetFont(family, "B", size)
	for size > 10 && pdf.GetStringWidth(s.Title) > pw-2*m-20 {
		size -= 0.5
		pdf.SetFont(family, "B", size)
	}
	pdf.SetTextColor(blueR, blueG, blueB)
	pdf.CellFormat(pw-2*m-20, 8, s.Title, "", 2, "L", false, 0, "")
	pdf.SetX(m + 20)
	pdf.SetFont(family, "", 10)
	pdf.SetTextColor(60, 60, 60)
	pdf.CellFormat(pw-2*m-20, 5, s.Period+" · "+s.Scope, "", 2, "L", false, 0, "")
	pdf.SetX(m + 20)
	pdf.SetFont(family, "", 8)
	pdf.CellFormat(pw-2*m-20, 4, s.Made, "", 2, "L", false, 0, "")
	pdf.SetY(32)

	// Figures in two columns.
	pdf.SetTextColor(30, 30, 30)
	colW := (pw - 2*m) / 2
	for i := 0; i < len(s.Figures); i += 2 {
		y := pdf.GetY()
		for j := i; j < min(i+2, len(s.Figures)); j++ {
			pdf.SetXY(m+colW*float64(j-i), y)
			pdf.SetFont(family, "", 9.5)
			pdf.CellFormat(colW-32, 6, s.Figures[j][0], "B", 0, "L", false, 0, "")
			pdf.SetFont(family, "B", 9.5)
			pdf.CellFormat(26, 6, s.Figures[j][1], "B", 0, "R", false, 0, "")
		}
		pdf.SetY(y + 6)
	}
	pdf.Ln(10)

	// Charts, two a row.
	cw, ch := (pw-2*m-6)/2, (pw-2*m-6)/2*260/460
	for i, png := range s.Charts {
		name := fmt.Sprintf("chart%d", i)
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		if i%2 == 0 {
			if pdf.GetY()+ch > 297-16 {
				pdf.AddPage()
			}
		}
		x := m + float64(i%2)*(cw+6)
		y := pdf.GetY()
		pdf.ImageOptions(name, x, y, cw, ch, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		if i%2 == 1 || i == len(s.Charts)-1 {
			pdf.SetY(y + ch + 4)
		}
	}

	// The table, its header again on each page.
	if len(s.Columns) > 0 {
		if pdf.GetY() > 297-16-50 { // under the charts when a few rows fit there
			pdf.AddPage()
		} else {
			pdf.Ln(4)
		}
		pdf.SetFont(family, "B", 12)
		pdf.SetTextColor(blueR, blueG, blueB)
		pdf.CellFormat(0, 8, s.TableTitle, "", 1, "L", false, 0, "")
		total := 0.0
		for _, w := range s.Widths {
			total += w
		}
		widths := make([]float64, len(s.Widths))
		for i, w := range s.Widths {
			widths[i] = (pw - 2*m) * w / total
		}
		header := func() {
			pdf.SetFont(family, "B", 8)
			pdf.SetFillColor(220, 230, 242)
			pdf.SetTextColor(30, 30, 30)
			for i, c := range s.Columns {
				pdf.CellFormat(widths[i], 6, c, "1", 0, "L", true, 0, "")
			}
			pdf.Ln(-1)
			pdf.SetFont(family, "", 8)
		}
		header()
		for _, row := range s.Rows {
			if pdf.GetY()+5 > 297-16 {
				pdf.AddPage()
				header()
			}
			for i, v := range row {
				align := "L"
				if i == len(row)-1 {
					align = "R"
				}
				pdf.CellFormat(widths[i], 5, fit(pdf, v, widths[i]-1), "1", 0, align, false, 0, "")
			}
			pdf.Ln(-1)
		}
		if s.More != "" {
			pdf.Ln(2)
			pdf.SetFont(family, "", 8.5)
			pdf.MultiCell(0, 4.5, s.More, "", "L", false)
		}
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

// fit cuts text to width (mm) in the current font, with "…".
func fit(pdf *fpdf.Fpdf, text string, width float64) string {
	if pdf.GetStringWidth(text) <= width {
		return text
	}
	r := []rune(text)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; pdf.GetStringWidth(t) <= width {
			return t
		}
	}
	return string(r)
}
