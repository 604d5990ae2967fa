package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// defaultDataDir is the user's data folder for the app: on Linux
// $XDG_DATA_HOME/alliance (~/.local/share/alliance), on macOS
// ~/Library/Application Support/Alliance, on Windows %LOCALAPPDATA%\Alliance.
func defaultDataDir() string {
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Alliance")
		}
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "Alliance")
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "alliance")
	}
	return filepath.Join(home, ".local", "share", "alliance")
}

// systemLanguage returns the app language matching the system's locale
// ($LC_ALL, $LC_MESSAGES, $LANG), or "".
func systemLanguage() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			for _, l := range []string{"az", "ru", "en"} {
				if strings.HasPrefix(s, l) {
					return l
				}
			}
			return ""
		}
	}
	return ""
}
