package kit

import (
	"fmt"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// The translated labels of the domain's lists, in the lists' order.

func KindCodes() []string {
	out := make([]string, len(alliance.ActivityKinds))
	for i, k := range alliance.ActivityKinds {
		out[i] = string(k)
	}
	return out
}

func KindLabels() []string {
	out := make([]string, len(alliance.ActivityKinds))
	for i, k := range alliance.ActivityKinds {
		out[i] = i18n.T("kind." + string(k))
	}
	return out
}

func AreaCodes() []string {
	out := make([]string, len(alliance.Areas))
	for i, a := range alliance.Areas {
		out[i] = string(a)
	}
	return out
}

func AreaLabels() []string {
	out := make([]string, len(alliance.Areas))
	for i, a := range alliance.Areas {
		out[i] = i18n.T("area." + string(a))
	}
	return out
}

func AudienceCodes() []string {
	out := make([]string, len(alliance.Audiences))
	for i, a := range alliance.Audiences {
		out[i] = string(a)
	}
	return out
}

func RegionLabels(rs []alliance.Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = i18n.RegionName(r)
	}
	return out
}

func SortLabels() []string {
	out := make([]string, len(alliance.ActivitySorts))
	for i, s := range alliance.ActivitySorts {
		out[i] = i18n.T("sort." + string(s))
	}
	return out
}

// RegionName returns the translated name of the region with id.
func RegionName(rs []alliance.Region, id string) string {
	for _, r := range rs {
		if r.ID == id {
			return i18n.RegionName(r)
		}
	}
	return id
}

func AudienceLabels() []string {
	out := make([]string, len(alliance.Audiences))
	for i, a := range alliance.Audiences {
		out[i] = i18n.T("audience." + string(a))
	}
	return out
}

// GenderLabels are the genders as said of a child (girl, boy) or an adult.
func GenderLabels(child bool) []string {
	out := make([]string, len(alliance.Genders))
	for i, g := range alliance.Genders {
		out[i] = i18n.T(alliance.GenderKey(g, child))
	}
	return out
}

func RoleLabels() []string {
	out := make([]string, len(alliance.Roles))
	for i, r := range alliance.Roles {
		out[i] = i18n.T("role." + string(r))
	}
	return out
}

// ArticleCodes are the codes of the Convention's taggable articles, in
// order.
func ArticleCodes() []string {
	out := make([]string, len(alliance.Articles))
	for i, a := range alliance.Articles {
		out[i] = string(a)
	}
	return out
}

// CampaignIDs are the ids of campaigns, in their order.
func CampaignIDs(cs []alliance.Campaign) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// CampaignName is the name of campaign id in the app's language; one this
// laptop does not hold says so.
func CampaignName(cs []alliance.Campaign, id string) string {
	for _, c := range cs {
		if c.ID == id {
			return c.NameIn(i18n.Language())
		}
	}
	return i18n.T("campaign.unknown")
}

// LanguagePairLabels names the certificates' language pairs.
func LanguagePairLabels() []string {
	var pairs []string
	for _, p := range alliance.LanguagePairs {
		pairs = append(pairs, PairLabel(p))
	}
	return pairs
}

// PairLabel names a language pair in the languages' own names.
func PairLabel(pair string) string {
	var names []string
	for _, code := range strings.Split(pair, "+") {
		names = append(names, i18n.T("lang."+code))
	}
	return strings.Join(names, " + ")
}

// FileDetail is a file's type, size and picture size or length.
func FileDetail(ref alliance.FileRef) string {
	kind := map[string]string{alliance.TypeJPEG: "JPEG", alliance.TypePNG: "PNG", alliance.TypeMP4: "MP4", alliance.TypePDF: "PDF"}[ref.Type]
	parts := []string{kind, i18n.Bytes(ref.Size)}
	switch {
	case ref.Width > 0:
		parts = append(parts, fmt.Sprintf("%d×%d", ref.Width, ref.Height))
	case ref.Seconds > 0:
		parts = append(parts, i18n.Tf("entry.seconds", i18n.Args{"Seconds": i18n.Decimal(ref.Seconds)}))
	}
	return strings.Join(parts, " · ")
}
