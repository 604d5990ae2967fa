package activities

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/sqlite"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// fillValidForm types a complete activity into the open form.
func fillValidForm(t *testing.T, u *testUI, title string) {
	t.Helper()
	f := u.s.form
	f.kind.SetSelectedIndex(slices.Index(kit.KindCodes(), string(alliance.KindTraining)))
	test.Type(f.title, title)
	test.Type(f.start.Entry, "03.03.2025")
	f.region.SetSelectedIndex(u.RegionIndex("shaki-zagatala"))
	test.Type(f.settlement, "Şəki")
	f.areas.Add.SetSelectedIndex(0)
	f.audiences.Add.SetSelectedIndex(1)
	test.Type(f.counts[alliance.FieldGirls], "12")
	test.Type(f.counts[alliance.FieldBoys], "9")
	test.Type(f.counts[alliance.FieldDisabled], "2")
	test.Type(f.desc, "Məktəb müəllimləri üçün iki günlük təlim.")
	if f.recordedBy.Text == "" {
		test.Type(f.recordedBy, "Aynur Məmmədova")
	}
}

func storedActivities(t *testing.T, u *testUI) []alliance.ActivitySummary {
	t.Helper()
	rows, err := sqlite.NewActivityService(u.DB).FindActivities(context.Background(), alliance.ActivityFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestActivityForm_Save(t *testing.T) {
	u := openArea(t, nil)
	if u.s.count != 0 || len(u.s.listArea.Objects) != 1 || u.s.listArea.Objects[0] == fyne.CanvasObject(u.s.list) {
		t.Fatal("an empty log should show the empty state, not an empty list")
	}
	u.s.NewActivity()
	fillValidForm(t, u, "Uşaq hüquqları üzrə təlim")
	if f := u.s.form; f.end.Text() != "03.03.2025" {
		t.Fatalf("end date %q did not follow the start", f.end.Text())
	}
	test.Tap(u.s.form.save)
	u.Wait()

	rows := storedActivities(t, u)
	if len(rows) != 1 || rows[0].Title != "Uşaq hüquqları üzrə təlim" || rows[0].Reached != 21 {
		t.Fatalf("stored %+v", rows)
	}
	if u.s.count != 1 {
		t.Fatalf("list count %d", u.s.count)
	}
	if got := u.s.countLabel.Text; got != "1 fəaliyyət" {
		t.Fatalf("count label %q", got)
	}
	// The list shows the row, and the form now edits the saved record.
	item := renderedRow(t, u, 0)
	if item != "Uşaq hüquqları üzrə təlim" {
		t.Fatalf("list row %q", item)
	}
	f := u.s.form
	if f.editing == nil || f.editing.ID != rows[0].ID || f.dirty() {
		t.Fatalf("after save the form should edit the saved record, clean")
	}
	if !f.banner.Visible() || f.banner.Text != i18n.T("form.saved") {
		t.Fatalf("banner %q", f.banner.Text)
	}
	a, _ := sqlite.NewActivityService(u.DB).FindActivityByID(context.Background(), rows[0].ID)
	if a.Reached.Disabled != 2 || a.Settlement != "Şəki" || len(a.Areas) != 1 || a.Areas[0] != alliance.Areas[0] ||
		len(a.Audiences) != 1 || a.Audiences[0] != alliance.Audiences[1] || a.RecordedBy != "Aynur Məmmədova" {
		t.Fatalf("stored activity %+v", a)
	}
}

// renderedRow returns the title shown in list row i.
func renderedRow(t *testing.T, u *testUI, i int) string {
	t.Helper()
	var title string
	item := u.s.list.CreateItem()
	u.s.list.UpdateItem(i, item)
	title = item.(*fyne.Container).Objects[0].(*widget.Label).Text
	return title
}

func TestActivityForm_SaveAndAddAnother(t *testing.T) {
	u := openArea(t, nil)
	u.s.NewActivity()
	fillValidForm(t, u, "Birinci")
	test.Tap(u.s.form.saveNew)
	u.Wait()
	f := u.s.form
	if f.editing != nil {
		t.Fatal("save and add another should open a new form")
	}
	st := f.state()
	if st.Title != "" || st.Start != "03.03.2025" || st.Region != "shaki-zagatala" || st.Settlement != "Şəki" ||
		st.Kind != string(alliance.KindTraining) || len(st.Areas) != 0 || st.Girls != "" {
		t.Fatalf("kept state %+v", st)
	}
	if u.Window().Canvas().Focused() != f.title {
		t.Fatal("the title should have the focus for the next entry")
	}
	test.Type(f.title, "İkinci")
	f.areas.Add.SetSelectedIndex(2)
	test.Type(f.recordedBy, "")
	f.recordedBy.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter on the last field saves
	u.Wait()
	if rows := storedActivities(t, u); len(rows) != 2 {
		t.Fatalf("%d activities stored, want 2", len(rows))
	}
}

func TestActivityForm_Invalid(t *testing.T) {
	u := openArea(t, nil)
	u.s.NewActivity()
	f := u.s.form
	test.Type(f.start.Entry, "31.02.2025")
	test.Type(f.counts[alliance.FieldGirls], "beş")
	test.Type(f.counts[alliance.FieldBoys], "3")
	test.Type(f.counts[alliance.FieldDisabled], "9")
	test.Type(f.title, "Yarımçıq")
	test.Tap(f.save)
	u.Wait()

	if n := len(storedActivities(t, u)); n != 0 {
		t.Fatalf("%d activities saved from an invalid form", n)
	}
	want := map[string]string{
		alliance.FieldKind:       i18n.T("validation.choose"),
		alliance.FieldStart:      i18n.T("validation.date_format"),
		alliance.FieldRegion:     i18n.T("validation.choose"),
		alliance.FieldAreas:      i18n.T("validation.choose_one_or_more"),
		alliance.FieldGirls:      i18n.T("validation.count_format"),
		alliance.FieldDisabled:   i18n.Tf("validation.disabled_over_total", i18n.Args{"Total": 3}),
		alliance.FieldRecordedBy: i18n.T("validation.required"),
	}
	for field, msg := range want {
		l := f.errs[field]
		if !l.Visible() || l.Text != msg {
			t.Errorf("%s: message %q (visible %v), want %q", field, l.Text, l.Visible(), msg)
		}
	}
	if l := f.errs[alliance.FieldTitle]; l.Visible() {
		t.Errorf("title is fine but shows %q", l.Text)
	}
	if !f.banner.Visible() || f.banner.Text != i18n.T("error.form_invalid") {
		t.Errorf("banner %q", f.banner.Text)
	}
	if f.title.Text != "Yarımçıq" || f.start.Text() != "31.02.2025" {
		t.Error("the form lost what was typed")
	}
	if u.Window().Canvas().Focused() != f.kind {
		t.Errorf("focus on %T, want the first bad field", u.Window().Canvas().Focused())
	}
	// Fixing the fields clears their messages on the next save.
	f.kind.SetSelectedIndex(0)
	test.Tap(f.save)
	u.Wait()
	if f.errs[alliance.FieldKind].Visible() {
		t.Error("kind message stays after fixing it")
	}
}

func TestActivityForm_Edit(t *testing.T) {
	var id string
	u := openArea(t, func(db *sqlite.DB, _ *env.Services) {
		a := uitest.Activity("Köhnə ad")
		if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		id = a.ID
	})
	u.s.list.Select(0)
	u.Wait()
	f := u.s.form
	if f == nil || f.editing == nil || f.editing.ID != id || f.title.Text != "Köhnə ad" {
		t.Fatal("selecting the row should open it in the form")
	}
	if !f.delete.Visible() {
		t.Fatal("editing shows Delete")
	}
	f.title.SetText("Yeni ad")
	test.Tap(f.save)
	u.Wait()
	a, err := sqlite.NewActivityService(u.DB).FindActivityByID(context.Background(), id)
	if err != nil || a.Title != "Yeni ad" {
		t.Fatalf("after edit: %v %v", a, err)
	}
	if renderedRow(t, u, 0) != "Yeni ad" {
		t.Fatal("the list did not refresh")
	}
}

func TestActivitiesScreen_DeleteAndUndo(t *testing.T) {
	u := openArea(t, func(db *sqlite.DB, _ *env.Services) {
		if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), uitest.Activity("Silinəcək")); err != nil {
			t.Fatal(err)
		}
	})
	u.s.list.Select(0)
	u.Wait()
	test.Tap(u.s.form.delete)
	uitest.TapDialogButton(t, u.Window(), i18n.T("confirm.delete.no"))
	u.Wait()
	if len(storedActivities(t, u)) != 1 {
		t.Fatal("'keep it' deleted the activity")
	}
	test.Tap(u.s.form.delete)
	uitest.TapDialogButton(t, u.Window(), i18n.T("confirm.delete.yes"))
	u.Wait()
	if len(storedActivities(t, u)) != 0 || u.s.count != 0 {
		t.Fatal("the activity is still listed after delete")
	}
	if u.s.form != nil {
		t.Fatal("the form of a deleted activity stays open")
	}
	undo := uitest.FindButton(u.s.undoBar, i18n.T("activities.undo"))
	if undo == nil {
		t.Fatal("no undo button after delete")
	}
	test.Tap(undo)
	u.Wait()
	if len(storedActivities(t, u)) != 1 || u.s.count != 1 {
		t.Fatal("undo did not restore the activity")
	}
}

func TestActivityForm_Draft(t *testing.T) {
	dir := t.TempDir()
	u := openAreaIn(t, dir, nil)
	u.s.NewActivity()
	test.Type(u.s.form.title, "Yarımçıq qaralama")
	test.Type(u.s.form.settlement, "Lənkəran")
	u.Wait() // the draft is saved after a pause in typing
	b, err := sqlite.NewSettingsService(u.DB).Draft(context.Background(), "activity:new")
	if err != nil || b == nil {
		t.Fatalf("no draft saved: %v", err)
	}
	// The app is killed here: a new one on the same folder offers the draft.
	u.Close()
	_ = u.DB.Close()
	u2 := openAreaIn(t, dir, nil)
	u2.s.NewActivity()
	u2.Wait()
	f := u2.s.form
	if f.title.Text != "Yarımçıq qaralama" || f.settlement.Text != "Lənkəran" {
		t.Fatalf("draft not restored: %q %q", f.title.Text, f.settlement.Text)
	}
	if !f.banner.Visible() || f.banner.Text != i18n.T("form.draft_restored") {
		t.Fatal("restoring a draft should say so")
	}
	fillValidForm(t, u2, "")
	test.Tap(f.save)
	u2.Wait()
	if b, _ := sqlite.NewSettingsService(u2.DB).Draft(context.Background(), "activity:new"); b != nil {
		t.Fatal("the draft stays after saving")
	}
}

func TestActivitiesScreen_Search(t *testing.T) {
	u := openArea(t, func(db *sqlite.DB, _ *env.Services) {
		s := sqlite.NewActivityService(db)
		for _, title := range []string{"Şəki görüşü", "Quba görüşü", "Şəkidə təlim"} {
			if err := s.CreateActivity(context.Background(), uitest.Activity(title)); err != nil {
				t.Fatal(err)
			}
		}
	})
	if u.s.count != 3 {
		t.Fatalf("count %d", u.s.count)
	}
	test.Type(u.s.search, "seki")
	u.Wait()
	if u.s.count != 2 {
		t.Fatalf("search 'seki' lists %d, want 2", u.s.count)
	}
	u.s.region.SetSelectedIndex(1 + u.RegionIndex("nakhchivan"))
	u.Wait()
	if u.s.count != 0 || uitest.FindButton(u.s.listArea, i18n.T("filter.clear")) == nil {
		t.Fatal("no match should offer to clear the filters")
	}
	u.s.clearFilters()
	u.Wait()
	if u.s.count != 3 || u.s.search.Text != "" {
		t.Fatalf("after clearing: %d", u.s.count)
	}
}

// failingActivities is the real store with one failure injected: saving
// fails as on a full disk.
type failingActivities struct {
	alliance.ActivityService
	err error
}

func (f failingActivities) CreateActivity(ctx context.Context, a *alliance.Activity) error {
	if f.err != nil {
		return f.err
	}
	return f.ActivityService.CreateActivity(ctx, a)
}

func TestActivityForm_DiskFull(t *testing.T) {
	u := openArea(t, nil)
	full := alliance.Keyed(alliance.EDISKFULL, "error.disk_full", nil, "disk full")
	u.Services().Activities = failingActivities{u.Services().Activities, full}
	u.s.NewActivity()
	fillValidForm(t, u, "Saxlanmalı olan təlim")
	test.Tap(u.s.form.save)
	u.Wait()
	f := u.s.form
	if !f.banner.Visible() || f.banner.Text != i18n.T("error.disk_full") {
		t.Fatalf("banner %q", f.banner.Text)
	}
	if f.title.Text != "Saxlanmalı olan təlim" || f.editing != nil || !f.dirty() {
		t.Fatal("the form lost what was typed")
	}
	// Space is freed: the same form saves.
	u.Services().Activities = failingActivities{u.Services().Activities.(failingActivities).ActivityService, nil}
	test.Tap(f.save)
	u.Wait()
	if rows := storedActivities(t, u); len(rows) != 1 || rows[0].Title != "Saxlanmalı olan təlim" {
		t.Fatalf("after freeing space: %+v", rows)
	}
}

// TestActivityForm_ErrorsInView: saving a form scrolled to its end with a
// field missing near its top brings the message into view.
func TestActivityForm_ErrorsInView(t *testing.T) {
	u := openArea(t, nil)
	u.s.NewActivity()
	f := u.s.form
	u.Wait()
	f.scroll.ScrollToBottom()
	bottom := f.scroll.Offset.Y
	if bottom <= 0 {
		t.Fatal("the form does not scroll: the test needs a window smaller than the form")
	}
	test.Tap(f.save) // the title, at the top, is empty
	u.Wait()
	msg := f.errs[alliance.FieldTitle]
	if !msg.Visible() {
		t.Fatal("no message under the title")
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(msg).Y - d.AbsolutePositionForObject(f.scroll.Content).Y
	if y < f.scroll.Offset.Y || y > f.scroll.Offset.Y+f.scroll.Size().Height {
		t.Fatalf("the title's message at %.0f is out of view (%.0f–%.0f)", y, f.scroll.Offset.Y, f.scroll.Offset.Y+f.scroll.Size().Height)
	}
}

// TestActivitiesScreen_SuggestSearch: a search mistyped by a letter finds
// nothing, offers the near word, and finds with it.
func TestActivitiesScreen_SuggestSearch(t *testing.T) {
	u := openArea(t, func(db *sqlite.DB, _ *env.Services) {
		a := uitest.Activity("Müəllimlər üçün təlim")
		if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	})
	test.Type(u.s.search, "muelimler")
	u.s.applyFilters()
	u.Wait()
	if u.s.count != 0 || u.s.suggestBtn == nil {
		t.Fatalf("a mistyped word: %d found, suggestion %v", u.s.count, u.s.suggestBtn)
	}
	test.Tap(u.s.suggestBtn)
	u.Wait()
	if u.s.search.Text != "müəllimlər" || u.s.count != 1 {
		t.Fatalf("after the suggestion: %q finds %d", u.s.search.Text, u.s.count)
	}
	if u.s.suggestBtn != nil {
		t.Fatal("a search that finds still offers a suggestion")
	}
}

// TestActivityForm_CRC: the areas' usual articles are offered in one tap,
// one is taken away and another added from the list; they are stored in
// the Convention's order, shown again when the activity is opened, and a
// button with nothing to add is off.
func TestActivityForm_CRC(t *testing.T) {
	u := openArea(t, nil)
	u.s.NewActivity()
	f := u.s.form
	if !f.crcSuggest.Disabled() {
		t.Fatal("articles offered with no area chosen")
	}
	fillValidForm(t, u, "Zorakılığa qarşı seminar") // area: child rights protection
	if f.crcSuggest.Disabled() {
		t.Fatal("no articles offered for the area chosen")
	}
	test.Tap(f.crcSuggest)
	if got := f.crc.Chosen(); strings.Join(got, ",") != "3,12,19,42" {
		t.Fatalf("suggested %v", got)
	}
	if !f.crcSuggest.Disabled() {
		t.Fatal("the button stays on with nothing left to add")
	}
	f.crc.Toggle("42")
	f.crc.Add.SetSelected(i18n.Article("opsc"))
	if chip := uitest.FindButton(f.scroll, i18n.Article("19")); chip == nil {
		t.Fatalf("no chip %q", i18n.Article("19"))
	}
	test.Tap(f.save)
	u.Wait()
	rows := storedActivities(t, u)
	a, err := sqlite.NewActivityService(u.DB).FindActivityByID(context.Background(), rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(a.CRC); got != "[3 12 19 opsc]" {
		t.Fatalf("stored articles %s", got)
	}
	u.s.closeForm()
	u.s.openActivity(a.ID)
	u.Wait()
	if got := u.s.form.crc.Chosen(); strings.Join(got, ",") != "3,12,19,opsc" || u.s.form.dirty() {
		t.Fatalf("opened again with %v (dirty %v)", got, u.s.form.dirty())
	}
}

// TestActivityForm_Attachments: a photo is taken for one with children
// until said otherwise, a PDF for a report; a film is refused with why and
// nothing added; saved, the files go in the upload queue; unticking the
// children drops the consent; another organisation's activity shows its
// private photo as such, with no way to open it.
func TestActivityForm_Attachments(t *testing.T) {
	fetched := &uitest.Transfers{}
	u := openArea(t, func(_ *sqlite.DB, svc *env.Services) { svc.Transfers = fetched })
	u.s.NewActivity()
	f := u.s.form
	fillValidForm(t, u, "Fotolu görüş")
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewRGBA(image.Rect(0, 0, 64, 48)), nil); err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	f.files.addReader("qrup.jpg", io.NopCloser(bytes.NewReader(jpg.Bytes())))
	u.Wait()
	f.files.addReader("hesabat.pdf", io.NopCloser(bytes.NewReader(pdf)))
	u.Wait()
	f.files.addReader("film.mp4", io.NopCloser(strings.NewReader("\x00\x00\x00\x18ftypmp42")))
	u.Wait()
	if l := f.errs[alliance.FieldAttachments]; !l.Visible() || !strings.Contains(l.Text, "film.mp4") {
		t.Fatalf("a film was not refused with why: %q", l.Text)
	}
	items := f.files.items
	if len(items) != 2 || items[0].Kind != alliance.AttachPhoto || !items[0].Children || items[0].Consent ||
		items[1].Kind != alliance.AttachReport || items[1].Children {
		t.Fatalf("files %+v", items)
	}
	test.Tap(f.save)
	u.Wait()
	rows := storedActivities(t, u)
	a, err := sqlite.NewActivityService(u.DB).FindActivityByID(context.Background(), rows[0].ID)
	if err != nil || len(a.Attachments) != 2 || !a.Attachments[0].Private() {
		t.Fatalf("stored %+v (%v)", a.Attachments, err)
	}
	queue, err := sqlite.NewSyncStore(u.DB).FileTransfers(context.Background())
	if err != nil || len(queue) != 2 || !queue[0].Upload {
		t.Fatalf("upload queue %+v (%v)", queue, err)
	}

	// Untick the children: the consent goes with them.
	f = u.s.form
	f.files.items[0].Consent = true
	f.files.render()
	var children *widget.Check
	uitest.Walk(f.files.box, func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok && c.Text == i18n.T("activity.file_children") {
			children = c
			return true
		}
		return false
	})
	test.Tap(children)
	if at := f.files.items[0]; at.Children || at.Consent || !f.dirty() {
		t.Fatalf("after unticking: %+v, dirty %v", at, f.dirty())
	}

	// Another organisation's activity (as the secretariat sees it), its
	// photo of children not on this laptop: never asked for.
	other := uitest.Activity("Başqasının görüşü")
	other.OrgID = alliance.NewID()
	theirs := a.Attachments[0]
	theirs.Hash = strings.Repeat("cd", 32)
	other.Attachments = []alliance.Attachment{theirs}
	if err := sqlite.NewActivityService(u.DB).CreateActivity(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	u.s.closeForm()
	u.s.openActivity(other.ID)
	u.Wait()
	box := u.s.form.files.box
	if uitest.FindLabel(box, kit.FileDetail(theirs.FileRef)+" · "+i18n.T("activity.file_private")) == nil {
		t.Fatal("another organisation's private photo is not shown as such")
	}
	if st := u.s.form.files.thumbs.Local(theirs.FileRef); st == nil || !st.Missing {
		t.Fatalf("the photo's state %+v", st)
	}
	if fetched.Asked(theirs.Hash) {
		t.Fatal("the private photo was asked of the server")
	}
	var open *widget.Button
	uitest.Walk(box, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && b.Icon == theme.VisibilityIcon() {
			open = b
			return true
		}
		return false
	})
	if open == nil || !open.Disabled() {
		t.Fatal("another organisation's private photo can be opened")
	}
}

// TestActivityForm_Campaigns: an activity is linked to a campaign from the
// list; a link to a campaign this laptop does not hold is shown as such
// and kept through an edit.
func TestActivityForm_Campaigns(t *testing.T) {
	c := &alliance.Campaign{Kind: alliance.KindOfCampaign, Name: "LNCO kampaniyası", Start: alliance.NewDate(2025, 1, 1),
		End: alliance.NewDate(2026, 12, 31)}
	u := openArea(t, func(db *sqlite.DB, _ *env.Services) {
		if err := sqlite.NewCampaignService(db).CreateCampaign(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	})
	u.s.NewActivity()
	f := u.s.form
	fillValidForm(t, u, "Kampaniya tədbiri")
	f.campaigns.Add.SetSelected("LNCO kampaniyası")
	test.Tap(f.save)
	u.Wait()
	acts := sqlite.NewActivityService(u.DB)
	a, err := acts.FindActivityByID(context.Background(), storedActivities(t, u)[0].ID)
	if err != nil || fmt.Sprint(a.Campaigns) != fmt.Sprint([]string{c.ID}) {
		t.Fatalf("stored links %v (%v)", a.Campaigns, err)
	}
	unknown := alliance.NewID()
	a.Campaigns = append(a.Campaigns, unknown)
	if err := acts.UpdateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	u.s.closeForm()
	u.s.openActivity(a.ID)
	u.Wait()
	f = u.s.form
	if uitest.FindButton(f.scroll, i18n.T("campaign.unknown")) == nil {
		t.Fatal("a link to a campaign not here is not shown")
	}
	f.title.SetText("Kampaniya tədbiri (düzəliş)")
	test.Tap(f.save)
	u.Wait()
	a, _ = acts.FindActivityByID(context.Background(), a.ID)
	if len(a.Campaigns) != 2 || a.Campaigns[1] != unknown {
		t.Fatalf("after an edit the links are %v", a.Campaigns)
	}
}

// TestActivityForm_Resources: a resource of the library used, with the
// copies handed out; copies that are no number are said under the field.
func TestActivityForm_Resources(t *testing.T) {
	res := &alliance.Resource{Category: alliance.ResPoster, Year: 2025, Versions: []alliance.ResourceVersion{{Lang: "az",
		Title: "Uşaq hüquqları plakatı", File: alliance.FileRef{Hash: strings.Repeat("a", 64), Name: "plakat.pdf", Type: alliance.TypePDF, Size: 10}}}}
	u := openArea(t, func(db *sqlite.DB, _ *env.Services) {
		if err := sqlite.NewLibraryService(db).CreateResource(context.Background(), res); err != nil {
			t.Fatal(err)
		}
	})
	u.s.NewActivity()
	f := u.s.form
	fillValidForm(t, u, "Plakat paylandı")
	f.resources.add.SetSelected("Uşaq hüquqları plakatı")
	if len(f.resources.rows) != 1 || f.resources.add.Selected != "" {
		t.Fatalf("rows %d, add shows %q", len(f.resources.rows), f.resources.add.Selected)
	}
	test.Type(f.resources.rows[0].copies, "çox")
	test.Tap(f.save)
	u.Wait()
	if l := f.errs[alliance.FieldUses]; !l.Visible() || l.Text != i18n.T("validation.count_format") {
		t.Fatalf("copies that are no number: %q", l.Text)
	}
	// A draft keeps the count as typed, wrong as it is.
	f.setState(f.state())
	if got := f.resources.rows[0].copies.Text; got != "çox" {
		t.Fatalf("the draft's count came back as %q", got)
	}
	f.resources.rows[0].copies.SetText("150")
	test.Tap(f.save)
	u.Wait()
	a, err := sqlite.NewActivityService(u.DB).FindActivityByID(context.Background(), storedActivities(t, u)[0].ID)
	if err != nil || len(a.Resources) != 1 || a.Resources[0] != (alliance.ResourceUse{ResourceID: res.ID, Copies: 150}) {
		t.Fatalf("stored %+v (%v)", a.Resources, err)
	}
	if u.s.form.dirty() {
		t.Fatal("the saved form has changes")
	}
}

// testUI is the Activities screen over a real store, shown as the shell
// shows it.
type testUI struct {
	*uitest.Env
	s *Screen
}

// openArea opens the screen over a store in a new folder that prepare
// (may be nil) fills first.
func openArea(t *testing.T, prepare func(db *sqlite.DB, svc *env.Services)) *testUI {
	t.Helper()
	return openAreaIn(t, t.TempDir(), prepare)
}

// openAreaIn is openArea on the data folder dir.
func openAreaIn(t *testing.T, dir string, prepare func(db *sqlite.DB, svc *env.Services)) *testUI {
	t.Helper()
	e := uitest.OpenIn(t, dir, fyne.NewSize(1366, 768), prepare)
	s := New(e)
	e.ShowScreen(env.ScreenActivities, s.Object())
	s.Reload()
	e.Wait()
	return &testUI{Env: e, s: s}
}

// TestActivityForm_History: a saved activity's form has History, which
// shows its changes; a new one's has none to show.
func TestActivityForm_History(t *testing.T) {
	u := openArea(t, func(db *sqlite.DB, _ *env.Services) {
		a := uitest.Activity("Görüş")
		acts := sqlite.NewActivityService(db)
		if err := acts.CreateActivity(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		a.Title = "Valideynlərlə görüş"
		if err := acts.UpdateActivity(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	})
	u.s.NewActivity()
	u.Wait()
	if u.s.form.history.Visible() {
		t.Fatal("a new activity offers its history")
	}
	u.s.list.Select(0)
	u.Wait()
	f := u.s.form
	if f == nil || !f.history.Visible() {
		t.Fatal("no History button on a saved activity")
	}
	test.Tap(f.history)
	u.Wait()
	want := i18n.Tf("history.field", i18n.Args{"Field": i18n.T("field.title"), "From": "«Görüş»", "To": "«Valideynlərlə görüş»"})
	if uitest.FindLabel(uitest.DialogOf(t, u.Window()), want) == nil {
		t.Fatalf("the history lacks %q", want)
	}
}
