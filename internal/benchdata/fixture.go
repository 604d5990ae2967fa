// Package benchdata makes the large data folders the benchmarks measure
// against (100,000 activities take half a minute to write), once per
// machine: it keeps a copy in the system's temporary folder and hands each
// benchmark a fresh copy of it.
package benchdata

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gofrs/flock"

	"github.com/ngo-alliance/alliance/internal/demo"
	"github.com/ngo-alliance/alliance/internal/sqlite"
)

// version changes when the demo data or the way it is made changes.
const version = 3 // 3: campaigns, library, profiles, articles in the demo

// Folder returns a new data folder (in tb's temp dir) holding the demo
// data with n activities.
func Folder(tb testing.TB, n int) string {
	tb.Helper()
	cache := filepath.Join(os.TempDir(), fmt.Sprintf("alliance-bench-v%d-%s-%d", version, sqlite.SchemaID(), n))
	lock := flock.New(cache + ".lock")
	if err := lock.Lock(); err != nil {
		tb.Fatal(err)
	}
	defer lock.Unlock()
	if _, err := os.Stat(filepath.Join(cache, "complete")); err != nil {
		if err := build(cache, n); err != nil {
			tb.Fatal(err)
		}
	}
	dir := tb.TempDir()
	if err := copyFile(filepath.Join(cache, sqlite.DBFile), filepath.Join(dir, sqlite.DBFile)); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func build(cache string, n int) error {
	_ = os.RemoveAll(cache)
	db, err := sqlite.Open(cache, nil)
	if err != nil {
		return err
	}
	// No files: the fixture is the database alone (and no contests).
	err = demo.Generate(context.Background(), demo.ServicesOf(db, nil), demo.Options{Activities: n, Seed: 42})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(cache, "complete"), nil, 0o644)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
