package i18n

import "github.com/ngo-alliance/alliance/internal/alliance"

// Article names an article of the Convention with its number: "Art. 19 ·
// Protection from all forms of violence" (its code when unknown).
func (l *Localizer) Article(code alliance.Article) string {
	a, ok := alliance.LookupArticle(code)
	if !ok {
		return string(code)
	}
	return l.Tf("crc.article_label", Args{"Number": a.Number, "Title": l.T("crc.article." + string(code))})
}

// Cluster names a cluster of the Committee with its number: "V. Violence
// against children".
func (l *Localizer) Cluster(c alliance.Cluster) string {
	return l.Tf("crc.cluster_label", Args{"Number": string(c), "Title": l.T("crc.cluster." + string(c))})
}

// Article is Localizer.Article in the current language.
func Article(code alliance.Article) string { return For(Language()).Article(code) }

// Cluster is Localizer.Cluster in the current language.
func Cluster(c alliance.Cluster) string { return For(Language()).Cluster(c) }
