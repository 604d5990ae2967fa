package activities

import (
	"bytes"
	"image/jpeg"
	"io"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestScreenshots renders the Activities screen over the demo data in
// every language at both sizes (make screenshots): the list, a search with
// a letter missing, an activity, its articles, files and history, a new
// one, its errors, its lower part, the calendar, a delete and its undo.
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		e := sh.OpenDemo(nil)
		s := New(e)
		e.ShowScreen(env.ScreenActivities, s.Object())
		s.Reload()
		sh.Shoot(e, "02-activities-list")
		s.search.SetText("usaq huquqlari konvensyasi") // a letter missing
		s.applyFilters()
		sh.Shoot(e, "02b-activities-did-you-mean")
		s.clearFilters()
		e.Wait()
		s.list.Select(0)
		sh.Shoot(e, "03-activity-edit")
		f := s.form
		f.scroll.ScrollToOffset(fyne.NewPos(0, 440))
		test.Tap(f.crcSuggest)
		f.crc.Add.SetSelected(i18n.Article("2"))
		sh.Shoot(e, "03c-activity-crc")
		f.crc.SetChosen(nil) // as it was: nothing to discard
		var jpg bytes.Buffer
		if err := jpeg.Encode(&jpg, uitest.Picture(320, 240), nil); err != nil {
			t.Fatal(err)
		}
		f.files.addReader("qrup-şəkli.jpg", io.NopCloser(bytes.NewReader(jpg.Bytes())))
		f.files.addReader("iştirak-vərəqi.pdf", io.NopCloser(strings.NewReader("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")))
		e.Wait()
		f.scroll.ScrollToBottom()
		sh.Shoot(e, "03d-activity-files")
		f.files.set(nil) // as it was
		f.scroll.ScrollToTop()
		test.Tap(f.history)
		sh.Shoot(e, "03b-activity-history")
		uitest.TapDialogButton(sh.T, e.Window(), i18n.T("dialog.close"))
		s.NewActivity()
		sh.Shoot(e, "04-activity-new")
		f = s.form
		test.Type(f.start.Entry, "31.02.2025")
		test.Type(f.counts["girls"], "beş")
		f.recordedBy.SetText("")
		test.Tap(f.save)
		sh.Shoot(e, "05-activity-errors")
		f.areas.SetChosen([]string{"disabilities", "exploitation", "participation"})
		f.scroll.ScrollToOffset(fyne.NewPos(0, 420))
		sh.Shoot(e, "06-activity-form-lower")
		f.scroll.ScrollToBottom()
		sh.Shoot(e, "06b-activity-form-end")
		f.scroll.ScrollToOffset(fyne.NewPos(0, 420))
		test.Tap(f.start.Button)
		sh.Shoot(e, "07-calendar")
		f.start.Popup.Hide()
		s.closeForm()
		s.list.Select(1)
		e.Wait()
		test.Tap(s.form.delete)
		sh.Shoot(e, "14-delete-confirm")
		uitest.TapDialogButton(sh.T, e.Window(), i18n.T("confirm.delete.yes"))
		sh.Shoot(e, "15-deleted-undo")
	})
}
