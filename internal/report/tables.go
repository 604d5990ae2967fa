// Package report turns a period's records into what the alliance hands to
// donors and to the UN Committee: the figures and charts of a summary, and
// the records themselves as Excel sheets, CSV files and a printed PDF, in
// Azerbaijani, Russian or English. Children's names are left out unless
// the user asks for them and the guardian allowed publication.
package report

import (
	"context"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// Table is one kind of record an export lists.
type Table string

const (
	Activities   Table = "activities"
	Trainings    Table = "trainings"
	Participants Table = "participants"
	Certificates Table = "certificates"
	Entries      Table = "entries"
)

// Tables lists the tables in the order of an Excel file's sheets.
var Tables = []Table{Activities, Trainings, Participants, Certificates, Entries}

// Options say how an export is made.
type Options struct {
	Lang    string            // "az", "ru" or "en"
	Regions []alliance.Region // for their names
	Orgs    map[string]string // organisation id → name
	// Campaigns are the campaigns' and projects' names by id.
	Campaigns map[string]string
	// Resources are the library's resources' titles by id.
	Resources map[string]string
	// IncludeChildNames puts children's full names in the export — for a
	// child in a contest only when the guardian allowed publication.
	IncludeChildNames bool
	// Progress, when set, is called with the rows written so far.
	Progress func(rows int)
	// By and Device say who made the export, on which laptop (By nil:
	// nobody signed in — the command line).
	By     *alliance.Person
	Device string
}

// valueKind is how a column's values are typed in a spreadsheet.
type valueKind int

const (
	text   valueKind = iota
	date             // alliance.Date
	whole            // int
	number           // float64
)

type column struct {
	header string
	kind   valueKind
}

// exporter makes one table's rows.
type exporter struct {
	o        Options
	loc      *i18n.Localizer
	labelled map[string]string // labels made once: an article's, a code's
}

func newExporter(o Options) *exporter {
	if !i18n.Supported(o.Lang) {
		o.Lang = i18n.Default
	}
	return &exporter{o: o, loc: i18n.For(o.Lang), labelled: map[string]string{}}
}

func (x *exporter) cols(keys ...any) []column {
	out := make([]column, 0, len(keys)/2)
	for i := 0; i+1 < len(keys); i += 2 {
		out = append(out, column{header: x.loc.T("export.col." + keys[i].(string)), kind: keys[i+1].(valueKind)})
	}
	return out
}

func (x *exporter) region(id string) string {
	for _, r := range x.o.Regions {
		if r.ID == id {
			return r.Name(x.o.Lang)
		}
	}
	return id
}

func (x *exporter) labels(prefix string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = x.label(prefix + c)
	}
	return strings.Join(out, "; ")
}

// label is the translation of key, made once an export.
func (x *exporter) label(key string) string {
	l, ok := x.labelled[key]
	if !ok {
		l = x.loc.T(key)
		x.labelled[key] = l
	}
	return l
}

// attachments names an activity's files with their kinds ("photo:
// group.jpg; report: hesabat.pdf"); a photo kept within its organisation
// is counted, not named (its name may be a child's).
func (x *exporter) attachments(as []alliance.Attachment) string {
	out := make([]string, 0, len(as))
	private := 0
	for _, a := range as {
		if a.Private() {
			private++
			continue
		}
		out = append(out, x.loc.T("attachment."+string(a.Kind))+": "+a.Name)
	}
	if private > 0 {
		out = append(out, x.loc.Tf("export.private_photos", map[string]any{"N": private}))
	}
	return strings.Join(out, "; ")
}

// uses names the resources an activity used, with the copies it handed
// out: "Uşaq hüquqları (50); Poster".
func (x *exporter) uses(us []alliance.ResourceUse) string {
	out := make([]string, 0, len(us))
	for _, u := range us {
		name, ok := x.o.Resources[u.ResourceID]
		if !ok {
			continue
		}
		if u.Copies > 0 {
			name += " (" + x.loc.Number(u.Copies) + ")"
		}
		out = append(out, name)
	}
	return strings.Join(out, "; ")
}

// names are the names of ids in m ("; " between them; an id m lacks, a
// campaign deleted or not on this laptop, is left out).
func (x *exporter) names(m map[string]string, ids []string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n, ok := m[id]; ok {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// articles names the Convention's articles with their numbers, "; "
// between them.
func (x *exporter) articles(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		key := "crc." + c
		l, ok := x.labelled[key]
		if !ok { // a template each time costs: once an export
			l = x.loc.Article(alliance.Article(c))
			x.labelled[key] = l
		}
		out[i] = l
	}
	return strings.Join(out, "; ")
}

func (x *exporter) yesNo(b bool) string {
	if b {
		return x.loc.T("export.yes")
	}
	return x.loc.T("export.no")
}

// rosterName is a training participant's full name as the export may show
// it: a child's shortened unless names are included (a roster has no
// publication consent).
func (x *exporter) rosterName(full string, child bool) string {
	if !child || x.o.IncludeChildNames {
		return full
	}
	first, last, _ := strings.Cut(strings.TrimSpace(full), " ")
	return alliance.ShortName(first, last)
}

// childName is a contest child's name as the export may show it.
func (x *exporter) childName(first, last string, publication bool) string {
	if x.o.IncludeChildNames && publication {
		return strings.TrimSpace(first + " " + last)
	}
	return alliance.ShortName(first, last)
}

// columns returns a table's columns, in the export's language.
func (x *exporter) columns(t Table) []column {
	switch t {
	case Activities:
		return x.activityColumns()
	case Trainings:
		return x.cols("title", text, "organisation", text, "area", text, "audience", text, "region", text, "settlement", text,
			"place", text, "from", date, "to", date, "hours", number, "sessions", whole, "participants", whole, "completed", whole,
			"completed_women", whole, "completed_men", whole, "trainers", text)
	case Participants:
		return x.cols("training", text, "from", date, "name", text, "gender", text, "role", text, "birth_year", whole,
			"age_group", text, "organisation", text, "hours_attended", number, "completed", text)
	case Certificates:
		return x.cols("serial", text, "holder", text, "training", text, "hours", number, "from", date, "to", date, "place", text,
			"organisation", text, "issued", date, "languages", text)
	case Entries:
		return x.cols("contest", text, "code", text, "child", text, "age", whole, "gender", text, "category", text, "age_group", text, "region", text,
			"settlement", text, "work_title", text, "state", text, "place_rank", whole, "score", number, "organisation", text, "submitted", date)
	}
	return nil
}

// rows calls fn with each row of a table, typed as its columns say.
func (x *exporter) rows(ctx context.Context, src alliance.ReportService, t Table, f alliance.ReportFilter, fn func(row []any) error) error {
	switch t {
	case Activities:
		return src.EachActivity(ctx, f, func(a *alliance.Activity) error { return fn(x.activityRow(a)) })
	case Trainings:
		return src.EachTraining(ctx, f, func(t *alliance.Training, roster []alliance.Participant) error {
			from, to := t.Period()
			done, women, men := 0, 0, 0
			for i := range roster {
				if roster[i].Completed(t) {
					done++
					switch roster[i].Gender {
					case alliance.Female:
						women++
					case alliance.Male:
						men++
					}
				}
			}
			return fn([]any{t.Title, x.o.Orgs[t.OrgID], x.loc.T("area." + string(t.Area)), x.loc.T("audience." + string(t.Audience)),
				x.region(t.RegionID), t.Settlement, t.Place, from, to, t.TotalHours(), len(t.Sessions), len(roster), done, women, men, t.Trainers})
		})
	case Participants:
		return src.EachTraining(ctx, f, func(t *alliance.Training, roster []alliance.Participant) error {
			from, _ := t.Period()
			for i := range roster {
				p := &roster[i]
				name := x.rosterName(p.FullName, p.IsChild())
				var year any = ""
				if p.BirthYear > 0 {
					year = p.BirthYear
				}
				gender := ""
				if p.Gender != "" {
					gender = x.loc.T(alliance.GenderKey(p.Gender, p.IsChild()))
				}
				if err := fn([]any{t.Title, from, name, gender, x.loc.T("role." + string(p.Role)), year,
					p.AgeGroup, p.Organisation, p.AttendedHours(t), x.yesNo(p.Completed(t))}); err != nil {
					return err
				}
			}
			return nil
		})
	case Certificates:
		return src.EachCertificate(ctx, f, func(c *alliance.Certificate, holder *alliance.Participant) error {
			return fn([]any{c.Serial, x.rosterName(c.HolderName, holder != nil && holder.IsChild()), c.TrainingTitle, c.Hours, c.From, c.To, c.Place, c.OrgName,
				alliance.DateOf(c.IssuedAt.Local()), c.Languages})
		})
	case Entries:
		return src.EachEntry(ctx, f, func(e *alliance.Entry, c *alliance.Contest) error {
			var rank, score any = "", ""
			if e.Rank > 0 {
				rank, score = e.Rank, e.Score
			}
			gender := ""
			if e.Gender != "" {
				gender = x.loc.T(alliance.GenderKey(e.Gender, true))
			}
			ages := ""
			if g, ok := c.AgeGroupByID(e.AgeGroupID); ok {
				ages = g.Label()
			}
			settlement := "" // where a child lives leaves with the name only
			if x.o.IncludeChildNames && e.Consent.PublicationAllowed() {
				settlement = e.Settlement
			}
			return fn([]any{c.Title, e.Code, x.childName(e.FirstName, e.LastName, e.Consent.PublicationAllowed()), e.Age, gender,
				x.loc.T("category." + string(e.Category)), ages, x.region(e.RegionID), settlement, e.Title,
				x.loc.T("entry.state." + string(e.State)), rank, score, x.o.Orgs[e.OrgID], alliance.DateOf(e.SubmittedAt.Local())})
		})
	}
	return alliance.Errorf(alliance.EINVALID, "no such table %q", t)
}

// activityColumns are the activity table's columns: alliance.ActivityFields
// in their order, with the people's total after the last count.
func (x *exporter) activityColumns() []column {
	var cols []column
	fs := alliance.ActivityFields
	for i, f := range fs {
		kind := text
		switch f.Type {
		case alliance.TypeDate:
			kind = date
		case alliance.TypeCount:
			kind = whole
		}
		cols = append(cols, column{header: x.loc.T("export.col." + f.Export), kind: kind})
		if lastCount(fs, i) {
			cols = append(cols, column{header: x.loc.T("export.col.total"), kind: whole})
		}
	}
	return cols
}

// activityRow is a's row of activityColumns: codes as their labels,
// organisations and regions by name.
func (x *exporter) activityRow(a *alliance.Activity) []any {
	fs := alliance.ActivityFields
	row := make([]any, 0, len(fs)+1)
	for i, f := range fs {
		var v any
		switch f.Type {
		case alliance.TypeDate:
			v = *f.DatePtr(a)
		case alliance.TypeText, alliance.TypeCount:
			v = f.Value(a)
		case alliance.TypeCode:
			v = x.label(f.Label + *f.StringPtr(a))
		case alliance.TypeCodes:
			switch codes := f.Value(a).([]string); f.Refers {
			case alliance.RefArticle: // with their numbers
				v = x.articles(codes)
			case alliance.RefCampaign: // by name
				v = x.names(x.o.Campaigns, codes)
			default:
				v = x.labels(f.Label, codes)
			}
		case alliance.TypeFiles:
			v = x.attachments(a.Attachments)
		case alliance.TypeUses:
			v = x.uses(a.Resources)
		case alliance.TypeRef:
			switch id := *f.StringPtr(a); f.Refers {
			case alliance.RefOrganisation:
				v = x.o.Orgs[id]
			case alliance.RefRegion:
				v = x.region(id)
			default:
				v = id
			}
		}
		row = append(row, v)
		if lastCount(fs, i) {
			row = append(row, a.Reached.Total())
		}
	}
	return row
}

// lastCount says whether field i is the last of a run of counts (the
// people reached), after which their total is shown.
func lastCount(fs []alliance.ActivityField, i int) bool {
	return fs[i].Type == alliance.TypeCount && (i+1 == len(fs) || fs[i+1].Type != alliance.TypeCount)
}
