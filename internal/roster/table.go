package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// table is a file as rows of cells, each with the number staff see for it
// (the file's line, the sheet's row), and what reading it found wrong.
type table struct {
	lines []line
	bad   []Row  // lines that could not be read as cells at all
	notes []Note // what was read otherwise than written (merged cells)
	// text says the file is text: a line with fewer cells than the header
	// is broken (a line break where there should be none).
	text bool
}

type line struct {
	n     int
	cells []string
}

// maxFile is the largest roster file read (a roster of thousands is a few
// hundred kilobytes).
const maxFile = 20 << 20

// readText reads a CSV or tab-separated text in any of the encodings staff
// have (decodeText), with ',', ';' or a tab between cells. A quote opened
// and not closed would swallow every line after it: the line is reported,
// and the lines after it are read as lines.
func readText(r io.Reader) (*table, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxFile {
		return nil, fmt.Errorf("the file is larger than %d MB", maxFile>>20)
	}
	b, err := decodeText(raw)
	if err != nil {
		return nil, err
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	phys := strings.Split(string(b), "\n")
	delim := delimiter(phys)
	t := &table{text: true}
	for attempt := 0; ; attempt++ {
		lines, pe := parseCSV(strings.Join(phys, "\n"), delim)
		if pe == nil {
			t.lines = lines
			return t, nil
		}
		if attempt > 500 || pe.StartLine < 1 || pe.StartLine > len(phys) {
			return nil, pe
		}
		i := pe.StartLine - 1
		if errors.Is(pe.Err, csv.ErrBareQuote) {
			// A quote inside a cell (`"Ümid" QHT`): read the line as written.
			if fixed, ok := lazyLine(phys[i], delim); ok {
				phys[i] = fixed
				continue
			}
		}
		t.bad = append(t.bad, Row{Line: pe.StartLine, Errors: []alliance.FieldError{{Key: "roster.error.quote",
			Args: alliance.Args{"Line": pe.StartLine}}}})
		phys[i] = ""
	}
}

// delimiter is the separator used most over the first lines (a title line
// above the header may have none; a header may hold a comma, "Ad, soyad";
// on equal counts ';' — what Excel writes in Azerbaijani and Russian —
// wins).
func delimiter(lines []string) rune {
	best, most := ';', 0
	for _, d := range []rune{';', '\t', ','} {
		n := 0
		for _, l := range lines[:min(len(lines), 30)] {
			n += strings.Count(l, string(d))
		}
		if n > most {
			best, most = d, n
		}
	}
	return best
}

// parseCSV reads every record with the file's line of each; the first
// malformed record stops it.
func parseCSV(s string, delim rune) ([]line, *csv.ParseError) {
	cr := csv.NewReader(strings.NewReader(s))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	var out []line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe
		} else if err != nil {
			return nil, &csv.ParseError{Err: err}
		}
		n, _ := cr.FieldPos(0)
		out = append(out, line{n: n, cells: rec})
	}
}

// lazyLine reads one line with quotes taken as written and writes it back
// as proper CSV.
func lazyLine(s string, delim rune) (string, bool) {
	cr := csv.NewReader(strings.NewReader(s))
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = delim, true, -1
	rec, err := cr.Read()
	if err != nil || strings.Contains(strings.Join(rec, ""), "\n") {
		return "", false
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Comma = delim
	if cw.Write(rec) != nil {
		return "", false
	}
	cw.Flush()
	return strings.TrimSuffix(buf.String(), "\n"), true
}

// readXLSX reads the first sheet's cells as stored (a date as its serial
// number, not as the sheet shows it), each merged cell's value in every
// cell it covers.
func readXLSX(r io.Reader) (*table, error) {
	f, err := excelize.OpenReader(io.LimitReader(r, maxFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, io.ErrUnexpectedEOF
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	t := &table{}
	merged, err := f.GetMergeCells(sheets[0])
	if err != nil {
		return nil, err
	}
	for _, m := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2-r1 > 10000 || c2-c1 > 200 {
			continue
		}
		for rr := r1; rr <= r2; rr++ {
			for len(rows) < rr {
				rows = append(rows, nil)
			}
			for len(rows[rr-1]) < c2 {
				rows[rr-1] = append(rows[rr-1], "")
			}
			for cc := c1; cc <= c2; cc++ {
				rows[rr-1][cc-1] = m.GetCellValue()
			}
		}
		if r2 > r1 && strings.TrimSpace(m.GetCellValue()) != "" {
			t.notes = append(t.notes, Note{Line: r1, Key: "roster.note.merged",
				Args: alliance.Args{"From": r1, "To": r2, "Value": m.GetCellValue()}})
		}
	}
	for i, row := range rows {
		t.lines = append(t.lines, line{n: i + 1, cells: row})
	}
	return t, nil
}
