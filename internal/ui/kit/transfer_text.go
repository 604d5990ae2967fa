package kit

import (
	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/i18n"
)

// TransferText says where a file's transfer stands, and why it waits or
// failed, in the user's language.
func TransferText(f alliance.FileTransfer) string {
	dir := "up"
	if !f.Upload {
		dir = "down"
	}
	size := i18n.Bytes(f.Size)
	switch f.State {
	case alliance.TransferActive:
		return i18n.Tf("files.active."+dir, i18n.Args{"Percent": f.Percent(), "Done": i18n.Bytes(f.Done), "Size": size})
	case alliance.TransferDone:
		return i18n.Tf("files.done."+dir, i18n.Args{"Size": size})
	case alliance.TransferFailed:
		switch f.Code {
		case alliance.ETOOLARGE, alliance.EINVALID, alliance.EINTERNAL:
			return i18n.T("files.failed." + f.Code)
		}
		return i18n.Tf("files.failed", i18n.Args{"Reason": f.Message})
	}
	switch f.Code {
	case alliance.EDISKFULL, alliance.ENOTFOUND, alliance.EUNAVAILABLE:
		if f.Done > 0 {
			return i18n.Tf("files.waiting."+f.Code, nil) + " · " + i18n.Tf("files.so_far", i18n.Args{"Percent": f.Percent()})
		}
		return i18n.T("files.waiting." + f.Code)
	}
	return i18n.Tf("files.waiting", i18n.Args{"Size": size})
}
