// Command alliance-server is the secretariat's server: laptops enrol with a
// one-time code and sync their records through it. This file only wires the
// parts together and reads the command line.
//
//	alliance-server serve --data DIR --addr 127.0.0.1:8080 [--tls-cert F --tls-key F]
//	alliance-server serve --data DIR --domain NAME [--acme-email E] [--addr :443] [--http-addr :80]
//	alliance-server org add --data DIR --name NAME --region ID [--kind ngo] [--secretariat]
//	alliance-server org list --data DIR
//	alliance-server device invite --data DIR --org ID [--ttl 72h]
//	alliance-server device list --data DIR [--overdue-days 14]
//	alliance-server device revoke --data DIR [--lost] ID
//	alliance-server device set-aside --data DIR [--device ID] [--limit N]
//	alliance-server audit --data DIR [--org ID] [--person NAME] [--record ID] [--from DAY] [--to DAY]
//	alliance-server backup --data DIR --out FOLDER
//	alliance-server restore --from FOLDER --data NEWDIR
//	alliance-server release keygen|sign|add|list|rollout|withdraw …
//	alliance-server recovery keygen|set|open …
//	alliance-server bundle import --data DIR FILE [--out REPLY]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "alliance-server:", alliance.ErrorMessage(err))
		os.Exit(1)
	}
}

const usage = `usage:
  alliance-server serve --data DIR [--addr 127.0.0.1:8080] [--tls-cert FILE --tls-key FILE] [--files-quota-mb N] [--keep-entries-years 5] [--overdue-days 14]
  alliance-server serve --data DIR --domain NAME [--acme-email EMAIL] [--addr :443] [--http-addr :80] [--files-quota-mb N]
                        HTTPS on the internet: the certificate for NAME from Let's Encrypt, renewed by itself
  alliance-server org add --data DIR --name NAME --region REGION [--kind ngo|children_group|youth_group] [--secretariat]
  alliance-server org list --data DIR
  alliance-server device invite --data DIR --org ORG_ID [--ttl 72h]
  alliance-server device list --data DIR [--overdue-days 14]     last sync by any path; OVERDUE past the days
  alliance-server device revoke --data DIR [--lost] DEVICE_ID   --lost: it erases children's data at its next contact
  alliance-server device set-aside --data DIR [--device ID] [--limit N]   the changes the server refused, and why
  alliance-server audit --data DIR [--org ID] [--person NAME] [--record ID] [--from DAY] [--to DAY] [--limit 100]
                                                      who changed which field of which record, from what to what
  alliance-server backup --data DIR --out FOLDER      a consistent copy of the database and its files, while serving
  alliance-server restore --from FOLDER --data NEWDIR  checks a backup, then makes NEWDIR a server holding it
  alliance-server release keygen --out KEYFILE          a release key: the private part to KEYFILE (off the server), the public printed
  alliance-server release sign --key KEYFILE --version V [--platform P] FILE   writes FILE.minisig (off the server)
  alliance-server release add --data DIR --version V [--rollout 10] FILE        publishes FILE with FILE.minisig
  alliance-server release list --data DIR
  alliance-server release rollout --data DIR --version V --percent N            offers it to more laptops (100: all)
  alliance-server release withdraw --data DIR --version V                       stops offering it
  alliance-server recovery keygen --out KEYFILE        the recovery key of the laptops' data: the private part to KEYFILE (off the server)
  alliance-server recovery set --data DIR PUBLIC        the laptops keep their data key wrapped for it (sent at enrolment and sync)
  alliance-server recovery open --key KEYFILE REQUEST   the code that unlocks a laptop whose every PIN is forgotten (off the server)
  alliance-server bundle import --data DIR FILE [--out REPLY]  a laptop's changes brought by file, applied as if pushed;
                                                      writes the reply to carry back (default: beside FILE)
`

// run carries out one command line; out receives what it prints.
func run(args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(out, usage)
		return flag.ErrHelp
	}
	cmd := args[0]
	if (cmd == "org" || cmd == "device" || cmd == "release" || cmd == "recovery" || cmd == "bundle") && len(args) > 1 {
		cmd, args = cmd+" "+args[1], args[1:]
	}
	fs := flag.NewFlagSet("alliance-server "+cmd, flag.ContinueOnError)
	fs.SetOutput(out)
	dir := fs.String("data", "alliance-server-data", "data folder")
	ctx := context.Background()
	switch cmd {
	case "serve":
		addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
		cert := fs.String("tls-cert", "", "TLS certificate file (with --tls-key: HTTPS)")
		key := fs.String("tls-key", "", "TLS key file")
		quota := fs.Int64("files-quota-mb", 0, "most megabytes of files (drawings, films) to keep; 0: the disk is the limit")
		overdue := fs.Int("overdue-days", syncserver.DefaultOverdueDays, "a laptop that has not synced, online or by file, for this many days reminds its user, and device list marks it (0: never)")
		keep := fs.Int("keep-entries-years", 5, "years after a contest's judging its children's entries keep naming them (unless publication was consented); 0: for ever")
		var domains domainList
		fs.Var(&domains, "domain", "the server's public name (repeat for more): HTTPS with a certificate by ACME")
		email := fs.String("acme-email", "", "with --domain: address the certificate authority writes to about the certificate")
		directory := fs.String("acme-directory", "", "with --domain: ACME directory URL (default: Let's Encrypt)")
		httpAddr := fs.String("http-addr", ":80", "with --domain: plain HTTP for the authority's challenge and a redirect to HTTPS")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if len(domains) > 0 {
			if *cert != "" || *key != "" {
				return fmt.Errorf("--domain obtains its own certificate: leave out --tls-cert and --tls-key")
			}
			if !flagSet(fs, "addr") {
				*addr = ":443"
			}
		}
		s, err := syncserver.OpenStore(*dir, nil)
		if err != nil {
			return err
		}
		defer s.Close()
		s.FilesQuota = *quota << 20
		s.KeepEntriesYears = *keep
		s.OverdueDays = *overdue
		ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
		defer stop()
		return syncserver.Serve(ctx, s, syncserver.ServeOptions{Addr: *addr, CertFile: *cert, KeyFile: *key,
			Ready: func(a string) { log.Printf("alliance-server: serving %s on %s", *dir, a) },
			ACME: syncserver.ACMEOptions{Domains: domains, Email: *email, Directory: *directory, HTTPAddr: *httpAddr,
				HTTPReady: func(a string) {
					log.Printf("alliance-server: HTTP on %s: certificate challenges, the rest to HTTPS", a)
				}}})

	case "org add":
		name := fs.String("name", "", "organisation name")
		region := fs.String("region", "", "region id: "+strings.Join(alliance.RegionIDs, ", "))
		kind := fs.String("kind", string(alliance.OrgNGO), "ngo, children_group or youth_group")
		secretariat := fs.Bool("secretariat", false, "the alliance's secretariat (its laptops see and may write everything)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			o := &alliance.Organisation{Name: *name, Kind: alliance.OrgKind(*kind), RegionID: *region, Secretariat: *secretariat}
			if err := s.AddOrganisation(ctx, o); err != nil {
				return err
			}
			fmt.Fprintln(out, o.ID)
			return nil
		})

	case "org list":
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			orgs, err := s.Organisations(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tKIND\tREGION\tSECRETARIAT")
			for _, o := range orgs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\n", o.ID, o.Name, o.Kind, o.RegionID, o.Secretariat)
			}
			return tw.Flush()
		})

	case "device invite":
		org := fs.String("org", "", "organisation id (see org list)")
		ttl := fs.Duration("ttl", syncserver.DefaultInviteTTL, "how long the code stays valid")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			code, exp, err := s.Invite(ctx, *org, *ttl)
			if err != nil {
				return err
			}
			fmt.Fprintln(out, code)
			fmt.Fprintf(out, "valid once, until %s\n", exp.Local().Format(time.DateTime))
			return nil
		})

	case "device list":
		overdue := fs.Int("overdue-days", syncserver.DefaultOverdueDays, "mark the laptops that have not synced, online or by file, for this many days (0: none)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			devs, err := s.Devices(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tORG\tNODE\tVERSION\tENROLLED\tLAST SYNC\tBY FILE\tREVOKED\tERASE")
			late := 0
			for _, d := range devs {
				v := strings.TrimSpace(d.AppVersion + " " + d.Platform)
				if v == "" {
					v = "-"
				}
				erase := "-"
				if d.Erase {
					erase = "asked, not told yet"
					if !d.EraseToldAt.IsZero() {
						erase = "told " + day(d.EraseToldAt)
					}
				}
				last := day(d.LastSync())
				if d.Overdue(s.Now(), *overdue) {
					last += " OVERDUE"
					late++
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Name, d.OrgID, d.Node, v, day(d.EnrolledAt), last,
					day(d.LastBundle), day(d.RevokedAt), erase)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if late > 0 {
				fmt.Fprintf(out, "%d laptops have not synced for more than %d days: ask them to sync, or to send their changes by file\n", late, *overdue)
			}
			return nil
		})

	case "device set-aside":
		device := fs.String("device", "", "only this device's")
		limit := fs.Int("limit", 100, "at most this many, newest first")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			entries, err := s.SetAside(ctx, *device, *limit)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "WHEN\tDEVICE\tSEQ\tRECORD\tCODE\tWHY")
			for _, e := range entries {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s %s\t%s\t%s\n", day(e.At), e.DeviceID, e.Seq, e.Entity, e.RecordID, e.Code, e.Message)
			}
			return tw.Flush()
		})

	case "device revoke":
		lost := fs.Bool("lost", false, "the laptop is lost or stolen: at its next contact it erases the children's data it holds")
		ids, err := parseAll(fs, args[1:])
		if err != nil {
			return err
		}
		if len(ids) != 1 {
			return fmt.Errorf("device revoke needs the device id")
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			if *lost {
				if err := s.RevokeLost(ctx, ids[0]); err != nil {
					return err
				}
				fmt.Fprintln(out, "revoked", ids[0], "as lost: it erases the children's data it holds when it next reaches the server")
				return nil
			}
			if err := s.Revoke(ctx, ids[0]); err != nil {
				return err
			}
			fmt.Fprintln(out, "revoked", ids[0])
			return nil
		})

	case "bundle import":
		reply := fs.String("out", "", "where to write the reply (default: FILE's name ending in .alliance-reply)")
		rest, err := parseAll(fs, args[1:])
		if err != nil {
			return err
		}
		if len(rest) != 1 {
			return fmt.Errorf("bundle import needs the bundle file")
		}
		return withStore(*dir, func(s *syncserver.Store) error { return importBundle(ctx, s, rest[0], *reply, out) })
	case "recovery keygen", "recovery set", "recovery open":
		return runRecovery(ctx, cmd, fs, dir, args[1:], out)
	case "release keygen", "release sign", "release add", "release list", "release rollout", "release withdraw":
		return runRelease(ctx, cmd, fs, dir, args[1:], out)

	case "audit":
		org := fs.String("org", "", "only this organisation's laptops' changes (see org list)")
		person := fs.String("person", "", "only this person's (their id, or a part of their name)")
		record := fs.String("record", "", "only this record's")
		from := fs.String("from", "", "from this day (YYYY-MM-DD)")
		to := fs.String("to", "", "to this day (YYYY-MM-DD)")
		limit := fs.Int("limit", 100, "at most this many changes, newest first")
		if _, err := parseAll(fs, args[1:]); err != nil {
			return err
		}
		f := syncserver.AuditFilter{OrgID: *org, Person: *person, RecordID: *record, Limit: *limit}
		for _, d := range []struct {
			s   string
			out *alliance.Date
		}{{*from, &f.From}, {*to, &f.To}} {
			if d.s == "" {
				continue
			}
			v, err := alliance.ParseISODate(d.s)
			if err != nil {
				return fmt.Errorf("%q is not a day like 2026-11-30", d.s)
			}
			*d.out = v
		}
		return withStore(*dir, func(s *syncserver.Store) error {
			entries, err := s.Audit(ctx, f)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "WHEN\tLAPTOP\tORG\tPERSON\tRECORD\tHOW\tFIELD\tFROM\tTO")
			for _, e := range entries {
				who := "-"
				if e.Person != nil {
					who = e.Person.Name
				}
				device := e.DeviceID
				if device == "" {
					device = "server"
				}
				fields := make([]string, 0, len(e.Fields))
				for name := range e.Fields {
					fields = append(fields, name)
				}
				sort.Strings(fields)
				for _, name := range fields {
					v := e.Fields[name]
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s %s\t%s\t%s\t%s\t%s\n", day(e.At), device, e.OrgID, who, e.Entity, e.RecordID, e.How,
						name, shortValue(v[0]), shortValue(v[1]))
				}
			}
			return tw.Flush()
		})

	case "backup":
		outDir := fs.String("out", "", "new folder to write the backup to (the database and its files)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *outDir == "" {
			return fmt.Errorf("backup needs --out FOLDER")
		}
		m, err := syncserver.Backup(ctx, *dir, *outDir)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "backup written to %s: the database and %d files (%d MB)\n", *outDir, m.Files, m.Bytes>>20)
		if len(m.Missing) > 0 {
			fmt.Fprintf(out, "%d files named by records had not reached the server yet; the laptops still hold them\n", len(m.Missing))
		}
		return nil

	case "restore":
		from := fs.String("from", "", "the backup folder")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *from == "" {
			return fmt.Errorf("restore needs --from FOLDER and --data with a new folder")
		}
		m, err := syncserver.Restore(ctx, *from, *dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "restored the backup of %s into %s: the database (checked) and %d files (checked)\n",
			m.Created.Format(time.RFC3339), *dir, m.Files)
		return nil
	}
	fmt.Fprintf(out, "unknown command %q\n\n%s", strings.Join(args[:1], " "), usage)
	return flag.ErrHelp
}

// shortValue is a field's value as the audit prints it: its JSON, cut.
func shortValue(v json.RawMessage) string {
	s := string(v)
	if s == "" || s == "null" {
		return "-"
	}
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

// domainList is a repeatable --domain; a comma separates names too.
type domainList []string

func (d *domainList) String() string { return strings.Join(*d, ",") }

func (d *domainList) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" || strings.ContainsAny(name, "/: ") || !strings.Contains(name, ".") {
			return fmt.Errorf("%q is not a domain name (like alliance.example.az)", v)
		}
		*d = append(*d, name)
	}
	return nil
}

// flagSet tells whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func withStore(dir string, fn func(s *syncserver.Store) error) error {
	s, err := syncserver.OpenStore(dir, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(time.DateTime)
}
