package update

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/minio/selfupdate"
	"github.com/ulikunitz/xz"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// MaxProgram caps the program a release unpacks to.
const MaxProgram = 512 << 20

// PreviousPath is where the version an update replaced is kept, beside
// the program (a rename away: the same disk).
func PreviousPath(program string) string {
	return filepath.Join(filepath.Dir(program), "."+filepath.Base(program)+".previous")
}

// undonePath is where GoBack moves the version it undoes; a running
// program cannot be deleted on Windows, so the next start removes it.
func undonePath(program string) string {
	return filepath.Join(filepath.Dir(program), "."+filepath.Base(program)+".undone")
}

// newPath is where selfupdate writes the new program before the swap.
func newPath(program string) string {
	return filepath.Join(filepath.Dir(program), "."+filepath.Base(program)+".new")
}

// Install unpacks the release file (the program, xz-compressed) and puts
// it in place of program, keeping program at PreviousPath. The new program
// is written and flushed to disk beside the old one first, then the two
// are swapped by renames: a failure or a power cut leaves one of them in
// place, never half of one. The caller has verified the file.
func Install(program, file string) error {
	opts := selfupdate.Options{TargetPath: program, OldSavePath: PreviousPath(program)}
	dir := filepath.Dir(program)
	if err := opts.CheckPermissions(); err != nil {
		return alliance.Keyed(alliance.EUNAVAILABLE, "error.update_cannot_write", alliance.Args{"Dir": dir},
			"the program's folder %s cannot be written by this user (%v): install the new version from its package", dir, err)
	}
	f, err := os.Open(file)
	if err != nil {
		return alliance.OSError(err, filepath.Dir(file))
	}
	defer f.Close()
	xr, err := xz.NewReader(bufio.NewReader(f))
	if err != nil {
		return damaged(err)
	}
	if err := selfupdate.PrepareAndCheckBinary(&limited{r: xr, n: MaxProgram}, opts); err != nil {
		_ = os.Remove(newPath(program))
		if errors.Is(err, errTooBig) || !isOSError(err) {
			return damaged(err)
		}
		return alliance.OSError(err, dir)
	}
	if err := syncFile(newPath(program)); err != nil {
		_ = os.Remove(newPath(program))
		return alliance.OSError(err, dir)
	}
	if err := selfupdate.CommitBinary(opts); err != nil {
		if rerr := selfupdate.RollbackError(err); rerr != nil {
			return fmt.Errorf("put the new version in place (%v), and the old one back (%v): reinstall Alliance from its package; the data is safe", err, rerr)
		}
		_ = os.Remove(newPath(program))
		return alliance.OSError(err, dir)
	}
	syncDir(dir)
	return nil
}

// GoBack puts the version kept at PreviousPath back in place of program.
func GoBack(program string) error {
	prev, dir := PreviousPath(program), filepath.Dir(program)
	if _, err := os.Stat(prev); err != nil {
		return alliance.Keyed(alliance.ENOTFOUND, "error.update_no_previous", nil, "no previous version is kept beside %s", program)
	}
	undone := undonePath(program)
	_ = os.Remove(undone)
	if err := os.Rename(program, undone); err != nil {
		return alliance.OSError(err, dir)
	}
	if err := os.Rename(prev, program); err != nil {
		if rerr := os.Rename(undone, program); rerr != nil {
			return fmt.Errorf("put the previous version back (%v), and this one again (%v): reinstall Alliance from its package; the data is safe", err, rerr)
		}
		return alliance.OSError(err, dir)
	}
	syncDir(dir)
	return nil
}

// CleanUp removes what an install or a way back left beside program
// (the version undone, a new program never swapped in).
func CleanUp(program string) {
	_ = os.Remove(undonePath(program))
	_ = os.Remove(newPath(program))
}

var errTooBig = errors.New("the release unpacks to more than the largest program")

// limited reads at most n bytes, and fails rather than stop short.
type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errTooBig
	}
	return n, err
}

func damaged(err error) error {
	return alliance.Keyed(alliance.EINVALID, "error.update_damaged", nil, "the release cannot be unpacked: %v", err)
}

func isOSError(err error) bool {
	var pe *os.PathError
	var le *os.LinkError
	return errors.As(err, &pe) || errors.As(err, &le)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes the renames in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
