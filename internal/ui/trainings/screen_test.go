package trainings

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestTrainings_Flow: record a training with two sessions, add a
// participant through the form, mark attendance in the grid, issue
// certificates: the certificate is listed, only for the one who completed.
func TestTrainings_Flow(t *testing.T) {
	s, e := openScreen(t, nil)
	if uitest.FindLabel(s.Object(), i18n.T("trainings.empty.title")) == nil {
		t.Fatal("no empty state before the first training")
	}
	s.newTraining()
	f := s.view.form
	test.Type(f.title, "Uşaq hüquqları üzrə təlim")
	f.area.SetSelectedIndex(1)
	f.audience.SetSelectedIndex(1)
	f.region.SetSelectedIndex(e.RegionIndex("shaki-zagatala"))
	f.sessions[0].date.SetText("03.03.2025")
	f.sessions[0].hours.SetText("4")
	test.Tap(uitest.FindButton(f.scroll.Content, i18n.T("session.add")))
	f.sessions[1].date.SetText("04.03.2025")
	f.sessions[1].hours.SetText("4")
	if got := f.total.Text; got != i18n.Tf("trainings.total_hours", i18n.Args{"Hours": i18n.Hours(8)}) {
		t.Fatalf("total %q", got)
	}
	test.Tap(f.save)
	e.Wait()
	v := s.view
	if v.training == nil || v.training.ID == "" || len(v.training.Sessions) != 2 {
		t.Fatalf("not saved: %+v", v.training)
	}
	if v.tabs.SelectedIndex() != 1 {
		t.Fatal("after saving a new training the participants come next")
	}

	// A participant through the dialog, another from the store.
	test.Tap(uitest.FindButton(v.roster.box, i18n.T("participants.add")))
	dlg := e.Window().Canvas().Overlays().Top()
	var name *widget.Entry
	uitest.Walk(dlg, func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok && name == nil {
			name = e
		}
		return false
	})
	test.Type(name, "Gülnarə İsmayılova")
	var role *widget.Select
	uitest.Walk(dlg, func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widget.Select); ok && s.Selected == i18n.T("role.child") {
			role = s
		}
		return false
	})
	role.SetSelectedIndex(indexOfRole(alliance.RoleTeacher))
	test.Tap(uitest.FindButton(dlg, i18n.T("form.save")))
	e.Wait()
	if err := sqlite.NewTrainingService(e.DB).CreateParticipants(context.Background(), []*alliance.Participant{
		{TrainingID: v.training.ID, FullName: "Ilqar Çələbi", Gender: alliance.Male, Role: alliance.RoleNGO}}); err != nil {
		t.Fatal(err)
	}
	v.reload()
	e.Wait()
	if len(v.participants) != 2 || v.participants[0].FullName != "Gülnarə İsmayılova" {
		t.Fatalf("roster %+v", v.participants)
	}

	// Gülnarə attends both sessions, Ilqar one: 4 of 8 hours, not enough.
	v.tabs.SelectIndex(2)
	checks := uitest.FindAll[*widget.Check](v.attendance.content)
	if len(checks) != 4 {
		t.Fatalf("%d checks in the grid, want 2 × 2", len(checks))
	}
	test.Tap(checks[0])
	test.Tap(checks[1])
	test.Tap(checks[2])
	e.Wait()
	// The count under each session follows the ticks.
	if p := v.attendance.present; len(p) != 2 || p[0].Text != "2" || p[1].Text != "1" {
		t.Fatalf("present under the sessions: %v", uitest.LabelTexts(p))
	}
	roster, _ := sqlite.NewTrainingService(e.DB).FindParticipants(context.Background(), v.training.ID)
	if len(roster[0].Attended) != 2 || len(roster[1].Attended) != 1 {
		t.Fatalf("attendance stored %v / %v", roster[0].Attended, roster[1].Attended)
	}
	if got := v.attendance.summary.Text; !strings.Contains(got, i18n.Tf("attendance.totals", i18n.Args{"Done": 1, "All": 2})) {
		t.Fatalf("totals %q", got)
	}

	v.tabs.SelectIndex(3)
	test.Tap(uitest.FindButton(v.certificates.box, i18n.T("certificates.issue_all")))
	e.Wait()
	if len(v.certs) != 1 || uitest.FindLabel(v.certificates.list, "Gülnarə İsmayılova") == nil || uitest.FindLabel(v.certificates.list, "Ilqar Çələbi") != nil {
		t.Fatalf("certificates listed: %+v", v.certs)
	}
	// On a 1024×600 screen, in Russian, a certificate's buttons stay in
	// view.
	e.Window().Resize(fyne.NewSize(1024, 600))
	lang := i18n.Language()
	e.SetLanguage("ru")
	s = showNew(e)
	s.open(v.training.ID)
	e.Wait()
	s.view.tabs.SelectIndex(3)
	e.Wait()
	revoke := uitest.FindButton(s.view.certificates.list, i18n.T("certificates.revoke"))
	if right := fyne.CurrentApp().Driver().AbsolutePositionForObject(revoke).X + revoke.Size().Width; right > 1024 {
		t.Fatalf("the revoke button ends at %.0f, past the window's 1024", right)
	}
	e.SetLanguage(lang)
	s = showNew(e)
	s.open(v.training.ID)
	e.Wait()
	v = s.view
	v.tabs.SelectIndex(3)
	e.Wait()

	// Open renders the PDF into the data folder and hands it to the viewer.
	log := uitest.FakeViewer(t)
	test.Tap(uitest.FindButton(v.certificates.list, i18n.T("certificates.open")))
	e.Wait()
	pdf := filepath.Join(e.Dir, "certificates", v.certs[0].Serial+".pdf")
	if st, err := os.Stat(pdf); err != nil || st.Size() < 1000 {
		t.Fatalf("no certificate PDF: %v", err)
	}
	if b, _ := os.ReadFile(log); !strings.Contains(string(b), pdf) {
		t.Fatalf("the viewer was not given the PDF: %q", b)
	}

	// Printing fails (no printer): the message says why and where the PDF
	// is, in a dialog wide enough to read it.
	lp := filepath.Join(filepath.Dir(log), "lp")
	if err := os.WriteFile(lp, []byte("#!/bin/sh\necho 'lp: Error - No default destination.' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	test.Tap(uitest.FindButton(v.certificates.box, i18n.T("certificates.print_all")))
	e.Wait()
	top := e.Window().Canvas().Overlays().Top()
	if top == nil || !strings.Contains(uitest.LabelsIn(top), pdf) || !strings.Contains(uitest.LabelsIn(top), "No default destination") {
		t.Fatalf("the print failure does not say where the PDF is:\n%s", uitest.LabelsIn(top))
	}
	if w := top.Size().Width; w < 400 {
		t.Fatalf("the message is %.0f wide: a few words a line", w)
	}
}

func TestTrainings_ImportPreview(t *testing.T) {
	s, e := openScreen(t, nil)
	tr := &alliance.Training{Title: "İdxal", Area: alliance.AreaHealth, Audience: alliance.AudParents, RegionID: "baku",
		Sessions: []alliance.Session{{Date: alliance.NewDate(2025, 1, 1), Hours: 2}}}
	if err := sqlite.NewTrainingService(e.DB).CreateTraining(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	s.open(tr.ID)
	e.Wait()
	v := s.view
	csv := "Ad, soyad;Cinsi;Vəzifə\nŞəhla Əliyeva;qadın;valideyn\n;qadın;valideyn\nNərmin;x;valideyn\n"
	v.roster.readRoster("siyahı.csv", io.NopCloser(strings.NewReader(csv)))
	e.Wait()
	dlg := e.Window().Canvas().Overlays().Top()
	if dlg == nil || uitest.FindLabel(dlg, i18n.Tf("import.summary", i18n.Args{"OK": 1, "Bad": 2})) == nil {
		t.Fatal("no preview with 1 good row and 2 bad")
	}
	if n, _ := sqlite.NewTrainingService(e.DB).FindParticipants(context.Background(), tr.ID); len(n) != 0 {
		t.Fatal("the preview saved rows before being asked")
	}
	test.Tap(uitest.FindButton(dlg, i18n.N("import.confirm", 1, nil)))
	e.Wait()
	if ps, _ := sqlite.NewTrainingService(e.DB).FindParticipants(context.Background(), tr.ID); len(ps) != 1 || ps[0].FullName != "Şəhla Əliyeva" {
		t.Fatalf("imported %+v", ps)
	}
	// The same sheet again adds nobody twice.
	e.Window().Canvas().Overlays().Top().Hide()
	v.roster.readRoster("siyahı.csv", io.NopCloser(strings.NewReader(csv)))
	e.Wait()
	dlg = e.Window().Canvas().Overlays().Top()
	if dlg == nil || uitest.FindLabel(dlg, i18n.Tf("import.summary", i18n.Args{"OK": 0, "Bad": 3})) == nil {
		t.Fatal("the second import did not set aside the participant already on the roster")
	}
	if b := uitest.FindButton(dlg, i18n.N("import.confirm", 0, nil)); b == nil || !b.Disabled() {
		t.Fatal("nothing to add, yet the import can be confirmed")
	}
	// The file dialog speaks the user's language in its title and fits in
	// the window.
	dlg.Hide()
	v.roster.importFile()
	e.Wait()
	fd := e.Window().Canvas().Overlays().Top()
	if fd == nil || !strings.Contains(uitest.LabelsIn(fd), i18n.T("file.open_title")) {
		t.Fatalf("the file dialog's title is not the translated one:\n%s", uitest.LabelsIn(fd))
	}
	if win := e.Window().Canvas().Size(); fd.Size().Width > win.Width || fd.Size().Height > win.Height {
		t.Fatalf("the file dialog (%v) is larger than the window (%v)", fd.Size(), win)
	}
	fd.Hide()
	// A line the file breaks is named by the file's own line number.
	broken := "Siyahı\nAd, soyad;Cinsi\n\"Aysel Quliyeva;qadın\nLeyla Həsənova;qadın\n"
	v.roster.readRoster("siyahı.csv", io.NopCloser(strings.NewReader(broken)))
	e.Wait()
	dlg = e.Window().Canvas().Overlays().Top()
	want := i18n.Tf("import.line_error", i18n.Args{"Line": 3, "Message": i18n.Tf("roster.error.quote", i18n.Args{"Line": 3})})
	if dlg == nil || uitest.FindLabel(dlg, want) == nil || uitest.FindLabel(dlg, i18n.Tf("import.summary", i18n.Args{"OK": 1, "Bad": 1})) == nil {
		t.Fatalf("the unclosed quote on line 3 is not reported (%q)", want)
	}
}

// TestTrainingForm_CRC: a training takes its area's usual articles in one
// tap; they are saved with it, and its entry in the activity log carries
// them, so that the evidence for the alternative report counts it.
func TestTrainingForm_CRC(t *testing.T) {
	s, e := openScreen(t, nil)
	s.newTraining()
	f := s.view.form
	if !f.crcSuggest.Disabled() {
		t.Fatal("articles offered before an area is chosen")
	}
	test.Type(f.title, "Təhsil hüququ üzrə təlim")
	f.area.SetSelectedIndex(slices.Index(kit.AreaCodes(), string(alliance.AreaEducation)))
	f.audience.SetSelectedIndex(1)
	f.region.SetSelectedIndex(e.RegionIndex("baku"))
	f.sessions[0].date.SetText("03.03.2025")
	test.Tap(f.crcSuggest)
	if got := strings.Join(f.crc.Chosen(), ","); got != "28,29" || !f.crcSuggest.Disabled() {
		t.Fatalf("suggested %s", got)
	}
	test.Tap(f.save)
	e.Wait()
	v := s.view
	if v.training == nil || strings.Join(codesOf(v.training.CRC), ",") != "28,29" {
		t.Fatalf("saved %+v", v.training)
	}
	s.view.form.linkActivity()
	e.Wait()
	tr, err := sqlite.NewTrainingService(e.DB).FindTrainingByID(context.Background(), v.training.ID)
	if err != nil || tr.ActivityID == "" {
		t.Fatalf("not linked: %v", err)
	}
	a, err := sqlite.NewActivityService(e.DB).FindActivityByID(context.Background(), tr.ActivityID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(codesOf(a.CRC), ",") != "28,29" {
		t.Fatalf("the log's entry has articles %v", a.CRC)
	}
}

// openScreen is the Trainings screen over a store prepare may fill, shown
// as the shell shows it.
func openScreen(t *testing.T, prepare func(db *sqlite.DB, svc *env.Services)) (*Screen, *uitest.Env) {
	t.Helper()
	e := uitest.Open(t, fyne.NewSize(1366, 768), prepare)
	return showNew(e), e
}

// showNew makes the screen anew (in the current language, as the shell
// does after a switch) and shows it.
func showNew(e *uitest.Env) *Screen {
	s := New(e)
	e.ShowScreen(env.ScreenTrainings, s.Object())
	s.Reload()
	e.Wait()
	return s
}
