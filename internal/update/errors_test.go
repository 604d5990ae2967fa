package update

import (
	"errors"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

func asError(err error, e **alliance.Error) bool { return errors.As(err, e) }
