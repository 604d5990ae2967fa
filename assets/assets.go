// Package assets embeds the app's artwork: the alliance emblem used as the
// window and package icon (and later on certificates).
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the alliance emblem, 512×512 PNG.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
