package env

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Screen ids, in navigation order: each is an area's screen.
const (
	ScreenActivities = "activities"
	ScreenTrainings  = "trainings"
	ScreenContests   = "contests"
	ScreenCampaigns  = "campaigns"
	ScreenLibrary    = "library"
	ScreenDirectory  = "directory"
	ScreenReports    = "reports"
	ScreenSync       = "sync"
	ScreenSettings   = "settings"
)

// Screens lists the navigation entries in order.
var Screens = []string{ScreenActivities, ScreenTrainings, ScreenContests, ScreenCampaigns, ScreenLibrary, ScreenDirectory, ScreenReports, ScreenSync, ScreenSettings}

// ScreenIcon is the navigation's icon of screen id.
func ScreenIcon(id string) fyne.Resource {
	switch id {
	case ScreenActivities:
		return theme.ListIcon()
	case ScreenTrainings:
		return theme.AccountIcon()
	case ScreenContests:
		return theme.MediaPhotoIcon()
	case ScreenDirectory:
		return theme.HomeIcon()
	case ScreenCampaigns:
		return theme.RadioButtonCheckedIcon()
	case ScreenLibrary:
		return theme.FolderIcon()
	case ScreenReports:
		return theme.DocumentIcon()
	case ScreenSync:
		return theme.ViewRefreshIcon()
	case ScreenSettings:
		return theme.SettingsIcon()
	}
	return theme.ListIcon()
}
