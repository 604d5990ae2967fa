package syncserver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// Certificate returns the certificate with serial when code is its
// verification code; ENOTFOUND otherwise (a wrong code reveals nothing).
// Its OrgName is the name the server knows for the certificate's
// organisation, whatever the certificate's own text says.
func (s *Store) Certificate(ctx context.Context, serial, code string) (*alliance.Certificate, error) {
	var c alliance.Certificate
	err := s.view(ctx, func(tx *sql.Tx) error {
		var fields, scope string
		err := tx.QueryRowContext(ctx, `SELECT r.fields, r.scope FROM serials s JOIN records r ON r.entity = 'certificate' AND r.id = s.cert_id
			WHERE s.serial = ? AND r.deleted = 0`, serial).Scan(&fields, &scope)
		if errors.Is(err, sql.ErrNoRows) {
			return alliance.Errorf(alliance.ENOTFOUND, "no certificate %s", serial)
		} else if err != nil {
			return err
		}
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(fields), &f); err != nil {
			return err
		}
		if err := syncproto.Decode(f, &c); err != nil {
			return err
		}
		c.OrgName = ""
		if org, err := organisation(ctx, tx, scope); err == nil {
			c.OrgName = org.Name
		} else if alliance.ErrorCode(err) != alliance.ENOTFOUND {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(strings.ToUpper(code)), []byte(c.Code)) != 1 || c.Serial != serial {
		return nil, alliance.Errorf(alliance.ENOTFOUND, "no certificate %s", serial)
	}
	return &c, nil
}

// verifyPage answers GET /verify/SERIAL?c=CODE with a small page in the
// asked language (?lang=, else the browser's, else Azerbaijani). Each
// address may ask a few times a second at most (429 beyond); the page
// runs no script, loads nothing and cannot be framed.
func verifyPage(s *Store, limit *addressLimiter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header())
		l := i18n.For(pageLanguage(r))
		if ok, wait := limit.allow(r); !ok {
			w.Header().Set("Retry-After", retryAfter(wait))
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusTooManyRequests)
			_ = verifyTemplate.Execute(w, verifyData{Lang: l.Lang, Title: l.T("verify.title"), Alliance: l.T("verify.alliance"),
				Status: l.T("verify.rate_limited"), Class: "bad", Style: template.CSS(verifyStyle)})
			return
		}
		serial := strings.TrimPrefix(r.URL.Path, syncproto.PathVerify)
		c, err := s.Certificate(r.Context(), serial, r.URL.Query().Get("c"))
		page := verifyData{Lang: l.Lang, Title: l.T("verify.title"), Alliance: l.T("verify.alliance"), Serial: serial,
			Code: r.URL.Query().Get("c"), Style: template.CSS(verifyStyle)}
		status := http.StatusOK
		switch {
		case alliance.ErrorCode(err) == alliance.ENOTFOUND:
			status, page.Status, page.Class = http.StatusNotFound, l.T("verify.not_found"), "bad"
		case err != nil:
			status, page.Status, page.Class = http.StatusServiceUnavailable, l.T("sync.error.server"), "bad"
		case c.Revoked:
			page.Status, page.Class = l.Tf("verify.revoked", i18n.Args{"Date": alliance.DateOf(c.RevokedAt).DMY()}), "bad"
		default:
			page.Status, page.Class = l.T("verify.valid"), "good"
		}
		if err == nil {
			dates := c.From.DMY()
			if c.To != c.From {
				dates += " – " + c.To.DMY()
			}
			page.Rows = [][2]string{
				{l.T("verify.holder"), c.HolderName}, {l.T("verify.training"), c.TrainingTitle},
				{l.T("verify.hours"), hours(c.Hours, l.Lang)}, {l.T("verify.dates"), dates},
				{l.T("verify.place"), c.Place}, {l.T("verify.organisation"), c.OrgName}, {l.T("verify.serial"), c.Serial},
			}
		}
		for _, code := range i18n.Languages {
			page.Langs = append(page.Langs, [2]string{code, i18n.For(code).T("lang." + code)})
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_ = verifyTemplate.Execute(w, page)
	}
}

// verifyStyle is the page's only style sheet, allowed by its hash.
const verifyStyle = `
body{font-family:"Noto Sans",Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.3rem;color:#1d5fa8} .good{background:#e5f5e8;border-left:6px solid #1e7d32}
.bad{background:#fdecea;border-left:6px solid #b3261e} .status{padding:1rem;font-weight:bold;font-size:1.1rem}
table{border-collapse:collapse;margin-top:1rem;width:100%} td{padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
td:first-child{color:#555;width:35%} nav a{margin-right:1rem}
`

var verifyCSP = func() string {
	sum := sha256.Sum256([]byte(verifyStyle))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}()

// securityHeaders are the public page's: nothing but its own style, no
// framing, no sniffing, no referrer to other sites.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", verifyCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
}

type verifyData struct {
	Lang, Title, Alliance, Status, Class, Serial, Code string
	Style                                              template.CSS
	Rows                                               [][2]string
	Langs                                              [][2]string
}

func pageLanguage(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
		return l
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		if l := strings.ToLower(strings.TrimSpace(part)); len(l) >= 2 && i18n.Supported(l[:2]) {
			return l[:2]
		}
	}
	return i18n.Default
}

// hours writes 7.5 as the language writes it: 7,5 in az and ru.
func hours(f float64, lang string) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

var verifyTemplate = template.Must(template.New("verify").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} {{.Serial}}</title>
<style>{{.Style}}</style></head><body>
<nav>{{range .Langs}}<a href="?c={{$.Code}}&amp;lang={{index . 0}}">{{index . 1}}</a>{{end}}</nav>
<h1>{{.Alliance}} — {{.Title}}</h1>
<p class="status {{.Class}}">{{.Status}}</p>
{{if .Rows}}<table>{{range .Rows}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td></tr>{{end}}</table>{{end}}
</body></html>
`))
