package report

import (
	"github.com/ngo-alliance/alliance/internal/i18n"
	"image/color"
	"strconv"
	"time"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/chart"
)

// Figure is one number of a summary with its label.
type Figure struct {
	Label string
	Value float64
}

// Dashboard returns a summary's figures and charts in the language of o.
func Dashboard(s *alliance.Summary, o Options) ([]Figure, []*chart.Chart) {
	x := newExporter(o)
	return x.figures(s), x.charts(s)
}

func (x *exporter) figures(s *alliance.Summary) []Figure {
	f := func(key string, v float64) Figure { return Figure{Label: x.loc.T("report.fig." + key), Value: v} }
	r := s.Reached
	return []Figure{
		f("activities", float64(s.Activities)),
		f("reached", float64(r.Total())),
		f("children", float64(s.Children())),
		f("girls", float64(r.Girls)),
		f("boys", float64(r.Boys)),
		f("women", float64(r.Women)),
		f("men", float64(r.Men)),
		f("disabled", float64(r.Disabled)),
		f("regions", float64(s.RegionsCovered)),
		f("tagged", float64(s.Tagged)),
		f("trainings", float64(s.Trainings)),
		f("training_hours", s.TrainingHours),
		f("participants", float64(s.Participants)),
		f("completed", float64(s.Completed)),
		f("completed_women", float64(s.CompletedFemale)),
		f("completed_men", float64(s.CompletedMale)),
		f("certificates", float64(s.CertificatesIssued)),
		f("entries", float64(s.EntriesSubmitted)),
	}
}

var (
	pink   = color.NRGBA{0xd9, 0x4f, 0x8a, 0xff}
	blue   = color.NRGBA{0x1d, 0x5f, 0xa8, 0xff}
	rose   = color.NRGBA{0xee, 0x9a, 0xbf, 0xff}
	sky    = color.NRGBA{0x7d, 0xa7, 0xd9, 0xff}
	orange = color.NRGBA{0xd9, 0x6c, 0x1e, 0xff}
)

// charts are the summary's pictures: months, kinds, people, regions,
// areas, the Convention's clusters, campaigns, contest entries by
// category and by region.
func (x *exporter) charts(s *alliance.Summary) []*chart.Chart {
	counts := func(cs []alliance.Count, label func(string) string) ([]string, []float64) {
		labels, values := make([]string, len(cs)), make([]float64, len(cs))
		for i, c := range cs {
			labels[i], values[i] = label(c.Key), float64(c.Value)
		}
		return labels, values
	}
	month := func(key string) string {
		t, err := time.Parse("2006-01", key)
		if err != nil {
			return key
		}
		label := x.loc.T("month.short." + strconv.Itoa(int(t.Month()))) // June and July differ: İyn, İyl
		if len(s.ActivitiesByMonth) > 12 || t.Month() == time.January {
			label += " " + t.Format("06")
		}
		return label
	}
	var out []*chart.Chart
	add := func(title string, kind chart.Kind, labels []string, values []float64, colors ...color.Color) {
		out = append(out, &chart.Chart{Title: x.loc.T("report.chart." + title), Kind: kind, Labels: labels, Values: values, Colors: colors,
			Number: x.loc.Figure})
	}
	l, v := counts(s.ActivitiesByMonth, month)
	add("months", chart.Line, l, v)
	l, v = counts(s.ActivitiesByKind, func(k string) string { return x.loc.T("kind." + k) })
	add("kinds", chart.HBars, l, v)
	r := s.Reached
	add("people", chart.Bars,
		[]string{x.loc.T("report.fig.girls"), x.loc.T("report.fig.boys"), x.loc.T("report.fig.women"), x.loc.T("report.fig.men"), x.loc.T("report.fig.disabled")},
		[]float64{float64(r.Girls), float64(r.Boys), float64(r.Women), float64(r.Men), float64(r.Disabled)}, pink, blue, rose, sky, orange)
	l, v = counts(s.ByRegion, x.region)
	add("regions", chart.HBars, l, v)
	l, v = counts(s.ByArea, func(k string) string { return x.loc.T("area." + k) })
	add("areas", chart.HBars, l, v)
	l, v = counts(s.ByCluster, func(k string) string { return x.loc.Cluster(alliance.Cluster(k)) })
	add("clusters", chart.HBars, l, v)
	var named []alliance.Count // campaigns this laptop knows, the ten with most activities
	for _, c := range s.ByCampaign {
		if _, ok := x.o.Campaigns[c.Key]; ok && len(named) < 10 {
			named = append(named, c)
		}
	}
	l, v = counts(named, func(id string) string { return x.o.Campaigns[id] })
	add("campaigns", chart.HBars, l, v)
	l, v = counts(s.EntriesByCategory, func(k string) string { return x.loc.T("category." + k) })
	add("entries", chart.Bars, l, v, orange)
	l, v = counts(s.EntriesByRegion, x.region)
	add("entries_regions", chart.HBars, l, v, orange)
	return out
}

// title is the summary's heading: the period and the scope.
func (x *exporter) title(s *alliance.Summary) (string, string) {
	f := s.Filter
	period := x.loc.T("report.all_time")
	switch {
	case !f.From.IsZero() && !f.To.IsZero():
		period = f.From.DMY() + " – " + f.To.DMY()
	case !f.From.IsZero():
		period = x.loc.Tf("report.since", map[string]any{"Date": f.From.DMY()})
	case !f.To.IsZero():
		period = x.loc.Tf("report.until", map[string]any{"Date": f.To.DMY()})
	}
	scope := x.loc.T("report.scope.all")
	switch {
	case f.OrgID != "":
		scope = x.o.Orgs[f.OrgID]
	case f.RegionID != "":
		scope = x.region(f.RegionID)
	}
	return period, scope
}

// madeBy says who made the export on which laptop ("" when neither is
// known).
func (x *exporter) madeBy() string {
	device := x.o.Device
	if len(device) > 8 {
		device = device[:8] // as the Settings screen's id begins
	}
	switch {
	case x.o.By != nil:
		return x.loc.Tf("report.made_by", i18n.Args{"Name": x.o.By.Name, "Device": device})
	case device != "":
		return x.loc.Tf("report.made_on", i18n.Args{"Device": device})
	}
	return ""
}
