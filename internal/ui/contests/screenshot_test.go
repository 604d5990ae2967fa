package contests

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/uitest"
)

// TestScreenshots renders the Contests screen over the demo data in every
// language at both sizes (make screenshots): first as the member laptop
// the demo makes (the list, the gallery, an entry, its errors), then as
// the secretariat's (the contest's form, the jury's view, the results).
func TestScreenshots(t *testing.T) {
	uitest.Shots(t, func(sh *uitest.Shooter) {
		te := sh.OpenDemo(nil)
		show := func() *Screen {
			s := New(te)
			te.ShowScreen(env.ScreenContests, s.Object())
			s.Reload()
			te.Wait()
			return s
		}
		s := show()
		sh.Shoot(te, "12-contests")
		s.pane.List.Select(0) // this year's: open, being judged
		te.Wait()
		sh.Shoot(te, "30-contest-gallery")
		g := s.view.gallery
		for _, e := range g.entries {
			if e.State == alliance.StateSubmitted {
				g.openEntry(e.ID)
				break
			}
		}
		te.Wait()
		sh.Shoot(te, "31-entry")
		g.entry.scroll.ScrollToOffset(fyne.NewPos(0, 560))
		sh.Shoot(te, "32-entry-consent")
		g.back()
		g.showEntry(nil)
		test.Tap(uitest.FindButton(g.entry.buttons, i18n.T("entry.submit")))
		te.Wait()
		sh.Shoot(te, "33-entry-errors")
		g.entry.initial = g.entry.snapshot()
		g.back()
		te.Wait()

		for _, o := range te.Organisations() {
			if o.Secretariat {
				te.LaptopOf(sh.T, o.ID)
			}
		}
		s = show()
		s.pane.List.Select(0)
		te.Wait()
		v := s.view
		v.tabs.SelectIndex(0)
		sh.Shoot(te, "34-contest-form")
		v.tabs.SelectIndex(2)
		te.Wait()
		v.judging.juror.SetSelectedIndex(0)
		te.Wait()
		v.judging.list.Select(0)
		te.Wait()
		sh.Shoot(te, "35-judging")
		v.tabs.SelectIndex(3)
		te.Wait()
		sh.Shoot(te, "36-results-ranking")
		s.pane.List.Select(1) // last year's: published
		te.Wait()
		s.view.tabs.SelectIndex(3)
		te.Wait()
		sh.Shoot(te, "37-results-published")
	})
}
