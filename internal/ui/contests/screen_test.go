package contests

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestContests_EntryToScore is the contest's way through the screens: the
// secretariat creates a contest in its form; an entry is typed in with its
// drawing and the guardian's consent and submitted; the gallery shows its
// thumbnail; a judge scores it blind; the results rank it and are
// published.
func TestContests_EntryToScore(t *testing.T) {
	s, te := openScreen(t, nil)
	ctx := context.Background()
	cs := sqlite.NewContestService(te.DB)
	asSecretariat(t, te)
	s = showNew(te)

	// The contest, through its form (the defaults fill the rest).
	test.Tap(uitest.FindButton(s.pane.Root, i18n.T("contests.new")))
	v := s.view
	test.Type(v.form.title, "Mənim hüquqlarım")
	v.form.jury.Append("", "Aynur Məmmədova")
	test.Tap(v.form.save)
	te.Wait()
	contests, _ := cs.FindContests(ctx)
	if len(contests) != 1 || len(contests[0].Criteria) != 3 || v.contest == nil {
		t.Fatalf("contest saved: %+v\n%s", contests, uitest.LabelsIn(v.form.scroll))
	}
	if v.tabs.SelectedIndex() != 1 {
		t.Fatal("after saving a contest its entries come next")
	}
	te.Wait()

	// An entry: the child, the drawing, the consent; submitted.
	test.Tap(v.gallery.newBtn)
	f := v.gallery.entry
	test.Type(f.first, "Aysel")
	test.Type(f.last, "Məmmədova")
	f.age.SetText("9")
	f.gender.SetSelectedIndex(0)
	test.Type(f.school, "5 nömrəli məktəb")
	f.category.SetSelectedIndex(0)
	f.region.SetSelectedIndex(0)
	test.Type(f.title, "Evimiz")
	f.addReader("rəsm.jpg", io.NopCloser(bytes.NewReader(uitest.Drawing(t))), alliance.PurposeArtwork)
	te.Wait()
	if len(f.files) != 1 || f.files[0].Width != 640 {
		t.Fatalf("files %+v", f.files)
	}
	// Without consent the entry cannot be submitted.
	test.Tap(uitest.FindButton(f.buttons, i18n.T("entry.submit")))
	te.Wait()
	if top := te.Window().Canvas().Overlays().Top(); top != nil {
		t.Fatal("asked to submit an entry without consent")
	}
	if !f.errs.Fields[alliance.FieldGuardian].Visible() || !f.errs.Fields[alliance.FieldPublication].Visible() {
		t.Fatal("the missing consent is not pointed out")
	}
	if f.entry == nil || f.entry.State != alliance.StateDraft {
		t.Fatal("the draft was not kept")
	}
	test.Type(f.guardian, "Gülnarə Məmmədova")
	f.relation.SetSelectedIndex(0)
	f.consentDate.SetDate(alliance.Today())
	f.publication.SetSelected(i18n.T("entry.publication.no"))
	test.Tap(uitest.FindButton(f.buttons, i18n.T("entry.submit")))
	te.Wait()
	if te.Window().Canvas().Overlays().Top() == nil {
		t.Fatalf("not asked to submit: %s", f.errs.Banner.Text+"\n"+uitest.LabelsIn(f.scroll))
	}
	uitest.TapDialogButton(t, te.Window(), i18n.T("entry.submit"))
	te.Wait()
	if f.entry == nil || f.entry.State != alliance.StateSubmitted {
		t.Fatalf("entry %+v", f.entry)
	}
	if !f.title.Disabled() || uitest.FindButton(f.buttons, i18n.T("entry.correct")) == nil {
		t.Fatal("a submitted entry is not locked")
	}
	code := f.entry.Code

	// Back in the gallery: one tile with its thumbnail.
	v.gallery.back()
	te.Wait()
	if len(v.gallery.entries) != 1 {
		t.Fatalf("gallery %+v", v.gallery.entries)
	}
	if st := v.gallery.thumbs.Get(*v.gallery.entries[0].Work); st == nil || st.Res == nil {
		t.Fatalf("no thumbnail in the gallery: %+v", st)
	}

	// Judging: blind.
	v.tabs.SelectIndex(2)
	te.Wait()
	j := v.judging
	j.juror.SetSelectedIndex(0)
	te.Wait()
	if len(j.pool) != 1 || j.pool[0].Code != code {
		t.Fatalf("jury pool %+v", j.pool)
	}
	j.list.Select(0)
	te.Wait()
	shown := uitest.LabelsIn(j.content)
	for _, leak := range []string{"Aysel", "Məmmədova", "5 nömrəli", "Gülnarə"} {
		if strings.Contains(shown, leak) {
			t.Errorf("the judging screen shows %q", leak)
		}
	}
	if !strings.Contains(shown, code) {
		t.Errorf("the judging screen lacks the entry's code:\n%s", shown)
	}
	marks := []string{"9", "7", "8"}
	i := 0
	for _, cr := range v.contest.Criteria {
		j.marks[cr.ID].SetSelected(marks[i])
		i++
	}
	test.Tap(uitest.FindButton(j.panel, i18n.T("judging.save")))
	te.Wait()
	scores, _ := cs.FindScores(ctx, v.contest.ID, "")
	if len(scores) != 1 || !scores[0].Complete(v.contest) {
		t.Fatalf("scores %+v", scores)
	}
	if got := j.progress.Text; got != i18n.Tf("judging.progress", i18n.Args{"Done": 1, "Total": 1}) {
		t.Fatalf("progress %q", got)
	}

	// Results: ranked first; published.
	v.tabs.SelectIndex(3)
	te.Wait()
	if !strings.Contains(uitest.LabelsIn(v.results.box), code) {
		t.Fatal("the results do not list the entry")
	}
	test.Tap(uitest.FindButton(v.results.actions, i18n.T("results.publish")))
	uitest.TapDialogButton(t, te.Window(), i18n.T("results.publish"))
	te.Wait()
	e, _ := cs.FindEntryByID(ctx, f.entry.ID)
	if e.State != alliance.StateWinner || e.Rank != 1 {
		t.Fatalf("after publication %+v", e)
	}
	print := uitest.FindButton(v.results.actions, i18n.T("results.certificates"))
	if print == nil {
		t.Fatal("no children's certificates to print after publication")
	}
	// On a 1024×600 screen the button stays in view and the ranking's
	// right side is never cut off (it scrolls sideways).
	te.Window().Resize(fyne.NewSize(1024, 600))
	te.Wait()
	d := fyne.CurrentApp().Driver()
	if right := d.AbsolutePositionForObject(print).X + print.Size().Width; right > 1024 {
		t.Fatalf("the certificates button ends at %.0f, past the window's 1024", right)
	}
	for _, o := range v.results.content.Objects {
		if sc, ok := o.(*container.Scroll); ok {
			if need, got := sc.MinSize().Width, sc.Size().Width; need > got+0.5 {
				t.Fatalf("the ranking needs %.0f wide and gets %.0f: its right side is cut off", need, got)
			}
		}
	}
}

// TestGallery_MemberView: a member laptop sees a contest read-only, with
// no judging tab, and another organisation's child by first name and
// initial when publication was refused.
func TestGallery_MemberView(t *testing.T) {
	s, te := openScreen(t, nil)
	ctx := context.Background()
	cs := sqlite.NewContestService(te.DB)
	c := uitest.OpenContest(t, cs)
	lib := te.Services().Files
	ref, err := lib.AddFile(ctx, "a.jpg", bytes.NewReader(uitest.Drawing(t)), alliance.PurposeArtwork)
	if err != nil {
		t.Fatal(err)
	}
	no := false
	other := alliance.NewID()
	if err := cs.CreateEntry(ctx, &alliance.Entry{ContestID: c.ID, OrgID: other, FirstName: "Leyla", LastName: "Quliyeva", Age: 8,
		Category: alliance.CatDrawing, Files: []alliance.FileRef{ref}, Consent: alliance.Consent{Publication: &no}}); err != nil {
		t.Fatal(err)
	}
	// This laptop becomes a member's.
	orgs := sqlite.NewOrganisationService(te.DB)
	member := &alliance.Organisation{Name: "Şəki Uşaq Mərkəzi", Kind: alliance.OrgNGO, RegionID: "shaki-zagatala"}
	if err := orgs.CreateOrganisation(ctx, member); err != nil {
		t.Fatal(err)
	}
	if err := te.Services().Settings.SetSetting(ctx, alliance.SettingOrgID, member.ID); err != nil {
		t.Fatal(err)
	}
	te.ReloadReference(nil)
	te.Wait()
	s = showNew(te)
	if uitest.FindButton(s.pane.Root, i18n.T("contests.new")) != nil {
		t.Fatal("a member laptop offers to create contests")
	}
	s.open(c.ID, 0)
	te.Wait()
	v := s.view
	if v.judging != nil || len(v.tabs.Items) != 3 {
		t.Fatalf("a member laptop has %d tabs (judging %v)", len(v.tabs.Items), v.judging != nil)
	}
	if v.tabs.SelectedIndex() != 1 || !v.form.title.Disabled() {
		t.Fatal("a member opens on the entries, the contest read-only")
	}
	for _, r := range []*kit.EditRows{v.form.ageGroups, v.form.criteria, v.form.jury} {
		for i, row := range r.Rows {
			if !row[0].Disabled() || r.Removes[i].Visible() {
				t.Fatal("a member can edit or remove a row of a contest it only views (an age group, a criterion, a juror)")
			}
		}
	}
	te.Wait()
	shown := uitest.LabelsIn(v.gallery.grid)
	if strings.Contains(shown, "Quliyeva") || !strings.Contains(shown, "Leyla Q.") {
		t.Fatalf("another organisation's child without publication is shown as:\n%s", shown)
	}
}

// submittedEntry saves and submits a complete entry of a child to c.
func submittedEntry(t *testing.T, te *uitest.Env, cs *sqlite.ContestService, c *alliance.Contest, first string) *alliance.Entry {
	t.Helper()
	ctx := context.Background()
	ref, err := te.Services().Files.AddFile(ctx, first+".jpg", bytes.NewReader(uitest.Drawing(t)), alliance.PurposeArtwork)
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	e := &alliance.Entry{ContestID: c.ID, FirstName: first, LastName: "Əliyeva", Age: 9, Gender: alliance.Female, RegionID: "baku",
		Category: alliance.CatDrawing, Title: "Evimiz", Files: []alliance.FileRef{ref},
		Consent: alliance.Consent{GuardianName: "Gülnarə", Relation: alliance.RelMother, Date: alliance.Today(), Publication: &yes}}
	if err := cs.CreateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := cs.SubmitEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestJudging_MarksSavedAsGiven: a judge marks one criterion of an entry,
// moves to another entry and comes back: the mark is there, and stored;
// a comment typed is kept when the judge moves on; marks given quickly one
// after another are all stored.
func TestJudging_MarksSavedAsGiven(t *testing.T) {
	s, te := openScreen(t, nil)
	ctx := context.Background()
	cs := sqlite.NewContestService(te.DB)
	asSecretariat(t, te)
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Jury: []alliance.Juror{{Name: "Aynur"}},
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 2}, {Name: "İfadə", Weight: 1}, {Name: "Mövzu", Weight: 1}}}
	if err := cs.CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	first, second := submittedEntry(t, te, cs, c, "Aysel"), submittedEntry(t, te, cs, c, "Nigar")
	s = showNew(te)
	s.open(c.ID, 2)
	te.Wait()
	j := s.view.judging
	j.juror.SetSelectedIndex(0)
	te.Wait()
	index := func(id string) int {
		for i, e := range j.pool {
			if e.EntryID == id {
				return i
			}
		}
		t.Fatalf("entry %s not in the pool", id)
		return -1
	}
	j.list.Select(index(first.ID))
	te.Wait()
	cr := c.Criteria
	j.marks[cr[0].ID].SetSelected("7") // one criterion only, no Save
	j.comments[cr[0].ID].SetText("rəngli")
	j.list.Select(index(second.ID)) // moves on
	te.Wait()
	j.marks[cr[1].ID].SetSelected("4")
	j.marks[cr[2].ID].SetSelected("9") // two quick ticks
	s.ConfirmLeave(func(bool) {})      // and leaves the screen
	te.Wait()
	scores, err := cs.FindScores(ctx, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range scores {
		got[s.EntryID] = fmt.Sprintf("%d %d %d %s", s.Marks[cr[0].ID], s.Marks[cr[1].ID], s.Marks[cr[2].ID], s.Comments[cr[0].ID])
	}
	if got[first.ID] != "7 0 0 rəngli" || got[second.ID] != "0 4 9 " {
		t.Fatalf("stored marks %v, want the first entry's 7 with its comment and the second's 4 and 9", got)
	}
	// Back to the first entry: the mark and the comment are shown.
	s = showNew(te)
	s.open(c.ID, 2)
	te.Wait()
	j = s.view.judging
	j.juror.SetSelectedIndex(0)
	te.Wait()
	j.list.Select(index(first.ID))
	te.Wait()
	if j.marks[cr[0].ID].Selected != "7" || j.comments[cr[0].ID].Text != "rəngli" {
		t.Fatalf("back on the entry: mark %q comment %q", j.marks[cr[0].ID].Selected, j.comments[cr[0].ID].Text)
	}
}

// TestPrivacy_OnScreen: on the secretariat's laptop, a child of a member
// whose guardian refused publication is "Leyla Q." everywhere the laptop
// shows or prints the child — the gallery, the opened entry (without the
// school, the settlement, the guardian, and read-only), the results and
// the children's certificates — and the member's own laptop sees the
// whole entry.
func TestPrivacy_OnScreen(t *testing.T) {
	s, te := openScreen(t, nil)
	ctx := context.Background()
	cs := sqlite.NewContestService(te.DB)
	c := uitest.OpenContest(t, cs)
	orgs := sqlite.NewOrganisationService(te.DB)
	sec := &alliance.Organisation{Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true}
	member := &alliance.Organisation{Name: "Quba QHT", Kind: alliance.OrgNGO, RegionID: "guba-khachmaz"}
	for _, o := range []*alliance.Organisation{sec, member} {
		if err := orgs.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	ref, err := te.Services().Files.AddFile(ctx, "a.jpg", bytes.NewReader(uitest.Drawing(t)), alliance.PurposeArtwork)
	if err != nil {
		t.Fatal(err)
	}
	no := false
	e := &alliance.Entry{ContestID: c.ID, OrgID: member.ID, FirstName: "Leyla", LastName: "Quliyeva", Age: 8, Gender: alliance.Female,
		School: "5 nömrəli məktəb", Grade: "3", RegionID: "guba-khachmaz", Settlement: "Qəçrəş", Category: alliance.CatDrawing, Title: "Bağ",
		Files: []alliance.FileRef{ref}, Consent: alliance.Consent{GuardianName: "Gülnarə Quliyeva", Relation: alliance.RelMother,
			Date: alliance.Today(), Publication: &no}}
	if err := cs.CreateEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := cs.SubmitEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	secret := []string{"Quliyeva", "5 nömrəli", "Qəçrəş", "Gülnarə"}
	noSecret := func(where, shown string) {
		t.Helper()
		for _, s := range secret {
			if strings.Contains(shown, s) {
				t.Errorf("%s shows %q:\n%s", where, s, shown)
			}
		}
		if !strings.Contains(shown, "Leyla Q.") && !(strings.Contains(shown, "\nLeyla\n") && strings.Contains(shown, "\nQ.\n")) {
			t.Errorf("%s does not show the child as Leyla Q.:\n%s", where, shown)
		}
	}
	becomes := func(o *alliance.Organisation) {
		te.LaptopOf(t, o.ID)
		s = showNew(te)
		s.open(c.ID, 1)
		te.Wait()
	}

	becomes(sec)
	v := s.view
	noSecret("the gallery", uitest.LabelsIn(v.gallery.grid))
	v.gallery.openEntry(e.ID)
	te.Wait()
	f := v.gallery.entry
	noSecret("the opened entry", uitest.LabelsIn(f.scroll))
	if !f.privacy.Visible() || !f.first.Disabled() || uitest.FindButton(f.buttons, i18n.T("entry.correct")) != nil {
		t.Fatal("another organisation's child is not shown read-only with the privacy note")
	}
	if uitest.FindButton(f.buttons, i18n.T("entry.shortlist")) == nil {
		t.Fatal("the secretariat cannot shortlist the entry any more")
	}
	sc := &alliance.Score{EntryID: e.ID, JurorID: c.Jury[0].ID, Marks: map[string]int{c.Criteria[0].ID: 8}}
	if err := cs.SaveScore(ctx, sc); err != nil {
		t.Fatal(err)
	}
	if err := cs.PublishResults(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	s.open(c.ID, 3)
	te.Wait()
	r := s.view.results
	noSecret("the results", uitest.LabelsIn(r.box))
	r.printCertificates()
	te.Wait()
	pdf := filepath.Join(te.Info().DataDir, "certificates", kit.SafeFileName(childCertificatesName(c))+".pdf")
	if !strings.Contains(r.status.Text, pdf) {
		t.Errorf("the screen does not say where the certificates are: %q", r.status.Text)
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("the children's certificates: %v", err)
	}
	noSecret("the children's certificate", string(text))

	// The child's own organisation sees the whole entry.
	becomes(member)
	s.view.gallery.openEntry(e.ID)
	te.Wait()
	f = s.view.gallery.entry
	if shown := uitest.LabelsIn(f.scroll); !strings.Contains(shown, "Quliyeva") || !strings.Contains(shown, "Qəçrəş") || f.privacy.Visible() {
		t.Fatalf("the child's own organisation does not see the whole entry:\n%s", shown)
	}
}

// asSecretariat makes the test laptop the secretariat's (not connected).
func asSecretariat(t *testing.T, te *uitest.Env) *alliance.Organisation {
	t.Helper()
	ctx := context.Background()
	sec := &alliance.Organisation{Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true}
	if err := sqlite.NewOrganisationService(te.DB).CreateOrganisation(ctx, sec); err != nil {
		t.Fatal(err)
	}
	te.LaptopOf(t, sec.ID)
	return sec
}

// TestContests_NotConnected: a laptop not connected, with no organisation
// yet, does not offer to create contests (they come from the secretariat).
func TestContests_NotConnected(t *testing.T) {
	s, te := openScreen(t, nil)
	s = showNew(te)
	if uitest.FindButton(s.pane.Root, i18n.T("contests.new")) != nil {
		t.Fatal("a laptop not connected offers to create a contest")
	}
}

// TestEntryForm_WithdrawConsent: the guardian withdraws consent: after a
// confirmation the entry no longer names the child, says so, offers no
// correction, and its drawing leaves this laptop.
func TestEntryForm_WithdrawConsent(t *testing.T) {
	s, te := openScreen(t, nil)
	ctx := context.Background()
	cs := sqlite.NewContestService(te.DB)
	asSecretariat(t, te)
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Jury: []alliance.Juror{{Name: "Aynur"}}, Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}}
	if err := cs.CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	e := submittedEntry(t, te, cs, c, "Xəyalə")
	s = showNew(te)
	s.open(c.ID, 1)
	te.Wait()
	s.view.gallery.openEntry(e.ID)
	te.Wait()
	f := s.view.gallery.entry
	b := uitest.FindButton(f.buttons, i18n.T("entry.withdraw"))
	if b == nil {
		t.Fatal("no way to record a withdrawal")
	}
	test.Tap(b)
	uitest.TapDialogButton(t, te.Window(), i18n.T("entry.withdraw.yes"))
	te.Wait()
	got, err := cs.FindEntryByID(ctx, e.ID)
	if err != nil || !got.IsAnonymised() || got.FirstName != "" {
		t.Fatalf("after the withdrawal: %+v, %v", got, err)
	}
	if te.Services().Files.HasFile(e.Files[0].Hash) {
		t.Fatal("the drawing is still on the laptop")
	}
	f = s.view.gallery.entry
	if !strings.Contains(f.status.Text, i18n.Tf("entry.anonymised.consent_withdrawn", i18n.Args{"Date": i18n.DateTime(got.AnonymisedAt)})) {
		t.Fatalf("the form says %q", f.status.Text)
	}
	if uitest.FindButton(f.buttons, i18n.T("entry.correct")) != nil || uitest.FindButton(f.buttons, i18n.T("entry.withdraw")) != nil {
		t.Fatal("an anonymised entry offers a correction or another withdrawal")
	}
}

// openScreen is the Contests screen over a store prepare may fill, shown
// as the shell shows it.
func openScreen(t *testing.T, prepare func(db *sqlite.DB, svc *env.Services)) (*Screen, *uitest.Env) {
	t.Helper()
	te := uitest.Open(t, fyne.NewSize(1366, 768), prepare)
	return showNew(te), te
}

// showNew makes the screen anew (as the shell does after the laptop's
// organisation or language changed) and shows it.
func showNew(te *uitest.Env) *Screen {
	s := New(te)
	te.ShowScreen(env.ScreenContests, s.Object())
	s.Reload()
	te.Wait()
	return s
}

// TestJudging_AsSignedInJudge: with people on the laptop there is no judge
// to pick: the coordinator signed in cannot judge; the judge signed in
// (AfterUnlock, as the shell calls it) judges as themselves, and their
// marks are theirs.
func TestJudging_AsSignedInJudge(t *testing.T) {
	s, te := openScreen(t, func(db *sqlite.DB, svc *env.Services) { svc.Profiles = sqlite.NewProfileService(db) })
	ctx := context.Background()
	asSecretariat(t, te)
	cs := sqlite.NewContestService(te.DB)
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Jury: []alliance.Juror{{Name: "Aynur"}, {Name: "Rəşad"}},
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}}
	if err := cs.CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	entry := submittedEntry(t, te, cs, c, "Aysel")
	ps := te.Services().Profiles
	katib := &alliance.Profile{Name: "Katib", Role: alliance.RoleCoordinator, Kind: alliance.SecretPIN}
	judge := &alliance.Profile{ID: c.Jury[0].ID, Name: "Aynur", Role: alliance.RoleJudge, Kind: alliance.SecretPIN}
	if err := ps.CreateProfile(ctx, katib, "480915"); err != nil { // the first: the coordinator
		t.Fatal(err)
	}
	if _, err := ps.SignIn(ctx, katib.ID, "480915"); err != nil {
		t.Fatal(err)
	}
	if err := ps.CreateProfile(ctx, judge, "270418"); err != nil {
		t.Fatal(err)
	}
	te.Person = katib
	s = showNew(te)
	s.open(c.ID, 2)
	te.Wait()
	if s.view == nil {
		t.Fatalf("the contest did not open:\n%s", uitest.LabelsIn(uitest.DialogOf(t, te.Window())))
	}
	j := s.view.judging
	if j.jurorID() != "" || j.who.Text != i18n.Tf("judging.not_juror", i18n.Args{"Name": "Katib"}) {
		t.Fatalf("the coordinator: juror %q, %q", j.jurorID(), j.who.Text)
	}
	te.Person = judge
	s.AfterUnlock()
	te.Wait()
	if j.jurorID() != judge.ID || j.who.Text != i18n.Tf("judging.as", i18n.Args{"Name": "Aynur"}) {
		t.Fatalf("the judge: juror %q, %q", j.jurorID(), j.who.Text)
	}
	j.list.Select(0)
	te.Wait()
	for _, rg := range j.marks {
		rg.SetSelected("8")
	}
	te.Wait()
	scores, err := cs.FindScores(ctx, c.ID, judge.ID)
	if err != nil || len(scores) != 1 || scores[0].EntryID != entry.ID {
		t.Fatalf("the judge's scores: %+v, %v", scores, err)
	}
}

// TestEntryForm_FileSent: the entry's form says where each file's transfer
// stands, as the file queue tells it (sent, here); a change of the queue
// reaches the open form through FilesChanged.
func TestEntryForm_FileSent(t *testing.T) {
	queue := &uitest.Transfers{}
	s, te := openScreen(t, func(_ *sqlite.DB, svc *env.Services) { svc.Transfers = queue })
	asSecretariat(t, te)
	cs := sqlite.NewContestService(te.DB)
	c := uitest.OpenContest(t, cs)
	e := submittedEntry(t, te, cs, c, "Aysel")
	s = showNew(te)
	s.open(c.ID, 1)
	te.Wait()
	s.view.gallery.openEntry(e.ID)
	te.Wait()
	ref := e.Files[0]
	sent := kit.TransferText(alliance.FileTransfer{Upload: true, State: alliance.TransferDone, Size: ref.Size})
	if strings.Contains(uitest.LabelsIn(s.view.gallery.entry.filesBox), sent) {
		t.Fatal("the drawing is said sent before it was")
	}
	queue.Status = alliance.TransferStatus{Files: []alliance.FileTransfer{{Hash: ref.Hash, Name: ref.Name, Upload: true,
		State: alliance.TransferDone, Size: ref.Size, Done: ref.Size}}}
	s.FilesChanged(false)
	te.Wait()
	if !strings.Contains(uitest.LabelsIn(s.view.gallery.entry.filesBox), sent) {
		t.Fatalf("the entry's form does not say the drawing was sent (%q):\n%s", sent, uitest.LabelsIn(s.view.gallery.entry.filesBox))
	}
}
