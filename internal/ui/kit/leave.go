package kit

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// ConfirmLeave calls then(true) at once when nothing would be lost;
// otherwise it asks whether to discard the unsaved changes.
func ConfirmLeave(w fyne.Window, dirty bool, then func(ok bool)) {
	if !dirty {
		then(true)
		return
	}
	Confirm(w, i18n.T("confirm.discard.title"), i18n.T("confirm.discard.body"),
		i18n.T("confirm.discard.discard"), i18n.T("confirm.discard.keep"), then)
}

// Say shows msg in l, which is hidden while it has nothing to say.
func Say(l *widget.Label, msg string) {
	l.SetText(msg)
	l.Hidden = msg == ""
	l.Refresh()
}

// Submission is a form's saving: its messages, its Save button, and
// whether a save is under way (a second tap does nothing then).
type Submission struct {
	Errs *FormErrors
	Save *widget.Button
	busy bool
}

// Submit shows errs under their fields when there are any; otherwise it
// runs save through background (off the UI goroutine) with Save off, then
// shows the store's refusal under the fields, or calls done.
func (s *Submission) Submit(background func(work func(ctx context.Context) error, done func(err error)),
	errs []alliance.FieldError, save func(ctx context.Context) error, done func()) {
	if s.busy {
		return
	}
	if len(errs) > 0 {
		s.Errs.Show(errs)
		return
	}
	s.busy = true
	s.Save.Disable()
	background(save, func(err error) {
		s.busy = false
		s.Save.Enable()
		if err != nil {
			s.Errs.ShowErr(err)
			return
		}
		done()
	})
}
