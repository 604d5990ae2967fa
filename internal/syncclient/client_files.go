package syncclient

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
	"github.com/ngo-alliance/alliance/internal/syncproto"
)

// The file calls: tus 1.0 for uploads (create, ask the offset, send a
// chunk at it) and byte ranges of a stored file for downloads. They stream
// their bodies through the client's counting transport.

// ErrUploadGone says the server no longer has an upload (finished and
// taken in, or dropped): ask whether it holds the file, else start again.
var ErrUploadGone = errors.New("the upload is gone from the server")

// ErrChecksum says the file that arrived did not match its SHA-256.
var ErrChecksum = errors.New("the server found the file damaged on the way")

func (c *Client) fileRequest(ctx context.Context, method, path string, body io.Reader, size int64) (*http.Request, error) {
	target := path
	if !strings.HasPrefix(path, "http://") && !strings.HasPrefix(path, "https://") {
		target = c.base + path
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.ContentLength = size
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("Tus-Resumable", syncproto.TusVersion)
	req.Header.Set("User-Agent", "alliance/"+fmt.Sprint(syncproto.Version))
	return req, nil
}

// do sends req; an answer of status >= 300 other than those expected
// becomes an *APIError (with the tus error code when tusd answered), a
// failure to get it a *NetError.
func (c *Client) do(ctx context.Context, req *http.Request, ok ...int) (*http.Response, error) {
	resp, err := c.http.GetClient().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &NetError{Err: err}
	}
	for _, s := range ok {
		if resp.StatusCode == s {
			return resp, nil
		}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	var eb syncproto.ErrorBody
	if json.Unmarshal(raw, &eb) != nil || eb.Code == "" {
		// tusd answers "ERR_CODE: message" in plain text.
		code, msg, _ := strings.Cut(strings.TrimSpace(string(raw)), ": ")
		eb = syncproto.ErrorBody{Message: msg}
		if eb.Message == "" {
			eb.Message = code
		}
	}
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusInsufficientStorage && eb.Message == "" {
		return nil, &NetError{Err: fmt.Errorf("server answered %d", resp.StatusCode)}
	}
	eb.Code = syncproto.CodeOf(resp.StatusCode, eb)
	return nil, &APIError{Status: resp.StatusCode, Body: eb}
}

// FileExists asks whether the server holds the file hash.
func (c *Client) FileExists(ctx context.Context, hash string) (bool, error) {
	req, err := c.fileRequest(ctx, http.MethodHead, syncproto.PathBlobs+hash, nil, 0)
	if err != nil {
		return false, err
	}
	resp, err := c.do(ctx, req, http.StatusOK, http.StatusNotFound)
	if err != nil {
		return false, err
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK, nil
}

// CreateUpload starts an upload of size bytes whose SHA-256 is hash and
// returns its address (the path, to survive a change of server address).
func (c *Client) CreateUpload(ctx context.Context, hash, name string, size int64) (string, error) {
	req, err := c.fileRequest(ctx, http.MethodPost, syncproto.PathFiles, nil, 0)
	if err != nil {
		return "", err
	}
	req.Header.Set("Upload-Length", strconv.FormatInt(size, 10))
	req.Header.Set("Upload-Metadata", syncproto.MetaSHA256+" "+base64.StdEncoding.EncodeToString([]byte(hash))+","+
		syncproto.MetaName+" "+base64.StdEncoding.EncodeToString([]byte(name)))
	resp, err := c.do(ctx, req, http.StatusCreated)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Path == "" {
		return "", &NetError{Err: fmt.Errorf("the server gave no upload address")}
	}
	return loc.Path, nil
}

// UploadOffset asks how many bytes of the upload at path the server has.
func (c *Client) UploadOffset(ctx context.Context, path string) (int64, error) {
	req, err := c.fileRequest(ctx, http.MethodHead, path, nil, 0)
	if err != nil {
		return 0, err
	}
	resp, err := c.do(ctx, req, http.StatusOK, http.StatusNoContent, http.StatusNotFound, http.StatusGone)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone {
		return 0, ErrUploadGone
	}
	return strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
}

// UploadChunk sends n bytes of body at offset of the upload at path and
// returns the offset the server has now.
func (c *Client) UploadChunk(ctx context.Context, path string, offset int64, body io.Reader, n int64) (int64, error) {
	req, err := c.fileRequest(ctx, http.MethodPatch, path, body, n)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Upload-Offset", strconv.FormatInt(offset, 10))
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	resp, err := c.do(ctx, req, http.StatusNoContent, http.StatusOK, http.StatusNotFound, http.StatusGone)
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.Status == 460 {
			return 0, ErrChecksum
		}
		return 0, err
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone {
		return 0, ErrUploadGone
	}
	return strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
}

// DownloadRange writes bytes from..from+n-1 of the file hash to w and
// returns how many it wrote and the file's whole size. A file the server
// does not hold, or this laptop may not read, is ENOTFOUND.
func (c *Client) DownloadRange(ctx context.Context, hash string, from, n int64, w io.Writer) (int64, int64, error) {
	req, err := c.fileRequest(ctx, http.MethodGet, syncproto.PathBlobs+hash, nil, 0)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", from, from+n-1))
	resp, err := c.do(ctx, req, http.StatusPartialContent, http.StatusOK)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	total := resp.ContentLength
	if resp.StatusCode == http.StatusPartialContent {
		// Content-Range: bytes 0-1023/4096
		cr := resp.Header.Get("Content-Range")
		if i := strings.LastIndexByte(cr, '/'); i >= 0 {
			total, _ = strconv.ParseInt(cr[i+1:], 10, 64)
		}
	} else if from > 0 {
		return 0, 0, &NetError{Err: fmt.Errorf("the server sent the whole file, not from byte %d", from)}
	}
	lw := &localWriter{w: w}
	written, err := io.Copy(lw, resp.Body)
	switch {
	case lw.err != nil:
		return written, total, lw.err // this laptop's disk, not the network
	case err != nil && ctx.Err() != nil:
		return written, total, ctx.Err()
	case err != nil:
		return written, total, &NetError{Err: err}
	}
	return written, total, nil
}

// localWriter keeps the error of writing to this laptop apart from the
// errors of reading from the network.
type localWriter struct {
	w   io.Writer
	err error
}

func (l *localWriter) Write(p []byte) (int, error) {
	n, err := l.w.Write(p)
	if err != nil {
		l.err = err
	}
	return n, err
}

// notFound reports whether err is the server saying "no such file".
func notFound(err error) bool {
	return ErrorCode(err) == alliance.ENOTFOUND
}
