package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/query"
)

// searchParams are the query parameters GET /api/v1/search accepts: the
// vocabulary's (filters, how they combine, date ranges) and the API's own.
var searchParams = append([]string{"q"}, append(query.Params(),
	"facets", "facet_size", "histogram", "sort", "page", "size", "search_after", "collapse", "highlight", "expand")...)

// schema is the answer of GET /api/v1/schema: the search parameters as a
// JSON Schema with the query vocabulary, the facets in display order, and
// the entity types suggestions come from. The UI builds its facets from it.
type schema struct {
	query.Schema
	Facets         []string `json:"x-facets"`
	SuggestTypes   []string `json:"x-suggest-types"`
	SearchParams   []string `json:"x-search-params"`
	SyntaxExamples []string `json:"x-syntax-examples"`
}

// syntaxExamples is one example of each form the query parser accepts; a
// test parses each and checks that the README and the UI's help list them.
var syntaxExamples = []string{
	`sanctions oil`,
	`"Quds Force"`,
	`"oil sanctions"~3`,
	`Iran OR Iraq`,
	`sanctions AND oil`,
	`sanctions NOT oil`,
	`sanctions -oil`,
	`+sanctions`,
	`(Iran OR Iraq) AND sanctions`,
	`title:sanctions`,
	`source:"Atlas Report"`,
	`group:(IRGC OR Hezbollah)`,
	`published_at:[2024-01 TO 2024-06]`,
	`mentioned:[2024-10 TO 2024-12]`,
	`sanctions^2 oil`,
	`Ira*`,
	`Tehr?n`,
	`/Teh.*/`,
	`sanctoins~1`,
}

func (s *Server) schema(*http.Request) (any, int, error) {
	return schema{Schema: s.store.Schema(), Facets: index.FacetNames, SuggestTypes: index.SuggestTypes,
		SearchParams: searchParams, SyntaxExamples: syntaxExamples}, http.StatusOK, nil
}

// explain answers GET /api/v1/search/explain?q=…: how q is read.
func (s *Server) explain(r *http.Request) (any, int, error) {
	v, err := queryParams(r)
	if err != nil {
		return nil, 0, err
	}
	for name := range v {
		if name != "q" && name != "expand" {
			return nil, 0, badParam("unknown parameter %q (known: q, expand)", name)
		}
	}
	expand := true
	if e := v.Get("expand"); e != "" {
		b, err := boolParam("expand", e)
		if err != nil {
			return nil, 0, err
		}
		expand = b
	}
	ex, err := s.store.Explain(v.Get("q"), expand)
	if err != nil {
		return nil, 0, err
	}
	return ex, http.StatusOK, nil
}

// suggest answers GET /api/v1/suggest?q=irg&size=10[&type=group,…]: the
// entities whose name or alias starts with q, for the search box.
func (s *Server) suggest(r *http.Request) (any, int, error) {
	v, err := queryParams(r)
	if err != nil {
		return nil, 0, err
	}
	for name := range v {
		if name != "q" && name != "size" && name != "type" {
			return nil, 0, badParam("unknown parameter %q (known: q, size, type)", name)
		}
	}
	size, err := intParam(v, "size")
	if err != nil {
		return nil, 0, err
	}
	var types []string
	for _, t := range v["type"] {
		for _, name := range strings.Split(t, ",") {
			if name = strings.TrimSpace(name); name != "" && !slices.Contains(types, name) {
				types = append(types, name)
			}
		}
	}
	found, err := s.store.Suggest(r.Context(), v.Get("q"), types, size)
	if err != nil {
		return nil, 0, err
	}
	return map[string]any{"q": v.Get("q"), "suggestions": found}, http.StatusOK, nil
}
