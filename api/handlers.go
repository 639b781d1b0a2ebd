package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/searchd/searchd/index"
)

func badParam(format string, args ...any) error {
	return &paramError{msg: fmt.Sprintf(format, args...)}
}

// queryParams parses the query string, refusing what url.URL.Query would
// silently drop: past Go's limit of parameters (10,000 by default) it drops
// them all, and a search would run as match-all with every filter ignored.
func queryParams(r *http.Request) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err == nil {
		return v, nil
	}
	if strings.Contains(err.Error(), "exceeded limit") {
		return nil, badParam("query string: %d parameters, more than Go's net/url accepts "+
			"(10000, unless GODEBUG=urlmaxqueryparams=N sets another limit)", strings.Count(r.URL.RawQuery, "&")+1)
	}
	return nil, badParam("query string: %v", err)
}

func (s *Server) postArticle(r *http.Request) (any, int, error) {
	body, err := requestBody(r)
	if err != nil {
		return nil, 0, err
	}
	a, err := index.DecodeArticle(body)
	if err != nil {
		if s.metrics != nil {
			// Refused before the index sees it, which counts the rest.
			s.metrics.Rejected(1)
		}
		return nil, 0, err
	}
	stored, err := s.store.Add(r.Context(), a)
	if err != nil {
		return nil, 0, err
	}
	return stored, http.StatusCreated, nil
}

// bulkResponse is the answer to a bulk load that stopped early: what was
// indexed before the error stays indexed and is reported.
type bulkResponse struct {
	errorEnvelope
	index.BulkResult
}

// bulk streams an NDJSON body into the index. It takes no slot: the index
// takes a write slot per batch it commits. When reading stops early, what
// was indexed is reported beside the error.
func (s *Server) bulk(r *http.Request) (any, int, error) {
	if err := checkContentType(r, ndjsonTypes); err != nil {
		return nil, 0, err
	}
	body := &bodyReader{r: http.MaxBytesReader(nil, r.Body, s.opts.MaxBulkBytes)}
	res, err := s.store.IngestNDJSON(r.Context(), body, s.opts.MaxLineBytes)
	for i := range res.Errors {
		// A failed commit's message may name the index's files.
		res.Errors[i].Error = redactPaths(res.Errors[i].Error)
	}
	if err != nil {
		if body.err != nil && !errors.Is(err, body.err) {
			// A failed read cancels the request: the index may report that
			// instead of the read that caused it.
			err = fmt.Errorf("%w (%w)", body.err, err)
		}
		return res, 0, err
	}
	return res, http.StatusOK, nil
}

func (s *Server) getArticle(r *http.Request) (any, int, error) {
	a, err := s.store.Get(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		return nil, 0, err
	}
	return a, http.StatusOK, nil
}

func (s *Server) deleteArticle(r *http.Request) (any, int, error) {
	id := mux.Vars(r)["id"]
	if err := s.store.Delete(r.Context(), id); err != nil {
		return nil, 0, err
	}
	return map[string]any{"id": id, "deleted": true}, http.StatusOK, nil
}

func (s *Server) searchGET(r *http.Request) (any, int, error) {
	v, err := queryParams(r)
	if err != nil {
		return nil, 0, err
	}
	q, err := parseSearchQuery(v)
	if err != nil {
		return nil, 0, err
	}
	return s.search(r, q)
}

func (s *Server) searchPOST(r *http.Request) (any, int, error) {
	body, err := requestBody(r)
	if err != nil {
		return nil, 0, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var q index.Query
	if err := dec.Decode(&q); err != nil {
		return nil, 0, badParam("search body: %s", describeDecodeError(err))
	}
	if dec.More() {
		return nil, 0, badParam("search body: unexpected data after the JSON object")
	}
	return s.search(r, q)
}

func (s *Server) search(r *http.Request, q index.Query) (any, int, error) {
	// As for an HTTP cache: "no-cache" asks for an answer computed afresh.
	q.NoCache = hasDirective(r.Header.Values("Cache-Control"), "no-cache") ||
		hasDirective(r.Header.Values("Pragma"), "no-cache")
	res, err := s.store.Search(r.Context(), q)
	if err != nil {
		return nil, 0, err
	}
	return res, http.StatusOK, nil
}

func describeDecodeError(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return "must be a JSON object"
		}
		return fmt.Sprintf("field %q has the wrong type (%s, want %s)", typeErr.Field, typeErr.Value, typeErr.Type)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)
	case errors.Is(err, io.EOF):
		return "empty body: expected a JSON object"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	default:
		return err.Error()
	}
}

// parseSearchQuery reads the search parameters, rejecting unknown ones.
func parseSearchQuery(v url.Values) (index.Query, error) {
	for name := range v {
		if !slices.Contains(searchParams, name) {
			return index.Query{}, badParam("unknown parameter %q (known: %s)", name, strings.Join(searchParams, ", "))
		}
	}
	q := index.Query{
		Q:              v.Get("q"),
		Countries:      v["country"],
		AboutCountries: v["about_country"],
		Groups:         v["group"],
		Persons:        v["person"],
		Places:         v["place"],
		Sources:        v["source"],
		From:           v.Get("from"),
		To:             v.Get("to"),
		MentionedFrom:  v.Get("mentioned_from"),
		MentionedTo:    v.Get("mentioned_to"),
		Histogram:      v.Get("histogram"),
		Sort:           v.Get("sort"),
		CountryOp:      v.Get("country_op"),
		AboutCountryOp: v.Get("about_country_op"),
		GroupOp:        v.Get("group_op"),
		PersonOp:       v.Get("person_op"),
		PlaceOp:        v.Get("place_op"),
		SearchAfter:    v.Get("search_after"),
		Collapse:       v.Get("collapse"),
	}
	for _, f := range v["facets"] {
		for _, name := range strings.Split(f, ",") {
			if name = strings.TrimSpace(name); name != "" {
				q.Facets = append(q.Facets, name)
			}
		}
	}
	var err error
	if q.FacetSize, err = intParam(v, "facet_size"); err != nil {
		return q, err
	}
	if q.Page, err = intParam(v, "page"); err != nil {
		return q, err
	}
	if v.Get("size") != "" {
		size, err := intParam(v, "size")
		if err != nil {
			return q, err
		}
		q.Size = &size
	}
	for name, dst := range map[string]**bool{"highlight": &q.Highlight, "expand": &q.Expand} {
		if raw := v.Get(name); raw != "" {
			b, err := boolParam(name, raw)
			if err != nil {
				return q, err
			}
			*dst = &b
		}
	}
	return q, nil
}

// boolParam reads true or false.
func boolParam(name, raw string) (bool, error) {
	b, err := strconv.ParseBool(raw)
	if err != nil {
		return false, badParam("%s: want true or false, got %q", name, raw)
	}
	return b, nil
}

func intParam(v url.Values, name string) (int, error) {
	s := v.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badParam("%s: want an integer, got %q", name, s)
	}
	return n, nil
}

func (s *Server) entities(r *http.Request) (any, int, error) {
	v, err := queryParams(r)
	if err != nil {
		return nil, 0, err
	}
	for name := range v {
		if name != "type" && name != "prefix" && name != "size" {
			return nil, 0, badParam("unknown parameter %q (known: type, prefix, size)", name)
		}
	}
	size, err := intParam(v, "size")
	if err != nil {
		return nil, 0, err
	}
	typ := v.Get("type")
	values, err := s.store.Entities(r.Context(), typ, v.Get("prefix"), size)
	if err != nil {
		return nil, 0, err
	}
	return map[string]any{"type": typ, "values": values}, http.StatusOK, nil
}

// backupName is what a backup may be called: one path element, no dots first.
var backupName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

func (s *Server) backup(r *http.Request) (any, int, error) {
	if s.opts.BackupDir == "" {
		return nil, 0, badParam("backups are not configured (index.backup_dir)")
	}
	var req struct {
		Name string `json:"name"`
	}
	body, err := requestBody(r)
	if err != nil {
		return nil, 0, err
	}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return nil, 0, badParam("backup body: %s", describeDecodeError(err))
		}
	}
	if req.Name == "" {
		req.Name = "searchd-" + time.Now().UTC().Format("20060102T150405.000Z")
	}
	if !backupName.MatchString(req.Name) {
		return nil, 0, badParam("name: want letters, digits, '.', '_' or '-', got %q", req.Name)
	}
	info, err := s.store.Backup(r.Context(), filepath.Join(s.opts.BackupDir, req.Name))
	if errors.Is(err, index.ErrExists) {
		// The index's message names the directory; the client knows the name.
		return nil, 0, fmt.Errorf("backup %q already exists, or another backup is writing it: %w", req.Name, index.ErrExists)
	}
	if err != nil {
		return nil, 0, err
	}
	return info, http.StatusCreated, nil
}

// hasDirective reports whether a comma-separated header lists directive.
func hasDirective(values []string, directive string) bool {
	for _, v := range values {
		for _, d := range strings.Split(v, ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(name, directive) {
				return true
			}
		}
	}
	return false
}
