package main

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestRunExport(t *testing.T) {
	dir := t.TempDir()
	if err := runDemo([]string{"--data", dir, "--activities", "150", "--trainings", "2", "--entries", "20", "--seed", "9"}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	run := func(args ...string) (string, error) {
		var log strings.Builder
		err := runExport(append([]string{"--data", dir}, args...), &log)
		return log.String(), err
	}

	// Excel of all time: the summary and a sheet per table, every activity.
	xlsx := filepath.Join(out, "all.xlsx")
	if log, err := run("--format", "xlsx", "--out", xlsx, "--lang", "en"); err != nil || !strings.Contains(log, "written to") {
		t.Fatalf("%v\n%s", err, log)
	}
	xf, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	if got := strings.Join(xf.GetSheetList(), "|"); got != "Summary|Activities|Trainings|Participants|Certificates|Contest entries|Resources distributed" {
		t.Fatalf("sheets %s", got)
	}
	rows, err := xf.GetRows("Activities")
	if err != nil || len(rows) != 1+150 {
		t.Fatalf("%d rows of activities (%v), want a header and 150", len(rows), err)
	}

	// A year as CSV in Russian, and the printed summary in Azerbaijani.
	csv := filepath.Join(out, "2025.csv")
	if _, err := run("--format", "csv", "--from", "2025-01-01", "--to", "31.12.2025", "--lang", "ru", "--out", csv); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(csv)
	if err != nil || !strings.HasPrefix(string(b), "\ufeffНачало,Окончание,Вид,Название") {
		t.Fatalf("csv %.200q %v", b, err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		if !strings.HasPrefix(line, "2025-") {
			t.Fatalf("a row outside 2025: %s", line)
		}
	}
	pdf := filepath.Join(out, "summary.pdf")
	if _, err := run("--format", "pdf", "--out", pdf); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "Əhatə olunan insanlar") || !strings.Contains(string(text), "Fəaliyyətlər") {
		t.Fatalf("the summary reads:\n%.800s", text)
	}
	if st, _ := os.Stat(pdf); st.Mode().Perm() != 0o600 {
		t.Fatalf("the export is %v: children's data for its owner only", st.Mode().Perm())
	}

	// The evidence for the alternative report, from the demo's tagged
	// activities: a Word document in English.
	docx := filepath.Join(out, "evidence.docx")
	if _, err := run("--evidence", "--format", "docx", "--lang", "en", "--out", docx); err != nil {
		t.Fatal(err)
	}
	z, err := zip.OpenReader(docx)
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			doc, _ = io.ReadAll(r)
			r.Close()
		}
	}
	z.Close()
	if !strings.Contains(string(doc), "Evidence for the alternative report") || !strings.Contains(string(doc), "Art. ") {
		t.Fatalf("the evidence reads:\n%.800s", doc)
	}

	// Wrong input: refused before anything is written.
	for _, args := range [][]string{
		{"--format", "docx", "--out", filepath.Join(out, "x.docx")},
		{"--from", "31.02.2025", "--out", filepath.Join(out, "x.xlsx")},
		{"--from", "2025-06-01", "--to", "2025-05-31", "--out", filepath.Join(out, "x.xlsx")},
		{"--lang", "de", "--out", filepath.Join(out, "x.xlsx")},
		{"--format", "csv", "--table", "children", "--out", filepath.Join(out, "x.csv")},
		{"--format", "xlsx"},
		{"--evidence", "--format", "pdf", "--out", filepath.Join(out, "x.pdf")},
		{"--out", filepath.Join(out, "missing", "x.xlsx")},
	} {
		if _, err := run(args...); err == nil {
			t.Errorf("%v was accepted", args)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 4 {
		t.Fatalf("the folder holds %d files, want the 4 written", len(entries))
	}
}
