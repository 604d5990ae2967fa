package sqlite_test

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// MustOpenDB opens a new data folder in a temporary directory and closes
// it when the test ends.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	return MustOpenDBAt(tb, tb.TempDir(), nil)
}

// MustOpenDBAt opens the data folder dir with the wall clock now.
func MustOpenDBAt(tb testing.TB, dir string, now func() time.Time) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(dir, now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// fakeClock is a wall clock a test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func TestDB_Open(t *testing.T) {
	t.Run("KeepsDeviceIDAcrossOpens", func(t *testing.T) {
		dir := t.TempDir()
		db, err := sqlite.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		id := db.DeviceID
		if !alliance.ValidID(id) {
			t.Fatalf("device id %q is not a UUID", id)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = MustOpenDBAt(t, dir, nil)
		if db.DeviceID != id {
			t.Fatalf("device id changed from %s to %s", id, db.DeviceID)
		}
	})

	t.Run("FolderInUse", func(t *testing.T) {
		dir := t.TempDir()
		MustOpenDBAt(t, dir, nil)
		_, err := sqlite.Open(dir, nil)
		if code := alliance.ErrorCode(err); code != alliance.ELOCKED {
			t.Fatalf("second open: code %q (%v), want %q", code, err, alliance.ELOCKED)
		}
		if key, _ := alliance.ErrorKey(err); key != "error.folder_in_use" {
			t.Fatalf("key %q", key)
		}
	})

	t.Run("ReleasesLockOnClose", func(t *testing.T) {
		dir := t.TempDir()
		db, err := sqlite.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		MustOpenDBAt(t, dir, nil)
	})

	t.Run("NotADatabase", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, sqlite.DBFile), []byte("this is a spreadsheet, not a database, but it is long enough to look like a header"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := sqlite.Open(dir, nil)
		if code := alliance.ErrorCode(err); code != alliance.EINCOMPATIBLE {
			t.Fatalf("code %q (%v), want %q", code, err, alliance.EINCOMPATIBLE)
		}
	})

	t.Run("Pragmas", func(t *testing.T) {
		db := MustOpenDB(t)
		got := sqlite.Pragmas(t, db)
		want := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "5000"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %q, want %q", k, got[k], v)
			}
		}
		got = sqlite.ReaderPragmas(t, db)
		want = map[string]string{"mmap_size": "0", "cache_size": "-32768", "query_only": "1"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("reader: %s = %q, want %q", k, got[k], v)
			}
		}
	})
}

func TestDB_Migrate(t *testing.T) {
	dir := t.TempDir()
	db := MustOpenDBAt(t, dir, nil)
	ctx := context.Background()
	a := newActivity()
	if err := sqlite.NewActivityService(db).CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	if v := sqlite.CurrentVersion(t, db); v != sqlite.SchemaVersion() {
		t.Fatalf("version %d, want %d", v, sqlite.SchemaVersion())
	}

	// An older file gains the migrations it lacks and keeps its data.
	next := sqlite.SchemaVersion() + 1
	sqlite.ApplyExtraMigration(t, db, next, "ALTER TABLE activities ADD COLUMN extra TEXT NOT NULL DEFAULT 'x';")
	if v := sqlite.CurrentVersion(t, db); v != next {
		t.Fatalf("version %d after the extra migration, want %d", v, next)
	}
	if got, err := sqlite.NewActivityService(db).FindActivityByID(ctx, a.ID); err != nil || got.Title != a.Title {
		t.Fatalf("after migration: %v, %v", got, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// This build does not know the new version: it refuses the file and
	// leaves it untouched.
	before := hashFile(t, filepath.Join(dir, sqlite.DBFile))
	_, err := sqlite.Open(dir, nil)
	if code := alliance.ErrorCode(err); code != alliance.EINCOMPATIBLE {
		t.Fatalf("open newer file: code %q (%v), want %q", code, err, alliance.EINCOMPATIBLE)
	}
	if key, _ := alliance.ErrorKey(err); key != "error.newer_schema" {
		t.Fatalf("key %q, want error.newer_schema", key)
	}
	if after := hashFile(t, filepath.Join(dir, sqlite.DBFile)); after != before {
		t.Fatal("refusing a newer file changed it")
	}
	// And the refused open released the folder.
	if _, err := sqlite.Open(dir, nil); alliance.ErrorCode(err) != alliance.EINCOMPATIBLE {
		t.Fatalf("second refusal: %v", err)
	}
}

func hashFile(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
