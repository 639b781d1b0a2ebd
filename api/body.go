package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"time"
)

// Request bodies. A small body (an article, a search, a backup request) is
// read in full under its own deadline before the request takes a slot, so
// a client that sends it a byte at a time holds a connection until
// Options.BodyReadTimeout, never a search or backup slot. A bulk body is
// streamed; the index takes a write slot per batch it commits, not per
// request, and http.read_timeout bounds the whole body.
//
// Every body must be sent with a JSON media type. Browsers send text/plain,
// application/x-www-form-urlencoded and multipart/form-data across sites
// without asking first (a CORS "simple" request); any other type makes them
// ask with a preflight, which fails unless http.cors_origins allows the page.

var (
	// jsonTypes are the media types of a single-article, search or backup body.
	jsonTypes = []string{"application/json"}
	// ndjsonTypes are the media types of a bulk body: NDJSON, or JSON for
	// clients that only know that one (a JSON object is one NDJSON line).
	ndjsonTypes = []string{"application/x-ndjson", "application/json"}
)

// controllerKey is the context key of the request's *http.ResponseController.
type controllerKey struct{}

// bodyKey is the context key of a body read by withBody.
type bodyKey struct{}

// checkContentType accepts a body sent with one of the accepted media types
// (parameters such as charset ignored), or no body and no Content-Type.
func checkContentType(r *http.Request, accept []string) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		if r.ContentLength == 0 {
			return nil
		}
		return &mediaTypeError{accept: accept}
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil && slices.Contains(accept, mt) {
		return nil
	}
	return &mediaTypeError{got: ct, accept: accept}
}

// withBody checks the body's media type and reads it in full, bounded by
// Options.MaxBodyBytes and Options.BodyReadTimeout, before h runs; h gets it
// from requestBody.
func (s *Server) withBody(h handlerFunc) handlerFunc {
	return func(r *http.Request) (any, int, error) {
		if err := checkContentType(r, jsonTypes); err != nil {
			return nil, 0, err
		}
		body, err := s.readBody(r)
		if err != nil {
			return nil, 0, err
		}
		return h(r.WithContext(context.WithValue(r.Context(), bodyKey{}, body)))
	}
}

// requestBody returns the body withBody read.
func requestBody(r *http.Request) ([]byte, error) {
	body, ok := r.Context().Value(bodyKey{}).([]byte)
	if !ok {
		return nil, errors.New("route reads a body without withBody")
	}
	return body, nil
}

// readBody reads a size-limited body under Options.BodyReadTimeout. Where
// the connection takes no read deadline (a ResponseWriter of a test), the
// server's read timeout alone bounds it.
func (s *Server) readBody(r *http.Request) ([]byte, error) {
	rc, _ := r.Context().Value(controllerKey{}).(*http.ResponseController)
	deadline := rc != nil && rc.SetReadDeadline(time.Now().Add(s.opts.BodyReadTimeout)) == nil
	body, err := io.ReadAll(&bodyReader{r: http.MaxBytesReader(nil, r.Body, s.opts.MaxBodyBytes)})
	if err != nil {
		// The deadline stays: net/http reads what is left of a body before
		// it answers, and must not wait for a client that stalled.
		return nil, err
	}
	if deadline {
		// The whole body is read; the server sets the next request's
		// deadlines itself.
		_ = rc.SetReadDeadline(time.Time{})
	}
	return body, nil
}

// bodyReader marks the errors of reading the request body as *bodyError,
// and keeps the first so that it is known even when the reader's caller
// reports something else (the cancellation that follows a failed read).
type bodyReader struct {
	r   io.Reader
	err error
}

// Read reads from the body; io.EOF passes unchanged.
func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		if b.err == nil {
			b.err = &bodyError{err: err}
		}
		return n, b.err
	}
	return n, err
}
