package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// TestDB_Backup: a laptop's backup holds its records and the files they
// name (a drawing waiting to be sent); restored, it is a new device with
// both; a damaged backup is refused.
func TestDB_Backup(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if err := sqlite.NewActivityService(db).CreateActivity(ctx, newActivity()); err != nil {
		t.Fatal(err)
	}
	files, err := filestore.Open(filepath.Join(db.Dir, sqlite.FilesDir))
	if err != nil {
		t.Fatal(err)
	}
	drawing := bytes.Repeat([]byte("rəsm "), 3000)
	hash, _, _, err := files.Put(bytes.NewReader(drawing), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewSyncStore(db).SaveTransfer(ctx, alliance.FileTransfer{Hash: hash, Name: "rəsm.jpg", Upload: true,
		Size: int64(len(drawing)), State: alliance.TransferWaiting}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup")
	m, err := db.Backup(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Files != 1 || m.Bytes != int64(len(drawing)) {
		t.Fatalf("the backup holds %d files, %d bytes", m.Files, m.Bytes)
	}

	// A byte changed in the drawing: refused, nothing written.
	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.CopyFS(bad, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(bad, "files", hash[:2], hash)
	b, _ := os.ReadFile(p)
	b[7] ^= 1
	_ = os.Chmod(p, 0o600)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.RestoreBackup(ctx, bad, filepath.Join(t.TempDir(), "x")); err == nil {
		t.Fatal("a damaged backup was restored")
	}

	dir := filepath.Join(t.TempDir(), "restored")
	if _, err := sqlite.RestoreBackup(ctx, out, dir); err != nil {
		t.Fatal(err)
	}
	r := MustOpenDBAt(t, dir, nil)
	if r.DeviceID == db.DeviceID {
		t.Fatal("the restored laptop has the old device id")
	}
	if n, err := sqlite.NewActivityService(r).CountActivities(ctx, alliance.ActivityFilter{}); err != nil || n != 1 {
		t.Fatalf("restored: %d activities (%v)", n, err)
	}
	got, err := filestore.Open(filepath.Join(dir, sqlite.FilesDir))
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Verify(hash); err != nil {
		t.Fatalf("the drawing: %v", err)
	}
}
