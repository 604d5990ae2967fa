package syncclient

import (
	"context"
	"errors"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// userKeys are the translation keys of the sync's errors, by code.
var userKeys = map[string]string{
	alliance.EUNAVAILABLE:  "sync.error.offline",
	alliance.EUNAUTHORIZED: "sync.error.unauthorized",
	alliance.EREVOKED:      "sync.error.revoked",
	alliance.EEXPIRED:      "sync.error.expired",
	alliance.EPROTOCOL:     "sync.error.protocol",
	alliance.EFORBIDDEN:    "sync.error.forbidden",
	alliance.ETOOLARGE:     "sync.error.too_large",
	alliance.EINVALID:      "sync.error.invalid",
	alliance.EDISKFULL:     "sync.error.server_full",
	alliance.ENOTFOUND:     "sync.error.not_a_server",
	alliance.ECLONED:       "sync.error.cloned",
	alliance.ESEQUENCE:     "sync.error.sequence",
	alliance.ELIMITED:      "sync.error.rate_limited",
	alliance.EINSECURE:     "sync.error.insecure",
}

// UserError turns an error of the sync into an *alliance.Error whose
// translated message says what happened and what to do. Errors that are
// already the domain's (a full local disk…) pass unchanged.
func UserError(err error) error {
	if err == nil {
		return nil
	}
	var de *alliance.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return alliance.Keyed(alliance.EUNAVAILABLE, "sync.error.offline", nil, "%v", err)
	}
	code := ErrorCode(err)
	var ae *APIError
	if errors.As(err, &ae) && ae.Status >= 500 && code != alliance.EDISKFULL {
		return alliance.Keyed(alliance.EUNAVAILABLE, "sync.error.server", nil, "%v", err)
	}
	key, ok := userKeys[code]
	if !ok {
		key = "sync.error.server"
	}
	return alliance.Keyed(code, key, nil, "%v", err)
}
