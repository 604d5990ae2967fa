// Package kit holds what every screen of the app builds with and no
// screen owns: widgets (date entry, chip select, rows to edit, a list
// with its detail), layouts that flow and fit a small screen, a form's
// fields and their errors, labels of the alliance's codes, dialogs. It
// knows no screen and no service: every area of internal/ui builds with it.
package kit
