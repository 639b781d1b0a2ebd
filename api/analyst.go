package api

// The analyst views: significant entities, co-occurrence, the network of a
// search's entities, trends and entity pages. Each takes the search's
// query and filters (q, the filter parameters and their _op, from/to,
// mentioned_from/mentioned_to, expand), read as a search reads them, plus
// its own parameters.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gorilla/mux"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/query"
)

// analystStore is what the analyst views need of the index.
type analystStore interface {
	Significant(ctx context.Context, q index.Query, o index.SignificantOptions) (*index.Significance, error)
	Cooccurring(ctx context.Context, q index.Query, o index.CooccurrenceOptions) (*index.Cooccurrence, error)
	Network(ctx context.Context, q index.Query, o index.NetworkOptions) (*index.Network, error)
	Trends(ctx context.Context, q index.Query, o index.TrendOptions) (*index.Trends, error)
	Entity(ctx context.Context, typ, name string, o index.EntityPageOptions) (*index.EntityPage, error)
}

// scopeParams are the search parameters that choose the articles a view
// counts.
var scopeParams = append([]string{"q", "expand"}, query.Params()...)

// parseScope reads a view's parameters: the search's that choose its
// articles, and own (which it returns as they are). Any other is refused,
// naming those known.
func parseScope(r *http.Request, own ...string) (index.Query, url.Values, error) {
	v, err := queryParams(r)
	if err != nil {
		return index.Query{}, nil, err
	}
	search, rest := url.Values{}, url.Values{}
	for name, values := range v {
		switch {
		case slices.Contains(own, name):
			rest[name] = values
		case slices.Contains(scopeParams, name):
			search[name] = values
		default:
			return index.Query{}, nil, badParam("unknown parameter %q (known: %s)", name, strings.Join(append(slices.Clone(scopeParams), own...), ", "))
		}
	}
	q, err := parseSearchQuery(search)
	if err != nil {
		return index.Query{}, nil, err
	}
	q.NoCache = hasDirective(r.Header.Values("Cache-Control"), "no-cache") ||
		hasDirective(r.Header.Values("Pragma"), "no-cache")
	return q, rest, nil
}

// list reads a repeatable, comma-separated parameter.
func list(v url.Values, name string) []string {
	var out []string
	for _, item := range v[name] {
		for _, s := range strings.Split(item, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// once refuses a parameter given more than once where one value is
// taken, rather than silently using the first.
func once(v url.Values, names ...string) error {
	for _, name := range names {
		if n := len(v[name]); n > 1 {
			return badParam("%s: given %d times, once expected", name, n)
		}
	}
	return nil
}

// significant answers GET /api/v1/significant.
func (s *Server) significant(r *http.Request) (any, int, error) {
	q, v, err := parseScope(r, "type", "size", "min_fg")
	if err != nil {
		return nil, 0, err
	}
	if err := once(v, "type", "min_fg", "size"); err != nil {
		return nil, 0, err
	}
	o := index.SignificantOptions{Type: v.Get("type")}
	if o.Size, err = intParam(v, "size"); err != nil {
		return nil, 0, err
	}
	if o.MinFg, err = intParam(v, "min_fg"); err != nil {
		return nil, 0, err
	}
	res, err := s.store.Significant(r.Context(), q, o)
	if err != nil {
		return nil, 0, err
	}
	return res, http.StatusOK, nil
}

// cooccurrence answers GET /api/v1/cooccurrence.
func (s *Server) cooccurrence(r *http.Request) (any, int, error) {
	q, v, err := parseScope(r, "entity", "type", "size")
	if err != nil {
		return nil, 0, err
	}
	if err := once(v, "entity", "size"); err != nil {
		return nil, 0, err
	}
	o := index.CooccurrenceOptions{Entity: v.Get("entity"), Types: list(v, "type")}
	if o.Size, err = intParam(v, "size"); err != nil {
		return nil, 0, err
	}
	res, err := s.store.Cooccurring(r.Context(), q, o)
	if err != nil {
		return nil, 0, err
	}
	return res, http.StatusOK, nil
}

// network answers GET /api/v1/network.
func (s *Server) network(r *http.Request) (any, int, error) {
	q, v, err := parseScope(r, "types", "size")
	if err != nil {
		return nil, 0, err
	}
	if err := once(v, "size"); err != nil {
		return nil, 0, err
	}
	o := index.NetworkOptions{Types: list(v, "types")}
	if o.Size, err = intParam(v, "size"); err != nil {
		return nil, 0, err
	}
	res, err := s.store.Network(r.Context(), q, o)
	if err != nil {
		return nil, 0, err
	}
	return res, http.StatusOK, nil
}

// trends answers GET /api/v1/trends.
func (s *Server) trends(r *http.Request) (any, int, error) {
	q, v, err := parseScope(r, "entities", "interval")
	if err != nil {
		return nil, 0, err
	}
	if err := once(v, "interval"); err != nil {
		return nil, 0, err
	}
	res, err := s.store.Trends(r.Context(), q, index.TrendOptions{Entities: list(v, "entities"), Interval: v.Get("interval")})
	if err != nil {
		return nil, 0, err
	}
	return res, http.StatusOK, nil
}

// entityPage answers GET /api/v1/entities/{type}/{value}.
func (s *Server) entityPage(r *http.Request) (any, int, error) {
	v, err := queryParams(r)
	if err != nil {
		return nil, 0, err
	}
	for name := range v {
		if name != "size" && name != "latest" {
			return nil, 0, badParam("unknown parameter %q (known: size, latest)", name)
		}
	}
	var o index.EntityPageOptions
	if o.Size, err = intParam(v, "size"); err != nil {
		return nil, 0, err
	}
	if o.Latest, err = intParam(v, "latest"); err != nil {
		return nil, 0, err
	}
	vars := mux.Vars(r)
	typ := vars["type"]
	if !slices.Contains(index.AnalystTypes, typ) {
		return nil, 0, badParam("type: unknown entity type %q (known: %s)", typ, strings.Join(index.AnalystTypes, ", "))
	}
	res, err := s.store.Entity(r.Context(), typ, vars["value"], o)
	if err != nil {
		return nil, 0, err
	}
	return res, http.StatusOK, nil
}
