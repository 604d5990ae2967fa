package ui

import (
	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// The translated labels of the domain's lists, in the lists' order.

func kindCodes() []string {
	out := make([]string, len(alliance.ActivityKinds))
	for i, k := range alliance.ActivityKinds {
		out[i] = string(k)
	}
	return out
}

func kindLabels() []string {
	out := make([]string, len(alliance.ActivityKinds))
	for i, k := range alliance.ActivityKinds {
		out[i] = i18n.T("kind." + string(k))
	}
	return out
}

func areaCodes() []string {
	out := make([]string, len(alliance.Areas))
	for i, a := range alliance.Areas {
		out[i] = string(a)
	}
	return out
}

func areaLabels() []string {
	out := make([]string, len(alliance.Areas))
	for i, a := range alliance.Areas {
		out[i] = i18n.T("area." + string(a))
	}
	return out
}

func audienceCodes() []string {
	out := make([]string, len(alliance.Audiences))
	for i, a := range alliance.Audiences {
		out[i] = string(a)
	}
	return out
}

func regionLabels(rs []alliance.Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = i18n.RegionName(r)
	}
	return out
}

func sortLabels() []string {
	out := make([]string, len(alliance.ActivitySorts))
	for i, s := range alliance.ActivitySorts {
		out[i] = i18n.T("sort." + string(s))
	}
	return out
}

// regionName returns the translated name of the region with id.
func regionName(rs []alliance.Region, id string) string {
	for _, r := range rs {
		if r.ID == id {
			return i18n.RegionName(r)
		}
	}
	return id
}

func audienceLabels() []string {
	out := make([]string, len(alliance.Audiences))
	for i, a := range alliance.Audiences {
		out[i] = i18n.T("audience." + string(a))
	}
	return out
}

// genderLabels are the genders as said of a child (girl, boy) or an adult.
func genderLabels(child bool) []string {
	out := make([]string, len(alliance.Genders))
	for i, g := range alliance.Genders {
		out[i] = i18n.T(alliance.GenderKey(g, child))
	}
	return out
}

func roleLabels() []string {
	out := make([]string, len(alliance.Roles))
	for i, r := range alliance.Roles {
		out[i] = i18n.T("role." + string(r))
	}
	return out
}
