package syncserver_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/filestore"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// TestBackup_Restore: a backup holds the database and the files its
// records name (one not yet sent by the laptop is listed as missing); a
// restore checks it all, refuses a damaged backup or a folder with server
// data, and makes a server that serves every record and file with a new
// epoch.
func TestBackup_Restore(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	b := w.base() // an entry naming hashA, never uploaded
	drawing := bytes.Repeat([]byte("rəsm "), 4000)
	blobs, err := filestore.Open(filepath.Join(w.dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	hash, _, _, err := blobs.Put(bytes.NewReader(drawing), 0)
	if err != nil {
		t.Fatal(err)
	}
	e := validEntry(w.orgA, b.contest, alliance.StateSubmitted)
	e.Code = "X2PL-9QWE"
	e.Files = []alliance.FileRef{{Hash: hash, Name: "rəsm.jpg", Type: alliance.TypeJPEG, Size: int64(len(drawing))}}
	second := alliance.NewID()
	if aside := b.memA.mustPush(b.memA.change(syncproto.EntityEntry, second, w.orgA, fieldsOf(t, e), nil)); len(aside) > 0 {
		t.Fatalf("entry: %v", aside)
	}
	records := w.records(t)
	_, before := b.memA.pullEpoch(0)

	out := filepath.Join(t.TempDir(), "backup")
	m, err := syncserver.Backup(ctx, w.dir, out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Files != 1 || m.Bytes != int64(len(drawing)) || len(m.Missing) != 1 || m.Missing[0] != hashA {
		t.Fatalf("manifest: %d files, %d bytes, missing %v", m.Files, m.Bytes, m.Missing)
	}
	if _, err := syncserver.Backup(ctx, w.dir, out); err == nil {
		t.Fatal("a backup into a folder holding one succeeded")
	}

	// Damaged backups are refused, and leave no server behind.
	damage := func(name string, change func(path string)) {
		t.Helper()
		bad := filepath.Join(t.TempDir(), "bad")
		if err := os.CopyFS(bad, os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
		change(bad)
		dir := filepath.Join(t.TempDir(), "server")
		if _, err := syncserver.Restore(ctx, bad, dir); err == nil {
			t.Fatalf("%s: restored", name)
		}
		if _, err := os.Stat(filepath.Join(dir, syncserver.DBFile)); err == nil {
			t.Fatalf("%s: a refused restore left a database", name)
		}
	}
	damage("a changed byte of the database", func(p string) { flip(t, filepath.Join(p, syncserver.DBFile), 5000) })
	damage("a changed byte of a file", func(p string) { flip(t, filepath.Join(p, "files", hash[:2], hash), 10) })
	damage("a file gone", func(p string) { _ = os.Remove(filepath.Join(p, "files", hash[:2], hash)) })
	damage("no manifest", func(p string) { _ = os.Remove(filepath.Join(p, "manifest.json")) })
	if _, err := syncserver.Restore(ctx, out, w.dir); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Fatalf("a restore over the running server's data: %v", err)
	}

	dir := filepath.Join(t.TempDir(), "restored")
	if _, err := syncserver.Restore(ctx, out, dir); err != nil {
		t.Fatal(err)
	}
	w.run.Stop()
	w.store.Close()
	s, err := syncserver.OpenStore(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.store = s
	if w.run, err = syncserver.Start(s, w.run.Addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() }) // after the world's cleanup stops the server
	if got := w.records(t); got != records {
		t.Fatalf("the restored server holds %d records, the backed up one %d", got, records)
	}
	got, err := filestore.Open(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Verify(hash); err != nil {
		t.Fatalf("the drawing on the restored server: %v", err)
	}
	// The laptop's token still works, and the answers carry a new epoch.
	recs, after := b.memA.pullEpoch(0)
	if len(recs) == 0 || after == "" || after == before {
		t.Fatalf("after the restore: %d records, epoch %q (before %q)", len(recs), after, before)
	}
}

// records counts the records the server holds.
func (w *world) records(t *testing.T) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+w.store.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM records`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// flip changes the byte at off of the file at path.
func flip(t *testing.T, path string, off int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[off] ^= 0xff
	_ = os.Chmod(path, 0o600) // the stores' files are read-only
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
