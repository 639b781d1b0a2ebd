package index

// A search is first compiled into a plan: the query language parsed and
// compiled, filters, date ranges, facets, sort and paging validated, each
// error naming its parameter.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

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
	Groups    []string `json:"group"`
	Persons   []string `json:"person"`
	Places    []string `json:"place"`
	Sources   []string `json:"source"`
	// Per facet, how its values combine: "or" (the default: articles with
	// any of them) or "and" (articles with all of them).
	CountryOp     string   `json:"country_op,omitempty"`
	GroupOp       string   `json:"group_op,omitempty"`
	PersonOp      string   `json:"person_op,omitempty"`
	PlaceOp       string   `json:"place_op,omitempty"`
	From          string   `json:"from"`           // published_at >= start of this date (UTC)
	To            string   `json:"to"`             // published_at <= end of this date (UTC)
	MentionedFrom string   `json:"mentioned_from"` // a date mentioned in the text is >= start of this date
	MentionedTo   string   `json:"mentioned_to"`   // a date mentioned in the text is <= end of this date
	Facets        []string `json:"facets"`
	FacetSize     int      `json:"facet_size"`
	Histogram     string   `json:"histogram"`
	Sort          string   `json:"sort"`
	Page          int      `json:"page"`
	Size          *int     `json:"size"` // nil means 10; 0 returns facets only
	Highlight     *bool    `json:"highlight"`
	// Expand, nil or true, also matches a word or phrase of Q that names an
	// entity against the articles where that entity was extracted.
	Expand *bool `json:"expand,omitempty"`
	// SearchAfter is a cursor, the Next of an earlier Result: the page
	// starts after that result's last hit (date orders only; page 1).
	SearchAfter string `json:"search_after,omitempty"`
	NoCache     bool   `json:"-"` // compute afresh, without reusing earlier results
}

// plan is a validated query turned into Bleve parts.
type plan struct {
	main      query.Query
	parsed    query.Query            // the parsed query string, nil when matching all
	filters   map[string]query.Query // facet name -> its filter
	fixed     []query.Query          // filters no facet ignores (mentioned dates)
	published query.Query            // the from/to filter; the year and month facets ignore it
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
	ast         qlang.Node             // q as parsed, nil when matching all
	interpreted []qlang.Interpretation // entities words of q were also read as
}

// CompileQueryString parses q in searchd's query language and compiles it
// to a Bleve query, resolving entity names with r; expand turns on
// entity-aware free text. Errors wrap ErrBadQuery (syntax, refused
// patterns), ErrInvalid (a bad value) or ErrTooLarge, with the
// *query.Error that says where.
func CompileQueryString(q string, r qlang.Resolver, lim Limits, expand bool) (qlang.Node, query.Query, []qlang.Interpretation, error) {
	n, err := qlang.ParseLimits(q, qlang.Limits{MaxLength: lim.MaxQueryLength})
	if err != nil {
		return nil, nil, nil, queryError(err)
	}
	bq, interpreted, err := qlang.Compile(n, r, qlang.Options{NoEntities: !expand})
	if err != nil {
		return nil, nil, nil, queryError(err)
	}
	return n, bq, interpreted, nil
}

// queryError gives a query package error the index's kind.
func queryError(err error) error {
	kind := ErrBadQuery
	switch {
	case qlang.IsKind(err, qlang.Invalid):
		kind = ErrInvalid
	case qlang.IsKind(err, qlang.TooLarge):
		kind = ErrTooLarge
	}
	return fmt.Errorf("%w: %w", err, kind)
}

func invalid(param, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %w", param, fmt.Sprintf(format, args...), ErrInvalid)
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

	if n := len(q.Countries) + len(q.Groups) + len(q.Persons) + len(q.Places) + len(q.Sources); n > ix.limits.MaxFilterValues {
		return nil, invalid("filters", "%d filter values, at most %d allowed", n, ix.limits.MaxFilterValues)
	}

	// Facet filters: values OR'ed within a facet unless its op says "and",
	// facets AND'ed.
	ops := map[string]string{}
	for _, op := range []struct{ facet, param, value string }{
		{FacetCountry, "country_op", q.CountryOp},
		{FacetGroup, "group_op", q.GroupOp},
		{FacetPerson, "person_op", q.PersonOp},
		{FacetPlace, "place_op", q.PlaceOp},
	} {
		switch op.value {
		case "", OpOr:
		case OpAnd:
			ops[op.facet] = OpAnd
		default:
			return nil, invalid(op.param, "want %s or %s, got %q", OpOr, OpAnd, op.value)
		}
	}
	if len(q.Countries) > 0 {
		var codes []string
		for _, c := range q.Countries {
			code, err := ix.resolveCountry(c)
			if err != nil {
				return nil, err
			}
			codes = append(codes, code)
		}
		if ops[FacetCountry] == OpAnd {
			all := make([]query.Query, len(codes))
			for i, c := range codes {
				all[i] = AnyTerm(mapping.FieldCountry, []string{c})
			}
			p.fixed = append(p.fixed, bleve.NewConjunctionQuery(all...))
		} else {
			p.filters[FacetCountry] = AnyTerm(mapping.FieldCountry, codes)
		}
	}
	// Names by any form: a canonical value or alias matches exactly, and
	// any name also matches every value whose words contain its words in
	// order, ignoring case and accents (person=Maduro finds Nicolás Maduro,
	// not Madurova).
	for _, f := range []struct {
		name   string
		values []string
	}{
		{FacetGroup, q.Groups},
		{FacetPerson, q.Persons},
		{FacetPlace, q.Places},
		{FacetSource, q.Sources},
	} {
		if len(f.values) == 0 {
			continue
		}
		if err := nonEmpty(f.name, f.values); err != nil {
			return nil, err
		}
		if ops[f.name] != OpAnd {
			p.filters[f.name] = ix.names.NameFilter(ix.bi, f.name, f.values)
			continue
		}
		// All of the values: the facet is then counted under its own
		// filter (what else the articles with all of them mention), not
		// disjunctively.
		all := make([]query.Query, len(f.values))
		for i, v := range f.values {
			all[i] = ix.names.NameFilter(ix.bi, f.name, []string{v})
		}
		p.fixed = append(p.fixed, bleve.NewConjunctionQuery(all...))
	}

	// Date ranges: start inclusive, end exclusive at the end of the named period.
	for _, r := range []struct {
		field, fromName, toName string
		from, to                string
	}{
		{mapping.FieldPublishedAt, "from", "to", q.From, q.To},
		{mapping.FieldMentioned, "mentioned_from", "mentioned_to", q.MentionedFrom, q.MentionedTo},
	} {
		if r.from == "" && r.to == "" {
			continue
		}
		var start, end time.Time
		var err error
		if r.from != "" {
			if start, _, err = qlang.ParseDateBound(r.from); err != nil {
				return nil, invalid(r.fromName, "%v", err)
			}
		}
		if r.to != "" {
			if _, end, err = qlang.ParseDateBound(r.to); err != nil {
				return nil, invalid(r.toName, "%v", err)
			}
		}
		if !start.IsZero() && !end.IsZero() && !start.Before(end) {
			return nil, invalid(r.fromName, "%s is after %s %s", r.from, r.toName, r.to)
		}
		if r.field == mapping.FieldMentioned {
			p.fixed = append(p.fixed, mapping.DateOverlapQuery(r.field, start, end))
			continue
		}
		inclusive, exclusive := true, false
		drq := bleve.NewDateRangeInclusiveQuery(start, end, &inclusive, &exclusive)
		drq.SetField(r.field)
		p.published, p.histFrom, p.histTo = drq, start, end
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

// resolveCountry turns an ISO code, a name, an alias or a demonym into a code.
func (ix *Index) resolveCountry(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		if _, ok := ix.ex.CountryName(strings.ToUpper(s)); ok {
			return strings.ToUpper(s), nil
		}
	}
	if code, _, ok := ix.ex.ResolveCountry(s); ok {
		return code, nil
	}
	return "", invalid("country", "unknown country %q (use an ISO code such as IR, or a name such as Iran)", s)
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
	if _, ok := p.filters[f]; ok {
		return true
	}
	return p.published != nil && (f == FacetYear || f == FacetMonth)
}

// request builds a Bleve request with every filter except the one named skip.
func (p *plan) request(skip string, size, from int) *bleve.SearchRequest {
	must := []query.Query{p.main}
	for _, name := range FacetNames {
		if f, ok := p.filters[name]; ok && name != skip {
			must = append(must, f)
		}
	}
	if p.published != nil && skip != FacetYear && skip != FacetMonth {
		must = append(must, p.published)
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
