package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/searchd/searchd/index"
)

// errorEnvelope is the JSON body of every error response.
type errorEnvelope struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func errorBody(code, message string) errorEnvelope {
	return errorEnvelope{Error: errorDetail{Code: code, Message: message}}
}

// paramError is a bad request parameter detected by the API itself.
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

// classify maps an error to its status and code; kinds come from the index.
func classify(err error) (int, string) {
	var maxBytes *http.MaxBytesError
	var perr *paramError
	switch {
	case errors.As(err, &perr):
		return http.StatusBadRequest, "invalid_argument"
	case errors.As(err, &maxBytes), errors.Is(err, index.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, "too_large"
	case errors.Is(err, index.ErrRead):
		return http.StatusBadRequest, "bad_body"
	case errors.Is(err, index.ErrExists):
		return http.StatusConflict, "conflict"
	case errors.Is(err, index.ErrBadQuery):
		return http.StatusBadRequest, "bad_query"
	case errors.Is(err, index.ErrInvalid):
		return http.StatusBadRequest, "invalid_argument"
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, errNotFoundRoute):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed, "method_not_allowed"
	case errors.Is(err, errNoKey):
		return http.StatusUnauthorized, "unauthorized"
	case errors.Is(err, errBadKey):
		return http.StatusForbidden, "forbidden"
	case errors.Is(err, errBusy), errors.Is(err, errWriteBusy):
		return http.StatusServiceUnavailable, "overloaded"
	case errors.Is(err, errNotReady):
		return http.StatusServiceUnavailable, "not_ready"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "timeout"
	case errors.Is(err, context.Canceled):
		return 499, "canceled"
	default:
		return http.StatusInternalServerError, "internal"
	}
}

// message is what the client is told: the error without its kind suffix;
// internal errors are logged, not shown.
func message(err error, status int) string {
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &maxBytes):
		return "request body is larger than the limit of " + strconv.FormatInt(maxBytes.Limit, 10) + " bytes"
	case status == http.StatusInternalServerError:
		return "internal error"
	case status == http.StatusServiceUnavailable && errors.Is(err, context.DeadlineExceeded):
		return "request took longer than the configured timeout"
	}
	msg := err.Error()
	for _, kind := range []error{index.ErrInvalid, index.ErrBadQuery, index.ErrTooLarge, index.ErrNotFound} {
		msg = strings.TrimSuffix(msg, ": "+kind.Error())
	}
	return msg
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code := classify(err)
	if status >= 500 && status != http.StatusServiceUnavailable {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="searchd"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "1")
	}
	if status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", allowedMethods(r.URL.Path))
	}
	writeJSON(w, status, errorBody(code, message(err, status)))
}

// allowedMethods lists the methods a known path answers, for 405's Allow.
func allowedMethods(p string) string {
	switch {
	case p == "/api/v1/search":
		return "GET, POST"
	case p == "/api/v1/articles", p == "/api/v1/articles/_bulk", p == "/api/v1/admin/backup":
		return "POST"
	case strings.HasPrefix(p, "/api/v1/articles/"):
		return "GET, DELETE"
	default:
		return "GET, HEAD"
	}
}
