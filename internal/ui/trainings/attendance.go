package trainings

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// attendanceTab is the participants × sessions grid: a check per person
// and session (Tab moves along, Space ticks), hours and completion per
// person, presence per session, totals by gender and role.
type attendanceTab struct {
	v       *trainingView
	content *fyne.Container
	summary *widget.Label
	roles   *widget.Label
	present []*widget.Label // under each session, how many attended it
}

func newAttendanceTab(v *trainingView) *attendanceTab {
	a := &attendanceTab{v: v, content: container.NewStack(), summary: widget.NewLabel(""), roles: kit.Wrapped("")}
	a.summary.TextStyle.Bold = true
	return a
}

func (a *attendanceTab) object() fyne.CanvasObject {
	return container.NewBorder(container.NewPadded(container.NewVBox(a.summary, a.roles)), nil, nil, nil, a.content)
}

// render draws the grid from the view's participants.
func (a *attendanceTab) render() {
	t, ps := a.v.training, a.v.participants
	if t == nil || len(ps) == 0 || len(t.Sessions) == 0 {
		a.content.Objects = []fyne.CanvasObject{container.NewPadded(kit.Wrapped(i18n.T("attendance.empty")))}
		a.content.Refresh()
		a.summary.SetText("")
		a.roles.SetText("")
		return
	}
	cells := []fyne.CanvasObject{widget.NewLabelWithStyle(i18n.T("attendance.participant"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	for _, s := range t.Sessions {
		day := fmt.Sprintf("%02d.%02d", s.Date.Day, int(s.Date.Month))
		head := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
			widget.NewLabelWithStyle(day, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle(i18n.Tf("attendance.session_hours", i18n.Args{"Hours": i18n.Decimal(s.Hours)}), fyne.TextAlignCenter, fyne.TextStyle{Italic: true}))
		cells = append(cells, head)
	}
	cells = append(cells, widget.NewLabel(""), widget.NewLabel(""))
	present := make([]int, len(t.Sessions))
	for i := range ps {
		p := &ps[i]
		name := widget.NewLabel(p.FullName)
		name.Truncation = fyne.TextTruncateEllipsis
		cells = append(cells, name)
		hours := widget.NewLabel("")
		done := widget.NewLabel("")
		update := func() {
			hours.SetText(i18n.Tf("attendance.hours", i18n.Args{"Attended": i18n.Decimal(p.AttendedHours(t)), "Total": i18n.Decimal(t.TotalHours())}))
			if p.Completed(t) {
				done.SetText(i18n.T("attendance.completed"))
				done.Importance = widget.SuccessImportance
			} else {
				done.SetText(i18n.T("attendance.not_completed"))
				done.Importance = widget.MediumImportance
			}
			done.Refresh()
		}
		for j, s := range t.Sessions {
			sessionID := s.ID
			check := widget.NewCheck("", nil)
			check.SetChecked(contains(p.Attended, sessionID))
			if check.Checked {
				present[j]++
			}
			check.OnChanged = func(on bool) {
				a.mark(p, sessionID, on, update)
			}
			cells = append(cells, container.NewCenter(check))
		}
		update()
		cells = append(cells, hours, done)
	}
	cells = append(cells, widget.NewLabelWithStyle(i18n.T("attendance.present_row"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	a.present = a.present[:0]
	for _, n := range present {
		l := widget.NewLabelWithStyle(fmt.Sprint(n), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
		a.present = append(a.present, l)
		cells = append(cells, l)
	}
	cells = append(cells, widget.NewLabel(""), widget.NewLabel(""))
	widths := []float32{220}
	for range t.Sessions {
		widths = append(widths, 64)
	}
	widths = append(widths, 130, 120)
	a.content.Objects = []fyne.CanvasObject{container.NewScroll(container.NewPadded(container.New(kit.NewColumnsLayout(widths), cells...)))}
	a.content.Refresh()
	a.totals()
}

// mark saves one tick off the UI goroutine and updates the person's line.
func (a *attendanceTab) mark(p *alliance.Participant, sessionID string, on bool, update func()) {
	u := a.v.s.u
	if on && !contains(p.Attended, sessionID) {
		p.Attended = append(p.Attended, sessionID)
	} else if !on {
		p.Attended = remove(p.Attended, sessionID)
	}
	update()
	a.totals()
	a.countPresent()
	u.Background(func(ctx context.Context) error {
		return u.Services().Trainings.SetAttendance(ctx, p.ID, sessionID, on)
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			a.v.reload() // show what is stored
		}
	})
}

// countPresent puts under each session how many attended it, as ticked.
func (a *attendanceTab) countPresent() {
	t, ps := a.v.training, a.v.participants
	for j, s := range t.Sessions {
		if j >= len(a.present) {
			return
		}
		n := 0
		for i := range ps {
			if contains(ps[i].Attended, s.ID) {
				n++
			}
		}
		a.present[j].SetText(fmt.Sprint(n))
	}
}

// totals sums up completion by gender and by role.
func (a *attendanceTab) totals() {
	t, ps := a.v.training, a.v.participants
	done, f, m := 0, 0, 0
	byRole := map[alliance.Role]int{}
	for i := range ps {
		if !ps[i].Completed(t) {
			continue
		}
		done++
		if ps[i].Gender == alliance.Female {
			f++
		} else {
			m++
		}
		byRole[ps[i].Role]++
	}
	var roles []string
	for _, r := range alliance.Roles {
		if n := byRole[r]; n > 0 {
			roles = append(roles, fmt.Sprintf("%s %d", i18n.T("role."+string(r)), n))
		}
	}
	a.summary.SetText(i18n.Tf("attendance.totals", i18n.Args{"Done": done, "All": len(ps)}) + " · " +
		i18n.Tf("attendance.by_gender", i18n.Args{"F": f, "M": m}))
	if len(roles) > 0 {
		a.roles.SetText(i18n.Tf("attendance.by_role", i18n.Args{"List": strings.Join(roles, ", ")}))
	} else {
		a.roles.SetText("")
	}
}

func contains(list []string, x string) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

func remove(list []string, x string) []string {
	out := list[:0:0]
	for _, y := range list {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}
