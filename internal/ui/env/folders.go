package env

import (
	"context"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/ui/kit"
)

// ChooseFolder asks for a folder in a dialog titled by titleKey and hands
// its path to then; trouble opening it is shown, a cancel does nothing.
func ChooseFolder(e Env, titleKey string, then func(path string)) {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			e.ShowError(err)
			return
		}
		if dir != nil {
			then(dir.Path())
		}
	}, e.Window())
	kit.ShowFileDialog(d, e.Window(), titleKey)
}

// CertificateFile writes a PDF as <data>/certificates/<name>.pdf, for the
// system's viewer or printer to open.
func CertificateFile(e Env, name string, pdf []byte) (string, error) {
	dir := filepath.Join(e.Info().DataDir, "certificates")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", alliance.OSError(err, dir)
	}
	path := filepath.Join(dir, kit.SafeFileName(name)+".pdf")
	if err := safefile.WriteBytes(path, pdf); err != nil {
		return "", err
	}
	return path, nil
}

// RefreshTransfers has the file queue read again (off the UI goroutine):
// files named by records saved since the last pass join it.
func RefreshTransfers(e Env) {
	if t := e.Services().Transfers; t != nil {
		e.Background(func(ctx context.Context) error { return t.Refresh(ctx) }, nil)
	}
}

// SyncStatus calls show (on the UI goroutine) with the sync's status; with
// no syncer, it reads the pending count from the outbox first.
func SyncStatus(e Env, show func(alliance.SyncStatus)) {
	svc := e.Services()
	if svc.Sync != nil {
		show(svc.Sync.Status())
		return
	}
	var n int
	e.Background(func(ctx context.Context) (err error) {
		n, err = svc.Outbox.PendingChanges(ctx)
		return err
	}, func(err error) {
		show(alliance.SyncStatus{State: alliance.SyncNotEnrolled, Pending: n, Err: err})
	})
}
