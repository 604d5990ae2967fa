package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

func drawing(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 3), 120, uint8(y / 2), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// labelsIn returns every label's and entry's text under o.
func labelsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(c fyne.CanvasObject) bool {
		switch x := c.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Entry:
			b.WriteString(x.Text + "\n")
		}
		return false
	})
	return b.String()
}

// TestContests_EntryToScore is the contest's way through the screens: the
// secretariat creates a contest in its form; an entry is typed in with its
// drawing and the guardian's consent and submitted; the gallery shows its
// thumbnail; a judge scores it blind; the results rank it and are
// published.
func TestContests_EntryToScore(t *testing.T) {
	u := newTestUI(t)
	ctx := context.Background()
	cs := sqlite.NewContestService(u.db)
	asSecretariat(t, u)
	u.ShowScreen(ScreenContests)
	u.Wait()

	// The contest, through its form (the defaults fill the rest).
	test.Tap(findButton(u.contests.pane.Root, i18n.T("contests.new")))
	v := u.contests.view
	test.Type(v.form.title, "Mənim hüquqlarım")
	v.form.jury.Append("", "Aynur Məmmədova")
	test.Tap(v.form.save)
	u.Wait()
	contests, _ := cs.FindContests(ctx)
	if len(contests) != 1 || len(contests[0].Criteria) != 3 || v.contest == nil {
		t.Fatalf("contest saved: %+v\n%s", contests, labelsIn(v.form.scroll))
	}
	if v.tabs.SelectedIndex() != 1 {
		t.Fatal("after saving a contest its entries come next")
	}
	u.Wait()

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
	f.addReader("rəsm.jpg", io.NopCloser(bytes.NewReader(drawing(t))), alliance.PurposeArtwork)
	u.Wait()
	if len(f.files) != 1 || f.files[0].Width != 640 {
		t.Fatalf("files %+v", f.files)
	}
	// Without consent the entry cannot be submitted.
	test.Tap(findButton(f.buttons, i18n.T("entry.submit")))
	u.Wait()
	if top := u.win.Canvas().Overlays().Top(); top != nil {
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
	test.Tap(findButton(f.buttons, i18n.T("entry.submit")))
	u.Wait()
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatalf("not asked to submit: %s", f.errs.Banner.Text+"\n"+labelsIn(f.scroll))
	}
	tapDialogButton(t, u.win, i18n.T("entry.submit"))
	u.Wait()
	if f.entry == nil || f.entry.State != alliance.StateSubmitted {
		t.Fatalf("entry %+v", f.entry)
	}
	if !f.title.Disabled() || findButton(f.buttons, i18n.T("entry.correct")) == nil {
		t.Fatal("a submitted entry is not locked")
	}
	code := f.entry.Code

	// Back in the gallery: one tile with its thumbnail.
	v.gallery.back()
	u.Wait()
	if len(v.gallery.entries) != 1 {
		t.Fatalf("gallery %+v", v.gallery.entries)
	}
	if st := v.gallery.thumbs.Get(*v.gallery.entries[0].Work); st == nil || st.Res == nil {
		t.Fatalf("no thumbnail in the gallery: %+v", st)
	}

	// Judging: blind.
	v.tabs.SelectIndex(2)
	u.Wait()
	j := v.judging
	j.juror.SetSelectedIndex(0)
	u.Wait()
	if len(j.pool) != 1 || j.pool[0].Code != code {
		t.Fatalf("jury pool %+v", j.pool)
	}
	j.list.Select(0)
	u.Wait()
	shown := labelsIn(j.content)
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
	test.Tap(findButton(j.panel, i18n.T("judging.save")))
	u.Wait()
	scores, _ := cs.FindScores(ctx, v.contest.ID, "")
	if len(scores) != 1 || !scores[0].Complete(v.contest) {
		t.Fatalf("scores %+v", scores)
	}
	if got := j.progress.Text; got != i18n.Tf("judging.progress", i18n.Args{"Done": 1, "Total": 1}) {
		t.Fatalf("progress %q", got)
	}

	// Results: ranked first; published.
	v.tabs.SelectIndex(3)
	u.Wait()
	if !strings.Contains(labelsIn(v.results.box), code) {
		t.Fatal("the results do not list the entry")
	}
	test.Tap(findButton(v.results.actions, i18n.T("results.publish")))
	tapDialogButton(t, u.win, i18n.T("results.publish"))
	u.Wait()
	e, _ := cs.FindEntryByID(ctx, f.entry.ID)
	if e.State != alliance.StateWinner || e.Rank != 1 {
		t.Fatalf("after publication %+v", e)
	}
	print := findButton(v.results.actions, i18n.T("results.certificates"))
	if print == nil {
		t.Fatal("no children's certificates to print after publication")
	}
	// On a 1024×600 screen the button stays in view and the ranking's
	// right side is never cut off (it scrolls sideways).
	u.win.Resize(fyne.NewSize(1024, 600))
	u.Wait()
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
	u := newTestUI(t)
	ctx := context.Background()
	cs := sqlite.NewContestService(u.db)
	c := openContest(t, cs)
	lib := u.svc.Files
	ref, err := lib.AddFile(ctx, "a.jpg", bytes.NewReader(drawing(t)), alliance.PurposeArtwork)
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
	orgs := sqlite.NewOrganisationService(u.db)
	member := &alliance.Organisation{Name: "Şəki Uşaq Mərkəzi", Kind: alliance.OrgNGO, RegionID: "shaki-zagatala"}
	if err := orgs.CreateOrganisation(ctx, member); err != nil {
		t.Fatal(err)
	}
	if err := u.svc.Settings.SetSetting(ctx, alliance.SettingOrgID, member.ID); err != nil {
		t.Fatal(err)
	}
	u.reloadReference(nil)
	u.Wait()
	u.rebuild()
	u.ShowScreen(ScreenContests)
	u.Wait()
	if findButton(u.contests.pane.Root, i18n.T("contests.new")) != nil {
		t.Fatal("a member laptop offers to create contests")
	}
	u.contests.open(c.ID, 0)
	u.Wait()
	v := u.contests.view
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
	u.Wait()
	shown := labelsIn(v.gallery.grid)
	if strings.Contains(shown, "Quliyeva") || !strings.Contains(shown, "Leyla Q.") {
		t.Fatalf("another organisation's child without publication is shown as:\n%s", shown)
	}
}

// openContest saves a contest of drawings taking entries today.
func openContest(t *testing.T, cs *sqlite.ContestService) *alliance.Contest {
	t.Helper()
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}, Jury: []alliance.Juror{{Name: "X"}}}
	if err := cs.CreateContest(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// submittedEntry saves and submits a complete entry of a child to c.
func submittedEntry(t *testing.T, u *testUI, cs *sqlite.ContestService, c *alliance.Contest, first string) *alliance.Entry {
	t.Helper()
	ctx := context.Background()
	ref, err := u.svc.Files.AddFile(ctx, first+".jpg", bytes.NewReader(drawing(t)), alliance.PurposeArtwork)
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
	u := newTestUI(t)
	ctx := context.Background()
	cs := sqlite.NewContestService(u.db)
	asSecretariat(t, u)
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Jury: []alliance.Juror{{Name: "Aynur"}},
		Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 2}, {Name: "İfadə", Weight: 1}, {Name: "Mövzu", Weight: 1}}}
	if err := cs.CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	first, second := submittedEntry(t, u, cs, c, "Aysel"), submittedEntry(t, u, cs, c, "Nigar")
	u.ShowScreen(ScreenContests)
	u.Wait()
	u.contests.open(c.ID, 2)
	u.Wait()
	j := u.contests.view.judging
	j.juror.SetSelectedIndex(0)
	u.Wait()
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
	u.Wait()
	cr := c.Criteria
	j.marks[cr[0].ID].SetSelected("7") // one criterion only, no Save
	j.comments[cr[0].ID].SetText("rəngli")
	j.list.Select(index(second.ID)) // moves on
	u.Wait()
	j.marks[cr[1].ID].SetSelected("4")
	j.marks[cr[2].ID].SetSelected("9") // two quick ticks
	u.ShowScreen(ScreenActivities)     // and leaves the screen
	u.Wait()
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
	u.ShowScreen(ScreenContests)
	u.Wait()
	u.contests.open(c.ID, 2)
	u.Wait()
	j = u.contests.view.judging
	j.juror.SetSelectedIndex(0)
	u.Wait()
	j.list.Select(index(first.ID))
	u.Wait()
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
	u := newTestUI(t)
	ctx := context.Background()
	cs := sqlite.NewContestService(u.db)
	c := openContest(t, cs)
	orgs := sqlite.NewOrganisationService(u.db)
	sec := &alliance.Organisation{Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true}
	member := &alliance.Organisation{Name: "Quba QHT", Kind: alliance.OrgNGO, RegionID: "guba-khachmaz"}
	for _, o := range []*alliance.Organisation{sec, member} {
		if err := orgs.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	ref, err := u.svc.Files.AddFile(ctx, "a.jpg", bytes.NewReader(drawing(t)), alliance.PurposeArtwork)
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
		laptopOf(t, u, o.ID)
		u.ShowScreen(ScreenContests)
		u.Wait()
		u.contests.open(c.ID, 1)
		u.Wait()
	}

	becomes(sec)
	v := u.contests.view
	noSecret("the gallery", labelsIn(v.gallery.grid))
	v.gallery.openEntry(e.ID)
	u.Wait()
	f := v.gallery.entry
	noSecret("the opened entry", labelsIn(f.scroll))
	if !f.privacy.Visible() || !f.first.Disabled() || findButton(f.buttons, i18n.T("entry.correct")) != nil {
		t.Fatal("another organisation's child is not shown read-only with the privacy note")
	}
	if findButton(f.buttons, i18n.T("entry.shortlist")) == nil {
		t.Fatal("the secretariat cannot shortlist the entry any more")
	}
	sc := &alliance.Score{EntryID: e.ID, JurorID: c.Jury[0].ID, Marks: map[string]int{c.Criteria[0].ID: 8}}
	if err := cs.SaveScore(ctx, sc); err != nil {
		t.Fatal(err)
	}
	if err := cs.PublishResults(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	u.contests.open(c.ID, 3)
	u.Wait()
	r := u.contests.view.results
	noSecret("the results", labelsIn(r.box))
	r.printCertificates()
	u.Wait()
	pdf := filepath.Join(u.info.DataDir, "certificates", kit.SafeFileName(childCertificatesName(c))+".pdf")
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
	u.contests.view.gallery.openEntry(e.ID)
	u.Wait()
	f = u.contests.view.gallery.entry
	if shown := labelsIn(f.scroll); !strings.Contains(shown, "Quliyeva") || !strings.Contains(shown, "Qəçrəş") || f.privacy.Visible() {
		t.Fatalf("the child's own organisation does not see the whole entry:\n%s", shown)
	}
}

// asSecretariat makes the test laptop the secretariat's (not connected).
func asSecretariat(t *testing.T, u *testUI) *alliance.Organisation {
	t.Helper()
	ctx := context.Background()
	sec := &alliance.Organisation{Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true}
	if err := sqlite.NewOrganisationService(u.db).CreateOrganisation(ctx, sec); err != nil {
		t.Fatal(err)
	}
	laptopOf(t, u, sec.ID)
	return sec
}

// laptopOf makes the test laptop one of organisation orgID (not connected).
func laptopOf(t *testing.T, u *testUI, orgID string) {
	t.Helper()
	if err := u.svc.Settings.SetSetting(context.Background(), alliance.SettingOrgID, orgID); err != nil {
		t.Fatal(err)
	}
	u.reloadReference(nil)
	u.Wait()
	u.rebuild()
}

// TestContests_NotConnected: a laptop not connected, with no organisation
// yet, does not offer to create contests (they come from the secretariat).
func TestContests_NotConnected(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen(ScreenContests)
	u.Wait()
	if findButton(u.contests.pane.Root, i18n.T("contests.new")) != nil {
		t.Fatal("a laptop not connected offers to create a contest")
	}
}

// TestEntryForm_WithdrawConsent: the guardian withdraws consent: after a
// confirmation the entry no longer names the child, says so, offers no
// correction, and its drawing leaves this laptop.
func TestEntryForm_WithdrawConsent(t *testing.T) {
	u := newTestUI(t)
	ctx := context.Background()
	cs := sqlite.NewContestService(u.db)
	asSecretariat(t, u)
	c := &alliance.Contest{Title: "Mənim hüquqlarım", Categories: []alliance.Category{alliance.CatDrawing},
		AgeGroups: []alliance.AgeGroup{{Min: 6, Max: 12}}, Opens: alliance.Today().AddDays(-1), Closes: alliance.Today().AddDays(9),
		JudgingEnds: alliance.Today().AddDays(20), Jury: []alliance.Juror{{Name: "Aynur"}}, Criteria: []alliance.Criterion{{Name: "İdeya", Weight: 1}}}
	if err := cs.CreateContest(ctx, c); err != nil {
		t.Fatal(err)
	}
	e := submittedEntry(t, u, cs, c, "Xəyalə")
	u.ShowScreen(ScreenContests)
	u.Wait()
	u.contests.open(c.ID, 1)
	u.Wait()
	u.contests.view.gallery.openEntry(e.ID)
	u.Wait()
	f := u.contests.view.gallery.entry
	b := findButton(f.buttons, i18n.T("entry.withdraw"))
	if b == nil {
		t.Fatal("no way to record a withdrawal")
	}
	test.Tap(b)
	tapDialogButton(t, u.win, i18n.T("entry.withdraw.yes"))
	u.Wait()
	got, err := cs.FindEntryByID(ctx, e.ID)
	if err != nil || !got.IsAnonymised() || got.FirstName != "" {
		t.Fatalf("after the withdrawal: %+v, %v", got, err)
	}
	if u.svc.Files.HasFile(e.Files[0].Hash) {
		t.Fatal("the drawing is still on the laptop")
	}
	f = u.contests.view.gallery.entry
	if !strings.Contains(f.status.Text, i18n.Tf("entry.anonymised.consent_withdrawn", i18n.Args{"Date": i18n.DateTime(got.AnonymisedAt)})) {
		t.Fatalf("the form says %q", f.status.Text)
	}
	if findButton(f.buttons, i18n.T("entry.correct")) != nil || findButton(f.buttons, i18n.T("entry.withdraw")) != nil {
		t.Fatal("an anonymised entry offers a correction or another withdrawal")
	}
}
