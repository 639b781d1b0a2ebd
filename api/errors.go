package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/index"
)

// errorEnvelope is the JSON body of every error response.
type errorEnvelope struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"` // the parameter at fault, when known
	Pos     int    `json:"pos,omitempty"`   // 1-based column in q of a query error
}

func errorBody(code, message string) errorEnvelope {
	return errorEnvelope{Error: errorDetail{Code: code, Message: message}}
}

// paramError is a bad request parameter detected by the API itself.
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

// bodyError is a failure to read the request body itself (not to decode
// it), kept apart so that a client that left (499) or was too slow (408) is
// not taken for a server fault.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return "read request body: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

// timedOut reports whether a body read failed on a read deadline: the
// server's read_timeout or the API's body_read_timeout.
func (e *bodyError) timedOut() bool {
	var ne net.Error
	return errors.Is(e.err, os.ErrDeadlineExceeded) || (errors.As(e.err, &ne) && ne.Timeout())
}

// mediaTypeError is a request body sent with a Content-Type the endpoint
// does not take.
type mediaTypeError struct {
	got    string
	accept []string
}

func (e *mediaTypeError) Error() string {
	want := strings.Join(e.accept, " or ")
	if e.got == "" {
		return "a request body needs \"Content-Type: " + e.accept[0] + "\" (accepted: " + want + ")"
	}
	return "Content-Type " + strconv.Quote(e.got) + " is not accepted here: send " + want
}

// originError is a browser's state-changing request from another site.
type originError struct{ origin, fetchSite string }

func (e *originError) Error() string {
	from := "origin " + e.origin
	if e.origin == "" {
		from = "a " + e.fetchSite + " page (Sec-Fetch-Site)"
	}
	return "cross-origin request refused: " + from + " is not this daemon's origin and not listed in http.cors_origins"
}

// hostError is a request naming a host this daemon does not answer to.
type hostError struct{ host string }

func (e *hostError) Error() string {
	return "this daemon does not answer to host " + strconv.Quote(e.host) +
		": add the name to http.allowed_hosts if it should (IP addresses and localhost are always accepted)"
}

// readOnlyError is readyz's answer while the index refuses writes. It does
// not unwrap: readyz is not a write, so it is not a 507.
type readOnlyError struct{ reason error }

func (e *readOnlyError) Error() string {
	return "index is read-only, reads keep working: " + clientText(e.reason)
}

// statusClientClosed is nginx's status for a request whose client left.
const statusClientClosed = 499

// answer is the status and code of an error answer.
type answer struct {
	status int
	code   string
}

// kindAnswers maps each kind of the core's errors (package errs) to its
// answer; the kinds it lacks (Locked, Damaged, MappingVersion, Other) are
// faults of the service, 500.
var kindAnswers = map[errs.Kind]answer{
	errs.Invalid:   {http.StatusBadRequest, "invalid_argument"},
	errs.Syntax:    {http.StatusBadRequest, "bad_query"},
	errs.Expensive: {http.StatusBadRequest, "bad_query"},
	errs.Read:      {http.StatusBadRequest, "bad_body"},
	errs.TooLarge:  {http.StatusRequestEntityTooLarge, "too_large"},
	errs.NotFound:  {http.StatusNotFound, "not_found"},
	errs.Exists:    {http.StatusConflict, "conflict"},
	errs.Conflict:  {http.StatusConflict, "conflict"},
	errs.NoSpace:   {http.StatusInsufficientStorage, "insufficient_storage"},
	errs.Busy:      {http.StatusServiceUnavailable, "overloaded"},
}

// classify maps an error to its status and code: the API's own errors
// here, the core's by their kind (kindAnswers).
// It is the one table of statuses: every error answer goes through it.
func classify(err error) (int, string) {
	var (
		maxBytes  *http.MaxBytesError
		perr      *paramError
		bodyErr   *bodyError
		mediaErr  *mediaTypeError
		originErr *originError
		hostErr   *hostError
		readOnly  *readOnlyError
	)
	kind := kindAnswers[errs.KindOf(err)]
	switch {
	case errors.As(err, &perr):
		return http.StatusBadRequest, "invalid_argument"
	case errors.As(err, &maxBytes):
		return http.StatusRequestEntityTooLarge, "too_large"
	case errors.As(err, &bodyErr):
		if bodyErr.timedOut() {
			return http.StatusRequestTimeout, "request_timeout"
		}
		return statusClientClosed, "canceled"
	case errors.As(err, &mediaErr):
		return http.StatusUnsupportedMediaType, "unsupported_media_type"
	case errors.As(err, &hostErr):
		return http.StatusMisdirectedRequest, "misdirected_host"
	case errors.As(err, &originErr):
		return http.StatusForbidden, "forbidden_origin"
	case errors.As(err, &readOnly):
		return http.StatusServiceUnavailable, "read_only"
	case kind.code != "":
		return kind.status, kind.code
	case errors.Is(err, errNotFoundRoute), errors.Is(err, errNoFeeds), errors.Is(err, errNoSaved):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed, "method_not_allowed"
	case errors.Is(err, errNoKey):
		return http.StatusUnauthorized, "unauthorized"
	case errors.Is(err, errBadKey):
		return http.StatusForbidden, "forbidden"
	case errors.Is(err, errBusy), errors.Is(err, errBackupBusy), errors.Is(err, errExportBusy):
		return http.StatusServiceUnavailable, "overloaded"
	case errors.Is(err, errNotReady):
		return http.StatusServiceUnavailable, "not_ready"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "timeout"
	case errors.Is(err, context.Canceled):
		return statusClientClosed, "canceled"
	default:
		return http.StatusInternalServerError, "internal"
	}
}

// message is what the client is told: the error without its kind suffix
// and without filesystem paths; internal errors are logged, not shown.
func message(err error, status int) string {
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &maxBytes):
		return "request body is larger than the limit of " + strconv.FormatInt(maxBytes.Limit, 10) + " bytes"
	case status == http.StatusInternalServerError:
		return "internal error"
	case status == http.StatusRequestTimeout:
		return "the request body did not arrive in time (http.body_read_timeout, or http.read_timeout for bulk bodies)"
	case status == statusClientClosed:
		return "the client closed the connection before the request was complete"
	case status == http.StatusInsufficientStorage:
		return "writes are refused: the disk holding the index is full; reads keep working, and writes resume once space is freed"
	case status == http.StatusServiceUnavailable && errors.Is(err, context.DeadlineExceeded):
		return "request took longer than the configured timeout"
	case status == http.StatusServiceUnavailable && errors.Is(err, index.ErrBusy):
		return "too many writes at once; retry shortly"
	case status == http.StatusBadRequest && slices.Contains([]errs.Kind{errs.Syntax, errs.Expensive}, errs.KindOf(err)):
		// The parser's message quotes the query: a /regexp/ must stay as typed.
		return trimKinds(err.Error())
	}
	return clientText(err)
}

// trimKinds removes the kind a message ends with after ": " when a Kind
// was wrapped with fmt.Errorf ("article 7: not found"): the code says it.
func trimKinds(msg string) string {
	for _, k := range errs.Kinds() {
		msg = strings.TrimSuffix(msg, ": "+k.String())
	}
	return msg
}

// absPath finds absolute filesystem paths of two or more elements where a
// message names a file: at its start, or after a space, quote, parenthesis,
// '=' or ':' that does not begin a URL's "//".
var absPath = regexp.MustCompile(`(^|[\s"'(=\[])/[^\s"'()\[\]{}<>,;:/]+(/[^\s"'()\[\]{}<>,;:/]*)+`)

// redactPaths replaces absolute filesystem paths in a message with
// "<path>": where the index keeps its files is no business of clients.
func redactPaths(msg string) string {
	return absPath.ReplaceAllString(msg, "$1<path>")
}

// clientText is an error's message as clients may see it.
func clientText(err error) string {
	return redactPaths(trimKinds(err.Error()))
}

// writeError writes the JSON error answer of err, with partial (a bulk
// load's result so far, or nil) beside it. Every error answer goes through
// here: handlers', the router's 404 and 405, the host, origin and CORS
// checks, and panic recovery.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error, partial any) {
	status, code := classify(err)
	res, bulk := partial.(index.BulkResult)
	attrs := []any{"method", r.Method, "path", r.URL.Path, "err", err}
	if bulk {
		attrs = append(attrs, "indexed", res.Indexed, "failed", res.Failed)
	}
	switch {
	case status == http.StatusInsufficientStorage:
		s.log.Warn("write refused: disk full", attrs...)
	case status >= 500 && status != http.StatusServiceUnavailable:
		s.log.Error("request failed", attrs...)
	}
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="searchd"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "1")
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", allowedMethods(r.URL.Path))
	case http.StatusRequestTimeout, http.StatusRequestEntityTooLarge, statusClientClosed:
		// What is left of the body is not worth reading: close the connection.
		w.Header().Set("Connection", "close")
	}
	env := errorBody(code, message(err, status))
	env.Error.Param, env.Error.Pos = errs.Detail(err)
	if bulk {
		writeJSON(w, status, bulkResponse{errorEnvelope: env, BulkResult: res})
		return
	}
	writeJSON(w, status, env)
}

// allowedMethods lists the methods a known path answers, for 405's Allow.
func allowedMethods(p string) string {
	switch {
	case p == "/api/v1/search", p == "/api/v1/feeds", p == "/api/v1/admin/reindex":
		return "GET, POST"
	case p == "/api/v1/export":
		return "GET"
	case strings.HasPrefix(p, "/api/v1/feeds/"):
		return "DELETE"
	case p == "/api/v1/articles", p == "/api/v1/articles/_bulk", p == "/api/v1/admin/backup":
		return "POST"
	case strings.HasPrefix(p, "/api/v1/articles/"):
		return "GET, DELETE"
	default:
		return "GET, HEAD"
	}
}
