package syncing

import (
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/ui/env"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// bundlesPanel is the Sync screen's part for working without a
// connection: the laptop's changes saved to a file for the secretariat,
// the file it sends back opened, and colleagues' files carried.
type bundlesPanel struct {
	u         env.Env
	withFiles *widget.Check
	result    *widget.Label
	carried   *fyne.Container
	box       *fyne.Container
}

func newBundlesPanel(u env.Env) *bundlesPanel {
	p := &bundlesPanel{u: u}
	p.withFiles = widget.NewCheck(i18n.T("bundle.with_files"), nil)
	p.result = kit.Wrapped("")
	p.result.Hide()
	save := widget.NewButtonWithIcon(i18n.T("bundle.save"), theme.DocumentSaveIcon(), p.save)
	open := widget.NewButtonWithIcon(i18n.T("bundle.open"), theme.FolderOpenIcon(), p.open)
	carry := widget.NewButtonWithIcon(i18n.T("bundle.carry"), theme.ContentAddIcon(), p.carry)
	p.carried = container.NewVBox()
	bold := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.box = container.NewVBox(widget.NewSeparator(),
		bold("bundle.title"), kit.Wrapped(i18n.T("bundle.intro")), p.withFiles, kit.Flow(save, open), p.result,
		bold("bundle.relay_title"), kit.Wrapped(i18n.T("bundle.relay_intro")), kit.Flow(carry), p.carried)
	p.reload()
	return p
}

func (p *bundlesPanel) object() fyne.CanvasObject { return p.box }

// say shows what the last step did (an error in red).
func (p *bundlesPanel) say(text string, err error) {
	p.result.Importance = widget.MediumImportance
	if err != nil {
		text, p.result.Importance = i18n.Error(err), widget.DangerImportance
	}
	p.result.SetText(text)
	p.result.Show()
}

// saveAs asks where to save a file named name and hands the path to
// then (which writes it); trouble with the dialog is said.
func (p *bundlesPanel) saveAs(name string, then func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			if err != nil {
				p.say("", err)
			}
			return
		}
		path := w.URI().Path()
		w.Close()
		then(path)
	}, p.u.Window())
	d.SetFileName(name)
	kit.ShowFileDialog(d, p.u.Window(), "file.save_title")
}

// save asks where, then writes the bundle there.
func (p *bundlesPanel) save() {
	p.saveAs(kit.SafeFileName(i18n.T("bundle.file_name")+" "+time.Now().Format("2006-01-02"))+".alliance-bundle", p.saveTo)
}

// saveTo writes the bundle to path (beside it first, then renamed).
func (p *bundlesPanel) saveTo(path string) {
	with := p.withFiles.Checked
	var changes, files int
	p.u.Background(func(ctx context.Context) error {
		return safefile.Write(path, func(out io.Writer) (err error) {
			changes, files, err = p.u.Services().Bundles.SaveBundle(ctx, out, with)
			return err
		})
	}, func(err error) {
		p.say(i18n.Tf("bundle.saved", i18n.Args{"Changes": i18n.Number(changes), "Files": i18n.Number(files), "Path": path}), err)
	})
}

// chooseFile asks for a file and hands its path to then.
func (p *bundlesPanel) chooseFile(then func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			if err != nil {
				p.say("", err)
			}
			return
		}
		path := rc.URI().Path()
		rc.Close()
		then(path)
	}, p.u.Window())
	kit.ShowFileDialog(d, p.u.Window(), "file.open_title")
}

// withFile runs use on the file at path off the UI goroutine.
func (p *bundlesPanel) withFile(path string, use func(ctx context.Context, r io.Reader) error, done func(err error)) {
	p.u.Background(func(ctx context.Context) error {
		f, err := os.Open(path)
		if err != nil {
			return alliance.Keyed(alliance.EUNAVAILABLE, "error.file_unreadable", nil, "read %s: %v", path, err)
		}
		defer f.Close()
		return use(ctx, f)
	}, done)
}

// open takes the secretariat's reply.
func (p *bundlesPanel) open() { p.chooseFile(p.openPath) }

func (p *bundlesPanel) openPath(path string) {
	var rep alliance.BundleReply
	p.withFile(path, func(ctx context.Context, r io.Reader) (err error) {
		rep, err = p.u.Services().Bundles.OpenReply(ctx, r)
		return err
	}, func(err error) {
		text := i18n.Tf("bundle.opened", i18n.Args{"Records": i18n.Number(rep.Records), "Files": i18n.Number(rep.Files)})
		if rep.Stale {
			text = i18n.T("bundle.stale")
		}
		if rep.More {
			text += "\n" + i18n.T("bundle.more")
		}
		if rep.Stopped != "" {
			text += "\n" + i18n.Tf("bundle.stopped", i18n.Args{"Why": rep.Stopped})
		}
		p.say(text, err)
	})
}

// carry takes a colleague's bundle.
func (p *bundlesPanel) carry() { p.chooseFile(p.carryPath) }

func (p *bundlesPanel) carryPath(path string) {
	p.withFile(path, func(_ context.Context, r io.Reader) error {
		return p.u.Services().Bundles.Carry(filepath.Base(path), r)
	}, func(err error) {
		p.say(i18n.T("bundle.carried"), err)
		p.reload()
	})
}

// reload lists the colleagues' files carried and their replies (read
// off the UI goroutine: they are files in the data folder).
func (p *bundlesPanel) reload() {
	var out, replies []string
	var refused map[string]string
	p.u.Background(func(context.Context) error {
		out, replies, refused = p.u.Services().Bundles.Carried()
		return nil
	}, func(error) { p.show(out, replies, refused) })
}

// show lists what reload read.
func (p *bundlesPanel) show(out, replies []string, refused map[string]string) {
	p.carried.RemoveAll()
	if len(out) > 0 {
		p.carried.Add(kit.Wrapped(i18n.N("bundle.waiting", len(out), nil)))
	}
	for _, name := range replies {
		give := widget.NewButtonWithIcon(i18n.T("bundle.give"), theme.DocumentSaveIcon(), func() { p.give(name) })
		give.Importance = widget.LowImportance
		label := strings.TrimSuffix(name, ".alliance-reply")
		p.carried.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.MailReplyIcon()), give,
			kit.Wrapped(i18n.Tf("bundle.reply_for", i18n.Args{"Name": label}))))
	}
	for _, name := range slices.Sorted(maps.Keys(refused)) {
		l := kit.Wrapped(i18n.Tf("bundle.refused", i18n.Args{"Name": name, "Why": refused[name]}))
		l.Importance = widget.DangerImportance
		p.carried.Add(l)
	}
	p.box.Refresh() // the list changes the panel's height
}

// give saves a colleague's reply where they can take it (a USB stick).
func (p *bundlesPanel) give(name string) {
	p.saveAs(name, func(path string) { p.giveTo(name, path) })
}

// giveTo writes a colleague's reply to path, then forgets it.
func (p *bundlesPanel) giveTo(name, path string) {
	p.u.Background(func(context.Context) error {
		if err := safefile.Write(path, func(out io.Writer) error { return p.u.Services().Bundles.CopyReply(name, out) }); err != nil {
			return err
		}
		return p.u.Services().Bundles.DropReply(name)
	}, func(err error) {
		p.say(i18n.Tf("bundle.given", i18n.Args{"Path": path}), err)
		p.reload()
	})
}
