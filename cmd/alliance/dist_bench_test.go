package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkDist prints the size of each package `make dist` made (the
// .update files are what laptops fetch through the sync) and the
// time the installed Linux app takes from its start to its first window
// on a new data folder (under Xvfb). It skips, saying why, where the
// packages or Xvfb are missing: `make dist` is not part of `make bench`.
func BenchmarkDist(b *testing.B) {
	dist := filepath.Join("..", "..", "build", "dist")
	entries, err := os.ReadDir(dist)
	if err != nil {
		b.Skip("no build/dist: run make dist first")
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.Name() == "SHA256SUMS" {
			continue
		}
		name := strings.NewReplacer("Alliance-", "app-", "alliance-server-", "server-").Replace(e.Name())
		b.ReportMetric(float64(info.Size())/(1<<20), name+"_MB")
		if strings.HasSuffix(e.Name(), ".update") {
			// What an update costs a laptop on 2G (20 KB/s), in minutes
			// of transfer spread over its syncs.
			b.ReportMetric(float64(info.Size())/(20<<10)/60, name+"_2G_min")
		}
	}
	var tarball string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "-linux-amd64.tar.xz") && strings.HasPrefix(e.Name(), "Alliance-") {
			tarball = filepath.Join(dist, e.Name())
		}
	}
	for _, tool := range []string{"Xvfb", "xwininfo", "tar"} {
		if _, err := exec.LookPath(tool); err != nil || tarball == "" {
			b.Logf("the first start is not measured here: %s or the Linux package missing", tool)
			return
		}
	}
	dir := b.TempDir()
	if out, err := exec.Command("tar", "-C", dir, "-xJf", tarball).CombinedOutput(); err != nil {
		b.Fatalf("tar: %v\n%s", err, out)
	}
	bin := filepath.Join(dir, "alliance", "usr", "local", "bin", "alliance")
	display := fmt.Sprintf(":%d", 60+os.Getpid()%30)
	xvfb := exec.Command("Xvfb", display, "-screen", "0", "1366x768x24")
	if err := xvfb.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = xvfb.Process.Kill(); _ = xvfb.Wait() }()
	time.Sleep(time.Second)
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		app := exec.CommandContext(ctx, bin, "--data", filepath.Join(b.TempDir(), "data"))
		app.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8")
		start := time.Now()
		if err := app.Start(); err != nil {
			cancel()
			b.Fatal(err)
		}
		shown := false
		for !shown && time.Since(start) < 50*time.Second {
			out, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
			shown = strings.Contains(string(out), `"Alyans"`) || strings.Contains(string(out), `"Alliance"`)
			if !shown {
				time.Sleep(20 * time.Millisecond)
			}
		}
		took := time.Since(start)
		cancel()
		_ = app.Wait()
		if !shown {
			b.Fatal("the installed app showed no window in 50 s")
		}
		b.ReportMetric(float64(took.Milliseconds()), "first_start_ms")
	}
}
