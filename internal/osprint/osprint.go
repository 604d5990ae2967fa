// Package osprint hands a file to the operating system: to the printer
// (lp or lpr on Linux and macOS, the "print" verb on Windows) or to the
// default viewer.
package osprint

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// Print sends the file at path to the default printer.
func Print(ctx context.Context, path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.CommandContext(ctx, "powershell", "-NoProfile", "-Command",
			"Start-Process -FilePath $args[0] -Verb Print", path)
	default:
		name := ""
		for _, c := range []string{"lp", "lpr"} {
			if _, err := exec.LookPath(c); err == nil {
				name = c
				break
			}
		}
		if name == "" {
			return alliance.Keyed(alliance.EUNAVAILABLE, "print.error.no_printer", nil,
				"no printing command (lp or lpr): install CUPS, or print from the opened PDF")
		}
		cmd = exec.CommandContext(ctx, name, path)
	}
	return run(cmd)
}

// Open shows the file in the default application for its type.
func Open(ctx context.Context, path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.CommandContext(ctx, "cmd", "/c", "start", "", path)
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", path)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", path)
	}
	return run(cmd)
}

func run(cmd *exec.Cmd) error {
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	var notFound *exec.Error
	if errors.As(err, &notFound) {
		return alliance.Keyed(alliance.EUNAVAILABLE, "print.error.no_viewer", nil, "%s is not installed", cmd.Path)
	} else if err != nil {
		return alliance.Keyed(alliance.EUNAVAILABLE, "print.error.failed", alliance.Args{"Detail": string(out)},
			"%s failed: %v: %s", cmd.Path, err, out)
	}
	return nil
}
