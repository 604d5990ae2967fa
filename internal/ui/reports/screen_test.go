package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// reportsScreen is the screen over a store holding two activities of
// 2025 and one of 2024, one more of 2025 deleted, with 2025 chosen.
func reportsScreen(t *testing.T) (*Screen, *uitest.Env) {
	t.Helper()
	e := uitest.Open(t, fyne.NewSize(1024, 600), func(db *sqlite.DB, _ *env.Services) {
		s := sqlite.NewActivityService(db)
		ctx := context.Background()
		add := func(title string, year int, r alliance.Reached) *alliance.Activity {
			a := uitest.Activity(title)
			a.Start, a.End = alliance.NewDate(year, 5, 1), alliance.NewDate(year, 5, 2)
			a.Reached = r
			a.CRC = []alliance.Article{"19"}
			if err := s.CreateActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		add("Şəkidə görüş", 2025, alliance.Reached{Girls: 12, Boys: 9, Women: 3, Disabled: 2})
		add("Gəncədə seminar", 2025, alliance.Reached{Girls: 5, Men: 4})
		add("Köhnə görüş", 2024, alliance.Reached{Girls: 100})
		gone := add("Silinmiş", 2025, alliance.Reached{Boys: 1000})
		if err := s.DeleteActivity(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
	})
	r := New(e)
	e.Show(r.Object())
	r.setPreset(OwnDates)
	r.from.SetText("01.01.2025")
	r.to.SetText("31.12.2025")
	e.Wait()
	return r, e
}

// shownFigures reads the dashboard's figures as they are on screen.
func shownFigures(s *Screen) map[string]string {
	out := map[string]string{}
	for _, o := range s.figures.Objects {
		c := o.(*fyne.Container)
		out[c.Objects[1].(*widget.Label).Text] = c.Objects[0].(*widget.Label).Text
	}
	return out
}

func TestReportsScreen_Figures(t *testing.T) {
	r, e := reportsScreen(t)
	got := shownFigures(r)
	for key, want := range map[string]string{
		"report.fig.activities": "2", "report.fig.reached": "33", "report.fig.children": "26",
		"report.fig.girls": "17", "report.fig.boys": "9", "report.fig.women": "3", "report.fig.men": "4",
		"report.fig.disabled": "2", "report.fig.regions": "1", "report.fig.tagged": "2",
	} {
		if got[i18n.T(key)] != want {
			t.Errorf("%s: %q, want %s (all: %v)", key, got[i18n.T(key)], want, got)
		}
	}
	if n := len(r.charts.Objects); n != 9 {
		t.Fatalf("%d charts", n)
	}
	// All time counts 2024 too; the deleted one never.
	r.preset.SetSelectedIndex(3)
	e.Wait()
	if got := shownFigures(r)[i18n.T("report.fig.reached")]; got != "133" {
		t.Fatalf("all time: %s people reached", got)
	}
	// A date that is not one says so and keeps the figures.
	r.from.SetText("31.02.2025")
	e.Wait()
	if !r.errs.Visible() || r.errs.Text != i18n.T("validation.date_format") {
		t.Fatalf("error %q", r.errs.Text)
	}
	if len(r.figures.Objects) == 0 {
		t.Fatal("a wrong date emptied the dashboard")
	}
	// A period that ends before it starts says so too.
	r.from.SetText("01.06.2025")
	r.to.SetText("31.05.2025")
	e.Wait()
	if r.errs.Text != i18n.T("validation.end_before_start") {
		t.Fatalf("error %q for a period ending before it starts", r.errs.Text)
	}
	r.export("xlsx") // the buttons are far below: a dialog says it, no file dialog
	if top := e.Window().Canvas().Overlays().Top(); top == nil || uitest.FindLabel(top, i18n.T("validation.end_before_start")) == nil {
		t.Fatal("exporting a wrong period did not say why")
	}
	uitest.TapDialogButton(t, e.Window(), i18n.T("dialog.close"))
	r.to.SetText("30.06.2025")
	e.Wait()
	if r.errs.Visible() {
		t.Fatalf("error %q stays after the period is right", r.errs.Text)
	}
}

func TestReportsScreen_Save(t *testing.T) {
	r, e := reportsScreen(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "hesabat.xlsx")
	r.save("xlsx", path)
	e.Wait()
	if want := i18n.Tf("report.saved", i18n.Args{"Path": path}); r.status.Text != want {
		t.Fatalf("status %q", r.status.Text)
	}
	xf, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	sheet := i18n.T("export.sheet.activities")
	titles := map[string]bool{}
	for _, ref := range []string{"D2", "D3", "D4"} {
		v, _ := xf.GetCellValue(sheet, ref)
		titles[v] = true
	}
	if !titles["Şəkidə görüş"] || !titles["Gəncədə seminar"] || titles["Köhnə görüş"] || titles["Silinmiş"] || len(titles) != 3 {
		t.Fatalf("activities exported: %v", titles)
	}

	// CSV of the chosen table, with Azerbaijani text intact.
	r.table.SetSelectedIndex(0)
	csvPath := filepath.Join(dir, "hesabat.csv")
	r.save("csv", csvPath)
	e.Wait()
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("Şəkidə görüş")) || bytes.Contains(b, []byte("Silinmiş")) {
		t.Fatalf("csv:\n%s", b)
	}

	// A folder that is not there: a translated error, no file anywhere.
	r.save("pdf", filepath.Join(dir, "yoxdur", "hesabat.pdf"))
	e.Wait()
	top := e.Window().Canvas().Overlays().Top()
	want := i18n.Tf("error.folder_not_writable", i18n.Args{"Dir": filepath.Join(dir, "yoxdur")})
	if top == nil || uitest.FindLabel(top, want) == nil {
		t.Fatalf("no error %q shown for a missing folder", want)
	}
	if r.status.Text != "" || r.progress.Visible() {
		t.Fatalf("status %q after a failed export", r.status.Text)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("files left behind: %v", entries)
	}
}

// TestReportsScreen_SaveEvidence: the evidence for the alternative report
// of the period chosen is saved as a Word document and as a workbook; a
// folder that is not there says so and leaves nothing.
func TestReportsScreen_SaveEvidence(t *testing.T) {
	r, e := reportsScreen(t)
	if uitest.FindButton(r.Object(), i18n.T("report.evidence_docx")) == nil {
		t.Fatal("no button for the evidence document")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "faktlar.docx")
	r.saveEvidence("docx", path)
	e.Wait()
	if want := i18n.Tf("report.saved", i18n.Args{"Path": path}); r.status.Text != want {
		t.Fatalf("status %q", r.status.Text)
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var doc []byte
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			doc, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	for _, s := range []string{i18n.Cluster("V"), i18n.Article("19"), "Şəkidə görüş", "Gəncədə seminar"} {
		if !bytes.Contains(doc, []byte(s)) {
			t.Errorf("the document does not say %q", s)
		}
	}
	for _, s := range []string{"Köhnə görüş", "Silinmiş"} {
		if bytes.Contains(doc, []byte(s)) {
			t.Errorf("the document names %q, outside the period or deleted", s)
		}
	}
	xpath := filepath.Join(dir, "faktlar.xlsx")
	r.saveEvidence("xlsx", xpath)
	e.Wait()
	xf, err := excelize.OpenFile(xpath)
	if err != nil {
		t.Fatal(err)
	}
	xf.Close()

	r.saveEvidence("docx", filepath.Join(dir, "yoxdur", "faktlar.docx"))
	e.Wait()
	top := e.Window().Canvas().Overlays().Top()
	want := i18n.Tf("error.folder_not_writable", i18n.Args{"Dir": filepath.Join(dir, "yoxdur")})
	if top == nil || uitest.FindLabel(top, want) == nil {
		t.Fatalf("no error %q shown for a missing folder", want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("files left behind: %v", entries)
	}
}

// setPreset chooses a period, as the user does.
func (s *Screen) setPreset(p Preset) { s.preset.SetSelectedIndex(int(p)) }

// scroll is the screen's scroll (the screenshots scroll it).
func (s *Screen) scroll() *container.Scroll { return s.root }
