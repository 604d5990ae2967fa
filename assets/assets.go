// Package assets embeds the app's artwork: the alliance emblem (window
// icon, certificates) and the Noto Sans fonts certificates are printed in
// (SIL Open Font License, fonts/OFL.txt; they cover Azerbaijani and
// Cyrillic letters). Plain bytes: no GUI import, the PDF code uses them too.
package assets

import _ "embed"

// IconPNG is the alliance emblem, 512×512 PNG.
//
//go:embed icon.png
var IconPNG []byte

// NotoSansRegular and NotoSansBold are TrueType fonts.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	NotoSansRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	NotoSansBold []byte
)
