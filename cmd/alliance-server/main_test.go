package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out strings.Builder
	if err := run(args, &out); err != nil {
		t.Fatalf("alliance-server %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	sec := strings.TrimSpace(runOK(t, "org", "add", "--data", dir, "--name", "Etibarlı Gələcək", "--region", "baku", "--secretariat"))
	member := strings.TrimSpace(runOK(t, "org", "add", "--data", dir, "--name", "Şəki Uşaq Mərkəzi", "--region", "shaki-zagatala", "--kind", "children_group"))
	list := runOK(t, "org", "list", "--data", dir)
	for _, want := range []string{sec, member, "Şəki Uşaq Mərkəzi", "children_group", "true"} {
		if !strings.Contains(list, want) {
			t.Errorf("org list lacks %q:\n%s", want, list)
		}
	}
	invite := runOK(t, "device", "invite", "--data", dir, "--org", member, "--ttl", "1h")
	code := strings.SplitN(invite, "\n", 2)[0]
	if len(code) != 14 || !strings.Contains(invite, "valid once") {
		t.Fatalf("invite printed %q", invite)
	}
	if out := runOK(t, "device", "list", "--data", dir); !strings.Contains(out, "ID") {
		t.Fatalf("device list: %q", out)
	}
	if out := runOK(t, "audit", "--data", dir, "--person", "Aynur", "--from", "2026-01-01"); !strings.Contains(out, "FIELD") {
		t.Fatalf("audit: %q", out)
	}
	backup := filepath.Join(t.TempDir(), "backup")
	runOK(t, "backup", "--data", dir, "--out", backup)
	// Restored, the copy is a whole server: it opens and holds both
	// organisations.
	bdir := filepath.Join(t.TempDir(), "restored")
	if out := runOK(t, "restore", "--from", backup, "--data", bdir); !strings.Contains(out, "restored") {
		t.Fatalf("restore printed %q", out)
	}
	if err := run([]string{"restore", "--from", backup, "--data", bdir}, io.Discard); err == nil {
		t.Fatal("a restore over a server's data succeeded")
	}
	s, err := syncserver.OpenStore(bdir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if orgs, err := s.Organisations(context.Background()); err != nil || len(orgs) != 2 {
		t.Fatalf("backup holds %d organisations (%v)", len(orgs), err)
	}
}

func TestRun_BadInput(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"org", "add", "--data", dir, "--name", "X", "--region", "atlantis"},
		{"org", "add", "--data", dir, "--region", "baku"},
		{"device", "invite", "--data", dir, "--org", "nope"},
		{"device", "revoke", "--data", dir, "nope"},
		{"device", "revoke", "--data", dir},
		{"backup", "--data", dir},
		{"audit", "--data", dir, "--from", "yesterday"},
		{"frobnicate"},
		{"serve", "--data", dir, "--domain", "https://alliance.example.az/"},
		{"serve", "--data", dir, "--domain", "localhost"},
		{"serve", "--data", dir, "--domain", "alliance.example.az", "--tls-cert", "c.pem", "--tls-key", "k.pem"},
	} {
		var out strings.Builder
		if err := run(args, &out); err == nil {
			t.Errorf("alliance-server %s succeeded", strings.Join(args, " "))
		}
	}
}

func TestRun_DeviceSetAside(t *testing.T) {
	dir := t.TempDir()
	s, err := syncserver.OpenStore(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := &alliance.Organisation{Name: "Quba QHT", Kind: alliance.OrgNGO, RegionID: "guba-khachmaz"}
	if err := s.AddOrganisation(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	code, _, _ := s.Invite(context.Background(), o.ID, time.Hour)
	resp, err := s.Enroll(context.Background(), syncproto.EnrollRequest{Protocol: syncproto.Version, Code: code, Node: "abcdef01", NextSeq: 1})
	if err != nil {
		t.Fatal(err)
	}
	dev, _ := s.Authenticate(context.Background(), resp.Token)
	forged := syncproto.Change{Seq: 1, Entity: syncproto.EntityOrganisation, ID: alliance.NewID(), Org: o.ID, Op: syncproto.OpCreate,
		HLC:    syncproto.HLC{Wall: time.Now().UnixMilli(), Node: "abcdef01"}.String(),
		Fields: syncproto.OrganisationFields(&alliance.Organisation{Name: "Katiblik", Kind: alliance.OrgNGO, RegionID: "baku", Secretariat: true}, false)}
	if _, err := s.Push(context.Background(), dev, syncproto.PushRequest{Changes: []syncproto.Change{forged}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	out := runOK(t, "device", "set-aside", "--data", dir)
	if !strings.Contains(out, resp.DeviceID) || !strings.Contains(out, "forbidden") || !strings.Contains(out, "organisation") {
		t.Fatalf("set-aside printed %q", out)
	}
	if out := runOK(t, "device", "list", "--data", dir); !strings.Contains(out, "abcdef01") {
		t.Fatalf("device list does not show the node: %q", out)
	}
}
