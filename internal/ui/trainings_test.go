package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

func findChecks(o fyne.CanvasObject) []*widget.Check {
	var out []*widget.Check
	walk(o, func(c fyne.CanvasObject) bool {
		if ch, ok := c.(*widget.Check); ok {
			out = append(out, ch)
		}
		return false
	})
	return out
}

// TestTrainings_Flow: record a training with two sessions, add a
// participant through the form, mark attendance in the grid, issue
// certificates: the certificate is listed, only for the one who completed.
func TestTrainings_Flow(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen(ScreenTrainings)
	u.Wait()
	if findLabel(u.body, i18n.T("trainings.empty.title")) == nil {
		t.Fatal("no empty state before the first training")
	}
	u.trainings.newTraining()
	f := u.trainings.view.form
	test.Type(f.title, "Uşaq hüquqları üzrə təlim")
	f.area.SetSelectedIndex(1)
	f.audience.SetSelectedIndex(1)
	f.region.SetSelectedIndex(indexOf(regionIDs(u.regions), "shaki-zagatala"))
	f.sessions[0].date.SetText("03.03.2025")
	f.sessions[0].hours.SetText("4")
	test.Tap(findButton(f.scroll.Content, i18n.T("session.add")))
	f.sessions[1].date.SetText("04.03.2025")
	f.sessions[1].hours.SetText("4")
	if got := f.total.Text; got != i18n.Tf("trainings.total_hours", i18n.Args{"Hours": i18n.Hours(8)}) {
		t.Fatalf("total %q", got)
	}
	test.Tap(f.save)
	u.Wait()
	v := u.trainings.view
	if v.training == nil || v.training.ID == "" || len(v.training.Sessions) != 2 {
		t.Fatalf("not saved: %+v", v.training)
	}
	if v.tabs.SelectedIndex() != 1 {
		t.Fatal("after saving a new training the participants come next")
	}

	// A participant through the dialog, another from the store.
	test.Tap(findButton(v.roster.box, i18n.T("participants.add")))
	dlg := u.win.Canvas().Overlays().Top()
	var name *widget.Entry
	walk(dlg, func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok && name == nil {
			name = e
		}
		return false
	})
	test.Type(name, "Gülnarə İsmayılova")
	var role *widget.Select
	walk(dlg, func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widget.Select); ok && s.Selected == i18n.T("role.child") {
			role = s
		}
		return false
	})
	role.SetSelectedIndex(indexOfRole(alliance.RoleTeacher))
	test.Tap(findButton(dlg, i18n.T("form.save")))
	u.Wait()
	if err := sqlite.NewTrainingService(u.db).CreateParticipants(context.Background(), []*alliance.Participant{
		{TrainingID: v.training.ID, FullName: "Ilqar Çələbi", Gender: alliance.Male, Role: alliance.RoleNGO}}); err != nil {
		t.Fatal(err)
	}
	v.reload()
	u.Wait()
	if len(v.participants) != 2 || v.participants[0].FullName != "Gülnarə İsmayılova" {
		t.Fatalf("roster %+v", v.participants)
	}

	// Gülnarə attends both sessions, Ilqar one: 4 of 8 hours, not enough.
	v.tabs.SelectIndex(2)
	checks := findChecks(v.attendance.content)
	if len(checks) != 4 {
		t.Fatalf("%d checks in the grid, want 2 × 2", len(checks))
	}
	test.Tap(checks[0])
	test.Tap(checks[1])
	test.Tap(checks[2])
	u.Wait()
	// The count under each session follows the ticks.
	if p := v.attendance.present; len(p) != 2 || p[0].Text != "2" || p[1].Text != "1" {
		t.Fatalf("present under the sessions: %v", labelTexts(p))
	}
	roster, _ := sqlite.NewTrainingService(u.db).FindParticipants(context.Background(), v.training.ID)
	if len(roster[0].Attended) != 2 || len(roster[1].Attended) != 1 {
		t.Fatalf("attendance stored %v / %v", roster[0].Attended, roster[1].Attended)
	}
	if got := v.attendance.summary.Text; !strings.Contains(got, i18n.Tf("attendance.totals", i18n.Args{"Done": 1, "All": 2})) {
		t.Fatalf("totals %q", got)
	}

	v.tabs.SelectIndex(3)
	test.Tap(findButton(v.certificates.box, i18n.T("certificates.issue_all")))
	u.Wait()
	if len(v.certs) != 1 || findLabel(v.certificates.list, "Gülnarə İsmayılova") == nil || findLabel(v.certificates.list, "Ilqar Çələbi") != nil {
		t.Fatalf("certificates listed: %+v", v.certs)
	}
	// On a 1024×600 screen, in Russian, a certificate's buttons stay in
	// view.
	u.win.Resize(fyne.NewSize(1024, 600))
	lang := i18n.Language()
	u.SetLanguage("ru")
	u.ShowScreen(ScreenTrainings)
	u.trainings.open(v.training.ID)
	u.Wait()
	u.trainings.view.tabs.SelectIndex(3)
	u.Wait()
	revoke := findButton(u.trainings.view.certificates.list, i18n.T("certificates.revoke"))
	if right := fyne.CurrentApp().Driver().AbsolutePositionForObject(revoke).X + revoke.Size().Width; right > 1024 {
		t.Fatalf("the revoke button ends at %.0f, past the window's 1024", right)
	}
	u.SetLanguage(lang)
	u.ShowScreen(ScreenTrainings)
	u.trainings.open(v.training.ID)
	u.Wait()
	v = u.trainings.view
	v.tabs.SelectIndex(3)
	u.Wait()

	// Open renders the PDF into the data folder and hands it to the viewer.
	log := fakeViewer(t)
	test.Tap(findButton(v.certificates.list, i18n.T("certificates.open")))
	u.Wait()
	pdf := filepath.Join(u.dir, "certificates", v.certs[0].Serial+".pdf")
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
	test.Tap(findButton(v.certificates.box, i18n.T("certificates.print_all")))
	u.Wait()
	top := u.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(labelsIn(top), pdf) || !strings.Contains(labelsIn(top), "No default destination") {
		t.Fatalf("the print failure does not say where the PDF is:\n%s", labelsIn(top))
	}
	if w := top.Size().Width; w < 400 {
		t.Fatalf("the message is %.0f wide: a few words a line", w)
	}
}

// fakeViewer puts a recording xdg-open (and lp) first on PATH.
func fakeViewer(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "args")
	for _, name := range []string{"xdg-open", "lp", "open"} {
		script := "#!/bin/sh\necho \"$@\" >> " + log + "\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

func TestTrainings_ImportPreview(t *testing.T) {
	u := newTestUI(t)
	tr := &alliance.Training{Title: "İdxal", Area: alliance.AreaHealth, Audience: alliance.AudParents, RegionID: "baku",
		Sessions: []alliance.Session{{Date: alliance.NewDate(2025, 1, 1), Hours: 2}}}
	if err := sqlite.NewTrainingService(u.db).CreateTraining(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	u.ShowScreen(ScreenTrainings)
	u.Wait()
	u.trainings.open(tr.ID)
	u.Wait()
	v := u.trainings.view
	csv := "Ad, soyad;Cinsi;Vəzifə\nŞəhla Əliyeva;qadın;valideyn\n;qadın;valideyn\nNərmin;x;valideyn\n"
	v.roster.readRoster("siyahı.csv", nopCloser{strings.NewReader(csv)})
	u.Wait()
	dlg := u.win.Canvas().Overlays().Top()
	if dlg == nil || findLabel(dlg, i18n.Tf("import.summary", i18n.Args{"OK": 1, "Bad": 2})) == nil {
		t.Fatal("no preview with 1 good row and 2 bad")
	}
	if n, _ := sqlite.NewTrainingService(u.db).FindParticipants(context.Background(), tr.ID); len(n) != 0 {
		t.Fatal("the preview saved rows before being asked")
	}
	test.Tap(findButton(dlg, i18n.N("import.confirm", 1, nil)))
	u.Wait()
	if ps, _ := sqlite.NewTrainingService(u.db).FindParticipants(context.Background(), tr.ID); len(ps) != 1 || ps[0].FullName != "Şəhla Əliyeva" {
		t.Fatalf("imported %+v", ps)
	}
	// The same sheet again adds nobody twice.
	u.win.Canvas().Overlays().Top().Hide()
	v.roster.readRoster("siyahı.csv", nopCloser{strings.NewReader(csv)})
	u.Wait()
	dlg = u.win.Canvas().Overlays().Top()
	if dlg == nil || findLabel(dlg, i18n.Tf("import.summary", i18n.Args{"OK": 0, "Bad": 3})) == nil {
		t.Fatal("the second import did not set aside the participant already on the roster")
	}
	if b := findButton(dlg, i18n.N("import.confirm", 0, nil)); b == nil || !b.Disabled() {
		t.Fatal("nothing to add, yet the import can be confirmed")
	}
	// The file dialog speaks the user's language in its title and fits in
	// the window.
	dlg.Hide()
	v.roster.importFile()
	u.Wait()
	fd := u.win.Canvas().Overlays().Top()
	if fd == nil || !strings.Contains(labelsIn(fd), i18n.T("file.open_title")) {
		t.Fatalf("the file dialog's title is not the translated one:\n%s", labelsIn(fd))
	}
	if win := u.win.Canvas().Size(); fd.Size().Width > win.Width || fd.Size().Height > win.Height {
		t.Fatalf("the file dialog (%v) is larger than the window (%v)", fd.Size(), win)
	}
	fd.Hide()
	// A line the file breaks is named by the file's own line number.
	broken := "Siyahı\nAd, soyad;Cinsi\n\"Aysel Quliyeva;qadın\nLeyla Həsənova;qadın\n"
	v.roster.readRoster("siyahı.csv", nopCloser{strings.NewReader(broken)})
	u.Wait()
	dlg = u.win.Canvas().Overlays().Top()
	want := i18n.Tf("import.line_error", i18n.Args{"Line": 3, "Message": i18n.Tf("roster.error.quote", i18n.Args{"Line": 3})})
	if dlg == nil || findLabel(dlg, want) == nil || findLabel(dlg, i18n.Tf("import.summary", i18n.Args{"OK": 1, "Bad": 1})) == nil {
		t.Fatalf("the unclosed quote on line 3 is not reported (%q)", want)
	}
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

func labelTexts(ls []*widget.Label) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Text)
	}
	return out
}

// TestTrainingForm_CRC: a training takes its area's usual articles in one
// tap; they are saved with it, and its entry in the activity log carries
// them, so that the evidence for the alternative report counts it.
func TestTrainingForm_CRC(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen(ScreenTrainings)
	u.Wait()
	u.trainings.newTraining()
	f := u.trainings.view.form
	if !f.crcSuggest.Disabled() {
		t.Fatal("articles offered before an area is chosen")
	}
	test.Type(f.title, "Təhsil hüququ üzrə təlim")
	f.area.SetSelectedIndex(indexOf(kit.AreaCodes(), string(alliance.AreaEducation)))
	f.audience.SetSelectedIndex(1)
	f.region.SetSelectedIndex(indexOf(regionIDs(u.regions), "baku"))
	f.sessions[0].date.SetText("03.03.2025")
	test.Tap(f.crcSuggest)
	if got := strings.Join(f.crc.Chosen(), ","); got != "28,29" || !f.crcSuggest.Disabled() {
		t.Fatalf("suggested %s", got)
	}
	test.Tap(f.save)
	u.Wait()
	v := u.trainings.view
	if v.training == nil || strings.Join(codesOf(v.training.CRC), ",") != "28,29" {
		t.Fatalf("saved %+v", v.training)
	}
	u.trainings.view.form.linkActivity()
	u.Wait()
	tr, err := sqlite.NewTrainingService(u.db).FindTrainingByID(context.Background(), v.training.ID)
	if err != nil || tr.ActivityID == "" {
		t.Fatalf("not linked: %v", err)
	}
	a, err := sqlite.NewActivityService(u.db).FindActivityByID(context.Background(), tr.ActivityID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(codesOf(a.CRC), ",") != "28,29" {
		t.Fatalf("the log's entry has articles %v", a.CRC)
	}
}
