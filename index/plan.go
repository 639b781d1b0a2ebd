package index

// A search is first compiled into a plan: the query language parsed and
// compiled, filters, date ranges, facets, sort and paging validated, each
// error naming its parameter.

import (
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/mapping"
	qlang "github.com/searchd/searchd/query"
)

// Sort orders.
const (
	SortRelevance     = "relevance"
	SortPublished     = "published_at"
	SortPublishedDesc = "-published_at"
)

// How the values of one facet's filter combine.
const (
	OpOr  = "or"
	OpAnd = "and"
)

// Query is a search: a query string, filters, facets and paging.
// Zero values mean: match all, no filter, no facets, relevance, page 1, size 10.
type Query struct {
	Q         string   `json:"q"`
	Countries []string `json:"country"`
	// AboutCountries filters on the countries articles are about, where
	// Countries filters on every country they mention.
	AboutCountries []string `json:"about_country,omitempty"`
	Groups         []string `json:"group"`
	Persons        []string `json:"person"`
	Places         []string `json:"place"`
	Sources        []string `json:"source"`
	// Per facet, how its values combine: "or" (the default: articles with
	// any of them) or "and" (articles with all of them).
	CountryOp      string   `json:"country_op,omitempty"`
	AboutCountryOp string   `json:"about_country_op,omitempty"`
	GroupOp        string   `json:"group_op,omitempty"`
	PersonOp       string   `json:"person_op,omitempty"`
	PlaceOp        string   `json:"place_op,omitempty"`
	From           string   `json:"from"`           // published_at >= start of this date (UTC)
	To             string   `json:"to"`             // published_at <= end of this date (UTC)
	MentionedFrom  string   `json:"mentioned_from"` // a date mentioned in the text is >= start of this date
	MentionedTo    string   `json:"mentioned_to"`   // a date mentioned in the text is <= end of this date
	Facets         []string `json:"facets"`
	FacetSize      int      `json:"facet_size"`
	Histogram      string   `json:"histogram"`
	Sort           string   `json:"sort"`
	Page           int      `json:"page"`
	Size           *int     `json:"size"` // nil means 10; 0 returns facets only
	Highlight      *bool    `json:"highlight"`
	// Expand, nil or true, also matches a word or phrase of Q that names an
	// entity against the articles where that entity was extracted.
	Expand *bool `json:"expand,omitempty"`
	// SearchAfter is a cursor, the Next of an earlier Result: the page
	// starts after that result's last hit (date orders only; page 1).
	SearchAfter string `json:"search_after,omitempty"`
	// Collapse "story" shows each story (an article and its wire copies)
	// once, as its best hit; totals and facets then count stories.
	Collapse string `json:"collapse,omitempty"`
	NoCache  bool   `json:"-"` // compute afresh, without reusing earlier results
}

// plan is a validated query turned into Bleve parts.
type plan struct {
	main      query.Query
	parsed    query.Query            // the parsed query string, nil when matching all
	filters   map[string]query.Query // parameter (a filter's, or a date range's start) -> its filter
	fixed     []query.Query          // filters no facet leaves out (mentioned dates, all-of filters)
	histFrom  time.Time              // requested from, to fill the histogram's first buckets
	histTo    time.Time              // requested to (exclusive)
	facets    []string
	facetSize int
	histogram string
	sort      []string
	sortName  string   // the order applied, for the response
	after     []string // Bleve's search_after: the sort values the page starts after
	from      int
	size      int
	page      int
	highlight bool
	// positional: the query checks term positions (a phrase), which makes
	// iterating its matches expensive.
	positional  bool
	collapse    bool                   // each story to its best hit (collapse.go)
	ast         qlang.Node             // q as parsed, nil when matching all
	interpreted []qlang.Interpretation // entities words of q were also read as
}

// CompileQueryString parses q in searchd's query language and compiles it
// to a Bleve query, resolving entity names with r; expand turns on
// entity-aware free text. Errors are *errs.Error of kind Syntax, Expensive
// (a refused pattern), Invalid (a bad value) or TooLarge, saying where.
func CompileQueryString(q string, r qlang.Resolver, lim Limits, expand bool) (qlang.Node, query.Query, []qlang.Interpretation, error) {
	n, err := qlang.ParseLimits(q, qlang.Limits{MaxLength: lim.MaxQueryLength})
	if err != nil {
		return nil, nil, nil, err
	}
	bq, interpreted, err := qlang.Compile(n, r, qlang.Options{NoEntities: !expand})
	if err != nil {
		return nil, nil, nil, err
	}
	return n, bq, interpreted, nil
}

func invalid(param, format string, args ...any) error {
	return errs.E(errs.Invalid, param, format, args...)
}

// compile validates q and builds its plan; every error names the parameter.
func (ix *Index) compile(q Query) (*plan, error) {
	p := &plan{filters: map[string]query.Query{}}
	if len(q.Q) > ix.limits.MaxQueryLength {
		return nil, invalid("q", "query is longer than %d bytes", ix.limits.MaxQueryLength)
	}
	if strings.TrimSpace(q.Q) == "" {
		p.main = bleve.NewMatchAllQuery()
	} else {
		ast, parsed, interpreted, err := CompileQueryString(q.Q, ix.names, ix.limits, q.Expand == nil || *q.Expand)
		if err != nil {
			return nil, err
		}
		p.positional = qlang.Positional(parsed)
		// The compiled tree is searched as is, so that guardExpensive can
		// tighten fuzzy clauses in place.
		p.main = parsed
		p.parsed = parsed
		p.ast = ast
		p.interpreted = interpreted
	}

	n := 0
	for _, f := range filterFields {
		n += len(q.list(f.Param))
	}
	if n > ix.limits.MaxFilterValues {
		return nil, invalid("filters", "%d filter values, at most %d allowed", n, ix.limits.MaxFilterValues)
	}
	// Filters: values OR'ed within a parameter unless its op says "and",
	// parameters AND'ed.
	for _, f := range filterFields {
		if f.OpParam != "" {
			switch op := q.single(f.OpParam); op {
			case "", OpOr, OpAnd:
			default:
				return nil, invalid(f.OpParam, "want %s or %s, got %q", OpOr, OpAnd, op)
			}
		}
	}
	for _, f := range filterFields {
		values := q.list(f.Param)
		if len(values) == 0 {
			continue
		}
		if err := nonEmpty(f.Param, values); err != nil {
			return nil, err
		}
		filter, err := ix.filter(f, values)
		if err != nil {
			return nil, err
		}
		if f.OpParam == "" || q.single(f.OpParam) != OpAnd {
			p.filters[f.Param] = filter
			continue
		}
		// All of the values: the facet is then counted under its own
		// filter (what else the articles with all of them mention), not
		// disjunctively.
		all := make([]query.Query, len(values))
		for i, v := range values {
			if all[i], err = ix.filter(f, []string{v}); err != nil {
				return nil, err
			}
		}
		p.fixed = append(p.fixed, bleve.NewConjunctionQuery(all...))
	}

	// Date ranges: start inclusive, end exclusive at the end of the named period.
	for _, f := range dateFields {
		from, to := q.single(f.FromParam), q.single(f.ToParam)
		if from == "" && to == "" {
			continue
		}
		var start, end time.Time
		var err error
		if from != "" {
			if start, _, err = qlang.ParseDateBound(from); err != nil {
				return nil, invalid(f.FromParam, "%v", err)
			}
		}
		if to != "" {
			if _, end, err = qlang.ParseDateBound(to); err != nil {
				return nil, invalid(f.ToParam, "%v", err)
			}
		}
		if !start.IsZero() && !end.IsZero() && !start.Before(end) {
			return nil, invalid(f.FromParam, "%s is after %s %s", from, f.ToParam, to)
		}
		if f.Spans {
			// Indexed as the days, months and years it spans: any overlap matches.
			p.fixed = append(p.fixed, mapping.DateOverlapQuery(f.Search, start, end))
			continue
		}
		inclusive, exclusive := true, false
		drq := bleve.NewDateRangeInclusiveQuery(start, end, &inclusive, &exclusive)
		drq.SetField(f.Search)
		p.filters[f.FromParam], p.histFrom, p.histTo = drq, start, end
	}

	for _, f := range q.Facets {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, ok := facetField[f]; !ok {
			return nil, invalid("facets", "unknown facet %q (known: %s)", f, strings.Join(FacetNames, ", "))
		}
		if !slices.Contains(p.facets, f) {
			p.facets = append(p.facets, f)
		}
	}
	p.facetSize = q.FacetSize
	if p.facetSize == 0 {
		p.facetSize = 10
	}
	if p.facetSize < 1 || p.facetSize > ix.limits.MaxFacetSize {
		return nil, invalid("facet_size", "must be between 1 and %d, got %d", ix.limits.MaxFacetSize, q.FacetSize)
	}
	switch q.Histogram {
	case "", IntervalAuto, IntervalMonth, IntervalYear:
		p.histogram = q.Histogram
	default:
		return nil, invalid("histogram", "want month, year or auto, got %q", q.Histogram)
	}
	p.sortName = q.Sort
	if p.sortName == "" {
		p.sortName = SortRelevance
		// Without words every article scores alike: "relevance" would be
		// an arbitrary order, and the newest first is what a reader expects.
		if p.parsed == nil {
			p.sortName = SortPublishedDesc
		}
	}
	switch p.sortName {
	case SortRelevance:
		// Score only: a tie-breaker field makes Bleve load it (and the
		// external id) for every hit, measured at 30-45% of query time.
		p.sort = []string{"-_score"}
	case SortPublished:
		p.sort = []string{mapping.FieldPublishedAt, "_id"}
	case SortPublishedDesc:
		p.sort = []string{"-" + mapping.FieldPublishedAt, "_id"}
	default:
		return nil, invalid("sort", "want relevance, published_at or -published_at, got %q", q.Sort)
	}
	p.size = 10
	if q.Size != nil {
		p.size = *q.Size
	}
	if p.size < 0 {
		return nil, invalid("size", "must be 0 or more, got %d", p.size)
	}
	// Capped, not refused: a client asking for more than the server gives
	// gets the most it may have, and the response's size says how many.
	p.size = min(p.size, ix.limits.MaxPageSize)
	p.page = q.Page
	if p.page == 0 {
		p.page = 1
	}
	if p.page < 1 {
		return nil, invalid("page", "must be 1 or more, got %d", q.Page)
	}
	// Divide rather than multiply: page*size can overflow.
	if p.size > 0 && p.page > ix.limits.MaxResultWindow/p.size {
		return nil, invalid("page", "page %d of size %d reaches past result %d; narrow the search, or read on "+
			"with search_after (the response's next, with sort=%s or %s)",
			p.page, p.size, ix.limits.MaxResultWindow, SortPublishedDesc, SortPublished)
	}
	p.from = (p.page - 1) * p.size
	switch q.Collapse {
	case "":
	case CollapseStory:
		if q.SearchAfter != "" {
			return nil, invalid("search_after", "cannot be combined with collapse=%s: collapsed results page with page and size", CollapseStory)
		}
		p.collapse = true
	default:
		return nil, invalid("collapse", "want %s (or none), got %q", CollapseStory, q.Collapse)
	}
	if err := p.setCursor(q); err != nil {
		return nil, err
	}
	p.highlight = q.Highlight == nil || *q.Highlight
	return p, nil
}

func nonEmpty(param string, values []string) error {
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			return invalid(param, "empty value")
		}
	}
	return nil
}

// filter matches articles with any of the values of the vocabulary's
// filter field f.
func (ix *Index) filter(f qlang.Field, values []string) (query.Query, error) {
	if f.Key != qlang.KeyCountry {
		return ix.names.NameFilter(ix.bi, f.Name, values), nil
	}
	codes := make([]string, len(values))
	for i, v := range values {
		code, err := ix.resolveCountry(f.Param, v)
		if err != nil {
			return nil, err
		}
		codes[i] = code
	}
	return AnyTerm(f.Filter, codes), nil
}

// resolveCountry turns an ISO code, a name, an alias or a demonym, given
// for parameter param, into a code.
func (ix *Index) resolveCountry(param, s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		if _, ok := ix.ex.CountryName(strings.ToUpper(s)); ok {
			return strings.ToUpper(s), nil
		}
	}
	if code, _, ok := ix.ex.ResolveCountry(s); ok {
		return code, nil
	}
	return "", invalid(param, "unknown country %q (use an ISO code such as IR, or a name such as Iran)", s)
}

// AnyTerm matches documents whose keyword field holds any of the values.
func AnyTerm(field string, values []string) query.Query {
	qs := make([]query.Query, 0, len(values))
	for _, v := range values {
		tq := bleve.NewTermQuery(v)
		tq.SetField(field)
		qs = append(qs, tq)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// isFiltered reports whether facet f has a filter of its own, which its
// counts must leave out.
func (p *plan) isFiltered(f string) bool {
	for param := range p.filters {
		if leavesOut(f, param) {
			return true
		}
	}
	return false
}

// request builds a Bleve request with every filter except those the
// counts of facet skip leave out ("" for none).
func (p *plan) request(skip string, size, from int) *bleve.SearchRequest {
	must := []query.Query{p.main}
	for _, f := range filterFields {
		if q, ok := p.filters[f.Param]; ok && !leavesOut(skip, f.Param) {
			must = append(must, q)
		}
	}
	for _, f := range dateFields {
		if q, ok := p.filters[f.FromParam]; ok && !leavesOut(skip, f.FromParam) {
			must = append(must, q)
		}
	}
	must = append(must, p.fixed...)
	var q query.Query = must[0]
	if len(must) > 1 {
		q = bleve.NewConjunctionQuery(must...)
	}
	return bleve.NewSearchRequestOptions(q, size, from, false)
}

// countRequest builds a request that counts matches, with every filter but
// the one named skip, and neither ranks nor returns them.
func (p *plan) countRequest(skip string) *bleve.SearchRequest {
	req := p.request(skip, 0, 0)
	req.Score = bleve.ScoreNone
	return req
}
