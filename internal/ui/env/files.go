package env

import (
	"context"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/osprint"
)

// OpenFile opens a file of the store in the system's viewer (a film plays
// there) off the UI goroutine, or says it is not on this laptop yet.
func OpenFile(e Env, ref alliance.FileRef) {
	e.Background(func(ctx context.Context) error {
		files := e.Services().Files
		if !files.HasFile(ref.Hash) {
			return alliance.Keyed(alliance.ENOTFOUND, "error.file_missing", nil, "no file %s", ref.Hash)
		}
		path, err := files.ClearCopy(ctx, ref.Hash, ref.Name)
		if err != nil {
			return err
		}
		return osprint.Open(ctx, path)
	}, func(err error) {
		if err != nil {
			e.ShowError(err)
		}
	})
}
