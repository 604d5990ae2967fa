package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestDB_BackupBeforeMigration: opening a file of an older schema copies it
// aside first, as it was; the newest three copies are kept.
func TestDB_BackupBeforeMigration(t *testing.T) {
	dir := t.TempDir()
	db := MustOpenDBAt(t, dir, nil)
	if err := sqlite.NewActivityService(db).CreateActivity(context.Background(), newActivity()); err != nil {
		t.Fatal(err)
	}
	path := db.Path
	db.Close()
	latest := sqlite.SchemaVersion()
	if latest != 18 {
		t.Fatalf("schema %d: make older() below undo the newest migration", latest)
	}
	older := func() {
		t.Helper()
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, q := range []string{`ALTER TABLE activities DROP COLUMN resources`, `DELETE FROM schema_migrations WHERE version = 18`} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	for i := range 4 {
		older()
		db, err := sqlite.Open(dir, func() time.Time { return time.Date(2026, 11, 30, 10, i, 0, 0, time.UTC) })
		if err != nil {
			t.Fatal(err)
		}
		if v := sqlite.CurrentVersion(t, db); v != latest {
			t.Fatalf("version %d after opening, want %d", v, latest)
		}
		db.Close()
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "backups", "before-schema-018-*.db"))
	if len(kept) != 3 || !strings.HasSuffix(kept[2], "20261130-100300.db") {
		t.Fatalf("kept %v", kept)
	}
	raw, err := sql.Open("sqlite", "file:"+kept[2]+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v, n int
	if err := raw.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil || v != latest-1 {
		t.Fatalf("the copy is at version %d (%v), want %d", v, err, latest-1)
	}
	if err := raw.QueryRow(`SELECT COUNT(*) FROM activities`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the copy holds %d activities (%v)", n, err)
	}
}

// TestDB_PrepareRestore: a backup is restored from the app only on a new
// installation; marked, it is restored at the next start, the empty
// database put aside; a mark to a backup damaged meanwhile leaves the
// installation as it was.
func TestDB_PrepareRestore(t *testing.T) {
	ctx := context.Background()
	old := MustOpenDB(t)
	if err := sqlite.NewActivityService(old).CreateActivity(ctx, newActivity()); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup")
	if _, err := old.Backup(ctx, out, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := old.PrepareRestore(ctx, out); alliance.ErrorCode(err) != alliance.EINVALID {
		t.Fatalf("a laptop with records took a restore: %v", err)
	}

	dir := t.TempDir()
	fresh, err := sqlite.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.PrepareRestore(ctx, t.TempDir()); err == nil {
		t.Fatal("an empty folder was taken for a backup")
	}
	if _, err := fresh.PrepareRestore(ctx, out); err != nil {
		t.Fatal(err)
	}
	if !sqlite.RestorePending(dir) {
		t.Fatal("no restore marked")
	}
	fresh.Close()
	due, m, err := sqlite.FinishRestore(ctx, dir)
	if !due || err != nil || m == nil {
		t.Fatalf("finish: due %v, %v", due, err)
	}
	if sqlite.RestorePending(dir) {
		t.Fatal("the mark stayed")
	}
	db := MustOpenDBAt(t, dir, nil)
	if n, _ := sqlite.NewActivityService(db).CountActivities(ctx, alliance.ActivityFilter{}); n != 1 {
		t.Fatalf("restored %d activities", n)
	}
	db.Close()
	if due, _, _ := sqlite.FinishRestore(ctx, dir); due {
		t.Fatal("a restore was due twice")
	}

	// Marked, then the backup damaged before the restart.
	dir2 := t.TempDir()
	fresh2, err := sqlite.Open(dir2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh2.PrepareRestore(ctx, out); err != nil {
		t.Fatal(err)
	}
	fresh2.Close()
	if err := os.Remove(filepath.Join(out, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	if due, _, err := sqlite.FinishRestore(ctx, dir2); !due || err == nil {
		t.Fatalf("a damaged backup: due %v, %v", due, err)
	}
	if _, err := os.Stat(filepath.Join(dir2, sqlite.DBFile)); err != nil {
		t.Fatalf("the installation's database was not put back: %v", err)
	}
	MustOpenDBAt(t, dir2, nil)
}
