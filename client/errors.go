package client

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// The codes of the API's error answers ({"error": {"code": …}}).
const (
	CodeInvalidArgument      = "invalid_argument"       // 400: a bad parameter or field
	CodeBadQuery             = "bad_query"              // 400: q does not parse or is refused; Param and Pos say where
	CodeBadBody              = "bad_body"               // 400: the body could not be read to its end
	CodeUnauthorized         = "unauthorized"           // 401: the endpoint needs a key
	CodeForbidden            = "forbidden"              // 403: the key is not valid for the endpoint
	CodeForbiddenOrigin      = "forbidden_origin"       // 403: a browser's cross-site write
	CodeNotFound             = "not_found"              // 404
	CodeMethodNotAllowed     = "method_not_allowed"     // 405
	CodeRequestTimeout       = "request_timeout"        // 408: the body did not arrive in time
	CodeConflict             = "conflict"               // 409: a backup of that name exists, a reindex already running
	CodeTooLarge             = "too_large"              // 413
	CodeUnsupportedMediaType = "unsupported_media_type" // 415
	CodeMisdirectedHost      = "misdirected_host"       // 421: a Host the daemon does not answer to
	CodeCanceled             = "canceled"               // 499: the client left
	CodeInternal             = "internal"               // 500
	CodeTimeout              = "timeout"                // 503: the request took longer than the daemon allows
	CodeOverloaded           = "overloaded"             // 503: too many searches or writes at once; see RetryAfter
	CodeNotReady             = "not_ready"              // 503: the index is not open yet, or the daemon is stopping
	CodeReadOnly             = "read_only"              // 503: readyz?writes=true while the disk is full
	CodeInsufficientStorage  = "insufficient_storage"   // 507: writes refused while the disk is full
)

// Error is an error answer of the API. Use errors.As to get it from the
// error of a call:
//
//	var e *client.Error
//	if errors.As(err, &e) && e.StatusCode == http.StatusNotFound { … }
type Error struct {
	StatusCode int    // the HTTP status
	Code       string // one of the Code constants; empty when the answer was not the API's JSON
	Message    string // the API's message, or the start of a non-JSON answer
	Param      string // the parameter at fault, when the API names one ("q")
	Pos        int    // 1-based column in q of a query error; 0 when none
	// RetryAfter is the wait a 503 answer asks for; 0 when it names none.
	RetryAfter time.Duration
	Method     string // the request's method
	Path       string // the request's path, without the query string
	partial    bool   // the answer also carried a partial result (bulk)
}

// Error reads "searchd: POST /api/v1/search: 400 bad_query: q: …".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "searchd: %s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Temporary reports whether the same request may succeed later: the daemon
// was busy, not ready, timed out, or is out of disk space.
func (e *Error) Temporary() bool {
	return e.StatusCode == 503 || e.StatusCode == 507 || e.StatusCode == 408
}

// HasCode reports whether err is, or wraps, an *Error with the given code.
func HasCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}
