package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnit_Sandbox: the systemd unit runs the server as a user of its own
// with only its data folder writable, passes serve only flags it knows,
// and systemd accepts it (where systemd-analyze exists).
func TestUnit_Sandbox(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "alliance-server.service"))
	if err != nil {
		t.Fatal(err)
	}
	unit := string(b)
	for _, line := range []string{"User=alliance", "StateDirectory=alliance-server", "ProtectSystem=strict",
		"ProtectHome=yes", "NoNewPrivileges=yes", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "PrivateTmp=yes"} {
		if !strings.Contains(unit, "\n"+line+"\n") {
			t.Errorf("the unit lacks %s", line)
		}
	}
	var exec0 string
	for _, l := range strings.Split(unit, "\n") {
		if v, ok := strings.CutPrefix(l, "ExecStart="); ok {
			exec0 = v
		}
	}
	args := strings.Fields(exec0)
	if len(args) < 2 || args[1] != "serve" || !strings.Contains(exec0, "--data /var/lib/alliance-server ") {
		t.Fatalf("ExecStart=%s: not serve on the state directory", exec0)
	}
	var help strings.Builder
	_ = run([]string{"serve", "-h"}, &help)
	for _, a := range args[2:] {
		if name, ok := strings.CutPrefix(a, "--"); ok && !strings.Contains(help.String(), "-"+name+" ") {
			t.Errorf("serve does not know --%s", name)
		}
	}

	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze is not here: the unit's syntax is not checked")
		return
	}
	dir := t.TempDir()
	copy := strings.Replace(unit, args[0], "/bin/true", 1)
	if err := os.WriteFile(filepath.Join(dir, "alliance-server.service"), []byte(copy), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", filepath.Join(dir, "alliance-server.service")).CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}
