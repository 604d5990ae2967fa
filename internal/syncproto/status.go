package syncproto

import (
	"net/http"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// httpStatus maps error codes to HTTP statuses; the client maps back.
var httpStatus = map[string]int{
	alliance.EINVALID:      http.StatusBadRequest,
	alliance.EPROTOCOL:     http.StatusBadRequest,
	alliance.EUNAUTHORIZED: http.StatusUnauthorized,
	alliance.EREVOKED:      http.StatusUnauthorized,
	alliance.EEXPIRED:      http.StatusUnauthorized,
	alliance.EFORBIDDEN:    http.StatusForbidden,
	alliance.ENOTFOUND:     http.StatusNotFound,
	alliance.ECONFLICT:     http.StatusConflict,
	alliance.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	alliance.EDISKFULL:     http.StatusInsufficientStorage,
	alliance.EUNAVAILABLE:  http.StatusServiceUnavailable,
	alliance.EINTERNAL:     http.StatusInternalServerError,
	alliance.ELIMITED:      http.StatusTooManyRequests,
	alliance.ESEQUENCE:     http.StatusConflict,
	alliance.ECLONED:       http.StatusConflict,
}

// HTTPStatus returns the HTTP status of an error code.
func HTTPStatus(code string) int {
	if s, ok := httpStatus[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// CodeOf returns the error code of an answer: the body's code when there
// is one, else the first code mapped to the status.
func CodeOf(status int, body ErrorBody) string {
	if body.Code != "" {
		return body.Code
	}
	for _, code := range []string{alliance.EINVALID, alliance.EUNAUTHORIZED, alliance.EFORBIDDEN, alliance.ENOTFOUND,
		alliance.ECONFLICT, alliance.ETOOLARGE, alliance.EDISKFULL, alliance.EUNAVAILABLE, alliance.ELIMITED} {
		if httpStatus[code] == status {
			return code
		}
	}
	if status >= 500 {
		return alliance.EUNAVAILABLE
	}
	return alliance.EINTERNAL
}
