package alliance

// The Convention on the Rights of the Child, as the UN Committee asks
// reports to be organised: clusters of articles (CRC/C/58/Rev.3). An
// activity is tagged with articles; its clusters follow from them. Titles
// are translations: "crc.cluster." + cluster and "crc.article." + code.

// Cluster is one of the Committee's clusters, by its Roman number.
type Cluster string

// The clusters, in the Committee's order.
const (
	ClusterGeneralMeasures Cluster = "I"
	ClusterDefinition      Cluster = "II"
	ClusterPrinciples      Cluster = "III"
	ClusterCivilRights     Cluster = "IV"
	ClusterViolence        Cluster = "V"
	ClusterFamily          Cluster = "VI"
	ClusterHealth          Cluster = "VII"
	ClusterEducation       Cluster = "VIII"
	ClusterSpecial         Cluster = "IX"
)

// Clusters lists the clusters in order.
var Clusters = []Cluster{
	ClusterGeneralMeasures, ClusterDefinition, ClusterPrinciples, ClusterCivilRights, ClusterViolence,
	ClusterFamily, ClusterHealth, ClusterEducation, ClusterSpecial,
}

// Article is an article of the Convention that an activity can be tagged
// with: its number ("19"), a paragraph the Committee puts in another
// cluster than the rest of its article ("24.3": article 24(3), harmful
// traditional practices, under violence; "24" is the rest), or an Optional
// Protocol ("opsc", "opac").
type Article string

// CRCArticle is a taggable article: its code, its number as printed and
// the clusters it is reported under.
type CRCArticle struct {
	Code     Article
	Number   string // "24(3)", "37(b)–(d)", "OPSC"
	Clusters []Cluster
}

// CRCArticles lists the taggable articles in the Convention's order.
var CRCArticles = crcArticles()

func crcArticles() []CRCArticle {
	var out []CRCArticle
	add := func(code, number string, cs ...Cluster) {
		out = append(out, CRCArticle{Code: Article(code), Number: number, Clusters: cs})
	}
	art := func(n string, cs ...Cluster) { add(n, n, cs...) }
	const (
		I, II, III, IV, V = ClusterGeneralMeasures, ClusterDefinition, ClusterPrinciples, ClusterCivilRights, ClusterViolence
		VI, VII, VIII, IX = ClusterFamily, ClusterHealth, ClusterEducation, ClusterSpecial
	)
	art("1", II)
	art("2", III)
	art("3", III)
	art("4", I)
	art("5", VI)
	art("6", III, VII)
	art("7", IV)
	art("8", IV)
	art("9", VI)
	art("10", VI)
	art("11", VI)
	art("12", III)
	for _, n := range []string{"13", "14", "15", "16", "17"} {
		art(n, IV)
	}
	add("18", "18(1)–(2)", VI)
	add("18.3", "18(3)", VII)
	art("19", V)
	art("20", VI)
	art("21", VI)
	art("22", IX)
	art("23", VII)
	art("24", VII)
	add("24.3", "24(3)", V)
	art("25", VI)
	art("26", VII)
	add("27", "27(1)–(3)", VII)
	add("27.4", "27(4)", VI)
	art("28", VIII)
	add("28.2", "28(2)", V)
	art("29", VIII)
	art("30", VIII, IX)
	art("31", VIII)
	for _, n := range []string{"32", "33", "34", "35", "36"} {
		cs := []Cluster{IX}
		if n == "33" {
			cs = []Cluster{VII, IX}
		}
		if n == "34" {
			cs = []Cluster{V, IX}
		}
		art(n, cs...)
	}
	add("37.a", "37(a)", IV, V)
	add("37", "37(b)–(d)", IX)
	art("38", IX)
	art("39", V, IX)
	art("40", IX)
	art("41", I)
	art("42", I)
	add("44.6", "44(6)", I)
	add("opsc", "OPSC", IX)
	add("opac", "OPAC", IX)
	return out
}

// crcByCode finds a taggable article by its code.
var crcByCode = func() map[Article]CRCArticle {
	m := make(map[Article]CRCArticle, len(CRCArticles))
	for _, a := range CRCArticles {
		m[a.Code] = a
	}
	return m
}()

// Articles are the codes of CRCArticles, in order.
var Articles = func() []Article {
	out := make([]Article, len(CRCArticles))
	for i, a := range CRCArticles {
		out[i] = a.Code
	}
	return out
}()

// LookupArticle returns the taggable article of code, or false.
func LookupArticle(code Article) (CRCArticle, bool) {
	a, ok := crcByCode[code]
	return a, ok
}

// ClusterArticles are the taggable articles reported under c, in order.
func ClusterArticles(c Cluster) []CRCArticle {
	var out []CRCArticle
	for _, a := range CRCArticles {
		for _, x := range a.Clusters {
			if x == c {
				out = append(out, a)
			}
		}
	}
	return out
}

// ArticleClusters are the clusters of the articles given, each once, in
// the Committee's order (unknown codes are left out).
func ArticleClusters(arts []Article) []Cluster {
	seen := map[Cluster]bool{}
	for _, code := range arts {
		for _, c := range crcByCode[code].Clusters {
			seen[c] = true
		}
	}
	var out []Cluster
	for _, c := range Clusters {
		if seen[c] {
			out = append(out, c)
		}
	}
	return out
}

// AreaArticles are the articles a priority area usually concerns: what the
// activity form suggests when an area is chosen and no article yet (the
// alliance's own mapping, a starting point).
var AreaArticles = map[Area][]Article{
	AreaProtection:    {"3", "12", "19", "42"},
	AreaEducation:     {"28", "29"},
	AreaHealth:        {"24"},
	AreaSocialCulture: {"31"},
	AreaDisabilities:  {"23"},
	AreaChildLabour:   {"32"},
	AreaTrafficking:   {"35"},
	AreaViolence:      {"19", "34", "37.a", "39"},
	AreaExploitation:  {"32", "33", "34", "35", "36"},
	AreaParticipation: {"12", "13", "15", "17"},
}

// articles checks a record's articles of the Convention: each one known,
// none twice.
func (v *validator) articles(arts []Article) {
	for _, x := range arts {
		if _, ok := LookupArticle(x); !ok {
			v.add(FieldCRC, "validation.unknown_value", Args{"Value": string(x)})
		}
	}
	if hasDuplicates(arts) {
		v.add(FieldCRC, "validation.duplicate", nil)
	}
}
